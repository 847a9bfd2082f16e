#![no_main]
//! Any bytes: `extract_bytes` must not panic; an accepted report must serialize,
//! and every cell's value must be what its own `raw` text parses to (as in tests/props.rs).

use gongkai::extract_bytes;
use gongkai::value::parse_cell;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = extract_bytes(data, "fuzz") {
        for (key, cell) in &report.cells.0 {
            assert_eq!(
                parse_cell(&cell.raw).number(),
                cell.value,
                "cell {key}: raw {:?}",
                cell.raw
            );
        }
        let json = serde_json::to_string(&report).expect("report serializes");
        assert!(json.starts_with("{\"schema\":"), "schema first");
    }
});
