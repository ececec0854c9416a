//! `restore`: a backup put in place of the database as a new history, with
//! versions and change numbers that never go back.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, params};

use super::{
    BACKUP_MARK, MIGRATIONS, SqliteStorage, connect, create_parent, max_seq, migrate, new_epoch,
    stored_record,
};
use crate::store::apply::write_record;
use crate::store::{DataLock, RestoreLock, StoreError};

/// What `restore` did.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// The new history's epoch: every device's cursor of the old one gets 410.
    pub epoch: String,
    /// Records of the backup (tombstones included).
    pub records: u64,
    /// Records only the replaced database held, stored as tombstones.
    pub tombstones: u64,
    /// Whether versions and change numbers continue above the replaced database's;
    /// `false` when there was none or it could not be read.
    pub continued: bool,
    /// Why the replaced database could not be read (damaged), if it could not.
    pub unreadable: Option<String>,
    /// Whether the accounts are the replaced database's (with `continued`).
    pub accounts_kept: bool,
    /// Where the replaced database was kept.
    pub kept: Option<PathBuf>,
}

impl SqliteStorage {
    /// Puts the backup `backup` in place of the database at `database`, which no
    /// server may be serving (its [`DataLock`] is taken). The backup is checked and
    /// migrated in a copy beside the database, given a new epoch, and its records
    /// new versions above the replaced database's and change numbers after its
    /// last; records the backup lacks become tombstones. Then the copy is renamed
    /// over the database; the replaced file stays as `...before-restore-<time>`.
    pub fn restore(database: &Path, backup: &Path) -> Result<Restored, StoreError> {
        create_parent(database)?;
        let _lock = DataLock::take(database)?;
        let _commands = RestoreLock::exclusive(database)?;
        remove_leftovers(database);
        let not_a_backup = |why: String| StoreError::NotABackup {
            path: backup.display().to_string(),
            why,
        };
        let backup_wal = beside(backup, "-wal");
        if backup_wal.metadata().is_ok_and(|m| m.len() > 0) {
            return Err(not_a_backup(format!(
                "{} holds changes not in it yet (is it a live database?); \
                 make a backup with `wijkgids-server backup FILE`",
                backup_wal.display()
            )));
        }
        let temp = beside(database, ".restoring");
        std::fs::copy(backup, &temp).map_err(|source| file_error(backup, source))?;
        let mut restored = match prepare_copy(&temp, database, backup) {
            Ok(restored) => restored,
            Err(err) => {
                remove_database_files(&temp);
                return Err(err);
            }
        };
        restored.kept = put_in_place(&temp, database)?;
        tracing::warn!(
            "new history {}: restored from {}; devices pull again",
            restored.epoch,
            backup.display()
        );
        Ok(restored)
    }
}

/// `path` with `suffix` after its file name (`wijkgids.sqlite` + `-wal`).
pub(super) fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn file_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::File {
        path: path.display().to_string(),
        source,
    }
}

/// Removes what a `restore` that was killed left behind (its copy and the copy's
/// journal); called with the data folder's lock held, so no restore is running.
pub(super) fn remove_leftovers(database: &Path) {
    let temp = beside(database, ".restoring");
    if temp.exists() || beside(&temp, "-journal").exists() {
        tracing::warn!(
            "removing {}: left by a restore that did not finish",
            temp.display()
        );
    }
    remove_database_files(&temp);
}

fn remove_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(beside(path, suffix));
    }
}

/// Checks and fixes up the copy at `temp`, continuing the history of `database`
/// where it can be read.
fn prepare_copy(temp: &Path, database: &Path, backup: &Path) -> Result<Restored, StoreError> {
    let mut conn = checked_backup(temp).map_err(|why| StoreError::NotABackup {
        path: backup.display().to_string(),
        why,
    })?;
    // One self-contained file to rename into place; `serve` turns WAL on again.
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    migrate(&mut conn)?;
    let attached = attach_replaced(&conn, database);
    let continued = attached == Attached::Yes;
    let mut tx = conn.transaction()?;
    let (records, tombstones) = if continued {
        continue_history(&mut tx)?
    } else {
        (count_records(&tx)?, 0)
    };
    // Everyone signs in again: a session the backup holds may have been ended
    // since; so may a password reset link have been used or replaced.
    tx.execute("DELETE FROM main.sessions", [])?;
    tx.execute("DELETE FROM main.password_resets", [])?;
    let accounts_kept = continued && keep_accounts(&tx)?;
    tx.execute("DELETE FROM meta WHERE key = ?1", [BACKUP_MARK])?;
    let epoch = new_epoch(&tx)?;
    tx.commit()?;
    if continued {
        conn.execute("DETACH DATABASE replaced", [])?;
    }
    Ok(Restored {
        epoch,
        records,
        tombstones,
        continued,
        unreadable: match attached {
            Attached::Unreadable(why) => Some(why),
            _ => None,
        },
        accounts_kept,
        kept: None,
    })
}

