//! The space-separated text path on real layouts: every PDF of the shared corpus converted by
//! poppler's `pdftotext -layout` (the conversion gongkai recommends until it reads PDF itself)
//! must give the hand-checked values. Skipped when `../shared` or `pdftotext` is absent
//! (`.ci/run` installs poppler-utils).

mod common;

use std::process::Command;

use common::{expected_names, load_expected, mismatches, shared_corpus};

#[test]
fn pdftotext_layout_text_of_every_shared_pdf_reads_right() {
    let Some(corpus) = shared_corpus() else {
        eprintln!("skipped: ../shared/corpus not found");
        return;
    };
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("skipped: pdftotext (poppler-utils) not installed");
        return;
    }
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdftotext");
    std::fs::create_dir_all(&out).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for name in expected_names(&corpus) {
        let expected = load_expected(&corpus, &name);
        let file = expected["file"].as_str().unwrap();
        if !file.ends_with(".pdf") {
            continue;
        }
        let text = out.join(format!("{name}.txt"));
        let status = Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(corpus.join(file))
            .arg(&text)
            .status()
            .unwrap();
        assert!(status.success(), "pdftotext failed on {file}");
        checked += 1;
        match gongkai::extract_path(&text) {
            Ok(report) => {
                let record = serde_json::to_value(&report).unwrap();
                failures.extend(
                    mismatches(&expected, &record)
                        .into_iter()
                        .map(|m| format!("{name}: {m}")),
                );
                let pages = page_count(&corpus.join(file));
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
        checked >= 12,
        "expected the 12 PDFs with expected values, checked {checked}"
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
