//! Facts: numbers the prose states (申请 N 件, 上年结转 N 件, 行政复议 N 件 …), each with its key,
//! the sentence and its position, so the audit can hold them against the tables.
//!
//! Prose is every line that is not a table row. Lines are joined before sentences are cut,
//! because PDFs wrap a sentence anywhere ("受理政府" / "信息公开申请 17 件"); each number keeps the
//! page and line it was printed on. Matching is on folded text (NFKC, no spaces), so full-width
//! digits and "申请 17 件" read the same as "申请17件".
//!
//! A fact is read only where its words say unambiguously what is counted; a sentence whose
//! scope is unclear gives no fact rather than a guess. Negative statements (没有上年结转…)
//! give 0: they are as much a claim about the table as a number is.

use std::sync::LazyLock;

use serde::Serialize;

use crate::lite::{Anchored, DIGITS, Hit, Span};
use crate::model::Document;
use crate::value::Number;

/// A number stated in the prose.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// A stable key (`docs/codebook.tsv`, part "prose").
    pub key: &'static str,
    pub value: Number,
    /// The counting word as printed: 件, 份, 条 …
    pub unit: String,
    /// The words that state it (folded).
    pub raw: String,
    /// For a part of a stated total (其中 X N 条): the part's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// For a row of a legacy 统计表: its 指标 as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Where the number is stated: a sentence of the prose or a row of a statistics table.
    pub source: Source,
    /// The whole sentence (folded).
    pub sentence: String,
    pub page: u32,
    pub line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Prose,
    Table,
}

/// What each prose key means; the audit compares it with the cells named here.
pub struct FactKind {
    pub key: &'static str,
    pub description: &'static str,
    /// The cells whose sum the fact restates; empty when the tables do not hold it.
    pub cells: &'static [&'static str],
    /// Other sums of cells the prose may mean by the same words (受理申请 N 件 counting those
    /// carried over too; 行政诉讼 N 件 counting one kind only): agreeing with one is agreeing.
    pub also: &'static [&'static [&'static str]],
}

pub const FACT_KINDS: &[FactKind] = &[
    FactKind {
        key: "prose.requests.received",
        description: "applications received this year (收到/受理…申请 N 件)",
        cells: &["requests.new.total"],
        also: &[&["requests.new.total", "requests.carried_over.total"]],
    },
    FactKind {
        key: "prose.requests.carried_over",
        description: "applications carried over from last year (上年结转 N 件)",
        cells: &["requests.carried_over.total"],
        also: &[],
    },
    FactKind {
        key: "prose.requests.answered",
        description: "applications answered (答复/办结 N 件)",
        cells: &["requests.total.total"],
        also: &[],
    },
    FactKind {
        key: "prose.requests.carried_forward",
        description: "applications carried into next year (结转/顺延至下年度 N 件)",
        cells: &["requests.carried_forward.total"],
        also: &[],
    },
    FactKind {
        key: "prose.review.total",
        description: "administrative reconsiderations (行政复议 N 件)",
        cells: &["review.total"],
        also: &[],
    },
    FactKind {
        key: "prose.litigation.total",
        description: "administrative lawsuits (行政诉讼 N 件)",
        cells: &["litigation_direct.total", "litigation_after_review.total"],
        also: &[
            &["litigation_direct.total"],
            &["litigation_after_review.total"],
        ],
    },
    FactKind {
        key: "prose.active.in_force.regulations",
        description: "regulations in force (现行有效规章 N 件)",
        cells: &["active.regulations.in_force"],
        also: &[],
    },
    FactKind {
        key: "prose.active.in_force.normative_documents",
        description: "normative documents in force (现行有效规范性文件 N 件)",
        cells: &["active.normative_documents.in_force"],
        also: &[],
    },
    FactKind {
        key: "prose.active.in_force",
        description: "documents in force, regulations and normative documents (现行有效 N 件)",
        cells: &[
            "active.regulations.in_force",
            "active.normative_documents.in_force",
        ],
        also: &[],
    },
    FactKind {
        key: "prose.active.published",
        description: "items of information published (主动公开/发布政府信息 N 条)",
        cells: &[],
        also: &[],
    },
    FactKind {
        key: "prose.part",
        description: "a part of the stated total before it (其中 X N 条)",
        cells: &[],
        also: &[],
    },
];

pub fn kind(key: &str) -> Option<&'static FactKind> {
    FACT_KINDS.iter().find(|k| k.key == key)
}

const COUNT: &str = r"([0-9]+)(件|份|宗|个|起|次|例|条|篇|项)";

