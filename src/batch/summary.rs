//! What a batch did, counted: the end-of-run report on stderr and `--summary FILE` (JSON).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::output::Outcome;

/// How many failure messages are kept for stderr; the rest are only counted (every one is in
/// the error records).
pub const LISTED_FAILURES: usize = 50;

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub schema: &'static str,
    /// Inputs read in this run.
    pub inputs: usize,
    /// Inputs skipped because the output already held them (`--resume`).
    pub resumed: usize,
    pub extracted: usize,
    pub failed: usize,
    /// Bytes of the inputs that could be read.
    pub bytes: u64,
    /// Pages of the extracted reports.
    pub pages: u64,
    /// Inputs by format (of those whose bytes were read).
    pub formats: BTreeMap<String, usize>,
    /// Extracted reports by template.
    pub templates: BTreeMap<&'static str, usize>,
    /// Failed inputs by error kind.
    pub errors: BTreeMap<&'static str, usize>,
    /// Files a directory search passed over as not reports, by kind.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Findings of the extracted reports by severity, and by rule.
    pub findings: BTreeMap<Severity, usize>,
    pub rules: BTreeMap<&'static str, usize>,
    /// Findings of the cross-report audit.
    pub cross_findings: Vec<Finding>,
    /// The first failures' messages and exit codes, in output order.
    #[serde(skip)]
    pub failures: Vec<(String, i32)>,
    /// The reader of stdout went away before the end (`| head`).
    #[serde(skip)]
    pub stopped: bool,
    /// Why an output could not be written, if it could not.
    #[serde(skip)]
    pub write_error: Option<String>,
}

impl Summary {
    pub fn new() -> Summary {
        Summary {
            schema: "gongkai.summary/1",
            ..Summary::default()
        }
    }

    pub fn count(&mut self, outcome: &Outcome) {
        self.inputs += 1;
        match &outcome.result {
            Ok(report) => {
                self.extracted += 1;
                self.bytes += report.source.size;
                self.pages += u64::from(report.source.pages);
                *self
                    .formats
                    .entry(format_name(report.source.format))
                    .or_default() += 1;
                *self.templates.entry(report.template).or_default() += 1;
                for f in &report.findings {
                    *self.findings.entry(f.severity).or_default() += 1;
                    *self.rules.entry(f.rule).or_default() += 1;
                }
            }
            Err(failure) => {
                self.failed += 1;
                self.bytes += failure.size.unwrap_or(0);
                if let Some(format) = failure.format {
                    *self.formats.entry(format_name(format)).or_default() += 1;
                }
                *self.errors.entry(failure.kind).or_default() += 1;
                if self.failures.len() < LISTED_FAILURES {
                    self.failures
                        .push((failure.message.clone(), failure.exit_code));
                }
            }
        }
    }

    pub fn severity(&self, s: Severity) -> usize {
        self.findings.get(&s).copied().unwrap_or(0)
    }
}

fn format_name(format: crate::model::Format) -> String {
    serde_json::to_value(format)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// `a 2, b 1` for a count map.
pub fn counts<K: std::fmt::Display>(map: &BTreeMap<K, usize>) -> String {
    map.iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
