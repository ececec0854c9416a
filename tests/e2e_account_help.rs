//! End to end, on phones (360 px) with typed keys: the coach of an informal
//! initiative asks for an account for it; until a coordinator approves, the
//! initiative is in nobody's guide; after, it is the coach's organisation. And a
//! person who forgot their password gets a one-time link from a coordinator,
//! chooses a new password with it, and the old one no longer works.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, COORDINATOR, PASSWORD, Server, VLONDERHOF as ORGANISATION, wait_for_sync};

const COACH: &str = "joost@example.org";
const COACH_PASSWORD: &str = "tomaten en bonen in de tuin";
const INITIATIVE: &str = "Buurtmoestuin De Pluk";
const ABOUT: &str = "Samen groente kweken achter het buurthuis. Elke woensdag.";
/// A demo organisation, typed as someone might who does not see it in the list.
const IN_GUIDE: &str = "buurttuin de groene vlonder";
const PUBLISHER: &str = "fatima@example.org";
const NEW_PASSWORD: &str = "een nieuwe zin die ik onthoud";
/// The key WebDriver sends for Enter.
const ENTER: &str = "\u{E007}";

impl Browser {
    /// Scrolls the first element `css` finds to the top of the window, for a
    /// screenshot of it.
    async fn scroll_to(&self, css: &str) {
        self.client
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView()",
                vec![css.into()],
            )
            .await
            .expect("scroll");
    }

    /// The organisations an anonymous pull brings now, by name.
    async fn organisations_anyone_sees(&self) -> Vec<String> {
        let page = self.api("GET", "/api/v1/changes?limit=2000", None).await;
        assert_eq!(page["has_more"], false, "one page holds the demo");
        page["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["kind"] == "organisation" && c["deleted"] == false)
            .map(|c| c["data"]["name"].as_str().unwrap().to_owned())
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coach_asks_for_an_account_for_a_new_initiative_and_gets_it_approved() {
    let server = Server::start().await;
    server
        .add_user(COORDINATOR, "coordinator", None, PASSWORD)
        .await;
    let coach = Browser::start().await;
    coach.phone().await;
    coach.visit(&server, "/").await;
    wait_for_sync(&coach).await;

    coach.visit(&server, "/inloggen").await;
    coach.click("[data-testid=apply-link]").await;
    coach.wait_for_text("h1", "Account aanvragen").await;
    coach.type_into("#name", "Joost Bakker").await;
    coach.type_into("#email", COACH).await;
    coach.type_into("#password", COACH_PASSWORD).await;
    // Not in the list: the coach says so, and names the initiative.
    coach.click("[data-testid=new-initiative]").await;
    coach
        .wait_for_text("[data-testid=initiative]", "Je initiatief")
        .await;
    assert!(
        coach.texts("#organisation_id").await.is_empty(),
        "no organisation to choose as well"
    );
    // First a name the guide has: pointed at that organisation instead.
    coach.type_into("[id='initiative.name']", IN_GUIDE).await;
    coach
        .wait_for_text(
            "[data-testid=choose-existing]",
            "Kies Buurttuin De Groene Vlonder",
        )
        .await;
    coach
        .wait_for_text(
            "[data-testid='initiative.name-error']",
            "staat al in de gids",
        )
        .await;
    coach.screenshot("initiative-in-guide", 360).await;
    coach.phone().await;
    // Not theirs after all: another name, typed with its spaces.
    coach
        .element("[id='initiative.name']")
        .await
        .clear()
        .await
        .expect("clear the name");
    coach.type_into("[id='initiative.name']", INITIATIVE).await;
    coach
        .wait_until("[data-testid='initiative.name-error']", str::is_empty)
        .await;
    assert!(
        coach
            .texts("[data-testid=choose-existing]")
            .await
            .is_empty()
    );
    coach.click("[data-testid=apply]").await;
    coach
        .wait_for_text(
            "[data-testid='initiative.description-error']",
            "wat jullie doen",
        )
        .await;
    coach
        .type_into("[id='initiative.description']", ABOUT)
        .await;
    coach
        .type_into("#message", "Ik ben de trekker van de moestuin.")
        .await;
    coach.screenshots("apply-initiative").await;
    coach.phone().await;
    coach.click("[data-testid=apply]").await;
    coach
        .wait_for_text("[data-testid=apply-sent]", "verstuurd")
        .await;

    // Waiting: not in anyone's guide.
    let waiting = coach.organisations_anyone_sees().await;
    assert!(waiting.iter().any(|n| n == "Buurttuin De Groene Vlonder"));
    assert!(
        !waiting.iter().any(|n| n.contains("De Pluk")),
        "{waiting:?}"
    );

    // The coordinator sees the initiative with the request, and approves both.
    let coordinator = Browser::signed_in(&server, COORDINATOR, PASSWORD).await;
    coordinator.phone().await;
    coordinator.visit(&server, "/beheer").await;
    let card = coordinator
        .wait_until_any("[data-testid=account-request]", |t| {
            t.contains("Joost Bakker")
        })
        .await;
    assert!(
        card.contains(&format!("Nieuw initiatief: {INITIATIVE}")),
        "{card}"
    );
    assert!(card.contains(ABOUT), "{card}");
    coordinator.scroll_to("[data-testid=account-request]").await;
    coordinator.screenshot("initiative-request", 360).await;
    coordinator.phone().await;
    coordinator
        .find_in_item(
            "account-request",
            "Joost Bakker",
            "button[@data-testid='approve-account']",
        )
        .await
        .click()
        .await
        .expect("approve");
    coordinator
        .wait_for_text(
            "[data-testid=account-decision]",
            "Goedgekeurd: Joost Bakker",
        )
        .await;

    // Now it is in the guide for everyone.
    let approved = coach.organisations_anyone_sees().await;
    assert!(approved.iter().any(|n| n == INITIATIVE), "{approved:?}");

    // The coach signs in and sees the initiative as their organisation.
    coach.sign_in(&server, COACH, COACH_PASSWORD).await;
    coach
        .wait_for_text("[data-testid=role]", "Organisator")
        .await;
    wait_for_sync(&coach).await;
    coach.visit(&server, "/account").await;
    coach.wait_for_text("main", INITIATIVE).await;
    coach.visit(&server, "/mijn-aanbod").await;
    coach.wait_for_text("main h2", INITIATIVE).await;
    coordinator.close().await;
    coach.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_gives_a_reset_link_and_the_person_chooses_a_new_password() {
    let server = Server::start().await;
    server
        .add_user(COORDINATOR, "coordinator", None, PASSWORD)
        .await;
    server
        .add_user(PUBLISHER, "publisher", Some(ORGANISATION), PASSWORD)
        .await;
    // Signed in somewhere with the password she is about to forget.
    let tablet = Browser::signed_in(&server, PUBLISHER, PASSWORD).await;

    // She cannot sign in on her phone: the sign-in page tells her what to do.
    let phone = Browser::start().await;
    phone.phone().await;
    phone.visit(&server, "/").await;
    wait_for_sync(&phone).await;
    phone.visit(&server, "/inloggen").await;
    phone
        .wait_for_text(
            "[data-testid=forgot-password]",
            "Vraag een beheerder van de gids",
        )
        .await;
    phone
        .sign_in_attempt(PUBLISHER, "wat was het ook alweer")
        .await;
    phone
        .wait_for_text("[data-testid=sign-in-error]", "klopt niet")
        .await;

    // The coordinator makes a link for her account. Made on the command line,
    // it has no name: the list names it by its e-mail address, once.
    let coordinator = Browser::signed_in(&server, COORDINATOR, PASSWORD).await;
    coordinator.phone().await;
    coordinator.visit(&server, "/beheer").await;
    let row = coordinator
        .wait_until_any("[data-testid=account]", |t| t.contains(PUBLISHER))
        .await;
    assert_eq!(row.matches(PUBLISHER).count(), 1, "{row}");
    coordinator
        .find_in_item(
            "account",
            PUBLISHER,
            "button[@data-testid='make-reset-link']",
        )
        .await
        .click()
        .await
        .expect("make a link");
    let said = coordinator
        .wait_for_text("[data-testid=reset-link]", "Hij werkt één keer")
        .await;
    assert!(
        said.contains(&format!("Geef deze link aan {PUBLISHER}")),
        "{said}"
    );
    let link = coordinator
        .find_in_item("account", PUBLISHER, "input[@data-testid='reset-link-url']")
        .await
        .prop("value")
        .await
        .expect("the link's text")
        .expect("a link");
    assert!(
        link.starts_with(&format!("{}/nieuw-wachtwoord#", server.url)),
        "{link}"
    );
    coordinator.scroll_to("[data-testid=reset-link]").await;
    coordinator.screenshot("reset-link", 360).await;

    // She opens it, and chooses a new password: typed twice, alike, long enough.
    phone.client.goto(&link).await.expect("open the link");
    phone
        .wait_for_text(
            "main",
            &format!("Kies een nieuw wachtwoord voor {PUBLISHER}"),
        )
        .await;
    phone.type_into("#password", "kort").await;
    phone
        .wait_for_text("[data-testid=password-error]", "minstens 10 tekens")
        .await;
    phone.type_into("#password", " maar niet genoeg").await;
    phone.type_into("#repeat", "iets anders").await;
    phone
        .wait_for_text("[data-testid=repeat-error]", "niet hetzelfde")
        .await;
    phone.element("#password").await.clear().await.unwrap();
    phone.element("#repeat").await.clear().await.unwrap();
    phone.type_into("#password", NEW_PASSWORD).await;
    phone.type_into("#repeat", NEW_PASSWORD).await;
    phone.screenshot("reset-password", 360).await;
    phone.phone().await;
    phone.type_into("#repeat", ENTER).await;
    phone
        .wait_for_text("[data-testid=reset-status]", "opgeslagen. Je bent ingelogd")
        .await;
    phone.click("[data-testid=to-account]").await;
    phone
        .wait_for_text("[data-testid=account]", PUBLISHER)
        .await;
    phone
        .wait_for_text("main", "Huisartsenpraktijk Vlonderhof")
        .await;

    // The tablet's session ended with the old password: opened again, it is
    // signed out, and the old password no longer works.
    tablet.visit(&server, "/").await;
    wait_for_sync(&tablet).await;
    tablet.wait_for_menu_item("Inloggen").await;
    assert!(tablet.texts("[data-testid=role]").await.is_empty());
    tablet.visit(&server, "/inloggen").await;
    tablet.sign_in_attempt(PUBLISHER, PASSWORD).await;
    tablet
        .wait_for_text("[data-testid=sign-in-error]", "klopt niet")
        .await;
    tablet.sign_in(&server, PUBLISHER, NEW_PASSWORD).await;

    // The link worked once.
    let other = Browser::start().await;
    other.phone().await;
    other.client.goto(&link).await.expect("open the link again");
    other
        .wait_for_text("[data-testid=reset-status]", "al gebruikt")
        .await;
    assert!(other.texts("#password").await.is_empty(), "no form");
    // A link cut short says so too (from another page: a new fragment alone
    // would not load the page again).
    other.visit(&server, "/").await;
    other.visit(&server, "/nieuw-wachtwoord#3f2a").await;
    other
        .wait_for_text("[data-testid=reset-status]", "werkt niet")
        .await;
    other.close().await;
    tablet.close().await;
    coordinator.close().await;
    phone.finish(server).await;
}
