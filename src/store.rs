//! The guide on this device: IndexedDB. The rules of what each step does to a
//! record are the core's (`wijkgids_core::sync::replica`); this module runs them
//! record by record inside one IndexedDB transaction per step, so a step lands
//! whole or not at all.
//!
//! Layout (database version 3, data schema 2):
//! - `pages`: the pages of a generation's first pull, each stored whole as it came
//!   (its changes as one JSON text), keyed by generation and cursor position, so
//!   a first sync writes one value per page and reads nothing per record.
//! - `copies`: per-record rows for whatever came after (a later pull, a push
//!   answer, copies made public at a change of account), tombstones included,
//!   keyed by `kind/id` (for a coordinator, with an offering waiting for review,
//!   the last version residents saw). The server's copy of a record is the newest
//!   of its row and its page copies (`core::sync::layers`: newer generation, then
//!   higher version, a row over a page at the same version). Rows and pages carry
//!   the pull generation they were received in; those of an older generation are
//!   the copies from before a restart (410), shown until the fresh pull is through
//!   and then dropped.
//! - `pending`: the outbox, one entry per record (`PendingRecord`), keyed by
//!   `kind/id`.
//! - `meta`: small facts under fixed keys: the data schema number, where the pull
//!   stands, whether a restart is under way (and the epoch of the copies shown
//!   meanwhile), this device's client id, the edit counter, the account whose
//!   edits `pending` holds, the account the copies were pulled for
//!   (`pulled_for`, checked against the session at every start), and the unsent
//!   edits of accounts that signed out (`parked`, sent only once that account
//!   signs in again); and the guide's snapshot (`core::guide_snapshot`: the
//!   search index and a card per offering, from which a reopen shows results
//!   before the records are read) with the mark of the data it was made of
//!   (`written`, new with every write that may change what the device shows, in
//!   that write's transaction: a snapshot is read back only while its mark is
//!   the data's).
//!
//! Upgrades: the upgrade callback cannot reach the running upgrade transaction, so
//! it only creates stores; data moves after open, in one transaction, tracked by
//! `schema` in `meta` (see [`Store::migrate`]). Version 1 had one store per kind
//! and an outbox of wire mutations keyed by `mutation_id`; those stores are kept
//! (emptied) so an interrupted migration simply runs again. Version 3 only adds
//! `pages`: the rows and the outbox of version 2 stay where they are and keep
//! their meaning, and the versionchange transaction that adds the store either
//! commits or leaves version 2 as it was.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use indexed_db_futures::KeyRange;
use indexed_db_futures::database::Database;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};
use wijkgids_core::Vocabulary;
use wijkgids_core::guide_snapshot;
use wijkgids_core::record::Record;
use wijkgids_core::sync::Cursor;
use wijkgids_core::sync::holder::{Holds, PulledFor};
use wijkgids_core::sync::layers::{Stamp, newest, pick};
use wijkgids_core::sync::replica::{
    Answered, Base, Edit, FormSave, Incoming, PageAction, PendingRecord, PullFrom, RecordKey,
    Resolution, ServerCopy, answer, answer_is_current, answered_before_first_page, form_save,
    on_change, page_action, queue_edit, queue_for_decision, resolve,
};
use wijkgids_core::vocab::RecordKind;
use wijkgids_core::wire::{Change, ChangesPage, Mutation, MutationResult, Op, Outcome};

use crate::guide::DeviceChange;

const DB_VERSION: u32 = 3;
/// The data layout `migrate` brings a database to.
const SCHEMA: u32 = 2;

/// Server copies, keyed by `kind/id`.
pub const COPIES: &str = "copies";
/// The outbox: one pending entry per record, keyed by `kind/id`.
pub const PENDING: &str = "pending";
/// Small facts under fixed keys.
pub const META: &str = "meta";
/// The pages of a first pull, each stored whole.
pub const PAGES: &str = "pages";
/// Version 1: one store per kind, records keyed by `id`.
pub const V1_RECORDS: [&str; 3] = ["offerings", "organisations", "professionals"];
/// Version 1: wire mutations keyed by `mutation_id`.
pub const V1_OUTBOX: &str = "outbox";

const META_SCHEMA: &str = "schema";
const META_PULL: &str = "pull";
const META_RESTARTED: &str = "restarted";
const META_CLIENT: &str = "client_id";
const META_EDITS: &str = "edits";
const META_PREVIOUS_EPOCH: &str = "previous_epoch";
/// The history of copies taken from push answers before this pull's first page.
const META_ANSWERED_EPOCH: &str = "answered_epoch";
const META_ACCOUNT: &str = "account";
const META_PARKED: &str = "parked";
/// The account the copies were pulled for (`core::sync::holder::PulledFor`).
const META_PULLED_FOR: &str = "pulled_for";
/// The generation whose first pull is under way: its pages are stored whole.
const META_FILLING: &str = "filling";
/// A random mark, new with every write that may change what the device shows
/// (copies, pages, the outbox, the account): the guide's snapshot is of the data
/// only while the mark it was made at is the one stored.
const META_WRITTEN: &str = "written";
/// The guide's snapshot (`core::guide_snapshot`), as bytes.
const META_SNAPSHOT: &str = "snapshot";
/// The mark the snapshot was made at (apart, so a check does not read the bytes).
const META_SNAPSHOT_OF: &str = "snapshot_of";
/// The snapshot's cards, one value per chunk (`snapshot_cards/0000` ...), read
/// when a screen shows one of their cards.
const META_SNAPSHOT_CARDS: &str = "snapshot_cards/";

/// The key of the snapshot's card chunk `n`.
fn cards_key(n: usize) -> String {
    format!("{META_SNAPSHOT_CARDS}{n:04}")
}

/// Every key of the snapshot's card chunks.
fn every_cards_key() -> KeyRange<String> {
    KeyRange::Bound(
        META_SNAPSHOT_CARDS.to_owned(),
        false,
        format!("{META_SNAPSHOT_CARDS}~"),
        false,
    )
}

/// A pull page as the server wrote it, its records' JSON kept as text.
pub type RawPage = ChangesPage<Box<RawValue>>;
type RawChange = Change<Box<RawValue>>;

/// Whose edits `pending` holds (`None`: anonymous). A struct, so that "nobody" is
/// told apart from "not recorded yet" (a device from before accounts were kept).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Owner {
    account: Option<Uuid>,
}

/// Unsent edits of accounts that signed out, by account, as JSON text.
type Parked = HashMap<Uuid, Vec<PendingRecord>>;

/// Why a store operation failed, in words a log (and the status line) can carry.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(String);

