//! The sections of a report: the six of the national outline (2019 on), or the seven of the
//! free-form years before it.
//!
//! Every numbered heading (`X、…`, `第X部分 …`) is a candidate; each is scored against the
//! known wordings of the six sections, and the best ordered choice wins. Scoring by words lets
//! a local outline that renumbers its sections still be read, and keeps table rows such as
//! 四、结转下年度继续办理 from being taken for section 四.

use std::sync::LazyLock;

use serde::Serialize;

use crate::model::Document;
use crate::normalize::{Bigrams, chinese_numeral, fold};
use crate::value::parse_cell;

/// The national outline: the number and the wordings seen for each section.
pub const OUTLINE: [(u8, &[&str]); 6] = [
    (1, &["总体情况", "概述", "基本情况"]),
    (2, &["主动公开政府信息情况", "主动公开情况"]),
    (
        3,
        &[
            "收到和处理政府信息公开申请情况",
            "依申请公开政府信息情况",
            "政府信息公开申请情况",
        ],
    ),
    (
        4,
        &[
            "政府信息公开行政复议、行政诉讼情况",
            "因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
            "政府信息公开行政复议和行政诉讼情况",
            "因政府信息公开申请引发的行政复议、行政诉讼情况",
        ],
    ),
    (
        5,
        &[
            "存在的主要问题及改进情况",
            "政府信息公开工作存在的主要问题及改进情况",
            "存在问题及改进情况",
            "主要问题及改进措施",
        ],
    ),
    (6, &["其他需要报告的事项", "其他需要报告事项"]),
];

/// The outline reports followed before the 2019 template (国办 2008 guidance): 概述 … 收费及减免
/// … 存在的主要问题和改进措施 … 其他需要报告的事项.
pub const LEGACY_OUTLINE: [(u8, &[&str]); 7] = [
    (1, &["概述", "总体情况", "基本情况"]),
    (
        2,
        &[
            "主动公开政府信息的情况",
            "主动公开政府信息情况",
            "主动公开情况",
        ],
    ),
    (
        3,
        &[
            "依申请公开政府信息和不予公开政府信息的情况",
            "依申请公开政府信息情况",
            "依申请公开情况",
            "政府信息公开申请的办理情况",
        ],
    ),
    (
        4,
        &[
            "政府信息公开的收费及减免情况",
            "政府信息公开收费及减免情况",
            "收费及减免情况",
        ],
    ),
    (
        5,
        &[
            "因政府信息公开申请提起行政复议、行政诉讼的情况",
            "因政府信息公开申请提起行政复议和行政诉讼的情况",
            "政府信息公开行政复议、行政诉讼情况",
            "行政复议、行政诉讼和申诉情况",
        ],
    ),
    (
        6,
        &[
            "政府信息公开工作存在的主要问题和改进措施",
            "存在的主要问题和改进措施",
            "存在的主要问题及改进措施",
            "存在的问题和改进措施",
        ],
    ),
    (7, &["其他需要报告的事项", "其他需要报告事项"]),
];

/// Which outline a report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outline {
    National,
    Legacy,
}

/// Each section's number and the bigrams of its folded wordings.
type Folded = Vec<(u8, Vec<Bigrams>)>;

fn folded(outline: &[(u8, &[&str])]) -> Folded {
    outline
        .iter()
        .map(|(n, wordings)| {
            let wordings = wordings.iter().map(|w| Bigrams::new(&fold(w))).collect();
            (*n, wordings)
        })
        .collect()
}

/// The outlines in the form headings are compared in.
static FOLDED_NATIONAL: LazyLock<Folded> = LazyLock::new(|| folded(&OUTLINE));
static FOLDED_LEGACY: LazyLock<Folded> = LazyLock::new(|| folded(&LEGACY_OUTLINE));

impl Outline {
    fn folded(self) -> &'static Folded {
        match self {
            Outline::National => &FOLDED_NATIONAL,
            Outline::Legacy => &FOLDED_LEGACY,
        }
    }
}