/// Opens `path` if it is a Wijkgids database of this schema or an earlier one
/// (migrated next); says why not otherwise.
fn checked_backup(path: &Path) -> Result<Connection, String> {
    let conn = connect(path).map_err(|e| e.to_string())?;
    let schema: usize = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| e.to_string())?;
    if schema == 0 {
        return Err("it has no Wijkgids tables".into());
    }
    if schema > MIGRATIONS.len() {
        return Err(format!(
            "it was written by a newer wijkgids-server (schema {schema}); upgrade first"
        ));
    }
    // Every schema has the guide's records and its meta table (its epoch from
    // schema 2 on).
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM records), EXISTS (SELECT 1 FROM meta)",
        [],
        |_| Ok(()),
    )
    .map_err(|e| e.to_string())?;
    Ok(conn)
}

#[derive(Debug, PartialEq)]
enum Attached {
    Yes,
    /// There is no database to replace.
    Missing,
    /// It cannot be read (why): damaged, or not a database.
    Unreadable(String),
}

/// Attaches the database being replaced as `replaced` if it exists and is whole
/// (`quick_check`); a damaged one is left alone: it is kept beside the restored
/// database all the same, and the versions start from the backup's.
fn attach_replaced(conn: &Connection, database: &Path) -> Attached {
    if !database.exists() {
        tracing::info!("no database to replace in {}", database.display());
        return Attached::Missing;
    }
    let attached = database
        .to_str()
        .ok_or_else(|| StoreError::Corrupt("the data folder's path is not UTF-8".into()))
        .and_then(|path| Ok(conn.execute("ATTACH DATABASE ?1 AS replaced", [path])?))
        .and_then(|_| {
            let check: String =
                conn.query_row("PRAGMA replaced.quick_check(1)", [], |r| r.get(0))?;
            match check.as_str() {
                "ok" => Ok(()),
                _ => Err(StoreError::Corrupt(check)),
            }
        })
        .and_then(|()| {
            let seq: u64 = conn.query_row(
                "SELECT coalesce(max(seq), 0) FROM replaced.records",
                [],
                |r| r.get(0),
            )?;
            Ok(seq)
        });
    match attached {
        Ok(_) => Attached::Yes,
        Err(err) => {
            tracing::warn!(
                "the database being replaced cannot be read ({err}); it is kept as it is, \
                 versions and change numbers start from the backup's, the new epoch still \
                 protects devices"
            );
            let _ = conn.execute("DETACH DATABASE replaced", []);
            Attached::Unreadable(err.to_string())
        }
    }
}

/// Accounts are not part of the guide's history: a block, a new account or a new
/// password after the backup must survive it. Takes the replaced database's
/// accounts when it has every column; returns whether it did.
fn keep_accounts(tx: &Transaction<'_>) -> Result<bool, StoreError> {
    const COLUMNS: &str = "id, email, password_hash, role, organisation_id, status, name, \
        message, reason, requested_at";
    if let Err(err) = tx.prepare(&format!("SELECT {COLUMNS} FROM replaced.accounts")) {
        tracing::warn!(
            "the replaced database's accounts cannot be read ({err}); the backup's are used"
        );
        return Ok(false);
    }
    tx.execute("DELETE FROM main.initiatives", [])?;
    tx.execute("DELETE FROM main.accounts", [])?;
    tx.execute(
        &format!("INSERT INTO main.accounts ({COLUMNS}) SELECT {COLUMNS} FROM replaced.accounts"),
        [],
    )?;
    keep_initiatives(tx)?;
    Ok(true)
}

/// The initiatives waiting beside the replaced database's accounts go with them
/// (a replaced database of before schema step 6 has none).
fn keep_initiatives(tx: &Transaction<'_>) -> Result<(), StoreError> {
    const COLUMNS: &str = "account_id, name, description";
    if tx
        .prepare(&format!("SELECT {COLUMNS} FROM replaced.initiatives"))
        .is_err()
    {
        return Ok(());
    }
    tx.execute(
        &format!(
            "INSERT INTO main.initiatives ({COLUMNS}) SELECT {COLUMNS} FROM replaced.initiatives"
        ),
        [],
    )?;
    Ok(())
}

