//! One-time password reset links: only the token's SHA-256 is stored (as for
//! sessions), with the account, the end of its day and when it was used. A used
//! or expired link is remembered for a while, so that opening it again says why
//! it no longer works.

use crate::store::accounts::reset_state;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::{ACCOUNT_COLUMNS, AFTER_ACCOUNT, ResetState, StoreError, account_from_row};

/// Where the link with token hash `token_hash` stands at `now`.
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
