//! The national report templates, declared once as data.
//!
//! Every table reader and every audit identity derives from these declarations: the rows and
//! columns with their codebook keys, the label patterns a reader matches printed labels against,
//! and the roles that identities sum over. The codebook (`docs/codebook.tsv`) is the public
//! contract; a test checks that the keys declared here are exactly the codebook's.

use serde::Serialize;

/// A national layout (国办公开办函〔2019〕60号 or 〔2021〕30号).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
pub enum TemplateId {
    #[serde(rename = "2019")]
    Y2019,
    #[serde(rename = "2021")]
    Y2021,
}

impl TemplateId {
    pub const ALL: [TemplateId; 2] = [TemplateId::Y2021, TemplateId::Y2019];

    pub fn as_str(self) -> &'static str {
        match self {
            TemplateId::Y2019 => "2019",
            TemplateId::Y2021 => "2021",
        }
    }

    /// The template a report of this year should use.
    pub fn for_year(year: i32) -> Option<TemplateId> {
        match year {
            2019 | 2020 => Some(TemplateId::Y2019),
            y if y >= 2021 => Some(TemplateId::Y2021),
            _ => None,
        }
    }
}

/// The three statistical tables, by their codebook `table` name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// 表二 主动公开政府信息情况.
    Active,
    /// 表三 收到和处理政府信息公开申请情况.
    Requests,
    /// 表四 政府信息公开行政复议、行政诉讼情况.
    ReviewLitigation,
}

impl Table {
    pub const ALL: [Table; 3] = [Table::Active, Table::Requests, Table::ReviewLitigation];

    /// Whether the 2019 and 2021 templates lay this table out differently (table 四 is the
    /// same in both, so it says nothing about a report's template).
    pub fn tells_templates_apart(self) -> bool {
        self != Table::ReviewLitigation
    }

    pub fn name(self) -> &'static str {
        match self {
            Table::Active => "表二 主动公开政府信息情况",
            Table::Requests => "表三 收到和处理政府信息公开申请情况",
            Table::ReviewLitigation => "表四 政府信息公开行政复议、行政诉讼情况",
        }
    }
}

/// What a value means; identities sum over roles, never over named rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// 一、本年新收.
    New,
    /// 二、上年结转.
    CarriedOver,
    /// One of the outcomes （一）–（六）.
    Outcome,
    /// （七）总计, or a 总计 column.
    Total,
    /// 四、结转下年度继续办理.
    CarriedForward,
    /// A part that a total sums.
    Part,
    /// Not summed by any identity.
    Free,
}

/// How a value may be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A non-negative whole number.
    Count,
    /// A whole number that may be negative (2019's 本年增/减).
    SignedCount,
    /// An amount of money, possibly with a fraction.
    Amount,
}

#[derive(Debug)]
pub struct Column {
    /// The last part of the codebook key.
    pub key: &'static str,
    /// The label as the template prints it.
    pub label: &'static str,
    /// Other printed forms that are not typos.
    pub aliases: &'static [&'static str],
    pub role: Role,
    pub unit: Unit,
    /// Words in a cell's note that tie a stray annotated value to this column.
    pub note_hints: &'static [&'static str],
}

#[derive(Debug)]
pub struct Row {
    /// The codebook key up to the column part.
    pub key: &'static str,
    /// The label as the template prints it.
    pub label: &'static str,
    /// Folded substrings that identify the row in a printed label. The first is the whole label
    /// without its outline number, which fragments and typos are compared with.
    pub patterns: &'static [&'static str],
    pub role: Role,
    pub columns: &'static [Column],
}

impl Row {
    pub fn cell_key(&self, column: &Column) -> String {
        let mut key = String::with_capacity(self.key.len() + 1 + column.key.len());
        key.push_str(self.key);
        key.push('.');
        key.push_str(column.key);
        key
    }
}

/// Which way an identity sums.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// For each column, sum the rows with the given roles.
    Rows,
    /// For each row, sum the columns with the given roles.
    Columns,
}

/// A sum the table must satisfy: Σ lhs = Σ rhs.
#[derive(Debug)]
pub struct Identity {
    pub rule: &'static str,
    pub table: Table,
    pub axis: Axis,
    pub lhs: &'static [Role],
    pub rhs: &'static [Role],
    /// What the identity says, in Chinese and in English, for messages.
    pub description: &'static str,
    pub description_en: &'static str,
}

