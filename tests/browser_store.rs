//! The IndexedDB store in a real browser (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde_json::Value;
use uuid::Uuid;
use wasm_bindgen_test::*;
use wijkgids::guide::DeviceChange;
use wijkgids::store::{PAGES, Store, V1_OUTBOX, V1_RECORDS, create_version_1_stores};
use wijkgids_core::record::Record;
use wijkgids_core::sync::Cursor;
use wijkgids_core::sync::replica::{
    Base, Edit, PendingRecord, PullFrom, RecordKey, ServerCopy, queue_edit,
};
use wijkgids_core::vocab::RecordKind;
use wijkgids_core::wire::{Change, ChangesPage, Mutation, Op};

wasm_bindgen_test_configure!(run_in_browser);

mod browser_support;
use browser_support::offering;

fn name() -> String {
    format!("wijkgids-test-{}", js_sys::Math::random())
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x2000_0000_0000_4000_8000_0000_0000_0000 + n)
}

fn key(n: u128) -> RecordKey {
    RecordKey::new(RecordKind::Offering, id(n))
}

fn change(n: u128, version: u64, seq: u64, title: &str) -> Change {
    Change {
        kind: RecordKind::Offering,
        id: id(n),
        version,
        seq,
        deleted: false,
        data: Some(offering(id(n), title, version)),
        last_published: None,
    }
}

fn page(changes: Vec<Change>, seq: u64, has_more: bool) -> (Cursor, ChangesPage) {
    let cursor = Cursor::new("e", seq);
    let page = ChangesPage {
        changes,
        cursor: cursor.to_string(),
        has_more,
    };
    (cursor, page)
}

/// Titles of the offerings in the local view, sorted.
async fn titles(store: &Store) -> Vec<String> {
    let mut titles: Vec<String> = store
        .load()
        .await
        .unwrap()
        .changes
        .into_iter()
        .filter_map(|c| match c {
            DeviceChange::Upsert(Record::Offering(o)) => Some(o.title),
            _ => None,
        })
        .collect();
    titles.sort();
    titles
}

