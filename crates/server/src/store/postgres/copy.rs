//! `wijkgids-server copy` from and to PostgreSQL: everything a [`Dump`] holds.

use super::client::{Conn, Sql};
use super::counter::Counter;
use super::rows::{ACCOUNT_COLUMNS, AFTER_ACCOUNT, RECORD_COLUMNS, account, record};
use crate::store::{Dump, DumpedAccount, DumpedMutation, StoreError};

fn unsigned(n: i64) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative number {n}")))
}

/// Reads everything in one read-only snapshot (one consistent state).
pub(super) fn dump(conn: &mut Conn<'_>) -> Result<Dump, StoreError> {
    let mut tx = conn.transaction_with(
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        Counter::Unused,
    );
    let records = tx
        .query(
            &format!("SELECT {RECORD_COLUMNS}, approval FROM records ORDER BY seq"),
            &[],
        )?
        .iter()
        .map(|row| Ok((record(row)?, row.try_get(11)?)))
        .collect::<Result<_, StoreError>>()?;
    let accounts = tx
        .query(
            &format!("SELECT {ACCOUNT_COLUMNS}, a.password_hash, a.requested_at FROM accounts a"),
            &[],
        )?
        .iter()
        .map(|row| {
            Ok(DumpedAccount {
                account: account(row)?,
                password_hash: row.try_get(AFTER_ACCOUNT)?,
                requested_at: row.try_get(AFTER_ACCOUNT + 1)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let mutations = tx
        .query(
            "SELECT mutation_id, account_id, version, seq, kind, record_id, outcome, rejection
             FROM mutations",
            &[],
        )?
        .iter()
        .map(|row| {
            Ok(DumpedMutation {
                mutation_id: row.try_get(0)?,
                account_id: row.try_get(1)?,
                version: unsigned(row.try_get(2)?)?,
                seq: unsigned(row.try_get(3)?)?,
                kind: row.try_get(4)?,
                record_id: row.try_get(5)?,
                outcome: row.try_get(6)?,
                rejection: row.try_get(7)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    tx.commit()?;
    Ok(Dump {
        records,
        accounts,
        mutations,
    })
}
