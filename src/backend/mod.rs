//! Format backends: bytes in, one [`Document`](crate::model::Document) out.
//!
//! Each backend owns the quirks of its format and nothing else. The format is sniffed from the
//! bytes, not trusted from the file name.

pub mod text;

use crate::error::Reject;
use crate::model::{Document, Format};

/// Guesses the format from the first bytes.
pub fn sniff(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Format::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") {
        return Format::Docx;
    }
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if has(b"<!doctype html") || has(b"<html") {
        return Format::Html;
    }
    Format::Text
}

/// Reads a document in whatever format its bytes are.
pub fn read(bytes: &[u8]) -> Result<Document, Reject> {
    match sniff(bytes) {
        Format::Text => text::read(bytes),
        Format::Pdf => Err(Reject::Unsupported(
            "PDF input is not supported yet (convert it with `pdftotext -layout` first)".into(),
        )),
        Format::Docx => Err(Reject::Unsupported(
            "zip/DOCX input is not supported yet".into(),
        )),
        Format::Html => Err(Reject::Unsupported(
            "HTML input is not supported yet".into(),
        )),
    }
}
