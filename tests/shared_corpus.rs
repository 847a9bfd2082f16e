//! The shared corpus of real and synthetic reports with hand-checked values
//! (`../shared/corpus`). Skipped, with a note, when the folder is absent.

mod common;

use common::{expected_names, extract, load_expected, mismatches, shared_corpus};

/// Formats this build reads; documents in other formats must be refused cleanly.
const READ_FORMATS: &[&str] = &["txt", "md", "html", "docx", "pdf"];

#[test]
fn shared_corpus_documents_match_their_expected_values() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    for name in expected_names(&corpus) {
        let expected = load_expected(&corpus, &name);
        let file = expected["file"].as_str().expect("file");
        let ext = file.rsplit('.').next().unwrap_or_default();
        let result = extract(&corpus, file);
        if !READ_FORMATS.contains(&ext) {
            match result {
                Err(gongkai::Error::Unsupported { .. }) => {}
                Err(e) => failures.push(format!("{name}: unexpected error {e}")),
                Ok(_) => failures.push(format!(
                    "{name}: a {ext} file is now read: add {ext} to READ_FORMATS"
                )),
            }
            continue;
        }
        checked += 1;
        match result {
            Ok(record) => failures.extend(
                mismatches(&expected, &record)
                    .into_iter()
                    .map(|m| format!("{name}: {m}")),
            ),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        checked >= 15,
        "expected the three text documents and twelve PDFs, checked {checked}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn yantai_details_beyond_the_expected_file() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let r = extract(&corpus, "real/yantai-bigdata-2021.txt").expect("extracts");
    assert_eq!(r["title"], "烟台市大数据局2021年政府信息公开工作年度报告");
    assert_eq!(r["cells"].as_object().unwrap().len(), 200);
    // Provenance: the 1 in 一、本年新收 自然人 is on line 50 of the file.
    let new = &r["cells"]["requests.new.natural_person"];
    assert_eq!(
        (
            new["value"].as_i64(),
            new["raw"].as_str(),
            new["line"].as_u64()
        ),
        (Some(1), Some("1"), Some(50))
    );
    // Rows after the repeated header (a page break in the source) keep their own lines.
    assert_eq!(
        r["cells"]["requests.unavailable.not_held.total"]["line"],
        68
    );
    let sections: Vec<(u64, u64)> = r["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["number"].as_u64().unwrap(), s["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        sections,
        [(1, 9), (2, 23), (3, 43), (4, 82), (5, 91), (6, 105)]
    );
    let rules = common::rules(&r);
    assert_eq!(
        rules,
        ["label.nonstandard", "cells.count"],
        "{:#}",
        r["findings"]
    );
    let typo = &r["findings"][0];
    assert_eq!(
        (typo["expected"].as_str(), typo["actual"].as_str()),
        (Some("本年废止件数"), Some("本年度止件数"))
    );
    assert_eq!(r["findings"][1]["line"], 89);
}

#[test]
fn shanghai_tables_three_and_four_are_read_from_scattered_markdown() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let r = extract(&corpus, "real/shanghai-kewei-2024.md").expect("extracts");
    let row = |key: &str| -> Vec<serde_json::Value> {
        [
            "natural_person",
            "commercial",
            "research",
            "nonprofit",
            "legal_services",
            "other_org",
            "total",
        ]
        .iter()
        .map(|c| r["cells"][format!("{key}.{c}")]["value"].clone())
        .collect()
    };
    assert_eq!(
        row("requests.new"),
        serde_json::json!([32, 2, 0, 0, 0, 0, 34])
            .as_array()
            .unwrap()
            .clone()
    );
    // Rows printed without their labels are placed by order between labelled rows.
    assert_eq!(row("requests.partially_granted")[6], 0);
    assert_eq!(row("requests.denied.internal_affairs")[6], 1);
    assert_eq!(row("requests.unavailable.not_held")[6], 4);
    assert_eq!(row("requests.unavailable.needs_compilation")[6], 6);
    assert_eq!(row("requests.other.no_correction")[6], 10);
    assert_eq!(row("requests.total")[6], 35);
    // The printed 结转 total is blank: null, raw kept, reported.
    assert_eq!(row("requests.carried_forward")[6], serde_json::Value::Null);
    assert_eq!(r["cells"]["requests.carried_forward.total"]["raw"], "");
    let review: Vec<i64> = ["review", "litigation_direct", "litigation_after_review"]
        .iter()
        .flat_map(|b| {
            ["upheld", "corrected", "other", "pending", "total"].map(|c| format!("{b}.{c}"))
        })
        .map(|k| r["cells"][&k]["value"].as_i64().unwrap())
        .collect();
    assert_eq!(review, [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(r["agency"], "上海市科学技术委员会");
    assert_eq!(r["agency_printed"], "上海市科委");

    let r = extract(&corpus, "real/shanghai-office-2025.md").expect("extracts");
    assert_eq!(
        r["cells"]["requests.other.no_correction.total"]["value"],
        43
    );
    assert_eq!(r["cells"]["requests.carried_forward.total"]["value"], 293);
    assert_eq!(r["cells"]["litigation_after_review.total"]["value"], 22);
    // The annotated 废止 cells stood apart from their rows; they are placed and reported.
    let repealed = &r["cells"]["active.normative_documents.repealed"];
    assert_eq!(
        (repealed["value"].as_i64(), repealed["note"].as_str()),
        (Some(55), Some("含自然失效29件"))
    );
    let relocated = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "cells.relocated")
        .count();
    assert_eq!(relocated, 2);
    // Every identity holds in both reports.
    for f in r["findings"].as_array().unwrap() {
        assert!(!f["rule"].as_str().unwrap().starts_with("requests."), "{f}");
    }
}
