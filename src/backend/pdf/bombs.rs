//! Deflate bombs: a few KiB of Flate stream that inflate to gigabytes. lopdf inflates object
//! and cross-reference streams whole while loading, with no limit, so those are measured in the
//! raw file first, inflating into a small buffer that is thrown away ([`check_raw`]). The other
//! streams are inflated once after loading, each within what is left of the limit
//! ([`inflate_loaded`]), and kept inflated, so that nothing inflates them again. Only Flate is
//! measured (what every PDF writer uses), and only streams something inflates: TrueType font
//! programs and images, most of a report's compressed bytes, are never inflated (images are
//! emptied before reading). The worker's memory limit stops anything else, a stream that lies
//! about its kind included.

use std::io::Read;

use flate2::read::{DeflateDecoder, ZlibDecoder};
use lopdf::{Dictionary, Object};

use crate::error::Reject;
use crate::limits::mib;

/// Measures every object stream and cross-reference stream in the raw file (as lopdf inflates
/// them: zlib, or raw deflate after two header bytes when zlib fails at once). Returns the
/// bytes they inflate to, or [`Reject::Limit`] as soon as the total passes `limit`.
pub fn check_raw(bytes: &[u8], limit: u64) -> Result<u64, Reject> {
    let mut total = 0u64;
    let mut at = 0;
    while let Some(start) = find(&bytes[at..], b"stream").map(|i| at + i) {
        at = start + b"stream".len();
        if start > 0 && bytes[start - 1] == b'd' {
            continue; // "endstream"
        }
        let data_start = match bytes.get(at..at + 2) {
            Some([b'\r', b'\n']) => at + 2,
            Some([b'\n' | b'\r', _]) => at + 1,
            _ => continue,
        };
        let end = find(&bytes[data_start..], b"endstream").map_or(bytes.len(), |i| data_start + i);
        if !inflated_on_load(dictionary_before(bytes, start)) {
            at = end;
            continue;
        }
        let data = &bytes[data_start..end];
        let left = limit - total.min(limit);
        total = total.saturating_add(inflate(data, left, &mut std::io::sink()));
        if total > limit {
            return Err(over(limit));
        }
        at = end;
    }
    Ok(total)
}

/// Inflates every Flate stream of a loaded (and decrypted) document that something will read,
/// within `left` bytes in all, and keeps it inflated. A stream with decode parameters or more
/// filters than Flate is measured only, and left to lopdf.
pub fn inflate_loaded(doc: &mut lopdf::Document, left: u64) -> Result<(), Reject> {
    let mut total = 0u64;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if never_inflated_dict(&stream.dict) || inflated_on_load_dict(&stream.dict) {
            continue;
        }
        let Ok(filters) = stream.filters() else {
            continue;
        };
        let only_flate = filters == [b"FlateDecode"] && !stream.dict.has(b"DecodeParms");
        if !filters.iter().any(|f| *f == b"FlateDecode") {
            continue;
        }
        let budget = left - total.min(left);
        if only_flate {
            // Room for the usual 1:4 ratio, but never more than the budget or 64 MiB ahead.
            let room = stream.content.len().saturating_mul(4);
            let mut out = Vec::with_capacity(room.min(budget as usize).min(64 << 20));
            total = total.saturating_add(inflate(&stream.content, budget, &mut out));
            if total <= left {
                stream.dict.remove(b"Filter");
                stream.set_content(out);
            }
        } else {
            total = total.saturating_add(inflate(&stream.content, budget, &mut std::io::sink()));
        }
        if total > left {
            return Err(over(left));
        }
    }
    Ok(())
}

/// The raw bytes of the object a stream keyword at `stream` belongs to, from its `obj` keyword
/// (at most 4 KiB back) to the keyword.
fn dictionary_before(bytes: &[u8], stream: usize) -> &[u8] {
    let from = stream.saturating_sub(4096);
    let window = &bytes[from..stream];
    memchr::memmem::rfind(window, b"obj").map_or(window, |i| &window[i..])
}

