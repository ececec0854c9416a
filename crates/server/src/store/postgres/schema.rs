//! The PostgreSQL schema, in numbered steps: `wijkgids_schema.version` is the
//! number of steps applied. Every server process upgrades at start, under a
//! transaction-scoped advisory lock, so of several processes starting at once
//! one applies the steps and the others find them done.

use super::client::{Conn, Sql};
use crate::store::StoreError;

/// Schema steps, applied in order; the index + 1 is the version after it.
const MIGRATIONS: &[&str] = &[
    // 1: everything the SQLite store reached in its ten steps, at once.
    // `change_counter` holds the last change number handed out: a writer that
    // hands out numbers locks its one row first and keeps it locked until it
    // commits, so numbers are taken and committed in the same order (SYNC.md).
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE change_counter (
        one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
        seq BIGINT  NOT NULL
    );
    INSERT INTO change_counter (one, seq) VALUES (true, 0);
    CREATE TABLE records (
        kind            TEXT    NOT NULL,
        id              UUID    NOT NULL,
        version         BIGINT  NOT NULL,
        seq             BIGINT  NOT NULL UNIQUE,
        deleted         BOOLEAN NOT NULL DEFAULT false,
        status          TEXT,
        organisation_id UUID,
        data            TEXT    NOT NULL,
        public_data     TEXT,
        shared_data     TEXT,
        last_published  TEXT,
        approval        BOOLEAN NOT NULL DEFAULT false,
        PRIMARY KEY (kind, id)
    );
    CREATE TABLE accounts (
        id              UUID PRIMARY KEY,
        email           TEXT NOT NULL,
        password_hash   TEXT NOT NULL,
        role            TEXT NOT NULL,
        organisation_id UUID,
        status          TEXT NOT NULL,
        name            TEXT,
        message         TEXT,
        reason          TEXT,
        requested_at    BIGINT
    );
    -- As SQLite's COLLATE NOCASE: one account per address, whatever its case.
    CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));
    CREATE TABLE sessions (
        token_hash TEXT   PRIMARY KEY,
        account_id UUID   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        expires_at BIGINT NOT NULL
    );
    CREATE INDEX sessions_account ON sessions (account_id);
    CREATE INDEX sessions_expiry ON sessions (expires_at);
    CREATE TABLE mutations (
        mutation_id UUID   PRIMARY KEY,
        account_id  UUID   NOT NULL,
        version     BIGINT NOT NULL,
        seq         BIGINT NOT NULL,
        kind        TEXT,
        record_id   UUID,
        outcome     TEXT,
        rejection   TEXT
    );
    CREATE TABLE initiatives (
        account_id  UUID PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        description TEXT NOT NULL
    );
    CREATE TABLE password_resets (
        token_hash TEXT   PRIMARY KEY,
        account_id UUID   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        expires_at BIGINT NOT NULL,
        used_at    BIGINT
    );
    CREATE INDEX password_resets_account ON password_resets (account_id);",
    // 2: limits counted for every server process at once:
    // sign-in attempts per e-mail and address, account requests and reset link
    // tries per address. `since` in milliseconds.
    "CREATE TABLE limits (
        scope TEXT   NOT NULL,
        key   TEXT   NOT NULL,
        count BIGINT NOT NULL,
        since BIGINT NOT NULL,
        PRIMARY KEY (scope, key)
    );
    CREATE INDEX limits_since ON limits (since);",
    // 3: the counts of step 2 go (at most a window of attempts is forgotten,
    // once) for the table of `store::limits`, which every limit is counted in.
    "DROP TABLE limits;",
    crate::store::limits::TABLE,
    // 4: live records counted by kind from an index (`count_live`), without
    // reading the rows (a new visitor's first screen waits for the count).
    "CREATE INDEX records_live ON records (kind) WHERE NOT deleted;",
];

/// The key of the advisory lock held while the schema is upgraded.
const SCHEMA_LOCK: i64 = 0x5769_6a6b_6769_6473; // "Wijkgids"

/// Brings the schema up to date; a database of a newer schema is refused.
pub(super) fn migrate(conn: &mut Conn<'_>) -> Result<(), StoreError> {
    let mut tx = conn.transaction();
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS wijkgids_schema (version INTEGER NOT NULL);
         INSERT INTO wijkgids_schema (version)
             SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM wijkgids_schema);",
    )?;
    let current: i32 = tx
        .query_one("SELECT version FROM wijkgids_schema", &[])?
        .get(0);
    let current = usize::try_from(current).unwrap_or(0);
    if current > MIGRATIONS.len() {
        return Err(StoreError::Damaged(format!(
            "the database has schema version {current}, newer than this server's {}: \
             run the newer wijkgids-server it was upgraded by",
            MIGRATIONS.len()
        )));
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.batch_execute(sql)?;
        let version = i32::try_from(step + 1).unwrap_or(i32::MAX);
        tx.execute("UPDATE wijkgids_schema SET version = $1", &[&version])?;
    }
    tx.commit()?;
    Ok(())
}
