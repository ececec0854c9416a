//! Rows of the PostgreSQL store: reading them into the store's types, and the
//! row operations a push needs ([`WriteTx`]).

use chrono::{DateTime, Utc};
use tokio_postgres::Row;
use uuid::Uuid;
use wijkgids_core::review::LastPublished;
use wijkgids_core::vocab::{AccountRole, AccountStatus, RecordKind, Status, Vocabulary};
use wijkgids_core::wire::{Account, Initiative};

use crate::store::apply::{Remembered, Replaced, StatusDecision, Waiting, WriteTx, corrupt};
use crate::store::{
    DumpedAccount, DumpedMutation, NewSession, ResetState, StoreError, StoredRecord,
};

use super::client::{Owned, RecordRow, Sql, Tx, Value};

pub(super) use crate::store::{ACCOUNT_COLUMNS, AFTER_ACCOUNT, RECORD_COLUMNS};

/// A change number or version as stored (BIGINT); the store never hands out
/// one above `SEQ_MAX`.
pub(super) fn big(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn unsigned(row: &Row, index: usize) -> Result<u64, StoreError> {
    let n: i64 = row.try_get(index)?;
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative number {n}")))
}

fn code<T: Vocabulary>(row: &Row, index: usize, what: &str) -> Result<T, StoreError> {
    let text: &str = row.try_get(index)?;
    T::from_code(text).ok_or_else(|| corrupt(what, text))
}

fn optional_code<T: Vocabulary>(
    row: &Row,
    index: usize,
    what: &str,
) -> Result<Option<T>, StoreError> {
    match row.try_get::<_, Option<&str>>(index)? {
        None => Ok(None),
        Some(text) => T::from_code(text)
            .map(Some)
            .ok_or_else(|| corrupt(what, text)),
    }
}

pub(super) fn record(row: &Row) -> Result<StoredRecord, StoreError> {
    record_at(row, 0)
}

/// The [`RECORD_COLUMNS`] that start at column `at` of `row`.
pub(super) fn record_at(row: &Row, at: usize) -> Result<StoredRecord, StoreError> {
    Ok(StoredRecord {
        kind: code(row, at, "kind")?,
        id: row.try_get(at + 1)?,
        version: unsigned(row, at + 2)?,
        seq: unsigned(row, at + 3)?,
        deleted: row.try_get(at + 4)?,
        status: optional_code(row, at + 5, "status")?,
        organisation_id: row.try_get(at + 6)?,
        data: row.try_get(at + 7)?,
        public_data: row.try_get(at + 8)?,
        last_published: row.try_get(at + 9)?,
        shared_data: row.try_get(at + 10)?,
    })
}

pub(super) fn account(row: &Row) -> Result<Account, StoreError> {
    let initiative = match (row.try_get(8)?, row.try_get(9)?) {
        (Some(name), Some(description)) => Some(Initiative { name, description }),
        _ => None,
    };
    Ok(Account {
        id: row.try_get(0)?,
        email: row.try_get(1)?,
        role: code::<AccountRole>(row, 2, "role")?,
        organisation_id: row.try_get(3)?,
        status: code::<AccountStatus>(row, 4, "account status")?,
        name: row.try_get(5)?,
        message: row.try_get(6)?,
        reason: row.try_get(7)?,
        initiative,
    })
}

pub(super) fn get_record(
    client: &mut impl Sql,
    kind: RecordKind,
    id: Uuid,
) -> Result<Option<StoredRecord>, StoreError> {
    client
        .query_opt(
            &format!("SELECT {RECORD_COLUMNS} FROM records WHERE kind = $1 AND id = $2"),
            &[&kind.code(), &id],
        )?
        .as_ref()
        .map(record)
        .transpose()
}

pub(super) fn account_by_id(
    client: &mut impl Sql,
    id: Uuid,
) -> Result<Option<Account>, StoreError> {
    client
        .query_opt(
            &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1"),
            &[&id],
        )?
        .as_ref()
        .map(account)
        .transpose()
}

/// The last change number committed (under the counter's lock: the last handed out).
pub(super) fn max_seq(client: &mut impl Sql) -> Result<u64, StoreError> {
    unsigned(&client.query_one("SELECT seq FROM change_counter", &[])?, 0)
}

pub(super) fn meta(client: &mut impl Sql, key: &str) -> Result<Option<String>, StoreError> {
    Ok(client
        .query_opt("SELECT value FROM meta WHERE key = $1", &[&key])?
        .map(|row| row.get(0)))
}

pub(super) fn set_meta(client: &mut impl Sql, key: &str, value: &str) -> Result<(), StoreError> {
    client.execute(
        "INSERT INTO meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&key, &value],
    )?;
    Ok(())
}

/// A new random epoch (16 hex digits, as SQLite's `hex(randomblob(8))`).
pub(super) fn random_epoch() -> Result<String, StoreError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Damaged(format!("no randomness for a new epoch: {e}")))?;
    Ok(crate::auth::hex(&bytes))
}

