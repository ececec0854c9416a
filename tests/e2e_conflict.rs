//! End to end: edits the server does not take as they are. Two publishers of one
//! organisation edit the same offering while the server is away; the second to
//! send is told the versions crossed, sees them side by side, and both edits
//! survive. An edit the server refuses stays on the device, with the reason,
//! until its author lets it go. And an edit that crossed a coordinator's delete
//! can bring the offering back, or let it go off the device.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::Locator;
use serde_json::json;
use support::{Browser, Server, wait_for_sync};

const PASSWORD: &str = "lang genoeg wachtwoord 7";
/// A demo organisation (Huisartsenpraktijk Vlonderhof) and one of its offerings.
const ORGANISATION: &str = "9f44be53-b189-5659-aa2d-509f83ba06b2";
const OFFERING: &str = "14394e9d-7784-5f7e-a2bb-08b554d03f61";

async fn signed_in(server: &Server, email: &str) -> Browser {
    Browser::signed_in(server, email, PASSWORD).await
}

/// Adds `text` at the end of a field of the offering's form, and saves.
async fn edit(browser: &Browser, url: &str, field: &str, text: &str) {
    browser
        .client
        .goto(&format!("{url}/mijn-aanbod/{OFFERING}"))
        .await
        .expect("open the form");
    let input = browser
        .client
        .wait()
        .for_element(Locator::Css(field))
        .await
        .expect("the field");
    input.send_keys(text).await.expect("type");
    browser.click("[data-testid=save]").await;
    browser.wait_for_text("h1", "Mijn aanbod").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_publishers_edit_one_offering_and_both_edits_survive() {
    let server = Server::start().await;
    for email in ["a@example.org", "b@example.org"] {
        server
            .add_user(email, "publisher", Some(ORGANISATION), PASSWORD)
            .await;
    }
    let a = signed_in(&server, "a@example.org").await;
    let b = signed_in(&server, "b@example.org").await;
    let port = server.port();
    let url = server.url.clone();

    // Both edit with the server away: A the summary, B the title and the summary.
    let data_dir = server.stop().await;
    edit(&a, &url, "#summary", " Ook in de regen.").await;
    edit(&b, &url, "#title", " (zaterdag)").await;
    edit(&b, &url, "#summary", " Neem water mee.").await;

    // A sends first; B's edit then crosses A's and waits for B.
    let server = Server::start_in(data_dir, port).await;
    a.say_online().await;
    a.wait_until_any("[data-testid=my-offering]", |t| {
        t.contains("Wandelen met de huisarts") && !t.contains("versturen")
    })
    .await;
    b.say_online().await;
    // Wherever B is, the app says an edit waits for a choice.
    b.wait_for_text("[data-testid=decision-notice]", "Kies wat er moet gebeuren")
        .await;
    b.visit(&server, "/mijn-aanbod").await;
    b.wait_until_any("[data-testid=my-offering]", |t| {
        t.contains("Kies wat er moet gebeuren")
    })
    .await;
    b.click("[data-testid=choose]").await;
    // The title changed on B's side only: merged. The summary changed on both.
    b.wait_for_text("[data-testid=merged]", "(zaterdag)").await;
    b.wait_for_text("[data-testid=clash]", "Neem water mee.")
        .await;
    b.screenshots("conflict").await;
    b.click("[data-testid=resolve]").await;
    b.wait_for_text("[data-testid=save-status], main", "Kies bij elk onderdeel")
        .await;
    b.click("[data-testid=summary-theirs]").await;
    // Answered: the reminder goes before saving.
    b.wait_until("main", |t| !t.contains("Kies bij elk onderdeel"))
        .await;
    b.click("[data-testid=resolve]").await;
    // The choice is confirmed on the page, in its status line.
    b.wait_for_text("[data-testid=result]", "Je keuzes zijn bewaard")
        .await;
    b.click("main a.button").await;
    b.wait_for_text("h1", "Mijn aanbod").await;
    b.wait_until_any("[data-testid=my-offering]", |t| {
        t.contains("(zaterdag)") && !t.contains("versturen") && !t.contains("Kies")
    })
    .await;

    // On A's device after its next sync: B's title and A's summary, both kept.
    a.say_online().await;
    a.visit(&server, &format!("/aanbod/{OFFERING}")).await;
    a.wait_for_text("h1", "(zaterdag)").await;
    a.wait_for_text(".lead", "Ook in de regen.").await;
    b.close().await;
    a.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_edit_waits_with_the_reason_until_its_author_lets_it_go() {
    let server = Server::start().await;
    let (publisher, coordinator) = offline_edit_and_coordinator(&server).await;

    // Meanwhile the coordinator moves the offering to another organisation.
    let page = coordinator
        .api("GET", "/api/v1/changes?limit=500", None)
        .await;
    let changes = page["changes"].as_array().expect("changes");
    let offering = changes
        .iter()
        .find(|c| c["id"] == OFFERING)
        .expect("the offering");
    let other = changes
        .iter()
        .find(|c| c["kind"] == "organisation" && c["id"] != ORGANISATION)
        .expect("another organisation");
    let mut data = offering["data"].clone();
    data["organisation_id"] = other["id"].clone();
    let upsert = json!({ "op": "upsert", "base_version": offering["version"], "data": data });
    push(&coordinator, 2, upsert).await;

    // Back online: the server refuses the edit; it waits on the device with why.
    publisher.network(true).await;
    publisher.visit(&server, "/mijn-aanbod").await;
    publisher
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains("Niet aangenomen")
        })
        .await;
    publisher.click("[data-testid=choose]").await;
    publisher
        .wait_for_text("[data-testid=refusal]", "andere organisatie")
        .await;
    publisher.wait_for_text("h1", "niet aangenomen").await;
    assert!(
        publisher.texts("[data-testid=fix]").await.is_empty(),
        "another organisation's offering cannot be fixed by editing it"
    );
    publisher.screenshots("refused").await;

    // Letting it go: the server's version stands, on the device too.
    publisher.click("[data-testid=discard]").await;
    publisher.wait_for_text("h1", "Mijn aanbod").await;
    publisher
        .visit(&server, &format!("/aanbod/{OFFERING}"))
        .await;
    publisher
        .wait_for_text("h1", "Wandelen met de huisarts")
        .await;
    let lead = publisher.wait_for_text(".lead", "").await;
    assert!(!lead.contains("Ook in de regen."), "{lead}");
    coordinator.close().await;
    publisher.finish(server).await;
}

