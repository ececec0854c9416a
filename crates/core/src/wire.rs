//! The JSON documents of `/api/v1/`, shared by the server that writes them and the
//! client that reads them, so the two cannot drift apart.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::Organisation;
use crate::validate::{Code, Problem};
use crate::vocab::{AccountRole, AccountStatus, OrganisationKind, RecordKind};

/// `GET /api/v1/health`: the server answers, and with which version.
/// `GET /api/v1/public-guide`: every public offering and organisation as an
/// anonymous reader may see them, for the first screen of a device that has
/// never held the guide (it searches them while the guide loads).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PublicGuide {
    pub offerings: Vec<crate::model::Offering>,
    pub organisations: Vec<Organisation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Health {
    /// "ok" when the server and its database work.
    pub status: String,
    /// [`crate::VERSION`] of the server.
    pub version: String,
    /// Offerings stored on the server (any status).
    pub offerings: u64,
}

/// One record as it changed, in a pull page. `data` is absent for a tombstone: a
/// record deleted, or no longer visible to this reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "D: Deserialize<'de>"))]
pub struct Change<D = serde_json::Value> {
    pub kind: RecordKind,
    pub id: Uuid,
    pub version: u64,
    pub seq: u64,
    pub deleted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<D>,
    /// For a coordinator, with an offering waiting for their review: the last
    /// version of it residents saw (the whole record), to show what changed
    /// (`review::changes`). Absent when no version was public, and for anyone else
    /// (`access::sees_last_published`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_published: Option<D>,
}

/// `GET /api/v1/changes?cursor=..&limit=..`: the changes after the cursor, oldest
/// first, and the cursor to ask from next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "D: Deserialize<'de>"))]
pub struct ChangesPage<D = serde_json::Value> {
    pub changes: Vec<Change<D>>,
    pub cursor: String,
    pub has_more: bool,
}

/// A pull page's response header naming the cursor to ask from next, when there is
/// more (the same as the page's `cursor`): a client can ask for the next page as
/// soon as this one's headers arrive, while it still reads and stores this one.
pub const NEXT_CURSOR_HEADER: &str = "wijkgids-next-cursor";

/// `POST /api/v1/mutations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub client_id: Uuid,
    pub mutations: Vec<Mutation>,
}

/// One queued local change. `mutation_id` is chosen when the change is queued and
/// kept on every retry, so a retry has no second effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mutation {
    pub mutation_id: Uuid,
    pub op: Op,
    pub kind: RecordKind,
    pub id: Uuid,
    /// The version the edit was made on; 0 for a new record.
    #[serde(default)]
    pub base_version: u64,
    /// The whole record after the edit; absent for a delete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
    /// The history (the cursor's epoch) `base_version` belongs to. A server whose
    /// history was replaced since (a restore) answers a conflict, so an edit made
    /// on the old history is never applied over a version that only shares its
    /// number. Absent: the caller does not say (API callers), or a new record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Upsert,
    Delete,
}

/// The answer to one mutation, in the order they were sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<MutationResult>,
    /// The history (epoch) the answers come from: a client that moved on from it
    /// (a 410 since the push was sent) takes no copies from them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MutationResult {
    pub mutation_id: Uuid,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Stored with this version, as change `seq`.
    Applied { version: u64, seq: u64 },
    /// Already applied earlier (a retry): the first answer's version and seq.
    Duplicate { version: u64, seq: u64 },
    /// The record changed since `base_version`: the server's record as this client
    /// may see it (a tombstone if it was deleted or is hidden from them).
    Conflict { current: Change },
    /// Not stored, and retrying will not help.
    Rejected(Rejection),
}

/// Why a mutation was not stored: the first problem's field, code and message (what
/// an API caller reads), and every problem for a form to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejection {
    pub field: String,
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

impl Rejection {
    /// Every problem; the first alone when the list was left out.
    pub fn all_problems(&self) -> Vec<Problem> {
        if !self.problems.is_empty() {
            return self.problems.clone();
        }
        vec![Problem::from_answer(self.field.clone(), &self.code)]
    }

    /// Whether its author can fix the edit: not when the account may not make it
    /// at all, only when the record itself is not right.
    pub fn fixable(&self) -> bool {
        !self
            .all_problems()
            .iter()
            .any(|p| p.is(Code::Forbidden) || p.is(Code::NotYourOrganisation))
    }
}

/// Every API error response: what went wrong (a stable `code`), where (`field`, when
/// one field is to blame) and a sentence for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

/// `POST /api/v1/session`: sign in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

/// A new session: send `token` as `Authorization: Bearer <token>` until `expires_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub account: Account,
}

/// `GET /api/v1/me`, and accounts as a coordinator lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub role: AccountRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<Uuid>,
    pub status: AccountStatus,
    /// The person's name, as given in their request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What they wrote to the coordinator with their request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Why a coordinator rejected or blocked the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The initiative the request named, not in the guide yet: it becomes the
    /// organisation `organisation_id` when a coordinator approves the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiative: Option<Initiative>,
}

