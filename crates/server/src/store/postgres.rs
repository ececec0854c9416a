//! The PostgreSQL backend: one database that several server processes share.
//!
//! The driver is `tokio-postgres` (the async client the synchronous `postgres`
//! crate wraps, kept by the rust-postgres project), pooled by
//! `deadpool-postgres`: a small, widely used pool with a wait timeout (a call
//! that finds every connection in use for [`CONNECTION_WAIT`] is refused, 503)
//! and a per-connection statement cache (`prepare_cached`), so a statement costs
//! one round trip instead of a prepare and an execute. The [`Storage`] trait is
//! blocking (`Store` runs it on the blocking pool; the command line and tests
//! call it from plain threads), so the store owns a small tokio runtime on
//! which the pool's connections run, and each call waits on its futures there
//! (`client.rs`: the blocking face, with pipelined transactions). Nothing lives
//! only in this process: the epoch, sessions, remembered mutation ids and
//! accounts are read from the database every time, and the limits on what
//! anyone may try are counted there (`store::limits`).
//!
//! Change numbers (SYNC.md): a transaction that hands out change numbers locks
//! the one row of `change_counter` (`SELECT ... FOR UPDATE`) before it draws
//! the first and holds it until it commits, writing the last number it handed
//! out into it. A second writer waits at that lock until the first has
//! committed (its commit is then visible to everyone), so numbers are committed
//! in the order they are handed out, and a pull (`seq > cursor`, one snapshot)
//! always sees a gap-free prefix: no change can become visible below a cursor
//! already handed out. This is the SQLite store's one-writer model, across
//! processes. Writers that hand out numbers commit one at a time, so the lock
//! is taken as late as it can be: a push reads what it decides on first and
//! checks it under the lock (`counter.rs`), and its writes and commit follow in
//! one round trip. Writes without change numbers (sessions, accounts, reset
//! links) do not take the lock.

mod client;
mod copy;
mod counter;
mod limits;
mod password_resets;
mod rows;
mod schema;

use std::cell::Cell;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, PoolError, RecyclingMethod};
use tokio_postgres::NoTls;
use uuid::Uuid;
use wijkgids_core::sync::Cursor;
use wijkgids_core::vocab::{RecordKind, Vocabulary};
use wijkgids_core::wire::Account;

use super::apply;
use super::{AccountRecord, ResetState, Storage, StoreError, StoredRecord, Texts, WriteTx, lock};
use client::{Conn, Sql, Tx};
use rows::{
    ACCOUNT_COLUMNS, AFTER_ACCOUNT, RECORD_COLUMNS, account, account_by_id, big, get_record,
    max_seq, meta, random_epoch,
};

/// Connections one process keeps open at most, unless told otherwise
/// (`--database-connections`): several processes share the database's
/// `max_connections` (100 by default).
pub const CONNECTIONS: usize = 16;

/// How long a call waits for a free connection when all are in use, before it
/// is refused (`StoreError::Busy`: 503 with `Retry-After`).
pub const CONNECTION_WAIT: Duration = Duration::from_secs(2);

/// Given to each connection unless the connection string sets its own
/// (`connect_timeout=`, `options=-c statement_timeout=...`): a database that
/// stalls or a lock that is held makes calls fail in seconds, not wait forever.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const STATEMENT_TIMEOUT_MS: u64 = 10_000;
pub const LOCK_TIMEOUT_MS: u64 = 5_000;
/// A transaction left open without a word for this long is ended by PostgreSQL:
/// a process that froze inside a write (a paused VM, a cut network) would hold
/// the change counter's lock, and every process's pushes with it, until TCP gives
/// up on the connection (two hours by default; an attack review froze one).
pub const IDLE_IN_TRANSACTION_TIMEOUT_MS: u64 = 10_000;

/// Threads of the store's own runtime, which runs the connections.
const RUNTIME_THREADS: usize = 2;

/// Called inside a write that hands out change numbers, after its rows are
/// written and before it commits (tests hold a writer there).
pub type BeforeCommit = Arc<dyn Fn() + Send + Sync>;

pub struct PostgresStorage {
    pool: Pool,
    /// Runs the pool's connections; every call waits on its futures here.
    /// `None` only while dropped.
    runtime: Option<tokio::runtime::Runtime>,
    handle: tokio::runtime::Handle,
    before_commit: Mutex<Option<BeforeCommit>>,
    /// The epoch the last write that handed out change numbers committed with:
    /// the next one takes it for the epoch without reading it, and checks it
    /// under the counter's lock (`counter.rs`). Only a guess: another process
    /// may have switched it since.
    epoch_seen: Mutex<Option<String>>,
}

