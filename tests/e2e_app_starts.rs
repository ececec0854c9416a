//! End to end: the real server serves the built app, and the app runs in Chromium.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Server};

#[tokio::test(flavor = "multi_thread")]
async fn the_app_renders_and_reaches_its_server() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser
        .client
        .goto(&server.url)
        .await
        .expect("open the app");

    // Only the running WASM writes these: the static shell has neither.
    let version = wijkgids_core::VERSION;
    browser
        .wait_for_text("[data-testid=server]", &format!("server versie {version}"))
        .await;
    browser
        .wait_for_text("[data-testid=on-device]", "Op dit apparaat: 0 aanbod")
        .await;
    browser
        .wait_for_text("footer", &format!("Wijkgids {version}"))
        .await;

    // A client-side route survives a reload: the server answers with the app.
    browser
        .client
        .goto(&format!("{}/bestaat-niet", server.url))
        .await
        .expect("open an unknown route");
    browser
        .wait_for_text("h1", "Deze pagina bestaat niet")
        .await;

    browser.close().await;
    server.stop().await;
}
