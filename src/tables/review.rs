//! Table 四: 15 values in a fixed order (行政复议, then 行政诉讼 未经复议直接起诉, then 复议后起诉;
//! each 维持, 纠正, 其他, 尚未审结, 总计), usually printed as one row under a two-level header.
//!
//! Rows labelled with their block are placed by label. Otherwise the values are read in order
//! from one unbroken run of value rows (continued across a page break); numbers printed in
//! pieces narrower than a block are placed only when every block's total holds, and a row with
//! more than 15 cells is reported with the surplus left out, never shifted in.

use crate::finding::{Finding, Severity};
use crate::model::Document;
use crate::template::{REVIEW_COLUMNS, REVIEW_ROWS, Role, Table, TemplateId};
use crate::value::{Number, Parsed};

use super::rows::{Row, Value, join_wrapped_labels, rows};
use super::{LabelMatch, Span, TableRead, check_headers, extra_cells, match_labels};

pub fn read(doc: &Document, span: Span, template: Option<TemplateId>) -> TableRead {
    let all = join_wrapped_labels(rows(doc, span), |r| names_block(r).is_some());
    let mut read = TableRead::new(Table::ReviewLitigation, template, REVIEW_ROWS);
    let is_value_row = |r: &Row| {
        r.has_number()
            && r.values.iter().all(|v| v.parsed != Parsed::Text)
            && r.label.chars().count() <= 16
    };
    let value_rows: Vec<&Row> = all.iter().filter(|r| is_value_row(r)).collect();
    // A row that names one block and holds at most a block's cells (numbers, placeholders or
    // blanks) is that block's row. One such row with a value is enough to read by label: a
    // label is never overruled by order.
    let block_rows: Vec<(usize, &Row)> = all
        .iter()
        .filter(|r| !r.values.is_empty() && r.fits(REVIEW_COLUMNS.len()) || r.is_blank_row())
        .filter(|r| r.values.iter().all(|v| v.parsed != Parsed::Text))
        .filter_map(|r| Some((names_block(r)?, r)))
        .collect();
    if block_rows.iter().any(|(_, r)| r.has_values()) {
        read_by_label(&block_rows, &mut read);
        let read_lines: Vec<u32> = read.cells.iter().map(|c| c.cell.line).collect();
        for row in value_rows.iter().filter(|r| !read_lines.contains(&r.line)) {
            read.unmatched(row);
        }
    } else {
        // Values are read in order only while they follow each other: words between two runs of
        // numbers mean the order on the page is lost, unless a page break explains them (the
        // header printed again on the next page). A run too short to start the table (a stray
        // number before the header) is passed over when a longer one follows.
        let runs: Vec<Vec<&Row>> = all
            .chunk_by(|a, b| is_value_row(a) == is_value_row(b))
            .filter(|run| is_value_row(&run[0]))
            .map(|run| run.iter().collect())
            .collect();
        let width = |run: &[&Row]| run.iter().map(|r| r.values.len()).sum::<usize>();
        let start = runs
            .iter()
            .position(|run| width(run) >= REVIEW_COLUMNS.len())
            .unwrap_or(0);
        let expected = REVIEW_ROWS.len() * REVIEW_COLUMNS.len();
        let mut taken: Vec<&Row> = Vec::new();
        let mut reading = true;
        for (k, run) in runs.iter().enumerate() {
            let continues_on_next_page = taken.last().is_some_and(|last| {
                run[0].page > last.page
                    && taken.iter().map(|r| r.values.len()).sum::<usize>() < expected
            });
            if k >= start && reading && (k == start || continues_on_next_page) {
                taken.extend(run.iter().copied());
                continue;
            }
            reading &= k < start;
            for row in run {
                read.unmatched(row);
            }
        }
        read_in_order(&taken, &mut read);
    }
    if read.cells.is_empty() {
        read.template = None;
    }
    check_headers(all.iter(), REVIEW_ROWS, &mut read.findings);
    read
}

/// The block a row's label names alone (a header naming several blocks names none).
fn names_block(row: &Row) -> Option<usize> {
    let matches = match_labels(&row.folded, REVIEW_ROWS);
    let mut named = matches
        .iter()
        .enumerate()
        .filter(|(_, m)| matches!(m, Some(LabelMatch::Exact)));
    let (k, _) = named.next()?;
    // 行政复议 also heads the two-level header 行政复议 | 行政诉讼: a label with both is a header.
    let header = k == 0 && row.folded.contains("行政诉讼");
    (named.next().is_none() && !header).then_some(k)
}

