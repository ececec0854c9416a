//! End to end: the guide by keyboard, as a screen reader user meets it. The skip
//! link moves the focus into the content; every new screen names itself in the tab's
//! title and takes the focus to its heading; searching keeps the focus in the box
//! (Enter too, without a page load) and the count is said once the typing settles;
//! Escape folds the phone's menu.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use support::{Browser, Server, WALK_WITH_THE_GP, wait_for_sync};

async fn title(browser: &Browser) -> String {
    browser.client.title().await.expect("the tab's title")
}

async fn wait_for_title(browser: &Browser, expected: &str) {
    let mut last = String::new();
    for _ in 0..100 {
        last = title(browser).await;
        if last == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the title is {last:?}, not {expected:?}");
}

#[tokio::test]
async fn the_skip_link_and_each_new_screen_move_the_focus_into_the_content() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    // A desktop: the menu is open in the header.
    browser.desktop().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.visit(&server, "/agenda").await;
    browser.wait_for_text("main h1", "Agenda").await;
    wait_for_title(&browser, "Agenda · Wijkgids").await;

    // The first Tab reaches the skip link; Enter puts the focus in the content, so
    // the next Tab goes on there instead of through the header.
    browser.press(Key::Tab).await;
    browser
        .wait_for_focus(|f| f.contains("Naar de inhoud"))
        .await;
    browser.press(Key::Enter).await;
    browser.wait_for_focus(|f| f.starts_with("h1")).await;
    browser.press(Key::Tab).await;
    let inside: bool = browser
        .client
        .execute(
            "return document.getElementById('main').contains(document.activeElement);",
            vec![],
        )
        .await
        .expect("where the focus is")
        .as_bool()
        .unwrap_or_default();
    assert!(
        inside,
        "Tab after the skip link left the content: {}",
        browser.focused().await
    );

    // A menu link by keyboard: the new screen's heading has the focus and the tab
    // names the screen.
    browser.focus("#main-menu a[href='/zoeken']").await;
    browser.press(Key::Enter).await;
    browser.wait_for_focus(|f| f.starts_with("h1")).await;
    wait_for_title(&browser, "Zoeken · Wijkgids").await;

    // A result, then "back": the offering's name is the title, and back in the
    // list the focus is on the result that was opened.
    browser.visit(&server, "/zoeken?q=huisarts").await;
    wait_for_title(&browser, "Zoeken naar „huisarts” · Wijkgids").await;
    let link = format!("[data-testid=results] a[href='/aanbod/{WALK_WITH_THE_GP}']");
    browser
        .element(&link)
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("open the result");
    browser
        .wait_for_text("main h1", "Wandelen met de huisarts")
        .await;
    browser
        .wait_for_focus(|f| f.starts_with("h1") && f.contains("Wandelen met de huisarts"))
        .await;
    wait_for_title(&browser, "Wandelen met de huisarts · Wijkgids").await;
    browser.client.back().await.expect("back");
    browser
        .wait_for_focus(|f| f.starts_with("a") && f.contains("Wandelen met de huisarts"))
        .await;
    wait_for_title(&browser, "Zoeken naar „huisarts” · Wijkgids").await;
    browser.finish(server).await;
}

