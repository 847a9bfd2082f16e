//! Reports before the 2019 template: free form, with the key numbers read into facts.
//!
//! Two sources, one set of keys (`docs/codebook-legacy.tsv`):
//! - the prose (主动公开政府信息 N 条, 收到申请 N 件, 收取费用 N 元 …), read by the same
//!   sentence patterns as the national reports' facts ([`crate::facts`]) plus the outcomes and
//!   fees that only the old outline reports;
//! - the 统计表 that many reports from 2014 on attach (指标 | 单位 | 数量): every row is a fact,
//!   under its stable key when the row is one of the standard 指标 ([`STATS`]), else under
//!   `legacy.stats.other` with its label.
//!
//! The sums the 统计表 states (收到申请数 = 当面 + 传真 + 网络 + 信函 …) are declared with the
//! rows ([`SUMS`]) and checked by the audit.

use std::sync::LazyLock;

use crate::audit::json_number as json;
use crate::facts::{Fact, Source, Stretch};
use crate::finding::{Finding, Severity};
use crate::lite::Anchored;
use crate::model::Document;
use crate::normalize::{dice_at_least, fold, strip_numbering};
use crate::value::{Number, parse_cell};

/// One 指标 of the standard 统计表: its key, block, label as printed and unit.
pub struct Stat {
    pub key: &'static str,
    /// The top-level row this one belongs under (其他情形数 is under 行政复议, 行政诉讼 and
    /// 举报投诉 alike: the block tells them apart).
    pub block: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    /// A block's own row: its heading (no unit) or its total (行政复议数量, 收取的费用). Only
    /// such a row changes the block the rows after it are read in.
    pub head: bool,
}

const fn stat(
    key: &'static str,
    block: &'static str,
    label: &'static str,
    unit: &'static str,
) -> Stat {
    Stat {
        key,
        block,
        label,
        unit,
        head: unit.is_empty(),
    }
}

/// The row that both opens a block and counts it.
const fn block_total(
    key: &'static str,
    block: &'static str,
    label: &'static str,
    unit: &'static str,
) -> Stat {
    Stat {
        head: true,
        ..stat(key, block, label, unit)
    }
}