/// Runs one statement of a [`WriteTx`] row operation.
fn run(tx: &mut Tx<'_>, sql: &str, values: &[Value<'_>]) -> Result<(), StoreError> {
    tx.execute(sql, values)?;
    Ok(())
}

/// A record's row with its `approval` (see [`Tx::record_row`]).
fn record_sql() -> String {
    format!("SELECT {RECORD_COLUMNS}, approval FROM records WHERE kind = $1 AND id = $2")
}

const REMEMBERED: &str = "SELECT version, seq, account_id, kind, record_id, outcome, rejection
     FROM mutations WHERE mutation_id = $1";

impl Tx<'_> {
    /// The row of record `kind` `id` with its `approval`: read ahead of the
    /// change counter's lock (and noted, see `counter.rs`) unless this
    /// transaction read it before and has not written it since.
    fn record_row(&mut self, kind: RecordKind, id: Uuid) -> Result<RecordRow, StoreError> {
        if let Some(row) = self.rows.get(&(kind.code(), id)) {
            return Ok(row.clone());
        }
        let sql = record_sql();
        let rows = self.query_ahead(&sql, &[&kind.code(), &id])?;
        self.note_record(kind, id, rows)
    }

    /// Keeps and notes the row of record `kind` `id` as read.
    fn note_record(
        &mut self,
        kind: RecordKind,
        id: Uuid,
        rows: Vec<Row>,
    ) -> Result<RecordRow, StoreError> {
        let row = match super::client::one_at_most(rows, "a record")? {
            Some(row) => Some((record(&row)?, row.try_get(11)?)),
            None => None,
        };
        self.saw_record(kind, id, row.as_ref().map(|(r, _)| r.seq));
        self.rows.insert((kind.code(), id), row.clone());
        Ok(row)
    }

    /// Notes the row of mutation `id` as read, and reads it.
    fn note_mutation(
        &mut self,
        id: Uuid,
        rows: Vec<Row>,
    ) -> Result<Option<Remembered>, StoreError> {
        let row = super::client::one_at_most(rows, REMEMBERED)?;
        self.saw_mutation(id, row.is_some());
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(Remembered {
            version: unsigned(&row, 0)?,
            seq: unsigned(&row, 1)?,
            account_id: row.try_get::<_, Uuid>(2)?.to_string(),
            kind: row.try_get(3)?,
            record_id: row.try_get::<_, Option<Uuid>>(4)?.map(|id| id.to_string()),
            outcome: row.try_get(5)?,
            rejection: row.try_get(6)?,
        }))
    }
}