impl From<indexed_db_futures::error::Error> for StoreError {
    fn from(err: indexed_db_futures::error::Error) -> Self {
        StoreError(err.to_string())
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StoreError {
    fn from(err: indexed_db_futures::error::OpenDbError) -> Self {
        StoreError(err.to_string())
    }
}

impl From<String> for StoreError {
    fn from(message: String) -> Self {
        StoreError(message)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(err: serde_json::Error) -> Self {
        StoreError(err.to_string())
    }
}

/// A row of `copies`. The record travels as JSON text: cheaper to move through
/// IndexedDB than a tree of JS objects, and read straight into a [`Record`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CopyRow {
    key: String,
    kind: RecordKind,
    id: Uuid,
    generation: u64,
    version: u64,
    deleted: bool,
    #[serde(default)]
    data: Option<String>,
    /// For a coordinator, an offering waiting for review: the last version
    /// residents saw (`wire::Change::last_published`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_published: Option<String>,
}

impl CopyRow {
    fn new(key: RecordKey, generation: u64, copy: &ServerCopy) -> CopyRow {
        CopyRow {
            key: store_key(key),
            kind: key.kind,
            id: key.id,
            generation,
            version: copy.version,
            deleted: copy.deleted,
            data: copy.data.as_ref().map(Value::to_string),
            last_published: None,
        }
    }

    fn record_key(&self) -> RecordKey {
        RecordKey::new(self.kind, self.id)
    }

    fn copy(&self) -> Result<ServerCopy, StoreError> {
        let data = self.data.as_deref().map(serde_json::from_str).transpose()?;
        Ok(ServerCopy {
            version: self.version,
            deleted: self.deleted,
            data,
        })
    }

    fn live_text(&self) -> Option<&str> {
        self.data.as_deref().filter(|_| !self.deleted)
    }
}

impl CopyRow {
    /// The row for a pulled change, its JSON kept as the server wrote it.
    fn from_raw(change: RawChange, generation: u64) -> CopyRow {
        let text = |raw: Box<RawValue>| String::from(Box::<str>::from(raw));
        let key = RecordKey::new(change.kind, change.id);
        CopyRow {
            key: store_key(key),
            kind: change.kind,
            id: change.id,
            generation,
            version: change.version,
            deleted: change.deleted,
            data: change.data.filter(|_| !change.deleted).map(text),
            last_published: change.last_published.map(text),
        }
    }

    fn stamp(&self) -> Stamp {
        Stamp::row(self.generation, self.version)
    }
}

/// A row of `pages`: one pulled page of a first pull, its changes as the JSON
/// text of a list (as the server wrote them). Stored with the text as UTF-8
/// bytes (a `Uint8Array`): moving 80 MB in and out of IndexedDB as bytes is a copy,
/// as a JavaScript string a conversion to and from UTF-16 each way.
#[derive(Debug, Clone)]
struct PageRow {
    key: String,
    generation: u64,
    /// The page's cursor position: later pages of a pull have higher ones.
    seq: u64,
    /// How many changes it holds.
    count: u32,
    changes: String,
}

impl PageRow {
    fn to_js(&self) -> JsValue {
        let row = js_sys::Object::new();
        let set = |name: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&row, &JsValue::from_str(name), value);
        };
        set("key", &JsValue::from_str(&self.key));
        set("generation", &JsValue::from_f64(self.generation as f64));
        set("seq", &JsValue::from_f64(self.seq as f64));
        set("count", &JsValue::from_f64(f64::from(self.count)));
        set(
            "changes",
            &js_sys::Uint8Array::from(self.changes.as_bytes()).into(),
        );
        row.into()
    }

    fn from_js(row: &JsValue) -> Result<PageRow, StoreError> {
        let get = |name: &str| {
            js_sys::Reflect::get(row, &JsValue::from_str(name))
                .map_err(|_| StoreError(format!("a page without {name}")))
        };
        let number = |name: &str| -> Result<u64, StoreError> {
            get(name)?
                .as_f64()
                .map(|n| n as u64)
                .ok_or_else(|| StoreError(format!("a page's {name} is not a number")))
        };
        let bytes: js_sys::Uint8Array = get("changes")?
            .dyn_into()
            .map_err(|_| StoreError("a page's changes are not bytes".into()))?;
        Ok(PageRow {
            key: get("key")?
                .as_string()
                .ok_or_else(|| StoreError("a page without a key".into()))?,
            generation: number("generation")?,
            seq: number("seq")?,
            count: u32::try_from(number("count")?).unwrap_or(u32::MAX),
            changes: String::from_utf8(bytes.to_vec())
                .map_err(|_| StoreError("a page's changes are not UTF-8".into()))?,
        })
    }

    fn changes(&self) -> Result<Vec<RawChange>, StoreError> {
        Ok(serde_json::from_str(&self.changes)?)
    }

    /// Every copy in the page as a row, with how new it is.
    fn copies(&self) -> Result<impl Iterator<Item = (RecordKey, Stamp, CopyRow)>, StoreError> {
        let (generation, seq) = (self.generation, self.seq);
        Ok(self.changes()?.into_iter().map(move |change| {
            let row = CopyRow::from_raw(change, generation);
            let stamp = Stamp::page(generation, seq, row.version);
            (row.record_key(), stamp, row)
        }))
    }

    /// The copy of `key` in this page, if it holds one (the last, should it hold two).
    fn find(&self, key: RecordKey) -> Result<Option<(Stamp, CopyRow)>, StoreError> {
        // A record's own id is written as `"id":"…"` (a reference to it as
        // `"organisation_id":"…"`): most pages are passed over without parsing.
        if !self.changes.contains(&format!("\"id\":\"{}\"", key.id)) {
            return Ok(None);
        }
        Ok(self
            .copies()?
            .filter(|(k, ..)| *k == key)
            .map(|(_, stamp, row)| (stamp, row))
            .last())
    }
}

/// The key of a page: by generation, then by cursor position, in IndexedDB's
/// order (hexadecimal of fixed width sorts as the numbers do).
fn page_key(generation: u64, seq: u64) -> String {
    format!("{generation:016x}/{seq:016x}")
}

/// A row of `pending`: the entry as JSON text.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PendingRow {
    key: String,
    entry: String,
}

impl PendingRow {
    fn new(entry: &PendingRecord) -> Result<PendingRow, StoreError> {
        Ok(PendingRow {
            key: store_key(entry.key),
            entry: serde_json::to_string(entry)?,
        })
    }

    fn entry(&self) -> Result<PendingRecord, StoreError> {
        Ok(serde_json::from_str(&self.entry)?)
    }
}

fn store_key(key: RecordKey) -> String {
    format!("{}/{}", key.kind.code(), key.id)
}

/// What the local view shows for `key`: the pending edit over the server copy.
fn view(key: RecordKey, pending: Option<&PendingRecord>, copy: Option<&CopyRow>) -> DeviceChange {
    let record = match pending {
        Some(p) => p
            .local()
            .and_then(|data| Record::from_stored(key.kind, &data.to_string()).ok()),
        None => copy
            .and_then(CopyRow::live_text)
            .and_then(|text| Record::from_stored(key.kind, text).ok()),
    };
    match record {
        Some(record) => DeviceChange::Upsert(record),
        None => DeviceChange::Remove(key.kind, key.id),
    }
}

/// What the local view shows for a pulled change of `key` with no edit pending.
fn view_of_change(key: RecordKey, change: &RawChange) -> DeviceChange {
    let record = change
        .data
        .as_ref()
        .filter(|_| !change.deleted)
        .and_then(|data| Record::from_stored(key.kind, data.get()).ok());
    match record {
        Some(record) => DeviceChange::Upsert(record),
        None => DeviceChange::Remove(key.kind, key.id),
    }
}

/// A pulled page, as the transport read it ([`RawPage`]: the records' JSON kept
/// as text) or as tests write it.
pub trait PulledPage {
    fn raw(&self) -> Result<std::borrow::Cow<'_, RawPage>, StoreError>;
}

impl PulledPage for RawPage {
    fn raw(&self) -> Result<std::borrow::Cow<'_, RawPage>, StoreError> {
        Ok(std::borrow::Cow::Borrowed(self))
    }
}

impl PulledPage for ChangesPage {
    fn raw(&self) -> Result<std::borrow::Cow<'_, RawPage>, StoreError> {
        let text = serde_json::to_string(self)?;
        Ok(std::borrow::Cow::Owned(serde_json::from_str(&text)?))
    }
}

/// Everything on the device, read at start.
#[derive(Debug)]
pub struct Loaded {
    /// The local view of every record, to apply to the guide.
    pub changes: Vec<DeviceChange>,
    /// Outbox entries not yet accepted by the server.
    pub waiting: usize,
    /// The data's mark when it was read (`None`: never written).
    pub written: Option<String>,
}

/// What applying one pulled page did.
#[derive(Debug)]
pub struct PageApplied {
    pub applied: bool,
    /// Everything the server had when it answered is on the device.
    pub through: bool,
    /// Changes to the local view.
    pub changes: Vec<DeviceChange>,
}

/// What the Settings screen shows about the device's storage.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage {
    /// Server copies held (tombstones included).
    pub records: u32,
    /// Outbox entries, and how many of them need the author's decision.
    pub waiting: usize,
    pub needs_attention: usize,
    /// The browser's estimate for this site, in bytes, when it gives one.
    pub bytes: Option<f64>,
    pub quota: Option<f64>,
}

/// An open guide database.
#[derive(Debug, Clone)]
pub struct Store {
    db: Database,
    /// The mark of the data as this page last read or wrote it (see
    /// [`META_WRITTEN`]): another mark in the store is another tab's write,
    /// which this page's guide does not show ([`Store::written_elsewhere`]).
    seen: Rc<RefCell<Option<String>>>,
}

/// The stores of database version 1: where every upgrade starts, and what tests
/// build to upgrade from.
pub fn create_version_1_stores(db: &Database) -> Result<(), indexed_db_futures::error::Error> {
    for store in V1_RECORDS {
        db.create_object_store(store)
            .with_key_path("id".into())
            .build()?;
    }
    db.create_object_store(V1_OUTBOX)
        .with_key_path("mutation_id".into())
        .build()?;
    db.create_object_store(META).build()?;
    Ok(())
}

