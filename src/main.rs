//! The `gongkai` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gongkai::batch::{self, Config, Consecutive, StartError, Summary, summary::counts};
use gongkai::finding::Severity;
use gongkai::output::sink::Target;
use gongkai::template::CODEBOOK_TSV;
use gongkai::{Limits, Options};

mod cli {
    pub mod audit;
}

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
  1   several inputs were given and at least one failed (each has an error record and is
      listed on stderr)
  2   the command line is wrong (or -o names one of the inputs)
  3   an input could not be read (missing, unreadable, a directory without reports),
      or the output could not be written
  4   an input is in a format gongkai does not read yet
  5   an input is not text (binary or undecodable)
  6   an input is not an annual report, or is empty
  7   an input is over a limit: file size, pages, decompressed size, nesting, memory
  8   a PDF has no text layer (a scan: needs OCR)
  9   an input is encrypted with a password gongkai does not have
  10  an input is corrupt (truncated or broken beyond reading)
  11  reading an input took longer than the time limit
  70  an internal error on one input (a bug: please report the file)";

#[derive(Subcommand)]
enum Command {
    /// Extract one record per report.
    ///
    /// One input file prints one JSON object (pretty on a terminal). Several inputs, a
    /// directory, a list (@LIST) or paths on stdin (-) make a batch: JSON Lines, one record a
    /// line, in input order (directories in path order) whatever the number of jobs. A file
    /// that fails does not stop the batch: it gives an error record in its place and is listed
    /// on stderr at the end. Every record is flushed as it is written; --resume continues a run
    /// that was killed.
    Extract(ExtractArgs),
    /// Audit reports: print what is wrong in each, with the failing cells marked and their
    /// positions; reports of one agency in consecutive years are also checked against each other.
    ///
    /// Exit status: 0 when no finding is an error, 1 when some are, 2 when an input could not be
    /// read (each is named on stderr).
    Audit(cli::audit::Args),
    /// Print the codebook: the stable key of every table cell, with its labels and unit (TSV).
    Codebook {
        /// The legacy part instead: the keys of facts read from reports before 2019 (TSV).
        #[arg(long)]
        legacy: bool,
    },
    /// Reads one document from stdin and writes its pages to stdout (the isolated reader).
    #[command(name = gongkai::backend::pdf::worker::SUBCOMMAND, hide = true)]
    PdfWorker {
        #[arg(long)]
        max_pages: u32,
        #[arg(long)]
        decompressed: u64,
        #[arg(long)]
        nesting: usize,
        #[arg(long)]
        memory: u64,
        #[arg(long)]
        timeout: f64,
    },
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Report files, directories to search, @LIST (a file of paths, one a line) or - (paths on
    /// stdin, one a line).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Write the records (JSON Lines) to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write a tidy CSV: one row per cell (report, key, value, raw, page, line).
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Write a wide CSV: one row per input, one column per codebook key.
    #[arg(long, value_name = "FILE")]
    wide: Option<PathBuf>,
    /// Write the run's summary (counts by format, template, error kind, finding) as JSON.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// Start CSV files with a UTF-8 byte order mark, so that Excel reads them as UTF-8.
    #[arg(long)]
    bom: bool,
    /// Worker threads [default: all cores].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Skip the inputs the -o file already holds (a record or an error record) and append the
    /// rest; a last line cut off by a killed run is dropped and its input done again.
    #[arg(long, requires = "output")]
    resume: bool,
    /// Pretty-print a single record even when not writing to a terminal (JSON Lines stay
    /// one record a line).
    #[arg(long, conflicts_with = "compact")]
    pretty: bool,
    /// One compact line per record, even for a single input on a terminal.
    #[arg(long)]
    compact: bool,
    /// No progress bar (it is shown only when stderr is a terminal, and never under CI).
    #[arg(short, long)]
    quiet: bool,
    /// Language of the finding messages in the records.
    #[arg(long, value_enum, default_value = "zh")]
    lang: cli::audit::LangArg,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Limits on each input (README, "Limits"); PDFs are read in a child process with the
/// time and memory limits, so that no file can crash gongkai.
#[derive(clap::Args)]
pub struct LimitArgs {
    /// Files larger than this many MiB are refused unread (exit code 7).
    #[arg(long, env = "GONGKAI_MAX_FILE_SIZE", value_name = "MIB",
        default_value_t = Limits::default().file_size / MIB)]
    max_file_size: u64,
    /// PDFs with more pages are refused (exit code 7).
    #[arg(long, env = "GONGKAI_MAX_PAGES", value_name = "N",
        default_value_t = Limits::default().pages)]
    max_pages: u32,
    /// MiB a document may inflate to: a DOCX's document.xml, a PDF's compressed streams
    /// together (exit code 7 past it: a zip or deflate bomb).
    #[arg(long, env = "GONGKAI_MAX_DECOMPRESSED", value_name = "MIB",
        default_value_t = Limits::default().decompressed / MIB)]
    max_decompressed: u64,
    /// Elements an HTML page or a DOCX's XML may nest (exit code 7 past it).
    #[arg(long, env = "GONGKAI_MAX_NESTING", value_name = "N",
        default_value_t = Limits::default().nesting)]
    max_nesting: usize,
    /// Seconds one PDF (or a text, HTML or DOCX file over 1 MiB) may take before it is given
    /// up (exit code 11).
    #[arg(long, visible_alias = "timeout", env = "GONGKAI_PDF_TIMEOUT", value_name = "SECS",
        default_value_t = Limits::default().timeout.as_secs_f64())]
    pdf_timeout: f64,
    /// Memory (MiB of address space) the reader of a PDF (or a text, HTML or DOCX file over
    /// 1 MiB) may use (exit code 7 past it).
    #[arg(long, env = "GONGKAI_PDF_MEMORY", value_name = "MIB",
        default_value_t = Limits::default().memory / MIB)]
    pdf_memory: u64,
}

