//! End to end on a slow line (20 KB/s, 150 ms round trip): a first sync whose
//! pages each take longer to arrive than the silence a request is allowed
//! (15 s). The next page is asked for as soon as a page's headers are in, and its
//! body waits in the browser while the page before it still arrives: it must not
//! count as a silent server (a break-it run saw each such page given up and the
//! sync go offline for two minutes after every page).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use support::{Browser, Server, generated_data_folder, wait_for_sync};

/// Offerings in the guide: three pull pages, each of them well over 15 s at
/// this line's speed (a page of 1,000 is about 270 KB compressed).
const OFFERINGS: usize = 2_000;
/// Longest the sync may take on this line.
const PATIENCE: Duration = Duration::from_secs(240);

/// From the page's first moment, every text of the status line, in order.
const WATCH: &str = "(() => {
    window.__statuses = [];
    setInterval(() => {
        const line = document.querySelector('[data-testid=sync-status]');
        const text = line && line.textContent.trim();
        const seen = window.__statuses;
        if (text && seen[seen.length - 1] !== text) seen.push(text);
    }, 100);
})();";

#[tokio::test(flavor = "multi_thread")]
async fn a_first_sync_whose_pages_each_take_longer_than_the_silence_allowed_goes_through() {
    // SAFETY: set before this test starts any process or thread that reads the
    // environment; it is the only test in this binary.
    unsafe { std::env::set_var("WIJKGIDS_DEMO", "false") };
    // The app, kept by the service worker, from an empty guide on a fast line.
    let empty = Server::start().await;
    let port = empty.port();
    let browser = Browser::start().await;
    browser.phone().await;
    browser.visit(&empty, "/").await;
    wait_for_sync(&browser).await;
    browser.wait_until_controlled().await;
    let _empty = empty.stop().await;
    // Another guide on the same origin (a new history: the device pulls it from
    // the start), over the slow line.
    let server = Server::start_in(generated_data_folder(OFFERINGS, 7), port).await;
    browser.on_every_page(WATCH).await;
    browser
        .emulate_line(false, 150, Some((20_000, 20_000)))
        .await;
    browser.client.refresh().await.expect("reload");
    let started = Instant::now();
    let statuses = loop {
        let seen = browser.script("return window.__statuses || [];").await;
        let statuses: Vec<String> = serde_json::from_value(seen).expect("texts");
        if statuses
            .last()
            .is_some_and(|s| s.starts_with("Bijgewerkt om"))
            && statuses.iter().any(|s| s.contains(" binnen"))
        {
            break statuses;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the sync did not end in time: {statuses:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(
        !statuses.iter().any(|s| s.starts_with("Offline")),
        "never offline on a slow but moving line: {statuses:?}"
    );
    browser.visit(&server, "/zoeken?q=wandelen").await;
    wait_for_sync(&browser).await;
    browser.finish(server).await;
}
