//! `POST /api/v1/mutations` over real HTTP: each outcome, idempotency, ownership,
//! approval, and the whole-request failures.

mod common;

use common::{TestServer, upsert};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;
use wijkgids_core::sample::{SAMPLE_ORGANISATION_ID, sample_offering, sample_organisation};
use wijkgids_core::vocab::AccountRole;

/// A new valid offering of the sample organisation.
fn new_offering() -> Value {
    let mut offering = sample_offering();
    offering.id = Uuid::new_v4();
    serde_json::to_value(offering).unwrap()
}

async fn publisher(server: &TestServer) -> common::Client {
    server
        .signed_in(AccountRole::Publisher, Some(SAMPLE_ORGANISATION_ID))
        .await
}

/// The server's stored record, as a coordinator sees it.
async fn stored(server: &TestServer, id: &Value) -> Value {
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    let (changes, _) = coordinator.pull_all(2000).await;
    changes
        .into_iter()
        .find(|c| &c["id"] == id)
        .expect("stored")
}

#[tokio::test]
async fn applied_then_duplicate_with_the_first_answer() {
    let server = TestServer::start_with(false).await;
    let client = publisher(&server).await;
    let data = new_offering();
    let mutation = upsert("offering", &data, 0);
    let (status, body) = client.push(vec![mutation.clone()]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let first = &body["results"][0];
    assert_eq!(first["status"], "applied");
    assert_eq!(first["mutation_id"], mutation["mutation_id"]);
    assert_eq!(first["version"], 1);
    for _ in 0..4 {
        let (_, again) = client.push(vec![mutation.clone()]).await;
        let again = &again["results"][0];
        assert_eq!(again["status"], "duplicate");
        assert_eq!(
            (&again["version"], &again["seq"]),
            (&first["version"], &first["seq"])
        );
    }
    let record = stored(&server, &data["id"]).await;
    assert_eq!(record["version"], 1, "five deliveries, one effect");
    assert_eq!(
        record["data"]["status"], "pending_review",
        "waits for approval"
    );
}

#[tokio::test]
async fn the_same_mutation_twice_in_one_push_has_one_effect() {
    let server = TestServer::start_with(false).await;
    let client = publisher(&server).await;
    let mutation = upsert("offering", &new_offering(), 0);
    let (_, body) = client.push(vec![mutation.clone(), mutation]).await;
    assert_eq!(body["results"][0]["status"], "applied");
    assert_eq!(body["results"][1]["status"], "duplicate");
}

#[tokio::test]
async fn an_edit_on_an_old_version_conflicts_with_the_servers_record() {
    let server = TestServer::start_with(false).await;
    let (alice, bob) = (publisher(&server).await, publisher(&server).await);
    let mut data = new_offering();
    alice.push(vec![upsert("offering", &data, 0)]).await;
    data["title"] = "Wandelen in het Beekpark".into();
    let (_, body) = alice.push(vec![upsert("offering", &data, 1)]).await;
    assert_eq!(body["results"][0]["version"], 2);

    data["title"] = "Bob's titel".into();
    let (_, body) = bob.push(vec![upsert("offering", &data, 1)]).await;
    let result = &body["results"][0];
    assert_eq!(result["status"], "conflict", "{body}");
    assert_eq!(result["current"]["version"], 2);
    assert_eq!(
        result["current"]["data"]["title"],
        "Wandelen in het Beekpark"
    );
    // A create of an id that exists is a conflict too, never an overwrite.
    let (_, body) = bob.push(vec![upsert("offering", &data, 0)]).await;
    assert_eq!(body["results"][0]["status"], "conflict");
}

/// A late copy of a mutation answered conflict (a retry whose first delivery was
/// held up) arrives after the record reached the version the mutation was made on:
/// it is answered conflict again, never applied over what came after the answer
/// (the author's "keep mine" went as a new mutation).
#[tokio::test]
async fn a_mutation_answered_conflict_is_never_applied_later() {
    let server = TestServer::start_with(false).await;
    let (alice, bob) = (publisher(&server).await, publisher(&server).await);
    let mut data = new_offering();
    alice.push(vec![upsert("offering", &data, 0)]).await;

    let mut bobs = data.clone();
    bobs["title"] = "Bob's titel".into();
    let late = upsert("offering", &bobs, 2);
    let (_, body) = bob.push(vec![late.clone()]).await;
    assert_eq!(body["results"][0]["status"], "conflict", "{body}");

    data["title"] = "Wandelen in het Beekpark".into();
    let (_, body) = alice.push(vec![upsert("offering", &data, 1)]).await;
    assert_eq!(body["results"][0]["version"], 2, "{body}");

    let (_, body) = bob.push(vec![late]).await;
    let result = &body["results"][0];
    assert_eq!(result["status"], "conflict", "{body}");
    assert_eq!(result["current"]["version"], 2, "the record as it is now");
    let record = stored(&server, &data["id"]).await;
    assert_eq!(record["version"], 2);
    assert_eq!(record["data"]["title"], "Wandelen in het Beekpark");
}

#[tokio::test]
async fn an_edit_of_a_deleted_record_conflicts_with_the_tombstone() {
    let server = TestServer::start_with(false).await;
    let client = publisher(&server).await;
    let data = new_offering();
    client.push(vec![upsert("offering", &data, 0)]).await;
    let delete = json!({ "mutation_id": Uuid::new_v4(), "op": "delete", "kind": "offering",
                         "id": data["id"], "base_version": 1 });
    let (_, body) = client.push(vec![delete]).await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let (_, body) = client.push(vec![upsert("offering", &data, 1)]).await;
    let result = &body["results"][0];
    assert_eq!(result["status"], "conflict");
    assert_eq!(result["current"]["deleted"], true);
    assert_eq!(result["current"]["version"], 2);
}

#[tokio::test]
async fn invalid_records_are_rejected_with_field_code_and_message_and_not_stored() {
    let server = TestServer::start_with(false).await;
    let client = publisher(&server).await;
    let mut data = new_offering();
    data["contact"]["email"] = "not an address".into();
    let (status, body) = client.push(vec![upsert("offering", &data, 0)]).await;
    assert_eq!(status, 200);
    let result = &body["results"][0];
    assert_eq!(result["status"], "rejected");
    assert_eq!(result["field"], "contact.email");
    assert_eq!(result["code"], "invalid_email");
    assert!(result["message"].as_str().unwrap().len() > 5);
    let (changes, _) = server
        .signed_in(AccountRole::Coordinator, None)
        .await
        .pull_all(100)
        .await;
    assert!(changes.is_empty(), "nothing stored");
}

#[tokio::test]
async fn an_unfinished_draft_is_kept_and_only_publishing_needs_every_field() {
    let server = TestServer::start_with(false).await;
    let client = publisher(&server).await;
    // A coach interrupted on the phone: only a title, with spaces around it.
    let draft = json!({
        "id": Uuid::new_v4(), "organisation_id": SAMPLE_ORGANISATION_ID,
        "status": "draft", "title": "  Voetbal voor meiden ", "summary": "",
        "kind": "informal", "cost": { "kind": "free" }, "sign_up": "walk_in",
        "contact": { "website": "www.club.nl", "email": "trainer@" },
    });
    let (_, body) = client.push(vec![upsert("offering", &draft, 0)]).await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let record = stored(&server, &draft["id"]).await;
    assert_eq!(record["data"]["status"], "draft", "a draft stays a draft");
    assert_eq!(record["data"]["title"], "Voetbal voor meiden");
    assert_eq!(record["data"]["contact"]["website"], "https://www.club.nl");
    // Never public: an anonymous reader gets nothing of it.
    let (anonymous, _) = server.anonymous().pull_all(1000).await;
    assert!(
        anonymous
            .iter()
            .all(|c| c["id"] != draft["id"] || c.get("data").is_none()),
        "{anonymous:?}"
    );
    // Publishing it, or sending it for review, needs every field.
    for status in ["published", "pending_review", "paused"] {
        let mut asked = draft.clone();
        asked["status"] = status.into();
        let (_, body) = client.push(vec![upsert("offering", &asked, 1)]).await;
        let result = &body["results"][0];
        assert_eq!(result["status"], "rejected", "{status}: {body}");
        assert_eq!(result["field"], "summary", "{status}");
        assert_eq!(result["code"], "required", "{status}");
    }
    // Still the draft it was.
    let record = stored(&server, &draft["id"]).await;
    assert_eq!(
        (record["version"].as_u64(), &record["data"]["status"]),
        (Some(1), &json!("draft"))
    );
    // What no record may hold is refused for a draft too.
    let mut too_long = draft.clone();
    too_long["title"] = "a".repeat(500).into();
    let (_, body) = client.push(vec![upsert("offering", &too_long, 1)]).await;
    assert_eq!(body["results"][0]["code"], "too_long", "{body}");
}

#[tokio::test]
async fn one_bad_mutation_does_not_stop_the_others() {
    let server = TestServer::start_with(false).await;
    let client = publisher(&server).await;
    let mut bad = new_offering();
    bad["title"] = "".into();
    let (_, body) = client
        .push(vec![
            upsert("offering", &new_offering(), 0),
            upsert("offering", &bad, 0),
            upsert("offering", &new_offering(), 0),
        ])
        .await;
    let statuses: Vec<&str> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["applied", "rejected", "applied"]);
}