/// `POST /api/v1/accounts` (coordinators): a new account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    pub email: String,
    pub password: String,
    pub role: AccountRole,
    #[serde(default)]
    pub organisation_id: Option<Uuid>,
}

/// `POST /api/v1/account-requests` (anyone): asks for a publisher account for an
/// organisation in the guide (`organisation_id`), or for an initiative that is not
/// in it yet (`initiative`). The account is `pending` until a coordinator approves
/// it or rejects it with a reason; until then it cannot sign in, and a new
/// initiative is not in the guide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountRequest {
    pub email: String,
    pub password: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiative: Option<Initiative>,
    #[serde(default)]
    pub message: Option<String>,
}

/// A group of neighbours or volunteers that is not in the guide yet, as an
/// applicant names it: it becomes an organisation once a coordinator approves
/// their account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Initiative {
    pub name: String,
    /// What it does, in a sentence or two.
    pub description: String,
}

impl Initiative {
    /// The organisation it becomes in the guide, as `id`: a volunteer initiative
    /// with its name and description (a coordinator can add the rest later).
    pub fn organisation(&self, id: Uuid) -> Organisation {
        Organisation {
            id,
            version: 0,
            name: self.name.trim().to_owned(),
            description: self.description.trim().to_owned(),
            kind: OrganisationKind::Volunteer,
            website: None,
            email: None,
            phone: None,
            kvk: None,
        }
    }
}

/// `PATCH /api/v1/accounts/{id}` (coordinators): approve (`active`), reject
/// (`rejected`, with a `reason`), block or unblock an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountDecision {
    pub status: AccountStatus,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Where the app opens a password reset link; the token follows after `#`, so it
/// never reaches a server's log or another site's `Referer`.
pub const RESET_LINK_PATH: &str = "/nieuw-wachtwoord";

/// The link a coordinator passes on: `origin` (such as "https://wijkgids.nl") with
/// [`RESET_LINK_PATH`] and the token.
pub fn reset_link(origin: &str, token: &str) -> String {
    format!("{}{RESET_LINK_PATH}#{token}", origin.trim_end_matches('/'))
}

/// `POST /api/v1/accounts/{id}/password-reset` (coordinators): a one-time link for
/// someone who forgot their password, to pass on to them. It works once, until
/// `expires_at`; a newer link for the same account replaces it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResetLink {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/password-reset/check` (anyone): whether a reset link still works,
/// before its holder chooses a password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetToken {
    pub token: String,
}

