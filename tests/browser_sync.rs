//! The sync engine against a fake server, over a real IndexedDB store
//! (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use leptos::prelude::Owner;
use uuid::Uuid;
use wasm_bindgen_test::*;
use wijkgids::api::{ApiError, Transport};
use wijkgids::guide::{DeviceChange, Guide, SyncStatus};
use wijkgids::store::{RawPage, Store};
use wijkgids::sync::{Engine, SyncError, read_cards};
use wijkgids_core::sync::Cursor;
use wijkgids_core::sync::replica::{Attention, RecordKey, Resolution};
use wijkgids_core::vocab::RecordKind;
use wijkgids_core::wire::{
    Change, ChangesPage, MutationResult, Op, Outcome, PushRequest, PushResponse,
};

wasm_bindgen_test_configure!(run_in_browser);

mod browser_support;
use browser_support::offering;

/// A server in memory with the real one's pull and push rules, and switches to
/// make it fail.
#[derive(Default)]
struct Server {
    epoch: String,
    seq: u64,
    records: BTreeMap<Uuid, Change>,
    answered: HashMap<Uuid, Outcome>,
    down: bool,
    /// The pull request (counted from 1) that fails with a 503.
    fail_pull: Option<usize>,
    pulls: usize,
    pushed: Vec<Uuid>,
    /// The status line as each pull request found it.
    seen: Vec<SyncStatus>,
    guide: Option<Guide>,
}

impl Server {
    fn new(offerings: usize) -> Server {
        let mut server = Server {
            epoch: "a".into(),
            ..Server::default()
        };
        for n in 0..offerings {
            server.write(id(n as u128 + 1), Some(&format!("Aanbod {n}")));
        }
        server
    }

    /// Someone's change on the server: a new version and seq.
    fn write(&mut self, id: Uuid, title: Option<&str>) -> Change {
        self.seq += 1;
        let version = self.records.get(&id).map_or(0, |c| c.version) + 1;
        let change = Change {
            kind: RecordKind::Offering,
            id,
            version,
            seq: self.seq,
            deleted: title.is_none(),
            data: title.map(|t| offering(id, t, version)),
            last_published: None,
        };
        self.records.insert(id, change.clone());
        change
    }

    fn title(&self, id: Uuid) -> Option<&str> {
        self.records.get(&id)?.data.as_ref()?["title"].as_str()
    }

    fn pull(&mut self, cursor: Option<String>, limit: usize) -> Result<ChangesPage, ApiError> {
        self.pulls += 1;
        self.seen.extend(self.guide.map(|g| g.status()));
        if self.down {
            return Err(ApiError::Offline);
        }
        if self.fail_pull == Some(self.pulls) {
            return Err(ApiError::Status {
                status: 503,
                answer: None,
            });
        }
        let after = match cursor {
            None => 0,
            Some(text) => {
                let cursor: Cursor = text.parse().expect("a cursor we wrote");
                if cursor.epoch != self.epoch {
                    return Err(ApiError::Status {
                        status: 410,
                        answer: None,
                    });
                }
                cursor.seq
            }
        };
        let mut changes: Vec<Change> = self
            .records
            .values()
            .filter(|c| c.seq > after)
            .cloned()
            .collect();
        changes.sort_by_key(|c| c.seq);
        let has_more = changes.len() > limit;
        changes.truncate(limit);
        let last = changes.last().map_or(after, |c| c.seq);
        Ok(ChangesPage {
            changes,
            cursor: Cursor::new(self.epoch.clone(), last).to_string(),
            has_more,
        })
    }

    fn push(&mut self, request: &PushRequest) -> Result<PushResponse, ApiError> {
        if self.down {
            return Err(ApiError::Offline);
        }
        let mut results = Vec::new();
        for m in &request.mutations {
            self.pushed.push(m.mutation_id);
            let outcome = match self.answered.get(&m.mutation_id) {
                Some(Outcome::Applied { version, seq }) => Outcome::Duplicate {
                    version: *version,
                    seq: *seq,
                },
                Some(first) => first.clone(),
                None => {
                    let current = self.records.get(&m.id).cloned();
                    if current.as_ref().map_or(0, |c| c.version) != m.base_version {
                        Outcome::Conflict {
                            current: current.expect("a conflict on a held record"),
                        }
                    } else {
                        let title = m.data.as_ref().map(|d| d["title"].as_str().unwrap());
                        let change = self.write(m.id, title.filter(|_| m.op == Op::Upsert));
                        Outcome::Applied {
                            version: change.version,
                            seq: change.seq,
                        }
                    }
                }
            };
            self.answered.insert(m.mutation_id, outcome.clone());
            results.push(MutationResult {
                mutation_id: m.mutation_id,
                outcome,
            });
        }
        Ok(PushResponse {
            results,
            epoch: None,
        })
    }
}

