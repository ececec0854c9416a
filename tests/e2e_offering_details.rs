//! End to end: on a phone (360 px), a coach fills in the details residents filter
//! and decide on (for whom, languages, accessibility, at people's homes, the
//! neighbourhood, a contact person, a holiday closure with its note) by tapping
//! and typing, and publishes; an anonymous resident finds the offering through the
//! filter chips, reads every detail on its page, gets them in an anonymous pull,
//! and sees no heading over nothing on another offering.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use chrono::{DateTime, Datelike, Days, NaiveDate};
use fantoccini::Locator;
use support::{Browser, COORDINATOR, PASSWORD, Server, wait_for_sync};

const TITLE: &str = "Stoelyoga bij de Beek";
const CLOSURE_NOTE: &str = "Tussen kerst en oud en nieuw";
const ACCESS_NOTE: &str = "Ingang aan de achterkant, zonder drempel.";
const CONTACT: &str = "Fatima de Vries";
/// A demo offering that says nothing about its accessibility (Voetbal in de kooi).
const BARE: &str = "ffb07bab-0ca5-5e7c-bbb6-43920f32f04f";

#[tokio::test(flavor = "multi_thread")]
async fn details_a_coach_fills_in_reach_the_resident_and_the_filters() {
    let server = Server::start().await;
    server
        .add_user(COORDINATOR, "coordinator", None, PASSWORD)
        .await;
    let coach = Browser::signed_in(&server, COORDINATOR, PASSWORD).await;
    phone(&coach).await;
    coach.visit(&server, "/mijn-aanbod").await;
    coach.click("[data-testid=new-offering]").await;
    coach.type_into("#title", TITLE).await;
    coach
        .type_into("#summary", "Rustig bewegen op een stoel, elke donderdag.")
        .await;
    coach.click("#themes input[value=exercise]").await;

    // Tick and untick: for whom, languages, accessibility.
    for (field, keep, drop) in [
        ("audience", "seniors", "carers"),
        ("languages", "ar", "tr"),
        ("accessibility", "wheelchair", "hearing_loop"),
    ] {
        let input = |code: &str| format!("#{field} input[value={code}]");
        coach.click(&input(keep)).await;
        coach.click(&input(drop)).await;
        assert!(ticked(&coach, &input(drop)).await, "{field} {drop} ticked");
        coach.click(&input(drop)).await;
        assert!(
            !ticked(&coach, &input(drop)).await,
            "{field} {drop} unticked"
        );
        assert!(ticked(&coach, &input(keep)).await, "{field} {keep} ticked");
    }
    coach.click("#languages input[value=nl]").await;
    coach.type_into("#accessibility_note", ACCESS_NOTE).await;

    // Where: a place in a neighbourhood, and at people's homes.
    coach.click("#at_home").await;
    coach
        .type_into("#location\\.name", "Buurthuis De Beek")
        .await;
    coach.type_into("#location\\.address", "Beekstraat 4").await;
    pick(&coach, "location.neighbourhood", "Molenkamp").await;
    assert_eq!(
        value(&coach, "#location\\.neighbourhood").await,
        "Molenkamp"
    );
    // Another name; one the list has takes the list's spelling (and its chip).
    pick(&coach, "location.neighbourhood", "Een andere buurt…").await;
    coach.type_into("#neighbourhood-other", "beekzijde ").await;

    coach.type_into("#contact\\.name", CONTACT).await;
    coach.type_into("#contact\\.phone", "020 123 4567").await;

    // Every Thursday, closed between Christmas and New Year.
    coach.click("[data-testid=add-schedule]").await;
    coach.click_label("donderdag").await;
    coach.type_into("#s0-opens_at", "1000").await;
    coach.type_into("#s0-closes_at", "1100").await;
    let today = today();
    let christmas_eve = next_christmas_eve(today);
    coach.click("[data-testid=add-closure]").await;
    type_date(&coach, "#c0-first", christmas_eve).await;
    coach.type_into("#c0-note", CLOSURE_NOTE).await;
    assert_eq!(value(&coach, "#c0-first").await, christmas_eve.to_string());
    // A second closure on a day gone by is refused, and removed.
    coach.click("[data-testid=add-closure]").await;
    type_date(&coach, "#c1-first", today - Days::new(10)).await;
    coach.wait_for_text("#c1-first-error", "al voorbij").await;
    let second = coach
        .client
        .find_all(Locator::Css("[data-testid=remove-closure]"))
        .await
        .expect("remove buttons");
    assert_eq!(second.len(), 2);
    second[1].clone().click().await.expect("remove the second");
    coach
        .wait_until("main", |t| !t.contains("al voorbij"))
        .await;
    assert_eq!(
        coach.texts("[data-testid=closure]").await.len(),
        1,
        "one closure left"
    );
    assert_eq!(value(&coach, "#c0-note").await, CLOSURE_NOTE);
    screenshot_at(&coach, "#audience", "offering-details-form-for-whom").await;
    screenshot_at(&coach, "#at_home", "offering-details-form-where").await;
    screenshot_at(
        &coach,
        "[data-testid=closure]",
        "offering-details-form-closure",
    )
    .await;
    coach.click("[data-testid=publish]").await;
    coach
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(TITLE) && t.contains("Gepubliceerd") && !t.contains("versturen")
        })
        .await;

    // Opened again, the form shows what was saved.
    coach
        .client
        .find(Locator::XPath(&format!("//a[contains(., '{TITLE}')]")))
        .await
        .expect("the offering")
        .click()
        .await
        .expect("open it");
    coach.wait_for_text("h1", "Aanbod bewerken").await;
    assert_eq!(value(&coach, "#c0-note").await, CLOSURE_NOTE);
    assert_eq!(value(&coach, "#c0-first").await, christmas_eve.to_string());
    assert_eq!(
        value(&coach, "#location\\.neighbourhood").await,
        "Beekzijde"
    );
    assert_eq!(value(&coach, "#contact\\.name").await, CONTACT);
    assert!(ticked(&coach, "#at_home").await);
    coach.close().await;

    // A resident narrows the guide down with the chips until it is there.
    let resident = Browser::start().await;
    phone(&resident).await;
    resident.visit(&server, "/zoeken").await;
    wait_for_sync(&resident).await;
    more_filters(&resident).await;
    resident.tap_chip("Arabisch", "language=ar").await;
    more_filters(&resident).await;
    resident.tap_chip("Beekzijde", "area=Beekzijde").await;
    resident.tap_chip("Rolstoel kan erin", "wheelchair=1").await;
    resident
        .wait_until_any("[data-testid=results] .card-title", |t| t.contains(TITLE))
        .await;
    resident
        .client
        .find(Locator::XPath(&format!(
            "//*[@data-testid='results']//a[contains(., '{TITLE}')]"
        )))
        .await
        .expect("the card")
        .click()
        .await
        .expect("open the offering");
    let closures = resident
        .wait_for_text("[data-testid=closures]", CLOSURE_NOTE)
        .await;
    let day = format!("{} december", christmas_eve.day());
    assert!(
        closures.contains("Gesloten op") && closures.contains(&format!("{day}: {CLOSURE_NOTE}")),
        "{closures}"
    );
    let page = resident.wait_for_text("main", "Contactpersoon").await;
    for shown in [
        "Ouderen",
        "Nederlands, Arabisch",
        "Rolstoeltoegankelijk",
        ACCESS_NOTE,
        "Bij je thuis",
        "Beekzijde",
        &format!("Contactpersoon: {CONTACT}"),
    ] {
        assert!(page.contains(shown), "{shown:?} not in {page}");
    }
    for unticked in ["Mantelzorgers", "Turks", "Ringleiding"] {
        assert!(!page.contains(unticked), "{unticked:?} in {page}");
    }
    assert_eq!(empty_headings(&resident).await, Vec::<String>::new());
    screenshot_at(
        &resident,
        "[data-testid=closures]",
        "offering-details-page-when",
    )
    .await;
    screenshot_at(
        &resident,
        "main section:last-of-type",
        "offering-details-page-end",
    )
    .await;

    // What an anonymous pull carries.
    let pulled = resident
        .api("GET", "/api/v1/changes?limit=2000", None)
        .await;
    let data = pulled["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["data"]["title"] == TITLE)
        .map(|c| c["data"].clone())
        .expect("the offering in an anonymous pull");
    assert_eq!(data["audience"], serde_json::json!(["seniors"]));
    assert_eq!(data["languages"], serde_json::json!(["ar", "nl"]));
    assert_eq!(data["accessibility"], serde_json::json!(["wheelchair"]));
    assert_eq!(data["accessibility_note"], ACCESS_NOTE);
    assert_eq!(data["at_home"], true);
    assert_eq!(data["contact"]["name"], CONTACT);
    assert_eq!(data["location"]["neighbourhood"], "Beekzijde");
    assert_eq!(
        data["exceptions"],
        serde_json::json!([{
            "date": christmas_eve.to_string(), "closed": true, "note": CLOSURE_NOTE
        }])
    );

    // Another offering says nothing about its accessibility: no heading for it.
    resident.visit(&server, &format!("/aanbod/{BARE}")).await;
    let page = resident.wait_for_text("main h1", "Voetbal").await;
    assert!(!page.is_empty());
    let headings = resident.texts("main h2").await;
    assert!(headings.iter().any(|h| h == "Waar?"), "{headings:?}");
    assert!(
        !headings.iter().any(|h| h == "Toegankelijk"),
        "{headings:?}"
    );
    assert_eq!(empty_headings(&resident).await, Vec::<String>::new());
    resident.finish(server).await;
}

