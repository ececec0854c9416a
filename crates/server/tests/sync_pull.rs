//! `GET /api/v1/changes` over real HTTP: paging, cursors, epochs, and what each role
//! receives.

mod common;

use std::collections::HashSet;

use common::{TestServer, upsert};
use serde_json::Value;
use wijkgids_core::sample::{SAMPLE_ORGANISATION_ID, sample_offering};
use wijkgids_core::vocab::{AccountRole, Status};

fn ids_of(changes: &[Value], kind: &str) -> HashSet<String> {
    changes
        .iter()
        .filter(|c| c["kind"] == kind && c["deleted"] == false)
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn pages_follow_the_cursor_without_gaps_or_repeats() {
    let server = TestServer::start().await;
    let client = server.anonymous();
    let (status, first) = client.get("/api/v1/changes?limit=50").await;
    assert_eq!(status, 200);
    // At most the limit: rows a reader may never see are left out of the page.
    let first_len = first["changes"].as_array().unwrap().len();
    assert!(first_len > 0 && first_len <= 50, "{first_len}");
    assert_eq!(first["has_more"], true);

    let (changes, cursor) = client.pull_all(37).await;
    let seqs: Vec<u64> = changes.iter().map(|c| c["seq"].as_u64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "strictly increasing");
    let (whole, _) = client.pull_all(2000).await;
    assert_eq!(changes, whole, "page size does not change what arrives");

    // Up to date: an empty page, the same cursor, nothing more.
    let (status, page) = client
        .get(&format!("/api/v1/changes?cursor={cursor}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(page["changes"].as_array().unwrap().len(), 0);
    assert_eq!(page["cursor"], cursor.as_str());
    assert_eq!(page["has_more"], false);
}

#[tokio::test]
async fn anonymous_readers_get_public_offerings_without_referral_or_directory() {
    let server = TestServer::start().await;
    let (changes, _) = server.anonymous().pull_all(500).await;
    let demo = wijkgids_core::demo::neighbourhood().unwrap();
    let public: HashSet<String> = demo
        .offerings
        .iter()
        .filter(|o| o.is_public())
        .map(|o| o.id.to_string())
        .collect();
    assert_eq!(ids_of(&changes, "offering"), public);
    assert_eq!(
        ids_of(&changes, "organisation").len(),
        demo.organisations.len()
    );
    assert!(
        changes.iter().all(|c| c["kind"] != "professional"),
        "no directory, not even tombstones"
    );
    for change in &changes {
        for private in ["referral", "created_by", "checked_by"] {
            assert!(
                change["data"].get(private).is_none(),
                "{private} on the wire: {change}"
            );
        }
    }
}

#[tokio::test]
async fn signed_in_professionals_get_referral_data_and_the_directory() {
    let server = TestServer::start().await;
    let professional = server.signed_in(AccountRole::Professional, None).await;
    let (changes, _) = professional.pull_all(500).await;
    let demo = wijkgids_core::demo::neighbourhood().unwrap();
    assert_eq!(
        ids_of(&changes, "professional").len(),
        demo.professionals.len()
    );
    let with_referral = demo
        .offerings
        .iter()
        .filter(|o| o.is_public() && o.referral.is_some())
        .count();
    let received = changes
        .iter()
        .filter(|c| !c["data"]["referral"].is_null())
        .count();
    assert!(with_referral > 0);
    assert_eq!(received, with_referral);
}

#[tokio::test]
async fn drafts_reach_their_publisher_and_coordinators_only() {
    let server = TestServer::start().await;
    let publisher = server
        .signed_in(AccountRole::Publisher, Some(SAMPLE_ORGANISATION_ID))
        .await;
    let mut draft = sample_offering();
    draft.id = uuid::Uuid::new_v4();
    draft.status = Status::Draft;
    let data = serde_json::to_value(&draft).unwrap();
    let (status, body) = publisher.push(vec![upsert("offering", &data, 0)]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
    let id = draft.id.to_string();

    let sees = |changes: Vec<Value>| ids_of(&changes, "offering").contains(&id);
    assert!(sees(publisher.pull_all(1000).await.0));
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    assert!(sees(coordinator.pull_all(1000).await.0));
    let professional = server.signed_in(AccountRole::Professional, None).await;
    assert!(!sees(professional.pull_all(1000).await.0));
    let (anonymous, _) = server.anonymous().pull_all(1000).await;
    let tombstone = anonymous
        .iter()
        .find(|c| c["id"] == id.as_str())
        .expect("a tombstone");
    assert_eq!(tombstone["deleted"], true);
    assert!(tombstone.get("data").is_none());
}

#[tokio::test]
async fn an_archived_offering_reaches_anonymous_readers_as_a_tombstone() {
    let server = TestServer::start().await;
    let anonymous = server.anonymous();
    let (_, cursor) = anonymous.pull_all(1000).await;
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    let demo = wijkgids_core::demo::neighbourhood().unwrap();
    let mut offering = demo
        .offerings
        .iter()
        .find(|o| o.status == Status::Published)
        .unwrap()
        .clone();
    offering.status = Status::Archived;
    let data = serde_json::to_value(&offering).unwrap();
    let (_, body) = coordinator.push(vec![upsert("offering", &data, 1)]).await;
    assert_eq!(body["results"][0]["status"], "applied", "{body}");

    let (_, page) = anonymous
        .get(&format!("/api/v1/changes?cursor={cursor}"))
        .await;
    let changes = page["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["id"], offering.id.to_string());
    assert_eq!(changes[0]["deleted"], true);
    assert_eq!(changes[0]["version"], 2);
}

#[tokio::test]
async fn bad_cursors_and_parameters_are_named() {
    let server = TestServer::start().await;
    let client = server.anonymous();
    let (status, body) = client.get("/api/v1/changes?cursor=nonsense").await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (400, Some("invalid_cursor"))
    );
    assert_eq!(body["field"], "cursor");
    // A cursor from another database's history (a restore, a re-import).
    let (status, body) = client
        .get("/api/v1/changes?cursor=0123456789abcdef.10")
        .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (410, Some("cursor_expired"))
    );
    // A cursor beyond the last change: this history was rolled back since.
    let (_, cursor) = client.pull_all(2000).await;
    let held: wijkgids_core::sync::Cursor = cursor.parse().unwrap();
    let beyond = format!("{}.{}", held.epoch, held.seq + 1);
    let (status, body) = client
        .get(&format!("/api/v1/changes?cursor={beyond}"))
        .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (410, Some("cursor_expired"))
    );
    let (status, _) = client
        .get(&format!("/api/v1/changes?cursor={cursor}"))
        .await;
    assert_eq!(status, 200, "the last change itself is fine");
    let (status, body) = client.get("/api/v1/changes?limit=many").await;
    assert_eq!(status, 400);
    assert_eq!(body["field"], "limit");
    let (status, body) = client.get("/api/v1/changes?colour=blue").await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (400, Some("unknown_field"))
    );
    assert_eq!(body["field"], "colour");
    // A page never exceeds the maximum, whatever is asked.
    let (status, page) = client.get("/api/v1/changes?limit=100000").await;
    assert_eq!(status, 200);
    assert!(page["changes"].as_array().unwrap().len() <= wijkgids_core::sync::PAGE_MAX);
}

#[tokio::test]
async fn an_expired_or_unknown_session_is_refused_not_read_as_anonymous() {
    let server = TestServer::start().await;
    let mut client = server.anonymous();
    client.token = Some("0".repeat(64));
    let (status, body) = client.get("/api/v1/changes").await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (401, Some("unauthorized"))
    );
}