/// The heading of a section as the template prints it.
pub fn standard_heading(number: u8) -> &'static str {
    OUTLINE[usize::from(number - 1)].1[0]
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The section's place in the outline: 1 to 6 in the national one, 1 to 7 in the legacy
    /// one (概述, 主动公开, 依申请公开, 收费及减免, 复议诉讼, 问题和改进, 其他).
    pub number: u8,
    /// The heading as printed.
    pub heading: String,
    /// The number the document printed, when it differs from `number`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed_number: Option<u32>,
    pub text: String,
    pub page: u32,
    pub line: u32,
    #[serde(skip)]
    pub line_index: usize,
}

/// A numbered heading as printed: its number (一、) or part (第一部分) and its words.
struct Heading<'a> {
    num: Option<&'a str>,
    part: Option<&'a str>,
    words: &'a str,
}

const NUMERALS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// The heading `text` is, read as the regex
/// `^(?:(?P<num>[一二三四五六七八九十]{1,3})[、.．]|第(?P<part>[一二三四五六七八九十]{1,3})部分[:：]?)(?P<words>.{2,40})$`
/// reads it (by hand: it was a regex compiled in every run). Its numerals end where the
/// numerals do, so the only choice is the colon after 部分: part of the words only when they
/// are too short without it.
fn heading(text: &str) -> Option<Heading<'_>> {
    // One to three numerals, and what follows them.
    fn numeral(s: &str) -> Option<(&str, &str)> {
        let rest = s.trim_start_matches(NUMERALS);
        let count = s[..s.len() - rest.len()].chars().count();
        (1..=3)
            .contains(&count)
            .then(|| s.split_at(s.len() - rest.len()))
    }
    let is_words = |w: &str| (2..=40).contains(&w.chars().count()) && !w.contains('\n');
    if let Some((num, rest)) = numeral(text) {
        let words = rest.strip_prefix(['、', '.', '．'])?;
        return is_words(words).then_some(Heading {
            num: Some(num),
            part: None,
            words,
        });
    }
    let (part, rest) = numeral(text.strip_prefix('第')?)?;
    let rest = rest.strip_prefix("部分")?;
    let words = match rest.strip_prefix([':', '：']) {
        Some(words) if is_words(words) => words,
        _ => rest,
    };
    is_words(words).then_some(Heading {
        num: None,
        part: Some(part),
        words,
    })
}

/// Below this similarity a heading is not taken for a section.
const MIN_SCORE: f64 = 0.6;
/// A heading whose printed number agrees with the outline is preferred over one that does not.
const NUMBER_BONUS: f64 = 0.15;

struct Candidate {
    index: usize,
    number: u8,
    printed: Option<u32>,
    score: f64,
}

/// Finds the sections of `outline`, starting the search at line `from`.
pub fn find(doc: &Document, from: usize, outline: Outline) -> Vec<Section> {
    let mut candidates = Vec::new();
    for (index, line) in doc.lines.iter().enumerate().skip(from) {
        // A heading starts with a numeral or 第; most lines start otherwise.
        if !line.folded.starts_with([
            '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '第',
        ]) {
            continue;
        }
        // A table row (a label followed by numbers) is not a heading, whatever its words.
        let has_numbers = line
            .cells
            .iter()
            .skip(1)
            .any(|c| parse_cell(c).number().is_some());
        if line.is_blank() || has_numbers {
            continue;
        }
        let text = &line.folded;
        let Some(h) = heading(text) else {
            continue;
        };
        let printed = h.num.or(h.part).and_then(chinese_numeral);
        let words = Bigrams::new(h.words.trim_end_matches(['。', ':', '：']));
        for (number, wordings) in outline.folded().iter() {
            let number = *number;
            let Some(similarity) = wordings
                .iter()
                .filter_map(|w| words.dice_at_least(w, MIN_SCORE))
                .max_by(f64::total_cmp)
            else {
                continue;
            };
            let bonus = if printed == Some(u32::from(number)) {
                NUMBER_BONUS
            } else {
                0.0
            };
            candidates.push(Candidate {
                index,
                number,
                printed,
                score: similarity + bonus,
            });
        }
    }
    let chosen = best_ordered(&candidates);
    let mut sections: Vec<Section> = chosen
        .iter()
        .map(|&k| {
            let c = &candidates[k];
            let line = &doc.lines[c.index];
            Section {
                number: c.number,
                heading: line.text.trim().to_string(),
                printed_number: c.printed.filter(|&p| p != u32::from(c.number)),
                text: String::new(),
                page: line.page,
                line: line.number,
                line_index: c.index,
            }
        })
        .collect();
    for k in 0..sections.len() {
        let end = sections
            .get(k + 1)
            .map_or(doc.lines.len(), |s| s.line_index);
        let body: Vec<&str> = doc.lines[sections[k].line_index + 1..end]
            .iter()
            .filter(|l| !l.is_blank())
            .map(|l| l.text.trim())
            .collect();
        sections[k].text = body.join("\n");
    }
    sections
}

