//! End to end, as a coach acts on a phone (360 px): the offering form keeps typed
//! spaces and edits in the middle of every text field and trims them only when
//! saving; a draft with only a title is saved and stays a draft (never public);
//! a new offering shows no errors and no status actions it cannot use; a failed
//! "Publiceren" lists what to fix without naming a colour, moves the focus to the
//! first of it and updates as it is fixed; a website without https:// is
//! completed; a resident then reads the trimmed text. And leaving the form with
//! unsaved changes asks first (reload or close, app links, the back button).
//! And all of it by keyboard alone: Tab, typing, Space and Enter, from the title
//! to "Zet in de gids", through the list of what to fix, to the sent offering.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use serde_json::{Value, json};
use support::{
    Browser, COORDINATOR, PASSWORD, Server, VLONDERHOF as ORGANISATION,
    WALK_WITH_THE_GP as PUBLISHED, wait_for_sync,
};

const COACH: &str = "coach@example.org";
const TITLE: &str = "Voetbal voor meiden";

/// The value an input or text area holds now.
async fn value(browser: &Browser, css: &str) -> String {
    browser
        .element(css)
        .await
        .prop("value")
        .await
        .expect("read the value")
        .unwrap_or_default()
}

/// Types `head` and `tail` with key events, goes back before `tail` with the arrow
/// key and types `insert` there, then goes to the end and types `trailing`: a
/// person correcting a word in the middle. Answers what the field should now hold.
async fn type_with_edit(
    browser: &Browser,
    css: &str,
    (head, insert, tail): (&str, &str, &str),
    trailing: &str,
) -> String {
    browser.type_into(css, &format!("{head}{tail}")).await;
    let back: String = std::iter::repeat_n(char::from(Key::Left), tail.chars().count()).collect();
    browser.type_into(css, &back).await;
    browser.type_into(css, insert).await;
    browser
        .type_into(css, &format!("{}{trailing}", char::from(Key::End)))
        .await;
    format!("{head}{insert}{tail}{trailing}")
}

/// The `data-testid`s of the form's action buttons, in order.
async fn actions(browser: &Browser) -> Vec<String> {
    browser.element(".actions button").await;
    let mut ids = Vec::new();
    for button in browser
        .client
        .find_all(fantoccini::Locator::Css("form .actions button"))
        .await
        .expect("buttons")
    {
        ids.push(
            button
                .attr("data-testid")
                .await
                .ok()
                .flatten()
                .unwrap_or_default(),
        );
    }
    ids
}

