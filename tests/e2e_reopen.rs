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

#[tokio::test(flavor = "multi_thread")]
async fn a_reopen_shows_the_same_results_from_the_snapshot_then_opens_the_records() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.visit(&server, "/zoeken?q=wandel").await;
    wait_for_sync(&browser).await;
    browser.wait_until_controlled().await;
    let online = browser.texts("[data-testid=results] .card-title").await;
    assert!(online.len() > 2, "{online:?}");
    // The snapshot is kept after the sync.
    let mut kept = false;
    for _ in 0..100 {
        kept = browser
            .client
            .execute_async(SNAPSHOT_KEPT, vec![])
            .await
            .expect("read the store")
            .as_bool()
            .unwrap_or(false);
        if kept {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(kept, "no snapshot kept after the sync");

    browser.network(false).await;
    browser.visit(&server, "/zoeken?q=wandel").await;
    browser
        .wait_until_any("[data-testid=results] .card-title", |t| t == online[0])
        .await;
    let seen = moments(&browser).await;
    for moment in ["snapshot-shown", "cards-read"] {
        assert!(seen.iter().any(|m| m == moment), "{moment} not in {seen:?}");
    }
    // The list is drawn whole from the cards, in the same order.
    assert_eq!(
        browser.texts("[data-testid=results] .card-title").await,
        online
    );
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
