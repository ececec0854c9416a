//! Deciding and writing changes inside a backend's write transaction, the same
//! for every backend: a backend offers the row operations of [`WriteTx`]
//! (binding values, running its statements, reading rows), and the rules of a
//! push (remembered mutation ids, `decide`, conflicts, the rollback check, what
//! an offering keeps of its last public version), an import, a copy and the
//! cursor key are written once here (those of accounts, sessions and reset links
//! in `accounts.rs` and `Storage`'s provided methods). A write that hands out
//! change numbers runs in [`Storage::with_changes`]: the caller holds the
//! one-writer lock of its backend (SQLite's write lock, the PostgreSQL change
//! counter's row lock) for the whole transaction, so `seq` is the last change
//! number committed before it. The others run in [`Storage::with_write`].

use chrono::{DateTime, Utc};
use uuid::Uuid;
use wijkgids_core::access::Actor;
use wijkgids_core::record::Record;
use wijkgids_core::review::LastPublished;
use wijkgids_core::sync::{Cursor, Decision, Stored, decide, rejection, stamp};
use wijkgids_core::validate::{Code, Problem};
use wijkgids_core::vocab::{AccountStatus, RecordKind, Status, Vocabulary};
use wijkgids_core::wire::{Account, Change, Initiative, Mutation, MutationResult, Outcome};

use super::{
    Dump, DumpedAccount, DumpedMutation, NewSession, RecordRow, ResetState, Storage, StoreError,
    StoredRecord,
};

/// The largest change number or version a backend can hold (both store them as
/// signed 64-bit integers): anything above was never handed out by this server
/// (see `api/changes.rs`).
pub const SEQ_MAX: u64 = i64::MAX as u64;

