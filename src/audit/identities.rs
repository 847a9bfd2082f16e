//! The template's arithmetic identities (第一项加第二项之和，等于第三项加第四项之和 and the totals).

use std::borrow::Cow;
use std::sync::LazyLock;

use super::{KeyMap, json_number};
use crate::finding::{Finding, Severity};
use crate::tables::{ReadCell, TableRead};
use crate::template::{Axis, IDENTITIES, Identity, Role, Row, TemplateId};
use crate::value::Number;

/// One equation of an identity: a label for messages and the keys on each side.
#[derive(Clone, Debug, PartialEq)]
struct Equation {
    label: &'static str,
    lhs: Vec<String>,
    rhs: Vec<String>,
}

/// The equations of one identity over one template table.
struct Equations {
    rule: &'static str,
    rows: &'static [Row],
    equations: Vec<Equation>,
}

/// Every identity's equations over every template table, their keys formatted once rather
/// than for each report.
static EQUATIONS: LazyLock<Vec<Equations>> = LazyLock::new(|| {
    let mut out: Vec<Equations> = Vec::new();
    for identity in IDENTITIES {
        for template in TemplateId::ALL {
            let rows = crate::template::rows(template, identity.table);
            if !out
                .iter()
                .any(|e| e.rule == identity.rule && std::ptr::eq(e.rows, rows))
            {
                out.push(Equations {
                    rule: identity.rule,
                    rows,
                    equations: equations(identity, rows),
                });
            }
        }
    }
    out
});

/// The equations of `identity` over `rows`, from [`EQUATIONS`] for the template tables.
fn equations_for(identity: &Identity, rows: &'static [Row]) -> Cow<'static, [Equation]> {
    match EQUATIONS
        .iter()
        .find(|e| e.rule == identity.rule && std::ptr::eq(e.rows, rows))
    {
        Some(e) => Cow::Borrowed(&e.equations),
        None => Cow::Owned(equations(identity, rows)),
    }
}

/// A table's cells by key, made once per table for all its identities.
pub(super) fn cells_by_key(read: &TableRead) -> KeyMap<'_, &ReadCell> {
    read.cells.iter().map(|c| (c.key.as_str(), c)).collect()
}

/// Checks every equation of `identity` in `read`. An equation with a blank (or absent) cell is
/// not checkable; those are reported together, once per identity, as `identity.unchecked`.
/// `cells` is [`cells_by_key`] of `read`.
pub(super) fn check(
    identity: &Identity,
    read: &TableRead,
    cells: &KeyMap<&ReadCell>,
    findings: &mut Vec<Finding>,
) {
    let mut unchecked: Vec<(&str, Vec<String>)> = Vec::new();
    for eq in equations_for(identity, read.rows).iter() {
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

fn equations(identity: &Identity, rows: &'static [Row]) -> Vec<Equation> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Table;

    #[test]
    fn every_template_table_has_its_equations_made_once() {
        for identity in IDENTITIES {
            for template in TemplateId::ALL {
                let rows = crate::template::rows(template, identity.table);
                let cached = equations_for(identity, rows);
                assert!(matches!(cached, Cow::Borrowed(_)), "{}", identity.rule);
                assert_eq!(*cached, equations(identity, rows));
            }
        }
        // A table the templates do not have is computed as before.
        let other = crate::template::rows(TemplateId::Y2021, Table::Active);
        let identity = IDENTITIES
            .iter()
            .find(|i| i.table == Table::Requests)
            .unwrap();
        assert!(matches!(equations_for(identity, other), Cow::Owned(_)));
    }
}
