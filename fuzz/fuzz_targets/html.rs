#![no_main]
//! Any bytes through the HTML backend: no panic, no stack overflow (every walk is iterative).

use gongkai::backend::html;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = html::read(data) {
        for line in &doc.lines {
            assert!(!line.cells.is_empty(), "{line:?}");
        }
    }
});
