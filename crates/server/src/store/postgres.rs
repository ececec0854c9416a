//! The PostgreSQL backend: one database that several server processes share.
//!
//! The `postgres` crate (the synchronous client over `tokio-postgres`) fits the
//! blocking [`Storage`] trait, which `Store` runs on the blocking pool; the
//! connections are kept in a small pool of our own, as the SQLite store keeps
//! its readers. Nothing lives only in this process: the epoch, sessions,
//! remembered mutation ids and accounts are read from the database every time,
//! and the limits on what anyone may try are counted there (`store::limits`).
//!
//! Change numbers (SYNC.md): a transaction that hands out change numbers first
//! locks the one row of `change_counter` (`SELECT ... FOR UPDATE`) and holds it
//! until it commits, writing the last number it handed out into it. A second
//! writer waits at that lock until the first has committed (its commit is then
//! visible to everyone), so numbers are committed in the order they are handed
//! out, and a pull (`seq > cursor`, one snapshot) always sees a gap-free prefix:
//! no change can become visible below a cursor already handed out. This is the
//! SQLite store's one-writer model, across processes. The cost is that writers
//! that hand out numbers run one at a time; a push is one short transaction, so
//! that is ample for a municipality's guide (see the benchmark). Writes without
//! change numbers (sessions, accounts, reset links) do not take the lock.

mod copy;
mod limits;
mod password_resets;
mod rows;
mod schema;

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use postgres::{Client, NoTls, Transaction};
use uuid::Uuid;
use wijkgids_core::sync::Cursor;
use wijkgids_core::vocab::{RecordKind, Vocabulary};
use wijkgids_core::wire::Account;

use super::apply;
use super::{AccountRecord, ResetState, Storage, StoreError, StoredRecord, WriteTx, lock};
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

/// Called inside a write that hands out change numbers, after its rows are
/// written and before it commits (tests hold a writer there).
pub type BeforeCommit = Arc<dyn Fn() + Send + Sync>;

pub struct PostgresStorage {
    config: postgres::Config,
    pool: Mutex<Pool>,
    freed: Condvar,
    max_open: usize,
    before_commit: Mutex<Option<BeforeCommit>>,
}

/// The connections of this process: the idle ones, and how many are open
/// (idle, in use, or being opened), never more than `max_open`.
#[derive(Default)]
struct Pool {
    idle: Vec<Client>,
    open: usize,
}

/// A connection taken for one call: `pooled` when it was idle before (so it may
/// have died since, with the database restarting).
struct Taken {
    client: Client,
    pooled: bool,
}

impl PostgresStorage {
    /// Connects to the database at `url` (`postgres://user:password@host:port/db`
    /// or `host=... dbname=...`) and brings its schema up to date.
    pub fn open(url: &str) -> Result<PostgresStorage, StoreError> {
        PostgresStorage::open_with(url, CONNECTIONS)
    }

