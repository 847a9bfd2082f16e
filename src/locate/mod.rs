//! Locate: find the title, the six sections and the line ranges the three tables occupy.
//!
//! Works on the document model only. Sections are matched by their words, not their numbers,
//! because local formats renumber them and tables contain rows that look like headings
//! (四、结转下年度继续办理).

pub mod sections;
pub mod title;

use std::sync::LazyLock;

use crate::lite::Anchored;
use crate::model::Document;
use crate::template::Table;

pub use sections::{Outline, Section};
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
    /// The report year: the title's, else the statistics period's (统计期限为2025年1月1日至…).
    pub year: Option<i32>,
    pub sections: Vec<Section>,
    pub regions: Regions,
    /// A report before the 2019 template: free form, its sections from the legacy outline, no
    /// national tables read (a pre-2019 report is never forced into the 2019/2021 cells).
    pub legacy: bool,
}

pub fn locate(doc: &Document) -> Layout {
    let title = title::find(doc);
    let start = title.as_ref().map_or(0, |t| t.line_index + 1);
    let year = title
        .as_ref()
        .map(|t| t.year)
        .or_else(|| statistics_period_year(doc));
    // A report that prints the national tables is read as one, whatever its year (a 2018
    // report may have adopted the form early); otherwise a year before 2019, or, without a
    // year, a section on fees (收费及减免, which the national outline dropped), is free form.
    let national_tables = doc.lines.iter().any(|l| {
        l.folded.contains("本年新收政府信息公开申请") || l.folded.contains("本年制发件数")
    });
    if !national_tables {
        let legacy_sections = || sections::find(doc, start, Outline::Legacy);
        let free_form = match year {
            Some(y) => (y < 2019).then(legacy_sections),
            None => Some(legacy_sections()).filter(|s| s.iter().any(|s| s.number == 4)),
        };
        if let Some(sections) = free_form {
            return Layout {
                title,
                year,
                sections,
                regions: Regions::default(),
                legacy: true,
            };
        }
    }
    let national = sections::find(doc, start, Outline::National);
    let regions = regions(doc, &national);
    Layout {
        title,
        year,
        sections: national,
        regions,
        legacy: false,
    }
}

pub(crate) static PERIOD: LazyLock<Anchored> = LazyLock::new(|| {
    Anchored::new(
        r"((?:19|20)\d{2})年1月1日(?:起)?至(?:(?:19|20)\d{2}年)?12月31日",
        &["19", "20"],
    )
    .ending(&["12月31日"])
});

/// The year of a statistics period stated in the prose, when the title gives none.
fn statistics_period_year(doc: &Document) -> Option<i32> {
    doc.lines.iter().take(200).find_map(|l| {
        let hit = PERIOD.captures_iter(&l.folded).next()?;
        hit.get(1)?.as_str().parse().ok()
    })
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
            .find(|(_, l)| needles.iter().any(|n| l.folded.contains(n)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::text::split;

    #[test]
    fn the_year_falls_back_to_the_statistics_period() {
        let doc = split(
            "政府信息公开工作年度报告\n本年度报告中所列数据统计期限为 2025 年 1 月 1 日至 12 月 31 日。",
            "UTF-8",
        );
        assert_eq!(locate(&doc).year, Some(2025));
        let doc = split("统计周期为2024年1月1日至2024年12月31日", "UTF-8");
        assert_eq!(locate(&doc).year, Some(2024));
        assert_eq!(locate(&split("二〇二四年", "UTF-8")).year, None);
    }

    #[test]
    fn a_table_region_ends_at_the_next_section() {
        let doc = split(
            "二、主动公开政府信息情况\n规章\t1\t2\t3\n三、收到和处理政府信息公开申请情况\nx\n\
             四、政府信息公开行政复议、行政诉讼情况\n0\n五、存在的主要问题及改进情况\n",
            "UTF-8",
        );
        let r = locate(&doc).regions;
        assert_eq!(
            (r.active, r.requests, r.review),
            (Some(0..2), Some(2..4), Some(4..6))
        );
    }
}
