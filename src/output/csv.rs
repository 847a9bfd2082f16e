//! CSV datasets: tidy (one row per cell) and wide (one row per input, one column per codebook
//! key).
//!
//! Both start with the same `report` column, the path as given, which is also `source.path` of
//! the JSON record, so the three outputs join on it. Values are written as the record has them
//! (an integer without a decimal point, a decimal as printed, a blank cell empty); the tidy CSV
//! keeps each cell's raw text, page and line. A failed input has no tidy rows, and a wide row
//! with its `error` kind and empty cells.

use std::sync::OnceLock;

use super::Outcome;
use crate::Report;
use crate::finding::Severity;
use crate::template::CODEBOOK_TSV;

pub const TIDY_HEADER: [&str; 6] = ["report", "key", "value", "raw", "page", "line"];

/// Columns of the wide CSV before the codebook keys.
const WIDE_LEAD: [&str; 6] = ["report", "sha256", "agency", "year", "template", "format"];
/// Columns of the wide CSV after the codebook keys.
const WIDE_TAIL: [&str; 4] = [
    "findings_error",
    "findings_warning",
    "findings_info",
    "error",
];

/// Every codebook key once, in codebook order (2021 keys, then 2019's, each table in turn).
pub fn codebook_keys() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for line in CODEBOOK_TSV.lines().skip(1) {
            if let Some(key) = line.split('\t').next().filter(|k| !k.is_empty())
                && seen.insert(key)
            {
                keys.push(key.to_string());
            }
        }
        keys
    })
}

pub fn wide_header() -> Vec<&'static str> {
    WIDE_LEAD
        .iter()
        .copied()
        .chain(codebook_keys().iter().map(String::as_str))
        .chain(WIDE_TAIL.iter().copied())
        .collect()
}

/// A header row as CSV bytes.
pub fn header(columns: &[&str]) -> Vec<u8> {
    rows(|w| w.write_record(columns))
}

/// The tidy rows of a report: report, key, value, raw, page, line.
pub fn tidy_rows(report: &Report) -> Vec<u8> {
    rows(|w| {
        for (key, cell) in &report.cells.0 {
            let value = cell.value.map(|v| v.to_string()).unwrap_or_default();
            w.write_record([
                report.source.path.as_str(),
                key,
                &value,
                &cell.raw,
                &cell.page.to_string(),
                &cell.line.to_string(),
            ])?;
        }
        // Numbers the prose (or a legacy 统计表) states, under their own keys (prose.*,
        // legacy.*): for a report before 2019 they are all its data.
        for fact in &report.facts {
            w.write_record([
                report.source.path.as_str(),
                fact.key,
                &fact.value.to_string(),
                &fact.raw,
                &fact.page.to_string(),
                &fact.line.to_string(),
            ])?;
        }
        Ok(())
    })
}

/// The wide row of an outcome.
pub fn wide_row(outcome: &Outcome) -> Vec<u8> {
    let keys = codebook_keys();
    let mut row: Vec<String> = Vec::with_capacity(WIDE_LEAD.len() + keys.len() + WIDE_TAIL.len());
    row.push(outcome.source_path());
    match &outcome.result {
        Ok(report) => {
            let format = serde_json::to_value(report.source.format)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            row.extend([
                report.source.sha256.clone(),
                report.agency.clone().unwrap_or_default(),
                report.year.map(|y| y.to_string()).unwrap_or_default(),
                report.template.to_string(),
                format,
            ]);
            row.extend(keys.iter().map(|k| {
                report
                    .cells
                    .get(k)
                    .and_then(|c| c.value)
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            }));
            let count = |s| report.findings.iter().filter(|f| f.severity == s).count();
            row.extend([
                count(Severity::Error).to_string(),
                count(Severity::Warning).to_string(),
                count(Severity::Info).to_string(),
                String::new(),
            ]);
        }
        Err(failure) => {
            let format = failure
                .format
                .and_then(|f| serde_json::to_value(f).ok())
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            row.push(failure.sha256.clone().unwrap_or_default());
            row.extend([String::new(), String::new(), String::new(), format]);
            row.extend(keys.iter().map(|_| String::new()));
            row.extend([String::new(), String::new(), String::new()]);
            row.push(failure.kind.to_string());
        }
    }
    rows(|w| w.write_record(&row))
}

fn rows(write: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory fails only on a bug in the csv crate; an empty result would show it.
    if write(&mut w).is_err() {
        return Vec::new();
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wide_header_has_every_codebook_key_once() {
        let keys = codebook_keys();
        // 229 codebook rows; three keys (licensing, penalties, coercion decisions) are in both
        // templates' table 二 under one key.
        assert_eq!(keys.len(), 226);
        assert_eq!(keys[0], "active.regulations.issued");
        assert!(keys.iter().any(|k| k == "requests.carried_forward.total"));
        let header = wide_header();
        assert_eq!(&header[..3], ["report", "sha256", "agency"]);
        assert_eq!(header.last(), Some(&"error"));
        let unique: std::collections::HashSet<_> = header.iter().collect();
        assert_eq!(unique.len(), header.len());
    }
}
