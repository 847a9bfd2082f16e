//! The PDFs in `corpus/` are made by this file from the project's own text reports: each line
//! of prose is set as a line of text, each tab-separated row as a row of ruled cells, with the
//! Noto Sans SC subset from `../shared/fonts` embedded by krilla. The test checks that the
//! committed PDFs are exactly what the generator makes (when the font is there; skipped
//! otherwise); `GONGKAI_WRITE_PDF_CORPUS=1 cargo test --test pdf_corpus` rewrites them. Their
//! values are checked with the rest of `corpus/` by `tests/repo_corpus.rs`.

mod common;

use std::path::{Path, PathBuf};

use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use common::repo_corpus;

/// The text reports rendered to PDF: (source, PDF written, page height). Only reports whose
/// characters the font subset has can be set (the seed report's are); the short pages of the
/// second PDF break every table over pages.
const SOURCES: &[(&str, &str, f32)] = &[
    ("yantai-bigdata-2021.txt", "yantai-bigdata-2021.pdf", 842.0),
    (
        "yantai-bigdata-2021.txt",
        "yantai-bigdata-2021-short-pages.pdf",
        300.0,
    ),
];

const PAGE_W: f32 = 595.0;
const MARGIN: f32 = 50.0;
const BODY: f32 = 10.5;
const TABLE: f32 = 8.0;
const PAD: f32 = 4.0;

fn font_path() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fonts/NotoSansSC-subset.otf");
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared/fonts/NotoSansSC-subset.otf not found");
        None
    }
}

/// Estimated advance of a text in ems: CJK and full-width characters are one em, the rest 0.6
/// (a little over Noto's digits, so cells are never narrower than their text).
fn ems(text: &str) -> f32 {
    text.chars()
        .map(|c| if (c as u32) < 0x2000 { 0.6 } else { 1.0 })
        .sum()
}

struct Writer<'a> {
    doc: &'a mut Document,
    font: Font,
    pages: Vec<Vec<Op>>,
    y: f32,
    page_h: f32,
}

/// What is drawn on a page, collected first so that pages can be started in order.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    Line {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
    },
}