/// The standard 政府信息公开情况统计表 (2014–2018), in its printed order. Block rows name
/// themselves as their block.
pub static STATS: &[Stat] = &[
    stat("legacy.active", "active", "主动公开情况", ""),
    stat("legacy.active.total", "active", "主动公开政府信息数", "条"),
    stat(
        "legacy.active.normative_documents",
        "active",
        "主动公开规范性文件数",
        "条",
    ),
    stat(
        "legacy.active.normative_documents_issued",
        "active",
        "制发规范性文件总数",
        "件",
    ),
    stat(
        "legacy.active.channels",
        "active",
        "通过不同渠道和方式公开政府信息的情况",
        "",
    ),
    stat(
        "legacy.active.channel.gazette",
        "active",
        "政府公报公开政府信息数",
        "条",
    ),
    stat(
        "legacy.active.channel.website",
        "active",
        "政府网站公开政府信息数",
        "条",
    ),
    stat(
        "legacy.active.channel.weibo",
        "active",
        "政务微博公开政府信息数",
        "条",
    ),
    stat(
        "legacy.active.channel.wechat",
        "active",
        "政务微信公开政府信息数",
        "条",
    ),
    stat(
        "legacy.active.channel.other",
        "active",
        "其他方式公开政府信息数",
        "条",
    ),
    stat("legacy.response", "response", "回应解读情况", ""),
    stat(
        "legacy.response.hot_topics",
        "response",
        "回应公众关注热点或重大舆情数",
        "次",
    ),
    stat(
        "legacy.response.channels",
        "response",
        "通过不同渠道和方式回应解读的情况",
        "",
    ),
    stat(
        "legacy.response.press_conferences",
        "response",
        "参加或举办新闻发布会总次数",
        "次",
    ),
    stat(
        "legacy.response.press_conferences_by_heads",
        "response",
        "主要负责同志参加新闻发布会次数",
        "次",
    ),
    stat(
        "legacy.response.online_interviews",
        "response",
        "政府网站在线访谈次数",
        "次",
    ),
    stat(
        "legacy.response.online_interviews_by_heads",
        "response",
        "主要负责同志参加政府网站在线访谈次数",
        "次",
    ),
    stat(
        "legacy.response.policy_interpretations",
        "response",
        "政策解读稿件发布数",
        "篇",
    ),
    stat(
        "legacy.response.weibo_wechat",
        "response",
        "微博微信回应事件数",
        "次",
    ),
    stat(
        "legacy.response.other",
        "response",
        "其他方式回应事件数",
        "次",
    ),
    stat("legacy.requests", "requests", "依申请公开情况", ""),
    stat("legacy.requests.received", "requests", "收到申请数", "件"),
    stat(
        "legacy.requests.received.in_person",
        "requests",
        "当面申请数",
        "件",
    ),
    stat(
        "legacy.requests.received.fax",
        "requests",
        "传真申请数",
        "件",
    ),
    stat(
        "legacy.requests.received.online",
        "requests",
        "网络申请数",
        "件",
    ),
    stat(
        "legacy.requests.received.letter",
        "requests",
        "信函申请数",
        "件",
    ),
    stat("legacy.requests.closed", "requests", "申请办结数", "件"),
    stat(
        "legacy.requests.closed.on_time",
        "requests",
        "按时办结数",
        "件",
    ),
    stat(
        "legacy.requests.closed.extended",
        "requests",
        "延期办结数",
        "件",
    ),
    stat("legacy.requests.answered", "requests", "申请答复数", "件"),
    stat(
        "legacy.requests.answered.already_public",
        "requests",
        "属于已主动公开范围数",
        "件",
    ),
    stat(
        "legacy.requests.answered.granted",
        "requests",
        "同意公开答复数",
        "件",
    ),
    stat(
        "legacy.requests.answered.partially_granted",
        "requests",
        "同意部分公开答复数",
        "件",
    ),
    stat(
        "legacy.requests.answered.denied",
        "requests",
        "不同意公开答复数",
        "件",
    ),
    stat(
        "legacy.requests.denied.state_secret",
        "requests",
        "涉及国家秘密",
        "件",
    ),
    stat(
        "legacy.requests.denied.trade_secret",
        "requests",
        "涉及商业秘密",
        "件",
    ),
    stat(
        "legacy.requests.denied.privacy",
        "requests",
        "涉及个人隐私",
        "件",
    ),
    stat(
        "legacy.requests.denied.security_stability",
        "requests",
        "危及国家安全、公共安全、经济安全和社会稳定",
        "件",
    ),
    stat(
        "legacy.requests.denied.not_government_information",
        "requests",
        "不是《条例》所指政府信息",
        "件",
    ),
    stat(
        "legacy.requests.denied.other_law",
        "requests",
        "法律法规规定的其他情形",
        "件",
    ),
    stat(
        "legacy.requests.answered.not_this_agency",
        "requests",
        "不属于本行政机关公开数",
        "件",
    ),
    stat(
        "legacy.requests.answered.not_exist",
        "requests",
        "申请信息不存在数",
        "件",
    ),
    stat(
        "legacy.requests.answered.amend",
        "requests",
        "告知作出更改补充数",
        "件",
    ),
    stat(
        "legacy.requests.answered.other_channel",
        "requests",
        "告知通过其他途径办理数",
        "件",
    ),
    block_total("legacy.review.total", "review", "行政复议数量", "件"),
    stat("legacy.review.upheld", "review", "维持具体行政行为数", "件"),
    stat("legacy.review.corrected", "review", "被依法纠错数", "件"),
    stat("legacy.review.other", "review", "其他情形数", "件"),
    block_total(
        "legacy.litigation.total",
        "litigation",
        "行政诉讼数量",
        "件",
    ),
    stat(
        "legacy.litigation.upheld",
        "litigation",
        "维持具体行政行为或者驳回原告诉讼请求数",
        "件",
    ),
    stat(
        "legacy.litigation.corrected",
        "litigation",
        "被依法纠错数",
        "件",
    ),
    stat("legacy.litigation.other", "litigation", "其他情形数", "件"),
    block_total(
        "legacy.complaints.total",
        "complaints",
        "举报投诉数量",
        "件",
    ),
    stat(
        "legacy.complaints.upheld",
        "complaints",
        "维持具体行政行为数",
        "件",
    ),
    stat(
        "legacy.complaints.corrected",
        "complaints",
        "被纠错数",
        "件",
    ),
    stat("legacy.complaints.other", "complaints", "其他情形数", "件"),
    block_total(
        "legacy.fees.amount",
        "fees",
        "依申请公开信息收取的费用",
        "万元",
    ),
    stat("legacy.staff", "staff", "机构建设和保障经费情况", ""),
    stat(
        "legacy.staff.offices",
        "staff",
        "政府信息公开工作专门机构数",
        "个",
    ),
    stat(
        "legacy.staff.reading_rooms",
        "staff",
        "设置政府信息公开查阅点数",
        "个",
    ),
    stat(
        "legacy.staff.people",
        "staff",
        "从事政府信息公开工作人员数",
        "人",
    ),
    stat("legacy.staff.full_time", "staff", "专职人员数", "人"),
    stat("legacy.staff.part_time", "staff", "兼职人员数", "人"),
    stat(
        "legacy.staff.budget",
        "staff",
        "政府信息公开专项经费",
        "万元",
    ),
    stat(
        "legacy.training",
        "training",
        "政府信息公开会议和培训情况",
        "",
    ),
    stat(
        "legacy.training.meetings",
        "training",
        "召开政府信息公开工作会议或专题会议数",
        "次",
    ),
    stat(
        "legacy.training.courses",
        "training",
        "举办各类培训班数",
        "次",
    ),
    stat(
        "legacy.training.trainees",
        "training",
        "接受培训人员数",
        "人次",
    ),
];