pub const IDENTITIES: &[Identity] = &[
    Identity {
        rule: "requests.balance",
        table: Table::Requests,
        axis: Axis::Rows,
        lhs: &[Role::New, Role::CarriedOver],
        rhs: &[Role::Total, Role::CarriedForward],
        description: "第一项加第二项之和，等于第三项加第四项之和",
        description_en: "items 一 + 二 equal items 三（七）总计 + 四",
    },
    Identity {
        rule: "requests.outcome_sum",
        table: Table::Requests,
        axis: Axis::Rows,
        lhs: &[Role::Total],
        rhs: &[Role::Outcome],
        description: "（七）总计等于（一）至（六）各项处理结果之和",
        description_en: "（七）总计 equals the sum of the outcomes （一）–（六）",
    },
    Identity {
        rule: "requests.row_total",
        table: Table::Requests,
        axis: Axis::Columns,
        lhs: &[Role::Total],
        rhs: &[Role::Part],
        description: "总计等于自然人与五类法人或其他组织之和",
        description_en: "总计 equals 自然人 plus the five 法人或其他组织 columns",
    },
    Identity {
        rule: "review_litigation.total",
        table: Table::ReviewLitigation,
        axis: Axis::Columns,
        lhs: &[Role::Total],
        rhs: &[Role::Part],
        description: "总计等于结果维持、结果纠正、其他结果、尚未审结之和",
        description_en: "总计 equals 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    },
];

const fn col(key: &'static str, label: &'static str, role: Role, unit: Unit) -> Column {
    Column {
        key,
        label,
        aliases: &[],
        role,
        unit,
        note_hints: &[],
    }
}

// ---- 表二 主动公开政府信息情况 ----

const ISSUED: Column = Column {
    note_hints: &["制发", "新制定", "出台"],
    ..col("issued", "本年制发件数", Role::Free, Unit::Count)
};
const REPEALED: Column = Column {
    note_hints: &["废止", "失效", "修订", "修改", "撤销"],
    ..col("repealed", "本年废止件数", Role::Free, Unit::Count)
};
const IN_FORCE: Column = Column {
    note_hints: &["现行有效"],
    ..col("in_force", "现行有效件数", Role::Free, Unit::Count)
};
const DECISIONS_2021: Column = col("decisions", "本年处理决定数量", Role::Free, Unit::Count);
const FEE_AMOUNT: Column = Column {
    aliases: &["本年收费金额"],
    ..col(
        "amount",
        "本年收费金额（单位：万元）",
        Role::Free,
        Unit::Amount,
    )
};
const DOCS_2021: &[Column] = &[ISSUED, REPEALED, IN_FORCE];

const MADE: Column = col("made", "本年新制作数量", Role::Free, Unit::Count);
const PUBLISHED: Column = col("published", "本年新公开数量", Role::Free, Unit::Count);
const TOTAL_PUBLISHED: Column = col("total_published", "对外公开总数量", Role::Free, Unit::Count);
const PRIOR_ITEMS: Column = col("prior_items", "上一年项目数量", Role::Free, Unit::Count);
const CHANGE: Column = Column {
    aliases: &["本年增减"],
    ..col("change", "本年增/减", Role::Free, Unit::SignedCount)
};
const DECISIONS_2019: Column = col("decisions", "处理决定数量", Role::Free, Unit::Count);
const DOCS_2019: &[Column] = &[MADE, PUBLISHED, TOTAL_PUBLISHED];
const ITEMS_2019: &[Column] = &[PRIOR_ITEMS, CHANGE, DECISIONS_2019];

const fn active_row(
    key: &'static str,
    label: &'static str,
    patterns: &'static [&'static str],
    columns: &'static [Column],
) -> Row {
    Row {
        key,
        label,
        patterns,
        role: Role::Free,
        columns,
    }
}

pub static ACTIVE_2021: &[Row] = &[
    active_row("active.regulations", "规章", &["规章"], DOCS_2021),
    active_row(
        "active.normative_documents",
        "行政规范性文件",
        &["行政规范性文件", "规范性文件"],
        DOCS_2021,
    ),
    active_row(
        "active.licensing",
        "行政许可",
        &["行政许可"],
        &[DECISIONS_2021],
    ),
    active_row(
        "active.penalties",
        "行政处罚",
        &["行政处罚"],
        &[DECISIONS_2021],
    ),
    active_row(
        "active.coercion",
        "行政强制",
        &["行政强制"],
        &[DECISIONS_2021],
    ),
    active_row(
        "active.fees",
        "行政事业性收费",
        &["行政事业性收费"],
        &[FEE_AMOUNT],
    ),
];

