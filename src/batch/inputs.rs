//! What a batch reads: files named on the command line, in list files (`@LIST`) or on stdin
//! (`-`), and the reports found by searching directories.
//!
//! A file that is named is always read (and so gives a record or an error record). A file found
//! by a directory search is read when its ending is a report format's, or, for any other
//! ending, when its first bytes are a PDF, an HTML page or a DOCX; everything else found there
//! (images, other archives, data files, READMEs) is skipped and counted by kind, so that an
//! archive's stray files neither stop nor pollute the dataset. Only the first
//! [`SNIFF_BYTES`] of a file with an unknown ending are read to decide.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use crate::backend;
use crate::model::Format;

/// File endings a directory search reads without looking inside.
pub const REPORT_ENDINGS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "shtml", "pdf", "docx",
];

/// How much of a file with an unknown ending is read to tell what it is.
pub const SNIFF_BYTES: usize = 4096;

/// One input of a batch, in the order the batch reads and writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file to extract.
    File(PathBuf),
    /// A directory in which the search found no report: an input error (exit code 3).
    EmptyDir(PathBuf),
}

impl Input {
    pub fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::EmptyDir(p) => p,
        }
    }
}

/// The inputs of a batch, and what the directory search passed over.
#[derive(Debug, Default)]
pub struct Inputs {
    pub inputs: Vec<Input>,
    /// Files found in searched directories that are not reports, by kind (`image`, `archive`,
    /// `binary`, `text`, `readme`).
    pub skipped: BTreeMap<&'static str, usize>,
}

/// Expands command-line arguments: a path (file or directory), `@LIST` (a file of paths, one a
/// line), or `-` (paths on stdin, one a line). Paths in lists are taken as written, relative to
/// the current directory; blank lines are ignored. Directories are searched recursively, each
/// in path order. An unreadable list is an error for the whole command.
pub fn expand(args: &[PathBuf]) -> Result<Inputs, String> {
    let mut out = Inputs::default();
    for arg in args {
        let text = arg.to_string_lossy();
        if text == "-" {
            let stdin = std::io::stdin();
            let paths = read_list(stdin.lock()).map_err(|e| format!("stdin: {e}"))?;
            paths.iter().for_each(|p| add(p, &mut out));
        } else if let Some(list) = text.strip_prefix('@').filter(|l| !l.is_empty()) {
            let file = std::fs::File::open(list).map_err(|e| format!("{list}: {e}"))?;
            let paths =
                read_list(std::io::BufReader::new(file)).map_err(|e| format!("{list}: {e}"))?;
            paths.iter().for_each(|p| add(p, &mut out));
        } else {
            add(arg, &mut out);
        }
    }
    Ok(out)
}

fn read_list(reader: impl BufRead) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for line in reader.lines() {
        let line = line?;
        let line = line.trim_end_matches('\r');
        if !line.trim().is_empty() {
            paths.push(PathBuf::from(line));
        }
    }
    Ok(paths)
}

fn add(path: &Path, out: &mut Inputs) {
    if path.is_dir() {
        let mut found = Vec::new();
        walk(path, &mut found, &mut out.skipped);
        if found.is_empty() {
            out.inputs.push(Input::EmptyDir(path.to_path_buf()));
        }
        found.sort();
        out.inputs.extend(found.into_iter().map(Input::File));
    } else {
        out.inputs.push(Input::File(path.to_path_buf()));
    }
}

/// Hidden files and directories and symbolic links to directories are passed over (so a link
/// loop cannot repeat the search), uncounted.
fn walk(dir: &Path, found: &mut Vec<PathBuf>, skipped: &mut BTreeMap<&'static str, usize>) {
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
            walk(&path, found, skipped);
        } else if kind.is_file() || path.is_file() {
            match classify(&path) {
                None => found.push(path),
                Some(why) => *skipped.entry(why).or_default() += 1,
            }
        }
    }
}

/// `None` for a report to read, or the kind of file it is instead.
pub fn classify(path: &Path) -> Option<&'static str> {
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    if stem.is_some_and(|s| s.eq_ignore_ascii_case("readme")) {
        return Some("readme");
    }
    let ending = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if ending.is_some_and(|e| REPORT_ENDINGS.contains(&e.as_str())) {
        return None;
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES as u64).read_to_end(&mut head))
        .is_ok();
    if !read {
        // Unreadable: read it anyway, so that its error is recorded rather than lost.
        return None;
    }
    sniff_kind(&head)
}

/// What the first bytes of a file with an unknown ending say it is: `None` for a report format.
pub fn sniff_kind(head: &[u8]) -> Option<&'static str> {
    const IMAGES: [&[u8]; 5] = [b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\0", b"MM\0*"];
    const ARCHIVES: [&[u8]; 5] = [
        b"\x1f\x8b",
        b"7z\xbc\xaf\x27\x1c",
        b"Rar!",
        b"\xfd7zXZ",
        b"BZh",
    ];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if IMAGES.iter().any(|m| head.starts_with(m))
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
    {
        return Some("image");
    }
    if head.starts_with(b"PK\x03\x04") {
        // A DOCX names its parts in the zip directory; the first entries are near the start.
        return (!(has(b"word/") || has(b"[Content_Types].xml"))).then_some("archive");
    }
    if ARCHIVES.iter().any(|m| head.starts_with(m)) {
        return Some("archive");
    }
    match backend::sniff(head) {
        Format::Pdf | Format::Html => None,
        Format::Docx => Some("archive"),
        Format::Text if head.contains(&0) => Some("binary"),
        Format::Text => Some("text"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_tell_reports_from_other_files() {
        assert_eq!(sniff_kind(b"%PDF-1.7\n%\xe2\xe3"), None);
        assert_eq!(sniff_kind(b"<!DOCTYPE html><html><body>"), None);
        assert_eq!(sniff_kind(b"PK\x03\x04\x14\0\0\0[Content_Types].xml"), None);
        assert_eq!(
            sniff_kind(b"PK\x03\x04\x14\0\0\0photos/a.jpg"),
            Some("archive")
        );
        assert_eq!(sniff_kind(b"\x89PNG\r\n\x1a\n"), Some("image"));
        assert_eq!(sniff_kind(b"\xff\xd8\xff\xe0\0\x10JFIF"), Some("image"));
        assert_eq!(sniff_kind(b"RIFF\0\0\0\0WEBPVP8 "), Some("image"));
        assert_eq!(sniff_kind(b"\x1f\x8b\x08\0"), Some("archive"));
        assert_eq!(sniff_kind(b"\x7fELF\x02\x01\x01\0\0"), Some("binary"));
        assert_eq!(sniff_kind("{\"年度\": 2021}".as_bytes()), Some("text"));
    }

    #[test]
    fn lists_skip_blank_lines_and_keep_paths_as_written() {
        let list = "a.txt\r\n\n  \nsub dir/b.pdf\n/abs/c.html";
        let paths = read_list(list.as_bytes()).unwrap();
        assert_eq!(
            paths,
            [
                PathBuf::from("a.txt"),
                PathBuf::from("sub dir/b.pdf"),
                PathBuf::from("/abs/c.html")
            ]
        );
    }
}
