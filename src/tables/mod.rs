//! Tables: rows of a located region → codebook cells, per template.
//!
//! Each reader takes the rows of its region and the template declarations, and returns cells
//! (value, raw text, position) and the findings it made while reading: non-standard labels,
//! extra or missing cells, rows it could not place. Arithmetic checks belong to the audit.

pub mod active;
pub mod requests;
pub mod review;
pub mod rows;

use std::cell::OnceCell;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::normalize::{Bigrams, dice_at_least, fold, strip_numbering};
use crate::template::{Column, Row as RowSpec, Table, TemplateId};
use crate::value::{Number, Parsed};

pub use crate::locate::Span;
use rows::Value;

/// One extracted cell, as written to the record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    pub value: Option<Number>,
    pub raw: String,
    pub page: u32,
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A cell together with the template row and column it fills.
#[derive(Clone, Debug)]
pub struct ReadCell {
    pub key: String,
    pub row: &'static RowSpec,
    pub column: &'static Column,
    pub cell: Cell,
}

/// What a table reader found.
#[derive(Clone, Debug)]
pub struct TableRead {
    pub table: Table,
    /// The template whose rows the table matched best.
    pub template: Option<TemplateId>,
    /// The template rows the table was read with (empty when it was not found); the audit's
    /// identities are checked over these.
    pub rows: &'static [RowSpec],
    pub cells: Vec<ReadCell>,
    pub findings: Vec<Finding>,
    /// Source lines of the first and last row read.
    pub lines: Option<(u32, u32)>,
}

impl TableRead {
    fn new(table: Table, template: Option<TemplateId>, rows: &'static [RowSpec]) -> TableRead {
        TableRead {
            table,
            template,
            rows,
            cells: Vec::new(),
            findings: Vec::new(),
            lines: None,
        }
    }

    /// Records a printed row's values (as [`rows::Row::fit`] gives them) under a template row,
    /// reporting surplus cells, which stay out of the record, and missing ones.
    fn record_row(
        &mut self,
        row: &rows::Row,
        spec: &'static RowSpec,
        values: Vec<Value>,
        extra: Vec<Value>,
    ) {
        let expected = spec.columns.len();
        let keys = || spec.columns.iter().map(|c| spec.cell_key(c));
        if !extra.is_empty() {
            self.findings
                .push(extra_cells(row, spec.label, expected, &extra).keys(keys()));
        }
        if values.len() < expected {
            let missing: Vec<String> = keys().skip(values.len()).collect();
            self.findings
                .push(missing_cells(row, spec, missing, values.len()));
        }
        self.put(spec, values);
    }

    /// Reports printed values that were left out because no template row can be told for them.
    fn unmatched(&mut self, row: &rows::Row) {
        let raw: Vec<&str> = row.values.iter().map(|v| v.raw.as_str()).collect();
        self.findings.push(
            Finding::new(
                "table.unmatched_row",
                Severity::Info,
                format!(
                    "{}：这些数值对不上模板的任何一行，未读入：「{}」",
                    self.table.name(),
                    raw.join(" ")
                ),
                format!(
                    "{}: values that fit no template row were left out: 「{}」",
                    self.table.name(),
                    raw.join(" ")
                ),
            )
            .at(row.page, row.line),
        );
    }

    /// Reports the template rows a table does not print (their keys stay out of the record).
    fn rows_missing(&mut self, missing: &[&RowSpec]) {
        if missing.is_empty() {
            return;
        }
        let keys: Vec<String> = missing
            .iter()
            .flat_map(|r| r.columns.iter().map(|c| r.cell_key(c)))
            .collect();
        let labels: Vec<&str> = missing.iter().map(|r| r.label).collect();
        self.findings.push(
            Finding::new(
                "cells.missing",
                Severity::Warning,
                format!("{}：未找到这些行：{}", self.table.name(), labels.join("；")),
                format!(
                    "{}: rows not found: {}",
                    self.table.name(),
                    labels.join("；")
                ),
            )
            .keys(keys),
        );
    }