#[tokio::test]
async fn cursors_beyond_what_sqlite_holds_are_invalid_and_switch_nothing() {
    let server = TestServer::start().await;
    let signed_in = server.signed_in(AccountRole::Coordinator, None).await;
    for client in [server.anonymous(), signed_in] {
        let (_, cursor) = client.pull_all(2000).await;
        let epoch = cursor.split('.').next().unwrap();
        for seq in ["9223372036854775808", "18446744073709551615"] {
            let (status, body) = client
                .get(&format!("/api/v1/changes?cursor={epoch}.{seq}"))
                .await;
            assert_eq!(
                (status.as_u16(), body["code"].as_str()),
                (400, Some("invalid_cursor")),
                "{seq}: {body}"
            );
            assert_eq!(body["field"], "cursor");
        }
        let (status, _) = client
            .get(&format!("/api/v1/changes?cursor={cursor}"))
            .await;
        assert_eq!(status, 200, "no new history for a made-up number");
    }
}

/// The review note and who made and checked an offering reach its own
/// organisation's publishers and the coordinators only; professionals still get
/// its referral details (issue 20).
#[tokio::test]
async fn internal_notes_reach_the_owning_organisation_and_coordinators_only() {
    let server = TestServer::start_with(false).await;
    let mut offering = sample_offering();
    offering.id = uuid::Uuid::new_v4();
    offering.review_note = Some("Graag een prijs erbij.".into());
    offering.created_by = Some("maker".into());
    offering.checked_by = Some("controleur".into());
    let record = wijkgids_core::record::Record::Offering(Box::new(offering.clone()));
    server
        .state
        .store
        .call(move |s| s.put_records(&[record], None))
        .await
        .unwrap();
    let id = offering.id.to_string();
    let data_for = |client: common::Client| {
        let id = id.clone();
        async move {
            let (changes, _) = client.pull_all(1000).await;
            let change = changes.into_iter().find(|c| c["id"] == id.as_str());
            change.expect("the offering")["data"].clone()
        }
    };
    let own = server.signed_in(AccountRole::Publisher, Some(SAMPLE_ORGANISATION_ID));
    let other = server.signed_in(AccountRole::Publisher, Some(uuid::Uuid::from_u128(77)));
    let professional = server.signed_in(AccountRole::Professional, None);
    let coordinator = server.signed_in(AccountRole::Coordinator, None);
    for (who, client, internal) in [
        ("own publisher", own.await, true),
        ("coordinator", coordinator.await, true),
        ("other publisher", other.await, false),
        ("professional", professional.await, false),
    ] {
        let data = data_for(client).await;
        for field in ["review_note", "created_by", "checked_by"] {
            assert_eq!(
                data.get(field).is_some(),
                internal,
                "{who}: {field} in {data}"
            );
        }
        assert_eq!(data["title"], offering.title.as_str(), "{who}");
        if who == "professional" {
            assert!(data.get("referral").is_some(), "{data}");
        }
    }
}

