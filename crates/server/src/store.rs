//! Where the guide is kept. Handlers talk to [`Store`]; a backend implements
//! [`Storage`]: SQLite (`sqlite.rs`, one file, the default) or PostgreSQL
//! (`postgres.rs`, one database for several server processes). What deciding a
//! push means for the rows is written once, in `apply.rs`. The sync rules themselves live in
//! `wijkgids_core::sync`, so every backend decides mutations the same way.

mod accounts;
mod apply;
mod history;
pub mod limits;
mod postgres;
mod sqlite;

use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use uuid::Uuid;
use wijkgids_core::access::{Actor, RecordFacts, Sight, sees_last_published, sight};
use wijkgids_core::record::Record;
use wijkgids_core::sync::Cursor;
use wijkgids_core::vocab::{AccountRole, AccountStatus, RecordKind, Status};
use wijkgids_core::wire::{Account, Change, Initiative, Mutation, MutationResult};

pub use apply::{Remembered, Replaced, StatusDecision, Waiting, WriteTx};
pub use history::{DataLock, RestoreLock};
pub use limits::{AddressLimit, LimitTx, SignInAttempt};
pub use postgres::{BeforeCommit, CONNECTIONS as POSTGRES_CONNECTIONS, PostgresStorage};
pub use sqlite::{Restored, SEQ_MAX, SqliteStorage};

/// A record as stored, with the columns access is decided on.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub kind: RecordKind,
    pub id: Uuid,
    pub version: u64,
    pub seq: u64,
    pub deleted: bool,
    pub status: Option<Status>,
    pub organisation_id: Option<Uuid>,
    /// The whole record as JSON text (a tombstone keeps its last data).
    pub data: String,
    /// What an anonymous reader may see, or `None` if nothing.
    pub public_data: Option<String>,
    /// An offering as people outside its organisation see it (`Sight::Shared`).
    pub shared_data: Option<String>,
    /// An offering's last version residents saw, while they see another or none
    /// (`core::review::LastPublished`); a coordinator reviewing it receives it.
    pub last_published: Option<String>,
}

impl StoredRecord {
    pub fn facts(&self) -> RecordFacts {
        RecordFacts {
            kind: self.kind,
            status: self.status,
            organisation_id: self.organisation_id,
        }
    }

    /// The change as `viewer` receives it: hidden and deleted records arrive as
    /// tombstones, so a client drops what it may no longer see.
    pub fn change_for(&self, viewer: Option<&Actor>) -> Change<&str> {
        let data = if self.deleted {
            None
        } else {
            match sight(viewer, &self.facts()) {
                Sight::None => None,
                Sight::Public => self.public_data.as_deref(),
                // None only for a row that lacks it: a tombstone rather than too much.
                Sight::Shared => self.shared_data.as_deref(),
                Sight::Full => Some(self.data.as_str()),
            }
        };
        let last_published = data
            .and(self.last_published.as_deref())
            .filter(|_| sees_last_published(viewer, &self.facts()));
        Change {
            kind: self.kind,
            id: self.id,
            version: self.version,
            seq: self.seq,
            deleted: data.is_none(),
            data,
            last_published,
        }
    }
}

/// The columns a backend reads a [`StoredRecord`] from, in its order.
const RECORD_COLUMNS: &str = "kind, id, version, seq, deleted, status, organisation_id, data, \
     public_data, last_published, shared_data";

/// Which of a record's texts a read brings back. A page for an anonymous reader
/// needs only the public one: the whole record, the shared view and the last
/// published version are a third or more of what a page of 500 would read and
/// copy for nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Texts {
    All,
    /// `data` comes back empty and `shared_data` and `last_published` as
    /// `None`: only for what [`Texts::for_viewer`] picks it for.
    PublicOnly,
}

impl Texts {
    /// What a pull for `viewer` needs: an anonymous reader sees only public
    /// texts (`access::sight` gives it `Public` or nothing, and never the last
    /// published version), an account may see any.
    pub fn for_viewer(viewer: Option<&Actor>) -> Texts {
        if viewer.is_some() {
            Texts::All
        } else {
            Texts::PublicOnly
        }
    }