#[derive(Clone)]
struct Fake(Rc<RefCell<Server>>);

impl Transport for Fake {
    async fn pull(&self, cursor: Option<String>, limit: usize) -> Result<RawPage, ApiError> {
        let page = self.0.borrow_mut().pull(cursor, limit)?;
        // As the real transport reads it: the records' JSON kept as text.
        let text = serde_json::to_string(&page).expect("a page as JSON");
        Ok(serde_json::from_str(&text).expect("a page we wrote"))
    }

    async fn push(&self, request: &PushRequest) -> Result<PushResponse, ApiError> {
        self.0.borrow_mut().push(request)
    }
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x1000_0000_0000_4000_8000_0000_0000_0000 + n)
}

struct Setup {
    name: String,
    server: Rc<RefCell<Server>>,
    _owner: Owner,
}

impl Setup {
    fn new(offerings: usize) -> Setup {
        let owner = Owner::new();
        owner.set();
        Setup {
            name: format!("wijkgids-sync-{}", js_sys::Math::random()),
            server: Rc::new(RefCell::new(Server::new(offerings))),
            _owner: owner,
        }
    }

    /// Opens the store (again: a reload) and an engine over it with a fresh guide.
    async fn engine(&self) -> (Engine<Fake>, Guide) {
        let guide = Guide::provide();
        self.server.borrow_mut().guide = Some(guide);
        let store = Store::open_named(&self.name).await.expect("open");
        let engine = Engine::open(store, Fake(self.server.clone()), guide)
            .await
            .expect("engine");
        (engine, guide)
    }
}

fn title(guide: &Guide, n: Uuid) -> Option<String> {
    guide.offering(n).map(|o| o.title)
}

/// Someone else changes offering 1 on the server while this device edits it,
/// and the device syncs: its edit meets a conflict.
async fn in_conflict(setup: &Setup, engine: &Engine<Fake>) {
    setup.server.borrow_mut().write(id(1), Some("Hun versie"));
    let mine = offering(id(1), "Mijn versie", 1);
    engine
        .edit(RecordKind::Offering, id(1), mine)
        .await
        .unwrap();
    engine.sync_once().await.expect("sync");
}