struct Pattern {
    key: &'static str,
    regex: Anchored,
    /// Words that, printed right before the match, make it about something else (部分公开答复
    /// 2 件 is one outcome, not the applications answered).
    not_after: &'static [&'static str],
    /// Words that, inside the match, make it about something else (受理行政许可申请 counts
    /// licence applications, not requests for information).
    not_within: &'static [&'static str],
    /// Words that, printed right after the match, make it about something else (未收到申请
    /// 引起的行政复议 is about reviews).
    not_before: &'static [&'static str],
}

impl Pattern {
    /// `starts`: the words every match begins with (a test checks them against the regex).
    fn new(key: &'static str, starts: &'static [&'static str], regex: &str) -> Pattern {
        Pattern {
            key,
            regex: Anchored::new(&regex.replace("COUNT", COUNT), starts),
            not_after: &[],
            not_within: &[],
            not_before: &[],
        }
    }

    /// The same, for a pattern every match of which ends with one of `ends`.
    fn ending(self, ends: &'static [&'static str]) -> Pattern {
        Pattern {
            regex: self.regex.ending(ends),
            ..self
        }
    }

    /// Whether the words around `m` (a match in `sentence`) make it about something else.
    fn excluded(&self, sentence: &str, m: &Span<'_>) -> bool {
        self.not_after
            .iter()
            .any(|w| sentence[..m.start()].ends_with(w))
            || self.not_within.iter().any(|w| m.as_str().contains(w))
            || self
                .not_before
                .iter()
                .any(|w| sentence[m.end()..].starts_with(w))
    }
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let p = Pattern::new;
    vec![
        p(
            "prose.requests.carried_over",
            &["上年结转", "上年度结转", "上一年结转", "上一年度结转"],
            r"上一?年度?结转(?:的|继续办理的|至本年度的?)?(?:政府信息公开|信息公开)?(?:申请)?(?:共|数量)?(?:为|有)?COUNT",
        ),
        p(
            "prose.requests.carried_forward",
            &[
                "结转下",
                "结转至下",
                "结转到下",
                "顺延下",
                "顺延至下",
                "顺延到下",
                "转入下",
                "转入至下",
                "转入到下",
                "延续下",
                "延续至下",
                "延续到下",
            ],
            r"(?:结转|顺延|转入|延续)(?:至|到)?下一?年度?(?:继续)?(?:办理|答复)?的?(?:申请)?(?:共|数量)?(?:为|有)?COUNT",
        ),
        p(
            "prose.requests.carried_forward",
            DIGITS,
            r"COUNT(?:申请)?(?:需|将|已|为|需要)?(?:结转|顺延|转入)(?:至|到)?下一?年",
        )
        .ending(&["下年", "下一年"]),
        Pattern {
            // Last year's, refused, or one channel's applications are not this year's received.
            not_after: &[
                "不予",
                "未予",
                "未",
                "上年度",
                "上一年度",
                "上年",
                "去年",
                "网上",
                "当面",
                "信函",
                "传真",
                "邮件",
                "电话",
                "现场",
            ],
            not_within: &["许可", "复议", "诉讼", "信访", "投诉", "举报", "因", "引起"],
            ..p(
                "prose.requests.received",
                &["收到", "受理", "新收", "接收", "接到"],
                r"(?:收到|受理|新收|接收|接到)[^，,。；;：:0-9]{0,12}?申请(?:共|总数|数量|合计|总量)?(?:为|达|是)?COUNT",
            )
        },
        Pattern {
            not_after: &[
                "公开", "不予", "告知", "处理", "未", "尚未", "逾期", "延期", "当场", "按时",
                "超期",
            ],
            ..p(
                "prose.requests.answered",
                &["答复", "办结", "办理完毕"],
                r"(?:答复|办结|办理完毕)(?:了)?(?:政府信息公开|信息公开)?(?:申请)?(?:共)?COUNT",
            )
        },
        p(
            "prose.review.total",
            &["行政复议"],
            r"行政复议(?:案件|申请)?(?:共|合计)?(?:为|达)?COUNT",
        ),
        p(
            "prose.litigation.total",
            &["行政诉讼"],
            r"行政诉讼(?:案件)?(?:共|合计)?(?:为|达)?COUNT",
        ),
        p(
            "prose.active.in_force.regulations",
            &["现行有效", "规章"],
            r"现行有效的?(?:政府)?规章(?:共|为)?COUNT|规章[^，,。；;0-9]{0,6}?现行有效的?(?:共|为)?COUNT",
        ),
        p(
            "prose.active.in_force.normative_documents",
            &["现行有效", "规范性文件"],
            r"现行有效的?(?:行政)?规范性文件(?:共|为)?COUNT|规范性文件[^，,。；;0-9]{0,6}?现行有效的?(?:共|为)?COUNT",
        ),
        p(
            "prose.active.in_force",
            &["现行有效"],
            r"现行有效(?:文件)?(?:共|为)?COUNT",
        ),
        Pattern {
            // A channel's count (网站发布信息 N 条) or what was refused is not the total published.
            not_after: &[
                "依申请",
                "申请",
                "不予",
                "不",
                "网站",
                "微博",
                "微信",
                "公报",
                "新媒体",
                "平台",
                "公众号",
                "客户端",
                "门户",
            ],
            ..p(
                "prose.active.published",
                &[
                    "主动公开信息",
                    "主动公开政府信息",
                    "主动公开各类信息",
                    "主动公开各类政府信息",
                    "主动公开各项信息",
                    "主动公开各项政府信息",
                    "公开信息",
                    "公开政府信息",
                    "公开各类信息",
                    "公开各类政府信息",
                    "公开各项信息",
                    "公开各项政府信息",
                    "发布信息",
                    "发布政府信息",
                    "发布各类信息",
                    "发布各类政府信息",
                    "发布各项信息",
                    "发布各项政府信息",
                    "公布信息",
                    "公布政府信息",
                    "公布各类信息",
                    "公布各类政府信息",
                    "公布各项信息",
                    "公布各项政府信息",
                ],
                r"(?:主动公开|公开|发布|公布)(?:各类|各项)?(?:政府)?信息(?:共|总数|合计|总量)?(?:为|达)?COUNT",
            )
        },
    ]
});

