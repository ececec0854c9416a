//! The embedded SQLite store: one file, schema upgrades by `user_version`.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

/// Schema steps, applied in order; the index + 1 is the `user_version` after it.
const MIGRATIONS: &[&str] = &[
    // 1: synced records of every kind, with the pull cursor `seq` (see SYNC.md).
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
];

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create data folder {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// A shared handle to the database. SQLite has one writer; a mutex is the honest
/// model of that, and calls run on tokio's blocking pool.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| DbError::DataDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let mut conn = Connection::open(path)?;
        // WAL: readers never block the writer; FULL sync: an acknowledged write survives a crash.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn call<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || f(&mut lock(&conn)).map_err(DbError::from))
            .await
            .unwrap_or_else(|join| std::panic::resume_unwind(join.into_panic()))
    }

    /// Number of live (not deleted) records of a kind.
    pub async fn count_live(&self, kind: &'static str) -> Result<u64, DbError> {
        self.call(move |c| {
            c.query_row(
                "SELECT count(*) FROM records WHERE kind = ?1 AND deleted = 0",
                [kind],
                |row| row.get(0),
            )
        })
        .await
    }
}

/// A poisoned lock only means another request panicked mid-call; SQLite's own
/// transaction rollback keeps the data consistent, so carry on.
fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn migrate(conn: &mut Connection) -> Result<(), rusqlite::Error> {
    let current: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", step + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_creates_schema_and_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("db.sqlite");
        Db::open(&path).unwrap();
        let db = Db::open(&path).unwrap();
        let version: usize = lock(&db.conn)
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len());
    }
}
