//! Password reset links in PostgreSQL (the rules are shared with SQLite in
//! `store/accounts.rs`; see the SQLite store's `password_resets.rs` for what
//! they are).

use chrono::{DateTime, Utc};
use postgres::{GenericClient, Transaction};
use uuid::Uuid;

use super::rows::{ACCOUNT_COLUMNS, AFTER_ACCOUNT, account};
use crate::store::accounts::{RESET_REMEMBERED, reset_state};
use crate::store::{NewSession, ResetState, StoreError};

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