/// A screenshot at 360 px with `css` at the top of the screen.
async fn screenshot_at(browser: &Browser, css: &str, name: &str) {
    let script = "document.querySelector(arguments[0]).scrollIntoView();";
    browser
        .client
        .execute(script, vec![css.into()])
        .await
        .expect("scroll");
    browser.screenshot(name, 360).await;
}

/// Makes the browser's window the size of a phone.
async fn phone(browser: &Browser) {
    browser
        .client
        .set_window_size(360, 740)
        .await
        .expect("a phone-sized window");
}

/// Today in UTC (a day off near midnight changes nothing below).
fn today() -> NaiveDate {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970");
    DateTime::from_timestamp(since.as_secs() as i64, 0)
        .expect("a time")
        .date_naive()
}

/// The next 24 December at least a week away.
fn next_christmas_eve(today: NaiveDate) -> NaiveDate {
    let this_year = NaiveDate::from_ymd_opt(today.year(), 12, 24).expect("a date");
    if this_year > today + Days::new(7) {
        this_year
    } else {
        NaiveDate::from_ymd_opt(today.year() + 1, 12, 24).expect("a date")
    }
}

/// Types `date` into a date input with key events, its parts in the order the
/// browser's own locale shows them (Intl's default, which may differ from the
/// languages it offers pages).
async fn type_date(browser: &Browser, css: &str, date: NaiveDate) {
    let order = browser
        .client
        .execute(
            "return new Intl.DateTimeFormat()
                .formatToParts(new Date(2026, 11, 24))
                .filter((p) => p.type !== 'literal').map((p) => p.type);",
            vec![],
        )
        .await
        .expect("the locale's date order");
    let keys: String = order
        .as_array()
        .expect("parts")
        .iter()
        .map(|part| match part.as_str() {
            Some("day") => format!("{:02}", date.day()),
            Some("month") => format!("{:02}", date.month()),
            _ => date.year().to_string(),
        })
        .collect();
    browser.type_into(css, &keys).await;
}

