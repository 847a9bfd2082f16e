//! Reading back what an earlier, possibly killed, run wrote, for `--resume`.
//!
//! The JSON Lines output is the ledger: an input is done when a complete line (a record or an
//! error record) names its path. A last line without its newline, or one that is not JSON, was
//! cut off by the kill: it is removed, and that input is done again. CSV outputs are trimmed to
//! the inputs the ledger holds (the CSV rows of a record are written before its JSON line, so a
//! CSV may hold rows of the one input the ledger lacks); trimming writes a new file beside the
//! old one and renames it into place, so that it never loses the rows it keeps.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;

use super::sink::BOM;

#[derive(Deserialize)]
struct Head {
    source: HeadSource,
}

#[derive(Deserialize)]
struct HeadSource {
    path: String,
}

/// The paths a JSON Lines output holds, after cutting off a truncated last line. A file that
/// does not exist holds none.
pub fn finished(path: &Path) -> io::Result<HashSet<String>> {
    let mut done = HashSet::new();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(done),
        Err(e) => return Err(e),
    };
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("--resume needs a regular file"));
    }
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    let mut offset = 0u64;
    // Where the last good line ends, and whether something after it must go.
    let mut good_end = 0u64;
    let mut cut = false;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        offset += n as u64;
        let complete = line.last() == Some(&b'\n');
        match serde_json::from_slice::<Head>(&line) {
            Ok(head) if complete => {
                done.insert(head.source.path);
                good_end = offset;
                cut = false;
            }
            // A broken line is left alone unless nothing good follows it (checked at the end).
            _ => cut = true,
        }
    }
    if cut {
        OpenOptions::new()
            .write(true)
            .open(path)?
            .set_len(good_end)?;
    }
    Ok(done)
}

/// Keeps the header and the rows whose first column is in `keep`.
pub fn trim_csv(path: &Path, keep: &HashSet<String>) -> io::Result<()> {
    let path = match path.canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if !std::fs::metadata(&path)?.is_file() {
        return Ok(());
    }
    let mut input = BufReader::new(File::open(&path)?);
    let bom = input.fill_buf()?.starts_with(BOM);
    if bom {
        input.consume(BOM.len());
    }
    let name = path
        .file_name()
        .map_or("output".into(), |n| n.to_string_lossy());
    let temp = path.with_file_name(format!(".{name}.resume"));
    let result = (|| {
        let mut out = io::BufWriter::new(File::create(&temp)?);
        if bom {
            io::Write::write_all(&mut out, BOM)?;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut writer = csv::Writer::from_writer(out);
        let mut width = None;
        for record in reader.byte_records() {
            // A row the kill cut short ends the file.
            let Ok(record) = record else { break };
            let Some(w) = width else {
                width = Some(record.len());
                writer.write_byte_record(&record)?;
                continue;
            };
            let report = record.get(0).map(String::from_utf8_lossy);
            if record.len() == w && report.is_some_and(|r| keep.contains(r.as_ref())) {
                writer.write_byte_record(&record)?;
            }
        }
        writer.flush()?;
        let out = writer.into_inner().map_err(|e| e.into_error())?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&temp, &path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("gongkai-resume-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_cut_off_last_line_is_dropped_and_its_input_redone() {
        let dir = scratch("cut");
        let path = dir.join("out.jsonl");
        let a = "{\"schema\":\"gongkai.report/1\",\"source\":{\"path\":\"a.txt\"}}\n";
        let b = "{\"schema\":\"gongkai.report/1\",\"source\":{\"path\":\"b.txt\"},\"error\":{}}\n";
        std::fs::write(&path, format!("{a}{b}{{\"schema\":\"gongkai.rep")).unwrap();
        let done = finished(&path).unwrap();
        assert_eq!(
            done,
            HashSet::from(["a.txt".to_string(), "b.txt".to_string()])
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), format!("{a}{b}"));
        // A whole last line that lost only its newline is still redone.
        std::fs::write(&path, format!("{a}{}", b.trim_end())).unwrap();
        assert_eq!(finished(&path).unwrap().len(), 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), a);
        assert!(finished(&dir.join("absent.jsonl")).unwrap().is_empty());
    }

    #[test]
    fn csv_keeps_header_bom_and_the_rows_of_finished_inputs() {
        let dir = scratch("csv");
        let path = dir.join("out.csv");
        let text = "\u{feff}report,key,value\na.txt,k,1\nb.txt,k,2\n\"c,d.txt\",k,3\nb.txt,k,\"4";
        std::fs::write(&path, text).unwrap();
        let keep = HashSet::from(["a.txt".to_string(), "c,d.txt".to_string()]);
        trim_csv(&path, &keep).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "\u{feff}report,key,value\na.txt,k,1\n\"c,d.txt\",k,3\n"
        );
    }
}
