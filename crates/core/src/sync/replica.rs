//! The client side of sync (SYNC.md, "Pull", "Push" and "Client outbox") as pure
//! logic: what to do with one incoming change, one push result, one page, one
//! resolution. A browser store (IndexedDB) runs these functions record by record
//! inside its transactions; [`Replica`] runs them over in-memory maps, and is what
//! the tests persist and restore.
//!
//! A replica keeps two things per record: the server's copy as last received
//! ([`ServerCopy`], tombstones included, so a stale delivery cannot bring back an
//! older version) and the author's edits the server has not settled
//! ([`PendingRecord`]). The local view shows the pending edit when there is one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

pub use super::merge::{FieldMerge, merge_fields};
use super::{Cursor, PUSH_MAX};
use crate::vocab::RecordKind;
use crate::wire::{Change, ChangesPage, Mutation, MutationResult, Op, Outcome, Rejection};

/// Which record: the server keys records by kind and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordKey {
    pub kind: RecordKind,
    pub id: Uuid,
}

impl RecordKey {
    pub fn new(kind: RecordKind, id: Uuid) -> RecordKey {
        RecordKey { kind, id }
    }

    fn of(change: &Change) -> RecordKey {
        RecordKey::new(change.kind, change.id)
    }
}

/// A record as the server last showed it to this client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerCopy {
    pub version: u64,
    /// Deleted, or no longer visible to this reader.
    pub deleted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl ServerCopy {
    pub fn of(change: &Change) -> ServerCopy {
        ServerCopy {
            version: change.version,
            deleted: change.deleted,
            data: if change.deleted {
                None
            } else {
                change.data.clone()
            },
        }
    }

    /// The record, unless this is a tombstone.
    pub fn live(&self) -> Option<&Value> {
        self.data.as_ref().filter(|_| !self.deleted)
    }
}

/// What to do with one incoming change (a pulled one, or the server's record in a
/// conflict answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incoming {
    /// Older than the copy held: a late or repeated delivery. Nothing changes.
    Ignore,
    /// Store it as the server copy; the local view shows it.
    Store,
    /// Store it as the server copy, but the local view keeps showing the pending
    /// edit until the server has answered for that edit.
    StoreBehindEdit,
}

/// The server raises a record's version on every change, so a lower version is
/// stale. The same version is taken: the server's data is the truth, and it may
/// differ from what this client guessed when its own edit was applied.
pub fn on_change<D>(held: Option<&ServerCopy>, edit_pending: bool, change: &Change<D>) -> Incoming {
    if held.is_some_and(|held| change.version < held.version) {
        Incoming::Ignore
    } else if edit_pending {
        Incoming::StoreBehindEdit
    } else {
        Incoming::Store
    }
}

/// Where a pull stands, or where a pull request asked from: the cursor, and the
/// generation, raised whenever the replica starts over (410, a change of role), so
/// that pages asked for before that are told apart.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PullFrom {
    pub generation: u64,
    #[serde(default, with = "cursor_text")]
    pub cursor: Option<Cursor>,
}

impl PullFrom {
    /// The `cursor` query parameter to send, if any.
    pub fn query(&self) -> Option<String> {
        self.cursor.as_ref().map(Cursor::to_string)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageAction {
    /// Store its changes and its cursor, in one transaction.
    Apply,
    /// Asked for before the replica started over, or from further than it holds
    /// (applying it would leave a gap), or not further than it holds (a repeat or
    /// an older page).
    Ignore,
}

/// Whether a page asked for from `asked` may be applied where the replica stands
/// (`held`), given the page's cursor.
pub fn page_action(held: &PullFrom, asked: &PullFrom, page: &Cursor) -> PageAction {
    let no_gap = match (&asked.cursor, &held.cursor) {
        (None, _) => true,
        (Some(asked), Some(held)) => asked.epoch == held.epoch && asked.seq <= held.seq,
        (Some(_), None) => false,
    };
    let further = match &held.cursor {
        None => true,
        // Another epoch in a page only comes from a stale request; a pull from the
        // held cursor answers 410 instead, and the replica starts over.
        Some(held) => page.epoch == held.epoch && page.seq > held.seq,
    };
    if asked.generation == held.generation && no_gap && further {
        PageAction::Apply
    } else {
        PageAction::Ignore
    }
}

/// One local change as queued: the whole record after it, or a delete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    pub mutation_id: Uuid,
    pub op: Op,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

/// Why the server did not take an edit: it stays in the outbox until its author
/// chooses what to do ([`Resolution`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum Attention {
    /// The record changed on the server since the edit's base; the server's record
    /// is the held [`ServerCopy`] (kept current by later pulls).
    Conflict,
    Rejected(Rejection),
}

/// A record's edits that the server has not settled: one outbox entry per record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingRecord {
    pub key: RecordKey,
    /// When the first of these edits was made (the replica's counter): pushes go
    /// oldest first.
    pub order: u64,
    /// The server version `head` was made on (0: a new record).
    pub base_version: u64,
    /// That version's data, for a field-by-field merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_data: Option<Value>,
    /// The history (epoch) `base_version` belongs to, sent with the mutation: after
    /// a restore the server answers a conflict instead of applying the edit over a
    /// version that only shares its number. `None`: not known (a new record, or an
    /// entry queued before epochs were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_epoch: Option<String>,
    /// The edit sent, or to be sent: it may have reached the server already, so it
    /// is never rewritten while it waits for an answer.
    pub head: Edit,
    /// The edits made after `head`, folded into one. Never sent before `head` is
    /// applied: its base is the version `head` gets, unknown until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub then: Option<Edit>,
    /// Set when the server answered `head` with a conflict or a rejection; `then`
    /// is folded into `head` at that moment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention: Option<Attention>,
}

impl PendingRecord {
    /// The latest local edit: the record as its author sees it (`None`: deleted).
    pub fn local(&self) -> Option<&Value> {
        self.then.as_ref().unwrap_or(&self.head).data.as_ref()
    }

    /// The mutation to push (again: retries send the same `mutation_id`), unless
    /// the author has to decide first.
    pub fn mutation(&self) -> Option<Mutation> {
        self.attention.is_none().then(|| Mutation {
            mutation_id: self.head.mutation_id,
            op: self.head.op,
            kind: self.key.kind,
            id: self.key.id,
            base_version: self.base_version,
            data: self.head.data.clone(),
            epoch: self.base_epoch.clone().filter(|_| self.base_version > 0),
        })
    }
}

/// The server copy an edit is made on, and the history (the cursor's epoch) that
/// copy came from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Base<'a> {
    pub copy: Option<&'a ServerCopy>,
    pub epoch: Option<&'a str>,
}

impl<'a> Base<'a> {
    pub fn new(copy: Option<&'a ServerCopy>, epoch: Option<&'a str>) -> Base<'a> {
        Base { copy, epoch }
    }

    /// A pending entry on this base, with nothing to ask the author yet.
    fn entry(self, key: RecordKey, order: u64, head: Edit) -> PendingRecord {
        PendingRecord {
            key,
            order,
            base_version: self.copy.map_or(0, |s| s.version),
            base_data: self.copy.and_then(ServerCopy::live).cloned(),
            base_epoch: self.copy.and(self.epoch).map(str::to_owned),
            head,
            then: None,
            attention: None,
        }
    }
}