#[wasm_bindgen_test]
async fn a_page_and_its_cursor_land_together_and_applying_it_again_changes_nothing() {
    let name = name();
    let store = Store::open_named(&name).await.expect("open");
    let asked = store.next_pull().await.unwrap();
    let (cursor, first) = page(vec![change(1, 1, 1, "A"), change(2, 1, 2, "B")], 2, false);
    let applied = store.apply_page(&asked, &cursor, &first).await.unwrap();
    assert!(applied.applied && applied.through);
    assert_eq!(applied.changes.len(), 2);
    store.close();

    let store = Store::open_named(&name).await.expect("reopen");
    let held = store.next_pull().await.unwrap();
    assert_eq!(held.query().as_deref(), Some("e.2"));
    assert_eq!(titles(&store).await, ["A", "B"]);
    // The same page again (a repeated response), asked from where we were or from
    // where we are: ignored.
    for asked in [&asked, &held] {
        let again = store.apply_page(asked, &cursor, &first).await.unwrap();
        assert!(!again.applied);
        assert!(again.changes.is_empty());
    }
    assert_eq!(store.next_pull().await.unwrap(), held);
    // An older version of a record never replaces a newer one.
    let (cursor, next) = page(vec![change(1, 3, 3, "A3")], 3, false);
    store.apply_page(&held, &cursor, &next).await.unwrap();
    let held = store.next_pull().await.unwrap();
    let (cursor, stale) = page(vec![change(1, 2, 4, "A2")], 4, false);
    let applied = store.apply_page(&held, &cursor, &stale).await.unwrap();
    assert!(applied.applied && applied.changes.is_empty());
    assert_eq!(titles(&store).await, ["A3", "B"]);
    assert_eq!(store.usage().await.unwrap().records, 2);
    store.delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn an_edit_and_its_outbox_entry_survive_a_reopen_and_are_answered_once() {
    let name = name();
    let store = Store::open_named(&name).await.expect("open");
    let asked = store.next_pull().await.unwrap();
    let (cursor, first) = page(vec![change(1, 1, 1, "A")], 1, false);
    store.apply_page(&asked, &cursor, &first).await.unwrap();
    let (mutation, view) = store
        .edit(key(1), Op::Upsert, Some(offering(id(1), "Mijn A", 1)))
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(view, DeviceChange::Upsert(Record::Offering(o)) if o.title == "Mijn A"));
    let client = store.client_id().await.unwrap();
    store.close();

    let store = Store::open_named(&name).await.expect("reopen");
    assert_eq!(store.client_id().await.unwrap(), client, "kept");
    assert_eq!(titles(&store).await, ["Mijn A"]);
    let batch = store.push_batch(10).await.unwrap();
    assert_eq!(batch.len(), 1);
    assert_eq!((batch[0].mutation_id, batch[0].base_version), (mutation, 1));
    let applied = wijkgids_core::wire::MutationResult {
        mutation_id: mutation,
        outcome: wijkgids_core::wire::Outcome::Applied { version: 2, seq: 2 },
    };
    store
        .apply_answers(std::slice::from_ref(&applied), None)
        .await
        .unwrap();
    assert!(store.outbox().await.unwrap().is_empty());
    assert_eq!(store.server_copy(key(1)).await.unwrap().unwrap().version, 2);
    // A repeated answer changes nothing.
    let (answers, changes) = store.apply_answers(&[applied], None).await.unwrap();
    assert_eq!(answers.len(), 1);
    assert!(changes.is_empty());
    assert_eq!(titles(&store).await, ["Mijn A"]);
    store.delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn clearing_keeps_the_outbox_unless_told_otherwise() {
    let store = Store::open_named(&name()).await.expect("open");
    let asked = store.next_pull().await.unwrap();
    let (cursor, first) = page(vec![change(1, 1, 1, "A"), change(2, 1, 2, "B")], 2, false);
    store.apply_page(&asked, &cursor, &first).await.unwrap();
    store
        .edit(key(2), Op::Upsert, Some(offering(id(2), "Mijn B", 1)))
        .await
        .unwrap();
    store
        .edit(key(3), Op::Upsert, Some(offering(id(3), "Nieuw", 0)))
        .await
        .unwrap();
    store.edit(key(1), Op::Delete, None).await.unwrap();
    assert_eq!(
        store.offering_count().await.unwrap(),
        2,
        "B and the new one"
    );
    store.clear(true).await.unwrap();
    let (cursor, first) = page(vec![change(1, 1, 1, "A"), change(2, 1, 2, "B")], 2, false);
    let asked = store.next_pull().await.unwrap();
    store.apply_page(&asked, &cursor, &first).await.unwrap();
    store
        .edit(key(2), Op::Upsert, Some(offering(id(2), "Mijn B", 1)))
        .await
        .unwrap();
    let removed = store.clear(false).await.unwrap();
    assert_eq!(
        removed,
        vec![DeviceChange::Remove(RecordKind::Offering, id(1))]
    );
    assert_eq!(titles(&store).await, ["Mijn B"]);
    assert_eq!(store.offering_count().await.unwrap(), 1);
    let pull = store.next_pull().await.unwrap();
    assert_eq!(pull.cursor, None, "pulls again from the start");
    let usage = store.usage().await.unwrap();
    assert_eq!((usage.records, usage.waiting), (0, 1));
    assert!(usage.bytes.is_some());
    store.clear(true).await.unwrap();
    assert!(store.outbox().await.unwrap().is_empty());
    assert!(titles(&store).await.is_empty());
    store.delete().await.unwrap();
}

/// A database as version 1 of the app left it: one store per kind, and wire
/// mutations in `outbox` keyed by `mutation_id`.
async fn version_1(name: &str, record: &Value, queued: &[Mutation]) {
    let db = Database::open(name)
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| create_version_1_stores(&db))
        .await
        .expect("open version 1");
    let tx = db
        .transaction([V1_RECORDS[0], V1_OUTBOX])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store(V1_RECORDS[0])
        .unwrap()
        .put(record)
        .serde()
        .unwrap();
    let outbox = tx.object_store(V1_OUTBOX).unwrap();
    for mutation in queued {
        outbox.put(mutation).serde().unwrap();
    }
    tx.commit().await.unwrap();
    db.close();
}

