//! Export and import of the whole guide as one JSON document (not accounts: their
//! password hashes stay in the database they were made in).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use wijkgids_core::record::Record;
use wijkgids_core::validate::Problem;
use wijkgids_core::vocab::RecordKind;

use crate::store::{Storage, StoreError};

/// Names the document, so an import refuses other JSON early.
pub const FORMAT: &str = "wijkgids-guide";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideDocument {
    pub format: String,
    pub version: String,
    #[serde(default)]
    pub organisations: Vec<Value>,
    #[serde(default)]
    pub professionals: Vec<Value>,
    #[serde(default)]
    pub offerings: Vec<Value>,
}

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("not a Wijkgids export: {0}")]
    NotAnExport(String),
    #[error("{} record(s) are not valid, nothing was imported:\n{}", .0.len(), .0.join("\n"))]
    Invalid(Vec<String>),
}

/// Every live record, grouped by kind, in change order.
pub fn export(store: &dyn Storage) -> Result<GuideDocument, TransferError> {
    let mut document = GuideDocument {
        format: FORMAT.into(),
        version: wijkgids_core::VERSION.into(),
        ..Default::default()
    };
    for row in store.live_records()? {
        let data =
            serde_json::from_str(&row.data).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        match row.kind {
            RecordKind::Organisation => document.organisations.push(data),
            RecordKind::Professional => document.professionals.push(data),
            RecordKind::Offering => document.offerings.push(data),
        }
    }
    Ok(document)
}

/// Validates every record of `text` and, only if all are valid, stores them as new
/// versions (clients pull them as ordinary changes). Records not in the document are
/// left as they are: an import never loses what is stored. Returns the count.
pub fn import(store: &dyn Storage, text: &str) -> Result<usize, TransferError> {
    let document: GuideDocument =
        serde_json::from_str(text).map_err(|e| TransferError::NotAnExport(e.to_string()))?;
    if document.format != FORMAT {
        return Err(TransferError::NotAnExport(format!(
            "format is {:?}, expected {FORMAT:?}",
            document.format
        )));
    }
    let groups = [
        (
            "organisations",
            RecordKind::Organisation,
            &document.organisations,
        ),
        (
            "professionals",
            RecordKind::Professional,
            &document.professionals,
        ),
        ("offerings", RecordKind::Offering, &document.offerings),
    ];
    let mut records = Vec::new();
    let mut invalid = Vec::new();
    for (name, kind, items) in groups {
        for (index, item) in items.iter().enumerate() {
            match Record::parse(kind, item) {
                Ok(record) => records.push(record),
                Err(problems) => invalid.extend(problems.iter().map(|p: &Problem| {
                    format!(
                        "{name}[{index}].{}: {} ({})",
                        p.field,
                        p.text(wijkgids_core::Lang::En),
                        p.code
                    )
                })),
            }
        }
    }
    if !invalid.is_empty() {
        return Err(TransferError::Invalid(invalid));
    }
    store.put_records(&records, None)?;
    Ok(records.len())
}
