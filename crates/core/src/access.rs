//! Who may see and change which record: the one place that decides. The server
//! enforces it on every pull and push; the client uses the same rules to hide what
//! the server would refuse anyway.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{Offering, Organisation, Professional};
use crate::vocab::{AccountRole, RecordKind, Status};

/// A signed-in account, as far as access is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub account_id: Uuid,
    pub role: AccountRole,
    /// The organisation a publisher publishes for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<Uuid>,
}

impl Actor {
    /// The access side of a signed-in account.
    pub fn of(account: &crate::wire::Account) -> Actor {
        Actor {
            account_id: account.id,
            role: account.role,
            organisation_id: account.organisation_id,
        }
    }
}

/// What of a record a viewer receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// Nothing: the record reaches this viewer as a tombstone.
    None,
    /// The public projection (see [`public_projection`]).
    Public,
    /// The whole record but what only its own organisation and the coordinators
    /// keep: the review note, who made and who checked it
    /// ([`crate::model::Offering::shared`]). Other organisations' publishers and
    /// professionals see offerings so.
    Shared,
    /// The whole record.
    Full,
}

/// The facts about a record that access depends on, so a store can decide from
/// columns without reading the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordFacts {
    pub kind: RecordKind,
    /// Offerings only.
    pub status: Option<Status>,
    /// The owning organisation: an offering's organisation, an organisation itself.
    pub organisation_id: Option<Uuid>,
}

impl RecordFacts {
    pub fn of_offering(offering: &Offering) -> RecordFacts {
        RecordFacts {
            kind: RecordKind::Offering,
            status: Some(offering.status),
            organisation_id: offering.organisation_id,
        }
    }

    pub fn of_organisation(organisation: &Organisation) -> RecordFacts {
        RecordFacts {
            kind: RecordKind::Organisation,
            status: None,
            organisation_id: Some(organisation.id),
        }
    }

    pub fn of_professional(professional: &Professional) -> RecordFacts {
        RecordFacts {
            kind: RecordKind::Professional,
            status: None,
            organisation_id: professional.organisation_id,
        }
    }

    fn is_public_offering(&self) -> bool {
        matches!(self.status, Some(Status::Published | Status::Paused))
    }

    fn owned_by(&self, actor: &Actor) -> bool {
        actor.organisation_id.is_some() && self.organisation_id == actor.organisation_id
    }
}

/// What `viewer` (`None`: not signed in) may see of a record.
pub fn sight(viewer: Option<&Actor>, record: &RecordFacts) -> Sight {
    let Some(actor) = viewer else {
        return match record.kind {
            RecordKind::Offering if record.is_public_offering() => Sight::Public,
            RecordKind::Organisation => Sight::Public,
            _ => Sight::None,
        };
    };
    match (record.kind, actor.role) {
        (_, AccountRole::Coordinator) => Sight::Full,
        (RecordKind::Offering, AccountRole::Publisher) if record.owned_by(actor) => Sight::Full,
        (RecordKind::Offering, AccountRole::Publisher | AccountRole::Professional) => {
            if record.is_public_offering() {
                Sight::Shared
            } else {
                Sight::None
            }
        }
        (RecordKind::Organisation | RecordKind::Professional, _) => Sight::Full,
    }
}

/// Whether `viewer` receives, with a record, the last version of it residents saw
/// (`review::LastPublished`): coordinators, for an offering waiting for their
/// review, so they see what changed. Nobody else needs it.
pub fn sees_last_published(viewer: Option<&Actor>, record: &RecordFacts) -> bool {
    viewer.is_some_and(|a| a.role == AccountRole::Coordinator)
        && record.kind == RecordKind::Offering
        && record.status == Some(Status::PendingReview)
}

/// Whether `viewer` could see any record of `kind` at all; a pull leaves out what
/// they never could instead of sending it as tombstones.
pub fn can_ever_see(viewer: Option<&Actor>, kind: RecordKind) -> bool {
    viewer.is_some() || kind != RecordKind::Professional
}

/// Whether a reader in `role` (`None`: not signed in) receives an offering's
/// referral details: every signed-in role gets a published offering shared or
/// whole, anyone else its public projection, which has none. Screens show
/// referral details only then, whatever a device still holds.
pub fn sees_referrals(role: Option<AccountRole>) -> bool {
    role.is_some()
}

/// Whether a reader in `role` (`None`: not signed in) receives the directory of
/// professionals ([`can_ever_see`] the professionals); its screen lists them
/// only then, whatever a device still holds.
pub fn sees_directory(role: Option<AccountRole>) -> bool {
    role.is_some()
}