/// The row operations of an open write transaction that the rules of this
/// module need: a backend binds values, runs its statements and reads rows.
pub trait WriteTx {
    /// The last change number committed (under the one-writer lock: the last
    /// handed out).
    fn last_seq(&mut self) -> Result<u64, StoreError>;
    /// Sets the empty `meta` value `key` unless it is set; whether it set it.
    fn mark(&mut self, key: &str) -> Result<bool, StoreError>;
    fn meta(&mut self, key: &str) -> Result<Option<String>, StoreError>;
    /// Sets the `meta` value `key`, made or replaced.
    fn set_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn record(&mut self, kind: RecordKind, id: Uuid) -> Result<Option<StoredRecord>, StoreError>;
    /// What an offering keeps of its last public version, and the version a
    /// write replaces (see [`Replaced`]).
    fn replaced(&mut self, id: Uuid) -> Result<Replaced, StoreError>;
    /// Inserts or replaces the record's row (`approval`: its current version is
    /// an approval, see `LastPublished`).
    fn put(&mut self, row: &StoredRecord, approval: bool) -> Result<(), StoreError>;
    fn remembered(&mut self, mutation_id: Uuid) -> Result<Option<Remembered>, StoreError>;
    /// [`WriteTx::remembered`] and [`WriteTx::record`] at once (PostgreSQL
    /// reads both in one round trip).
    fn remembered_and_record(
        &mut self,
        mutation_id: Uuid,
        kind: RecordKind,
        id: Uuid,
    ) -> Result<(Option<Remembered>, Option<StoredRecord>), StoreError> {
        Ok((self.remembered(mutation_id)?, self.record(kind, id)?))
    }
    /// Stores a mutation's first answer.
    fn remember(&mut self, remembering: &DumpedMutation) -> Result<(), StoreError>;
    /// Writes a new random epoch to `meta` and returns it.
    fn new_epoch(&mut self) -> Result<String, StoreError>;
    /// How many rows `table` (`records` or `accounts`) holds.
    fn count_rows(&mut self, table: &str) -> Result<u64, StoreError>;
    /// Inserts an account with its password hash and when it was asked for
    /// (not its initiative); `false` if its address is in use already.
    fn insert_account(&mut self, account: &DumpedAccount) -> Result<bool, StoreError>;
    /// Keeps the initiative account `account` asks for beside it.
    fn insert_initiative(&mut self, account: Uuid, kept: &Initiative) -> Result<(), StoreError>;
    /// The initiative account `account_id` asks for; `None` if none (any more).
    fn waiting_initiative(&mut self, account_id: Uuid) -> Result<Option<Waiting>, StoreError>;
    /// Whether a live (not deleted) organisation record `id` exists.
    fn organisation_live(&mut self, id: Uuid) -> Result<bool, StoreError>;
    /// Every live organisation: its id and stored JSON.
    fn live_organisations(&mut self) -> Result<Vec<(Uuid, String)>, StoreError>;
    /// The names of the initiatives pending account requests ask for.
    fn pending_initiatives(&mut self) -> Result<Vec<String>, StoreError>;
    fn account(&mut self, id: Uuid) -> Result<Option<Account>, StoreError>;
    /// Sets the status of the account with address `email` (any case), clearing
    /// the reason when it becomes active; how many accounts changed.
    fn set_status(&mut self, email: &str, status: AccountStatus) -> Result<u64, StoreError>;
    /// Applies `decision` if the account still has its status `from`; how many
    /// accounts changed.
    fn decide_status(&mut self, decision: &StatusDecision<'_>) -> Result<u64, StoreError>;
    /// Ends every session of the account with address `email` (any case).
    fn end_sessions_of(&mut self, email: &str) -> Result<(), StoreError>;
    /// Deletes the rows of `table` (`sessions`, `initiatives`) that belong to
    /// account `account_id`.
    fn delete_of(&mut self, table: &str, account_id: Uuid) -> Result<(), StoreError>;
    /// Inserts `token` for account `id` into `table` (`sessions`,
    /// `password_resets`).
    fn put_token(&mut self, table: &str, id: Uuid, token: &NewSession) -> Result<(), StoreError>;
    /// Deletes the sessions that ended by `now` (seconds).
    fn sweep_sessions(&mut self, now: i64) -> Result<(), StoreError>;
    /// Deletes the reset links that ended before `before` (seconds).
    fn sweep_resets(&mut self, before: i64) -> Result<(), StoreError>;
    /// Deletes account `id`'s reset links that were not used.
    fn drop_unused_resets(&mut self, id: Uuid) -> Result<(), StoreError>;
    /// Whether account `id` is active, its row locked until the transaction ends.
    fn lock_active(&mut self, id: Uuid) -> Result<bool, StoreError>;
    /// Where the reset link with token hash `token` stands at `now`, its rows
    /// locked until the transaction ends (so of two uses at once, the second
    /// waits and then finds it used).
    fn locked_link(&mut self, token: &str, now: DateTime<Utc>) -> Result<ResetState, StoreError>;
    fn set_password(&mut self, id: Uuid, password_hash: &str) -> Result<(), StoreError>;
    /// Marks the reset link with token hash `token` used at `now` (seconds).
    fn mark_used(&mut self, token: &str, now: i64) -> Result<(), StoreError>;
    /// Forgets the counted sign-in attempts at `email` (`store::limits`).
    fn forget_sign_ins(&mut self, email: &str) -> Result<(), StoreError>;
}

/// The meta key naming the key cursors are signed with (`cursor_key`).
const CURSOR_KEY: &str = "cursor_key";

/// A device holds `cursor` of the current history beyond its last change (see
/// [`Storage::rolled_back`]): the history gets a new epoch, logged with `how`
/// the database may have been rolled back. Checked again under the one-writer
/// lock: another request (or process) may have switched already, and nothing
/// is ever removed, so the last change only grows. Returns the last change.
pub(super) fn rolled_back(
    tx: &mut (impl WriteTx + ?Sized),
    epoch: &mut String,
    cursor: &Cursor,
    how: &str,
) -> Result<u64, StoreError> {
    let seq = tx.last_seq()?;
    if *epoch == cursor.epoch && cursor.seq > seq {
        let reason = format!(
            "a device holds change {} of this history, which ends at change {seq}: \
             the database was rolled back ({how})",
            cursor.seq
        );
        switch_epoch(tx, epoch, &reason)?;
    }
    Ok(seq)
}

/// Notes that cursors are signed with the key named `fingerprint` (see
/// [`Storage::cursor_key_in_use`]); the history gets a new epoch if cursors of
/// another key were handed out, logged with `causes`: why that may be (`None`:
/// not allowed, [`StoreError::OtherCursorKey`]).
pub(super) fn cursor_key_in_use(
    tx: &mut (impl WriteTx + ?Sized),
    epoch: &mut String,
    fingerprint: &str,
    causes: Option<&str>,
) -> Result<(), StoreError> {
    let known = tx.meta(CURSOR_KEY)?;
    if known.as_deref() != Some(fingerprint) {
        // None: no cursor was signed yet (a new database, or one from before
        // cursors were signed), so none can be lost.
        if let Some(other) = known {
            let Some(causes) = causes else {
                return Err(StoreError::OtherCursorKey {
                    known: other,
                    now: fingerprint.to_owned(),
                });
            };
            let reason = format!(
                "cursors of this history were signed with another key ({other}, \
                 now {fingerprint}): {causes}"
            );
            switch_epoch(tx, epoch, &reason)?;
        }
        tx.set_meta(CURSOR_KEY, fingerprint)?;
    }
    Ok(())
}

/// Runs `f` in [`Storage::with_changes`]: `f` returns its value and the last
/// change number it handed out (or 0).
pub(super) fn run<T>(
    storage: &(impl Storage + ?Sized),
    mut f: impl FnMut(&mut dyn WriteTx, &mut String) -> Result<(T, u64), StoreError>,
) -> Result<T, StoreError> {
    kept(|keep| {
        storage.with_changes(&mut |tx, epoch| {
            let (done, seq) = f(tx, epoch)?;
            keep(done);
            Ok(seq)
        })
    })
}

/// Runs `f` in [`Storage::with_write`] and returns its value.
pub(super) fn written<T>(
    storage: &(impl Storage + ?Sized),
    mut f: impl FnMut(&mut dyn WriteTx) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    kept(|keep| storage.with_write(&mut |tx| f(tx).map(&mut *keep)))
}

/// The value that `transaction` hands to `keep` (a backend's callback
/// returns none of its own).
fn kept<T>(
    transaction: impl FnOnce(&mut dyn FnMut(T)) -> Result<(), StoreError>,
) -> Result<T, StoreError> {
    let mut value = None;
    transaction(&mut |done| value = Some(done))?;
    value.ok_or_else(|| StoreError::Corrupt("a write transaction ran nothing".into()))
}

/// Decides and applies `mutations` in order (see [`Storage::push`]); the epoch
/// the answers come from, the answers and the last change number (0: none).
/// The last change number committed is asked for only when the first change is
/// written (PostgreSQL locks its counter then, see `postgres/counter.rs`).
pub(super) fn push(
    tx: &mut (impl WriteTx + ?Sized),
    actor: &Actor,
    mutations: &[Mutation],
    epoch: &mut String,
) -> Result<((String, Vec<MutationResult>), u64), StoreError> {
    let mut seq = None;
    let results = push_into(tx, actor, mutations, epoch, &mut seq)?;
    Ok(((epoch.clone(), results), seq.unwrap_or(0)))
}

/// The epoch of the commit and each push's answers, in the order pushed.
pub(super) type PushedTogether = (String, Vec<Vec<MutationResult>>);

/// Pushes of several callers in one transaction (see [`Storage::push_together`]):
/// in the order given, each as [`push`] would, the change numbers counted on
/// from one push to the next. Every answer carries the epoch of the commit.
pub(super) fn push_together(
    tx: &mut (impl WriteTx + ?Sized),
    pushes: &[(&Actor, &[Mutation])],
    epoch: &mut String,
) -> Result<(PushedTogether, u64), StoreError> {
    let mut seq = None;
    let results = pushes
        .iter()
        .map(|(actor, mutations)| push_into(tx, actor, mutations, epoch, &mut seq))
        .collect::<Result<_, StoreError>>()?;
    Ok(((epoch.clone(), results), seq.unwrap_or(0)))
}

/// Decides and applies `mutations` in order; `seq` is the last change number
/// handed out in this transaction (`None` before the first).
fn push_into(
    tx: &mut (impl WriteTx + ?Sized),
    actor: &Actor,
    mutations: &[Mutation],
    epoch: &mut String,
    seq: &mut Option<u64>,
) -> Result<Vec<MutationResult>, StoreError> {
    mutations
        .iter()
        .map(|mutation| {
            Ok(MutationResult {
                mutation_id: mutation.mutation_id,
                outcome: apply_one(tx, actor, mutation, epoch, seq)?,
            })
        })
        .collect()
}

/// Stores `records` as new versions unless `mark` was set before (see
/// [`Storage::put_records`]): whether it wrote, and the last change number.
pub(super) fn put_records(
    tx: &mut (impl WriteTx + ?Sized),
    records: &[Record],
    mark: Option<&str>,
) -> Result<(bool, u64), StoreError> {
    if let Some(mark) = mark
        && !tx.mark(mark)?
    {
        return Ok((false, 0));
    }
    let last = tx.last_seq()?;
    Ok((true, put_imported(tx, records, last)?))
}

/// An initiative an account asks for, with the organisation id the account names.
pub type Waiting = (Initiative, Option<Uuid>);

/// A coordinator's decision on account `id`: status `to` with `reason`, if it
/// still has status `from`.
pub struct StatusDecision<'a> {
    pub id: Uuid,
    pub from: AccountStatus,
    pub to: AccountStatus,
    pub reason: Option<&'a str>,
}