/// Waits until the form's action buttons are these.
async fn wait_for_actions(browser: &Browser, expected: &[&str]) {
    for _ in 0..100 {
        if actions(browser).await == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(actions(browser).await, expected);
}

/// The name (or id) of the element that has the focus.
async fn focused(browser: &Browser) -> String {
    let script = "const e = document.activeElement; return e ? (e.name || e.id) : '';";
    let answer = browser
        .client
        .execute(script, vec![])
        .await
        .expect("script");
    answer.as_str().unwrap_or_default().to_string()
}

/// Screenshots at a phone's and a desktop's width, then back to the phone.
async fn screenshots(browser: &Browser, name: &str) {
    browser.screenshots(name).await;
    browser
        .client
        .set_window_size(360, 740)
        .await
        .expect("phone size");
}

/// A coach of the demo organisation, signed in on a phone (360 px), at a new
/// offering's form.
async fn coach_at_a_new_form(server: &Server) -> Browser {
    server
        .add_user(COACH, "publisher", Some(ORGANISATION), PASSWORD)
        .await;
    let coach = Browser::signed_in(server, COACH, PASSWORD).await;
    coach
        .client
        .set_window_size(360, 740)
        .await
        .expect("phone size");
    coach.visit(server, "/mijn-aanbod").await;
    coach.click("[data-testid=new-offering]").await;
    coach.element("#title").await;
    coach
}

/// The record `id` in a pull by `browser`, once `check` passes (the device sends
/// its edits a moment after they are saved).
async fn pulled_once(browser: &Browser, id: &str, check: impl Fn(&Value) -> bool) -> Value {
    let mut last = None;
    for _ in 0..100 {
        last = browser.pulled(id).await;
        if let Some(change) = last.as_ref().filter(|c| check(c)) {
            return change.clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("{id} never passed the check; last: {last:?}");
}

/// The id of the coach's offering titled `title`, from its link in "Mijn aanbod".
async fn id_in_my_offerings(browser: &Browser, title: &str) -> String {
    let xpath = format!("//li[@data-testid='my-offering']//a[contains(., '{title}')]");
    let link = browser
        .client
        .find(fantoccini::Locator::XPath(&xpath))
        .await
        .expect("the offering in Mijn aanbod");
    let href = link.attr("href").await.ok().flatten().expect("a link");
    href.rsplit('/').next().expect("an id").to_string()
}

/// Back on "Mijn aanbod", where the coach hears the offering waits for review.
async fn said_sent_for_review(coach: &Browser) {
    coach.wait_for_text("h1", "Mijn aanbod").await;
    coach
        .wait_for_text(
            "[data-testid=after-save]",
            "Een beheerder kijkt het eerst na",
        )
        .await;
}

/// Whether the page would ask before it is reloaded or closed.
async fn asks_before_unload(browser: &Browser) -> bool {
    let script = "const e = new Event('beforeunload', { cancelable: true }); \
                  window.dispatchEvent(e); return e.defaultPrevented;";
    let answer = browser
        .client
        .execute(script, vec![])
        .await
        .expect("script");
    answer.as_bool().expect("a yes or no")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coach_saves_an_unfinished_draft_then_publishes_and_a_resident_reads_it_trimmed() {
    let server = Server::start().await;
    server
        .add_user(COORDINATOR, "coordinator", None, PASSWORD)
        .await;
    // A new offering: nothing said before anything is done, and only the actions
    // a new offering can use.
    let coach = coach_at_a_new_form(&server).await;
    wait_for_actions(&coach, &["save", "publish"]).await;
    let save = coach.wait_for_text("[data-testid=save]", "Opslaan").await;
    assert_eq!(save, "Opslaan als concept");
    let errors = coach.texts("main .error").await;
    assert!(errors.iter().all(|e| e.trim().is_empty()), "{errors:?}");
    assert!(coach.texts("[data-testid=save-status]").await[0].is_empty());
    // No two fields share a label.
    let labels = coach.texts("form label[for], form legend").await;
    let mut seen = std::collections::HashSet::new();
    for label in labels.iter().filter(|l| !l.starts_with("Tijd ")) {
        assert!(
            seen.insert(label.to_lowercase()),
            "twice: {label} in {labels:?}"
        );
    }
    // A time added: no "choose a day" before the coach did anything in it; its
    // remove button is a quiet one.
    coach.click("[data-testid=add-schedule]").await;
    coach.element("#s0-opens_at").await;
    let main = coach.wait_until("main", |t| t.contains("Tijd 1")).await;
    assert!(!main.contains("Kies minstens één dag"), "{main}");
    let remove = coach.element("[data-testid=remove-schedule]").await;
    let class = remove
        .attr("class")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    assert!(class.contains("button-secondary"), "{class}");
    remove.click().await.expect("remove the time");

    // Only a title, typed with spaces and a word put in the middle: kept as typed.
    let typed = type_with_edit(&coach, "#title", (" Voetbal ", "voor ", "meiden"), "  ").await;
    assert_eq!(typed, " Voetbal voor meiden  ");
    assert_eq!(value(&coach, "#title").await, typed);
    screenshots(&coach, "offering-form-title-only").await;
    // Saved as an unfinished draft: no refusal.
    coach.click("[data-testid=save]").await;
    coach.wait_for_text("h1", "Mijn aanbod").await;
    // Said, where a screen reader hears it: what became of it.
    coach
        .wait_for_text("[data-testid=after-save]", "opgeslagen als concept")
        .await;
    let card = coach
        .wait_until_any("[data-testid=my-offering]", |t| t.contains(TITLE))
        .await;
    assert!(
        card.contains("Concept") && card.contains("Nog niet af"),
        "{card}"
    );
    let id = id_in_my_offerings(&coach, TITLE).await;

    // Sent, and still a draft after a reload, stored trimmed.
    coach.visit(&server, "/mijn-aanbod").await;
    coach
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(TITLE) && t.contains("Concept") && !t.contains("versturen")
        })
        .await;
    let stored = pulled_once(&coach, &id, |c| c.get("data").is_some()).await;
    assert_eq!(stored["data"]["status"], "draft");
    assert_eq!(stored["data"]["title"], TITLE);
    // Never public: an anonymous pull has nothing of it.
    let resident = Browser::start().await;
    resident.visit(&server, "/").await;
    wait_for_sync(&resident).await;
    let seen = resident.pulled(&id).await;
    assert!(
        seen.as_ref().is_none_or(|c| c.get("data").is_none()),
        "{seen:?}"
    );

    // Opened again: what publishing still needs, as hints; a draft's actions.
    let xpath = format!("//li[@data-testid='my-offering']//a[contains(., '{TITLE}')]");
    coach
        .client
        .find(fantoccini::Locator::XPath(&xpath))
        .await
        .expect("the draft")
        .click()
        .await
        .expect("open the draft");
    let hints = coach
        .wait_for_text("[data-testid=draft-hints]", "nog nodig")
        .await;
    assert!(
        hints.contains("Korte uitleg") && hints.contains("Thema"),
        "{hints}"
    );
    wait_for_actions(&coach, &["save", "publish", "archive"]).await;
    assert_eq!(value(&coach, "#title").await, TITLE);

    // Every other text field, typed as a person does.
    let fields = [
        (
            "#summary",
            (" Elke dinsdag ", "voetbal ", "na school."),
            "  ",
        ),
        (
            "#description",
            ("Voor meiden ", "van ", "8 tot 12 jaar."),
            "  ",
        ),
        (
            "[id=cost_note]",
            ("Een shirt ", "neem je ", "zelf mee."),
            " ",
        ),
        (
            "[id=how_to_join]",
            (" Kom ", "gewoon ", "langs op het veld."),
            "  ",
        ),
        ("[id='location.name']", ("Sportpark ", "De ", "Noord"), " "),
        ("[id='location.address']", (" Veld", "weg", " 12"), " "),
        ("[id='location.postcode']", ("1234", " ", "AB"), " "),
        ("[id='location.city']", ("Ut", "r", "echt"), " "),
        ("[id='contact.phone']", ("030 ", "123 ", "4567"), " "),
    ];
    for (css, parts, trailing) in fields {
        let typed = type_with_edit(&coach, css, parts, trailing).await;
        assert_eq!(value(&coach, css).await, typed, "{css}");
    }
    // The neighbourhood, while it is a text field.
    let area = coach.element("[id='location.neighbourhood']").await;
    let is_text = area.attr("type").await.ok().flatten().as_deref() == Some("text");
    if is_text {
        type_with_edit(
            &coach,
            "[id='location.neighbourhood']",
            ("Vlon", "der", "hof"),
            " ",
        )
        .await;
    }
    // E-mail and web address inputs drop spaces at their ends themselves.
    type_with_edit(&coach, "[id='contact.email']", ("trainer", "@", "club"), "").await;
    type_with_edit(
        &coach,
        "[id='contact.website']",
        ("www.", "club.", "nl"),
        "",
    )
    .await;
    assert_eq!(value(&coach, "[id='contact.website']").await, "www.club.nl");
    // A time, no day chosen yet.
    coach.click("[data-testid=add-schedule]").await;
    coach.element("#s0-opens_at").await;

    // Positive Health is explained in plain words, read with its group.
    coach
        .wait_for_text("#health_dimensions-help", "Bij welke delen van het leven")
        .await;
    let described = coach
        .attribute("#health_dimensions", "aria-describedby")
        .await
        .unwrap_or_default();
    assert!(described.contains("health_dimensions-help"), "{described}");

    // "Publiceren" with three things still wrong: said plainly, each a link, the
    // focus on the list (beside the button), nothing changed.
    coach.click("[data-testid=publish]").await;
    let summary = coach
        .wait_for_text("[data-testid=error-summary]", "klopt nog iets niet")
        .await;
    assert!(
        !summary.contains("rode") && !summary.contains("rood"),
        "{summary}"
    );
    for item in ["Thema", "Wanneer", "e-mail"] {
        assert!(summary.contains(item), "{item} in {summary}");
    }
    assert!(
        !summary.contains("website"),
        "www.club.nl is completed: {summary}"
    );
    assert_eq!(focused(&coach).await, "error-summary");
    // The preview shows the card as residents will see it, and is no way out.
    coach.wait_for_text("[data-testid=preview]", TITLE).await;
    assert!(coach.texts("[data-testid=preview] a").await.is_empty());
    let status = coach.wait_for_text("main .lead", "Status").await;
    assert!(status.contains("Concept"), "{status}");
    coach
        .wait_for_text("[data-testid=schedule]", "Kies minstens één dag")
        .await;
    screenshots(&coach, "offering-form-publish-focus").await;
    coach
        .client
        .execute(
            "document.querySelector('[data-testid=error-summary]').scrollIntoView()",
            vec![],
        )
        .await
        .expect("scroll");
    screenshots(&coach, "offering-form-publish-failed").await;
    // Its link takes the focus to the field (the first tick box of the themes).
    coach
        .element("[data-testid=error-summary] a[href='#themes']")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter on the themes' link");
    assert_eq!(focused(&coach).await, "themes");

    // Fixed one by one; the list follows, ticking and unticking included.
    let theme = "#themes input[value=exercise]";
    coach.click(theme).await;
    coach
        .wait_for_texts("[data-testid=error-summary]", |t| !t.contains("Thema"))
        .await;
    coach.click(theme).await;
    coach
        .wait_for_text("[data-testid=error-summary]", "Thema")
        .await;
    coach.click(theme).await;
    coach
        .wait_for_texts("[data-testid=error-summary]", |t| !t.contains("Thema"))
        .await;
    coach.click_label("dinsdag").await;
    coach.type_into("#s0-opens_at", "1530").await;
    coach.type_into("#s0-closes_at", "1700").await;
    coach
        .wait_for_texts("[data-testid=error-summary]", |t| !t.contains("Wanneer"))
        .await;
    let email = coach.element("[id='contact.email']").await;
    email.clear().await.expect("clear");
    coach
        .type_into("[id='contact.email']", "trainer@club.nl")
        .await;
    coach
        .wait_for_texts("[data-testid=error-summary]", str::is_empty)
        .await;

    // Published: it waits for review, where the form only takes changes.
    coach.click("[data-testid=publish]").await;
    said_sent_for_review(&coach).await;
    coach
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(TITLE) && t.contains("Wacht op controle") && !t.contains("versturen")
        })
        .await;
    coach.visit(&server, &format!("/mijn-aanbod/{id}")).await;
    wait_for_actions(&coach, &["save"]).await;

    // A coordinator's device approves it.
    let coordinator = Browser::signed_in(&server, COORDINATOR, PASSWORD).await;
    let pending = pulled_once(&coordinator, &id, |c| {
        c["data"]["status"] == "pending_review"
    })
    .await;
    let mut data = pending["data"].clone();
    data["status"] = json!("published");
    let push = json!({
        "client_id": "00000000-0000-4000-8000-000000000016",
        "mutations": [{
            "mutation_id": "00000000-0000-4000-8000-000000001601",
            "op": "upsert", "kind": "offering", "id": id,
            "base_version": pending["version"], "data": data,
        }],
    });
    let answer = coordinator
        .api("POST", "/api/v1/mutations", Some(push))
        .await;
    assert_eq!(answer["results"][0]["status"], "applied", "{answer}");
    coordinator.close().await;

    // A resident reads it as saved: trimmed, spaces between words kept.
    let public = pulled_once(&resident, &id, |c| c.get("data").is_some()).await;
    let data = &public["data"];
    assert_eq!(data["title"], TITLE);
    assert_eq!(data["summary"], "Elke dinsdag voetbal na school.");
    assert_eq!(data["description"], "Voor meiden van 8 tot 12 jaar.");
    assert_eq!(data["cost_note"], "Een shirt neem je zelf mee.");
    assert_eq!(data["how_to_join"], "Kom gewoon langs op het veld.");
    assert_eq!(data["location"]["name"], "Sportpark De Noord");
    assert_eq!(data["location"]["address"], "Veldweg 12");
    assert_eq!(data["location"]["postcode"], "1234 AB");
    assert_eq!(data["location"]["city"], "Utrecht");
    if is_text {
        assert_eq!(data["location"]["neighbourhood"], "Vlonderhof");
    }
    assert_eq!(data["contact"]["phone"], "030 123 4567");
    assert_eq!(data["contact"]["email"], "trainer@club.nl");
    assert_eq!(data["contact"]["website"], "https://www.club.nl");
    resident.visit(&server, &format!("/aanbod/{id}")).await;
    let page = resident.wait_for_text("main", TITLE).await;
    assert!(page.contains("Kom gewoon langs op het veld."), "{page}");
    let website = resident.element("main a[href='https://www.club.nl']").await;
    assert!(website.text().await.is_ok());
    resident.close().await;

    // In the guide now: the coach can confirm, pause or archive it.
    coach.visit(&server, "/mijn-aanbod").await;
    coach
        .wait_until_any("[data-testid=my-offering]", |t| {
            t.contains(TITLE) && t.contains("Gepubliceerd")
        })
        .await;
    coach.visit(&server, &format!("/mijn-aanbod/{id}")).await;
    wait_for_actions(&coach, &["save", "still-current", "pause", "archive"]).await;
    coach.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn leaving_the_form_with_unsaved_changes_asks_first() {
    let server = Server::start().await;
    let coach = coach_at_a_new_form(&server).await;
    // Nothing typed: nothing to ask.
    assert!(!asks_before_unload(&coach).await);
    coach.type_into("#title", "Zaalvoetbal").await;
    // Reload or close: the browser asks.
    assert!(asks_before_unload(&coach).await);

    // A link in the menu: asked in the app's words, and staying keeps the work.
    let form_url = coach.client.current_url().await.expect("url").to_string();
    coach.tap_menu("/mijn-aanbod").await;
    let dialog = coach
        .wait_for_text("[data-testid=leave-dialog]", "nog niet opgeslagen")
        .await;
    assert!(dialog.contains("Toch weggaan"), "{dialog}");
    let stay = coach.element("[data-testid=leave-stay]").await;
    let has_focus = coach
        .client
        .execute(
            "return document.activeElement === arguments[0];",
            vec![serde_json::to_value(&stay).expect("an element")],
        )
        .await
        .expect("script");
    assert_eq!(has_focus, json!(true));
    screenshots(&coach, "offering-form-leave").await;
    stay.click().await.expect("stay");
    coach
        .wait_until("[data-testid=leave-dialog]", |t| t.is_empty())
        .await;
    assert_eq!(coach.client.current_url().await.unwrap().as_str(), form_url);
    assert_eq!(value(&coach, "#title").await, "Zaalvoetbal");

    // The back button: the form stays, and asks.
    coach.client.back().await.expect("back");
    coach
        .wait_for_text("[data-testid=leave-dialog]", "nog niet opgeslagen")
        .await;
    assert_eq!(coach.client.current_url().await.unwrap().as_str(), form_url);
    coach.click("[data-testid=leave-stay]").await;
    assert_eq!(value(&coach, "#title").await, "Zaalvoetbal");

    // Leaving anyway: the work is still kept on the device for later.
    coach.tap_menu("/mijn-aanbod").await;
    coach.click("[data-testid=leave-go]").await;
    coach.wait_for_text("h1", "Mijn aanbod").await;
    coach.click("[data-testid=new-offering]").await;
    coach
        .wait_for_text("[data-testid=kept-draft]", "niet opgeslagen")
        .await;
    assert_eq!(value(&coach, "#title").await, "Zaalvoetbal");

    // Saved: nothing to ask any more.
    coach.click("[data-testid=save]").await;
    coach.wait_for_text("h1", "Mijn aanbod").await;
    assert!(!asks_before_unload(&coach).await);
    // An offering already in the guide offers no "publish" again.
    coach
        .visit(&server, &format!("/mijn-aanbod/{PUBLISHED}"))
        .await;
    wait_for_actions(&coach, &["save", "still-current", "pause", "archive"]).await;
    coach.finish(server).await;
}

/// Presses Tab until the focus (as [`Browser::focused`] describes it) passes
/// `check`, as a keyboard user goes through a form; at most 200 stops.
async fn tab_until(browser: &Browser, check: impl Fn(&str) -> bool) -> String {
    let mut passed = Vec::new();
    for _ in 0..200 {
        browser.press(Key::Tab).await;
        let now = browser.focused().await;
        if check(&now) {
            return now;
        }
        passed.push(now);
    }
    panic!("Tab never got there; it passed {passed:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coach_publishes_with_the_keyboard_only() {
    let server = Server::start().await;
    let coach = coach_at_a_new_form(&server).await;
    // From the top of the form, Tab reaches the title; then on to "Zet in de gids".
    coach.focus("main h1").await;
    tab_until(&coach, |f| f.starts_with("input#title")).await;
    coach.type_keys(TITLE).await;
    tab_until(&coach, |f| f.contains("[publish]")).await;
    coach.press(Key::Enter).await;
    // What is still wrong is read out where the focus now is, beside the button.
    coach
        .wait_for_focus(|f| f.contains("[error-summary]"))
        .await;
    let mut fixed = Vec::new();
    loop {
        let links = coach.texts("[data-testid=error-summary] a").await;
        let Some(first) = links.first() else {
            break;
        };
        let start: String = first.chars().take(20).collect();
        assert!(fixed.len() < 8, "still to fix after {fixed:?}: {links:?}");
        // Tab to the first link (down from the field just fixed), Enter: the
        // focus is in the field, and keys fix it there.
        tab_until(&coach, |f| f.starts_with("a ") && f.contains(&start)).await;
        coach.press(Key::Enter).await;
        let field = coach.wait_for_focus(|f| !f.starts_with("a ")).await;
        let kind = coach.script("return document.activeElement.type").await;
        match (
            field.split([' ', '[']).next().unwrap_or_default(),
            kind.as_str(),
        ) {
            ("input#summary", _) => coach.type_keys("Elke dinsdag voetbal na school.").await,
            // The contact group starts with the phone, which fixes it.
            ("input#contact.phone", _) => coach.type_keys("030 123 4567").await,
            // A tick box (the first theme, say): Space ticks it.
            (_, Some("checkbox")) => coach.press(Key::Space).await,
            _ => panic!("Enter on {first:?} put the focus on {field}"),
        }
        fixed.push(field);
        coach
            .wait_for_texts("[data-testid=error-summary] a", |t| !t.contains(&start))
            .await;
    }
    assert!(!fixed.is_empty(), "nothing was asked");
    tab_until(&coach, |f| f.contains("[publish]")).await;
    coach.press(Key::Enter).await;
    said_sent_for_review(&coach).await;
    // The focus is on the new screen's heading, not left on a button gone.
    coach
        .wait_for_focus(|f| f.starts_with("h1") && f.contains("Mijn aanbod"))
        .await;
    coach.finish(server).await;
}