async fn ticked(browser: &Browser, css: &str) -> bool {
    browser
        .element(css)
        .await
        .is_selected()
        .await
        .expect("ticked or not")
}

/// The value of an input or select, as the page holds it.
async fn value(browser: &Browser, css: &str) -> String {
    browser
        .element(css)
        .await
        .prop("value")
        .await
        .expect("a value")
        .unwrap_or_default()
}

/// Picks the option reading `text` in the drop-down list with id `select`, with
/// taps on the list and on the option.
async fn pick(browser: &Browser, select: &str, text: &str) {
    browser.click(&format!("select[id='{select}']")).await;
    let option = format!("//select[@id='{select}']/option[normalize-space()='{text}']");
    browser
        .client
        .find(Locator::XPath(&option))
        .await
        .unwrap_or_else(|e| panic!("no option {text}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("pick {text}: {e}"));
}

/// Opens "Meer filters", unless it is open.
async fn more_filters(browser: &Browser) {
    let details = browser.element("details.more-filters").await;
    let open = details.prop("open").await.expect("open or not");
    if open.as_deref() != Some("true") {
        browser.click("details.more-filters summary").await;
    }
}

/// The headings of the page's sections with nothing under them.
async fn empty_headings(browser: &Browser) -> Vec<String> {
    let found = browser
        .client
        .execute(
            "return [...document.querySelectorAll('main section')]
                .filter((s) => {
                    const h = s.querySelector('h2');
                    return h && s.innerText.trim() === h.innerText.trim();
                })
                .map((s) => s.querySelector('h2').innerText);",
            vec![],
        )
        .await
        .expect("the sections");
    serde_json::from_value(found).expect("heading texts")
}
