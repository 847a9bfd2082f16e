//! Plain text and Markdown: decode the bytes, then split each line into cells.
//!
//! Tables in text come as tab-separated rows (copied from a word processor), as Markdown pipe
//! rows (converted from PDF), or as columns separated by runs of spaces (`pdftotext -layout`).
//! A form feed starts a new page.

use std::borrow::Cow;
use std::sync::LazyLock;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, GB18030, GBK, UTF_8};

use crate::error::Reject;
use crate::lite::compile;
use crate::model::{Document, Format, Line};

/// Decodes and splits a text document.
pub fn read(bytes: &[u8]) -> Result<Document, Reject> {
    let (text, encoding) = decode(bytes)?;
    Ok(split(&text, encoding))
}

/// Bytes to text: a BOM wins, then strict UTF-8, then the detector's guess (GBK is read as its
/// superset GB18030). Binary data is refused rather than decoded into noise.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), Reject> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return check_text(text, encoding.name(), had_errors);
    }
    if bytes.contains(&0) {
        return Err(Reject::NotText(
            "contains NUL bytes: binary data, not text".into(),
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return check_text(Cow::Borrowed(text), UTF_8.name(), false);
    }
    if let Some(text) = gb18030_report(bytes) {
        return check_text(Cow::Owned(text), GB18030.name(), false);
    }
    let encoding = detect(bytes);
    let (text, _, had_errors) = encoding.decode(bytes);
    check_text(text, encoding.name(), had_errors)
}

/// The detector's guess, GBK read as its superset GB18030.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    // The detector costs about as much as the rest of the pipeline per byte; the start of a
    // report tells its encoding as well as the whole does. The whole file is decoded.
    let head = &bytes[..bytes.len().min(DETECT_BYTES)];
    detector.feed(head, head.len() == bytes.len());
    let encoding = detector.guess(Some(b"cn"), Utf8Detection::Deny);
    if encoding == GBK { GB18030 } else { encoding }
}

/// The text of a report in GBK/GB18030 without the detector, which costs as much as the rest
/// of the pipeline on such files. GB18030 assigns almost every byte pair, so a strict decode
/// alone proves little (Big5 text decodes without error into nonsense); what a wrong encoding
/// cannot produce is the words every such report prints. Anything else goes to the detector.
fn gb18030_report(bytes: &[u8]) -> Option<String> {
    let text = GB18030.decode_without_bom_handling_and_without_replacement(bytes)?;
    text.contains(REPORT_WORDS).then(|| text.into_owned())
}

/// Words every disclosure report prints (in its title and its first section's heading).
const REPORT_WORDS: &str = "政府信息公开";

/// How much of a file the encoding detector reads.
const DETECT_BYTES: usize = 64 * 1024;

fn check_text<'a>(
    text: Cow<'a, str>,
    encoding: &'static str,
    had_errors: bool,
) -> Result<(Cow<'a, str>, &'static str), Reject> {
    let total = text.chars().count().max(1);
    let bad = text
        .chars()
        .filter(|&c| {
            c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
        })
        .count();
    if bad * 20 > total {
        return Err(Reject::NotText(format!(
            "{bad} of {total} characters are control or undecodable characters (read as {encoding}{})",
            if had_errors {
                ", with decoding errors"
            } else {
                ""
            }
        )));
    }
    Ok((text, encoding))
}

pub(crate) const MARKDOWN_RULE_PATTERN: &str = r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$";

static MARKDOWN_RULE: LazyLock<regex_lite::Regex> =
    LazyLock::new(|| compile(MARKDOWN_RULE_PATTERN));

/// Splits decoded text into lines and cells.
pub fn split(text: &str, encoding: &'static str) -> Document {
    let mut page = 1;
    let mut lines = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut raw = raw.strip_suffix('\r').unwrap_or(raw);
        while let Some(rest) = raw.strip_prefix('\x0c') {
            page += 1;
            raw = rest;
        }
        let content = markdown_heading(raw).unwrap_or(raw);
        let mut line = Line::new(page, number, content.to_string(), cells(content));
        // A rule has three dashes in a row; most lines have none and skip the regex.
        if raw.contains("---") && MARKDOWN_RULE.is_match(raw.trim()) {
            line.furniture = true;
        }
        page += raw.matches('\x0c').count() as u32;
        lines.push(line);
    }
    crate::model::mark_page_numbers(&mut lines);
    // A form feed after the last page (as pdftotext writes) does not start a page.
    let pages = lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| l.page)
        .max()
        .unwrap_or(1);
    Document {
        format: Format::Text,
        encoding: Some(encoding),
        pages,
        lines,
    }
}

