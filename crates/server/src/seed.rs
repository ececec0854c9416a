//! First start: fill an empty database with the demo neighbourhood, so the guide is
//! useful the moment it runs.

use rusqlite::{Connection, Transaction, params};
use serde::Serialize;
use wijkgids_core::demo::Neighbourhood;

/// Record kinds as stored in `records.kind` and sent in sync changes.
pub const OFFERING: &str = "offering";
pub const ORGANISATION: &str = "organisation";
pub const PROFESSIONAL: &str = "professional";

/// Set in `meta` once seeding has happened, so that a guide whose records were all
/// archived or deleted is never refilled with demo data.
const SEEDED_KEY: &str = "seeded";

/// The version of a record as first stored.
const FIRST_VERSION: i64 = 1;

/// Outcome of [`seed_if_new`].
#[derive(Debug, PartialEq, Eq)]
pub enum Seeded {
    Loaded { records: usize },
    AlreadyDone,
}

/// Loads `demo` in one transaction if this database has never been seeded.
pub fn seed_if_new(conn: &mut Connection, demo: &Neighbourhood) -> Result<Seeded, SeedError> {
    let tx = conn.transaction()?;
    let done: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM meta WHERE key = ?1)",
        [SEEDED_KEY],
        |row| row.get(0),
    )?;
    if done {
        return Ok(Seeded::AlreadyDone);
    }
    let mut seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) FROM records", [], |r| {
        r.get(0)
    })?;
    let mut records = 0;
    records += insert_all(&tx, ORGANISATION, &demo.organisations, |o| o.id, &mut seq)?;
    records += insert_all(&tx, PROFESSIONAL, &demo.professionals, |p| p.id, &mut seq)?;
    records += insert_all(&tx, OFFERING, &demo.offerings, |o| o.id, &mut seq)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)",
        params![SEEDED_KEY, demo.name],
    )?;
    tx.commit()?;
    Ok(Seeded::Loaded { records })
}

fn insert_all<T: Serialize>(
    tx: &Transaction<'_>,
    kind: &str,
    items: &[T],
    id: impl Fn(&T) -> uuid::Uuid,
    seq: &mut i64,
) -> Result<usize, SeedError> {
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO records (kind, id, version, seq, deleted, data)
         VALUES (?1, ?2, ?3, ?4, 0, ?5)",
    )?;
    for item in items {
        *seq += 1;
        // The stored record carries the version the row has, as every later write will.
        let mut data = serde_json::to_value(item)?;
        data["version"] = FIRST_VERSION.into();
        insert.execute(params![
            kind,
            id(item).to_string(),
            FIRST_VERSION,
            *seq,
            data.to_string()
        ])?;
    }
    Ok(items.len())
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("demo data cannot be stored: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("demo data cannot be encoded: {0}")]
    Json(#[from] serde_json::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh database with the current schema, kept alive by its folder.
    fn fresh() -> (Connection, Neighbourhood, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        crate::Db::open(&path).unwrap();
        let conn = Connection::open(&path).unwrap();
        (conn, wijkgids_core::demo::neighbourhood().unwrap(), dir)
    }

    #[test]
    fn seeds_once_and_never_again() {
        let (mut conn, demo, _dir) = fresh();
        let expected = demo.organisations.len() + demo.professionals.len() + demo.offerings.len();

        assert_eq!(
            seed_if_new(&mut conn, &demo).unwrap(),
            Seeded::Loaded { records: expected }
        );
        // Even with every record gone, a seeded guide stays as its owners left it.
        conn.execute("DELETE FROM records", []).unwrap();
        assert_eq!(seed_if_new(&mut conn, &demo).unwrap(), Seeded::AlreadyDone);
        let count: usize = conn
            .query_row("SELECT count(*) FROM records", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 0);
    }

    #[test]
    fn every_seeded_record_has_its_own_increasing_seq() {
        let (mut conn, demo, _dir) = fresh();
        seed_if_new(&mut conn, &demo).unwrap();
        let (count, min, max): (i64, i64, i64) = conn
            .query_row(
                "SELECT count(*), min(seq), max(seq) FROM records",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((min, max), (1, count));
        let mismatched: i64 = conn
            .query_row(
                "SELECT count(*) FROM records WHERE json_extract(data, '$.version') != version",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(mismatched, 0, "the record's version equals the row's");
    }
}