/// Why a change is refused. Codes are stable: API callers match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This role may not change this kind of record at all.
    ReadOnlyRole,
    /// The record belongs to another organisation.
    NotYourOrganisation,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::ReadOnlyRole => "forbidden",
            Refusal::NotYourOrganisation => "not_your_organisation",
        }
    }

    /// The field the refusal is about.
    pub fn field(self) -> &'static str {
        match self {
            Refusal::ReadOnlyRole => "kind",
            Refusal::NotYourOrganisation => "organisation_id",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Refusal::ReadOnlyRole => "your role may not change records of this kind",
            Refusal::NotYourOrganisation => "this record belongs to another organisation",
        }
    }
}

/// A proposed change: the record as stored now (if any) and as it would be after
/// (`None` for a delete).
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub current: Option<&'a RecordFacts>,
    pub proposed: Option<&'a RecordFacts>,
}

/// Whether `actor` may make `change`, and with which status a publisher's offering is
/// stored: a publisher cannot publish what a coordinator has not approved, so their
/// "published" becomes "pending review" until then.
pub fn check_write(actor: &Actor, change: Change<'_>) -> Result<Option<Status>, Refusal> {
    let proposed_status = change.proposed.and_then(|p| p.status);
    match actor.role {
        AccountRole::Coordinator => Ok(proposed_status),
        AccountRole::Professional => Err(Refusal::ReadOnlyRole),
        AccountRole::Publisher => {
            let facts = change.current.iter().chain(change.proposed.iter());
            let kind = change
                .current
                .or(change.proposed)
                .map(|f| f.kind)
                .unwrap_or(RecordKind::Offering);
            match kind {
                RecordKind::Professional => return Err(Refusal::ReadOnlyRole),
                // Their own organisation's details, but no new or deleted organisations.
                RecordKind::Organisation
                    if change.current.is_none() || change.proposed.is_none() =>
                {
                    return Err(Refusal::ReadOnlyRole);
                }
                _ => {}
            }
            for facts in facts {
                if !facts.owned_by(actor) {
                    return Err(Refusal::NotYourOrganisation);
                }
            }
            let was_approved = change.current.is_some_and(RecordFacts::is_public_offering);
            // Paused is public too: anything a reader would see waits for approval.
            Ok(match proposed_status {
                Some(Status::Published | Status::Paused) if !was_approved => {
                    Some(Status::PendingReview)
                }
                other => other,
            })
        }
    }
}