#[tokio::test]
async fn searching_keeps_the_focus_in_the_box_and_says_the_count_once() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.phone().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.visit(&server, "/zoeken").await;
    browser.wait_for_text("main h1", "Zoeken").await;
    browser.record_announcements().await;

    // Typing a word letter by letter: the list follows each letter, the count is
    // said once, when the typing has settled.
    browser.type_into("#q", "wandelen").await;
    browser.wait_for_focus(|f| f.starts_with("input#q")).await;
    let count = browser.result_count().await;
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let said: Vec<_> = browser
        .announcements()
        .await
        .into_iter()
        .filter(|(region, _)| region == "results-announced")
        .collect();
    assert_eq!(
        said,
        vec![("results-announced".to_string(), format!("{count} gevonden"))],
        "the count is said once, after the typing"
    );

    // Enter stays in the app (no page load: the marker survives) with the focus
    // in the box; so does the button.
    browser
        .client
        .execute("window.__samePage = true;", vec![])
        .await
        .expect("mark the page");
    browser.press(Key::Enter).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    browser.click(".search button[type=submit]").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let same_page = browser
        .client
        .execute("return window.__samePage === true;", vec![])
        .await
        .expect("the marker");
    assert_eq!(same_page, true, "sending the search loaded the page again");
    browser.wait_for_focus(|f| f.starts_with("input#q")).await;
    assert!(browser.path_and_query().await.contains("q=wandelen"));

    // Nothing found is said too, with what to do.
    // Control+A selects what was typed; the new word replaces it.
    browser.type_into("#q", "\u{E009}a\u{E000}xqzv").await;
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let last = browser.announcements().await.pop().expect("something said");
    assert!(last.1.starts_with("0 gevonden. Niets gevonden"), "{last:?}");
    // No filter is set: none to remove.
    assert!(!last.1.contains("filter"), "{last:?}");

    // From the front page, Enter goes to the results and keeps the focus there.
    browser.visit(&server, "/").await;
    browser.wait_for_text("main h1", "Wijkgids").await;
    browser.type_into("#q", "koffie").await;
    browser.wait_for_text("main h1", "Zoeken").await;
    browser.press(Key::Enter).await;
    browser.wait_for_focus(|f| f.starts_with("input#q")).await;
    assert!(
        browser
            .path_and_query()
            .await
            .starts_with("/zoeken?q=koffie")
    );
    browser.finish(server).await;
}

#[tokio::test]
async fn clearing_the_filters_leaves_the_focus_on_the_chips() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.phone().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.visit(&server, "/zoeken?q=wandelen").await;
    browser.result_count().await;
    // A chip by keyboard, then "Alle filters weg" by keyboard: the link goes, and
    // the focus goes to the first chip, not to the top of the page.
    let free = browser
        .client
        .find(fantoccini::Locator::XPath(
            "//a[contains(@class, 'chip')][starts-with(normalize-space(.), 'Gratis')]",
        ))
        .await
        .expect("the Gratis chip");
    free.send_keys(" ").await.expect("Space on the chip");
    browser.wait_for_text(".filters .chip.on", "Gratis").await;
    browser.focus(".filters .clear").await;
    browser.press(Key::Enter).await;
    browser
        .wait_until(".filters", |t| !t.contains("Alle filters weg"))
        .await;
    let mut chip = serde_json::Value::Null;
    for _ in 0..40 {
        chip = browser
            .script("return document.activeElement.classList.contains('chip')")
            .await;
        if chip == true {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(chip, true, "the focus is on {}", browser.focused().await);
    browser.finish(server).await;
}

#[tokio::test]
async fn escape_folds_the_phone_menu_and_gives_the_focus_back_to_its_button() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.phone().await;
    browser.visit(&server, "/agenda").await;
    browser.wait_for_text("main h1", "Agenda").await;
    browser.click("[data-testid=menu-button]").await;
    browser
        .wait_until("[data-testid=menu-button]", |_| true)
        .await;
    browser.focus("#main-menu a").await;
    browser.press(Key::Escape).await;
    browser.wait_for_focus(|f| f.contains("menu-button")).await;
    let expanded = browser
        .attribute("[data-testid=menu-button]", "aria-expanded")
        .await;
    assert_eq!(expanded.as_deref(), Some("false"));
    browser.finish(server).await;
}

#[tokio::test]
async fn choosing_a_language_keeps_the_focus_on_the_choice() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.visit(&server, "/instellingen").await;
    browser.wait_for_text("main h1", "Instellingen").await;
    browser.focus("#lang-nl").await;
    browser.press(Key::Down).await;
    browser.wait_for_text("main h1", "Settings").await;
    browser
        .wait_for_focus(|f| f.starts_with("input#lang-en"))
        .await;
    browser.press(Key::Up).await;
    browser.wait_for_text("main h1", "Instellingen").await;
    browser
        .wait_for_focus(|f| f.starts_with("input#lang-nl"))
        .await;

    // The header's switch too.
    browser.focus("[data-testid=lang-switch]").await;
    browser.press(Key::Enter).await;
    browser.wait_for_text("main h1", "Settings").await;
    browser
        .wait_for_focus(|f| f.starts_with("button#lang-switch") && f.contains("Nederlands"))
        .await;
    browser.finish(server).await;
}