impl Store {
    /// The device's guide database.
    pub async fn open() -> Result<Store, StoreError> {
        Store::open_named("wijkgids").await
    }

    /// A database of another name: tests use their own so they never touch real data.
    pub async fn open_named(name: &str) -> Result<Store, StoreError> {
        let db = Database::open(name)
            .with_version(DB_VERSION)
            .with_on_upgrade_needed(|event, db| {
                let old = event.old_version();
                if old < 1.0 {
                    create_version_1_stores(&db)?;
                }
                if old < 2.0 {
                    for store in [COPIES, PENDING] {
                        db.create_object_store(store)
                            .with_key_path("key".into())
                            .build()?;
                    }
                }
                if old < 3.0 {
                    db.create_object_store(PAGES)
                        .with_key_path("key".into())
                        .build()?;
                }
                Ok(())
            })
            .await?;
        let store = Store {
            db,
            seen: Rc::default(),
        };
        store.migrate().await?;
        store.mark_if_unmarked().await?;
        Ok(store)
    }

    fn tx(&self, stores: &[&str], mode: TransactionMode) -> Result<Transaction<'_>, StoreError> {
        Ok(self.db.transaction(stores).with_mode(mode).build()?)
    }

    /// A write of the synced data: it marks the data written (and drops the
    /// guide's snapshot) in the same transaction, so that the snapshot is never
    /// read back over data it does not show.
    fn write(&self) -> Result<Transaction<'_>, StoreError> {
        let tx = self.write_unmarked()?;
        self.mark_written(&tx.object_store(META)?)?;
        Ok(tx)
    }

    /// A new mark for the data, its snapshot dropped (see [`META_WRITTEN`]).
    fn mark_written(&self, meta: &ObjectStore<'_>) -> Result<(), StoreError> {
        let mark = new_id().to_string();
        meta_put(meta, META_WRITTEN, &mark)?;
        meta.delete(META_SNAPSHOT).build()?;
        meta.delete(META_SNAPSHOT_OF).build()?;
        meta.delete::<String, _>(every_cards_key()).build()?;
        *self.seen.borrow_mut() = Some(mark);
        Ok(())
    }

    /// Gives the data a mark if it has none (a device from before marks, or a
    /// damaged one): a snapshot is kept only of marked data.
    async fn mark_if_unmarked(&self) -> Result<(), StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readwrite)?;
        let meta = tx.object_store(META)?;
        if meta_mark(&meta, META_WRITTEN).await?.is_none() {
            self.mark_written(&meta)?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The mark of the data as this page last read or wrote it.
    pub fn seen(&self) -> Option<String> {
        self.seen.borrow().clone()
    }

    /// Whether another tab wrote the data since this page last read or wrote
    /// it: its guide then misses what that tab wrote (two tabs pulling at once
    /// each held part of the guide, and one kept its part as the snapshot).
    pub async fn written_elsewhere(&self) -> Result<bool, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        let written = meta_mark(&tx.object_store(META)?, META_WRITTEN).await?;
        Ok(written != *self.seen.borrow())
    }

    /// A write that marks the data itself, only if it changes it (a pull that
    /// brings nothing new keeps the snapshot).
    fn write_unmarked(&self) -> Result<Transaction<'_>, StoreError> {
        self.tx(&[COPIES, PAGES, PENDING, META], TransactionMode::Readwrite)
    }

    /// Brings the data to [`SCHEMA`] in one transaction. From schema 1 (version 1):
    /// records become server copies of an older generation (shown until the first
    /// pull is through), and each queued mutation becomes its record's outbox entry,
    /// on the base version it was made on; mutations that cannot be read stay where
    /// they were. A fresh database gets its client id here.
    async fn migrate(&self) -> Result<(), StoreError> {
        let mut names = vec![COPIES, PENDING, META, V1_OUTBOX];
        names.extend(V1_RECORDS);
        let tx = self.tx(&names, TransactionMode::Readwrite)?;
        let meta = tx.object_store(META)?;
        let schema: u32 = meta_get(&meta, META_SCHEMA).await?.unwrap_or(1);
        if schema >= SCHEMA {
            return Ok(());
        }
        let copies = tx.object_store(COPIES)?;
        let mut kept_records = false;
        for name in V1_RECORDS {
            let store = tx.object_store(name)?;
            let kind = match name {
                "offerings" => RecordKind::Offering,
                "organisations" => RecordKind::Organisation,
                _ => RecordKind::Professional,
            };
            let rows: Vec<Value> = store.get_all().serde()?.await?.collect::<Result<_, _>>()?;
            for data in rows {
                let id = data.get("id").and_then(Value::as_str).map(str::parse);
                let Some(Ok(id)) = id else { continue };
                let version = data.get("version").and_then(Value::as_u64).unwrap_or(0);
                let copy = ServerCopy {
                    version,
                    deleted: false,
                    data: Some(data),
                };
                copies
                    .put(CopyRow::new(RecordKey::new(kind, id), 0, &copy))
                    .serde()?;
                kept_records = true;
            }
            store.clear()?;
        }
        let old_outbox = tx.object_store(V1_OUTBOX)?;
        let queued: Vec<Value> = old_outbox
            .get_all()
            .serde()?
            .await?
            .collect::<Result<_, _>>()?;
        let mut entries: HashMap<RecordKey, Option<PendingRecord>> = HashMap::new();
        let mut order = 0;
        for value in queued {
            let Ok(mutation) = serde_json::from_value::<Mutation>(value) else {
                continue;
            };
            order += 1;
            let key = RecordKey::new(mutation.kind, mutation.id);
            let base = ServerCopy {
                version: mutation.base_version,
                deleted: false,
                data: None,
            };
            let edit = Edit {
                mutation_id: mutation.mutation_id,
                op: mutation.op,
                data: mutation.data,
            };
            queue_edit(
                entries.entry(key).or_default(),
                key,
                Base::new(Some(&base), None),
                edit,
                order,
            );
            old_outbox
                .delete(mutation.mutation_id.to_string())
                .build()?;
        }
        let pending = tx.object_store(PENDING)?;
        for entry in entries.values().flatten() {
            pending.put(PendingRow::new(entry)?).serde()?;
        }
        if meta_get::<String>(&meta, META_CLIENT).await?.is_none() {
            meta_put(&meta, META_CLIENT, &new_id().to_string())?;
        }
        // Whatever was held before is shown until a fresh pull is through. A new
        // device holds nothing: its first pull has no older copies to drop (looking
        // for them read every record again at the end of a first sync: 3-4 s for
        // 50,000).
        let pull = PullFrom {
            generation: 1,
            cursor: None,
        };
        meta_put(&meta, META_PULL, &pull)?;
        meta_put(&meta, META_RESTARTED, &kept_records)?;
        meta_put(&meta, META_EDITS, &order)?;
        meta_put(&meta, META_SCHEMA, &SCHEMA)?;
        tx.commit().await?;
        Ok(())
    }

    /// This device's id, sent with every push.
    pub async fn client_id(&self) -> Result<Uuid, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        let text: Option<String> = meta_get(&tx.object_store(META)?, META_CLIENT).await?;
        text.and_then(|t| t.parse().ok())
            .ok_or_else(|| StoreError("no client id".into()))
    }

    /// Every record's local view (one `getAll` per store: the fastest read).
    pub async fn load(&self) -> Result<Loaded, StoreError> {
        let tx = self.tx(&[COPIES, PAGES, PENDING, META], TransactionMode::Readonly)?;
        let written = meta_mark(&tx.object_store(META)?, META_WRITTEN).await?;
        self.seen.replace(written.clone());
        let mut pending: HashMap<RecordKey, PendingRecord> = HashMap::new();
        for row in get_all::<PendingRow>(&tx.object_store(PENDING)?).await? {
            let entry = row.entry()?;
            pending.insert(entry.key, entry);
        }
        let waiting = pending.len();
        // The newest copy of each record (`core::sync::layers`), read into a
        // record as its page is read: the pages' JSON text (81 MB at 50,000) is
        // never all held at once beside the records, in WASM memory that never
        // shrinks. A pending edit shows instead of its copy, which is not read.
        // The records in one list (becoming the list returned, in place) and
        // in the map only their place in it: a map of the records themselves
        // held about 13 MB more at 50,000.
        let rows: Vec<CopyRow> = get_all(&tx.object_store(COPIES)?).await?;
        let mut held: HashMap<RecordKey, (Stamp, usize)> = HashMap::new();
        let mut shown: Vec<Option<DeviceChange>> = Vec::new();
        let mut hold = |key: RecordKey, stamp: Stamp, row: CopyRow| {
            if held.get(&key).is_some_and(|(kept, _)| !stamp.beats(kept)) {
                return;
            }
            // A tombstone, or an edit pending: nothing to read.
            let record = (row.live_text().is_some() && !pending.contains_key(&key))
                .then(|| view(key, None, Some(&row)));
            if let Some((_, older)) = held.insert(key, (stamp, shown.len())) {
                shown[older] = None;
            }
            shown.push(record);
        };
        for page in page_by_page(&tx.object_store(PAGES)?).await? {
            for (key, stamp, row) in page?.copies()? {
                hold(key, stamp, row);
            }
        }
        for row in rows {
            hold(row.record_key(), row.stamp(), row);
        }
        drop(held);
        let mut changes: Vec<DeviceChange> = shown.into_iter().flatten().collect();
        for (key, entry) in pending {
            changes.push(view(key, Some(&entry), None));
        }
        Ok(Loaded {
            changes,
            waiting,
            written,
        })
    }

    /// The guide's snapshot (its index value, `core::guide_snapshot`) with the
    /// mark it was made at, if the data has not changed since.
    pub async fn snapshot(&self) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        let meta = tx.object_store(META)?;
        let (written, current) = snapshot_state(&meta).await?;
        let Some(written) = written.filter(|_| current) else {
            return Ok(None);
        };
        let bytes = meta
            .get::<JsValue, _, _>(META_SNAPSHOT)
            .primitive()?
            .await?;
        // Missing or not bytes while its mark is the data's (damage): no bytes,
        // refused as they are decoded, and a snapshot made again.
        Ok(Some((
            written,
            bytes.and_then(bytes_of).unwrap_or_default(),
        )))
    }

    /// Whether the snapshot made at `mark` is still the one of the store's data
    /// ([`snapshot_read_early`]).
    pub async fn is_current_snapshot(&self, mark: &str) -> Result<bool, StoreError> {
        let (written, current) = self.snapshot_state().await?;
        Ok(current && written.as_deref() == Some(mark))
    }

    /// The data's mark now (`None`: never written), and whether the guide's
    /// snapshot is of it.
    pub async fn snapshot_state(&self) -> Result<(Option<String>, bool), StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        snapshot_state(&tx.object_store(META)?).await
    }

    /// The card chunks `chunks` of the snapshot made at mark `of`, in that order;
    /// `None` when the snapshot kept is no longer that one.
    pub async fn snapshot_cards(
        &self,
        of: &str,
        chunks: &[usize],
    ) -> Result<Option<Vec<Vec<u8>>>, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        let meta = tx.object_store(META)?;
        let kept = meta_mark(&meta, META_SNAPSHOT_OF).await?;
        if kept.as_deref() != Some(of) {
            return Ok(None);
        }
        let mut read = Vec::with_capacity(chunks.len());
        for &n in chunks {
            let bytes = meta.get::<JsValue, _, _>(cards_key(n)).primitive()?.await?;
            match bytes.and_then(|bytes| bytes.dyn_into::<js_sys::Uint8Array>().ok()) {
                Some(bytes) => read.push(bytes.to_vec()),
                None => return Ok(None),
            }
        }
        Ok(Some(read))
    }

    /// Keeps `snapshot` as the guide's snapshot of the data at mark `of`, unless
    /// the data changed since that mark was read (the snapshot would then show
    /// what is no longer there): `false` then.
    pub async fn save_snapshot(
        &self,
        of: &str,
        snapshot: &guide_snapshot::Encoded,
    ) -> Result<bool, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readwrite)?;
        let meta = tx.object_store(META)?;
        let written = meta_mark(&meta, META_WRITTEN).await?;
        if written.as_deref() != Some(of) {
            return Ok(false);
        }
        meta.put(JsValue::from(js_sys::Uint8Array::from(
            snapshot.index.as_slice(),
        )))
        .with_key(META_SNAPSHOT.to_owned())
        .primitive()?;
        meta.delete::<String, _>(every_cards_key()).build()?;
        for (n, chunk) in snapshot.chunks.iter().enumerate() {
            meta.put(JsValue::from(js_sys::Uint8Array::from(chunk.as_slice())))
                .with_key(cards_key(n))
                .primitive()?;
        }
        meta_put(&meta, META_SNAPSHOT_OF, &of)?;
        tx.commit().await?;
        Ok(true)
    }

    /// Whether the device is filling an empty guide: its first pull (or its first
    /// since the guide was cleared) is not through, so what it shows is only part
    /// of the guide. A pull that started over keeps showing the older copies
    /// until it is through: that guide is whole, if not new.
    pub async fn arriving(&self) -> Result<bool, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        let meta = tx.object_store(META)?;
        let held: PullFrom = meta_get(&meta, META_PULL).await?.unwrap_or_default();
        let filling = meta_get::<u64>(&meta, META_FILLING).await?.is_some();
        let restarted = meta_get::<bool>(&meta, META_RESTARTED)
            .await?
            .unwrap_or(false);
        Ok((held.cursor.is_none() || filling) && !restarted)
    }

    /// Where the next pull asks from.
    pub async fn next_pull(&self) -> Result<PullFrom, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        Ok(meta_get(&tx.object_store(META)?, META_PULL)
            .await?
            .unwrap_or_default())
    }

    /// Applies a page asked for from `asked` whose cursor is `cursor`: its records
    /// and the new pull position in one transaction. A repeated, stale or gapped
    /// page changes nothing (`core::sync::replica::page_action`).
    ///
    /// The pages of a generation's first pull are stored whole, one value each,
    /// with nothing read per record: what came before them in this generation
    /// can only be copies from push answers, and the newest copy wins when the
    /// layers are read (`core::sync::layers`). Later pages go record by record.
    pub async fn apply_page(
        &self,
        asked: &PullFrom,
        cursor: &Cursor,
        page: &impl PulledPage,
    ) -> Result<PageApplied, StoreError> {
        let page = page.raw()?;
        let page = page.as_ref();
        let tx = self.write_unmarked()?;
        let (copies, pages, pending, meta) = synced_stores(&tx)?;
        // Whether a copy or page was written (the meta alone does not change
        // what the device shows).
        let mut wrote = false;
        let mut held: PullFrom = meta_get(&meta, META_PULL).await?.unwrap_or_default();
        let applied = page_action(&held, asked, cursor) == PageAction::Apply;
        let same_pull = asked.generation == held.generation;
        let mut changes = Vec::new();
        if applied && held.cursor.is_none() {
            // Copies from push answers of another history than this first page:
            // shown until this pull is through, then dropped (as after a 410).
            let answered: Option<String> = meta_get(&meta, META_ANSWERED_EPOCH).await?;
            meta.delete(META_ANSWERED_EPOCH).build()?;
            if answered_before_first_page(answered.as_deref(), cursor) {
                held.generation += 1;
                meta_put(&meta, META_RESTARTED, &true)?;
                meta_put(&meta, META_PREVIOUS_EPOCH, &answered)?;
            }
            meta_put(&meta, META_FILLING, &held.generation)?;
        }
        let filling =
            applied && meta_get::<u64>(&meta, META_FILLING).await? == Some(held.generation);
        if filling {
            // The outbox is small: its keys in one read. Their records keep
            // showing the edit.
            let waiting: std::collections::HashSet<String> = pending
                .get_all_keys::<String>()
                .primitive()?
                .await?
                .collect::<Result<_, _>>()?;
            let row = PageRow {
                key: page_key(held.generation, cursor.seq),
                generation: held.generation,
                seq: cursor.seq,
                count: u32::try_from(page.changes.len()).unwrap_or(u32::MAX),
                changes: serde_json::to_string(&page.changes)?,
            };
            if row.count > 0 {
                pages.put(row.to_js()).primitive()?;
                wrote = true;
            }
            for change in &page.changes {
                let key = RecordKey::new(change.kind, change.id);
                if !waiting.contains(&store_key(key)) {
                    changes.push(view_of_change(key, change));
                }
            }
            held.cursor = Some(cursor.clone());
            meta_put(&meta, META_PULL, &held)?;
        } else if applied {
            // The outbox is small: its keys in one read. The copies' reads are all
            // issued first; IndexedDB answers them in order.
            let waiting: std::collections::HashSet<String> = pending
                .get_all_keys::<String>()
                .primitive()?
                .await?
                .collect::<Result<_, _>>()?;
            let mut reads = Vec::with_capacity(page.changes.len());
            for change in &page.changes {
                let key = store_key(RecordKey::new(change.kind, change.id));
                reads.push((copies.get::<CopyRow, _, _>(key.as_str()).serde()?, key));
            }
            for (change, (copy, id)) in page.changes.iter().zip(reads) {
                let key = RecordKey::new(change.kind, change.id);
                // Only the version decides (`on_change`): the data is not read.
                let held_copy = copy
                    .await?
                    .filter(|row| row.generation == held.generation)
                    .map(|row| ServerCopy {
                        version: row.version,
                        deleted: row.deleted,
                        data: None,
                    });
                let edit_pending = waiting.contains(&id);
                let action = on_change(held_copy.as_ref(), edit_pending, change);
                if action == Incoming::Ignore {
                    continue;
                }
                let row = CopyRow::from_raw(change.clone(), held.generation);
                if action == Incoming::Store {
                    changes.push(view(key, None, Some(&row)));
                }
                copies.put(row).serde()?;
                wrote = true;
            }
            held.cursor = Some(cursor.clone());
            meta_put(&meta, META_PULL, &held)?;
        }
        let through = same_pull && !page.has_more && held.cursor.as_ref() == Some(cursor);
        if through {
            meta.delete(META_FILLING).build()?;
        }
        if through && meta_get(&meta, META_RESTARTED).await?.unwrap_or(false) {
            changes
                .extend(drop_older_generations(&copies, &pages, &pending, held.generation).await?);
            meta_put(&meta, META_RESTARTED, &false)?;
            wrote = true;
        }
        if wrote {
            self.mark_written(&meta)?;
        }
        tx.commit().await?;
        Ok(PageApplied {
            applied,
            through,
            changes,
        })
    }

    /// The server cannot serve from the held cursor (410): pull again from the
    /// start. The outbox stays; the copies held are shown until that pull is through.
    pub async fn restart_pull(&self) -> Result<(), StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readwrite)?;
        start_over(&tx.object_store(META)?, true).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every outbox entry, oldest first.
    pub async fn outbox(&self) -> Result<Vec<PendingRecord>, StoreError> {
        let tx = self.tx(&[PENDING], TransactionMode::Readonly)?;
        let rows: Vec<PendingRow> = get_all(&tx.object_store(PENDING)?).await?;
        let mut entries = rows
            .iter()
            .map(PendingRow::entry)
            .collect::<Result<Vec<_>, _>>()?;
        entries.sort_by_key(|p| p.order);
        Ok(entries)
    }

    /// The next push: every entry ready to send, oldest first, at most `limit`.
    pub async fn push_batch(&self, limit: usize) -> Result<Vec<Mutation>, StoreError> {
        let entries = self.outbox().await?;
        Ok(entries
            .iter()
            .filter_map(PendingRecord::mutation)
            .take(limit)
            .collect())
    }

    /// Applies one push response in one transaction; answers no entry waits for
    /// change nothing. Returns what each answer did and the changes to the view.
    pub async fn apply_answers(
        &self,
        results: &[MutationResult],
        epoch: Option<&str>,
    ) -> Result<(Vec<Answered>, Vec<DeviceChange>), StoreError> {
        let tx = self.write()?;
        let (copies, pages, pending, meta) = synced_stores(&tx)?;
        let pull = meta_get::<PullFrom>(&meta, META_PULL)
            .await?
            .unwrap_or_default();
        let previous_epoch: Option<String> = meta_get(&meta, META_PREVIOUS_EPOCH).await?;
        let current = answer_is_current(epoch, pull.cursor.as_ref(), previous_epoch.as_deref());
        let mut generation = pull.generation;
        if let Some(epoch) = epoch.filter(|_| current && pull.cursor.is_none()) {
            // Answers of a newer history than earlier answers: the copies those gave
            // are shown only until a pull is through (as after a 410).
            let answered: Option<String> = meta_get(&meta, META_ANSWERED_EPOCH).await?;
            if let Some(older) = answered.filter(|a| a != epoch) {
                generation += 1;
                let fresh = PullFrom {
                    generation,
                    cursor: None,
                };
                meta_put(&meta, META_PULL, &fresh)?;
                meta_put(&meta, META_RESTARTED, &true)?;
                meta_put(&meta, META_PREVIOUS_EPOCH, &older)?;
            }
            meta_put(&meta, META_ANSWERED_EPOCH, &epoch)?;
        }
        let mut heads: HashMap<Uuid, PendingRecord> = HashMap::new();
        for row in get_all::<PendingRow>(&pending).await? {
            let entry = row.entry()?;
            heads.insert(entry.head.mutation_id, entry);
        }
        let answered: Vec<RecordKey> = results
            .iter()
            .filter_map(|r| heads.get(&r.mutation_id).map(|e| e.key))
            .collect();
        let mut held_rows = held_copies(&copies, &pages, &answered).await?;
        let mut answers = Vec::with_capacity(results.len());
        let mut changes = Vec::new();
        for result in results {
            let Some(entry) = heads.remove(&result.mutation_id) else {
                answers.push(Answered::Ignored);
                continue;
            };
            let key = entry.key;
            let row: Option<CopyRow> = held_rows.remove(&key);
            let mut held = row
                .as_ref()
                .filter(|r| r.generation == generation)
                .map(CopyRow::copy)
                .transpose()?;
            let before = held.clone();
            let mut entry = Some(entry);
            answers.push(answer(&mut entry, &mut held, result, epoch, current));
            // What residents saw comes with a conflict's copy; after an applied
            // edit it is kept until a pull says otherwise (the server keeps it
            // alike: `core::review::LastPublished`).
            let last_published = match &result.outcome {
                Outcome::Conflict { current } => {
                    current.last_published.as_ref().map(Value::to_string)
                }
                _ => row.as_ref().and_then(|r| r.last_published.clone()),
            };
            let row = match held {
                Some(copy) if Some(&copy) != before.as_ref() => {
                    let row = CopyRow {
                        last_published,
                        ..CopyRow::new(key, generation, &copy)
                    };
                    copies.put(row.clone()).serde()?;
                    Some(row)
                }
                _ => row,
            };
            put_pending(&pending, key, entry.as_ref())?;
            changes.push(view(key, entry.as_ref(), row.as_ref()));
        }
        tx.commit().await?;
        Ok((answers, changes))
    }

    /// Queues a local edit of `key` together with its outbox entry, in one
    /// transaction. `None` for a delete of something the local view does not show.
    pub async fn edit(
        &self,
        key: RecordKey,
        op: Op,
        data: Option<Value>,
    ) -> Result<Option<(Uuid, DeviceChange)>, StoreError> {
        let tx = self.write()?;
        let (copies, pages, pending, meta) = synced_stores(&tx)?;
        let (row, mut entry) = read_record(&copies, &pages, &pending, key).await?;
        if op == Op::Delete
            && matches!(
                view(key, entry.as_ref(), row.as_ref()),
                DeviceChange::Remove(..)
            )
        {
            return Ok(None);
        }
        let order = meta_get::<u64>(&meta, META_EDITS).await?.unwrap_or(0) + 1;
        let server = row.as_ref().map(CopyRow::copy).transpose()?;
        let epoch = copy_epoch(&meta, row.as_ref()).await?;
        let edit = Edit {
            mutation_id: new_id(),
            op,
            data,
        };
        let base = Base::new(server.as_ref(), epoch.as_deref());
        let id = queue_edit(&mut entry, key, base, edit, order);
        put_pending(&pending, key, entry.as_ref())?;
        meta_put(&meta, META_EDITS, &order)?;
        let change = view(key, entry.as_ref(), row.as_ref());
        tx.commit().await?;
        Ok(Some((id, change)))
    }

    /// Saves a form's record `mine` of `key`, which the form opened as `opened`
    /// (`None`: a new record), with its outbox entry in one transaction. What a pull
    /// brought while the form was open is merged in, or, where both changed the
    /// same field, the edit waits for its author's decision (`core::sync::replica::
    /// form_save`).
    pub async fn save_form(
        &self,
        key: RecordKey,
        opened: Option<&Value>,
        mine: Value,
    ) -> Result<(Uuid, FormSave, DeviceChange), StoreError> {
        let tx = self.write()?;
        let (copies, pages, pending, meta) = synced_stores(&tx)?;
        let (row, mut entry) = read_record(&copies, &pages, &pending, key).await?;
        let order = meta_get::<u64>(&meta, META_EDITS).await?.unwrap_or(0) + 1;
        let server = row.as_ref().map(CopyRow::copy).transpose()?;
        let epoch = copy_epoch(&meta, row.as_ref()).await?;
        let base = Base::new(server.as_ref(), epoch.as_deref());
        // With an edit of this device pending, the view is that edit: no pull
        // changed it while the form was open.
        let outcome = match &entry {
            Some(_) => FormSave::Queue {
                data: mine.clone(),
                merged_in: Vec::new(),
            },
            None => {
                // Read as the app reads it, so that a field the server spells out
                // and the form leaves out does not count as a change.
                let now = server
                    .as_ref()
                    .and_then(ServerCopy::live)
                    .map(|data| canonical(key.kind, data));
                form_save(opened, mine.clone(), now.as_ref())
            }
        };
        let mutation_id = new_id();
        let edit = |data| Edit {
            mutation_id,
            op: Op::Upsert,
            data: Some(data),
        };
        let id = match &outcome {
            FormSave::Queue { data, .. } => {
                queue_edit(&mut entry, key, base, edit(data.clone()), order)
            }
            FormSave::Decide => {
                let opened = opened.cloned().unwrap_or(Value::Null);
                queue_for_decision(&mut entry, key, base, opened, edit(mine), order)
            }
        };
        put_pending(&pending, key, entry.as_ref())?;
        meta_put(&meta, META_EDITS, &order)?;
        let change = view(key, entry.as_ref(), row.as_ref());
        tx.commit().await?;
        Ok((id, outcome, change))
    }

    /// Signed in or out (`account`: who now): every server copy becomes what anyone
    /// may see of it (the public projection; the rest is dropped at once), shown
    /// until the new role's pull is through, so the public guide stays on the device
    /// (offline too) while nothing only the old role could see does. The outbox is
    /// its author's: it is parked for the account leaving (or thrown away if
    /// `discard_outbox`, the person's explicit choice), and the parked edits of the
    /// account coming are brought back. Returns the changes to the view.
    pub async fn switch_account(
        &self,
        account: Option<Uuid>,
        discard_outbox: bool,
    ) -> Result<Vec<DeviceChange>, StoreError> {
        let tx = self.write()?;
        let (copies, pages, pending, meta) = synced_stores(&tx)?;
        let leaving = meta_get::<Owner>(&meta, META_ACCOUNT).await?;
        let mut parked = read_parked(&meta).await?;
        // Every copy in either layer becomes what anyone may see of it, or a
        // tombstone of its version (so an older copy in another layer cannot
        // show again).
        let mut rewritten = Vec::new();
        for row in get_all::<CopyRow>(&copies).await? {
            let row = public_copy(&row);
            copies.put(row.clone()).serde()?;
            rewritten.push((row.record_key(), row.stamp(), row));
        }
        for page in page_by_page(&pages).await? {
            let page = page?;
            let rows: Vec<(RecordKey, Stamp, CopyRow)> = page
                .copies()?
                .map(|(key, stamp, row)| (key, stamp, public_copy(&row)))
                .collect();
            let changes: Vec<Change<&RawValue>> = rows
                .iter()
                .map(|(key, _, row)| {
                    let data = row.live_text().map(serde_json::from_str).transpose()?;
                    Ok(Change {
                        kind: key.kind,
                        id: key.id,
                        version: row.version,
                        seq: 0,
                        deleted: row.deleted,
                        data,
                        last_published: None,
                    })
                })
                .collect::<Result<_, StoreError>>()?;
            let page = PageRow {
                changes: serde_json::to_string(&changes)?,
                ..page
            };
            pages.put(page.to_js()).primitive()?;
            rewritten.extend(rows);
        }
        // Every record touched, with what the device holds of it afterwards.
        let kept: HashMap<RecordKey, Option<CopyRow>> = newest(rewritten)
            .into_iter()
            .map(|(key, (_, row))| (key, Some(row)))
            .collect();
        let unsent: Vec<PendingRecord> = get_all::<PendingRow>(&pending)
            .await?
            .iter()
            .map(PendingRow::entry)
            .collect::<Result<_, _>>()?;
        let mut outbox: HashMap<RecordKey, PendingRecord> = HashMap::new();
        let touched: Vec<RecordKey> = unsent.iter().map(|p| p.key).collect();
        let leaving = leaving.and_then(|o| o.account);
        if discard_outbox {
            pending.clear()?;
        } else if leaving.is_some() && leaving != account {
            if let Some(leaving) = leaving.filter(|_| !unsent.is_empty()) {
                parked.entry(leaving).or_default().extend(unsent);
            }
            pending.clear()?;
        } else {
            // The same account, or edits nobody can be named for (queued before
            // owners were kept): they stay, and the server checks each push.
            outbox.extend(unsent.into_iter().map(|p| (p.key, p)));
        }
        if leaving != account {
            for entry in account.and_then(|a| parked.remove(&a)).unwrap_or_default() {
                pending.put(PendingRow::new(&entry)?).serde()?;
                outbox.insert(entry.key, entry);
            }
        }
        meta_put(&meta, META_ACCOUNT, &Owner { account })?;
        // The copies left are public; from now on they are pulled for `account`.
        meta_put(&meta, META_PULLED_FOR, &PulledFor { account })?;
        meta_put(&meta, META_PARKED, &serde_json::to_string(&parked)?)?;
        start_over(&meta, true).await?;
        tx.commit().await?;
        let keys: std::collections::BTreeSet<RecordKey> = kept
            .keys()
            .chain(outbox.keys())
            .chain(&touched)
            .copied()
            .collect();
        Ok(keys
            .into_iter()
            .map(|key| {
                view(
                    key,
                    outbox.get(&key),
                    kept.get(&key).and_then(Option::as_ref),
                )
            })
            .collect())
    }

    /// A device from before outbox entries had an owner: its outbox is the
    /// signed-in account's (or nobody's), as it was when it was queued.
    pub async fn adopt_owner(&self, account: Option<Uuid>) -> Result<(), StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readwrite)?;
        let meta = tx.object_store(META)?;
        if meta_get::<Owner>(&meta, META_ACCOUNT).await?.is_none() {
            meta_put(&meta, META_ACCOUNT, &Owner { account })?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whom the device's copies were pulled for and whose edits the outbox holds,
    /// for `core::sync::holder::must_change_account` at start.
    pub async fn holds(&self) -> Result<Holds, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        let meta = tx.object_store(META)?;
        let pulled_for = meta_get::<PulledFor>(&meta, META_PULLED_FOR).await?;
        let owner = meta_get::<Owner>(&meta, META_ACCOUNT).await?;
        Ok(Holds {
            pulled_for,
            outbox_owner: owner.and_then(|o| o.account),
        })
    }

    /// The account whose edits the outbox holds (`None`: nobody, or not recorded).
    pub async fn owner(&self) -> Result<Option<Uuid>, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        let owner = meta_get::<Owner>(&tx.object_store(META)?, META_ACCOUNT).await?;
        Ok(owner.and_then(|o| o.account))
    }

    /// How many unsent edits `account` left on this device when it signed out.
    pub async fn parked(&self, account: Uuid) -> Result<usize, StoreError> {
        let tx = self.tx(&[META], TransactionMode::Readonly)?;
        let parked = read_parked(&tx.object_store(META)?).await?;
        Ok(parked.get(&account).map_or(0, Vec::len))
    }

    /// The author's choice for an entry that needs attention, against the server's
    /// current copy. Returns the mutation sent again, if any, and the view change.
    pub async fn resolve(
        &self,
        key: RecordKey,
        resolution: Resolution,
    ) -> Result<(Option<Uuid>, DeviceChange), StoreError> {
        let tx = self.write()?;
        let (copies, pages, pending, meta) = synced_stores(&tx)?;
        let (row, mut entry) = read_record(&copies, &pages, &pending, key).await?;
        let server = row.as_ref().map(CopyRow::copy).transpose()?;
        let epoch = copy_epoch(&meta, row.as_ref()).await?;
        let base = Base::new(server.as_ref(), epoch.as_deref());
        let id = resolve(&mut entry, base, resolution, new_id());
        put_pending(&pending, key, entry.as_ref())?;
        let change = view(key, entry.as_ref(), row.as_ref());
        tx.commit().await?;
        Ok((id, change))
    }

    /// The server's copy of `key` as held (of any generation).
    pub async fn server_copy(&self, key: RecordKey) -> Result<Option<ServerCopy>, StoreError> {
        let row = self.copy_row(key).await?;
        row.as_ref().map(CopyRow::copy).transpose()
    }

    /// For a coordinator, the last version of the offering `key` residents saw, as
    /// the server sent it with the version waiting for review (`None`: it sent none).
    pub async fn last_published(&self, key: RecordKey) -> Result<Option<Value>, StoreError> {
        let text = self.copy_row(key).await?.and_then(|r| r.last_published);
        Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
    }

    async fn copy_row(&self, key: RecordKey) -> Result<Option<CopyRow>, StoreError> {
        let tx = self.tx(&[COPIES, PAGES], TransactionMode::Readonly)?;
        let (copies, pages) = (tx.object_store(COPIES)?, tx.object_store(PAGES)?);
        Ok(held_copies(&copies, &pages, &[key]).await?.remove(&key))
    }

    /// Settings, "clear local data": drops every server copy and starts the pull
    /// over. The outbox (the author's unsent work) goes only if `drop_outbox` (the
    /// user confirmed). Returns the changes to the view.
    pub async fn clear(&self, drop_outbox: bool) -> Result<Vec<DeviceChange>, StoreError> {
        let tx = self.write()?;
        let (copies, pages, pending, meta) = synced_stores(&tx)?;
        let held = all_held(&copies, &pages).await?;
        let entries: Vec<PendingRow> = get_all(&pending).await?;
        let kept: HashMap<String, PendingRecord> = if drop_outbox {
            HashMap::new()
        } else {
            entries
                .iter()
                .map(|row| Ok((row.key.clone(), row.entry()?)))
                .collect::<Result<_, StoreError>>()?
        };
        let mut changes: Vec<DeviceChange> = held
            .values()
            .filter(|row| !kept.contains_key(&row.key))
            .map(|row| DeviceChange::Remove(row.kind, row.id))
            .collect();
        if drop_outbox {
            for row in &entries {
                let entry = row.entry()?;
                changes.push(DeviceChange::Remove(entry.key.kind, entry.key.id));
            }
            pending.clear()?;
        }
        copies.clear()?;
        pages.clear()?;
        meta.delete(META_FILLING).build()?;
        start_over(&meta, false).await?;
        tx.commit().await?;
        Ok(changes)
    }

    /// Counts for the Settings screen, with the browser's estimate of the space used.
    pub async fn usage(&self) -> Result<Usage, StoreError> {
        let records = {
            let tx = self.tx(&[COPIES, PAGES], TransactionMode::Readonly)?;
            let held = all_held(&tx.object_store(COPIES)?, &tx.object_store(PAGES)?).await?;
            u32::try_from(held.len()).unwrap_or(u32::MAX)
        };
        let outbox = self.outbox().await?;
        let (bytes, quota) = storage_estimate().await;
        Ok(Usage {
            records,
            waiting: outbox.len(),
            needs_attention: outbox.iter().filter(|p| p.attention.is_some()).count(),
            bytes,
            quota,
        })
    }

    /// How many offerings the local view shows (without reading the records).
    pub async fn offering_count(&self) -> Result<u32, StoreError> {
        let tx = self.tx(&[COPIES, PAGES, PENDING], TransactionMode::Readonly)?;
        let copies = all_held(&tx.object_store(COPIES)?, &tx.object_store(PAGES)?).await?;
        let pending: HashMap<String, PendingRecord> =
            get_all::<PendingRow>(&tx.object_store(PENDING)?)
                .await?
                .iter()
                .map(|row| Ok((row.key.clone(), row.entry()?)))
                .collect::<Result<_, StoreError>>()?;
        let offering = |key: &RecordKey| key.kind == RecordKind::Offering;
        let shown = copies
            .values()
            .filter(|row| offering(&row.record_key()) && !pending.contains_key(&row.key))
            .filter(|row| row.live_text().is_some())
            .count()
            + pending
                .values()
                .filter(|p| offering(&p.key) && p.local().is_some())
                .count();
        Ok(shown as u32)
    }

    /// Closes this connection; others stay open.
    pub fn close(self) {
        self.db.close();
    }

    /// Closes the connection and deletes the database (tests, "forget this device").
    /// Waits until every other connection to it is closed.
    pub async fn delete(self) -> Result<(), StoreError> {
        self.db.delete()?.await?;
        Ok(())
    }
}

