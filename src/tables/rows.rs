//! Lines of a table region seen as rows: a label (the leading words) and values (the cells after).
//!
//! Real rows carry merged-cell padding (empty cells before or after the label), labels broken
//! over several cells (`（三）不 | 4.保护第三方合法权益`), values written in one cell separated by
//! spaces, and annotations printed on the next line. This module flattens all of that into one
//! shape; the table readers decide what the rows mean.

use crate::model::{Document, Line};
use crate::normalize::fold;
use crate::value::{Parsed, parse_cell, split_trailing_values};

use super::Span;

/// One cell where a value belongs, as printed.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub raw: String,
    pub parsed: Parsed,
    pub page: u32,
    pub line: u32,
}

impl Value {
    fn new(raw: &str, line: &Line) -> Value {
        Value::parsed(raw, parse_cell(raw), line)
    }

    fn parsed(raw: &str, parsed: Parsed, line: &Line) -> Value {
        Value {
            raw: raw.trim().to_string(),
            parsed,
            page: line.page,
            line: line.number,
        }
    }

    fn blank_at(page: u32, line: u32) -> Value {
        Value {
            raw: String::new(),
            parsed: Parsed::Blank,
            page,
            line,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.parsed == Parsed::Blank
    }
}

#[derive(Clone, Debug)]
pub struct Row {
    /// Index into `Document::lines`.
    pub index: usize,
    pub page: u32,
    pub line: u32,
    /// The label words as printed, label cells joined.
    pub label: String,
    /// The label folded for matching.
    pub folded: String,
    /// The printed cells, for header checks.
    pub cells: Vec<String>,
    pub values: Vec<Value>,
    /// Empty cells between the label and the first value: merged-cell padding or blank values.
    pub padding: usize,
    /// The cell the first value (or the first padding cell's value) is printed in.
    pub value_column: Option<usize>,
    /// The cell most rows of the table print their first value in, when most rows agree: a
    /// short row whose values start there has its blanks at the end, not in the padding (the
    /// padding is the empty cells of label columns it does not use).
    pub usual_value_column: Option<usize>,
}

impl Row {
    pub fn has_number(&self) -> bool {
        self.values.iter().any(|v| v.parsed.number().is_some())
    }

    /// Holds at least one number or placeholder.
    pub fn has_values(&self) -> bool {
        self.values.iter().any(|v| v.parsed.fills_value())
    }

    /// The range of values kept when fitting to `expected` positions: surplus blank cells at
    /// either end are padding.
    fn trimmed(&self, expected: usize) -> std::ops::Range<usize> {
        let v = &self.values;
        let mut end = v.len();
        while end > expected && v[end - 1].is_blank() {
            end -= 1;
        }
        let mut start = 0;
        while end - start > expected && v[start].is_blank() {
            start += 1;
        }
        start..end
    }

    /// The padding cells that may be blank values: all of them, unless the table's rows agree
    /// on where values start, then only those beyond it.
    fn blank_padding(&self) -> usize {
        match (self.value_column, self.usual_value_column) {
            (Some(at), Some(usual)) => self.padding.min(at.saturating_sub(usual)),
            _ => self.padding,
        }
    }

    /// Whether [`Row::fit`] gives exactly `expected` values and nothing left over.
    pub fn fits(&self, expected: usize) -> bool {
        let len = self.trimmed(expected).len();
        len == expected || (len < expected && len + self.blank_padding() >= expected)
    }

    /// Fits the values to `expected` positions. Surplus blank cells at either end are padding;
    /// blank padding before the first value counts when values are short. Returns the values
    /// in place and what is left over; a short row has fewer than `expected` values.
    pub fn fit(&self, expected: usize) -> (Vec<Value>, Vec<Value>) {
        let mut v = self.values[self.trimmed(expected)].to_vec();
        if v.len() < expected {
            let add = self.blank_padding().min(expected - v.len());
            let blanks = (0..add).map(|_| Value::blank_at(self.page, self.line));
            v.splice(0..0, blanks);
        }
        let extra = if v.len() > expected {
            v.split_off(expected)
        } else {
            Vec::new()
        };
        (v, extra)
    }

    /// A labelled row whose every cell is empty.
    pub fn is_blank_row(&self) -> bool {
        !self.label.is_empty() && !self.values.is_empty() && self.values.iter().all(Value::is_blank)
    }
}

/// The rows of a region. Blank lines and furniture are dropped; a line that is only a
/// bracketed note (`（其中修订 16 件）`) is joined to the lone value before it.
pub fn rows(doc: &Document, span: Span) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for index in span {
        let line = &doc.lines[index];
        if line.is_blank() {
            continue;
        }
        // The note test folds the line: it comes after the cheap ones.
        if let Some(prev) = out.last_mut()
            && prev.label.is_empty()
            && let [value] = prev.values.as_mut_slice()
            && let Parsed::Number { note: None, .. } = value.parsed
            && is_note(&line.text)
        {
            let raw = format!("{}{}", value.raw, line.text.trim());
            value.parsed = parse_cell(&raw);
            value.raw = raw;
            continue;
        }
        let row = row(index, line);
        // A label whose cells are empty, followed by values without a label: the label was
        // wrapped away from its numbers (Word exports do this), so it is not a row of blanks.
        if let Some(prev) = out.last_mut()
            && prev.is_blank_row()
            && row.label.is_empty()
            && row.has_number()
        {
            prev.padding = prev.values.len();
            prev.values.clear();
        }
        out.push(row);
    }
    let usual = usual_value_column(&out);
    for row in &mut out {
        row.usual_value_column = usual;
    }
    out
}