#[tokio::test]
async fn the_sync_line_is_heard_only_when_it_matters() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.record_announcements().await;

    // The signal goes: that is said, with what it means.
    browser.network(false).await;
    browser.say_online().await;
    browser
        .wait_for_text("[data-testid=sync-status]", "Offline")
        .await;
    // Back: the guide syncs again, quietly.
    browser.network(true).await;
    browser
        .wait_for_text("[data-testid=sync-status]", "Bijgewerkt")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let said = browser.announcements().await;
    assert!(
        said.iter().any(|(_, text)| text.starts_with("Offline")),
        "{said:?}"
    );
    assert!(
        !said
            .iter()
            .any(|(_, text)| text.contains("Bijgewerkt") || text.contains("binnen")),
        "routine syncs are not said: {said:?}"
    );
    browser.finish(server).await;
}

#[tokio::test]
async fn a_failed_sign_in_marks_the_fields_and_keeps_the_focus() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.visit(&server, "/inloggen").await;
    browser.wait_for_text("main h1", "Inloggen").await;

    // Nothing typed: the focus goes to the e-mail field, marked.
    browser.click("form.form button[type=submit]").await;
    browser
        .wait_for_focus(|f| f.starts_with("input#email"))
        .await;
    assert_eq!(
        browser.attribute("#email", "aria-invalid").await.as_deref(),
        Some("true")
    );

    // A wrong password: said, both fields marked, the focus still on the button.
    browser
        .sign_in_attempt(support::COORDINATOR, "not the password")
        .await;
    browser
        .wait_for_text("[data-testid=sign-in-error]", "klopt niet")
        .await;
    for field in ["#email", "#password"] {
        assert_eq!(
            browser.attribute(field, "aria-invalid").await.as_deref(),
            Some("true"),
            "{field}"
        );
    }
    browser
        .wait_for_focus(|f| f.starts_with("button") && f.contains("Inloggen"))
        .await;
    browser.finish(server).await;
}

#[tokio::test]
async fn the_accessibility_statement_says_how_to_report_a_problem() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.visit(&server, "/toegankelijkheid").await;
    let team = browser
        .wait_for_text("[data-testid=neighbourhood-team]", "Werkt iets niet?")
        .await;
    assert!(team.contains("hulpmiddel"), "{team}");
    browser
        .element("[data-testid=neighbourhood-team] a[href^='tel:']")
        .await;
    let statement = browser
        .wait_for_text("main", "Wat nog niet goed werkt")
        .await;
    assert!(
        !statement.contains("Alles werkt"),
        "claims only what holds: {statement}"
    );
    browser.finish(server).await;
}

#[tokio::test]
async fn results_have_their_own_heading_and_a_favourite_is_confirmed() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.visit(&server, "/zoeken?q=huisarts").await;
    browser.result_count().await;
    // Once the page is the search's (a busy machine once measured it a moment
    // before it was).
    browser.wait_for_text("main h1", "huisarts").await;
    browser
        .wait_for_text("[data-testid=results] .card-title", "")
        .await;
    // The heading a screen reader's heading list shows just above the first card.
    let above_first_card = browser
        .client
        .execute(
            "const headings = [...document.querySelectorAll('main h1, main h2, main h3')];
             const first = document.querySelector('[data-testid=results] .card-title');
             const before = headings.filter((h) => h.compareDocumentPosition(first) & 4 && h !== first);
             const h = before.filter((h) => h.tagName !== 'H3').pop();
             return h.tagName + ' ' + h.textContent;",
            vec![],
        )
        .await
        .expect("the headings");
    assert_eq!(above_first_card.as_str(), Some("H2 Resultaten"));

    browser
        .visit(&server, &format!("/aanbod/{WALK_WITH_THE_GP}"))
        .await;
    browser.record_announcements().await;
    browser.click("[data-testid=favourite]").await;
    browser
        .wait_for_text("[data-testid=favourite-said]", "Bewaard bij je favorieten")
        .await;
    browser.click("[data-testid=favourite]").await;
    browser
        .wait_for_text("[data-testid=favourite-said]", "Weggehaald")
        .await;
    let said = browser.announcements().await;
    assert_eq!(said.len(), 2, "{said:?}");
    browser.finish(server).await;
}

