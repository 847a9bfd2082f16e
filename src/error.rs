//! Errors a caller can act on, each with a stable process exit code.

use std::path::PathBuf;

/// Why a file could not be turned into a record.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: unsupported format: {reason}")]
    Unsupported { path: PathBuf, reason: String },
    #[error("{path}: not a text document: {reason}")]
    NotText { path: PathBuf, reason: String },
    #[error("{path}: not a government information disclosure annual report: {reason}")]
    NotAReport { path: PathBuf, reason: String },
    #[error("{path}: file is {size} bytes, over the {limit}-byte limit")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path}: no text layer: {reason} (the pages are images: it needs OCR first)")]
    NoTextLayer { path: PathBuf, reason: String },
    #[error("{path}: encrypted: {reason}")]
    Encrypted { path: PathBuf, reason: String },
    #[error("{path}: corrupt: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error("{path}: too large: {reason}")]
    Limit { path: PathBuf, reason: String },
    #[error("{path}: timeout: {reason}")]
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
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Unsupported { .. } => "unsupported",
            Error::NotText { .. } => "not_text",
            Error::NotAReport { .. } => "not_a_report",
            Error::TooLarge { .. } => "too_large",
            Error::NoTextLayer { .. } => "no_text_layer",
            Error::Encrypted { .. } => "encrypted",
            Error::Corrupt { .. } => "corrupt",
            Error::Limit { .. } => "limit",
            Error::Timeout { .. } => "timeout",
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
