//! End to end on a phone (360 px), with the page's clock pinned: the times the
//! guide tells are honest. On Saturday 7 February 2026 at 17:19 "Vandaag in de
//! wijk" and the "Vandaag" chip list nothing that is over; with "Komende 7 dagen"
//! no card names a date after the seven days or a session that is over (one that
//! was on this morning shows its next, or is not listed); offerings by
//! appointment say so, and a GP practice's opening hours say whether it is open
//! now; in the Christmas closure a card names the closure it skips; and "Zet in je
//! telefoonagenda" says what it did.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use chrono::{DateTime, Utc};
use support::{Browser, Server, WALK_WITH_THE_GP, wait_for_sync};
use wijkgids_core::Offering;
use wijkgids_core::schedule::{Progress, Shown, Window};

/// Saturday 7 February 2026, 17:19 in Amsterdam: the morning's sessions are over.
const SATURDAY_EVENING: &str = "2026-02-07T17:19:00+01:00";
/// Monday 28 December 2026, 09:00: in the middle of the Christmas closures.
const IN_THE_CLOSURE: &str = "2026-12-28T09:00:00+01:00";

fn moment(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a moment")
        .to_utc()
}

fn demo() -> Vec<Offering> {
    wijkgids_core::demo::neighbourhood()
        .expect("the demo parses")
        .offerings
        .into_iter()
        .filter(Offering::is_public)
        .collect()
}

fn demo_id(title: &str) -> String {
    demo()
        .into_iter()
        .find(|o| o.title == title)
        .unwrap_or_else(|| panic!("no {title} in the demo"))
        .id
        .to_string()
}

/// A phone with the guide on it, its clock at `at`.
async fn phone_at(at: &str) -> (Server, Browser) {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.pin_clock(at).await;
    browser.phone().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    (server, browser)
}

/// The card (its whole text) whose title is `title`, among `css`'s cards.
async fn card(browser: &Browser, title: &str) -> String {
    let css = "[data-testid=card]";
    browser
        .wait_until_any(css, |text| text.starts_with(title))
        .await
}

