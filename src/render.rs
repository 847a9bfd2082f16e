//! The human-readable audit report: a header per report, its tables with the cells that
//! findings point at marked, and the findings with their positions.
//!
//! Styles are written as ANSI codes; the caller strips them when the output is not a terminal
//! (`anstream` does), so this module never asks what it is writing to. The marks beside a
//! value (`!` error, `?` warning) carry the meaning without colour too.

use std::collections::HashMap;
use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthStr;

use crate::finding::{Finding, Lang, Severity};
use crate::record::Report;
use crate::template::{Row, Table, TemplateId, rows};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default();
const INFO: Style = Style::new().dimmed();
const HEADING: Style = Style::new().bold();

/// Which tables to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tables {
    /// Only tables with a cell some error or warning points at.
    Flagged,
    All,
    None,
}

/// Text from the document, safe to print on a terminal: control characters (an escape
/// sequence in a title) are shown, not obeyed.
fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// Renders one report's audit.
pub fn audit(report: &Report, lang: Lang, tables: Tables) -> String {
    let mut out = String::new();
    let en = lang == Lang::En;
    let what = |zh: &'static str, en_: &'static str| if en { en_ } else { zh };
    let _ = writeln!(
        out,
        "{HEADING}{}{HEADING:#}",
        safe(report.title.as_deref().unwrap_or(&report.source.path))
    );
    let _ = writeln!(
        out,
        "  {} {}  ·  {} {}  ·  {} {}  ·  {} {}",
        what("文件", "file"),
        safe(&report.source.path),
        what("机关", "agency"),
        safe(report.agency.as_deref().unwrap_or("?")),
        what("年度", "year"),
        report.year.map_or("?".to_string(), |y| y.to_string()),
        what("模板", "template"),
        report.template,
    );
    let marks = marks(&report.findings);
    for table in Table::ALL {
        let flagged = table_rows(report, table).iter().any(|row| {
            row.columns
                .iter()
                .any(|c| marks.contains_key(&row.cell_key(c)))
        });
        if tables == Tables::All || (tables == Tables::Flagged && flagged) {
            render_table(&mut out, report, table, &marks);
        }
    }
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    out.push('\n');
    if report.findings.is_empty() {
        let _ = writeln!(out, "  {}", what("未发现问题", "no findings"));
    }
    let mut sorted: Vec<&Finding> = report.findings.iter().collect();
    sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for f in sorted {
        let (style, label) = match f.severity {
            Severity::Error => (ERROR, what("错误", "error")),
            Severity::Warning => (WARNING, what("警告", "warning")),
            Severity::Info => (INFO, what("提示", "info")),
        };
        let at = match (f.page, f.line) {
            (Some(p), Some(l)) if en => format!(" (page {p}, line {l})"),
            (Some(p), Some(l)) => format!("（第 {p} 页第 {l} 行）"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {style}{label} {}{style:#}{at}: {}",
            f.rule,
            safe(f.message_in(lang))
        );
    }
    let _ = writeln!(
        out,
        "  {}",
        if en {
            format!("{errors} errors, {warnings} warnings, {infos} notes")
        } else {
            format!("错误 {errors} 项，警告 {warnings} 项，提示 {infos} 项")
        }
    );
    out
}

/// The worst severity of an error or warning that names each key.
fn marks(findings: &[Finding]) -> HashMap<String, Severity> {
    let mut marks: HashMap<String, Severity> = HashMap::new();
    for f in findings.iter().filter(|f| f.severity >= Severity::Warning) {
        for key in &f.keys {
            let mark = marks.entry(key.clone()).or_insert(f.severity);
            *mark = (*mark).max(f.severity);
        }
    }
    marks
}

/// The rows the report's cells came from: its table's template, plus rows of the other
/// template that a mixed report printed.
fn table_rows(report: &Report, table: Table) -> Vec<&'static Row> {
    let info = match table {
        Table::Active => &report.tables.active,
        Table::Requests => &report.tables.requests,
        Table::ReviewLitigation => &report.tables.review_litigation,
    };
    let Some(template) = info.template else {
        return Vec::new();
    };
    let has = |row: &Row| {
        row.columns
            .iter()
            .any(|c| report.cells.get(&row.cell_key(c)).is_some())
    };
    let mut out: Vec<&'static Row> = rows(template, table).iter().filter(|r| has(r)).collect();
    for other in TemplateId::ALL.into_iter().filter(|t| *t != template) {
        for row in rows(other, table) {
            if has(row) && !out.iter().any(|r| r.key == row.key) {
                out.push(row);
            }
        }
    }
    out
}

const LABEL_WIDTH: usize = 34;

fn render_table(
    out: &mut String,
    report: &Report,
    table: Table,
    marks: &HashMap<String, Severity>,
) {
    let rows = table_rows(report, table);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n  {HEADING}{}{HEADING:#}", table.name());
    // Rows sharing one set of columns (tables 三 and 四) get a header line; table 二's rows
    // each name their own columns.
    let shared = rows
        .windows(2)
        .all(|w| std::ptr::eq(w[0].columns, w[1].columns));
    if shared {
        let mut header = pad("", LABEL_WIDTH);
        for c in rows[0].columns {
            header.push_str(&pad_left(&clip(c.label, 8), 9));
        }
        let _ = writeln!(out, "  {INFO}{header}{INFO:#}");
    }
    for row in rows {
        let mut line = pad(&clip(row.label, LABEL_WIDTH - 1), LABEL_WIDTH);
        for column in row.columns {
            let key = row.cell_key(column);
            let (text, mark) = match report.cells.get(&key) {
                None => ("".to_string(), None),
                Some(cell) => (
                    cell.value.map_or_else(
                        || {
                            if cell.raw.is_empty() {
                                "·".into()
                            } else {
                                clip(&safe(&cell.raw), 6)
                            }
                        },
                        |v| v.to_string(),
                    ),
                    marks.get(&key).copied(),
                ),
            };
            if !shared {
                line.push_str(&format!(" {INFO}{}{INFO:#}", clip(column.label, 8)));
            }
            let (style, sign) = match mark {
                Some(Severity::Error) => (ERROR, "!"),
                Some(_) => (WARNING, "?"),
                None => (Style::new(), " "),
            };
            let cell = format!("{text}{sign}");
            let _ = write!(line, "{style}{}{style:#}", pad_left(&cell, 9));
        }
        let _ = writeln!(out, "  {}", line.trim_end());
    }
}

fn clip(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) >= width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}