/// The answer to [`ResetToken`]: whose password the link sets, and until when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResetLinkFor {
    pub email: String,
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/password-reset` (anyone with a link): sets a new password, ends
/// the account's sessions and answers a new [`Session`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub token: String,
    pub password: String,
}

/// The largest request body the server reads (413 above it): a push of
/// [`crate::sync::PUSH_MAX`] large offerings fits, and so does an HSDS import of
/// some 500 full services (about 8 KB each with their organization and terms);
/// a larger social map goes in parts, or through the command line.
pub const BODY_MAX: usize = 4 * 1024 * 1024;

/// `POST /api/v1/hsds-import` (coordinators): Open Referral HSDS 3.0 files to
/// bring into the guide, as the import command takes them: JSON files (a service,
/// an array of services, a page, an organization with its services) and/or the
/// CSV files of the tabular form (`services.csv`, `locations.csv`, ...,
/// `datapackage.json`). With `dry_run` nothing is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HsdsImport {
    pub files: Vec<HsdsFile>,
    #[serde(default)]
    pub dry_run: bool,
}

/// One uploaded file: its name (its extension says JSON or CSV) and its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HsdsFile {
    pub name: String,
    pub text: String,
}

/// The answer to [`HsdsImport`]: what was found, and what was (or, in a dry run,
/// would be) written. Any problem means nothing is written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HsdsImportReport {
    /// Whether the records in `changes` were written (one transaction).
    pub written: bool,
    /// Each stops the import, named by file and JSON path, or CSV file, row
    /// and column ("services.csv row 3, column status"), with a code.
    pub problems: Vec<HsdsFinding>,
    /// What could not be kept as it was, grouped by kind and field, the ones
    /// that matter most first; the import goes on.
    pub notes: Vec<HsdsNoteGroup>,
    /// The records that are new or changed (organisations first).
    pub changes: Vec<HsdsImported>,
    /// Offerings already stored exactly so: no new version.
    pub unchanged: usize,
    /// Organisations already stored exactly so (counted apart from offerings:
    /// walkthrough, "5 al zo" for a file of 5 offerings and their organisation
    /// read as 6 offerings).
    #[serde(default)]
    pub unchanged_organisations: usize,
}

/// One problem or note of an HSDS import, as codes an app can say in its
/// reader's language, and in English for the command line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HsdsFinding {
    /// Where: "kaart.json: contents[0].status", "schedules.csv row 2, column
    /// interval", or just the file (a program's form of `at`).
    pub place: String,
    /// Where, for a person: the file, the service (counted from 1, with its
    /// name), the field; or the CSV file, row and column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<crate::hsds::Place>,
    /// The field as the file names it, without positions ("status",
    /// "schedules.freq"); empty for a whole file.
    pub field: String,
    pub code: crate::hsds::Finding,
    /// The value found, when it says something ("open", "DAILY").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What the standard expects: the allowed values, a kind, a form or a limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// For [`crate::hsds::Finding::Guide`]: the guide's own problem (its field,
    /// code and text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide: Option<Problem>,
    /// In English, as the command line says it.
    pub message: String,
}

impl HsdsFinding {
    /// "place: message", as the command line prints it (the place as a person
    /// reads it, in English).
    pub fn text(&self) -> String {
        let place = self.place_text(crate::vocab::Lang::En);
        if place.is_empty() {
            self.message.clone()
        } else {
            format!("{place}: {}", self.message)
        }
    }

    /// The place as a person reads it, in `lang`.
    pub fn place_text(&self, lang: crate::vocab::Lang) -> String {
        match &self.at {
            Some(at) => at.text(lang),
            None => self.place.clone(),
        }
    }
}

/// Notes of one kind about one field: how many, and the first few values and
/// places ([`crate::hsds::group_notes`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HsdsNoteGroup {
    pub code: crate::hsds::Finding,
    pub field: String,
    pub count: usize,
    /// The first few distinct values found ([`crate::hsds::GROUP_NAMED`]).
    pub values: Vec<String>,
    /// How many distinct values there are in all.
    #[serde(default)]
    pub value_count: usize,
    /// The first few places ([`HsdsFinding::place`]), and the same as `at`.
    pub places: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub at: Vec<crate::hsds::Place>,
    /// The names of the first few services the notes are about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// The first few services without a name the notes are about (their
    /// position and id), after `services` (walkthrough: "Gaat over" left an
    /// unnamed service out without a word).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unnamed: Vec<crate::hsds::Place>,
    /// How many services in all.
    #[serde(default)]
    pub service_count: usize,
    /// The first note's English message.
    pub message: String,
}

/// A record an import creates or changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HsdsImported {
    pub kind: RecordKind,
    pub id: Uuid,
    /// The offering's title or the organisation's name.
    pub name: String,
    /// Not in the guide before (else a new version of what is there).
    pub new: bool,
    /// An offering residents would see that is not complete for the guide: it
    /// comes in as a draft, not shown to residents until a coordinator finishes it.
    #[serde(default)]
    pub draft: bool,
    /// For a draft: what it lacks, as the guide's validation says it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<Problem>,
    /// Where each of `missing` is (or would be) in the file, in the same order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_at: Vec<crate::hsds::Place>,
    /// For a changed record: the fields that change (paths, as
    /// `field_diff::field_label` names them for offerings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
    /// An organisation known by another id: the name of the one in the guide it
    /// was linked to (by KvK number or name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked: Option<String>,
    /// An offering without a name in the file or the guide: its position and
    /// id, for the report to name it as its places do ("dienst 3 (id …)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unnamed: Option<crate::hsds::Place>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_link_carries_its_token_after_the_hash() {
        assert_eq!(
            reset_link("https://wijkgids.example/", "ab12"),
            "https://wijkgids.example/nieuw-wachtwoord#ab12"
        );
    }

    #[test]
    fn an_initiative_becomes_a_valid_volunteer_organisation() {
        let initiative = Initiative {
            name: " Buurtmoestuin De Pluk ".into(),
            description: "Samen tuinieren.\nElke woensdag. ".into(),
        };
        let organisation = initiative.organisation(Uuid::from_u128(7));
        assert_eq!(organisation.name, "Buurtmoestuin De Pluk");
        assert_eq!(organisation.description, "Samen tuinieren.\nElke woensdag.");
        assert_eq!(organisation.kind, OrganisationKind::Volunteer);
        assert_eq!(
            crate::validate::validate_organisation(&organisation),
            vec![]
        );
    }

    #[test]
    fn a_request_names_an_organisation_or_an_initiative() {
        let old: AccountRequest = serde_json::from_value(serde_json::json!({
            "email": "a@example.org", "password": "p", "name": "A",
            "organisation_id": Uuid::from_u128(1),
        }))
        .unwrap();
        assert_eq!(old.organisation_id, Some(Uuid::from_u128(1)));
        assert_eq!(old.initiative, None);
        let new: AccountRequest = serde_json::from_value(serde_json::json!({
            "email": "a@example.org", "password": "p", "name": "A",
            "initiative": { "name": "De Pluk", "description": "Tuinieren" },
        }))
        .unwrap();
        assert_eq!(new.organisation_id, None);
        assert!(
            serde_json::from_value::<AccountRequest>(serde_json::json!({
                "email": "a@example.org", "password": "p", "name": "A",
                "initiative": { "name": "De Pluk", "description": "T", "kvk": "1" },
            }))
            .is_err()
        );
    }
}
