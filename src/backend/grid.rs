//! Shared by the HTML and DOCX backends: merged cells laid out on a grid, and cell text joined
//! from the pieces markup splits it into.
//!
//! The table readers want one line per printed row with one cell per grid column, the label
//! first. A cell merged across columns leaves empty cells to its right (the readers take
//! trailing and leading blanks as padding); a label merged down over rows repeats its text in
//! the rows below, because a label such as 法人或其他组织 or （三）不予公开 names every row it
//! spans and the readers join a row's label cells into one label. A number merged down is
//! printed once and read once: the rows below get an empty cell, not a second copy.

/// Widest span honoured: a `colspan="100000"` must not allocate a row of that size.
pub const MAX_SPAN: usize = 64;

/// What occupies one grid position.
#[derive(Clone, Debug, PartialEq)]
enum Slot {
    /// Where a cell starts: its text.
    Origin(String),
    /// Covered by the cell to the left (same row of a merged cell).
    Across,
    /// Covered by a merged cell from a row above, in that cell's first column: its text.
    Down(String),
}

/// Grid positions one table may fill through merged cells; past it spans are ignored, so a
/// table of thousands of rows each merged down over all the others stays linear.
pub const MAX_POSITIONS: usize = 1 << 22;

/// Rows of a table being laid out; positions not covered by any cell stay empty.
#[derive(Debug, Default)]
pub struct Grid {
    rows: Vec<Vec<Option<Slot>>>,
    filled: usize,
}

impl Grid {
    /// Places a cell at the first free column at or after `from` in `row`, spanning `cols`
    /// columns and `rows` rows (both at least 1, at most [`MAX_SPAN`] columns). Returns the
    /// column after the cell.
    pub fn place(
        &mut self,
        row: usize,
        from: usize,
        text: String,
        cols: usize,
        rows: usize,
    ) -> usize {
        let (mut cols, mut rows) = (cols.clamp(1, MAX_SPAN), rows.max(1));
        if self.filled.saturating_add(cols.saturating_mul(rows)) > MAX_POSITIONS {
            (cols, rows) = (1, 1);
        }
        self.filled += cols * rows;
        let mut col = from;
        while self.taken(row, col) {
            col += 1;
        }
        for r in row..row + rows {
            for c in col..col + cols {
                let slot = match (r == row, c == col) {
                    (true, true) => continue,
                    (false, true) => Slot::Down(text.clone()),
                    _ => Slot::Across,
                };
                self.set(r, c, slot);
            }
        }
        self.set(row, col, Slot::Origin(text));
        col + cols
    }

    /// Whether a position is covered, by a cell of its own row or one merged from above.
    pub fn taken(&self, row: usize, col: usize) -> bool {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .is_some_and(Option::is_some)
    }

    /// The text of the cell covering a position from above (a vertically merged cell continued
    /// in this row): its origin's text.
    pub fn text_above(&self, row: usize, col: usize) -> Option<String> {
        let above = self.rows.get(row.checked_sub(1)?)?.get(col)?.as_ref()?;
        match above {
            Slot::Origin(t) | Slot::Down(t) => Some(t.clone()),
            Slot::Across => None,
        }
    }

    /// Marks a position as a continuation of the cell above it (DOCX `vMerge` without
    /// `restart`), spanning `cols` columns.
    pub fn continue_down(&mut self, row: usize, col: usize, cols: usize) {
        let text = self.text_above(row, col).unwrap_or_default();
        let cols = cols.clamp(1, MAX_SPAN);
        self.filled += cols;
        self.set(row, col, Slot::Down(text));
        for c in col + 1..col + cols {
            self.set(row, c, Slot::Across);
        }
    }

    fn set(&mut self, row: usize, col: usize, slot: Slot) {
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= col {
            cells.resize(col + 1, None);
        }
        cells[col] = Some(slot);
    }

    /// The first `rows` rows as cell texts (merged rows that reach past the table's last row
    /// are cut there). A row ends at its last covered position.
    pub fn into_rows(self, rows: usize) -> Vec<Vec<String>> {
        let mut grid = self.rows;
        grid.truncate(rows);
        grid.resize_with(rows, Vec::new);
        grid.into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|slot| match slot {
                        Some(Slot::Origin(t)) => t,
                        Some(Slot::Down(t)) if is_label(&t) => t,
                        Some(Slot::Across | Slot::Down(_)) | None => String::new(),
                    })
                    .collect()
            })
            .collect()
    }
}

/// Words that name rows, repeated down a merged cell; a number merged over rows is printed
/// once, so it is read once.
fn is_label(text: &str) -> bool {
    !text.trim().is_empty() && !crate::value::parse_cell(text).fills_value()
}

/// Collects text the way a browser lays it out: runs of ASCII whitespace are one soft space;
/// a no-break space (`&nbsp;`) is a hard space, kept so that a row written with runs of
/// `&nbsp;` still splits into cells.
#[derive(Debug, Default)]
pub struct TextBuf {
    text: String,
}

/// Stands for a collapsed run of ASCII whitespace until [`TextBuf::finish`].
const SOFT: char = ' ';

impl TextBuf {
    pub fn push_str(&mut self, s: &str) {
        // A run of ASCII whitespace is one soft space; the text between is copied whole.
        let mut rest = s;
        while let Some(i) = rest.bytes().position(|b| b.is_ascii_whitespace()) {
            self.push_run(&rest[..i]);
            self.soft_break();
            rest = &rest[i + 1..];
        }
        self.push_run(rest);
    }

    fn push_run(&mut self, run: &str) {
        // Room for a table cell's text at once, rather than growing a byte at a time.
        if self.text.capacity() == 0 && !run.is_empty() {
            self.text.reserve(run.len().max(32));
        }
        self.text.push_str(run);
    }

