//! An informal initiative asks for a publisher account: its name and description
//! wait beside the account, out of every pull, until a coordinator approves the
//! account; then it is an organisation in the guide, its publisher adds offerings
//! for it, and residents see them under it once published. A refused request
//! leaves nothing in the guide.

mod common;

use common::{Client, PASSWORD, TestServer, upsert};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use wijkgids_core::sample::sample_offering;
use wijkgids_core::validate::{INITIATIVE_DESCRIPTION_MAX, NAME_MAX};
use wijkgids_core::vocab::AccountRole;

const PLUK: &str = "Buurtmoestuin De Pluk";
const PLUK_ABOUT: &str = "Samen groente kweken achter het buurthuis.\nElke woensdag.";

async fn server() -> TestServer {
    TestServer::with_sample_organisation().await
}

fn asking(email: &str, name: &str, description: &str) -> Value {
    json!({ "email": email, "password": PASSWORD, "name": "Joost Bakker",
            "initiative": { "name": name, "description": description } })
}

async fn ask(server: &TestServer, body: Value) -> (StatusCode, Value) {
    server
        .anonymous()
        .send(Method::POST, "/api/v1/account-requests", Some(body))
        .await
}

async fn decide(client: &Client, id: &Value, decision: Value) -> (StatusCode, Value) {
    let path = format!("/api/v1/accounts/{}", id.as_str().unwrap());
    let (status, body) = client.send(Method::PATCH, &path, Some(decision)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (status, body)
}

/// The organisations a pull by `client` brings, as (id, data).
async fn organisations(client: &Client) -> Vec<(Value, Value)> {
    let (changes, _) = client.pull_all(500).await;
    changes
        .into_iter()
        .filter(|c| c["kind"] == "organisation" && c["deleted"] == false)
        .map(|c| (c["id"].clone(), c["data"].clone()))
        .collect()
}

/// Whether a pull by `client` mentions `text` anywhere.
async fn pull_mentions(client: &Client, text: &str) -> bool {
    let (changes, _) = client.pull_all(500).await;
    Value::Array(changes).to_string().contains(text)
}

#[tokio::test]
async fn a_new_initiative_enters_the_guide_only_with_the_approval() {
    let server = server().await;
    let (status, account) = ask(&server, asking("joost@example.org", PLUK, PLUK_ABOUT)).await;
    assert_eq!(status, StatusCode::CREATED, "{account}");
    assert_eq!(account["status"], "pending");
    assert_eq!(account["initiative"]["name"], PLUK);
    assert_eq!(account["initiative"]["description"], PLUK_ABOUT);
    let organisation_id = account["organisation_id"].clone();
    assert!(organisation_id.is_string(), "{account}");

    // Waiting: in nobody's pull, not even a coordinator's.
    let anonymous = server.anonymous();
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    for reader in [&anonymous, &coordinator] {
        let found = organisations(reader).await;
        assert_eq!(found.len(), 1, "only the sample organisation: {found:?}");
        assert!(!pull_mentions(reader, "De Pluk").await);
    }
    // The coordinator sees it with the request.
    let (_, list) = coordinator.get("/api/v1/accounts").await;
    let request = &list.as_array().unwrap()[0];
    assert_eq!(request["id"], account["id"]);
    assert_eq!(request["initiative"]["name"], PLUK);

    let (_, approved) = decide(&coordinator, &account["id"], json!({ "status": "active" })).await;
    assert_eq!(approved["organisation_id"], organisation_id);
    assert!(approved.get("initiative").is_none(), "{approved}");

    // Approved: in the guide for everyone, as a volunteer initiative.
    let found = organisations(&anonymous).await;
    let (_, pluk) = found
        .iter()
        .find(|(id, _)| *id == organisation_id)
        .expect("the initiative is an organisation now");
    assert_eq!(pluk["name"], PLUK);
    assert_eq!(pluk["description"], PLUK_ABOUT);
    assert_eq!(pluk["kind"], "volunteer");

    // Its publisher adds an offering; once a coordinator publishes it, residents
    // see it under the new organisation.
    let joost = server.anonymous().signed_in_as("joost@example.org").await;
    let (_, me) = joost.get("/api/v1/me").await;
    assert_eq!(me["organisation_id"], organisation_id);
    let mut offering = sample_offering();
    offering.id = uuid::Uuid::new_v4();
    offering.title = "Moestuinieren op woensdag".into();
    offering.organisation_id = Some(organisation_id.as_str().unwrap().parse().unwrap());
    let data = serde_json::to_value(&offering).unwrap();
    let (status, body) = joost.push(vec![upsert("offering", &data, 0)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    assert!(
        !pull_mentions(&anonymous, "Moestuinieren").await,
        "waits for review"
    );
    let (_, body) = coordinator.push(vec![upsert("offering", &data, 1)]).await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let (changes, _) = anonymous.pull_all(500).await;
    let public = changes
        .iter()
        .find(|c| c["id"] == json!(offering.id))
        .expect("published");
    assert_eq!(public["data"]["status"], "published");
    assert_eq!(public["data"]["organisation_id"], organisation_id);
}

#[tokio::test]
async fn a_refused_initiative_leaves_nothing_in_the_guide() {
    let server = server().await;
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    let (_, before) = coordinator.pull_all(500).await;
    let (status, account) = ask(
        &server,
        asking(
            "taal@example.org",
            "Taalmaatjes Noord",
            "Samen Nederlands praten.",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{account}");
    let (_, refused) = decide(
        &coordinator,
        &account["id"],
        json!({ "status": "rejected", "reason": "Dit initiatief kennen we niet." }),
    )
    .await;
    assert_eq!(refused["status"], "rejected");
    for reader in [&server.anonymous(), &coordinator] {
        assert_eq!(organisations(reader).await.len(), 1);
        assert!(!pull_mentions(reader, "Taalmaatjes").await);
    }
    let (_, after) = coordinator.pull_all(500).await;
    assert_eq!(before, after, "no change was handed out");
    // Refused, its name is free for another request.
    let (status, _) = ask(
        &server,
        asking("ander@example.org", "taalmaatjes noord", "Ook taal."),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn an_initiative_named_as_an_organisation_is_pointed_at_it() {
    let server = server().await;
    // The sample organisation's name, typed differently.
    let (status, body) = ask(
        &server,
        asking("a@example.org", "  welzijn de LINDEN ", "Welzijn."),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        (body["field"].as_str(), body["code"].as_str()),
        (Some("initiative.name"), Some("duplicate"))
    );
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("Welzijn De Linden"), "{message}");
    assert!(
        message.contains(&wijkgids_core::sample::SAMPLE_ORGANISATION_ID.to_string()),
        "{message}"
    );
    // A name another pending request named waits for that one.
    let (status, _) = ask(&server, asking("b@example.org", PLUK, PLUK_ABOUT)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = ask(
        &server,
        asking("c@example.org", "Buurtmoestuin de Plúk", "Ook tuinieren."),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "duplicate");
    let (status, _) = server
        .anonymous()
        .try_sign_in("c@example.org", PASSWORD)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "no account was made");
}

#[tokio::test]
async fn an_initiative_is_checked() {
    let server = server().await;
    let with_both = json!({ "email": "d@example.org", "password": PASSWORD, "name": "D",
        "organisation_id": wijkgids_core::sample::SAMPLE_ORGANISATION_ID,
        "initiative": { "name": PLUK, "description": PLUK_ABOUT } });
    let bad = [
        (
            asking("d@example.org", " ", PLUK_ABOUT),
            "initiative.name",
            "required",
        ),
        (
            asking("d@example.org", &"n".repeat(NAME_MAX + 1), PLUK_ABOUT),
            "initiative.name",
            "too_long",
        ),
        (
            asking("d@example.org", "De\nPluk", PLUK_ABOUT),
            "initiative.name",
            "invalid_characters",
        ),
        (
            asking("d@example.org", PLUK, "  "),
            "initiative.description",
            "required",
        ),
        (
            asking(
                "d@example.org",
                PLUK,
                &"d".repeat(INITIATIVE_DESCRIPTION_MAX + 1),
            ),
            "initiative.description",
            "too_long",
        ),
        (with_both, "organisation_id", "invalid_value"),
        (
            json!({ "email": "d@example.org", "password": PASSWORD, "name": "D" }),
            "organisation_id",
            "required",
        ),
        (
            json!({ "email": "d@example.org", "password": PASSWORD, "name": "D",
                    "initiative": { "name": PLUK, "description": "x", "kvk": "1" } }),
            "initiative.kvk",
            "unknown_field",
        ),
    ];
    for (body, field, code) in bad {
        let (status, error) = ask(&server, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(
            (error["field"].as_str(), error["code"].as_str()),
            (Some(field), Some(code)),
            "{error}"
        );
    }
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    let (_, list) = coordinator.get("/api/v1/accounts").await;
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "only the coordinator: {list}"
    );
}
