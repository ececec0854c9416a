//! Account rules that read stored rows the same way on every backend: whether a
//! new initiative's name is free, and where a password reset link stands.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;
use wijkgids_core::validate::same_organisation_name;
use wijkgids_core::vocab::{AccountRole, AccountStatus};
use wijkgids_core::wire::{Account, Initiative};

use super::{AccountRequestRecord, NewAccountRecord, RequestedFor, ResetState, StoreError};

/// How long a password reset link is remembered after its end, in seconds.
pub(super) const RESET_REMEMBERED: i64 = 30 * 24 * 60 * 60;

/// Of an organisation's stored JSON, only what the name check reads.
#[derive(Deserialize)]
struct Named {
    name: String,
}

/// Refuses `name` for a new initiative if a live organisation (`organisations`:
/// id and stored JSON) has it, or an initiative another pending request named
/// (`pending`).
pub(super) fn check_name_free(
    name: &str,
    organisations: impl IntoIterator<Item = (Uuid, String)>,
    pending: impl IntoIterator<Item = String>,
) -> Result<(), StoreError> {
    for (id, data) in organisations {
        let named: Named =
            serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if same_organisation_name(name, &named.name) {
            return Err(StoreError::OrganisationExists {
                id,
                name: named.name,
            });
        }
    }
    if pending
        .into_iter()
        .any(|other| same_organisation_name(name, &other))
    {
        return Err(StoreError::InitiativeRequested);
    }
    Ok(())
}

/// Where a stored link (of `account`, ending at `expires_at`, used at `used_at`,
/// in seconds) stands at `now`.
pub(super) fn reset_state(
    account: Account,
    expires_at: i64,
    used_at: Option<i64>,
    now: DateTime<Utc>,
) -> ResetState {
    if used_at.is_some() {
        ResetState::Used
    } else if expires_at <= now.timestamp() {
        ResetState::Expired
    } else if account.status != AccountStatus::Active {
        ResetState::Inactive
    } else {
        ResetState::Valid {
            account,
            expires_at: DateTime::from_timestamp(expires_at, 0).unwrap_or(now),
        }
    }
}

/// The account `new` makes: active at once.
pub(super) fn new_account(new: &NewAccountRecord) -> Account {
    Account {
        id: Uuid::new_v4(),
        email: new.email.clone(),
        role: new.role,
        organisation_id: new.organisation_id,
        status: AccountStatus::Active,
        name: None,
        message: None,
        reason: None,
        initiative: None,
    }
}

/// The pending publisher account `request` asks for (its initiative, if any,
/// is added once stored).
pub(super) fn requested_account(request: &AccountRequestRecord) -> Account {
    Account {
        id: Uuid::new_v4(),
        email: request.email.clone(),
        role: AccountRole::Publisher,
        organisation_id: Some(request.organisation.organisation_id()),
        status: AccountStatus::Pending,
        name: Some(request.name.clone()),
        message: request.message.clone(),
        reason: None,
        initiative: None,
    }
}

/// The initiative a request names, as it is kept: `None` if it names an
/// organisation in the guide.
pub(super) fn initiative_kept(requested: &RequestedFor) -> Option<Initiative> {
    let RequestedFor::Initiative { initiative, .. } = requested else {
        return None;
    };
    Some(Initiative {
        name: initiative.name.trim().to_owned(),
        description: initiative.description.trim().to_owned(),
    })
}
