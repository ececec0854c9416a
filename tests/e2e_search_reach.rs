//! End to end on a phone (360 px): every result of a search is reachable with
//! "Toon meer", the keyboard focus goes to the first new result, and "back" from an
//! offering returns to the same list, as far down as it was; words people type
//! become filters; a short unknown word does not flood the list with near misses;
//! and a search that finds nothing offers the need tiles and the neighbourhood team.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use support::{Browser, Server, wait_for_sync};

/// "Ik voel me alleen": every offering about meeting people in the demo.
const LONELY: usize = 63;

/// A weekday morning: "vandaag" then holds both free and paid sessions (on the
/// real clock, a Sunday's only two were both free and the test could not tell).
const TUESDAY_MORNING: &str = "2026-02-03T09:30:00+01:00";

/// A phone-sized browser on the app, with the demo guide on the device and its
/// clock pinned, so what "today" holds does not depend on the day the test runs.
async fn phone_with_guide() -> (Server, Browser) {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.pin_clock(TUESDAY_MORNING).await;
    browser
        .client
        .set_window_size(360, 740)
        .await
        .expect("a phone-sized window");
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    (server, browser)
}

/// Waits until the list holds `n` cards.
async fn wait_for_cards(browser: &Browser, n: usize) {
    browser
        .wait_for_count("[data-testid=results] > li", n)
        .await;
}

async fn script(browser: &Browser, js: &str) -> serde_json::Value {
    browser.script(js).await
}

/// Which card (from 1) holds the focused element; 0 when none does.
async fn focused_card(browser: &Browser) -> u64 {
    script(
        browser,
        "const cards = [...document.querySelectorAll('[data-testid=results] > li')];
         return cards.indexOf(document.activeElement.closest('li')) + 1;",
    )
    .await
    .as_u64()
    .unwrap_or_default()
}

async fn scroll_y(browser: &Browser) -> f64 {
    script(browser, "return window.scrollY;")
        .await
        .as_f64()
        .unwrap_or_default()
}