/// One printed row per block, each naming its block.
fn read_by_label(labelled: &[(usize, &Row)], read: &mut TableRead) {
    let mut missing = Vec::new();
    for (k, spec) in REVIEW_ROWS.iter().enumerate() {
        let named: Vec<&Row> = labelled
            .iter()
            .filter(|(j, _)| *j == k)
            .map(|(_, r)| *r)
            .collect();
        // Of several rows naming one block (a count in the prose beside the table), the one
        // that fills the block's cells is its row.
        let Some(row) = named
            .iter()
            .find(|r| r.fits(spec.columns.len()))
            .or(named.first())
        else {
            missing.push(spec);
            continue;
        };
        let (values, extra) = row.fit(spec.columns.len());
        read.record_row(row, spec, values, extra);
    }
    read.rows_missing(&missing);
}

/// The 15 values in order across the value rows. When the rows of five or more values hold
/// all 15, a shorter row beside them (a page number the conversion kept) is left out.
fn read_in_order(value_rows: &[&Row], read: &mut TableRead) {
    let expected = REVIEW_ROWS.len() * REVIEW_COLUMNS.len();
    let full = |r: &Row| r.values.len() >= REVIEW_COLUMNS.len();
    let in_full_rows: usize = value_rows
        .iter()
        .filter(|r| full(r))
        .map(|r| r.values.len())
        .sum();
    let strays_possible = in_full_rows >= expected;
    let mut values: Vec<Value> = Vec::new();
    for row in value_rows {
        if values.len() >= expected || (strays_possible && !full(row)) {
            read.unmatched(row);
            continue;
        }
        let room = expected - values.len();
        let (fit, extra) = row.fit(room.min(row.values.len()));
        values.extend(fit);
        let extra: Vec<Value> = extra.into_iter().filter(|v| !v.is_blank()).collect();
        if !extra.is_empty() {
            read.findings
                .push(extra_cells(row, "table 四", expected, &extra).keys(all_keys()));
        }
    }
    // Values printed in pieces narrower than a block (one a line, say) have no row structure to
    // vouch for their order: they are placed only when every block's total holds, which an order
    // scrambled by conversion would not give.
    let pieces = value_rows.iter().any(|r| !full(r));
    if pieces && !values.is_empty() && !blocks_add_up(&values) {
        for row in value_rows {
            read.unmatched(row);
        }
        return;
    }
    if !values.is_empty() && values.len() < expected {
        let last = values.last().expect("not empty");
        let keys: Vec<String> = all_keys().skip(values.len()).collect();
        read.findings.push(
            Finding::new(
                "cells.count",
                Severity::Warning,
                format!(
                    "表四：有 {} 个单元格，模板为 {expected} 个；数值按顺序读入，缺少 {}",
                    values.len(),
                    keys.join(", ")
                ),
                format!(
                    "table 四: {} cells where the template has {expected}; values read in order, {} missing",
                    values.len(),
                    keys.join(", ")
                ),
            )
            .keys(keys)
            .values(expected, values.len())
            .at(last.page, last.line),
        );
    }
    let mut values = values.into_iter();
    for spec in REVIEW_ROWS {
        let chunk: Vec<Value> = values.by_ref().take(spec.columns.len()).collect();
        read.put(spec, chunk);
    }
}

/// Every block's total holds: the values of its `Part` columns add up to its `Total` column, as
/// the template declares (the audit checks the same sum as `review_litigation.total`).
fn blocks_add_up(values: &[Value]) -> bool {
    values.len() == all_keys().count() && values.chunks(REVIEW_COLUMNS.len()).all(|block| {
        let sum = |role: Role| -> Option<f64> {
            REVIEW_COLUMNS
                .iter()
                .zip(block)
                .filter(|(c, _)| c.role == role)
                .map(|(_, v)| v.parsed.number().map(Number::as_f64))
                .sum()
        };
        matches!((sum(Role::Part), sum(Role::Total)), (Some(p), Some(t)) if (p - t).abs() < 1e-6)
    })
}

/// The 15 keys of table 四, in order.
fn all_keys() -> impl Iterator<Item = String> {
    REVIEW_ROWS
        .iter()
        .flat_map(|r| r.columns.iter().map(move |c| r.cell_key(c)))
}
