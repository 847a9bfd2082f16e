//! Broken input through the command line: truncations and bit flips of every corpus document in
//! every format, what crawlers save instead of reports, files over each limit, deflate bombs.
//! Each ends the process normally (never a signal), and each input gives exactly one record or
//! one error record whose kind is in the taxonomy, with its exit code and a message naming the
//! file. Run through the binary, so that a crash could not take this test down.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use common::run::{gongkai, scratch};

/// The error kinds of the taxonomy (README, "Errors") with their exit codes. `internal` (a
/// caught panic, exit 70) is deliberately absent: it is a bug.
const TAXONOMY: &[(&str, i64)] = &[
    ("io", 3),
    ("unsupported", 4),
    ("not_text", 5),
    ("not_a_report", 6),
    ("too_large", 7),
    ("no_text_layer", 8),
    ("encrypted", 9),
    ("corrupt", 10),
    ("timeout", 11),
];

/// Runs one batch over `files` (through a list, so that every file is read whatever its name)
/// and checks the taxonomy; returns the records (or error records) in input order.
fn batch(dir: &Path, files: &[PathBuf], extra: &[&str]) -> Vec<Value> {
    let list = dir.join("list.txt");
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    std::fs::write(&list, names.join("\n") + "\n").unwrap();
    let out = dir.join("out.jsonl");
    let mut args = vec!["extract", "-q", "--jobs", "2", "-o"];
    let (out_s, list_s) = (out.display().to_string(), format!("@{}", list.display()));
    args.extend([out_s.as_str(), list_s.as_str()]);
    args.extend(extra);
    let run = gongkai(&args);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "ended by {:?}: {stderr}",
        run.status
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let records: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(records.len(), files.len(), "one line per input: {stderr}");
    for (record, name) in records.iter().zip(&names) {
        assert_eq!(record["source"]["path"], name.as_str());
        check(record, name);
    }
    records
}

/// A record, or an error record of the taxonomy that names the file and says what to do.
fn check(record: &Value, name: &str) {
    let Some(error) = record.get("error") else {
        assert_eq!(record["schema"], "gongkai.report/1", "{name}: {record}");
        return;
    };
    let kind = error["kind"].as_str().unwrap_or_default();
    let code = TAXONOMY.iter().find(|t| t.0 == kind).map(|t| t.1);
    assert!(
        code.is_some(),
        "{name}: kind {kind:?} is not in the taxonomy: {error}"
    );
    assert_eq!(error["exit_code"].as_i64(), code, "{name}: {error}");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with(name) && message.contains("; "),
        "{name}: the message names the file and the next step: {message}"
    );
}

/// Deterministic damage: truncated to 10 %, 50 % and 90 %, and three single-bit flips spread
/// over the file (the header's region, the middle, near the end).
fn damaged(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for pct in [10, 50, 90] {
        out.push((
            format!("cut{pct}"),
            bytes[..bytes.len() * pct / 100].to_vec(),
        ));
    }
    // A fixed linear congruential sequence: the same flips on every run.
    let mut state = bytes.len() as u64 ^ 0x9E37_79B9_7F4A_7C15;
    for (i, region) in [(0usize, 64usize), (40, 60), (80, 100)]
        .into_iter()
        .enumerate()
    {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let (lo, hi) = if i == 0 {
            (0, region.1.min(bytes.len()))
        } else {
            (bytes.len() * region.0 / 100, bytes.len() * region.1 / 100)
        };
        if hi <= lo {
            continue;
        }
        let at = lo + (state >> 33) as usize % (hi - lo);
        let mut flipped = bytes.to_vec();
        flipped[at] ^= 1 << ((state >> 20) % 8);
        out.push((format!("flip{at}"), flipped));
    }
    out
}

/// Every document of `corpus/` and `../shared/corpus/{real,synthetic}`, by format family.
fn documents() -> Vec<(&'static str, PathBuf)> {
    let mut dirs = vec![common::repo_corpus()];
    if let Some(shared) = common::shared_corpus() {
        dirs.push(shared.join("real"));
        dirs.push(shared.join("synthetic"));
    }
    let mut docs = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
            let family = match ext {
                "txt" | "md" => "text",
                "html" | "htm" => "html",
                "docx" => "docx",
                "pdf" => "pdf",
                _ => continue,
            };
            if file.file_name().is_some_and(|n| n == "README.md") {
                continue;
            }
            docs.push((family, file));
        }
    }
    docs
}

#[test]
fn damaged_documents_of_every_format_end_in_a_record_or_a_taxonomy_error() {
    let docs = documents();
    assert!(
        docs.len() >= 12,
        "the repository corpus alone has 12 documents"
    );
    for family in ["text", "html", "docx", "pdf"] {
        let dir = scratch("broken", family);
        let mut files = Vec::new();
        for (_, doc) in docs.iter().filter(|(f, _)| *f == family) {
            let bytes = std::fs::read(doc).unwrap();
            let stem = doc.file_name().unwrap().to_string_lossy().into_owned();
            for (how, broken) in damaged(&bytes) {
                let path = dir.join(format!("{how}-{stem}"));
                std::fs::write(&path, broken).unwrap();
                files.push(path);
            }
        }
        if files.is_empty() {
            continue;
        }
        let records = batch(&dir, &files, &[]);
        let failed = records.iter().filter(|r| r.get("error").is_some()).count();
        eprintln!("{family}: {} damaged files, {failed} refused", files.len());
        if family == "docx" {
            // A zip's checksums catch every truncation and flip inside a compressed entry:
            // nothing damaged there may come out as a record.
            assert!(failed >= files.len() / 2, "{failed} of {}", files.len());
        }
    }
}

