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
    /// The line in the form every stage compares text in ([`crate::normalize::fold`]), made
    /// once here rather than by each stage that searches the lines.
    pub folded: String,
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
            folded: crate::normalize::fold(&text),
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

/// Marks bare page numbers as furniture: a line holding only a small number, last or first on
/// a page of a document with several pages (PDF conversions print `3` alone at a page's foot),
/// and standing alone there: beside another bare number it is data printed one value a line.
pub fn mark_page_numbers(lines: &mut [Line]) {
    let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
    let bare = |l: &Line| {
        let t = l.text.trim();
        (1..=4).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit())
    };
    let Some((&first, &last)) = content.first().zip(content.last()) else {
        return;
    };
    if lines[first].page == lines[last].page {
        return;
    }
    for (k, &i) in content.iter().enumerate() {
        let page = lines[i].page;
        let next = content.get(k + 1).map(|&n| &lines[n]);
        let prev = k.checked_sub(1).map(|p| &lines[content[p]]);
        let ends_page = next.is_none_or(|n| n.page != page);
        let starts_page = prev.is_none_or(|p| p.page != page);
        // The neighbour on the same page: the line before a page's last, after a page's first.
        let neighbour = if ends_page { prev } else { next }.filter(|l| l.page == page);
        if (ends_page || starts_page) && bare(&lines[i]) && !neighbour.is_some_and(bare) {
            lines[i].furniture = true;
        }
    }
}

/// Page numbers such as `— 4 —`, `- 12 -`, `第 3 页 共 7 页`.
fn is_furniture(text: &str) -> bool {
    // Both forms start with a dash or 第; most lines start otherwise and copy nothing.
    let dashes = |c: char| matches!(c, '-' | '—' | '–' | '－' | '―');
    if !text
        .trim_start()
        .starts_with(|c: char| dashes(c) || c == '第')
    {
        return false;
    }
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return false;
    }
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

/// Every document of the repo's `corpus/` that a backend reads, for tests that check a fast
/// path against the slow one over real lines.
#[cfg(test)]
pub(crate) fn corpus_documents() -> Vec<Document> {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(corpus)
        .expect("corpus/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| crate::backend::read(&std::fs::read(p).ok()?).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_numbers_at_page_boundaries_are_page_numbers() {
        let line = |page, text: &str| Line::new(page, 0, text.into(), vec![text.into()]);
        let mut lines = vec![
            line(1, "一、总体情况"),
            line(1, "0 0 1"),
            line(1, "3"),
            line(2, "12"),
            line(2, "正文"),
            line(2, "7"),
            line(2, "4"),
        ];
        mark_page_numbers(&mut lines);
        let marked: Vec<bool> = lines.iter().map(|l| l.furniture).collect();
        assert_eq!(marked, [false, false, true, true, false, false, false]);
        // Numbers one a line across a page break are data.
        let mut data = vec![
            line(1, "x"),
            line(1, "5"),
            line(1, "3"),
            line(2, "4"),
            line(2, "1"),
            line(2, "y"),
        ];
        mark_page_numbers(&mut data);
        assert!(data.iter().all(|l| !l.furniture));
        // One page: a number on its own is content.
        let mut one = vec![line(1, "3"), line(1, "x")];
        mark_page_numbers(&mut one);
        assert!(!one[0].furniture);
    }

    #[test]
    fn a_line_not_starting_with_a_dash_or_di_is_never_furniture() {
        // is_furniture without its first check.
        fn reference(text: &str) -> bool {
            let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let dashes = |c: char| matches!(c, '-' | '—' | '–' | '－' | '―');
            let inner = t.trim_matches(dashes);
            if !t.is_empty()
                && inner.len() < t.len()
                && t.starts_with(dashes)
                && t.ends_with(dashes)
                && !inner.is_empty()
                && inner.chars().all(|c| c.is_ascii_digit())
            {
                return true;
            }
            t.strip_prefix('第').is_some_and(|rest| {
                let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
                digits.len() < rest.len() && (digits == "页" || digits.starts_with("页共"))
            })
        }
        for text in [
            "",
            " ",
            "4",
            "— 4 —",
            "\u{3000}- 12 -",
            " 第 3 页 共 7 页",
            "x第3页",
            "3 —",
            "—3—x",
            "\t第3页",
            "第二页",
            "一、总体情况",
            "－ 1 －",
            "― 2 ―",
            "– 5 –",
        ] {
            assert_eq!(is_furniture(text), reference(text), "{text:?}");
        }
    }

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
