//! The `gongkai` command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use gongkai::{extract_path, finding::Severity, template::CODEBOOK_TSV};

/// Turn government information-disclosure annual reports (政府信息公开工作年度报告) into
/// audited, normalized JSON records.
#[derive(Parser)]
#[command(version, about, long_about = None, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXIT_CODES: &str = "Exit codes:
  0  every input was extracted
  1  several inputs were given and at least one failed (each is listed on stderr)
  2  the command line is wrong
  3  an input could not be read (missing, unreadable)
  4  an input is in a format gongkai does not read yet
  5  an input is not text (binary or undecodable)
  6  an input is not an annual report
  7  an input is larger than gongkai reads";

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
        /// Write the output to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Pretty-print JSON even when not writing to a terminal.
        #[arg(long, conflicts_with = "compact")]
        pretty: bool,
        /// One compact line per record, even for a single input on a terminal.
        #[arg(long)]
        compact: bool,
    },
    /// Print the codebook: the stable key of every table cell, with its labels and unit (TSV).
    Codebook,
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
        } => extract(&inputs, output.as_deref(), pretty, compact),
    }
}

fn extract(inputs: &[PathBuf], output: Option<&Path>, pretty: bool, compact: bool) -> ExitCode {
    let (files, mut failures) = expand(inputs);
    let single = files.len() == 1 && inputs.iter().all(|p| !p.is_dir());
    let mut out: Box<dyn Write> = match output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("gongkai: {}: cannot write: {e}", path.display());
                return ExitCode::from(3);
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let pretty =
        pretty || (single && !compact && output.is_none() && std::io::stdout().is_terminal());
    // Findings over all records, by severity: error, warning, info.
    let mut tally = [0usize; 3];
    for file in &files {
        let result = std::panic::catch_unwind(|| extract_path(file));
        let report = match result {
            Ok(Ok(report)) => {
                for f in &report.findings {
                    tally[match f.severity {
                        Severity::Error => 0,
                        Severity::Warning => 1,
                        Severity::Info => 2,
                    }] += 1;
                }
                report
            }
            Ok(Err(e)) => {
                failures.push((file.clone(), e.to_string(), e.exit_code()));
                continue;
            }
            Err(_) => {
                failures.push((
                    file.clone(),
                    format!(
                        "{}: internal error while reading (please report this file)",
                        file.display()
                    ),
                    70,
                ));
                continue;
            }
        };
        let json = if pretty {
            serde_json::to_string_pretty(&report)
        } else {
            serde_json::to_string(&report)
        };
        let written = json
            .map_err(std::io::Error::other)
            .and_then(|j| writeln!(out, "{j}"));
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("gongkai: cannot write output: {e}");
            return ExitCode::from(3);
        }
    }
    if let Err(e) = out.flush()
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("gongkai: cannot write output: {e}");
        return ExitCode::from(3);
    }
    // Each file read, plus each directory that held none: what a failure can be counted against.
    let attempted = files.len() + failures.iter().filter(|f| f.0.is_dir()).count();
    if !single {
        eprintln!(
            "gongkai: {} of {} files extracted{}; findings: {} errors, {} warnings, {} notes",
            attempted - failures.len(),
            files.len(),
            output.map_or(String::new(), |p| format!(" to {}", p.display())),
            tally[0],
            tally[1],
            tally[2],
        );
    }
    if failures.is_empty() {
        return ExitCode::SUCCESS;
    }
    if attempted > 1 {
        eprintln!(
            "gongkai: {} of {} inputs failed:",
            failures.len(),
            attempted
        );
    }
    for (_, message, _) in &failures {
        eprintln!("gongkai: {message}");
    }
    match failures.as_slice() {
        [(_, _, code)] if attempted == 1 => ExitCode::from(*code as u8),
        _ => ExitCode::from(1),
    }
}

/// File endings a directory search picks up; a file named on the command line is always read.
const REPORT_ENDINGS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "pdf", "docx",
];

/// Files as given, and the report files under each directory (recursively, in path order;
/// hidden files, READMEs and symbolic links to directories are skipped, so a link loop cannot
/// repeat the search). A directory without report files is an input error.
fn expand(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String, i32)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found);
            if found.is_empty() {
                errors.push((
                    input.clone(),
                    format!(
                        "{}: no report files (.{}) in this directory",
                        input.display(),
                        REPORT_ENDINGS.join(", .")
                    ),
                    3,
                ));
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