/// Totals the 统计表 states and the rows that make them up. `exact`: the parts are the whole
/// (收到申请数 = 当面 + 传真 + 网络 + 信函); otherwise the parts are 其中 and may only not exceed it.
pub struct Sum {
    pub total: &'static str,
    pub parts: &'static [&'static str],
    pub exact: bool,
}

pub static SUMS: &[Sum] = &[
    Sum {
        total: "legacy.requests.received",
        parts: &[
            "legacy.requests.received.in_person",
            "legacy.requests.received.fax",
            "legacy.requests.received.online",
            "legacy.requests.received.letter",
        ],
        exact: true,
    },
    Sum {
        total: "legacy.requests.closed",
        parts: &[
            "legacy.requests.closed.on_time",
            "legacy.requests.closed.extended",
        ],
        exact: true,
    },
    Sum {
        total: "legacy.requests.answered",
        parts: &[
            "legacy.requests.answered.already_public",
            "legacy.requests.answered.granted",
            "legacy.requests.answered.partially_granted",
            "legacy.requests.answered.denied",
            "legacy.requests.answered.not_this_agency",
            "legacy.requests.answered.not_exist",
            "legacy.requests.answered.amend",
            "legacy.requests.answered.other_channel",
        ],
        exact: true,
    },
    Sum {
        total: "legacy.requests.answered.denied",
        parts: &[
            "legacy.requests.denied.state_secret",
            "legacy.requests.denied.trade_secret",
            "legacy.requests.denied.privacy",
            "legacy.requests.denied.security_stability",
            "legacy.requests.denied.not_government_information",
            "legacy.requests.denied.other_law",
        ],
        exact: false,
    },
    Sum {
        total: "legacy.review.total",
        parts: &[
            "legacy.review.upheld",
            "legacy.review.corrected",
            "legacy.review.other",
        ],
        exact: true,
    },
    Sum {
        total: "legacy.litigation.total",
        parts: &[
            "legacy.litigation.upheld",
            "legacy.litigation.corrected",
            "legacy.litigation.other",
        ],
        exact: true,
    },
    Sum {
        total: "legacy.complaints.total",
        parts: &[
            "legacy.complaints.upheld",
            "legacy.complaints.corrected",
            "legacy.complaints.other",
        ],
        exact: true,
    },
    Sum {
        total: "legacy.staff.people",
        parts: &["legacy.staff.full_time", "legacy.staff.part_time"],
        exact: true,
    },
    Sum {
        total: "legacy.active.total",
        parts: &["legacy.active.normative_documents"],
        exact: false,
    },
];

/// Prose keys of the national facts and what they are called in a legacy report.
const PROSE_KEYS: &[(&str, &str)] = &[
    ("prose.requests.received", "legacy.requests.received"),
    ("prose.requests.answered", "legacy.requests.answered"),
    ("prose.review.total", "legacy.review.total"),
    ("prose.litigation.total", "legacy.litigation.total"),
    ("prose.active.published", "legacy.active.total"),
];

