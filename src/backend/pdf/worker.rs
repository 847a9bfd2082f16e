//! The PDF reader in a child process, for what `catch_unwind` cannot stop: a stack overflow
//! aborts the process, an endless loop never returns, a decompression bomb exhausts memory. The
//! parent re-executes an executable that serves [`SUBCOMMAND`] (the `gongkai` binary does),
//! writes the PDF to its stdin and reads the pages as JSON from its stdout. The child limits its
//! own address space and CPU time; the parent kills it after the wall-clock timeout. Whatever
//! goes wrong becomes a [`Reject`] that says why.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

use serde::{Deserialize, Serialize};

use super::{Limits, Pages};
use crate::error::Reject;
use crate::model::{Document, Format, Line};

/// The worker's exit code when it cannot hold the file in its memory limit.
const NO_MEMORY: i32 = 7;

/// The hidden subcommand a worker executable answers to.
pub const SUBCOMMAND: &str = "__pdf-worker";

/// What a worker writes on stdout.
#[derive(Serialize, Deserialize)]
enum Reply {
    Pages(Pages),
    /// Another format, read whole: its lines as (page, number, text, cells).
    Lines {
        encoding: Option<String>,
        pages: u32,
        lines: Vec<(u32, u32, String, Vec<String>)>,
    },
    Rejected {
        kind: String,
        reason: String,
    },
}

/// What a worker sends back, before it becomes the document model.
pub enum Received {
    Pages(Pages),
    Document(Document),
}

fn kind(reject: &Reject) -> (&'static str, &str) {
    match reject {
        Reject::Unsupported(r) => ("unsupported", r),
        Reject::NotText(r) => ("not_text", r),
        Reject::NotAReport(r) => ("not_a_report", r),
        Reject::NoTextLayer(r) => ("no_text_layer", r),
        Reject::Encrypted(r) => ("encrypted", r),
        Reject::Corrupt(r) => ("corrupt", r),
        Reject::Limit(r) => ("limit", r),
        Reject::Timeout(r) => ("timeout", r),
    }
}

fn reject(kind: &str, reason: String) -> Reject {
    match kind {
        "unsupported" => Reject::Unsupported(reason),
        "not_text" => Reject::NotText(reason),
        "not_a_report" => Reject::NotAReport(reason),
        "no_text_layer" => Reject::NoTextLayer(reason),
        "encrypted" => Reject::Encrypted(reason),
        "limit" => Reject::Limit(reason),
        "timeout" => Reject::Timeout(reason),
        _ => Reject::Corrupt(reason),
    }
}

/// The worker's side: limits itself, reads a PDF from stdin, writes the reply to stdout.
/// Returns the process exit code (0 whenever a reply was written).
pub fn serve(limits: &Limits) -> i32 {
    #[cfg(unix)]
    {
        use rlimit::Resource;
        let _ = Resource::AS.set(limits.memory, limits.memory);
        let cpu = limits.timeout.as_secs().saturating_add(5);
        let _ = Resource::CPU.set(cpu, cpu);
    }
    let mut bytes = Vec::new();
    if std::io::stdin().read_to_end(&mut bytes).is_err() {
        // Under the memory limit even the file may not fit.
        return NO_MEMORY;
    }
    let read = if crate::backend::sniff(&bytes) == Format::Pdf {
        super::guarded(|| super::extract(&bytes, limits)).map(Reply::Pages)
    } else {
        let options = crate::backend::Options {
            limits: limits.clone(),
            worker: None,
        };
        crate::backend::read_with(&bytes, &options).map(|doc| Reply::Lines {
            encoding: doc.encoding.map(str::to_string),
            pages: doc.pages,
            lines: doc
                .lines
                .into_iter()
                .map(|l| (l.page, l.number, l.text, l.cells))
                .collect(),
        })
    };
    let reply = match read {
        Ok(reply) => reply,
        Err(r) => {
            let (kind, reason) = kind(&r);
            Reply::Rejected {
                kind: kind.into(),
                reason: reason.into(),
            }
        }
    };
    let mut out = std::io::stdout().lock();
    match serde_json::to_writer(&mut out, &reply).map(|_| out.flush()) {
        Ok(Ok(())) => 0,
        _ => 3,
    }
}

/// The parent's side: runs `exe` on the bytes of a PDF within the limits.
pub fn run(bytes: &[u8], exe: &Path, limits: &Limits) -> Result<Pages, Reject> {
    match run_any(bytes, exe, limits)? {
        Received::Pages(pages) => Ok(pages),
        Received::Document(_) => Err(Reject::Corrupt("the PDF worker sent no pages".into())),
    }
}