#[wasm_bindgen_test]
async fn a_full_pull_comes_in_pages_with_progress() {
    let setup = Setup::new(2500);
    let (engine, guide) = setup.engine().await;
    // The screens are drawn again at most every half second while the pages
    // come, and once the pull ends, with all of it.
    let drawn = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let draws = drawn.clone();
    let _screen = leptos::reactive::effect::ImmediateEffect::new(move || {
        draws.lock().unwrap().push(guide.offering_count());
    });
    let started = js_sys::Date::now();
    engine.sync_once().await.expect("sync");
    let took = js_sys::Date::now() - started;
    let drawn = drawn.lock().unwrap().clone();
    assert_eq!(drawn.last(), Some(&2500), "{drawn:?}");
    assert!(
        drawn.len() as f64 <= 2.0 + took / 500.0,
        "{drawn:?} in {took} ms"
    );
    assert_eq!(guide.offering_count(), 2500);
    assert_eq!(title(&guide, id(2500)).as_deref(), Some("Aanbod 2499"));
    let seen = setup.server.borrow().seen.clone();
    let progress = |done| SyncStatus::Syncing { done, total: None };
    // Each page is asked for while the one before it is stored: its request
    // sees the count before that page.
    assert_eq!(seen, vec![progress(0), progress(0), progress(1000)]);
    // Nothing new: one request, nothing changes.
    engine.sync_once().await.expect("sync again");
    assert_eq!(setup.server.borrow().pulls, 4);
    assert_eq!(engine.store().usage().await.unwrap().records, 2500);
    engine.store().clone().delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn a_page_that_fails_is_pulled_again_and_nothing_is_lost_or_doubled() {
    let setup = Setup::new(2500);
    setup.server.borrow_mut().fail_pull = Some(2);
    let (engine, guide) = setup.engine().await;
    let failed = engine.sync_once().await;
    assert!(
        matches!(
            failed,
            Err(SyncError::Server(ApiError::Status { status: 503, .. }))
        ),
        "{failed:?}"
    );
    assert_eq!(guide.offering_count(), 1000, "the first page is kept");
    let held = engine.store().next_pull().await.unwrap();
    assert_eq!(held.query().as_deref(), Some("a.1000"));
    // A reload in between: the store alone knows where the pull stands.
    engine.store().clone().close();
    let (engine, guide) = setup.engine().await;
    assert_eq!(guide.offering_count(), 1000);
    engine.sync_once().await.expect("sync");
    assert_eq!(guide.offering_count(), 2500);
    assert_eq!(engine.store().usage().await.unwrap().records, 2500);
    assert!((1..=2500).all(|n| guide.offering(id(n)).is_some()));
    assert_eq!(setup.server.borrow().pulls, 2 + 2);
    engine.store().clone().delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn an_offline_edit_survives_a_reload_and_is_pushed_when_the_server_is_back() {
    let setup = Setup::new(3);
    let (engine, _) = setup.engine().await;
    engine.sync_once().await.expect("sync");
    setup.server.borrow_mut().down = true;
    let mutation = engine
        .edit(
            RecordKind::Offering,
            id(2),
            offering(id(2), "Mijn versie", 1),
        )
        .await
        .expect("edit");
    assert_eq!(
        engine.sync_once().await,
        Err(SyncError::Server(ApiError::Offline))
    );
    engine.store().clone().close();

    let (engine, guide) = setup.engine().await;
    assert_eq!(title(&guide, id(2)).as_deref(), Some("Mijn versie"));
    let outbox = engine.store().outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].head.mutation_id, mutation);
    setup.server.borrow_mut().down = false;
    engine.sync_once().await.expect("sync");
    {
        let server = setup.server.borrow();
        assert_eq!(server.title(id(2)), Some("Mijn versie"));
        assert_eq!(server.pushed, vec![mutation], "sent once");
        assert_eq!(server.records[&id(2)].version, 2);
    }
    assert!(engine.store().outbox().await.unwrap().is_empty());
    assert_eq!(guide.offering(id(2)).unwrap().version, 2);
    engine.store().clone().delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn a_conflict_stays_as_needs_attention_with_the_servers_version() {
    let setup = Setup::new(3);
    let (engine, guide) = setup.engine().await;
    engine.sync_once().await.expect("sync");
    in_conflict(&setup, &engine).await;
    let outbox = engine.store().outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].attention, Some(Attention::Conflict));
    assert_eq!(title(&guide, id(1)).as_deref(), Some("Mijn versie"));
    let key = RecordKey::new(RecordKind::Offering, id(1));
    let theirs = engine.store().server_copy(key).await.unwrap().unwrap();
    assert_eq!(theirs.version, 2);
    assert_eq!(theirs.data.unwrap()["title"], "Hun versie");
    // Not sent again until the author decides.
    engine.sync_once().await.expect("sync again");
    assert_eq!(setup.server.borrow().pushed.len(), 1);
    assert_eq!(engine.store().usage().await.unwrap().needs_attention, 1);
    // The author keeps their text: sent again on the server's version.
    let again = engine.resolve(RecordKind::Offering, id(1), Resolution::KeepMine);
    let mutation = again.await.unwrap().expect("sent again");
    engine.sync_once().await.expect("sync after deciding");
    assert_eq!(setup.server.borrow().pushed.last(), Some(&mutation));
    assert_eq!(setup.server.borrow().title(id(1)), Some("Mijn versie"));
    assert!(engine.store().outbox().await.unwrap().is_empty());
    assert_eq!(guide.offering(id(1)).unwrap().version, 3);
    engine.store().clone().delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn gone_starts_the_pull_over_and_keeps_the_outbox() {
    let setup = Setup::new(3);
    let (engine, guide) = setup.engine().await;
    engine.sync_once().await.expect("sync");
    // An edit that waits for its author, and one that waits for the server.
    in_conflict(&setup, &engine).await;
    setup.server.borrow_mut().down = true;
    let new = id(99);
    engine
        .edit(RecordKind::Offering, new, offering(new, "Nieuw", 0))
        .await
        .unwrap();
    // The server is restored from an older backup: another epoch, without id(3).
    {
        let mut server = setup.server.borrow_mut();
        let kept: Vec<Change> = [id(1), id(2)]
            .iter()
            .map(|n| server.records[n].clone())
            .collect();
        *server = Server {
            epoch: "b".into(),
            guide: server.guide,
            ..Server::default()
        };
        for change in kept {
            server.seq += 1;
            let seq = server.seq;
            server.records.insert(change.id, Change { seq, ..change });
        }
    }
    engine.sync_once().await.expect("sync after 410");
    assert_eq!(guide.offering(id(3)), None, "gone from the restored server");
    assert_eq!(title(&guide, id(2)).as_deref(), Some("Aanbod 1"));
    assert_eq!(title(&guide, id(1)).as_deref(), Some("Mijn versie"));
    let outbox = engine.store().outbox().await.unwrap();
    assert_eq!(outbox.len(), 1, "needs attention still");
    assert_eq!(setup.server.borrow().title(new), Some("Nieuw"), "pushed");
    assert_eq!(title(&guide, new).as_deref(), Some("Nieuw"));
    assert_eq!(
        engine.store().next_pull().await.unwrap().query().as_deref(),
        Some("b.3")
    );
    engine.store().clone().delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn an_invalid_edit_is_refused_and_nothing_is_queued() {
    let setup = Setup::new(1);
    let (engine, guide) = setup.engine().await;
    engine.sync_once().await.expect("sync");
    let refused = engine
        .edit(RecordKind::Offering, id(1), offering(id(1), "", 1))
        .await;
    assert!(matches!(
        refused,
        Err(wijkgids::sync::EditError::Invalid(_))
    ));
    assert!(engine.store().outbox().await.unwrap().is_empty());
    assert_eq!(title(&guide, id(1)).as_deref(), Some("Aanbod 0"));
    let deleted = engine.delete(RecordKind::Offering, id(1)).await.unwrap();
    assert!(deleted.is_some());
    assert_eq!(guide.offering(id(1)), None);
    assert_eq!(
        engine.delete(RecordKind::Offering, id(1)).await.unwrap(),
        None
    );
    engine.sync_once().await.expect("sync");
    assert!(setup.server.borrow().records[&id(1)].deleted);
    engine.store().clone().delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn the_status_line_says_how_sync_went_and_a_storage_failure_keeps_the_outbox() {
    let setup = Setup::new(2);
    let (engine, guide) = setup.engine().await;
    let status = engine.sync_and_report().await;
    assert!(matches!(status, SyncStatus::UpToDate { waiting: 0, .. }));
    assert_eq!(guide.status(), status);
    setup.server.borrow_mut().down = true;
    let mine = offering(id(1), "Mijn versie", 1);
    engine
        .edit(RecordKind::Offering, id(1), mine)
        .await
        .unwrap();
    let status = engine.sync_and_report().await;
    assert_eq!(status, SyncStatus::Offline { waiting: 1 });
    // The store fails under the engine (as when the disk is full): the user is
    // told, and the outbox is still there afterwards.
    engine.store().clone().close();
    setup.server.borrow_mut().down = false;
    let status = engine.sync_and_report().await;
    assert!(matches!(&status, SyncStatus::Failed { message } if !message.is_empty()));
    assert_eq!(guide.status(), status);
    let (engine, guide) = setup.engine().await;
    assert_eq!(engine.store().outbox().await.unwrap().len(), 1);
    let status = engine.sync_and_report().await;
    assert!(matches!(status, SyncStatus::UpToDate { waiting: 0, .. }));
    assert_eq!(title(&guide, id(1)).as_deref(), Some("Mijn versie"));
    engine.store().clone().delete().await.unwrap();
}

#[wasm_bindgen_test]
fn retries_back_off_doubling_with_jitter_up_to_a_cap() {
    let within = |failures, low, high| {
        let wait = wijkgids::sync::backoff(failures);
        assert!((low..=high).contains(&wait), "{failures}: {wait}");
    };
    for _ in 0..20 {
        within(1, 1500, 2000);
        within(2, 3000, 4000);
        within(4, 12_000, 16_000);
        within(30, 225_000, 300_000);
    }
}

/// QUALITY.md: a first sync of 50,000 offerings and reopening with them. Slow in
/// debug builds; run with `cargo test --release --target wasm32-unknown-unknown
/// --test browser_sync -- --include-ignored first_sync`.
#[wasm_bindgen_test]
#[ignore]
async fn first_sync_of_50000_offerings() {
    let setup = Setup::new(50_000);
    let (engine, guide) = setup.engine().await;
    let started = js_sys::Date::now();
    engine.sync_once().await.expect("sync");
    let synced = js_sys::Date::now();
    assert_eq!(guide.offering_count(), 50_000);
    engine.store().clone().close();
    let store = Store::open_named(&setup.name).await.expect("reopen");
    let loaded = store.load().await.expect("load");
    let read = js_sys::Date::now();
    assert_eq!(loaded.changes.len(), 50_000);
    let guide = Guide::provide();
    guide.apply(loaded.changes);
    let shown = js_sys::Date::now();
    console_log!(
        "first sync of 50,000 (fake server and guide included): {} ms; reopen: store read {} ms, guide {} ms",
        synced - started,
        read - synced,
        shown - read
    );
    store.delete().await.unwrap();
}

/// The offerings a search for `text` finds, by id.
fn found(guide: &Guide, text: &str) -> Vec<Uuid> {
    let query = wijkgids_core::search::Query {
        limit: usize::MAX,
        ..wijkgids_core::search::Query::new(
            text,
            chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap(),
        )
    };
    let mut ids: Vec<Uuid> = guide.search(&query).hits.iter().map(|h| h.id).collect();
    ids.sort();
    ids
}

/// Puts `value` under `key` in the `meta` store of the database `name`, as
/// damage (or another app on the same origin) would.
async fn damage_meta(name: &str, key: &str, value: wasm_bindgen::JsValue) {
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    let db = indexed_db_futures::database::Database::open(name)
        .await
        .expect("open");
    let tx = db
        .transaction("meta")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let meta = tx.object_store("meta").unwrap();
    meta.put(value)
        .with_key(key.to_owned())
        .primitive()
        .unwrap();
    tx.commit().await.unwrap();
    db.close();
}

#[wasm_bindgen_test]
async fn a_damaged_mark_or_snapshot_value_is_mended_and_the_guide_opens() {
    let setup = Setup::new(12);
    let (engine, guide) = setup.engine().await;
    engine.sync_once().await.expect("sync");
    engine.keep_snapshot().await.unwrap();
    let everything = found(&guide, "aanbod");
    assert_eq!(everything.len(), 12);
    engine.store().clone().close();

    // A snapshot's value that is no bytes under a mark that is the data's: the
    // guide opens from its records, and a snapshot is made again.
    let written = wasm_bindgen::JsValue::from_str;
    damage_meta(&setup.name, "snapshot", written("not bytes")).await;
    let (engine, guide) = setup.engine().await;
    assert_eq!(found(&guide, "aanbod"), everything);
    engine.keep_snapshot().await.unwrap();
    let (_, bytes) = engine
        .store()
        .snapshot()
        .await
        .unwrap()
        .expect("made again");
    assert!(wijkgids_core::guide_snapshot::decode(&bytes).is_ok());
    engine.store().clone().close();

    // A mark that is no string: the store opens, gives the data a new mark,
    // and a snapshot is kept of it again.
    for mark in ["written", "snapshot_of"] {
        damage_meta(&setup.name, mark, wasm_bindgen::JsValue::from_f64(42.0)).await;
    }
    let (engine, guide) = setup.engine().await;
    assert_eq!(found(&guide, "aanbod"), everything);
    let (mark, current) = engine.store().snapshot_state().await.unwrap();
    assert!(mark.is_some() && !current, "{mark:?}");
    engine.sync_once().await.expect("sync");
    engine.keep_snapshot().await.unwrap();
    assert!(engine.store().snapshot_state().await.unwrap().1);
}

#[wasm_bindgen_test]
async fn a_reopen_searches_from_the_snapshot_and_never_from_one_older_than_the_data() {
    let setup = Setup::new(30);
    let (engine, guide) = setup.engine().await;
    engine.sync_once().await.expect("sync");
    assert!(!engine.store().snapshot_state().await.unwrap().1);
    engine.keep_snapshot().await.unwrap();
    assert!(engine.store().snapshot_state().await.unwrap().1);
    let everything = found(&guide, "aanbod");
    assert_eq!(everything.len(), 30);
    // A pull that brings nothing keeps it.
    engine.sync_once().await.expect("sync");
    assert!(engine.store().snapshot_state().await.unwrap().1);

    // Opened from the snapshot: before the records are read, search works, and
    // cards once their chunk is read (a card has no long texts); once the records
    // are read, the whole records.
    let (mark, bytes) = engine.store().snapshot().await.unwrap().expect("kept");
    let early = Guide::provide();
    let read = read_cards(engine.store().clone(), early, mark.clone());
    early.show_snapshot(wijkgids_core::guide_snapshot::decode(&bytes).unwrap(), read);
    assert_eq!(found(&early, "aanbod"), everything);
    assert_eq!(early.card_count(), 30);
    assert_eq!(early.offering(id(3)), None, "a page waits for the record");
    // A list waits for its cards' chunks, asked for when it is drawn.
    assert_eq!(early.cards_of([id(3), id(7)]), None);
    assert!(early.awaits_card(id(3)));
    let mut cards = None;
    for _ in 0..50 {
        cards = early.cards_of([id(3), id(7)]);
        if cards.is_some() {
            break;
        }
        browser_support::pause(10).await;
    }
    let cards = cards.expect("the chunks read");
    let card = cards[0].clone().expect("a card");
    assert_eq!(card.title, "Aanbod 2");
    assert!(card.description.is_empty());
    assert_eq!(cards[1].as_ref().expect("a card").title, "Aanbod 6");
    // Not in the guide: not waited for.
    assert_eq!(early.cards_of([Uuid::from_u128(999_999)]), Some(vec![None]));
    let loaded = engine.store().load().await.unwrap();
    assert_eq!(loaded.written.as_deref(), Some(mark.as_str()));
    early.open_with(loaded.changes, true);
    assert!(!early.offering(id(3)).unwrap().description.is_empty());
    assert!(!early.awaits_card(id(3)));
    assert_eq!(found(&early, "aanbod"), everything);
    let (engine, guide) = {
        engine.store().clone().close();
        setup.engine().await
    };
    assert_eq!(found(&guide, "aanbod"), everything);

    // An edit drops the snapshot in its own transaction: the reopen shows it.
    engine
        .edit(
            RecordKind::Offering,
            id(2),
            offering(id(2), "Mijn zwemles", 1),
        )
        .await
        .expect("edit");
    assert_eq!(engine.store().snapshot().await.unwrap(), None);
    // A snapshot made from before a write is not kept.
    let (written, _) = engine.store().snapshot_state().await.unwrap();
    let stale = guide.snapshot().await.expect("a snapshot");
    setup.server.borrow_mut().write(id(4), Some("Zwembad open"));
    engine.sync_once().await.expect("sync");
    assert!(
        !engine
            .store()
            .save_snapshot(&written.unwrap(), &stale)
            .await
            .unwrap()
    );
    // The guide changed while its snapshot was made, a part at a time between
    // which the browser runs: none is made of it.
    let (made, ()) = futures_util::future::join(guide.snapshot(), async {
        guide.apply([DeviceChange::Remove(RecordKind::Offering, id(3))]);
    })
    .await;
    assert!(made.is_none());
    assert!(guide.snapshot().await.is_some());
    engine.store().clone().close();
    let (engine, guide) = setup.engine().await;
    assert_eq!(found(&guide, "zwem"), vec![id(2), id(4)]);

    // A snapshot shown over records it does not match (another tab wrote between
    // reading the two): the index is made from the records.
    let older = Guide::provide();
    older.show_snapshot(
        wijkgids_core::guide_snapshot::decode(&bytes).unwrap(),
        Rc::new(|_| {}),
    );
    assert!(found(&older, "zwem").is_empty());
    let loaded = engine.store().load().await.unwrap();
    older.open_with(loaded.changes, false);
    assert_eq!(found(&older, "zwem"), vec![id(2), id(4)]);
    // Even under the same mark, records at other versions than the cards'.
    let older = Guide::provide();
    older.show_snapshot(
        wijkgids_core::guide_snapshot::decode(&bytes).unwrap(),
        Rc::new(|_| {}),
    );
    let loaded = engine.store().load().await.unwrap();
    older.open_with(loaded.changes, true);
    assert_eq!(found(&older, "zwem"), vec![id(2), id(4)]);
    engine.store().clone().delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn records_shown_before_the_first_pull_stay_until_it_ends_and_what_it_did_not_bring_goes() {
    use wijkgids::guide::DeviceChange;
    use wijkgids_core::record::Record;
    let setup = Setup::new(3);
    // The first screen's public guide, as the app starts: offering 1 as the
    // server has it, and one the server has deleted since.
    let guide = Guide::provide();
    setup.server.borrow_mut().guide = Some(guide);
    let shown = |n, title: &str| {
        let offering = serde_json::from_value(offering(id(n), title, 1)).expect("an offering");
        DeviceChange::Upsert(Record::Offering(Box::new(offering)))
    };
    guide.apply_provisional(vec![shown(1, "Aanbod 0"), shown(99, "Verdwenen groep")]);
    let store = Store::open_named(&setup.name).await.expect("open");
    let engine = Engine::open(store, Fake(setup.server.clone()), guide)
        .await
        .expect("engine");
    // Opening an empty store keeps them: a new visitor's results stay.
    assert_eq!(found(&guide, "verdwenen"), vec![id(99)]);
    assert_eq!(guide.card_count(), 2);
    engine.sync_once().await.expect("sync");
    assert_eq!(found(&guide, "verdwenen"), vec![id(99)], "until it ends");
    guide.retire_provisional();
    assert!(found(&guide, "verdwenen").is_empty());
    assert_eq!(guide.offering(id(99)), None);
    assert_eq!(guide.offering_count(), 3);
    assert_eq!(title(&guide, id(1)).as_deref(), Some("Aanbod 0"));
    engine.store().clone().delete().await.unwrap();
}

/// Two tabs of one device over one store (two engines, two guides): what one
/// pulls, the other takes in before it syncs, and a tab whose guide misses
/// another's writes keeps no snapshot of it (two tabs on a first sync each
/// held part of the guide, and one kept its part as the snapshot).
#[wasm_bindgen_test]
async fn a_tab_takes_in_what_another_tab_wrote_and_keeps_no_snapshot_without_it() {
    let setup = Setup::new(1500);
    let (first, first_guide) = setup.engine().await;
    let (second, second_guide) = setup.engine().await;
    // The first tab pulls the whole guide; the second has read an empty store.
    first.sync_once().await.expect("sync");
    assert_eq!(first_guide.offering_count(), 1500);
    assert_eq!(second_guide.offering_count(), 0);
    assert!(second.store().written_elsewhere().await.unwrap());
    // Its snapshot would be of an empty guide: not kept.
    second.keep_snapshot().await.unwrap();
    assert!(!second.store().snapshot_state().await.unwrap().1);
    // Before it syncs, it takes in the whole store.
    assert!(second.catch_up().await.unwrap());
    assert_eq!(second_guide.offering_count(), 1500);
    assert_eq!(
        title(&second_guide, id(1500)).as_deref(),
        Some("Aanbod 1499")
    );
    assert!(!second.catch_up().await.unwrap(), "once");
    second.keep_snapshot().await.unwrap();
    assert!(second.store().snapshot_state().await.unwrap().1);

    // A change the second tab pulls: the first tab, which did not, takes it in
    // (and what was deleted goes), and keeps no snapshot until it has.
    setup.server.borrow_mut().write(id(7), Some("Zwemles"));
    setup.server.borrow_mut().write(id(8), None);
    second.sync_once().await.expect("sync");
    assert_eq!(found(&second_guide, "zwemles"), vec![id(7)]);
    assert!(found(&first_guide, "zwemles").is_empty());
    first.keep_snapshot().await.unwrap();
    assert!(!first.store().snapshot_state().await.unwrap().1);
    assert!(first.catch_up().await.unwrap());
    assert_eq!(found(&first_guide, "zwemles"), vec![id(7)]);
    assert_eq!(first_guide.offering(id(8)), None);
    assert_eq!(first_guide.offering_count(), 1499);
    second.store().clone().close();
    first.store().clone().delete().await.unwrap();
}
