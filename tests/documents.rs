//! Small inline reports, each built to show one behaviour of the reader or the audit.

mod common;

use common::documents::*;
use gongkai::extract_bytes;

#[test]
fn a_consistent_table_has_no_arithmetic_findings() {
    let r = extract(&report(2022, &requests_table(&[])));
    assert_eq!(r.cells.len(), 175);
    assert_eq!(value(&r, "requests.granted.total"), Some(11.0));
    for rule in rules(&r) {
        assert!(!rule.starts_with("requests."), "{rule}");
    }
}

#[test]
fn a_missing_row_is_reported_and_its_neighbours_stay_in_place() {
    // Drop 2.重复申请 (index 16).
    let r = extract(&report(2022, &requests_table(&[16])));
    assert_eq!(r.cells.len(), 168);
    assert!(r.cells.get("requests.rejected.duplicate.total").is_none());
    assert_eq!(value(&r, "requests.total.total"), Some(11.0));
    let missing = finding(&r, "cells.missing");
    assert!(
        missing.message.contains("2.重复申请"),
        "{}",
        missing.message
    );
}

#[test]
fn unlabeled_rows_fill_the_gap_between_labeled_ones_in_order() {
    let table = requests_table(&[])
        .replace("1.信访举报投诉类申请\t", "\t")
        .replace("2.重复申请\t0", "2.重复申请\t5")
        .replace("3.要求提供公开出版物\t", "\t");
    let r = extract(&report(2022, &table));
    assert_eq!(
        value(&r, "requests.rejected.petition.natural_person"),
        Some(0.0)
    );
    assert_eq!(
        value(&r, "requests.rejected.duplicate.natural_person"),
        Some(5.0)
    );
    assert_eq!(value(&r, "requests.rejected.publication.total"), Some(0.0));
    // 5 more in 重复申请 breaks the outcome sum of 自然人, which is reported, not hidden.
    let f = finding(&r, "requests.outcome_sum");
    assert_eq!(
        (f.expected.clone(), f.actual.clone()),
        (Some(11.into()), Some(16.into()))
    );
}

#[test]
fn balance_violation_names_column_values_and_line() {
    let table = requests_table(&[]).replace(
        "二、上年结转政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2",
        "二、上年结转政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5",
    );
    let r = extract(&report(2022, &table));
    let balance: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "requests.balance")
        .collect();
    assert_eq!(balance.len(), 2, "自然人 and 总计");
    assert_eq!(balance[0].expected, Some(15.into()));
    assert_eq!(balance[0].actual, Some(12.into()));
    assert_eq!(balance[0].line, Some(5));
    assert!(
        balance[0]
            .keys
            .contains(&"requests.carried_over.natural_person".to_string())
    );
}

#[test]
fn the_2019_table_two_is_told_from_the_2021_one_by_its_columns() {
    let body = "二、主动公开政府信息情况\n第二十条第（一）项\n\
        信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t1\t1\t9\n规范性文件\t2\t2\t30\n\
        第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t40\t-3\t1200\n\
        其他对外管理服务事项\t5\t0\t17\n第二十条第（六）项\n行政处罚\t12\t+2\t88\n行政强制\t3\t0\t4\n\
        第二十条第（八）项\n信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t6\t-1\n\
        第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t7\t1234.5万元\n";
    let r = extract(&report(2020, body));
    assert_eq!(r.template, "2019");
    assert_eq!(r.cells.len(), 22);
    assert_eq!(value(&r, "active.licensing.change"), Some(-3.0));
    assert_eq!(value(&r, "active.penalties.change"), Some(2.0));
    assert_eq!(value(&r, "active.procurement.amount"), Some(1234.5));
    assert_eq!(
        r.cells
            .get("active.procurement.amount")
            .unwrap()
            .unit
            .as_deref(),
        Some("万元")
    );
    // Negative changes are allowed in 2019's 本年增/减.
    assert!(!rules(&r).contains(&"value.negative"));
    assert!(!rules(&r).contains(&"template.mismatch"));
}

#[test]
fn a_negative_count_and_placeholders_are_findings_not_numbers() {
    let body = "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\
        规章\t-1\t/\t无\n行政规范性文件\t3\t—\t12\n";
    let r = extract(&report(2022, body));
    assert_eq!(value(&r, "active.regulations.issued"), Some(-1.0));
    assert_eq!(r.cells.get("active.regulations.repealed").unwrap().raw, "/");
    assert_eq!(value(&r, "active.regulations.repealed"), None);
    let rules = rules(&r);
    assert!(rules.contains(&"value.negative"));
    assert_eq!(
        rules.iter().filter(|&&r| r == "cells.blank").count(),
        2,
        "one finding a row"
    );
}

#[test]
fn table_four_short_of_cells_is_reported() {
    let body = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n\
        1 0 0 0 1 0 0 0 0 0 0 0 0 0\n五、存在的主要问题及改进情况\n无。\n";
    let r = extract(&report(2022, body));
    assert_eq!(value(&r, "review.total"), Some(1.0));
    assert!(r.cells.get("litigation_after_review.total").is_none());
    let f = finding(&r, "cells.count");
    assert_eq!(f.keys, ["litigation_after_review.total"]);
}

