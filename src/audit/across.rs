//! Rules across reports: the same agency's consecutive years must hand over their numbers.
//!
//! - `requests.carry_over`: this year's 二、上年结转 equals last year's 四、结转下年度继续办理,
//!   column by column;
//! - `active.in_force_continuity` (2021 layout, a warning because revisions blur it):
//!   现行有效 = last year's 现行有效 + 本年制发 − 本年废止.
//!
//! Works on [`Summary`]s, the few cells these rules need, so a batch over a whole archive keeps
//! a small summary per report rather than the records.

use std::collections::{BTreeMap, HashMap};

use super::json_number;
use crate::finding::{Finding, Severity};
use crate::record::Report;
use crate::template::REQUEST_COLUMNS;

/// What the cross-report rules need of one report.
#[derive(Debug, Clone)]
pub struct Summary {
    pub path: String,
    pub agency: String,
    pub year: i32,
    pub template: &'static str,
    /// Codebook key → (value, page, line), for the keys the rules read.
    cells: BTreeMap<String, (Option<f64>, u32, u32)>,
}

const IN_FORCE_ROWS: [&str; 2] = ["active.regulations", "active.normative_documents"];

impl Summary {
    /// None for a report without agency or year: it cannot be matched with another.
    pub fn of(report: &Report) -> Option<Summary> {
        let wanted = |key: &str| {
            key.starts_with("requests.carried_over.")
                || key.starts_with("requests.carried_forward.")
                || IN_FORCE_ROWS.iter().any(|r| key.starts_with(r))
        };
        Some(Summary {
            path: report.source.path.clone(),
            agency: report.agency.clone()?,
            year: report.year?,
            template: report.template,
            cells: report
                .cells
                .0
                .iter()
                .filter(|(k, _)| wanted(k))
                .map(|(k, c)| (k.clone(), (c.value.map(|v| v.as_f64()), c.page, c.line)))
                .collect(),
        })
    }

    fn value(&self, key: &str) -> Option<f64> {
        self.cells.get(key)?.0
    }

    fn position(&self, key: &str) -> Option<(u32, u32)> {
        self.cells.get(key).map(|c| (c.1, c.2))
    }
}

/// Findings across `summaries`, each with the index (into `summaries`) of the later report of
/// the pair it concerns. Pairs are the same agency in consecutive years; when an agency has
/// several reports for one year, each is paired with the first of the year before.
pub fn across(summaries: &[Summary]) -> Vec<(usize, Finding)> {
    // Candidates by (agency without its leading place names, year); `same_agency` decides.
    let mut by_year: HashMap<(&str, i32), Vec<usize>> = HashMap::new();
    for (i, s) in summaries.iter().enumerate() {
        by_year
            .entry((local_name(&s.agency), s.year))
            .or_default()
            .push(i);
    }
    let mut findings = Vec::new();
    for (i, this) in summaries.iter().enumerate() {
        let candidates = by_year.get(&(local_name(&this.agency), this.year - 1));
        let Some(&j) = candidates
            .into_iter()
            .flatten()
            .find(|&&j| same_agency(&this.agency, &summaries[j].agency))
        else {
            continue;
        };
        let last = &summaries[j];
        carry_over(this, last, &mut |f| findings.push((i, f)));
        if this.template == "2021" && last.template == "2021" {
            in_force(this, last, &mut |f| findings.push((i, f)));
        }
    }
    findings
}

/// What follows a leading province or city (江苏省, 淮安市) when it is another place name, read
/// as the regex `^.{2,8}?(?:省|自治区|市|自治州|州|盟|地区)(.{1,8}?(?:区|县|市|旗).*)$` reads
/// it (by hand: it was a regex compiled in every run): the first place word after two to eight
/// characters that has 区, 县, 市 or 旗 one to eight characters after it.
fn after_place_prefix(name: &str) -> Option<&str> {
    // `.` is any character but a line break, and the pattern spans the name.
    if name.contains('\n') {
        return None;
    }
    let starts: Vec<usize> = name.char_indices().map(|(i, _)| i).take(9).collect();
    for &at in starts.iter().skip(2) {
        let tail = &name[at..];
        let Some(word) = ["省", "自治区", "市", "自治州", "州", "盟", "地区"]
            .iter()
            .find(|w| tail.starts_with(**w))
        else {
            continue;
        };
        let rest = &tail[word.len()..];
        if rest
            .chars()
            .skip(1)
            .take(8)
            .any(|c| matches!(c, '区' | '县' | '市' | '旗'))
        {
            return Some(rest);
        }
    }
    None
}

/// The agency without the places above it: 淮安市洪泽区人民政府 → 洪泽区人民政府, while
/// 淮安市人民政府 stays whole (what follows 淮安市 is not a place).
fn local_name(agency: &str) -> &str {
    let mut name = agency;
    while let Some(rest) = after_place_prefix(name) {
        name = &agency[agency.len() - rest.len()..];
    }
    name
}

/// One agency written with or without the places above it: one name ends with the other.
/// (南京市鼓楼区 and 福州市鼓楼区 share a local name but neither ends with the other.)
fn same_agency(a: &str, b: &str) -> bool {
    a == b || a.ends_with(b) || b.ends_with(a)
}