    /// Records the values of one template row; reports text where a number belongs.
    fn put(&mut self, row: &'static RowSpec, values: Vec<Value>) {
        for (column, v) in row.columns.iter().zip(values) {
            let key = row.cell_key(column);
            if v.parsed == Parsed::Text {
                self.findings.push(
                    Finding::new(
                        "cells.not_a_number",
                        Severity::Warning,
                        format!("{key}：应填数字处印的是「{}」", v.raw),
                        format!("{key}: 「{}」 is printed where a number belongs", v.raw),
                    )
                    .keys([key.clone()])
                    .at(v.page, v.line),
                );
            }
            let (note, unit) = match &v.parsed {
                Parsed::Number { note, unit, .. } => (note.clone(), unit.clone()),
                _ => (None, None),
            };
            self.lines = Some(match self.lines {
                None => (v.line, v.line),
                Some((a, b)) => (a.min(v.line), b.max(v.line)),
            });
            self.cells.push(ReadCell {
                key,
                row,
                column,
                cell: Cell {
                    value: v.parsed.number(),
                    raw: v.raw,
                    page: v.page,
                    line: v.line,
                    note,
                    unit,
                },
            });
        }
    }
}

/// How well a printed label names a template row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LabelMatch {
    /// Contains one of the row's patterns.
    Exact,
    /// A piece of the row's label (a label broken over lines).
    Fragment,
    /// Close to the label but not it: a typo, reported as non-standard.
    Fuzzy(f64),
}

/// Below this Dice similarity a label is not taken for a template label.
pub const FUZZY_MIN: f64 = 0.6;

pub fn match_label(folded: &str, row: &RowSpec) -> Option<LabelMatch> {
    Label::new(folded).match_row(row)
}

/// A printed label made ready to be matched with many template rows: its numbering stripped
/// once, its bigrams made once when a row needs them.
pub struct Label<'a> {
    folded: &'a str,
    core: &'a str,
    bigrams: OnceCell<Bigrams>,
}

