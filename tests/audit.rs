//! The audit, rule by rule, on small reports written for it: each identity failing, a blank
//! that makes an identity uncheckable, prose against tables, and reports checked across years.

mod common;

use common::documents::*;
use gongkai::audit::across::{Summary, across};
use gongkai::finding::{Lang, Severity};

/// Replaces one printed row of the consistent table 三 by `values`.
fn requests_with(row: usize, values: [i32; 7]) -> String {
    let label = REQUEST_ROWS[row];
    let mut out = String::new();
    for line in requests_table(&[]).lines() {
        if line.starts_with(label) {
            let cells: Vec<String> = values.iter().map(i32::to_string).collect();
            out += &format!("{label}\t{}\n", cells.join("\t"));
        } else {
            out += line;
            out.push('\n');
        }
    }
    out
}

fn by_rule<'r>(r: &'r gongkai::Report, rule: &str) -> Vec<&'r gongkai::finding::Finding> {
    r.findings.iter().filter(|f| f.rule == rule).collect()
}

#[test]
fn outcome_sum_fails_when_total_differs_from_the_outcomes() {
    // （七）总计 says 12 but the only outcome, 予以公开, is 11.
    let r = extract(&report(2022, &requests_with(23, [12, 0, 0, 0, 0, 0, 12])));
    let f = by_rule(&r, "requests.outcome_sum");
    assert_eq!(f.len(), 2, "自然人 and 总计 columns: {:?}", rules(&r));
    assert_eq!(
        (f[0].expected.clone(), f[0].actual.clone()),
        (Some(12.into()), Some(11.into()))
    );
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].line, Some(28), "the （七）总计 row");
    assert!(
        f[0].keys
            .contains(&"requests.total.natural_person".to_string())
    );
    // The balance also fails (10 + 2 ≠ 12 + 1): each identity speaks for itself.
    assert_eq!(by_rule(&r, "requests.balance").len(), 2);
}

#[test]
fn row_total_fails_when_total_is_not_the_sum_of_applicants() {
    let r = extract(&report(2022, &requests_with(0, [10, 1, 0, 0, 0, 0, 10])));
    let f = by_rule(&r, "requests.row_total");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].expected.clone(), f[0].actual.clone()),
        (Some(10.into()), Some(11.into()))
    );
    assert_eq!(f[0].line, Some(5));
    assert!(
        f[0].message.contains("一、本年新收政府信息公开申请数量"),
        "{}",
        f[0].message
    );
}

#[test]
fn review_total_fails_per_block_with_its_position() {
    let body = format!(
        "{REVIEW_HEAD}10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0\n五、存在的主要问题及改进情况\n无。\n"
    );
    let r = extract(&report(2023, &body));
    let f = by_rule(&r, "review_litigation.total");
    assert_eq!(f.len(), 2, "行政复议 and 复议后起诉");
    assert_eq!(
        (f[0].expected.clone(), f[0].actual.clone()),
        (Some(0.into()), Some(11.into()))
    );
    assert_eq!(
        (f[1].expected.clone(), f[1].actual.clone()),
        (Some(0.into()), Some(5.into()))
    );
    assert_eq!(f[0].line, Some(7));
    assert_eq!(f[0].keys[0], "review.total");
}

#[test]
fn a_blank_makes_an_identity_uncheckable_not_failed() {
    let table = requests_table(&[]).replace(
        "二、上年结转政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2",
        "二、上年结转政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t-",
    );
    let r = extract(&report(2022, &table));
    assert!(
        by_rule(&r, "requests.balance").is_empty(),
        "{:?}",
        rules(&r)
    );
    assert!(by_rule(&r, "requests.row_total").is_empty());
    let unchecked = by_rule(&r, "identity.unchecked");
    assert_eq!(unchecked.len(), 2, "the balance and the row total");
    assert!(unchecked.iter().all(|f| f.severity == Severity::Info));
    assert!(
        unchecked
            .iter()
            .all(|f| f.keys == ["requests.carried_over.total"])
    );
    assert_eq!(unchecked[0].line, Some(6));
    // The blank itself is reported where it is.
    assert_eq!(
        finding(&r, "cells.blank").keys,
        ["requests.carried_over.total"]
    );
}

