//! Audit: rules over the extracted cells and the located layout → findings.
//!
//! The arithmetic identities come from the template declarations (`template::IDENTITIES`), so
//! a report that mixes layouts is checked against the rows it actually printed.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::finding::{Finding, Severity};
use crate::locate::{Section, sections::standard_heading};
use crate::tables::{ReadCell, TableRead};
use crate::template::{Axis, IDENTITIES, Identity, Role, Table, TemplateId, Unit};
use crate::value::{Number, Parsed, parse_cell};

/// Checks a report's tables and outline. A `legacy` report (before the 2019 format) is free
/// form: the national tables and outline are not expected of it.
pub fn audit(
    reads: &[TableRead],
    sections: &[Section],
    year: Option<i32>,
    legacy: bool,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for identity in IDENTITIES {
        if let Some(read) = reads.iter().find(|r| r.table == identity.table) {
            check_identity(identity, read, &mut findings);
        }
    }
    for read in reads {
        check_values(read, &mut findings);
    }
    check_template(reads, year, &mut findings);
    if let Some(year) = year {
        check_prose_year(sections, year, &mut findings);
    }
    if !legacy {
        check_outline(reads, sections, &mut findings);
    }
    findings
}

/// The three tables and six sections of the national format: each one missing is a finding.
fn check_outline(reads: &[TableRead], sections: &[Section], findings: &mut Vec<Finding>) {
    for table in Table::ALL {
        let read = reads.iter().find(|r| r.table == table);
        if read.is_none_or(|r| r.cells.is_empty()) {
            let what = if read.is_some() {
                "found, but no value in it could be read"
            } else {
                "not found"
            };
            findings.push(Finding::new(
                "table.missing",
                Severity::Error,
                format!("{}: {what}", table.name()),
            ));
        }
    }
    for number in 1..=6u8 {
        if !sections.iter().any(|s| s.number == number) {
            findings.push(
                Finding::new(
                    "section.missing",
                    Severity::Warning,
                    format!(
                        "section {number} (「{}」) not found",
                        standard_heading(number)
                    ),
                )
                .values(standard_heading(number), serde_json::Value::Null),
            );
        }
    }
}

fn check_identity(identity: &Identity, read: &TableRead, findings: &mut Vec<Finding>) {
    let rows = read.rows;
    let cells: HashMap<&str, &ReadCell> = read.cells.iter().map(|c| (c.key.as_str(), c)).collect();
    let Some(first) = rows.first() else { return };
    // Each equation: a label for the message and the keys on each side.
    let mut equations: Vec<(&str, Vec<String>, Vec<String>)> = Vec::new();
    match identity.axis {
        Axis::Rows => {
            for column in first.columns {
                let side = |roles: &[Role]| {
                    rows.iter()
                        .filter(|r| roles.contains(&r.role))
                        .map(|r| r.cell_key(column))
                        .collect::<Vec<_>>()
                };
                equations.push((column.label, side(identity.lhs), side(identity.rhs)));
            }
        }
        Axis::Columns => {
            for row in rows {
                let side = |roles: &[Role]| {
                    row.columns
                        .iter()
                        .filter(|c| roles.contains(&c.role))
                        .map(|c| row.cell_key(c))
                        .collect::<Vec<_>>()
                };
                equations.push((row.label, side(identity.lhs), side(identity.rhs)));
            }
        }
    }
    for (label, lhs, rhs) in equations {
        let sum = |keys: &[String]| -> Option<f64> {
            keys.iter()
                .map(|k| cells.get(k.as_str())?.cell.value.map(Number::as_f64))
                .sum()
        };
        let (Some(left), Some(right)) = (sum(&lhs), sum(&rhs)) else {
            continue;
        };
        if (left - right).abs() < 1e-6 {
            continue;
        }
        let mut finding = Finding::new(
            identity.rule,
            Severity::Error,
            format!(
                "{label}: {} ({}) = {left}, but {} = {right}",
                identity.description,
                lhs.join(" + "),
                rhs.join(" + ")
            ),
        )
        .keys(lhs.iter().chain(&rhs).cloned())
        .values(json_number(left), json_number(right));
        if let Some(at) = lhs.first().and_then(|k| cells.get(k.as_str())) {
            finding = finding.at(at.cell.page, at.cell.line);
        }
        findings.push(finding);
    }
}