/// Patterns only the old outline's prose has: outcomes by kind, fees, channels.
pub(crate) static LEGACY_PROSE: LazyLock<Vec<(&'static str, Anchored)>> = LazyLock::new(|| {
    let r = |key, starts, re: &str| (key, Anchored::new(re, starts));
    vec![
        r(
            "legacy.requests.answered.partially_granted",
            &["同意部分公开", "部分公开"],
            r"(?:同意)?部分公开(?:的)?(?:答复)?(?:共)?([0-9]+)(件)",
        ),
        r(
            "legacy.requests.answered.granted",
            &["同意公开", "予以公开"],
            r"(?:同意|予以)公开(?:的)?(?:答复)?(?:共)?([0-9]+)(件)",
        ),
        r(
            "legacy.requests.answered.denied",
            &["不予以公开", "不予公开", "不同意公开"],
            r"(?:不予以|不予|不同意)公开(?:的)?(?:答复)?(?:共)?([0-9]+)(件)",
        ),
        r(
            "legacy.requests.answered.not_exist",
            &["申请信息不存在", "申请的信息不存在", "信息不存在"],
            r"(?:申请的?)?信息不存在(?:的)?(?:共)?([0-9]+)(件)",
        ),
        r(
            "legacy.requests.answered.not_this_agency",
            &["不属于本机关", "不属于本行政机关"],
            r"不属于本(?:行政)?机关(?:公开|掌握)?(?:范围)?(?:的)?(?:共)?([0-9]+)(件)",
        ),
        (
            "legacy.fees.amount",
            Anchored::new(
                r"(?:收取|收费)[^，,。；;0-9]{0,16}?(?:费用|费)?(?:共|合计)?([0-9]+(?:\.[0-9]+)?)(万元|元)",
                &["收取", "收费"],
            )
            .ending(&["元"]),
        ),
        r(
            "legacy.active.channel.website",
            &["通过政府门户网站", "通过政府网站", "通过门户网站", "通过网站", "政府门户网站", "政府网站", "门户网站", "网站"],
            r"(?:通过)?(?:政府)?(?:门户)?网站(?:公开|发布)(?:政府)?(?:信息)?(?:共)?([0-9]+)(条)",
        ),
        r(
            "legacy.active.channel.gazette",
            &["政府公报"],
            r"政府公报(?:公开|发布|刊登)?(?:政府)?(?:信息|文件)?(?:共)?([0-9]+)(条|期|件)",
        ),
    ]
});

/// 未收取任何费用 / 没有收取费用: the fee is 0.
pub(crate) static NO_FEES: LazyLock<Anchored> = LazyLock::new(|| {
    Anchored::new(
        r"(?:未|没有|不)收取(?:任何)?(?:费用|检索费|复制费)|(?:未|没有)(?:发生|产生)?(?:收费|收取费用)|均未收费|免费提供",
        &[
            "未收",
            "未发生",
            "未产生",
            "没有收",
            "没有发生",
            "没有产生",
            "不收取",
            "均未收费",
            "免费提供",
        ],
    )
});