/// Pulls from the start in a new generation. `keep_showing`: the copies held stay
/// in view until that pull is through (then dropped); otherwise none are held.
async fn start_over(meta: &ObjectStore<'_>, keep_showing: bool) -> Result<(), StoreError> {
    let held: PullFrom = meta_get(meta, META_PULL).await?.unwrap_or_default();
    // The copies kept in view came from the held cursor's history (or, restarted
    // again before a page came, from the one noted then).
    match (&held.cursor, keep_showing) {
        (Some(cursor), true) => meta_put(meta, META_PREVIOUS_EPOCH, &cursor.epoch)?,
        (_, true) => {}
        (_, false) => {
            meta.delete(META_PREVIOUS_EPOCH).build()?;
        }
    }
    let fresh = PullFrom {
        generation: held.generation + 1,
        cursor: None,
    };
    meta_put(meta, META_PULL, &fresh)?;
    meta.delete(META_ANSWERED_EPOCH).build()?;
    meta_put(meta, META_RESTARTED, &keep_showing)
}

/// A pull that started over is through: drops the copies of older generations.
/// Records with a pending edit keep showing it; the rest leave the view.
async fn drop_older_generations(
    copies: &ObjectStore<'_>,
    pages: &ObjectStore<'_>,
    pending: &ObjectStore<'_>,
    generation: u64,
) -> Result<Vec<DeviceChange>, StoreError> {
    let rows: Vec<CopyRow> = get_all(copies).await?;
    let stored = page_by_page(pages).await?;
    // Records this pull brought keep the copy it brought (already in view).
    let mut current = std::collections::HashSet::new();
    let mut older = std::collections::BTreeSet::new();
    for row in rows {
        if row.generation == generation {
            current.insert(row.record_key());
        } else {
            copies.delete(row.key.as_str()).build()?;
            older.insert(row.record_key());
        }
    }
    for page in stored {
        let page = page?;
        let keys = page
            .changes()?
            .into_iter()
            .map(|c| RecordKey::new(c.kind, c.id));
        if page.generation == generation {
            current.extend(keys);
        } else {
            pages.delete(page.key.as_str()).build()?;
            older.extend(keys);
        }
    }
    let mut changes = Vec::new();
    for key in older.into_iter().filter(|key| !current.contains(key)) {
        let entry: Option<PendingRow> = pending.get(store_key(key)).serde()?.await?;
        let entry = entry.map(|e| e.entry()).transpose()?;
        changes.push(view(key, entry.as_ref(), None));
    }
    Ok(changes)
}

