//! The embedded SQLite backend: one file, WAL, schema upgrades by `user_version`.
//! One writer connection (SQLite has one writer; a mutex is the honest model of
//! that) and a pool of readers that never wait for it.

mod copy;
mod limits;
mod password_resets;
mod restore;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use uuid::Uuid;
use wijkgids_core::review::LastPublished;
use wijkgids_core::sync::Cursor;
use wijkgids_core::vocab::{AccountRole, AccountStatus, RecordKind, Status, Vocabulary};
use wijkgids_core::wire::{Account, Initiative};

pub use super::apply::SEQ_MAX;
use super::apply::{
    self, Remembered, Replaced, StatusDecision, Waiting, WriteTx, corrupt, stored_record,
    switch_epoch,
};
use super::history::{DataLock, note_history, read_history};
use super::{
    ACCOUNT_COLUMNS, AFTER_ACCOUNT, AccountRecord, DumpedAccount, DumpedMutation, NewSession,
    RECORD_COLUMNS, RecordRow, ResetState, Storage, StoreError, StoredRecord, Texts, lock,
};
pub use restore::Restored;

/// Schema steps, applied in order; the index + 1 is the `user_version` after it.
const MIGRATIONS: &[Migration] = &[
    // 1: synced records of every kind, with the pull cursor `seq` (see SYNC.md).
    Migration::Sql(
        "CREATE TABLE records (
            kind    TEXT    NOT NULL,
            id      TEXT    NOT NULL,
            version INTEGER NOT NULL,
            seq     INTEGER NOT NULL UNIQUE,
            deleted INTEGER NOT NULL DEFAULT 0,
            data    TEXT    NOT NULL,
            PRIMARY KEY (kind, id)
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    ),
    // 2: what access is decided on, the anonymous projection, accounts, sessions,
    // remembered mutations, and the epoch of this database's history.
    Migration::Sql(
        "ALTER TABLE records ADD COLUMN status TEXT;
        ALTER TABLE records ADD COLUMN organisation_id TEXT;
        ALTER TABLE records ADD COLUMN public_data TEXT;
        CREATE TABLE accounts (
            id              TEXT PRIMARY KEY,
            email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash   TEXT NOT NULL,
            role            TEXT NOT NULL,
            organisation_id TEXT,
            status          TEXT NOT NULL
        );
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            expires_at INTEGER NOT NULL
        );
        CREATE TABLE mutations (
            mutation_id TEXT PRIMARY KEY,
            account_id  TEXT NOT NULL,
            version     INTEGER NOT NULL,
            seq         INTEGER NOT NULL
        );
        INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', lower(hex(randomblob(8))));",
    ),
    // Fills the columns of step 2 for records stored before it.
    Migration::Code(fill_access_columns),
    // 4: publisher account requests: the person's name and note to the coordinator,
    // the coordinator's reason for a rejection or block, and when they asked (the
    // queue's order). Existing accounts keep working with these empty.
    Migration::Sql(
        "ALTER TABLE accounts ADD COLUMN name TEXT;
        ALTER TABLE accounts ADD COLUMN message TEXT;
        ALTER TABLE accounts ADD COLUMN reason TEXT;
        ALTER TABLE accounts ADD COLUMN requested_at INTEGER;",
    ),
    // 5: the record a remembered mutation wrote, so that a mutation id sent again
    // for another record (or by another account) is refused, not taken for a
    // retry. Rows of before this step have none and are checked on the account only.
    Migration::Sql(
        "ALTER TABLE mutations ADD COLUMN kind TEXT;
        ALTER TABLE mutations ADD COLUMN record_id TEXT;",
    ),
    // 6: initiatives named in account requests, not in the guide until a
    // coordinator approves the account (then they become the organisation the
    // account names, and their row goes).
    Migration::Sql(
        "CREATE TABLE initiatives (
            account_id  TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
            name        TEXT NOT NULL,
            description TEXT NOT NULL
        );",
    ),
    // 7: one-time password reset links (the token's SHA-256 only, as for
    // sessions); a used one is kept a while, to say so when it is opened again.
    Migration::Sql(
        "CREATE TABLE password_resets (
            token_hash TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            expires_at INTEGER NOT NULL,
            used_at    INTEGER
        );
        CREATE INDEX password_resets_account ON password_resets (account_id);",
    ),
    // 8: an offering's last version residents saw, while they see another or none,
    // and whether the current version is an approval (`core::review::LastPublished`):
    // what a coordinator compares a version waiting for review with. Unknown for
    // what was stored before this step.
    Migration::Sql(
        "ALTER TABLE records ADD COLUMN last_published TEXT;
        ALTER TABLE records ADD COLUMN approval INTEGER NOT NULL DEFAULT 0;",
    ),
    // 9: an offering as signed-in people outside its organisation see it, without
    // its review note and who made and checked it (`core::access::Sight::Shared`).
    Migration::Sql("ALTER TABLE records ADD COLUMN shared_data TEXT;"),
    // Fills it for the offerings stored before.
    Migration::Code(fill_shared_data),
    // 10: every mutation id's first answer, not only an applied one: `conflict`, or
    // `rejected` with the rejection as JSON (NULL: applied). A late copy of a
    // mutation answered conflict, arriving after its author resolved the conflict
    // with a new mutation, was otherwise applied over that resolution.
    Migration::Sql(
        "ALTER TABLE mutations ADD COLUMN outcome TEXT;
        ALTER TABLE mutations ADD COLUMN rejection TEXT;",
    ),
    // 11: what anyone may try without an account, counted here instead of in the
    // server's memory: kept across restarts, and `user unblock` clears an
    // account's counts itself.
    Migration::Sql(super::limits::TABLE),
    // 12: live records counted by kind from an index (`count_live`), without
    // reading the rows: 190 ms at 50,000 offerings, which a new visitor's
    // first screen waited for (`public_index`).
    Migration::Sql("CREATE INDEX records_live ON records (kind, deleted);"),
];