/// The legacy facts: the prose ones under legacy keys, legacy-only prose, and the 统计表.
pub fn facts(doc: &Document, sentences: &[Stretch], prose: Vec<Fact>) -> Vec<Fact> {
    let mut out: Vec<Fact> = prose
        .into_iter()
        .filter_map(|mut f| {
            if f.key == "prose.part" {
                return Some(f);
            }
            let (_, legacy) = PROSE_KEYS.iter().find(|(p, _)| *p == f.key)?;
            f.key = legacy;
            Some(f)
        })
        .collect();
    for stretch in sentences {
        for (key, regex) in LEGACY_PROSE.iter() {
            for caps in regex.captures_iter(&stretch.text) {
                let (Some(number), Some(unit)) = (caps.get(1), caps.get(2)) else {
                    continue;
                };
                let Some(value) = number_of(number.as_str()) else {
                    continue;
                };
                let whole = caps.get(0).map_or("", |m| m.as_str());
                let before = &stretch.text[..caps.get(0).map_or(0, |m| m.start())];
                // 不同意公开 / 不予以公开 are refusals, not grants; 每页 0.5 元 is a rate, not
                // the fees taken.
                if (before.ends_with('不') && *key != "legacy.requests.answered.denied")
                    || (*key == "legacy.fees.amount"
                        && (whole.contains('每') || whole.contains("标准")))
                {
                    continue;
                }
                let (page, line) = stretch.position(number.start());
                out.push(Fact {
                    key,
                    value,
                    unit: unit.as_str().to_string(),
                    raw: whole.to_string(),
                    part_of: None,
                    label: None,
                    source: Source::Prose,
                    sentence: stretch.text.clone(),
                    page,
                    line,
                });
            }
        }
        if let Some(m) = NO_FEES.find(&stretch.text)
            && !out.iter().any(|f| f.key == "legacy.fees.amount")
        {
            let (page, line) = stretch.position(m.start());
            out.push(Fact {
                key: "legacy.fees.amount",
                value: Number::Int(0),
                unit: String::new(),
                raw: m.as_str().to_string(),
                part_of: None,
                label: None,
                source: Source::Prose,
                sentence: stretch.text.clone(),
                page,
                line,
            });
        }
    }
    // No sorting: a total and the parts after it stay together (the audit reads them so).
    out.extend(stats_table(doc));
    out
}

fn number_of(text: &str) -> Option<Number> {
    match parse_cell(text).number()? {
        Number::Int(i) => Some(Number::Int(i)),
        Number::Decimal(d) => Some(Number::Decimal(d)),
    }
}

static STATS_FOLDED: LazyLock<Vec<String>> =
    LazyLock::new(|| STATS.iter().map(|s| fold(s.label)).collect());

/// Units a 统计表 prints in its 单位 column.
const UNITS: &[&str] = &[
    "条", "件", "次", "篇", "个", "人", "人次", "万元", "元", "项", "期",
];

/// Reads the 统计表: rows of label, unit and value after a line naming it (统计表, or a header
/// 指标 … 单位 … 数量).
fn stats_table(doc: &Document) -> Vec<Fact> {
    // A line naming the table (统计表, or a header 指标 … 单位) that rows of cells follow. The
    // prose may name the table earlier (详见附件统计表) and a small table may follow that
    // mention: every start is tried, and the one that reads the most standard 指标 wins.
    let names_table = |l: &crate::model::Line| {
        l.folded.contains("统计表") || (l.folded.contains("单位") && l.folded.contains("指标"))
    };
    (0..doc.lines.len())
        .filter(|&i| {
            names_table(&doc.lines[i])
                && doc.lines[i + 1..]
                    .iter()
                    .filter(|l| !l.is_blank())
                    .take(3)
                    .any(|l| l.cells.len() > 1)
        })
        .map(|start| stats_from(doc, start + 1))
        .max_by_key(|facts| facts.iter().filter(|f| f.key != OTHER).count())
        .unwrap_or_default()
}

const OTHER: &str = "legacy.stats.other";

/// Reads 统计表 rows from line `start` on, until prose or more than three rows without a value.
fn stats_from(doc: &Document, start: usize) -> Vec<Fact> {
    let mut facts = Vec::new();
    let mut block: Option<&'static str> = None;
    let mut misses = 0;
    for line in &doc.lines[start..] {
        if line.is_blank() {
            continue;
        }
        let cells: Vec<&str> = line
            .cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        // The label is the first cell that is not a number: a 序号 column may come first.
        let Some(at) = cells.iter().position(|c| number_of(c).is_none()) else {
            continue;
        };
        let (label, rest) = (cells[at], &cells[at + 1..]);
        let unit = rest
            .iter()
            .find(|c| UNITS.contains(&fold(c).as_str()))
            .copied();
        let value = rest
            .iter()
            .rev()
            .find_map(|c| number_of(c).map(|n| (n, *c)));
        let folded_label = fold(label);
        let label_folded = strip_numbering(&folded_label)
            .trim_start_matches("其中")
            .trim_start_matches([':', '：']);
        let matched = best_stat(label_folded, block);
        // Only a block's own row (四、行政复议数量, with or without a value) changes the block:
        // a row of another block's words inside this one is read in this one.
        if let Some(stat) = matched
            && stat.head
        {
            block = Some(stat.block);
            misses = 0;
            if stat.unit.is_empty() {
                continue;
            }
        }
        let Some((number, raw)) = value else {
            // Prose after the table ends it.
            if rest.is_empty() && label.chars().count() > 40 {
                break;
            }
            misses += 1;
            if misses > 3 {
                break;
            }
            continue;
        };
        misses = 0;
        facts.push(Fact {
            key: matched.map_or(OTHER, |s| s.key),
            value: number,
            unit: unit.map(str::to_string).unwrap_or_default(),
            raw: raw.to_string(),
            part_of: None,
            label: Some(label.to_string()),
            source: Source::Table,
            sentence: line.text.trim().to_string(),
            page: line.page,
            line: line.number,
        });
    }
    facts
}