#[tokio::test]
async fn on_english_screens_dutch_texts_are_marked_dutch() {
    let server = Server::start().await;
    let browser = Browser::start_with(&["--lang=en-GB"]).await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser
        .visit(&server, &format!("/aanbod/{WALK_WITH_THE_GP}"))
        .await;
    // Translated: the title and the description are English, and not marked.
    browser.wait_for_text("main h1", "Walk with your GP").await;
    assert_eq!(browser.attribute("main h1", "lang").await, None);
    // Written in Dutch only: the meeting place, the way there, the organiser.
    let dutch = browser.texts("main [lang=nl]").await.join("\n");
    for written in [
        "Molenpark, verzamelen bij de vijver",
        "Bus 12, halte Molenkamp",
        "Parkweg 1",
    ] {
        assert!(
            dutch.contains(written),
            "{written} is not marked Dutch in:\n{dutch}"
        );
    }
    assert!(!dutch.contains("Walk for an hour"), "{dutch}");

    // A card of an offering written only in Dutch says so; a translated one not.
    browser.visit(&server, "/zoeken?q=wandelen").await;
    browser
        .wait_for_text("[data-testid=result-count]", "found")
        .await;
    let marked = browser
        .texts("[data-testid=results] .card-title[lang=nl]")
        .await;
    let unmarked = browser
        .texts("[data-testid=results] .card-title:not([lang])")
        .await;
    assert!(
        unmarked.iter().any(|t| t == "Walk with your GP"),
        "{unmarked:?}"
    );
    assert!(
        !marked.iter().any(|t| t == "Walk with your GP"),
        "{marked:?}"
    );
    browser.finish(server).await;
}

/// The controls in the accessibility tree of the page: `(role, name)`, as a
/// screen reader lists them.
async fn controls(browser: &Browser) -> Vec<(String, String)> {
    let tree = support::cdp(
        browser,
        "Accessibility.getFullAXTree",
        serde_json::json!({}),
    )
    .await;
    let value = |node: &serde_json::Value, key: &str| {
        node[key]["value"].as_str().unwrap_or_default().to_string()
    };
    tree["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|node| node["ignored"] != true)
        .map(|node| (value(node, "role"), value(node, "name")))
        .filter(|(role, _)| {
            [
                "button",
                "link",
                "checkbox",
                "radio",
                "textbox",
                "searchbox",
                "combobox",
            ]
            .contains(&role.as_str())
        })
        .collect()
}

#[tokio::test]
async fn every_control_has_a_name_and_no_two_tick_boxes_share_one() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    for path in [
        "/",
        "/zoeken?q=wandelen",
        "/agenda?free=1",
        &format!("/aanbod/{WALK_WITH_THE_GP}"),
        "/instellingen",
        "/inloggen",
        "/aanmelden",
    ] {
        browser.visit(&server, path).await;
        browser.element("main h1").await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let controls = controls(&browser).await;
        assert!(controls.len() > 3, "{path}: {controls:?}");
        let unnamed: Vec<_> = controls
            .iter()
            .filter(|(_, name)| name.trim().is_empty())
            .collect();
        assert!(
            unnamed.is_empty(),
            "{path}: controls without a name: {unnamed:?}"
        );
        // A pressed chip is named by its words, not its check mark.
        let marked: Vec<_> = controls.iter().filter(|(_, n)| n.contains('✓')).collect();
        assert!(
            marked.is_empty(),
            "{path}: a check mark in a name: {marked:?}"
        );
        if path.contains("free=1") {
            assert!(
                controls
                    .iter()
                    .any(|(_, name)| name.starts_with("Gratis (")),
                "{path}: {controls:?}"
            );
        }
        let mut ticks: Vec<_> = controls
            .iter()
            .filter(|(role, _)| role == "checkbox" || role == "radio")
            .map(|(_, name)| name.clone())
            .collect();
        let all = ticks.len();
        ticks.sort();
        ticks.dedup();
        assert_eq!(ticks.len(), all, "{path}: tick boxes that share a name");
    }
    browser.finish(server).await;
}
