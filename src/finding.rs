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

/// The language of finding messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Chinese, the language of the reports (the default).
    #[default]
    Zh,
    En,
}

/// One result of reading or auditing. `rule` is a stable id listed in `docs/findings.md`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// In Chinese unless the record was [localized](Finding::localize).
    pub message: String,
    /// The other language's message, swapped in by [`Finding::localize`].
    #[serde(skip)]
    pub message_other: String,
    #[serde(skip)]
    pub lang: Lang,
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
    /// A finding with its message in Chinese and in English.
    pub fn new(
        rule: &'static str,
        severity: Severity,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            message: zh.into(),
            message_other: en.into(),
            lang: Lang::Zh,
            keys: Vec::new(),
            expected: None,
            actual: None,
            page: None,
            line: None,
        }
    }

    /// Puts the message in `lang`.
    pub fn localize(&mut self, lang: Lang) {
        if self.lang != lang {
            std::mem::swap(&mut self.message, &mut self.message_other);
            self.lang = lang;
        }
    }

    /// The message in `lang`, whichever language the finding is in now.
    pub fn message_in(&self, lang: Lang) -> &str {
        if self.lang == lang {
            &self.message
        } else {
            &self.message_other
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