/// The cell most rows with values print their first value in, when there are three or more
/// such rows and over half of them agree.
fn usual_value_column(rows: &[Row]) -> Option<usize> {
    let columns: Vec<usize> = rows.iter().filter_map(|r| r.value_column).collect();
    if columns.len() < 3 {
        return None;
    }
    let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
    for &c in &columns {
        *counts.entry(c).or_default() += 1;
    }
    let (&column, &n) = counts.iter().max_by_key(|(_, n)| **n)?;
    (n * 2 > columns.len()).then_some(column)
}

/// Joins a line that only names a row (`规章`, `行政复议`; its cells empty) to the unlabelled
/// values on the next line, for tables whose labels are unique (`names_a_row`).
pub fn join_wrapped_labels(mut rows: Vec<Row>, names_a_row: impl Fn(&Row) -> bool) -> Vec<Row> {
    let mut k = 1;
    while k < rows.len() {
        let (label, values) = (&rows[k - 1], &rows[k]);
        if !label.label.is_empty()
            && !label.has_values()
            && names_a_row(label)
            && values.label.is_empty()
            && values.values.len() > 1
            && values.has_number()
        {
            let label = rows.remove(k - 1);
            rows[k - 1].label = label.label;
            rows[k - 1].folded = label.folded;
        } else {
            k += 1;
        }
    }
    rows
}

fn is_note(text: &str) -> bool {
    let f = fold(text);
    f.starts_with('(') && f.ends_with(')') && f.chars().any(|c| c.is_ascii_digit())
}

