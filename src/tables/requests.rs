//! Table 三: the requests table, 25 rows (2021) or 23 (2019) × 7 applicant columns.
//!
//! PDF conversion scatters this table: labels wrap away from their numbers, rows lose their
//! labels, page breaks repeat the header. But the rows always come in template order. So the
//! printed value rows are aligned to the template rows by an order-preserving alignment (as in
//! sequence alignment): a row whose label names a template row anchors there, unlabeled rows
//! fill the gaps between anchors in order, and anything that cannot be placed is reported.

use crate::model::Document;
use crate::template::{REQUEST_COLUMNS, REQUEST_GROUPS, Table, TemplateId, rows as spec_rows};

use super::rows::{Row, rows};
use super::{LabelMatch, Span, TableRead, check_headers, match_labels, nonstandard_row_label};

const EXACT: f64 = 10.0;
const FRAGMENT: f64 = 6.0;
const FUZZY: f64 = 4.0;
const UNLABELED: f64 = 2.0;
const FULL_ROW: f64 = 1.0;

/// For each template row, the printed row placed there (an index into the region's rows) and
/// how its label matched.
type Placement = Vec<Option<(usize, Option<LabelMatch>)>>;

/// The alignment of a region's rows to one template's rows.
struct Alignment {
    score: f64,
    template: TemplateId,
    placement: Placement,
    /// Rows whose label names exactly one template row (by index into the region's rows).
    anchors: Vec<bool>,
    /// Candidate rows placed by order alone.
    floating: Vec<usize>,
}

/// Reads table 三, choosing between the 2021 and 2019 row sets by which aligns better;
/// `prefer` breaks a tie.
pub fn read(doc: &Document, span: Span, prefer: Option<TemplateId>) -> TableRead {
    let all = rows(doc, span);
    let full: Vec<bool> = all.iter().map(|r| r.fits(REQUEST_COLUMNS.len())).collect();
    let mut best: Option<Alignment> = None;
    for template in TemplateId::ALL {
        let spec = spec_rows(template, Table::Requests);
        let matches: Vec<Vec<Option<LabelMatch>>> =
            all.iter().map(|r| match_labels(&r.folded, spec)).collect();
        let candidates: Vec<usize> = (0..all.len())
            .filter(|&i| is_candidate(&all[i], &matches[i]))
            .collect();
        let scores: Vec<Vec<Option<f64>>> = candidates
            .iter()
            .map(|&i| pair_scores(&all[i], &matches[i], full[i]))
            .collect();
        let (score, assignment) = align(&scores, spec.len());
        let better = best.as_ref().is_none_or(|b| {
            score > b.score
                || (score == b.score && prefer == Some(template) && prefer != Some(b.template))
        });
        if !better {
            continue;
        }
        // A row anchors the alignment only if its label names one row; the others (no label,
        // or a fragment that fits several rows) float, placed by order alone.
        let named = |i: usize| matches[i].iter().filter(|x| x.is_some()).count();
        best = Some(Alignment {
            score,
            template,
            placement: assignment
                .iter()
                .enumerate()
                .map(|(j, a)| a.map(|k| (candidates[k], matches[candidates[k]][j])))
                .collect(),
            anchors: (0..all.len()).map(|i| named(i) == 1).collect(),
            floating: candidates
                .iter()
                .copied()
                .filter(|&i| named(i) > 1 || may_stand_anywhere(&all[i], &matches[i], full[i]))
                .collect(),
        });
    }
    let Some(Alignment {
        template,
        placement,
        floating,
        anchors,
        ..
    }) = best.filter(|b| b.score > 0.0)
    else {
        return TableRead::new(Table::Requests, None, &[]);
    };
    let placement = forced_only(placement, &floating, &anchors);
    let spec = spec_rows(template, Table::Requests);
    let mut read = TableRead::new(Table::Requests, Some(template), spec);
    let mut missing = Vec::new();
    let mut used = Vec::new();
    for (spec_row, printed) in spec.iter().zip(placement) {
        let Some((i, label)) = printed else {
            missing.push(spec_row);
            continue;
        };
        let row = &all[i];
        used.push(row.index);
        if let Some(LabelMatch::Fuzzy(_)) = label {
            read.findings.push(nonstandard_row_label(row, spec_row));
        }
        let (values, extra) = row.fit(REQUEST_COLUMNS.len());
        read.record_row(row, spec_row, values, extra);
    }
    read.rows_missing(&missing);
    for row in all
        .iter()
        .filter(|r| r.has_number() && !used.contains(&r.index))
    {
        read.unmatched(row);
    }
    check_headers(all.iter(), spec, &mut read.findings);
    read
}