#[test]
fn prose_that_contradicts_the_table_is_a_warning_with_both_numbers() {
    let body = format!(
        "（二）依申请公开\n本年度共收到政府信息公开申请 13 件，上年结转 2 件。\n{}",
        requests_table(&[])
    );
    let r = extract(&report(2022, &body));
    let f = by_rule(&r, "prose.table_mismatch");
    assert_eq!(f.len(), 1, "{:?}", r.findings);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(
        (f[0].expected.clone(), f[0].actual.clone()),
        (Some(13.into()), Some(10.into()))
    );
    assert_eq!((f[0].page, f[0].line), (Some(1), Some(5)));
    assert_eq!(f[0].keys, ["requests.new.total"]);
    let facts: Vec<(&str, String)> = r
        .facts
        .iter()
        .map(|f| (f.key, f.value.to_string()))
        .collect();
    assert_eq!(
        facts,
        [
            ("prose.requests.received", "13".into()),
            ("prose.requests.carried_over", "2".into())
        ]
    );
}

#[test]
fn prose_that_agrees_or_counts_carried_over_too_is_not_reported() {
    for sentence in [
        "本年度共收到政府信息公开申请 10 件，上年结转 2 件，结转下年度继续办理 1 件。",
        "本年度共受理政府信息公开申请 12 件（含上年结转 2 件）。",
    ] {
        let body = format!("{sentence}\n{}", requests_table(&[]));
        let r = extract(&report(2022, &body));
        assert!(
            by_rule(&r, "prose.table_mismatch").is_empty(),
            "{sentence}: {:?}",
            r.findings
        );
        assert!(!r.facts.is_empty());
    }
}

#[test]
fn parts_that_exceed_their_total_are_reported() {
    let body = "全年主动公开政府信息 100 条，其中政府网站发布 80 条，政务新媒体发布 30 条。\n";
    let r = extract(&report(2022, body));
    let f = finding(&r, "prose.parts_sum");
    assert_eq!(
        (f.expected.clone(), f.actual.clone()),
        (Some(100.into()), Some(110.into()))
    );
    assert_eq!(f.line, Some(4));
    let fine = body.replace("30 条", "20 条");
    assert!(by_rule(&extract(&report(2022, &fine)), "prose.parts_sum").is_empty());
}

#[test]
fn messages_are_chinese_and_english_on_request() {
    let mut r = extract(&report(2022, &requests_with(0, [10, 1, 0, 0, 0, 0, 10])));
    let f = r
        .findings
        .iter_mut()
        .find(|f| f.rule == "requests.row_total")
        .unwrap();
    assert!(f.message.contains("不成立"), "{}", f.message);
    f.localize(Lang::En);
    assert!(f.message.contains("fails"), "{}", f.message);
    assert!(f.message_in(Lang::Zh).contains("不成立"));
}

/// A 2021 report of 某某市某某局 with its table 二 and 三; `carried` = (上年结转, 结转下年度).
fn year_report(year: i32, carried: (i32, i32), in_force: i32) -> gongkai::Report {
    let (over, forward) = carried;
    let new = 10;
    let total = new + over - forward;
    let active = format!(
        "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\
         规章\t0\t0\t0\n行政规范性文件\t3\t1\t{in_force}\n"
    );
    let row = |v: i32| format!("\t{v}\t0\t0\t0\t0\t0\t{v}");
    let requests = requests_table(&[])
        .replace(
            &format!("{}{}", REQUEST_ROWS[1], row(2)),
            &format!("{}{}", REQUEST_ROWS[1], row(over)),
        )
        .replace(
            &format!("{}{}", REQUEST_ROWS[2], row(11)),
            &format!("{}{}", REQUEST_ROWS[2], row(total)),
        )
        .replace(
            &format!("{}{}", REQUEST_ROWS[23], row(11)),
            &format!("{}{}", REQUEST_ROWS[23], row(total)),
        )
        .replace(
            &format!("{}{}", REQUEST_ROWS[24], row(1)),
            &format!("{}{}", REQUEST_ROWS[24], row(forward)),
        );
    let mut r = extract(&report(year, &format!("{active}{requests}")));
    r.source.path = format!("{year}.txt");
    r
}