/// Any signed-in account could make every device pull the whole guide again with
/// a made-up cursor beyond the last change (`<epoch>.999999`), taken for a sign
/// that the database went back in time (issue 20). Only a cursor with the
/// server's tag may tell it so: a made-up or altered tag is 400, an untagged
/// cursor 410 for its own device only. The history stays: a device's pull and
/// an edit made on it go on as before.
#[tokio::test]
async fn a_made_up_cursor_starts_no_new_history() {
    let server = TestServer::start().await;
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    let professional = server.signed_in(AccountRole::Professional, None).await;
    let (changes, held) = coordinator.pull_all(2000).await;
    let epoch = held.split('.').next().unwrap().to_owned();
    let tag = held.split('.').nth(2).expect("a tagged cursor").to_owned();
    let served_epoch = || async { server.state.store.call(|s| s.epoch()).await.unwrap() };
    assert_eq!(served_epoch().await, epoch);

    // The attack as it was found: the attacker's own device starts over.
    let (status, body) = professional
        .get(&format!("/api/v1/changes?cursor={epoch}.999999"))
        .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (410, Some("cursor_expired")),
        "{body}"
    );
    // With a tag: made up, or a genuine one on another number: 410 for that
    // device (a tag of another key looks the same), and no new history.
    for forged in [
        format!("{epoch}.999999.{}", "0".repeat(32)),
        format!("{epoch}.999999.{tag}"),
        format!("{epoch}.1.{tag}"),
    ] {
        let (status, body) = professional
            .get(&format!("/api/v1/changes?cursor={forged}"))
            .await;
        assert_eq!(
            (status.as_u16(), body["code"].as_str()),
            (410, Some("cursor_expired")),
            "{forged}: {body}"
        );
        assert_eq!(body["field"], "cursor");
    }
    assert_eq!(served_epoch().await, epoch, "no new history");

    // An existing device pulls on from its cursor, and its edit made on this
    // history is applied, not a conflict.
    let (status, page) = coordinator
        .get(&format!("/api/v1/changes?cursor={held}"))
        .await;
    assert_eq!(status, 200, "{page}");
    let offering = changes
        .iter()
        .find(|c| c["kind"] == "offering" && c["deleted"] == false)
        .unwrap();
    let mut data = offering["data"].clone();
    data["title"] = "Nieuwe titel".into();
    let mut mutation = upsert("offering", &data, offering["version"].as_u64().unwrap());
    mutation["epoch"] = epoch.clone().into();
    let (status, body) = coordinator.push(vec![mutation]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["status"], "applied", "{body}");
}