fn row(index: usize, line: &Line) -> Row {
    let mut label: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut padding = 0;
    let mut value_column = None;
    for (column, cell) in line.cells.iter().enumerate() {
        let cell = cell.trim();
        // A cell without inner whitespace is one token: split_trailing_values would give it
        // back whole (words) or as one value.
        let one_token = !cell.contains(char::is_whitespace);
        if !values.is_empty() {
            if one_token {
                values.push(Value::new(cell, line));
                continue;
            }
            match split_trailing_values(cell) {
                ("", tokens) if tokens.len() > 1 => {
                    values.extend(tokens.into_iter().map(|t| Value::new(t, line)));
                }
                _ => values.push(Value::new(cell, line)),
            }
            continue;
        }
        if cell.is_empty() {
            if !label.is_empty() {
                padding += 1;
            }
            continue;
        }
        let parsed = parse_cell(cell);
        if parsed.fills_value() {
            value_column = Some(column);
            values.push(Value::parsed(cell, parsed, line));
            continue;
        }
        if one_token {
            label.push(cell);
            padding = 0;
            continue;
        }
        let (words, tokens) = split_trailing_values(cell);
        if !words.is_empty() {
            label.push(words);
            padding = 0;
        }
        if !tokens.is_empty() {
            value_column = Some(column);
        }
        values.extend(tokens.into_iter().map(|t| Value::new(t, line)));
    }
    // A label followed only by empty cells is a row of blanks, not a row without cells.
    if values.is_empty() && padding > 0 {
        values = (0..padding)
            .map(|_| Value::blank_at(line.page, line.number))
            .collect();
        padding = 0;
    }
    let label = label.join("");
    Row {
        index,
        page: line.page,
        line: line.number,
        folded: fold(&label),
        label,
        cells: line.cells.clone(),
        values,
        padding,
        value_column,
        usual_value_column: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::text::split;
    use crate::value::Number;

    fn first(text: &str) -> Row {
        let doc = split(text, "UTF-8");
        rows(&doc, 0..doc.lines.len()).remove(0)
    }

    /// `row` as it was before its one-token shortcut: every cell through split_trailing_values.
    fn reference(line: &Line) -> (String, Vec<Value>, usize, Option<usize>) {
        let mut label: Vec<&str> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        let mut padding = 0;
        let mut value_column = None;
        for (column, cell) in line.cells.iter().enumerate() {
            let cell = cell.trim();
            if !values.is_empty() {
                match split_trailing_values(cell) {
                    ("", tokens) if tokens.len() > 1 => {
                        values.extend(tokens.into_iter().map(|t| Value::new(t, line)));
                    }
                    _ => values.push(Value::new(cell, line)),
                }
                continue;
            }
            if cell.is_empty() {
                if !label.is_empty() {
                    padding += 1;
                }
                continue;
            }
            let parsed = parse_cell(cell);
            if parsed.fills_value() {
                value_column = Some(column);
                values.push(Value::parsed(cell, parsed, line));
                continue;
            }
            let (words, tokens) = split_trailing_values(cell);
            if !words.is_empty() {
                label.push(words);
                padding = 0;
            }
            if !tokens.is_empty() {
                value_column = Some(column);
            }
            values.extend(tokens.into_iter().map(|t| Value::new(t, line)));
        }
        if values.is_empty() && padding > 0 {
            values = (0..padding)
                .map(|_| Value::blank_at(line.page, line.number))
                .collect();
            padding = 0;
        }
        (label.join(""), values, padding, value_column)
    }

    #[test]
    fn every_line_of_the_corpus_is_the_row_it_was() {
        let mut lines = 0;
        for doc in crate::model::corpus_documents() {
            for (i, line) in doc.lines.iter().enumerate() {
                let r = row(i, line);
                assert_eq!(
                    (r.label, r.values, r.padding, r.value_column),
                    reference(line),
                    "{}",
                    line.text
                );
                lines += 1;
            }
        }
        let extra = split(
            "规章 3\t1 0\t 2 \t无 -\t(其中 1 件)\t行政许可 97 3",
            "UTF-8",
        );
        let r = row(0, &extra.lines[0]);
        assert_eq!(
            (r.label, r.values, r.padding, r.value_column),
            reference(&extra.lines[0])
        );
        assert!(lines > 500, "{lines}");
    }

    #[test]
    fn tab_row_with_padding_and_trailing_blank() {
        let r = first("\t(七) 总计\t\t1\t0\t0\t0\t0\t0\t1\t");
        assert_eq!(r.label, "(七) 总计");
        assert_eq!(r.padding, 1);
        assert_eq!(r.values.len(), 8);
        let (v, extra) = r.fit(7);
        assert!(r.fits(7) && !r.fits(6) && !r.fits(10));
        assert_eq!(v.len(), 7);
        assert!(extra.is_empty());
        assert_eq!(v[0].parsed.number(), Some(Number::Int(1)));
    }

    #[test]
    fn split_label_cells_join() {
        let r = first("| （三）不 | 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |");
        assert_eq!(r.folded, "(三)不4.保护第三方合法权益");
        assert_eq!(r.values.len(), 7);
    }

    #[test]
    fn two_values_in_one_cell_after_the_first_value() {
        let r = first("（七）总计       316   395   207 2313");
        let raw: Vec<&str> = r.values.iter().map(|v| v.raw.as_str()).collect();
        assert_eq!(raw, ["316", "395", "207", "2313"]);
    }

    #[test]
    fn values_in_one_cell_and_a_label_with_a_value() {
        assert_eq!(first("行政许可 97").values[0].raw, "97");
        assert_eq!(first("1 0 0 0 0 0 1").values.len(), 7);
        assert!(first("1 0 0 0 0 0 1").label.is_empty());
    }

    #[test]
    fn a_note_on_the_next_line_joins_its_value() {
        let doc = split("22\n（其中修订 16 件）\n55", "UTF-8");
        let r = rows(&doc, 0..3);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].values[0].raw, "22（其中修订 16 件）");
        assert!(
            matches!(&r[0].values[0].parsed, Parsed::Number { note: Some(n), .. } if n == "其中修订16件")
        );
    }

    #[test]
    fn a_label_with_only_empty_cells_is_a_row_of_blanks() {
        let r = first("2. 重复申请\t\t\t\t\t\t\t");
        assert!(r.is_blank_row());
        assert_eq!(r.fit(7).0.len(), 7);
        assert!(!first("一、总体情况").is_blank_row());
    }

    #[test]
    fn a_label_wrapped_above_its_numbers_is_not_a_blank_row() {
        let doc = split("2. 重复申请\t\t\t\n1\t0\t0", "UTF-8");
        let r = rows(&doc, 0..2);
        assert!(!r[0].is_blank_row());
        assert!(r[0].values.is_empty());
    }

    #[test]
    fn an_extra_cell_is_left_over_not_dropped() {
        let r = first(&["0"; 16].join("\t"));
        let (v, extra) = r.fit(15);
        assert_eq!((v.len(), extra.len()), (15, 1));
    }

    #[test]
    fn a_short_row_keeps_the_label_columns_its_table_uses() {
        // Three label columns; the row of a first-column label is one value short at the end.
        let doc = split(
            "（一）予以公开\t\t\t80\t3\t0\t12\t17\t15\n\t\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n\
             \t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0\n",
            "UTF-8",
        );
        let rows = rows(&doc, 0..doc.lines.len());
        let (v, _) = rows[0].fit(7);
        assert_eq!(
            v.iter().map(|v| v.raw.as_str()).collect::<Vec<_>>(),
            ["80", "3", "0", "12", "17", "15"]
        );
        assert!(!rows[0].fits(7));
    }

    #[test]
    fn a_short_row_uses_padding_as_blank_values() {
        let r = first("规章\t\t3\t4");
        let (v, _) = r.fit(3);
        assert_eq!(
            v.iter().map(|v| v.raw.as_str()).collect::<Vec<_>>(),
            ["", "3", "4"]
        );
    }
}
