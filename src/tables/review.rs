//! Table 四: 15 values in a fixed order (行政复议, then 行政诉讼 未经复议直接起诉, then 复议后起诉;
//! each 维持, 纠正, 其他, 尚未审结, 总计), usually printed as one row under a two-level header.
//!
//! The values are read in order across the value rows of the region until the table ends. A
//! row with more than 15 cells is reported and the surplus left out, never shifted in.

use crate::finding::{Finding, Severity};
use crate::model::Document;
use crate::template::{REVIEW_ROWS, Table, TemplateId};
use crate::value::Parsed;

use super::rows::{Value, rows};
use super::{Span, TableRead, check_headers};

pub fn read(doc: &Document, span: Span, template: Option<TemplateId>) -> TableRead {
    let all = rows(doc, span);
    let expected: usize = REVIEW_ROWS.iter().map(|r| r.columns.len()).sum();
    let mut values: Vec<Value> = Vec::new();
    let mut extra: Vec<Value> = Vec::new();
    let mut extra_at = None;
    for row in &all {
        let is_value_row = row.has_number()
            && row.values.iter().all(|v| v.parsed != Parsed::Text)
            && row.label.chars().count() <= 12;
        if !is_value_row {
            continue;
        }
        if values.len() >= expected {
            break;
        }
        let mut cells = row.values.clone();
        while cells.last().is_some_and(Value::is_blank) {
            cells.pop();
        }
        let room = expected - values.len();
        if cells.len() > room {
            extra = cells.split_off(room);
            extra_at = Some((row.page, row.line));
        }
        values.extend(cells);
    }
    let mut read = TableRead::new(Table::ReviewLitigation, template);
    if values.is_empty() {
        read.template = None;
        read.findings.push(Finding::new(
            "table.missing",
            Severity::Error,
            "table 四 (行政复议、行政诉讼) has no values that could be read",
        ));
        return read;
    }
    let keys = || {
        REVIEW_ROWS
            .iter()
            .flat_map(|r| r.columns.iter().map(move |c| r.cell_key(c)))
    };
    if let Some((page, line)) = extra_at {
        let raws: Vec<&str> = extra.iter().map(|v| v.raw.as_str()).collect();
        read.findings.push(
            Finding::new(
                "cells.count",
                Severity::Warning,
                format!(
                    "table 四: {} cells where the template has {expected}; the surplus after the 15th was not read: {}",
                    expected + extra.len(),
                    raws.join(" ")
                ),
            )
            .keys(keys())
            .values(expected, expected + extra.len())
            .at(page, line),
        );
    }
    if values.len() < expected {
        let (page, line) = values.last().map_or((0, 0), |v| (v.page, v.line));
        read.findings.push(
            Finding::new(
                "cells.count",
                Severity::Warning,
                format!(
                    "table 四: {} cells where the template has {expected}; values read in order, the last {} missing",
                    values.len(),
                    expected - values.len()
                ),
            )
            .keys(keys().skip(values.len()))
            .values(expected, values.len())
            .at(page, line),
        );
    }
    let mut values = values.into_iter();
    for row in REVIEW_ROWS {
        let chunk: Vec<Value> = values.by_ref().take(row.columns.len()).collect();
        read.put(row, row.columns, chunk);
    }
    check_headers(all.iter(), REVIEW_ROWS, &mut read.findings);
    read
}