/// The parent's side for any format: a PDF comes back as pages, anything else as the document
/// its backend read.
pub fn run_any(bytes: &[u8], exe: &Path, limits: &Limits) -> Result<Received, Reject> {
    let started = std::time::Instant::now();
    let mut child = Command::new(exe)
        .arg(SUBCOMMAND)
        .arg(format!("--max-pages={}", limits.pages))
        .arg(format!("--decompressed={}", limits.decompressed))
        .arg(format!("--nesting={}", limits.nesting))
        .arg(format!("--memory={}", limits.memory))
        .arg(format!("--timeout={}", limits.timeout.as_secs_f64()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Reject::Corrupt(format!(
                "cannot start the PDF worker {}: {e}",
                exe.display()
            ))
        })?;
    let (Some(mut stdin), Some(mut stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(Reject::Corrupt("cannot talk to the PDF worker".into()));
    };
    let (status, out, err) = std::thread::scope(|scope| {
        // A worker that dies early closes its stdin: the write error is not the story.
        scope.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        // The reply is complete when the worker closes its stdout, which it does by exiting:
        // waiting on that, rather than polling the process, adds no latency.
        let (sender, reply) = std::sync::mpsc::channel();
        scope.spawn(move || {
            let mut buf = Vec::new();
            let _ = stdout.read_to_end(&mut buf);
            let _ = sender.send(buf);
        });
        let err = scope.spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.take(64 * 1024).read_to_end(&mut buf);
            buf
        });
        // A reply later than the limit is a timeout too, however the threads were scheduled.
        let left = limits.timeout.saturating_sub(started.elapsed());
        let (status, out) = match reply.recv_timeout(left) {
            Ok(out) if started.elapsed() <= limits.timeout => (child.wait().ok(), out),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                (None, Vec::new())
            }
        };
        (status, out, err.join().unwrap_or_default())
    });
    let status = status.ok_or_else(|| {
        Reject::Timeout(format!(
            "no result after {} s (--pdf-timeout): the reader was stopped (a loop in the file?)",
            limits.timeout.as_secs_f64()
        ))
    })?;
    if status.success()
        && let Ok(reply) = serde_json::from_slice::<Reply>(&out)
    {
        return match reply {
            Reply::Pages(pages) => Ok(Received::Pages(pages)),
            Reply::Lines {
                encoding,
                pages,
                lines,
            } => Ok(Received::Document(document(bytes, encoding, pages, lines))),
            Reply::Rejected { kind, reason } => Err(reject(&kind, reason)),
        };
    }
    Err(failure(status, &String::from_utf8_lossy(&err), limits))
}

fn document(
    bytes: &[u8],
    encoding: Option<String>,
    pages: u32,
    lines: Vec<(u32, u32, String, Vec<String>)>,
) -> Document {
    Document {
        format: crate::backend::sniff(bytes),
        // The model keeps encodings as static names: the label maps back to one.
        encoding: encoding
            .and_then(|e| encoding_rs::Encoding::for_label(e.as_bytes()))
            .map(|e| e.name()),
        pages,
        lines: lines
            .into_iter()
            .map(|(page, number, text, cells)| Line::new(page, number, text, cells))
            .collect(),
    }
}

/// Why a worker died, from its status and what it printed.
fn failure(status: ExitStatus, stderr: &str, limits: &Limits) -> Reject {
    if stderr.contains("overflowed its stack") {
        return Reject::Corrupt(
            "the reader ran out of stack (an object that contains itself?)".into(),
        );
    }
    if stderr.contains("memory allocation of")
        || stderr.contains("capacity overflow")
        || status.code() == Some(NO_MEMORY)
    {
        return Reject::Limit(format!(
            "the reader needed more than its {} of memory (--pdf-memory)",
            crate::limits::mib(limits.memory)
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if status.signal() == Some(24) {
            return Reject::Timeout(format!(
                "the reader used more than {} s of CPU time",
                limits.timeout.as_secs() + 5
            ));
        }
        if let Some(signal) = status.signal() {
            return Reject::Corrupt(format!("the reader crashed (signal {signal})"));
        }
    }
    Reject::Corrupt(format!("the reader failed ({status})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reject_crosses_the_pipe_as_itself() {
        for r in [
            Reject::Unsupported("a".into()),
            Reject::NotText("b".into()),
            Reject::NotAReport("c".into()),
            Reject::NoTextLayer("d".into()),
            Reject::Encrypted("e".into()),
            Reject::Corrupt("f".into()),
            Reject::Limit("g".into()),
            Reject::Timeout("h".into()),
        ] {
            let (k, reason) = kind(&r);
            assert_eq!(reject(k, reason.to_string()), r);
        }
    }
}
