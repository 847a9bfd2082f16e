//! Table 二: 主动公开政府信息情况, four blocks (2021) or five (2019).
//!
//! Its row labels are unique and short, and PDF conversion may move whole blocks around, so rows
//! are matched by label, not by order. The 2021 and 2019 layouts are both tried; the one whose
//! rows, value counts and column headers fit better is the table's template.

use std::sync::LazyLock;

use crate::finding::{Finding, Severity};
use crate::model::Document;
use crate::normalize::{fold, strip_numbering};
use crate::template::{Column, Row as RowSpec, Table, TemplateId, rows as spec_rows};
use crate::value::Parsed;

use super::rows::{Row, Value, join_wrapped_labels, rows};
use super::{
    Label, LabelMatch, Span, TableRead, check_headers, names_exactly, nonstandard_row_label,
};

/// A printed row matched to a template row.
struct Placed<'r> {
    spec: &'static RowSpec,
    row: &'r Row,
    fuzzy: bool,
}

pub fn read(doc: &Document, span: Span) -> TableRead {
    // Table 二's labels are unique: a line that names a row cannot belong elsewhere.
    let names_a_row = |r: &Row| {
        TemplateId::ALL
            .iter()
            .any(|&t| names_exactly(&r.folded, spec_rows(t, Table::Active)))
    };
    let all = join_wrapped_labels(rows(doc, span.clone()), names_a_row);
    let region_text: String = doc.lines[span].iter().map(|l| l.folded.as_str()).collect();
    let best = TemplateId::ALL
        .iter()
        .map(|&t| {
            let placed = place(&all, spec_rows(t, Table::Active));
            (score(&placed, &region_text, t), t, placed)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let Some((_, template, placed)) = best.filter(|b| b.0 > 0.0) else {
        return TableRead::new(Table::Active, None, &[]);
    };
    let spec = spec_rows(template, Table::Active);
    let mut read = TableRead::new(Table::Active, Some(template), spec);
    let orphans: Vec<&Row> = all
        .iter()
        .filter(|r| r.label.is_empty() && r.values.len() == 1 && r.has_number())
        .collect();
    let adopted = adopt(&orphans, &placed);
    let mut missing = Vec::new();
    for spec_row in spec {
        let Some(p) = placed.iter().find(|p| p.spec.key == spec_row.key) else {
            missing.push(spec_row);
            continue;
        };
        if p.fuzzy {
            read.findings.push(nonstandard_row_label(p.row, spec_row));
        }
        let (mut values, extra) = p.row.fit(spec_row.columns.len());
        if let Some(a) = adopted.iter().find(|a| a.row == p.row.index) {
            let value = a.orphan.values[0].clone();
            read.findings.push(relocated(
                spec_row,
                &spec_row.columns[a.column],
                &value,
                p.row,
            ));
            values.insert(a.column, value);
        }
        read.record_row(p.row, spec_row, values, extra);
    }
    read.rows_missing(&missing);
    let unlabelled_rows = all
        .iter()
        .filter(|r| r.label.is_empty() && r.values.len() > 1 && r.has_number());
    let left_out = orphans
        .iter()
        .copied()
        .filter(|o| !adopted.iter().any(|a| a.orphan.index == o.index))
        .chain(unlabelled_rows);
    for orphan in left_out {
        read.unmatched(orphan);
    }
    check_headers(all.iter(), spec, &mut read.findings);
    read
}

/// Matches each printed row with values to the template row its label names; the first row
/// naming a template row wins.
fn place<'r>(all: &'r [Row], spec: &'static [RowSpec]) -> Vec<Placed<'r>> {
    let mut placed: Vec<Placed<'r>> = Vec::new();
    for row in all
        .iter()
        .filter(|r| (r.has_values() || r.is_blank_row()) && !r.folded.is_empty())
    {
        let core = strip_numbering(&row.folded);
        let label = Label::new(&row.folded);
        let best = spec
            .iter()
            .filter(|s| !placed.iter().any(|p| p.spec.key == s.key))
            .filter(|s| core.chars().count() <= 2 * s.patterns[0].chars().count() + 4)
            .filter_map(|s| match label.match_row(s)? {
                LabelMatch::Exact => Some((2.0, s)),
                LabelMatch::Fuzzy(d) => Some((d, s)),
                LabelMatch::Fragment => None,
            })
            .max_by(|a, b| {
                // The longest exact pattern wins: 行政规范性文件 over 规范性文件.
                a.0.total_cmp(&b.0).then(
                    a.1.patterns[0]
                        .chars()
                        .count()
                        .cmp(&b.1.patterns[0].chars().count()),
                )
            });
        if let Some((d, spec_row)) = best {
            placed.push(Placed {
                spec: spec_row,
                row,
                fuzzy: d < 2.0,
            });
        }
    }
    placed
}

/// How well a layout fits: rows found, rows with the right number of values, and the column
/// headers only this layout prints.
fn score(placed: &[Placed], region_text: &str, template: TemplateId) -> f64 {
    let rows: f64 = placed
        .iter()
        .map(|p| {
            let named = if p.fuzzy { 5.0 } else { 10.0 };
            let fits = p.row.fits(p.spec.columns.len())
                && p.row.values.iter().filter(|v| !v.is_blank()).count() == p.spec.columns.len();
            named + if fits { 3.0 } else { 0.0 }
        })
        .sum();
    let headers = own_headers(template)
        .iter()
        .filter(|l| region_text.contains(l.as_str()))
        .count();
    rows + 3.0 * headers as f64
}

/// The folded column labels of a template's table 二 (one per row's column, repeats kept) that
/// no label of the other template holds: made once per template.
fn own_headers(template: TemplateId) -> &'static [String] {
    static OWN: LazyLock<[Vec<String>; 2]> = LazyLock::new(|| {
        let labels = |t| {
            spec_rows(t, Table::Active)
                .iter()
                .flat_map(|r| r.columns.iter().map(|c| fold(c.label)))
                .collect::<Vec<_>>()
        };
        [TemplateId::Y2021, TemplateId::Y2019].map(|template| {
            let other = match template {
                TemplateId::Y2021 => TemplateId::Y2019,
                TemplateId::Y2019 => TemplateId::Y2021,
            };
            let theirs = labels(other);
            labels(template)
                .into_iter()
                .filter(|l| !theirs.iter().any(|o| o.contains(l.as_str())))
                .collect()
        })
    });
    match template {
        TemplateId::Y2021 => &OWN[0],
        TemplateId::Y2019 => &OWN[1],
    }
}

/// A lone value given to the row it was printed apart from.
struct Adoption<'r> {
    /// Line index of the row.
    row: usize,
    orphan: &'r Row,
    column: usize,
}

