//! An offering's life as its publisher sees it: which statuses need a complete
//! offering, and which actions the form offers in each status.
//!
//! A draft may be unfinished (a coach interrupted on the phone keeps what they
//! typed); what readers see, or will see once a coordinator approves it, must be
//! complete. The validator ([`crate::validate::validate_offering`]) and the form
//! both ask [`must_be_complete`], so the client and the server never disagree.

use crate::vocab::Status;

/// Whether an offering in `status` must be complete: readers see it (published,
/// paused) or will once it is approved (pending review). Drafts and archived
/// offerings, which no reader ever sees, may be unfinished.
pub fn must_be_complete(status: Status) -> bool {
    matches!(
        status,
        Status::PendingReview | Status::Published | Status::Paused
    )
}

/// How many months a published offering goes unchecked before a coordinator
/// is asked to look at it.
pub const STALE_MONTHS: u32 = 6;

/// Whether a coordinator should look at `offering` on `today`: residents see it
/// and nobody has said it is still right ([`Action::StillCurrent`]) for
/// [`STALE_MONTHS`]. One never checked counts from when it was last written
/// (the store stamps `updated_at`; the record holds no other date of its
/// coming in), so an offering imported or made a minute ago is new, not stale
/// (walkthrough: an import's offerings were listed as not checked for six
/// months).
pub fn needs_a_look(offering: &crate::Offering, today: chrono::NaiveDate) -> bool {
    use chrono::Months;
    if offering.status != Status::Published {
        return false;
    }
    let limit = today
        .checked_sub_months(Months::new(STALE_MONTHS))
        .unwrap_or(today);
    let since = offering.checked_on.or_else(|| {
        offering
            .updated_at
            .map(|at| at.with_timezone(&crate::schedule::TIME_ZONE).date_naive())
    });
    since.is_none_or(|date| date < limit)
}

/// What the form's buttons do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Keep the changes; the status stays what it is (a draft stays a draft).
    Save,
    /// Put it in the guide (for a publisher: once a coordinator approves it).
    Publish,
    /// Say it is still right ("Klopt nog"): saved with today as checked date.
    StillCurrent,
    /// Take it out of the guide for a while ("Tijdelijk stoppen").
    Pause,
    /// Put it away for good.
    Archive,
}

impl Action {
    /// The status the action asks for; `None` keeps the offering's own.
    pub fn status(self) -> Option<Status> {
        match self {
            Action::Save | Action::StillCurrent => None,
            Action::Publish => Some(Status::Published),
            Action::Pause => Some(Status::Paused),
            Action::Archive => Some(Status::Archived),
        }
    }

    /// Whether saving marks the offering as checked today.
    pub fn confirms(self) -> bool {
        matches!(self, Action::Publish | Action::StillCurrent)
    }

    /// The status an offering in `status` has after this action.
    pub fn result(self, status: Status) -> Status {
        self.status().unwrap_or(status)
    }
}

/// The actions that make sense for an offering in `status`, in the order the form
/// shows them; `saved` is false for a new offering nobody has saved yet.
///
/// A new or draft offering can be saved (unfinished) or published; a saved draft
/// can also be put away. One waiting for review only takes changes: publishing,
/// pausing or archiving it is the coordinator's review, not this form. A published
/// one can be confirmed, paused or archived; a paused or archived one published
/// again.
pub fn actions(status: Status, saved: bool) -> &'static [Action] {
    use Action::*;
    match status {
        _ if !saved => &[Save, Publish],
        Status::Draft => &[Save, Publish, Archive],
        Status::PendingReview => &[Save],
        Status::Published => &[Save, StillCurrent, Pause, Archive],
        Status::Paused => &[Save, Publish, Archive],
        Status::Archived => &[Save, Publish],
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    /// Checked long ago, or never and written long ago: a look; imported or
    /// made recently without a check: new, not stale; a draft: never.
    #[test]
    fn an_offering_needs_a_look_when_long_unchecked_not_when_new() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let at = |y, m, d| Some(Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap());
        let offering = |checked_on, updated_at| crate::Offering {
            status: Status::Published,
            checked_on,
            updated_at,
            ..crate::sample::sample_offering()
        };
        assert!(!needs_a_look(&offering(None, at(2026, 12, 6)), today));
        assert!(needs_a_look(&offering(None, at(2026, 5, 1)), today));
        assert!(needs_a_look(&offering(None, None), today));
        assert!(!needs_a_look(
            &offering(NaiveDate::from_ymd_opt(2026, 7, 1), at(2020, 1, 1)),
            today
        ));
        assert!(needs_a_look(
            &offering(NaiveDate::from_ymd_opt(2026, 5, 1), at(2026, 12, 1)),
            today
        ));
        let draft = crate::Offering {
            status: Status::Draft,
            ..offering(None, None)
        };
        assert!(!needs_a_look(&draft, today));
    }

    use super::*;
    use crate::vocab::Vocabulary;

    #[test]
    fn only_what_readers_see_or_will_see_must_be_complete() {
        let complete: Vec<_> = Status::ALL
            .iter()
            .filter(|s| must_be_complete(**s))
            .collect();
        assert_eq!(
            complete,
            [&Status::PendingReview, &Status::Published, &Status::Paused]
        );
        // The statuses a reader sees are among them (access decides the rest).
        for &status in Status::ALL {
            let facts = crate::access::RecordFacts {
                kind: crate::vocab::RecordKind::Offering,
                status: Some(status),
                organisation_id: None,
            };
            let public = crate::access::sight(None, &facts) != crate::access::Sight::None;
            assert!(!public || must_be_complete(status), "{status:?}");
        }
    }

    #[test]
    fn a_new_offering_is_saved_or_published_only() {
        for &status in Status::ALL {
            assert_eq!(actions(status, false), [Action::Save, Action::Publish]);
        }
    }

    #[test]
    fn waiting_for_review_only_takes_changes() {
        assert_eq!(actions(Status::PendingReview, true), [Action::Save]);
    }

    #[test]
    fn each_status_offers_what_it_can_become() {
        use Action::*;
        assert_eq!(actions(Status::Draft, true), [Save, Publish, Archive]);
        assert_eq!(
            actions(Status::Published, true),
            [Save, StillCurrent, Pause, Archive]
        );
        assert_eq!(actions(Status::Paused, true), [Save, Publish, Archive]);
        assert_eq!(actions(Status::Archived, true), [Save, Publish]);
        // Nothing offers to become what it already is, and "still current" only
        // for what is in the guide.
        for &status in Status::ALL {
            for action in actions(status, true) {
                assert!(
                    *action == Save || action.status() != Some(status),
                    "{status:?} {action:?}"
                );
                if *action == StillCurrent {
                    assert_eq!(status, Status::Published);
                }
            }
        }
    }

    #[test]
    fn saving_keeps_the_status_and_the_others_ask_for_theirs() {
        for &status in Status::ALL {
            assert_eq!(Action::Save.result(status), status);
            assert_eq!(Action::StillCurrent.result(status), status);
        }
        assert_eq!(Action::Publish.result(Status::Draft), Status::Published);
        assert_eq!(Action::Pause.result(Status::Published), Status::Paused);
        assert_eq!(Action::Archive.result(Status::Draft), Status::Archived);
        assert!(Action::StillCurrent.confirms() && Action::Publish.confirms());
        assert!(!Action::Save.confirms() && !Action::Pause.confirms());
    }
}