/// The standard 指标 a label names. Inside a block, only that block's rows and the blocks' own
/// rows are candidates (其他情形数 is under 行政复议, 行政诉讼 and 举报投诉 alike), and a
/// variant wording is accepted more readily there (被纠错数 for 被依法纠错数).
fn best_stat(label: &str, block: Option<&str>) -> Option<&'static Stat> {
    STATS
        .iter()
        .zip(STATS_FOLDED.iter())
        .filter(|(stat, _)| stat.head || block.is_none_or(|b| b == stat.block))
        .filter_map(|(stat, folded)| {
            let in_block = block == Some(stat.block) && !stat.head;
            let score = if label == folded || label.starts_with(folded.as_str()) {
                1.0
            } else {
                dice_at_least(label, folded, if in_block { 0.5 } else { 0.75 })?
            };
            Some((score, stat))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, s)| s)
}

/// The sums a legacy report's 统计表 states, and its prose against its 统计表.
pub fn audit(facts: &[Fact]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let table = |key: &str| {
        facts
            .iter()
            .find(|f| f.source == Source::Table && f.key == key)
    };
    for sum in SUMS {
        let Some(total) = table(sum.total) else {
            continue;
        };
        let parts: Vec<&Fact> = sum.parts.iter().filter_map(|k| table(k)).collect();
        if parts.len() != sum.parts.len() && sum.exact {
            continue;
        }
        if parts.is_empty() {
            continue;
        }
        let added: f64 = parts.iter().map(|p| p.value.as_f64()).sum();
        let stated = total.value.as_f64();
        let wrong = if sum.exact {
            (added - stated).abs() > 1e-9
        } else {
            added > stated + 1e-9
        };
        if !wrong {
            continue;
        }
        let keys: Vec<&str> = parts.iter().map(|p| p.key).collect();
        let label = total.label.as_deref().unwrap_or(sum.total);
        let (added_j, stated_j) = (json(added), json(stated));
        let (zh, en) = if sum.exact {
            ("之和", "add up to")
        } else {
            ("之和超过总数", "add up to more than the total")
        };
        findings.push(
            Finding::new(
                "legacy.total",
                Severity::Error,
                format!(
                    "统计表「{label}」为 {stated_j}，而其分项 {} {zh} {added_j}",
                    keys.join(" + ")
                ),
                format!(
                    "the 统计表 row 「{label}」 says {stated_j}, but its parts {} {en} {added_j}",
                    keys.join(" + ")
                ),
            )
            .keys(std::iter::once(sum.total).chain(keys.iter().copied()))
            .values(stated_j, added_j)
            .at(total.page, total.line),
        );
    }
    for fact in facts
        .iter()
        .filter(|f| f.source == Source::Prose && f.key != "prose.part")
    {
        let Some(row) = table(fact.key) else { continue };
        // Fees in 元 against a table in 万元 are not compared; "no fee" (0) is, in any unit.
        if fact.key == "legacy.fees.amount" && fact.unit != row.unit && fact.value.as_f64() != 0.0 {
            continue;
        }
        if (fact.value.as_f64() - row.value.as_f64()).abs() < 1e-9 {
            continue;
        }
        let (said, has) = (json(fact.value.as_f64()), json(row.value.as_f64()));
        let (raw, label) = (&fact.raw, row.label.as_deref().unwrap_or(row.key));
        findings.push(
            Finding::new(
                "prose.table_mismatch",
                Severity::Warning,
                format!("正文称「{raw}」，统计表「{label}」为 {has}（第 {} 页第 {} 行）", row.page, row.line),
                format!(
                    "the text says 「{raw}」 but the 统计表 row 「{label}」 has {has} (page {}, line {})",
                    row.page, row.line
                ),
            )
            .keys([fact.key])
            .values(said, has)
            .at(fact.page, fact.line),
        );
    }
    findings
}