/// Whether `actor` may change a record of `kind` from `current` to `proposed`
/// (`None`: absent, or deleted), both as JSON, as [`check_write`] decides: for a
/// screen that offers only what the server would take.
pub fn may_write(
    actor: &Actor,
    kind: RecordKind,
    current: Option<&serde_json::Value>,
    proposed: Option<&serde_json::Value>,
) -> bool {
    let facts = |json: &serde_json::Value| {
        crate::record::Record::from_stored(kind, &json.to_string()).map(|r| r.facts())
    };
    let (Ok(current), Ok(proposed)) = (
        current.map(facts).transpose(),
        proposed.map(facts).transpose(),
    ) else {
        return false;
    };
    let change = Change {
        current: current.as_ref(),
        proposed: proposed.as_ref(),
    };
    check_write(actor, change).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{sample_organisation, sample_professional};
    use crate::vocab::Vocabulary;

    const ORG: Uuid = crate::sample::SAMPLE_ORGANISATION_ID;
    const OTHER_ORG: Uuid = Uuid::from_u128(99);

    #[test]
    fn screens_show_referrals_and_the_directory_to_whom_the_server_sends_them() {
        // A published offering of another organisation: its referral details come
        // with every sight but the public projection.
        let published = offering(Status::Published, OTHER_ORG);
        assert!(!sees_referrals(None));
        assert_eq!(sight(None, &published), Sight::Public);
        assert!(!sees_directory(None));
        assert!(!can_ever_see(None, RecordKind::Professional));
        for role in AccountRole::ALL {
            let viewer = actor(*role, Some(ORG));
            assert!(sees_referrals(Some(*role)), "{role:?}");
            assert_ne!(sight(Some(&viewer), &published), Sight::Public, "{role:?}");
            assert!(sees_directory(Some(*role)), "{role:?}");
            assert!(can_ever_see(Some(&viewer), RecordKind::Professional));
        }
    }

    fn actor(role: AccountRole, organisation_id: Option<Uuid>) -> Actor {
        Actor {
            account_id: Uuid::from_u128(1),
            role,
            organisation_id,
        }
    }

    fn offering(status: Status, organisation_id: Uuid) -> RecordFacts {
        RecordFacts {
            kind: RecordKind::Offering,
            status: Some(status),
            organisation_id: Some(organisation_id),
        }
    }

    #[test]
    fn anonymous_readers_see_public_offerings_and_organisations_only() {
        for &status in Status::ALL {
            let expected = if matches!(status, Status::Published | Status::Paused) {
                Sight::Public
            } else {
                Sight::None
            };
            assert_eq!(sight(None, &offering(status, ORG)), expected, "{status:?}");
        }
        let organisation = RecordFacts::of_organisation(&sample_organisation());
        assert_eq!(sight(None, &organisation), Sight::Public);
        let professional = RecordFacts::of_professional(&sample_professional());
        assert_eq!(sight(None, &professional), Sight::None);
    }

    #[test]
    fn signed_in_sight_depends_on_role_and_organisation() {
        let draft = offering(Status::Draft, ORG);
        let professional = actor(AccountRole::Professional, None);
        let publisher = actor(AccountRole::Publisher, Some(ORG));
        let other_publisher = actor(AccountRole::Publisher, Some(OTHER_ORG));
        let coordinator = actor(AccountRole::Coordinator, None);
        assert_eq!(sight(Some(&professional), &draft), Sight::None);
        assert_eq!(sight(Some(&publisher), &draft), Sight::Full);
        assert_eq!(sight(Some(&other_publisher), &draft), Sight::None);
        assert_eq!(sight(Some(&coordinator), &draft), Sight::Full);
        let published = offering(Status::Published, OTHER_ORG);
        for viewer in [professional, publisher, coordinator] {
            let directory = RecordFacts::of_professional(&sample_professional());
            assert_eq!(sight(Some(&viewer), &directory), Sight::Full);
        }
        // Review notes and who made and checked it: its own organisation and the
        // coordinators only (issue 20).
        assert_eq!(sight(Some(&coordinator), &published), Sight::Full);
        assert_eq!(sight(Some(&other_publisher), &published), Sight::Full);
        assert_eq!(sight(Some(&publisher), &published), Sight::Shared);
        assert_eq!(sight(Some(&professional), &published), Sight::Shared);
        let own_professional = actor(AccountRole::Professional, Some(OTHER_ORG));
        assert_eq!(sight(Some(&own_professional), &published), Sight::Shared);
    }

    #[test]
    fn only_coordinators_get_the_published_version_of_what_they_review() {
        let pending = offering(Status::PendingReview, ORG);
        let coordinator = actor(AccountRole::Coordinator, None);
        assert!(sees_last_published(Some(&coordinator), &pending));
        let publisher = actor(AccountRole::Publisher, Some(ORG));
        let professional = actor(AccountRole::Professional, None);
        for viewer in [None, Some(&publisher), Some(&professional)] {
            assert!(!sees_last_published(viewer, &pending), "{viewer:?}");
        }
        for &status in Status::ALL {
            let record = offering(status, ORG);
            let expected = status == Status::PendingReview;
            assert_eq!(sees_last_published(Some(&coordinator), &record), expected);
        }
        let organisation = RecordFacts::of_organisation(&sample_organisation());
        assert!(!sees_last_published(Some(&coordinator), &organisation));
    }

    #[test]
    fn professionals_only_read() {
        let professional = actor(AccountRole::Professional, Some(ORG));
        let mine = offering(Status::Draft, ORG);
        let change = Change {
            current: None,
            proposed: Some(&mine),
        };
        assert_eq!(
            check_write(&professional, change),
            Err(Refusal::ReadOnlyRole)
        );
    }

    #[test]
    fn publishers_write_only_their_own_organisations_offerings() {
        let publisher = actor(AccountRole::Publisher, Some(ORG));
        let mine = offering(Status::Draft, ORG);
        let theirs = offering(Status::Draft, OTHER_ORG);
        let create = |facts| Change {
            current: None,
            proposed: Some(facts),
        };
        assert_eq!(
            check_write(&publisher, create(&mine)),
            Ok(Some(Status::Draft))
        );
        assert_eq!(
            check_write(&publisher, create(&theirs)),
            Err(Refusal::NotYourOrganisation)
        );
        // Moving one's offering to another organisation is taking it from them.
        let moved = Change {
            current: Some(&theirs),
            proposed: Some(&mine),
        };
        assert_eq!(
            check_write(&publisher, moved),
            Err(Refusal::NotYourOrganisation)
        );
        let delete_theirs = Change {
            current: Some(&theirs),
            proposed: None,
        };
        assert_eq!(
            check_write(&publisher, delete_theirs),
            Err(Refusal::NotYourOrganisation)
        );
        let no_organisation = actor(AccountRole::Publisher, None);
        assert_eq!(
            check_write(&no_organisation, create(&mine)),
            Err(Refusal::NotYourOrganisation)
        );
    }

    #[test]
    fn a_publishers_new_offering_waits_for_approval() {
        let publisher = actor(AccountRole::Publisher, Some(ORG));
        let published = offering(Status::Published, ORG);
        let paused = offering(Status::Paused, ORG);
        let pending = offering(Status::PendingReview, ORG);
        let change = |current, proposed| Change {
            current,
            proposed: Some(proposed),
        };
        assert_eq!(
            check_write(&publisher, change(None, &published)),
            Ok(Some(Status::PendingReview))
        );
        assert_eq!(
            check_write(&publisher, change(Some(&pending), &published)),
            Ok(Some(Status::PendingReview)),
            "publishers cannot approve their own"
        );
        for status in [Status::Paused, Status::Published] {
            let public = offering(status, ORG);
            for current in [None, Some(&pending)] {
                let proposal = Change {
                    current,
                    proposed: Some(&public),
                };
                assert_eq!(
                    check_write(&publisher, proposal),
                    Ok(Some(Status::PendingReview)),
                    "{status:?} from {current:?} is public, so it waits for approval"
                );
            }
        }
        // Once approved, pausing and resuming is theirs to do.
        assert_eq!(
            check_write(&publisher, change(Some(&paused), &published)),
            Ok(Some(Status::Published))
        );
        let archived = offering(Status::Archived, ORG);
        assert_eq!(
            check_write(&publisher, change(Some(&published), &archived)),
            Ok(Some(Status::Archived))
        );
        let coordinator = actor(AccountRole::Coordinator, None);
        assert_eq!(
            check_write(&coordinator, change(Some(&pending), &published)),
            Ok(Some(Status::Published))
        );
    }

    #[test]
    fn publishers_edit_their_organisation_but_not_the_directory() {
        let publisher = actor(AccountRole::Publisher, Some(ORG));
        let organisation = RecordFacts::of_organisation(&sample_organisation());
        let edit = Change {
            current: Some(&organisation),
            proposed: Some(&organisation),
        };
        assert_eq!(check_write(&publisher, edit), Ok(None));
        let create = Change {
            current: None,
            proposed: Some(&organisation),
        };
        assert_eq!(check_write(&publisher, create), Err(Refusal::ReadOnlyRole));
        let directory = RecordFacts::of_professional(&sample_professional());
        let edit = Change {
            current: Some(&directory),
            proposed: Some(&directory),
        };
        assert_eq!(check_write(&publisher, edit), Err(Refusal::ReadOnlyRole));
    }

    #[test]
    fn may_write_reads_the_records_json() {
        let offering = crate::sample::sample_offering();
        let ours = serde_json::to_value(&offering).unwrap();
        let mut moved = ours.clone();
        moved["organisation_id"] = serde_json::json!(OTHER_ORG);
        let publisher = actor(AccountRole::Publisher, Some(ORG));
        let coordinator = actor(AccountRole::Coordinator, None);
        let kind = RecordKind::Offering;
        // Bringing back a removed offering with an edit; deleting it.
        assert!(may_write(&publisher, kind, Some(&ours), Some(&ours)));
        assert!(may_write(&publisher, kind, Some(&ours), None));
        assert!(!may_write(&publisher, kind, Some(&moved), Some(&moved)));
        assert!(!may_write(&publisher, kind, Some(&moved), None));
        assert!(may_write(&coordinator, kind, Some(&moved), Some(&moved)));
        let reader = actor(AccountRole::Professional, Some(ORG));
        assert!(!may_write(&reader, kind, Some(&ours), Some(&ours)));
        let account = crate::wire::Account {
            id: Uuid::from_u128(5),
            email: "a@example.org".into(),
            role: AccountRole::Publisher,
            organisation_id: Some(ORG),
            status: crate::vocab::AccountStatus::Active,
            name: None,
            message: None,
            reason: None,
            initiative: None,
        };
        assert_eq!(Actor::of(&account).organisation_id, Some(ORG));
        assert!(!may_write(
            &publisher,
            kind,
            Some(&serde_json::json!(1)),
            None
        ));
    }
}
