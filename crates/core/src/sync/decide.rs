//! What the server does with one pushed mutation, given the record it holds: store a
//! new version, report a conflict, or reject it with a reason. Storage only has to
//! run this inside its write transaction and remember the answer.

use chrono::{DateTime, Utc};

use crate::access::{self, Actor};
use crate::record::Record;
use crate::validate::{Code, Problem};
use crate::vocab::Lang;
use crate::wire::{Mutation, Op, Rejection};

/// The record a store holds under the mutation's kind and id.
#[derive(Debug, Clone, Copy)]
pub struct Stored<'a> {
    pub version: u64,
    pub deleted: bool,
    /// The full record as stored (a tombstone keeps its last data).
    pub data: &'a str,
}

/// What to store: the whole record and what the access rules need from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub version: u64,
    pub deleted: bool,
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Write(Write),
    /// The stored version is not the one the edit was made on.
    Conflict,
    /// Not stored: an [`crate::wire::Outcome::Rejected`].
    Reject(Rejection),
}

/// Decides `mutation` by `actor` against `stored`, in the history named `epoch` (the
/// server's current one). Never panics on hostile input.
///
/// An edit made on another history (a `mutation.epoch` that is not `epoch`, with a
/// `base_version` from it) is a conflict: after a restore the same version number may
/// name other content, so it is never applied over it. A mutation without an epoch
/// (an API caller) is decided on its version alone.
pub fn decide(
    actor: &Actor,
    mutation: &Mutation,
    stored: Option<Stored<'_>>,
    epoch: &str,
) -> Decision {
    match try_decide(actor, mutation, stored, epoch) {
        Ok(decision) => decision,
        Err(problems) => Decision::Reject(rejection(problems)),
    }
}

fn try_decide(
    actor: &Actor,
    mutation: &Mutation,
    stored: Option<Stored<'_>>,
    epoch: &str,
) -> Result<Decision, Vec<Problem>> {
    let current = match stored {
        Some(stored) => Some(
            Record::from_stored(mutation.kind, stored.data)
                .map_err(|_| vec![Problem::new("id", Code::InvalidValue)])?,
        ),
        None => None,
    };
    let proposed = match mutation.op {
        Op::Upsert => Some(proposed_record(mutation)?),
        Op::Delete => None,
    };
    let current_facts = current.as_ref().map(Record::facts);
    let proposed_facts = proposed.as_ref().map(Record::facts);
    let check = |current: Option<&access::RecordFacts>| {
        access::check_write(
            actor,
            access::Change {
                current,
                proposed: proposed_facts.as_ref(),
            },
        )
        .map_err(|refusal| vec![refused(refusal)])
    };
    let mut status = check(current_facts.as_ref())?;
    // A deleted record brought back is a new one to the rules: a publisher's
    // offering waits for review again and publishers create no organisations (as
    // an edit of its tombstone it would skip both); it stays its organisation's,
    // checked above.
    if stored.is_some_and(|s| s.deleted) && proposed.is_some() {
        status = check(None)?;
    }

    let stored_version = stored.map_or(0, |s| s.version);
    let other_history = mutation.base_version > 0
        && mutation
            .epoch
            .as_deref()
            .is_some_and(|made_on| made_on != epoch);
    if other_history || stored_version != mutation.base_version {
        return Ok(Decision::Conflict);
    }
    let version = stored_version + 1;
    let (mut record, deleted) = match (proposed, current) {
        (Some(record), _) => (record, false),
        (None, Some(current)) => (current, true),
        (None, None) => return Err(vec![Problem::new("id", Code::NotFound)]),
    };
    if let (Record::Offering(offering), Some(status)) = (&mut record, status) {
        offering.status = status;
    }
    record.set_version(version);
    Ok(Decision::Write(Write {
        version,
        deleted,
        record,
    }))
}

