//! The template's arithmetic identities (第一项加第二项之和，等于第三项加第四项之和 and the totals).

use std::collections::HashMap;

use super::json_number;
use crate::finding::{Finding, Severity};
use crate::tables::{ReadCell, TableRead};
use crate::template::{Axis, Identity, Role};
use crate::value::Number;

/// One equation of an identity: a label for messages and the keys on each side.
struct Equation<'a> {
    label: &'a str,
    lhs: Vec<String>,
    rhs: Vec<String>,
}

/// Checks every equation of `identity` in `read`. An equation with a blank cell is not
/// checkable; those are reported together, once per identity, as `identity.unchecked`.
pub(super) fn check(identity: &Identity, read: &TableRead, findings: &mut Vec<Finding>) {
    let cells: HashMap<&str, &ReadCell> = read.cells.iter().map(|c| (c.key.as_str(), c)).collect();
    let mut unchecked: Vec<(&str, Vec<String>)> = Vec::new();
    for eq in equations(identity, read) {
        let keys = || eq.lhs.iter().chain(&eq.rhs);
        // An equation with a cell the table did not print is not checkable for another reason:
        // its row is missing (cells.missing says so) or the table is of another layout.
        if keys().any(|k| !cells.contains_key(k.as_str())) {
            continue;
        }
        let gaps: Vec<String> = keys()
            .filter(|k| {
                cells
                    .get(k.as_str())
                    .is_some_and(|c| c.cell.value.is_none())
            })
            .cloned()
            .collect();
        if !gaps.is_empty() {
            unchecked.push((eq.label, gaps));
            continue;
        }
        let sum = |keys: &[String]| -> f64 {
            keys.iter()
                .filter_map(|k| cells.get(k.as_str())?.cell.value.map(Number::as_f64))
                .sum()
        };
        let (left, right) = (sum(&eq.lhs), sum(&eq.rhs));
        if (left - right).abs() < 1e-6 {
            continue;
        }
        let (lhs, rhs) = (eq.lhs.join(" + "), eq.rhs.join(" + "));
        let label = eq.label;
        let mut finding = Finding::new(
            identity.rule,
            Severity::Error,
            format!(
                "{label}：{}不成立：{lhs} = {left}，而 {rhs} = {right}",
                identity.description
            ),
            format!(
                "{label}: {} fails: ({lhs}) = {left}, but ({rhs}) = {right}",
                identity.description_en
            ),
        )
        .keys(keys().cloned())
        .values(json_number(left), json_number(right));
        if let Some(at) = eq.lhs.first().and_then(|k| cells.get(k.as_str())) {
            finding = finding.at(at.cell.page, at.cell.line);
        }
        findings.push(finding);
    }
    if let Some((_, first_gaps)) = unchecked.first() {
        let labels: Vec<&str> = unchecked.iter().map(|(l, _)| *l).collect();
        let gaps: Vec<String> = unchecked.iter().flat_map(|(_, g)| g.clone()).collect();
        let mut finding = Finding::new(
            "identity.unchecked",
            Severity::Info,
            format!(
                "{}：{}无法核对（{}），因为有单元格为空或非数字：{}",
                read.table.name(),
                identity.description,
                labels.join("；"),
                gaps.join(", ")
            ),
            format!(
                "{}: {} cannot be checked for {} because these cells hold no number: {}",
                read.table.name(),
                identity.description_en,
                labels.join("; "),
                gaps.join(", ")
            ),
        )
        .keys(gaps.iter().cloned());
        if let Some(at) = first_gaps.first().and_then(|k| cells.get(k.as_str())) {
            finding = finding.at(at.cell.page, at.cell.line);
        }
        findings.push(finding);
    }
}

fn equations<'a>(identity: &Identity, read: &'a TableRead) -> Vec<Equation<'a>> {
    let rows = read.rows;
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    match identity.axis {
        Axis::Rows => first
            .columns
            .iter()
            .map(|column| {
                let side = |roles: &[Role]| {
                    rows.iter()
                        .filter(|r| roles.contains(&r.role))
                        .map(|r| r.cell_key(column))
                        .collect::<Vec<_>>()
                };
                Equation {
                    label: column.label,
                    lhs: side(identity.lhs),
                    rhs: side(identity.rhs),
                }
            })
            .collect(),
        Axis::Columns => rows
            .iter()
            .map(|row| {
                let side = |roles: &[Role]| {
                    row.columns
                        .iter()
                        .filter(|c| roles.contains(&c.role))
                        .map(|c| row.cell_key(c))
                        .collect::<Vec<_>>()
                };
                Equation {
                    label: row.label,
                    lhs: side(identity.lhs),
                    rhs: side(identity.rhs),
                }
            })
            .filter(|eq| !eq.lhs.is_empty() && !eq.rhs.is_empty())
            .collect(),
    }
}
