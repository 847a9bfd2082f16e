//! The `gongkai` command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gongkai::{
    PdfLimits, PdfOptions, extract_path_with, finding::Severity, template::CODEBOOK_TSV,
};

/// Turn government information-disclosure annual reports (政府信息公开工作年度报告) into
/// audited, normalized JSON records.
#[derive(Parser)]
#[command(version, about, long_about = None, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXIT_CODES: &str = "Exit codes:
  0   every input was extracted
  1   several inputs were given and at least one failed (each is listed on stderr)
  2   the command line is wrong (or -o names one of the inputs)
  3   an input could not be read (missing, unreadable, a directory without reports),
      or the output could not be written
  4   an input is in a format gongkai does not read yet
  5   an input is not text (binary or undecodable)
  6   an input is not an annual report, or is empty
  7   an input is larger than gongkai reads (file size, pages, PDF reader memory)
  8   a PDF has no text layer (a scan: needs OCR)
  9   an input is encrypted with a password gongkai does not have
  10  an input is corrupt (truncated or broken beyond reading)
  11  reading an input took longer than the time limit
  70  an internal error on one input (a bug: please report the file)";

#[derive(Subcommand)]
enum Command {
    /// Extract one record per report.
    ///
    /// One input prints one JSON object (pretty on a terminal); several inputs, or a directory,
    /// print JSON Lines, one record a line, in path order. A file that fails does not stop the
    /// others; failures are listed on stderr at the end.
    Extract {
        /// Report files, or directories to search for them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Write the output to this file instead of stdout (replaced only once all is written).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Pretty-print a single record even when not writing to a terminal (JSON Lines stay
        /// one record a line).
        #[arg(long, conflicts_with = "compact")]
        pretty: bool,
        /// One compact line per record, even for a single input on a terminal.
        #[arg(long)]
        compact: bool,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// Print the codebook: the stable key of every table cell, with its labels and unit (TSV).
    Codebook,
    /// Reads one PDF from stdin and writes its pages to stdout (the isolated PDF reader).
    #[command(name = gongkai::backend::pdf::worker::SUBCOMMAND, hide = true)]
    PdfWorker {
        #[arg(long)]
        max_pages: u32,
        #[arg(long)]
        memory: u64,
        #[arg(long)]
        timeout: f64,
    },
}

/// Limits on each PDF, which is read in a child process so that no file can crash gongkai.
#[derive(clap::Args)]
struct PdfArgs {
    /// Seconds one PDF may take before it is given up (exit code 11).
    #[arg(
        long,
        env = "GONGKAI_PDF_TIMEOUT",
        default_value_t = 30.0,
        value_name = "SECS"
    )]
    pdf_timeout: f64,
    /// Memory (MiB of address space) the PDF reader may use (exit code 7 past it).
    #[arg(
        long,
        env = "GONGKAI_PDF_MEMORY",
        default_value_t = 2048,
        value_name = "MIB"
    )]
    pdf_memory: u64,
    /// PDFs with more pages are refused (exit code 7).
    #[arg(
        long,
        env = "GONGKAI_MAX_PAGES",
        default_value_t = 1000,
        value_name = "N"
    )]
    max_pages: u32,
}

