//! End to end: a coordinator on a phone reviews what waits for approval. A
//! publisher sends in a new offering and an edit of one residents saw before; the
//! coordinator opens each from the queue as a preview of what residents will see,
//! with the edit's changes listed (what they were, what they become) and marked on
//! the page; approves, reads the confirmation, undoes it (back in the queue, the
//! changes shown again), and approves again, offline and then online; a resident
//! then sees the new version, on the page and in an anonymous pull.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::Locator;
use support::{Browser, PASSWORD, Server, VLONDERHOF, WALK_WITH_THE_GP as OFFERING, wait_for_sync};

const PUBLISHER: &str = "coach@example.org";
const COORDINATOR: &str = "beheer@example.org";
const OLD_TITLE: &str = "Wandelen met de huisarts";
const NEW_TITLE: &str = "Wandelen met de huisarts in het Molenpark";
const NEW_OFFERING: &str = "Samen fietsen langs de Beek";
const QUEUE: &str = "[data-testid=pending]";

/// The publisher archives the offering residents see, then changes its title and
/// price and sends it in again (it waits for review, since it is not public now);
/// and sends in a new one.
async fn publisher_sends_in(server: &Server) {
    let publisher = Browser::signed_in(server, PUBLISHER, PASSWORD).await;
    let form = format!("/mijn-aanbod/{OFFERING}");
    publisher.visit(server, &form).await;
    publisher.wait_for_text("h1", "bewerken").await;
    publisher
        .client
        .find(Locator::XPath(
            "//button[normalize-space()='Haal uit de gids']",
        ))
        .await
        .expect("the archive button")
        .click()
        .await
        .expect("archive");
    // Asked first: residents will no longer see it.
    let asked = publisher.client.get_alert_text().await.expect("a question");
    assert!(
        asked.contains("Bewoners zien dit aanbod dan niet meer"),
        "{asked}"
    );
    publisher.client.accept_alert().await.expect("yes, archive");
    publisher.wait_for_text("h1", "Mijn aanbod").await;
    wait_on_server(&publisher, "archived").await;

    // Not gone: listed apart, and opened from there.
    publisher
        .wait_for_text("[data-testid=archived] summary", "Gearchiveerd (1)")
        .await;
    publisher.click("[data-testid=archived] summary").await;
    publisher
        .client
        .find(Locator::XPath(&format!(
            "//details[@data-testid='archived']//a[normalize-space()='{OLD_TITLE}']"
        )))
        .await
        .expect("the archived offering")
        .click()
        .await
        .expect("open the archived offering");
    publisher.wait_for_text("h1", "bewerken").await;
    assert!(
        publisher
            .client
            .current_url()
            .await
            .expect("url")
            .as_str()
            .ends_with(&form)
    );
    publisher.type_into("#title", " in het Molenpark").await;
    publisher.click("[data-testid=cost-paid]").await;
    publisher.type_into("[id='cost.amount_cents']", "3").await;
    publisher.click("[data-testid=publish]").await;
    wait_sent(&publisher, NEW_TITLE, "Wacht op controle").await;

    publisher.click("[data-testid=new-offering]").await;
    publisher.type_into("#title", NEW_OFFERING).await;
    publisher
        .type_into("#summary", "Elke zondag fietsen we samen een rondje.")
        .await;
    publisher.click("#themes input[value=meeting_people]").await;
    publisher
        .type_into("#contact\\.email", "fietsen@example.org")
        .await;
    publisher.click("[data-testid=publish]").await;
    wait_sent(&publisher, NEW_OFFERING, "Wacht op controle").await;
    publisher.close().await;
}

/// Waits on "Mijn aanbod" until `title` shows `status` and the server has it.
async fn wait_sent(browser: &Browser, title: &str, status: &str) {
    browser.wait_for_text("h1", "Mijn aanbod").await;
    browser
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(title) && t.contains(status) && !t.contains("versturen")
        })
        .await;
}

