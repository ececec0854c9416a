//! End to end: a coach sets a price the way a person does (taps "Je betaalt een
//! bedrag", types "5,50", saves), a resident then reads it on the offering page;
//! an amount that is not understood is named at its field; tapping "Gratis" makes
//! it free again.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Server, wait_for_sync};

const PASSWORD: &str = "lang genoeg wachtwoord 7";
/// A demo organisation (Huisartsenpraktijk Vlonderhof) and one of its offerings.
const ORGANISATION: &str = "9f44be53-b189-5659-aa2d-509f83ba06b2";
const OFFERING: &str = "14394e9d-7784-5f7e-a2bb-08b554d03f61";
const AMOUNT: &str = "[id='cost.amount_cents']";

/// What a resident's device shows of the offering, after a fresh start.
async fn resident_reads(server: &Server, needle: &str) -> String {
    let resident = Browser::start().await;
    resident.visit(server, "/").await;
    wait_for_sync(&resident).await;
    resident.visit(server, &format!("/aanbod/{OFFERING}")).await;
    let text = resident.wait_for_text("main", needle).await;
    resident.close().await;
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coach_sets_a_price_and_a_resident_reads_it() {
    let server = Server::start().await;
    server
        .add_user(
            "coach@example.org",
            "publisher",
            Some(ORGANISATION),
            PASSWORD,
        )
        .await;
    let coach = Browser::signed_in(&server, "coach@example.org", PASSWORD).await;
    coach
        .visit(&server, &format!("/mijn-aanbod/{OFFERING}"))
        .await;
    coach.click("[data-testid=cost-paid]").await;

    // Not an amount: said at the field, and nothing is saved.
    coach.type_into(AMOUNT, "vijf").await;
    coach.click("[data-testid=save]").await;
    let said = coach
        .wait_until("[data-testid='cost.amount_cents-error']", |t| !t.is_empty())
        .await;
    assert!(said.contains("bedrag"), "{said}");
    assert!(
        coach
            .texts("h1")
            .await
            .iter()
            .any(|t| t.contains("bewerken"))
    );

    // Corrected as a person does: select all, type again, with a comma.
    let field = coach.element(AMOUNT).await;
    field.clear().await.expect("clear");
    field.send_keys("5,50").await.expect("type");
    coach
        .wait_for_text("[data-testid=card-price]", "€ 5,50 per keer")
        .await;
    coach.screenshots("price").await;
    coach.click("[data-testid=save]").await;
    coach.wait_for_text("h1", "Mijn aanbod").await;
    wait_for_sync(&coach).await;
    let page = resident_reads(&server, "€ 5,50").await;
    assert!(page.contains("per keer"), "{page}");

    // One tap on "Gratis" makes it free, and it says so to residents.
    coach
        .visit(&server, &format!("/mijn-aanbod/{OFFERING}"))
        .await;
    assert_eq!(
        coach
            .element(AMOUNT)
            .await
            .prop("value")
            .await
            .expect("the amount")
            .as_deref(),
        Some("5,50")
    );
    coach.click("[data-testid=cost-free]").await;
    coach.click("[data-testid=save]").await;
    coach.wait_for_text("h1", "Mijn aanbod").await;
    wait_for_sync(&coach).await;
    let page = resident_reads(&server, "Gratis").await;
    assert!(!page.contains("€ 5,50"), "{page}");
    coach.finish(server).await;
}
