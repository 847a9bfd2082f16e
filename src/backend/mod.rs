//! Format backends: bytes in, one [`Document`](crate::model::Document) out.
//!
//! Each backend owns the quirks of its format and nothing else. The format is sniffed from the
//! bytes, not trusted from the file name.

pub mod docx;
mod grid;
pub mod html;
pub mod pdf;
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
    // A saved fragment may lack <html>: any of the structural tags marks HTML.
    let tags: [&[u8]; 6] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<title",
        b"<table",
    ];
    if tags.iter().any(|t| has(t)) {
        return Format::Html;
    }
    Format::Text
}

/// An OLE compound file: a legacy Word `.doc`, a WPS `.wps` (or an Excel `.xls`).
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Reads a document in whatever format its bytes are (PDFs in this process).
pub fn read(bytes: &[u8]) -> Result<Document, Reject> {
    read_with(bytes, &pdf::PdfOptions::default())
}

/// Reads a document, PDFs as `pdf` says.
pub fn read_with(bytes: &[u8], pdf: &pdf::PdfOptions) -> Result<Document, Reject> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(docx::ole_reject(bytes));
    }
    match sniff(bytes) {
        Format::Text => text::read(bytes),
        Format::Pdf => pdf::read_with(bytes, pdf),
        Format::Docx => docx::read(bytes),
        Format::Html => html::read(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_sniffed_from_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(sniff(b"PK\x03\x04rest"), Format::Docx);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff("<title>平潭…</title>".as_bytes()), Format::Html);
        assert_eq!(sniff("一、总体情况\n规章\t0".as_bytes()), Format::Text);
        assert_eq!(sniff(b""), Format::Text);
    }
}