/// Clauses that state there was none: each says its key is 0. 逾期未受理 (a delay), 无…未受理
/// (a double negation) and 未收到因申请引起的复议 (about reviews) say nothing about the count.
static NONE_STATED: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let none = |key, starts, ends, re: &str| Pattern {
        not_after: &["逾期", "无", "不"],
        not_within: &["因"],
        not_before: &["引起", "提起", "引发"],
        ..Pattern::new(key, starts, re).ending(ends)
    };
    vec![
        none(
            "prose.requests.received",
            &[
                "未收到",
                "未受理",
                "未接到",
                "没有收到",
                "没有受理",
                "没有接到",
            ],
            &[],
            r"(?:未|没有)(?:收到|受理|接到)[^，,。；;0-9]{0,10}?申请",
        ),
        none(
            "prose.requests.carried_over",
            &["没有", "无", "未有"],
            &["结转"],
            r"(?:没有|无|未有)[^，,。；;0-9]{0,6}?上一?年度?结转",
        ),
        none(
            "prose.requests.carried_forward",
            &["没有", "无", "未有"],
            &["下年", "下一年"],
            r"(?:没有|无|未有)[^，,。；;0-9]{0,6}?结转(?:至|到)?下一?年",
        ),
    ]
});

/// 没有/未发生 … 行政复议 / 行政诉讼 in one clause (without a number) says there were none.
static NONE_REVIEW: LazyLock<Anchored> = LazyLock::new(|| {
    Anchored::new(
        r"(?:没有|未发生|未出现|未产生|无)[^，,。；;0-9]{0,14}?(?:行政复议|行政诉讼)",
        &["没有", "未发生", "未出现", "未产生", "无"],
    )
    .ending(&["行政复议", "行政诉讼"])
});

/// Words that make a negation about something else (无一例被纠正 says reviews happened).
const NOT_A_NONE: &[&str] = &["纠正", "败诉", "撤销", "确认违法", "被诉", "无法", "应诉"];

/// Every pattern searched with [`Anchored`] here, for tests.
#[cfg(test)]
pub(crate) fn anchored_patterns() -> Vec<&'static Anchored> {
    let all = PATTERNS.iter().chain(NONE_STATED.iter()).map(|p| &p.regex);
    all.chain([&*NONE_REVIEW]).collect()
}

/// A stretch of prose (or one sentence of it): the joined folded text, and where each line's
/// text starts in it.
pub struct Stretch {
    pub text: String,
    /// (byte offset in `text`, page, line), ascending; the first at offset 0.
    starts: Vec<(usize, u32, u32)>,
}

impl Stretch {
    /// The page and line of the byte at `offset`.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let i = self.starts.partition_point(|s| s.0 <= offset);
        let (_, page, line) = self.starts[i.saturating_sub(1)];
        (page, line)
    }

    fn slice(&self, range: std::ops::Range<usize>) -> Stretch {
        let mut starts: Vec<(usize, u32, u32)> = vec![{
            let (page, line) = self.position(range.start);
            (0, page, line)
        }];
        starts.extend(
            self.starts
                .iter()
                .filter(|s| s.0 > range.start && s.0 < range.end)
                .map(|&(o, p, l)| (o - range.start, p, l)),
        );
        Stretch {
            text: self.text[range].to_string(),
            starts,
        }
    }
}