fn proposed_record(mutation: &Mutation) -> Result<Record, Vec<Problem>> {
    let data = mutation
        .data
        .as_ref()
        .ok_or_else(|| vec![Problem::new("data", Code::Required)])?;
    let record = Record::parse(mutation.kind, data)?;
    if record.id() != mutation.id {
        return Err(vec![Problem::new("id", Code::IdMismatch)]);
    }
    Ok(record)
}

fn refused(refusal: access::Refusal) -> Problem {
    let code = match refusal {
        access::Refusal::ReadOnlyRole => Code::Forbidden,
        access::Refusal::NotYourOrganisation => Code::NotYourOrganisation,
    };
    Problem::new(refusal.field(), code)
}

/// The answer for a refused mutation: the first problem up front (API callers read
/// one field, code and message), and all of them for a form.
pub fn rejection(problems: Vec<Problem>) -> Rejection {
    let first = problems
        .first()
        .cloned()
        .unwrap_or_else(|| Problem::new(crate::validate::ROOT_FIELD, Code::InvalidValue));
    Rejection {
        field: first.field.clone(),
        code: first.code.clone(),
        message: first.text(Lang::En),
        problems,
    }
}

/// Sets on an offering about to be written the fields only the server decides, so
/// that no one can backdate, forward-date or sign them for someone else:
/// `updated_at` is `now`; `created_by` is `actor`'s account for a new (or revived)
/// offering and kept otherwise; `checked_on` ("a person confirmed it is still
/// right") moves only forward, to today or yesterday (in Amsterdam), which is
/// what the "still correct" action sends, and then `checked_by` is `actor`'s
/// account; anything else keeps the stored pair; `review_note` is written only by
/// a coordinator (others may clear it).
pub fn stamp(write: &mut Write, stored: Option<Stored<'_>>, actor: &Actor, now: DateTime<Utc>) {
    let Record::Offering(offering) = &mut write.record else {
        return;
    };
    if write.deleted {
        return;
    }
    let stored = stored.filter(|s| !s.deleted).and_then(|s| {
        match Record::from_stored(crate::vocab::RecordKind::Offering, s.data) {
            Ok(Record::Offering(before)) => Some(before),
            _ => None,
        }
    });
    let who = actor.account_id.to_string();
    let today = now.with_timezone(&crate::schedule::TIME_ZONE).date_naive();
    offering.updated_at = Some(now);
    let (checked_on, checked_by) = match &stored {
        Some(before) => (before.checked_on, before.checked_by.clone()),
        None => (None, None),
    };
    // What "still correct" sends is today's date; a day back allows for a device
    // clock around midnight, and nothing older can be claimed (a new offering
    // checked in 2020).
    let yesterday = today.pred_opt().unwrap_or(today);
    let confirmed = offering.checked_on.filter(|on| {
        (yesterday..=today).contains(on) && checked_on.is_none_or(|before| *on > before)
    });
    match confirmed {
        Some(on) => {
            offering.checked_on = Some(on);
            offering.checked_by = Some(who.clone());
        }
        None => {
            offering.checked_on = checked_on;
            offering.checked_by = checked_by;
        }
    }
    offering.created_by = match &stored {
        Some(before) => before.created_by.clone(),
        None => Some(who),
    };
    // A review note is the coordinator's word to the publisher, not the other
    // way round: a publisher may clear it (having done what it asked), not write it.
    if actor.role != crate::vocab::AccountRole::Coordinator && offering.review_note.is_some() {
        offering.review_note = stored
            .as_ref()
            .and_then(|before| before.review_note.clone());
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;
    use uuid::Uuid;

    use super::*;
    use crate::sample::{SAMPLE_ORGANISATION_ID, sample_offering, sample_professional};
    use crate::vocab::{AccountRole, RecordKind, Status};

    const EPOCH: &str = "0a1b2c3d4e5f6789";

    /// Decides in the history [`EPOCH`].
    fn decide(actor: &Actor, mutation: &Mutation, stored: Option<Stored<'_>>) -> Decision {
        super::decide(actor, mutation, stored, EPOCH)
    }

    fn publisher() -> Actor {
        Actor {
            account_id: Uuid::from_u128(7),
            role: AccountRole::Publisher,
            organisation_id: Some(SAMPLE_ORGANISATION_ID),
        }
    }

    fn upsert(data: Value, base_version: u64) -> Mutation {
        Mutation {
            mutation_id: Uuid::from_u128(1),
            op: Op::Upsert,
            kind: RecordKind::Offering,
            id: sample_offering().id,
            base_version,
            data: Some(data),
            epoch: None,
        }
    }

    fn stored_text() -> String {
        serde_json::to_string(&sample_offering()).unwrap()
    }

    /// `text` stored live as `version`.
    fn live(text: &str, version: u64) -> Stored<'_> {
        Stored {
            version,
            deleted: false,
            data: text,
        }
    }

    fn written(decision: Decision) -> Write {
        match decision {
            Decision::Write(write) => write,
            other => panic!("expected a write, got {other:?}"),
        }
    }

    fn rejected_code(decision: Decision) -> String {
        match decision {
            Decision::Reject(Rejection { code, .. }) => code,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    #[test]
    fn a_new_record_gets_version_one_and_waits_for_approval() {
        let data = serde_json::to_value(sample_offering()).unwrap();
        let write = written(decide(&publisher(), &upsert(data, 0), None));
        assert_eq!(write.version, 1);
        assert!(!write.deleted);
        let Record::Offering(offering) = write.record else {
            panic!("an offering")
        };
        assert_eq!(offering.version, 1);
        assert_eq!(offering.status, Status::PendingReview);
    }

    #[test]
    fn a_deleted_record_brought_back_by_a_publisher_is_new_again() {
        // A coordinator deleted the published offering: bringing it back, changed,
        // waits for review instead of going straight to residents.
        let text = stored_text();
        let tombstone = Stored {
            version: 2,
            deleted: true,
            data: &text,
        };
        let mut back = sample_offering();
        back.title = "Terug zonder controle".into();
        let mutation = upsert(serde_json::to_value(&back).unwrap(), 2);
        let write = written(decide(&publisher(), &mutation, Some(tombstone)));
        assert_eq!(write.record.facts().status, Some(Status::PendingReview));

        // Publishers create no organisations, also not by reviving a deleted one.
        let organisation = serde_json::to_string(&crate::sample::sample_organisation()).unwrap();
        let tombstone = Stored {
            version: 2,
            deleted: true,
            data: &organisation,
        };
        let mutation = Mutation {
            kind: RecordKind::Organisation,
            id: crate::sample::sample_organisation().id,
            ..upsert(serde_json::from_str(&organisation).unwrap(), 2)
        };
        assert_eq!(
            rejected_code(decide(&publisher(), &mutation, Some(tombstone))),
            "forbidden"
        );
    }

    #[test]
    fn an_edit_on_the_stored_version_is_written_with_the_next() {
        let text = stored_text();
        let stored = live(&text, 3);
        let mut edited = sample_offering();
        edited.title = "Wandelen in het park".into();
        let mutation = upsert(serde_json::to_value(&edited).unwrap(), 3);
        let write = written(decide(&publisher(), &mutation, Some(stored)));
        assert_eq!(write.version, 4);
        assert_eq!(write.record.facts().status, Some(Status::Published));
    }

    #[test]
    fn an_edit_on_an_older_version_conflicts() {
        let text = stored_text();
        let stored = live(&text, 3);
        let data = serde_json::to_value(sample_offering()).unwrap();
        for base in [0, 2, 4] {
            let decision = decide(&publisher(), &upsert(data.clone(), base), Some(stored));
            assert_eq!(decision, Decision::Conflict, "base {base}");
        }
    }

    #[test]
    fn an_edit_made_on_another_history_conflicts_even_on_the_same_version() {
        let text = stored_text();
        let stored = live(&text, 3);
        let data = serde_json::to_value(sample_offering()).unwrap();
        let on = |epoch: Option<&str>| Mutation {
            epoch: epoch.map(str::to_owned),
            ..upsert(data.clone(), 3)
        };
        let old = on(Some("ffff000011112222"));
        assert_eq!(decide(&publisher(), &old, Some(stored)), Decision::Conflict);
        let delete = Mutation {
            op: Op::Delete,
            data: None,
            ..old
        };
        assert_eq!(
            decide(&publisher(), &delete, Some(stored)),
            Decision::Conflict
        );
        // This history, or none named (an API caller): decided on the version.
        for epoch in [Some(EPOCH), None] {
            let write = written(decide(&publisher(), &on(epoch), Some(stored)));
            assert_eq!(write.version, 4, "{epoch:?}");
        }
        // A new record belongs to no history yet.
        let new = Mutation {
            epoch: Some("ffff000011112222".into()),
            ..upsert(data.clone(), 0)
        };
        assert_eq!(written(decide(&publisher(), &new, None)).version, 1);
        // Refusals still come first.
        let mut theirs = sample_offering();
        theirs.organisation_id = Some(Uuid::from_u128(99));
        let text = serde_json::to_string(&theirs).unwrap();
        let stored = live(&text, 3);
        let refused = decide(&publisher(), &on(Some("ffff000011112222")), Some(stored));
        assert_eq!(rejected_code(refused), "not_your_organisation");
    }

    #[test]
    fn a_delete_keeps_the_record_as_a_tombstone() {
        let text = stored_text();
        let stored = live(&text, 1);
        let mutation = Mutation {
            op: Op::Delete,
            data: None,
            ..upsert(Value::Null, 1)
        };
        let write = written(decide(&publisher(), &mutation, Some(stored)));
        assert!(write.deleted);
        assert_eq!(write.version, 2);
        let missing = decide(
            &publisher(),
            &Mutation {
                base_version: 0,
                ..mutation
            },
            None,
        );
        assert_eq!(rejected_code(missing), "not_found");
    }

    #[test]
    fn invalid_records_are_rejected_with_field_code_and_message() {
        let mut data = serde_json::to_value(sample_offering()).unwrap();
        data["title"] = "".into();
        match decide(&publisher(), &upsert(data, 0), None) {
            Decision::Reject(Rejection {
                field,
                code,
                message,
                problems,
            }) => {
                assert_eq!((field.as_str(), code.as_str()), ("title", "required"));
                assert!(!message.is_empty());
                assert!(!problems.is_empty());
            }
            other => panic!("expected a rejection, got {other:?}"),
        }
        let mutation = Mutation {
            data: None,
            ..upsert(Value::Null, 0)
        };
        assert_eq!(
            rejected_code(decide(&publisher(), &mutation, None)),
            "required"
        );
        let mut other_id = sample_offering();
        other_id.id = Uuid::from_u128(12345);
        let mutation = upsert(serde_json::to_value(other_id).unwrap(), 0);
        assert_eq!(
            rejected_code(decide(&publisher(), &mutation, None)),
            "id_mismatch"
        );
    }

    #[test]
    fn an_unfinished_draft_is_written_and_publishing_it_is_refused() {
        let mut draft = sample_offering();
        draft.status = Status::Draft;
        draft.summary.clear();
        draft.themes.clear();
        draft.contact.email = Some("trainer@".into());
        let data = serde_json::to_value(&draft).unwrap();
        let write = written(decide(&publisher(), &upsert(data.clone(), 0), None));
        assert_eq!(write.record.facts().status, Some(Status::Draft));
        assert_eq!(
            crate::access::sight(None, &write.record.facts()),
            crate::access::Sight::None
        );
        for status in ["published", "pending_review", "paused"] {
            let mut asked = data.clone();
            asked["status"] = status.into();
            let decision = decide(&publisher(), &upsert(asked, 0), None);
            assert_eq!(rejected_code(decision), "required", "{status}");
        }
    }

    #[test]
    fn refusals_come_before_conflicts() {
        let mut theirs = sample_offering();
        theirs.organisation_id = Some(Uuid::from_u128(99));
        let text = serde_json::to_string(&theirs).unwrap();
        let stored = live(&text, 5);
        let data = serde_json::to_value(sample_offering()).unwrap();
        let decision = decide(&publisher(), &upsert(data, 1), Some(stored));
        assert_eq!(rejected_code(decision), "not_your_organisation");
        let directory = Mutation {
            kind: RecordKind::Professional,
            id: sample_professional().id,
            data: Some(serde_json::to_value(sample_professional()).unwrap()),
            ..upsert(Value::Null, 0)
        };
        assert_eq!(
            rejected_code(decide(&publisher(), &directory, None)),
            "forbidden"
        );
    }

    #[test]
    fn the_server_sets_who_made_and_checked_it_and_when() {
        let now: DateTime<Utc> = "2026-12-06T10:00:00Z".parse().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let mut before = sample_offering();
        before.checked_on = chrono::NaiveDate::from_ymd_opt(2026, 9, 1);
        before.checked_by = Some("iemand".into());
        before.created_by = Some("de maker".into());
        let text = serde_json::to_string(&before).unwrap();
        let edit = |change: &dyn Fn(&mut crate::model::Offering)| {
            let mut sent = before.clone();
            change(&mut sent);
            let mutation = upsert(serde_json::to_value(&sent).unwrap(), 1);
            let mut write = written(decide(&publisher(), &mutation, Some(live(&text, 1))));
            stamp(&mut write, Some(live(&text, 1)), &publisher(), now);
            let Record::Offering(offering) = write.record else {
                panic!("an offering")
            };
            offering
        };
        // A date in the future, a date moved back, names of its own: all ignored.
        let forged = edit(&|o| {
            o.checked_on = chrono::NaiveDate::from_ymd_opt(2099, 1, 1);
            o.checked_by = Some("de directeur".into());
            o.created_by = Some("iemand anders".into());
            o.updated_at = Some("2001-01-01T00:00:00Z".parse().unwrap());
        });
        assert_eq!(forged.checked_on, before.checked_on);
        assert_eq!(forged.checked_by, before.checked_by);
        assert_eq!(forged.created_by, before.created_by);
        assert_eq!(forged.updated_at, Some(now));
        let back = edit(&|o| o.checked_on = chrono::NaiveDate::from_ymd_opt(2020, 1, 1));
        assert_eq!(back.checked_on, before.checked_on);
        // "Still correct" today: the date, signed by the account that said it.
        let confirmed = edit(&|o| o.checked_on = Some(today));
        assert_eq!(confirmed.checked_on, Some(today));
        assert_eq!(
            confirmed.checked_by,
            Some(publisher().account_id.to_string())
        );
        // A new offering is made by the account that sent it.
        let mut new = sample_offering();
        new.created_by = Some("iemand anders".into());
        new.checked_on = chrono::NaiveDate::from_ymd_opt(2099, 1, 1);
        let mutation = upsert(serde_json::to_value(&new).unwrap(), 0);
        let mut write = written(decide(&publisher(), &mutation, None));
        stamp(&mut write, None, &publisher(), now);
        let Record::Offering(made) = write.record else {
            panic!("an offering")
        };
        assert_eq!(made.created_by, Some(publisher().account_id.to_string()));
        assert_eq!(made.checked_on, None);
        // Nor can a new one claim it was checked years ago, or carry a review
        // note of its publisher's own.
        let mut old = sample_offering();
        old.checked_on = chrono::NaiveDate::from_ymd_opt(2020, 1, 1);
        old.review_note = Some("Goedgekeurd door de beheerder".into());
        let mutation = upsert(serde_json::to_value(&old).unwrap(), 0);
        let mut write = written(decide(&publisher(), &mutation, None));
        stamp(&mut write, None, &publisher(), now);
        let Record::Offering(made) = write.record else {
            panic!("an offering")
        };
        assert_eq!(made.checked_on, None);
        assert_eq!(made.review_note, None);
    }
}
