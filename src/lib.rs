//! gongkai reads China's government information-disclosure annual reports
//! (政府信息公开工作年度报告) and turns each into an audited, normalized record.
//!
//! The data flow is one pass per stage, each in its own module:
//!
//! 1. [`backend`]: bytes of a text, HTML, DOCX or PDF file → [`model::Document`],
//!    lines with cells, pages and line numbers;
//! 2. [`locate`]: title, agency, year, the six sections and the line range of each table;
//! 3. [`tables`]: each table's rows → codebook cells with raw text and position, per the
//!    [`template`] declarations;
//! 4. [`facts`]: numbers the prose states (申请 N 件, 行政复议 N 件 …);
//! 5. [`audit`]: identities, structural rules, prose against tables → [`finding::Finding`]s
//!    (and, over several reports, [`audit::across`]);
//! 6. [`record`]: the JSON record.
//!
//! The library does no I/O beyond [`extract_path`] and the [`batch`] engine with its [`output`]
//! writers; [`extract_bytes`] works on memory.

pub mod audit;
pub mod backend;
pub mod batch;
pub mod error;
pub mod facts;
pub mod finding;
pub mod legacy;
pub mod limits;
pub mod lite;
pub mod locate;
pub mod model;
pub mod normalize;
pub mod output;
pub mod record;
pub mod render;
pub mod tables;
pub mod template;
pub mod value;

use std::path::Path;

use sha2::{Digest, Sha256};

pub use backend::Options;
pub use error::{Error, Reject};
pub use limits::Limits;
use model::Document;
pub use record::Report;
use record::{Cells, Source, TableInfo, Tables};
use template::{Table, TemplateId};

/// Reads and extracts one file with the default limits (a PDF in this process: see
/// [`extract_path_with`]).
pub fn extract_path(path: &Path) -> Result<Report, Error> {
    extract_path_with(path, &Options::default())
}

/// Reads and extracts one file as `options` say: its [`Limits`], and PDFs in a worker process
/// for files that must not be able to take this process down.
pub fn extract_path_with(path: &Path, options: &Options) -> Result<Report, Error> {
    let bytes = read_file(path, options.limits.file_size)?;
    extract_bytes_with(&bytes, &path.display().to_string(), options).map_err(|r| r.at(path))
}

/// Reads a file whole, refusing one over `limit` bytes before reading it (and one that grew
/// past it while read).
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let too_large = |size| Error::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(too_large(size));
    }
    limits::read_at_most(file, limit)
        .map_err(io)?
        .ok_or_else(|| too_large(limit.saturating_add(1)))
}

/// The lowercase hex SHA-256 of `bytes`, as `source.sha256` has it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Extracts a report from bytes with the default limits; `path` is only recorded in `source`.
pub fn extract_bytes(bytes: &[u8], path: &str) -> Result<Report, Reject> {
    extract_bytes_with(bytes, path, &Options::default())
}

/// [`extract_bytes`] as `options` say.
pub fn extract_bytes_with(bytes: &[u8], path: &str, options: &Options) -> Result<Report, Reject> {
    if bytes.is_empty() {
        return Err(Reject::NotAReport(
            "the file is empty (a failed download?)".into(),
        ));
    }
    let doc = backend::read_with(bytes, options)?;
    let source = Source {
        path: path.to_string(),
        size: bytes.len() as u64,
        sha256: sha256_hex(bytes),
        format: doc.format,
        encoding: doc.encoding,
        pages: doc.pages,
    };
    extract_document(&doc, source)
}

/// Runs locate → tables → audit on a document.
pub fn extract_document(doc: &Document, source: Source) -> Result<Report, Reject> {
    let layout = locate::locate(doc);
    let year = layout.year;
    let region = |table| layout.regions.get(table);
    let active = region(Table::Active).map(|span| tables::active::read(doc, span));
    let prefer = active
        .as_ref()
        .and_then(|r| r.template)
        .or(year.and_then(TemplateId::for_year));
    let requests = region(Table::Requests).map(|span| tables::requests::read(doc, span, prefer));
    let review =
        region(Table::ReviewLitigation).map(|span| tables::review::read(doc, span, prefer));
    let mut reads: Vec<tables::TableRead> =
        [active, requests, review].into_iter().flatten().collect();
    let cell_count: usize = reads.iter().map(|r| r.cells.len()).sum();
    if layout.title.is_none() && layout.sections.is_empty() && cell_count == 0 {
        return Err(Reject::NotAReport(
            "no report title, no section of the national outline and no table were found".into(),
        ));
    }
    let template = reads
        .iter()
        .filter(|r| r.table.tells_templates_apart())
        .find_map(|r| r.template)
        .map(TemplateId::as_str)
        .unwrap_or(if layout.legacy { "legacy" } else { "unknown" });
    let mut findings: Vec<finding::Finding> = reads
        .iter_mut()
        .flat_map(|r| std::mem::take(&mut r.findings))
        .collect();
    let sentences = facts::sentences(doc);
    let mut facts = facts::from_sentences(&sentences);
    if layout.legacy {
        facts = legacy::facts(doc, &sentences, facts);
        findings.extend(legacy::audit(&facts));
    }
    findings.extend(audit::audit(
        &reads,
        &layout.sections,
        &facts,
        year,
        template == "legacy",
    ));
    let info = |t| {
        reads
            .iter()
            .find(|r| r.table == t)
            .map(TableInfo::from)
            .unwrap_or(TableInfo {
                template: None,
                cells: 0,
                first_line: None,
                last_line: None,
            })
    };
    let tables = Tables {
        active: info(Table::Active),
        requests: info(Table::Requests),
        review_litigation: info(Table::ReviewLitigation),
    };
    let cells = Cells(
        reads
            .into_iter()
            .flat_map(|r| r.cells)
            .map(|c| (c.key, c.cell))
            .collect(),
    );
    let title = layout.title;
    Ok(Report {
        schema: record::SCHEMA,
        source,
        agency_printed: title
            .as_ref()
            .filter(|t| t.agency != t.agency_printed)
            .map(|t| t.agency_printed.clone()),
        agency: title.as_ref().map(|t| t.agency.clone()),
        title: title.map(|t| t.text),
        year,
        template,
        tables,
        sections: layout.sections,
        cells,
        facts,
        findings,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
