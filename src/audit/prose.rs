//! Prose against tables: a number the text states (申请 N 件, 行政复议 N 件 …) against the cells
//! that count the same thing, and a stated total against the parts the text lists after it.
//!
//! Every finding here is a warning: prose is often scoped differently from the tables (区政府办
//! 代表区政府受理 … counts one office, the table the whole district), and only a reader can tell.

use super::{KeyMap, json_number};
use crate::facts::{Fact, kind};
use crate::finding::{Finding, Severity};
use crate::tables::TableRead;
use crate::value::Number;

pub(super) fn check(reads: &[TableRead], facts: &[Fact], findings: &mut Vec<Finding>) {
    let cells: KeyMap<Option<f64>> = reads
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| (c.key.as_str(), c.cell.value.map(Number::as_f64)))
        .collect();
    let value = |key: &str| cells.get(key).copied().flatten();
    for fact in facts {
        let Some(kind) = kind(fact.key) else { continue };
        if kind.cells.is_empty() {
            continue;
        }
        let Some(table) = kind.cells.iter().map(|k| value(k)).sum::<Option<f64>>() else {
            continue;
        };
        let stated = fact.value.as_f64();
        let agrees = |cells: &[&str]| {
            cells
                .iter()
                .map(|k| value(k))
                .sum::<Option<f64>>()
                .is_some_and(|sum| (sum - stated).abs() < 1e-9)
        };
        if (stated - table).abs() < 1e-9 || kind.also.iter().any(|cells| agrees(cells)) {
            continue;
        }
        let keys = kind.cells.join(" + ");
        let (raw, page, line) = (&fact.raw, fact.page, fact.line);
        findings.push(
            Finding::new(
                "prose.table_mismatch",
                Severity::Warning,
                format!(
                    "正文称「{raw}」，表格中 {keys} 为 {}；统计口径可能不同，请核对",
                    json_number(table)
                ),
                format!(
                    "the text says 「{raw}」 but the table has {keys} = {}; the scope may differ",
                    json_number(table)
                ),
            )
            .keys(kind.cells.iter().copied())
            .values(json_number(stated), json_number(table))
            .at(page, line),
        );
    }
    check_parts(facts, findings);
}

/// A total followed by its parts (其中 X N 条，Y M 条): the parts may not add up to more, nor,
/// when the list ends with 其他 (so it claims to be complete), to less.
fn check_parts(facts: &[Fact], findings: &mut Vec<Finding>) {
    let mut i = 0;
    while i < facts.len() {
        let total = &facts[i];
        let parts: Vec<&Fact> = facts[i + 1..]
            .iter()
            .take_while(|f| f.key == "prose.part")
            .collect();
        i += 1 + parts.len();
        if parts.len() < 2 {
            continue;
        }
        let sum: f64 = parts.iter().map(|p| p.value.as_f64()).sum();
        let stated = total.value.as_f64();
        let complete = parts
            .last()
            .and_then(|p| p.part_of.as_deref())
            .is_some_and(|l| l.rsplit('：').next().is_some_and(|l| l.contains("其他")));
        if sum <= stated && !(complete && sum < stated) {
            continue;
        }
        let listed: Vec<&str> = parts.iter().map(|p| p.raw.as_str()).collect();
        let listed = listed.join("，");
        let (raw, page, line) = (&total.raw, total.page, total.line);
        let (why_zh, why_en) = if sum > stated {
            (
                "分项之和大于总数（除非分项有重叠）",
                "the parts add up to more than the total (unless they overlap)",
            )
        } else {
            (
                "分项列到“其他”为止，其和却小于总数",
                "the parts end with 其他 (so claim to be complete) but add up to less",
            )
        };
        findings.push(
            Finding::new(
                "prose.parts_sum",
                Severity::Warning,
                format!(
                    "正文称「{raw}」，其中所列「{listed}」合计 {}：{why_zh}",
                    json_number(sum)
                ),
                format!(
                    "the text says 「{raw}」, but the parts it lists (「{listed}」) add up to {}: {why_en}",
                    json_number(sum)
                ),
            )
            .values(json_number(stated), json_number(sum))
            .at(page, line),
        );
    }
}