/// Writes `dump` (`wijkgids-server copy`) into an empty database as a new
/// history; returns the last change number.
pub(super) fn load(
    tx: &mut (impl WriteTx + ?Sized),
    epoch: &mut String,
    dump: &Dump,
) -> Result<u64, StoreError> {
    let (records, accounts) = (tx.count_rows("records")?, tx.count_rows("accounts")?);
    if records > 0 || accounts > 0 {
        return Err(StoreError::NotEmpty { records, accounts });
    }
    let mut last = 0;
    for (record, approval) in &dump.records {
        tx.put(record, *approval)?;
        last = last.max(record.seq);
    }
    for account in &dump.accounts {
        put_account(tx, account)?;
    }
    for mutation in &dump.mutations {
        tx.remember(mutation)?;
    }
    switch_epoch(tx, epoch, "a guide copied in from another database")?;
    Ok(last)
}

/// Inserts an account as dumped, with the initiative it asks for.
fn put_account(tx: &mut (impl WriteTx + ?Sized), a: &DumpedAccount) -> Result<(), StoreError> {
    insert_account(tx, a)?;
    if let Some(initiative) = &a.account.initiative {
        tx.insert_initiative(a.account.id, initiative)?;
    }
    Ok(())
}

/// Inserts `account`; an address already in use is [`StoreError::EmailTaken`].
pub(super) fn insert_account(
    tx: &mut (impl WriteTx + ?Sized),
    account: &DumpedAccount,
) -> Result<(), StoreError> {
    match tx.insert_account(account)? {
        true => Ok(()),
        false => Err(StoreError::EmailTaken),
    }
}