/// Blanks and placeholders where a number belongs (one finding a row), and negative counts.
fn check_values(read: &TableRead, findings: &mut Vec<Finding>) {
    for row_cells in read.cells.chunk_by(|a, b| a.row.key == b.row.key) {
        // Words where a number belongs are reported when read (cells.not_a_number).
        let blanks: Vec<&ReadCell> = row_cells
            .iter()
            .filter(|c| c.cell.value.is_none() && parse_cell(&c.cell.raw) != Parsed::Text)
            .collect();
        let Some(first) = blanks.first() else {
            continue;
        };
        let printed: Vec<String> = blanks
            .iter()
            .map(|c| match c.cell.raw.as_str() {
                "" => "(blank)".into(),
                raw => format!("「{raw}」"),
            })
            .collect();
        findings.push(
            Finding::new(
                "cells.blank",
                Severity::Warning,
                format!(
                    "{}: no number where the template has one: {}",
                    first.row.label,
                    printed.join(" ")
                ),
            )
            .keys(blanks.iter().map(|c| c.key.clone()))
            .at(first.cell.page, first.cell.line),
        );
    }
    for c in &read.cells {
        let Some(v) = c.cell.value else { continue };
        let fraction = matches!(v, Number::Decimal(d) if d.fract() != 0.0);
        let problem = if v.is_negative() && c.column.unit != Unit::SignedCount {
            Some(("cells.negative", Severity::Error, "a negative value"))
        } else if fraction && c.column.unit != Unit::Amount {
            Some(("cells.fraction", Severity::Warning, "a fraction"))
        } else {
            None
        };
        if let Some((rule, severity, what)) = problem {
            let kind = if c.column.unit == Unit::Amount {
                "an amount"
            } else {
                "a count"
            };
            let message = format!(
                "{}: 「{}」 is {what}, which {kind} column does not hold",
                c.key, c.cell.raw
            );
            findings.push(
                Finding::new(rule, severity, message)
                    .keys([c.key.clone()])
                    .at(c.cell.page, c.cell.line),
            );
        }
    }
}

/// Mixed layouts and a layout that does not match the report year.
fn check_template(reads: &[TableRead], year: Option<i32>, findings: &mut Vec<Finding>) {
    let by_table: Vec<(&TableRead, TemplateId)> = reads
        .iter()
        .filter(|r| r.table.tells_templates_apart())
        .filter_map(|r| Some((r, r.template?)))
        .collect();
    if let [(a, ta), (b, tb)] = by_table.as_slice()
        && ta != tb
    {
        findings.push(Finding::new(
            "template.mismatch",
            Severity::Warning,
            format!(
                "{} follows the {} template but {} the {} template",
                a.table.name(),
                ta.as_str(),
                b.table.name(),
                tb.as_str()
            ),
        ));
    }
    let Some(year) = year else { return };
    let Some(expected) = TemplateId::for_year(year) else {
        return;
    };
    for (read, template) in by_table {
        if template != expected {
            findings.push(
                Finding::new(
                    "template.mismatch",
                    Severity::Warning,
                    format!(
                        "{}: a {year} report should use the {} template but the table follows {}",
                        read.table.name(),
                        expected.as_str(),
                        template.as_str()
                    ),
                )
                .values(expected.as_str(), template.as_str()),
            );
        }
    }
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年").expect("regex"));

/// 总体情况 reviews the report year. When it names other years but never the report year, the
/// text was likely carried over from another year's report.
fn check_prose_year(sections: &[Section], year: i32, findings: &mut Vec<Finding>) {
    let Some(overview) = sections.iter().find(|s| s.number == 1) else {
        return;
    };
    let text = crate::normalize::fold(&overview.text);
    let mut years: Vec<i32> = YEAR
        .captures_iter(&text)
        .filter_map(|c| c[1].parse().ok())
        .collect();
    if years.is_empty() || years.contains(&year) {
        return;
    }
    years.sort_unstable();
    years.dedup();
    let named: Vec<String> = years.iter().map(i32::to_string).collect();
    findings.push(
        Finding::new(
            "year.prose_mismatch",
            Severity::Warning,
            format!(
                "the report is for {year}, but its 总体情况 speaks only of {}",
                named.join(", ")
            ),
        )
        .values(year, years[0])
        .at(overview.page, overview.line),
    );
}

/// A sum as JSON: an integer when it is whole, as the cells it adds up are.
fn json_number(x: f64) -> serde_json::Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        serde_json::Value::from(x as i64)
    } else {
        serde_json::Value::from(x)
    }
}
