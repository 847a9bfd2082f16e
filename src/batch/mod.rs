//! The batch engine: inputs → records in input order, on all cores, streamed to the datasets.
//!
//! Each input is read and extracted on a worker thread, which also renders what the outputs
//! need (the JSON line, tidy and wide CSV rows), so the writing thread only writes. Results
//! come back in input order through a bounded window ([`ordered`]): memory stays flat however
//! large the archive, and the output is the same for any number of jobs. A file that fails
//! gives an error record in its place; a panic while reading one file is caught and recorded as
//! an `internal` failure. Every record is flushed when written, so a killed run keeps what it
//! finished and `--resume` goes on from there.

pub mod cross;
pub mod inputs;
pub mod ordered;
pub mod summary;

use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use crate::backend;
use crate::output::sink::{BOM, Sink, Target};
use crate::output::{Failure, Outcome, csv, jsonl, resume};
pub use cross::{Consecutive, CrossAudit, NoCrossAudit};
pub use inputs::{Input, Inputs};
pub use summary::Summary;

/// What a batch writes, and how.
#[derive(Clone, Debug)]
pub struct Config {
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Where JSON records go, if anywhere.
    pub jsonl: Option<Target>,
    /// Pretty-print records (for a single record on a terminal).
    pub pretty: bool,
    /// Tidy CSV: one row per cell.
    pub tidy: Option<PathBuf>,
    /// Wide CSV: one row per input.
    pub wide: Option<PathBuf>,
    /// Start CSV files with a UTF-8 byte order mark (for Excel).
    pub bom: bool,
    /// Skip inputs the JSON Lines file already holds and append the rest.
    pub resume: bool,
    /// Write an error record for an input that fails (false for a single input, whose error
    /// goes to stderr only).
    pub error_records: bool,
    /// Show a progress bar on stderr.
    pub progress: bool,
    /// The language of finding messages.
    pub lang: crate::finding::Lang,
    /// How inputs are read: the limits, and PDFs in a limited worker process (from the
    /// command line).
    pub read: crate::Options,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            jsonl: Some(Target::Stdout),
            pretty: false,
            tidy: None,
            wide: None,
            bom: false,
            resume: false,
            error_records: true,
            progress: false,
            lang: crate::finding::Lang::Zh,
            read: crate::Options::default(),
        }
    }
}

