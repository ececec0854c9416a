//! End to end: a session that ends while the app is closed leaves nothing only its
//! role could see for the next person on the device (a shared reception PC, a
//! lent phone). The session expires (the device's clock passes its end, offline
//! too) or the account is blocked on the server; the app opens again signed out,
//! and neither the screen nor IndexedDB holds a referral block or the directory.
//! Unsent edits of the account stay parked for its next sign-in.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use chrono::{DateTime, Duration, SecondsFormat};
use support::{
    Browser, GP, PASSWORD, PRIVATE, Server, VLONDERHOF as ORGANISATION, WALK_WITH_THE_GP,
    WITH_REFERRAL, holds_private, wait_for_sync,
};

const PUBLISHER: &str = "sanne@example.org";

/// A moment `days` from now, for [`Browser::pin_clock`].
fn days_from_now(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    let now = DateTime::from_timestamp(now.as_secs() as i64, 0).expect("a moment");
    (now + Duration::days(days)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The GP signs in, pulls, and sees the referral block and the directory.
async fn gp_at_work(server: &Server) -> Browser {
    let browser = Browser::signed_in(server, GP, PASSWORD).await;
    browser.wait_until_controlled().await;
    browser.visit(server, WITH_REFERRAL).await;
    browser
        .wait_for_text("[data-testid=referral]", "Joyce Bakker-Lont")
        .await;
    browser.visit(server, "/professionals").await;
    browser.wait_for_text("main", "Youssef El Haddaoui").await;
    assert_eq!(holds_private(&browser.indexed_db_dump().await), PRIVATE);
    browser
}

/// Closes the app: the tab leaves it, so nothing of it runs any more.
async fn close_app(browser: &Browser) {
    browser
        .client
        .goto("about:blank")
        .await
        .expect("leave the app");
}

/// What the next person sees: signed out, the offering without its referral
/// block, the directory closed; and the device holds none of it.
async fn next_person_sees_nothing_private(browser: &Browser, server: &Server) {
    browser.visit(server, WITH_REFERRAL).await;
    browser.wait_for_text("h1", "Welzijn op Recept").await;
    browser.wait_for_menu_item("Inloggen").await;
    assert!(
        browser.texts("[data-testid=referral]").await.is_empty(),
        "the referral block is shown to the next person"
    );
    browser.visit(server, "/professionals").await;
    browser
        .wait_for_text("main", "alleen voor professionals")
        .await;
    assert!(browser.texts("[data-testid=professional]").await.is_empty());
    assert_eq!(
        holds_private(&browser.indexed_db_dump().await),
        Vec::<&str>::new(),
        "left in IndexedDB"
    );
    let session = browser
        .script("return localStorage.getItem('wijkgids.session')")
        .await;
    assert!(session.is_null(), "the ended session is kept: {session}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_that_expired_while_the_app_was_closed_leaves_nothing_for_the_next_person() {
    let server = Server::start().await;
    server.add_user(GP, "professional", None, PASSWORD).await;
    let browser = gp_at_work(&server).await;

    // The GP closes the app; two weeks and a day later (sessions last two weeks)
    // the next person opens it on the same browser, with no network: the device
    // cannot ask the server, its own clock says the session is over.
    close_app(&browser).await;
    browser.pin_clock(&days_from_now(15)).await;
    browser.network(false).await;
    next_person_sees_nothing_private(&browser, &server).await;

    // Online again: an anonymous pull, still nothing private.
    browser.network(true).await;
    browser.visit(&server, WITH_REFERRAL).await;
    wait_for_sync(&browser).await;
    assert!(browser.texts("[data-testid=referral]").await.is_empty());
    assert!(holds_private(&browser.indexed_db_dump().await).is_empty());

    // The GP signs in again (the clock back to today, so the new session is in
    // force): everything comes back.
    browser.pin_clock(&days_from_now(0)).await;
    browser.sign_in(&server, GP, PASSWORD).await;
    wait_for_sync(&browser).await;
    browser.visit(&server, WITH_REFERRAL).await;
    browser
        .wait_for_text("[data-testid=referral]", "Joyce Bakker-Lont")
        .await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_that_expires_while_the_app_is_open_offline_signs_out() {
    let server = Server::start().await;
    server.add_user(GP, "professional", None, PASSWORD).await;
    let browser = gp_at_work(&server).await;
    let session = browser
        .script("return JSON.parse(localStorage.getItem('wijkgids.session')).expires_at")
        .await;
    let ends =
        DateTime::parse_from_rfc3339(session.as_str().expect("expires_at")).expect("a moment");

    // The reception PC stays on, offline, until 20 seconds before the session's
    // end by its clock: the GP's referral block is still there.
    close_app(&browser).await;
    let before_the_end = ends - Duration::seconds(20);
    browser
        .pin_clock(&before_the_end.to_rfc3339_opts(SecondsFormat::Secs, true))
        .await;
    browser.network(false).await;
    browser.visit(&server, WITH_REFERRAL).await;
    browser
        .wait_for_text("[data-testid=referral]", "Joyce Bakker-Lont")
        .await;

    // The session ends with the app open: signed out, nothing private on the
    // screen or on the device, without a server to say so.
    for waited in 0.. {
        let gone = browser.texts("[data-testid=referral]").await.is_empty()
            && holds_private(&browser.indexed_db_dump().await).is_empty();
        if gone {
            break;
        }
        assert!(waited < 120, "still there a minute after the session ended");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    browser.wait_for_menu_item("Inloggen").await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_account_blocked_while_the_app_was_closed_leaves_nothing_for_the_next_person() {
    let server = Server::start().await;
    server.add_user(GP, "professional", None, PASSWORD).await;
    let browser = gp_at_work(&server).await;

    // The account is blocked (its sessions end) while the app is closed; the app
    // opens online and learns it from the server's 401.
    close_app(&browser).await;
    server.block_user(GP).await;
    browser.visit(&server, "/").await;
    browser.wait_for_menu_item("Inloggen").await;
    wait_for_sync(&browser).await;
    next_person_sees_nothing_private(&browser, &server).await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_session_parks_unsent_edits_for_their_own_account() {
    let server = Server::start().await;
    server
        .add_user(PUBLISHER, "publisher", Some(ORGANISATION), PASSWORD)
        .await;
    let device = Browser::signed_in(&server, PUBLISHER, PASSWORD).await;
    device.wait_until_controlled().await;

    // Offline, Sanne edits the summary; the edit cannot go. She closes the app.
    device.network(false).await;
    device
        .visit(&server, &format!("/mijn-aanbod/{WALK_WITH_THE_GP}"))
        .await;
    device.element("#title").await;
    device.type_into("#summary", " Ook in de regen.").await;
    device.click("[data-testid=save]").await;
    device.wait_for_text("h1", "Mijn aanbod").await;
    close_app(&device).await;

    // Her session expires; the next person opens the app, offline: signed out,
    // and her edit is neither shown nor lost (parked on the device for her).
    device.pin_clock(&days_from_now(15)).await;
    device
        .visit(&server, &format!("/aanbod/{WALK_WITH_THE_GP}"))
        .await;
    device.wait_for_text("h1", "Wandelen met de huisarts").await;
    device.wait_for_menu_item("Inloggen").await;
    let lead = device.wait_for_text(".lead", "").await;
    assert!(!lead.contains("Ook in de regen."), "shown: {lead}");
    assert!(
        device.indexed_db_dump().await.contains("Ook in de regen."),
        "the unsent edit is gone from the device"
    );

    // Online, the anonymous device sends nothing of hers; once she signs in
    // again, her edit goes, as hers.
    device.network(true).await;
    device.visit(&server, "/").await;
    wait_for_sync(&device).await;
    let summary = summary_on_server(&device).await;
    assert!(!summary.contains("Ook in de regen."), "sent: {summary}");
    device.pin_clock(&days_from_now(0)).await;
    device.sign_in(&server, PUBLISHER, PASSWORD).await;
    for attempt in 0.. {
        let summary = summary_on_server(&device).await;
        if summary.contains("Ook in de regen.") {
            break;
        }
        assert!(
            attempt < 100,
            "her edit never reached the server: {summary}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    device.finish(server).await;
}

/// The offering's summary as the server holds it, read through `device`.
async fn summary_on_server(device: &Browser) -> String {
    let page = device.api("GET", "/api/v1/changes?limit=2000", None).await;
    page["changes"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == WALK_WITH_THE_GP))
        .map(|c| c["data"]["summary"].to_string())
        .unwrap_or_default()
}