/// Queues `edit` of `key`, made on the local view; `server` is the server copy the
/// view shows when nothing is pending. Returns the mutation the edit travels in:
/// `edit.mutation_id`, or an earlier one it was folded into (one never sent).
pub fn queue_edit(
    pending: &mut Option<PendingRecord>,
    key: RecordKey,
    server: Base<'_>,
    edit: Edit,
    order: u64,
) -> Uuid {
    match pending {
        None => {
            let id = edit.mutation_id;
            *pending = Some(server.entry(key, order, edit));
            id
        }
        // Refused: a new edit is the author's fix, so it goes again, on the server's
        // current version, in a mutation of its own (the refused one is settled).
        Some(p) if matches!(p.attention, Some(Attention::Rejected(_))) => {
            let id = edit.mutation_id;
            fold(&mut p.head, edit);
            resolve(pending, server, Resolution::KeepMine, id).unwrap_or(id)
        }
        // In conflict: edit it in place; it waits for the author's choice.
        Some(p) if p.attention.is_some() => fold(&mut p.head, edit),
        Some(p) => match &mut p.then {
            Some(then) => fold(then, edit),
            then @ None => {
                let id = edit.mutation_id;
                *then = Some(edit);
                id
            }
        },
    }
}

/// Fields the server sets, never a person.
const BOOKKEEPING: [&str; 3] = ["id", "version", "updated_at"];

/// What saving a form becomes. A pull while the form was open may have brought
/// someone else's change; sending the form's values (read when it opened) on that
/// newer version would undo that change without anyone seeing it.
#[derive(Debug, Clone, PartialEq)]
pub enum FormSave {
    /// Queue this record: the form's, with what others changed meanwhile merged in.
    /// `merged_in` names those top-level fields (empty: nothing changed meanwhile).
    Queue { data: Value, merged_in: Vec<String> },
    /// Someone else changed a field the form changed too, or removed the record:
    /// the author decides on the choice page ([`queue_for_decision`]).
    Decide,
}

/// Decides what a form's save becomes: `opened` is the record as the form showed
/// it when it opened (`None`: a new record), `mine` the form's record, `now` the
/// local view at saving time.
pub fn form_save(opened: Option<&Value>, mine: Value, now: Option<&Value>) -> FormSave {
    let unchanged = || FormSave::Queue {
        data: mine.clone(),
        merged_in: Vec::new(),
    };
    let Some(opened) = opened else {
        return unchanged();
    };
    let Some(now) = now else {
        return FormSave::Decide;
    };
    let merged_in = changed_fields(opened, now);
    if merged_in.is_empty() {
        return unchanged();
    }
    let merge = merge_fields(Some(opened), &mine, now);
    if merge.clashes.is_empty() {
        FormSave::Queue {
            data: merge.merged,
            merged_in,
        }
    } else {
        FormSave::Decide
    }
}

/// Top-level fields that differ between two versions of a record; the server's
/// bookkeeping is left out (it raises `version` on every change, and an applied
/// edit carries it).
fn changed_fields(a: &Value, b: &Value) -> Vec<String> {
    let empty = serde_json::Map::new();
    let (a, b) = (
        a.as_object().unwrap_or(&empty),
        b.as_object().unwrap_or(&empty),
    );
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|name| !BOOKKEEPING.contains(&name.as_str()) && a.get(*name) != b.get(*name))
        .cloned()
        .collect()
}

/// Queues a form's `edit` that crossed someone else's change of the same fields
/// (or a removal): it waits, as a conflict, for its author to decide field by field
/// against the server's copy, with the record as the form opened it as the base.
/// Only for a record with nothing pending.
pub fn queue_for_decision(
    pending: &mut Option<PendingRecord>,
    key: RecordKey,
    server: Base<'_>,
    opened: Value,
    edit: Edit,
    order: u64,
) -> Uuid {
    let id = edit.mutation_id;
    *pending = Some(PendingRecord {
        base_data: Some(opened),
        attention: Some(Attention::Conflict),
        ..server.entry(key, order, edit)
    });
    id
}

/// Replaces what `into` changes by what `edit` changes, keeping `into`'s id.
fn fold(into: &mut Edit, edit: Edit) -> Uuid {
    into.op = edit.op;
    into.data = edit.data;
    into.mutation_id
}

/// What an answer did to a record's outbox entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// The server stored the edit (now or on an earlier delivery) as `version`; it
    /// has left the outbox, and an edit made on top of it is queued on `version`.
    Done { version: u64 },
    /// Kept as needs attention. `folded`: a later, unsent edit of the same record
    /// merged into it, so the author decides once, on their latest text.
    NeedsAttention { folded: Option<Uuid> },
    /// Not an answer this entry waits for: a repeated or late delivery.
    Ignored,
}

/// Whether a push answer the server gave from history `answer_epoch` may update
/// the server copies: not when the replica has moved on from that history (the
/// answer came late, after a 410), since a copy from it would stand in the way of
/// the new history's records. `None`: a server that does not say.
pub fn answer_is_current(
    answer_epoch: Option<&str>,
    cursor: Option<&Cursor>,
    previous_epoch: Option<&str>,
) -> bool {
    match (answer_epoch, cursor) {
        (None, _) => true,
        (Some(answer), Some(cursor)) => answer == cursor.epoch,
        (Some(answer), None) => previous_epoch != Some(answer),
    }
}

/// What anyone may keep of a server copy (see [`crate::record::Record::for_anyone`]).
fn copy_for_anyone(key: RecordKey, copy: &ServerCopy) -> Option<ServerCopy> {
    let record = crate::record::Record::from_stored(key.kind, &copy.live()?.to_string()).ok()?;
    Some(ServerCopy {
        version: copy.version,
        deleted: false,
        data: Some(record.for_anyone()?.to_json()),
    })
}

/// Whether copies taken from push answers of history `answered`, before a pull's
/// first page came, belong to another history than that page (the server's history
/// was replaced in between): then they are only shown until the pull is through,
/// like the copies from before a 410, since no change of the new history replaces
/// them.
pub fn answered_before_first_page(answered: Option<&str>, page: &Cursor) -> bool {
    answered.is_some_and(|epoch| epoch != page.epoch)
}

/// Applies the server's answer for one mutation, given from history `epoch`, to the
/// record's outbox entry and, if the answer is `current` ([`answer_is_current`]),
/// to its server copy.
pub fn answer(
    pending: &mut Option<PendingRecord>,
    held: &mut Option<ServerCopy>,
    result: &MutationResult,
    epoch: Option<&str>,
    current: bool,
) -> Answered {
    let waits =
        |p: &mut PendingRecord| p.attention.is_none() && p.head.mutation_id == result.mutation_id;
    let Some(mut p) = pending.take_if(waits) else {
        return Answered::Ignored;
    };
    let attention = match &result.outcome {
        Outcome::Applied { version, .. } | Outcome::Duplicate { version, .. } => {
            let version = *version;
            // Until a pull brings the server's data, the edit is the best guess of
            // it, and its version is the base of the next edit.
            if current && held.as_ref().is_none_or(|h| h.version < version) {
                *held = Some(ServerCopy {
                    version,
                    deleted: p.head.op == Op::Delete,
                    data: p.head.data.clone().map(|data| with_version(data, version)),
                });
            }
            // The next edit is made on the version just stored, in the answer's history.
            let base_epoch = epoch.map(str::to_owned).or(p.base_epoch.clone());
            *pending = p.then.map(|then| PendingRecord {
                base_version: version,
                base_data: p.head.data,
                base_epoch,
                head: then,
                then: None,
                ..p
            });
            return Answered::Done { version };
        }
        Outcome::Conflict { current: theirs } => {
            // Version 0: the server never had the record (its history was replaced
            // since this copy came): the copy goes, whatever its version.
            let never_had = theirs.version == 0 && theirs.deleted;
            if current && (never_had || on_change(held.as_ref(), true, theirs) != Incoming::Ignore)
            {
                *held = Some(ServerCopy::of(theirs));
            }
            Attention::Conflict
        }
        Outcome::Rejected(rejection) => Attention::Rejected(rejection.clone()),
    };
    let folded = p.then.take().map(|then| {
        let id = then.mutation_id;
        fold(&mut p.head, then);
        id
    });
    p.attention = Some(attention);
    *pending = Some(p);
    Answered::NeedsAttention { folded }
}