    /// [`RECORD_COLUMNS`] with the texts left out read as empty, in the same
    /// order, so a backend reads the row alike.
    fn columns(self) -> &'static str {
        match self {
            Texts::All => RECORD_COLUMNS,
            Texts::PublicOnly => {
                "kind, id, version, seq, deleted, status, organisation_id, '' AS data, \
                 public_data, NULL AS last_published, NULL AS shared_data"
            }
        }
    }
}

/// Of `accounts a`, in the order each backend reads an [`Account`] (the
/// initiative the account was asked for, while it waits to enter the guide, last).
const ACCOUNT_COLUMNS: &str =
    "a.id, a.email, a.role, a.organisation_id, a.status, a.name, a.message, a.reason,
     (SELECT i.name FROM initiatives i WHERE i.account_id = a.id),
     (SELECT i.description FROM initiatives i WHERE i.account_id = a.id)";
/// The column after [`ACCOUNT_COLUMNS`].
const AFTER_ACCOUNT: usize = 10;

/// The columns of a record about to be written.
pub(crate) struct RecordRow {
    pub status: Option<Status>,
    pub organisation_id: Option<Uuid>,
    pub data: String,
    pub public_data: Option<String>,
    pub shared_data: Option<String>,
}

impl RecordRow {
    pub fn of(record: &Record) -> RecordRow {
        let facts = record.facts();
        RecordRow {
            status: facts.status,
            organisation_id: facts.organisation_id,
            data: record.to_json().to_string(),
            public_data: record.public().map(|public| public.to_json().to_string()),
            shared_data: record.shared().map(|shared| shared.to_json().to_string()),
        }
    }
}

/// An account with what signing in checks.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRecord {
    pub account: Account,
    /// Argon2id PHC string.
    pub password_hash: String,
}

impl AccountRecord {
    pub fn actor(&self) -> Actor {
        actor_of(&self.account)
    }
}

pub fn actor_of(account: &Account) -> Actor {
    Actor {
        account_id: account.id,
        role: account.role,
        organisation_id: account.organisation_id,
    }
}

/// A new account as the store receives it (the password already hashed).
#[derive(Debug, Clone)]
pub struct NewAccountRecord {
    pub email: String,
    pub password_hash: String,
    pub role: AccountRole,
    pub organisation_id: Option<Uuid>,
}

/// A request for a publisher account, checked and hashed; stored `pending`.
#[derive(Debug, Clone)]
pub struct AccountRequestRecord {
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub organisation: RequestedFor,
    pub message: Option<String>,
}

/// What a publisher account is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestedFor {
    /// An organisation in the guide.
    Organisation(Uuid),
    /// An initiative not in the guide: kept beside the account, out of every pull,
    /// until a coordinator approves the account; then it becomes the organisation
    /// `organisation_id` (chosen now, so the account names it from the start).
    Initiative {
        organisation_id: Uuid,
        initiative: Initiative,
    },
}

impl RequestedFor {
    pub fn organisation_id(&self) -> Uuid {
        match self {
            RequestedFor::Organisation(id) => *id,
            RequestedFor::Initiative {
                organisation_id, ..
            } => *organisation_id,
        }
    }
}

/// Where a password reset link stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ResetState {
    /// It works, for this active account, until `expires_at`.
    Valid {
        account: Account,
        expires_at: DateTime<Utc>,
    },
    /// It was used: a link works once.
    Used,
    /// Its day is over.
    Expired,
    /// Its account is no longer active (blocked since): it does nothing.
    Inactive,
    /// No link has this token (or it was replaced by a newer one).
    Unknown,
}

/// Everything `wijkgids-server copy` takes from one backend to another: records
/// as stored (with their versions and change numbers), accounts (with their
/// password hashes and the initiatives they ask for) and remembered mutation ids.
/// Sessions and reset links stay behind: the copy is a new history, and everyone
/// signs in again.
#[derive(Debug, Clone, Default)]
pub struct Dump {
    /// Each record with whether its current version is an approval.
    pub records: Vec<(StoredRecord, bool)>,
    pub accounts: Vec<DumpedAccount>,
    pub mutations: Vec<DumpedMutation>,
}

#[derive(Debug, Clone)]
pub struct DumpedAccount {
    pub account: Account,
    pub password_hash: String,
    pub requested_at: Option<i64>,
}