impl<'a> Label<'a> {
    pub fn new(folded: &'a str) -> Label<'a> {
        Label {
            folded,
            core: strip_numbering(folded),
            bigrams: OnceCell::new(),
        }
    }

    /// What [`match_label`] gives for this label and `row`.
    pub fn match_row(&self, row: &RowSpec) -> Option<LabelMatch> {
        named(self.folded, self.core, row).or_else(|| self.similar(row))
    }

    /// [`similar`], with the row's bigrams made once for the template rows.
    fn similar(&self, row: &RowSpec) -> Option<LabelMatch> {
        let Some(row_bigrams) = template_bigrams(row) else {
            return similar(self.core, row);
        };
        self.bigrams
            .get_or_init(|| Bigrams::new(self.core))
            .dice_at_least(row_bigrams, FUZZY_MIN)
            .map(LabelMatch::Fuzzy)
    }
}

/// Whether `folded` contains a pattern of one of `spec`'s rows (a [`LabelMatch::Exact`]).
pub fn names_exactly(folded: &str, spec: &[RowSpec]) -> bool {
    if folded.is_empty() {
        return false;
    }
    match exact_rows(folded, spec) {
        Some(exact) => exact.contains(&true),
        None => spec
            .iter()
            .any(|r| r.patterns.iter().any(|p| folded.contains(p))),
    }
}

/// How a printed label matches each of `spec`'s rows. A label that names a row (exactly or by a
/// fragment) is not also compared for similarity: it is not a typo of another row.
pub fn match_labels(folded: &str, spec: &[RowSpec]) -> Vec<Option<LabelMatch>> {
    let core = strip_numbering(folded);
    let named: Vec<Option<LabelMatch>> = match (folded.is_empty(), exact_rows(folded, spec)) {
        (true, _) => vec![None; spec.len()],
        (false, Some(exact)) => {
            let fragments = fragment_rows(core, spec);
            spec.iter()
                .zip(exact)
                .enumerate()
                .map(|(i, (r, exact))| {
                    if exact {
                        Some(LabelMatch::Exact)
                    } else {
                        (fragments & 1 << i != 0 && r.patterns[0].contains(core))
                            .then_some(LabelMatch::Fragment)
                    }
                })
                .collect()
        }
        (false, None) => spec.iter().map(|r| named(folded, core, r)).collect(),
    };
    if named.iter().any(Option::is_some) {
        return named;
    }
    let label = Label::new(folded);
    spec.iter().map(|r| label.similar(r)).collect()
}

/// `core` is `folded` without its numbering (see [`strip_numbering`]).
fn named(folded: &str, core: &str, row: &RowSpec) -> Option<LabelMatch> {
    if folded.is_empty() {
        return None;
    }
    if row.patterns.iter().any(|p| folded.contains(p)) {
        return Some(LabelMatch::Exact);
    }
    (core.chars().count() >= 3 && row.patterns[0].contains(core)).then_some(LabelMatch::Fragment)
}

/// The rows (a bit each) whose first pattern holds every character of `core`, from the
/// table's character masks (a fragment is a substring); none for a label under three
/// characters.
fn fragment_rows(core: &str, spec: &[RowSpec]) -> u64 {
    let Some(patterns) = row_patterns(spec) else {
        return 0;
    };
    let mut rows = if core.chars().nth(2).is_some() {
        u64::MAX
    } else {
        0
    };
    for c in core.chars() {
        if rows == 0 {
            break;
        }
        rows &= patterns
            .chars
            .binary_search_by_key(&c, |&(m, _)| m)
            .map_or(0, |k| patterns.chars[k].1);
    }
    rows
}

/// The patterns of every template table in one automaton, so that a label is searched for all
/// of a table's rows in one pass (labels are matched against every row of both templates).
/// One automaton for all tables: they share most patterns, and building it is a fixed cost of
/// every run, which matters for one file.
struct RowPatterns {
    spec: &'static [RowSpec],
    /// For each pattern of the automaton, the rows of this table (a bit each) that have it.
    rows: Vec<u64>,
    /// The bigrams of each spec row's first pattern without its numbering, for [`similar`].
    bigrams: Vec<Bigrams>,
    /// Each character of the first patterns, sorted, with a bit for each row whose first
    /// pattern has it, for [`fragment_rows`].
    chars: Vec<(char, u64)>,
}

static ROW_PATTERNS: LazyLock<(Option<AhoCorasick>, Vec<RowPatterns>)> = LazyLock::new(|| {
    let mut specs: Vec<&'static [RowSpec]> = Vec::new();
    for template in TemplateId::ALL {
        for table in Table::ALL {
            let spec = crate::template::rows(template, table);
            // A row is a bit of a u64 here and in the character masks; a longer table is
            // matched row by row (there is none).
            if !specs.iter().any(|s| std::ptr::eq(*s, spec)) && spec.len() <= 64 {
                specs.push(spec);
            }
        }
    }
    let mut patterns: Vec<&'static str> = specs
        .iter()
        .flat_map(|s| s.iter().flat_map(|r| r.patterns.iter().copied()))
        .collect();
    patterns.sort_unstable();
    patterns.dedup();
    // A contiguous NFA: built in a fraction of a DFA's time and fast enough for labels.
    let Ok(automaton) = AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(&patterns)
    else {
        return (None, Vec::new());
    };
    let tables = specs
        .into_iter()
        .map(|spec| RowPatterns {
            spec,
            rows: patterns
                .iter()
                .map(|p| {
                    let rows = spec.iter().enumerate();
                    rows.filter(|(_, r)| r.patterns.contains(p))
                        .fold(0, |bits, (i, _)| bits | 1 << i)
                })
                .collect(),
            bigrams: spec
                .iter()
                .map(|r| Bigrams::new(strip_numbering(r.patterns[0])))
                .collect(),
            chars: char_masks(spec),
        })
        .collect();
    (Some(automaton), tables)
});

/// The patterns of `spec`, when it is a template table.
fn row_patterns(spec: &[RowSpec]) -> Option<&'static RowPatterns> {
    ROW_PATTERNS.1.iter().find(|p| std::ptr::eq(p.spec, spec))
}

fn char_masks(spec: &[RowSpec]) -> Vec<(char, u64)> {
    let mut masks: Vec<(char, u64)> = Vec::new();
    for (i, r) in spec.iter().enumerate() {
        for c in r.patterns[0].chars() {
            match masks.binary_search_by_key(&c, |&(m, _)| m) {
                Ok(k) => masks[k].1 |= 1 << i,
                Err(k) => masks.insert(k, (c, 1 << i)),
            }
        }
    }
    masks
}

