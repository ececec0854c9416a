//! One-time password reset links: only the token's SHA-256 is stored (as for
//! sessions), with the account, the end of its day and when it was used. A used
//! or expired link is remembered for a while, so that opening it again says why
//! it no longer works.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use crate::store::accounts::{RESET_REMEMBERED, reset_state};

use super::{ACCOUNT_COLUMNS, AFTER_ACCOUNT, NewSession, ResetState, StoreError, account_from_row};

pub(super) fn insert(
    tx: &Transaction<'_>,
    token_hash: &str,
    account_id: Uuid,
    expires_at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let active: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM accounts WHERE id = ?1 AND status = 'active')",
        [account_id.to_string()],
        |row| row.get(0),
    )?;
    if !active {
        return Ok(false);
    }
    tx.execute(
        "DELETE FROM password_resets WHERE expires_at < ?1",
        [Utc::now().timestamp() - RESET_REMEMBERED],
    )?;
    // The newest link is the one the person was given: earlier ones stop working.
    tx.execute(
        "DELETE FROM password_resets WHERE account_id = ?1 AND used_at IS NULL",
        [account_id.to_string()],
    )?;
    tx.execute(
        "INSERT INTO password_resets (token_hash, account_id, expires_at) VALUES (?1, ?2, ?3)",
        params![token_hash, account_id.to_string(), expires_at.timestamp()],
    )?;
    Ok(true)
}

pub(super) fn state(
    conn: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<ResetState, StoreError> {
    let found = conn
        .query_row(
            &format!(
                "SELECT {ACCOUNT_COLUMNS}, r.expires_at, r.used_at
                 FROM password_resets r JOIN accounts a ON a.id = r.account_id
                 WHERE r.token_hash = ?1"
            ),
            [token_hash],
            |row| {
                Ok((
                    account_from_row(row)?,
                    row.get::<_, i64>(AFTER_ACCOUNT)?,
                    row.get::<_, Option<i64>>(AFTER_ACCOUNT + 1)?,
                ))
            },
        )
        .optional()?;
    let Some((account, expires_at, used_at)) = found else {
        return Ok(ResetState::Unknown);
    };
    Ok(reset_state(account, expires_at, used_at, now))
}

pub(super) fn use_link(
    tx: &Transaction<'_>,
    token_hash: &str,
    password_hash: &str,
    session: &NewSession,
    now: DateTime<Utc>,
) -> Result<ResetState, StoreError> {
    let found = state(tx, token_hash, now)?;
    let ResetState::Valid { account, .. } = &found else {
        return Ok(found);
    };
    let id = account.id.to_string();
    tx.execute(
        "UPDATE accounts SET password_hash = ?2 WHERE id = ?1",
        params![id, password_hash],
    )?;
    // Whoever knew the old password is signed out everywhere.
    tx.execute("DELETE FROM sessions WHERE account_id = ?1", [&id])?;
    tx.execute(
        "INSERT INTO sessions (token_hash, account_id, expires_at) VALUES (?1, ?2, ?3)",
        params![session.token_hash, id, session.expires_at.timestamp()],
    )?;
    tx.execute(
        "UPDATE password_resets SET used_at = ?2 WHERE token_hash = ?1",
        params![token_hash, now.timestamp()],
    )?;
    Ok(found)
}