fn with_version(mut data: Value, version: u64) -> Value {
    if let Some(object) = data.as_object_mut() {
        object.insert("version".into(), version.into());
    }
    data
}

/// The author's choice for an edit that needs attention.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// Send the edit again, now on the server's current version.
    KeepMine,
    /// Drop the edit; the server's record stands.
    TakeTheirs,
    /// Send this record (e.g. [`FieldMerge::merged`] with the clashes decided) on
    /// the server's current version.
    Merge(Value),
}

/// Resolves a needs-attention entry against `server`, the server's current copy.
/// Returns the new mutation (`mutation_id`) if something is sent again; `None` if
/// the entry is gone, or if it needs no attention.
pub fn resolve(
    pending: &mut Option<PendingRecord>,
    server: Base<'_>,
    resolution: Resolution,
    mutation_id: Uuid,
) -> Option<Uuid> {
    let p = pending.as_ref().filter(|p| p.attention.is_some())?;
    let server_gone = server.copy.is_none_or(|s| s.live().is_none());
    let head = match resolution {
        Resolution::TakeTheirs => None,
        // Deleting what is already gone: both sides agree.
        Resolution::KeepMine if p.head.op == Op::Delete && server_gone => None,
        Resolution::KeepMine => Some(Edit {
            mutation_id,
            ..p.head.clone()
        }),
        Resolution::Merge(data) => Some(Edit {
            mutation_id,
            op: Op::Upsert,
            data: Some(data),
        }),
    };
    let order = p.order;
    *pending = head.map(|head| server.entry(p.key, order, head));
    pending.as_ref().map(|p| p.head.mutation_id)
}

/// What applying a page did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageOutcome {
    pub applied: bool,
    /// The replica holds everything the server had when it answered: a pull that
    /// started over is complete.
    pub through: bool,
}

/// A client's synced data in memory: server copies, outbox and pull position. The
/// serialised form is what a client persists; every method is one step a browser
/// store commits in one transaction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Replica {
    #[serde(with = "pairs")]
    records: BTreeMap<RecordKey, ServerCopy>,
    /// Copies from before a restart (410), shown until the fresh pull is through,
    /// so the guide does not go blank meanwhile.
    #[serde(with = "pairs")]
    previous: BTreeMap<RecordKey, ServerCopy>,
    /// The epoch the `previous` copies came from.
    #[serde(default)]
    previous_epoch: Option<String>,
    /// The history of copies taken from push answers before this pull's first
    /// page (see [`answered_before_first_page`]).
    #[serde(default)]
    answered_epoch: Option<String>,
    /// The signed-in account's unsent edits: only that account sends them.
    #[serde(with = "pairs")]
    outbox: BTreeMap<RecordKey, PendingRecord>,
    /// Unsent edits of accounts that signed out, kept for when they sign in again.
    #[serde(default)]
    parked: BTreeMap<Uuid, Vec<PendingRecord>>,
    /// Who is signed in (`None`: anonymous).
    #[serde(default)]
    account: Option<Uuid>,
    pull: PullFrom,
    edits: u64,
}

/// The server copy of `key` an edit is made on: one of this pull, or one from
/// before a restart (410), each with the history it came from.
fn base_of<'a>(
    records: &'a BTreeMap<RecordKey, ServerCopy>,
    previous: &'a BTreeMap<RecordKey, ServerCopy>,
    pull: &'a PullFrom,
    previous_epoch: Option<&'a str>,
    key: &RecordKey,
) -> Base<'a> {
    match records.get(key) {
        Some(copy) => Base::new(Some(copy), pull.cursor.as_ref().map(|c| c.epoch.as_str())),
        None => Base::new(previous.get(key), previous_epoch),
    }
}

impl Replica {
    pub fn new() -> Replica {
        Replica::default()
    }

    /// The server's copy the local view falls back on.
    pub fn server_copy(&self, key: &RecordKey) -> Option<&ServerCopy> {
        self.records.get(key).or_else(|| self.previous.get(key))
    }

    /// Every server copy held, tombstones included.
    pub fn server_copies(&self) -> impl Iterator<Item = (RecordKey, &ServerCopy)> {
        let older = self
            .previous
            .iter()
            .filter(|(key, _)| !self.records.contains_key(key));
        self.records
            .iter()
            .chain(older)
            .map(|(key, copy)| (*key, copy))
    }

    /// The record as this client shows it: the pending edit if there is one.
    pub fn view(&self, key: &RecordKey) -> Option<&Value> {
        match self.outbox.get(key) {
            Some(pending) => pending.local(),
            None => self.server_copy(key).and_then(ServerCopy::live),
        }
    }

    /// Every record the local view shows.
    pub fn records(&self) -> impl Iterator<Item = (RecordKey, &Value)> {
        let keys: std::collections::BTreeSet<&RecordKey> = self
            .records
            .keys()
            .chain(self.previous.keys())
            .chain(self.outbox.keys())
            .collect();
        keys.into_iter()
            .filter_map(|key| self.view(key).map(|value| (*key, value)))
    }

    pub fn outbox(&self) -> impl Iterator<Item = &PendingRecord> {
        self.outbox.values()
    }

    pub fn pending(&self, key: &RecordKey) -> Option<&PendingRecord> {
        self.outbox.get(key)
    }

    /// Entries the author has to decide on.
    pub fn needs_attention(&self) -> impl Iterator<Item = &PendingRecord> {
        self.outbox.values().filter(|p| p.attention.is_some())
    }

    /// Saves `data` as the record `key` (a new one, or an edit of the local view).
    pub fn upsert(&mut self, key: RecordKey, data: Value, mutation_id: Uuid) -> Uuid {
        self.edit(
            key,
            Edit {
                mutation_id,
                op: Op::Upsert,
                data: Some(data),
            },
        )
    }

    /// Deletes the record `key`; `None` if the local view does not show it.
    pub fn delete(&mut self, key: RecordKey, mutation_id: Uuid) -> Option<Uuid> {
        self.view(&key)?;
        Some(self.edit(
            key,
            Edit {
                mutation_id,
                op: Op::Delete,
                data: None,
            },
        ))
    }

    fn edit(&mut self, key: RecordKey, edit: Edit) -> Uuid {
        self.edits += 1;
        let base = base_of(
            &self.records,
            &self.previous,
            &self.pull,
            self.previous_epoch.as_deref(),
            &key,
        );
        let mut pending = self.outbox.remove(&key);
        let id = queue_edit(&mut pending, key, base, edit, self.edits);
        self.outbox.extend(pending.map(|p| (key, p)));
        id
    }

    /// Saves a form's record `mine` of `key`, opened as `opened` (see [`form_save`]).
    /// Returns the mutation it travels in and what the save became.
    pub fn save_form(
        &mut self,
        key: RecordKey,
        opened: Option<&Value>,
        mine: Value,
        mutation_id: Uuid,
    ) -> (Uuid, FormSave) {
        // With an edit of this device pending, the view is that edit: no pull
        // changed it while the form was open.
        let outcome = if self.outbox.contains_key(&key) {
            FormSave::Queue {
                data: mine.clone(),
                merged_in: Vec::new(),
            }
        } else {
            form_save(opened, mine.clone(), self.view(&key))
        };
        let id = match (&outcome, opened) {
            (FormSave::Queue { data, .. }, _) => self.upsert(key, data.clone(), mutation_id),
            (FormSave::Decide, opened) => {
                self.edits += 1;
                let base = base_of(
                    &self.records,
                    &self.previous,
                    &self.pull,
                    self.previous_epoch.as_deref(),
                    &key,
                );
                let edit = Edit {
                    mutation_id,
                    op: Op::Upsert,
                    data: Some(mine),
                };
                let mut pending = None;
                let opened = opened.cloned().unwrap_or(Value::Null);
                let id = queue_for_decision(&mut pending, key, base, opened, edit, self.edits);
                self.outbox.extend(pending.map(|p| (key, p)));
                id
            }
        };
        (id, outcome)
    }

