//! Format backends: bytes in, one [`Document`](crate::model::Document) out.
//!
//! Each backend owns the quirks of its format and nothing else. The format is sniffed from the
//! bytes, not trusted from the file name.

pub mod docx;
mod grid;
pub mod html;
pub mod pdf;
pub mod text;

use std::path::PathBuf;

use crate::error::Reject;
use crate::limits::Limits;
use crate::model::{Document, Format};

/// How documents are read: the limits, and where PDFs are read — in this process (the
/// library's default), or in a child process running `worker`, an executable that calls
/// [`pdf::worker::serve`] when given [`pdf::worker::SUBCOMMAND`], as the `gongkai` binary does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    pub limits: Limits,
    pub worker: Option<PathBuf>,
}

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

/// Text, HTML and DOCX files up to this size are read in process, in time about linear in
/// their size (well under a second); a larger one goes to the worker, when there is one, so
/// that the time and memory limits hold for it as for a PDF.
pub const IN_PROCESS_BYTES: usize = 1 << 20;

/// What crawlers save besides reports, by signature: said by name rather than as "not text".
fn other_format(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (
            b"\x89PNG\r\n\x1a\n",
            "a PNG image (a scanned page needs OCR first)",
        ),
        (
            b"\xFF\xD8\xFF",
            "a JPEG image (a scanned page needs OCR first)",
        ),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"II*\0", "a TIFF image (a scanned page needs OCR first)"),
        (b"MM\0*", "a TIFF image (a scanned page needs OCR first)"),
        (b"Rar!\x1a\x07", "a RAR archive: unpack it first"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive: unpack it first"),
        (b"\x1F\x8B", "a gzip archive: unpack it first"),
    ];
    let webp = bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP";
    if webp {
        return Some("a WebP image");
    }
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// An OLE compound file: a legacy Word `.doc`, a WPS `.wps` (or an Excel `.xls`).
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Reads a document in whatever format its bytes are (PDFs in this process).
pub fn read(bytes: &[u8]) -> Result<Document, Reject> {
    read_with(bytes, &Options::default())
}

/// Reads a document as `options` say.
pub fn read_with(bytes: &[u8], options: &Options) -> Result<Document, Reject> {
    let limits = &options.limits;
    if bytes.len() as u64 > limits.file_size {
        return Err(Reject::Limit(format!(
            "{} bytes, over the {} limit (--max-file-size)",
            bytes.len(),
            crate::limits::mib(limits.file_size)
        )));
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Err(docx::ole_reject(bytes));
    }
    if let Some(what) = other_format(bytes) {
        return Err(Reject::Unsupported(what.into()));
    }
    let format = sniff(bytes);
    if let Some(exe) = &options.worker
        && format != Format::Pdf
        && bytes.len() > IN_PROCESS_BYTES
    {
        return match pdf::worker::run_any(bytes, exe, limits)? {
            pdf::worker::Received::Document(doc) => Ok(doc),
            pdf::worker::Received::Pages(_) => {
                Err(Reject::Corrupt("the worker misread the format".into()))
            }
        };
    }
    match format {
        Format::Text => text::read(bytes),
        Format::Pdf => pdf::read_with(bytes, options),
        Format::Docx => docx::read_with(bytes, limits),
        Format::Html => html::read_with(bytes, limits),
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

    #[test]
    fn images_and_archives_are_unsupported_by_name() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(matches!(read(png), Err(Reject::Unsupported(w)) if w.contains("PNG")));
        assert!(
            matches!(read(b"\x1F\x8B\x08\0"), Err(Reject::Unsupported(w)) if w.contains("gzip"))
        );
        // Text is text whatever it starts with.
        assert!(!matches!(
            read(b"GIF89 report"),
            Err(Reject::Unsupported(_))
        ));
    }
}
