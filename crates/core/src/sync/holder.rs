//! For whom a device holds what it holds: the account its server copies were
//! pulled for, checked against the session it holds now. A copy pulled for a
//! signed-in role may carry what only that role may see (referral details, the
//! directory of professionals); once the session is not that account's any more
//! (expired, ended on the server, another person signed in, signed out offline),
//! the device keeps only what anyone may see and pulls again as whoever is
//! signed in now. The device's clock is the only one it has offline, so a session
//! past its `expires_at` by that clock counts as ended.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::wire::Session;

/// The account a device's server copies were pulled for (`None`: anonymous).
/// A struct, so that "anonymous" is told apart from "not recorded".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulledFor {
    pub account: Option<Uuid>,
}

/// What a device knows at start about whom its store belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holds {
    /// Whom the copies were pulled for; `None`: not recorded (a device from
    /// before this was kept).
    pub pulled_for: Option<PulledFor>,
    /// The account whose unsent edits the outbox holds (`None`: nobody).
    pub outbox_owner: Option<Uuid>,
}

/// Whether `session` is still in force at `now`, by the device's clock.
pub fn in_force(session: &Session, now: DateTime<Utc>) -> bool {
    session.expires_at > now
}

/// The account of `session` while it is in force at `now`; `None`: signed out,
/// or the session has expired.
pub fn current_account(session: Option<&Session>, now: DateTime<Utc>) -> Option<Uuid> {
    session
        .filter(|session| in_force(session, now))
        .map(|session| session.account.id)
}

/// Whether the device, holding `holds`, must change account to `current` (the
/// account of the session in force; `None`: nobody): drop every copy to what
/// anyone may see, park the outbox for its owner, and pull again from the start.
/// So copies pulled for another account (or a role that has gone) never stay in
/// view, and an edit only ever goes out with its own author's session.
///
/// Not recorded, the copies are taken to be the outbox owner's: the device
/// changed both together whenever it changed account, so a resident's device
/// (anonymous, no owner) is not made to pull everything again.
pub fn must_change_account(holds: Holds, current: Option<Uuid>) -> bool {
    let pulled_for = holds
        .pulled_for
        .map_or(holds.outbox_owner, |pulled| pulled.account);
    pulled_for != current || holds.outbox_owner != current
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{AccountRole, AccountStatus};
    use crate::wire::Account;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn at(hour: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-03-01T{hour:02}:00:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    }

    fn session(account: Uuid, expires_at: DateTime<Utc>) -> Session {
        Session {
            token: "t".into(),
            expires_at,
            account: Account {
                id: account,
                email: "gp@example.org".into(),
                role: AccountRole::Professional,
                organisation_id: None,
                status: AccountStatus::Active,
                name: None,
                message: None,
                reason: None,
                initiative: None,
            },
        }
    }

    fn holds(pulled_for: Option<Option<Uuid>>, owner: Option<Uuid>) -> Holds {
        Holds {
            pulled_for: pulled_for.map(|account| PulledFor { account }),
            outbox_owner: owner,
        }
    }

    const A: u128 = 1;
    const B: u128 = 2;

    #[test]
    fn a_session_is_in_force_until_its_expiry_and_not_at_it() {
        let gp = session(id(A), at(12));
        assert_eq!(current_account(Some(&gp), at(11)), Some(id(A)));
        assert_eq!(current_account(Some(&gp), at(12)), None);
        assert_eq!(current_account(Some(&gp), at(13)), None);
        assert_eq!(current_account(None, at(11)), None);
    }

    #[test]
    fn the_same_account_in_force_keeps_everything() {
        let a = Some(id(A));
        assert!(!must_change_account(holds(Some(a), a), a));
    }

    #[test]
    fn an_expired_session_leaves_its_copies_and_edits_behind() {
        // Pulled for the GP, whose session expired while the app was closed:
        // signed out now, on or offline.
        let now = current_account(Some(&session(id(A), at(12))), at(13));
        let a = Some(id(A));
        assert!(must_change_account(holds(Some(a), a), now));
        // Also with nothing unsent.
        assert!(must_change_account(holds(Some(a), None), now));
    }

    #[test]
    fn another_person_signed_in_changes_account() {
        let (a, b) = (Some(id(A)), Some(id(B)));
        assert!(must_change_account(holds(Some(a), a), b));
        assert!(must_change_account(holds(Some(a), b), b));
    }

    #[test]
    fn anonymous_copies_are_pulled_again_for_a_signed_in_account() {
        // A change of account cut off before it was stored: the copies lack what
        // the account may see, and a pull from the held cursor would not bring it.
        let a = Some(id(A));
        assert!(must_change_account(holds(Some(None), a), a));
    }

    #[test]
    fn not_recorded_the_copies_are_the_outbox_owners() {
        let a = Some(id(A));
        // A resident's device: nothing to change, no pull from the start.
        assert!(!must_change_account(holds(None, None), None));
        // A GP still signed in: nothing to change.
        assert!(!must_change_account(holds(None, a), a));
        // The GP's session expired on a device from before: it changes.
        assert!(must_change_account(holds(None, a), None));
    }

    #[test]
    fn an_anonymous_device_stays_as_it_is() {
        assert!(!must_change_account(holds(Some(None), None), None));
    }
}
