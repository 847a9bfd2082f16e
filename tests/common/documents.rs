//! Inline report builders shared by the tests that write small documents.

use gongkai::finding::Finding;
use gongkai::{Report, extract_bytes};

pub fn extract(text: &str) -> Report {
    extract_bytes(text.as_bytes(), "inline").expect("extracts")
}

pub fn rules(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.rule).collect()
}

/// The first finding of `rule`; fails the test when there is none.
pub fn finding<'r>(r: &'r Report, rule: &str) -> &'r Finding {
    r.findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {:?}", rules(r)))
}

pub fn value(r: &Report, key: &str) -> Option<f64> {
    r.cells.get(key).and_then(|c| c.value).map(|n| n.as_f64())
}

pub const REQUEST_ROWS: [&str; 25] = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
];

/// A consistent 2021 table 三: 10 new + 2 carried over = 11 granted (total) + 1 carried forward.
pub fn requests_table(skip: &[usize]) -> String {
    let mut out = String::from("三、收到和处理政府信息公开申请情况\n");
    for (i, label) in REQUEST_ROWS.iter().enumerate() {
        if skip.contains(&i) {
            continue;
        }
        let v = match i {
            0 => [10, 0, 0, 0, 0, 0, 10],
            1 => [2, 0, 0, 0, 0, 0, 2],
            2 | 23 => [11, 0, 0, 0, 0, 0, 11],
            24 => [1, 0, 0, 0, 0, 0, 1],
            _ => [0; 7],
        };
        let cells: Vec<String> = v.iter().map(i32::to_string).collect();
        out += &format!("{label}\t{}\n", cells.join("\t"));
    }
    out
}

pub fn report(year: i32, body: &str) -> String {
    format!(
        "某某市某某局{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年，我局依法公开政府信息。\n{body}"
    )
}

pub fn review_values(r: &Report) -> Vec<Option<f64>> {
    ["review", "litigation_direct", "litigation_after_review"]
        .iter()
        .flat_map(|b| {
            ["upheld", "corrected", "other", "pending", "total"].map(|c| format!("{b}.{c}"))
        })
        .map(|k| value(r, &k))
        .collect()
}

pub const REVIEW_HEAD: &str = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n\
    结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n";