impl Writer<'_> {
    fn room(&mut self, height: f32) {
        if self.pages.is_empty() || self.y + height > self.page_h - MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn op(&mut self, op: Op) {
        self.pages.last_mut().expect("a page").push(op);
    }

    fn prose(&mut self, line: &str, size: f32, centred: bool) {
        let width = PAGE_W - 2.0 * MARGIN;
        let mut rest: Vec<char> = line.trim().chars().collect();
        while !rest.is_empty() {
            let mut take = 0;
            let mut used = 0.0;
            while take < rest.len() && used + ems(&rest[take].to_string()) * size <= width {
                used += ems(&rest[take].to_string()) * size;
                take += 1;
            }
            let piece: String = rest.drain(..take.max(1)).collect();
            self.room(size * 1.6);
            let x = if centred {
                (PAGE_W - ems(&piece) * size) / 2.0
            } else {
                MARGIN
            };
            let y = self.y + size * 1.2;
            self.op(Op::Text {
                x,
                y,
                size,
                text: piece,
            });
            self.y += size * 1.6;
        }
    }

    /// One table row: every cell framed, the first left-aligned and given the spare width,
    /// the others centred; the font shrinks if the row would not fit the page.
    fn row(&mut self, cells: &[String]) {
        let width = PAGE_W - 2.0 * MARGIN;
        let natural = |size: f32| -> Vec<f32> {
            cells
                .iter()
                .map(|c| (ems(c) * size + 2.0 * PAD).max(28.0))
                .collect()
        };
        let mut size = TABLE;
        while natural(size).iter().sum::<f32>() > width && size > 4.0 {
            size -= 0.5;
        }
        let mut widths = natural(size);
        let spare = (width - widths.iter().sum::<f32>()).max(0.0);
        widths[0] += spare;
        let height = size * 2.2;
        self.room(height);
        let (top, bottom) = (self.y, self.y + height);
        let mut x = MARGIN;
        self.op(Op::Line {
            x0: MARGIN,
            y0: top,
            x1: MARGIN + width,
            y1: top,
        });
        self.op(Op::Line {
            x0: MARGIN,
            y0: bottom,
            x1: MARGIN + width,
            y1: bottom,
        });
        self.op(Op::Line {
            x0: x,
            y0: top,
            x1: x,
            y1: bottom,
        });
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if !cell.is_empty() {
                let tx = if i == 0 {
                    x + PAD
                } else {
                    x + (w - ems(cell) * size) / 2.0
                };
                self.op(Op::Text {
                    x: tx,
                    y: top + size * 1.45,
                    size,
                    text: cell.clone(),
                });
            }
            x += w;
            self.op(Op::Line {
                x0: x,
                y0: top,
                x1: x,
                y1: bottom,
            });
        }
        self.y = bottom;
    }

    fn finish(self) {
        let stroke = Stroke {
            width: 0.5,
            ..Default::default()
        };
        for ops in self.pages {
            let mut page = self
                .doc
                .start_page_with(PageSettings::from_wh(PAGE_W, self.page_h).expect("a page size"));
            let mut surface: Surface = page.surface();
            for op in ops {
                match op {
                    Op::Text { x, y, size, text } => surface.draw_text(
                        Point::from_xy(x, y),
                        self.font.clone(),
                        size,
                        &text,
                        false,
                        TextDirection::Auto,
                    ),
                    Op::Line { x0, y0, x1, y1 } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(x0, y0);
                        pb.line_to(x1, y1);
                        if let Some(path) = pb.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(stroke.clone()));
                            surface.draw_path(&path);
                            surface.set_stroke(None);
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
    }
}

/// Renders one text report (any encoding gongkai reads) to PDF bytes.
fn render(source: &[u8], font: &Font, page_h: f32) -> Vec<u8> {
    let (text, _) = gongkai::backend::text::decode(source).expect("a text report");
    let mut doc = Document::new();
    let mut writer = Writer {
        doc: &mut doc,
        font: font.clone(),
        pages: Vec::new(),
        y: MARGIN,
        page_h,
    };
    let mut title = true;
    for raw in text.split('\n') {
        let mut line = raw.trim_end_matches('\r');
        if let Some(rest) = line.strip_prefix('\x0c') {
            writer.pages.push(Vec::new());
            writer.y = MARGIN;
            line = rest;
        }
        if line.trim().is_empty() {
            writer.y += 6.0;
        } else if line.contains('\t') {
            let cells: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
            writer.row(&cells);
        } else if title {
            writer.prose(line, 14.0, true);
            title = false;
        } else {
            writer.prose(line, BODY, false);
        }
    }
    writer.finish();
    doc.finish().expect("krilla writes the PDF")
}

#[test]
fn committed_pdfs_are_what_the_generator_makes() {
    let Some(font_path) = font_path() else {
        return;
    };
    let data = std::fs::read(font_path).expect("font");
    let font = Font::new(std::sync::Arc::new(data).into(), 0).expect("an OpenType font");
    let corpus = repo_corpus();
    let write = std::env::var_os("GONGKAI_WRITE_PDF_CORPUS").is_some();
    for &(source, pdf, page_h) in SOURCES {
        let text = std::fs::read(corpus.join(source)).expect("source");
        let made = render(&text, &font, page_h);
        assert!(
            made == render(&text, &font, page_h),
            "{pdf}: the generator is not deterministic"
        );
        if write {
            std::fs::write(corpus.join(pdf), &made).expect("write");
        } else {
            let committed = std::fs::read(corpus.join(pdf)).unwrap_or_default();
            assert!(
                made == committed,
                "corpus/{pdf} differs from what tests/pdf_corpus.rs makes: re-run it with GONGKAI_WRITE_PDF_CORPUS=1"
            );
        }
    }
}