enum Migration {
    Sql(&'static str),
    Code(fn(&Transaction<'_>) -> Result<(), StoreError>),
}

pub struct SqliteStorage {
    path: std::path::PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// The epoch in `meta`, kept here because every pull asks for it. It changes
    /// only under the writer's lock, in the transaction that writes the new one to
    /// `meta`, and here once that has committed (a rollback noticed at run time).
    epoch: RwLock<String>,
    /// The last change number noted in the history file beside the database.
    noted: AtomicU64,
    /// Held while serving. Declared last: released after the connections close.
    _lock: Option<DataLock>,
}

impl SqliteStorage {
    /// Opens (creating if needed) the database at `path`, for commands that may run
    /// beside a server (`backup`, `user`, ...).
    pub fn open(path: &Path) -> Result<SqliteStorage, StoreError> {
        SqliteStorage::open_with(path, None)
    }

    /// Opens the database at `path` and holds its folder's [`DataLock`] until
    /// dropped: what `serve` does, so that `restore` refuses meanwhile.
    pub fn open_exclusive(path: &Path) -> Result<SqliteStorage, StoreError> {
        create_parent(path)?;
        let lock = DataLock::take(path)?;
        restore::remove_leftovers(path);
        SqliteStorage::open_with(path, Some(lock))
    }

    fn open_with(path: &Path, lock: Option<DataLock>) -> Result<SqliteStorage, StoreError> {
        create_parent(path)?;
        refuse_foreign_wal(path)?;
        let mut writer = connect(path)?;
        check_marked_copy(&writer, path)?;
        // WAL: readers never block the writer. It is a property of the file.
        writer.pragma_update(None, "journal_mode", "WAL")?;
        migrate(&mut writer)?;
        let noted = open_history(&mut writer, path)?;
        Ok(SqliteStorage {
            path: path.to_owned(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            epoch: RwLock::new(noted.epoch),
            noted: AtomicU64::new(noted.seq),
            _lock: lock,
        })
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&mut Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.write_changes(|tx, _| Ok((f(tx)?, 0)))
    }

    /// A write transaction that may hand out change numbers: `f` also returns the
    /// last one, and may give the history a new epoch (see [`switch_epoch`]). After
    /// the commit the new epoch is the one served, and a new highest change or a
    /// new epoch is noted in the history file (still under the writer's lock, so
    /// notes never go back within this process).
    fn write_changes<T>(
        &self,
        f: impl FnOnce(&mut Transaction<'_>, &mut String) -> Result<(T, u64), StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = lock(&self.writer);
        // IMMEDIATE: take the write lock first, so `max(seq) + 1` stays ours.
        let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = self.current_epoch();
        let mut epoch = before.clone();
        let (value, seq) = f(&mut tx, &mut epoch)?;
        tx.commit()?;
        let switched = epoch != before;
        if switched {
            *self.epoch.write().unwrap_or_else(|p| p.into_inner()) = epoch.clone();
        }
        if switched || seq > self.noted.load(Ordering::Relaxed) {
            self.noted.store(seq, Ordering::Relaxed);
            note_history(&self.path, &Cursor::new(epoch, seq));
        }
        Ok(value)
    }

    /// A write transaction for `store::limits`, without the disk flush every other
    /// write waits for (`synchronous = NORMAL` for it alone: in WAL mode the file
    /// stays whole, and the next write's flush takes these counts along).
    fn write_limits(
        &self,
        f: &mut dyn FnMut(&mut dyn super::LimitTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut conn = lock(&self.writer);
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let done = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut within: &Connection = &tx;
            f(&mut within)?;
            tx.commit()?;
            Ok(())
        })();
        conn.pragma_update(None, "synchronous", "FULL")?;
        done
    }

    fn current_epoch(&self) -> String {
        let epoch = self.epoch.read().unwrap_or_else(|p| p.into_inner());
        epoch.clone()
    }

    fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let pooled = lock(&self.readers).pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => connect(&self.path)?,
        };
        let value = f(&conn);
        lock(&self.readers).push(conn);
        value
    }
}

fn create_parent(path: &Path) -> Result<(), StoreError> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
            path: dir.display().to_string(),
            source,
        }),
        None => Ok(()),
    }
}

