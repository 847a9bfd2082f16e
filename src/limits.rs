//! How much gongkai reads of one document before it refuses it, in one place.
//!
//! Crawlers save whatever a site serves: 200 MB scans, zip bombs, pages nested thousands deep.
//! Every limit here ends such a file with a `too_large` (or `timeout`) error naming the file and
//! the limit, instead of exhausting memory or time. The defaults sit far above any real annual
//! report (a handful of pages, well under 10 MB) and far below what would hurt a batch.

use std::time::Duration;

/// Limits on reading one document. The command line sets each from a flag or an environment
/// variable (`gongkai extract --help`); the library's default is [`Limits::default`].
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Bytes of a file read at most (`--max-file-size`, MiB): a larger file is refused before
    /// it is read.
    pub file_size: u64,
    /// Pages of a PDF (`--max-pages`).
    pub pages: u32,
    /// Bytes a document may inflate to (`--max-decompressed`, MiB): a DOCX's
    /// `word/document.xml`, and all the Flate streams of a PDF together. Counted while
    /// inflating, never trusted from a declared size, so a zip or deflate bomb stops here.
    pub decompressed: u64,
    /// Depth of nested elements in an HTML page or a DOCX's XML (`--max-nesting`). The HTML
    /// parser's work grows with the square of the depth; real pages nest a few dozen deep.
    pub nesting: usize,
    /// Wall-clock time for reading one document in the worker process (`--pdf-timeout`,
    /// seconds): every PDF, and text, HTML or DOCX files over
    /// [`IN_PROCESS_BYTES`](crate::backend::IN_PROCESS_BYTES). Smaller ones are read in
    /// process, in time about linear in their size (well under a second).
    pub timeout: Duration,
    /// Address space of the worker process (`--pdf-memory`, MiB).
    pub memory: u64,
}

/// One mebibyte.
pub const MIB: u64 = 1 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_size: 256 * MIB,
            pages: 1000,
            decompressed: 256 * MIB,
            nesting: 5000,
            timeout: Duration::from_secs(30),
            memory: 2048 * MIB,
        }
    }
}

/// Reads from `reader` at most `limit` bytes; `Ok(None)` when there were more, so that the
/// caller refuses the input rather than read a truncated one.
pub fn read_at_most(reader: impl std::io::Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut data = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut data)?;
    Ok((data.len() as u64 <= limit).then_some(data))
}

/// `bytes` as MiB for messages, rounded down (a limit set in MiB prints as set).
pub fn mib(bytes: u64) -> String {
    if bytes.is_multiple_of(MIB) || bytes >= 10 * MIB {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        let data = vec![7u8; 100];
        assert_eq!(read_at_most(&data[..], 100).unwrap(), Some(data.clone()));
        assert_eq!(read_at_most(&data[..], 99).unwrap(), None);
        // An endless reader ends at the limit.
        assert_eq!(read_at_most(std::io::repeat(1), 10).unwrap(), None);
    }

    #[test]
    fn limits_print_as_set() {
        assert_eq!(mib(64 * MIB), "64 MiB");
        assert_eq!(mib(1000), "1000 bytes");
    }
}
