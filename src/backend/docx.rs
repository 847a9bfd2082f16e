//! placeholder
use crate::error::Reject;
use crate::model::Document;
pub fn read(_bytes: &[u8]) -> Result<Document, Reject> {
    Err(Reject::Unsupported("todo".into()))
}