/// For each row of `spec`, whether `folded` contains one of its patterns; `None` for a spec
/// that is not a template table.
fn exact_rows(folded: &str, spec: &[RowSpec]) -> Option<Vec<bool>> {
    let patterns = row_patterns(spec)?;
    let automaton = ROW_PATTERNS.0.as_ref()?;
    let mut rows = 0;
    for m in automaton.find_overlapping_iter(folded) {
        rows |= patterns.rows[m.pattern().as_usize()];
    }
    Some((0..spec.len()).map(|i| rows & 1 << i != 0).collect())
}

/// The bigrams [`similar`] compares with, when `row` is a row of a template table.
fn template_bigrams(row: &RowSpec) -> Option<&'static Bigrams> {
    ROW_PATTERNS.1.iter().find_map(|p| {
        let range = p.spec.as_ptr_range();
        let at = row as *const RowSpec;
        range
            .contains(&at)
            .then(|| &p.bigrams[(at as usize - range.start as usize) / size_of::<RowSpec>()])
    })
}

fn similar(core: &str, row: &RowSpec) -> Option<LabelMatch> {
    dice_at_least(core, strip_numbering(row.patterns[0]), FUZZY_MIN).map(LabelMatch::Fuzzy)
}

/// Compares the header cells of a region with the template's column labels and reports the
/// ones that are close to a label without being it (本年度止件数 for 本年废止件数).
fn check_headers<'a>(
    printed: impl Iterator<Item = &'a rows::Row>,
    spec: &'static [RowSpec],
    findings: &mut Vec<Finding>,
) {
    let made;
    let columns = match HEADER_COLUMNS.iter().find(|(s, _)| std::ptr::eq(*s, spec)) {
        Some((_, columns)) => columns,
        None => {
            made = header_columns(spec);
            &made
        }
    };
    for row in printed.filter(|r| !r.has_values()) {
        for cell in &row.cells {
            let f = fold(cell);
            let n = f.chars().count();
            if !(3..=12).contains(&n) || f.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let known = columns.iter().any(|(_, forms, _)| {
                forms
                    .iter()
                    .any(|l| f.contains(l.as_str()) || l.contains(f.as_str()))
            });
            if known {
                continue;
            }
            let printed = Bigrams::new(&f);
            let best = columns
                .iter()
                .filter_map(|(c, _, label)| {
                    Some((printed.dice_at_least(label, HEADER_FUZZY_MIN)?, *c))
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, column)) = best {
                let keys = spec.iter().flat_map(|r| {
                    r.columns
                        .iter()
                        .filter(|c| c.label == column.label)
                        .map(move |c| r.cell_key(c))
                });
                findings.push(
                    Finding::new(
                        "label.nonstandard",
                        Severity::Warning,
                        format!(
                            "栏目名「{}」与模板的「{}」不一致",
                            cell.trim(),
                            column.label
                        ),
                        format!(
                            "column label 「{}」 is not the template's 「{}」",
                            cell.trim(),
                            column.label
                        ),
                    )
                    .keys(keys)
                    .values(column.label, cell.trim())
                    .at(row.page, row.line),
                );
            }
        }
    }
}