/// Gives the history a new epoch in `meta` (and `epoch`), logged with `reason`:
/// every cursor of the old one is refused, and an edit made on it is a conflict.
pub(super) fn switch_epoch(
    tx: &mut (impl WriteTx + ?Sized),
    epoch: &mut String,
    reason: &str,
) -> Result<(), StoreError> {
    let new = tx.new_epoch()?;
    tracing::warn!("new history {new} (was {epoch}): {reason}; devices pull again");
    *epoch = new;
    Ok(())
}

/// Writes `record` as change `seq`, keeping what an offering's reviewers compare with.
pub(super) fn write_record(
    tx: &mut (impl WriteTx + ?Sized),
    record: &Record,
    seq: u64,
    deleted: bool,
) -> Result<(), StoreError> {
    let row = RecordRow::of(record);
    let kept = match record.kind() {
        RecordKind::Offering => {
            let after = row.status.filter(|_| !deleted);
            tx.replaced(record.id())?.after_write(after)
        }
        _ => LastPublished::default(),
    };
    let stored = StoredRecord {
        kind: record.kind(),
        id: record.id(),
        version: record.version(),
        seq,
        deleted,
        status: row.status,
        organisation_id: row.organisation_id,
        data: row.data,
        public_data: row.public_data,
        shared_data: row.shared_data,
        last_published: kept.data,
    };
    tx.put(&stored, kept.approval)
}

/// Stores `records` as new versions after change `seq` (an import, the demo data):
/// each gets a new change number and an offering's `updated_at` now, as a push
/// stamps it, so `/hsds/?modified_after=` finds what was imported. Returns the
/// last change number.
pub(super) fn put_imported(
    tx: &mut (impl WriteTx + ?Sized),
    records: &[Record],
    mut seq: u64,
) -> Result<u64, StoreError> {
    let now = Utc::now();
    for record in records {
        let stored_version = tx
            .record(record.kind(), record.id())?
            .map_or(0, |s| s.version);
        let mut record = record.clone();
        record.set_version(stored_version + 1);
        if let Record::Offering(offering) = &mut record {
            offering.updated_at = Some(now);
        }
        seq += 1;
        write_record(tx, &record, seq, false)?;
    }
    Ok(seq)
}