fn carry_over(this: &Summary, last: &Summary, push: &mut dyn FnMut(Finding)) {
    for column in REQUEST_COLUMNS {
        let now_key = format!("requests.carried_over.{}", column.key);
        let then_key = format!("requests.carried_forward.{}", column.key);
        let (Some(now), Some(then)) = (this.value(&now_key), last.value(&then_key)) else {
            continue;
        };
        if (now - then).abs() < 1e-9 {
            continue;
        }
        let (y, py, lp) = (this.year, last.year, &last.path);
        let (now_j, then_j) = (json_number(now), json_number(then));
        let mut finding = Finding::new(
            "requests.carry_over",
            Severity::Error,
            format!(
                "{now_key}：{y} 年报告的上年结转为 {now_j}，而 {py} 年报告（{lp}）的结转下年度为 {then_j}"
            ),
            format!(
                "{now_key}: the {y} report carries over {now_j}, but the {py} report ({lp}) carried forward {then_j}"
            ),
        )
        .keys([now_key.clone(), then_key])
        .values(then_j, now_j);
        if let Some((page, line)) = this.position(&now_key) {
            finding = finding.at(page, line);
        }
        push(finding);
    }
}

fn in_force(this: &Summary, last: &Summary, push: &mut dyn FnMut(Finding)) {
    for row in IN_FORCE_ROWS {
        let key = |col: &str| format!("{row}.{col}");
        let (Some(now), Some(before), Some(issued), Some(repealed)) = (
            this.value(&key("in_force")),
            last.value(&key("in_force")),
            this.value(&key("issued")),
            this.value(&key("repealed")),
        ) else {
            continue;
        };
        let expected = before + issued - repealed;
        if (now - expected).abs() < 1e-9 {
            continue;
        }
        let (y, py, lp) = (this.year, last.year, &last.path);
        let (now_j, exp_j) = (json_number(now), json_number(expected));
        let (before_j, issued_j, repealed_j) = (
            json_number(before),
            json_number(issued),
            json_number(repealed),
        );
        let in_force_key = key("in_force");
        let mut finding = Finding::new(
            "active.in_force_continuity",
            Severity::Warning,
            format!(
                "{in_force_key}：{y} 年现行有效 {now_j}，而 {py} 年（{lp}）现行有效 {before_j} + 本年制发 {issued_j} − 本年废止 {repealed_j} = {exp_j}（修订可能造成差异）"
            ),
            format!(
                "{in_force_key}: {now_j} in force in {y}, but {before_j} in force in {py} ({lp}) + {issued_j} issued − {repealed_j} repealed = {exp_j} (revisions may explain it)"
            ),
        )
        .keys([in_force_key.clone(), key("issued"), key("repealed")])
        .values(exp_j, now_j);
        if let Some((page, line)) = this.position(&in_force_key) {
            finding = finding.at(page, line);
        }
        push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    /// The regex [`after_place_prefix`] reads as.
    const PLACE_PREFIX: &str =
        r"^.{2,8}?(?:省|自治区|市|自治州|州|盟|地区)(.{1,8}?(?:区|县|市|旗).*)$";

    fn by_regex(name: &str) -> Option<&str> {
        static REGEX: LazyLock<regex::Regex> =
            LazyLock::new(|| regex::Regex::new(PLACE_PREFIX).expect("regex"));
        Some(REGEX.captures(name)?.get(1)?.as_str())
    }

    proptest::proptest! {
        #[test]
        fn the_place_prefix_is_read_as_the_regex_reads_it(
            name in crate::lite::near_matches(&[PLACE_PREFIX])
        ) {
            proptest::prop_assert_eq!(after_place_prefix(&name), by_regex(&name), "{:?}", name);
        }
    }

    #[test]
    fn place_prefixes_as_the_regex_reads_them() {
        for name in [
            "淮安市洪泽区人民政府",
            "江苏省淮安市洪泽区人民政府",
            "淮安市人民政府",
            "内蒙古自治区呼和浩特市",
            "延边朝鲜族自治州延吉市",
            "大兴安岭地区漠河市",
            "锡林郭勒盟锡林浩特市",
            "市市市市",
            "ab市\n区",
            "a市b区",
            "ab市b区",
            "abcdefghi市b区",
            "ab市123456789区",
            "ab市12345678区",
            "ab省c",
            "",
        ] {
            assert_eq!(after_place_prefix(name), by_regex(name), "{name}");
        }
        assert_eq!(
            after_place_prefix("江苏省淮安市洪泽区人民政府"),
            Some("淮安市洪泽区人民政府")
        );
    }

    #[test]
    fn agencies_match_with_or_without_the_places_above_them() {
        assert_eq!(local_name("淮安市洪泽区人民政府"), "洪泽区人民政府");
        assert_eq!(local_name("江苏省淮安市洪泽区人民政府"), "洪泽区人民政府");
        assert_eq!(local_name("淮安市人民政府"), "淮安市人民政府");
        assert_eq!(local_name("淮安市市场监督管理局"), "淮安市市场监督管理局");
        assert!(same_agency("淮安市洪泽区人民政府", "洪泽区人民政府"));
        assert!(!same_agency("南京市鼓楼区人民政府", "福州市鼓楼区人民政府"));
    }
}
