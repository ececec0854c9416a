//! End to end: signing in and out, and what each role sees on the device. A
//! professional gets the referral details and the directory; after signing out
//! none of it is left in IndexedDB, and an anonymous pull never carries any.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{
    Browser, GP, PASSWORD, PRIVATE, Server, WITH_REFERRAL, holds_private, wait_for_sync,
};

#[tokio::test(flavor = "multi_thread")]
async fn a_professional_sees_referral_details_and_signing_out_removes_them() {
    let server = Server::start().await;
    server.add_user(GP, "professional", None, PASSWORD).await;
    let browser = Browser::start().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    assert!(holds_private(&browser.indexed_db_dump().await).is_empty());

    // A wrong password is refused in plain words.
    browser.visit(&server, "/inloggen").await;
    browser.sign_in_attempt(GP, "niet het wachtwoord").await;
    browser
        .wait_for_text("[data-testid=sign-in-error]", "klopt niet")
        .await;

    browser.sign_in(&server, GP, PASSWORD).await;
    browser
        .wait_for_text("[data-testid=role]", "Professional")
        .await;
    wait_for_sync(&browser).await;
    browser.visit(&server, WITH_REFERRAL).await;
    browser
        .wait_for_text("[data-testid=referral]", "Joyce Bakker-Lont")
        .await;
    browser.screenshots("referral").await;
    browser.visit(&server, "/professionals").await;
    browser.wait_for_text("main", "Youssef El Haddaoui").await;
    // Found without typing the accents.
    browser
        .client
        .find(fantoccini::Locator::Css("#who"))
        .await
        .expect("the directory's search box")
        .send_keys("ozturk")
        .await
        .expect("type");
    browser.wait_for_text(".count", "1 gevonden").await;
    browser.wait_for_text("main", "Hatice Öztürk").await;
    assert_eq!(holds_private(&browser.indexed_db_dump().await), PRIVATE);

    // Verwijzen: what matters to the person narrows and ranks; two picked make a
    // slip with a QR code; nothing about the person is kept on the device.
    let storage = "return JSON.stringify(Object.entries(localStorage).sort())";
    let kept_before = browser
        .client
        .execute(storage, vec![])
        .await
        .expect("storage");
    browser.visit(&server, "/verwijzen").await;
    let all = browser
        .wait_until("[data-testid=fit]", |t| !t.is_empty())
        .await;
    browser.click_label("Meedoen").await;
    browser.click_label("Gratis").await;
    let fits = browser
        .wait_until_any("[data-testid=fit]", |t| {
            t.contains("Past bij: Meedoen") && t != all
        })
        .await;
    assert!(!fits.is_empty());
    for pick in browser
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=pick]"))
        .await
        .expect("picks")
        .into_iter()
        .take(2)
    {
        // The bar that reaches the slip covers the bottom of the screen.
        browser.scroll_to_middle(&pick).await;
        pick.click().await.expect("pick");
    }
    browser.wait_until("[data-testid=qr]", |_| true).await;
    let link = browser
        .wait_until("[data-testid=slip] .slip-link", |t| {
            t.contains("/verwijzing?id=")
        })
        .await;
    assert_eq!(
        link.matches(',').count(),
        1,
        "two offerings on the slip: {link}"
    );
    let qr = browser
        .client
        .execute(
            "return document.querySelector('[data-testid=qr] svg').getAttribute('aria-label')",
            vec![],
        )
        .await
        .expect("qr");
    assert!(qr.as_str().is_some_and(|l| l.contains("QR")), "{qr}");
    browser.screenshots("referral-slip").await;
    let kept_after = browser
        .client
        .execute(storage, vec![])
        .await
        .expect("storage");
    assert_eq!(kept_before, kept_after, "nothing about the person is kept");
    let path = link
        .split_once("/verwijzing")
        .map(|(_, rest)| format!("/verwijzing{rest}"))
        .expect("path");

    // Signing out: back to what anyone may see, on the screen and on the device.
    browser.visit(&server, "/account").await;
    browser.click("[data-testid=sign-out]").await;
    browser.wait_for_menu_item("Inloggen").await;
    wait_for_sync(&browser).await;
    assert!(holds_private(&browser.indexed_db_dump().await).is_empty());
    browser.visit(&server, WITH_REFERRAL).await;
    browser.wait_for_text("h1", "Welzijn op Recept").await;
    assert!(browser.texts("[data-testid=referral]").await.is_empty());
    // The slip's link works for anyone.
    browser.visit(&server, &path).await;
    browser.wait_for_text("h1", "Tips van je huisarts").await;
    // The cards come once the guide is read from the device, after the heading.
    browser.wait_for_count("main .card", 2).await;

    // And the wire: an anonymous pull of everything carries none of it.
    let pull = "const done = arguments[0];
        (async () => {
            let cursor = null, all = '';
            for (;;) {
                const q = cursor ? '&cursor=' + encodeURIComponent(cursor) : '';
                const page = await (await fetch('/api/v1/changes?limit=2000' + q)).json();
                all += JSON.stringify(page.changes);
                if (!page.has_more) return all;
                cursor = page.cursor;
            }
        })().then(done, (e) => done('failed: ' + e));";
    let wire = browser
        .client
        .execute_async(pull, vec![])
        .await
        .expect("pull");
    let wire = wire.as_str().unwrap_or_default();
    assert!(wire.contains("Welzijn op Recept"), "the pull worked");
    assert!(holds_private(wire).is_empty());
    browser.finish(server).await;
}
