//! Initiatives named in account requests: kept beside the pending account, in no
//! pull, until a coordinator approves the account; then the initiative enters the
//! guide as the organisation the account names, with a change number like any
//! other write. A refused request leaves its row beside the refused account (a
//! coordinator may still change their mind) and nothing in the guide.

use rusqlite::{OptionalExtension, Transaction, params};
use uuid::Uuid;
use wijkgids_core::vocab::{RecordKind, Vocabulary};
use wijkgids_core::wire::Initiative;

use super::{StoreError, max_seq};
use crate::store::RequestedFor;
use crate::store::accounts::{self, initiative_kept};
use crate::store::apply::initiative_into_guide;

/// Refuses a request whose organisation is not in the guide, or whose new
/// initiative has the name of one that is, or of one another pending request
/// named.
pub(super) fn check_requested(
    tx: &Transaction<'_>,
    requested: &RequestedFor,
) -> Result<(), StoreError> {
    match requested {
        RequestedFor::Organisation(id) => {
            let known: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM records WHERE kind = ?1 AND id = ?2 AND deleted = 0)",
                params![RecordKind::Organisation.code(), id.to_string()],
                |row| row.get(0),
            )?;
            if known {
                Ok(())
            } else {
                Err(StoreError::UnknownOrganisation)
            }
        }
        RequestedFor::Initiative { initiative, .. } => check_name_free(tx, &initiative.name),
    }
}

fn check_name_free(tx: &Transaction<'_>, name: &str) -> Result<(), StoreError> {
    let organisations = tx
        .prepare("SELECT id, data FROM records WHERE kind = ?1 AND deleted = 0")?
        .query_map([RecordKind::Organisation.code()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?
        .map(|row| {
            let (id, data) = row?;
            let id = Uuid::parse_str(&id).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok((id, data))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let pending = tx
        .prepare(
            "SELECT i.name FROM initiatives i JOIN accounts a ON a.id = i.account_id
             WHERE a.status = 'pending'",
        )?
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    accounts::check_name_free(name, organisations, pending)
}

/// Keeps the initiative of a new request beside its account; returns it as stored.
pub(super) fn insert(
    tx: &Transaction<'_>,
    account_id: Uuid,
    requested: &RequestedFor,
) -> Result<Option<Initiative>, StoreError> {
    let Some(stored) = initiative_kept(requested) else {
        return Ok(None);
    };
    tx.execute(
        "INSERT INTO initiatives (account_id, name, description) VALUES (?1, ?2, ?3)",
        params![account_id.to_string(), stored.name, stored.description],
    )?;
    Ok(Some(stored))
}

/// The account `account_id` was approved: its initiative, if it was asked for
/// one, enters the guide as the organisation the account names. Returns the
/// change number handed out (0 if none).
pub(super) fn into_guide(tx: &mut Transaction<'_>, account_id: Uuid) -> Result<u64, StoreError> {
    let waiting: Option<(String, String, Option<String>)> = tx
        .query_row(
            "SELECT i.name, i.description, a.organisation_id
             FROM initiatives i JOIN accounts a ON a.id = i.account_id
             WHERE i.account_id = ?1",
            [account_id.to_string()],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let Some((name, description, Some(organisation_id))) = waiting else {
        return Ok(0);
    };
    let id = Uuid::parse_str(&organisation_id).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    tx.execute(
        "DELETE FROM initiatives WHERE account_id = ?1",
        [account_id.to_string()],
    )?;
    let last = max_seq(tx)?;
    initiative_into_guide(tx, id, Initiative { name, description }, last)
}
