//! A coordinator reviewing an offering that residents saw before: their pull
//! brings, with the version waiting for review, the last version residents saw
//! (and nobody else's does); an approval taken straight back restores it.

mod common;

use common::{Client, TestServer, upsert};
use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;
use wijkgids_core::sample::{SAMPLE_ORGANISATION_ID, sample_offering};
use wijkgids_core::vocab::AccountRole;

/// Pushes `data` with `status` on the version the server holds; returns the new
/// version.
async fn save(client: &Client, data: &mut Value, status: &str) -> u64 {
    data["status"] = status.into();
    let base = data["version"].as_u64().unwrap();
    let (code, body) = client.push(vec![upsert("offering", data, base)]).await;
    assert_eq!(code, StatusCode::OK, "{body}");
    let result = &body["results"][0];
    assert_eq!(result["status"], "applied", "{result}");
    let version = result["version"].as_u64().unwrap();
    data["version"] = version.into();
    version
}

/// The offering `id` as `client` pulls it from the start.
async fn pulled(client: &Client, id: &Value) -> Value {
    let (changes, _) = client.pull_all(2000).await;
    changes
        .into_iter()
        .find(|c| &c["id"] == id)
        .expect("the offering is in the pull")
}

#[tokio::test]
async fn coordinators_get_the_version_residents_saw_with_what_waits_for_them() {
    let server = TestServer::start_with(false).await;
    let publisher = server
        .signed_in(AccountRole::Publisher, Some(SAMPLE_ORGANISATION_ID))
        .await;
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    let professional = server.signed_in(AccountRole::Professional, None).await;
    let anonymous = server.anonymous();
    let mut offering = sample_offering();
    offering.id = Uuid::new_v4();
    offering.version = 0;
    let mut data = serde_json::to_value(&offering).unwrap();
    let id = data["id"].clone();

    // New: waits for review, with nothing residents saw before.
    save(&publisher, &mut data, "published").await;
    let waiting = pulled(&coordinator, &id).await;
    assert_eq!(waiting["data"]["status"], "pending_review");
    assert!(waiting.get("last_published").is_none(), "{waiting}");

    // Approved, edited live, archived; then changed and sent for review again.
    save(&coordinator, &mut data, "published").await;
    data["summary"] = "Elke dinsdag wandelen, ook bij regen.".into();
    save(&publisher, &mut data, "published").await;
    save(&publisher, &mut data, "archived").await;
    data["title"] = "Wandelen in het park".into();
    save(&publisher, &mut data, "published").await;

    let waiting = pulled(&coordinator, &id).await;
    assert_eq!(waiting["data"]["status"], "pending_review");
    assert_eq!(waiting["data"]["title"], "Wandelen in het park");
    let before = &waiting["last_published"];
    assert_eq!(before["title"], "Wandelen met de huisarts", "{waiting}");
    assert_eq!(before["summary"], "Elke dinsdag wandelen, ook bij regen.");
    assert_eq!(before["status"], "published");
    for other in [&publisher, &professional, &anonymous] {
        let change = pulled(other, &id).await;
        assert!(change.get("last_published").is_none(), "{change}");
    }

    // Approved: residents see it, nothing is sent beside it.
    save(&coordinator, &mut data, "published").await;
    let approved = pulled(&coordinator, &id).await;
    assert_eq!(approved["data"]["status"], "published");
    assert!(approved.get("last_published").is_none(), "{approved}");
    // Taken back at once: compared with what residents saw before the approval.
    save(&coordinator, &mut data, "pending_review").await;
    let undone = pulled(&coordinator, &id).await;
    assert_eq!(undone["data"]["status"], "pending_review");
    assert_eq!(
        undone["last_published"]["title"], "Wandelen met de huisarts",
        "{undone}"
    );
    let gone = pulled(&anonymous, &id).await;
    assert_eq!(gone["deleted"], true, "residents no longer see it");

    // Approved again: the new title reaches residents.
    save(&coordinator, &mut data, "published").await;
    let public = pulled(&anonymous, &id).await;
    assert_eq!(public["data"]["title"], "Wandelen in het park");
    assert!(public.get("last_published").is_none());
}

#[tokio::test]
async fn a_conflict_answer_to_a_coordinator_carries_the_published_version() {
    let server = TestServer::start_with(false).await;
    let publisher = server
        .signed_in(AccountRole::Publisher, Some(SAMPLE_ORGANISATION_ID))
        .await;
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    let mut offering = sample_offering();
    offering.id = Uuid::new_v4();
    offering.version = 0;
    let mut data = serde_json::to_value(&offering).unwrap();
    save(&coordinator, &mut data, "published").await;
    let stale = data.clone();
    data["title"] = "Wandelen in het park".into();
    save(&publisher, &mut data, "archived").await;
    save(&publisher, &mut data, "published").await;

    // The coordinator decides on the version they held: a conflict, with the
    // server's version and what residents saw, so the review screen can compare.
    let (code, body) = coordinator
        .push(vec![upsert(
            "offering",
            &stale,
            stale["version"].as_u64().unwrap(),
        )])
        .await;
    assert_eq!(code, StatusCode::OK, "{body}");
    let result = &body["results"][0];
    assert_eq!(result["status"], "conflict", "{result}");
    assert_eq!(result["current"]["data"]["title"], "Wandelen in het park");
    assert_eq!(
        result["current"]["last_published"]["title"],
        "Wandelen met de huisarts"
    );
}