#[tokio::test]
async fn ownership_and_roles_are_checked_on_the_server() {
    let server = TestServer::start_with(false).await;
    let other = server
        .signed_in(AccountRole::Publisher, Some(Uuid::from_u128(77)))
        .await;
    let (_, body) = other
        .push(vec![upsert("offering", &new_offering(), 0)])
        .await;
    assert_eq!(
        body["results"][0]["code"], "not_your_organisation",
        "{body}"
    );

    let professional = server.signed_in(AccountRole::Professional, None).await;
    let (_, body) = professional
        .push(vec![upsert("offering", &new_offering(), 0)])
        .await;
    assert_eq!(body["results"][0]["code"], "forbidden");

    // A publisher's offering waits; a coordinator approves it; then the public sees it.
    let mine = publisher(&server).await;
    let data = new_offering();
    mine.push(vec![upsert("offering", &data, 0)]).await;
    let (anonymous, _) = server.anonymous().pull_all(100).await;
    assert!(anonymous.iter().all(|c| c["deleted"] == true));
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    let mut approved = data.clone();
    approved["status"] = "published".into();
    let (_, body) = coordinator
        .push(vec![upsert("offering", &approved, 1)])
        .await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let (anonymous, _) = server.anonymous().pull_all(100).await;
    let public = anonymous.iter().find(|c| c["id"] == data["id"]).unwrap();
    assert_eq!(public["data"]["status"], "published");
    assert!(public["data"].get("referral").is_none());

    // Publishers may edit their organisation, not create one.
    let organisation = serde_json::to_value(sample_organisation()).unwrap();
    let (_, body) = mine
        .push(vec![upsert("organisation", &organisation, 0)])
        .await;
    assert_eq!(body["results"][0]["code"], "forbidden");
}

