//! End to end: the resident's guide comes without the signed-in tools (issue 21).
//! Signed out, the tools ask to sign in before anything is made.
//! A resident's device never fetches the tools; tapping "Inloggen" in the resident's
//! guide brings the guide with the tools, and from then on (signed in) the device
//! starts with it, also with the server stopped.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, PASSWORD, Server, wait_for_sync};

const PUBLISHER: &str = "aanbieder@example.org";

/// Which guides' WASM this page has fetched: (the resident's, the tools').
async fn guides_fetched(browser: &Browser) -> (bool, bool) {
    let js = "return performance.getEntriesByType('resource').map(e => e.name)
                  .filter(n => n.endsWith('_bg.wasm')).map(n => n.split('/').pop())";
    let names = browser.script(js).await;
    let names: Vec<String> = serde_json::from_value(names).expect("names");
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    (has("wijkgids-guide-"), has("wijkgids-tools-"))
}

/// Searches as a resident does, and answers [`guides_fetched`] once results show.
async fn searched(browser: &Browser, server: &Server) -> (bool, bool) {
    browser.visit(server, "/zoeken?q=wandel").await;
    browser
        .wait_until("[data-testid=results] .card-title", |t| !t.is_empty())
        .await;
    guides_fetched(browser).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_resident_gets_the_guide_without_the_tools_and_signing_in_brings_them() {
    let server = Server::start().await;
    server
        .add_user(
            PUBLISHER,
            "publisher",
            Some(
                wijkgids_core::sample::SAMPLE_ORGANISATION_ID
                    .to_string()
                    .as_str(),
            ),
            PASSWORD,
        )
        .await;
    let browser = Browser::start().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.wait_until_controlled().await;
    assert_eq!(
        searched(&browser, &server).await,
        (true, false),
        "a resident's device fetches the resident's guide, not the tools"
    );

    // The header's "Inloggen", tapped in the resident's guide, opens the form.
    browser.tap_menu("/inloggen").await;
    browser.element("#email").await;
    assert_eq!(
        guides_fetched(&browser).await,
        (false, true),
        "the tools came"
    );
    // Signed out, the tools say to sign in first: an offering made now would
    // belong to no account and never be sent; Verwijzen works on what residents see.
    for path in ["/mijn-aanbod", "/mijn-aanbod/nieuw"] {
        browser.visit(&server, path).await;
        browser
            .wait_for_text("[data-testid=sign-in-first]", "Log in")
            .await;
        assert!(browser.texts("[data-testid=new-offering]").await.is_empty());
        assert!(browser.texts("#title").await.is_empty(), "no form: {path}");
    }
    browser.visit(&server, "/verwijzen").await;
    browser
        .wait_for_text("[data-testid=refer-sign-in]", "professional")
        .await;

    browser.visit(&server, "/inloggen").await;
    browser.sign_in_attempt(PUBLISHER, PASSWORD).await;
    browser
        .wait_for_text("[data-testid=account]", PUBLISHER)
        .await;
    wait_for_sync(&browser).await;

    // What residents see is there too, in the guide with the tools.
    assert_eq!(
        searched(&browser, &server).await,
        (false, true),
        "signed in, only the guide with the tools"
    );

    // Signed in, the device starts with the tools, with no server too.
    let url = server.url.clone();
    let _data = server.stop().await;
    browser
        .client
        .goto(&format!("{url}/mijn-aanbod"))
        .await
        .expect("open");
    browser.element("[data-testid=new-offering]").await;
    browser
        .client
        .goto(&format!("{url}/zoeken?q=wandel"))
        .await
        .expect("open");
    browser
        .wait_until("[data-testid=results] .card-title", |t| !t.is_empty())
        .await;
    browser.close().await;
}