/// Lone annotated values (PDF conversion prints a multi-line cell apart from its row) given
/// to the rows that are one cell short: in printed order when there are as many of each, else
/// each to the nearest short row. Only a value whose note names a column is given: 含自然失效
/// belongs to 本年废止件数.
fn adopt<'r>(orphans: &[&'r Row], placed: &[Placed]) -> Vec<Adoption<'r>> {
    let mut short: Vec<&Placed> = placed
        .iter()
        .filter(|p| p.row.fit(p.spec.columns.len()).0.len() + 1 == p.spec.columns.len())
        .collect();
    short.sort_by_key(|p| p.row.index);
    let column = |o: &Row, p: &Placed| hinted_column(&o.values[0], p.spec.columns);
    let candidates: Vec<&Row> = orphans
        .iter()
        .copied()
        .filter(|o| short.iter().any(|p| column(o, p).is_some()))
        .collect();
    let mut adopted: Vec<Adoption> = Vec::new();
    if candidates.len() == short.len() {
        for (orphan, p) in candidates.into_iter().zip(short) {
            if let Some(column) = column(orphan, p) {
                adopted.push(Adoption {
                    row: p.row.index,
                    orphan,
                    column,
                });
            }
        }
        return adopted;
    }
    for orphan in candidates {
        let nearest = short
            .iter()
            .filter(|p| !adopted.iter().any(|a| a.row == p.row.index))
            .filter_map(|p| Some((p.row.index, column(orphan, p)?)))
            .min_by_key(|(row, _)| row.abs_diff(orphan.index));
        if let Some((row, column)) = nearest {
            adopted.push(Adoption {
                row,
                orphan,
                column,
            });
        }
    }
    adopted
}

fn hinted_column(value: &Value, columns: &[Column]) -> Option<usize> {
    let Parsed::Number {
        note: Some(note), ..
    } = &value.parsed
    else {
        return None;
    };
    columns
        .iter()
        .position(|c| c.note_hints.iter().any(|h| note.contains(h)))
}

fn relocated(spec: &RowSpec, column: &Column, value: &Value, row: &Row) -> Finding {
    Finding::new(
        "cells.relocated",
        Severity::Warning,
        format!(
            "{}：该行少一个单元格，而「{}」（第 {} 页第 {} 行）单独印在行外；按其注释归入「{}」",
            spec.label, value.raw, value.page, value.line, column.label
        ),
        format!(
            "{}: the row has one cell too few and 「{}」 (page {}, line {}) stands apart from it; its note places it under 「{}」",
            spec.label, value.raw, value.page, value.line, column.label
        ),
    )
    .keys([spec.cell_key(column)])
    .at(row.page, row.line)
}