    /// A place where words part (a collapsed space, a `<p>` or `<br>` inside a table cell).
    pub fn soft_break(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(SOFT) {
            self.text.push(SOFT);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The text: a soft space between two Chinese characters (or a Chinese character and
    /// anything) is dropped, since Chinese is written without spaces and the space came from
    /// a line break in the markup (`<p>商业</p><p>企业</p>` → 商业企业); between Latin words and
    /// numbers it stays (`0 0` is two values). No-break spaces become spaces; the ends are
    /// trimmed.
    pub fn finish(mut self) -> String {
        // A soft space at the end goes (dropped beside a wide character, else trimmed), and
        // changes nothing before it: soft spaces never touch. Without another one, nor a
        // no-break space (U+00A0, `C2 A0` in UTF-8), the rest is as it is: most table cells.
        if self.text.ends_with(SOFT) {
            self.text.pop();
        }
        if memchr::memchr2(b' ', 0xC2, self.text.as_bytes()).is_none() {
            return trimmed(self.text);
        }
        let mut out = String::with_capacity(self.text.len());
        let mut before: Option<char> = None;
        let mut chars = self.text.chars().peekable();
        while let Some(c) = chars.next() {
            let dropped = c == SOFT
                && (before.is_some_and(is_wide) || chars.peek().is_some_and(|&n| is_wide(n)));
            before = Some(c);
            if !dropped {
                out.push(if c == '\u{A0}' { ' ' } else { c });
            }
        }
        trimmed(out)
    }
}

/// `s.trim()`, in place.
fn trimmed(mut s: String) -> String {
    s.truncate(s.trim_end().len());
    let start = s.len() - s.trim_start().len();
    s.drain(..start);
    s
}

/// Pieces of one cell (its paragraphs) as one text: trimmed, joined without a space where
/// either side is Chinese, with one where both are Latin or digits.
pub fn join_pieces(pieces: &[String]) -> String {
    let mut out = String::new();
    for piece in pieces.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let wide = out.chars().next_back().is_some_and(is_wide)
            || piece.chars().next().is_some_and(is_wide);
        if !out.is_empty() && !wide {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// Characters written without spaces around them: CJK, full-width forms and punctuation.
fn is_wide(c: char) -> bool {
    c >= '\u{2E80}' && c != '\u{A0}'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(parts: &[&str]) -> String {
        let mut buf = TextBuf::default();
        for p in parts {
            buf.push_str(p);
            buf.soft_break();
        }
        buf.finish()
    }

    #[test]
    fn chinese_split_over_pieces_is_joined_numbers_are_not() {
        assert_eq!(text(&["商业", "企业"]), "商业企业");
        assert_eq!(text(&["  本年新\n  ", "制作数量 "]), "本年新制作数量");
        assert_eq!(text(&["0", "0"]), "0 0");
        assert_eq!(text(&["12", "（其中修订16件）"]), "12（其中修订16件）");
        assert_eq!(text(&["2020 年"]), "2020年");
        assert_eq!(text(&["\u{A0}0\u{A0}\u{A0}"]), "0");
        assert_eq!(
            text(&["规章\u{A0}\u{A0}\u{A0}0\u{A0}\u{A0}3"]),
            "规章   0  3"
        );
        assert_eq!(text(&["\u{A0}"]), "");
    }

    #[test]
    fn pieces_join_like_text() {
        let p = |v: &[&str]| join_pieces(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(p(&["法人或", " 其他组织 "]), "法人或其他组织");
        assert_eq!(p(&["0", "", "0"]), "0 0");
        assert_eq!(p(&[" ", "12", "（其中修订16件）"]), "12（其中修订16件）");
    }

    #[test]
    fn spans_expand_into_the_grid() {
        // | A (2 rows) | B C (2 cols) |
        // |            | D     | E   |
        let mut g = Grid::default();
        let next = g.place(0, 0, "A".into(), 1, 2);
        g.place(0, next, "BC".into(), 2, 1);
        let c = g.place(1, 0, "D".into(), 1, 1);
        g.place(1, c, "E".into(), 1, 1);
        assert_eq!(
            g.into_rows(2),
            vec![vec!["A", "BC", ""], vec!["A", "D", "E"]]
        );
        // A table of rows each merged down over all the others stays within the budget.
        let mut g = Grid::default();
        for r in 0..5000 {
            g.place(r, 0, "x".into(), MAX_SPAN, 5000 - r);
        }
        assert!(g.filled <= MAX_POSITIONS + 5000);
        assert_eq!(g.into_rows(5000).len(), 5000);
    }

    #[test]
    fn spans_past_the_last_row_and_huge_spans_are_cut() {
        let mut g = Grid::default();
        g.place(0, 0, "x".into(), 100_000, 1000);
        let rows = g.into_rows(1);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].len(), MAX_SPAN);
    }

    #[test]
    fn a_number_merged_down_is_read_once() {
        let mut g = Grid::default();
        let c = g.place(0, 0, "行政复议".into(), 1, 1);
        g.place(0, c, "12".into(), 1, 2);
        g.place(1, 0, "诉讼".into(), 1, 1);
        assert_eq!(
            g.into_rows(2),
            vec![vec!["行政复议", "12"], vec!["诉讼", ""]]
        );
    }

    #[test]
    fn vertical_continuation_repeats_the_text_above() {
        let mut g = Grid::default();
        g.place(0, 0, "法人或其他组织".into(), 2, 1);
        g.continue_down(1, 0, 2);
        g.place(1, 2, "5".into(), 1, 1);
        assert_eq!(
            g.into_rows(2),
            vec![vec!["法人或其他组织", ""], vec!["法人或其他组织", "", "5"]]
        );
    }
}