/// The chain of candidates, increasing in both line and section number, with the highest total
/// score. Candidates come in line order, so one pass keeping the best chain that ends in each
/// section number is enough: linear in the candidates, whatever the document.
fn best_ordered(candidates: &[Candidate]) -> Vec<usize> {
    // For each section number, the best chain ending in it so far: (score, last candidate).
    let mut best: [Option<(f64, usize)>; 8] = [None; 8];
    let mut prev: Vec<Option<usize>> = vec![None; candidates.len()];
    let mut k = 0;
    while k < candidates.len() {
        // Candidates on one line may not chain with each other: extend from earlier lines only.
        let line_end = k + candidates[k..]
            .iter()
            .take_while(|c| c.index == candidates[k].index)
            .count();
        let before = best;
        for (j, c) in candidates.iter().enumerate().take(line_end).skip(k) {
            let n = usize::from(c.number);
            let from = before[..n]
                .iter()
                .flatten()
                .copied()
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let score = from.map_or(0.0, |f| f.0) + c.score;
            if best[n].is_none_or(|(s, _)| score > s) {
                best[n] = Some((score, j));
                prev[j] = from.map(|f| f.1);
            }
        }
        k = line_end;
    }
    let Some((_, mut last)) = best
        .iter()
        .flatten()
        .copied()
        .max_by(|a, b| a.0.total_cmp(&b.0))
    else {
        return Vec::new();
    };
    let mut chain = vec![last];
    while let Some(p) = prev[last] {
        chain.push(p);
        last = p;
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::text::split;

    /// The regex [`heading`] reads as.
    const HEADING_PATTERN: &str = r"^(?:(?P<num>[一二三四五六七八九十]{1,3})[、.．]|第(?P<part>[一二三四五六七八九十]{1,3})部分[:：]?)(?P<words>.{2,40})$";

    fn by_regex(text: &str) -> Option<(Option<&str>, Option<&str>, &str)> {
        static HEADING: LazyLock<regex::Regex> =
            LazyLock::new(|| regex::Regex::new(HEADING_PATTERN).expect("regex"));
        let c = HEADING.captures(text)?;
        let s = |name| c.name(name).map(|m| m.as_str());
        Some((s("num"), s("part"), s("words")?))
    }

    fn by_heading(text: &str) -> Option<(Option<&str>, Option<&str>, &str)> {
        let h = heading(text)?;
        Some((h.num, h.part, h.words))
    }

    proptest::proptest! {
        #[test]
        fn heading_reads_as_the_regex(
            text in crate::lite::near_matches(&[HEADING_PATTERN]),
            cut in 0..60usize,
        ) {
            // Lines around the bound: the words cut to at most `cut` characters.
            let mut chars = text.char_indices().skip(cut + 8);
            let text = chars.next().map_or(text.as_str(), |(i, _)| &text[..i]);
            proptest::prop_assert_eq!(by_heading(text), by_regex(text), "{:?}", text);
        }
    }

    #[test]
    fn heading_words_are_bounded_as_before() {
        let words = |n: usize| "字".repeat(n);
        for n in [0, 1, 2, 39, 40, 41, 42] {
            for head in ["一、", "十一.", "第二部分", "第二部分：", "第三部分:"] {
                let text = format!("{head}{}", words(n));
                assert_eq!(by_heading(&text), by_regex(&text), "{text}");
            }
        }
        assert_eq!(by_heading("第二部分：字").map(|h| h.2), Some("：字"));
        assert_eq!(
            by_heading(&format!("第二部分：{}", words(40))).map(|h| h.2.len()),
            Some(120)
        );
        assert_eq!(by_heading(&format!("第二部分：{}", words(41))), None);
        let mut read = 0;
        for doc in crate::model::corpus_documents() {
            for line in &doc.lines {
                assert_eq!(by_heading(&line.folded), by_regex(&line.folded));
                read += usize::from(by_heading(&line.folded).is_some());
            }
        }
        assert!(read > 30, "{read}");
    }

    #[test]
    fn only_a_line_starting_with_a_numeral_or_di_can_be_a_heading() {
        let mut headings = 0;
        for doc in crate::model::corpus_documents() {
            for line in &doc.lines {
                let text = format!("x{}", line.folded);
                assert!(heading(&text).is_none(), "{text}");
                if heading(&line.folded).is_some() {
                    headings += 1;
                    assert!(line.folded.starts_with([
                        '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '第'
                    ]));
                }
            }
        }
        assert!(headings > 30, "{headings}");
    }

    fn numbers(text: &str) -> Vec<(u8, u32)> {
        find(&split(text, "UTF-8"), 0, Outline::National)
            .iter()
            .map(|s| (s.number, s.line))
            .collect()
    }

    #[test]
    fn the_six_standard_headings() {
        let text = "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n\
                    四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项";
        assert_eq!(
            numbers(text),
            vec![(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6)]
        );
    }

    #[test]
    fn a_table_row_is_not_section_four() {
        let text = "三、收到和处理政府信息公开申请情况\n四、结转下年度继续办理\n\
                    四、政府信息公开行政复议、行政诉讼情况";
        assert_eq!(numbers(text), vec![(3, 1), (4, 3)]);
        let text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量";
        assert_eq!(numbers(text), vec![(3, 1)]);
    }

    #[test]
    fn variants_and_a_renumbered_outline() {
        let text = "一、总体情况\n二、工作机制保障\n三、主动公开工作情况\n四、政府信息公开申请情况\n\
                    一、主动公开政府信息情况\n二、收到和处理政府信息公开申请情况\n\
                    三、因政府信息公开工作被申请行政复议、提起行政诉讼的情况\n五、其他需要报告的事项";
        assert_eq!(numbers(text), vec![(1, 1), (2, 5), (3, 6), (4, 7), (6, 8)]);
        let s = find(&split(text, "UTF-8"), 0, Outline::National);
        assert_eq!(s[1].printed_number, Some(1));
        assert_eq!(numbers("五、存在问题及改进情况"), vec![(5, 1)]);
        assert_eq!(numbers("一、\u{3000}总体情况\t\t"), vec![(1, 1)]);
        assert_eq!(numbers("二、主动公开政府信息情况\t3\t4"), vec![]);
    }

    #[test]
    fn the_legacy_outline_has_seven_sections() {
        let text = "一、概述\n二、主动公开政府信息的情况\n三、依申请公开政府信息和不予公开政府信息的情况\n\
                    四、政府信息公开的收费及减免情况\n五、因政府信息公开申请提起行政复议、行政诉讼的情况\n\
                    六、政府信息公开工作存在的主要问题和改进措施\n七、其他需要报告的事项";
        let found: Vec<u8> = find(&split(text, "UTF-8"), 0, Outline::Legacy)
            .iter()
            .map(|s| s.number)
            .collect();
        assert_eq!(found, vec![1, 2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn many_heading_lines_still_give_one_ordered_outline() {
        let mut text = "一、总体情况\n".repeat(20_000);
        text += "二、主动公开政府信息情况\n六、其他需要报告的事项\n";
        assert_eq!(numbers(&text), vec![(1, 1), (2, 20_001), (6, 20_002)]);
    }
}