impl Config {
    /// Every file this run writes.
    pub fn output_files(&self) -> Vec<&Path> {
        let jsonl = match &self.jsonl {
            Some(Target::File(p)) => Some(p.as_path()),
            _ => None,
        };
        [jsonl, self.tidy.as_deref(), self.wide.as_deref()]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// Why a batch could not start.
#[derive(Debug)]
pub enum StartError {
    /// The command is wrong (exit code 2).
    Usage(String),
    /// An output could not be read back or prepared (exit code 3).
    Io(String),
}

/// Drops from the inputs every file the run writes that an earlier run wrote: a previous
/// output found in a searched directory is not read back. Any other file that an output names
/// is an input, and is never written over: naming one is refused.
pub fn exclude_outputs(
    named: &[PathBuf],
    inputs: &mut Inputs,
    outputs: &[&Path],
) -> Result<(), StartError> {
    let ids: Vec<(&Path, FileId)> = outputs
        .iter()
        .filter_map(|o| Some((*o, FileId::of(o)?)))
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let refuse =
        |out: &Path| StartError::Usage(format!("{}: -o names one of the inputs", out.display()));
    for n in named {
        if let Some((out, _)) = FileId::of(n).and_then(|id| ids.iter().find(|(_, i)| *i == id)) {
            return Err(refuse(out));
        }
    }
    let mut refused = None;
    inputs.inputs.retain(|input| {
        let id = FileId::of(input.path());
        match ids.iter().find(|(_, i)| Some(i) == id.as_ref()) {
            Some((out, _)) if !is_gongkai_output(out) => {
                refused.get_or_insert(*out);
                true
            }
            Some(_) => false,
            None => true,
        }
    });
    match refused {
        Some(out) => Err(refuse(out)),
        None => Ok(()),
    }
}

/// Whether a file is one gongkai wrote: records, a summary, or a CSV dataset.
fn is_gongkai_output(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file.take(80).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    let head: String = head
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    [
        "{\"schema\":\"gongkai.",
        "report,key,value,",
        "report,sha256,agency,",
    ]
    .iter()
    .any(|p| head.starts_with(p))
}

/// A file's identity on disk, through links.
#[derive(Clone, PartialEq, Eq)]
struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

impl FileId {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        m.is_file().then(|| FileId((m.dev(), m.ino())))
    }

    #[cfg(not(unix))]
    fn of(path: &Path) -> Option<FileId> {
        let m = std::fs::metadata(path).ok()?;
        m.is_file()
            .then(|| path.canonicalize().ok().map(FileId))
            .flatten()
    }
}

/// Runs the batch: reads every input, writes every output, counts everything.
pub fn run(
    config: &Config,
    inputs: &Inputs,
    cross: &mut dyn CrossAudit,
) -> Result<Summary, StartError> {
    let mut summary = Summary::new();
    summary.skipped = inputs.skipped.clone();
    let mut todo: Vec<&Input> = inputs.inputs.iter().collect();
    if config.resume {
        let Some(Target::File(ledger)) = &config.jsonl else {
            return Err(StartError::Usage(
                "--resume needs -o FILE (the JSON Lines output it continues)".into(),
            ));
        };
        let io = |p: &Path, e: std::io::Error| StartError::Io(format!("{}: {e}", p.display()));
        let done = resume::finished(ledger).map_err(|e| io(ledger, e))?;
        for csv in [&config.tidy, &config.wide].into_iter().flatten() {
            resume::trim_csv(csv, &done).map_err(|e| io(csv, e))?;
        }
        todo.retain(|i| !done.contains(&i.path().display().to_string()));
        summary.resumed = inputs.inputs.len() - todo.len();
    }
    let preamble = |header: Vec<u8>| {
        let mut bytes = if config.bom { BOM.to_vec() } else { Vec::new() };
        bytes.extend(header);
        bytes
    };
    let mut tidy = config.tidy.clone().map(|p| {
        let header = csv::header(&csv::TIDY_HEADER);
        Sink::new(Target::File(p), preamble(header), config.resume)
    });
    let mut wide = config.wide.clone().map(|p| {
        let header = csv::header(&csv::wide_header());
        Sink::new(Target::File(p), preamble(header), config.resume)
    });
    let mut records = config
        .jsonl
        .clone()
        .map(|t| Sink::new(t, Vec::new(), config.resume));
    let bar = progress_bar(config.progress, todo.len());

    let render = |input: &&Input| -> Rendered {
        let mut outcome = process(input, &config.read);
        if let Ok(report) = &mut outcome.result {
            report.localize(config.lang);
        }
        let writes = outcome.result.is_ok() || config.error_records;
        let json = (writes && records_wanted(config)).then(|| jsonl::line(&outcome, config.pretty));
        let tidy = match (&outcome.result, config.tidy.is_some()) {
            (Ok(report), true) => Some(csv::tidy_rows(report)),
            _ => None,
        };
        let wide = (writes && config.wide.is_some()).then(|| csv::wide_row(&outcome));
        Rendered {
            outcome,
            writes,
            json,
            tidy,
            wide,
        }
    };
    let window = config.jobs.max(1) * 4;
    ordered::map_ordered(&todo, config.jobs, window, render, |r| {
        bar.inc(1);
        summary.count(&r.outcome);
        if let Ok(report) = &r.outcome.result {
            cross.observe(report);
        }
        if !r.writes {
            return ControlFlow::Continue(());
        }
        // CSV rows first, the JSON line last: the ledger never names an input whose CSV rows
        // are not all written.
        let json = match r.json {
            Some(Ok(text)) => Some(text.into_bytes()),
            Some(Err(e)) => {
                summary.write_error = Some(format!("cannot serialize a record: {e}"));
                return ControlFlow::Break(());
            }
            None => None,
        };
        let writes = [
            (&mut tidy, r.tidy),
            (&mut wide, r.wide),
            (&mut records, json),
        ];
        for (sink, bytes) in writes {
            let Some(sink) = sink.as_mut() else { continue };
            let result = match bytes {
                Some(bytes) => sink.write(&bytes),
                None => sink.open(),
            };
            if let Err(e) = result {
                if e.kind() == std::io::ErrorKind::BrokenPipe && sink.path().is_none() {
                    summary.stopped = true;
                } else {
                    summary.write_error = Some(sink.error(&e));
                }
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    });
    bar.finish_and_clear();
    for sink in [&mut tidy, &mut wide, &mut records].into_iter().flatten() {
        if let Err(e) = sink.finish()
            && !(e.kind() == std::io::ErrorKind::BrokenPipe && sink.path().is_none())
        {
            summary.write_error.get_or_insert_with(|| sink.error(&e));
        }
    }
    summary.cross_findings = cross.finish();
    Ok(summary)
}

fn records_wanted(config: &Config) -> bool {
    config.jsonl.is_some()
}

/// One input's outcome and its rendered output.
struct Rendered {
    outcome: Outcome,
    /// Whether anything is written for it.
    writes: bool,
    json: Option<Result<String, serde_json::Error>>,
    tidy: Option<Vec<u8>>,
    wide: Option<Vec<u8>>,
}

/// Reads and extracts one input; never panics.
pub fn process(input: &Input, options: &crate::Options) -> Outcome {
    let path = input.path().to_path_buf();
    let result = match input {
        Input::EmptyDir(dir) => Err(Failure {
            kind: "no_reports",
            message: format!(
                "{}: no report files (.{}, or PDF, HTML or DOCX by content) in this directory",
                dir.display(),
                inputs::REPORT_ENDINGS.join(", .")
            ),
            exit_code: 3,
            size: None,
            sha256: None,
            format: None,
        }),
        Input::File(file) => extract_file(file, options),
    };
    Outcome { path, result }
}

fn extract_file(path: &Path, options: &crate::Options) -> Result<crate::Report, Failure> {
    let bytes =
        crate::read_file(path, options.limits.file_size).map_err(|e| Failure::from_error(&e))?;
    let known = |mut failure: Failure| {
        failure.size = Some(bytes.len() as u64);
        failure.sha256 = Some(crate::sha256_hex(&bytes));
        failure.format = Some(backend::sniff(&bytes));
        failure
    };
    let name = path.display().to_string();
    match catch_unwind(AssertUnwindSafe(|| {
        crate::extract_bytes_with(&bytes, &name, options)
    })) {
        Ok(Ok(report)) => Ok(report),
        Ok(Err(reject)) => Err(known(Failure::from_error(&reject.at(path)))),
        Err(_) => Err(known(Failure {
            kind: "internal",
            message: format!("{name}: internal error while reading (please report this file)"),
            exit_code: 70,
            size: None,
            sha256: None,
            format: None,
        })),
    }
}

fn progress_bar(show: bool, total: usize) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} reports, {per_sec}, {eta} left",
    );
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}
