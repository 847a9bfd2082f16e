//! The PDF backend on the shared corpus: every PDF with expected values reads fully right; every
//! broken or hostile PDF in `bad/` ends, through the command line (so that a crash could not take
//! this test process down), with an error naming the file and the reason, or a record, and never
//! a signal; a PDF without text says it needs OCR. Skipped without `../shared`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{expected_names, load_expected, mismatches, shared_corpus};

fn gongkai(args: &[&str], file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("extract")
        .args(args)
        .arg(file)
        .output()
        .expect("gongkai runs")
}

#[test]
fn every_shared_pdf_with_expected_values_reads_fully_right() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for name in expected_names(&corpus) {
        let expected = load_expected(&corpus, &name);
        let file = expected["file"].as_str().unwrap();
        if !file.ends_with(".pdf") {
            continue;
        }
        checked += 1;
        match common::extract(&corpus, file) {
            Ok(record) => {
                assert_eq!(record["source"]["format"], "pdf", "{name}");
                failures.extend(
                    mismatches(&expected, &record)
                        .into_iter()
                        .map(|m| format!("{name}: {m}")),
                );
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert_eq!(
        checked, 12,
        "the shared corpus has 12 PDFs with expected values"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What each file in `bad/` must give: the exit code and a word of the reason.
const BAD: &[(&str, i32, &str)] = &[
    ("empty.pdf", 6, "empty"),
    ("header_only.pdf", 10, "not a readable PDF"),
    ("kids_cycle.pdf", 6, "no report title"),
    ("min_valid.pdf", 6, "no report title"),
    ("missing_font.pdf", 10, "page 1"),
    ("multipage_flip0.pdf", 10, "page 1"),
    ("multipage_noxref.pdf", 10, "not a readable PDF"),
    ("multipage_trunc50.pdf", 10, "not a readable PDF"),
    ("no_mediabox.pdf", 6, "no report title"),
    ("notpdf.pdf", 6, "no report title"),
    ("xobject_self.pdf", 10, "draws itself"),
];

#[test]
fn every_bad_pdf_ends_with_a_clear_error_never_a_signal() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let dir = corpus.join("bad");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let listed: Vec<&str> = BAD.iter().map(|b| b.0).collect();
    assert_eq!(files, listed, "every file in bad/ has its expectation here");
    for &(file, code, reason) in BAD {
        let path = dir.join(file);
        let out = gongkai(&[], &path);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{file}: {stderr}");
        assert!(
            stderr.contains(file) && stderr.contains(reason),
            "{file}: {stderr}"
        );
    }
}

#[test]
fn a_form_xobject_that_draws_itself_is_refused_in_process_too() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let bytes = std::fs::read(corpus.join("bad/xobject_self.pdf")).unwrap();
    match gongkai::extract_bytes(&bytes, "xobject_self.pdf") {
        Err(gongkai::Reject::Corrupt(reason)) => {
            assert!(reason.contains("draws itself"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}

/// A one-page PDF whose page is only an image, as a scanner makes.
fn scanned_pdf() -> Vec<u8> {
    use lopdf::{Object, Stream, dictionary};
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    ));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_scanned_pdf_needs_ocr_exit_8() {
    let path = temp("scanned.pdf", &scanned_pdf());
    let out = gongkai(&[], &path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(8), "{stderr}");
    assert!(
        stderr.contains("scanned.pdf") && stderr.contains("no text layer"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    // The library says the same in process.
    assert!(matches!(
        gongkai::extract_bytes(&scanned_pdf(), "scanned.pdf"),
        Err(gongkai::Reject::NoTextLayer(_))
    ));
}

#[test]
fn the_worker_limits_end_in_their_exit_codes() {
    let path = temp("scanned-limits.pdf", &scanned_pdf());
    // No page allowed: over the page limit.
    let out = gongkai(&["--max-pages", "0"], &path);
    assert_eq!(
        out.status.code(),
        Some(7),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the limit of 0"));
    // A microsecond is not enough to start a process: the worker is stopped.
    let out = gongkai(&["--pdf-timeout", "0.000001"], &path);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(11), "{stderr}");
    assert!(
        stderr.contains("timeout") && stderr.contains("scanned-limits.pdf"),
        "{stderr}"
    );
    // A few MiB of address space cannot hold the reader and a real report.
    let pdf = common::repo_corpus().join("yantai-bigdata-2021.pdf");
    for mib in ["1", "8"] {
        let out = gongkai(&["--pdf-memory", mib], &pdf);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(7), "{mib} MiB: {stderr}");
        assert!(stderr.contains("memory"), "{stderr}");
    }
}

#[test]
fn predefined_cmaps_and_kangxi_radicals_read_as_ordinary_text() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    // reportlab's non-embedded STSong: UniGB-UCS2-H, on which pdf-extract alone panics.
    let record = common::extract(&corpus, "synthetic/stsong_nonembedded_reportlab.pdf").unwrap();
    assert_eq!(
        record["title"],
        "烟台市大数据局2021年政府信息公开工作年度报告"
    );
    assert_eq!(record["cells"]["requests.new.total"]["value"], 175);
    // Chromium's Type3 fonts map 大 to the Kangxi radical ⼤ (U+2F24).
    let bytes = std::fs::read(corpus.join("synthetic/tables_chromium_type3.pdf")).unwrap();
    let text = gongkai::backend::pdf::layout_text(&bytes).unwrap();
    assert!(
        text.starts_with("1: 烟台市大数据局2021年政府信息公开工作年度报告\n"),
        "{text}"
    );
    assert!(text.contains("本年废止件数"), "{text}");
    assert!(
        !text.chars().any(|c| ('\u{2F00}'..='\u{2FD5}').contains(&c)),
        "{text}"
    );
}

/// Per page of the real PDFs, the characters gongkai reads are the ones `pdftotext -layout`
/// prints (whitespace aside, in any order): nothing dropped, nothing doubled.
#[test]
fn real_pdfs_read_the_same_characters_as_pdftotext_per_page() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("skipped: pdftotext (poppler-utils) not installed");
        return;
    }
    for name in ["hongze-gov-2023", "hongze-gov-2024", "huaian-gov-2024"] {
        let pdf = corpus.join(format!("real/{name}.pdf"));
        let ours = gongkai::backend::pdf::layout_text(&std::fs::read(&pdf).unwrap()).unwrap();
        let out = Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let theirs = String::from_utf8(out.stdout).unwrap();
        let ours: Vec<&str> = ours.split('\x0c').collect();
        let theirs: Vec<&str> = theirs.trim_end_matches('\x0c').split('\x0c').collect();
        assert_eq!(ours.len(), theirs.len(), "{name}: pages");
        for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
            let chars = |s: &str, ours: bool| {
                let mut v: Vec<char> = s
                    .lines()
                    // Our rows carry "page: " and " | " between cells.
                    .map(|l| {
                        if ours {
                            l.split_once(": ").map_or(l, |x| x.1).replace(" | ", "")
                        } else {
                            l.to_string()
                        }
                    })
                    .flat_map(|l| l.chars().collect::<Vec<_>>())
                    .filter(|c| !c.is_whitespace())
                    .collect();
                v.sort();
                v
            };
            assert_eq!(chars(a, true), chars(b, false), "{name} page {}", i + 1);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// A PDF with bytes changed, or also cut short, is read or refused, in process, without a panic
    /// escaping (the library's own path: `catch_unwind` around the parser).
    #[test]
    fn damaged_pdfs_are_read_or_refused(
        cut in 0.0f64..1.0,
        flips in proptest::collection::vec((0.0f64..1.0, proptest::prelude::any::<u8>()), 0..8),
    ) {
        let mut bytes = std::fs::read(common::repo_corpus().join("yantai-bigdata-2021.pdf")).unwrap();
        // Half the cases keep the whole file (and its cross-reference table) and only flip bytes.
        if cut > 0.5 {
            let keep = ((bytes.len() as f64) * cut) as usize;
            bytes.truncate(keep.max(16));
        }
        for (at, byte) in flips {
            let i = ((bytes.len() as f64) * at) as usize % bytes.len();
            bytes[i] = byte;
        }
        match gongkai::extract_bytes(&bytes, "damaged.pdf") {
            Ok(record) => proptest::prop_assert_eq!(record.source.format, gongkai::model::Format::Pdf),
            // Every refusal says why.
            Err(e) => {
                let said = format!("{e:?}");
                proptest::prop_assert!(said.len() > "Corrupt(\"\")".len(), "{}", said);
            }
        }
    }
}