pub static ACTIVE_2019: &[Row] = &[
    active_row("active.regulations", "规章", &["规章"], DOCS_2019),
    active_row(
        "active.normative_documents",
        "规范性文件",
        &["规范性文件"],
        DOCS_2019,
    ),
    active_row("active.licensing", "行政许可", &["行政许可"], ITEMS_2019),
    active_row(
        "active.other_services",
        "其他对外管理服务事项",
        &["其他对外管理服务事项", "对外管理服务事项"],
        ITEMS_2019,
    ),
    active_row("active.penalties", "行政处罚", &["行政处罚"], ITEMS_2019),
    active_row("active.coercion", "行政强制", &["行政强制"], ITEMS_2019),
    active_row(
        "active.fees",
        "行政事业性收费",
        &["行政事业性收费"],
        &[PRIOR_ITEMS, CHANGE],
    ),
    active_row(
        "active.procurement",
        "政府集中采购",
        &["政府集中采购"],
        &[
            col("items", "采购项目数量", Role::Free, Unit::Count),
            col("amount", "采购总金额", Role::Free, Unit::Amount),
        ],
    ),
];

// ---- 表三 收到和处理政府信息公开申请情况 ----

pub const REQUEST_COLUMNS: &[Column] = &[
    col("natural_person", "自然人", Role::Part, Unit::Count),
    col("commercial", "商业企业", Role::Part, Unit::Count),
    col("research", "科研机构", Role::Part, Unit::Count),
    Column {
        aliases: &["社会组织"],
        ..col("nonprofit", "社会公益组织", Role::Part, Unit::Count)
    },
    col("legal_services", "法律服务机构", Role::Part, Unit::Count),
    col("other_org", "其他", Role::Part, Unit::Count),
    col("total", "总计", Role::Total, Unit::Count),
];

const fn request_row(
    key: &'static str,
    label: &'static str,
    patterns: &'static [&'static str],
    role: Role,
) -> Row {
    Row {
        key,
        label,
        patterns,
        role,
        columns: REQUEST_COLUMNS,
    }
}

const fn outcome(key: &'static str, label: &'static str, patterns: &'static [&'static str]) -> Row {
    request_row(key, label, patterns, Role::Outcome)
}

macro_rules! request_rows {
    ($($other:expr),+ $(,)?) => {
        &[
            request_row(
                "requests.new",
                "一、本年新收政府信息公开申请数量",
                &["本年新收政府信息公开申请数量", "本年新收"],
                Role::New,
            ),
            request_row(
                "requests.carried_over",
                "二、上年结转政府信息公开申请数量",
                &["上年结转政府信息公开申请数量", "上年结转"],
                Role::CarriedOver,
            ),
            outcome("requests.granted", "（一）予以公开", &["予以公开"]),
            outcome(
                "requests.partially_granted",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                &["部分公开(区分处理的,只计这一情形,不计其他情形)", "部分公开"],
            ),
            outcome("requests.denied.state_secret", "1.属于国家秘密", &["属于国家秘密", "国家秘密"]),
            outcome(
                "requests.denied.prohibited_by_law",
                "2.其他法律行政法规禁止公开",
                &["其他法律行政法规禁止公开", "行政法规禁止公开"],
            ),
            outcome(
                "requests.denied.safety_stability",
                "3.危及“三安全一稳定”",
                &["危及\"三安全一稳定\"", "三安全一稳定"],
            ),
            outcome("requests.denied.third_party", "4.保护第三方合法权益", &["保护第三方合法权益", "第三方合法权益"]),
            outcome("requests.denied.internal_affairs", "5.属于三类内部事务信息", &["属于三类内部事务信息", "内部事务信息"]),
            outcome("requests.denied.deliberative", "6.属于四类过程性信息", &["属于四类过程性信息", "过程性信息"]),
            outcome("requests.denied.enforcement_files", "7.属于行政执法案卷", &["属于行政执法案卷", "行政执法案卷"]),
            outcome("requests.denied.query_matters", "8.属于行政查询事项", &["属于行政查询事项", "行政查询事项"]),
            outcome(
                "requests.unavailable.not_held",
                "1.本机关不掌握相关政府信息",
                &["本机关不掌握相关政府信息", "不掌握相关政府信息"],
            ),
            outcome(
                "requests.unavailable.needs_compilation",
                "2.没有现成信息需要另行制作",
                &["没有现成信息需要另行制作", "另行制作"],
            ),
            outcome(
                "requests.unavailable.unclear",
                "3.补正后申请内容仍不明确",
                &["补正后申请内容仍不明确", "仍不明确"],
            ),
            outcome("requests.rejected.petition", "1.信访举报投诉类申请", &["信访举报投诉类申请", "信访举报投诉"]),
            outcome("requests.rejected.duplicate", "2.重复申请", &["重复申请"]),
            outcome("requests.rejected.publication", "3.要求提供公开出版物", &["要求提供公开出版物", "公开出版物"]),
            outcome(
                "requests.rejected.excessive",
                "4.无正当理由大量反复申请",
                &["无正当理由大量反复申请", "大量反复申请"],
            ),
            outcome(
                "requests.rejected.reconfirm",
                "5.要求行政机关确认或重新出具已获取信息",
                &["要求行政机关确认或重新出具已获取信息", "重新出具已获取信息"],
            ),
            $($other,)+
            request_row("requests.total", "（七）总计", &["总计"], Role::Total),
            request_row(
                "requests.carried_forward",
                "四、结转下年度继续办理",
                &["结转下年度继续办理", "结转下年度"],
                Role::CarriedForward,
            ),
        ]
    };
}

