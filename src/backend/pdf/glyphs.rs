//! Collects what pdf-extract's interpreter draws: each glyph with its position, advance and
//! size, and the straight strokes and thin fills that rule a table. pdf-extract's own text
//! output is not used: it glues neighbouring number cells ("120 182" becomes "120182") because
//! it only knows the distance from one glyph to the next, not the table around them.

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

use super::fonts::fold_radicals;

/// One drawn character, in PDF user space (y grows upwards).
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    /// Left edge.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Advance width.
    pub width: f64,
    /// Em size after the text and graphics matrices.
    pub size: f64,
    pub text: String,
}

impl Glyph {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }
}

/// A horizontal or vertical segment that may be a table rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rule {
    /// A segment, normalised so that x0 ≤ x1 and y0 ≤ y1; `None` when it is slanted.
    fn new(a: (f64, f64), b: (f64, f64)) -> Option<Rule> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        let straight = (x1 - x0) < THIN || (y1 - y0) < THIN;
        (straight && (x1 - x0).max(y1 - y0) >= THIN).then_some(Rule { x0, y0, x1, y1 })
    }

    pub fn is_vertical(&self) -> bool {
        self.y1 - self.y0 > self.x1 - self.x0
    }
}

/// Thicker than this (in points) a filled rectangle is an area, not a line.
const THIN: f64 = 3.0;

#[derive(Clone, Debug, Default)]
pub struct Page {
    pub number: u32,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
}

/// The [`OutputDev`] that records pages.
#[derive(Default)]
pub struct Collector {
    pub pages: Vec<Page>,
}

impl Collector {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        self.pages.last_mut().expect("a page was pushed")
    }

    fn add_path(&mut self, ctm: &Transform, path: &Path, filled: bool) {
        let at = |x: f64, y: f64| {
            (
                x * ctm.m11 + y * ctm.m21 + ctm.m31,
                x * ctm.m12 + y * ctm.m22 + ctm.m32,
            )
        };
        let mut rules = Vec::new();
        let (mut current, mut start) = ((0.0, 0.0), (0.0, 0.0));
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    current = at(x, y);
                    start = current;
                }
                PathOp::LineTo(x, y) => {
                    let next = at(x, y);
                    rules.extend(Rule::new(current, next));
                    current = next;
                }
                PathOp::CurveTo(.., x, y) => current = at(x, y),
                PathOp::Close => {
                    rules.extend(Rule::new(current, start));
                    current = start;
                }
                PathOp::Rect(x, y, w, h) => {
                    let corners = [at(x, y), at(x + w, y), at(x + w, y + h), at(x, y + h)];
                    let xs = corners.map(|c| c.0);
                    let ys = corners.map(|c| c.1);
                    let (x0, x1) = (
                        xs.iter().copied().fold(f64::MAX, f64::min),
                        xs.iter().copied().fold(f64::MIN, f64::max),
                    );
                    let (y0, y1) = (
                        ys.iter().copied().fold(f64::MAX, f64::min),
                        ys.iter().copied().fold(f64::MIN, f64::max),
                    );
                    if filled && (x1 - x0 < THIN || y1 - y0 < THIN) {
                        // A thin filled bar is a line (Chromium draws cell borders this way).
                        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
                        if x1 - x0 < y1 - y0 {
                            rules.extend(Rule::new((cx, y0), (cx, y1)));
                        } else {
                            rules.extend(Rule::new((x0, cy), (x1, cy)));
                        }
                    } else {
                        for k in 0..4 {
                            rules.extend(Rule::new(corners[k], corners[(k + 1) % 4]));
                        }
                    }
                    current = corners[0];
                    start = current;
                }
            }
        }
        self.page().rules.extend(rules);
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(Page {
            number: page_num,
            ..Page::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // Rotated text (a stamp, a watermark, a vertical margin note) is not part of the rows.
        if trm.m12.abs() > 1e-3 * trm.m11.abs().max(1e-9) || trm.m11 <= 0.0 || trm.m22 <= 0.0 {
            return Ok(());
        }
        let text = fold_radicals(char);
        if text.trim().is_empty() || !font_size.is_finite() {
            return Ok(());
        }
        let size = (font_size * trm.m22).abs();
        let advance = width * font_size * trm.m11;
        if !(size.is_finite() && advance.is_finite() && trm.m31.is_finite() && trm.m32.is_finite())
        {
            return Ok(());
        }
        self.page().glyphs.push(Glyph {
            x: trm.m31,
            y: trm.m32,
            width: advance.max(0.0),
            size,
            text,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.add_path(ctm, path, false);
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.add_path(ctm, path, true);
        Ok(())
    }
}