#[wasm_bindgen_test]
async fn a_version_1_database_upgrades_keeping_its_outbox() {
    let name = name();
    let held = offering(id(1), "Oud", 4);
    let edit = Mutation {
        mutation_id: Uuid::from_u128(77),
        op: Op::Upsert,
        kind: RecordKind::Offering,
        id: id(1),
        base_version: 4,
        data: Some(offering(id(1), "Mijn oude wijziging", 4)),
        epoch: None,
    };
    let new = Mutation {
        mutation_id: Uuid::from_u128(78),
        op: Op::Upsert,
        kind: RecordKind::Offering,
        id: id(2),
        base_version: 0,
        data: Some(offering(id(2), "Nieuw", 0)),
        epoch: None,
    };
    version_1(&name, &held, &[edit.clone(), new.clone()]).await;

    let store = Store::open_named(&name).await.expect("upgrade");
    let mut batch = store.push_batch(10).await.unwrap();
    batch.sort_by_key(|m| m.mutation_id);
    assert_eq!(batch, vec![edit, new], "sent as they were queued");
    assert_eq!(titles(&store).await, ["Mijn oude wijziging", "Nieuw"]);
    let copy = store.server_copy(key(1)).await.unwrap().unwrap();
    assert_eq!((copy.version, copy.data), (4, Some(held)));
    // Held copies are shown until the first pull is through, then dropped.
    assert_eq!(
        store.next_pull().await.unwrap(),
        PullFrom {
            generation: 1,
            cursor: None
        }
    );
    store.close();
    // Opening again does not migrate twice.
    let store = Store::open_named(&name).await.expect("reopen");
    assert_eq!(store.outbox().await.unwrap().len(), 2);
    let asked = store.next_pull().await.unwrap();
    let (cursor, fresh) = page(vec![change(3, 1, 1, "Van de server")], 1, false);
    let applied = store.apply_page(&asked, &cursor, &fresh).await.unwrap();
    assert!(applied.through);
    assert_eq!(store.server_copy(key(1)).await.unwrap(), None);
    assert_eq!(
        titles(&store).await,
        ["Mijn oude wijziging", "Nieuw", "Van de server"],
        "edits stay in view"
    );
    store.delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn unsent_edits_are_parked_for_their_account_and_never_sent_by_another() {
    let name = name();
    let store = Store::open_named(&name).await.expect("open");
    let (one, two) = (Uuid::from_u128(1), Uuid::from_u128(2));
    store.adopt_owner(Some(one)).await.unwrap();
    let asked = store.next_pull().await.unwrap();
    let (cursor, first) = page(vec![change(1, 3, 1, "Van de server")], 1, false);
    store.apply_page(&asked, &cursor, &first).await.unwrap();
    store
        .edit(key(1), Op::Upsert, Some(offering(id(1), "Van één", 3)))
        .await
        .unwrap();
    // The edit goes on the copy's version, saying which history that was.
    let batch = store.push_batch(10).await.unwrap();
    assert_eq!(
        (batch[0].base_version, batch[0].epoch.as_deref()),
        (3, Some("e"))
    );

    // Another account on the device: nothing of one's is sent or shown (what
    // anyone may see of the server's copy stays until the new pull is through).
    store.switch_account(Some(two), false).await.unwrap();
    assert!(store.push_batch(10).await.unwrap().is_empty());
    assert_eq!(titles(&store).await, vec!["Van de server".to_owned()]);
    assert_eq!(store.parked(one).await.unwrap(), 1);
    store.close();

    // Reopened (a reload), and one signs in again: the edit comes back and goes.
    let store = Store::open_named(&name).await.expect("reopen");
    store.adopt_owner(Some(one)).await.unwrap();
    store.switch_account(Some(one), false).await.unwrap();
    assert_eq!(titles(&store).await, vec!["Van één".to_owned()]);
    let batch = store.push_batch(10).await.unwrap();
    assert_eq!(batch.len(), 1);
    assert_eq!(store.parked(one).await.unwrap(), 0);

    // Thrown away only on the person's word.
    store.switch_account(None, true).await.unwrap();
    store.switch_account(Some(one), false).await.unwrap();
    assert!(store.push_batch(10).await.unwrap().is_empty());
    store.delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn copies_pulled_for_an_ended_session_keep_only_what_anyone_may_see_and_park_its_edits() {
    use wijkgids_core::sync::holder::{PulledFor, must_change_account};
    let name = name();
    let store = Store::open_named(&name).await.expect("open");
    let gp = Uuid::from_u128(1);
    // Signed in: the copies are pulled for the GP, with the referral details.
    store.adopt_owner(None).await.unwrap();
    store.switch_account(Some(gp), false).await.unwrap();
    let holds = store.holds().await.unwrap();
    assert_eq!(holds.pulled_for, Some(PulledFor { account: Some(gp) }));
    assert!(!must_change_account(holds, Some(gp)));
    let asked = store.next_pull().await.unwrap();
    let (cursor, first) = page(vec![change(1, 3, 1, "Met verwijzing")], 1, false);
    store.apply_page(&asked, &cursor, &first).await.unwrap();
    store
        .edit(
            key(2),
            Op::Upsert,
            Some(offering(id(2), "Nog niet verstuurd", 0)),
        )
        .await
        .unwrap();
    async fn referral(store: &Store) -> Value {
        let copy = store.server_copy(key(1)).await.unwrap().expect("the copy");
        copy.data.expect("live")["referral"].clone()
    }
    assert!(
        referral(&store).await.is_object(),
        "pulled with the referral"
    );
    store.close();

    // The app opens again with the session expired: nobody is signed in now.
    let store = Store::open_named(&name).await.expect("reopen");
    let holds = store.holds().await.unwrap();
    assert!(must_change_account(holds, None));
    store.switch_account(None, false).await.unwrap();
    assert_eq!(
        referral(&store).await,
        Value::Null,
        "only what anyone may see"
    );
    assert_eq!(titles(&store).await, vec!["Met verwijzing".to_owned()]);
    assert_eq!(
        store.parked(gp).await.unwrap(),
        1,
        "the edit is kept for the GP"
    );
    let holds = store.holds().await.unwrap();
    assert_eq!(holds.pulled_for, Some(PulledFor { account: None }));
    assert!(!must_change_account(holds, None));
    store.delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn a_form_open_across_a_pull_merges_or_waits_for_its_author() {
    use wijkgids_core::sync::replica::FormSave;
    let name = name();
    let store = Store::open_named(&name).await.expect("open");
    let asked = store.next_pull().await.unwrap();
    let (cursor, first) = page(vec![change(1, 3, 1, "Titel")], 1, false);
    store.apply_page(&asked, &cursor, &first).await.unwrap();
    let opened = offering(id(1), "Titel", 3);

    // A pull brings someone else's summary while the form is open.
    let mut theirs = offering(id(1), "Titel", 4);
    theirs["summary"] = "Van iemand anders.".into();
    let newer = Change {
        data: Some(theirs),
        ..change(1, 4, 2, "Titel")
    };
    let asked = store.next_pull().await.unwrap();
    let (cursor, second) = page(vec![newer], 2, false);
    store.apply_page(&asked, &cursor, &second).await.unwrap();

    // The form changed the title only: both are kept, on version 4.
    let mine = offering(id(1), "Mijn titel", 3);
    let (_, saved, _) = store
        .save_form(key(1), Some(&opened), mine.clone())
        .await
        .unwrap();
    let FormSave::Queue { data, merged_in } = saved else {
        panic!("merged: {saved:?}")
    };
    assert_eq!(merged_in, vec!["summary".to_owned()]);
    assert_eq!(data["summary"], "Van iemand anders.");
    assert_eq!(data["title"], "Mijn titel");
    let batch = store.push_batch(10).await.unwrap();
    assert_eq!(batch[0].base_version, 4);
    store.delete().await.unwrap();
}

/// What residents saw last comes with a coordinator's copy of an offering waiting
/// for review: kept on the device (offline), through an edit of theirs, replaced
/// by what the next pull says, and gone with a change of account.
#[wasm_bindgen_test]
async fn the_published_version_of_what_waits_for_review_is_kept_with_its_copy() {
    let name = name();
    let store = Store::open_named(&name).await.expect("open");
    let seen = offering(id(1), "Zoals bewoners het zagen", 2);
    let waiting = Change {
        last_published: Some(seen.clone()),
        ..change(1, 3, 1, "Nieuwe titel")
    };
    let asked = store.next_pull().await.unwrap();
    let (cursor, first) = page(vec![waiting, change(2, 1, 2, "B")], 2, false);
    store.apply_page(&asked, &cursor, &first).await.unwrap();
    store.close();
    let store = Store::open_named(&name).await.expect("reopen");
    assert_eq!(
        store.last_published(key(1)).await.unwrap(),
        Some(seen.clone())
    );
    assert_eq!(store.last_published(key(2)).await.unwrap(), None);

    // The coordinator's decision, applied: kept until a pull says otherwise.
    let (mutation, _) = store
        .edit(key(1), Op::Upsert, Some(offering(id(1), "Nieuwe titel", 3)))
        .await
        .unwrap()
        .unwrap();
    let applied = wijkgids_core::wire::MutationResult {
        mutation_id: mutation,
        outcome: wijkgids_core::wire::Outcome::Applied { version: 4, seq: 3 },
    };
    store.apply_answers(&[applied], None).await.unwrap();
    assert_eq!(store.server_copy(key(1)).await.unwrap().unwrap().version, 4);
    assert_eq!(store.last_published(key(1)).await.unwrap(), Some(seen));
    let held = store.next_pull().await.unwrap();
    let (cursor, next) = page(vec![change(1, 4, 3, "Nieuwe titel")], 3, false);
    store.apply_page(&held, &cursor, &next).await.unwrap();
    assert_eq!(store.last_published(key(1)).await.unwrap(), None);

    // Signed out: nothing of the review stays.
    let held = store.next_pull().await.unwrap();
    let again = Change {
        last_published: Some(offering(id(1), "Zoals bewoners het zagen", 2)),
        ..change(1, 5, 4, "Nieuwe titel")
    };
    let (cursor, next) = page(vec![again], 4, false);
    store.apply_page(&held, &cursor, &next).await.unwrap();
    assert!(store.last_published(key(1)).await.unwrap().is_some());
    store.switch_account(None, false).await.unwrap();
    assert_eq!(store.last_published(key(1)).await.unwrap(), None);
    store.delete().await.unwrap();
}

/// What the local view shows of `n`: its title, or `None` if it is not shown.
async fn title_of(store: &Store, n: u128) -> Option<String> {
    store
        .load()
        .await
        .unwrap()
        .changes
        .into_iter()
        .find_map(|change| match change {
            DeviceChange::Upsert(Record::Offering(o)) if o.id == id(n) => Some(o.title),
            _ => None,
        })
}

#[wasm_bindgen_test]
async fn a_later_change_wins_over_the_copy_in_a_stored_page() {
    let name = name();
    let store = Store::open_named(&name).await.expect("open");
    // A first pull of two pages, stored whole; record 2 changed while it ran, so
    // the second page brings it again.
    let asked = store.next_pull().await.unwrap();
    let first = vec![
        change(1, 1, 1, "A"),
        change(2, 1, 2, "B"),
        change(3, 1, 3, "C"),
    ];
    let (cursor, first) = page(first, 3, true);
    let applied = store.apply_page(&asked, &cursor, &first).await.unwrap();
    assert!(applied.applied && !applied.through);
    assert_eq!(applied.changes.len(), 3);
    let asked = store.next_pull().await.unwrap();
    let (cursor, second) = page(vec![change(4, 1, 4, "D"), change(2, 2, 5, "B2")], 5, false);
    let applied = store.apply_page(&asked, &cursor, &second).await.unwrap();
    assert!(applied.through);
    assert_eq!(titles(&store).await, ["A", "B2", "C", "D"]);
    assert_eq!(store.server_copy(key(2)).await.unwrap().unwrap().version, 2);

    // Later pulls go record by record, and win over the pages' copies: a change,
    // and a delete (a tombstone).
    let asked = store.next_pull().await.unwrap();
    let mut gone = change(3, 2, 6, "C");
    gone.deleted = true;
    gone.data = None;
    let (cursor, later) = page(vec![change(1, 2, 7, "A2"), gone], 7, false);
    let applied = store.apply_page(&asked, &cursor, &later).await.unwrap();
    assert!(applied.applied && applied.through);
    assert_eq!(applied.changes.len(), 2);
    // A local edit goes out on the version the page holds, and is shown over it.
    let edited = offering(id(4), "D van mij", 1);
    store
        .edit(key(4), Op::Upsert, Some(edited))
        .await
        .unwrap()
        .expect("queued");
    let batch = store.push_batch(10).await.unwrap();
    assert_eq!(batch.len(), 1);
    assert_eq!((batch[0].id, batch[0].base_version), (id(4), 1));
    store.close();

    // Read again from the device, as at the next start: the same.
    let store = Store::open_named(&name).await.expect("reopen");
    assert_eq!(title_of(&store, 1).await.as_deref(), Some("A2"));
    assert_eq!(title_of(&store, 2).await.as_deref(), Some("B2"));
    assert_eq!(title_of(&store, 3).await, None, "the delete is honoured");
    assert_eq!(title_of(&store, 4).await.as_deref(), Some("D van mij"));
    let copy = store.server_copy(key(3)).await.unwrap().unwrap();
    assert!(copy.deleted && copy.version == 2);
    assert_eq!(store.offering_count().await.unwrap(), 3);
    assert_eq!(store.usage().await.unwrap().records, 4);
    // An older version coming late never replaces a newer one: not a row's (not
    // even in view), nor a page's when the device reads its layers. (A server
    // raises version and seq together, so a later pull never brings an older
    // version of what a page holds; the rule holds all the same.)
    let asked = store.next_pull().await.unwrap();
    let (cursor, stale) = page(vec![change(1, 1, 8, "A oud")], 8, false);
    let applied = store.apply_page(&asked, &cursor, &stale).await.unwrap();
    assert!(applied.applied && applied.changes.is_empty());
    let asked = store.next_pull().await.unwrap();
    let (cursor, stale) = page(vec![change(2, 1, 9, "B oud")], 9, false);
    store.apply_page(&asked, &cursor, &stale).await.unwrap();
    assert_eq!(title_of(&store, 1).await.as_deref(), Some("A2"));
    assert_eq!(title_of(&store, 2).await.as_deref(), Some("B2"));
    assert_eq!(store.server_copy(key(2)).await.unwrap().unwrap().version, 2);
    store.delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn a_pull_started_over_drops_the_pages_of_the_old_history() {
    let name = name();
    let store = Store::open_named(&name).await.expect("open");
    let asked = store.next_pull().await.unwrap();
    let (cursor, first) = page(vec![change(1, 1, 1, "A"), change(2, 1, 2, "B")], 2, false);
    store.apply_page(&asked, &cursor, &first).await.unwrap();
    // A restore (410): the old copies stay in view until the new history's first
    // pull is through, then only what it holds is left.
    store.restart_pull().await.unwrap();
    let asked = store.next_pull().await.unwrap();
    let fresh = vec![Change {
        id: id(2),
        ..change(2, 5, 1, "B nieuw")
    }];
    let (cursor, fresh) = (
        Cursor::new("f", 1),
        ChangesPage {
            changes: fresh,
            cursor: Cursor::new("f", 1).to_string(),
            has_more: false,
        },
    );
    let applied = store.apply_page(&asked, &cursor, &fresh).await.unwrap();
    assert!(applied.through);
    assert!(
        applied
            .changes
            .contains(&DeviceChange::Remove(RecordKind::Offering, id(1))),
        "{:?}",
        applied.changes
    );
    assert_eq!(titles(&store).await, ["B nieuw"]);
    assert_eq!(store.usage().await.unwrap().records, 1);
    store.delete().await.unwrap();
}

/// A database as version 2 of the app left it (the layout before pages): server
/// copies as rows in `copies`, the outbox in `pending`, both keyed by
/// `kind/id`, and the data schema, the pull and the counters in `meta`. Written
/// here field by field, as that version wrote them.
async fn version_2(name: &str, copy: &Value, entry: &PendingRecord) {
    let db = Database::open(name)
        .with_version(2u32)
        .with_on_upgrade_needed(|_, db| {
            create_version_1_stores(&db)?;
            for store in ["copies", "pending"] {
                db.create_object_store(store)
                    .with_key_path("key".into())
                    .build()?;
            }
            Ok(())
        })
        .await
        .expect("open version 2");
    let tx = db
        .transaction(["copies", "pending", "meta"])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let row = serde_json::json!({
        "key": format!("offering/{}", id(1)),
        "kind": "offering",
        "id": id(1),
        "generation": 1,
        "version": 4,
        "deleted": false,
        "data": copy.to_string(),
    });
    tx.object_store("copies").unwrap().put(row).serde().unwrap();
    let pending = serde_json::json!({
        "key": format!("offering/{}", entry.key.id),
        "entry": serde_json::to_string(entry).unwrap(),
    });
    tx.object_store("pending")
        .unwrap()
        .put(pending)
        .serde()
        .unwrap();
    let meta = tx.object_store("meta").unwrap();
    let pull = PullFrom {
        generation: 1,
        cursor: Some(Cursor::new("e", 10)),
    };
    meta.put(&2u32)
        .with_key("schema".to_owned())
        .serde()
        .unwrap();
    meta.put(&pull).with_key("pull".to_owned()).serde().unwrap();
    meta.put(&false)
        .with_key("restarted".to_owned())
        .serde()
        .unwrap();
    meta.put(&Uuid::from_u128(5).to_string())
        .with_key("client_id".to_owned())
        .serde()
        .unwrap();
    meta.put(&1u64)
        .with_key("edits".to_owned())
        .serde()
        .unwrap();
    tx.commit().await.unwrap();
    db.close();
}

/// An edit of record 1 made on version 4, waiting in the outbox.
fn waiting_edit() -> PendingRecord {
    let held = ServerCopy {
        version: 4,
        deleted: false,
        data: Some(offering(id(1), "Oud", 4)),
    };
    let edit = Edit {
        mutation_id: Uuid::from_u128(77),
        op: Op::Upsert,
        data: Some(offering(id(1), "Mijn wijziging", 4)),
    };
    let mut entry = None;
    queue_edit(
        &mut entry,
        key(1),
        Base::new(Some(&held), Some("e")),
        edit,
        1,
    );
    entry.expect("queued")
}

/// Opens `name` at version 3 and aborts the upgrade inside its versionchange
/// transaction, after the new store was made: as a tab closed or reloaded mid-way.
/// True if the open failed, as it must.
async fn an_upgrade_cut_off(name: &str) -> bool {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(name, 3).unwrap();
    let outcome = js_sys::Promise::new(&mut |resolve, _| {
        let upgrading = request.clone();
        let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
            let db: web_sys::IdbDatabase = upgrading.result().unwrap().unchecked_into();
            db.create_object_store("pages").unwrap();
            upgrading.transaction().unwrap().abort().unwrap();
        });
        request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
        let failed = resolve.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            failed.call1(&JsValue::NULL, &JsValue::TRUE).unwrap();
        });
        request.set_onerror(Some(on_error.unchecked_ref()));
        let opened = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let db: web_sys::IdbDatabase = opened.result().unwrap().unchecked_into();
            db.close();
            resolve.call1(&JsValue::NULL, &JsValue::FALSE).unwrap();
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
    });
    let failed = wasm_bindgen_futures::JsFuture::from(outcome).await.unwrap();
    failed.is_truthy()
}