#[test]
fn a_legacy_report_is_not_faulted_for_lacking_the_national_tables() {
    let r = extract("某某县人民政府2015年政府信息公开工作年度报告\n一、概述\n2015年，我县……\n");
    assert_eq!(r.template, "legacy");
    assert_eq!(r.year, Some(2015));
    assert!(!rules(&r).contains(&"table.missing"), "{:?}", rules(&r));
    assert!(!rules(&r).contains(&"section.missing"));
}

#[test]
fn an_overview_about_another_year_is_reported() {
    let text = "某某市某某局2023年政府信息公开工作年度报告\n一、总体情况\n2022年，我局依法公开政府信息。\n";
    let r = extract(text);
    let f = finding(&r, "year.mismatch");
    assert_eq!(
        (f.expected.clone(), f.actual.clone()),
        (Some(2023.into()), Some(2022.into()))
    );
    let text = text.replace("2022年，", "2023年，对照2022年，");
    assert!(!rules(&extract(&text)).contains(&"year.mismatch"));
}

#[test]
fn table_four_rows_labelled_by_block_are_placed_by_label() {
    let body = "四、政府信息公开行政复议、行政诉讼情况\n\
        \t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n\
        行政复议\t\t\t\t\t\n未经复议直接起诉\t3\t0\t0\t0\t3\n复议后起诉\t1\t0\t0\t0\t1\n\
        五、存在的主要问题及改进情况\n无。\n";
    let r = extract(&report(2022, body));
    assert_eq!(value(&r, "litigation_direct.upheld"), Some(3.0));
    assert_eq!(value(&r, "litigation_after_review.total"), Some(1.0));
    // The 行政复议 row is printed, all blank: null cells and a blank finding, not shifted values.
    assert_eq!(r.cells.get("review.total").map(|c| c.value), Some(None));
    assert!(rules(&r).contains(&"cells.blank"));
    assert!(!rules(&r).contains(&"cells.count"));
}

#[test]
fn a_stray_number_beside_table_four_does_not_shift_it() {
    let body = "四、政府信息公开行政复议、行政诉讼情况\n7\n1\t0\t0\t0\t1\t2\t0\t0\t0\t2\t0\t0\t0\t0\t0\n\
        五、存在的主要问题及改进情况\n无。\n";
    let r = extract(&report(2022, body));
    assert_eq!(value(&r, "review.upheld"), Some(1.0));
    assert_eq!(value(&r, "litigation_direct.total"), Some(2.0));
    assert!(rules(&r).contains(&"table.unmatched_row"));
    assert!(!rules(&r).contains(&"review_litigation.total"));
}

#[test]
fn table_four_identities_hold_without_table_two_or_year() {
    let text =
        "四、政府信息公开行政复议、行政诉讼情况\n1\t0\t0\t0\t9\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n";
    let r = extract_bytes(text.as_bytes(), "inline").expect("a table is a report");
    assert!(
        rules(&r).contains(&"review_litigation.total"),
        "{:?}",
        rules(&r)
    );
}

#[test]
fn a_labelled_row_of_blanks_is_kept_as_nulls() {
    let table = requests_table(&[]).replace(
        "2.重复申请\t0\t0\t0\t0\t0\t0\t0",
        "2.重复申请\t\t\t\t\t\t\t",
    );
    let r = extract(&report(2022, &table));
    assert_eq!(r.cells.len(), 175);
    assert_eq!(
        r.cells
            .get("requests.rejected.duplicate.total")
            .map(|c| c.value),
        Some(None)
    );
    assert!(rules(&r).contains(&"cells.blank"));
    assert!(!rules(&r).contains(&"cells.missing"));
    let body = "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t\t\t\n行政规范性文件\t1\t0\t5\n";
    let r = extract(&report(2022, body));
    assert_eq!(
        r.cells.get("active.regulations.in_force").map(|c| c.value),
        Some(None)
    );
}

#[test]
fn a_stray_annotated_value_goes_to_the_nearest_short_row() {
    let body = "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\
        规章\t1\t5\n行政规范性文件\t2\t10\n3（含自然失效 3 件）\n";
    let r = extract(&report(2022, body));
    assert_eq!(value(&r, "active.normative_documents.repealed"), Some(3.0));
    assert_eq!(value(&r, "active.normative_documents.in_force"), Some(10.0));
    assert!(
        r.cells.get("active.regulations.in_force").is_none(),
        "规章 stays one cell short"
    );
    assert!(rules(&r).contains(&"cells.relocated"));
}

#[test]
fn a_fraction_in_a_count_column_is_reported() {
    let body = "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\
        规章\t1.5\t0\t3\n第二十条第（八）项\n行政事业性收费\t12.5\n";
    let r = extract(&report(2022, body));
    let fractions: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "cells.fraction")
        .collect();
    assert_eq!(fractions.len(), 1, "an amount may have a fraction");
    assert_eq!(fractions[0].keys, ["active.regulations.issued"]);
}

