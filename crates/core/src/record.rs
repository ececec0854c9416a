//! Any synced record, whatever its kind: what sync, storage, import and export
//! handle without caring which kind it is.

use serde_json::Value;
use uuid::Uuid;

use crate::access::RecordFacts;
use crate::model::{Offering, Organisation, Professional};
use crate::validate::{Problem, parse_offering, parse_organisation, parse_professional};
use crate::vocab::RecordKind;

#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    // Boxed: an offering is several times the size of the other kinds.
    Offering(Box<Offering>),
    Organisation(Organisation),
    Professional(Professional),
}

impl Record {
    /// Parses and validates untrusted JSON as a record of `kind` (see
    /// [`crate::validate::parse_offering`]).
    pub fn parse(kind: RecordKind, json: &Value) -> Result<Record, Vec<Problem>> {
        Ok(match kind {
            RecordKind::Offering => Record::Offering(Box::new(parse_offering(json)?)),
            RecordKind::Organisation => Record::Organisation(parse_organisation(json)?),
            RecordKind::Professional => Record::Professional(parse_professional(json)?),
        })
    }

    /// Reads a record that was validated when it was stored.
    pub fn from_stored(kind: RecordKind, json: &str) -> serde_json::Result<Record> {
        Ok(match kind {
            RecordKind::Offering => Record::Offering(serde_json::from_str(json)?),
            RecordKind::Organisation => Record::Organisation(serde_json::from_str(json)?),
            RecordKind::Professional => Record::Professional(serde_json::from_str(json)?),
        })
    }

    pub fn kind(&self) -> RecordKind {
        match self {
            Record::Offering(_) => RecordKind::Offering,
            Record::Organisation(_) => RecordKind::Organisation,
            Record::Professional(_) => RecordKind::Professional,
        }
    }

    pub fn id(&self) -> Uuid {
        match self {
            Record::Offering(o) => o.id,
            Record::Organisation(o) => o.id,
            Record::Professional(p) => p.id,
        }
    }

    pub fn version(&self) -> u64 {
        match self {
            Record::Offering(o) => o.version,
            Record::Organisation(o) => o.version,
            Record::Professional(p) => p.version,
        }
    }

    pub fn set_version(&mut self, version: u64) {
        match self {
            Record::Offering(o) => o.version = version,
            Record::Organisation(o) => o.version = version,
            Record::Professional(p) => p.version = version,
        }
    }

    pub fn facts(&self) -> RecordFacts {
        match self {
            Record::Offering(o) => RecordFacts::of_offering(o),
            Record::Organisation(o) => RecordFacts::of_organisation(o),
            Record::Professional(p) => RecordFacts::of_professional(p),
        }
    }

    /// The record as an anonymous reader may see it, or `None` if not at all.
    pub fn public(&self) -> Option<Record> {
        match self {
            Record::Offering(o) => o.public().map(|o| Record::Offering(Box::new(o))),
            Record::Organisation(_) => Some(self.clone()),
            Record::Professional(_) => None,
        }
    }

    /// The offering as [`crate::access::Sight::Shared`] shows it; `None` for
    /// other kinds, which nobody sees so.
    pub fn shared(&self) -> Option<Record> {
        match self {
            Record::Offering(o) => Some(Record::Offering(Box::new(o.shared()))),
            _ => None,
        }
    }

    /// What of this record anyone may keep: the public projection of a record an
    /// anonymous reader receives, `None` for one they never see (a draft, the
    /// directory). What a device keeps when its account signs out.
    pub fn for_anyone(&self) -> Option<Record> {
        match crate::access::sight(None, &self.facts()) {
            crate::access::Sight::Public => self.public(),
            _ => None,
        }
    }

    pub fn to_json(&self) -> Value {
        let json = match self {
            Record::Offering(o) => serde_json::to_value(o),
            Record::Organisation(o) => serde_json::to_value(o),
            Record::Professional(p) => serde_json::to_value(p),
        };
        json.expect("records are plain data and always serialise")
    }
}