/// Taps the queue card of `title`, which opens its preview.
async fn open_preview(coordinator: &Browser, title: &str) {
    let link = format!("//li[@data-testid='pending']//a[normalize-space()='{title}']");
    coordinator
        .client
        .wait()
        .for_element(Locator::XPath(&link))
        .await
        .unwrap_or_else(|e| panic!("no card for {title}: {e}"))
        .click()
        .await
        .expect("open the preview");
    coordinator
        .wait_for_text("[data-testid=preview-banner]", "wacht op goedkeuring")
        .await;
}

/// Taps `button` and waits until the queue's status line says `said`.
async fn decide(coordinator: &Browser, button: &str, said: &str) -> String {
    coordinator.click(&format!("[data-testid={button}]")).await;
    coordinator
        .wait_for_text("[data-testid=review-notice]", said)
        .await
}

/// The id of the focused element.
async fn focused(browser: &Browser) -> String {
    // The focus moves a frame after the text shows: wait for it a moment.
    let mut id = String::new();
    for _ in 0..40 {
        let now = browser
            .client
            .execute("return document.activeElement.id", vec![])
            .await
            .expect("read the focus");
        id = now.as_str().unwrap_or_default().to_string();
        if !id.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    id
}

/// Waits until the server holds the offering with `status`, as `browser`'s
/// account pulls it.
async fn wait_on_server(browser: &Browser, status: &str) {
    for _ in 0..100 {
        let page = browser.api("GET", "/api/v1/changes?limit=2000", None).await;
        let found = page["changes"]
            .as_array()
            .and_then(|changes| changes.iter().find(|c| c["id"] == OFFERING).cloned());
        if found.is_some_and(|c| c["data"]["status"] == status) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("the server never held the offering as {status}");
}

/// The headings of the offering's parts on the page (not the decision's).
const HEADINGS: &str = "main section:not(#decide) > h2";

/// The queue's cards, as text.
async fn queue(coordinator: &Browser) -> String {
    coordinator.texts(QUEUE).await.join("\n")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_sees_what_residents_will_see_approves_undoes_and_approves_again() {
    let server = Server::start().await;
    server
        .add_user(PUBLISHER, "publisher", Some(VLONDERHOF), PASSWORD)
        .await;
    server
        .add_user(COORDINATOR, "coordinator", None, PASSWORD)
        .await;
    publisher_sends_in(&server).await;

    let coordinator = Browser::signed_in(&server, COORDINATOR, PASSWORD).await;
    coordinator
        .client
        .set_window_size(360, 740)
        .await
        .expect("a phone's size");
    coordinator.visit(&server, "/beheer").await;
    for title in [NEW_TITLE, NEW_OFFERING] {
        coordinator
            .wait_until_any(QUEUE, |t| t.contains(title))
            .await;
    }
    coordinator.screenshot("review-queue", 360).await;

    // The new offering: a preview, with nothing residents saw before.
    open_preview(&coordinator, NEW_OFFERING).await;
    let banner = coordinator
        .wait_for_text("[data-testid=review-changes]", "geen eerder")
        .await;
    assert!(banner.contains("gepubliceerde versie"), "{banner}");
    assert_eq!(coordinator.texts("h1").await, [NEW_OFFERING]);
    assert!(
        coordinator
            .texts("[data-testid=changed-mark]")
            .await
            .is_empty()
    );
    coordinator.client.back().await.expect("back to the queue");

    // The edit: as residents will see it, with what changed and what it was.
    open_preview(&coordinator, NEW_TITLE).await;
    assert!(
        coordinator
            .client
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with(&format!("/beheer/{OFFERING}"))
    );
    let changes = coordinator
        .wait_until_any("[data-testid=review-change]", |t| t.starts_with("Titel"))
        .await;
    assert!(changes.contains(&format!("Was: {OLD_TITLE}")), "{changes}");
    assert!(changes.contains(&format!("Nu: {NEW_TITLE}")), "{changes}");
    let cost = coordinator
        .wait_until_any("[data-testid=review-change]", |t| t.starts_with("Kosten"))
        .await;
    assert!(cost.contains("Was: Gratis"), "{cost}");
    assert!(cost.contains("Nu: € 3,00 per keer"), "{cost}");
    let marks = coordinator.texts("[data-testid=changed-mark]").await;
    assert!(marks.contains(&"Gewijzigd: Titel".to_string()), "{marks:?}");
    assert!(
        marks.contains(&"Gewijzigd: Kosten".to_string()),
        "{marks:?}"
    );
    assert_eq!(coordinator.texts("h1").await, [NEW_TITLE]);
    coordinator.wait_for_text("main", "€ 3,00 per keer").await;
    let preview_headings = coordinator.texts(HEADINGS).await;
    assert!(preview_headings.contains(&"Wat kost het?".to_string()));
    coordinator.screenshot("review-preview", 360).await;
    let cost_mark = "//p[@data-testid='changed-mark'][contains(., 'Kosten')]";
    coordinator
        .client
        .execute(
            "document.evaluate(arguments[0], document, null, 9, null)\
                .singleNodeValue.scrollIntoView()",
            vec![cost_mark.into()],
        )
        .await
        .expect("scroll to the cost");
    coordinator.screenshot("review-marks", 360).await;
    // The changes without colour: struck through, and named in words.
    let struck = coordinator
        .element("[data-testid=review-change] del")
        .await
        .css_value("text-decoration-line")
        .await
        .expect("style");
    assert!(struck.contains("line-through"), "{struck}");

    // Approved: said in the status line, which has the focus, with an undo.
    let said = decide(&coordinator, "approve", "Goedgekeurd").await;
    assert_eq!(
        said,
        format!("Goedgekeurd: {NEW_TITLE}. Nu zichtbaar voor bewoners.")
    );
    assert_eq!(focused(&coordinator).await, "review-notice");
    assert!(!queue(&coordinator).await.contains(NEW_TITLE));
    coordinator.screenshot("review-approved", 360).await;
    wait_on_server(&coordinator, "published").await;

    // Undone: waiting again, in the queue, with the changes against what residents
    // saw before the approval (the server kept it).
    let undone = format!("Teruggezet: {NEW_TITLE} wacht weer op goedkeuring.");
    decide(&coordinator, "undo", &undone).await;
    assert_eq!(focused(&coordinator).await, "review-notice");
    assert!(coordinator.texts("[data-testid=undo]").await.is_empty());
    coordinator
        .wait_until_any(QUEUE, |t| t.contains(NEW_TITLE))
        .await;
    wait_on_server(&coordinator, "pending_review").await;
    open_preview(&coordinator, NEW_TITLE).await;
    coordinator
        .wait_until_any("[data-testid=review-change]", |t| {
            t.starts_with("Titel") && t.contains(&format!("Was: {OLD_TITLE}"))
        })
        .await;

    // Offline: approved, undone and approved again through the outbox.
    coordinator.network(false).await;
    decide(&coordinator, "approve", "Goedgekeurd").await;
    decide(&coordinator, "undo", "Teruggezet").await;
    open_preview(&coordinator, NEW_TITLE).await;
    decide(&coordinator, "approve", "Goedgekeurd").await;
    assert!(!queue(&coordinator).await.contains(NEW_TITLE));
    coordinator.network(true).await;
    wait_on_server(&coordinator, "published").await;
    coordinator.close().await;

    // A resident sees the new version, as the preview showed it.
    let resident = Browser::start().await;
    resident.visit(&server, "/").await;
    wait_for_sync(&resident).await;
    resident
        .visit(&server, &format!("/aanbod/{OFFERING}"))
        .await;
    resident.wait_for_text("h1", NEW_TITLE).await;
    resident.wait_for_text("main", "€ 3,00 per keer").await;
    let resident_headings = resident.texts(HEADINGS).await;
    assert_eq!(preview_headings, resident_headings, "the same page");
    let pulled = resident
        .api("GET", "/api/v1/changes?limit=2000", None)
        .await;
    let change = pulled["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == OFFERING)
        .expect("the offering in an anonymous pull")
        .clone();
    assert_eq!(change["data"]["title"], NEW_TITLE);
    assert_eq!(change["data"]["status"], "published");
    assert_eq!(change["data"]["cost"]["amount_cents"], 300);
    assert!(change.get("last_published").is_none(), "{change}");
    resident.finish(server).await;
}