#[test]
fn full_width_years_in_the_overview_count() {
    let text = "某某市某某局2021年政府信息公开工作年度报告\n一、总体情况\n２０２１年，我局较2020年增长。\n";
    assert!(!rules(&extract(text)).contains(&"year.mismatch"));
}

#[test]
fn an_unlabeled_row_whose_place_is_not_forced_is_reported_not_guessed() {
    // 1.信访 (index 15) loses its label and 2.重复申请 (16) is gone: one row without a label
    // stands where two template rows could be.
    let table = requests_table(&[16]).replace(
        "1.信访举报投诉类申请\t0\t0\t0\t0\t0\t0\t0",
        "\t7\t0\t0\t0\t0\t0\t7",
    );
    let r = extract(&report(2022, &table));
    assert!(r.cells.get("requests.rejected.petition.total").is_none());
    assert!(r.cells.get("requests.rejected.duplicate.total").is_none());
    let unmatched = finding(&r, "table.unmatched_row");
    assert_eq!(unmatched.line, Some(20));
    assert!(rules(&r).contains(&"cells.missing"));
}

#[test]
fn a_label_fragment_that_fits_two_rows_does_not_decide_the_row() {
    // （六）1's label wrapped: its second half fits 1 and 2 alike; 3.其他 is not printed.
    let table = requests_table(&[22])
        .replace(
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0",
            "行政机关不再处理其政府信息公开申请\t20\t1\t0\t0\t0\t0\t21",
        )
        .replace(
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t",
            "\t",
        );
    let r = extract(&report(2022, &table));
    for key in ["no_correction", "fee_unpaid", "other"] {
        assert!(
            r.cells
                .get(&format!("requests.other.{key}.total"))
                .is_none(),
            "{key}"
        );
    }
    assert_eq!(
        rules(&r)
            .iter()
            .filter(|&&r| r == "table.unmatched_row")
            .count(),
        2
    );
}

#[test]
fn one_labelled_block_is_read_by_its_label_and_placeholders_stay_null() {
    let body = format!(
        "{REVIEW_HEAD}行政复议\t/\t/\t/\t/\t/\n未经复议直接起诉\t2\t0\t0\t1\t3\n复议后起诉\t/\t/\t/\t/\t/\n"
    );
    let r = extract(&report(2022, &body));
    assert_eq!(value(&r, "litigation_direct.upheld"), Some(2.0));
    assert_eq!(value(&r, "litigation_direct.total"), Some(3.0));
    assert_eq!(
        r.cells.get("review.upheld").map(|c| c.raw.as_str()),
        Some("/")
    );
    assert!(rules(&r).contains(&"cells.blank"));
    let body = format!("{REVIEW_HEAD}复议后起诉\t3\t0\t0\t1\t4\n");
    let r = extract(&report(2022, &body));
    assert_eq!(value(&r, "litigation_after_review.upheld"), Some(3.0));
    assert!(r.cells.get("review.upheld").is_none());
}

#[test]
fn a_full_row_naming_a_block_wins_over_a_count_in_the_prose() {
    let body = format!(
        "{REVIEW_HEAD}行政复议案件 2\n行政复议\t1\t1\t0\t0\t2\n未经复议直接起诉\t0\t0\t0\t0\t0\n复议后起诉\t0\t0\t0\t0\t0\n"
    );
    let r = extract(&report(2022, &body));
    assert_eq!(value(&r, "review.upheld"), Some(1.0));
    assert!(rules(&r).contains(&"table.unmatched_row"));
}

#[test]
fn table_four_continues_after_a_page_break_and_skips_the_page_number() {
    let body = format!("{REVIEW_HEAD}0 2 0 0 2 4 1 2 0 7\n3\n\x0c{REVIEW_HEAD}0 0 0 1 1\n");
    let r = extract(&report(2022, &body));
    let want: Vec<Option<f64>> = [0, 2, 0, 0, 2, 4, 1, 2, 0, 7, 0, 0, 0, 1, 1]
        .iter()
        .map(|&v| Some(f64::from(v)))
        .collect();
    assert_eq!(review_values(&r), want);
}

#[test]
fn a_stray_number_before_the_table_four_header_is_passed_over() {
    let body = format!(
        "四、政府信息公开行政复议、行政诉讼情况\n表4 2022\n{}1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n",
        &REVIEW_HEAD[REVIEW_HEAD.find('\n').unwrap() + 1..]
    );
    let r = extract(&report(2022, &body));
    assert_eq!(value(&r, "review.total"), Some(1.0));
    assert!(review_values(&r).iter().all(Option::is_some));
    assert!(
        !r.findings
            .iter()
            .any(|f| f.rule == "table.missing" && f.message.contains('四'))
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == "table.unmatched_row" && f.message.contains("2022"))
    );
}

#[test]
fn pieces_of_table_four_whose_totals_fail_are_reported_not_placed() {
    let body = format!("{REVIEW_HEAD}1 0 0 0 1 2 0 0 0 2 0 0 0\n0 7\n");
    let r = extract(&report(2022, &body));
    assert!(r.cells.get("review.upheld").is_none());
    assert!(rules(&r).contains(&"table.unmatched_row"));
}
