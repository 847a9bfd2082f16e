//! Deflate bombs: a few KiB of Flate stream that inflate to gigabytes. lopdf inflates object
//! streams whole while loading and content streams whole when asked, with no limit, so the
//! streams are measured first, inflating into a small buffer that is thrown away. Only Flate is
//! measured (what every PDF writer uses), and only streams something inflates: TrueType font
//! programs and images, most of a report's compressed bytes, are never inflated (images are
//! emptied before reading). The worker's memory limit stops anything else, a stream that lies
//! about its kind included.

use std::io::Read;

use flate2::read::{DeflateDecoder, ZlibDecoder};

use crate::error::Reject;
use crate::limits::mib;

/// Measures every `stream … endstream` in the raw file (as lopdf would inflate it: zlib, or
/// raw deflate after two header bytes when zlib fails at once). Returns the bytes they inflate
/// to, or [`Reject::Limit`] as soon as the total passes `limit`.
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
        if never_inflated(dictionary_before(bytes, start)) {
            at = end;
            continue;
        }
        total = total.saturating_add(inflated(&bytes[data_start..end], limit - total.min(limit)));
        if total > limit {
            return Err(over(limit));
        }
        at = end;
    }
    Ok(total)
}

/// Measures the Flate streams of a loaded (decrypted) document against what is left of the
/// limit.
pub fn check_loaded(doc: &lopdf::Document, left: u64) -> Result<(), Reject> {
    let mut total = 0u64;
    for object in doc.objects.values() {
        if let lopdf::Object::Stream(stream) = object
            && stream
                .filters()
                .is_ok_and(|f| f.iter().any(|f| f == b"FlateDecode"))
            && !never_inflated_dict(&stream.dict)
        {
            total = total.saturating_add(inflated(&stream.content, left - total.min(left)));
            if total > left {
                return Err(over(left));
            }
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

/// Whether a stream with this dictionary is one nothing inflates: a TrueType font program
/// (`/Length1` without the `/Length2` of a Type 1 program, which pdf-extract does read) or an
/// image.
fn never_inflated(dict: &[u8]) -> bool {
    let has = |key: &[u8]| memchr::memmem::find(dict, key).is_some();
    (has(b"/Length1") && !has(b"/Length2")) || has(b"/Image")
}

fn never_inflated_dict(dict: &lopdf::Dictionary) -> bool {
    (dict.has(b"Length1") && !dict.has(b"Length2"))
        || dict
            .get(b"Subtype")
            .and_then(lopdf::Object::as_name)
            .is_ok_and(|n| n == b"Image")
}

fn over(limit: u64) -> Reject {
    Reject::Limit(format!(
        "its compressed streams inflate to more than {} (--max-decompressed): a deflate bomb?",
        mib(limit)
    ))
}

/// How many bytes `data` inflates to, counting at most `limit + 1`; 0 when it is not Flate.
fn inflated(data: &[u8], limit: u64) -> u64 {
    let zlib = count(ZlibDecoder::new(data), limit);
    match zlib {
        (0, true) if data.len() > 2 => count(DeflateDecoder::new(&data[2..]), limit).0,
        (n, _) => n,
    }
}

/// Bytes read from `reader` until the end, an error, or past `limit`; and whether it failed.
fn count(mut reader: impl Read, limit: u64) -> (u64, bool) {
    let mut buf = [0u8; 16 * 1024];
    let mut n = 0u64;
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return (n, false),
            Ok(k) => {
                n += k as u64;
                if n > limit {
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
        let mut pdf = b"%PDF-1.5\n1 0 obj << /Filter /FlateDecode >>\nstream\r\n".to_vec();
        pdf.extend(stream);
        pdf.extend(b"\nendstream\nendobj\n");
        pdf
    }

    #[test]
    fn streams_are_measured_inflated() {
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
    }

    fn stream_object(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut pdf = format!("1 0 obj {dict}\nstream\n").into_bytes();
        pdf.extend(data);
        pdf.extend(b"\nendstream\nendobj\n");
        pdf
    }

    #[test]
    fn font_programs_and_images_are_not_measured_but_type1_programs_are() {
        let big = zlib(&vec![7u8; 1 << 16]);
        let measured = |dict: &str| {
            let mut pdf = b"%PDF-1.5\n".to_vec();
            pdf.extend(stream_object(dict, &big));
            check_raw(&pdf, 1 << 20).unwrap()
        };
        assert_eq!(measured("<< /Filter /FlateDecode /Length1 9 0 R >>"), 0);
        assert_eq!(
            measured("<< /Type /XObject /Subtype /Image /Filter /FlateDecode >>"),
            0
        );
        assert_eq!(
            measured("<< /Filter /FlateDecode /Length1 5 /Length2 6 /Length3 0 >>"),
            1 << 16
        );
        assert_eq!(measured("<< /Filter /FlateDecode >>"), 1 << 16);
        // The previous object's font dictionary does not exempt the next stream.
        let mut two = b"%PDF-1.5\n".to_vec();
        two.extend(stream_object("<< /Length1 3 /Filter /FlateDecode >>", &big));
        two.extend(stream_object("<< /Filter /FlateDecode >>", &big));
        assert_eq!(check_raw(&two, 1 << 20), Ok(1 << 16));
    }
}
