//! Audit: rules over the extracted cells, the located layout and the prose facts → findings.
//!
//! The arithmetic identities come from the template declarations (`template::IDENTITIES`), so
//! a report that mixes layouts is checked against the rows it actually printed. A blank is not
//! zero: an identity that touches a blank cell is reported as not checkable, never as failed.
//! Rules over several reports of one agency (this year's 上年结转 against last year's 结转下年度)
//! are in [`across`].

pub mod across;
mod identities;
mod prose;
mod values;

use std::sync::LazyLock;

use crate::facts::Fact;
use crate::finding::{Finding, Severity};
use crate::lite::Anchored;
use crate::locate::{Section, sections::standard_heading};
use crate::tables::TableRead;
use crate::template::{IDENTITIES, Table, TemplateId};

/// Checks a report's tables, outline and prose. A `legacy` report (before the 2019 format) is
/// free form: the national tables and outline are not expected of it.
pub fn audit(
    reads: &[TableRead],
    sections: &[Section],
    facts: &[Fact],
    year: Option<i32>,
    legacy: bool,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let cells: Vec<_> = reads.iter().map(identities::cells_by_key).collect();
    for identity in IDENTITIES {
        if let Some(k) = reads.iter().position(|r| r.table == identity.table) {
            identities::check(identity, &reads[k], &cells[k], &mut findings);
        }
    }
    for read in reads {
        values::check(read, &mut findings);
    }
    prose::check(reads, facts, &mut findings);
    check_template(reads, year, &mut findings);
    if let Some(year) = year {
        check_prose_year(sections, year, &mut findings);
    }
    if !legacy {
        check_outline(reads, sections, &mut findings);
    }
    findings
}

/// The three tables and six sections of the national format: each one missing is a finding.
fn check_outline(reads: &[TableRead], sections: &[Section], findings: &mut Vec<Finding>) {
    for table in Table::ALL {
        let read = reads.iter().find(|r| r.table == table);
        if read.is_none_or(|r| r.cells.is_empty()) {
            let (zh, en) = if read.is_some() {
                (
                    "找到了，但其中没有可读的数值",
                    "found, but no value in it could be read",
                )
            } else {
                ("未找到", "not found")
            };
            findings.push(Finding::new(
                "table.missing",
                Severity::Error,
                format!("{}：{zh}", table.name()),
                format!("{}: {en}", table.name()),
            ));
        }
    }
    for number in 1..=6u8 {
        if !sections.iter().any(|s| s.number == number) {
            let heading = standard_heading(number);
            findings.push(
                Finding::new(
                    "section.missing",
                    Severity::Warning,
                    format!("未找到第{number}部分（「{heading}」）"),
                    format!("section {number} (「{heading}」) not found"),
                )
                .values(heading, serde_json::Value::Null),
            );
        }
    }
}

/// Mixed layouts and a layout that does not match the report year.
fn check_template(reads: &[TableRead], year: Option<i32>, findings: &mut Vec<Finding>) {
    let by_table: Vec<(&TableRead, TemplateId)> = reads
        .iter()
        .filter(|r| r.table.tells_templates_apart())
        .filter_map(|r| Some((r, r.template?)))
        .collect();
    if let [(a, ta), (b, tb)] = by_table.as_slice()
        && ta != tb
    {
        let (a, ta, b, tb) = (a.table.name(), ta.as_str(), b.table.name(), tb.as_str());
        findings.push(Finding::new(
            "template.mismatch",
            Severity::Warning,
            format!("{a}采用 {ta} 年版模板，而{b}采用 {tb} 年版模板"),
            format!("{a} follows the {ta} template but {b} the {tb} template"),
        ));
    }
    let Some(year) = year else { return };
    let Some(expected) = TemplateId::for_year(year) else {
        return;
    };
    for (read, template) in by_table {
        if template != expected {
            let (name, want, got) = (read.table.name(), expected.as_str(), template.as_str());
            findings.push(
                Finding::new(
                    "template.mismatch",
                    Severity::Warning,
                    format!("{name}：{year} 年度报告应采用 {want} 年版模板，表格却采用 {got} 年版"),
                    format!(
                        "{name}: a {year} report should use the {want} template but the table follows {got}"
                    ),
                )
                .values(want, got),
            );
        }
    }
}

pub(crate) static YEAR: LazyLock<Anchored> =
    LazyLock::new(|| Anchored::new(r"((?:19|20)\d{2})\s*年", &["19", "20"]).ending(&["年"]));

/// 总体情况 reviews the report year. When it names other years but never the report year, the
/// text was likely carried over from another year's report.
fn check_prose_year(sections: &[Section], year: i32, findings: &mut Vec<Finding>) {
    let Some(overview) = sections.iter().find(|s| s.number == 1) else {
        return;
    };
    let text = crate::normalize::fold(&overview.text);
    let mut years: Vec<i32> = YEAR
        .captures_iter(&text)
        .filter_map(|h| h.get(1)?.as_str().parse().ok())
        .collect();
    if years.is_empty() || years.contains(&year) {
        return;
    }
    years.sort_unstable();
    years.dedup();
    let named: Vec<String> = years.iter().map(i32::to_string).collect();
    let named = named.join(", ");
    findings.push(
        Finding::new(
            "year.mismatch",
            Severity::Warning,
            format!("报告年度为 {year} 年，但“总体情况”只提到 {named} 年"),
            format!("the report is for {year}, but its 总体情况 speaks only of {named}"),
        )
        .values(year, years[0])
        .at(overview.page, overview.line),
    );
}

/// Maps keyed by codebook keys, hashed with FNV-1a: the keys come from the templates, not
/// from the input, so SipHash's defence against chosen keys buys nothing, and it cost more
/// than the lookups themselves.
pub(crate) type KeyMap<'a, V> =
    std::collections::HashMap<&'a str, V, std::hash::BuildHasherDefault<Fnv>>;

/// FNV-1a, 64 bits.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A sum as JSON: an integer when it is whole, as the cells it adds up are.
pub(crate) fn json_number(x: f64) -> serde_json::Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        serde_json::Value::from(x as i64)
    } else {
        serde_json::Value::from(x)
    }
}

#[cfg(test)]
mod tests {
    use std::hash::Hasher;

    use super::*;

    #[test]
    fn fnv_is_fnv_1a() {
        let hash = |s: &[u8]| {
            let mut h = Fnv::default();
            h.write(s);
            h.finish()
        };
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
        let mut map: KeyMap<usize> = KeyMap::default();
        map.extend([("requests.new.total", 1), ("requests.new.natural", 2)]);
        map.insert("requests.new.total", 3);
        assert_eq!(map.get("requests.new.total"), Some(&3));
        assert_eq!(map.get("requests.new.natural"), Some(&2));
    }
}