    /// [`PostgresStorage::open`], keeping at most `max_open` connections open.
    pub fn open_with(url: &str, max_open: usize) -> Result<PostgresStorage, StoreError> {
        let mut config: postgres::Config = url.parse().map_err(|e| {
            StoreError::Damaged(format!(
                "{} is not a PostgreSQL connection string: {e}",
                redacted(url)
            ))
        })?;
        with_timeouts(&mut config);
        let storage = PostgresStorage {
            config,
            pool: Mutex::new(Pool::default()),
            freed: Condvar::new(),
            max_open: max_open.max(1),
            before_commit: Mutex::new(None),
        };
        storage.read(|client| {
            // An upgrade step may rewrite a large table: not cut at the
            // statement timeout (the connection's own again afterwards).
            client.batch_execute("SET statement_timeout = 0")?;
            schema::migrate(client)?;
            client.batch_execute("RESET statement_timeout")?;
            // A new database names its history once; `DO NOTHING` keeps an
            // epoch another process wrote first.
            client.execute(
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
        lock(&self.pool).open
    }

    /// An idle connection (unless `fresh`), else a new one while fewer than
    /// `max_open` are open, else the first one freed within [`CONNECTION_WAIT`].
    fn take(&self, fresh: bool) -> Result<Taken, StoreError> {
        let deadline = Instant::now() + CONNECTION_WAIT;
        let mut pool = lock(&self.pool);
        loop {
            if fresh && pool.open >= self.max_open {
                // An idle one makes room: it may be as dead as the last.
                if let Some(client) = pool.idle.pop() {
                    pool.open -= 1;
                    close_aside(client);
                }
            }
            while let Some(client) = if fresh { None } else { pool.idle.pop() } {
                if !client.is_closed() {
                    return Ok(Taken {
                        client,
                        pooled: true,
                    });
                }
                pool.open -= 1;
                close_aside(client);
            }
            if pool.open < self.max_open {
                pool.open += 1;
                drop(pool);
                return self.connect_counted().map(|client| Taken {
                    client,
                    pooled: false,
                });
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(StoreError::Busy(format!(
                    "all {} PostgreSQL connections of this process stayed in use for {} s",
                    self.max_open,
                    CONNECTION_WAIT.as_secs()
                )));
            }
            pool = self
                .freed
                .wait_timeout(pool, deadline - now)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
    }

    /// A new connection, already counted as open (uncounted again if it fails).
    fn connect_counted(&self) -> Result<Client, StoreError> {
        self.config.connect(NoTls).map_err(|err| {
            self.give_back(None);
            StoreError::from(err)
        })
    }

    /// Returns a connection to the pool (or, closed or `None`, its place).
    fn give_back(&self, client: Option<Client>) {
        let mut pool = lock(&self.pool);
        match client {
            Some(client) if !client.is_closed() => pool.idle.push(client),
            Some(client) => {
                pool.open -= 1;
                close_aside(client);
            }
            None => pool.open -= 1,
        }
        drop(pool);
        self.freed.notify_one();
    }

    /// Runs `f` with a pooled connection; a connection that broke is not kept.
    /// An idle connection that turns out dead (the database restarted since it
    /// was last used) is dropped and `f` runs once more on a new one, unless
    /// `f` says it may have written (see [`Attempt`]).
    fn with_client<T>(
        &self,
        mut f: impl FnMut(&mut Client, &Attempt) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut retried = false;
        loop {
            let Taken { mut client, pooled } = self.take(retried)?;
            let attempt = Attempt::default();
            let value = f(&mut client, &attempt);
            let dead = client.is_closed();
            self.give_back(Some(client));
            match value {
                Err(StoreError::Postgres(err))
                    if dead && pooled && !retried && !attempt.committing.get() =>
                {
                    tracing::info!("a PostgreSQL connection was closed ({err}); trying a new one");
                    retried = true;
                }
                value => return value,
            }
        }
    }

    /// Reads (or a statement that may be repeated) with a pooled connection.
    fn read<T>(
        &self,
        mut f: impl FnMut(&mut Client) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.with_client(|client, _| f(client))
    }

    /// One transaction; run again from its start on a new connection if the
    /// connection was found closed before it asked to commit.
    fn write<T>(
        &self,
        mut f: impl FnMut(&mut Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.with_client(|client, attempt| {
            let mut tx = client.transaction()?;
            let value = f(&mut tx)?;
            attempt.committing.set(true);
            tx.commit()?;
            Ok(value)
        })
    }

    /// A write transaction that may hand out change numbers, one at a time
    /// across every process (see the module's comment): `f` gets the epoch (and
    /// may switch it) and returns the last change number it handed out (or 0).
    fn write_changes<T>(
        &self,
        mut f: impl FnMut(&mut Transaction<'_>, &mut String) -> Result<(T, u64), StoreError>,
    ) -> Result<T, StoreError> {
        self.with_client(|client, attempt| {
            let mut tx = client.transaction()?;
            let last: i64 = tx
                .query_one("SELECT seq FROM change_counter FOR UPDATE", &[])?
                .get(0);
            let mut epoch = current_epoch(&mut tx)?;
            let (value, seq) = f(&mut tx, &mut epoch)?;
            if big(seq) > last {
                tx.execute("UPDATE change_counter SET seq = $1", &[&big(seq)])?;
            }
            let hook = lock(&self.before_commit).clone();
            if let Some(hook) = hook {
                hook();
            }
            attempt.committing.set(true);
            tx.commit()?;
            Ok(value)
        })
    }
}

/// A client closes its connection by blocking on a runtime of its own, which
/// may not happen on an async thread (where the last handle to the store may
/// go): the idle connections close on a plain thread.
impl Drop for PostgresStorage {
    fn drop(&mut self) {
        let idle = std::mem::take(&mut lock(&self.pool).idle);
        if !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

/// What a call did with its connection: once it has asked to commit, the
/// transaction may have been written, so it is not run again.
#[derive(Default)]
struct Attempt {
    committing: std::cell::Cell<bool>,
}

/// Drops a dead connection on a plain thread (see `Drop`); the caller may be
/// on any thread.
fn close_aside(client: Client) {
    std::thread::spawn(move || drop(client));
}

/// [`CONNECT_TIMEOUT`], [`STATEMENT_TIMEOUT_MS`] and [`LOCK_TIMEOUT_MS`],
/// each unless the connection string sets it.
fn with_timeouts(config: &mut postgres::Config) {
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    let mut options = config.get_options().unwrap_or_default().to_owned();
    for (name, ms) in [
        ("statement_timeout", STATEMENT_TIMEOUT_MS),
        ("lock_timeout", LOCK_TIMEOUT_MS),
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

fn current_epoch(client: &mut impl postgres::GenericClient) -> Result<String, StoreError> {
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
        self.read(current_epoch)
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
        self.read(max_seq)
    }

    fn changes_after(&self, after: u64, limit: usize) -> Result<Vec<StoredRecord>, StoreError> {
        self.read(|c| {
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            c.query(
                &format!(
                    "SELECT {RECORD_COLUMNS} FROM records WHERE seq > $1 ORDER BY seq LIMIT $2"
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
    ) -> Result<(String, u64, Vec<StoredRecord>), StoreError> {
        self.read(|c| {
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let rows = c.query(
                &format!(
                    "SELECT (SELECT value FROM meta WHERE key = 'epoch'),
                         (SELECT seq FROM change_counter), r.*
                     FROM (SELECT 1) one LEFT JOIN LATERAL (
                         SELECT {RECORD_COLUMNS} FROM records
                         WHERE seq > $1 ORDER BY seq LIMIT $2
                     ) r ON true"
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
