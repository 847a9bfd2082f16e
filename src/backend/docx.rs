//! Word files (`.docx`): the paragraphs and tables of `word/document.xml`, in document order.
//!
//! A paragraph outside a table is a line (split into cells like a text line, so a row aligned
//! with tabs keeps its cells). A table row is a line whose cells are the row's grid positions:
//! `w:gridSpan` leaves empty cells after a cell, `w:vMerge` continues the label above (see
//! [`super::grid`]). Several paragraphs in one cell are one cell's text.
//!
//! Pages are counted from the breaks the file records: explicit page breaks
//! (`w:br w:type="page"`, `w:pageBreakBefore`), section breaks, and the page breaks Word noted
//! when it last laid the document out (`w:lastRenderedPageBreak`). A file written by a program
//! that records none of them is one page.
//!
//! Legacy binary Word (`.doc`) and WPS (`.wps`) files are OLE compound documents, not zip
//! archives: they are refused with the advice to convert them.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use encoding_rs::{Encoding, UTF_8};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use zip::ZipArchive;
use zip::result::ZipError;

use super::grid::{Grid, join_pieces};
use crate::error::Reject;
use crate::limits::Limits;
use crate::model::{Document, Format, Line};

/// Nesting of tables inside table cells followed at most.
const MAX_TABLE_DEPTH: usize = 32;

const W_MAIN: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Reads a DOCX file with the default limits.
pub fn read(bytes: &[u8]) -> Result<Document, Reject> {
    read_with(bytes, &Limits::default())
}

/// Reads a DOCX file: `word/document.xml` inflated to at most `limits.decompressed` bytes (a
/// zip bomb stops there, whatever size the archive declares) and nested at most
/// `limits.nesting` elements deep.
pub fn read_with(bytes: &[u8], limits: &Limits) -> Result<Document, Reject> {
    catch_unwind(AssertUnwindSafe(|| {
        let xml = document_xml(bytes, limits.decompressed)?;
        parse(&xml, limits.nesting)
    }))
    .unwrap_or_else(|_| {
        Err(Reject::Corrupt(
            "the DOCX reader failed on this file".into(),
        ))
    })
}

/// Why an OLE compound file is not read: a password-protected Office file is an OLE file
/// holding the encrypted package; anything else is a legacy `.doc`/`.wps`.
pub fn ole_reject(bytes: &[u8]) -> Reject {
    let marker: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
        Reject::Encrypted("a password-protected Office document".into())
    } else {
        Reject::Unsupported("a legacy Word .doc or WPS .wps file (OLE compound document)".into())
    }
}

/// The main part of the archive, decompressed (at most `limit` bytes) and decoded.
fn document_xml(bytes: &[u8], limit: u64) -> Result<String, Reject> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Reject::Corrupt(format!("not a readable zip archive: {e}")))?;
    let odf = archive.index_for_name("content.xml").is_some();
    let mut file = match archive.by_name("word/document.xml") {
        Ok(file) => file,
        Err(ZipError::FileNotFound) => {
            let what = if odf {
                "an OpenDocument file (no word/document.xml)"
            } else {
                "a zip archive without word/document.xml: not a DOCX"
            };
            return Err(Reject::Unsupported(what.into()));
        }
        Err(ZipError::UnsupportedArchive(why)) if why.contains("assword") => {
            return Err(Reject::Encrypted(format!("word/document.xml: {why}")));
        }
        Err(e) => return Err(Reject::Corrupt(format!("word/document.xml: {e}"))),
    };
    let data = crate::limits::read_at_most(&mut file, limit)
        .map_err(|e| Reject::Corrupt(format!("word/document.xml cannot be decompressed: {e}")))?
        .ok_or_else(|| {
            Reject::Limit(format!(
                "word/document.xml decompresses to more than {} (--max-decompressed)",
                crate::limits::mib(limit)
            ))
        })?;
    let (encoding, bom) = Encoding::for_bom(&data).unwrap_or((UTF_8, 0));
    let (text, had_errors) = encoding.decode_without_bom_handling(&data[bom..]);
    if had_errors {
        return Err(Reject::Corrupt(format!(
            "word/document.xml is not valid {}",
            encoding.name()
        )));
    }
    Ok(text.into_owned())
}

/// A table being read.
#[derive(Default)]
struct Table {
    grid: Grid,
    /// Rows finished, each with the page its first text is on.
    pages: Vec<u32>,
    /// The open row: its next grid column and the page its text starts on.
    col: usize,
    row_page: Option<u32>,
    /// The open cell.
    cell: Option<Cell>,
}

#[derive(Default)]
struct Cell {
    pieces: Vec<String>,
    span: usize,
    merge: Merge,
}

#[derive(Default, PartialEq)]
enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

/// Reading state: open paragraphs (a text box paragraph opens inside another), open tables.
#[derive(Default)]
struct State {
    lines: Vec<(u32, String, Vec<String>)>,
    page: u32,
    /// A page break was counted and no text followed yet: Word's note of the same break
    /// (`w:lastRenderedPageBreak` after `w:br w:type="page"`) is not a second page.
    just_broke: bool,
    /// The paragraph ends a section that starts a new page.
    section_break: bool,
    paragraphs: Vec<(String, Option<u32>)>,
    tables: Vec<Table>,
    /// Tables nested deeper than [`MAX_TABLE_DEPTH`], read as text of the enclosing cell.
    ignored_tables: usize,
}

