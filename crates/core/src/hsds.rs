//! Open Referral HSDS 3.0 (the standard for human-service directories) both
//! ways: an offering is a `service` (with its schedules, place, phones, contact,
//! cost, languages and taxonomy attributes), an organisation an `organization`,
//! our vocabularies are `taxonomy` / `taxonomy_term` with ids that never change.
//! The mapping is the table in `docs/HSDS.md`.
//!
//! Only the public projection leaves (the one an anonymous pull gets), so
//! referral details and the directory of professionals never do. What HSDS has no
//! field for travels as attributes of our extension taxonomy, so a Wijkgids reads
//! its own export back unchanged; what it cannot say plainly is also written as
//! text and named in a [`Note`].

mod export;
mod import;
mod report;
mod taxonomy;
#[cfg(test)]
mod tests;
mod types;

pub use export::{
    attribute_terms, coded_terms, location_id, organization, service, service_at_location_ids,
};
pub use import::{
    KnownOrganisations, NO_ORGANISATION_KIND, OFFERING_TABLES, SCHEDULE_NOTES_HEADING,
    fill_stored_organisation, keep_live, keep_stored_offering, keep_unsaid, name_key,
    offering_from_service, organisation_from_organization, parse_service,
};
pub use report::{
    CSV_FILES, Finding, GROUP_NAMED, Place, field_of, given, group_notes, money, our_field, quoted,
};
pub use taxonomy::{
    EXTENSION_TERMS, NAMESPACE, Vocab, taxonomies, taxonomy_terms, term_by_id, vocab_by_id,
};
pub use types::{
    Accessibility, Address, Attribute, Contact, CostOption, Language, Location, Organization,
    OrganizationIdentifier, Page, Phone, Schedule, Service, ServiceAtLocation, Taxonomy,
    TaxonomyTerm,
};

use crate::model::Offering;
use crate::record::Record;
use crate::vocab::Status;

/// The HSDS version served and read.
pub const HSDS_VERSION: &str = "3.0";

/// org-id.guide's code for the Dutch Chamber of Commerce register.
pub const KVK_SCHEME: &str = "NL-KVK";

/// Something HSDS could not say as we hold it, or that an import could not keep:
/// where (a JSON path, or our field), its kind, the value found, and what was
/// done instead (in English).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Note {
    pub path: String,
    pub code: Finding,
    pub value: Option<String>,
    pub message: String,
}

impl Note {
    pub fn new(path: impl Into<String>, code: Finding, message: impl Into<String>) -> Note {
        Note {
            path: path.into(),
            code,
            value: None,
            message: message.into(),
        }
    }

    /// With the value found.
    pub fn value(mut self, value: impl Into<String>) -> Note {
        self.value = Some(value.into());
        self
    }
}

/// The offering as an anonymous reader receives it (`access::sight` with no
/// viewer, then the public projection), or `None`.
pub fn public_offering(offering: &Offering) -> Option<Offering> {
    match Record::Offering(Box::new(offering.clone())).for_anyone()? {
        Record::Offering(o) => Some(*o),
        _ => None,
    }
}

/// HSDS `service.status` of a status residents may see.
pub fn status_code(status: Status) -> &'static str {
    match status {
        Status::Published => "active",
        Status::Paused => "temporarily closed",
        // Never public; an export of everything would say so.
        Status::Draft | Status::PendingReview | Status::Archived => "inactive",
    }
}

/// ISO 639-3 for Dutch Sign Language ("sgn" is only the collective code).
fn language_code_out(language: crate::vocab::Language) -> &'static str {
    use crate::vocab::{Language, Vocabulary};
    match language {
        Language::SignLanguageNl => "dse",
        other => other.code(),
    }
}

fn language_in(code: &str) -> Option<crate::vocab::Language> {
    use crate::vocab::{Language, Vocabulary};
    match code.trim().to_ascii_lowercase().as_str() {
        "dse" | "sgn" => Some(Language::SignLanguageNl),
        "nld" | "dut" => Some(Language::Dutch),
        "eng" => Some(Language::English),
        other => Language::from_code(other),
    }
}
