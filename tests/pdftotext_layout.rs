//! The space-separated text path on real layouts: every PDF of the shared corpus converted by
//! poppler's `pdftotext -layout` (the conversion gongkai recommends until it reads PDF itself)
//! must give the hand-checked values. Without `-layout`, pdftotext prints cells one a line and
//! out of order: little can be read from that, but what is read must be right. Skipped when
//! `../shared` or `pdftotext` is absent (`.ci/run` installs poppler-utils).

mod common;

use std::process::Command;

use common::{expected_names, load_expected, mismatches, shared_corpus};

/// Converts each shared PDF that has expected values; returns (name, expected, text path).
fn converted(layout: bool) -> Option<Vec<(String, serde_json::Value, std::path::PathBuf)>> {
    let corpus = shared_corpus()?;
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("skipped: pdftotext (poppler-utils) not installed");
        return None;
    }
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(if layout {
        "pdftotext"
    } else {
        "pdftotext-raw"
    });
    std::fs::create_dir_all(&out).unwrap();
    let mut docs = Vec::new();
    for name in expected_names(&corpus) {
        let expected = load_expected(&corpus, &name);
        let file = expected["file"].as_str().unwrap().to_string();
        if !file.ends_with(".pdf") {
            continue;
        }
        let text = out.join(format!("{name}.txt"));
        let mut cmd = Command::new("pdftotext");
        if layout {
            cmd.arg("-layout");
        }
        let status = cmd
            .args(["-enc", "UTF-8"])
            .arg(corpus.join(&file))
            .arg(&text)
            .status()
            .unwrap();
        assert!(status.success(), "pdftotext failed on {file}");
        docs.push((name, expected, text));
    }
    Some(docs)
}

#[test]
fn raw_pdftotext_text_is_read_little_but_never_wrong() {
    let Some(docs) = converted(false) else {
        return;
    };
    let (mut read, mut wrong) = (0, Vec::new());
    for (name, expected, text) in docs {
        let Ok(report) = gongkai::extract_path(&text) else {
            continue;
        };
        for (key, cell) in &report.cells.0 {
            read += 1;
            let want = &expected["cells"][key];
            let same = match (cell.value, want.as_f64()) {
                (Some(v), Some(w)) => (v.as_f64() - w).abs() < 1e-9,
                (None, None) => want.is_null(),
                _ => false,
            };
            if !same {
                wrong.push(format!(
                    "{name}: {key} read {:?} (line {}), expected {want}",
                    cell.value, cell.line
                ));
            }
        }
    }
    assert!(read >= 50, "only {read} cells read from raw text");
    assert!(
        wrong.is_empty(),
        "{} of {read} cells misplaced:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn pdftotext_layout_text_of_every_shared_pdf_reads_right() {
    let Some(docs) = converted(true) else {
        return;
    };
    let corpus = shared_corpus().expect("converted() found it");
    let mut failures = Vec::new();
    for (name, expected, text) in &docs {
        match gongkai::extract_path(text) {
            Ok(report) => {
                let record = serde_json::to_value(&report).unwrap();
                failures.extend(
                    mismatches(expected, &record)
                        .into_iter()
                        .map(|m| format!("{name}: {m}")),
                );
                let pdf = corpus.join(expected["file"].as_str().unwrap());
                let pages = page_count(&pdf);
                if record["source"]["pages"].as_u64() != pages {
                    failures.push(format!(
                        "{name}: pages {} but pdfinfo says {pages:?}",
                        record["source"]["pages"]
                    ));
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        docs.len() >= 12,
        "expected the 12 PDFs with expected values, checked {}",
        docs.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The page count poppler's `pdfinfo` reports.
fn page_count(pdf: &std::path::Path) -> Option<u64> {
    let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:")?.trim().parse().ok())
}
