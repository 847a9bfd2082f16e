#![no_main]
//! Any document (lines of tab-separated cells, a form feed per page) through locate, the table
//! readers and the audit: no panic, and no invented number — every cell's value is printed, as
//! its digits, on the line the record says it is on (or, for a note continued, the next).

use gongkai::model::Format;
use gongkai::record::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Lines of tab-separated cells, a form feed per page: the text backend's own splitting.
    let doc = gongkai::backend::text::split(&text, "UTF-8");
    let source = Source {
        path: "fuzz".into(),
        size: data.len() as u64,
        sha256: String::new(),
        format: Format::Text,
        encoding: None,
        pages: doc.pages,
    };
    let Ok(report) = gongkai::extract_document(&doc, source) else {
        return;
    };
    if let Some(problem) = report.unprinted_value(&doc) {
        panic!("{problem}");
    }
});
