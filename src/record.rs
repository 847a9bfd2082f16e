//! The record: one normalized JSON object per report (see `docs/output.md`).

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

pub use crate::facts::Fact;
use crate::finding::Finding;
use crate::locate::Section;
use crate::model::Format;
use crate::tables::{Cell, TableRead};
use crate::template::TemplateId;

pub const SCHEMA: &str = "gongkai.report/1";

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub source: Source,
    pub title: Option<String>,
    pub agency: Option<String>,
    /// The agency as the title prints it, when it is an abbreviation that `agency` writes out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency_printed: Option<String>,
    pub year: Option<i32>,
    /// `2019`, `2021`, `legacy` or `unknown`.
    pub template: &'static str,
    pub tables: Tables,
    pub sections: Vec<Section>,
    pub cells: Cells,
    pub facts: Vec<Fact>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub path: String,
    pub size: u64,
    pub sha256: String,
    pub format: Format,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    pub pages: u32,
}

/// Where each table was found and which layout it follows.
#[derive(Debug, Clone, Serialize)]
pub struct Tables {
    pub active: TableInfo,
    pub requests: TableInfo,
    pub review_litigation: TableInfo,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableInfo {
    pub template: Option<TemplateId>,
    pub cells: usize,
    pub first_line: Option<u32>,
    pub last_line: Option<u32>,
}

impl From<&TableRead> for TableInfo {
    fn from(read: &TableRead) -> TableInfo {
        TableInfo {
            template: read.template,
            cells: read.cells.len(),
            first_line: read.lines.map(|l| l.0),
            last_line: read.lines.map(|l| l.1),
        }
    }
}

impl Report {
    /// The provenance promise, checked against the document the record came from: every cell's
    /// number is printed, as its digits, on the line the cell names (or, for a note continued
    /// there, the next one). The first cell that breaks it, described; `None` when all keep it.
    pub fn unprinted_value(&self, doc: &crate::model::Document) -> Option<String> {
        let digits = |s: &str| -> String {
            crate::normalize::fold(s)
                .chars()
                .filter(char::is_ascii_digit)
                .collect()
        };
        for (key, cell) in &self.cells.0 {
            let Some(value) = cell.value else { continue };
            let whole = match value {
                crate::value::Number::Int(i) => i.unsigned_abs().to_string(),
                crate::value::Number::Decimal(d) => format!("{}", d.abs().trunc()),
            };
            let Some(at) = doc
                .lines
                .iter()
                .position(|l| l.page == cell.page && l.number == cell.line)
            else {
                return Some(format!("{key}: no line {}:{}", cell.page, cell.line));
            };
            let near: String = doc.lines[at..doc.lines.len().min(at + 2)]
                .iter()
                .map(|l| l.text.as_str())
                .collect();
            if !digits(&near).contains(&digits(&whole)) {
                return Some(format!(
                    "{key} = {value} is not printed on line {}:{} ({near:?})",
                    cell.page, cell.line
                ));
            }
        }
        None
    }

    /// Puts every finding's message in `lang`.
    pub fn localize(&mut self, lang: crate::finding::Lang) {
        for f in &mut self.findings {
            f.localize(lang);
        }
    }
}

/// Codebook key → cell, serialized as a JSON object in template order.
#[derive(Debug, Clone, Default)]
pub struct Cells(pub Vec<(String, Cell)>);

impl Cells {
    pub fn get(&self, key: &str) -> Option<&Cell> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, c)| c)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Cells {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