/// A table's distinct columns, each with its folded label and aliases and the bigrams of the
/// folded label.
type HeaderColumns = Vec<(&'static Column, Vec<String>, Bigrams)>;

fn header_columns(spec: &'static [RowSpec]) -> HeaderColumns {
    let mut columns: HeaderColumns = Vec::new();
    for c in spec.iter().flat_map(|r| r.columns.iter()) {
        if !columns.iter().any(|(k, _, _)| k.label == c.label) {
            let forms: Vec<String> = std::iter::once(&c.label)
                .chain(c.aliases)
                .map(|l| fold(l))
                .collect();
            let label = Bigrams::new(&forms[0]);
            columns.push((c, forms, label));
        }
    }
    columns
}

/// [`header_columns`] of every template table, made once.
static HEADER_COLUMNS: LazyLock<Vec<(&'static [RowSpec], HeaderColumns)>> = LazyLock::new(|| {
    let mut out: Vec<(&'static [RowSpec], HeaderColumns)> = Vec::new();
    for template in TemplateId::ALL {
        for table in Table::ALL {
            let spec = crate::template::rows(template, table);
            if !out.iter().any(|(s, _)| std::ptr::eq(*s, spec)) {
                out.push((spec, header_columns(spec)));
            }
        }
    }
    out
});

/// Header cells are short, so a typo weighs more: one wrong character in six.
const HEADER_FUZZY_MIN: f64 = 0.55;

fn nonstandard_row_label(row: &rows::Row, spec: &RowSpec) -> Finding {
    Finding::new(
        "label.nonstandard",
        Severity::Warning,
        format!(
            "行名「{}」与模板的「{}」不一致",
            row.label.trim(),
            spec.label
        ),
        format!(
            "row label 「{}」 is not the template's 「{}」",
            row.label.trim(),
            spec.label
        ),
    )
    .keys(spec.columns.iter().map(|c| spec.cell_key(c)))
    .values(spec.label, row.label.trim())
    .at(row.page, row.line)
}

/// Reports cells beyond the template's count, which are kept out of the record.
fn extra_cells(row: &rows::Row, spec_label: &str, expected: usize, extra: &[Value]) -> Finding {
    let raws: Vec<&str> = extra.iter().map(|v| v.raw.as_str()).collect();
    Finding::new(
        "cells.count",
        Severity::Warning,
        format!(
            "{spec_label}：有 {} 个单元格，模板为 {expected} 个；多出的未读入：{}",
            expected + extra.len(),
            raws.join(" ")
        ),
        format!(
            "{spec_label}: {} cells where the template has {expected}; the extra {} not read: {}",
            expected + extra.len(),
            if extra.len() == 1 {
                "cell was"
            } else {
                "cells were"
            },
            raws.join(" ")
        ),
    )
    .values(expected, expected + extra.len())
    .at(row.page, row.line)
}

fn missing_cells(row: &rows::Row, spec: &RowSpec, keys: Vec<String>, got: usize) -> Finding {
    let expected = spec.columns.len();
    Finding::new(
        "cells.count",
        Severity::Warning,
        format!(
            "{}：有 {got} 个单元格，模板为 {expected} 个；数值自左向右读入，缺少 {}",
            spec.label,
            keys.join(", ")
        ),
        format!(
            "{}: {got} cells where the template has {expected}; values read left to right, {} missing",
            spec.label,
            keys.join(", ")
        ),
    )
    .keys(keys)
    .values(expected, got)
    .at(row.page, row.line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    /// Every template table matched row by row, as [`match_label`] does, and through its
    /// automaton, give the same matches for every label and piece of a label the templates have.
    #[test]
    fn match_labels_with_the_automaton_is_row_by_row_matching() {
        for template in TemplateId::ALL {
            for table in Table::ALL {
                let spec = crate::template::rows(template, table);
                assert!(row_patterns(spec).is_some());
                for r in spec {
                    let b = template_bigrams(r).expect("a template row");
                    let core = strip_numbering(r.patterns[0]);
                    assert_eq!(b.dice_at_least(&Bigrams::new(core), 1.0), Some(1.0));
                }
                let mut labels = vec![String::new(), "总计".into(), "(七)总计".into()];
                for r in spec {
                    let label = fold(r.label);
                    let chars: Vec<char> = label.chars().collect();
                    for k in 0..chars.len() {
                        labels.push(chars[k..].iter().collect());
                        labels.push(chars[..k].iter().collect());
                        let mut typo = chars.clone();
                        typo[k] = '某';
                        labels.push(typo.into_iter().collect());
                    }
                    labels.push(format!("三、{label}"));
                    labels.extend(r.patterns.iter().map(|p| format!("(四){p}其他")));
                }
                for label in &labels {
                    let core = strip_numbering(label);
                    let mut slow: Vec<Option<LabelMatch>> =
                        spec.iter().map(|r| named(label, core, r)).collect();
                    if slow.iter().all(Option::is_none) {
                        slow = spec.iter().map(|r| similar(core, r)).collect();
                    }
                    assert_eq!(match_labels(label, spec), slow, "{label}");
                    let prepared = Label::new(label);
                    for r in spec {
                        let one = named(label, core, r).or_else(|| similar(core, r));
                        assert_eq!(prepared.match_row(r), one, "{label}");
                        assert_eq!(match_label(label, r), one, "{label}");
                    }
                    let exact = spec
                        .iter()
                        .any(|r| named(label, core, r) == Some(LabelMatch::Exact));
                    assert_eq!(names_exactly(label, spec), exact, "{label}");
                }
            }
        }
    }
}
