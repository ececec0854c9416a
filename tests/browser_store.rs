//! The IndexedDB store in a real browser (wasm-bindgen-test, headless Chromium).
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde_json::Value;
use uuid::Uuid;
use wasm_bindgen_test::*;
use wijkgids::guide::DeviceChange;
use wijkgids::store::{Store, V1_OUTBOX, V1_RECORDS, create_version_1_stores};
use wijkgids_core::record::Record;
use wijkgids_core::sync::Cursor;
use wijkgids_core::sync::replica::{PullFrom, RecordKey};
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
