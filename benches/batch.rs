//! Batch throughput on a generated archive: `cargo bench --bench batch`.
//!
//! Generates (once) an archive of varied reports with `tools/make_archive.py` under
//! `target/bench-archive-N` (N = `GONGKAI_BENCH_COUNT`, default 5000; `GONGKAI_BENCH_ARCHIVE`
//! names another folder), then runs the batch engine as `gongkai extract DIR -o FILE` does and
//! prints reports/s, MB/s and pages/s per format on one job, and the whole archive's speed-up
//! from one job to two. PDFs are read in worker processes as the command line reads them. When
//! poppler's `pdftotext` is installed, the archive's PDFs are also run through
//! `pdftotext -layout` one process each, for pages/s side by side. Each figure is the best of
//! three runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gongkai::batch::{self, Config, Input, Inputs, NoCrossAudit, Summary};
use gongkai::output::sink::Target;

const RUNS: usize = 3;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let count: usize = std::env::var("GONGKAI_BENCH_COUNT")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(5000);
    let archive = std::env::var_os("GONGKAI_BENCH_ARCHIVE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(format!("target/bench-archive-{count}")));
    if !archive.is_dir() {
        let made = std::process::Command::new("python3")
            .arg(root.join("tools/make_archive.py"))
            .args(["--out".as_ref(), archive.as_os_str()])
            .args(["--count", &count.to_string()])
            .status();
        if !made.is_ok_and(|s| s.success()) {
            let _ = std::fs::remove_dir_all(&archive);
            println!("skipped: python3 tools/make_archive.py could not make the archive");
            return;
        }
    }
    let inputs = batch::inputs::expand(std::slice::from_ref(&archive)).expect("archive");
    let out = root.join("target/bench-out");
    std::fs::create_dir_all(&out).expect("target/bench-out");

    let mut by_format: BTreeMap<String, Vec<Input>> = BTreeMap::new();
    for input in &inputs.inputs {
        let head = std::fs::read(input.path()).unwrap_or_default();
        let format = serde_json::to_value(gongkai::backend::sniff(&head)).expect("format");
        let format = format.as_str().unwrap_or("?").to_string();
        by_format.entry(format).or_default().push(input.clone());
    }
    println!(
        "archive: {} ({} inputs, {} skipped as not reports)\n",
        archive.display(),
        inputs.inputs.len(),
        inputs.skipped.values().sum::<usize>()
    );
    let mut pdfs: Vec<PathBuf> = Vec::new();
    let (mut pdf_pages_per_s, mut pdf_pages) = (0.0, 0);
    println!("| format | inputs | extracted | failed | reports/s | MB/s | pages/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (format, list) in by_format {
        let group = Inputs {
            inputs: list,
            skipped: Default::default(),
        };
        let (time, s) = best(&group, 1, &out.join(format!("{format}.jsonl")));
        let secs = time.as_secs_f64();
        if format == "pdf" {
            pdfs = group
                .inputs
                .iter()
                .map(|i| i.path().to_path_buf())
                .collect();
            pdf_pages_per_s = s.pages as f64 / secs;
            pdf_pages = s.pages;
        }
        println!(
            "| {format} | {} | {} | {} | {:.0} | {:.1} | {} |",
            s.inputs,
            s.extracted,
            s.failed,
            s.inputs as f64 / secs,
            s.bytes as f64 / 1e6 / secs,
            if s.pages > 0 {
                format!("{:.0}", s.pages as f64 / secs)
            } else {
                "–".into()
            }
        );
    }
    if let Some(time) = pdftotext(&pdfs) {
        let per_s = pdf_pages as f64 / time.as_secs_f64();
        println!(
            "\npdftotext -layout on the same {} PDFs (one process each): {:.2} s, {per_s:.0} pages/s; \
             gongkai's pages/s are {:.2}× pdftotext's",
            pdfs.len(),
            time.as_secs_f64(),
            pdf_pages_per_s / per_s
        );
    }
    let (one, s) = best(&inputs, 1, &out.join("all-1.jsonl"));
    let (two, _) = best(&inputs, 2, &out.join("all-2.jsonl"));
    let same =
        std::fs::read(out.join("all-1.jsonl")).ok() == std::fs::read(out.join("all-2.jsonl")).ok();
    println!(
        "\nwhole archive: {} inputs, 1 job {:.2} s ({:.0} inputs/s), 2 jobs {:.2} s ({:.0} inputs/s): \
         speed-up {:.2}×; outputs identical: {same}",
        s.inputs,
        one.as_secs_f64(),
        s.inputs as f64 / one.as_secs_f64(),
        two.as_secs_f64(),
        s.inputs as f64 / two.as_secs_f64(),
        one.as_secs_f64() / two.as_secs_f64(),
    );
}

/// The best time of [`RUNS`] runs of `pdftotext -layout` over `pdfs`, one process each and
/// one after the other; `None` without pdftotext (or without PDFs).
fn pdftotext(pdfs: &[PathBuf]) -> Option<Duration> {
    let run = |pdf: &Path| {
        std::process::Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(pdf)
            .arg("-")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok()
    };
    if pdfs.is_empty() || !run(&pdfs[0]) {
        return None;
    }
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            pdfs.iter().for_each(|p| {
                run(p);
            });
            start.elapsed()
        })
        .min()
}

/// The best time of [`RUNS`] runs writing JSON Lines to `jsonl`, and the last run's summary.
/// PDFs are read in worker processes, as the command line reads them.
fn best(inputs: &Inputs, jobs: usize, jsonl: &Path) -> (Duration, Summary) {
    let config = Config {
        jobs,
        jsonl: Some(Target::File(jsonl.to_path_buf())),
        read: gongkai::Options {
            worker: Some(PathBuf::from(env!("CARGO_BIN_EXE_gongkai"))),
            ..gongkai::Options::default()
        },
        ..Config::default()
    };
    let mut fastest = Duration::MAX;
    let mut summary = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let s = batch::run(&config, inputs, &mut NoCrossAudit).expect("batch runs");
        fastest = fastest.min(start.elapsed());
        summary = Some(s);
    }
    (fastest, summary.expect("ran"))
}