/// What anyone may see of the copy `row` (`Record::for_anyone`): the public
/// projection, or else a tombstone of its version.
fn public_copy(row: &CopyRow) -> CopyRow {
    let key = row.record_key();
    let public = row
        .live_text()
        .and_then(|text| Record::from_stored(key.kind, text).ok())
        .and_then(|record| record.for_anyone());
    let copy = ServerCopy {
        version: row.version,
        deleted: public.is_none(),
        data: public.map(|record| record.to_json()),
    };
    CopyRow::new(key, row.generation, &copy)
}

/// `data` as the app writes a record of `kind` (unchanged if it cannot be read).
fn canonical(kind: RecordKind, data: &Value) -> Value {
    Record::from_stored(kind, &data.to_string())
        .map(|record| record.to_json())
        .unwrap_or_else(|_| data.clone())
}

/// The history (epoch) the copy `row` came from: the held cursor's for a copy of
/// this pull, the one noted at the restart for a copy from before it.
async fn copy_epoch(
    meta: &ObjectStore<'_>,
    row: Option<&CopyRow>,
) -> Result<Option<String>, StoreError> {
    let Some(row) = row else {
        return Ok(None);
    };
    let held: PullFrom = meta_get(meta, META_PULL).await?.unwrap_or_default();
    if row.generation == held.generation {
        Ok(held.cursor.map(|c| c.epoch))
    } else {
        meta_get(meta, META_PREVIOUS_EPOCH).await
    }
}