/// The sentences of the prose, in document order (cut at 。；！？).
pub fn sentences(doc: &Document) -> Vec<Stretch> {
    let mut out = Vec::new();
    for stretch in stretches(doc) {
        let mut start = 0;
        for end in stretch
            .text
            .match_indices(['。', '；', ';', '！', '？'])
            .map(|(i, s)| i + s.len())
            .chain(std::iter::once(stretch.text.len()))
        {
            if end > start {
                out.push(stretch.slice(start..end));
            }
            start = end;
        }
    }
    out
}

/// Reads the facts the prose states, in document order.
pub fn extract(doc: &Document) -> Vec<Fact> {
    from_sentences(&sentences(doc))
}

/// The facts of sentences already cut (a legacy report reads its own facts from them too).
pub fn from_sentences(sentences: &[Stretch]) -> Vec<Fact> {
    let mut facts = Vec::new();
    for sentence in sentences {
        sentence_facts(sentence, &mut facts);
    }
    facts
}

/// Consecutive prose lines, broken by table rows (a line with several cells).
fn stretches(doc: &Document) -> Vec<Stretch> {
    let mut out = Vec::new();
    let mut current = Stretch {
        text: String::new(),
        starts: Vec::new(),
    };
    for line in &doc.lines {
        if line.is_blank() {
            continue;
        }
        // A table row has a number (or a placeholder) after its label; a prose line that a run
        // of spaces split into cells (pdftotext -layout) has none.
        let row = line.cells.len() > 1
            && line.cells[1..].iter().any(|c| {
                !matches!(
                    crate::value::parse_cell(c),
                    crate::value::Parsed::Text | crate::value::Parsed::Blank
                )
            });
        if row {
            if !current.text.is_empty() {
                out.push(std::mem::replace(
                    &mut current,
                    Stretch {
                        text: String::new(),
                        starts: Vec::new(),
                    },
                ));
            }
            continue;
        }
        current
            .starts
            .push((current.text.len(), line.page, line.number));
        current.text.push_str(&line.folded);
    }
    if !current.text.is_empty() {
        out.push(current);
    }
    out
}

fn sentence_facts(stretch: &Stretch, facts: &mut Vec<Fact>) {
    let sentence = stretch.text.as_str();
    // Every pattern's count is ASCII digits ([0-9]: text is folded, so full-width digits are
    // ASCII), and every negation says 未, 无 or 没有: most sentences have neither.
    let counts = sentence.bytes().any(|b| b.is_ascii_digit());
    let negates = sentence.contains(['未', '无']) || sentence.contains("没有");
    if counts || negates {
        read_sentence(stretch, counts, negates, facts);
    }
}