impl SqliteStorage {
    /// `backup` from the command line, beside a running server: reads the database
    /// at `database` only (no schema upgrade, no history check, which would wait
    /// for the server's writes), never creating it.
    pub fn backup_file(database: &Path, path: &Path) -> Result<(), StoreError> {
        if !database.is_file() {
            return Err(StoreError::Corrupt(format!(
                "there is no database at {}",
                database.display()
            )));
        }
        write_backup(&connect(database)?, path)
    }
}

/// Writes a consistent copy of `source`'s database to the new file `path` with
/// SQLite's online backup, marked with the history it copies; removes what it
/// wrote if it fails.
fn write_backup(source: &Connection, path: &Path) -> Result<(), StoreError> {
    let written = copy_marked(source, path);
    if written.is_err() {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    }
    written
}

fn copy_marked(source: &Connection, path: &Path) -> Result<(), StoreError> {
    use rusqlite::backup::{Backup, StepResult};
    let mut copy = connect(path)?;
    // Every page in one step: one read transaction, so one consistent state (a
    // write between smaller steps would start the copy over). The source is only
    // read, and a reader waits for no writer in WAL, but it can be told busy for a
    // moment (while the WAL is reset): try again after a short pause, for a while.
    let mut pause = std::time::Duration::from_millis(10);
    let mut tries = 0;
    loop {
        let step = Backup::new(source, &mut copy)?.step(-1)?;
        match step {
            StepResult::Done => break,
            StepResult::Busy | StepResult::Locked | StepResult::More if tries < 40 => {
                tries += 1;
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_millis(250));
            }
            other => {
                return Err(StoreError::Corrupt(format!(
                    "the database stayed busy, no backup written ({other:?}); try again"
                )));
            }
        }
    }
    // One self-contained file, nobody's yet: mark it with the history it copies.
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    let mark = Cursor::new(meta(&copy, "epoch")?.unwrap_or_default(), max_seq(&copy)?);
    copy.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        params![BACKUP_MARK, mark.to_string()],
    )?;
    Ok(())
}

/// What to do about a backup put over the database beside an old WAL.
const STALE_WAL_ADVICE: &str = "a backup copied over the database while a stopped \
    (or crashed) server's -wal and -shm files were left beside it? Put a backup in \
    place with `wijkgids-server restore FILE` instead, or remove the old \
    wijkgids.sqlite-wal and wijkgids.sqlite-shm before copying it";

/// Refuses a database in rollback-journal mode with a non-empty WAL beside it,
/// before SQLite replays that WAL onto it: this server always runs in WAL mode, so
/// such a file was put there by hand (a backup is written in rollback mode) and the
/// WAL belongs to the file it replaced.
fn refuse_foreign_wal(path: &Path) -> Result<(), StoreError> {
    let wal = restore::beside(path, "-wal");
    if !wal.metadata().is_ok_and(|m| m.len() > 0) {
        return Ok(());
    }
    let mut header = [0u8; 20];
    let read = std::fs::File::open(path)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut header));
    // Bytes 18 and 19: 1 for a rollback journal, 2 for WAL.
    if read.is_ok() && header.starts_with(b"SQLite format 3\0") && header[18..20] == [1, 1] {
        return Err(StoreError::Damaged(format!(
            "{} is not in WAL mode, yet {} beside it holds changes of another file \
             (replayed, they would damage it); nothing was changed: {STALE_WAL_ADVICE}",
            path.display(),
            wal.display()
        )));
    }
    Ok(())
}

