//! Batches: one record or one error record per input, none lost, the same output for any number
//! of jobs; lists and stdin; --resume after a killed run; the CSV datasets' values.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use common::run::{gongkai, scratch, stderr};
use common::{expected_names, load_expected, repo_corpus};

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn json_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON Lines"))
        .collect()
}

/// The repo corpus's reports, by file name, with their expected values.
fn corpus_files() -> Vec<(String, Value)> {
    let corpus = repo_corpus();
    expected_names(&corpus)
        .iter()
        .map(|name| {
            let expected = load_expected(&corpus, name);
            (
                expected["file"].as_str().expect("file").to_string(),
                expected,
            )
        })
        .collect()
}

/// A directory as an archive has it: the corpus's reports (one in a subdirectory, one without
/// an ending that its bytes make a report), reports that fail, and files that are not reports.
/// Returns the paths that must give a record and those that must give an error record, each in
/// output order.
fn mixed_archive(dir: &Path) -> (Vec<String>, Vec<(String, &'static str)>) {
    let corpus = repo_corpus();
    let mut good = Vec::new();
    for (i, (file, _)) in corpus_files().iter().enumerate() {
        let to = if i == 0 {
            std::fs::create_dir_all(dir.join("sub")).unwrap();
            dir.join("sub").join(file)
        } else {
            dir.join(file)
        };
        std::fs::copy(corpus.join(file), &to).unwrap();
        good.push(to);
    }
    let bad: [(&str, &[u8], &str); 4] = [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj", "corrupt"),
        ("empty.txt", b"", "not_a_report"),
        (
            "poem.md",
            "床前明月光，疑是地上霜。\n".as_bytes(),
            "not_a_report",
        ),
        ("blob.txt", &[0, 159, 146, 150, 0, 1, 2, 3], "not_text"),
    ];
    let mut errors: Vec<(PathBuf, &str)> = Vec::new();
    for (name, bytes, kind) in bad {
        std::fs::write(dir.join(name), bytes).unwrap();
        errors.push((dir.join(name), kind));
    }
    // Not reports: skipped and counted, never read as records.
    std::fs::write(dir.join("photo.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(dir.join("photos.zip"), b"PK\x03\x04\x14\0\0\0\0\0a.jpg").unwrap();
    std::fs::write(dir.join("values.json"), b"{\"a\": 1}").unwrap();
    std::fs::write(dir.join("sub").join("README.md"), b"# notes").unwrap();
    std::fs::write(dir.join(".hidden.txt"), b"hidden").unwrap();
    let mut paths: Vec<(PathBuf, Option<&str>)> = good
        .into_iter()
        .map(|p| (p, None))
        .chain(errors.into_iter().map(|(p, k)| (p, Some(k))))
        .collect();
    paths.sort();
    let good = paths
        .iter()
        .filter(|(_, k)| k.is_none())
        .map(|(p, _)| p.display().to_string())
        .collect();
    let errors = paths
        .iter()
        .filter_map(|(p, k)| Some((p.display().to_string(), (*k)?)))
        .collect();
    (good, errors)
}

#[test]
fn a_mixed_directory_gives_one_line_per_file_and_the_same_output_for_any_jobs() {
    let dir = scratch("batch", "mixed");
    let archive = dir.join("archive");
    let (good, errors) = mixed_archive(&archive);
    assert_eq!(good.len(), corpus_files().len());
    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        let out = |ext: &str| dir.join(format!("out{jobs}.{ext}"));
        let o = gongkai(&[
            "extract",
            s(&archive),
            "--jobs",
            jobs,
            "-o",
            s(&out("jsonl")),
            "--csv",
            s(&out("tidy.csv")),
            "--wide",
            s(&out("wide.csv")),
            "--summary",
            s(&out("summary.json")),
        ]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
        let err = stderr(&o);
        assert!(
            err.contains(&format!(
                "{} of {} inputs extracted",
                good.len(),
                good.len() + 4
            )),
            "{err}"
        );
        assert!(
            err.contains(&format!("4 of {} inputs failed", good.len() + 4)),
            "{err}"
        );
        assert!(
            err.contains("skipped as not reports: archive 1, image 1, readme 1, text 1"),
            "{err}"
        );
        let lines = json_lines(&out("jsonl"));
        let mut records = Vec::new();
        let mut failed = Vec::new();
        for line in &lines {
            assert_eq!(line["schema"], "gongkai.report/1");
            let path = line["source"]["path"].as_str().unwrap().to_string();
            match line.get("error") {
                Some(e) => failed.push((path, e["kind"].as_str().unwrap().to_string())),
                None => records.push(path),
            }
        }
        assert_eq!(records, good);
        let want: Vec<(String, String)> = errors
            .iter()
            .map(|(p, k)| (p.clone(), k.to_string()))
            .collect();
        assert_eq!(failed, want);
        // Every line in path order: records and errors interleaved as the files sort.
        let all: Vec<&str> = lines
            .iter()
            .map(|l| l["source"]["path"].as_str().unwrap())
            .collect();
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!(all, sorted);
        let summary: Value =
            serde_json::from_slice(&std::fs::read(out("summary.json")).unwrap()).unwrap();
        assert_eq!(summary["inputs"], good.len() + 4);
        assert_eq!(summary["extracted"], good.len());
        assert_eq!(summary["failed"], 4);
        assert_eq!(summary["errors"]["not_a_report"], 2);
        assert_eq!(summary["errors"]["not_text"], 1);
        assert_eq!(summary["errors"]["corrupt"], 1);
        let count = |ending: &str| good.iter().filter(|g| g.ends_with(ending)).count();
        let (html, pdf) = (count(".html"), count(".pdf"));
        assert_eq!(summary["formats"]["text"], good.len() - html - pdf + 3);
        assert_eq!(summary["formats"]["pdf"], pdf + 1);
        for template in ["2019", "2021", "legacy"] {
            let want = corpus_files()
                .iter()
                .filter(|(_, e)| e["template"] == template)
                .count();
            assert_eq!(summary["templates"][template], want, "{template}");
        }
        assert_eq!(summary["skipped"]["image"], 1);
        outputs.push(
            ["jsonl", "tidy.csv", "wide.csv", "summary.json"]
                .map(|e| std::fs::read(out(e)).unwrap()),
        );
    }
    assert!(outputs[0] == outputs[1], "--jobs 1 and --jobs 2 differ");
}

#[test]
fn an_unknown_ending_is_read_when_its_bytes_are_a_report_format() {
    let dir = scratch("batch", "sniffed");
    std::fs::write(
        dir.join("report.shtml"),
        b"<!DOCTYPE html><html><body></body></html>",
    )
    .unwrap();
    std::fs::write(dir.join("notes.dat"), b"plain words").unwrap();
    let out = dir.join("out.jsonl");
    let o = gongkai(&["extract", s(&dir), "-o", s(&out)]);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1, "{}", stderr(&o));
    assert_eq!(lines[0]["source"]["path"], s(&dir.join("report.shtml")));
    assert_eq!(lines[0]["source"]["format"], "html");
    assert!(
        stderr(&o).contains("skipped as not reports: text 1"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn lists_and_stdin_give_records_in_the_order_listed() {
    let dir = scratch("batch", "lists");
    let corpus = repo_corpus();
    let a = corpus.join("synthetic-utf16-2023.txt");
    let b = corpus.join("synthetic-2019-tabs.txt");
    let missing = dir.join("missing.txt");
    let list = format!("{}\n\n{}\r\n{}\n", s(&a), s(&missing), s(&b));
    std::fs::write(dir.join("list.txt"), &list).unwrap();
    let check = |stdout: &[u8]| {
        let lines: Vec<Value> = String::from_utf8(stdout.to_vec())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["source"]["path"], s(&a));
        assert_eq!(lines[0]["year"], 2023);
        assert_eq!(lines[1]["source"]["path"], s(&missing));
        assert_eq!(lines[1]["error"]["kind"], "io");
        assert_eq!(lines[1]["error"]["exit_code"], 3);
        assert_eq!(lines[2]["source"]["path"], s(&b));
        assert_eq!(lines[2]["agency"], "临沂市自然资源和规划局");
    };
    let o = gongkai(&["extract", &format!("@{}", s(&dir.join("list.txt")))]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    check(&o.stdout);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    check(&o.stdout);
    let o = gongkai(&["extract", "@/nonexistent/list"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("/nonexistent/list"));
}

#[test]
fn resume_after_a_killed_run_completes_the_same_outputs() {
    let dir = scratch("batch", "resume");
    let archive = dir.join("archive");
    mixed_archive(&archive);
    let run = |out: &Path, resume: bool| {
        let mut args = vec![
            "extract".to_string(),
            s(&archive).into(),
            "-o".into(),
            s(&out.with_extension("jsonl")).into(),
            "--csv".into(),
            s(&out.with_extension("tidy.csv")).into(),
            "--wide".into(),
            s(&out.with_extension("wide.csv")).into(),
            "--bom".into(),
        ];
        if resume {
            args.push("--resume".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        gongkai(&args)
    };
    let whole = dir.join("whole");
    run(&whole, false);
    let full = std::fs::read_to_string(whole.with_extension("jsonl")).unwrap();
    // A run killed while writing a record after the failures (the CSVs hold part of its rows:
    // they are written before its JSON line).
    let last_error = full
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("\"error\":"))
        .map(|(i, _)| i)
        .last()
        .expect("error records");
    let k = (5.max(last_error + 1)..)
        .find(|&k| {
            !full
                .lines()
                .nth(k)
                .expect("a record after the failures")
                .contains("\"error\":")
        })
        .unwrap();
    let part = dir.join("part");
    let cut: usize = full.lines().take(k).map(|l| l.len() + 1).sum::<usize>() + 40;
    std::fs::write(part.with_extension("jsonl"), &full[..cut]).unwrap();
    let sixth = serde_json::from_str::<Value>(full.lines().nth(k).unwrap()).unwrap();
    let sixth = sixth["source"]["path"].as_str().unwrap().to_string();
    for csv in ["tidy.csv", "wide.csv"] {
        let text = std::fs::read(whole.with_extension(csv)).unwrap();
        let at = text
            .windows(sixth.len())
            .position(|w| w == sixth.as_bytes())
            .unwrap();
        std::fs::write(part.with_extension(csv), &text[..at + sixth.len() + 5]).unwrap();
    }
    // The failures were recorded before the kill: this run has none, and says so.
    let o = run(&part, true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let total = full.lines().count();
    assert!(
        stderr(&o).contains(&format!("{k} already in the output")),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains(&format!("{0} of {0} inputs extracted", total - k)),
        "{}",
        stderr(&o)
    );
    for ext in ["jsonl", "tidy.csv", "wide.csv"] {
        assert_eq!(
            std::fs::read_to_string(part.with_extension(ext)).unwrap(),
            std::fs::read_to_string(whole.with_extension(ext)).unwrap(),
            "{ext}"
        );
    }
    // Resuming a finished run does nothing.
    let o = run(&part, true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(part.with_extension("jsonl")).unwrap(),
        full
    );
    assert_eq!(
        gongkai(&["extract", s(&archive), "--resume"]).status.code(),
        Some(2)
    );
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    let mut reader =
        csv::Reader::from_reader(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes));
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// A CSV value as the expected files have it: a number, or null for an empty cell.
fn value(text: &str) -> Value {
    if text.is_empty() {
        return Value::Null;
    }
    let n: f64 = text
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text}"));
    serde_json::json!(n)
}

fn same(want: &Value, got: &Value) -> bool {
    match (want.as_f64(), got.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        _ => want.is_null() && got.is_null(),
    }
}

#[test]
fn csv_datasets_hold_the_expected_values() {
    let dir = scratch("batch", "csv");
    let corpus = repo_corpus();
    let tidy = dir.join("tidy.csv");
    let wide = dir.join("wide.csv");
    let o = gongkai(&[
        "extract",
        s(&corpus),
        "--csv",
        s(&tidy),
        "--wide",
        s(&wide),
        "--bom",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "CSV only: no JSON on stdout");
    assert!(
        std::fs::read(&tidy)
            .unwrap()
            .starts_with(b"\xef\xbb\xbfreport,key,value,raw,page,line\n")
    );
    assert!(
        std::fs::read(&wide)
            .unwrap()
            .starts_with(b"\xef\xbb\xbfreport,sha256,agency,year,template,format,")
    );

    let (header, rows) = csv_rows(&wide);
    assert_eq!(header.len(), 6 + 226 + 4);
    let files = corpus_files();
    assert_eq!(rows.len(), files.len());
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (file, expected) in &files {
        let path = corpus.join(file).display().to_string();
        let row = rows
            .iter()
            .find(|r| r[0] == path)
            .unwrap_or_else(|| panic!("{path}"));
        assert_eq!(
            row[column("agency")],
            expected["agency"].as_str().unwrap(),
            "{file}"
        );
        assert_eq!(row[column("year")], expected["year"].to_string(), "{file}");
        assert_eq!(
            row[column("template")],
            expected["template"].as_str().unwrap(),
            "{file}"
        );
        let format = match file.rsplit('.').next() {
            Some("html") => "html",
            Some("pdf") => "pdf",
            _ => "text",
        };
        assert_eq!(row[column("format")], format, "{file}");
        assert_eq!(row[column("sha256")].len(), 64);
        assert_eq!(row[column("error")], "");
        for (key, want) in expected["cells"].as_object().unwrap() {
            let got = value(&row[column(key)]);
            assert!(same(want, &got), "{file} {key}: want {want}, got {got}");
        }
    }
    // The 2019 report's procurement amount keeps its decimals; a negative change its sign.
    let tabs = rows
        .iter()
        .find(|r| r[0].ends_with("synthetic-2019-tabs.txt"))
        .unwrap();
    assert_eq!(tabs[column("active.procurement.amount")], "1286.45");
    assert_eq!(tabs[column("active.licensing.change")], "-3");

    let (header, rows) = csv_rows(&tidy);
    assert_eq!(header, ["report", "key", "value", "raw", "page", "line"]);
    for (file, expected) in &files {
        let path = corpus.join(file).display().to_string();
        let mine: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == path).collect();
        for (key, want) in expected["cells"].as_object().unwrap() {
            let row = mine
                .iter()
                .find(|r| r[1] == *key)
                .unwrap_or_else(|| panic!("{file}: no row for {key}"));
            assert!(
                same(want, &value(&row[2])),
                "{file} {key}: want {want}, got {}",
                row[2]
            );
            assert!(row[4].parse::<u32>().unwrap() >= 1);
            assert!(row[5].parse::<u32>().unwrap() >= 1);
        }
    }
    // Raw text and position as printed: the seed report's first request cell.
    let yantai = corpus.join("yantai-bigdata-2021.txt").display().to_string();
    let row = rows
        .iter()
        .find(|r| r[0] == yantai && r[1] == "requests.new.natural_person")
        .unwrap();
    assert_eq!(row[2..], ["1", "1", "1", "50"]);
}