pub static REQUESTS_2021: &[Row] = request_rows![
    outcome(
        "requests.other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        &[
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "逾期不补正"
        ],
    ),
    outcome(
        "requests.other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        &[
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "缴纳费用",
            "收费通知"
        ],
    ),
    outcome("requests.other.other", "3.其他", &["3.其他", "3、其他"]),
];

pub static REQUESTS_2019: &[Row] =
    request_rows![outcome("requests.other", "（六）其他处理", &["其他处理"])];

/// Labels of the groups in table 三 that head rows but hold no values of their own.
pub const REQUEST_GROUPS: &[&str] = &[
    "本年度办理结果",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
];

// ---- 表四 行政复议、行政诉讼 ----

pub const REVIEW_COLUMNS: &[Column] = &[
    col("upheld", "结果维持", Role::Part, Unit::Count),
    col("corrected", "结果纠正", Role::Part, Unit::Count),
    col("other", "其他结果", Role::Part, Unit::Count),
    col("pending", "尚未审结", Role::Part, Unit::Count),
    col("total", "总计", Role::Total, Unit::Count),
];

pub static REVIEW_ROWS: &[Row] = &[
    Row {
        key: "review",
        label: "行政复议",
        patterns: &["行政复议"],
        role: Role::Free,
        columns: REVIEW_COLUMNS,
    },
    Row {
        key: "litigation_direct",
        label: "行政诉讼·未经复议直接起诉",
        patterns: &["未经复议直接起诉"],
        role: Role::Free,
        columns: REVIEW_COLUMNS,
    },
    Row {
        key: "litigation_after_review",
        label: "行政诉讼·复议后起诉",
        patterns: &["复议后起诉"],
        role: Role::Free,
        columns: REVIEW_COLUMNS,
    },
];

/// The rows of a table in a template.
pub fn rows(template: TemplateId, table: Table) -> &'static [Row] {
    match (template, table) {
        (TemplateId::Y2021, Table::Active) => ACTIVE_2021,
        (TemplateId::Y2019, Table::Active) => ACTIVE_2019,
        (TemplateId::Y2021, Table::Requests) => REQUESTS_2021,
        (TemplateId::Y2019, Table::Requests) => REQUESTS_2019,
        (_, Table::ReviewLitigation) => REVIEW_ROWS,
    }
}

/// The codebook as shipped in `docs/codebook.tsv`.
pub const CODEBOOK_TSV: &str = include_str!("../docs/codebook.tsv");

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn declared(template: TemplateId) -> BTreeSet<String> {
        [Table::Active, Table::Requests, Table::ReviewLitigation]
            .iter()
            .flat_map(|&t| rows(template, t))
            .flat_map(|r| r.columns.iter().map(move |c| r.cell_key(c)))
            .collect()
    }

    fn codebook(template: &str) -> BTreeSet<String> {
        CODEBOOK_TSV
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split('\t');
                let key = f.next()?;
                let templates = f.next()?;
                templates
                    .split(',')
                    .any(|t| t == template)
                    .then(|| key.to_string())
            })
            .collect()
    }

    #[test]
    fn declared_keys_are_exactly_the_codebook() {
        assert_eq!(declared(TemplateId::Y2021), codebook("2021"));
        assert_eq!(declared(TemplateId::Y2019), codebook("2019"));
        assert_eq!(declared(TemplateId::Y2021).len(), 200);
        assert_eq!(declared(TemplateId::Y2019).len(), 198);
    }

    #[test]
    fn row_counts_match_the_spec() {
        assert_eq!(REQUESTS_2021.len(), 25);
        assert_eq!(REQUESTS_2019.len(), 23);
        let values = |rows: &[Row]| rows.iter().map(|r| r.columns.len()).sum::<usize>();
        assert_eq!(values(ACTIVE_2021), 10);
        assert_eq!(values(ACTIVE_2019), 22);
        assert_eq!(values(REVIEW_ROWS), 15);
    }
}
