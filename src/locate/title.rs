//! The title line: agency and year.
//!
//! Titles come as `烟台市大数据局 2021 年政府信息公开工作年度报告` (agency first) or
//! `2024 年上海市科委政府信息公开工作年度报告` (year first), sometimes broken over two lines.

use std::sync::LazyLock;

use crate::lite::{Anchored, compile};
use crate::model::Document;

#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    /// The title with the line break and spaces removed.
    pub text: String,
    /// The agency as the title prints it.
    pub agency_printed: String,
    /// The agency with a known abbreviation written out (上海市科委 → 上海市科学技术委员会).
    pub agency: String,
    pub year: i32,
    pub line_index: usize,
}

pub(crate) const TITLE_PATTERN: &str = r"^(?P<title>(?:关于)?(?P<before>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<after>.*?)(?:政府信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?报告(?:\(.*\))?)(?:[_|-].*)?$";

static TITLE: LazyLock<regex_lite::Regex> = LazyLock::new(|| compile(TITLE_PATTERN));

/// A line that dates or sources a page (发布日期：2022年01月20日, 来源：本站 2022-01-25) is never
/// the first half of a title.
pub(crate) static DATELINE: LazyLock<Anchored> = LazyLock::new(|| {
    Anchored::new(
        r"[:：]|(?:19|20)\d{2}\s*[年./-]\s*\d{1,2}\s*[月./-]",
        &[":", "：", "19", "20"],
    )
});

/// How far into a document a title may stand (a saved web page puts site navigation first).
const TITLE_WINDOW: usize = 200;

pub fn find(doc: &Document) -> Option<Title> {
    let mut lines = doc
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_blank())
        .take(TITLE_WINDOW)
        .map(|(i, l)| (i, l.folded.as_str()))
        .peekable();
    while let Some((index, text)) = lines.next() {
        if let Some(title) = parse(text, index) {
            return Some(title);
        }
        // A title broken over two lines; but a line before a whole title is not part of it.
        if let Some((next_index, next)) = lines.peek()
            && text.chars().count() <= 40
            && !DATELINE.is_match(text)
            && parse(next, *next_index).is_none()
            && let Some(title) = parse(&format!("{text}{next}"), *next_index)
        {
            return Some(title);
        }
    }
    None
}

fn parse(text: &str, line_index: usize) -> Option<Title> {
    // Every title says 报告; most lines do not, and skip the regex.
    if text.chars().count() > 80 || !text.contains("报告") {
        return None;
    }
    let c = TITLE.captures(text)?;
    let year = c["year"].parse().ok()?;
    let before = c["before"].trim_end_matches(['(', '（']);
    let agency_printed = if before.is_empty() {
        &c["after"]
    } else {
        before
    };
    let agency_printed = agency_printed.trim_matches(|ch: char| !is_name_char(ch));
    if agency_printed.is_empty() {
        return None;
    }
    Some(Title {
        text: c["title"].to_string(),
        agency: expand_abbreviation(agency_printed),
        agency_printed: agency_printed.to_string(),
        year,
        line_index,
    })
}

fn is_name_char(c: char) -> bool {
    !c.is_ascii_punctuation() && !"，。、：；".contains(c)
}

/// Abbreviated agency names that titles use, written out. Only a suffix is replaced, so the
/// place name stays as printed.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("科委", "科学技术委员会"),
    ("发改委", "发展和改革委员会"),
    ("经信委", "经济和信息化委员会"),
    ("卫健委", "卫生健康委员会"),
    ("住建委", "住房和城乡建设委员会"),
    ("教委", "教育委员会"),
    ("国资委", "国有资产监督管理委员会"),
    ("民宗委", "民族和宗教事务委员会"),
    ("市府办", "市人民政府办公室"),
    ("区府办", "区人民政府办公室"),
    ("县府办", "县人民政府办公室"),
];

fn expand_abbreviation(agency: &str) -> String {
    for (short, long) in ABBREVIATIONS {
        if let Some(place) = agency.strip_suffix(short) {
            return format!("{place}{long}");
        }
    }
    agency.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::text::split;

    fn title(text: &str) -> Option<Title> {
        find(&split(text, "UTF-8"))
    }

    #[test]
    fn agency_before_the_year() {
        let t = title("烟台市大数据局\n\n2021\n\n烟台市大数据局 2021 年政府信息公开工作年度报告\n")
            .unwrap();
        assert_eq!(t.agency, "烟台市大数据局");
        assert_eq!(t.year, 2021);
        assert_eq!(t.text, "烟台市大数据局2021年政府信息公开工作年度报告");
        assert_eq!(t.agency_printed, "烟台市大数据局");
        assert_eq!(t.line_index, 4);
    }

    #[test]
    fn year_first_over_two_lines_with_an_abbreviation() {
        let t = title("正文\n2024 年上海市科委政府信息公开工作\n年度报告\n").unwrap();
        assert_eq!(t.agency_printed, "上海市科委");
        assert_eq!(t.agency, "上海市科学技术委员会");
        assert_eq!(t.year, 2024);
        let t = title("2025 年上海市人民政府办公厅政府信息公开\n工作年度报告").unwrap();
        assert_eq!(t.agency, "上海市人民政府办公厅");
    }

    #[test]
    fn a_date_line_above_the_title_is_not_part_of_it() {
        let t = title("发布日期：2022年01月20日\n烟台市大数据局2021年政府信息公开工作年度报告\n");
        assert_eq!(
            t.map(|t| (t.agency, t.year)),
            Some(("烟台市大数据局".into(), 2021))
        );
        let t = title("来源：本站 2022-01-25\n烟台市大数据局\n2021年政府信息公开工作年度报告\n")
            .unwrap();
        assert_eq!((t.agency.as_str(), t.year), ("烟台市大数据局", 2021));
        assert_eq!(
            title("发布日期：2022年01月20日\n2021年政府信息公开工作年度报告"),
            None
        );
    }

    #[test]
    fn a_web_page_title_with_the_site_after_it() {
        let t = title("平潭综合实验区2020年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会").unwrap();
        assert_eq!((t.agency.as_str(), t.year), ("平潭综合实验区", 2020));
        assert_eq!(t.text, "平潭综合实验区2020年度政府信息公开工作年度报告");
    }

    #[test]
    fn no_title_in_prose() {
        assert_eq!(title("今天天气很好。\n我们去公园。"), None);
        assert_eq!(title("2021年政府信息公开工作年度报告"), None);
    }
}