/// A database that still carries the backup mark was put in place by hand: checks
/// it (`PRAGMA quick_check`) before it is served, since an old WAL beside it may have
/// been replayed onto it.
fn check_marked_copy(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let marked = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM meta WHERE key = ?1)",
            [BACKUP_MARK],
            |r| r.get::<_, bool>(0),
        )
        .unwrap_or_else(|err| !err.to_string().contains("no such table"));
    if !marked {
        return Ok(());
    }
    let check = conn
        .query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
        .unwrap_or_else(|err| err.to_string());
    if check == "ok" {
        return Ok(());
    }
    Err(StoreError::Damaged(format!(
        "{} is damaged ({check}), not served. Was it {STALE_WAL_ADVICE}; then copy the \
         backup again",
        path.display()
    )))
}

/// The meta key `backup` writes into its copy: the cursor of the history it copied.
const BACKUP_MARK: &str = "backup_of";

/// Reads the epoch at open, giving the history a new one if this file is a backup
/// put in place by hand or was rolled back behind what this folder's server handed
/// out (see `history.rs`); then notes where it stands. Returns that cursor.
fn open_history(conn: &mut Connection, path: &Path) -> Result<Cursor, StoreError> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let epoch = meta(&tx, "epoch")?.ok_or_else(|| corrupt("epoch", ""))?;
    let seq = max_seq(&tx)?;
    let reason = match (meta(&tx, BACKUP_MARK)?, read_history(path)) {
        (Some(mark), _) => Some(format!(
            "the database is a backup ({mark}) put in place without `restore`"
        )),
        (None, Some(noted)) if noted.epoch == epoch && noted.seq > seq => Some(format!(
            "the database ends at change {seq}, but change {} of the same history was \
             handed out: it was rolled back (a copy put back, or a snapshot)",
            noted.seq
        )),
        _ => None,
    };
    let mut epoch = epoch;
    if let Some(reason) = reason {
        tx.execute("DELETE FROM meta WHERE key = ?1", [BACKUP_MARK])?;
        switch_epoch(&mut tx, &mut epoch, &reason)?;
    }
    tx.commit()?;
    let cursor = Cursor::new(epoch, seq);
    note_history(path, &cursor);
    Ok(cursor)
}

/// Gives the history a new epoch, so that every cursor of the old one is refused.
fn new_epoch(tx: &Transaction<'_>) -> Result<String, StoreError> {
    Ok(tx.query_row(
        "INSERT INTO meta (key, value) VALUES ('epoch', lower(hex(randomblob(8))))
         ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING value",
        [],
        |r| r.get(0),
    )?)
}

fn meta(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    // FULL: an acknowledged write survives a power cut, not only a crash.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (step, migration) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        match migration {
            Migration::Sql(sql) => tx.execute_batch(sql)?,
            Migration::Code(run) => run(&tx)?,
        }
        tx.pragma_update(None, "user_version", step + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn fill_access_columns(tx: &Transaction<'_>) -> Result<(), StoreError> {
    refill(
        tx,
        "SELECT kind, id, data FROM records",
        "UPDATE records SET status = ?3, organisation_id = ?4, public_data = ?5
         WHERE kind = ?1 AND id = ?2",
        |update, (kind, id), row| {
            update.execute(params![
                kind,
                id,
                row.status.map(Status::code),
                row.organisation_id.map(|o| o.to_string()),
                row.public_data
            ])
        },
    )
}

fn fill_shared_data(tx: &Transaction<'_>) -> Result<(), StoreError> {
    refill(
        tx,
        "SELECT kind, id, data FROM records WHERE kind = 'offering'",
        "UPDATE records SET shared_data = ?3 WHERE kind = ?1 AND id = ?2",
        |update, (kind, id), row| update.execute(params![kind, id, row.shared_data]),
    )
}

/// Fills new columns of the records that `select` reads (kind, id, data): each
/// record's columns as written today are handed to `write`, with the prepared
/// `update` and the record's kind and id.
fn refill(
    tx: &Transaction<'_>,
    select: &str,
    update: &str,
    write: impl Fn(&mut rusqlite::Statement<'_>, (String, String), RecordRow) -> rusqlite::Result<usize>,
) -> Result<(), StoreError> {
    let rows: Vec<(String, String, String)> = tx
        .prepare(select)?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut update = tx.prepare(update)?;
    for (kind, id, data) in rows {
        let row = RecordRow::of(&stored_record(&kind, &data)?);
        write(&mut update, (kind, id), row)?;
    }
    Ok(())
}

/// Reads a column written by this module; anything else is corruption.
fn parsed<T>(
    row: &Row<'_>,
    index: usize,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("unexpected value {text:?}").into(),
        )
    })
}