impl PdfArgs {
    fn options(&self) -> PdfOptions {
        PdfOptions {
            limits: PdfLimits {
                timeout: std::time::Duration::from_secs_f64(self.pdf_timeout.clamp(0.001, 1e6)),
                memory: self.pdf_memory.saturating_mul(1 << 20),
                max_pages: self.max_pages,
            },
            // The same binary serves as the worker; without it, PDFs are read in process.
            worker: std::env::current_exe().ok(),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codebook => {
            print!("{CODEBOOK_TSV}");
            ExitCode::SUCCESS
        }
        Command::Extract {
            inputs,
            output,
            pretty,
            compact,
            pdf,
        } => extract(&inputs, output.as_deref(), pretty, compact, &pdf.options()),
        Command::PdfWorker {
            max_pages,
            memory,
            timeout,
        } => {
            let limits = PdfLimits {
                timeout: std::time::Duration::from_secs_f64(timeout.clamp(0.001, 1e6)),
                memory,
                max_pages,
            };
            ExitCode::from(gongkai::backend::pdf::worker::serve(&limits) as u8)
        }
    }
}

/// An input that gave no record; the message names it.
struct Failure {
    message: String,
    code: u8,
}

fn extract(
    inputs: &[PathBuf],
    output: Option<&Path>,
    pretty: bool,
    compact: bool,
    pdf: &PdfOptions,
) -> ExitCode {
    let (mut files, mut failures) = expand(inputs);
    if let Some(out) = output {
        // A previous run's output inside a searched directory is not an input; any other file
        // that -o names is, and is never written over.
        let previous_output = is_gongkai_output(out);
        if inputs.iter().any(|i| same_file(i, out))
            || (!previous_output && files.iter().any(|f| same_file(f, out)))
        {
            eprintln!("gongkai: {}: -o names one of the inputs", out.display());
            return ExitCode::from(2);
        }
        files.retain(|f| !same_file(f, out));
    }
    let attempted = files.len() + failures.len();
    let single = attempted == 1 && inputs.iter().all(|p| !p.is_dir());
    let mut sink = match Sink::open(output) {
        Ok(sink) => sink,
        Err(message) => {
            eprintln!("gongkai: {message}");
            return ExitCode::from(3);
        }
    };
    let pretty =
        single && (pretty || (!compact && output.is_none() && std::io::stdout().is_terminal()));
    // Findings over all records, by severity: error, warning, info.
    let mut tally = [0usize; 3];
    let mut extracted = 0;
    let mut write_error: Option<String> = None;
    for file in &files {
        let report = match std::panic::catch_unwind(|| extract_path_with(file, pdf)) {
            Ok(Ok(report)) => report,
            Ok(Err(e)) => {
                failures.push(Failure {
                    message: e.to_string(),
                    code: e.exit_code() as u8,
                });
                continue;
            }
            Err(_) => {
                failures.push(Failure {
                    message: format!(
                        "{}: internal error while reading (please report this file)",
                        file.display()
                    ),
                    code: 70,
                });
                continue;
            }
        };
        for f in &report.findings {
            tally[match f.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
        }
        match sink.write(&report, pretty) {
            Ok(true) => extracted += 1,
            // The reader went away (`| head`): stop reading, but still account for failures.
            Ok(false) => break,
            Err(message) => {
                write_error = Some(message);
                break;
            }
        }
    }
    // Output is kept only if it holds records: a run where every input failed leaves a
    // previous output file as it was.
    let keep = write_error.is_none() && extracted > 0;
    if let Err(message) = sink.finish(keep) {
        write_error.get_or_insert(message);
    }
    if !single {
        eprintln!(
            "gongkai: {extracted} of {attempted} inputs extracted{}; findings: {} errors, {} warnings, {} notes",
            output.map_or(String::new(), |p| format!(" to {}", p.display())),
            tally[0],
            tally[1],
            tally[2],
        );
    }
    if attempted > 1 && !failures.is_empty() {
        eprintln!("gongkai: {} of {attempted} inputs failed:", failures.len());
    }
    for failure in &failures {
        eprintln!("gongkai: {}", failure.message);
    }
    if let Some(message) = write_error {
        eprintln!("gongkai: {message}");
        return ExitCode::from(3);
    }
    match failures.as_slice() {
        [] => ExitCode::SUCCESS,
        [only] if attempted == 1 => ExitCode::from(only.code),
        _ => ExitCode::from(1),
    }
}

/// Where records go: stdout, or a file written beside its final name and renamed into place
/// at the end, so that an interrupted run leaves no half-written output.
enum Sink {
    Stdout(std::io::StdoutLock<'static>),
    File {
        writer: std::io::BufWriter<std::fs::File>,
        partial: PathBuf,
        path: PathBuf,
    },
}

impl Sink {
    fn open(output: Option<&Path>) -> Result<Sink, String> {
        let Some(path) = output else {
            return Ok(Sink::Stdout(std::io::stdout().lock()));
        };
        // Only a regular file (or a new one) is replaced whole; a device, a pipe or a symbolic
        // link (-o /dev/stdout) is written through as it is.
        let special = std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file());
        let name = path
            .file_name()
            .map_or("output".into(), |n| n.to_string_lossy());
        let partial = if special {
            path.to_path_buf()
        } else {
            path.with_file_name(format!(".{name}.partial"))
        };
        let file = std::fs::File::create(&partial)
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
        Ok(Sink::File {
            writer: std::io::BufWriter::new(file),
            partial,
            path: path.to_path_buf(),
        })
    }

    /// Writes one record; `Ok(false)` when the reader has gone.
    fn write(&mut self, report: &gongkai::Report, pretty: bool) -> Result<bool, String> {
        let json = if pretty {
            serde_json::to_string_pretty(report)
        } else {
            serde_json::to_string(report)
        }
        .map_err(|e| format!("cannot serialize a record: {e}"))?;
        let result = match self {
            Sink::Stdout(out) => writeln!(out, "{json}"),
            Sink::File { writer, .. } => writeln!(writer, "{json}"),
        };
        match result {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
            Err(e) => Err(self.error(e)),
        }
    }

    /// Completes the output; a file is put in place only when `keep`.
    fn finish(self, keep: bool) -> Result<(), String> {
        match self {
            Sink::Stdout(mut out) => match out.flush() {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write output: {e}"))
                }
                _ => Ok(()),
            },
            Sink::File {
                writer,
                partial,
                path,
            } => {
                let flushed = writer.into_inner().map_err(|e| e.into_error());
                let done = if partial == path {
                    flushed.map(drop)
                } else if !keep {
                    flushed.and_then(|_| std::fs::remove_file(&partial))
                } else {
                    flushed.and_then(|_| std::fs::rename(&partial, &path))
                };
                done.map_err(|e| {
                    if partial != path {
                        let _ = std::fs::remove_file(&partial);
                    }
                    format!("{}: cannot write: {e}", path.display())
                })
            }
        }
    }

    fn error(&self, e: std::io::Error) -> String {
        match self {
            Sink::Stdout(_) => format!("cannot write output: {e}"),
            Sink::File { path, partial, .. } => {
                if partial != path {
                    let _ = std::fs::remove_file(partial);
                }
                format!("{}: cannot write: {e}", path.display())
            }
        }
    }
}

/// Whether a file is a record stream gongkai wrote (it starts with a record's schema).
fn is_gongkai_output(path: &Path) -> bool {
    let mut head = [0u8; 40];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let n = std::io::Read::read(&mut file, &mut head).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    let head: String = head.chars().filter(|c| !c.is_whitespace()).collect();
    head.starts_with("{\"schema\":\"gongkai.report")
}

/// Whether two paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// File endings a directory search picks up; a file named on the command line is always read.
const REPORT_ENDINGS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "pdf", "docx",
];

/// Files as given, and the report files under each directory (recursively, in path order;
/// hidden files, READMEs and symbolic links to directories are skipped, so a link loop cannot
/// repeat the search). A directory without report files is an input error.
fn expand(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found);
            if found.is_empty() {
                errors.push(Failure {
                    message: format!(
                        "{}: no report files (.{}) in this directory",
                        input.display(),
                        REPORT_ENDINGS.join(", .")
                    ),
                    code: 3,
                });
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    (files, errors)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if kind.is_dir() {
            walk(&path, found);
        } else if (kind.is_file() || path.is_file()) && is_report_file(&path) {
            found.push(path);
        }
    }
}

fn is_report_file(path: &Path) -> bool {
    let readme = path
        .file_stem()
        .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case("readme"));
    let ending = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| REPORT_ENDINGS.contains(&e.as_str()));
    ending && !readme
}
