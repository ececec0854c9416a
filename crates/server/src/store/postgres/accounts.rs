//! Initiatives named in account requests and password reset links, in
//! PostgreSQL (the rules are shared with SQLite in `store/accounts.rs`; see the
//! SQLite store's `initiatives.rs` and `password_resets.rs` for what they are).

use chrono::{DateTime, Utc};
use postgres::{GenericClient, Transaction};
use uuid::Uuid;
use wijkgids_core::vocab::{RecordKind, Vocabulary};
use wijkgids_core::wire::Initiative;

use super::rows::{ACCOUNT_COLUMNS, AFTER_ACCOUNT, account, max_seq};
use crate::store::accounts::{RESET_REMEMBERED, check_name_free, initiative_kept, reset_state};
use crate::store::apply::initiative_into_guide;
use crate::store::{NewSession, RequestedFor, ResetState, StoreError};

/// Refuses a request whose organisation is not in the guide, or whose new
/// initiative has the name of one that is, or of one another pending request named.
pub(super) fn check_requested(
    tx: &mut Transaction<'_>,
    requested: &RequestedFor,
) -> Result<(), StoreError> {
    match requested {
        RequestedFor::Organisation(id) => {
            let known = tx.query_opt(
                "SELECT 1 FROM records WHERE kind = $1 AND id = $2 AND NOT deleted",
                &[&RecordKind::Organisation.code(), id],
            )?;
            known.map(|_| ()).ok_or(StoreError::UnknownOrganisation)
        }
        RequestedFor::Initiative { initiative, .. } => {
            let organisations = tx
                .query(
                    "SELECT id, data FROM records WHERE kind = $1 AND NOT deleted",
                    &[&RecordKind::Organisation.code()],
                )?
                .into_iter()
                .map(|row| (row.get(0), row.get(1)));
            let pending = tx
                .query(
                    "SELECT i.name FROM initiatives i JOIN accounts a ON a.id = i.account_id
                     WHERE a.status = 'pending'",
                    &[],
                )?
                .into_iter()
                .map(|row| row.get(0));
            check_name_free(&initiative.name, organisations, pending)
        }
    }
}

/// Keeps the initiative of a new request beside its account; returns it as stored.
pub(super) fn insert(
    tx: &mut Transaction<'_>,
    account_id: Uuid,
    requested: &RequestedFor,
) -> Result<Option<Initiative>, StoreError> {
    let Some(stored) = initiative_kept(requested) else {
        return Ok(None);
    };
    tx.execute(
        "INSERT INTO initiatives (account_id, name, description) VALUES ($1, $2, $3)",
        &[&account_id, &stored.name, &stored.description],
    )?;
    Ok(Some(stored))
}

/// The account was approved: its initiative, if it was asked for one, enters
/// the guide as the organisation the account names. Returns the change number
/// handed out (0 if none).
pub(super) fn into_guide(tx: &mut Transaction<'_>, account_id: Uuid) -> Result<u64, StoreError> {
    let waiting = tx.query_opt(
        "SELECT i.name, i.description, a.organisation_id
         FROM initiatives i JOIN accounts a ON a.id = i.account_id
         WHERE i.account_id = $1",
        &[&account_id],
    )?;
    let Some(row) = waiting else {
        return Ok(0);
    };
    let (name, description, organisation_id): (String, String, Option<Uuid>) =
        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    let Some(id) = organisation_id else {
        return Ok(0);
    };
    tx.execute(
        "DELETE FROM initiatives WHERE account_id = $1",
        &[&account_id],
    )?;
    let last = max_seq(tx)?;
    initiative_into_guide(tx, id, Initiative { name, description }, last)
}

pub(super) fn insert_reset(
    tx: &mut Transaction<'_>,
    token_hash: &str,
    account_id: Uuid,
    expires_at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let active = tx.query_opt(
        "SELECT 1 FROM accounts WHERE id = $1 AND status = 'active' FOR UPDATE",
        &[&account_id],
    )?;
    if active.is_none() {
        return Ok(false);
    }
    tx.execute(
        "DELETE FROM password_resets WHERE expires_at < $1",
        &[&(Utc::now().timestamp() - RESET_REMEMBERED)],
    )?;
    // The newest link is the one the person was given: earlier ones stop working.
    tx.execute(
        "DELETE FROM password_resets WHERE account_id = $1 AND used_at IS NULL",
        &[&account_id],
    )?;
    tx.execute(
        "INSERT INTO password_resets (token_hash, account_id, expires_at) VALUES ($1, $2, $3)",
        &[&token_hash, &account_id, &expires_at.timestamp()],
    )?;
    Ok(true)
}

/// Where the link stands; `lock` also locks its row until the transaction ends
/// (so of two uses at once, the second waits and then finds it used).
pub(super) fn reset(
    client: &mut impl GenericClient,
    token_hash: &str,
    now: DateTime<Utc>,
    lock: bool,
) -> Result<ResetState, StoreError> {
    let found = client.query_opt(
        &format!(
            "SELECT {ACCOUNT_COLUMNS}, r.expires_at, r.used_at
             FROM password_resets r JOIN accounts a ON a.id = r.account_id
             WHERE r.token_hash = $1 {}",
            if lock { "FOR UPDATE OF r, a" } else { "" }
        ),
        &[&token_hash],
    )?;
    let Some(row) = found else {
        return Ok(ResetState::Unknown);
    };
    Ok(reset_state(
        account(&row)?,
        row.try_get(AFTER_ACCOUNT)?,
        row.try_get(AFTER_ACCOUNT + 1)?,
        now,
    ))
}

pub(super) fn use_reset(
    tx: &mut Transaction<'_>,
    token_hash: &str,
    password_hash: &str,
    session: &NewSession,
    now: DateTime<Utc>,
) -> Result<ResetState, StoreError> {
    let found = reset(tx, token_hash, now, true)?;
    let ResetState::Valid { account, .. } = &found else {
        return Ok(found);
    };
    tx.execute(
        "UPDATE accounts SET password_hash = $2 WHERE id = $1",
        &[&account.id, &password_hash],
    )?;
    // Whoever knew the old password is signed out everywhere.
    tx.execute("DELETE FROM sessions WHERE account_id = $1", &[&account.id])?;
    tx.execute(
        "INSERT INTO sessions (token_hash, account_id, expires_at) VALUES ($1, $2, $3)",
        &[
            &session.token_hash,
            &account.id,
            &session.expires_at.timestamp(),
        ],
    )?;
    tx.execute(
        "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1",
        &[&token_hash, &now.timestamp()],
    )?;
    Ok(found)
}
