//! Where rendered records go: stdout or a file, each record flushed as soon as it is written.
//!
//! A dataset file is written in place, not beside its name and renamed at the end: a rename
//! would make a killed run lose every record it had finished, while writing in place leaves them
//! all (and at most one truncated last line, which `--resume` drops and redoes). A file is
//! opened only when the first thing is written to it, so a run that writes nothing (a single
//! input that failed) leaves a previous file as it was. A device or a symbolic link
//! (`-o /dev/stdout`) is written through.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The UTF-8 byte order mark that makes Excel read a CSV as UTF-8.
pub const BOM: &[u8] = b"\xef\xbb\xbf";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

pub struct Sink {
    target: Target,
    /// Written first when the file starts empty (a CSV header, after the BOM if any).
    preamble: Vec<u8>,
    append: bool,
    out: Option<Box<dyn Write>>,
}

impl Sink {
    /// `append` keeps what the file holds (for `--resume`); otherwise it is emptied when opened.
    pub fn new(target: Target, preamble: Vec<u8>, append: bool) -> Sink {
        Sink {
            target,
            preamble,
            append,
            out: None,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match &self.target {
            Target::Stdout => None,
            Target::File(p) => Some(p),
        }
    }

    pub fn is_open(&self) -> bool {
        self.out.is_some()
    }

    /// Opens the target if it is not open yet, writing the preamble into an empty file.
    pub fn open(&mut self) -> io::Result<()> {
        if self.out.is_some() {
            return Ok(());
        }
        let mut out: Box<dyn Write> = match &self.target {
            Target::Stdout => Box::new(io::stdout().lock()),
            Target::File(path) => {
                let file = if self.append {
                    OpenOptions::new().create(true).append(true).open(path)?
                } else {
                    File::create(path)?
                };
                let empty = !self.append || file.metadata().map(|m| m.len() == 0).unwrap_or(true);
                let mut w = BufWriter::new(file);
                if empty {
                    w.write_all(&self.preamble)?;
                }
                Box::new(w)
            }
        };
        out.flush()?;
        self.out = Some(out);
        Ok(())
    }

    /// Writes one record's bytes and flushes them.
    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.open()?;
        let out = self.out.as_mut().expect("opened above");
        out.write_all(bytes)?;
        out.flush()
    }

    /// Flushes and closes the target.
    pub fn finish(&mut self) -> io::Result<()> {
        match self.out.take() {
            Some(mut out) => out.flush(),
            None => Ok(()),
        }
    }

    /// An error message naming the target.
    pub fn error(&self, e: &io::Error) -> String {
        match &self.target {
            Target::Stdout => format!("cannot write output: {e}"),
            Target::File(p) => format!("{}: cannot write: {e}", p.display()),
        }
    }
}