fn optional<T>(
    row: &Row<'_>,
    index: usize,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    match row.get::<_, Option<String>>(index)? {
        None => Ok(None),
        Some(_) => parsed(row, index, parse).map(Some),
    }
}

fn uuid(text: &str) -> Option<Uuid> {
    Uuid::parse_str(text).ok()
}

fn record_from_row(row: &Row<'_>) -> rusqlite::Result<StoredRecord> {
    Ok(StoredRecord {
        kind: parsed(row, 0, RecordKind::from_code)?,
        id: parsed(row, 1, uuid)?,
        version: row.get(2)?,
        seq: row.get(3)?,
        deleted: row.get(4)?,
        status: optional(row, 5, Status::from_code)?,
        organisation_id: optional(row, 6, uuid)?,
        data: row.get(7)?,
        public_data: row.get(8)?,
        last_published: row.get(9)?,
        shared_data: row.get(10)?,
    })
}

fn account_from_row(row: &Row<'_>) -> rusqlite::Result<Account> {
    let initiative = match (row.get(8)?, row.get(9)?) {
        (Some(name), Some(description)) => Some(Initiative { name, description }),
        _ => None,
    };
    Ok(Account {
        id: parsed(row, 0, uuid)?,
        email: row.get(1)?,
        role: parsed(row, 2, AccountRole::from_code)?,
        organisation_id: optional(row, 3, uuid)?,
        status: parsed(row, 4, AccountStatus::from_code)?,
        name: row.get(5)?,
        message: row.get(6)?,
        reason: row.get(7)?,
        initiative,
    })
}

fn account_by_id(conn: &Connection, id: Uuid) -> Result<Option<Account>, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ?1"),
            [id.to_string()],
            account_from_row,
        )
        .optional()?)
}

/// Runs one statement of a [`WriteTx`] row operation.
fn run(tx: &Transaction<'_>, sql: &str, values: impl rusqlite::Params) -> Result<(), StoreError> {
    tx.execute(sql, values)?;
    Ok(())
}

fn max_seq(conn: &Connection) -> Result<u64, StoreError> {
    Ok(
        conn.query_row("SELECT coalesce(max(seq), 0) FROM records", [], |r| {
            r.get(0)
        })?,
    )
}

fn get_record(
    conn: &Connection,
    kind: RecordKind,
    id: Uuid,
) -> Result<Option<StoredRecord>, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT {RECORD_COLUMNS} FROM records WHERE kind = ?1 AND id = ?2"),
            params![kind.code(), id.to_string()],
            record_from_row,
        )
        .optional()?)
}