fn count_records(tx: &Transaction<'_>) -> Result<u64, StoreError> {
    Ok(tx.query_row("SELECT count(*) FROM main.records", [], |r| r.get(0))?)
}

/// Gives every record of the backup a version above what it had in the replaced
/// database and a change number after the replaced database's last, keeping their
/// order; records only the replaced database held follow as tombstones, so that
/// their versions do not go back either. Returns both counts.
fn continue_history(tx: &mut Transaction<'_>) -> Result<(u64, u64), StoreError> {
    let replaced_seq: u64 = tx.query_row(
        "SELECT coalesce(max(seq), 0) FROM replaced.records",
        [],
        |r| r.get(0),
    )?;
    let mut seq = replaced_seq.max(max_seq(tx)?);
    let restored = keys(
        tx,
        "SELECT m.kind, m.id, max(m.version, coalesce(r.version, 0)) + 1, m.deleted
         FROM main.records m LEFT JOIN replaced.records r ON r.kind = m.kind AND r.id = m.id
         ORDER BY m.seq",
    )?;
    let gone = keys(
        tx,
        "SELECT r.kind, r.id, r.version + 1, 1 FROM replaced.records r
         WHERE NOT EXISTS (SELECT 1 FROM main.records m WHERE m.kind = r.kind AND m.id = r.id)
         ORDER BY r.seq",
    )?;
    for (rows, from) in [(&restored, "main"), (&gone, "replaced")] {
        for (kind, id, version, deleted) in rows {
            seq += 1;
            let data: String = tx.query_row(
                &format!("SELECT data FROM {from}.records WHERE kind = ?1 AND id = ?2"),
                params![kind, id],
                |r| r.get(0),
            )?;
            let mut record = stored_record(kind, &data)?;
            record.set_version(*version);
            write_record(tx, &record, seq, *deleted)?;
        }
    }
    Ok((restored.len() as u64, gone.len() as u64))
}

type Key = (String, String, u64, bool);

fn keys(tx: &Transaction<'_>, sql: &str) -> Result<Vec<Key>, StoreError> {
    let mut query = tx.prepare(sql)?;
    let rows = query.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Keeps `database` as `...before-restore-<time>` (a hard link, or a copy), with
/// `-2`, `-3`, ... after the time when that name is taken: a kept file is never
/// overwritten, however quickly restores follow each other.
fn keep(database: &Path) -> Result<PathBuf, StoreError> {
    let time = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    for n in 1.. {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let kept = beside(database, &format!(".before-restore-{time}{suffix}"));
        let made = std::fs::hard_link(database, &kept).or_else(|err| {
            if err.kind() == std::io::ErrorKind::AlreadyExists {
                return Err(err);
            }
            let mut copy = std::fs::File::create_new(&kept)?;
            std::io::copy(&mut std::fs::File::open(database)?, &mut copy).map(|_| ())
        });
        match made {
            Ok(()) => return Ok(kept),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(file_error(&kept, source)),
        }
    }
    unreachable!("some name is free")
}

/// Keeps the replaced database (a hard link, or a copy), then renames `temp` over
/// it. The replaced database's leftover WAL goes with the kept file first: left
/// beside the new file, SQLite would replay it onto it.
fn put_in_place(temp: &Path, database: &Path) -> Result<Option<PathBuf>, StoreError> {
    let kept = if database.exists() {
        let kept = keep(database)?;
        let wal = beside(database, "-wal");
        if wal.exists() {
            let kept_wal = beside(&kept, "-wal");
            std::fs::rename(&wal, &kept_wal).map_err(|source| file_error(&wal, source))?;
        }
        Some(kept)
    } else {
        None
    };
    let _ = std::fs::remove_file(beside(database, "-shm"));
    let synced = std::fs::File::open(temp).and_then(|file| file.sync_all());
    synced.map_err(|source| file_error(temp, source))?;
    std::fs::rename(temp, database).map_err(|source| file_error(database, source))?;
    // The rename itself survives a power cut once the folder is synced.
    if let Some(dir) = database.parent().filter(|d| !d.as_os_str().is_empty()) {
        let synced = std::fs::File::open(dir).and_then(|dir| dir.sync_all());
        synced.map_err(|source| file_error(dir, source))?;
    }
    Ok(kept)
}