async fn read_parked(meta: &ObjectStore<'_>) -> Result<Parked, StoreError> {
    let text: Option<String> = meta_get(meta, META_PARKED).await?;
    Ok(text
        .map(|t| serde_json::from_str(&t))
        .transpose()?
        .unwrap_or_default())
}

/// The stores a write transaction ([`Store::write`]) covers: copies, pages,
/// pending, meta.
type Synced<'a> = (
    ObjectStore<'a>,
    ObjectStore<'a>,
    ObjectStore<'a>,
    ObjectStore<'a>,
);

fn synced_stores<'a>(tx: &'a Transaction<'_>) -> Result<Synced<'a>, StoreError> {
    Ok((
        tx.object_store(COPIES)?,
        tx.object_store(PAGES)?,
        tx.object_store(PENDING)?,
        tx.object_store(META)?,
    ))
}

async fn read_record(
    copies: &ObjectStore<'_>,
    pages: &ObjectStore<'_>,
    pending: &ObjectStore<'_>,
    key: RecordKey,
) -> Result<(Option<CopyRow>, Option<PendingRecord>), StoreError> {
    let row = held_copies(copies, pages, &[key]).await?.remove(&key);
    let entry: Option<PendingRow> = pending.get(store_key(key)).serde()?.await?;
    Ok((row, entry.map(|e| e.entry()).transpose()?))
}

