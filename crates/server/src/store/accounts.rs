//! Account rules that read and write stored rows the same way on every backend
//! (over the row operations of [`WriteTx`]): a request and whether a new
//! initiative's name is free, a coordinator's decision and an approved
//! initiative entering the guide, an account's status, and where a password
//! reset link stands.
//!
//! Initiatives named in account requests are kept beside the pending account, in
//! no pull, until a coordinator approves the account; then the initiative enters
//! the guide as the organisation the account names, with a change number like
//! any other write. A refused request leaves its row beside the refused account
//! (a coordinator may still change their mind) and nothing in the guide.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;
use wijkgids_core::validate::same_organisation_name;
use wijkgids_core::vocab::{AccountRole, AccountStatus};
use wijkgids_core::wire::{Account, Initiative};

use super::apply::{StatusDecision, WriteTx, initiative_into_guide, insert_account};
use super::{
    AccountRequestRecord, DumpedAccount, NewAccountRecord, NewSession, RequestedFor, ResetState,
    StoreError,
};

/// How long a password reset link is remembered after its end, in seconds.
const RESET_REMEMBERED: i64 = 30 * 24 * 60 * 60;

/// Of an organisation's stored JSON, only what the name check reads.
#[derive(Deserialize)]
struct Named {
    name: String,
}

/// Refuses `name` for a new initiative if a live organisation (`organisations`:
/// id and stored JSON) has it, or an initiative another pending request named
/// (`pending`).
fn check_name_free(
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
fn initiative_kept(requested: &RequestedFor) -> Option<Initiative> {
    let RequestedFor::Initiative { initiative, .. } = requested else {
        return None;
    };
    Some(Initiative {
        name: initiative.name.trim().to_owned(),
        description: initiative.description.trim().to_owned(),
    })
}

/// Stores the pending account `request` asks for, with its initiative (see
/// [`Storage::request_account`](super::Storage::request_account)).
pub(super) fn request(
    tx: &mut (impl WriteTx + ?Sized),
    request: &AccountRequestRecord,
    account: &mut Account,
) -> Result<(), StoreError> {
    check_requested(tx, &request.organisation)?;
    let row = DumpedAccount {
        account: account.clone(),
        password_hash: request.password_hash.clone(),
        requested_at: Some(Utc::now().timestamp()),
    };
    insert_account(tx, &row)?;
    account.initiative = match initiative_kept(&request.organisation) {
        Some(kept) => {
            tx.insert_initiative(account.id, &kept)?;
            Some(kept)
        }
        None => None,
    };
    Ok(())
}

/// Refuses a request whose organisation is not in the guide, or whose new
/// initiative has the name of one that is, or of one another pending request
/// named.
fn check_requested(
    tx: &mut (impl WriteTx + ?Sized),
    requested: &RequestedFor,
) -> Result<(), StoreError> {
    match requested {
        RequestedFor::Organisation(id) => {
            if tx.organisation_live(*id)? {
                Ok(())
            } else {
                Err(StoreError::UnknownOrganisation)
            }
        }
        RequestedFor::Initiative { initiative, .. } => {
            let organisations = tx.live_organisations()?;
            let pending = tx.pending_initiatives()?;
            check_name_free(&initiative.name, organisations, pending)
        }
    }
}

/// A coordinator's decision (see
/// [`Storage::decide_account`](super::Storage::decide_account)): the account
/// as it is then, and the change number handed out (0 if none).
pub(super) fn decide(
    tx: &mut (impl WriteTx + ?Sized),
    decision: &StatusDecision<'_>,
) -> Result<(Option<Account>, u64), StoreError> {
    if tx.decide_status(decision)? == 0 {
        return Ok((None, 0));
    }
    let mut seq = 0;
    if decision.to == AccountStatus::Active {
        seq = into_guide(tx, decision.id)?;
    } else {
        tx.delete_of("sessions", decision.id)?;
    }
    Ok((tx.account(decision.id)?, seq))
}

/// The account `account_id` was approved: its initiative, if it was asked for
/// one, enters the guide as the organisation the account names. Returns the
/// change number handed out (0 if none).
fn into_guide(tx: &mut (impl WriteTx + ?Sized), account_id: Uuid) -> Result<u64, StoreError> {
    let Some((initiative, Some(id))) = tx.waiting_initiative(account_id)? else {
        return Ok(0);
    };
    tx.delete_of("initiatives", account_id)?;
    let last = tx.last_seq()?;
    initiative_into_guide(tx, id, initiative, last)
}

/// Sets the status of the account with address `email` (see
/// [`Storage::set_account_status`](super::Storage::set_account_status)):
/// whether there is one.
pub(super) fn set_status(
    tx: &mut (impl WriteTx + ?Sized),
    email: &str,
    status: AccountStatus,
) -> Result<bool, StoreError> {
    let changed = tx.set_status(email, status)?;
    if status != AccountStatus::Active {
        tx.end_sessions_of(email)?;
    } else if changed > 0 {
        tx.forget_sign_ins(email)?;
    }
    Ok(changed > 0)
}

/// Stores the one-time reset `link` for account `account_id` if it is active,
/// replacing its earlier links (see
/// [`Storage::insert_password_reset`](super::Storage::insert_password_reset)).
pub(super) fn insert_reset(
    tx: &mut (impl WriteTx + ?Sized),
    account_id: Uuid,
    link: &NewSession,
) -> Result<bool, StoreError> {
    if !tx.lock_active(account_id)? {
        return Ok(false);
    }
    tx.sweep_resets(Utc::now().timestamp() - RESET_REMEMBERED)?;
    // The newest link is the one the person was given: earlier ones stop working.
    tx.drop_unused_resets(account_id)?;
    tx.put_token("password_resets", account_id, link)?;
    Ok(true)
}