/// A publisher (on a phone, 360 px wide) and a coordinator signed in; the
/// publisher's phone loses its signal and they edit the offering's summary.
async fn offline_edit_and_coordinator(server: &Server) -> (Browser, Browser) {
    server
        .add_user("a@example.org", "publisher", Some(ORGANISATION), PASSWORD)
        .await;
    server
        .add_user("coordinator@example.org", "coordinator", None, PASSWORD)
        .await;
    let publisher = signed_in(server, "a@example.org").await;
    publisher
        .client
        .set_window_size(360, 800)
        .await
        .expect("a phone's window");
    let coordinator = signed_in(server, "coordinator@example.org").await;
    publisher.network(false).await;
    edit(&publisher, &server.url, "#summary", " Ook in de regen.").await;
    (publisher, coordinator)
}

/// Pushes one mutation of the offering (`op`, `base_version`, `data`) through the
/// API as `browser`'s account, as its `n`th; the server must apply it.
async fn push(browser: &Browser, n: u128, mut mutation: serde_json::Value) {
    mutation["mutation_id"] = json!(uuid::Uuid::from_u128(n));
    mutation["kind"] = json!("offering");
    mutation["id"] = json!(OFFERING);
    let request = json!({
        "client_id": "00000000-0000-4000-8000-000000000001",
        "mutations": [mutation],
    });
    let pushed = browser
        .api("POST", "/api/v1/mutations", Some(request))
        .await;
    assert_eq!(pushed["results"][0]["status"], "applied", "{pushed}");
}

