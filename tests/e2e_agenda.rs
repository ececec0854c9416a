//! End to end on a phone (360 px), with the page's clock pinned: the agenda puts
//! today's sessions that are over apart and marks them, has no GP opening hours,
//! shows a session a closure cancels with its note, says where and what it costs
//! on every row, and takes the search's filters, kept in the URL over a reload and
//! "back". Filter chips are toggles (`aria-pressed`), and "Meer filters" shows it
//! opens. A page opened directly counts its chips as one reached in the app.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Server, wait_for_sync};

/// Saturday 7 February 2026, 17:19 in Amsterdam.
const SATURDAY_EVENING: &str = "2026-02-07T17:19:00+01:00";
/// Monday 28 December 2026, 12:00: in the Christmas closures.
const IN_THE_CLOSURE: &str = "2026-12-28T12:00:00+01:00";

async fn phone_at(at: &str, browser: Browser) -> (Server, Browser) {
    let server = Server::start().await;
    browser.pin_clock(at).await;
    browser.phone().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    (server, browser)
}

/// The text of every row, those folded away too.
async fn rows(browser: &Browser) -> Vec<String> {
    let texts = browser
        .script(
            "return [...document.querySelectorAll('[data-testid=agenda-row]')]
           .map(r => r.textContent);",
        )
        .await;
    texts
        .as_array()
        .map(|texts| {
            texts
                .iter()
                .map(|t| t.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until the agenda has rows, and returns them.
async fn agenda_rows(browser: &Browser) -> Vec<String> {
    browser
        .wait_until_any("[data-testid=agenda-row]", |_| true)
        .await;
    rows(browser).await
}

/// Every chip's `aria-pressed`, and whether any has `aria-current`.
async fn chip_states(browser: &Browser) -> (Vec<String>, bool) {
    let states = browser
        .script(
            "const chips = [...document.querySelectorAll('.chips a.chip')];
         return [chips.map(c => c.getAttribute('aria-pressed') + ' ' + c.textContent.trim()),
                 chips.some(c => c.hasAttribute('aria-current'))];",
        )
        .await;
    let pressed = states[0]
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect();
    (pressed, states[1].as_bool().unwrap_or(true))
}

async fn wait_for_url(browser: &Browser, check: impl Fn(&str) -> bool) -> String {
    for _ in 0..100 {
        let url = browser.path_and_query().await;
        if check(&url) {
            return url;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the URL never passed: {}", browser.path_and_query().await);
}

/// Waits until the agenda's rows pass `check`.
async fn wait_for_rows(browser: &Browser, check: impl Fn(&[String]) -> bool) -> Vec<String> {
    for _ in 0..100 {
        let rows = rows(browser).await;
        if check(&rows) {
            return rows;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the agenda's rows never passed: {:?}", rows(browser).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn today_puts_what_is_over_apart_and_there_are_no_opening_hours() {
    let (server, browser) = phone_at(SATURDAY_EVENING, Browser::start().await).await;
    browser.tap_menu("/agenda").await;
    let all = agenda_rows(&browser).await;
    assert!(
        !all.iter().any(|r| r.contains("Huisartsenpraktijk")),
        "opening hours are no sessions"
    );
    // Every row says where and what it costs.
    for row in &all {
        assert!(row.contains("Gratis") || row.contains('€'), "{row}");
    }
    // Today: the sessions over are apart, closed, each marked in words.
    let today = browser.element("section.day").await;
    let over_summary = browser
        .wait_for_text("[data-testid=over-today] summary", "Vandaag al afgelopen")
        .await;
    let open: bool = browser
        .script("return document.querySelector('[data-testid=over-today]').open;")
        .await
        .as_bool()
        .unwrap_or(true);
    assert!(!open, "over sessions are folded away: {over_summary}");
    let over_rows = browser.script("return [...document.querySelectorAll('[data-testid=over-today] [data-testid=agenda-row]')]
           .map(r => r.textContent);",
    )
    .await;
    let over_rows = over_rows.as_array().expect("a list").clone();
    assert!(over_rows.len() >= 5, "{over_rows:?}");
    assert!(
        over_rows
            .iter()
            .all(|r| r.as_str().unwrap_or_default().contains("afgelopen")),
        "{over_rows:?}"
    );
    assert!(
        over_rows.iter().any(|r| r
            .as_str()
            .unwrap_or_default()
            .contains("Wandelen met de huisarts")),
        "{over_rows:?}"
    );
    let today_text = today.text().await.expect("today's text");
    assert!(today_text.contains("Vandaag"), "{today_text}");
    browser.screenshot("agenda-saturday-evening", 360).await;
    browser.click("[data-testid=over-today] summary").await;
    browser
        .script("document.querySelector('[data-testid=over-today]').scrollIntoView();")
        .await;
    browser
        .screenshot("agenda-saturday-evening-over-open", 360)
        .await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_a_closure_cancels_says_why() {
    let (server, browser) = phone_at(IN_THE_CLOSURE, Browser::start().await).await;
    browser.visit(&server, "/agenda").await;
    // Chair gym: Mondays and Thursdays, not on Monday 28 December.
    let row = browser
        .wait_until_any("[data-testid=agenda-row]", |r| {
            r.contains("Stoelgym voor senioren")
        })
        .await;
    assert!(row.contains("Gaat niet door: Kerstvakantie"), "{row}");
    // A closure of the whole week cancels its sessions just as visibly: the
    // living room (working days, closed 28 December to 1 January) and the other
    // offerings a run of closed days takes away.
    let rows = agenda_rows(&browser).await;
    let monday: Vec<&String> = rows
        .iter()
        .filter(|r| r.contains("Gaat niet door: Kerstvakantie"))
        .collect();
    for title in [
        "Huiskamer De Linde",
        "Inloop Geldloket",
        "Sociaal Wijkteam Vlonderveld",
        "Wijkkantoor Lindewonen",
    ] {
        assert!(
            monday.iter().any(|r| r.contains(title)),
            "{title} is not cancelled on Monday: {monday:?}"
        );
    }
    browser
        .script("document.querySelector('.sessions .cancelled').scrollIntoView();")
        .await;
    browser.screenshot("agenda-closure", 360).await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agenda_takes_the_search_filters_kept_over_reload_and_back() {
    let (server, browser) = phone_at(SATURDAY_EVENING, Browser::start().await).await;
    browser.visit(&server, "/agenda").await;
    let all = agenda_rows(&browser).await;
    let (pressed, current) = chip_states(&browser).await;
    assert!(!current, "no chip is the 'current page'");
    assert!(
        pressed.iter().all(|p| p.starts_with("false ")),
        "no filter is on yet: {pressed:?}"
    );

    // The lead names the week's last day: today and the six days after it.
    let lead = browser
        .wait_for_text("main .lead", "vrijdag 13 februari")
        .await;
    assert_eq!(
        lead,
        "Wat er te doen is van vandaag tot en met vrijdag 13 februari."
    );

    // Tapping a chip says the new count once, as search does.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    browser.record_announcements().await;
    browser.tap_chip("Gratis", "free=1").await;
    assert!(browser.path_and_query().await.starts_with("/agenda?"));
    let free = wait_for_rows(&browser, |rows| rows.len() < all.len()).await;
    let chip = browser
        .wait_until_any(".chips a.chip[aria-pressed=true]", |t| t.contains("Gratis"))
        .await;
    let count: String = chip.chars().filter(char::is_ascii_digit).collect();
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    assert_eq!(
        browser.announced_in(&["agenda-announced"]).await,
        vec![("agenda-announced".to_string(), format!("{count} gevonden"))],
        "the count is said once"
    );
    assert!(!free.is_empty());
    for row in &free {
        assert!(row.contains("Gratis"), "a row that is not free: {row}");
    }
    let (pressed, _) = chip_states(&browser).await;
    assert!(
        pressed
            .iter()
            .any(|p| p.starts_with("true ") && p.contains("Gratis")),
        "{pressed:?}"
    );

    // "Meer filters" looks and acts as something that opens.
    let chevron = browser.script("return getComputedStyle(document.querySelector('.more-filters summary'), '::before').content;",
    )
    .await;
    assert!(
        chevron.as_str().is_some_and(|c| c.contains('›')),
        "{chevron}"
    );
    browser.click(".more-filters summary").await;
    browser.tap_chip("Molenkamp", "area=Molenkamp").await;
    let here = wait_for_rows(&browser, |rows| rows.len() < free.len()).await;
    for row in &here {
        assert!(row.contains("Molenkamp") && row.contains("Gratis"), "{row}");
    }
    let summary = browser
        .wait_for_text(".more-filters summary", "1 gekozen")
        .await;
    assert!(summary.contains("Meer filters"), "{summary}");
    browser.screenshot("agenda-filtered", 360).await;

    // A reload keeps the filters; "back" takes the last one off.
    browser.client.refresh().await.expect("reload");
    wait_for_sync(&browser).await;
    let reloaded = wait_for_rows(&browser, |rows| rows.len() == here.len()).await;
    assert_eq!(reloaded, here);
    browser.client.back().await.expect("back");
    wait_for_url(&browser, |u| !u.contains("area=")).await;
    wait_for_rows(&browser, |rows| rows.len() == free.len()).await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_chips_are_toggles_that_say_whether_they_are_on() {
    let (server, browser) = phone_at(SATURDAY_EVENING, Browser::start().await).await;
    browser.visit(&server, "/zoeken?q=koffie").await;
    browser.result_count().await;
    let (pressed, current) = chip_states(&browser).await;
    assert!(!current, "no chip is the 'current page'");
    assert!(
        pressed.iter().all(|p| p.starts_with("false ")),
        "{pressed:?}"
    );
    browser.tap_chip("Gratis", "free=1").await;
    let free = browser
        .wait_until_any(".chips a.chip[aria-pressed=true]", |t| t.contains("Gratis"))
        .await;
    assert!(free.starts_with("✓"), "{free}");
    // And off again, with the keyboard's space bar as a button takes it.
    let chip = browser.element(".chips a.chip[aria-pressed=true]").await;
    chip.send_keys(" ").await.expect("press space");
    wait_for_url(&browser, |u| !u.contains("free=1")).await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_large_text_the_screens_still_fit_a_phone() {
    let (server, browser) = phone_at(SATURDAY_EVENING, Browser::start_large_text().await).await;
    // Each screen, and the part of it this work changed, once it is drawn.
    for (path, name, part) in [
        ("/", "front", "main h2:nth-of-type(2)"),
        (
            "/zoeken?q=wandelen&when=this_week",
            "results",
            "[data-testid=card-time]",
        ),
        ("/agenda", "agenda", "section.day + section.day"),
        (
            "/aanbod/14394e9d-7784-5f7e-a2bb-08b554d03f61",
            "offering",
            "[data-testid=when]",
        ),
    ] {
        browser.visit(&server, path).await;
        wait_for_sync(&browser).await;
        browser.element(part).await;
        let wide = browser
            .script("return document.documentElement.scrollWidth <= window.innerWidth;")
            .await;
        assert_eq!(wide, serde_json::json!(true), "{path} scrolls sideways");
        browser.screenshot(&format!("large-text-{name}"), 360).await;
        let scroll = format!("document.querySelector('{part}').scrollIntoView();");
        browser.script(&scroll).await;
        browser
            .screenshot(&format!("large-text-{name}-part"), 360)
            .await;
    }
    browser.finish(server).await;
}

/// The quick chips: the list not under a heading of "Meer filters".
const QUICK_CHIPS: &str = ".filters ul.chips:not(.chips-heading + ul) a.chip";

/// The quick chips' texts ("Gratis (12)", ...), once the list under them is drawn.
async fn quick_chips(browser: &Browser) -> Vec<String> {
    browser.wait_until_any(".chips a.chip", |_| true).await;
    // Counts settle with the list: wait until two reads a moment apart agree.
    let mut last = browser.texts(QUICK_CHIPS).await;
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let now = browser.texts(QUICK_CHIPS).await;
        if now == last {
            return now;
        }
        last = now;
    }
    last
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_opened_directly_counts_its_chips_as_one_reached_in_the_app() {
    let (server, browser) = phone_at(SATURDAY_EVENING, Browser::start().await).await;
    for path in [
        "/agenda",
        "/zoeken?q=ik%20voel%20me%20alleen",
        "/zoeken?free=1",
    ] {
        // In the app: from the front page, by a link it follows without a reload.
        browser.visit(&server, "/").await;
        wait_for_sync(&browser).await;
        let link = format!(
            "const a = document.createElement('a'); a.href = '{path}'; a.id = 'go';
             a.textContent = 'go'; document.querySelector('main').append(a);"
        );
        browser.script(&link).await;
        browser.click("#go").await;
        wait_for_url(&browser, |u| u.starts_with(path.split('?').next().unwrap())).await;
        browser
            .wait_until_any(".chips a.chip", |t| t.contains('('))
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        let in_app = quick_chips(&browser).await;
        // Opened directly: a full load of the same address.
        browser.visit(&server, path).await;
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        let direct = quick_chips(&browser).await;
        assert_eq!(direct, in_app, "{path}");
        assert!(
            direct
                .iter()
                .any(|c| c.contains("Gratis (") && !c.contains("(0)")),
            "{path}: {direct:?}"
        );
    }
    // The chip that is on counts what the list shows.
    browser.visit(&server, "/zoeken?free=1").await;
    let count = browser.result_count().await;
    let free = browser
        .wait_until_any(".chips a.chip[aria-pressed=true]", |t| t.contains("Gratis"))
        .await;
    let free = free.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(free, format!("✓ Gratis ({count})"));
    browser.finish(server).await;
}

/// The quick chips' row: whether it shows a cue of more before / after (its
/// "‹" and "›"), and whether its chips are all on one line.
async fn chip_row(browser: &Browser) -> (bool, bool, bool) {
    let state = browser
        .script(
            "const row = document.querySelector('.chip-row');
             if (!row) return [false, false, true];
             const tops = [...row.querySelectorAll('a.chip')].map(c => c.getBoundingClientRect().top);
             const shown = side => getComputedStyle(row, side).content !== 'none';
             return [shown('::before'), shown('::after'),
                     tops.every(t => Math.abs(t - tops[0]) < 2)];",
        )
        .await;
    let at = |i: usize| state[i].as_bool().expect("a flag");
    (at(0), at(1), at(2))
}

/// Waits until the row shows `want` (more before, more after); on a phone its
/// chips are on one line all the while.
async fn wait_for_chip_row(browser: &Browser, want: (bool, bool), phone: bool) {
    for _ in 0..100 {
        let (before, after, one_line) = chip_row(browser).await;
        assert!(one_line || !phone, "the quick chips take one row");
        if (before, after) == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "the chip row never showed {want:?}: {:?}",
        chip_row(browser).await
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chip_row_that_scrolls_shows_there_is_more() {
    for (browser, name) in [
        (Browser::start().await, "chip-row"),
        (Browser::start_large_text().await, "chip-row-large-text"),
    ] {
        let (server, browser) = phone_at(SATURDAY_EVENING, browser).await;
        browser.visit(&server, "/zoeken").await;
        browser.result_count().await;
        // More after: the right edge fades under a "›".
        wait_for_chip_row(&browser, (false, true), true).await;
        browser.screenshot(name, 360).await;
        // Scrolled to the end: the cue goes to the other side.
        browser
            .script(
                "const s = document.querySelector('.chip-scroller');
                 s.scrollLeft = s.scrollWidth;",
            )
            .await;
        wait_for_chip_row(&browser, (true, false), true).await;
        browser.screenshot(&format!("{name}-end"), 360).await;
        browser.finish(server).await;
    }
    // On a wide screen the chips wrap and there is no cue.
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.desktop().await;
    browser.visit(&server, "/zoeken").await;
    browser.result_count().await;
    wait_for_chip_row(&browser, (false, false), false).await;
    browser.finish(server).await;
}
