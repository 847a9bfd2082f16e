//! The command line: output shapes, errors that name the file and the reason, exit codes.

mod common;

use common::run::{gongkai, scratch, stderr};
use std::path::Path;

const REPORT: &str = "某某县人民政府 2022 年政府信息公开工作年度报告\n\
一、总体情况\n本年度工作有序推进。\n\
二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n\
规章\t0\t0\t0\n行政规范性文件\t3\t1\t20\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path.display().to_string()
}

#[test]
fn one_input_prints_one_json_object() {
    let dir = scratch("cli", "one");
    let file = write(&dir, "r.txt", REPORT.as_bytes());
    let o = gongkai(&["extract", &file]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON object");
    assert_eq!(r["schema"], "gongkai.report/1");
    assert_eq!(r["agency"], "某某县人民政府");
    assert_eq!(
        r["cells"]["active.normative_documents.in_force"]["value"],
        20
    );
    assert_eq!(r["source"]["format"], "text");
    assert_eq!(r["source"]["sha256"].as_str().map(str::len), Some(64));
}

#[test]
fn a_batch_keeps_going_past_a_bad_file_and_lists_it() {
    let dir = scratch("cli", "batch");
    let good = write(&dir, "a.txt", REPORT.as_bytes());
    let bad = write(&dir, "b.pdf", b"%PDF-1.7\n...");
    let good2 = write(&dir, "c.txt", REPORT.as_bytes());
    let o = gongkai(&["extract", &good, &bad, &good2]);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON Lines"))
        .collect();
    // One line per input, in input order: the failure is an error record in its place.
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["agency"], "某某县人民政府");
    assert_eq!(lines[1]["source"]["path"], bad.as_str());
    assert_eq!(lines[1]["source"]["format"], "pdf");
    assert_eq!(lines[1]["error"]["kind"], "corrupt");
    assert_eq!(lines[1]["error"]["exit_code"], 10);
    assert!(lines[1].get("cells").is_none());
    assert_eq!(lines[2]["source"]["path"], good2.as_str());
    let err = stderr(&o);
    assert!(err.contains("1 of 3 inputs failed"), "{err}");
    assert!(
        err.contains("2 of 3 inputs extracted; findings: 4 errors, 10 warnings"),
        "{err}"
    );
    assert!(err.contains("b.pdf") && err.contains("corrupt"), "{err}");
}

#[test]
fn a_directory_is_read_in_path_order_as_json_lines() {
    let dir = scratch("cli", "dir");
    write(&dir, "2.txt", REPORT.as_bytes());
    write(&dir, "1.txt", REPORT.replace("2022", "2021").as_bytes());
    write(&dir, ".hidden.txt", b"ignored");
    write(&dir, "README.md", b"# not a report");
    write(&dir, "values.json", b"{}");
    let out = dir.join("out.jsonl");
    let o = gongkai(&[
        "extract",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let text = std::fs::read_to_string(out).unwrap();
    let years: Vec<i64> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["year"]
                .as_i64()
                .unwrap()
        })
        .collect();
    assert_eq!(years, [2021, 2022]);
}

