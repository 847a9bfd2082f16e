#![no_main]
//! Any bytes through the DOCX backend (zip, then XML): no panic, bounded memory. Seeds that
//! are real DOCX files let the fuzzer reach the XML reader; `docx_xml` fuzzes it directly.

use gongkai::backend::docx;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = docx::read(data);
});