/// Keeps a floating row (no label, or a label fragment that fits several rows) where the
/// alignment put it only when its place is forced: between two anchoring rows (labelled with
/// one row's label), or an anchor and an end of the table, there are exactly as many floating
/// rows as template rows. Otherwise which row is which is a guess, and a guess is not made: the
/// rows are reported instead, and the template rows as missing.
fn forced_only(mut placement: Placement, floating: &[usize], anchors: &[bool]) -> Placement {
    let is_anchor =
        |p: &Option<(usize, Option<LabelMatch>)>| matches!(p, Some((i, Some(_))) if anchors[*i]);
    // (template row, printed row) of each anchor, with both ends of the table.
    let mut bounds: Vec<(isize, usize)> = vec![(-1, 0)];
    for (j, p) in placement.iter().enumerate() {
        if let Some((i, _)) = p
            && is_anchor(p)
        {
            bounds.push((j as isize, *i));
        }
    }
    bounds.push((placement.len() as isize, anchors.len()));
    for pair in bounds.windows(2) {
        let ((ja, ia), (jb, ib)) = (pair[0], pair[1]);
        let slots = (jb - ja - 1) as usize;
        let between = floating
            .iter()
            .filter(|&&i| (ja < 0 || i > ia) && i < ib)
            .count();
        if between != slots {
            for p in &mut placement[(ja + 1) as usize..jb as usize] {
                if !is_anchor(p) {
                    *p = None;
                }
            }
        }
    }
    placement
}

/// A row that may hold the values of a template row: it has numbers or placeholders, or it
/// names a row and is blank.
fn is_candidate(row: &Row, matches: &[Option<LabelMatch>]) -> bool {
    if row.has_values() {
        return true;
    }
    !row.values.is_empty()
        && matches.iter().any(|m| matches!(m, Some(LabelMatch::Exact)))
        && !REQUEST_GROUPS.iter().any(|g| row.folded.ends_with(g))
}

/// The score of printing `row` for each template row, or `None` where the label rules it out:
/// a label that names a row (see [`match_labels`]) rules out every other row, while an
/// unlabelled row, or one whose label only resembles some rows, may stand anywhere.
fn pair_scores(row: &Row, matches: &[Option<LabelMatch>], full: bool) -> Vec<Option<f64>> {
    let bonus = if full { FULL_ROW } else { 0.0 };
    let anywhere = may_stand_anywhere(row, matches, full);
    matches
        .iter()
        .map(|m| match m {
            Some(LabelMatch::Exact) => Some(EXACT + bonus),
            Some(LabelMatch::Fragment) => Some(FRAGMENT + bonus),
            Some(LabelMatch::Fuzzy(d)) => Some(FUZZY + d + bonus),
            None if anywhere => Some(UNLABELED + bonus),
            None => None,
        })
        .collect()
}

/// Whether a printed row may be placed by position alone: it names no row (a label that only
/// resembles some rows does not count), and it is a whole row of numbers, since a piece of a row
/// broken over lines is no evidence of which row it is.
fn may_stand_anywhere(row: &Row, matches: &[Option<LabelMatch>], full: bool) -> bool {
    let names_a_row = matches
        .iter()
        .flatten()
        .any(|m| !matches!(m, LabelMatch::Fuzzy(_)));
    !names_a_row && full && row.has_number()
}

/// Order-preserving alignment of printed rows to `m` template rows maximising the total score;
/// `score[i][j]` is the score of printed row `i` as template row `j`. Returns the total and,
/// for each template row, the printed row placed there.
fn align(score: &[Vec<Option<f64>>], m: usize) -> (f64, Vec<Option<usize>>) {
    let n = score.len();
    // best[i][j]: best total using printed[..i] and spec[..j].
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let mut b = best[i - 1][j].max(best[i][j - 1]);
            if let Some(s) = score[i - 1][j - 1] {
                b = b.max(best[i - 1][j - 1] + s);
            }
            best[i][j] = b;
        }
    }
    let mut assignment = vec![None; m];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        if let Some(s) = score[i - 1][j - 1]
            && best[i][j] == best[i - 1][j - 1] + s
        {
            assignment[j - 1] = Some(i - 1);
            i -= 1;
            j -= 1;
        } else if best[i][j] == best[i - 1][j] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    (best[n][m], assignment)
}
