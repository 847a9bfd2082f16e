//! Errors a caller can act on, each with a stable process exit code.

use std::path::PathBuf;

/// Why a file could not be turned into a record. Every message names the file, the kind of
/// failure, the reason, and what to do next ([`Error::advice`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}; {}", self.advice())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: unsupported format: {reason}; {}", self.advice())]
    Unsupported { path: PathBuf, reason: String },
    #[error("{path}: not a text document: {reason}; {}", self.advice())]
    NotText { path: PathBuf, reason: String },
    #[error(
        "{path}: not a government information disclosure annual report: {reason}; {}",
        self.advice()
    )]
    NotAReport { path: PathBuf, reason: String },
    #[error(
        "{path}: too large: the file is {size} bytes, over the {} limit (--max-file-size); {}",
        crate::limits::mib(*limit),
        self.advice()
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path}: no text layer: {reason}; {}", self.advice())]
    NoTextLayer { path: PathBuf, reason: String },
    #[error("{path}: encrypted: {reason}; {}", self.advice())]
    Encrypted { path: PathBuf, reason: String },
    #[error("{path}: corrupt: {reason}; {}", self.advice())]
    Corrupt { path: PathBuf, reason: String },
    #[error("{path}: too large: {reason}; {}", self.advice())]
    Limit { path: PathBuf, reason: String },
    #[error("{path}: timeout: {reason}; {}", self.advice())]
    Timeout { path: PathBuf, reason: String },
}

impl Error {
    /// The exit code documented in the README.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Io { .. } => 3,
            Error::Unsupported { .. } => 4,
            Error::NotText { .. } => 5,
            Error::NotAReport { .. } => 6,
            Error::TooLarge { .. } | Error::Limit { .. } => 7,
            Error::NoTextLayer { .. } => 8,
            Error::Encrypted { .. } => 9,
            Error::Corrupt { .. } => 10,
            Error::Timeout { .. } => 11,
        }
    }

    /// A stable one-word name for the kind of failure, for error records and batch summaries.
    /// A file over any limit (its size, pages, what it inflates to, nesting) is `too_large`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Unsupported { .. } => "unsupported",
            Error::NotText { .. } => "not_text",
            Error::NotAReport { .. } => "not_a_report",
            Error::TooLarge { .. } | Error::Limit { .. } => "too_large",
            Error::NoTextLayer { .. } => "no_text_layer",
            Error::Encrypted { .. } => "encrypted",
            Error::Corrupt { .. } => "corrupt",
            Error::Timeout { .. } => "timeout",
        }
    }

    /// What to do next, the same for every failure of a kind (the README lists them).
    pub fn advice(&self) -> &'static str {
        match self {
            Error::Io { .. } => "check that the path exists and is readable",
            Error::Unsupported { .. } => {
                "convert to .docx or PDF (or save the page as HTML or UTF-8 text)"
            }
            Error::NotText { .. } => {
                "if this is a report, save it as PDF, DOCX, HTML or UTF-8 text"
            }
            Error::NotAReport { .. } => {
                "check that this is the report itself, not an error page, an index or a \
                 download page saved in its place"
            }
            Error::TooLarge { .. } | Error::Limit { .. } => {
                "if the file is a genuine report, raise the limit named"
            }
            Error::NoTextLayer { .. } => {
                "the pages are images (a scan): run OCR first (e.g. ocrmypdf) and extract the result"
            }
            Error::Encrypted { .. } => "open it with its password and save an unprotected copy",
            Error::Corrupt { .. } => "download it again, or open it and save a fresh copy",
            Error::Timeout { .. } => {
                "raise --pdf-timeout if the machine is busy; otherwise the file is likely broken: \
                 download it again"
            }
        }
    }
}

/// Why a backend or the locator refused a document; the caller adds the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reject {
    Unsupported(String),
    NotText(String),
    NotAReport(String),
    /// A PDF whose pages carry no text (a scan).
    NoTextLayer(String),
    /// Encrypted with a password gongkai does not have.
    Encrypted(String),
    /// Truncated or broken beyond reading.
    Corrupt(String),
    /// Over a configured limit (pages, decompressed size, nesting).
    Limit(String),
    /// Took longer than the time limit for one document.
    Timeout(String),
}

impl Reject {
    pub fn at(self, path: impl Into<PathBuf>) -> Error {
        let path = path.into();
        match self {
            Reject::Unsupported(reason) => Error::Unsupported { path, reason },
            Reject::NotText(reason) => Error::NotText { path, reason },
            Reject::NotAReport(reason) => Error::NotAReport { path, reason },
            Reject::NoTextLayer(reason) => Error::NoTextLayer { path, reason },
            Reject::Encrypted(reason) => Error::Encrypted { path, reason },
            Reject::Corrupt(reason) => Error::Corrupt { path, reason },
            Reject::Limit(reason) => Error::Limit { path, reason },
            Reject::Timeout(reason) => Error::Timeout { path, reason },
        }
    }
}
