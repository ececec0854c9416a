//! End to end: every write is kept. A form held open while a pull brings someone
//! else's change merges it (or asks its author) instead of undoing it; signing out
//! keeps unsent edits for their own account, and the next person to sign in on the
//! device neither sees nor sends them; text typed in a form survives a reload and
//! leaving the screen.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{Value, json};
use support::{
    Browser, COORDINATOR, PASSWORD, Server, VLONDERHOF as ORGANISATION,
    WALK_WITH_THE_GP as OFFERING, wait_for_sync,
};

const PUBLISHER: &str = "sanne@example.org";

async fn server_with_accounts() -> Server {
    let server = Server::start().await;
    server
        .add_user(PUBLISHER, "publisher", Some(ORGANISATION), PASSWORD)
        .await;
    server
        .add_user(COORDINATOR, "coordinator", None, PASSWORD)
        .await;
    server
}

async fn signed_in(server: &Server, email: &str) -> Browser {
    Browser::signed_in(server, email, PASSWORD).await
}

/// The offering as the server holds it now, read through `browser`'s session.
async fn on_server(browser: &Browser) -> Value {
    let page = browser.api("GET", "/api/v1/changes?limit=2000", None).await;
    page["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["id"] == OFFERING)
        .cloned()
        .expect("the offering")
}

/// A mutation id no test used before.
fn fresh_id() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// The coordinator changes `field` of the offering to `value` through the API.
async fn coordinator_sets(coordinator: &Browser, field: &str, value: &str) {
    let current = on_server(coordinator).await;
    let mut data = current["data"].clone();
    data[field] = value.into();
    let pushed = coordinator
        .api(
            "POST",
            "/api/v1/mutations",
            Some(json!({
                "client_id": "00000000-0000-4000-8000-000000000001",
                "mutations": [{
                    "mutation_id": fresh_id(),
                    "op": "upsert", "kind": "offering", "id": OFFERING,
                    "base_version": current["version"], "data": data,
                }],
            })),
        )
        .await;
    assert_eq!(pushed["results"][0]["status"], "applied", "{pushed}");
}

/// Waits until the device's store holds `text` (a pull brought it).
async fn device_holds(browser: &Browser, text: &str) {
    for _ in 0..100 {
        browser.say_online().await;
        if browser.indexed_db_dump().await.contains(text) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("the device never received {text:?}");
}

/// Waits until the server's offering passes `check`.
async fn server_until(browser: &Browser, check: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..100 {
        last = on_server(browser).await;
        if check(&last["data"]) {
            return last;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("the server's offering never passed the check: {last}");
}

async fn open_form(browser: &Browser, server: &Server) {
    browser
        .visit(server, &format!("/mijn-aanbod/{OFFERING}"))
        .await;
    browser.element("#title").await;
}

async fn field_value(browser: &Browser, css: &str) -> String {
    browser
        .element(css)
        .await
        .prop("value")
        .await
        .expect("read the field")
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_form_open_across_a_pull_keeps_the_other_persons_change() {
    let server = server_with_accounts().await;
    let publisher = signed_in(&server, PUBLISHER).await;
    let coordinator = signed_in(&server, COORDINATOR).await;

    // A form nobody typed in shows a newer version as soon as it arrives.
    open_form(&publisher, &server).await;
    coordinator_sets(&coordinator, "description", "Nieuwe beschrijving.").await;
    device_holds(&publisher, "Nieuwe beschrijving.").await;
    for _ in 0..50 {
        if field_value(&publisher, "#description").await == "Nieuwe beschrijving." {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        field_value(&publisher, "#description").await,
        "Nieuwe beschrijving."
    );

    // The publisher starts typing; meanwhile the coordinator rewrites the summary
    // and the publisher's app pulls it (as when switching apps and back).
    publisher.type_into("#title", " op").await;
    coordinator_sets(&coordinator, "summary", "Door de coordinator herschreven.").await;
    device_holds(&publisher, "Door de coordinator herschreven.").await;

    // What was typed stays; the publisher finishes the title and saves.
    publisher.type_into("#title", " zaterdag").await;
    publisher.click("[data-testid=save]").await;
    let notice = publisher
        .wait_for_text("[data-testid=save-status]", "Opgeslagen")
        .await;
    assert!(notice.contains("Korte uitleg"), "{notice}");
    publisher.screenshots("saved-with-others").await;
    // The form now shows the coordinator's summary too.
    assert_eq!(
        field_value(&publisher, "#summary").await,
        "Door de coordinator herschreven."
    );

    // On the server: the publisher's title and the coordinator's summary.
    let stored = server_until(&coordinator, |d| {
        d["title"]
            .as_str()
            .is_some_and(|t| t.ends_with("op zaterdag"))
    })
    .await;
    assert_eq!(
        stored["data"]["summary"],
        "Door de coordinator herschreven."
    );

    // Both change the title: nothing is sent; the publisher chooses.
    open_form(&publisher, &server).await;
    publisher.type_into("#title", " en").await;
    coordinator_sets(&coordinator, "title", "Wandelen (nieuwe titel)").await;
    device_holds(&publisher, "Wandelen (nieuwe titel)").await;
    publisher.type_into("#title", " zondag").await;
    publisher.click("[data-testid=save]").await;
    publisher
        .wait_for_text("[data-testid=clash]", "en zondag")
        .await;
    publisher.screenshots("form-clash").await;
    let stored = on_server(&coordinator).await;
    assert_eq!(stored["data"]["title"], "Wandelen (nieuwe titel)");
    coordinator.close().await;
    publisher.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_out_keeps_unsent_edits_for_their_own_account() {
    let server = server_with_accounts().await;
    let device = signed_in(&server, PUBLISHER).await;
    let watcher = signed_in(&server, COORDINATOR).await;

    // Offline, Sanne edits the summary; the edit cannot go.
    device.network(false).await;
    open_form(&device, &server).await;
    device.type_into("#summary", " Ook in de regen.").await;
    device.click("[data-testid=save]").await;
    device.wait_for_text("h1", "Mijn aanbod").await;

    // Signing out says what waits, counted from the outbox, and offers to keep it.
    device.visit(&server, "/account").await;
    device.click("[data-testid=sign-out]").await;
    let question = device
        .wait_for_text("[data-testid=unsent]", "1 wijziging")
        .await;
    assert!(question.contains("bewaard"), "{question}");
    device.screenshots("sign-out-unsent").await;
    device.click("[data-testid=sign-out-keep]").await;
    // Signed out before the phone is back online (until then, a sync may still
    // send the edit as Sanne's, which would be right too).
    device.wait_for_menu_item("Inloggen").await;
    // The public guide stays on the device, offline too: a search finds the
    // offering (whatever day it is: the front page lists only today's).
    device.type_into("#q", "wandelen met de huisarts").await;
    device
        .wait_for_text("[data-testid=results]", "Wandelen met de huisarts")
        .await;

    // The coordinator signs in on the same device, online: Sanne's edit is neither
    // shown to them nor sent under their account.
    device.network(true).await;
    device.sign_in(&server, COORDINATOR, PASSWORD).await;
    wait_for_sync(&device).await;
    device.visit(&server, &format!("/aanbod/{OFFERING}")).await;
    device.wait_for_text("h1", "Wandelen met de huisarts").await;
    let lead = device.wait_for_text(".lead", "").await;
    if lead.contains("Ook in de regen.") {
        // Say whether it was sent, or only shown, for whoever reads the failure.
        let stored = on_server(&watcher).await;
        let held = device.indexed_db_dump().await;
        panic!(
            "the coordinator's device shows Sanne's edit: {lead}\nserver: {} (version {})\n\
             copies of it on the device: {}",
            stored["data"]["summary"],
            stored["version"],
            held.matches("Ook in de regen").count()
        );
    }
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let stored = on_server(&watcher).await;
    assert!(
        !stored["data"]["summary"]
            .as_str()
            .unwrap_or_default()
            .contains("Ook in de regen."),
        "the coordinator's session sent Sanne's edit: {stored}"
    );

    // The coordinator has nothing unsent: signing out asks nothing.
    device.visit(&server, "/account").await;
    device.click("[data-testid=sign-out]").await;
    device.wait_for_menu_item("Inloggen").await;
    assert!(device.texts("[data-testid=unsent]").await.is_empty());

    // Sanne signs in again: her edit goes, as hers.
    device.sign_in(&server, PUBLISHER, PASSWORD).await;
    server_until(&watcher, |d| {
        d["summary"]
            .as_str()
            .is_some_and(|s| s.contains("Ook in de regen."))
    })
    .await;

    // Throwing away is the person's explicit choice.
    device.network(false).await;
    open_form(&device, &server).await;
    device.type_into("#summary", " Weggooien maar.").await;
    device.click("[data-testid=save]").await;
    device.wait_for_text("h1", "Mijn aanbod").await;
    device.visit(&server, "/account").await;
    device.click("[data-testid=sign-out]").await;
    device
        .wait_for_text("[data-testid=unsent]", "1 wijziging")
        .await;
    device.click("[data-testid=sign-out-discard]").await;
    // Signed out and on the front page: the outbox is emptied by then (the menu
    // says "Inloggen" a moment earlier, and a reload then would cut the step off).
    device.wait_for_menu_item("Inloggen").await;
    device.wait_for_text("main", "Waar zoek je hulp bij?").await;
    device.network(true).await;
    device.sign_in(&server, PUBLISHER, PASSWORD).await;
    wait_for_sync(&device).await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let stored = on_server(&watcher).await;
    assert!(
        !stored["data"]["summary"]
            .as_str()
            .unwrap_or_default()
            .contains("Weggooien maar."),
        "{stored}"
    );
    watcher.close().await;
    device.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn text_typed_in_a_form_survives_a_reload_and_leaving_the_screen() {
    let server = server_with_accounts().await;
    let publisher = signed_in(&server, PUBLISHER).await;
    open_form(&publisher, &server).await;
    let before = field_value(&publisher, "#how_to_join").await;
    publisher
        .type_into("#how_to_join", " Kom gewoon langs")
        .await;

    // A reload (or the app closed and opened again) brings it back, and says so.
    publisher
        .visit(&server, &format!("/mijn-aanbod/{OFFERING}"))
        .await;
    publisher
        .wait_for_text("[data-testid=kept-draft]", "nog niet opgeslagen")
        .await;
    let after = field_value(&publisher, "#how_to_join").await;
    assert!(after.ends_with("Kom gewoon langs"), "{after:?}");
    publisher.screenshots("kept-draft").await;

    // Leaving for another screen in the app, and coming back: still there.
    publisher.tap_menu("/mijn-aanbod").await;
    // Asked first (the changes are not saved); leaving anyway keeps them here.
    publisher.click("[data-testid=leave-go]").await;
    publisher.wait_for_text("h1", "Mijn aanbod").await;
    publisher.client.back().await.expect("back to the form");
    publisher
        .wait_for_text("[data-testid=kept-draft]", "nog niet opgeslagen")
        .await;
    assert!(
        field_value(&publisher, "#how_to_join")
            .await
            .ends_with("Kom gewoon langs")
    );

    // Saved: it reaches the server, and the form no longer offers old work.
    publisher.click("[data-testid=save]").await;
    publisher.wait_for_text("h1", "Mijn aanbod").await;
    server_until(&publisher, |d| {
        d["how_to_join"]
            .as_str()
            .is_some_and(|t| t.ends_with("Kom gewoon langs"))
    })
    .await;
    open_form(&publisher, &server).await;
    assert!(publisher.texts("[data-testid=kept-draft]").await.is_empty());

    // Thrown away: the form starts again from the guide's version.
    publisher
        .type_into("#how_to_join", " en neem koffie mee")
        .await;
    publisher
        .visit(&server, &format!("/mijn-aanbod/{OFFERING}"))
        .await;
    publisher.click("[data-testid=discard-kept]").await;
    publisher.element("#title").await;
    assert!(publisher.texts("[data-testid=kept-draft]").await.is_empty());
    let fresh = field_value(&publisher, "#how_to_join").await;
    assert!(!fresh.contains("koffie"), "{fresh:?} (was {before:?})");
    publisher.finish(server).await;
}
