//! Benchmark (not a test): where a first sync of 50,000 offerings and a reopen
//! spend their time on the device, stage by stage, with the client's own store and
//! guide in headless Chromium (no server: the pull pages are made in the page, as
//! the server writes them for an anonymous reader, read as the transport reads
//! them: the records' JSON kept as text). `tests/bench_sync.rs` times the
//! whole thing in the real app; this one says why.
//!
//! Built only with the `bench` feature; `scripts/bench.sh` runs it as
//!
//!     CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=900 \
//!       cargo test --target wasm32-unknown-unknown --profile wasm-release \
//!       --features bench --test bench_sync_parts -- --nocapture
//!
//! Each figure is printed as a `BENCH {json}` line for the report.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use leptos::prelude::Owner;
use wasm_bindgen_test::*;
use wijkgids::guide::{DeviceChange, Guide};
use wijkgids::store::{RawPage, Store};
use wijkgids_core::Vocabulary;
use wijkgids_core::generate;
use wijkgids_core::record::Record;
use wijkgids_core::search::Query;
use wijkgids_core::sync::Cursor;
use wijkgids_core::wire::{Change, ChangesPage};

wasm_bindgen_test_configure!(run_in_browser);

mod bench_support;
use bench_support::{bench, performance_now, timed, timed_async};

const OFFERINGS: usize = 50_000;
/// The seed of `tests/bench_sync.rs`.
const SEED: u64 = 7;
/// Records per pull page, as the client asks (`wijkgids::sync::PAGE`).
const PAGE: usize = wijkgids::sync::PAGE;

/// The pull pages an anonymous reader gets for the generated guide, as JSON text:
/// organisations first, as the import stored them; offerings the public may not
/// see come as tombstones.
fn pages() -> Vec<String> {
    let (organisations, offerings) = generate::dataset(OFFERINGS, SEED);
    let records = organisations
        .into_iter()
        .map(Record::Organisation)
        .chain(offerings.into_iter().map(|o| Record::Offering(Box::new(o))));
    let changes: Vec<Change> = records
        .enumerate()
        .map(|(n, record)| {
            let data = match record.public() {
                Some(Record::Offering(o)) => serde_json::to_value(o).ok(),
                Some(Record::Organisation(o)) => serde_json::to_value(o).ok(),
                _ => None,
            };
            Change {
                kind: record.kind(),
                id: record.id(),
                version: 1,
                seq: n as u64 + 1,
                deleted: data.is_none(),
                data,
                last_published: None,
            }
        })
        .collect();
    let count = changes.len();
    changes
        .chunks(PAGE)
        .map(|chunk| {
            let last = chunk.last().map_or(0, |c| c.seq);
            let page = ChangesPage {
                changes: chunk.to_vec(),
                cursor: Cursor::new("bench", last).to_string(),
                has_more: (last as usize) < count,
            };
            serde_json::to_string(&page).expect("a page as JSON")
        })
        .collect()
}

/// A row as small as the store's: its key and the record's JSON text.
#[derive(serde::Serialize)]
struct Row {
    key: String,
    data: Option<String>,
}

/// The least IndexedDB can take for the same pages: one transaction per page that
/// only puts each record's key and text (no reads, no cursor, no outbox), or with
/// `per_page`, the same text as one value per page. Returns the milliseconds spent.
async fn indexeddb_floor(pages: &[RawPage], per_page: bool) -> f64 {
    let name = format!("wijkgids-bench-floor-{}", js_sys::Math::random());
    let db = Database::open(name.as_str())
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("rows")
                .with_key_path("key".into())
                .build()?;
            Ok(())
        })
        .await
        .expect("open the floor database");
    let pages: Vec<Vec<Row>> = pages
        .iter()
        .map(|page| {
            page.changes
                .iter()
                .map(|change| Row {
                    key: format!("{}/{}", change.kind.code(), change.id),
                    data: change.data.as_ref().map(|d| d.get().to_owned()),
                })
                .collect::<Vec<_>>()
        })
        .enumerate()
        .map(|(n, rows)| {
            if !per_page {
                return rows;
            }
            let texts: Vec<&str> = rows.iter().filter_map(|r| r.data.as_deref()).collect();
            vec![Row {
                key: format!("page/{n}"),
                data: Some(format!("[{}]", texts.join(","))),
            }]
        })
        .collect();
    let start = performance_now();
    for page in pages {
        let tx = db
            .transaction("rows")
            .with_mode(TransactionMode::Readwrite)
            .build()
            .expect("a transaction");
        let rows = tx.object_store("rows").expect("the store");
        for row in page {
            rows.put(row).serde().expect("put");
        }
        tx.commit().await.expect("commit");
    }
    let ms = performance_now() - start;
    db.delete().expect("delete").await.expect("deleted");
    ms
}

#[derive(Default)]
struct Stages {
    parse: f64,
    store: f64,
    guide: f64,
    /// Inside the store's work: the page written out as one text, and its
    /// records read from their text for the guide.
    reencode: f64,
    reparse: f64,
}

