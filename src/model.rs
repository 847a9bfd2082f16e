//! The document model every format backend produces and every later stage reads.
//!
//! A document is a sequence of lines in reading order. A line that was a table row carries its
//! cells; a line of prose has one cell. Each line knows its page and its line number in the
//! source, so every number read later can say where it came from. Nothing downstream of this
//! module knows which file format a document came from.

use serde::Serialize;

/// The file format a document was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
    Docx,
    Pdf,
}

#[derive(Clone, Debug)]
pub struct Document {
    pub format: Format,
    /// The text encoding that was detected, for formats that have one.
    pub encoding: Option<&'static str>,
    pub pages: u32,
    pub lines: Vec<Line>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// 1-based page.
    pub page: u32,
    /// 1-based line number in the source (for text, the physical line).
    pub number: u32,
    /// The line as printed, cells joined by tabs.
    pub text: String,
    /// The cells of a table row, or the whole line as one cell.
    pub cells: Vec<String>,
    /// Page furniture (a page number, a Markdown rule): kept for positions, ignored for content.
    pub furniture: bool,
}

impl Line {
    pub fn new(page: u32, number: u32, text: String, cells: Vec<String>) -> Line {
        let furniture = is_furniture(&text);
        Line {
            page,
            number,
            text,
            cells,
            furniture,
        }
    }

    /// True for an empty line or furniture.
    pub fn is_blank(&self) -> bool {
        self.furniture || self.text.trim().is_empty()
    }
}

/// Page numbers such as `— 4 —`, `- 12 -`, `第 3 页 共 7 页`.
fn is_furniture(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return false;
    }
    let dashes = |c: char| matches!(c, '-' | '—' | '–' | '－' | '―');
    let inner = t.trim_matches(dashes);
    if inner.len() < t.len()
        && t.starts_with(dashes)
        && t.ends_with(dashes)
        && !inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_digit())
    {
        return true;
    }
    if let Some(rest) = t.strip_prefix('第') {
        let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if digits.len() < rest.len() && (digits == "页" || digits.starts_with("页共")) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_furniture() {
        assert!(is_furniture("— 4 —"));
        assert!(is_furniture("- 12 -"));
        assert!(is_furniture("第 3 页 共 7 页"));
        assert!(!is_furniture("0"));
        assert!(!is_furniture("-"));
        assert!(!is_furniture("-3"));
        assert!(!is_furniture("第二十条第（一）项"));
    }
}