    /// The next push: every entry ready to send, oldest first, at most `limit`.
    pub fn push_batch(&self, limit: usize) -> Vec<Mutation> {
        let mut ready: Vec<&PendingRecord> = self
            .outbox
            .values()
            .filter(|p| p.attention.is_none())
            .collect();
        ready.sort_by_key(|p| p.order);
        ready
            .into_iter()
            .filter_map(PendingRecord::mutation)
            .take(limit.min(PUSH_MAX))
            .collect()
    }

    /// Applies one push response. Results for mutations no entry waits for (a
    /// repeated or late response) change nothing.
    pub fn apply_results(&mut self, results: &[MutationResult]) -> Vec<(Uuid, Answered)> {
        self.apply_results_from(results, None)
    }

    /// Applies one push response the server gave from history `epoch` (see
    /// [`answer_is_current`]).
    pub fn apply_results_from(
        &mut self,
        results: &[MutationResult],
        epoch: Option<&str>,
    ) -> Vec<(Uuid, Answered)> {
        let current = answer_is_current(
            epoch,
            self.pull.cursor.as_ref(),
            self.previous_epoch.as_deref(),
        );
        if let Some(epoch) = epoch.filter(|_| current && self.pull.cursor.is_none()) {
            // Answers of a newer history than earlier answers: the copies those
            // gave are of a history the server left, shown only until a pull is
            // through.
            if let Some(older) = self.answered_epoch.take().filter(|a| a != epoch) {
                let stale = std::mem::take(&mut self.records);
                self.previous.extend(stale);
                self.previous_epoch = Some(older);
            }
            self.answered_epoch = Some(epoch.to_owned());
        }
        let heads: BTreeMap<Uuid, RecordKey> = self
            .outbox
            .values()
            .map(|p| (p.head.mutation_id, p.key))
            .collect();
        results
            .iter()
            .map(|result| {
                let answered = match heads.get(&result.mutation_id) {
                    Some(key) => {
                        let mut pending = self.outbox.remove(key);
                        let mut held = self.records.remove(key);
                        let answered = answer(&mut pending, &mut held, result, epoch, current);
                        self.outbox.extend(pending.map(|p| (*key, p)));
                        self.records.extend(held.map(|h| (*key, h)));
                        answered
                    }
                    None => Answered::Ignored,
                };
                (result.mutation_id, answered)
            })
            .collect()
    }

    /// Where the next pull asks from; hand it back with the page.
    pub fn next_pull(&self) -> PullFrom {
        self.pull.clone()
    }

    /// Applies a page asked for from `asked`. Fails only on a cursor no server
    /// wrote, and then changes nothing.
    pub fn apply_page(
        &mut self,
        asked: &PullFrom,
        page: &ChangesPage,
    ) -> Result<PageOutcome, super::CursorError> {
        let cursor: Cursor = page.cursor.parse()?;
        let applied = page_action(&self.pull, asked, &cursor) == PageAction::Apply;
        if applied && self.pull.cursor.is_none() {
            let answered = self.answered_epoch.take();
            if answered_before_first_page(answered.as_deref(), &cursor) {
                let stale = std::mem::take(&mut self.records);
                self.previous.extend(stale);
                self.previous_epoch = answered;
            }
        }
        if applied {
            for change in &page.changes {
                let key = RecordKey::of(change);
                let pending = self.outbox.contains_key(&key);
                if on_change(self.records.get(&key), pending, change) != Incoming::Ignore {
                    self.records.insert(key, ServerCopy::of(change));
                }
            }
            self.pull.cursor = Some(cursor.clone());
        }
        let through = asked.generation == self.pull.generation
            && !page.has_more
            && self.pull.cursor.as_ref() == Some(&cursor);
        if through {
            self.previous.clear();
        }
        Ok(PageOutcome { applied, through })
    }

    /// The server cannot serve from the held cursor (410): pull again from the
    /// start, keeping the outbox, and showing the old copies until that is through.
    pub fn restart_pull(&mut self) {
        let current = std::mem::take(&mut self.records);
        self.previous.extend(current);
        if let Some(cursor) = &self.pull.cursor {
            self.previous_epoch = Some(cursor.epoch.clone());
        }
        self.start_over();
    }

    /// Signed in or out (`account`: who now): pull again from the start. What the
    /// old role could see is dropped at once, since the new one may not see it.
    /// The outbox is its author's work: it is parked for that account, and the new
    /// account's parked edits come back, so an edit is only ever sent by the
    /// account that made it.
    pub fn change_role(&mut self, account: Option<Uuid>) {
        if account != self.account {
            if let Some(leaving) = self.account {
                let unsent = std::mem::take(&mut self.outbox);
                if !unsent.is_empty() {
                    self.parked
                        .entry(leaving)
                        .or_default()
                        .extend(unsent.into_values());
                }
            }
            if let Some(coming) = account {
                let back = self.parked.remove(&coming).unwrap_or_default();
                self.outbox.extend(back.into_iter().map(|p| (p.key, p)));
            }
            self.account = account;
        }
        // What anyone may see stays in view until the new role's pull is through
        // (the public guide stays on the device, offline too); the rest goes now.
        if let Some(cursor) = &self.pull.cursor {
            self.previous_epoch = Some(cursor.epoch.clone());
        }
        let held = std::mem::take(&mut self.records);
        let older = std::mem::take(&mut self.previous);
        self.previous = older
            .into_iter()
            .chain(held)
            .filter_map(|(key, copy)| Some((key, copy_for_anyone(key, &copy)?)))
            .collect();
        self.start_over();
    }

    /// The signed-in account's unsent edits are thrown away: only by the person's
    /// explicit choice (e.g. signing out and discarding them).
    pub fn discard_outbox(&mut self) {
        self.outbox.clear();
    }

    /// Unsent edits parked for `account` (signed out with edits unsent).
    pub fn parked(&self, account: Uuid) -> usize {
        self.parked.get(&account).map_or(0, Vec::len)
    }

    fn start_over(&mut self) {
        self.answered_epoch = None;
        self.pull = PullFrom {
            generation: self.pull.generation + 1,
            cursor: None,
        };
    }

    /// Resolves the needs-attention entry of `key`; see [`resolve`].
    pub fn resolve(
        &mut self,
        key: RecordKey,
        resolution: Resolution,
        mutation_id: Uuid,
    ) -> Option<Uuid> {
        let base = base_of(
            &self.records,
            &self.previous,
            &self.pull,
            self.previous_epoch.as_deref(),
            &key,
        );
        let mut pending = self.outbox.remove(&key);
        let id = resolve(&mut pending, base, resolution, mutation_id);
        self.outbox.extend(pending.map(|p| (key, p)));
        id
    }

    /// The automatic part of a field-by-field merge of a needs-attention entry with
    /// the server's record; `None` if either side is a delete.
    pub fn automatic_merge(&self, key: &RecordKey) -> Option<FieldMerge> {
        let pending = self.outbox.get(key)?;
        let theirs = self.server_copy(key)?.live()?;
        Some(merge_fields(
            pending.base_data.as_ref(),
            pending.local()?,
            theirs,
        ))
    }
}