impl WriteTx for Tx<'_> {
    fn last_seq(&mut self) -> Result<u64, StoreError> {
        self.hold()
    }

    fn mark(&mut self, key: &str) -> Result<bool, StoreError> {
        let inserted = self.execute(
            "INSERT INTO meta (key, value) VALUES ($1, '') ON CONFLICT (key) DO NOTHING",
            &[&key],
        )?;
        Ok(inserted > 0)
    }

    fn meta(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        meta(self, key)
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        set_meta(self, key, value)
    }

    fn record(&mut self, kind: RecordKind, id: Uuid) -> Result<Option<StoredRecord>, StoreError> {
        Ok(self.record_row(kind, id)?.map(|(record, _)| record))
    }

    fn replaced(&mut self, id: Uuid) -> Result<Replaced, StoreError> {
        let Some((row, approval)) = self.record_row(RecordKind::Offering, id)? else {
            return Ok(Replaced::default());
        };
        let kept = LastPublished {
            data: row.last_published,
            approval,
        };
        Ok(Replaced::of(row.status, row.deleted, row.data, kept))
    }

    /// Sent with the next statement or the commit.
    fn put(&mut self, r: &StoredRecord, approval: bool) -> Result<(), StoreError> {
        self.rows.remove(&(r.kind.code(), r.id));
        let values: Vec<Owned> = vec![
            Box::new(r.kind.code()),
            Box::new(r.id),
            Box::new(big(r.version)),
            Box::new(big(r.seq)),
            Box::new(r.deleted),
            Box::new(r.status.map(Status::code)),
            Box::new(r.organisation_id),
            Box::new(r.data.clone()),
            Box::new(r.public_data.clone()),
            Box::new(r.last_published.clone()),
            Box::new(approval),
            Box::new(r.shared_data.clone()),
        ];
        self.later(
            "INSERT INTO records (kind, id, version, seq, deleted, status, organisation_id, data,
                 public_data, last_published, approval, shared_data)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, seq = excluded.seq,
                 deleted = excluded.deleted, status = excluded.status,
                 organisation_id = excluded.organisation_id, data = excluded.data,
                 public_data = excluded.public_data, last_published = excluded.last_published,
                 approval = excluded.approval, shared_data = excluded.shared_data",
            values,
        )
    }

    /// Read ahead of the change counter's lock (see `counter.rs`).
    fn remembered(&mut self, mutation_id: Uuid) -> Result<Option<Remembered>, StoreError> {
        let rows = self.query_ahead(REMEMBERED, &[&mutation_id])?;
        self.note_mutation(mutation_id, rows)
    }

    /// Both in one round trip, ahead of the change counter's lock.
    fn remembered_and_record(
        &mut self,
        mutation_id: Uuid,
        kind: RecordKind,
        id: Uuid,
    ) -> Result<(Option<Remembered>, Option<StoredRecord>), StoreError> {
        if self.rows.contains_key(&(kind.code(), id)) {
            return Ok((self.remembered(mutation_id)?, self.record(kind, id)?));
        }
        let sql = record_sql();
        let (mutations, records) =
            self.query_ahead_pair((REMEMBERED, &[&mutation_id]), (&sql, &[&kind.code(), &id]))?;
        let remembered = self.note_mutation(mutation_id, mutations)?;
        let record = self.note_record(kind, id, records)?;
        Ok((remembered, record.map(|(record, _)| record)))
    }

    /// Sent with the next statement or the commit.
    fn remember(&mut self, m: &DumpedMutation) -> Result<(), StoreError> {
        self.later(
            "INSERT INTO mutations
             (mutation_id, account_id, version, seq, kind, record_id, outcome, rejection)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            vec![
                Box::new(m.mutation_id),
                Box::new(m.account_id),
                Box::new(big(m.version)),
                Box::new(big(m.seq)),
                Box::new(m.kind.clone()),
                Box::new(m.record_id),
                Box::new(m.outcome.clone()),
                Box::new(m.rejection.clone()),
            ],
        )
    }

    fn new_epoch(&mut self) -> Result<String, StoreError> {
        let epoch = random_epoch()?;
        set_meta(self, "epoch", &epoch)?;
        Ok(epoch)
    }

    fn count_rows(&mut self, table: &str) -> Result<u64, StoreError> {
        unsigned(
            &self.query_one(&format!("SELECT count(*) FROM {table}"), &[])?,
            0,
        )
    }

    fn insert_account(&mut self, a: &DumpedAccount) -> Result<bool, StoreError> {
        let account = &a.account;
        let inserted = self.execute(
            "INSERT INTO accounts (id, email, password_hash, role, organisation_id, status,
                 name, message, reason, requested_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                &account.id,
                &account.email,
                &a.password_hash,
                &account.role.code(),
                &account.organisation_id,
                &account.status.code(),
                &account.name,
                &account.message,
                &account.reason,
                &a.requested_at,
            ],
        );
        match inserted {
            Err(StoreError::Postgres(e))
                if e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) =>
            {
                Ok(false)
            }
            other => Ok(other? > 0),
        }
    }

    fn insert_initiative(&mut self, account: Uuid, kept: &Initiative) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO initiatives (account_id, name, description) VALUES ($1, $2, $3)",
            &[&account, &kept.name, &kept.description],
        )?;
        Ok(())
    }

    fn waiting_initiative(&mut self, account_id: Uuid) -> Result<Option<Waiting>, StoreError> {
        let waiting = self.query_opt(
            "SELECT i.name, i.description, a.organisation_id
             FROM initiatives i JOIN accounts a ON a.id = i.account_id
             WHERE i.account_id = $1",
            &[&account_id],
        )?;
        let Some(row) = waiting else {
            return Ok(None);
        };
        let initiative = Initiative {
            name: row.try_get(0)?,
            description: row.try_get(1)?,
        };
        Ok(Some((initiative, row.try_get(2)?)))
    }

    fn organisation_live(&mut self, id: Uuid) -> Result<bool, StoreError> {
        let known = self.query_opt(
            "SELECT 1 FROM records WHERE kind = $1 AND id = $2 AND NOT deleted",
            &[&RecordKind::Organisation.code(), &id],
        )?;
        Ok(known.is_some())
    }

    fn live_organisations(&mut self) -> Result<Vec<(Uuid, String)>, StoreError> {
        Ok(self
            .query(
                "SELECT id, data FROM records WHERE kind = $1 AND NOT deleted",
                &[&RecordKind::Organisation.code()],
            )?
            .into_iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect())
    }

    fn pending_initiatives(&mut self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .query(
                "SELECT i.name FROM initiatives i JOIN accounts a ON a.id = i.account_id
                 WHERE a.status = 'pending'",
                &[],
            )?
            .into_iter()
            .map(|row| row.get(0))
            .collect())
    }

    fn account(&mut self, id: Uuid) -> Result<Option<Account>, StoreError> {
        account_by_id(self, id)
    }

    fn set_status(&mut self, email: &str, status: AccountStatus) -> Result<u64, StoreError> {
        self.execute(
            "UPDATE accounts SET status = $2,
                 reason = CASE WHEN $2 = 'active' THEN NULL ELSE reason END
             WHERE lower(email) = lower($1)",
            &[&email, &status.code()],
        )
    }

    fn decide_status(&mut self, d: &StatusDecision<'_>) -> Result<u64, StoreError> {
        self.execute(
            "UPDATE accounts SET status = $3, reason = $4 WHERE id = $1 AND status = $2",
            &[&d.id, &d.from.code(), &d.to.code(), &d.reason],
        )
    }

    fn end_sessions_of(&mut self, email: &str) -> Result<(), StoreError> {
        self.execute(
            "DELETE FROM sessions WHERE account_id IN
                 (SELECT id FROM accounts WHERE lower(email) = lower($1))",
            &[&email],
        )?;
        Ok(())
    }

    fn delete_of(&mut self, table: &str, account_id: Uuid) -> Result<(), StoreError> {
        self.execute(
            &format!("DELETE FROM {table} WHERE account_id = $1"),
            &[&account_id],
        )?;
        Ok(())
    }

    fn put_token(&mut self, table: &str, id: Uuid, token: &NewSession) -> Result<(), StoreError> {
        let sql =
            format!("INSERT INTO {table} (token_hash, account_id, expires_at) VALUES ($1, $2, $3)");
        run(
            self,
            &sql,
            &[&token.token_hash, &id, &token.expires_at.timestamp()],
        )
    }

    fn sweep_sessions(&mut self, now: i64) -> Result<(), StoreError> {
        run(self, "DELETE FROM sessions WHERE expires_at <= $1", &[&now])
    }

    fn sweep_resets(&mut self, before: i64) -> Result<(), StoreError> {
        run(
            self,
            "DELETE FROM password_resets WHERE expires_at < $1",
            &[&before],
        )
    }

    fn drop_unused_resets(&mut self, id: Uuid) -> Result<(), StoreError> {
        let sql = "DELETE FROM password_resets WHERE account_id = $1 AND used_at IS NULL";
        run(self, sql, &[&id])
    }

    fn lock_active(&mut self, id: Uuid) -> Result<bool, StoreError> {
        let active = self.query_opt(
            "SELECT 1 FROM accounts WHERE id = $1 AND status = 'active' FOR UPDATE",
            &[&id],
        )?;
        Ok(active.is_some())
    }

    fn locked_link(&mut self, token: &str, now: DateTime<Utc>) -> Result<ResetState, StoreError> {
        super::password_resets::reset(self, token, now, true)
    }

    fn set_password(&mut self, id: Uuid, password_hash: &str) -> Result<(), StoreError> {
        let sql = "UPDATE accounts SET password_hash = $2 WHERE id = $1";
        run(self, sql, &[&id, &password_hash])
    }

    fn mark_used(&mut self, token: &str, now: i64) -> Result<(), StoreError> {
        let sql = "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1";
        run(self, sql, &[&token, &now])
    }

    fn forget_sign_ins(&mut self, email: &str) -> Result<(), StoreError> {
        crate::store::limits::forget_sign_ins(self, email)
    }
}