/// The offering's latest change as `browser`'s account pulls it.
async fn offering_on_server(browser: &Browser) -> serde_json::Value {
    let page = browser.api("GET", "/api/v1/changes?limit=1000", None).await;
    page["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .rfind(|c| c["id"] == OFFERING)
        .cloned()
        .expect("the offering")
}

/// A publisher's phone (360 px wide) edits the offering's summary without signal
/// while a coordinator deletes it; back online, the publisher opens the choice
/// page. Returns both browsers, the coordinator's for the API.
async fn edit_crosses_delete(server: &Server) -> (Browser, Browser) {
    let (publisher, coordinator) = offline_edit_and_coordinator(server).await;
    let offering = offering_on_server(&coordinator).await;
    let delete = json!({ "op": "delete", "base_version": offering["version"] });
    push(&coordinator, 3, delete).await;

    // Back online: the edit crossed the delete and waits for its author.
    publisher.network(true).await;
    publisher.visit(server, "/mijn-aanbod").await;
    publisher
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains("Wandelen met de huisarts") && t.contains("Kies wat er moet gebeuren")
        })
        .await;
    publisher.click("[data-testid=choose]").await;
    publisher
        .wait_for_text("h1", "Dit aanbod is verwijderd")
        .await;
    publisher
        .wait_for_text(".lead", "terwijl jij het aan het veranderen was")
        .await;
    publisher
        .wait_for_text("[data-testid=version]", "Ook in de regen.")
        .await;
    let buttons = publisher.texts(".actions button").await;
    assert_eq!(
        buttons,
        ["Terugzetten met mijn wijzigingen", "Laten gaan"],
        "both choices, for a publisher of the offering's organisation"
    );
    let focused = publisher
        .client
        .execute("return document.activeElement.tagName", vec![])
        .await
        .expect("the focused element");
    assert_eq!(focused, "H1", "the heading has the focus");
    (publisher, coordinator)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_that_crossed_a_delete_brings_the_offering_back() {
    let server = Server::start().await;
    let (publisher, coordinator) = edit_crosses_delete(&server).await;
    publisher.screenshot("crossed-delete", 360).await;
    publisher.click("[data-testid=keep-mine]").await;
    publisher
        .wait_for_text("[data-testid=result]", "komt terug met jouw wijzigingen")
        .await;
    publisher
        .wait_until("[data-testid=sync-status]", |t| {
            t.contains("Bijgewerkt om") && !t.contains("wacht")
        })
        .await;
    assert!(publisher.texts(".actions button").await.is_empty());

    // The server has it again, with the publisher's text, for the coordinator too.
    let back = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        loop {
            let change = offering_on_server(&coordinator).await;
            if change["deleted"] == false {
                return change;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    })
    .await
    .expect("the offering came back on the server");
    let summary = back["data"]["summary"].as_str().unwrap_or_default();
    assert!(summary.ends_with("Ook in de regen."), "{back}");
    publisher.visit(&server, "/mijn-aanbod").await;
    publisher
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains("Wandelen met de huisarts")
                && !t.contains("versturen")
                && !t.contains("Kies")
        })
        .await;
    coordinator.close().await;
    publisher.finish(server).await;
}

/// The titles the search for the offering shows on the device, once synced.
async fn found(browser: &Browser, server: &Server) -> Vec<String> {
    browser
        .visit(server, "/zoeken?q=wandelen%20met%20de%20huisarts")
        .await;
    wait_for_sync(browser).await;
    browser
        .wait_for_text("[data-testid=result-count]", "gevonden")
        .await;
    browser.texts("[data-testid=results] .card-title").await
}

/// Mijn aanbod on the device, once it lists the organisation's offerings.
async fn my_offerings(browser: &Browser, server: &Server) -> Vec<String> {
    browser.visit(server, "/mijn-aanbod").await;
    wait_for_sync(browser).await;
    browser
        .wait_until_any("[data-testid=my-offering]", |_| true)
        .await;
    browser.texts("[data-testid=my-offering]").await
}

#[tokio::test(flavor = "multi_thread")]
async fn letting_an_edit_go_that_crossed_a_delete_takes_the_offering_off_the_device() {
    let server = Server::start().await;
    let (publisher, coordinator) = edit_crosses_delete(&server).await;
    publisher.click("[data-testid=take-theirs]").await;
    publisher
        .wait_for_text("[data-testid=result]", "staat niet meer op dit apparaat")
        .await;
    publisher
        .wait_until("[data-testid=sync-status]", |t| {
            t.contains("Bijgewerkt om") && !t.contains("wacht")
        })
        .await;
    publisher.screenshot("crossed-delete-let-go", 360).await;
    for reloaded in [false, true] {
        if reloaded {
            publisher.client.refresh().await.expect("reload");
        }
        let titles = found(&publisher, &server).await;
        assert!(
            !titles
                .iter()
                .any(|t| t.contains("Wandelen met de huisarts")),
            "search, reloaded {reloaded}: {titles:?}"
        );
        let mine = my_offerings(&publisher, &server).await;
        assert!(
            !mine.iter().any(|t| t.contains("Wandelen met de huisarts")),
            "Mijn aanbod, reloaded {reloaded}: {mine:?}"
        );
    }
    assert_eq!(offering_on_server(&coordinator).await["deleted"], true);
    coordinator.close().await;
    publisher.finish(server).await;
}