/// Maps with struct keys as lists of pairs (JSON objects only have string keys).
mod pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<K, V, S>(map: &BTreeMap<K, V>, s: S) -> Result<S::Ok, S::Error>
    where
        K: Serialize,
        V: Serialize,
        S: Serializer,
    {
        s.collect_seq(map.iter())
    }

    pub fn deserialize<'de, K, V, D>(d: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Ok(Vec::<(K, V)>::deserialize(d)?.into_iter().collect())
    }
}

/// A cursor in its text form.
mod cursor_text {
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    use super::Cursor;

    pub fn serialize<S: Serializer>(cursor: &Option<Cursor>, s: S) -> Result<S::Ok, S::Error> {
        cursor.as_ref().map(Cursor::to_string).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cursor>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| text.parse().map_err(D::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const EPOCH: &str = "e1";

    fn key(n: u128) -> RecordKey {
        RecordKey::new(RecordKind::Offering, Uuid::from_u128(n))
    }

    fn mid(n: u128) -> Uuid {
        Uuid::from_u128(1000 + n)
    }

    fn record(title: &str, version: u64) -> Value {
        json!({ "title": title, "summary": "s", "version": version })
    }

    fn change(key: RecordKey, version: u64, seq: u64, data: Option<Value>) -> Change {
        Change {
            kind: key.kind,
            id: key.id,
            version,
            seq,
            deleted: data.is_none(),
            data,
            last_published: None,
        }
    }

    fn page(changes: Vec<Change>, seq: u64, has_more: bool) -> ChangesPage {
        ChangesPage {
            changes,
            cursor: Cursor::new(EPOCH, seq).to_string(),
            has_more,
        }
    }

    fn at(generation: u64, seq: Option<u64>) -> PullFrom {
        PullFrom {
            generation,
            cursor: seq.map(|seq| Cursor::new(EPOCH, seq)),
        }
    }

    fn result(mutation_id: Uuid, outcome: Outcome) -> MutationResult {
        MutationResult {
            mutation_id,
            outcome,
        }
    }

    fn applied(version: u64) -> Outcome {
        Outcome::Applied {
            version,
            seq: 100 + version,
        }
    }

    fn conflict(current: Change) -> Outcome {
        Outcome::Conflict { current }
    }

    fn rejected() -> Outcome {
        Outcome::Rejected(Rejection {
            field: "title".into(),
            code: "required".into(),
            message: "a title is required".into(),
            problems: Vec::new(),
        })
    }

    /// A replica holding `key` at version `version` from a pull.
    fn pulled(key: RecordKey, version: u64, title: &str) -> Replica {
        let mut replica = Replica::new();
        let asked = replica.next_pull();
        let changes = vec![change(key, version, 10, Some(record(title, version)))];
        replica
            .apply_page(&asked, &page(changes, 10, false))
            .unwrap();
        replica
    }

    fn pull(replica: &mut Replica, changes: Vec<Change>, seq: u64) -> PageOutcome {
        let asked = replica.next_pull();
        replica
            .apply_page(&asked, &page(changes, seq, false))
            .unwrap()
    }

    fn title(replica: &Replica, key: RecordKey) -> Option<&str> {
        replica.view(&key).map(|v| v["title"].as_str().unwrap())
    }

    #[test]
    fn an_older_change_is_ignored_and_a_pending_edit_stays_in_view() {
        let held = ServerCopy {
            version: 4,
            deleted: false,
            data: Some(record("a", 4)),
        };
        let k = key(1);
        for (version, pending, expected) in [
            (3, false, Incoming::Ignore),
            (3, true, Incoming::Ignore),
            (4, false, Incoming::Store),
            (5, false, Incoming::Store),
            (5, true, Incoming::StoreBehindEdit),
        ] {
            let incoming = change(k, version, 1, Some(record("b", version)));
            assert_eq!(on_change(Some(&held), pending, &incoming), expected);
        }
        let tombstone = change(k, 1, 1, None);
        assert_eq!(on_change(None, false, &tombstone), Incoming::Store);
    }

    #[test]
    fn pages_apply_only_in_order_without_gaps_and_in_the_current_generation() {
        let cursor = |seq| Cursor::new(EPOCH, seq);
        let apply = |held, asked, seq| page_action(&held, &asked, &cursor(seq));
        assert_eq!(apply(at(0, None), at(0, None), 0), PageAction::Apply);
        assert_eq!(apply(at(0, Some(5)), at(0, Some(5)), 9), PageAction::Apply);
        // An older request, overtaken by a page that is already applied.
        assert_eq!(apply(at(0, Some(5)), at(0, Some(2)), 9), PageAction::Apply);
        assert_eq!(apply(at(0, Some(9)), at(0, Some(5)), 9), PageAction::Ignore);
        assert_eq!(apply(at(0, Some(9)), at(0, Some(2)), 7), PageAction::Ignore);
        // Asked from further than held: changes in between would be skipped.
        assert_eq!(apply(at(0, Some(5)), at(0, Some(7)), 9), PageAction::Ignore);
        assert_eq!(apply(at(0, None), at(0, Some(7)), 9), PageAction::Ignore);
        // Asked for before the replica started over.
        assert_eq!(apply(at(1, None), at(0, None), 9), PageAction::Ignore);
        let other_epoch = Cursor::new("e2", 20);
        assert_eq!(
            page_action(&at(0, Some(5)), &at(0, None), &other_epoch),
            PageAction::Ignore
        );
    }

    #[test]
    fn a_repeated_or_older_page_changes_nothing() {
        let k = key(1);
        let mut replica = Replica::new();
        let start = replica.next_pull();
        let old = page(vec![change(k, 1, 3, Some(record("old", 1)))], 3, true);
        let new = page(vec![change(k, 2, 8, Some(record("new", 2)))], 8, false);
        assert!(replica.apply_page(&start, &new).unwrap().applied);
        let snapshot = replica.clone();
        assert!(!replica.apply_page(&start, &old).unwrap().applied);
        assert!(!replica.apply_page(&start, &new).unwrap().applied);
        assert_eq!(replica, snapshot);
        assert_eq!(title(&replica, k), Some("new"));
        assert!(
            replica
                .apply_page(&start, &page(vec![], 8, false))
                .unwrap()
                .through
        );
        assert!(
            replica
                .apply_page(
                    &start,
                    &ChangesPage {
                        cursor: "not a cursor".into(),
                        ..new
                    }
                )
                .is_err()
        );
        assert_eq!(replica, snapshot);
    }

    #[test]
    fn a_tombstone_removes_the_record_from_view_and_keeps_its_version() {
        let k = key(1);
        let mut replica = pulled(k, 1, "a");
        pull(&mut replica, vec![change(k, 2, 11, None)], 11);
        assert_eq!(replica.view(&k), None);
        assert_eq!(replica.records().count(), 0);
        assert_eq!(replica.server_copy(&k).map(|s| s.version), Some(2));
    }

    #[test]
    fn an_edit_writes_the_record_and_its_outbox_entry_together() {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        let id = replica.upsert(k, record("mine", 3), mid(1));
        assert_eq!(id, mid(1));
        assert_eq!(title(&replica, k), Some("mine"));
        let pending = replica.pending(&k).unwrap();
        assert_eq!(pending.base_version, 3);
        assert_eq!(pending.base_data, Some(record("a", 3)));
        let batch = replica.push_batch(10);
        assert_eq!(batch.len(), 1);
        assert_eq!(
            (batch[0].mutation_id, batch[0].op, batch[0].base_version),
            (mid(1), Op::Upsert, 3)
        );
        assert_eq!(batch[0].data, Some(record("mine", 3)));
    }

    #[test]
    fn pulled_data_waits_behind_a_pending_edit_until_it_is_answered() {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        replica.upsert(k, record("mine", 3), mid(1));
        pull(
            &mut replica,
            vec![change(k, 4, 12, Some(record("theirs", 4)))],
            12,
        );
        assert_eq!(title(&replica, k), Some("mine"));
        assert_eq!(replica.server_copy(&k).unwrap().version, 4);
        let theirs = change(k, 4, 12, Some(record("theirs", 4)));
        replica.apply_results(&[result(mid(1), conflict(theirs))]);
        assert_eq!(title(&replica, k), Some("mine"), "needs attention");
        replica.resolve(k, Resolution::TakeTheirs, mid(9));
        assert_eq!(title(&replica, k), Some("theirs"));
    }

    #[test]
    fn an_entry_is_sent_again_with_the_same_id_until_answered() {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        replica.upsert(k, record("mine", 3), mid(1));
        let first = replica.push_batch(10);
        // The response was lost; so was the one after the retry.
        assert_eq!(replica.push_batch(10), first);
        let answers = replica.apply_results(&[result(
            mid(1),
            Outcome::Duplicate {
                version: 4,
                seq: 20,
            },
        )]);
        assert_eq!(answers, vec![(mid(1), Answered::Done { version: 4 })]);
        assert!(replica.push_batch(10).is_empty());
        assert_eq!(replica.outbox().count(), 0);
        // Until a pull, the edit is shown at its new version.
        assert_eq!(replica.view(&k), Some(&record("mine", 4)));
        let late = replica.apply_results(&[result(mid(1), applied(4))]);
        assert_eq!(late, vec![(mid(1), Answered::Ignored)]);
        pull(
            &mut replica,
            vec![change(k, 4, 20, Some(record("stored", 4)))],
            20,
        );
        assert_eq!(title(&replica, k), Some("stored"), "the server's data wins");
    }

    #[test]
    fn a_late_answer_does_not_move_a_newer_pulled_copy_back() {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        replica.upsert(k, record("mine", 3), mid(1));
        // Our edit (4) and someone else's after it (5) arrive before the answer.
        pull(
            &mut replica,
            vec![change(k, 5, 30, Some(record("later", 5)))],
            30,
        );
        replica.apply_results(&[result(mid(1), applied(4))]);
        assert_eq!(replica.server_copy(&k).unwrap().version, 5);
        assert_eq!(title(&replica, k), Some("later"));
        // Nor does a conflict answer that was held up while a newer version came.
        replica.upsert(k, record("mine again", 5), mid(2));
        pull(
            &mut replica,
            vec![change(k, 7, 50, Some(record("newest", 7)))],
            50,
        );
        let held_up = change(k, 6, 45, Some(record("newer", 6)));
        replica.apply_results(&[result(mid(2), conflict(held_up))]);
        assert_eq!(replica.server_copy(&k).unwrap().version, 7);
        replica.resolve(k, Resolution::TakeTheirs, mid(3));
        assert_eq!(title(&replica, k), Some("newest"));
    }

    #[test]
    fn edits_on_an_unanswered_edit_fold_into_one_sent_after_it_on_its_version() {
        let k = key(1);
        let mut replica = Replica::new();
        replica.upsert(k, record("new", 0), mid(1));
        assert_eq!(replica.upsert(k, record("second", 0), mid(2)), mid(2));
        assert_eq!(replica.upsert(k, record("third", 0), mid(3)), mid(2));
        assert_eq!(title(&replica, k), Some("third"));
        let batch = replica.push_batch(10);
        assert_eq!(batch.len(), 1, "the later edit waits for the first");
        assert_eq!(batch[0].mutation_id, mid(1));
        replica.apply_results(&[result(mid(1), applied(1))]);
        let batch = replica.push_batch(10);
        assert_eq!(batch.len(), 1);
        assert_eq!((batch[0].mutation_id, batch[0].base_version), (mid(2), 1));
        assert_eq!(batch[0].data, Some(record("third", 0)));
        assert_eq!(
            replica.pending(&k).unwrap().base_data,
            Some(record("new", 0))
        );
    }

    #[test]
    fn deleting_needs_a_record_in_view_and_a_new_one_is_deleted_after_it_is_stored() {
        let k = key(1);
        let mut replica = Replica::new();
        assert_eq!(replica.delete(k, mid(1)), None);
        assert_eq!(replica.outbox().count(), 0);
        replica.upsert(k, record("new", 0), mid(2));
        assert_eq!(replica.delete(k, mid(3)), Some(mid(3)));
        assert_eq!(replica.view(&k), None);
        assert_eq!(replica.push_batch(10)[0].op, Op::Upsert);
        replica.apply_results(&[result(mid(2), applied(1))]);
        let batch = replica.push_batch(10);
        assert_eq!(
            (batch[0].op, batch[0].base_version, batch[0].data.clone()),
            (Op::Delete, 1, None)
        );
        replica.apply_results(&[result(mid(3), applied(2))]);
        assert_eq!(replica.outbox().count(), 0);
        assert_eq!(replica.view(&k), None);
        assert!(replica.server_copy(&k).unwrap().deleted);
    }

    #[test]
    fn a_conflict_needs_attention_with_the_latest_edit_and_the_servers_record() {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        replica.upsert(k, record("mine", 3), mid(1));
        replica.upsert(k, record("mine again", 3), mid(2));
        let current = change(k, 5, 40, Some(record("theirs", 5)));
        let answers = replica.apply_results(&[result(mid(1), conflict(current))]);
        assert_eq!(
            answers,
            vec![(
                mid(1),
                Answered::NeedsAttention {
                    folded: Some(mid(2))
                }
            )]
        );
        let entry = replica.needs_attention().next().unwrap();
        assert_eq!(entry.attention, Some(Attention::Conflict));
        assert_eq!(entry.head.data, Some(record("mine again", 3)));
        assert_eq!(
            entry.base_data,
            Some(record("a", 3)),
            "the merge base stays"
        );
        assert_eq!(replica.server_copy(&k).unwrap().version, 5);
        assert!(replica.push_batch(10).is_empty(), "not sent until decided");
        // Editing it again keeps it waiting for the author.
        assert_eq!(replica.upsert(k, record("third", 3), mid(3)), mid(1));
        assert_eq!(title(&replica, k), Some("third"));
        assert!(replica.push_batch(10).is_empty());
        // A late answer for the same mutation changes nothing.
        let snapshot = replica.clone();
        replica.apply_results(&[result(mid(1), applied(4))]);
        assert_eq!(replica, snapshot);
    }

    #[test]
    fn a_rejection_needs_attention_too() {
        let k = key(1);
        let mut replica = Replica::new();
        replica.upsert(k, record("", 0), mid(1));
        let answers = replica.apply_results(&[result(mid(1), rejected())]);
        assert_eq!(answers[0].1, Answered::NeedsAttention { folded: None });
        let entry = replica.pending(&k).unwrap();
        assert!(matches!(
            &entry.attention,
            Some(Attention::Rejected(Rejection { field, code, .. })) if field == "title" && code == "required"
        ));
        assert_eq!(title(&replica, k), Some(""));
        replica.resolve(k, Resolution::TakeTheirs, mid(2));
        assert_eq!(replica.view(&k), None);
        assert_eq!(replica.outbox().count(), 0);
    }

    #[test]
    fn editing_a_refused_edit_sends_the_fix_on_the_servers_version() {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        replica.upsert(k, record("", 3), mid(1));
        replica.apply_results(&[result(mid(1), rejected())]);
        assert!(
            replica.push_batch(10).is_empty(),
            "refused: waits for a fix"
        );
        assert_eq!(replica.upsert(k, record("fixed", 3), mid(2)), mid(2));
        let entry = replica.pending(&k).unwrap();
        assert_eq!(entry.attention, None);
        assert_eq!(entry.base_version, 3);
        let batch = replica.push_batch(10);
        assert_eq!(batch.len(), 1);
        assert_eq!(batch[0].mutation_id, mid(2));
        assert_eq!(batch[0].data, Some(record("fixed", 3)));
    }

    fn in_conflict() -> (Replica, RecordKey) {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        replica.upsert(
            k,
            json!({ "title": "mine", "summary": "s", "version": 3 }),
            mid(1),
        );
        let theirs = json!({ "title": "a", "summary": "theirs", "version": 5 });
        let current = change(k, 5, 40, Some(theirs));
        replica.apply_results(&[result(mid(1), conflict(current))]);
        (replica, k)
    }

    #[test]
    fn keep_mine_sends_the_edit_again_on_the_servers_version_with_a_new_id() {
        let (mut replica, k) = in_conflict();
        assert_eq!(
            replica.resolve(k, Resolution::KeepMine, mid(2)),
            Some(mid(2))
        );
        let batch = replica.push_batch(10);
        assert_eq!((batch[0].mutation_id, batch[0].base_version), (mid(2), 5));
        assert_eq!(batch[0].data.as_ref().unwrap()["title"], "mine");
        assert_eq!(
            replica.resolve(k, Resolution::KeepMine, mid(3)),
            None,
            "decided"
        );
    }

    #[test]
    fn a_merge_takes_each_sides_changed_fields_and_names_the_clashes() {
        let (mut replica, k) = in_conflict();
        let merge = replica.automatic_merge(&k).unwrap();
        assert!(merge.clashes.is_empty());
        assert_eq!(
            merge.merged,
            json!({ "title": "mine", "summary": "theirs", "version": 5 })
        );
        replica.resolve(k, Resolution::Merge(merge.merged.clone()), mid(2));
        let batch = replica.push_batch(10);
        assert_eq!(
            (batch[0].base_version, batch[0].data.clone()),
            (5, Some(merge.merged))
        );

        let base = json!({ "a": 1, "b": 1, "c": 1, "gone": 1 });
        let mine = json!({ "a": 2, "b": 1, "c": 2, "new": 1 });
        let theirs = json!({ "a": 3, "b": 2, "c": 2, "gone": 1 });
        let merge = merge_fields(Some(&base), &mine, &theirs);
        assert_eq!(merge.clashes, vec!["a".to_owned()]);
        assert_eq!(merge.merged, json!({ "a": 3, "b": 2, "c": 2, "new": 1 }));
        let unrelated = merge_fields(None, &json!({ "a": 1, "b": 1 }), &json!({ "a": 2, "b": 1 }));
        assert_eq!(unrelated.clashes, vec!["a".to_owned()]);
    }

    #[test]
    fn no_field_merge_with_a_delete_and_keep_mine_of_a_delete_on_a_deleted_record_is_done() {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        replica.delete(k, mid(1));
        replica.apply_results(&[result(mid(1), conflict(change(k, 4, 41, None)))]);
        assert_eq!(replica.automatic_merge(&k), None);
        assert_eq!(replica.resolve(k, Resolution::KeepMine, mid(2)), None);
        assert_eq!(replica.outbox().count(), 0);
        // An edit against a deletion can be kept: it brings the record back.
        let mut replica = pulled(k, 3, "a");
        replica.upsert(k, record("mine", 3), mid(1));
        replica.apply_results(&[result(mid(1), conflict(change(k, 4, 41, None)))]);
        assert_eq!(replica.automatic_merge(&k), None);
        assert_eq!(
            replica.resolve(k, Resolution::KeepMine, mid(2)),
            Some(mid(2))
        );
        assert_eq!(replica.push_batch(1)[0].base_version, 4);
    }

    #[test]
    fn pushes_go_oldest_first_within_the_limit() {
        let mut replica = Replica::new();
        for n in [5, 2, 9, 1] {
            replica.upsert(key(n), record("x", 0), mid(n));
        }
        let ids: Vec<Uuid> = replica
            .push_batch(3)
            .iter()
            .map(|m| m.mutation_id)
            .collect();
        assert_eq!(ids, vec![mid(5), mid(2), mid(9)]);
    }

    #[test]
    fn a_restart_keeps_the_outbox_and_shows_old_copies_until_the_new_pull_is_through() {
        let (kept, gone, mine) = (key(1), key(2), key(3));
        let mut replica = Replica::new();
        let old = vec![
            change(kept, 2, 5, Some(record("kept", 2))),
            change(gone, 1, 6, Some(record("gone", 1))),
        ];
        pull(&mut replica, old, 6);
        replica.upsert(mine, record("mine", 0), mid(1));
        let stale = replica.next_pull();
        replica.restart_pull();
        assert_eq!(replica.next_pull().cursor, None);
        assert_eq!(title(&replica, gone), Some("gone"), "shown meanwhile");
        assert_eq!(replica.server_copies().count(), 2);
        let late = page(vec![change(gone, 1, 9, Some(record("late", 1)))], 9, false);
        assert!(!replica.apply_page(&stale, &late).unwrap().applied);
        // The restored database has version 1 of `kept`: lower, and still taken.
        let asked = replica.next_pull();
        let first = page(
            vec![change(kept, 1, 1, Some(record("restored", 1)))],
            1,
            true,
        );
        let outcome = replica.apply_page(&asked, &first).unwrap();
        assert_eq!((outcome.applied, outcome.through), (true, false));
        assert_eq!(title(&replica, gone), Some("gone"));
        let asked = replica.next_pull();
        let outcome = replica.apply_page(&asked, &page(vec![], 1, false)).unwrap();
        assert_eq!((outcome.applied, outcome.through), (false, true));
        assert_eq!(title(&replica, kept), Some("restored"));
        assert_eq!(replica.view(&gone), None);
        let copies: Vec<RecordKey> = replica.server_copies().map(|(key, _)| key).collect();
        assert_eq!(copies, vec![kept]);
        assert_eq!(title(&replica, mine), Some("mine"));
        assert_eq!(replica.push_batch(10).len(), 1);
    }

    #[test]
    fn a_change_of_role_drops_what_the_old_role_saw_at_once() {
        let k = key(1);
        let mut replica = pulled(k, 1, "private");
        replica.upsert(key(2), record("mine", 0), mid(1));
        let stale = replica.next_pull();
        replica.change_role(None);
        assert_eq!(replica.view(&k), None);
        let late = page(
            vec![change(k, 2, 12, Some(record("private", 2)))],
            12,
            false,
        );
        assert!(!replica.apply_page(&stale, &late).unwrap().applied);
        assert_eq!(replica.view(&k), None);
        assert_eq!(replica.outbox().count(), 1);
        assert_eq!(replica.next_pull(), at(1, None));
    }

    #[test]
    fn what_is_persisted_restores_to_the_same_replica() {
        let (mut replica, _) = in_conflict();
        replica.upsert(key(7), record("new", 0), mid(7));
        replica.upsert(key(7), record("newer", 0), mid(8));
        replica.restart_pull();
        pull(&mut replica, vec![change(key(8), 1, 3, None)], 3);
        let text = serde_json::to_string(&replica).unwrap();
        let restored: Replica = serde_json::from_str(&text).unwrap();
        assert_eq!(restored, replica);
        assert_eq!(restored.next_pull().query(), Some("e1.3".to_owned()));
    }

    fn account(n: u128) -> Option<Uuid> {
        Some(Uuid::from_u128(500 + n))
    }

    #[test]
    fn an_edit_carries_the_history_of_the_copy_it_was_made_on() {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        replica.upsert(k, record("b", 3), mid(1));
        let sent = replica.push_batch(10);
        assert_eq!(sent[0].epoch.as_deref(), Some(EPOCH));
        // A new record has no base to tie to a history.
        replica.upsert(key(2), record("new", 0), mid(2));
        let new = replica.push_batch(10);
        assert_eq!(new[1].base_version, 0);
        assert_eq!(new[1].epoch, None);
        // Edited after a 410 and before the fresh pull is through: the copy is the
        // old history's, and the edit says so.
        let mut replica = pulled(k, 3, "a");
        replica.restart_pull();
        replica.upsert(k, record("c", 3), mid(3));
        assert_eq!(replica.push_batch(10)[0].epoch.as_deref(), Some(EPOCH));
    }

    #[test]
    fn a_form_open_across_a_pull_does_not_send_old_values_on_the_newer_version() {
        let k = key(1);
        let mut replica = pulled(k, 3, "t");
        let opened = replica.view(&k).cloned().unwrap();
        // Someone else changes the summary while the form is open.
        let theirs = json!({ "title": "t", "summary": "theirs", "version": 4 });
        pull(&mut replica, vec![change(k, 4, 11, Some(theirs))], 11);
        // The form changed only the title: both changes are kept, on version 4.
        let mine = json!({ "title": "mine", "summary": "s", "version": 3 });
        let (_, outcome) = replica.save_form(k, Some(&opened), mine, mid(1));
        assert_eq!(
            outcome,
            FormSave::Queue {
                data: json!({ "title": "mine", "summary": "theirs", "version": 4 }),
                merged_in: vec!["summary".to_owned()],
            }
        );
        let sent = replica.push_batch(10);
        assert_eq!(sent[0].base_version, 4);

        // The form changed the summary too: nothing is sent; the author decides.
        let mut replica = pulled(k, 3, "t");
        let opened = replica.view(&k).cloned().unwrap();
        pull(
            &mut replica,
            vec![change(k, 4, 11, Some(record("theirs", 4)))],
            11,
        );
        let (_, outcome) = replica.save_form(k, Some(&opened), record("mine", 3), mid(2));
        assert_eq!(outcome, FormSave::Decide);
        assert!(replica.push_batch(10).is_empty());
        let waiting = replica.pending(&k).unwrap();
        assert_eq!(waiting.attention, Some(Attention::Conflict));
        assert_eq!(waiting.base_data.as_ref(), Some(&opened));
        assert_eq!(title(&replica, k), Some("mine"));
        let merge = replica.automatic_merge(&k).unwrap();
        assert_eq!(merge.clashes, vec!["title".to_owned()]);

        // Removed while the form was open: the author decides too.
        let mut replica = pulled(k, 3, "t");
        let opened = replica.view(&k).cloned().unwrap();
        pull(&mut replica, vec![change(k, 4, 11, None)], 11);
        let (_, outcome) = replica.save_form(k, Some(&opened), record("mine", 3), mid(3));
        assert_eq!(outcome, FormSave::Decide);

        // Nothing changed meanwhile (the version alone does not count).
        let mut replica = pulled(k, 3, "t");
        let opened = replica.view(&k).cloned().unwrap();
        let (_, outcome) = replica.save_form(k, Some(&opened), record("mine", 3), mid(4));
        assert!(matches!(outcome, FormSave::Queue { merged_in, .. } if merged_in.is_empty()));
    }

    #[test]
    fn unsent_edits_wait_for_their_own_account() {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        replica.change_role(account(1));
        pull(
            &mut replica,
            vec![change(k, 3, 10, Some(record("a", 3)))],
            10,
        );
        replica.upsert(k, record("by one", 3), mid(1));
        // One signs out: nothing of theirs is sent or shown for the next person.
        replica.change_role(None);
        assert_eq!(replica.parked(Uuid::from_u128(501)), 1);
        pull(
            &mut replica,
            vec![change(k, 3, 10, Some(record("a", 3)))],
            10,
        );
        assert!(replica.push_batch(10).is_empty());
        assert_eq!(title(&replica, k), Some("a"));
        replica.change_role(account(2));
        assert!(replica.push_batch(10).is_empty());
        replica.upsert(key(2), record("by two", 0), mid(2));
        // Two signs out, one signs in again: only one's edit goes.
        replica.change_role(account(1));
        let sent = replica.push_batch(10);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].mutation_id, mid(1));
        assert_eq!(replica.parked(Uuid::from_u128(502)), 1);
        replica.discard_outbox();
        assert!(replica.push_batch(10).is_empty());
        assert_eq!(replica.parked(Uuid::from_u128(502)), 1);
    }