/// The codebook's legacy part as shipped in `docs/codebook-legacy.tsv`.
pub const CODEBOOK_LEGACY_TSV: &str = include_str!("../docs/codebook-legacy.tsv");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legacy_codebook_lists_every_stat() {
        let listed: Vec<(&str, &str, &str, &str)> = CODEBOOK_LEGACY_TSV
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                Some((*f.first()?, *f.get(1)?, *f.get(2)?, *f.get(3)?))
            })
            .filter(|r| r.0 != "legacy.stats.other")
            .collect();
        let declared: Vec<(&str, &str, &str, &str)> = STATS
            .iter()
            .map(|s| (s.key, s.block, s.label, s.unit))
            .collect();
        assert_eq!(listed, declared);
        for sum in SUMS {
            for key in std::iter::once(sum.total).chain(sum.parts.iter().copied()) {
                assert!(STATS.iter().any(|s| s.key == key), "{key}");
            }
        }
    }

    fn doc(text: &str) -> Document {
        crate::backend::text::split(text, "UTF-8")
    }

    fn table_keys(text: &str) -> Vec<(&'static str, String)> {
        stats_table(&doc(text))
            .into_iter()
            .map(|f| (f.key, f.value.to_string()))
            .collect()
    }

    #[test]
    fn rows_stay_in_their_block_whatever_their_words() {
        let keys = table_keys(
            "统计表\n统计指标\t单位\t统计数\n四、行政复议数量\t件\t\n（一）维持具体行政行为数\t件\t1\n\
             （二）被纠错数\t件\t0\n（三）其他情形数\t件\t1\n五、行政诉讼数量\t件\t1\n\
             （一）维持具体行政行为或者驳回原告诉讼请求数\t件\t1\n（二）被纠错数\t件\t0\n",
        );
        assert_eq!(
            keys,
            [
                ("legacy.review.upheld", "1".into()),
                ("legacy.review.corrected", "0".into()),
                ("legacy.review.other", "1".into()),
                ("legacy.litigation.total", "1".into()),
                ("legacy.litigation.upheld", "1".into()),
                ("legacy.litigation.corrected", "0".into()),
            ]
        );
    }

    #[test]
    fn a_serial_column_and_an_earlier_small_table_do_not_hide_the_table() {
        let keys = table_keys(
            "详见附件统计表。\n各渠道发布情况如下：\n政府网站\t3050\n政务微博\t1200\n\
             附件：统计表\n序号\t统计指标\t单位\t统计数\n1\t（一）收到申请数\t件\t54\n\
             2\t1.当面申请数\t件\t10\n",
        );
        assert_eq!(
            keys,
            [
                ("legacy.requests.received", "54".into()),
                ("legacy.requests.received.in_person", "10".into()),
            ]
        );
    }

    #[test]
    fn refusals_and_rates_are_not_grants_or_fees() {
        let d = doc(
            "2015年，我局其中同意公开25件，不同意公开6件，不予以公开2件。按照收费标准每页0.5元收取复印费。",
        );
        let keys: Vec<(&str, String)> = facts(&d, &crate::facts::sentences(&d), Vec::new())
            .into_iter()
            .map(|f| (f.key, f.value.to_string()))
            .collect();
        assert_eq!(
            keys,
            [
                ("legacy.requests.answered.granted", "25".into()),
                ("legacy.requests.answered.denied", "6".into()),
                ("legacy.requests.answered.denied", "2".into()),
            ]
        );
    }

    #[test]
    fn a_label_shared_by_blocks_goes_to_the_current_block() {
        assert_eq!(
            best_stat("其他情形数", Some("review")).map(|s| s.key),
            Some("legacy.review.other")
        );
        assert_eq!(
            best_stat("其他情形数", Some("complaints")).map(|s| s.key),
            Some("legacy.complaints.other")
        );
        assert_eq!(
            best_stat("收到申请数", None).map(|s| s.key),
            Some("legacy.requests.received")
        );
        assert_eq!(best_stat("本单位自定义指标", None).map(|s| s.key), None);
    }
}