/// An approved account's initiative enters the guide as the organisation `id`
/// (version 1, change `last_seq + 1`), unless a record already has that id
/// (it was new when the request came; nothing is ever written over). Returns
/// the change number handed out, or 0.
pub(super) fn initiative_into_guide(
    tx: &mut (impl WriteTx + ?Sized),
    id: Uuid,
    initiative: Initiative,
    last_seq: u64,
) -> Result<u64, StoreError> {
    if tx.record(RecordKind::Organisation, id)?.is_some() {
        return Ok(0);
    }
    let mut organisation = initiative.organisation(id);
    organisation.version = 1;
    let seq = last_seq + 1;
    write_record(tx, &Record::Organisation(organisation), seq, false)?;
    Ok(seq)
}

/// The version a write replaces (its status and data; `None` if new or deleted)
/// and what is kept of the offering's last public version, ready for
/// [`LastPublished::after_write`].
#[derive(Default)]
pub struct Replaced {
    pub before: Option<(Status, String)>,
    pub kept: LastPublished,
}

impl Replaced {
    /// From the stored row: its status, whether it is deleted (then it replaces
    /// no version anyone sees), its data, and what it keeps.
    pub(super) fn of(
        status: Option<Status>,
        deleted: bool,
        data: String,
        kept: LastPublished,
    ) -> Replaced {
        Replaced {
            before: status.filter(|_| !deleted).map(|status| (status, data)),
            kept,
        }
    }

    fn after_write(self, after: Option<Status>) -> LastPublished {
        let before = self.before.as_ref().map(|(s, d)| (*s, d.as_str()));
        self.kept.after_write(before, after)
    }
}

/// A decided mutation as remembered (`kind` and `record_id` are `None` on SQLite
/// rows of before its schema 5).
pub struct Remembered {
    pub version: u64,
    pub seq: u64,
    pub account_id: String,
    pub kind: Option<String>,
    pub record_id: Option<String>,
    /// `None`: applied.
    pub outcome: Option<String>,
    pub rejection: Option<String>,
}

pub(super) const OUTCOME_CONFLICT: &str = "conflict";
pub(super) const OUTCOME_REJECTED: &str = "rejected";

impl Remembered {
    /// A retry (the same account, the same record) gets the first answer again: a
    /// mutation that was not applied never is, whatever changed since; a conflict
    /// is answered with the record as it is now. A mutation id used again by
    /// another account or for another record is refused: taking it for a retry
    /// would drop that write unseen.
    fn answer(
        &self,
        tx: &mut (impl WriteTx + ?Sized),
        actor: &Actor,
        mutation: &Mutation,
    ) -> Result<Outcome, StoreError> {
        let same_record = |stored: &Option<String>, sent: String| {
            stored.as_ref().is_none_or(|stored| *stored == sent)
        };
        if self.account_id != actor.account_id.to_string()
            || !same_record(&self.kind, mutation.kind.code().to_owned())
            || !same_record(&self.record_id, mutation.id.to_string())
        {
            return Ok(Outcome::Rejected(rejection(vec![Problem::new(
                "mutation_id",
                Code::MutationIdReused,
            )])));
        }
        Ok(match self.outcome.as_deref() {
            None => Outcome::Duplicate {
                version: self.version,
                seq: self.seq,
            },
            Some(OUTCOME_CONFLICT) => {
                let stored = tx.record(mutation.kind, mutation.id)?;
                conflict(stored.as_ref(), actor, mutation)?
            }
            Some(_) => Outcome::Rejected(
                self.rejection
                    .as_deref()
                    .and_then(|json| serde_json::from_str(json).ok())
                    .unwrap_or_else(|| rejection(vec![Problem::new("id", Code::InvalidValue)])),
            ),
        })
    }
}