const MIB: u64 = gongkai::limits::MIB;

impl LimitArgs {
    pub fn options(&self) -> Options {
        Options {
            limits: Limits {
                file_size: self.max_file_size.saturating_mul(MIB),
                pages: self.max_pages,
                decompressed: self.max_decompressed.saturating_mul(MIB),
                nesting: self.max_nesting,
                timeout: seconds(self.pdf_timeout),
                memory: self.pdf_memory.saturating_mul(MIB),
            },
            // The same binary serves as the worker; without it, PDFs are read in process.
            worker: std::env::current_exe().ok(),
        }
    }
}

fn seconds(s: f64) -> std::time::Duration {
    std::time::Duration::from_secs_f64(if s.is_nan() { 1e6 } else { s.clamp(0.001, 1e6) })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codebook { legacy } => {
            if legacy {
                print!("{}", gongkai::legacy::CODEBOOK_LEGACY_TSV);
            } else {
                print!("{CODEBOOK_TSV}");
            }
            ExitCode::SUCCESS
        }
        Command::Audit(args) => cli::audit::run(args),
        Command::Extract(args) => extract(args),
        Command::PdfWorker {
            max_pages,
            decompressed,
            nesting,
            memory,
            timeout,
        } => {
            let limits = Limits {
                pages: max_pages,
                decompressed,
                nesting,
                timeout: seconds(timeout),
                memory,
                ..Limits::default()
            };
            ExitCode::from(gongkai::backend::pdf::worker::serve(&limits) as u8)
        }
    }
}

