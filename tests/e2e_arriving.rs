//! End to end on a phone (360 px) on a slowish line (400 KB/s), with a guide too large for the
//! first screen to fetch at once (2,000 generated offerings): while the guide
//! arrives on a new device, the results never say "0 found" or "nothing found"
//! and a screen reader is not told a count that grows with every page; the
//! agenda never says a day has nothing, the filter chips count nothing, and a
//! result with the focus keeps it as the list is drawn again. Once the guide is there, a day of
//! hundreds of sessions shows them 40 at a time, and "Toon meer" adds the next
//! ones with the focus on the first of them.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, Server, generated_data_folder, wait_for_sync};

/// Monday 7 December 2026, 06:00 in Amsterdam: no session of the day is over.
const MONDAY_EARLY: &str = "2026-12-07T06:00:00+01:00";

/// Offerings in the guide: more than the public guide holds (512 KB
/// compressed), so a new device pulls them in pages.
const OFFERINGS: usize = 2_000;

/// From the page's first moment, every text the results' count, what their
/// status line says and each day's message showed, in order, without repeats.
const WATCH: &str = "(() => {
    window.__seen = { count: [], said: [], days: [], chips: [] };
    const keep = (list, text) => { if (text && list[list.length - 1] !== text) list.push(text); };
    setInterval(() => {
        const count = document.querySelector('[data-testid=result-count]');
        keep(window.__seen.count, count && count.textContent.trim());
        // The filter chips while the count says the guide is still arriving.
        const arriving = count && /tot nu toe|wordt geladen/.test(count.textContent);
        const chips = [...document.querySelectorAll('.filters .chip')].map(c => c.textContent.trim());
        if (arriving && chips.length) keep(window.__seen.chips, chips.join(' | '));
        const said = document.querySelector('[data-testid=results-announced]');
        keep(window.__seen.said, said && said.textContent.trim());
        for (const p of document.querySelectorAll('[data-testid=agenda] section.day > p')) {
            keep(window.__seen.days, p.textContent.trim());
        }
    }, 20);
})();";

async fn new_phone_on_a_slow_line() -> Browser {
    let browser = Browser::start().await;
    browser.pin_clock(MONDAY_EARLY).await;
    browser.phone().await;
    browser.on_every_page(WATCH).await;
    // Slow enough that the pages come in one by one, quick enough for the
    // test's patience (the guide's WASM and 2,000 offerings in seconds).
    browser
        .emulate_line(false, 100, Some((400_000, 100_000)))
        .await;
    browser
}

async fn seen(browser: &Browser, what: &str) -> Vec<String> {
    let seen = browser
        .script(&format!("return window.__seen.{what};"))
        .await;
    serde_json::from_value(seen).expect("texts")
}

#[tokio::test]
async fn while_the_guide_arrives_nothing_says_there_is_nothing_and_a_long_day_shows_forty_at_a_time()
 {
    // The generated guide alone, without the demo neighbourhood.
    // SAFETY: set before this test starts any process or thread that reads the
    // environment; it is the only test in this binary.
    unsafe { std::env::set_var("WIJKGIDS_DEMO", "false") };
    let server = Server::start_in(generated_data_folder(OFFERINGS, 7), 0).await;

    // Results on a new device: the count grows as the pages come in.
    let browser = new_phone_on_a_slow_line().await;
    browser.visit(&server, "/zoeken?q=wandelen").await;
    // Someone on a result of the server's page before the guide runs, and while
    // more arrive: the guide takes the page over, every page of the sync draws
    // the list again, and the focus stays on that result.
    browser
        .wait_until("[data-testid=results] .card-title a", |t| !t.is_empty())
        .await;
    browser.focus("[data-testid=results] .card-title a").await;
    let on = browser.focused().await;
    assert!(on.starts_with("a "), "{on}");
    let first = browser
        .wait_until("[data-testid=result-count]", |t| t.contains("tot nu toe"))
        .await;
    let taken_over = browser.focused().await;
    assert_eq!(
        taken_over, on,
        "the focus stayed on the result as the guide took over"
    );
    browser
        .wait_until("[data-testid=result-count]", |t| t != first)
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let still = browser.focused().await;
    assert!(
        still.starts_with("a "),
        "the focus stayed on a result: {still}"
    );
    wait_for_sync(&browser).await;
    let count = browser
        .wait_until("[data-testid=result-count]", |t| t.ends_with(" gevonden"))
        .await;
    let found: usize = count
        .trim_end_matches(" gevonden")
        .parse()
        .expect("a count");
    assert!(found > 0, "{count}");
    let counts = seen(&browser, "count").await;
    assert!(
        counts
            .iter()
            .any(|c| c == "De gids wordt geladen…" || c.contains("tot nu toe")),
        "the count said the guide was arriving: {counts:?}"
    );
    assert!(
        !counts.iter().any(|c| c == "0 gevonden"),
        "never 0 found while the guide arrives: {counts:?}"
    );
    // The chips count nothing while it arrives (a count of what came so far
    // reads as the whole), and do once it is there.
    let chips = seen(&browser, "chips").await;
    assert!(!chips.is_empty(), "chips seen while the guide arrived");
    assert!(
        !chips.iter().any(|c| c.contains(" (")),
        "no counts on the chips while the guide arrives: {chips:?}"
    );
    browser.wait_for_text(".filters .chip", " (").await;
    // Heard: that the guide is loading, then the count, once each.
    let said = browser
        .wait_until("[data-testid=results-announced]", |t| t.contains(&count))
        .await;
    // As the watch saw it too (it looks every 20 ms).
    let mut heard = seen(&browser, "said").await;
    for _ in 0..20 {
        if heard.last() == Some(&said) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        heard = seen(&browser, "said").await;
    }
    assert!(
        heard.len() <= 2 && heard.last() == Some(&said),
        "said once that it loads and once the count: {heard:?}"
    );
    assert!(
        !heard.iter().any(|h| h.contains("Niets gevonden")),
        "{heard:?}"
    );
    browser.close().await;

    // The agenda on a new device: no day with nothing, while or after.
    let browser = new_phone_on_a_slow_line().await;
    browser.visit(&server, "/agenda").await;
    wait_for_sync(&browser).await;
    browser
        .wait_for_count(
            "[data-testid=agenda] section.day:first-of-type [data-testid=agenda-row]",
            40,
        )
        .await;
    let days = seen(&browser, "days").await;
    assert!(
        !days.iter().any(|d| d.starts_with("Niets op deze dag")),
        "no day said to have nothing: {days:?}"
    );
    // Today's first 40 sessions, and how many of how many are shown.
    let shown = browser
        .wait_for_text(
            "[data-testid=agenda] section.day:first-of-type [data-testid=agenda-shown]",
            "40 van ",
        )
        .await;
    let total: usize = shown
        .trim_start_matches("40 van ")
        .trim_end_matches(" getoond")
        .parse()
        .expect("a total");
    assert!(total > 80, "a long day: {shown}");
    browser
        .click("[data-testid=agenda] section.day:first-of-type [data-testid=agenda-show-more]")
        .await;
    browser
        .wait_for_count(
            "[data-testid=agenda] section.day:first-of-type [data-testid=agenda-row]",
            80,
        )
        .await;
    let first_new = browser
        .script(
            "return document.querySelectorAll('[data-testid=agenda] section.day:first-of-type \
             [data-testid=agenda-row]')[40].querySelector('a').textContent.trim();",
        )
        .await;
    let first_new = first_new.as_str().unwrap_or_default().to_string();
    browser
        .wait_for_focus(|f| f.starts_with("a ") && f.contains(&first_new))
        .await;
    browser.finish(server).await;
}