/// The shared corpus's bad files, and what crawlers save in place of a report.
#[test]
fn what_crawlers_save_ends_in_the_taxonomy() {
    let dir = scratch("broken", "junk");
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let report = std::fs::read(common::repo_corpus().join("yantai-bigdata-2021.txt")).unwrap();
    let pdf = std::fs::read(common::repo_corpus().join("yantai-bigdata-2021.pdf")).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("data.csv", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"a,b\n1,2\n").unwrap();
    let zip = zip.finish().unwrap().into_inner();
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.resize(2048, 0);
    let mut files = vec![
        write("empty.txt", b""),
        write("404.html", "<html><head><title>404 Not Found</title></head><body><h1>页面不存在</h1><a href=/>返回首页</a></body></html>".as_bytes()),
        write("login.html", b"<!DOCTYPE html><html><body><form><input name=user><input type=password></form></body></html>"),
        write("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde\0\0\0\x0cIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82"),
        write("attachments.zip", &zip),
        write("report.doc", &ole),
        write("half.pdf", &pdf[..pdf.len() / 2]),
        write("pdf-header-only.pdf", b"%PDF-1.7\n"),
        write("binary.txt", &(0..=255u8).cycle().take(4096).collect::<Vec<_>>()),
        write("report.txt", &report),
    ];
    // The same file twice, and a missing one: each its own line.
    files.push(dir.join("report.txt"));
    files.push(dir.join("missing.pdf"));
    if let Some(shared) = common::shared_corpus() {
        let mut bad: Vec<PathBuf> = std::fs::read_dir(shared.join("bad"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        bad.sort();
        files.extend(bad);
    }
    let records = batch(&dir, &files, &[]);
    let kind = |i: usize| records[i]["error"]["kind"].as_str().unwrap_or("record");
    let kinds: Vec<&str> = (0..12).map(kind).collect();
    assert_eq!(
        kinds,
        [
            "not_a_report",
            "not_a_report",
            "not_a_report",
            "unsupported",
            "unsupported",
            "unsupported",
            "corrupt",
            "corrupt",
            "not_text",
            "record",
            "record",
            "io"
        ]
    );
    assert_eq!(records[9]["cells"], records[10]["cells"]);
}

#[test]
fn every_limit_is_set_from_the_command_line_and_ends_in_exit_code_7() {
    let dir = scratch("broken", "limits");
    let report = common::repo_corpus().join("yantai-bigdata-2021.txt");
    let run = |args: &[&str], file: &Path| {
        let mut all = vec!["extract"];
        all.extend(args);
        let file = file.display().to_string();
        all.push(&file);
        gongkai(&all)
    };
    let refused = |out: &Output, word: &str| {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(7), "{stderr}");
        assert!(
            stderr.contains("too large") && stderr.contains(word) && stderr.contains("raise"),
            "{stderr}"
        );
    };
    assert_eq!(run(&[], &report).status.code(), Some(0));
    // File size: 0 MiB allows nothing.
    refused(&run(&["--max-file-size", "0"], &report), "--max-file-size");
    let from_env = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["extract", &report.display().to_string()])
        .env("GONGKAI_MAX_FILE_SIZE", "0")
        .output()
        .unwrap();
    refused(&from_env, "--max-file-size");
    // Nesting: an HTML page 300 elements deep, under a limit of 100.
    let deep = dir.join("deep.html");
    let page = format!(
        "<html><body>{}<p>一、总体情况</p></body></html>",
        "<div>".repeat(300)
    );
    std::fs::write(&deep, page).unwrap();
    refused(&run(&["--max-nesting", "100"], &deep), "--max-nesting");
    assert_ne!(run(&[], &deep).status.code(), Some(7));
    // Pages of a PDF.
    let pdf = common::repo_corpus().join("yantai-bigdata-2021-short-pages.pdf");
    refused(&run(&["--max-pages", "2"], &pdf), "--max-pages");
    // What a DOCX inflates to: a zip bomb of 4 MiB of spaces under a limit of 1 MiB.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(&vec![b' '; 4 << 20]).unwrap();
    let bomb = dir.join("bomb.docx");
    std::fs::write(&bomb, zip.finish().unwrap().into_inner()).unwrap();
    refused(
        &run(&["--max-decompressed", "1"], &bomb),
        "--max-decompressed",
    );
}

