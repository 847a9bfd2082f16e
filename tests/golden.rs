//! Golden records: the whole JSON record of every corpus document, compared with the snapshot
//! in `tests/snapshots/`. A change to any field shows up as a diff to review
//! (`INSTA_UPDATE=always cargo test --test golden` rewrites them; review with `git diff`).

mod common;

use std::path::Path;

use common::{expected_names, extract, load_expected, repo_corpus, shared_corpus};

/// The record with the machine-specific path cut to the file name.
fn golden(corpus: &Path, file: &str) -> String {
    let mut record = extract(corpus, file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let name = Path::new(file)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    record["source"]["path"] = name.into();
    serde_json::to_string_pretty(&record).unwrap()
}

fn check(corpus: &Path, prefix: &str, formats: &[&str]) -> usize {
    let mut n = 0;
    for name in expected_names(corpus) {
        let file = load_expected(corpus, &name)["file"]
            .as_str()
            .unwrap()
            .to_string();
        if !formats.iter().any(|f| file.ends_with(f)) {
            continue;
        }
        insta::assert_snapshot!(format!("{prefix}{name}"), golden(corpus, &file));
        n += 1;
    }
    n
}

#[test]
fn repo_corpus_records() {
    let n = check(&repo_corpus(), "repo__", ALL_FORMATS);
    assert!(n >= 12, "expected the repo corpus documents, found {n}");
}

/// Every format gongkai reads.
const ALL_FORMATS: &[&str] = &[".txt", ".md", ".html", ".docx", ".pdf"];

#[test]
fn shared_corpus_records() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    assert_eq!(check(&corpus, "shared__", ALL_FORMATS), 20);
}