pub(crate) const MARKDOWN_HEADING_PATTERN: &str = r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$";

static MARKDOWN_HEADING: LazyLock<regex_lite::Regex> =
    LazyLock::new(|| compile(MARKDOWN_HEADING_PATTERN));

/// The words of a Markdown heading (`## 一、总体情况`) without its marks: they are syntax, not
/// part of the heading.
fn markdown_heading(line: &str) -> Option<&str> {
    // A heading starts with `#` after at most three whitespace characters; most lines have no
    // `#` at all and skip the regex.
    if !line.contains('#') {
        return None;
    }
    let words = MARKDOWN_HEADING.captures(line)?.get(1)?.as_str();
    Some(
        words
            .strip_prefix("**")
            .and_then(|w| w.strip_suffix("**"))
            .unwrap_or(words),
    )
}

/// The cells of one line: pipes, else tabs, else runs of spaces; a plain line is one cell.
pub(crate) fn cells(line: &str) -> Vec<String> {
    let trimmed = line.trim();
    if trimmed.starts_with('|') && trimmed.len() > 1 {
        let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        return inner.split('|').map(|c| c.trim().to_string()).collect();
    }
    if line.contains('\t') {
        return line.split('\t').map(|c| c.trim().to_string()).collect();
    }
    // Without two spaces in a row the line is one cell; most prose skips the regex.
    if !(trimmed.contains("  ") || trimmed.contains('\u{3000}')) {
        return vec![trimmed.trim().to_string()];
    }
    split_at_space_runs(trimmed)
        .map(|c| c.trim().to_string())
        .collect()
}

