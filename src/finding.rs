//! Findings: what the reader and the audit report about a document.

use serde::Serialize;
use serde_json::Value as Json;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// One result of reading or auditing. `rule` is a stable id listed in `docs/findings.md`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub keys: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Json>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Json>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Finding {
    pub fn new(rule: &'static str, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity,
            message: message.into(),
            keys: Vec::new(),
            expected: None,
            actual: None,
            page: None,
            line: None,
        }
    }

    pub fn at(mut self, page: u32, line: u32) -> Finding {
        self.page = Some(page);
        self.line = Some(line);
        self
    }

    pub fn keys(mut self, keys: impl IntoIterator<Item = impl Into<String>>) -> Finding {
        self.keys = keys.into_iter().map(Into::into).collect();
        self
    }

    pub fn values(mut self, expected: impl Into<Json>, actual: impl Into<Json>) -> Finding {
        self.expected = Some(expected.into());
        self.actual = Some(actual.into());
        self
    }
}
