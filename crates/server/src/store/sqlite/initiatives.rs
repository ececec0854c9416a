//! Initiatives named in account requests: kept beside the pending account, in no
//! pull, until a coordinator approves the account; then the initiative enters the
//! guide as the organisation the account names, with a change number like any
//! other write. A refused request leaves its row beside the refused account (a
//! coordinator may still change their mind) and nothing in the guide.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Deserialize;
use uuid::Uuid;
use wijkgids_core::record::Record;
use wijkgids_core::validate::same_organisation_name;
use wijkgids_core::vocab::{RecordKind, Vocabulary};
use wijkgids_core::wire::Initiative;

use super::{StoreError, get_record, max_seq, write_record};
use crate::store::RequestedFor;

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

/// Of an organisation's stored JSON, only what the name check reads.
#[derive(Deserialize)]
struct Named {
    name: String,
}

fn check_name_free(tx: &Transaction<'_>, name: &str) -> Result<(), StoreError> {
    let mut organisations =
        tx.prepare("SELECT id, data FROM records WHERE kind = ?1 AND deleted = 0")?;
    let mut rows = organisations.query([RecordKind::Organisation.code()])?;
    while let Some(row) = rows.next()? {
        let data: String = row.get(1)?;
        let named: Named =
            serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        if same_organisation_name(name, &named.name) {
            let id: String = row.get(0)?;
            return Err(StoreError::OrganisationExists {
                id: Uuid::parse_str(&id).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                name: named.name,
            });
        }
    }
    let mut pending = tx.prepare(
        "SELECT i.name FROM initiatives i JOIN accounts a ON a.id = i.account_id
         WHERE a.status = 'pending'",
    )?;
    let names = pending.query_map([], |row| row.get::<_, String>(0))?;
    for other in names {
        if same_organisation_name(name, &other?) {
            return Err(StoreError::InitiativeRequested);
        }
    }
    Ok(())
}

/// Keeps the initiative of a new request beside its account; returns it as stored.
pub(super) fn insert(
    tx: &Transaction<'_>,
    account_id: Uuid,
    requested: &RequestedFor,
) -> Result<Option<Initiative>, StoreError> {
    let RequestedFor::Initiative { initiative, .. } = requested else {
        return Ok(None);
    };
    let stored = Initiative {
        name: initiative.name.trim().to_owned(),
        description: initiative.description.trim().to_owned(),
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
pub(super) fn into_guide(tx: &Transaction<'_>, account_id: Uuid) -> Result<u64, StoreError> {
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
    // The id was new when the request came; never write over a record with it.
    if get_record(tx, RecordKind::Organisation, id)?.is_some() {
        return Ok(0);
    }
    let mut organisation = Initiative { name, description }.organisation(id);
    organisation.version = 1;
    let seq = max_seq(tx)? + 1;
    write_record(tx, &Record::Organisation(organisation), seq, false)?;
    Ok(seq)
}