/// The facts of a sentence; `counts` runs the patterns with a number, `negates` the ones that
/// state there was none.
fn read_sentence(stretch: &Stretch, counts: bool, negates: bool, facts: &mut Vec<Fact>) {
    let sentence = stretch.text.as_str();
    let at = |offset: usize| stretch.position(offset);
    // Spans already claimed, so that 上年结转申请 2 件 is not also read as 申请 2 件.
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    let mut found: Vec<(usize, Fact, usize)> = Vec::new();
    for pattern in PATTERNS.iter().filter(|_| counts) {
        for hit in pattern.regex.captures_iter(sentence) {
            let whole = hit.get(0).expect("match");
            let Some((number, unit)) = count(&hit) else {
                continue;
            };
            let digits = number.start();
            if taken.iter().any(|r| r.contains(&digits)) || pattern.excluded(sentence, &whole) {
                continue;
            }
            let Ok(value) = number.as_str().parse::<i64>() else {
                continue;
            };
            taken.push(whole.range());
            let (page, line) = at(digits);
            found.push((
                whole.start(),
                Fact {
                    key: scoped(pattern.key, sentence),
                    value: Number::Int(value),
                    unit: unit.to_string(),
                    raw: whole.as_str().to_string(),
                    part_of: None,
                    label: None,
                    source: Source::Prose,
                    sentence: sentence.to_string(),
                    page,
                    line,
                },
                whole.end(),
            ));
        }
    }
    for pattern in NONE_STATED.iter().filter(|_| negates) {
        for m in pattern
            .regex
            .captures_iter(sentence)
            .filter_map(|h| h.get(0))
        {
            if pattern.excluded(sentence, &m) || found.iter().any(|(_, f, _)| f.key == pattern.key)
            {
                continue;
            }
            let (page, line) = at(m.start());
            found.push((
                m.start(),
                zero(pattern.key, m.as_str(), sentence, page, line),
                m.end(),
            ));
        }
    }
    if negates {
        none_review(sentence, &at, &mut found);
    }
    found.sort_by_key(|(s, _, _)| *s);
    // A list of parts ends where its last part does; a match inside it of the same kind as its
    // total (其他应主动公开政府信息 1053 条) is a part, not another total.
    let mut list: Option<(&'static str, usize)> = None;
    for (begin, fact, end) in found {
        if list.is_some_and(|(key, list_end)| key == fact.key && begin < list_end) {
            continue;
        }
        let parts = parts_after(&sentence[end..], fact.key, &fact.unit);
        if let Some((.., part_end)) = parts.last() {
            list = Some((fact.key, end + part_end));
        }
        let total_raw = fact.raw.clone();
        facts.push(fact);
        for (offset, label, value, raw, _) in parts {
            let (page, line) = at(end + offset);
            facts.push(Fact {
                key: "prose.part",
                value: Number::Int(value),
                unit: facts.last().map(|f| f.unit.clone()).unwrap_or_default(),
                raw,
                part_of: Some(format!("{total_raw}：{label}")),
                label: None,
                source: Source::Prose,
                sentence: sentence.to_string(),
                page,
                line,
            });
        }
    }
}

/// 现行有效 N 件 without its own subject counts what the sentence is about: 规章 or
/// 规范性文件 when it names one of them only.
fn scoped(key: &'static str, sentence: &str) -> &'static str {
    if key != "prose.active.in_force" {
        return key;
    }
    match (sentence.contains("规章"), sentence.contains("规范性文件")) {
        (true, false) => "prose.active.in_force.regulations",
        (false, true) => "prose.active.in_force.normative_documents",
        _ => key,
    }
}

/// The number and unit groups of whichever alternative matched.
fn count<'h>(hit: &Hit<'h>) -> Option<(Span<'h>, &'h str)> {
    let mut groups = hit.groups().flatten();
    let number = groups.next()?;
    let unit = groups.next()?.as_str();
    Some((number, unit))
}

fn zero(key: &'static str, raw: &str, sentence: &str, page: u32, line: u32) -> Fact {
    Fact {
        key,
        value: Number::Int(0),
        unit: String::new(),
        raw: raw.to_string(),
        part_of: None,
        label: None,
        source: Source::Prose,
        sentence: sentence.to_string(),
        page,
        line,
    }
}

/// 未发生因政府信息公开申请提起行政复议、行政诉讼的情况: both are 0, when the clause has no
/// number and no word that makes it about something else.
fn none_review(
    sentence: &str,
    at: &dyn Fn(usize) -> (u32, u32),
    found: &mut Vec<(usize, Fact, usize)>,
) {
    for clause_match in NONE_REVIEW.captures_iter(sentence).filter_map(|h| h.get(0)) {
        let clause_end = sentence[clause_match.start()..]
            .find(['，', ',', '。', '；', ';'])
            .map_or(sentence.len(), |i| clause_match.start() + i);
        let clause = &sentence[clause_match.start()..clause_end];
        // 无论 (whether) is not 无 (none).
        if clause.chars().any(|c| c.is_ascii_digit())
            || NOT_A_NONE.iter().any(|w| clause.contains(w))
            || clause.starts_with("无论")
        {
            continue;
        }
        for (word, key) in [
            ("行政复议", "prose.review.total"),
            ("行政诉讼", "prose.litigation.total"),
        ] {
            if clause.contains(word) && !found.iter().any(|(_, f, _)| f.key == key) {
                let (page, line) = at(clause_match.start());
                found.push((
                    clause_match.start(),
                    zero(key, clause, sentence, page, line),
                    clause_end,
                ));
            }
        }
    }
}

/// The counting words a part ends with.
const PART_UNITS: &[char] = &['件', '份', '宗', '个', '起', '次', '例', '条', '篇', '项'];

/// "words number unit" read as the regex
/// `^(?:其中)?([^，,；;()（）0-9%]{1,24}?)([0-9]+)(件|份|宗|个|起|次|例|条|篇|项)$` reads it
/// (by hand: in a regex engine that compiles fast, the lazy label was slow): the words, where
/// the digits start, the digits and the unit. The words hold no digit, so they end where the
/// digits begin, and those run to the unit at the end: there is one way to read it, with or
/// without a leading 其中.
fn part_pieces(text: &str) -> Option<(&str, usize, &str, &str)> {
    let unit_at = text.len() - text.chars().next_back()?.len_utf8();
    let unit = &text[unit_at..];
    if !unit.starts_with(PART_UNITS) {
        return None;
    }
    let body = &text[..unit_at];
    let digits_at = body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits_at == body.len() {
        return None;
    }
    let head = &body[..digits_at];
    let is_label = |label: &str| {
        (1..=24).contains(&label.chars().count())
            && !label.contains(['，', ',', '；', ';', '(', ')', '（', '）', '%'])
            && !label.contains(|c: char| c.is_ascii_digit())
    };
    let label = match head.strip_prefix("其中") {
        Some(label) if is_label(label) => label,
        _ if is_label(head) => head,
        _ => return None,
    };
    Some((label, digits_at, &body[digits_at..], unit))
}

/// Words that end a list of parts: a comparison or another count follows (较上年减少 30 件,
/// 办结 564 件, 结转下年度 5 件).
const NOT_A_PART: &[&str] = &[
    "较上年",
    "同比",
    "增长",
    "减少",
    "下降",
    "增加",
    "上升",
    "上年",
    "办结",
    "结转",
    "答复",
    "比上年",
    "环比",
];

/// 其中 X N 条，Y M 条 … right after a total of kind `key`: its parts, in the total's unit, each
/// as (offset of its number in `rest`, label, value, words, offset of its end). The list ends at the first clause
/// that is not "words number unit", that compares or counts something else.
fn parts_after(rest: &str, key: &str, unit: &str) -> Vec<(usize, String, i64, String, usize)> {
    let opened = rest
        .strip_prefix(['，', ',', '(', '（', '：', ':'])
        .unwrap_or(rest);
    if !opened.starts_with("其中") {
        return Vec::new();
    }
    let is_part = |piece: &str| {
        if NOT_A_PART.iter().any(|w| piece.contains(w))
            || PATTERNS
                .iter()
                .any(|p| p.key != key && p.regex.is_match(piece))
        {
            return None;
        }
        part(piece, unit)
    };
    let base = rest.len() - opened.len();
    let mut parts = Vec::new();
    let mut offset = base;
    // Clauses end at ，；) ; within one, 、 may separate parts (自然人申请 292 件、法人申请 175 件)
    // or belong to a label (政策、规范性文件类信息 80 条): the whole clause is tried first.
    for clause in opened.split_inclusive(['，', ',', ')', '）', '；', ';', '。']) {
        let body = clause.trim_end_matches(['，', ',', ')', '）', '；', ';', '。']);
        let mut found = Vec::new();
        let pieces: Vec<&str> = match is_part(body) {
            Some(_) => vec![body],
            None => body.split('、').collect(),
        };
        let mut at = offset;
        for piece in pieces {
            let Some((label, value, digits)) = is_part(piece) else {
                return parts;
            };
            found.push((
                at + digits,
                label,
                value,
                piece.to_string(),
                at + piece.len(),
            ));
            at += piece.len() + '、'.len_utf8();
        }
        parts.extend(found);
        offset += clause.len();
        if clause.ends_with([')', '）', '；', ';', '。']) {
            break;
        }
    }
    parts
}

/// "words number unit" in `unit`: the words, the number and where its digits start.
fn part(text: &str, unit: &str) -> Option<(String, i64, usize)> {
    let (label, digits_at, digits, printed_unit) = part_pieces(text)?;
    if printed_unit != unit {
        return None;
    }
    Some((label.to_string(), digits.parse().ok()?, digits_at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Line};

    fn doc(lines: &[&str]) -> Document {
        Document {
            format: Format::Text,
            encoding: None,
            pages: 1,
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let cells: Vec<String> = t.split('\t').map(str::to_string).collect();
                    Line::new(1, i as u32 + 1, t.to_string(), cells)
                })
                .collect(),
        }
    }

    fn facts(lines: &[&str]) -> Vec<(&'static str, i64, u32)> {
        extract(&doc(lines))
            .into_iter()
            .map(|f| {
                let Number::Int(v) = f.value else {
                    panic!("integer")
                };
                (f.key, v, f.line)
            })
            .collect()
    }

    #[test]
    fn sentences_skipped_by_the_prefilter_state_nothing() {
        let mut texts: Vec<String> = [
            "本年度收到政府信息公开申请１２件。",
            "未收到政府信息公开申请，无上年结转。",
            "没有结转至下年度的申请；未发生行政复议。",
            "全年无行政诉讼案件，行政复议٣件。",
            "主动公开政府信息三百条。",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for doc in crate::model::corpus_documents() {
            texts.extend(doc.lines.into_iter().map(|l| l.text));
        }
        let mut stated = 0;
        for sentence in sentences(&doc(&texts.iter().map(String::as_str).collect::<Vec<_>>())) {
            let (mut fast, mut all) = (Vec::new(), Vec::new());
            sentence_facts(&sentence, &mut fast);
            read_sentence(&sentence, true, true, &mut all);
            assert_eq!(fast, all, "{}", sentence.text);
            stated += all.len();
        }
        assert!(stated > 20, "{stated}");
    }

    #[test]
    fn the_search_finds_what_regex_finds_in_the_corpus() {
        let corpus: Vec<String> = crate::model::corpus_documents()
            .iter()
            .flat_map(|d| sentences(d).into_iter().map(|s| s.text))
            .collect();
        assert!(corpus.len() > 100, "{}", corpus.len());
        let mut matched = 0;
        for a in anchored_patterns() {
            let regex = regex::Regex::new(a.pattern()).expect("regex");
            for sentence in &corpus {
                crate::lite::assert_finds_what_regex_finds(a, &regex, sentence);
                matched += usize::from(regex.is_match(sentence));
            }
        }
        // The comparison saw matches, not only their absence.
        assert!(matched > 50, "{matched}");
    }

    proptest::proptest! {
        #[test]
        fn part_pieces_are_what_the_regex_reads(
            text in crate::lite::near_matches(&[PART_PATTERN])
        ) {
            static PART: LazyLock<regex::Regex> =
                LazyLock::new(|| regex::Regex::new(PART_PATTERN).expect("regex"));
            let by_regex = PART.captures(&text).map(|c| {
                let digits = c.get(2).expect("digits");
                (c.get(1).expect("label").as_str(), digits.start(), digits.as_str(), c.get(3).expect("unit").as_str())
            });
            proptest::prop_assert_eq!(part_pieces(&text), by_regex, "{:?}", text);
        }
    }

    #[test]
    fn part_pieces_read_with_or_without_the_leading_words() {
        let regex = regex::Regex::new(PART_PATTERN).expect("regex");
        for text in [
            "其中5件",
            "其中依申请5件",
            "自然人申请292件",
            "其中a1b2件",
            "其中，5件",
            "5件",
            "其中一二三四五六七八九十一二三四五六七八九十一二三四5件",
            "x\n5件",
            "其中x5%件",
            "其中x5件件",
            "其中x５件",
            "其中x5",
        ] {
            let by_regex = regex.captures(text).map(|c| {
                let digits = c.get(2).expect("digits");
                (
                    c.get(1).expect("label").as_str(),
                    digits.start(),
                    digits.as_str(),
                    c.get(3).expect("unit").as_str(),
                )
            });
            assert_eq!(part_pieces(text), by_regex, "{text:?}");
        }
        assert_eq!(part_pieces("其中5件"), Some(("其中", 6, "5", "件")));
    }

    /// The regex [`part_pieces`] reads as.
    const PART_PATTERN: &str =
        r"^(?:其中)?([^，,；;()（）0-9%]{1,24}?)([0-9]+)(件|份|宗|个|起|次|例|条|篇|项)$";

    #[test]
    fn requests_stated_in_prose() {
        assert_eq!(
            facts(&[
                "2024 年，全市共受理政府信息公开申请 3119 件，答",
                "复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度",
                "答复），均在法定期限内予以答复。政府信息公开行政复议 351",
                "件。",
            ]),
            vec![
                ("prose.requests.received", 3119, 1),
                ("prose.requests.answered", 3050, 2),
                ("prose.requests.carried_over", 34, 2),
                ("prose.requests.carried_forward", 103, 2),
                ("prose.review.total", 351, 3),
            ]
        );
    }

    #[test]
    fn carried_over_is_not_also_read_as_received() {
        assert_eq!(
            facts(&["全年收到政府信息公开申请34件，上年结转政府信息公开申请2件。"]),
            vec![
                ("prose.requests.received", 34, 1),
                ("prose.requests.carried_over", 2, 1),
            ]
        );
    }

    #[test]
    fn parts_follow_their_total() {
        assert_eq!(
            facts(&["本年度公开政府信息 431 条，其中政府网站发布 222 条，微信公众号发布 209 条。"]),
            vec![
                ("prose.active.published", 431, 1),
                ("prose.part", 222, 1),
                ("prose.part", 209, 1),
            ]
        );
        let f = extract(&doc(&[
            "政府信息公开行政诉讼46件，其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。",
        ]));
        let parts: Vec<i64> = f
            .iter()
            .filter(|f| f.key == "prose.part")
            .map(|f| match f.value {
                Number::Int(v) => v,
                Number::Decimal(_) => -1,
            })
            .collect();
        assert_eq!(parts, vec![25, 5, 9, 7]);
        assert_eq!(f[0].key, "prose.litigation.total");
        assert_eq!(f[1].part_of.as_deref(), Some("行政诉讼46件：结果维持"));
    }

    #[test]
    fn a_list_of_parts_ends_at_other_words() {
        let f = facts(&[
            "共公布政府信息2602条(其中机构职能类信息82条，其他信息20条)，对于主动公开的信息5条。",
        ]);
        assert_eq!(
            f[..3],
            [
                ("prose.active.published", 2602, 1),
                ("prose.part", 82, 1),
                ("prose.part", 20, 1),
            ]
        );
    }

    #[test]
    fn a_part_label_may_hold_a_pause_mark() {
        let f = facts(&[
            "共公布政府信息2602条(其中机构职能类信息82条，政策、规范性文件类信息80条，其他应主动公开政府信息1053条)。",
        ]);
        assert_eq!(
            f,
            [
                ("prose.active.published", 2602, 1),
                ("prose.part", 82, 1),
                ("prose.part", 80, 1),
                ("prose.part", 1053, 1),
            ]
        );
        let f =
            facts(&["新收政府信息公开申请467件，其中自然人申请292件、法人或其他组织申请175件。"]);
        assert_eq!(f.len(), 3, "{f:?}");
    }

    #[test]
    fn none_stated_is_zero() {
        assert_eq!(
            facts(&[
                "没有上年结转继续办理事项，也没有结转至下一年度办理事项。",
                "本年度我局没有政府信息公开行政复议和政府信息公开行政诉讼等情况。",
                "本年度未收到政府信息公开申请。",
            ]),
            vec![
                ("prose.requests.carried_over", 0, 1),
                ("prose.requests.carried_forward", 0, 1),
                ("prose.review.total", 0, 2),
                ("prose.litigation.total", 0, 2),
                ("prose.requests.received", 0, 3),
            ]
        );
        // 无一例被纠正 is about outcomes, not a statement that there was no review.
        assert_eq!(
            facts(&["行政复议无一例被纠正，无行政诉讼被诉败诉情况。"]),
            vec![]
        );
    }

    #[test]
    fn an_outcome_is_not_the_applications_answered() {
        assert_eq!(
            facts(&["申请中同意公开答复9件，部分公开答复0件，不予公开答复2件；办理完毕472件。"]),
            vec![("prose.requests.answered", 472, 1)]
        );
    }

    #[test]
    fn words_around_a_count_can_make_it_another_count() {
        for sentence in [
            "本年度已办结政府信息公开申请564件，未办结5件。",
            "截至12月31日尚未答复5件。",
            "本年度逾期答复0件，延期答复3件，当场答复10件。",
            "本年度不予受理申请3件。",
            "本年度受理行政许可申请6430件。",
            "本年度收到信访申请20件。",
            "本年度网上受理申请300件，当面受理申请261件。",
            "本年度未收到因政府信息公开申请引起的行政复议。",
            "本年度无逾期未受理申请的情况。",
            "无论是行政复议还是行政诉讼，我办均积极应对。",
            "对无法提供信息引起的行政复议积极应诉。",
            "通过政府网站发布信息3050条。",
            "依申请公开信息25件。",
        ] {
            let keys: Vec<&str> = facts(&[sentence]).iter().map(|f| f.0).collect();
            let allowed = ["prose.requests.answered"];
            assert!(
                keys.iter().all(|k| allowed.contains(k)) && keys.len() <= 1,
                "{sentence}: {keys:?}"
            );
        }
        assert_eq!(
            facts(&["本年度已办结政府信息公开申请564件，未办结5件。"]),
            [("prose.requests.answered", 564, 1)]
        );
        // The review count is still read when 申请 is a review's.
        assert_eq!(
            facts(&["本年度受理行政复议申请2件。"]),
            [("prose.review.total", 2, 1)]
        );
    }

    #[test]
    fn a_list_of_parts_ends_where_other_counts_begin() {
        let f = facts(&[
            "本年度共收到政府信息公开申请561件，其中自然人申请349件，法人或其他组织申请212件，上年结转8件，办结564件，结转下年度5件。",
        ]);
        assert_eq!(
            f,
            [
                ("prose.requests.received", 561, 1),
                ("prose.part", 349, 1),
                ("prose.part", 212, 1),
                ("prose.requests.carried_over", 8, 1),
                ("prose.requests.answered", 564, 1),
                ("prose.requests.carried_forward", 5, 1),
            ]
        );
        let f = facts(&["收到申请561件，其中自然人申请349件，法人申请212件，较上年减少30件。"]);
        assert_eq!(f.len(), 3, "{f:?}");
    }

    #[test]
    fn a_part_is_placed_where_its_number_is() {
        let f = extract(&doc(&[
            "本年度新收政府信息公开申请 561 件，其中自然人申请",
            "349 件，法人申请 212 件。",
        ]));
        assert_eq!(f[1].line, 2);
    }

    #[test]
    fn in_force_without_a_subject_counts_what_the_sentence_names() {
        assert_eq!(
            facts(&["本年度制发行政规范性文件9件，废止2件，现行有效127件。"]),
            [("prose.active.in_force.normative_documents", 127, 1)]
        );
    }

    #[test]
    fn prose_split_by_a_run_of_spaces_is_still_prose() {
        assert_eq!(
            facts(&["本年度共收到政府信息公开申请\t999件，上年结转8件。"]),
            [
                ("prose.requests.received", 999, 1),
                ("prose.requests.carried_over", 8, 1)
            ]
        );
    }

    #[test]
    fn table_rows_are_not_prose() {
        assert_eq!(
            facts(&["一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1"]),
            vec![]
        );
    }
}