    #[test]
    fn an_answer_from_a_history_the_replica_left_takes_no_copy() {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        replica.upsert(k, record("b", 3), mid(1));
        // The server's history is replaced; the device notices (410) before the
        // answer to its push, given by the old history, arrives.
        replica.restart_pull();
        let answers = replica.apply_results_from(&[result(mid(1), applied(4))], Some(EPOCH));
        assert_eq!(answers[0].1, Answered::Done { version: 4 });
        assert_eq!(replica.server_copy(&k).map(|c| c.version), Some(3));
        // The new history's version 2 of the record is taken, though lower.
        let asked = replica.next_pull();
        let fresh = ChangesPage {
            changes: vec![change(k, 2, 5, Some(record("new history", 2)))],
            cursor: Cursor::new("e2", 5).to_string(),
            has_more: false,
        };
        assert!(replica.apply_page(&asked, &fresh).unwrap().through);
        assert_eq!(title(&replica, k), Some("new history"));
        assert!(answer_is_current(
            Some("e2"),
            Some(&Cursor::new("e2", 5)),
            None
        ));
        assert!(!answer_is_current(
            Some("e1"),
            Some(&Cursor::new("e2", 5)),
            None
        ));
        assert!(answer_is_current(None, Some(&Cursor::new("e2", 5)), None));
    }