/// The server's copies held of `keys` (of any generation): for each its row or
/// the newest copy in a page, whichever is newer (`core::sync::layers`). The
/// pages are read once, and parsed only where they name one of the records.
async fn held_copies(
    copies: &ObjectStore<'_>,
    pages: &ObjectStore<'_>,
    keys: &[RecordKey],
) -> Result<HashMap<RecordKey, CopyRow>, StoreError> {
    let mut rows = Vec::with_capacity(keys.len());
    for key in keys {
        let row: Option<CopyRow> = copies.get(store_key(*key)).serde()?.await?;
        rows.push(row);
    }
    // Each key's copies in pages, in page order.
    let mut found: Vec<Vec<(Stamp, CopyRow)>> = vec![Vec::new(); keys.len()];
    if !keys.is_empty() {
        for page in page_by_page(pages).await? {
            let page = page?;
            for (key, found) in keys.iter().zip(&mut found) {
                found.extend(page.find(*key)?);
            }
        }
    }
    let mut held = HashMap::new();
    for ((key, row), found) in keys.iter().zip(rows).zip(found) {
        if let Some((_, row)) = pick(row.map(|r| (r.stamp(), r)), found) {
            held.insert(*key, row);
        }
    }
    Ok(held)
}

/// Every server copy held, the newest of each record's row and page copies.
async fn all_held(
    copies: &ObjectStore<'_>,
    pages: &ObjectStore<'_>,
) -> Result<HashMap<RecordKey, CopyRow>, StoreError> {
    let rows: Vec<CopyRow> = get_all(copies).await?;
    let mut all = Vec::new();
    for page in page_by_page(pages).await? {
        all.extend(page?.copies()?);
    }
    all.extend(
        rows.into_iter()
            .map(|row| (row.record_key(), row.stamp(), row)),
    );
    Ok(newest(all)
        .into_iter()
        .map(|(key, (_, row))| (key, row))
        .collect())
}

