//! End to end through the screens: search, filters in the URL, an offering by its
//! URL, favourites across a reload, the language switch. Screenshots at 360 and
//! 1280 px go to the tests' scratch folder for a person to look at.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::Locator;
use fantoccini::key::Key;
use support::{Browser, Server, wait_for_sync};

/// A browser on the app with the demo guide on the device.
async fn app_with_guide() -> (Server, Browser) {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    (server, browser)
}

#[tokio::test(flavor = "multi_thread")]
async fn typing_wandel_shows_the_walking_groups_first() {
    let (server, browser) = app_with_guide().await;
    browser.screenshots("home").await;

    let input = browser
        .client
        .find(Locator::Css("#q"))
        .await
        .expect("search box");
    input.send_keys("wandel").await.expect("type");
    // Results come while typing, and the text is in the URL.
    browser
        .wait_until("[data-testid=results] .card-title", |t| {
            t.to_lowercase().contains("wandel")
        })
        .await;
    assert_eq!(browser.path_and_query().await, "/zoeken?q=wandel");
    let titles = browser.texts("[data-testid=results] .card-title").await;
    assert!(titles.len() >= 3, "walking groups found: {titles:?}");
    for title in &titles[..3] {
        assert!(
            title.to_lowercase().contains("wandel"),
            "first titles: {titles:?}"
        );
    }
    // The focus stayed in the box on the results screen: typing goes on there.
    let active = browser
        .client
        .execute("return document.activeElement.id", vec![])
        .await
        .expect("active element");
    assert_eq!(active, "q");
    browser.screenshots("results").await;

    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn free_and_today_narrow_the_list_and_live_in_the_url() {
    let (server, browser) = app_with_guide().await;
    browser.visit(&server, "/zoeken").await;
    let all = browser.result_count().await;
    assert!(all >= 150, "everything is listed without text: {all}");

    browser.click(".chips a[href*='free=1']").await;
    browser
        .wait_until("[data-testid=result-count]", |t| {
            !t.starts_with(&format!("{all} "))
        })
        .await;
    let free = browser.result_count().await;
    assert!(free < all, "free {free} of {all}");
    assert_eq!(browser.path_and_query().await, "/zoeken?free=1");

    browser.click(".chips a[href*='when=today']").await;
    browser
        .wait_until("[data-testid=result-count]", |t| {
            !t.starts_with(&format!("{free} "))
        })
        .await;
    let free_today = browser.result_count().await;
    assert!(free_today < free, "free today {free_today} of {free}");
    assert_eq!(browser.path_and_query().await, "/zoeken?free=1&when=today");
    for card in browser.texts("[data-testid=results] .card").await {
        assert!(
            card.contains("Gratis"),
            "a card without the free badge: {card}"
        );
    }
    browser.screenshot("filters", 360).await;

    // The chips are pushed to the history: back takes one off.
    browser.client.back().await.expect("back");
    browser
        .wait_until("[data-testid=result-count]", |t| {
            t.starts_with(&format!("{free} "))
        })
        .await;

    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_offering_opens_by_its_url_and_stays_a_favourite_after_reload() {
    let (server, browser) = app_with_guide().await;
    browser
        .visit(&server, "/zoeken?q=wandelen%20met%20de%20huisarts")
        .await;
    let link = browser
        .client
        .wait()
        .for_element(Locator::Css("[data-testid=results] .card-title a"))
        .await
        .expect("a result");
    let title = link.text().await.expect("title");
    let href = link.attr("href").await.expect("href").expect("a link");
    assert!(href.starts_with("/aanbod/"), "{href}");

    browser.visit(&server, &href).await;
    browser.wait_for_text("h1", &title).await;
    let page = browser.wait_for_text("main", "Wanneer?").await;
    assert!(page.contains("Laatst gecontroleerd op") || page.contains("Nog niet gecontroleerd"));
    let calls = browser
        .client
        .find_all(Locator::Css("a[href^='tel:']"))
        .await
        .expect("links");
    assert!(!calls.is_empty(), "tap to call");
    let map = browser
        .client
        .find(Locator::Css("a[href^='https://www.openstreetmap.org/']"))
        .await;
    assert!(map.is_ok(), "a map link");
    browser.screenshots("offering").await;

    browser.click("[data-testid=favourite]").await;
    browser
        .wait_for_text("[data-testid=favourite]", "Haal weg uit favorieten")
        .await;
    browser.visit(&server, "/favorieten").await;
    browser.client.refresh().await.expect("reload");
    browser
        .wait_for_text("[data-testid=favourites]", &title)
        .await;

    // One kept from before that is no longer in the guide (newest first), then
    // taken out again with the keyboard, each.
    browser
        .script(
            "const key = 'wijkgids.favourites';
             const ids = JSON.parse(localStorage.getItem(key));
             localStorage.setItem(key, JSON.stringify(['00000000-0000-4000-8000-0000000000aa', ...ids]));",
        )
        .await;
    browser.client.refresh().await.expect("reload");
    browser
        .wait_for_text("[data-testid=favourites]", "staat niet meer in de gids")
        .await;
    browser.focus("[data-testid=favourite-remove]").await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_text("[data-testid=favourite-said]", "Weggehaald")
        .await;
    // On the one left (its name said after the button's text, for a screen reader).
    let focus = browser
        .wait_for_focus(|f| f.contains("[favourite-remove]"))
        .await;
    assert!(focus.contains("Haal weg uit favorieten:"), "{focus}");
    let list = browser.texts("[data-testid=favourites]").await.join(" ");
    assert!(
        !list.contains("niet meer in de gids") && list.contains(&title),
        "{list}"
    );
    browser.press(Key::Enter).await;
    browser
        .wait_for_text("main", "Je hebt nog geen favorieten")
        .await;
    browser.wait_for_focus(|f| f.starts_with("h1")).await;
    browser.visit(&server, &href).await;
    browser
        .wait_for_text("[data-testid=favourite]", "Bewaar als favoriet")
        .await;

    // An id the guide does not have gets a friendly page, not an error.
    browser
        .visit(&server, "/aanbod/00000000-0000-4000-8000-000000000000")
        .await;
    browser
        .wait_for_text("h1", "Dit aanbod staat niet in de gids")
        .await;

    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_to_english_changes_the_interface_and_is_remembered() {
    let (server, browser) = app_with_guide().await;
    browser.visit(&server, "/instellingen").await;
    browser.wait_for_text("h1", "Instellingen").await;
    browser.wait_for_menu_item("Favorieten").await;
    browser.click("input[value=en]").await;
    browser.wait_for_text("h1", "Settings").await;
    browser.wait_for_menu_item("Favourites").await;

    browser.visit(&server, "/").await;
    browser.client.refresh().await.expect("reload");
    browser
        .wait_for_text("main", "What do you need help with?")
        .await;
    browser.wait_for_text(".tiles", "I feel lonely").await;
    let lang = browser
        .client
        .execute("return document.documentElement.lang", vec![])
        .await
        .expect("lang");
    assert_eq!(lang, "en");
    browser.screenshot("home-english", 360).await;

    browser.visit(&server, "/agenda").await;
    browser.wait_for_text("main", "Today").await;
    browser.screenshot("agenda-english", 1280).await;

    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_system_dark_theme_darkens_the_app() {
    let server = Server::start().await;
    let browser = Browser::start_with(&["--force-dark-mode"]).await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    let background = browser
        .client
        .execute(
            "return getComputedStyle(document.documentElement).backgroundColor",
            vec![],
        )
        .await
        .expect("computed style");
    // --paper in the dark theme of style/main.css.
    assert_eq!(background, "rgb(18, 22, 20)");
    browser.screenshots("home-dark").await;
    browser.finish(server).await;
}
