//! End to end: two tabs of one browser open the guide at once on a new device
//! (2,000 generated offerings, pulled in pages) and each ends up with the whole
//! guide, without a reload: one tab syncs at a time and the other takes in
//! what it stored. A break-it run found each tab holding part of the guide,
//! and searches in them finding a fraction of what is there.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Server, generated_data_folder, wait_for_sync};

/// What search finds for "wandelen" in the tab shown, typed on its front page
/// (the tab's guide as it is, not read again from the store).
async fn found_by_typing(browser: &Browser) -> usize {
    browser.type_into("#q", "wandelen").await;
    let count = browser
        .wait_until("[data-testid=result-count]", |t| {
            t.ends_with(" gevonden") && !t.contains("tot nu toe")
        })
        .await;
    count
        .trim_end_matches(" gevonden")
        .parse()
        .expect("a count")
}

#[tokio::test]
async fn two_tabs_on_a_first_sync_each_hold_the_whole_guide() {
    // The generated guide alone, without the demo neighbourhood.
    // SAFETY: set before this test starts any process or thread that reads the
    // environment; it is the only test in this binary.
    unsafe { std::env::set_var("WIJKGIDS_DEMO", "false") };
    let server = Server::start_in(generated_data_folder(2_000, 7), 0).await;
    let browser = Browser::start().await;
    browser.phone().await;
    let first = browser.client.window().await.expect("the first tab");
    browser.visit(&server, "/").await;
    let second = browser.client.new_window(true).await.expect("a second tab");
    browser
        .client
        .switch_to_window(second.handle.clone())
        .await
        .expect("to the second tab");
    browser.visit(&server, "/").await;

    wait_for_sync(&browser).await;
    let in_second = found_by_typing(&browser).await;
    browser
        .client
        .switch_to_window(first.clone())
        .await
        .expect("to the first tab");
    wait_for_sync(&browser).await;
    let in_first = found_by_typing(&browser).await;

    // The whole guide, as the store holds it: read again by a reload.
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    let whole = found_by_typing(&browser).await;
    assert!(whole > 20, "{whole}");
    assert_eq!((in_first, in_second), (whole, whole));
    browser.finish(server).await;
}