#[wasm_bindgen_test]
async fn where_a_first_sync_and_a_reopen_spend_their_time() {
    let owner = Owner::new();
    owner.set();
    let (made, texts) = timed(pages);
    let bytes: usize = texts.iter().map(String::len).sum();
    console_log!(
        "sync stages in the browser: {OFFERINGS} offerings in {} pages of {PAGE}, {:.1} MB of JSON \
         (made in {made:.0} ms)",
        texts.len(),
        bytes as f64 / 1e6
    );

    let name = format!("wijkgids-bench-{}", js_sys::Math::random());
    let store = Store::open_named(&name).await.expect("open");
    let guide = Guide::provide();
    let mut t = Stages::default();
    let mut parsed = Vec::new();
    let started = performance_now();
    for text in &texts {
        // As the transport reads a page: the records' JSON kept as text.
        let (ms, page) = timed(|| serde_json::from_str::<RawPage>(text).expect("a page we wrote"));
        t.parse += ms;
        // What the store does besides IndexedDB: the page's changes written out as
        // one text (its value), and each record read from its text for the guide.
        let (ms, _) = timed(|| serde_json::to_string(&page.changes).expect("a text"));
        t.reencode += ms;
        let (ms, _) = timed(|| {
            page.changes
                .iter()
                .filter_map(|c| Record::from_stored(c.kind, c.data.as_ref()?.get()).ok())
                .count()
        });
        t.reparse += ms;
        let cursor: Cursor = page.cursor.parse().expect("a cursor");
        let (ms, applied) = timed_async(async {
            let asked = store.next_pull().await.expect("next pull");
            store
                .apply_page(&asked, &cursor, &page)
                .await
                .expect("apply page")
        })
        .await;
        t.store += ms;
        let stored = ms;
        let (ms, _) = timed(|| guide.apply(applied.changes));
        t.guide += ms;
        if !page.has_more || parsed.len() + 2 == texts.len() {
            console_log!(
                "  page {} ({} records): stored in {stored:.0} ms, guide {ms:.0} ms",
                parsed.len() + 1,
                page.changes.len()
            );
        }
        parsed.push(page);
    }
    let total = performance_now() - started;
    let offerings = guide.offering_count();
    let idb = t.store - t.reencode - t.reparse;
    console_log!("first sync without the network: {total:.0} ms for {offerings} offerings");
    console_log!("  parse pull pages (serde_json, raw)   {:>7.0} ms", t.parse);
    console_log!("  store pages (Store::apply_page)      {:>7.0} ms", t.store);
    console_log!(
        "    of which page to text, records read {:>6.0} ms ({:.0} + {:.0})",
        t.reencode + t.reparse,
        t.reencode,
        t.reparse
    );
    console_log!("    of which IndexedDB and the rest    {idb:>7.0} ms");
    console_log!(
        "  guide and search index (Guide::apply) {:>6.0} ms",
        t.guide
    );
    bench("sync_parts.first_50000.total_ms", total, None, "ms");
    bench("sync_parts.first_50000.parse_ms", t.parse, None, "ms");
    bench("sync_parts.first_50000.store_ms", t.store, None, "ms");
    bench(
        "sync_parts.first_50000.store_record_json_ms",
        t.reencode + t.reparse,
        None,
        "ms",
    );
    bench("sync_parts.first_50000.store_indexeddb_ms", idb, None, "ms");
    bench("sync_parts.first_50000.guide_ms", t.guide, None, "ms");

    let floor = indexeddb_floor(&parsed, false).await;
    let per_page = indexeddb_floor(&parsed, true).await;
    console_log!(
        "  IndexedDB floor for the same pages (only puts of key and text, a transaction per \
         page): {floor:.0} ms; the same text as one value per page: {per_page:.0} ms"
    );
    bench(
        "sync_parts.first_50000.indexeddb_one_value_per_page_ms",
        per_page,
        None,
        "ms",
    );
    bench(
        "sync_parts.first_50000.indexeddb_floor_ms",
        floor,
        None,
        "ms",
    );

    // Reopen: what the engine does at start (Engine::open) and the first search.
    store.close();
    let started = performance_now();
    let (open, store) =
        timed_async(async { Store::open_named(&name).await.expect("reopen") }).await;
    let (load, loaded) = timed_async(async { store.load().await.expect("load") }).await;
    let guide = Guide::provide();
    let (apply, _) = timed(|| guide.apply(loaded.changes));
    let query = Query::new("wandel", "2026-11-03T09:00:00Z".parse().expect("a time"));
    let (search, results) = timed(|| guide.search(&query));
    let total = performance_now() - started;
    console_log!(
        "reopen: {total:.0} ms to the first search ({} results): open {open:.0} ms, read the \
         store (getAll and records from text) {load:.0} ms, guide and index {apply:.0} ms, \
         search {search:.1} ms",
        results.total
    );
    bench("reopen_parts.stored_50000.total_ms", total, None, "ms");
    bench("reopen_parts.stored_50000.store_load_ms", load, None, "ms");
    bench("reopen_parts.stored_50000.guide_ms", apply, None, "ms");

    // The same records with organisations first, as a pull brings them: the index
    // then never re-files an offering under its organisation's name.
    let mut changes = store.load().await.expect("load again").changes;
    changes.sort_by_key(|c| !matches!(c, DeviceChange::Upsert(Record::Organisation(_))));
    let guide = Guide::provide();
    let (sorted, _) = timed(|| guide.apply(changes));
    console_log!("  guide and index with organisations first: {sorted:.0} ms");
    bench(
        "reopen_parts.stored_50000.guide_organisations_first_ms",
        sorted,
        None,
        "ms",
    );
    store.delete().await.expect("delete the database");
}
