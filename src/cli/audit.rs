//! `gongkai audit`: read reports, audit them (each alone and, for the same agency's
//! consecutive years, against each other) and print what is wrong, for people or machines.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use gongkai::Report;
use gongkai::audit::across::{Summary, across};
use gongkai::batch;
use gongkai::finding::{Lang, Severity};
use gongkai::output::Outcome;
use gongkai::render::{self, Tables};

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// A report for people: tables with the failing cells marked, findings with positions.
    Text,
    /// One JSON object a line per input: its findings, or its error.
    Json,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum TablesArg {
    /// Tables with a cell that an error or warning points at.
    Flagged,
    All,
    None,
}

#[derive(clap::Args)]
pub struct Args {
    /// Report files, directories to search, @LIST (a file of paths) or - (paths on stdin).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Language of the messages.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// Which tables the text report prints.
    #[arg(long, value_enum, default_value = "flagged")]
    pub tables: TablesArg,
    /// Colour in the text report: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
    #[command(flatten)]
    pub limits: crate::LimitArgs,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl From<ColorArg> for anstream::ColorChoice {
    fn from(c: ColorArg) -> anstream::ColorChoice {
        match c {
            ColorArg::Auto => anstream::ColorChoice::Auto,
            ColorArg::Always => anstream::ColorChoice::Always,
            ColorArg::Never => anstream::ColorChoice::Never,
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let lang = Lang::from(args.lang);
    let inputs = match batch::inputs::expand(&args.inputs) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("gongkai: {message}");
            return ExitCode::from(2);
        }
    };
    let options = args.limits.options();
    let mut results: Vec<Outcome> = inputs
        .inputs
        .iter()
        .map(|input| batch::process(input, &options))
        .collect();
    // Same agency, consecutive years: findings go to the later report.
    let (owners, summaries): (Vec<usize>, Vec<Summary>) = results
        .iter()
        .enumerate()
        .filter_map(|(i, o)| Some((i, Summary::of(o.result.as_ref().ok()?)?)))
        .unzip();
    for (k, finding) in across(&summaries) {
        if let Ok(report) = &mut results[owners[k]].result {
            report.findings.push(finding);
        }
    }
    let mut errors = 0;
    let mut unusable = 0;
    let mut out = anstream::AutoStream::new(std::io::stdout().lock(), args.color.into());
    for outcome in &mut results {
        let written = match &mut outcome.result {
            Ok(report) => {
                report.localize(lang);
                errors += report
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count();
                match args.format {
                    Format::Text => {
                        writeln!(out, "{}", render::audit(report, lang, args.tables.into()))
                    }
                    Format::Json => writeln!(out, "{}", summary_json(report)),
                }
            }
            Err(failure) => {
                unusable += 1;
                match args.format {
                    Format::Text => {
                        let _ = out.flush();
                        eprintln!("gongkai: {}", failure.message);
                        Ok(())
                    }
                    Format::Json => writeln!(
                        out,
                        "{}",
                        serde_json::json!({
                            "path": outcome.path.display().to_string(),
                            "error": failure,
                        })
                    ),
                }
            }
        };
        if written.is_err() {
            break;
        }
    }
    let _ = out.flush();
    if unusable > 0 {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

impl From<TablesArg> for Tables {
    fn from(t: TablesArg) -> Tables {
        match t {
            TablesArg::Flagged => Tables::Flagged,
            TablesArg::All => Tables::All,
            TablesArg::None => Tables::None,
        }
    }
}

/// The machine form: what the report is and what is wrong with it (the whole record is what
/// `extract` writes).
fn summary_json(report: &Report) -> serde_json::Value {
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    serde_json::json!({
        "path": report.source.path,
        "sha256": report.source.sha256,
        "title": report.title,
        "agency": report.agency,
        "year": report.year,
        "template": report.template,
        "errors": count(Severity::Error),
        "warnings": count(Severity::Warning),
        "infos": count(Severity::Info),
        "findings": report.findings,
    })
}