impl PostgresStorage {
    /// Connects to the database at `url` (`postgres://user:password@host:port/db`
    /// or `host=... dbname=...`) and brings its schema up to date.
    pub fn open(url: &str) -> Result<PostgresStorage, StoreError> {
        PostgresStorage::open_with(url, CONNECTIONS)
    }

    /// [`PostgresStorage::open`], keeping at most `max_open` connections open.
    pub fn open_with(url: &str, max_open: usize) -> Result<PostgresStorage, StoreError> {
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
            StoreError::Damaged(format!(
                "{} is not a PostgreSQL connection string: {e}",
                redacted(url)
            ))
        })?;
        with_timeouts(&mut config);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(RUNTIME_THREADS)
            .thread_name("wijkgids-postgres")
            .enable_all()
            .build()
            .map_err(|e| StoreError::Damaged(format!("no runtime for PostgreSQL: {e}")))?;
        // Fast: a connection is checked for being closed when taken, without a
        // round trip (the runtime notices a dropped one at once).
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(max_open.max(1))
            .wait_timeout(Some(CONNECTION_WAIT))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .map_err(|e| StoreError::Damaged(format!("no PostgreSQL pool: {e}")))?;
        let storage = PostgresStorage {
            pool,
            handle: runtime.handle().clone(),
            runtime: Some(runtime),
            before_commit: Mutex::new(None),
            epoch_seen: Mutex::new(None),
        };
        storage.read(|conn| {
            // An upgrade step may rewrite a large table: not cut at the
            // statement timeout (the connection's own again afterwards).
            conn.batch_execute("SET statement_timeout = 0")?;
            schema::migrate(conn)?;
            conn.batch_execute("RESET statement_timeout")?;
            // A new database names its history once; `DO NOTHING` keeps an
            // epoch another process wrote first.
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('epoch', $1) ON CONFLICT (key) DO NOTHING",
                &[&random_epoch()?],
            )?;
            Ok(())
        })?;
        Ok(storage)
    }

    /// Runs `hook` inside every later write that hands out change numbers, just
    /// before it commits (`None`: no more). For tests of commit order.
    pub fn set_before_commit(&self, hook: Option<BeforeCommit>) {
        *lock(&self.before_commit) = hook;
    }

    /// Connections open now (idle or in use), for tests of the cap.
    pub fn open_connections(&self) -> usize {
        self.pool.status().size
    }

    /// An idle connection, else a new one while fewer than the cap are open,
    /// else the first one freed within [`CONNECTION_WAIT`]; and whether it was
    /// idle before (so it may have died since, with the database restarting).
    fn take(&self) -> Result<(Object, bool), StoreError> {
        let client = self
            .handle
            .block_on(self.pool.get())
            .map_err(|err| match err {
                PoolError::Timeout(_) => StoreError::Busy(format!(
                    "all {} PostgreSQL connections of this process stayed in use for {} s",
                    self.pool.status().max_size,
                    CONNECTION_WAIT.as_secs()
                )),
                PoolError::Backend(err) => StoreError::Postgres(err),
                other => StoreError::Damaged(format!("PostgreSQL pool: {other}")),
            })?;
        let pooled = Object::metrics(&client).recycled.is_some();
        Ok((client, pooled))
    }

    /// Runs `f` with a pooled connection; a connection that broke is not kept.
    /// An idle connection that turns out dead (the database restarted since it
    /// was last used) is dropped and `f` runs once more on another, unless `f`
    /// says it may have written (see [`Attempt`]).
    fn with_client<T>(
        &self,
        mut f: impl FnMut(&mut Conn<'_>, &Attempt) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut retried = false;
        loop {
            let (client, pooled) = self.take()?;
            let mut conn = Conn {
                client,
                runtime: &self.handle,
            };
            let attempt = Attempt::default();
            let value = f(&mut conn, &attempt);
            let dead = conn.is_closed();
            if dead {
                drop(Object::take(conn.client));
            }
            match value {
                Err(StoreError::Postgres(err))
                    if dead && pooled && !retried && !attempt.committing.get() =>
                {
                    tracing::info!("a PostgreSQL connection was closed ({err}); trying another");
                    retried = true;
                }
                value => return value,
            }
        }
    }

    /// Reads (or a statement that may be repeated) with a pooled connection.
    fn read<T>(
        &self,
        mut f: impl FnMut(&mut Conn<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.with_client(|conn, _| f(conn))
    }

    /// One transaction; run again from its start on a new connection if the
    /// connection was found closed before it asked to commit.
    fn write<T>(
        &self,
        mut f: impl FnMut(&mut Tx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.with_client(|conn, attempt| {
            let mut tx = conn.transaction();
            let value = f(&mut tx)?;
            attempt.committing.set(true);
            tx.commit()?;
            Ok(value)
        })
    }

    /// A write transaction that may hand out change numbers, one at a time
    /// across every process (see the module's comment): `f` gets the epoch (and
    /// may switch it) and returns the last change number it handed out (or 0).
    /// It reads ahead of the counter's lock; if what it read changed before it
    /// took the lock, it runs again with the lock taken first (`counter.rs`).
    fn write_changes<T>(
        &self,
        mut f: impl FnMut(&mut Tx<'_>, &mut String) -> Result<(T, u64), StoreError>,
    ) -> Result<T, StoreError> {
        let mut ahead = true;
        loop {
            let stale = Cell::new(false);
            let value = self.with_client(|conn, attempt| {
                let mut tx = conn.transaction();
                let mut run = || {
                    let seen = lock(&self.epoch_seen).clone();
                    let mut epoch = match (ahead, seen) {
                        (true, Some(seen)) => tx.changes_guessed(seen),
                        (true, None) => tx.changes_ahead()?,
                        (false, _) => tx.changes_locked()?,
                    };
                    let (value, seq) = f(&mut tx, &mut epoch)?;
                    let hook = lock(&self.before_commit).clone();
                    attempt.committing.set(true);
                    tx.commit_changes(seq, hook.as_deref())?;
                    // Read or checked under the lock (a guess always is).
                    *lock(&self.epoch_seen) = Some(epoch);
                    Ok(value)
                };
                let value = run();
                stale.set(tx.is_stale());
                value
            });
            if stale.get() && ahead {
                ahead = false;
                continue;
            }
            return value;
        }
    }
}

/// The runtime's threads stop without being waited for: the last handle to the
/// store may go on an async thread, where a runtime may not be dropped.
impl Drop for PostgresStorage {
    fn drop(&mut self) {
        self.pool.close();
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// What a call did with its connection: once it has asked to commit, the
/// transaction may have been written, so it is not run again.
#[derive(Default)]
struct Attempt {
    committing: Cell<bool>,
}

/// [`CONNECT_TIMEOUT`], [`STATEMENT_TIMEOUT_MS`], [`LOCK_TIMEOUT_MS`] and
/// [`IDLE_IN_TRANSACTION_TIMEOUT_MS`], each unless the connection string sets it.
fn with_timeouts(config: &mut tokio_postgres::Config) {
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    let mut options = config.get_options().unwrap_or_default().to_owned();
    for (name, ms) in [
        ("statement_timeout", STATEMENT_TIMEOUT_MS),
        ("lock_timeout", LOCK_TIMEOUT_MS),
        (
            "idle_in_transaction_session_timeout",
            IDLE_IN_TRANSACTION_TIMEOUT_MS,
        ),
    ] {
        if !options.contains(name) {
            if !options.is_empty() {
                options.push(' ');
            }
            options.push_str(&format!("-c {name}={ms}"));
        }
    }
    config.options(&options);
}

/// `url` without its password, for messages.
fn redacted(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((_, host)) => format!("{scheme}://...@{host}"),
            None => url.to_owned(),
        },
        None if url.contains("password") => "the connection string".to_owned(),
        None => url.to_owned(),
    }
}

fn current_epoch(client: &mut impl Sql) -> Result<String, StoreError> {
    meta(client, "epoch")?.ok_or_else(|| StoreError::Corrupt("the database has no epoch".into()))
}

impl Storage for PostgresStorage {
    fn with_write(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.write(|tx| f(tx))
    }

    fn with_changes(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx, &mut String) -> Result<u64, StoreError>,
    ) -> Result<(), StoreError> {
        self.write_changes(|tx, epoch| Ok(((), f(tx, epoch)?)))
    }

    fn epoch(&self) -> Result<String, StoreError> {
        self.read(|c| current_epoch(c))
    }

    fn rolled_back(&self, cursor: &Cursor) -> Result<String, StoreError> {
        self.write_changes(|tx, epoch| {
            apply::rolled_back(tx, epoch, cursor, "restored from an older dump?")?;
            Ok((epoch.clone(), 0))
        })
    }

    /// Other processes may serve this database with the key it knows: a
    /// process with another refuses to start (it would switch the guide to a new
    /// history behind their backs), unless told to start a new history.
    fn cursor_key_in_use(&self, fingerprint: &str, new_history: bool) -> Result<(), StoreError> {
        self.write_changes(|tx, epoch| {
            let causes = "started with --new-history";
            apply::cursor_key_in_use(tx, epoch, fingerprint, new_history.then_some(causes))?;
            Ok(((), 0))
        })
    }

    fn latest_seq(&self) -> Result<u64, StoreError> {
        self.read(|c| max_seq(c))
    }

    fn changes_after(
        &self,
        after: u64,
        limit: usize,
        texts: Texts,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        self.read(|c| {
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            c.query(
                &format!(
                    "SELECT {} FROM records WHERE seq > $1 ORDER BY seq LIMIT $2",
                    texts.columns()
                ),
                &[&big(after), &limit],
            )?
            .iter()
            .map(rows::record)
            .collect()
        })
    }

    /// One statement, so one snapshot and one round trip: the epoch and the
    /// counter beside each change (or beside a row of NULLs when there is none).
    fn pull(
        &self,
        after: u64,
        limit: usize,
        texts: Texts,
    ) -> Result<(String, u64, Vec<StoredRecord>), StoreError> {
        self.read(|c| {
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let rows = c.query(
                &format!(
                    "SELECT (SELECT value FROM meta WHERE key = 'epoch'),
                         (SELECT seq FROM change_counter), r.*
                     FROM (SELECT 1) one LEFT JOIN LATERAL (
                         SELECT {} FROM records
                         WHERE seq > $1 ORDER BY seq LIMIT $2
                     ) r ON true",
                    texts.columns()
                ),
                &[&big(after), &limit],
            )?;
            let first = rows
                .first()
                .ok_or_else(|| StoreError::Corrupt("no answer".into()))?;
            let epoch: Option<String> = first.try_get(0)?;
            let epoch =
                epoch.ok_or_else(|| StoreError::Corrupt("the database has no epoch".into()))?;
            let latest = u64::try_from(first.try_get::<_, i64>(1)?).unwrap_or(0);
            let mut records = Vec::with_capacity(rows.len());
            for row in &rows {
                if row.try_get::<_, Option<&str>>(2)?.is_some() {
                    records.push(rows::record_at(row, 2)?);
                }
            }
            Ok((epoch, latest, records))
        })
    }

    fn record(&self, kind: RecordKind, id: Uuid) -> Result<Option<StoredRecord>, StoreError> {
        self.read(|c| get_record(c, kind, id))
    }

    fn count_live(&self, kind: RecordKind) -> Result<u64, StoreError> {
        self.read(|c| {
            let n: i64 = c
                .query_one(
                    "SELECT count(*) FROM records WHERE kind = $1 AND NOT deleted",
                    &[&kind.code()],
                )?
                .get(0);
            Ok(n.max(0) as u64)
        })
    }

    fn live_records(&self) -> Result<Vec<StoredRecord>, StoreError> {
        self.read(|c| {
            c.query(
                &format!("SELECT {RECORD_COLUMNS} FROM records WHERE NOT deleted ORDER BY seq"),
                &[],
            )?
            .iter()
            .map(rows::record)
            .collect()
        })
    }

    fn backup(&self, _path: &std::path::Path) -> Result<(), StoreError> {
        Err(StoreError::Damaged(
            "a PostgreSQL guide is backed up with pg_dump (see the README), not `backup`".into(),
        ))
    }

    fn dump(&self) -> Result<super::Dump, StoreError> {
        self.read(copy::dump)
    }

    fn account_by_id(&self, id: Uuid) -> Result<Option<Account>, StoreError> {
        self.read(|c| account_by_id(c, id))
    }

    fn account_by_email(&self, email: &str) -> Result<Option<AccountRecord>, StoreError> {
        self.read(|c| {
            let row = c.query_opt(
                &format!(
                    "SELECT {ACCOUNT_COLUMNS}, a.password_hash FROM accounts a
                     WHERE lower(a.email) = lower($1)"
                ),
                &[&email],
            )?;
            row.map(|row| {
                Ok(AccountRecord {
                    account: account(&row)?,
                    password_hash: row.try_get(AFTER_ACCOUNT)?,
                })
            })
            .transpose()
        })
    }

    fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.read(|c| {
            c.query(
                &format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM accounts a
                     ORDER BY a.status <> 'pending',
                         CASE WHEN a.status = 'pending' THEN a.requested_at END, a.email"
                ),
                &[],
            )?
            .iter()
            .map(account)
            .collect()
        })
    }

    fn session_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Account>, StoreError> {
        self.read(|c| {
            c.query_opt(
                &format!(
                    "SELECT {ACCOUNT_COLUMNS}
                     FROM sessions s JOIN accounts a ON a.id = s.account_id
                     WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.status = 'active'"
                ),
                &[&token_hash, &now.timestamp()],
            )?
            .as_ref()
            .map(account)
            .transpose()
        })
    }

    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.read(|c| {
            c.execute("DELETE FROM sessions WHERE token_hash = $1", &[&token_hash])?;
            Ok(())
        })
    }

    fn password_reset(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<ResetState, StoreError> {
        self.read(|c| password_resets::reset(c, token_hash, now, false))
    }

    fn with_limits(
        &self,
        f: &mut dyn FnMut(&mut dyn super::LimitTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            // A count lost in a crash does no harm: not worth waiting for the flush.
            tx.batch_execute("SET LOCAL synchronous_commit = off")?;
            f(tx)
        })
    }
}
