//! Glyph advances from a CIDFont's `W` array, as gongkai's copy of pdf-extract reads them
//! (vendor/pdf-extract, `PdfCIDFont::new`): individual widths, `c_first c_last w` runs (which
//! upstream read as nothing, so digits of a run fell back to the default width), and the later
//! entry winning where entries overlap.

mod common;

use lopdf::{Document, Object, Stream, dictionary};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

#[derive(Default)]
struct Xs(Vec<(String, f64)>);

impl OutputDev for Xs {
    fn begin_page(
        &mut self,
        _: u32,
        _: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        _: f64,
        _: f64,
        _: f64,
        c: &str,
    ) -> Result<(), OutputError> {
        self.0.push((c.to_string(), trm.m31));
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
}

/// Where the glyphs of CIDs 17, 18, 19, 20 (the digits 0–3) start, drawn at size 10 from x = 0
/// with a font whose `W` is `w` and `DW` is 1000.
fn starts(w: Vec<Object>) -> Vec<f64> {
    let mut doc = Document::with_version("1.5");
    let to_unicode = doc.add_object(Stream::new(
        dictionary! {},
        b"1 beginbfrange <0011> <0014> <0030> endbfrange".to_vec(),
    ));
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "Test", "Flags" => 32,
    });
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Test",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor, "DW" => 1000, "W" => w,
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Test",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid_font.into()],
        "ToUnicode" => to_unicode,
    });
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 10 Tf 0 0 Td <0011001200130014> Tj ET".to_vec(),
    ));
    common::pdf::one_page(
        &mut doc,
        content,
        dictionary! { "Font" => dictionary! { "F1" => font } },
    );
    let mut xs = Xs::default();
    pdf_extract::output_doc(&doc, &mut xs).expect("read");
    assert_eq!(
        xs.0.iter().map(|(c, _)| c.as_str()).collect::<String>(),
        "0123"
    );
    xs.0.iter().map(|(_, x)| *x).collect()
}

#[test]
fn explicit_widths_and_runs_advance_the_glyphs() {
    // 17 and 18 from a run of 500, 19 from a list, 20 with the default width.
    let w = vec![
        17.into(),
        18.into(),
        500.into(),
        19.into(),
        vec![300.into()].into(),
    ];
    assert_eq!(starts(w), [0.0, 5.0, 10.0, 13.0]);
    // No W at all: every glyph takes the default width.
    assert_eq!(starts(vec![]), [0.0, 10.0, 20.0, 30.0]);
    // A run as wide as a WPS run (tens of thousands of codes) is a range, not a list.
    let w = vec![1.into(), 60_000.into(), 250.into()];
    assert_eq!(starts(w), [0.0, 2.5, 5.0, 7.5]);
}

#[test]
fn where_entries_overlap_the_later_one_wins() {
    let run_then_list = vec![
        17.into(),
        20.into(),
        500.into(),
        18.into(),
        vec![300.into()].into(),
    ];
    assert_eq!(starts(run_then_list), [0.0, 5.0, 8.0, 13.0]);
    let list_then_run = vec![
        18.into(),
        vec![300.into()].into(),
        17.into(),
        20.into(),
        500.into(),
    ];
    assert_eq!(starts(list_then_run), [0.0, 5.0, 10.0, 15.0]);
}

#[test]
fn thousands_of_overlapping_runs_read_as_set_in_turn() {
    let runs: Vec<(i64, i64, i64)> = (0..3000)
        .map(|k| {
            let first = (k * 7919) % 40;
            (first, first + k % 13, 100 + k % 900)
        })
        .collect();
    // The width each code ends with when the runs are set one after the other.
    let width = |cid: i64| {
        runs.iter()
            .rev()
            .find(|r| r.0 <= cid && cid <= r.1)
            .map_or(1000, |r| r.2)
    };
    let mut expected = vec![0.0];
    for cid in 17..20 {
        expected.push(expected.last().unwrap() + width(cid) as f64 / 100.0);
    }
    let w = runs
        .iter()
        .flat_map(|&(a, b, w)| [a.into(), b.into(), w.into()])
        .collect();
    let got = starts(w);
    for (g, e) in got.iter().zip(&expected) {
        assert!((g - e).abs() < 1e-9, "{got:?} vs {expected:?}");
    }
}

#[test]
fn a_malformed_tail_ends_the_array_instead_of_a_panic() {
    let w = vec![17.into(), vec![600.into()].into(), 18.into()];
    assert_eq!(starts(w), [0.0, 6.0, 16.0, 26.0]);
}