/// Types into the search box as a person does, key by key.
async fn type_search(browser: &Browser, text: &str) {
    browser.type_into("#q", text).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_result_is_reachable_and_back_keeps_the_place() {
    let (server, browser) = phone_with_guide().await;
    browser.click("a.tile[href*='need=meet_people']").await;
    assert_eq!(browser.result_count().await, LONELY);
    wait_for_cards(&browser, 20).await;
    browser
        .wait_for_text("[data-testid=results-shown]", "20 van 63 getoond")
        .await;
    script(
        &browser,
        "document.querySelector('[data-testid=show-more]').scrollIntoView({block: 'end'});",
    )
    .await;
    browser.screenshot("reach-show-more", 360).await;

    // "Toon meer" by keyboard, until the last result is there; each time the focus
    // goes to the first new result.
    for (shown, first_new) in [(40, 21), (60, 41), (LONELY, 61)] {
        browser
            .element("[data-testid=show-more]")
            .await
            .send_keys(&Key::Enter.to_string())
            .await
            .expect("press Enter on Toon meer");
        wait_for_cards(&browser, shown).await;
        let mut focused = 0;
        for _ in 0..100 {
            focused = focused_card(&browser).await;
            if focused == first_new {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(focused, first_new, "the focus after showing {shown}");
        let tag = script(&browser, "return document.activeElement.tagName;").await;
        assert_eq!(tag, "A", "the focus is on the result's link");
    }
    assert!(
        browser.texts("[data-testid=show-more]").await.is_empty(),
        "all {LONELY} shown: no more to show"
    );
    let titles = browser.texts("[data-testid=results] .card-title").await;
    let mut distinct = titles.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), LONELY, "every result once: {titles:?}");
    let url = browser.path_and_query().await;
    assert!(
        url.contains("need=meet_people") && url.contains("shown=80"),
        "{url}"
    );

    // Open the 50th result from where it is on screen, then come back.
    let opened = script(
        &browser,
        "const link = document.querySelectorAll('[data-testid=results] > li')[49]
             .querySelector('.card-title a');
         link.scrollIntoView({block: 'center'});
         return link.getAttribute('href');",
    )
    .await;
    let opened = opened.as_str().expect("a link").to_string();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let before = scroll_y(&browser).await;
    assert!(before > 2000.0, "far down the list: {before}");
    let title = titles[49].clone();
    browser
        .click(&format!("[data-testid=results] a[href='{opened}']"))
        .await;
    browser.wait_for_text("h1", &title).await;
    browser.client.back().await.expect("back");
    wait_for_cards(&browser, LONELY).await;
    assert_eq!(browser.path_and_query().await, url, "the same list");
    let mut after = 0.0;
    for _ in 0..100 {
        after = scroll_y(&browser).await;
        if (after - before).abs() < 2.0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        (after - before).abs() < 2.0,
        "scrolled as before: {before} then {after}"
    );
    assert_eq!(
        focused_card(&browser).await,
        50,
        "the focus on the opened one"
    );
    browser.screenshot("reach-back", 360).await;

    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn gratis_vandaag_chooses_the_free_and_today_filters() {
    let (server, browser) = phone_with_guide().await;
    // Counted by the guide on the pinned clock, not by the server's page of the
    // link (the server's own "today"), which shows until the guide takes over.
    browser.visit(&server, "/zoeken?free=1&when=today").await;
    wait_for_sync(&browser).await;
    let chosen = browser.result_count().await;
    browser.visit(&server, "/zoeken").await;
    wait_for_sync(&browser).await;
    let all = browser.result_count().await;
    assert!(chosen < all);

    type_search(&browser, "gratis vandaag").await;
    browser
        .wait_until("[data-testid=result-count]", |t| {
            t.starts_with(&format!("{chosen} gevonden"))
        })
        .await;
    let on = browser.texts(".chips .chip.on").await;
    assert!(on.iter().any(|c| c.contains("Gratis")), "{on:?}");
    assert!(on.iter().any(|c| c.contains("Vandaag")), "{on:?}");
    browser
        .wait_for_text("[data-testid=filters-from-words]", "‘gratis’, ‘vandaag’")
        .await;
    for card in browser.texts("[data-testid=results] .card").await {
        assert!(card.contains("Gratis"), "a card that is not free: {card}");
    }
    browser.screenshot("words-as-filters", 360).await;

    // Tapping the "Gratis" chip takes the filter, and the word, away.
    browser
        .click(".chips a.chip.on[href='/zoeken?q=vandaag']")
        .await;
    browser
        .wait_until("[data-testid=result-count]", |t| {
            !t.starts_with(&format!("{chosen} "))
        })
        .await;
    let value = browser
        .element("#q")
        .await
        .prop("value")
        .await
        .expect("the box's text")
        .unwrap_or_default();
    assert_eq!(value, "vandaag");
    let on = browser.texts(".chips .chip.on").await;
    assert!(!on.iter().any(|c| c.contains("Gratis")), "{on:?}");
    assert!(on.iter().any(|c| c.contains("Vandaag")), "{on:?}");

    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn para_finds_no_flood_and_nothing_found_offers_the_needs_and_the_team() {
    let (server, browser) = phone_with_guide().await;
    browser.visit(&server, "/zoeken").await;
    browser.result_count().await;
    type_search(&browser, "para").await;
    browser
        .wait_until("[data-testid=result-count]", |t| {
            t.starts_with("0 gevonden")
        })
        .await;
    let titles = browser.texts("[data-testid=results] .card-title").await;
    assert!(
        titles.is_empty(),
        "no near misses such as 'praten': {titles:?}"
    );

    // Nothing found: the need tiles and the neighbourhood team's number.
    let tiles = browser.texts("[data-testid=nothing-found] .tile").await;
    assert_eq!(tiles.len(), 13, "{tiles:?}");
    assert!(tiles.iter().any(|t| t == "Ik voel me alleen"), "{tiles:?}");
    let team = browser
        .wait_for_text("[data-testid=neighbourhood-team]", "0577 55 05 10")
        .await;
    assert!(team.contains("Sociaal Wijkteam Vlonderveld"), "{team}");
    let call = browser
        .element("[data-testid=neighbourhood-team] a[href^='tel:']")
        .await
        .attr("href")
        .await
        .expect("href");
    assert_eq!(call.as_deref(), Some("tel:0577550510"));
    browser.screenshot("nothing-found", 360).await;
    script(
        &browser,
        "document.querySelector('[data-testid=neighbourhood-team]').scrollIntoView({block: 'end'});",
    )
    .await;
    browser.screenshot("nothing-found-team", 360).await;

    // A tile is a way on: it opens the need's results.
    browser
        .click("[data-testid=nothing-found] a.tile[href*='need=money_worries']")
        .await;
    assert!(browser.result_count().await > 10);

    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_short_list_shows_more_on_the_subject_apart_and_says_so() {
    let (server, browser) = phone_with_guide().await;
    browser.visit(&server, "/zoeken").await;
    browser.result_count().await;
    type_search(&browser, "valpreventie").await;
    browser
        .wait_until("[data-testid=result-count]", |t| t == "1 gevonden")
        .await;
    let found = browser.texts("[data-testid=results] .card-title").await;
    assert_eq!(found, ["Training In Balans (niet meer vallen)"]);
    // Under their own heading, not counted as found: the gym groups and courses
    // on the same subject.
    let heading = browser
        .wait_for_text("[data-testid=related] h2", "Ook over dit onderwerp")
        .await;
    assert_eq!(heading, "Ook over dit onderwerp");
    let related = browser.texts("[data-testid=related] .card-title").await;
    assert!((1..=5).contains(&related.len()), "{related:?}");
    assert!(!related.contains(&found[0]), "{related:?}");
    // Heard once the typing settles: the count, then what lies below it.
    let said = browser
        .wait_for_text("[data-testid=results-announced]", "Daaronder")
        .await;
    assert_eq!(
        said,
        format!(
            "1 gevonden. Daaronder {} suggesties over hetzelfde onderwerp.",
            related.len()
        )
    );
    // Said in words, not only by the heading: these did not match the words.
    let note = browser.texts("[data-testid=related] .related-note").await;
    assert_eq!(
        note,
        ["Deze passen niet bij je woorden, wel bij het onderwerp."]
    );
    browser.screenshot("related", 360).await;

    // A related card opens its offering, and "back" returns to the same list.
    browser.click("[data-testid=related] .card-title a").await;
    for _ in 0..100 {
        if browser.path_and_query().await.starts_with("/aanbod/") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(browser.path_and_query().await.starts_with("/aanbod/"));
    browser.client.back().await.expect("back");
    let again = browser
        .wait_for_text("[data-testid=related] h2", "Ook over dit onderwerp")
        .await;
    assert_eq!(again, "Ook over dit onderwerp");
    // The focus is back on the card that was opened, as for a result.
    let mut focused = String::new();
    for _ in 0..40 {
        focused = script(
            &browser,
            "const a = document.activeElement; return a && a.closest('[data-testid=related]') ? a.textContent : '';",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string();
        if !focused.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(focused, related[0], "the focus on the related card opened");

    // Enough results: no such section.
    browser.visit(&server, "/zoeken?q=wandelen").await;
    assert!(browser.result_count().await >= 5);
    assert!(browser.texts("[data-testid=related] h2").await.is_empty());
    browser.finish(server).await;
}