/// A remembered mutation's row (`kind` and `record_id` are `None` on SQLite rows
/// of before its schema 5).
#[derive(Debug, Clone)]
pub struct DumpedMutation {
    pub mutation_id: Uuid,
    pub account_id: Uuid,
    pub version: u64,
    pub seq: u64,
    pub kind: Option<String>,
    pub record_id: Option<Uuid>,
    pub outcome: Option<String>,
    pub rejection: Option<String>,
}

/// A session to start, as the store receives it.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create data folder {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{path} is in use by a running wijkgids-server (serving, or restoring a backup); stop it first"
    )]
    InUse { path: String },
    #[error(
        "{path} is being restored from a backup (`wijkgids-server restore` is running); \
         nothing was changed: run this again when it has finished"
    )]
    Restoring { path: String },
    #[error(
        "another wijkgids-server command is using {path} (user, import, backup, export); \
         nothing was restored: run `restore` again when it has finished"
    )]
    CommandRunning { path: String },
    #[error("{path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a Wijkgids backup: {why}")]
    NotABackup { path: String, why: String },
    #[error("an account with this e-mail address already exists")]
    EmailTaken,
    #[error("the guide has no such organisation")]
    UnknownOrganisation,
    #[error(
        "the guide has an organisation with this name: {name:?} ({id}); ask for an account for it"
    )]
    OrganisationExists { id: Uuid, name: String },
    #[error(
        "an account was already asked for an initiative with this name; a coordinator decides on it first"
    )]
    InitiativeRequested,
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {}", postgres_message(.0))]
    Postgres(#[from] tokio_postgres::Error),
    #[error("{0}")]
    Damaged(String),
    #[error(
        "the database to copy into already holds a guide ({records} records, {accounts} \
         accounts); nothing was copied: give an empty one"
    )]
    NotEmpty { records: u64, accounts: u64 },
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
    #[error(
        "this database's history is signed with another cursor key ({known}) than the one in \
         this process's data folder ({now}): every server process over one database needs the \
         same key. Copy wijkgids.cursor-key from the data folder (--data-dir) of the process \
         that serves this guide into this one's, or start with --new-history to give the guide \
         a new history (every device then downloads the whole guide again)"
    )]
    OtherCursorKey { known: String, now: String },
    /// Every database connection this process may open is in use.
    #[error("{0}")]
    Busy(String),
}

/// What PostgreSQL said (the server's own message, when it sent one).
fn postgres_message(err: &tokio_postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => db.to_string(),
        None => match std::error::Error::source(err) {
            Some(source) => format!("{err}: {source}"),
            None => err.to_string(),
        },
    }
}