impl State {
    fn page_break(&mut self, rendered: bool) {
        if !(rendered && self.just_broke) {
            self.page += 1;
        }
        self.just_broke = true;
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let page = self.page;
        if let Some((buf, first)) = self.paragraphs.last_mut() {
            buf.push_str(text);
            if !text.trim().is_empty() {
                first.get_or_insert(page);
                self.just_broke = false;
            }
        }
    }

    fn end_paragraph(&mut self) {
        let Some((text, first)) = self.paragraphs.pop() else {
            return;
        };
        let page = first.unwrap_or(self.page);
        // A paragraph in a table cell (and not in a text box inside one) is part of the cell.
        if self.paragraphs.is_empty()
            && let Some(table) = self.tables.last_mut()
            && let Some(cell) = table.cell.as_mut()
        {
            table.row_page.get_or_insert(page);
            cell.pieces.push(text.replace(['\t', '\n'], " "));
        } else {
            for line in text.split('\n') {
                let line = line.trim_end();
                if !line.trim().is_empty() {
                    self.lines
                        .push((page, line.to_string(), super::text::cells(line)));
                }
            }
        }
        if std::mem::take(&mut self.section_break) {
            self.page_break(false);
        }
    }

    fn end_cell(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let Some(cell) = table.cell.take() else {
            return;
        };
        let row = table.pages.len();
        let span = cell.span.max(1);
        if cell.merge == Merge::Continue {
            table.grid.continue_down(row, table.col, span);
            table.col += span;
        } else {
            table.col = table
                .grid
                .place(row, table.col, join_pieces(&cell.pieces), span, 1);
        }
    }

    fn end_row(&mut self) {
        let page = self.page;
        if let Some(table) = self.tables.last_mut() {
            table.pages.push(table.row_page.take().unwrap_or(page));
            table.col = 0;
        }
    }

    fn end_table(&mut self) {
        let Some(table) = self.tables.pop() else {
            return;
        };
        let rows = table.grid.into_rows(table.pages.len());
        // A table inside a cell is text of that cell.
        if let Some(outer) = self.tables.last_mut()
            && let Some(cell) = outer.cell.as_mut()
        {
            cell.pieces
                .extend(rows.into_iter().map(|cells| join_pieces(&cells)));
            return;
        }
        for (cells, page) in rows.into_iter().zip(table.pages) {
            self.lines.push((page, cells.join("\t"), cells));
        }
    }
}

fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// An on/off property (`<w:pageBreakBefore/>`, `w:val="false"`).
fn is_on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("false" | "0" | "off"))
}