fn extract(args: ExtractArgs) -> ExitCode {
    let mut inputs = match batch::inputs::expand(&args.inputs) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("gongkai: {message}");
            return ExitCode::from(3);
        }
    };
    // One named file (not a directory or a list) is a single record: a JSON object, and its
    // failure goes to stderr with its own exit code.
    let single = !args.resume
        && args.inputs.len() == 1
        && inputs.inputs.len() == 1
        && matches!(&inputs.inputs[0], batch::Input::File(p) if *p == args.inputs[0]);
    let to_files = args.output.is_some() || args.csv.is_some() || args.wide.is_some();
    let config = Config {
        jobs: args.jobs.map_or(Config::default().jobs, usize::from),
        jsonl: match &args.output {
            Some(path) => Some(Target::File(path.clone())),
            None if to_files => None,
            None => Some(Target::Stdout),
        },
        pretty: single
            && (args.pretty
                || (!args.compact && args.output.is_none() && std::io::stdout().is_terminal())),
        tidy: args.csv.clone(),
        wide: args.wide.clone(),
        bom: args.bom,
        resume: args.resume,
        error_records: !single,
        progress: !args.quiet
            && !single
            && std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none(),
        lang: args.lang.into(),
        read: args.limits.options(),
    };
    let mut outputs = config.output_files();
    outputs.extend(args.summary.as_deref());
    if let Err(e) = batch::exclude_outputs(&args.inputs, &mut inputs, &outputs) {
        return start_error(e);
    }
    if inputs.inputs.is_empty() {
        eprintln!("gongkai: no inputs");
        return ExitCode::from(2);
    }
    let summary = match batch::run(&config, &inputs, &mut Consecutive::default()) {
        Ok(summary) => summary,
        Err(e) => return start_error(e),
    };
    let mut write_error = summary.write_error.clone();
    if let Some(path) = &args.summary {
        let written = serde_json::to_vec_pretty(&summary)
            .map_err(std::io::Error::other)
            .and_then(|mut json| {
                json.push(b'\n');
                std::fs::write(path, json)
            });
        if let Err(e) = written {
            write_error.get_or_insert(format!("{}: cannot write: {e}", path.display()));
        }
    }
    if !single {
        report(&summary, args.output.as_ref());
    }
    for (message, _) in &summary.failures {
        eprintln!("gongkai: {message}");
    }
    if summary.failed > summary.failures.len() {
        eprintln!(
            "gongkai: … and {} more failures (each has an error record)",
            summary.failed - summary.failures.len()
        );
    }
    if let Some(message) = write_error {
        eprintln!("gongkai: {message}");
        return ExitCode::from(3);
    }
    match summary.failures.as_slice() {
        [] => ExitCode::SUCCESS,
        [(_, code)] if summary.inputs == 1 => ExitCode::from(u8::try_from(*code).unwrap_or(1)),
        _ => ExitCode::from(1),
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn start_error(e: StartError) -> ExitCode {
    match e {
        StartError::Usage(message) => {
            eprintln!("gongkai: {message}");
            ExitCode::from(2)
        }
        StartError::Io(message) => {
            eprintln!("gongkai: {message}");
            ExitCode::from(3)
        }
    }
}

/// The end-of-run report on stderr.
fn report(s: &Summary, output: Option<&PathBuf>) {
    eprintln!(
        "gongkai: {} of {} inputs extracted{}; findings: {} errors, {} warnings, {} notes",
        s.extracted,
        s.inputs,
        output.map_or(String::new(), |p| format!(" to {}", p.display())),
        s.severity(Severity::Error),
        s.severity(Severity::Warning),
        s.severity(Severity::Info),
    );
    let mut parts = Vec::new();
    if s.resumed > 0 {
        parts.push(format!("{} already in the output", s.resumed));
    }
    if !s.formats.is_empty() {
        parts.push(format!("formats: {}", counts(&s.formats)));
    }
    if !s.templates.is_empty() {
        parts.push(format!("templates: {}", counts(&s.templates)));
    }
    if !s.errors.is_empty() {
        parts.push(format!("errors: {}", counts(&s.errors)));
    }
    if !s.skipped.is_empty() {
        parts.push(format!("skipped as not reports: {}", counts(&s.skipped)));
    }
    if !s.cross_findings.is_empty() {
        parts.push(format!("cross-report findings: {}", s.cross_findings.len()));
    }
    if !parts.is_empty() {
        eprintln!("gongkai: {}", parts.join("; "));
    }
    // Across reports (one agency's consecutive years): the records were written before these
    // were known, so they are said here and in --summary.
    const SHOWN: usize = 20;
    for f in s.cross_findings.iter().take(SHOWN) {
        eprintln!(
            "gongkai: {} {}: {}",
            severity_word(f.severity),
            f.rule,
            f.message
        );
    }
    if s.cross_findings.len() > SHOWN {
        eprintln!(
            "gongkai: … and {} more cross-report findings (all in --summary)",
            s.cross_findings.len() - SHOWN
        );
    }
    if s.failed > 0 && s.inputs > 1 {
        eprintln!("gongkai: {} of {} inputs failed:", s.failed, s.inputs);
    }
}