#[wasm_bindgen_test]
async fn a_version_2_database_upgrades_keeping_its_outbox_even_when_cut_off() {
    let name = name();
    let entry = waiting_edit();
    version_2(&name, &offering(id(1), "Oud", 4), &entry).await;

    // Cut off inside the versionchange transaction: version 2 is left as it was.
    assert!(an_upgrade_cut_off(&name).await, "the open fails");
    let db = Database::open(name.as_str()).await.expect("open as it is");
    assert_eq!(db.version(), 2.0);
    assert!(!db.object_store_names().any(|n| n == PAGES));
    db.close();

    // The new code upgrades it: the outbox and the copy are kept, and the pull
    // goes on from where it stood, record by record.
    let store = Store::open_named(&name).await.expect("upgrade");
    assert_eq!(store.outbox().await.unwrap(), vec![entry.clone()]);
    let batch = store.push_batch(10).await.unwrap();
    assert_eq!(
        (batch[0].mutation_id, batch[0].base_version),
        (Uuid::from_u128(77), 4)
    );
    assert_eq!(title_of(&store, 1).await.as_deref(), Some("Mijn wijziging"));
    let copy = store.server_copy(key(1)).await.unwrap().unwrap();
    assert_eq!(copy.version, 4);
    let asked = store.next_pull().await.unwrap();
    assert_eq!(asked.query().as_deref(), Some("e.10"));
    let (cursor, next) = page(vec![change(2, 1, 11, "Nieuw")], 11, false);
    assert!(
        store
            .apply_page(&asked, &cursor, &next)
            .await
            .unwrap()
            .through
    );
    assert_eq!(titles(&store).await, ["Mijn wijziging", "Nieuw"]);
    store.close();
    // Opened again: nothing moves twice.
    let store = Store::open_named(&name).await.expect("reopen");
    assert_eq!(store.outbox().await.unwrap(), vec![entry]);
    store.delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn an_edit_answered_while_the_first_pull_runs_meets_the_pages_by_version() {
    use wijkgids_core::wire::{MutationResult, Outcome};
    let name = name();
    let store = Store::open_named(&name).await.expect("open");
    let asked = store.next_pull().await.unwrap();
    let (cursor, first) = page(vec![change(1, 1, 1, "A"), change(2, 1, 2, "B")], 2, true);
    store.apply_page(&asked, &cursor, &first).await.unwrap();
    // Both records edited on the version the first page holds, and applied.
    let mut sent = Vec::new();
    for (n, title) in [(1, "Mijn A"), (2, "Mijn B")] {
        let edit = offering(id(n), title, 1);
        let (mutation, _) = store
            .edit(key(n), Op::Upsert, Some(edit))
            .await
            .unwrap()
            .expect("queued");
        sent.push(mutation);
    }
    let batch = store.push_batch(10).await.unwrap();
    assert!(batch.iter().all(|m| m.base_version == 1), "{batch:?}");
    let answers: Vec<MutationResult> = sent
        .iter()
        .map(|&mutation_id| MutationResult {
            mutation_id,
            outcome: Outcome::Applied { version: 2, seq: 3 },
        })
        .collect();
    store.apply_answers(&answers, Some("e")).await.unwrap();
    assert!(store.outbox().await.unwrap().is_empty());
    // The pull goes on: someone else changed A after that edit (version 3); B's
    // answer is the newest copy there is.
    let asked = store.next_pull().await.unwrap();
    let (cursor, second) = page(vec![change(1, 3, 4, "A van een ander")], 4, false);
    let applied = store.apply_page(&asked, &cursor, &second).await.unwrap();
    assert!(applied.through);
    store.close();
    let store = Store::open_named(&name).await.expect("reopen");
    assert_eq!(titles(&store).await, ["A van een ander", "Mijn B"]);
    assert_eq!(store.server_copy(key(1)).await.unwrap().unwrap().version, 3);
    assert_eq!(store.server_copy(key(2)).await.unwrap().unwrap().version, 2);
    store.delete().await.unwrap();
}
