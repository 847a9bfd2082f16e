//! Glyphs and rules → lines of cells, the way `pdftotext -layout` lays a page out, which is the
//! shape the table readers read: one line per visual row (glyphs sharing a baseline), top to
//! bottom, left to right, and within a row a new cell wherever a vertical rule of the table
//! passes between two glyphs or, where no rule frames them, wherever the gap between two glyphs
//! is wider than a column gap. Text inside one ruled cell stays one cell however it is spaced
//! (distributed labels such as 「三 、本 年 度」). An empty ruled cell between two printed cells is
//! an empty string cell; the empty cells before the first and after the last printed one are
//! merged-cell space, not cells.

use super::glyphs::{Glyph, Page, Rule};

/// A gap wider than this many ems between two glyphs no rule frames starts a new cell.
const COLUMN_GAP_EM: f64 = 0.8;
/// A gap wider than this many ems inside a cell is a space.
const SPACE_EM: f64 = 0.2;
/// Baselines closer than this many ems are one row.
const SAME_ROW_EM: f64 = 0.35;

/// One visual row: its cells, left to right.
pub type Row = Vec<String>;

/// The rows of a page, top to bottom.
pub fn rows(page: &Page) -> Vec<Row> {
    let mut glyphs = page.glyphs.clone();
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let verticals: Vec<Rule> = page
        .rules
        .iter()
        .copied()
        .filter(Rule::is_vertical)
        .collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < glyphs.len() {
        let top = glyphs[start].y;
        let tolerance = SAME_ROW_EM * glyphs[start].size.max(1.0);
        let mut end = start + 1;
        while end < glyphs.len() && top - glyphs[end].y <= tolerance {
            end += 1;
        }
        let mut row: Vec<Glyph> = glyphs[start..end].to_vec();
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        dedupe_overprint(&mut row);
        let cells = cells(&row, &verticals);
        if !cells.is_empty() {
            out.push(cells);
        }
        start = end;
    }
    out
}

/// Drops a glyph drawn again over itself (fake bold: the same character shifted a fraction).
fn dedupe_overprint(row: &mut Vec<Glyph>) {
    let mut kept: Vec<Glyph> = Vec::with_capacity(row.len());
    for g in row.drain(..) {
        let twin = kept.iter().rev().take(3).any(|k| {
            k.text == g.text
                && (k.x - g.x).abs() < 0.3 * g.size.max(k.size)
                && (k.y - g.y).abs() < 0.1 * g.size.max(k.size)
        });
        if !twin {
            kept.push(g);
        }
    }
    *row = kept;
}

/// Splits one row (glyphs sorted by x) into cells.
fn cells(row: &[Glyph], verticals: &[Rule]) -> Row {
    let Some(first) = row.first() else {
        return Vec::new();
    };
    let size = row.iter().map(|g| g.size).fold(0.0, f64::max).max(1.0);
    // The rules that cross this row: those spanning the middle of its text.
    let middle = first.y + 0.35 * size;
    let mut crossing: Vec<f64> = verticals
        .iter()
        .filter(|r| r.y0 <= middle && r.y1 >= middle)
        .map(|r| (r.x0 + r.x1) / 2.0)
        .collect();
    crossing.sort_by(f64::total_cmp);
    crossing.dedup_by(|a, b| (*a - *b).abs() < 2.0);
    let centre = |g: &Glyph| g.x + g.width / 2.0;
    let between = |a: f64, b: f64| crossing.iter().filter(|&&x| x > a && x < b).count();

    let mut out: Row = Vec::new();
    let mut cell = first.text.clone();
    for pair in row.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let gap = b.x - a.right();
        let em = a.size.max(b.size).max(1.0);
        let rules = between(centre(a), centre(b));
        let framed =
            crossing.iter().any(|&x| x <= centre(a)) && crossing.iter().any(|&x| x >= centre(b));
        if rules > 0 || (!framed && gap > COLUMN_GAP_EM * em) {
            out.push(std::mem::take(&mut cell));
            // Ruled cells left empty between two printed ones.
            out.extend(std::iter::repeat_n(String::new(), rules.saturating_sub(1)));
        } else if gap > SPACE_EM * em && !cell.ends_with(' ') {
            cell.push(' ');
        }
        cell.push_str(&b.text);
    }
    out.push(cell);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(y: f64, x: f64, text: &str, advance: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + i as f64 * advance,
                y,
                width: advance,
                size: 10.0,
                text: c.to_string(),
            })
            .collect()
    }

    fn vertical(x: f64, y0: f64, y1: f64) -> Rule {
        Rule {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    #[test]
    fn numbers_in_columns_are_cells_and_prose_is_one() {
        let mut page = Page::default();
        page.glyphs
            .extend(glyphs(700.0, 50.0, "一、总体情况", 10.0));
        page.glyphs.extend(glyphs(680.0, 50.0, "规章", 10.0));
        page.glyphs.extend(glyphs(680.2, 150.0, "120", 5.0));
        page.glyphs.extend(glyphs(679.9, 180.0, "182", 5.0));
        assert_eq!(
            rows(&page),
            vec![
                vec!["一、总体情况".to_string()],
                vec!["规章".into(), "120".into(), "182".into()]
            ]
        );
    }

    #[test]
    fn rules_split_close_cells_and_keep_spaced_labels_whole() {
        let mut page = Page::default();
        // 「信 息 内 容」 spaced out in its cell; two numbers 1 pt apart but ruled apart; an empty
        // ruled cell between them and a third number.
        for (i, c) in "信息内容".chars().enumerate() {
            page.glyphs
                .extend(glyphs(500.0, 20.0 + i as f64 * 25.0, &c.to_string(), 10.0));
        }
        page.glyphs.extend(glyphs(500.0, 130.0, "12", 5.0));
        page.glyphs.extend(glyphs(500.0, 141.0, "7", 5.0));
        page.glyphs.extend(glyphs(500.0, 200.0, "3", 5.0));
        page.rules = vec![
            vertical(10.0, 490.0, 520.0),
            vertical(125.0, 490.0, 520.0),
            vertical(140.5, 490.0, 520.0),
            vertical(160.0, 490.0, 520.0),
            vertical(180.0, 490.0, 520.0),
            vertical(230.0, 490.0, 520.0),
            // A rule of another row does not split this one.
            vertical(60.0, 300.0, 400.0),
        ];
        assert_eq!(
            rows(&page),
            vec![vec![
                "信 息 内 容".to_string(),
                "12".into(),
                "7".into(),
                "".into(),
                "3".into()
            ]]
        );
    }

    #[test]
    fn an_overprinted_glyph_is_read_once() {
        let mut page = Page::default();
        page.glyphs.extend(glyphs(100.0, 10.0, "总计", 10.0));
        page.glyphs.extend(glyphs(100.0, 10.4, "总计", 10.0));
        assert_eq!(rows(&page), vec![vec!["总计".to_string()]]);
    }
}