#[test]
fn each_failure_has_its_exit_code_and_names_the_file() {
    let dir = scratch("cli", "errors");
    let cases: [(&str, &[u8], i32, &str); 4] = [
        (
            "broken.pdf",
            b"%PDF-1.4\n",
            10,
            "corrupt: not a readable PDF",
        ),
        (
            "blob.txt",
            &[0, 159, 146, 150, 0, 1, 2, 3],
            5,
            "not a text document",
        ),
        (
            "poem.txt",
            "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n".as_bytes(),
            6,
            "not a government information disclosure annual report",
        ),
        ("empty.txt", b"", 6, "the file is empty"),
    ];
    for (name, bytes, code, reason) in cases {
        let file = write(&dir, name, bytes);
        let o = gongkai(&["extract", &file]);
        assert_eq!(o.status.code(), Some(code), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(name) && err.contains(reason), "{name}: {err}");
        assert!(o.stdout.is_empty());
    }
    let o = gongkai(&["extract", "/nonexistent/report.txt"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("/nonexistent/report.txt"));
    assert_eq!(gongkai(&["extract"]).status.code(), Some(2));
    assert_eq!(gongkai(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn an_empty_directory_is_an_error_and_link_loops_are_not_followed() {
    let dir = scratch("cli", "links");
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = gongkai(&["extract", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("no report files"), "{}", stderr(&o));
    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("sub")).unwrap();
    write(&tree, "r.txt", REPORT.as_bytes());
    std::os::unix::fs::symlink("..", tree.join("sub/up")).unwrap();
    let o = gongkai(&["extract", tree.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(o.stdout.iter().filter(|&&b| b == b'\n').count(), 1);
}

#[test]
fn output_never_overwrites_an_input_and_appears_whole() {
    let dir = scratch("cli", "output");
    let input = write(&dir, "a.txt", REPORT.as_bytes());
    let o = gongkai(&["extract", &input, "-o", &input]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("-o names one of the inputs"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&input).unwrap(), REPORT);
    // Output inside the searched directory, with a report ending: not read back as an input.
    let out = dir.join("out.md");
    for _ in 0..2 {
        let o = gongkai(&[
            "extract",
            dir.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 1);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty());
    // A report inside the searched directory that -o names is an input: refused, kept.
    let o = gongkai(&["extract", dir.to_str().unwrap(), "-o", &input]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), REPORT);
    // A run in which every input fails leaves the previous output as it was.
    let bad = write(
        &scratch("cli", "output_bad"),
        "bad.txt",
        "床前明月光".as_bytes(),
    );
    let before = std::fs::read(&out).unwrap();
    let o = gongkai(&["extract", &bad, "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(6));
    assert_eq!(std::fs::read(&out).unwrap(), before);
    // A symbolic link is written through, not replaced.
    let target = dir.join("target.jsonl");
    std::fs::write(&target, b"").unwrap();
    let link = scratch("cli", "output_link").join("link.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = gongkai(&["extract", &input, "-o", link.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("{\"schema\"")
    );
    // A device is written, not replaced.
    let o = gongkai(&["extract", &input, "-o", "/dev/full"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("/dev/full: cannot write"),
        "{}",
        stderr(&o)
    );
    assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
}

#[test]
fn pretty_never_breaks_json_lines() {
    let dir = scratch("cli", "pretty_lines");
    let a = write(&dir, "a.txt", REPORT.as_bytes());
    let b = write(&dir, "b.txt", REPORT.as_bytes());
    let o = gongkai(&["extract", "--pretty", &a, &b]);
    assert_eq!(String::from_utf8(o.stdout).unwrap().lines().count(), 2);
}

#[test]
fn codebook_and_help() {
    let o = gongkai(&["codebook"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text.lines().count(), 230);
    assert!(text.starts_with("key\ttemplates\ttable\t"));
    assert!(text.contains("requests.carried_forward.total\t2019,2021\trequests"));
    let help = String::from_utf8(gongkai(&["--help"]).stdout).unwrap();
    assert!(help.contains("Exit codes") && help.contains("extract") && help.contains("codebook"));
    assert!(help.contains("70  an internal error"), "{help}");
    let help = String::from_utf8(gongkai(&["extract", "--help"]).stdout).unwrap();
    assert!(help.contains("JSON Lines"), "{help}");
}

#[test]
fn pretty_and_compact() {
    let dir = scratch("cli", "pretty");
    let file = write(&dir, "r.txt", REPORT.as_bytes());
    let pretty = gongkai(&["extract", "--pretty", &file]).stdout;
    assert!(pretty.starts_with(b"{\n  \"schema\""));
    let compact = gongkai(&["extract", "--compact", &file]).stdout;
    assert_eq!(compact.iter().filter(|&&b| b == b'\n').count(), 1);
}

fn repo_file(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn audit_exits_0_without_errors_1_with_errors_2_for_unusable_input() {
    // The seed report has warnings (a label typo, a 16th cell) but no error.
    let seed = repo_file("yantai-bigdata-2021.txt");
    let o = gongkai(&["audit", &seed]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("烟台市大数据局"), "{text}");
    assert!(text.contains("label.nonstandard"), "{text}");
    assert!(text.contains("本年度止件数"), "the typo is quoted: {text}");
    assert!(!text.contains('\u{1b}'), "no colour when piped");

    let dir = scratch("cli", "audit");
    let partial = write(&dir, "r.txt", REPORT.as_bytes());
    let o = gongkai(&["audit", &partial]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("table.missing"));

    let missing = dir.join("absent.txt").display().to_string();
    let o = gongkai(&["audit", &seed, &missing]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("absent.txt"), "{}", stderr(&o));
}

#[test]
fn audit_marks_failing_cells_and_speaks_english_on_request() {
    let dir = scratch("cli", "audit-marks");
    let body = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n\
        结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n\
        10\t1\t0\t0\t0\t0\t0\t0\t0\t0\t5\t0\t0\t0\t0\n";
    let file = write(&dir, "r.txt", format!("{REPORT}{body}").as_bytes());
    let o = gongkai(&["audit", "--lang", "en", "--color", "always", &file]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("review_litigation.total"), "{text}");
    assert!(text.contains("fails"), "English messages: {text}");
    assert!(
        text.contains("\u{1b}[1m\u{1b}[31m"),
        "errors in red: {text:?}"
    );
    // The 行政复议 row with its failing cells marked.
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("行政复议"))
        .expect("row");
    assert!(row.contains("10!"), "{row:?}");

    let o = gongkai(&["extract", "--lang", "en", &file]);
    let record: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let message = record["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "review_litigation.total")
        .unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("fails"), "extract --lang en: {message}");

    let o = gongkai(&["audit", "--format", "json", &file]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        json["errors"].as_u64(),
        Some(3),
        "two totals and table 三 missing: {json}"
    );
    let rules = common::rules(&json);
    assert_eq!(
        rules
            .iter()
            .filter(|r| **r == "review_litigation.total")
            .count(),
        2
    );
}

#[test]
fn audit_checks_consecutive_years_of_one_agency() {
    let dir = scratch("cli", "audit-years");
    let table = |year: i32, over: i32, forward: i32| {
        let total = 10 + over - forward;
        format!(
            "某某县人民政府{year}年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n\
             一、本年新收政府信息公开申请数量\t10\t0\t0\t0\t0\t0\t10\n\
             二、上年结转政府信息公开申请数量\t{over}\t0\t0\t0\t0\t0\t{over}\n\
             （一）予以公开\t{total}\t0\t0\t0\t0\t0\t{total}\n\
             （七）总计\t{total}\t0\t0\t0\t0\t0\t{total}\n\
             四、结转下年度继续办理\t{forward}\t0\t0\t0\t0\t0\t{forward}\n"
        )
    };
    let a = write(&dir, "2022.txt", table(2022, 0, 3).as_bytes());
    let b = write(&dir, "2023.txt", table(2023, 4, 0).as_bytes());
    let o = gongkai(&["audit", "--format", "json", &a, &b]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    let carry = |v: &serde_json::Value| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "requests.carry_over")
            .count()
    };
    assert_eq!((carry(&lines[0]), carry(&lines[1])), (0, 2), "{lines:?}");

    // A batch extraction says them at the end and in its summary (the records were written
    // before the pair was known).
    let summary = dir.join("summary.json");
    let o = gongkai(&[
        "extract",
        &a,
        &b,
        "-o",
        &dir.join("out.jsonl").display().to_string(),
        "--summary",
        &summary.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("error requests.carry_over"),
        "{}",
        stderr(&o)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
    let cross = summary["cross_findings"].as_array().unwrap();
    assert_eq!(cross.len(), 2);
    assert!(cross[0]["message"].as_str().unwrap().contains("2023.txt"));
}
