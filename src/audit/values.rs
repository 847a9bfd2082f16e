//! Cell by cell: blanks and placeholders where a number belongs, negative counts, fractions.

use crate::finding::{Finding, Severity};
use crate::tables::{ReadCell, TableRead};
use crate::template::Unit;
use crate::value::{Number, Parsed, parse_cell};

/// Blanks (one finding a row), negative values and fractions in counts.
pub(super) fn check(read: &TableRead, findings: &mut Vec<Finding>) {
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
        let label = first.row.label;
        let printed = printed.join(" ");
        findings.push(
            Finding::new(
                "cells.blank",
                Severity::Warning,
                format!("{label}：模板要求填数字处为空或占位符：{printed}"),
                format!("{label}: no number where the template has one: {printed}"),
            )
            .keys(blanks.iter().map(|c| c.key.clone()))
            .at(first.cell.page, first.cell.line),
        );
    }
    for c in &read.cells {
        let Some(v) = c.cell.value else { continue };
        let fraction = matches!(v, Number::Decimal(d) if d.fract() != 0.0);
        let (kind_zh, kind_en) = if c.column.unit == Unit::Amount {
            ("金额", "an amount")
        } else {
            ("件数", "a count")
        };
        let (key, raw) = (&c.key, &c.cell.raw);
        let finding = if v.is_negative() && c.column.unit != Unit::SignedCount {
            Finding::new(
                "value.negative",
                Severity::Error,
                format!("{key}：「{raw}」是负数，{kind_zh}栏不应为负"),
                format!("{key}: 「{raw}」 is negative, which {kind_en} column does not hold"),
            )
        } else if fraction && c.column.unit != Unit::Amount {
            Finding::new(
                "cells.fraction",
                Severity::Warning,
                format!("{key}：「{raw}」带小数，{kind_zh}栏应为整数"),
                format!("{key}: 「{raw}」 is a fraction, which {kind_en} column does not hold"),
            )
        } else {
            continue;
        };
        findings.push(finding.keys([c.key.clone()]).at(c.cell.page, c.cell.line));
    }
}
