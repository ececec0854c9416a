//! End to end: the real server serves the built app, and the app runs in Chromium.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Server};

#[tokio::test(flavor = "multi_thread")]
async fn the_app_renders_and_takes_over_the_first_screen() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.visit(&server, "/").await;

    // Only the running WASM moves the status on: the static shell says "loading".
    browser
        .wait_until("[data-testid=sync-status]", |t| {
            !t.is_empty() && !t.contains("geladen")
        })
        .await;
    // The home screen the app paints has what the static one had, and today's agenda.
    browser.wait_for_text("h1", "Wijkgids").await;
    browser.wait_for_text("main", "Vandaag in de wijk").await;
    assert_eq!(browser.texts(".tiles .tile").await.len(), 13);

    let version = wijkgids_core::VERSION;
    browser.visit(&server, "/instellingen").await;
    browser
        .wait_for_text("[data-testid=version]", &format!("Versie {version}"))
        .await;

    // A client-side route survives a reload: the server answers with the app.
    browser.visit(&server, "/bestaat-niet").await;
    browser
        .wait_for_text("h1", "Deze pagina bestaat niet")
        .await;

    browser.finish(server).await;
}