fn parse(xml: &str, max_depth: usize) -> Result<Document, Reject> {
    let mut reader = NsReader::from_str(xml);
    // Elements open: the namespace resolver keeps a frame for each.
    let mut depth = 0usize;
    let mut state = State {
        page: 1,
        ..State::default()
    };
    // Depth inside an `mc:Fallback` (the same content again, for older readers), skipped.
    let mut fallback = 0usize;
    let mut in_text = false;
    loop {
        let at = reader.buffer_position();
        let (ns, event) = reader.read_resolved_event().map_err(|e| {
            Reject::Corrupt(format!(
                "word/document.xml is not well-formed XML after byte {at}: {e}"
            ))
        })?;
        let ns = match ns {
            ResolveResult::Bound(ns) => ns.0,
            _ => "",
        };
        let word = ns == W_MAIN || ns == W_STRICT;
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > max_depth {
                    return Err(Reject::Limit(format!(
                        "word/document.xml nests elements deeper than {max_depth} (--max-nesting)"
                    )));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Eof => break,
            Event::Start(_) if fallback > 0 => fallback += 1,
            Event::End(_) if fallback > 0 => fallback -= 1,
            _ if fallback > 0 => {}
            Event::Start(ref e) if ns == MC && e.local_name().as_ref() == "Fallback" => {
                fallback = 1;
            }
            Event::Start(ref e) if word => in_text |= start(&mut state, e, false),
            Event::Empty(ref e) if word => {
                start(&mut state, e, true);
            }
            Event::End(ref e) if word => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => state.end_paragraph(),
                "tc" if state.ignored_tables == 0 => state.end_cell(),
                "tr" if state.ignored_tables == 0 => state.end_row(),
                "tbl" => {
                    if state.ignored_tables > 0 {
                        state.ignored_tables -= 1;
                    } else {
                        state.end_table();
                    }
                }
                _ => {}
            },
            Event::Text(ref t) if in_text => state.text(&t.xml10_content()),
            Event::CData(ref t) if in_text => state.text(&t.xml10_content()),
            Event::GeneralRef(ref r) if in_text => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = resolved {
                    state.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
    }
    // Close what a truncated document left open.
    while !state.paragraphs.is_empty() {
        state.end_paragraph();
    }
    while !state.tables.is_empty() {
        state.end_cell();
        state.end_row();
        state.end_table();
    }
    let lines: Vec<Line> = state
        .lines
        .into_iter()
        .enumerate()
        .map(|(i, (page, text, cells))| {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            Line::new(page, number, text, cells)
        })
        .collect();
    let pages = lines.iter().map(|l| l.page).max().unwrap_or(1);
    Ok(Document {
        format: Format::Docx,
        encoding: None,
        pages,
        lines,
    })
}

/// A WordprocessingML element opens; returns whether its text content is document text
/// (`w:t`).
fn start(state: &mut State, e: &BytesStart<'_>, empty: bool) -> bool {
    match e.local_name().as_ref() {
        "t" => return !empty,
        "p" => {
            state.paragraphs.push((String::new(), None));
            if empty {
                state.end_paragraph();
            }
        }
        // A tab in a run; a tab stop of the paragraph's properties has a position.
        "tab" if attr(e, "pos").is_none() => state.text("\t"),
        "br" | "cr" => match attr(e, "type").as_deref() {
            Some("page") => state.page_break(false),
            Some("column") => {}
            _ => state.text("\n"),
        },
        "noBreakHyphen" => state.text("-"),
        "lastRenderedPageBreak" => state.page_break(true),
        "pageBreakBefore" if is_on(e) => state.page_break(false),
        "sectPr" if !state.paragraphs.is_empty() => state.section_break = true,
        // A section that continues on the same page.
        "type" if state.section_break && attr(e, "val").as_deref() == Some("continuous") => {
            state.section_break = false;
        }
        "tbl" => {
            if state.tables.len() >= MAX_TABLE_DEPTH || state.ignored_tables > 0 {
                state.ignored_tables += 1;
            } else {
                state.tables.push(Table::default());
            }
        }
        "tc" if state.ignored_tables == 0 => {
            if let Some(table) = state.tables.last_mut() {
                table.cell = Some(Cell {
                    span: 1,
                    ..Cell::default()
                });
            }
        }
        "gridBefore" if state.ignored_tables == 0 => {
            if let Some(table) = state.tables.last_mut()
                && table.cell.is_none()
            {
                let n = attr(e, "val").and_then(|v| v.parse::<usize>().ok());
                table.col += n.unwrap_or(0).min(super::grid::MAX_SPAN);
            }
        }
        "gridSpan" | "vMerge" if state.ignored_tables == 0 => {
            if let Some(cell) = state.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                let val = attr(e, "val");
                if e.local_name().as_ref() == "gridSpan" {
                    cell.span = val.and_then(|v| v.parse().ok()).unwrap_or(1);
                } else {
                    cell.merge = match val.as_deref() {
                        Some("restart") => Merge::Restart,
                        _ => Merge::Continue,
                    };
                }
            }
        }
        _ => {}
    }
    false
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn ole_files_are_legacy_word_or_encrypted_office() {
        let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        doc.resize(1024, 0);
        assert!(matches!(ole_reject(&doc), Reject::Unsupported(why) if why.contains(".wps")));
        doc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(matches!(ole_reject(&doc), Reject::Encrypted(_)));
    }

    #[test]
    fn other_zips_are_named() {
        let odt = zip_with("content.xml", b"<office:document-content/>");
        assert!(
            matches!(read(&odt), Err(Reject::Unsupported(why)) if why.contains("OpenDocument"))
        );
        let plain = zip_with("a.txt", b"x");
        assert!(
            matches!(read(&plain), Err(Reject::Unsupported(why)) if why.contains("not a DOCX"))
        );
        assert!(matches!(
            read(b"PK\x03\x04garbage"),
            Err(Reject::Corrupt(_))
        ));
    }

    #[test]
    fn a_rendered_break_after_an_explicit_one_is_the_same_page() {
        let xml = format!(
            r#"<w:document xmlns:w="{W_MAIN}"><w:body><w:p><w:r><w:t>一</w:t><w:br w:type="page"/></w:r><w:r><w:lastRenderedPageBreak/><w:t>二</w:t></w:r></w:p><w:p><w:r><w:lastRenderedPageBreak/><w:t>三</w:t></w:r></w:p><w:p><w:pPr><w:sectPr><w:type w:val="continuous"/></w:sectPr></w:pPr><w:r><w:t>四</w:t></w:r></w:p><w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>五</w:t></w:r></w:p><w:p><w:r><w:t>六</w:t></w:r></w:p></w:body></w:document>"#
        );
        let doc = parse(&xml, Limits::default().nesting).unwrap();
        let pages: Vec<(u32, &str)> = doc
            .lines
            .iter()
            .map(|l| (l.page, l.text.as_str()))
            .collect();
        // 一二 is one paragraph starting on page 1; 三 begins page 3; the continuous section
        // keeps 四 on it; the next-page section after 五 puts 六 on page 4.
        assert_eq!(
            pages,
            [(1, "一二"), (3, "三"), (3, "四"), (3, "五"), (4, "六")]
        );
        assert_eq!(doc.pages, 4);
    }
}