    #[test]
    fn a_conflict_with_a_record_the_server_never_had_drops_the_copy() {
        let k = key(1);
        let mut replica = pulled(k, 3, "a");
        replica.upsert(k, record("b", 3), mid(1));
        let never = change(k, 0, 0, None);
        replica.apply_results(&[result(mid(1), conflict(never))]);
        assert_eq!(replica.server_copy(&k).map(|c| c.version), Some(0));
        assert!(replica.server_copy(&k).unwrap().live().is_none());
        // Letting the edit go leaves nothing on the device.
        replica.resolve(k, Resolution::TakeTheirs, mid(2));
        assert_eq!(replica.view(&k), None);
    }

    #[test]
    fn the_edit_after_an_applied_new_record_carries_the_answers_history() {
        let k = key(1);
        let mut replica = Replica::new();
        replica.upsert(k, record("new", 0), mid(1));
        replica.upsert(k, record("newer", 0), mid(2));
        replica.apply_results_from(&[result(mid(1), applied(1))], Some(EPOCH));
        let next = replica.push_batch(10);
        assert_eq!(next[0].base_version, 1);
        assert_eq!(next[0].epoch.as_deref(), Some(EPOCH));
    }

    #[test]
    fn signing_out_keeps_only_what_anyone_may_see_until_the_new_pull_is_through() {
        let offering = crate::sample::sample_offering();
        let k = RecordKey::new(RecordKind::Offering, offering.id);
        let full = serde_json::to_value(&offering).unwrap();
        assert!(
            full.get("referral").is_some(),
            "the sample has referral details"
        );
        let mut replica = Replica::new();
        replica.change_role(account(1));
        pull(&mut replica, vec![change(k, 2, 10, Some(full))], 10);
        replica.change_role(None);
        let shown = replica
            .view(&k)
            .expect("the public guide stays on the device");
        assert!(shown.get("referral").is_none(), "{shown}");
        // The anonymous pull, once through, decides what stays.
        pull(&mut replica, vec![], 12);
        assert_eq!(replica.view(&k), None);
    }
}