impl WriteTx for Transaction<'_> {
    fn last_seq(&mut self) -> Result<u64, StoreError> {
        max_seq(self)
    }

    fn mark(&mut self, key: &str) -> Result<bool, StoreError> {
        let done: bool = self.query_row(
            "SELECT EXISTS(SELECT 1 FROM meta WHERE key = ?1)",
            [key],
            |row| row.get(0),
        )?;
        if !done {
            self.execute("INSERT INTO meta (key, value) VALUES (?1, '')", [key])?;
        }
        Ok(!done)
    }

    fn meta(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        meta(self, key)
    }

    fn set_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    fn record(&mut self, kind: RecordKind, id: Uuid) -> Result<Option<StoredRecord>, StoreError> {
        get_record(self, kind, id)
    }

    fn replaced(&mut self, id: Uuid) -> Result<Replaced, StoreError> {
        let row = self
            .prepare_cached(
                "SELECT status, deleted, data, last_published, approval FROM records
                 WHERE kind = ?1 AND id = ?2",
            )?
            .query_row(params![RecordKind::Offering.code(), id.to_string()], |r| {
                let kept = LastPublished {
                    data: r.get(3)?,
                    approval: r.get(4)?,
                };
                let status = optional(r, 0, Status::from_code)?;
                Ok(Replaced::of(status, r.get(1)?, r.get(2)?, kept))
            })
            .optional()?;
        Ok(row.unwrap_or_default())
    }

    fn put(&mut self, r: &StoredRecord, approval: bool) -> Result<(), StoreError> {
        self.prepare_cached(
            "INSERT INTO records (kind, id, version, seq, deleted, status, organisation_id, data,
                 public_data, last_published, approval, shared_data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, seq = excluded.seq,
                 deleted = excluded.deleted, status = excluded.status,
                 organisation_id = excluded.organisation_id, data = excluded.data,
                 public_data = excluded.public_data, last_published = excluded.last_published,
                 approval = excluded.approval, shared_data = excluded.shared_data",
        )?
        .execute(params![
            r.kind.code(),
            r.id.to_string(),
            r.version,
            r.seq,
            r.deleted,
            r.status.map(Status::code),
            r.organisation_id.map(|o| o.to_string()),
            r.data,
            r.public_data,
            r.last_published,
            approval,
            r.shared_data,
        ])?;
        Ok(())
    }

    fn remembered(&mut self, mutation_id: Uuid) -> Result<Option<Remembered>, StoreError> {
        Ok(self
            .prepare_cached(
                "SELECT version, seq, account_id, kind, record_id, outcome, rejection
                 FROM mutations WHERE mutation_id = ?1",
            )?
            .query_row([mutation_id.to_string()], |r| {
                Ok(Remembered {
                    version: r.get(0)?,
                    seq: r.get(1)?,
                    account_id: r.get(2)?,
                    kind: r.get(3)?,
                    record_id: r.get(4)?,
                    outcome: r.get(5)?,
                    rejection: r.get(6)?,
                })
            })
            .optional()?)
    }

    fn remember(&mut self, m: &DumpedMutation) -> Result<(), StoreError> {
        self.prepare_cached(
            "INSERT INTO mutations
             (mutation_id, account_id, version, seq, kind, record_id, outcome, rejection)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            m.mutation_id.to_string(),
            m.account_id.to_string(),
            m.version,
            m.seq,
            m.kind,
            m.record_id.map(|id| id.to_string()),
            m.outcome,
            m.rejection,
        ])?;
        Ok(())
    }

    fn new_epoch(&mut self) -> Result<String, StoreError> {
        new_epoch(self)
    }

    fn count_rows(&mut self, table: &str) -> Result<u64, StoreError> {
        Ok(self.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    }

    fn insert_account(&mut self, a: &DumpedAccount) -> Result<bool, StoreError> {
        let account = &a.account;
        let inserted = self.execute(
            "INSERT INTO accounts (id, email, password_hash, role, organisation_id, status,
                 name, message, reason, requested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                account.id.to_string(),
                account.email,
                a.password_hash,
                account.role.code(),
                account.organisation_id.map(|o| o.to_string()),
                account.status.code(),
                account.name,
                account.message,
                account.reason,
                a.requested_at,
            ],
        );
        match inserted {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Ok(false)
            }
            other => Ok(other? > 0),
        }
    }

    fn insert_initiative(&mut self, account: Uuid, kept: &Initiative) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO initiatives (account_id, name, description) VALUES (?1, ?2, ?3)",
            params![account.to_string(), kept.name, kept.description],
        )?;
        Ok(())
    }

    fn waiting_initiative(&mut self, account_id: Uuid) -> Result<Option<Waiting>, StoreError> {
        let waiting: Option<(String, String, Option<String>)> = self
            .query_row(
                "SELECT i.name, i.description, a.organisation_id
                 FROM initiatives i JOIN accounts a ON a.id = i.account_id
                 WHERE i.account_id = ?1",
                [account_id.to_string()],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let Some((name, description, organisation_id)) = waiting else {
            return Ok(None);
        };
        let organisation_id = organisation_id
            .map(|id| Uuid::parse_str(&id).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()?;
        Ok(Some((Initiative { name, description }, organisation_id)))
    }

    fn organisation_live(&mut self, id: Uuid) -> Result<bool, StoreError> {
        Ok(self.query_row(
            "SELECT EXISTS(SELECT 1 FROM records WHERE kind = ?1 AND id = ?2 AND deleted = 0)",
            params![RecordKind::Organisation.code(), id.to_string()],
            |row| row.get(0),
        )?)
    }

    fn live_organisations(&mut self) -> Result<Vec<(Uuid, String)>, StoreError> {
        self.prepare("SELECT id, data FROM records WHERE kind = ?1 AND deleted = 0")?
            .query_map([RecordKind::Organisation.code()], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?
            .map(|row| {
                let (id, data) = row?;
                let id = Uuid::parse_str(&id).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                Ok((id, data))
            })
            .collect()
    }

    fn pending_initiatives(&mut self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .prepare(
                "SELECT i.name FROM initiatives i JOIN accounts a ON a.id = i.account_id
                 WHERE a.status = 'pending'",
            )?
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?)
    }

    fn account(&mut self, id: Uuid) -> Result<Option<Account>, StoreError> {
        account_by_id(self, id)
    }

    fn set_status(&mut self, email: &str, status: AccountStatus) -> Result<u64, StoreError> {
        let changed = self.execute(
            "UPDATE accounts SET status = ?2,
                 reason = CASE WHEN ?2 = 'active' THEN NULL ELSE reason END
             WHERE email = ?1",
            params![email, status.code()],
        )?;
        Ok(changed as u64)
    }

    fn decide_status(&mut self, d: &StatusDecision<'_>) -> Result<u64, StoreError> {
        let changed = self.execute(
            "UPDATE accounts SET status = ?3, reason = ?4 WHERE id = ?1 AND status = ?2",
            params![d.id.to_string(), d.from.code(), d.to.code(), d.reason],
        )?;
        Ok(changed as u64)
    }

    fn end_sessions_of(&mut self, email: &str) -> Result<(), StoreError> {
        self.execute(
            "DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE email = ?1)",
            [email],
        )?;
        Ok(())
    }

    fn delete_of(&mut self, table: &str, account_id: Uuid) -> Result<(), StoreError> {
        self.execute(
            &format!("DELETE FROM {table} WHERE account_id = ?1"),
            [account_id.to_string()],
        )?;
        Ok(())
    }

    fn put_token(&mut self, table: &str, id: Uuid, token: &NewSession) -> Result<(), StoreError> {
        let sql =
            format!("INSERT INTO {table} (token_hash, account_id, expires_at) VALUES (?1, ?2, ?3)");
        let values = params![
            token.token_hash,
            id.to_string(),
            token.expires_at.timestamp()
        ];
        run(self, &sql, values)
    }

    fn sweep_sessions(&mut self, now: i64) -> Result<(), StoreError> {
        run(self, "DELETE FROM sessions WHERE expires_at <= ?1", [now])
    }

    fn sweep_resets(&mut self, before: i64) -> Result<(), StoreError> {
        run(
            self,
            "DELETE FROM password_resets WHERE expires_at < ?1",
            [before],
        )
    }

    fn drop_unused_resets(&mut self, id: Uuid) -> Result<(), StoreError> {
        let sql = "DELETE FROM password_resets WHERE account_id = ?1 AND used_at IS NULL";
        run(self, sql, [id.to_string()])
    }

    fn lock_active(&mut self, id: Uuid) -> Result<bool, StoreError> {
        // The writer's lock holds the row.
        Ok(self.query_row(
            "SELECT EXISTS(SELECT 1 FROM accounts WHERE id = ?1 AND status = 'active')",
            [id.to_string()],
            |row| row.get(0),
        )?)
    }

    fn locked_link(&mut self, token: &str, now: DateTime<Utc>) -> Result<ResetState, StoreError> {
        // The writer's lock holds the rows.
        password_resets::state(self, token, now)
    }

    fn set_password(&mut self, id: Uuid, password_hash: &str) -> Result<(), StoreError> {
        let sql = "UPDATE accounts SET password_hash = ?2 WHERE id = ?1";
        run(self, sql, params![id.to_string(), password_hash])
    }

    fn mark_used(&mut self, token: &str, now: i64) -> Result<(), StoreError> {
        let sql = "UPDATE password_resets SET used_at = ?2 WHERE token_hash = ?1";
        run(self, sql, params![token, now])
    }

    fn forget_sign_ins(&mut self, email: &str) -> Result<(), StoreError> {
        let mut conn: &Connection = self;
        super::limits::forget_sign_ins(&mut conn, email)
    }
}

impl Storage for SqliteStorage {
    fn writes_together(&self) -> bool {
        true
    }

    fn with_changes(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx, &mut String) -> Result<u64, StoreError>,
    ) -> Result<(), StoreError> {
        self.write_changes(|tx, epoch| Ok(((), f(tx, epoch)?)))
    }

    fn with_write(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.write(|tx| f(tx))
    }

    fn with_limits(
        &self,
        f: &mut dyn FnMut(&mut dyn super::LimitTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.write_limits(f)
    }

    fn epoch(&self) -> Result<String, StoreError> {
        Ok(self.current_epoch())
    }

    fn rolled_back(&self, cursor: &Cursor) -> Result<String, StoreError> {
        self.write_changes(|tx, epoch| {
            let how = "a snapshot of the data folder, or a copy moved without its history file";
            let seq = apply::rolled_back(tx, epoch, cursor, how)?;
            Ok((epoch.clone(), seq))
        })
    }

    /// The key file lives beside the database, and one process serves it: a
    /// key that changed was lost or replaced, and the history moves on.
    fn cursor_key_in_use(&self, fingerprint: &str, _new_history: bool) -> Result<(), StoreError> {
        self.write_changes(|tx, epoch| {
            let seq = max_seq(tx)?;
            let causes = "the key file was lost or replaced";
            apply::cursor_key_in_use(tx, epoch, fingerprint, Some(causes))?;
            Ok(((), seq))
        })
    }

    fn latest_seq(&self) -> Result<u64, StoreError> {
        self.read(max_seq)
    }

    fn changes_after(
        &self,
        after: u64,
        limit: usize,
        texts: Texts,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        self.read(|c| {
            let mut query = c.prepare_cached(&format!(
                "SELECT {} FROM records WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                texts.columns()
            ))?;
            let rows = query.query_map(params![after, limit as u64], record_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn record(&self, kind: RecordKind, id: Uuid) -> Result<Option<StoredRecord>, StoreError> {
        self.read(|c| get_record(c, kind, id))
    }

    fn count_live(&self, kind: RecordKind) -> Result<u64, StoreError> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM records WHERE kind = ?1 AND deleted = 0",
                [kind.code()],
                |row| row.get(0),
            )?)
        })
    }

    fn live_records(&self) -> Result<Vec<StoredRecord>, StoreError> {
        self.read(|c| {
            let mut query = c.prepare(&format!(
                "SELECT {RECORD_COLUMNS} FROM records WHERE deleted = 0 ORDER BY seq"
            ))?;
            let rows = query.query_map([], record_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn backup(&self, path: &Path) -> Result<(), StoreError> {
        self.read(|source| write_backup(source, path))
    }

    fn dump(&self) -> Result<super::Dump, StoreError> {
        self.read(copy::dump)
    }

    fn account_by_id(&self, id: Uuid) -> Result<Option<Account>, StoreError> {
        self.read(|c| account_by_id(c, id))
    }

    fn account_by_email(&self, email: &str) -> Result<Option<AccountRecord>, StoreError> {
        self.read(|c| {
            Ok(c.query_row(
                &format!(
                    "SELECT {ACCOUNT_COLUMNS}, a.password_hash FROM accounts a WHERE a.email = ?1"
                ),
                [email],
                |row| {
                    Ok(AccountRecord {
                        account: account_from_row(row)?,
                        password_hash: row.get(AFTER_ACCOUNT)?,
                    })
                },
            )
            .optional()?)
        })
    }

    fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.read(|c| {
            let mut query = c.prepare(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts a
                 ORDER BY a.status <> 'pending',
                     CASE WHEN a.status = 'pending' THEN a.requested_at END, a.email"
            ))?;
            let rows = query.query_map([], account_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn session_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Account>, StoreError> {
        self.read(|c| {
            // Every signed-in request asks this: keep the statement prepared.
            Ok(c.prepare_cached(&format!(
                "SELECT {ACCOUNT_COLUMNS}
                 FROM sessions s JOIN accounts a ON a.id = s.account_id
                 WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND a.status = 'active'"
            ))?
            .query_row(params![token_hash, now.timestamp()], account_from_row)
            .optional()?)
        })
    }

    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
            Ok(())
        })
    }

    fn password_reset(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<ResetState, StoreError> {
        self.read(|c| password_resets::state(c, token_hash, now))
    }
}
