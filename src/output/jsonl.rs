//! JSON Lines: one record, or one error record, a line.
//!
//! An error record keeps the record's schema and `source` (with `size`, `sha256` and the
//! sniffed `format` when the file could be read) and has an `error` object in place of the
//! extracted fields, so that a dataset accounts for every input.

use serde::Serialize;

use super::{Failure, Outcome};
use crate::model::Format;
use crate::record::SCHEMA;

#[derive(Serialize)]
struct ErrorRecord<'a> {
    schema: &'static str,
    source: ErrorSource<'a>,
    error: &'a Failure,
}

#[derive(Serialize)]
struct ErrorSource<'a> {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<Format>,
}

/// The outcome as JSON, ending in a newline; `pretty` for a single record on a terminal.
pub fn line(outcome: &Outcome, pretty: bool) -> Result<String, serde_json::Error> {
    let mut text = match &outcome.result {
        Ok(report) if pretty => serde_json::to_string_pretty(report)?,
        Ok(report) => serde_json::to_string(report)?,
        Err(failure) => serde_json::to_string(&ErrorRecord {
            schema: SCHEMA,
            source: ErrorSource {
                path: outcome.source_path(),
                size: failure.size,
                sha256: failure.sha256.as_deref(),
                format: failure.format,
            },
            error: failure,
        })?,
    };
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_record_names_the_file_kind_and_exit_code() {
        let outcome = Outcome {
            path: "a/b.pdf".into(),
            result: Err(Failure {
                kind: "corrupt",
                message: "a/b.pdf: corrupt: no trailer".into(),
                exit_code: 10,
                size: Some(12),
                sha256: Some("ab".into()),
                format: Some(Format::Pdf),
            }),
        };
        assert_eq!(
            line(&outcome, false).unwrap(),
            "{\"schema\":\"gongkai.report/1\",\"source\":{\"path\":\"a/b.pdf\",\"size\":12,\
             \"sha256\":\"ab\",\"format\":\"pdf\"},\"error\":{\"kind\":\"corrupt\",\
             \"message\":\"a/b.pdf: corrupt: no trailer\",\"exit_code\":10}}\n"
        );
    }
}
