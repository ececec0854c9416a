//! End to end: opening the guide again on a device that holds it. The guide's
//! snapshot (the search index, and the cards in chunks) shows the results
//! before the records are read (issue 21: first results within 300 ms with
//! 50,000 offerings). Offline, so that everything comes from the device.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use support::{Browser, SNAPSHOT_KEPT, Server, wait_for_sync};

/// The guide's start-up moments this page has passed (`components::browser::mark`).
const MOMENTS: &str = "return performance.getEntriesByType('mark')
    .filter((m) => m.name.startsWith('wijkgids:')).map((m) => m.name.slice(9));";

async fn moments(browser: &Browser) -> Vec<String> {
    let found = browser
        .client
        .execute(MOMENTS, vec![])
        .await
        .expect("the page's marks");
    serde_json::from_value(found).expect("names")
}

/// Waits until the guide's snapshot is kept (after a sync).
async fn wait_for_snapshot_kept(browser: &Browser) {
    for _ in 0..100 {
        let kept = browser
            .client
            .execute_async(SNAPSHOT_KEPT, vec![])
            .await
            .expect("read the store")
            .as_bool()
            .unwrap_or(false);
        if kept {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no snapshot kept after the sync");
}

/// The guide's results for "wandel", online and synced, its snapshot kept.
async fn synced_results(browser: &Browser, server: &Server) -> Vec<String> {
    browser.visit(server, "/zoeken?q=wandel").await;
    wait_for_sync(browser).await;
    browser.wait_until_controlled().await;
    let online = browser.texts("[data-testid=results] .card-title").await;
    assert!(online.len() > 2, "{online:?}");
    wait_for_snapshot_kept(browser).await;
    online
}

/// Opens the results for "wandel" again, offline, and answers the guide's
/// start-up moments once the first of the `online` results shows, after
/// checking that every one of them is drawn, in the same order, and that the
/// page passed the moments `expected`.
async fn reopen_offline(
    browser: &Browser,
    server: &Server,
    online: &[String],
    expected: &[&str],
) -> Vec<String> {
    browser.network(false).await;
    browser.visit(server, "/zoeken?q=wandel").await;
    browser
        .wait_until_any("[data-testid=results] .card-title", |t| t == online[0])
        .await;
    let seen = moments(browser).await;
    for moment in expected {
        assert!(seen.iter().any(|m| m == moment), "{moment} not in {seen:?}");
    }
    assert_eq!(
        browser.texts("[data-testid=results] .card-title").await,
        online
    );
    seen
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reopen_shows_the_same_results_from_the_snapshot_then_opens_the_records() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    let online = synced_results(&browser, &server).await;

    // Read by the page while the guide's WASM loaded, not by the guide again;
    // the list drawn whole from the cards, in the same order.
    let expected = ["snapshot-read-early", "snapshot-shown", "cards-read"];
    let seen = reopen_offline(&browser, &server, &online, &expected).await;
    assert!(!seen.iter().any(|m| m == "snapshot-read"), "{seen:?}");
    // Then the records: an offering's page opens from the device.
    browser
        .client
        .find(fantoccini::Locator::Css(
            "[data-testid=results] .card-title a",
        ))
        .await
        .expect("a result")
        .click()
        .await
        .expect("tap it");
    browser.wait_for_text("h1", &online[0]).await;
    browser.finish(server).await;
}

/// What `index.html` read early, given to the guide as of another mark of the
/// data: as when the data changed between the page's read and the guide's
/// start (another tab's write, a session that ended while the app was closed).
const READ_EARLY_OF_OTHER_DATA: &str = "Object.defineProperty(window, 'wijkgidsKeptSnapshot', {
    configurable: true,
    set(read) { this.__read = read; },
    get() { return this.__read.then((r) => r && ['a mark of other data', r[1]]); },
});";

#[tokio::test(flavor = "multi_thread")]
async fn a_snapshot_read_early_of_other_data_is_not_shown_the_store_s_is() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    let online = synced_results(&browser, &server).await;

    browser.on_every_page(READ_EARLY_OF_OTHER_DATA).await;
    // Taken, found not to be the data's, and the store's own snapshot read.
    let expected = ["snapshot-read-early", "snapshot-read", "snapshot-shown"];
    reopen_offline(&browser, &server, &online, &expected).await;
    browser.finish(server).await;
}
