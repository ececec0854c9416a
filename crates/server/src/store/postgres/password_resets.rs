//! Password reset links in PostgreSQL: where a link stands (the rules are
//! shared with SQLite in `store/accounts.rs`; see the SQLite store's
//! `password_resets.rs` for what they are).

use super::client::Sql;
use super::rows::{ACCOUNT_COLUMNS, AFTER_ACCOUNT, account};
use crate::store::accounts::reset_state;
use crate::store::{ResetState, StoreError};
use chrono::{DateTime, Utc};

/// Where the link stands; `lock` also locks its row until the transaction ends
/// (so of two uses at once, the second waits and then finds it used).
pub(super) fn reset(
    client: &mut impl Sql,
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