/// Decides one mutation inside the push transaction; `seq` is the last change number
/// handed out (`None`: not asked for yet).
pub(super) fn apply_one(
    tx: &mut (impl WriteTx + ?Sized),
    actor: &Actor,
    mutation: &Mutation,
    epoch: &mut String,
    seq: &mut Option<u64>,
) -> Result<Outcome, StoreError> {
    let (remembered, stored) =
        tx.remembered_and_record(mutation.mutation_id, mutation.kind, mutation.id)?;
    if let Some(remembered) = remembered {
        return remembered.answer(tx, actor, mutation);
    }
    let stored_version = stored.as_ref().map_or(0, |s| s.version);
    let view = stored.as_ref().map(|s| Stored {
        version: s.version,
        deleted: s.deleted,
        data: &s.data,
    });
    let decision = decide(actor, mutation, view, epoch);
    // An edit of this history made on a version this database never reached: it
    // was handed out before the database was rolled back (a snapshot of the whole
    // data folder, or a copy moved without its history file). Counted only from
    // an account that may make this edit (`decide` checks that before it answers
    // a conflict): anyone else could make every device pull the whole guide again
    // with a made-up base version (issue 20). The switch loses nothing.
    if matches!(decision, Decision::Conflict)
        && mutation.epoch.as_deref() == Some(epoch.as_str())
        && mutation.base_version > stored_version
        && mutation.base_version <= SEQ_MAX
    {
        let reason = format!(
            "an edit of this history was made on version {} of {} {}, which is at \
             version {stored_version} here: the database was rolled back",
            mutation.base_version,
            mutation.kind.code(),
            mutation.id
        );
        switch_epoch(tx, epoch, &reason)?;
    }
    let mut remembering = DumpedMutation {
        mutation_id: mutation.mutation_id,
        account_id: actor.account_id,
        version: 0,
        seq: 0,
        kind: Some(mutation.kind.code().to_owned()),
        record_id: Some(mutation.id),
        outcome: None,
        rejection: None,
    };
    let outcome = match decision {
        Decision::Write(mut write) => {
            stamp(&mut write, view, actor, Utc::now());
            let next = match *seq {
                Some(last) => last + 1,
                None => tx.last_seq()? + 1,
            };
            *seq = Some(next);
            write_record(tx, &write.record, next, write.deleted)?;
            remembering.version = write.version;
            remembering.seq = next;
            Outcome::Applied {
                version: write.version,
                seq: next,
            }
        }
        Decision::Conflict => {
            remembering.outcome = Some(OUTCOME_CONFLICT.to_owned());
            conflict(stored.as_ref(), actor, mutation)?
        }
        Decision::Reject(rejection) => {
            let json = serde_json::to_string(&rejection)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            remembering.outcome = Some(OUTCOME_REJECTED.to_owned());
            remembering.rejection = Some(json);
            Outcome::Rejected(rejection)
        }
    };
    tx.remember(&remembering)?;
    Ok(outcome)
}

/// The answer to an edit made on another version than the stored one: the record
/// as it is now, as `actor` may see it.
fn conflict(
    stored: Option<&StoredRecord>,
    actor: &Actor,
    mutation: &Mutation,
) -> Result<Outcome, StoreError> {
    Ok(Outcome::Conflict {
        current: match stored {
            Some(stored) => owned_change(stored.change_for(Some(actor)))?,
            // Sent as an edit of a record this server never had.
            None => Change {
                kind: mutation.kind,
                id: mutation.id,
                version: 0,
                seq: 0,
                deleted: true,
                data: None,
                last_published: None,
            },
        },
    })
}

fn owned_change(change: Change<&str>) -> Result<Change, StoreError> {
    let parse = |text: Option<&str>| {
        text.map(serde_json::from_str)
            .transpose()
            .map_err(|e| StoreError::Corrupt(e.to_string()))
    };
    Ok(Change {
        kind: change.kind,
        id: change.id,
        version: change.version,
        seq: change.seq,
        deleted: change.deleted,
        data: parse(change.data)?,
        last_published: parse(change.last_published)?,
    })
}

/// Reads a record's stored JSON back (a schema step that fills new columns).
pub(super) fn stored_record(kind: &str, data: &str) -> Result<Record, StoreError> {
    let kind = RecordKind::from_code(kind).ok_or_else(|| corrupt("kind", kind))?;
    Record::from_stored(kind, data).map_err(|err| StoreError::Corrupt(err.to_string()))
}

pub(super) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("unknown {what} {value:?}"))
}