async fn search(browser: &Browser, text: &str) {
    // The guide's own results page, not the first screen's box it replaces (typing
    // into that one can meet a box that is gone).
    browser.element("[data-testid=result-count]").await;
    browser.type_into("#q", text).await;
    browser
        .wait_until("[data-testid=result-count]", |t| t.contains("gevonden"))
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_saturday_evening_today_lists_nothing_that_is_over() {
    let (server, browser) = phone_at(SATURDAY_EVENING).await;
    // What the schedules say is still to come today, soonest first.
    let now = moment(SATURDAY_EVENING);
    let mut coming: Vec<(i64, String)> = demo()
        .iter()
        .filter_map(|o| match o.shown(Window::Today, now) {
            Shown::Session { session, .. } if session.progress != Progress::Over => {
                Some((session.occurrence.start.timestamp(), o.title.clone()))
            }
            _ => None,
        })
        .collect();
    coming.sort();
    let expected: Vec<String> = coming.into_iter().take(5).map(|(_, t)| t).collect();
    let over_today = demo()
        .iter()
        .filter(|o| {
            matches!(o.shown(Window::Today, now),
                Shown::Session { session, .. } if session.progress == Progress::Over)
        })
        .count();
    assert!(over_today >= 5, "the demo has sessions over by then");

    browser.wait_for_text("main", "Vandaag in de wijk").await;
    // Nothing more today (no card of today): tomorrow's, under its own heading,
    // soonest first.
    assert!(expected.is_empty(), "{expected:?}");
    browser
        .wait_for_text("main", "Vandaag is er verder niets meer.")
        .await;
    browser
        .wait_for_text("[data-testid=tomorrow-heading]", "Morgen in de wijk")
        .await;
    let mut tomorrow: Vec<(i64, String)> = demo()
        .iter()
        .filter(|o| o.status == wijkgids_core::vocab::Status::Published)
        .filter_map(|o| match o.shown(Window::Tomorrow, now) {
            Shown::Session { session, .. } => {
                Some((session.occurrence.start.timestamp(), o.title.clone()))
            }
            _ => None,
        })
        .collect();
    tomorrow.sort();
    let tomorrow: Vec<String> = tomorrow.into_iter().take(5).map(|(_, t)| t).collect();
    assert!(!tomorrow.is_empty(), "the demo has something on Sunday");
    let titles = browser.texts("main .cards .card-title").await;
    assert_eq!(titles, tomorrow, "tomorrow's cards, soonest first");
    for time in browser.texts("main .cards [data-testid=card-time]").await {
        assert!(
            time.contains("morgen") && !time.starts_with("Afgelopen"),
            "a card on the front page that is not tomorrow: {time}"
        );
    }
    browser
        .screenshot("honest-front-saturday-evening", 360)
        .await;
    browser.click("a[href='/zoeken?when=tomorrow']").await;
    browser
        .wait_until("[data-testid=result-count]", |t| t.contains("gevonden"))
        .await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_today_chip_counts_and_lists_only_what_is_still_to_come() {
    // Saturday 11:00: some of the day's sessions are over, some to come.
    let at = "2026-02-07T11:00:00+01:00";
    let (server, browser) = phone_at(at).await;
    let now = moment(at);
    let still: Vec<String> = demo()
        .iter()
        .filter(|o| o.status == wijkgids_core::vocab::Status::Published)
        .filter(|o| {
            matches!(o.shown(Window::Today, now),
                Shown::Session { session, .. } if session.progress != Progress::Over)
        })
        .map(|o| o.title.clone())
        .collect();
    assert!(!still.is_empty());
    browser.visit(&server, "/zoeken?shown=1000").await;
    let chip = browser
        .wait_until_any(".chips a.chip", |t| t.starts_with("Vandaag ("))
        .await;
    assert_eq!(chip, format!("Vandaag ({})", still.len()));
    browser.tap_chip("Vandaag", "when=today").await;
    let chip = browser
        .wait_until_any(".chips a.chip[aria-pressed=true]", |t| {
            t.contains("Vandaag")
        })
        .await;
    assert_eq!(
        chip.split_whitespace().collect::<Vec<_>>(),
        ["✓", "Vandaag", &format!("({})", still.len())]
    );
    browser
        .wait_until("[data-testid=result-count]", |t| {
            t.starts_with(&format!("{} gevonden", still.len()))
        })
        .await;
    let mut titles = browser.texts("[data-testid=results] .card-title").await;
    titles.sort();
    let mut expected = still.clone();
    expected.sort();
    assert_eq!(titles, expected);
    for time in browser
        .texts("[data-testid=results] [data-testid=card-time]")
        .await
    {
        assert!(!time.starts_with("Afgelopen"), "{time}");
    }
    browser.screenshot("honest-today-chip", 360).await;
    // At 17:19 all is over: "Vandaag (0)" and the list says nothing is found.
    browser.finish(server).await;
    let (server, browser) = phone_at(SATURDAY_EVENING).await;
    browser.visit(&server, "/zoeken?when=today").await;
    browser
        .wait_until("[data-testid=result-count]", |t| {
            t.starts_with("0 gevonden")
        })
        .await;
    browser
        .wait_until_any(".chips a.chip[aria-pressed=true]", |t| {
            t.ends_with("Vandaag (0)")
        })
        .await;
    // "Gratis vandaag" found nothing: one tap on to what is free tomorrow.
    browser.visit(&server, "/zoeken?q=gratis%20vandaag").await;
    browser
        .wait_until("[data-testid=result-count]", |t| {
            t.starts_with("0 gevonden")
        })
        .await;
    browser.click("[data-testid=try-tomorrow] a").await;
    browser
        .wait_until_any(".chips a.chip[aria-pressed=true]", |t| t.contains("Morgen"))
        .await;
    let url = browser.path_and_query().await;
    assert!(
        url.contains("when=tomorrow") && !url.contains("vandaag"),
        "{url}"
    );
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_date_more_than_half_a_year_ahead_carries_its_year() {
    let (server, browser) = phone_at(SATURDAY_EVENING).await;
    browser.visit(&server, "/zoeken").await;
    // Its first season starts on Thursday 4 March 2027: the year tells it is not
    // the coming 4 March (a Wednesday in 2026).
    search(&browser, "nordic walking").await;
    let nordic = card(&browser, "Nordic walking in het Molenpark").await;
    assert!(
        nordic.contains("Volgende keer: donderdag 4 maart 2027, 19:00–20:00"),
        "{nordic}"
    );
    browser.screenshot("honest-year-card", 360).await;
    browser
        .visit(&server, "/aanbod/4e19bc97-4633-5490-a0b5-a51d65b0ab02")
        .await;
    browser
        .wait_for_text("main", "donderdag 4 maart 2027, 19:00")
        .await;
    // A date within half a year goes without: the walk's next Saturday.
    browser
        .visit(&server, &format!("/aanbod/{WALK_WITH_THE_GP}"))
        .await;
    let page = browser
        .wait_for_text("main", "zaterdag 14 februari, 09:30")
        .await;
    assert!(!page.contains("14 februari 2026"), "{page}");
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_next_seven_days_never_show_a_date_after_them() {
    let (server, browser) = phone_at(SATURDAY_EVENING).await;
    browser.visit(&server, "/zoeken").await;
    search(&browser, "wandelen").await;
    let before = browser.result_count().await;
    browser.tap_chip("Komende 7 dagen", "when=this_week").await;
    browser
        .wait_until("[data-testid=result-count]", |t| {
            !t.starts_with(&format!("{before} "))
        })
        .await;
    // This morning's walk is over and the next is 14 February, after the 7 days:
    // it is not in the list at all (not as over, not with a date outside).
    let titles = browser.texts("[data-testid=results] .card-title").await;
    assert!(!titles.is_empty());
    assert!(
        !titles.iter().any(|t| t == "Wandelen met de huisarts"),
        "{titles:?}"
    );
    assert!(browser.texts(".card.over").await.is_empty());

    // Every card of the whole list names today, tomorrow or a date of the week.
    browser
        .visit(&server, "/zoeken?when=this_week&shown=1000")
        .await;
    let total = browser.result_count().await;
    let week = [
        "vandaag",
        "morgen",
        "maandag 9 februari",
        "dinsdag 10 februari",
        "woensdag 11 februari",
        "donderdag 12 februari",
        "vrijdag 13 februari",
    ];
    let times = browser
        .texts("[data-testid=results] [data-testid=card-time]")
        .await;
    assert_eq!(times.len(), total, "every card tells its time");
    for time in &times {
        assert!(
            week.iter().any(|day| time.contains(day)),
            "a time outside the 7 days: {time}"
        );
        // One that was on this morning and comes again in the week shows its next.
        assert!(!time.starts_with("Afgelopen"), "{time}");
    }
    browser.screenshot("honest-results-week", 360).await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn by_appointment_says_so_and_opening_hours_say_whether_open_now() {
    let (server, browser) = phone_at(SATURDAY_EVENING).await;
    browser.visit(&server, "/zoeken").await;
    search(&browser, "huisartsenpraktijk").await;
    let practice = card(&browser, "Huisartsenpraktijk Molenkamp").await;
    assert!(practice.contains("Op afspraak"), "{practice}");
    assert!(!practice.contains("Volgende keer"), "{practice}");

    // Its page: by appointment, its opening hours, and closed on Saturday evening.
    let molenkamp = demo_id("Huisartsenpraktijk Molenkamp");
    browser
        .visit(&server, &format!("/aanbod/{molenkamp}"))
        .await;
    let when = browser
        .wait_for_text("[data-testid=when]", "Openingstijden")
        .await;
    assert!(when.contains("Op afspraak"), "{when}");
    assert!(
        when.contains("Van maandag tot en met vrijdag, 08:00–17:00"),
        "{when}"
    );
    assert!(!when.contains("Geen datums bekend"), "{when}");
    assert_eq!(
        browser.texts("[data-testid=open-now]").await,
        ["Nu gesloten"]
    );
    browser
        .script("document.querySelector('[data-testid=when]').scrollIntoView();")
        .await;
    browser.screenshot("honest-offering-gp", 360).await;

    // By appointment without any hours: said so, not "no dates known".
    let dietitian = demo_id("Diëtist");
    browser
        .visit(&server, &format!("/aanbod/{dietitian}"))
        .await;
    let when = browser
        .wait_for_text("[data-testid=when]", "Op afspraak")
        .await;
    assert!(!when.contains("Geen datums bekend"), "{when}");
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn in_the_christmas_closure_cards_name_the_closure_they_skip() {
    let (server, browser) = phone_at(IN_THE_CLOSURE).await;
    browser.visit(&server, "/zoeken").await;
    search(&browser, "huiskamer de linde").await;
    let living_room = card(&browser, "Huiskamer De Linde").await;
    assert!(
        living_room.contains("Volgende keer: maandag 4 januari, 10:00–12:30"),
        "{living_room}"
    );
    assert!(
        living_room.contains("Niet op 28 december – 1 januari: Kerstvakantie"),
        "{living_room}"
    );
    browser.visit(&server, "/zoeken?q=koffieochtend").await;
    let coffee = card(&browser, "Koffieochtend in De Ark").await;
    assert!(
        coffee.contains("Niet op woensdag 30 december: Tussen kerst en oud en nieuw"),
        "{coffee}"
    );
    browser.screenshot("honest-results-closure", 360).await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_calendar_button_says_what_it_did() {
    let (server, browser) = phone_at(SATURDAY_EVENING).await;
    browser
        .visit(&server, &format!("/aanbod/{WALK_WITH_THE_GP}"))
        .await;
    // The status line is there, empty, before the button is used.
    let status = browser
        .element("[role=status][data-testid=actions-status]")
        .await;
    assert_eq!(status.text().await.expect("its text"), "");
    let button = browser.wait_for_text("[data-testid=calendar]", "").await;
    assert_eq!(button, "Zet in je telefoonagenda");
    browser.click("[data-testid=calendar]").await;
    let said = browser
        .wait_for_text(
            "[data-testid=actions-status]",
            "wandelen-met-de-huisarts.ics",
        )
        .await;
    assert!(
        said.contains("downloads") && said.contains("agenda"),
        "{said}"
    );
    browser.screenshot("honest-offering-calendar", 360).await;
    browser.finish(server).await;
}
