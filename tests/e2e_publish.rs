//! End to end: a publisher creates an offering with the server stopped, it waits
//! on the device through a reload, arrives when the server is back (pending
//! review), a coordinator approves it, and an anonymous resident finds it.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::Locator;
use support::{Browser, COORDINATOR, PASSWORD, Server, VLONDERHOF as ORGANISATION, wait_for_sync};

const PUBLISHER: &str = "aanbieder@example.org";
const TITLE: &str = "Samen soep koken in Vlonderhof";

#[tokio::test(flavor = "multi_thread")]
async fn an_offering_made_offline_arrives_is_approved_and_is_found() {
    let server = Server::start().await;
    server
        .add_user(PUBLISHER, "publisher", Some(ORGANISATION), PASSWORD)
        .await;
    server
        .add_user(COORDINATOR, "coordinator", None, PASSWORD)
        .await;
    let publisher = Browser::start().await;
    publisher.visit(&server, "/").await;
    wait_for_sync(&publisher).await;
    publisher.sign_in(&server, PUBLISHER, PASSWORD).await;
    wait_for_sync(&publisher).await;
    let port = server.port();
    let url = server.url.clone();

    // No server: the form still works, checked as it is filled in.
    let data_dir = server.stop().await;
    publisher
        .client
        .goto(&format!("{url}/mijn-aanbod"))
        .await
        .expect("open");
    publisher.click("[data-testid=new-offering]").await;
    publisher.type_into("#title", TITLE).await;
    publisher
        .type_into("#contact\\.email", "niet-een-adres")
        .await;
    publisher
        .wait_until("[data-testid=contact\\.email-error]", |t| !t.is_empty())
        .await;
    publisher.click("[data-testid=publish]").await;
    publisher
        .wait_for_text("[data-testid=error-summary]", "klopt nog iets niet")
        .await;
    // A publish that failed changed nothing: the form still says it is a draft.
    let status = publisher.wait_for_text("main .lead", "Status").await;
    assert!(status.contains("Concept"), "{status}");
    publisher
        .type_into(
            "#summary",
            "Elke woensdag koken we samen soep en eten we samen.",
        )
        .await;
    publisher.click("#themes input[value=meeting_people]").await;
    let email = publisher
        .client
        .find(Locator::Css("#contact\\.email"))
        .await
        .expect("e-mail");
    email.clear().await.expect("clear");
    email.send_keys("koken@example.org").await.expect("type");
    // Every Wednesday 17:00 to 19:00, in the schedule editor.
    publisher.click("[data-testid=add-schedule]").await;
    publisher.click_label("woensdag").await;
    publisher.type_into("#s0-opens_at", "1700").await;
    publisher.type_into("#s0-closes_at", "1900").await;
    publisher
        .wait_for_text("[data-testid=schedule-says]", "woensdag")
        .await;
    publisher.screenshots("edit-offering").await;
    publisher.click("[data-testid=publish]").await;
    publisher.wait_for_text("main", TITLE).await;
    publisher
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(TITLE) && t.contains("Wacht op versturen")
        })
        .await;

    // Still there after a reload with no server.
    publisher
        .client
        .goto(&format!("{url}/mijn-aanbod"))
        .await
        .expect("reload");
    publisher
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(TITLE) && t.contains("Wacht op versturen")
        })
        .await;

    // The server is back: the offering arrives, waiting for a coordinator.
    let server = Server::start_in(data_dir, port).await;
    publisher.say_online().await;
    publisher
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(TITLE) && t.contains("Wacht op controle") && !t.contains("versturen")
        })
        .await;

    let coordinator = Browser::start().await;
    coordinator.visit(&server, "/").await;
    wait_for_sync(&coordinator).await;
    coordinator.sign_in(&server, COORDINATOR, PASSWORD).await;
    wait_for_sync(&coordinator).await;
    coordinator.visit(&server, "/beheer").await;
    coordinator
        .wait_for_text("[data-testid=pending]", TITLE)
        .await;

    // Sent back once with a reason (on its preview), which the publisher reads;
    // published again.
    let card_link = format!("//li[@data-testid='pending']//a[contains(., '{TITLE}')]");
    coordinator
        .client
        .find(Locator::XPath(&card_link))
        .await
        .expect("the offering in the queue")
        .click()
        .await
        .expect("open its preview");
    coordinator
        .type_into("#decide textarea", "Zet er een adres bij.")
        .await;
    coordinator.click("[data-testid=send-back]").await;
    // Said once it is stored on the device, so the page may be left.
    coordinator
        .wait_for_text("[data-testid=review-notice]", "Teruggestuurd")
        .await;
    // Sent and accepted, then the publisher's device pulls it.
    coordinator.visit(&server, "/mijn-aanbod").await;
    coordinator
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(TITLE) && t.contains("Concept") && !t.contains("versturen")
        })
        .await;
    publisher.say_online().await;
    publisher.visit(&server, "/mijn-aanbod").await;
    publisher
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(TITLE) && t.contains("Concept")
        })
        .await;
    publisher
        .client
        .find(Locator::XPath(&format!("//a[contains(., '{TITLE}')]")))
        .await
        .expect("the offering")
        .click()
        .await
        .expect("open");
    publisher
        .wait_for_text("[data-testid=review-note]", "Zet er een adres bij.")
        .await;
    publisher
        .type_into("#location\\.address", "Vlonderplein 3")
        .await;
    publisher.click("[data-testid=publish]").await;
    publisher.wait_for_text("h1", "Mijn aanbod").await;
    publisher
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(TITLE) && t.contains("Wacht op controle") && !t.contains("versturen")
        })
        .await;
    coordinator.say_online().await;
    coordinator.visit(&server, "/beheer").await;
    coordinator
        .wait_for_text("[data-testid=pending]", TITLE)
        .await;
    coordinator
        .client
        .find(Locator::XPath(&card_link))
        .await
        .expect("the offering in the queue")
        .click()
        .await
        .expect("open its preview");
    coordinator.click("[data-testid=approve]").await;
    coordinator
        .wait_for_text("[data-testid=review-notice]", "Goedgekeurd")
        .await;
    // Out of the queue (the demo has other offerings waiting; the notice above it
    // names it).
    coordinator
        .wait_until("main", |t| {
            t.split("Wacht op goedkeuring")
                .nth(1)
                .and_then(|rest| rest.split("Langer dan").next())
                .is_some_and(|queue| !queue.contains(TITLE))
        })
        .await;
    // Sent and accepted: no longer waiting on the coordinator's device.
    coordinator.visit(&server, "/mijn-aanbod").await;
    coordinator
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(TITLE) && t.contains("Gepubliceerd") && !t.contains("versturen")
        })
        .await;
    coordinator.close().await;

    let resident = Browser::start().await;
    resident.visit(&server, "/zoeken?q=soep").await;
    resident
        .wait_until("[data-testid=results] .card-title", |t| t.contains(TITLE))
        .await;
    resident.close().await;
    publisher.finish(server).await;
}
