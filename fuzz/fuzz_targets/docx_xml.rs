#![no_main]
//! Any bytes as `word/document.xml` of a well-formed archive: the DOCX XML reader (which a
//! fuzzer rarely reaches through the zip's checksums) must not panic.

use std::io::Write;

use gongkai::backend::docx;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(data).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let _ = docx::read(&bytes);
});