#[test]
fn consecutive_years_must_hand_over_carried_applications() {
    let reports = [year_report(2022, (2, 3), 20), year_report(2023, (5, 1), 22)];
    for r in &reports {
        assert!(
            by_rule(r, "requests.balance").is_empty(),
            "{:?}",
            r.findings
        );
    }
    let summaries: Vec<Summary> = reports.iter().filter_map(Summary::of).collect();
    let found = across(&summaries);
    let carry: Vec<_> = found
        .iter()
        .filter(|(_, f)| f.rule == "requests.carry_over")
        .collect();
    assert_eq!(carry.len(), 2, "自然人 and 总计: {found:?}");
    let (index, f) = carry[1];
    assert_eq!(*index, 1, "the finding belongs to the later report");
    assert_eq!(
        (f.expected.clone(), f.actual.clone()),
        (Some(3.into()), Some(5.into()))
    );
    assert_eq!(
        f.keys,
        [
            "requests.carried_over.total",
            "requests.carried_forward.total"
        ]
    );
    assert_eq!(f.line, Some(10));
    assert!(f.message.contains("2022.txt"), "{}", f.message);
    // 20 in force + 3 issued − 1 repealed = 22: continuity holds.
    assert!(
        !found
            .iter()
            .any(|(_, f)| f.rule == "active.in_force_continuity")
    );

    let handed_over = [year_report(2022, (2, 3), 20), year_report(2023, (3, 1), 25)];
    let summaries: Vec<Summary> = handed_over.iter().filter_map(Summary::of).collect();
    let found = across(&summaries);
    assert!(
        !found.iter().any(|(_, f)| f.rule == "requests.carry_over"),
        "{found:?}"
    );
    let continuity: Vec<_> = found
        .iter()
        .filter(|(_, f)| f.rule == "active.in_force_continuity")
        .collect();
    assert_eq!(continuity.len(), 1);
    assert_eq!(continuity[0].1.severity, Severity::Warning);
    assert_eq!(
        (
            continuity[0].1.expected.clone(),
            continuity[0].1.actual.clone()
        ),
        (Some(22.into()), Some(25.into()))
    );
}

#[test]
fn reports_of_other_agencies_or_years_apart_are_not_compared() {
    let a = year_report(2022, (2, 3), 20);
    let mut b = year_report(2024, (5, 1), 22);
    let summaries: Vec<Summary> = [&a, &b].into_iter().filter_map(Summary::of).collect();
    assert!(across(&summaries).is_empty(), "two years apart");
    b.year = Some(2023);
    b.agency = Some("某某市另一局".into());
    let summaries: Vec<Summary> = [&a, &b].into_iter().filter_map(Summary::of).collect();
    assert!(across(&summaries).is_empty(), "another agency");
}

#[test]
fn a_2018_report_printing_the_national_tables_is_read_and_audited() {
    let r = extract(&report(2018, &requests_with(0, [99, 0, 0, 0, 0, 0, 99])));
    assert_ne!(r.template, "legacy");
    assert!(!r.cells.is_empty());
    assert!(
        !by_rule(&r, "requests.balance").is_empty(),
        "{:?}",
        rules(&r)
    );
}

#[test]
fn a_missing_row_is_not_called_blank() {
    let r = extract(&report(2022, &requests_table(&[1])));
    assert!(rules(&r).contains(&"cells.missing"), "{:?}", rules(&r));
    assert!(
        by_rule(&r, "identity.unchecked").is_empty(),
        "{:?}",
        r.findings
    );
}

#[test]
fn escape_sequences_in_a_document_are_shown_not_obeyed() {
    let text = report(2022, &requests_table(&[])).replacen(
        "某某市某某局",
        "\u{1b}[2J\u{1b}]0;pwned\u{7}某某市某某局",
        1,
    );
    let r = gongkai::extract_bytes(text.as_bytes(), "inline").expect("extracts");
    let shown = gongkai::render::audit(&r, Lang::Zh, gongkai::render::Tables::All);
    assert!(!shown.contains("\u{1b}[2J"), "{shown:?}");
}

#[test]
fn a_row_one_value_short_is_reported_not_shifted_into_other_columns() {
    // The corpus report with three label columns; 予以公开 loses its last value (总计).
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/synthetic-utf16-2023.txt");
    let bytes = std::fs::read(path).expect("corpus file");
    let (text, _, _) = encoding_rs::UTF_16LE.decode(&bytes);
    let row = text
        .lines()
        .find(|l| l.starts_with("（一）予以公开"))
        .expect("the row")
        .to_string();
    let short = row
        .trim_end_matches('\r')
        .rsplit_once('\t')
        .unwrap()
        .0
        .to_string();
    let r = extract(&text.replace(&row, &short));
    let granted = r
        .cells
        .get("requests.granted.natural_person")
        .expect("cell");
    assert_eq!(granted.raw, row.split('\t').nth(3).unwrap(), "not shifted");
    assert!(r.cells.get("requests.granted.total").is_none());
    assert!(rules(&r).contains(&"cells.count"), "{:?}", rules(&r));
    assert!(
        by_rule(&r, "requests.outcome_sum").len() <= 1,
        "{:?}",
        rules(&r)
    );
}
