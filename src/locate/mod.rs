//! Locate: find the title, the six sections and the line ranges the three tables occupy.
//!
//! Works on the document model only. Sections are matched by their words, not their numbers,
//! because local formats renumber them and tables contain rows that look like headings
//! (四、结转下年度继续办理).

pub mod sections;
pub mod title;

use crate::model::Document;
use crate::normalize::fold;
use crate::template::Table;

pub use sections::Section;
pub use title::Title;

/// Half-open range of line indices into `Document::lines`.
pub type Span = std::ops::Range<usize>;

/// Where each table should be read from. A table not found has no region.
#[derive(Debug, Default, Clone)]
pub struct Regions {
    pub active: Option<Span>,
    pub requests: Option<Span>,
    pub review: Option<Span>,
}

impl Regions {
    pub fn get(&self, table: Table) -> Option<Span> {
        match table {
            Table::Active => self.active.clone(),
            Table::Requests => self.requests.clone(),
            Table::ReviewLitigation => self.review.clone(),
        }
    }
}

/// Everything the locator finds.
#[derive(Debug, Clone)]
pub struct Layout {
    pub title: Option<Title>,
    pub sections: Vec<Section>,
    pub regions: Regions,
}

pub fn locate(doc: &Document) -> Layout {
    let title = title::find(doc);
    let start = title.as_ref().map_or(0, |t| t.line_index + 1);
    let sections = sections::find(doc, start);
    let regions = regions(doc, &sections);
    Layout {
        title,
        sections,
        regions,
    }
}

/// A table starts at its section heading, or failing that at an anchor phrase of the table;
/// it ends where the next table or any later section starts.
fn regions(doc: &Document, sections: &[Section]) -> Regions {
    let heading = |n: u8| {
        sections
            .iter()
            .find(|s| s.number == n)
            .map(|s| s.line_index)
    };
    let anchor = |from: usize, needles: &[&str]| {
        doc.lines
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, l)| {
                let f = fold(&l.text);
                needles.iter().any(|n| f.contains(n))
            })
            .map(|(i, _)| i)
    };
    let active = heading(2).or_else(|| anchor(0, &["第二十条第"]));
    let requests = heading(3).or_else(|| {
        anchor(
            active.unwrap_or(0),
            &["勾稽关系", "本年新收政府信息公开申请数量"],
        )
    });
    let review = heading(4).or_else(|| {
        let after = requests.or(active).unwrap_or(0);
        let from = anchor(after, &["结转下年度继续办理"]).unwrap_or(after);
        anchor(from + 1, &["行政复议"])
    });
    let starts = [active, requests, review];
    let end_of = |start: usize| {
        let next_table = starts.iter().flatten().copied().filter(|&s| s > start);
        let next_section = sections.iter().map(|s| s.line_index).filter(|&s| s > start);
        next_table
            .chain(next_section)
            .min()
            .unwrap_or(doc.lines.len())
    };
    let span = |s: Option<usize>| s.map(|s| s..end_of(s));
    Regions {
        active: span(active),
        requests: span(requests),
        review: span(review),
    }
}