fn put_pending(
    pending: &ObjectStore<'_>,
    key: RecordKey,
    entry: Option<&PendingRecord>,
) -> Result<(), StoreError> {
    match entry {
        Some(entry) => {
            pending.put(PendingRow::new(entry)?).serde()?;
        }
        None => {
            pending.delete(store_key(key)).build()?;
        }
    }
    Ok(())
}

/// Every stored page, in pull order, each read into WASM memory only when it is
/// reached: a reader that drops one before the next holds one page's text at a
/// time (81 MB for all at 50,000, and WASM memory never shrinks).
async fn page_by_page(
    pages: &ObjectStore<'_>,
) -> Result<impl Iterator<Item = Result<PageRow, StoreError>>, StoreError> {
    let rows = pages.get_all::<JsValue>().primitive()?.await?;
    Ok(rows.map(|row| PageRow::from_js(&row?)))
}

async fn get_all<T: DeserializeOwned>(store: &ObjectStore<'_>) -> Result<Vec<T>, StoreError> {
    Ok(store
        .get_all()
        .serde()?
        .await?
        .collect::<Result<Vec<T>, _>>()?)
}

async fn meta_get<T: DeserializeOwned>(
    meta: &ObjectStore<'_>,
    key: &str,
) -> Result<Option<T>, StoreError> {
    Ok(meta.get(key).serde()?.await?)
}

async fn snapshot_state(meta: &ObjectStore<'_>) -> Result<(Option<String>, bool), StoreError> {
    let written = meta_mark(meta, META_WRITTEN).await?;
    let of = meta_mark(meta, META_SNAPSHOT_OF).await?;
    let current = written.is_some() && written == of;
    Ok((written, current))
}

/// A mark kept under `key` in `meta`: anything but a string (damage) is none,
/// and the next write gives the data a new one ([`Store::open_named`]).
async fn meta_mark(meta: &ObjectStore<'_>, key: &str) -> Result<Option<String>, StoreError> {
    let value = meta.get::<JsValue, _, _>(key).primitive()?.await?;
    Ok(value.and_then(|value| value.as_string()))
}

fn meta_put<T: Serialize>(meta: &ObjectStore<'_>, key: &str, value: &T) -> Result<(), StoreError> {
    meta.put(value).with_key(key.to_owned()).serde()?;
    Ok(())
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "export function take_kept_snapshot() {
    const read = window.wijkgidsKeptSnapshot;
    delete window.wijkgidsKeptSnapshot;
    return read || Promise.resolve(null);
}")]
extern "C" {
    fn take_kept_snapshot() -> js_sys::Promise;
}

/// The guide's snapshot `index.html` read from the store while the guide's WASM
/// loaded (a reopen: opening the store and reading its 20 MB at 50,000
/// offerings no longer wait for the WASM to start), with the mark of the data
/// it was made of; taken once. Whether it is still the data's is for the store
/// to say, once opened ([`Store::is_current_snapshot`]).
pub async fn snapshot_read_early() -> Option<(String, Vec<u8>)> {
    let read = wasm_bindgen_futures::JsFuture::from(take_kept_snapshot())
        .await
        .ok()?
        .dyn_into::<js_sys::Array>()
        .ok()?;
    let mark = read.get(0).as_string()?;
    Some((mark, bytes_of(read.get(1))?))
}

/// The bytes of a stored snapshot's value, if it is bytes.
fn bytes_of(value: JsValue) -> Option<Vec<u8>> {
    Some(value.dyn_into::<js_sys::Uint8Array>().ok()?.to_vec())
}

/// A random (version 4) id from the browser's generator.
pub fn new_id() -> Uuid {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.random_uuid().parse().ok())
        .unwrap_or_else(|| {
            let bytes: [u8; 16] = std::array::from_fn(|_| (js_sys::Math::random() * 256.0) as u8);
            uuid::Builder::from_random_bytes(bytes).into_uuid()
        })
}

async fn storage_estimate() -> (Option<f64>, Option<f64>) {
    let Some(window) = web_sys::window() else {
        return (None, None);
    };
    let Ok(promise) = window.navigator().storage().estimate() else {
        return (None, None);
    };
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(value) => {
            let estimate: web_sys::StorageEstimate = wasm_bindgen::JsCast::unchecked_into(value);
            (estimate.get_usage(), estimate.get_quota())
        }
        Err(_) => (None, None),
    }
}
