#![no_main]
//! Any UTF-8 string: `parse_cell` must not panic.

use gongkai::value::parse_cell;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = parse_cell(text);
});