#[tokio::test]
async fn whole_request_failures_have_status_codes_and_json_bodies() {
    let server = TestServer::start_with(false).await;
    let anonymous = server.anonymous();
    let (status, body) = anonymous
        .push(vec![upsert("offering", &new_offering(), 0)])
        .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (401, Some("unauthorized"))
    );

    let client = publisher(&server).await;
    let url = format!("{}/api/v1/mutations", server.base);
    let token = client.token.clone().unwrap();
    let raw = |body: Vec<u8>, content_type: &'static str| {
        client
            .http
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body)
    };
    let read = |response: reqwest::Response| async move {
        let status = response.status().as_u16();
        (
            status,
            response.json::<Value>().await.expect("a JSON error"),
        )
    };

    let (status, body) = read(
        raw(b"{\"client_id\": ".to_vec(), "application/json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_json")));

    let unknown = json!({ "client_id": Uuid::new_v4(), "mutations": [], "colour": "blue" });
    let (status, body) = read(
        raw(unknown.to_string().into(), "application/json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str(), body["field"].as_str()),
        (400, Some("unknown_field"), Some("colour"))
    );

    let mut mutation = upsert("offering", &new_offering(), 0);
    mutation["op"] = "replace".into();
    let wrong = json!({ "client_id": Uuid::new_v4(), "mutations": [mutation] });
    let (status, body) = read(
        raw(wrong.to_string().into(), "application/json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["field"], "mutations[0].op", "{body}");

    let (status, body) = read(raw(b"{}".to_vec(), "text/plain").send().await.unwrap()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (415, Some("unsupported_media_type"))
    );

    let huge = vec![b' '; wijkgids_server::api::BODY_MAX + 1];
    let (status, body) = read(raw(huge, "application/json").send().await.unwrap()).await;
    assert_eq!((status, body["code"].as_str()), (413, Some("too_large")));

    let many: Vec<Value> = (0..=wijkgids_core::sync::PUSH_MAX)
        .map(|_| json!({ "mutation_id": Uuid::new_v4(), "op": "delete", "kind": "offering", "id": Uuid::new_v4() }))
        .collect();
    let (status, body) = client.push(many).await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (413, Some("too_many"))
    );
}

#[tokio::test]
async fn a_mutation_id_used_again_by_another_account_or_for_another_record_is_rejected() {
    let server = TestServer::start_with(false).await;
    let (alice, bob) = (publisher(&server).await, publisher(&server).await);
    let first = upsert("offering", &new_offering(), 0);
    let (_, body) = alice.push(vec![first.clone()]).await;
    assert_eq!(body["results"][0]["status"], "applied");
    let mut other_record = upsert("offering", &new_offering(), 0);
    other_record["mutation_id"] = first["mutation_id"].clone();
    for (client, mutation) in [
        (&bob, &first),
        (&bob, &other_record),
        (&alice, &other_record),
    ] {
        let (status, body) = client.push(vec![mutation.clone()]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let result = &body["results"][0];
        assert_eq!(result["status"], "rejected", "{result}");
        assert_eq!(
            (&result["field"], &result["code"]),
            (&json!("mutation_id"), &json!("mutation_id_reused"))
        );
    }
    let (_, again) = alice.push(vec![first]).await;
    assert_eq!(
        again["results"][0]["status"], "duplicate",
        "a retry still is"
    );
}

/// Who made an offering, who confirmed it and when are the server's to say: a
/// publisher's own values (a date in 2099) are replaced (issue 20).
#[tokio::test]
async fn the_server_sets_who_made_and_checked_an_offering_and_when() {
    let server = TestServer::start_with(false).await;
    let client = publisher(&server).await;
    let (_, me) = client.get("/api/v1/me").await;
    let mut data = new_offering();
    data["status"] = "draft".into();
    data["checked_on"] = "2099-01-01".into();
    data["checked_by"] = "de directeur".into();
    data["created_by"] = "iemand anders".into();
    data["updated_at"] = "2001-01-01T00:00:00Z".into();
    let (_, body) = client.push(vec![upsert("offering", &data, 0)]).await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let record = stored(&server, &data["id"]).await;
    assert!(record["data"].get("checked_on").is_none(), "{record}");
    assert!(record["data"].get("checked_by").is_none(), "{record}");
    assert_eq!(record["data"]["created_by"], me["id"]);
    let updated: chrono::DateTime<chrono::Utc> = record["data"]["updated_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(chrono::Utc::now() - updated < chrono::Duration::minutes(5));
    // "Still correct" today: taken, and signed by the account that said it.
    let today = chrono::Utc::now()
        .with_timezone(&wijkgids_core::schedule::TIME_ZONE)
        .date_naive();
    let mut confirmed = record["data"].clone();
    confirmed["checked_on"] = today.to_string().into();
    let version = record["version"].as_u64().unwrap();
    let (_, body) = client
        .push(vec![upsert("offering", &confirmed, version)])
        .await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let record = stored(&server, &data["id"]).await;
    assert_eq!(record["data"]["checked_on"], today.to_string());
    assert_eq!(record["data"]["checked_by"], me["id"]);
}

/// An offering a coordinator deleted comes back from its publisher only through
/// review: the tombstone's last status does not count as approved (issue 20).
#[tokio::test]
async fn a_deleted_offering_published_again_by_its_publisher_waits_for_review() {
    let server = TestServer::start_with(false).await;
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    let mut data = new_offering();
    data["status"] = "published".into();
    let (_, body) = coordinator.push(vec![upsert("offering", &data, 0)]).await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let delete = json!({ "mutation_id": Uuid::new_v4(), "op": "delete", "kind": "offering",
                         "id": data["id"], "base_version": 1 });
    let (_, body) = coordinator.push(vec![delete]).await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let (_, body) = publisher(&server)
        .await
        .push(vec![upsert("offering", &data, 2)])
        .await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let record = stored(&server, &data["id"]).await;
    assert_eq!(record["data"]["status"], "pending_review", "{record}");
}