/// Whether lopdf inflates a stream with this (raw) dictionary while loading.
fn inflated_on_load(dict: &[u8]) -> bool {
    let has = |key: &[u8]| memchr::memmem::find(dict, key).is_some();
    has(b"/ObjStm") || has(b"/XRef")
}

fn inflated_on_load_dict(dict: &Dictionary) -> bool {
    dict.has_type(b"ObjStm") || dict.has_type(b"XRef")
}

/// Whether a stream with this dictionary is one nothing inflates: a TrueType font program
/// (`Length1` without the `Length2` of a Type 1 program, which pdf-extract does read) or an
/// image.
fn never_inflated_dict(dict: &Dictionary) -> bool {
    (dict.has(b"Length1") && !dict.has(b"Length2"))
        || dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Image")
}

fn over(limit: u64) -> Reject {
    Reject::Limit(format!(
        "its compressed streams inflate to more than {} (--max-decompressed): a deflate bomb?",
        mib(limit)
    ))
}

/// Inflates `data` as lopdf does (zlib, keeping what came out before an error; raw deflate
/// after the two header bytes when zlib gives nothing) into `out`, stopping once past `limit`.
/// Returns the bytes inflated (more than `limit` when stopped); 0 for what is not Flate.
fn inflate(data: &[u8], limit: u64, out: &mut impl std::io::Write) -> u64 {
    match copy(ZlibDecoder::new(data), limit, out) {
        (0, true) if data.len() > 2 => copy(DeflateDecoder::new(&data[2..]), limit, out).0,
        (n, _) => n,
    }
}

