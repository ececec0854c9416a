//! End to end: the header on a phone. At 360 px, also with the phone's largest
//! text, the menu folds behind one button, no word breaks in the middle, the search
//! field keeps its width and the page starts close to the top; an English browser
//! gets English at its first visit, and every screen offers the other language.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::Value;
use support::{Browser, Server, wait_for_sync};

/// A phone's screen, in CSS px (as `Browser::phone` sets it).
const PHONE: (u32, u32) = (360, 740);

/// The guide on the device, and a search's results on a phone's screen.
async fn search_on_phone(server: &Server, browser: &Browser) {
    browser.phone().await;
    browser.visit(server, "/").await;
    wait_for_sync(browser).await;
    browser.visit(server, "/zoeken?q=wandelen").await;
    browser.wait_for_text("main", "Wandelen").await;
}

async fn measure(browser: &Browser, script: &str) -> Value {
    browser
        .client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// How many lines each element's text takes: a single word on more than one line
/// was broken in the middle.
async fn lines(browser: &Browser, css: &str) -> Vec<(String, u64)> {
    let script = format!(
        "return [...document.querySelectorAll({css:?})].filter(e => e.offsetParent).map(e => {{ \
           const r = document.createRange(); r.selectNodeContents(e); \
           const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top))); \
           return [e.textContent.trim(), tops.size]; }})"
    );
    serde_json::from_value(measure(browser, &script).await).expect("lines")
}

async fn no_word_broken(browser: &Browser, css: &str) {
    for (text, count) in lines(browser, css).await {
        if !text.contains(' ') {
            assert_eq!(count, 1, "`{text}` ({css}) breaks over {count} lines");
        }
    }
}

async fn no_sideways_scroll(browser: &Browser) {
    let wide = measure(
        browser,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
    )
    .await;
    assert_eq!(
        wide.as_i64(),
        Some(0),
        "the page scrolls sideways by {wide} px"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn at_the_phones_largest_text_the_header_fits_and_the_menu_folds() {
    let server = Server::start().await;
    let browser = Browser::start_large_text().await;
    search_on_phone(&server, &browser).await;
    browser.screenshot("header-large-text", PHONE.0).await;
    browser.phone().await;

    let root = measure(
        &browser,
        "return getComputedStyle(document.documentElement).fontSize",
    )
    .await;
    assert_eq!(root, "32px", "the large-text setting took");
    // The menu is folded: the header is a row of name, language and Menu, and the
    // sync line; the page's heading starts in the first half of the screen.
    assert!(
        browser
            .texts("#main-menu a")
            .await
            .iter()
            .all(String::is_empty)
    );
    let header = measure(
        &browser,
        "return document.querySelector('header').getBoundingClientRect().height",
    )
    .await;
    let header = header.as_f64().expect("header height");
    assert!(
        header <= f64::from(PHONE.1) / 3.0,
        "the header takes {header} of {} px",
        PHONE.1
    );
    no_sideways_scroll(&browser).await;
    no_word_broken(&browser, ".brand, h1, .lang-switch, .menu-button, .chip").await;
    let field = measure(
        &browser,
        "return document.querySelector('#q').getBoundingClientRect().width",
    )
    .await;
    let field = field.as_f64().expect("field width");
    assert!(field >= 200.0, "the search field is {field} px wide");

    // Menu opens the list, said to be open; each item on one line; a choice
    // goes there and folds the menu again.
    browser.click("[data-testid=menu-button]").await;
    let expanded = browser
        .attribute("[data-testid=menu-button]", "aria-expanded")
        .await;
    assert_eq!(expanded.as_deref(), Some("true"));
    browser.wait_for_text("#main-menu", "Favorieten").await;
    no_word_broken(&browser, "#main-menu a").await;
    no_sideways_scroll(&browser).await;
    browser.screenshot("menu-open-large-text", PHONE.0).await;
    browser.click("#main-menu a[href='/favorieten']").await;
    browser.wait_for_text("h1", "Favorieten").await;
    browser
        .wait_until("#main-menu", |t| !t.contains("Agenda"))
        .await;

    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_first_result_is_on_the_first_screen() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    search_on_phone(&server, &browser).await;
    let header = measure(
        &browser,
        "return document.querySelector('header').getBoundingClientRect().height",
    )
    .await;
    let header = header.as_f64().expect("header height");
    assert!(header <= 120.0, "the header takes {header} px of a phone");
    let first = measure(
        &browser,
        "return document.querySelector('.cards li').getBoundingClientRect().top",
    )
    .await;
    let first = first.as_f64().expect("first result");
    assert!(
        first < f64::from(PHONE.1) - 150.0,
        "the first result starts at {first} px of {}",
        PHONE.1
    );
    no_sideways_scroll(&browser).await;
    browser.screenshot("header-phone", PHONE.0).await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_english_browser_gets_english_and_every_screen_offers_dutch() {
    let server = Server::start().await;
    let browser = Browser::start_with(&["--lang=en-GB"]).await;
    browser.visit(&server, "/").await;
    browser
        .wait_for_text("main", "What do you need help with?")
        .await;
    wait_for_sync(&browser).await;

    // The switch is in the header of every screen, named in its own language.
    for path in ["/zoeken?q=koken", "/agenda", "/verwijzing"] {
        browser.visit(&server, path).await;
        browser
            .wait_for_text("[data-testid=lang-switch]", "Nederlands")
            .await;
    }
    browser.click("[data-testid=lang-switch]").await;
    browser
        .wait_for_text("[data-testid=lang-switch]", "English")
        .await;
    browser.wait_for_menu_item("Zoeken").await;
    let lang = measure(&browser, "return document.documentElement.lang").await;
    assert_eq!(lang, "nl");

    // The choice is kept over the browser's language.
    browser.visit(&server, "/").await;
    browser.wait_for_text("main", "Wat is er te doen").await;
    browser.finish(server).await;
}

/// Far down a long page on a phone at the largest text, the language switch
/// and the menu were only at the very top. The header slides away while the
/// person scrolls down (the screen is the content's) and comes back as soon as
/// they scroll up a little; the skip link and a new screen's heading never
/// land under it.
#[tokio::test(flavor = "multi_thread")]
async fn far_down_a_page_the_header_comes_back_as_soon_as_one_scrolls_up() {
    let server = Server::start().await;
    let browser = Browser::start_large_text().await;
    browser.phone().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.visit(&server, "/agenda").await;
    browser.wait_for_text("main h1", "Agenda").await;
    // The week's rows make the page long (they come with their cards).
    browser
        .wait_until_any("[data-testid=agenda-row]", |_| true)
        .await;

    browser.scroll_to_y("2500").await;
    browser.scroll_to_y("3000").await;
    assert!(browser.header_away().await, "out of the way");
    browser.scroll_by(-40).await;
    assert!(browser.switch_within_reach().await, "the switch, on top");
    browser.screenshot("header-back-large-text", PHONE.0).await;
    browser.phone().await;

    // The menu, from there: the new screen's heading is not under the header.
    browser.click("[data-testid=menu-button]").await;
    browser.click("#main-menu a[href='/favorieten']").await;
    browser.heading_focused_not_under_header().await;

    // The skip link, far down a page, the header back: its target is not
    // under the header either.
    browser.visit(&server, "/agenda").await;
    browser.wait_for_text("main h1", "Agenda").await;
    browser.scroll_to_y("3000").await;
    browser.scroll_by(-40).await;
    browser.press_from_skip_link("Enter").await;
    browser.heading_focused_not_under_header().await;
    browser.finish(server).await;
}