/// The pieces of `text` between runs of two or more spaces (ASCII or ideographic), as the
/// regex `[ \u{3000}]{2,}` splits it: a run at either end leaves an empty piece there.
fn split_at_space_runs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let is_space = |c: char| c == ' ' || c == '\u{3000}';
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if is_space(c) && chars.peek().is_some_and(|&(_, next)| is_space(next)) {
                let run = rest[i..].trim_start_matches(is_space);
                let piece = &rest[..i];
                rest = run;
                return Some(piece);
            }
        }
        done = true;
        Some(rest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_and_without_bom_gbk_and_utf16() {
        let s = "二、主动公开政府信息情况";
        assert_eq!(decode(s.as_bytes()).unwrap(), (Cow::Borrowed(s), "UTF-8"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap().0, s);
        let long = s.repeat(20);
        let (gbk, _, _) = GBK.encode(&long);
        let (text, enc) = decode(&gbk).unwrap();
        assert_eq!(text, long);
        assert_eq!(enc, "gb18030");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode(&utf16).unwrap(),
            (Cow::Owned(s.to_string()), "UTF-16LE")
        );
    }

    #[test]
    fn a_long_gbk_file_is_detected_from_its_start_and_decoded_whole() {
        let long = "二、主动公开政府信息情况\n规章\t3\n".repeat(5000);
        let (gbk, _, _) = GBK.encode(&long);
        assert!(gbk.len() > 2 * DETECT_BYTES);
        let (text, enc) = decode(&gbk).unwrap();
        assert_eq!(enc, "gb18030");
        assert_eq!(text, long);
    }

    #[test]
    fn a_gbk_report_is_read_as_the_detector_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for name in ["synthetic-2019-gbk-layout.txt", "legacy-2015-city.html"] {
            let bytes = std::fs::read(root.join("corpus").join(name)).unwrap();
            assert!(std::str::from_utf8(&bytes).is_err(), "{name}");
            texts.push(bytes);
        }
        let (short, _, _) = GBK.encode("2022年政府信息公开工作年度报告\n一、总体情况\n");
        texts.push(short.into_owned());
        for bytes in &texts {
            assert_eq!(detect(bytes), GB18030);
            let fast = gb18030_report(bytes).expect("a GBK report");
            let (slow, _, had_errors) = GB18030.decode(bytes);
            assert!(!had_errors);
            assert_eq!(fast, slow);
            assert_eq!(decode(bytes).unwrap(), (Cow::Owned(fast), "gb18030"));
        }
    }

    #[test]
    fn other_encodings_are_left_to_the_detector() {
        let report = "二〇二二年政府資訊公開工作年度報告 政府信息公開 主動公開政府信息情況";
        for encoding in [
            encoding_rs::BIG5,
            encoding_rs::SHIFT_JIS,
            encoding_rs::EUC_KR,
        ] {
            let (bytes, _, _) = encoding.encode(report);
            assert!(std::str::from_utf8(&bytes).is_err());
            assert_eq!(gb18030_report(&bytes), None, "{}", encoding.name());
        }
        // GBK bytes with an invalid sequence are not a clean report either.
        let (mut bytes, _, _) = GBK.encode("政府信息公开工作年度报告");
        bytes.to_mut().extend_from_slice(b"\xff\xff");
        assert_eq!(gb18030_report(&bytes), None);
    }

    #[test]
    fn cells_without_a_space_run_are_the_line() {
        let space_run = regex::Regex::new(r"[ \u{3000}]{2,}").unwrap();
        for line in ["", "一、总体情况", "a b", "规章 3", " x "] {
            let by_regex: Vec<String> = space_run
                .split(line.trim())
                .map(|c| c.trim().to_string())
                .collect();
            assert_eq!(cells(line), by_regex, "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn space_runs_split_as_the_regex_splits(
            text in proptest::string::string_regex("[ \u{3000}a中\t]{0,12}").unwrap()
        ) {
            let regex = regex::Regex::new(r"[ \u{3000}]{2,}").unwrap();
            let ours: Vec<&str> = split_at_space_runs(&text).collect();
            let theirs: Vec<&str> = regex.split(&text).collect();
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn refuses_binary() {
        assert!(matches!(
            decode(b"\x00\x01\x02abc"),
            Err(Reject::NotText(_))
        ));
        assert!(matches!(
            decode(&[0x01, 0x02, 0x03, 0x04, 0x05, b'a']),
            Err(Reject::NotText(_))
        ));
    }

    #[test]
    fn splits_tabs_pipes_and_space_runs() {
        assert_eq!(cells("规章\t0\t0\t"), vec!["规章", "0", "0", ""]);
        assert_eq!(cells("| 规章 | 22 |  |"), vec!["规章", "22", ""]);
        assert_eq!(cells("行政处罚   12    3"), vec!["行政处罚", "12", "3"]);
        assert_eq!(cells("一、总体情况"), vec!["一、总体情况"]);
        assert_eq!(cells("一、\u{3000}总体情况"), vec!["一、\u{3000}总体情况"]);
        assert_eq!(cells("规章\u{3000}\u{3000}3"), vec!["规章", "3"]);
    }

    #[test]
    fn markdown_heading_marks_are_syntax() {
        let doc = split("## 一、总体情况\n# **2022 年报告**\n#不是标题", "UTF-8");
        let texts: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["一、总体情况", "2022 年报告", "#不是标题"]);
    }

    #[test]
    fn lines_keep_numbers_pages_and_crlf() {
        let doc = split("a\r\nb\x0c\nc\n\x0cd", "UTF-8");
        let pos: Vec<_> = doc
            .lines
            .iter()
            .map(|l| (l.page, l.number, l.text.as_str()))
            .collect();
        assert_eq!(
            pos,
            vec![(1, 1, "a"), (1, 2, "b\x0c"), (2, 3, "c"), (3, 4, "d")]
        );
        assert_eq!(doc.pages, 3);
        assert_eq!(split("a\x0c\nb\x0c\n", "UTF-8").pages, 2);
        assert!(split("|---|---|", "UTF-8").lines[0].furniture);
    }
}
