//! End to end: someone asks for a publisher account in the app; until a
//! coordinator approves it they cannot sign in; once approved they can, and their
//! organisation's offerings are theirs to edit. A request turned down tells the
//! applicant why when they try to sign in.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{Browser, COORDINATOR, PASSWORD, Server, VLONDERHOF as ORGANISATION, wait_for_sync};

const COACH: &str = "sanne@example.org";
const OTHER: &str = "onbekend@example.org";
const REASON: &str = "Niet bekend bij deze organisatie.";
const COACH_PASSWORD: &str = "kort maar nu lang genoeg";

/// Tries to sign in on the sign-in page, and waits for the refusal that `says`.
async fn sign_in_refused(
    browser: &Browser,
    server: &Server,
    email: &str,
    password: &str,
    says: &str,
) {
    browser.visit(server, "/inloggen").await;
    browser.sign_in_attempt(email, password).await;
    browser
        .wait_for_text("[data-testid=sign-in-error]", says)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_waits_for_a_coordinator_who_approves_or_turns_it_down() {
    let server = Server::start().await;
    server
        .add_user(COORDINATOR, "coordinator", None, PASSWORD)
        .await;
    let applicant = Browser::start().await;
    applicant.visit(&server, "/").await;
    wait_for_sync(&applicant).await;

    // From the sign-in page to the request form, checked as it is filled in.
    applicant.visit(&server, "/inloggen").await;
    applicant.click("[data-testid=apply-link]").await;
    applicant.wait_for_text("h1", "Account aanvragen").await;
    applicant.type_into("#name", "Sanne de Vries").await;
    applicant.type_into("#email", COACH).await;
    applicant.type_into("#password", "kort").await;
    applicant
        .wait_for_text("[data-testid=password-error]", "minstens 10 tekens")
        .await;
    applicant.click("[data-testid=apply]").await;
    applicant
        .wait_for_text("[data-testid=organisation_id-error]", "Kies de organisatie")
        .await;
    applicant
        .type_into("#password", " maar nu lang genoeg")
        .await;
    applicant
        .element("#organisation_id")
        .await
        .select_by_value(ORGANISATION)
        .await
        .expect("choose the organisation");
    applicant
        .type_into("#message", "Ik begeleid de wandelgroep.")
        .await;
    applicant.screenshots("apply").await;
    applicant.click("[data-testid=apply]").await;
    applicant
        .wait_for_text("[data-testid=apply-sent]", "verstuurd")
        .await;

    // Not yet: the request waits.
    sign_in_refused(
        &applicant,
        &server,
        COACH,
        COACH_PASSWORD,
        "wacht nog op goedkeuring",
    )
    .await;
    // A second request, from someone the organisation does not know.
    applicant
        .api(
            "POST",
            "/api/v1/account-requests",
            Some(json!({
                "email": OTHER, "password": PASSWORD, "name": "Iemand Anders",
                "organisation_id": ORGANISATION,
            })),
        )
        .await;

    // The coordinator sees both, approves one and turns the other down.
    let coordinator = Browser::start().await;
    coordinator.visit(&server, "/").await;
    wait_for_sync(&coordinator).await;
    coordinator.sign_in(&server, COORDINATOR, PASSWORD).await;
    coordinator.visit(&server, "/beheer").await;
    coordinator
        .wait_until_any("[data-testid=account-request]", |t| {
            t.contains("Sanne de Vries") && t.contains("Ik begeleid de wandelgroep.")
        })
        .await;
    coordinator
        .wait_until_any("[data-testid=account-request]", |t| {
            t.contains("Iemand Anders")
        })
        .await;
    coordinator.screenshots("account-requests").await;
    coordinator
        .find_in_item(
            "account-request",
            "Sanne de Vries",
            "button[@data-testid='approve-account']",
        )
        .await
        .click()
        .await
        .expect("approve");
    coordinator
        .wait_for_text(
            "[data-testid=account-decision]",
            "Goedgekeurd: Sanne de Vries",
        )
        .await;
    coordinator
        .wait_until_any("[data-testid=account-request]", |t| {
            t.contains("Iemand Anders")
        })
        .await;
    // The focus is on what was done, not on the next person's "Goedkeuren"
    // (one more Enter would approve them).
    let focused = coordinator
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             requestAnimationFrame(() => requestAnimationFrame(() => \
                 done(document.activeElement.getAttribute('data-testid'))))",
            vec![],
        )
        .await
        .expect("the focused element");
    assert_eq!(focused, "account-decision");
    coordinator
        .find_in_item("account-request", "Iemand Anders", "textarea")
        .await
        .send_keys(REASON)
        .await
        .expect("type the reason");
    coordinator
        .find_in_item(
            "account-request",
            "Iemand Anders",
            "button[@data-testid='reject-account']",
        )
        .await
        .click()
        .await
        .expect("turn down");
    coordinator
        .wait_for_text("[data-testid=account-decision]", "Afgewezen: Iemand Anders")
        .await;
    coordinator
        .wait_for_text("main", "Er wachten geen aanvragen.")
        .await;

    // Approved: Sanne signs in as a publisher of her organisation.
    applicant.sign_in(&server, COACH, COACH_PASSWORD).await;
    applicant
        .wait_for_text("[data-testid=role]", "Organisator")
        .await;
    wait_for_sync(&applicant).await;
    applicant.visit(&server, "/mijn-aanbod").await;
    applicant
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains("Wandelen met de huisarts")
        })
        .await;

    // Turned down: the reason, in the app's words.
    let other = Browser::start().await;
    sign_in_refused(&other, &server, OTHER, PASSWORD, REASON).await;

    // Blocked: the coordinator blocks Sanne's account; signing in says so, and her
    // signed-in device is signed out at its next sync.
    coordinator.visit(&server, "/beheer").await;
    coordinator
        .find_in_item("account", COACH, "button")
        .await
        .click()
        .await
        .expect("block");
    coordinator
        .wait_for_text(
            "[data-testid=account-decision]",
            "Geblokkeerd: Sanne de Vries",
        )
        .await;
    // Opened again, the app syncs at once, is refused, and goes on signed out
    // ("Je bent uitgelogd" shows only until its anonymous pull is through).
    // (The static page says "Inloggen" too: wait for the guide's pull first.)
    applicant.visit(&server, "/").await;
    wait_for_sync(&applicant).await;
    applicant.wait_for_menu_item("Inloggen").await;
    assert!(applicant.texts("[data-testid=role]").await.is_empty());
    sign_in_refused(&other, &server, COACH, COACH_PASSWORD, "geblokkeerd").await;
    other.close().await;
    coordinator.close().await;
    applicant.finish(server).await;
}
