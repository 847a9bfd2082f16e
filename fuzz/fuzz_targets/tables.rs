#![no_main]
//! Any document (lines of tab-separated cells, a form feed per page) through locate, the table
//! readers and the audit: no panic, and no invented number — every cell's value is printed, as
//! its digits, on the line the record says it is on (or, for a note continued, the next).

use gongkai::model::{Document, Format, Line};
use gongkai::normalize::fold;
use gongkai::record::Source;
use libfuzzer_sys::fuzz_target;

fn document(text: &str) -> Document {
    let mut lines = Vec::new();
    let mut page = 1;
    for (i, raw) in text.split('\n').enumerate() {
        page += raw.matches('\x0c').count() as u32;
        let raw = raw.replace('\x0c', "");
        let cells: Vec<String> = raw.split('\t').map(str::to_string).collect();
        lines.push(Line::new(page, i as u32 + 1, cells.join("\t"), cells));
    }
    Document {
        format: Format::Text,
        encoding: None,
        pages: page,
        lines,
    }
}

fn digits(s: &str) -> String {
    fold(s).chars().filter(char::is_ascii_digit).collect()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = document(&text);
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
    for (key, cell) in &report.cells.0 {
        let Some(value) = cell.value else { continue };
        let whole = match value {
            gongkai::value::Number::Int(i) => i.unsigned_abs().to_string(),
            gongkai::value::Number::Decimal(d) => format!("{}", d.abs().trunc()),
        };
        let at = doc
            .lines
            .iter()
            .position(|l| l.page == cell.page && l.number == cell.line)
            .unwrap_or_else(|| panic!("{key}: no line {}:{}", cell.page, cell.line));
        let near: String = doc.lines[at..doc.lines.len().min(at + 2)]
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert!(
            digits(&near).contains(&digits(&whole)),
            "{key} = {value} is not printed on line {}:{} ({:?})",
            cell.page,
            cell.line,
            near
        );
    }
});
