//! Checking a record against an expected-values file (the format of `corpus/expected/*.json`
//! and `../shared/corpus/expected/*.json`).

#![allow(dead_code)]

pub mod documents;
pub mod pdf;
pub mod run;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// `../shared/corpus`, when the shared folder is beside the checkout; otherwise says the test
/// is skipped.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let found = dir.join("expected").is_dir();
    if !found {
        eprintln!("skipped: ../shared/corpus not found");
    }
    found.then_some(dir)
}

pub fn repo_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Names of the expected files in `corpus/expected`, sorted.
pub fn expected_names(corpus: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus.join("expected"))
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    e.file_name()
                        .to_str()?
                        .strip_suffix(".json")
                        .map(String::from)
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub fn load_expected(corpus: &Path, name: &str) -> Value {
    let path = corpus.join("expected").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn same(want: &Value, got: Option<&Value>) -> bool {
    let got = got.and_then(|c| c.get("value")).unwrap_or(&Value::Null);
    match (want.as_f64(), got.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        _ => want.is_null() && got.is_null(),
    }
}

/// The rule of each finding of a record (or of an audit's JSON line), in order.
pub fn rules(record: &Value) -> Vec<&str> {
    record["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str())
        .collect()
}

/// Every way the record differs from the expected file; empty when it matches.
pub fn mismatches(expected: &Value, record: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let cells = &record["cells"];
    if let Some(want) = expected["cells"].as_object() {
        for (key, value) in want {
            if !same(value, cells.get(key)) {
                out.push(format!(
                    "cell {key}: want {value}, got {}",
                    cells
                        .get(key)
                        .map_or("nothing".into(), |c| c["value"].to_string())
                ));
            }
        }
    }
    for field in ["template", "year"] {
        if let Some(want) = expected.get(field)
            && want.to_string().trim_matches('"') != record[field].to_string().trim_matches('"')
        {
            out.push(format!("{field}: want {want}, got {}", record[field]));
        }
    }
    if let Some(want) = expected["agency"].as_str() {
        let got = record["agency"].as_str().unwrap_or_default();
        if got.is_empty() || !(want.contains(got) || got.contains(want)) {
            out.push(format!("agency: want {want}, got {got}"));
        }
    }
    // A report before the national template is never forced into its cells.
    if expected["template"] == "legacy"
        && record["cells"].as_object().is_some_and(|c| !c.is_empty())
    {
        out.push("a legacy report has cells".into());
    }
    // Facts: key (or `table:key` / `prose:key` for one source) → the first such fact's value.
    if let Some(want) = expected["facts"].as_object() {
        let facts = record["facts"].as_array().cloned().unwrap_or_default();
        for (spec, value) in want {
            let (source, key) = spec.split_once(':').unwrap_or(("", spec));
            let got = facts
                .iter()
                .find(|f| f["key"] == *key && (source.is_empty() || f["source"] == source));
            if !same(value, got) {
                out.push(format!(
                    "fact {spec}: want {value}, got {}",
                    got.map_or("nothing".into(), |f| f["value"].to_string())
                ));
            }
        }
    }
    let rules = rules(record);
    for rule in expected["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !rules.contains(&rule) {
            out.push(format!("finding {rule} missing"));
        }
    }
    for rule in expected["absent_findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if rules.contains(&rule) {
            out.push(format!("finding {rule} reported but must not be"));
        }
    }
    out
}

/// Extracts `corpus/<file>` and returns the record as JSON.
pub fn extract(corpus: &Path, file: &str) -> Result<Value, gongkai::Error> {
    let report = gongkai::extract_path(&corpus.join(file))?;
    Ok(serde_json::to_value(&report).expect("a record serializes"))
}