/// The operations a storage backend offers. Methods block: [`Store`] runs them on
/// the blocking thread pool. Every write is durable when the method returns.
pub trait Storage: Send + Sync + 'static {
    /// Names this database's history; see `wijkgids_core::sync::Cursor`.
    fn epoch(&self) -> Result<String, StoreError>;
    /// A device holds `cursor` of the current history beyond its last change: the
    /// database was rolled back behind what was handed out. Gives the history a new
    /// epoch (unless it has moved on already) and returns the epoch now served.
    fn rolled_back(&self, cursor: &Cursor) -> Result<String, StoreError>;
    /// Cursors are signed with the key named `fingerprint` (see `cursor_key`).
    /// If cursors of another key were handed out from this database (the key file
    /// was lost or replaced), they cannot be checked any more: the history gets a
    /// new epoch, so that they are answered 410 and their devices pull again;
    /// on PostgreSQL, where other processes may still hand out cursors of the
    /// other key, only when `new_history` ([`StoreError::OtherCursorKey`]
    /// otherwise).
    fn cursor_key_in_use(&self, fingerprint: &str, new_history: bool) -> Result<(), StoreError>;
    /// The highest change number committed.
    fn latest_seq(&self) -> Result<u64, StoreError>;
    /// Changes with `seq > after`, oldest first, at most `limit`, with `texts`.
    fn changes_after(
        &self,
        after: u64,
        limit: usize,
        texts: Texts,
    ) -> Result<Vec<StoredRecord>, StoreError>;
    /// What a pull reads: the epoch, the highest change number and
    /// [`Storage::changes_after`]. A backend may read them at once.
    fn pull(
        &self,
        after: u64,
        limit: usize,
        texts: Texts,
    ) -> Result<(String, u64, Vec<StoredRecord>), StoreError> {
        Ok((
            self.epoch()?,
            self.latest_seq()?,
            self.changes_after(after, limit, texts)?,
        ))
    }
    /// One record as stored (a tombstone too), or `None` if it never was.
    fn record(&self, kind: RecordKind, id: Uuid) -> Result<Option<StoredRecord>, StoreError>;
    /// Live (not deleted) records of a kind.
    fn count_live(&self, kind: RecordKind) -> Result<u64, StoreError>;
    /// Every live record, for an export.
    fn live_records(&self) -> Result<Vec<StoredRecord>, StoreError>;
    /// Decides and applies `mutations` in order, in one transaction, remembering each
    /// `mutation_id`'s answer so that a retry is answered `duplicate` if it was
    /// applied, and is never applied if it was not (a conflict is answered with
    /// the record as it is then, a rejection again). An edit of the
    /// current history on a version the database never reached is evidence of a
    /// rollback: the history gets a new epoch first. Returns the epoch the answers
    /// come from.
    fn push(
        &self,
        actor: &Actor,
        mutations: &[Mutation],
    ) -> Result<(String, Vec<MutationResult>), StoreError> {
        apply::run(self, |tx, epoch| apply::push(tx, actor, mutations, epoch))
    }
    /// Whether pushes waiting for one another are best written together
    /// ([`Storage::push_together`]): where writers take turns through the whole
    /// transaction (SQLite's one writer) a push waits anyway, and one flush for
    /// many is the gain. PostgreSQL's pushes read what they need side by side and
    /// take turns only for the change counter (`postgres/counter.rs`); written
    /// together they read one after the other, which measured slower.
    fn writes_together(&self) -> bool {
        false
    }
    /// Several callers' pushes in one transaction and one commit, as if each were
    /// pushed alone in the order given: one disk flush (and, on PostgreSQL, one
    /// turn of the change counter's lock) for all. Fails as a whole: nothing of
    /// any of them is written then.
    fn push_together(
        &self,
        pushes: &[(&Actor, &[Mutation])],
    ) -> Result<apply::PushedTogether, StoreError> {
        apply::run(self, |tx, epoch| apply::push_together(tx, pushes, epoch))
    }
    /// Stores `records` as new versions (an import, the demo data), each with a new
    /// change number and an offering's `updated_at` now, in one transaction. With `mark`, only if `mark` was never set
    /// before, and sets it: returns whether it wrote.
    fn put_records(&self, records: &[Record], mark: Option<&str>) -> Result<bool, StoreError> {
        apply::run(self, |tx, _| apply::put_records(tx, records, mark))
    }
    /// Everything [`Dump`] holds, from one consistent state.
    fn dump(&self) -> Result<Dump, StoreError>;
    /// Writes `dump` into this database, which must hold no record and no account
    /// ([`StoreError::NotEmpty`] otherwise), in one transaction, as a new history:
    /// returns its epoch.
    fn load(&self, dump: &Dump) -> Result<String, StoreError> {
        apply::run(self, |tx, epoch| {
            let last = apply::load(tx, epoch, dump)?;
            Ok((epoch.clone(), last))
        })
    }
    /// Writes a consistent copy of the database to `path` while others keep working,
    /// marked as a backup of this history, so that a copy put in place by hand
    /// instead of with `restore` is noticed (it gets a new epoch when opened).
    fn backup(&self, path: &Path) -> Result<(), StoreError>;

    fn insert_account(&self, new: &NewAccountRecord) -> Result<Account, StoreError> {
        let account = DumpedAccount {
            account: accounts::new_account(new),
            password_hash: new.password_hash.clone(),
            requested_at: None,
        };
        apply::written(self, |tx| apply::insert_account(tx, &account))?;
        Ok(account.account)
    }
    fn account_by_email(&self, email: &str) -> Result<Option<AccountRecord>, StoreError>;
    /// Stores a `pending` publisher account for a live organisation record
    /// ([`StoreError::UnknownOrganisation`] otherwise), or for a new initiative
    /// whose name is neither a live organisation's
    /// ([`StoreError::OrganisationExists`]) nor that of an initiative another
    /// pending request named ([`StoreError::InitiativeRequested`]).
    fn request_account(&self, request: &AccountRequestRecord) -> Result<Account, StoreError> {
        let mut account = accounts::requested_account(request);
        // Under the one-writer lock, as every write to the guide: the
        // organisation cannot be deleted (or an initiative's name taken, by a
        // request or an approval) between the check and the request.
        apply::run(self, |tx, _| {
            accounts::request(tx, request, &mut account)?;
            Ok(((), 0))
        })?;
        Ok(account)
    }
    fn account_by_id(&self, id: Uuid) -> Result<Option<Account>, StoreError>;
    /// Pending requests first (oldest first), then the others by e-mail address.
    fn accounts(&self) -> Result<Vec<Account>, StoreError>;
    /// Returns whether an account with this e-mail address exists. Any status but
    /// active ends the account's sessions; active clears the reason and forgets
    /// the e-mail's counted sign-in attempts (`user unblock`, `user approve`).
    fn set_account_status(&self, email: &str, status: AccountStatus) -> Result<bool, StoreError> {
        apply::written(self, |tx| accounts::set_status(tx, email, status))
    }
    /// A coordinator's decision: sets `to` and `reason` only if the account still
    /// has status `from` (so two coordinators deciding at once cannot both win),
    /// and ends its sessions unless `to` is active. Approving an account asked for
    /// a new initiative puts that initiative in the guide as its organisation, in
    /// the same transaction; refusing it puts nothing there. `None` if no account
    /// `id` has status `from`.
    fn decide_account(
        &self,
        id: Uuid,
        from: AccountStatus,
        to: AccountStatus,
        reason: Option<&str>,
    ) -> Result<Option<Account>, StoreError> {
        let decision = StatusDecision {
            id,
            from,
            to,
            reason,
        };
        apply::run(self, |tx, _| accounts::decide(tx, &decision))
    }
    fn insert_session(
        &self,
        token_hash: &str,
        account_id: Uuid,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let session = NewSession {
            token_hash: token_hash.to_owned(),
            expires_at,
        };
        apply::written(self, |tx| {
            // Expired sessions are of no use to anyone: clear them on the way.
            tx.sweep_sessions(Utc::now().timestamp())?;
            tx.put_token("sessions", account_id, &session)
        })
    }
    /// The active account of an unexpired session.
    fn session_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Account>, StoreError>;
    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Stores a one-time password reset link (only the token's hash) for the
    /// active account `account_id`, replacing its earlier links; `false` if there
    /// is no such active account. Forgets links that ended long ago.
    fn insert_password_reset(
        &self,
        token_hash: &str,
        account_id: Uuid,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let link = NewSession {
            token_hash: token_hash.to_owned(),
            expires_at,
        };
        apply::written(self, |tx| accounts::insert_reset(tx, account_id, &link))
    }
    /// Where the link with `token_hash` stands at `now`.
    fn password_reset(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<ResetState, StoreError>;
    /// Uses the link with `token_hash` at `now`: while it is valid, in one
    /// transaction, sets the account's password, ends all its sessions, starts
    /// `session` and marks the link used (so of two uses at once, one wins).
    /// Answers the state the link was in; nothing changes unless it was valid.
    fn use_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        session: &NewSession,
        now: DateTime<Utc>,
    ) -> Result<ResetState, StoreError> {
        apply::written(self, |tx| {
            let found = tx.locked_link(token_hash, now)?;
            let ResetState::Valid { account, .. } = &found else {
                return Ok(found);
            };
            tx.set_password(account.id, password_hash)?;
            // Whoever knew the old password is signed out everywhere.
            tx.delete_of("sessions", account.id)?;
            tx.put_token("sessions", account.id, session)?;
            tx.mark_used(token_hash, now.timestamp())?;
            Ok(found)
        })
    }

    /// Runs `f` in a write transaction that may hand out change numbers, one
    /// writer at a time (SQLite's write lock; on PostgreSQL the change counter's
    /// row, locked until the commit): `f` gets the epoch (and may switch it) and
    /// returns the last change number it handed out (or 0). The writes of the
    /// guide are written once, over it (`apply.rs`).
    fn with_changes(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx, &mut String) -> Result<u64, StoreError>,
    ) -> Result<(), StoreError>;
    /// Runs `f` in a write transaction that hands out no change numbers and
    /// takes no lock beyond its rows' (on SQLite, the one writer's).
    fn with_write(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Runs `f` in a write transaction of its own for the counts of
    /// [`limits`](self::limits) (not worth a disk flush: a count lost in a power
    /// cut does no harm). The methods below are written once, over it.
    fn with_limits(
        &self,
        f: &mut dyn FnMut(&mut dyn LimitTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Counts a sign-in attempt at `email` from `client` before its password is
    /// checked, for every server process over this database, under the rules of
    /// `auth::limiter`: `Err(wait)` when it must not be tried now (then nothing is
    /// counted). `known_device`: the client showed this account's device proof.
    /// Of many attempts at once, no more than the limits allow are counted.
    fn reserve_sign_in(
        &self,
        email: &str,
        client: IpAddr,
        known_device: bool,
        now: DateTime<Utc>,
    ) -> Result<Result<SignInAttempt, std::time::Duration>, StoreError> {
        limits::run(self, |tx| {
            limits::reserve_sign_in(tx, email, client, known_device, limits::at(now))
        })
    }
    /// A right password after `attempt`: `client`'s failures for `email` are
    /// forgotten and the attempt counts nowhere; other clients' failures still count.
    fn sign_in_succeeded(
        &self,
        email: &str,
        client: IpAddr,
        attempt: SignInAttempt,
    ) -> Result<(), StoreError> {
        limits::run(self, |tx| {
            limits::sign_in_succeeded(tx, email, client, attempt)
        })
    }
    /// Forgets every count of `email`'s sign-in attempts (a new password, an
    /// approval or an unblock).
    fn forget_sign_ins(&self, email: &str) -> Result<(), StoreError> {
        limits::run(self, |tx| limits::forget_sign_ins(tx, email))
    }
    /// Counts one event of `limit` from `client`: `Err(wait)` once it reached its
    /// limit (then nothing is counted).
    fn count_per_address(
        &self,
        limit: AddressLimit,
        client: IpAddr,
        now: DateTime<Utc>,
    ) -> Result<Result<(), std::time::Duration>, StoreError> {
        limits::run(self, |tx| {
            limits::count_per_address(tx, limit, client, limits::at(now))
        })
    }
    /// The secret that signs known-device proofs: the same for every process over
    /// this database, made by the first that asks.
    fn device_key(&self) -> Result<[u8; 32], StoreError> {
        limits::run(self, limits::device_key)
    }
}

/// A backend's mutex (its pooled connections, SQLite's writer). A poisoned lock
/// only means another request panicked mid-call; the database's own rollback
/// keeps the data consistent, so carry on.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The store as handlers use it: a backend behind an `Arc`, called off the async
/// threads.
#[derive(Clone)]
pub struct Store {
    backend: Arc<dyn Storage>,
}

impl Store {
    pub fn new(backend: impl Storage) -> Store {
        Store {
            backend: Arc::new(backend),
        }
    }

    /// Opens (creating if needed) the SQLite database at `path`.
    pub fn open_sqlite(path: &Path) -> Result<Store, StoreError> {
        Ok(Store::new(SqliteStorage::open(path)?))
    }

    /// Connects to the PostgreSQL database at `url`, upgrading its schema.
    pub fn open_postgres(url: &str, connections: usize) -> Result<Store, StoreError> {
        Ok(Store::new(PostgresStorage::open_with(url, connections)?))
    }

    /// Opens the SQLite database at `path` for serving: holds its folder's
    /// [`DataLock`] for as long as the database is open.
    pub fn serve_sqlite(path: &Path) -> Result<Store, StoreError> {
        Ok(Store::new(SqliteStorage::open_exclusive(path)?))
    }

    /// Runs `f` with the backend on the blocking pool.
    pub async fn call<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Storage) -> Result<T, StoreError> + Send + 'static,
    {
        let backend = Arc::clone(&self.backend);
        tokio::task::spawn_blocking(move || f(backend.as_ref()))
            .await
            .unwrap_or_else(|join| std::panic::resume_unwind(join.into_panic()))
    }

    /// The backend, for blocking callers (the command line).
    pub fn blocking(&self) -> &dyn Storage {
        self.backend.as_ref()
    }
}
