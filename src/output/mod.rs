//! Dataset writers: JSON Lines records and error records, tidy and wide CSV, and the files they
//! go to.
//!
//! Rendering ([`jsonl`], [`csv`]) is pure and runs on the batch's worker threads; [`sink`]
//! writes the rendered bytes in order and flushes each record, so a killed run keeps every
//! record it finished; [`resume`] reads such a file back.

pub mod csv;
pub mod jsonl;
pub mod resume;
pub mod sink;

use std::path::PathBuf;

use serde::Serialize;

use crate::Report;
use crate::model::Format;

/// What one input gave: a record, or why it gave none.
#[derive(Debug)]
pub struct Outcome {
    pub path: PathBuf,
    pub result: Result<Report, Failure>,
}

/// An input that gave no record, with what is known of the file.
#[derive(Clone, Debug, Serialize)]
pub struct Failure {
    /// A stable word: [`crate::Error::kind`], or `no_reports` (a directory without report
    /// files) or `internal` (a bug).
    pub kind: &'static str,
    /// Names the file and the reason.
    pub message: String,
    /// The exit code the failure has on its own.
    pub exit_code: i32,
    #[serde(skip)]
    pub size: Option<u64>,
    #[serde(skip)]
    pub sha256: Option<String>,
    #[serde(skip)]
    pub format: Option<Format>,
}

impl Failure {
    pub fn from_error(e: &crate::Error) -> Failure {
        Failure {
            kind: e.kind(),
            message: e.to_string(),
            exit_code: e.exit_code(),
            size: None,
            sha256: None,
            format: None,
        }
    }
}

impl Outcome {
    /// `source.path` as records have it: the path as given.
    pub fn source_path(&self) -> String {
        self.path.display().to_string()
    }
}