/// The same switch through a push: an edit of this history on a version the
/// record never reached. A professional, who may edit nothing, pushed one with a
/// made-up base version and every device had to pull again (issue 20). Only an
/// account that may make the edit counts; this one is refused and nothing else
/// happens.
#[tokio::test]
async fn a_made_up_base_version_from_an_account_that_may_not_edit_starts_no_new_history() {
    let server = TestServer::start().await;
    let professional = server.signed_in(AccountRole::Professional, None).await;
    let (changes, held) = professional.pull_all(2000).await;
    let epoch = held.split('.').next().unwrap().to_owned();
    let offering = changes
        .iter()
        .find(|c| c["kind"] == "offering" && c["deleted"] == false)
        .unwrap();
    let mut mutation = upsert("offering", &offering["data"], 999_999);
    mutation["epoch"] = epoch.clone().into();
    let (status, body) = professional.push(vec![mutation]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["status"], "rejected", "{body}");
    assert_eq!(body["epoch"], epoch.as_str(), "{body}");
    let now = server.state.store.call(|s| s.epoch()).await.unwrap();
    assert_eq!(now, epoch, "no new history");
    let (status, _) = professional
        .get(&format!("/api/v1/changes?cursor={held}"))
        .await;
    assert_eq!(status, 200);
}

/// Cursors are tagged from the start of a pull; a pull from an untagged cursor
/// (an app built before tags, which cannot read them) goes on untagged, and
/// such a cursor still cannot start a new history (issue 20).
#[tokio::test]
async fn a_pull_from_an_untagged_cursor_goes_on_untagged() {
    let server = TestServer::start().await;
    let client = server.anonymous();
    let (_, first) = client.get("/api/v1/changes?limit=5").await;
    let tagged: wijkgids_core::sync::Cursor = first["cursor"].as_str().unwrap().parse().unwrap();
    assert!(tagged.tag.is_some(), "{first}");
    let old = format!("{}.{}", tagged.epoch, tagged.seq);
    let (status, page) = client
        .get(&format!("/api/v1/changes?limit=5&cursor={old}"))
        .await;
    assert_eq!(status, 200, "{page}");
    let next: wijkgids_core::sync::Cursor = page["cursor"].as_str().unwrap().parse().unwrap();
    assert_eq!(next.tag, None, "{page}");
    assert!(next.seq > tagged.seq);
}

/// Many full-page pulls at once hold at most `PULL_ROWS` stored rows between
/// them (150 at once grew a process by gigabytes it kept: issue 23's attack);
/// the others wait their turn and every puller still gets the whole guide.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_full_pages_hold_a_bounded_number_of_rows() {
    use wijkgids_core::sync::PAGE_MAX;
    use wijkgids_server::api::PULL_ROWS;
    let server = TestServer::start_with(false).await;
    server
        .put_records(common::generated_records(3_000, 23))
        .await;
    let pullers: Vec<_> = (0..24)
        .map(|_| {
            let client = common::Client::anonymous(&server.base);
            tokio::spawn(async move { client.pull_all(PAGE_MAX).await.0.len() })
        })
        .collect();
    let mut sizes = Vec::new();
    for puller in pullers {
        sizes.push(puller.await.unwrap());
    }
    assert!(
        sizes.iter().all(|&n| n == sizes[0] && n >= 3_000),
        "{sizes:?}"
    );
    let most = server.state.pulls.most_held();
    assert!(
        most <= PULL_ROWS,
        "{most} rows held at once, bound {PULL_ROWS}"
    );
    assert!(most > PAGE_MAX + 1, "the pulls overlapped ({most})");
}

#[tokio::test]
async fn a_browser_that_takes_zstd_gets_pages_in_zstd_and_others_brotli_or_gzip() {
    let server = TestServer::start().await;
    let (_, plain) = server.anonymous().get("/api/v1/changes?limit=500").await;
    let page = |accepts: &'static str| {
        let url = format!("{}/api/v1/changes?limit=500", server.base);
        async move {
            let response = reqwest::Client::new()
                .get(url)
                .header("accept-encoding", accepts)
                .send()
                .await
                .unwrap();
            let encoding = response.headers()["content-encoding"]
                .to_str()
                .unwrap()
                .to_owned();
            (encoding, response.bytes().await.unwrap().to_vec())
        }
    };
    // What Chromium and Firefox send: zstd, the smallest and fastest to make.
    let (encoding, body) = page("gzip, deflate, br, zstd").await;
    assert_eq!(encoding, "zstd");
    let json: Value = serde_json::from_slice(&zstd::decode_all(&body[..]).unwrap()).unwrap();
    assert_eq!(json, plain);
    // Safari's: brotli.
    let (encoding, body) = page("gzip, deflate, br").await;
    assert_eq!(encoding, "br");
    let mut text = Vec::new();
    std::io::Read::read_to_end(
        &mut brotli_decompressor::Decompressor::new(&body[..], 4096),
        &mut text,
    )
    .unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&text).unwrap(), plain);
    let (encoding, _) = page("gzip").await;
    assert_eq!(encoding, "gzip");
}