/// Copies from `reader` to `out` until the end, an error, or past `limit`; returns the bytes
/// copied and whether reading failed.
fn copy(mut reader: impl Read, limit: u64, out: &mut impl std::io::Write) -> (u64, bool) {
    let mut buf = [0u8; 16 * 1024];
    let mut n = 0u64;
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return (n, false),
            Ok(k) => {
                n += k as u64;
                if n > limit || out.write_all(&buf[..k]).is_err() {
                    return (n, false);
                }
            }
            Err(_) => return (n, true),
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn pdf_with(stream: &[u8]) -> Vec<u8> {
        let mut pdf =
            b"%PDF-1.5\n1 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\r\n".to_vec();
        pdf.extend(stream);
        pdf.extend(b"\nendstream\nendobj\n");
        pdf
    }

    #[test]
    fn streams_inflated_on_load_are_measured_in_the_raw_file() {
        let zeros = vec![0u8; 1 << 20];
        let pdf = pdf_with(&zlib(&zeros));
        assert!(pdf.len() < 4096);
        assert_eq!(check_raw(&pdf, 1 << 20), Ok(1 << 20));
        assert!(matches!(
            check_raw(&pdf, (1 << 20) - 1),
            Err(Reject::Limit(_))
        ));
        // lopdf's fallback: raw deflate behind a broken zlib header.
        let mut broken = zlib(&zeros);
        broken[0] = 0;
        assert!(matches!(
            check_raw(&pdf_with(&broken), 1000),
            Err(Reject::Limit(_))
        ));
        // Not Flate at all: nothing inflated.
        assert_eq!(check_raw(&pdf_with(b"BT (x) Tj ET"), 10), Ok(0));
        // Cross-reference streams too; other streams wait for `inflate_loaded`.
        let mut xref =
            b"%PDF-1.5\n1 0 obj << /Type /XRef /Filter /FlateDecode >>\nstream\n".to_vec();
        xref.extend(zlib(&zeros));
        xref.extend(b"\nendstream\nendobj\n");
        assert_eq!(check_raw(&xref, 1 << 20), Ok(1 << 20));
        let mut content = b"%PDF-1.5\n1 0 obj << /Filter /FlateDecode >>\nstream\n".to_vec();
        content.extend(zlib(&zeros));
        content.extend(b"\nendstream\nendobj\n");
        assert_eq!(check_raw(&content, 10), Ok(0));
    }

    fn stream(dict: Dictionary, data: Vec<u8>) -> Object {
        Object::Stream(lopdf::Stream::new(dict, data).with_compression(false))
    }

    #[test]
    fn loaded_streams_are_inflated_once_as_lopdf_inflates_them() {
        let text = b"BT /F1 12 Tf (120) Tj ET".repeat(100);
        let mut broken_header = zlib(&text);
        broken_header[0] = 0;
        let mut truncated = zlib(&text);
        truncated.truncate(truncated.len() / 2);
        let flate = || lopdf::dictionary! { "Filter" => "FlateDecode" };
        let mut doc = lopdf::Document::with_version("1.5");
        let ids: Vec<_> = [
            stream(flate(), zlib(&text)),
            stream(flate(), broken_header),
            stream(flate(), truncated),
            stream(flate(), b"not deflate".to_vec()),
        ]
        .into_iter()
        .map(|o| doc.add_object(o))
        .collect();
        let expected: Vec<Vec<u8>> = ids
            .iter()
            .map(|&id| {
                let s = doc.get_object(id).unwrap().as_stream().unwrap();
                s.decompressed_content().unwrap()
            })
            .collect();
        assert_eq!(expected[0], text);
        inflate_loaded(&mut doc, 1 << 20).unwrap();
        for (id, expected) in ids.iter().zip(expected) {
            let s = doc.get_object(*id).unwrap().as_stream().unwrap();
            assert!(!s.dict.has(b"Filter"));
            assert_eq!(s.content, expected);
        }
    }

    #[test]
    fn font_programs_images_and_predicted_streams_are_not_kept_inflated() {
        let big = zlib(&vec![7u8; 1 << 16]);
        let mut doc = lopdf::Document::with_version("1.5");
        let predictor = lopdf::dictionary! { "Predictor" => 12 };
        let kept = [
            lopdf::dictionary! { "Filter" => "FlateDecode", "Length1" => 9 },
            lopdf::dictionary! { "Subtype" => "Image", "Filter" => "FlateDecode" },
            lopdf::dictionary! { "Type" => "ObjStm", "Filter" => "FlateDecode" },
            lopdf::dictionary! { "Filter" => "FlateDecode", "DecodeParms" => predictor },
        ]
        .map(|d| doc.add_object(stream(d, big.clone())));
        let type1 = doc.add_object(stream(
            lopdf::dictionary! { "Filter" => "FlateDecode", "Length1" => 5, "Length2" => 6 },
            big.clone(),
        ));
        inflate_loaded(&mut doc, 1 << 20).unwrap();
        for id in kept {
            let s = doc.get_object(id).unwrap().as_stream().unwrap();
            assert_eq!(s.content, big);
        }
        let s = doc.get_object(type1).unwrap().as_stream().unwrap();
        assert_eq!(s.content.len(), 1 << 16);
        // The predicted stream, still compressed, is measured all the same.
        assert!(matches!(
            inflate_loaded(&mut doc, 60 << 10),
            Err(Reject::Limit(_))
        ));
        assert_eq!(inflate_loaded(&mut doc, 64 << 10), Ok(()));
    }

    #[test]
    fn a_bomb_among_loaded_streams_is_refused() {
        let mut doc = lopdf::Document::with_version("1.5");
        for _ in 0..3 {
            doc.add_object(stream(
                lopdf::dictionary! { "Filter" => "FlateDecode" },
                zlib(&vec![0u8; 1 << 20]),
            ));
        }
        assert!(matches!(
            inflate_loaded(&mut doc, (3 << 20) - 1),
            Err(Reject::Limit(_))
        ));
        assert_eq!(inflate_loaded(&mut doc, 3 << 20), Ok(()));
    }

    #[test]
    fn the_raw_check_finds_each_streams_own_dictionary() {
        let big = zlib(&vec![7u8; 1 << 16]);
        let object = |n: u32, dict: &str| {
            let mut o = format!("{n} 0 obj {dict}\nstream\n").into_bytes();
            o.extend(&big);
            o.extend(b"\nendstream\nendobj\n");
            o
        };
        let mut pdf = b"%PDF-1.5\n".to_vec();
        pdf.extend(object(1, "<< /Type /ObjStm /Filter /FlateDecode >>"));
        pdf.extend(object(2, "<< /Filter /FlateDecode >>"));
        assert_eq!(check_raw(&pdf, 1 << 20), Ok(1 << 16));
    }
}
