//! `wijkgids-server copy` from and to SQLite: everything a [`Dump`] holds.

use rusqlite::Connection;
use uuid::Uuid;

use super::{ACCOUNT_COLUMNS, AFTER_ACCOUNT, RECORD_COLUMNS, account_from_row, record_from_row};
use crate::store::{Dump, DumpedAccount, DumpedMutation, StoreError};

fn uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|e| StoreError::Corrupt(format!("{text:?}: {e}")))
}

/// Reads everything in one read transaction (one consistent state).
pub(super) fn dump(conn: &Connection) -> Result<Dump, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let records = tx
        .prepare(&format!(
            "SELECT {RECORD_COLUMNS}, approval FROM records ORDER BY seq"
        ))?
        .query_map([], |r| Ok((record_from_row(r)?, r.get(11)?)))?
        .collect::<Result<_, _>>()?;
    let accounts = tx
        .prepare(&format!(
            "SELECT {ACCOUNT_COLUMNS}, a.password_hash, a.requested_at FROM accounts a"
        ))?
        .query_map([], |r| {
            Ok(DumpedAccount {
                account: account_from_row(r)?,
                password_hash: r.get(AFTER_ACCOUNT)?,
                requested_at: r.get(AFTER_ACCOUNT + 1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    type Row = (String, String, u64, u64, Option<String>, Option<String>);
    let mut mutations = Vec::new();
    let mut query = tx.prepare(
        "SELECT mutation_id, account_id, version, seq, kind, record_id, outcome, rejection
         FROM mutations",
    )?;
    let mut rows = query.query([])?;
    while let Some(r) = rows.next()? {
        let (id, account, version, seq, kind, record): Row = (
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        );
        mutations.push(DumpedMutation {
            mutation_id: uuid(&id)?,
            account_id: uuid(&account)?,
            version,
            seq,
            kind,
            record_id: record.as_deref().map(uuid).transpose()?,
            outcome: r.get(6)?,
            rejection: r.get(7)?,
        });
    }
    Ok(Dump {
        records,
        accounts,
        mutations,
    })
}