/// A raw deflate stream (one fixed-Huffman block) of `n` zero bytes, written directly: a
/// literal 0, then (length 258, distance 1) copies, 13 bits per 258 bytes.
fn deflate_zeros(n: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        len: u32,
    }
    impl Bits {
        /// `count` bits of `value`, least significant first.
        fn put(&mut self, value: u64, count: u32) {
            self.acc |= value << self.len;
            self.len += count;
            while self.len >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.len -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u64, count: u32) {
            let reversed = (0..count).fold(0, |r, i| r | (((code >> i) & 1) << (count - 1 - i)));
            self.put(reversed, count);
        }
    }
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        len: 0,
    };
    b.put(1, 1); // final block
    b.put(1, 2); // fixed Huffman
    b.code(0x30, 8); // literal 0
    let mut left = n - 1;
    while left >= 258 {
        b.code(0b1100_0101, 8); // length 258 (code 285)
        b.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        b.code(0x30, 8);
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out
}

/// A one-page PDF whose content stream is a Flate stream inflating to `n` zero bytes.
fn deflate_bomb_pdf(n: usize) -> Vec<u8> {
    use lopdf::{Stream, dictionary};
    let mut zlib = vec![0x78, 0x01];
    zlib.extend(deflate_zeros(n));
    let adler: u32 = ((n % 65521) as u32) << 16 | 1;
    zlib.extend(adler.to_be_bytes());
    let mut doc = lopdf::Document::with_version("1.5");
    let content = doc.add_object(Stream::new(dictionary! { "Filter" => "FlateDecode" }, zlib));
    common::pdf::one_page(&mut doc, content, dictionary! {});
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn the_deflate_stream_writer_inflates_to_what_it_says() {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(&deflate_zeros(10_000)[..])
        .read_to_end(&mut out)
        .unwrap();
    assert_eq!(out, vec![0u8; 10_000]);
}

#[test]
fn a_pdf_deflate_bomb_is_too_large_not_a_crash() {
    let dir = scratch("broken", "bomb");
    // 64 MiB from about 400 KiB.
    let path = dir.join("bomb.pdf");
    std::fs::write(&path, deflate_bomb_pdf(64 << 20)).unwrap();
    let file = path.display().to_string();
    // Measured before lopdf inflates it: refused at the decompressed limit.
    let out = gongkai(&["extract", "--max-decompressed", "16", &file]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(7), "{stderr}");
    assert!(
        stderr.contains("bomb.pdf") && stderr.contains("deflate bomb") && stderr.contains("16 MiB"),
        "{stderr}"
    );
    // In process, the library says the same.
    let limits = gongkai::Limits {
        decompressed: 16 << 20,
        ..gongkai::Limits::default()
    };
    let options = gongkai::Options {
        limits,
        worker: None,
    };
    let bytes = std::fs::read(&path).unwrap();
    assert!(matches!(
        gongkai::extract_bytes_with(&bytes, "bomb.pdf", &options),
        Err(gongkai::Reject::Limit(_))
    ));
    // Under the limit, the inflated zeros are no text: a clear error, not a crash.
    let out = gongkai(&["extract", &file]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(8 | 10)), "{stderr}");
    // The backstop: with the measure off (a huge limit), the worker's memory limit stops it,
    // a limit under which a real report reads.
    let real = common::repo_corpus().join("yantai-bigdata-2021.pdf");
    let out = gongkai(&["extract", "--pdf-memory", "48", &real.display().to_string()]);
    assert_eq!(out.status.code(), Some(0));
    let out = gongkai(&[
        "extract",
        "--max-decompressed",
        "100000",
        "--pdf-memory",
        "48",
        &file,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(7), "{stderr}");
    assert!(stderr.contains("memory"), "{stderr}");
}

/// Text, HTML and DOCX files over 1 MiB are read in the worker, where the time limit holds:
/// the record is the one the library makes in process, and a timeout ends in exit code 11.
#[test]
fn large_files_of_every_format_are_read_in_the_limited_worker() {
    let dir = scratch("broken", "large");
    let report =
        std::fs::read(common::repo_corpus().join("synthetic-2019-gbk-layout.txt")).unwrap();
    // The report, then prose until it is over 1 MiB (GBK, so the encoding crosses the pipe).
    let mut big = report.clone();
    while big.len() <= gongkai::backend::IN_PROCESS_BYTES {
        big.extend_from_slice(&report[report.len() / 2..]);
    }
    let path = dir.join("big.txt");
    std::fs::write(&path, &big).unwrap();
    let file = path.display().to_string();
    let out = gongkai(&["extract", "--compact", &file]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_worker: Value = serde_json::from_slice(&out.stdout).unwrap();
    let in_process = serde_json::to_value(gongkai::extract_bytes(&big, &file).unwrap()).unwrap();
    assert_eq!(from_worker["source"], in_process["source"]);
    assert_eq!(from_worker["cells"], in_process["cells"]);
    assert_eq!(from_worker["findings"], in_process["findings"]);
    assert!(
        from_worker["cells"]
            .as_object()
            .is_some_and(|c| c.len() > 20)
    );
    let out = gongkai(&["extract", "--timeout", "0.000001", &file]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(11), "{stderr}");
    assert!(
        stderr.contains("big.txt") && stderr.contains("timeout"),
        "{stderr}"
    );
}
