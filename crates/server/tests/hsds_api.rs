//! `/hsds/` over real HTTP: everything served is valid against the official
//! HSDS 3.0 schemas (vendored in tests/fixtures/hsds), lists page right, each
//! filter finds a rich record by its own values and not by others, and nothing
//! private leaves.

mod common;

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime, Weekday};
use common::{TestServer, generated_records};
use serde_json::Value;
use uuid::Uuid;
use wijkgids_core::hsds::Vocab;
use wijkgids_core::model::{Cost, Location, Offering, OfferingTranslation, Organisation, Referral};
use wijkgids_core::record::Record;
use wijkgids_core::sample::{sample_offering, sample_organisation};
use wijkgids_core::schedule::{ByDay, Frequency, Schedule, ScheduleException};
use wijkgids_core::vocab::{
    AccessibilityFeature, Audience, CostUnit, HealthDimension, Language, Status, Theme,
};
use wijkgids_server::hsds::ORGANIZATION_SERVICES;

const RICH_ID: Uuid = Uuid::from_u128(0x4b5d_0000_0000_4000_8000_0000_0000_0001);
const RICH_ORG: Uuid = Uuid::from_u128(0x4b5d_0000_0000_4000_8000_0000_0000_0002);
const DRAFT_ID: Uuid = Uuid::from_u128(0x4b5d_0000_0000_4000_8000_0000_0000_0003);
/// In the rich record's referral only: must never appear under /hsds/.
const SECRET: &str = "Geheimeprocedurewoord";

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/hsds")
        .join(path)
}

/// Reads `$ref`s to the official schemas from the vendored copies, never the network.
struct Vendored;

impl jsonschema::Retrieve for Vendored {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.path().as_str().rsplit('/').next().unwrap_or_default();
        let text = std::fs::read_to_string(fixture(&format!("schema/{name}")))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// A validator for a vendored schema, formats (uuid, email, uri, date-time) checked.
fn schema(path: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(fixture(path)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_base_uri(format!(
            "https://raw.githubusercontent.com/openreferral/specification/3.0/{path}"
        ))
        .with_retriever(Vendored)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, item: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(item)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}\n{item:#}");
    assert_no_nulls(item, what);
}

fn assert_no_nulls(value: &Value, what: &str) {
    match value {
        Value::Null => panic!("{what}: a null (absent fields are omitted)"),
        Value::Array(items) => items.iter().for_each(|v| assert_no_nulls(v, what)),
        Value::Object(fields) => fields.values().for_each(|v| assert_no_nulls(v, what)),
        _ => {}
    }
}

/// A published offering with a value of its own for every filter, and referral
/// details that must never leave.
fn rich_offering() -> Offering {
    let mut o = sample_offering();
    o.id = RICH_ID;
    o.organisation_id = Some(RICH_ORG);
    o.title = "Zondagochtend Kwispelwandeling".into();
    o.themes = vec![Theme::DigitalSkills, Theme::Exercise];
    o.health_dimensions = vec![HealthDimension::Meaning];
    o.audience = vec![Audience::Seniors, Audience::Carers];
    o.accessibility = vec![
        AccessibilityFeature::Wheelchair,
        AccessibilityFeature::HearingLoop,
    ];
    o.accessibility_note = Some("Drempel bij de achteringang.".into());
    o.languages = vec![Language::Dutch, Language::SignLanguageNl];
    o.min_age = Some(77);
    o.max_age = Some(88);
    o.cost = Cost::Paid {
        amount_cents: 350,
        unit: CostUnit::PerMonth,
    };
    o.tags = vec!["kwispel".into()];
    o.translations.insert(
        "en".into(),
        OfferingTranslation {
            title: "Sunday morning wag walk".into(),
            summary: "A walk.".into(),
            description: None,
        },
    );
    o.schedules = vec![Schedule {
        freq: Frequency::Weekly,
        interval: 1,
        byday: vec![ByDay::every(Weekday::Sun)],
        opens_at: NaiveTime::from_hms_opt(6, 10, 0),
        closes_at: NaiveTime::from_hms_opt(6, 40, 0),
        valid_from: NaiveDate::from_ymd_opt(2026, 7, 5),
        valid_to: None,
        dtstart: None,
        until: None,
        description: Some("elke zondag vroeg".into()),
    }];
    o.exceptions = vec![ScheduleException {
        date: NaiveDate::from_ymd_opt(2026, 12, 27).unwrap(),
        closed: true,
        opens_at: None,
        closes_at: None,
        note: Some("Kerstvakantie".into()),
    }];
    o.location = Some(Location {
        name: "Kwispelveld".into(),
        address: "Hondenlaan 9".into(),
        postcode: "9999 XY".into(),
        city: "Uithuizen".into(),
        neighbourhood: "Noord".into(),
        latitude: Some(53.41),
        longitude: Some(6.67),
        transport: Some("Bus 62".into()),
    });
    o.online = true;
    o.contact.name = Some("Fatima de Vries".into());
    o.referral = Some(Referral {
        procedure: SECRET.into(),
        contact_phone: Some("06 99999999".into()),
        ..Referral::default()
    });
    o.checked_by = Some("checker@example.org".into());
    o
}

async fn server() -> TestServer {
    let server = TestServer::start().await;
    let organisation = Organisation {
        id: RICH_ORG,
        name: "Kwispelclub".into(),
        ..sample_organisation()
    };
    let draft = Offering {
        id: DRAFT_ID,
        status: Status::Draft,
        title: "Conceptwandeling Zonderpubliek".into(),
        ..rich_offering()
    };
    let records = vec![
        Record::Organisation(organisation),
        Record::Offering(Box::new(rich_offering())),
        Record::Offering(Box::new(draft)),
    ];
    server.put_records(records).await;
    server
}

async fn get(server: &TestServer, path: &str) -> (reqwest::StatusCode, Value) {
    server.anonymous().get(path).await
}

/// Every item of every page of `path` (which has no query yet or ends in one).
async fn all_pages(server: &TestServer, path: &str, per_page: u64) -> Vec<Value> {
    let join = if path.contains('?') { '&' } else { '?' };
    let mut items = Vec::new();
    let mut page = 1;
    loop {
        let (status, body) = get(
            server,
            &format!("{path}{join}per_page={per_page}&page={page}"),
        )
        .await;
        assert_eq!(status, 200, "{path}: {body}");
        items.extend(body["contents"].as_array().unwrap().iter().cloned());
        if body["last_page"] == true {
            return items;
        }
        page += 1;
    }
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn everything_served_is_valid_against_the_official_schemas() {
    let server = server().await;
    let service_list = schema("schema/compiled/service_list.json");
    let service = schema("schema/compiled/service.json");
    // The validators do check: a wrong status and a malformed id are caught.
    for wrong in [
        serde_json::json!({ "id": RICH_ID, "name": "x", "status": "open" }),
        serde_json::json!({ "id": "not-a-uuid", "name": "x", "status": "active" }),
    ] {
        assert!(!service_list.is_valid(&wrong), "{wrong}");
    }
    let services = all_pages(&server, "/hsds/services", 200).await;
    assert!(services.len() > 50, "{}", services.len());
    for item in &services {
        assert_valid(&service_list, item, "service list item");
    }
    for id in ids(&services) {
        let (status, full) = get(&server, &format!("/hsds/services/{id}")).await;
        assert_eq!(status, 200);
        assert_valid(&service, &full, &id);
    }
    let (_, rich) = get(&server, &format!("/hsds/services/{RICH_ID}")).await;
    assert_eq!(rich["organization"]["name"], "Kwispelclub");
    assert_eq!(rich["minimum_age"], 77);
    assert_eq!(rich["service_at_locations"].as_array().unwrap().len(), 2);

    let place_list = schema("schema/compiled/service_at_location_list.json");
    let place = schema("schema/compiled/service_at_location.json");
    let places = all_pages(&server, "/hsds/service_at_locations", 200).await;
    assert!(!places.is_empty());
    for item in &places {
        assert_valid(&place_list, item, "service_at_location list item");
    }
    for id in ids(&places).iter().take(40) {
        let (status, full) = get(&server, &format!("/hsds/service_at_locations/{id}")).await;
        assert_eq!(status, 200);
        assert_valid(&place, &full, id);
        assert!(full["service"]["id"].is_string(), "{full}");
    }

    let organization_list = schema("schema/compiled/organization_list.json");
    let organization = schema("schema/compiled/organization.json");
    let organizations = all_pages(&server, "/hsds/organizations", 200).await;
    assert!(organizations.len() > 5);
    for item in &organizations {
        assert_valid(&organization_list, item, "organization list item");
    }
    for id in ids(&organizations) {
        let (status, full) = get(&server, &format!("/hsds/organizations/{id}")).await;
        assert_eq!(status, 200);
        assert_valid(&organization, &full, &id);
    }

    let taxonomy = schema("schema/taxonomy.json");
    let term = schema("schema/taxonomy_term.json");
    let taxonomies = all_pages(&server, "/hsds/taxonomies", 200).await;
    assert_eq!(taxonomies.len(), Vocab::ALL.len());
    for item in &taxonomies {
        assert_valid(&taxonomy, item, "taxonomy");
        let (status, one) = get(
            &server,
            &format!("/hsds/taxonomies/{}", item["id"].as_str().unwrap()),
        )
        .await;
        assert_eq!((status.as_u16(), &one), (200, item));
    }
    let terms = all_pages(&server, "/hsds/taxonomy_terms", 200).await;
    assert!(terms.len() > 60);
    for item in &terms {
        assert_valid(&term, item, "taxonomy term");
    }
    let (status, one) = get(&server, &format!("/hsds/taxonomy_terms/{}", ids(&terms)[0])).await;
    assert_eq!((status.as_u16(), &one), (200, &terms[0]));
}

#[tokio::test]
async fn pages_hold_together() {
    let server = server().await;
    let (_, first) = get(&server, "/hsds/services?per_page=7").await;
    let total = first["total_items"].as_u64().unwrap();
    let pages = first["total_pages"].as_u64().unwrap();
    assert!(total > 50);
    assert_eq!(pages, total.div_ceil(7));
    let mut seen = HashSet::new();
    for page in 1..=pages + 1 {
        let (status, body) = get(&server, &format!("/hsds/services?per_page=7&page={page}")).await;
        assert_eq!(status, 200);
        let contents = body["contents"].as_array().unwrap();
        assert_eq!(body["size"].as_u64().unwrap() as usize, contents.len());
        assert_eq!(body["total_items"].as_u64().unwrap(), total, "stable");
        assert_eq!(body["total_pages"].as_u64().unwrap(), pages);
        assert_eq!(body["page_number"].as_u64().unwrap(), page);
        assert_eq!(body["first_page"], page == 1);
        assert_eq!(body["last_page"], page >= pages);
        // Whether this page's `contents` is empty (a page past the last).
        assert_eq!(body["empty"], page > pages, "page {page}");
        let expected = if page < pages {
            7
        } else if page == pages {
            total - 7 * (pages - 1)
        } else {
            0
        };
        assert_eq!(contents.len() as u64, expected, "page {page}");
        for id in ids(contents) {
            assert!(seen.insert(id.clone()), "{id} on two pages");
        }
    }
    assert_eq!(seen.len() as u64, total, "every service once");
    let (_, far) = get(&server, "/hsds/services?page=999").await;
    assert_eq!(far["contents"], serde_json::json!([]));
    assert_eq!(far["empty"], true, "page 999 holds nothing");

    let (_, none) = get(
        &server,
        &format!("/hsds/services?organization_id={}", Uuid::new_v4()),
    )
    .await;
    assert_eq!(none["empty"], true);
    assert_eq!(none["total_items"], 0);
    assert_eq!(none["total_pages"], 1);
    assert_eq!(none["size"], 0);
    assert!(none["first_page"] == true && none["last_page"] == true);

    // A search pages in the search's order with the same invariants.
    let searched = all_pages(&server, "/hsds/services?search=wandelen", 3).await;
    let (_, head) = get(&server, "/hsds/services?search=wandelen&per_page=3").await;
    assert_eq!(searched.len() as u64, head["total_items"].as_u64().unwrap());
    assert_eq!(
        ids(&searched).into_iter().collect::<HashSet<_>>().len(),
        searched.len()
    );
}

/// The ids `/hsds/services?{query}` lists, over all pages.
async fn found(server: &TestServer, query: &str) -> Vec<String> {
    ids(&all_pages(server, &format!("/hsds/services?{query}"), 200).await)
}

#[tokio::test]
async fn each_filter_finds_the_rich_record_by_its_own_values_only() {
    // The store stamps `updated_at` when it writes: the rich record was
    // modified after a moment before the server started, and not after 2100.
    let since = (chrono::Utc::now() - chrono::Duration::seconds(5))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let server = server().await;
    let rich = RICH_ID.to_string();
    let term = |vocab: Vocab, code: &str| vocab.term_id(code).to_string();
    let demo = wijkgids_core::demo::neighbourhood().unwrap();
    let demo_postcode = demo
        .offerings
        .iter()
        .filter(|o| o.is_public())
        .find_map(|o| o.location.as_ref().filter(|l| l.latitude.is_some()))
        .map(|l| l.postcode.replace(' ', ""))
        .unwrap();
    let cases: Vec<(String, String)> = vec![
        (
            format!("taxonomy_term_id={}", term(Vocab::Theme, "digital_skills")),
            format!("taxonomy_term_id={}", term(Vocab::Theme, "housing")),
        ),
        (
            format!("taxonomy_term_id={}", term(Vocab::Audience, "carers")),
            format!("taxonomy_term_id={}", term(Vocab::Audience, "youth")),
        ),
        (
            format!("taxonomy_id={}", Vocab::HealthDimension.id()),
            format!("taxonomy_id={}", Uuid::new_v4()),
        ),
        (
            format!("organization_id={RICH_ORG}"),
            format!("organization_id={}", sample_organisation().id),
        ),
        (
            format!("modified_after={since}"),
            "modified_after=2100-01-01".into(),
        ),
        ("minimum_age=77".into(), "minimum_age=78".into()),
        ("maximum_age=88".into(), "maximum_age=87".into()),
        ("day=SU".into(), "day=MO".into()),
        (
            "day=sunday&start_time=06:10&end_time=06:40".into(),
            "day=SU&start_time=06:11".into(),
        ),
        ("end_time=06:40".into(), "end_time=06:39".into()),
        ("postcode=9999%20XY".into(), "postcode=1234AB".into()),
        ("postcode=9999".into(), "postcode=1234".into()),
        (
            "postcode=9999XY&proximity=1000".into(),
            format!("postcode={demo_postcode}&proximity=1000"),
        ),
        ("search=kwispelwandeling".into(), "search=schuldhulp".into()),
    ];
    for (own, other) in cases {
        let hits = found(&server, &own).await;
        assert!(hits.contains(&rich), "{own}: {hits:?}");
        let misses = found(&server, &other).await;
        assert!(!misses.contains(&rich), "{other}: {misses:?}");
    }
    // The filters that pick it out alone.
    assert_eq!(
        found(&server, &format!("organization_id={RICH_ORG}")).await,
        vec![rich.clone()]
    );
    assert_eq!(
        found(&server, "minimum_age=77&maximum_age=88").await,
        vec![rich.clone()]
    );
    // Every filter given applies.
    let all = format!(
        "search=kwispel&organization_id={RICH_ORG}&minimum_age=70&maximum_age=90&day=SU&start_time=06:00&end_time=07:00&postcode=9999XY&proximity=500&modified_after={since}&taxonomy_term_id={}",
        term(Vocab::Theme, "exercise")
    );
    assert_eq!(found(&server, &all).await, vec![rich.clone()]);
    // One value of another record's and nothing matches.
    for (own, other) in [("maximum_age=90", "maximum_age=80"), ("day=SU", "day=SA")] {
        assert!(
            found(&server, &all.replace(own, other)).await.is_empty(),
            "{other}"
        );
    }
    // The places of the services a filter finds.
    let places = ids(&all_pages(
        &server,
        &format!("/hsds/service_at_locations?organization_id={RICH_ORG}"),
        200,
    )
    .await);
    assert_eq!(places.len(), 2, "a place and online");
}

#[tokio::test]
async fn nothing_private_leaves_through_hsds() {
    let server = server().await;
    let mut answers = vec![
        get(&server, &format!("/hsds/services/{RICH_ID}")).await.1,
        get(&server, &format!("/hsds/organizations/{RICH_ORG}"))
            .await
            .1,
        get(&server, "/hsds/services?per_page=200").await.1,
        get(&server, "/hsds/service_at_locations?per_page=200")
            .await
            .1,
        get(&server, "/hsds/services?search=kwispel").await.1,
    ];
    for place in ids(&all_pages(
        &server,
        &format!("/hsds/service_at_locations?organization_id={RICH_ORG}"),
        200,
    )
    .await)
    {
        answers.push(
            get(&server, &format!("/hsds/service_at_locations/{place}"))
                .await
                .1,
        );
    }
    for answer in &answers {
        let text = answer.to_string();
        for secret in [
            SECRET,
            "06 99999999",
            "checker@example.org",
            "Zonderpubliek",
        ] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }
    let (status, _) = get(&server, &format!("/hsds/services/{DRAFT_ID}")).await;
    assert_eq!(status, 404, "a draft is no service");
    assert!(
        !found(&server, "search=zonderpubliek")
            .await
            .contains(&DRAFT_ID.to_string())
    );
    // Nothing of the demo's referral details or its directory of professionals.
    let demo = wijkgids_core::demo::neighbourhood().unwrap();
    let mut text = serde_json::to_string(&answers).unwrap();
    text += &serde_json::to_string(&all_pages(&server, "/hsds/organizations", 200).await).unwrap();
    for service in ids(&all_pages(&server, "/hsds/services", 200).await) {
        text += &get(&server, &format!("/hsds/services/{service}"))
            .await
            .1
            .to_string();
    }
    let procedures = demo
        .offerings
        .iter()
        .filter_map(|o| o.referral.as_ref())
        .map(|r| r.procedure.clone());
    let professionals = demo.professionals.iter().map(|p| p.id.to_string());
    for secret in procedures.chain(professionals).filter(|s| !s.is_empty()) {
        assert!(!text.contains(&secret), "{secret} leaked");
    }
}

#[tokio::test]
async fn unknown_ids_and_bad_parameters_are_json_errors() {
    let server = server().await;
    for path in [
        format!("/hsds/services/{}", Uuid::new_v4()),
        "/hsds/services/not-a-uuid".to_string(),
        format!("/hsds/organizations/{}", Uuid::new_v4()),
        format!("/hsds/service_at_locations/{}", Uuid::new_v4()),
        format!("/hsds/taxonomies/{}", Uuid::new_v4()),
        format!("/hsds/taxonomy_terms/{}", Uuid::new_v4()),
        "/hsds/no-such-list".to_string(),
    ] {
        let (status, body) = get(&server, &path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["code"], "not_found", "{path}");
        assert!(body["message"].is_string(), "{path}");
    }
    for (query, field) in [
        ("per_page=201", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("bogus=1", "bogus"),
        ("taxonomy_term_id=12", "taxonomy_term_id"),
        ("organization_id=x", "organization_id"),
        ("modified_after=yesterday", "modified_after"),
        ("minimum_age=-1", "minimum_age"),
        ("maximum_age=old", "maximum_age"),
        ("day=someday", "day"),
        ("start_time=25:00", "start_time"),
        ("end_time=noon", "end_time"),
        ("postcode=ABCD", "postcode"),
        ("proximity=100", "proximity"),
        ("postcode=1234AB&proximity=-5", "proximity"),
        ("page=1&page=2", "page"),
    ] {
        let (status, body) = get(&server, &format!("/hsds/services?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["field"], field, "{query}: {body}");
        assert!(
            body["code"].is_string() && body["message"].is_string(),
            "{body}"
        );
    }
    // A postcode the guide has no place at cannot be measured from.
    let (status, body) = get(&server, "/hsds/services?postcode=1011AB&proximity=100").await;
    assert_eq!(
        (status.as_u16(), &body["field"]),
        (400, &Value::from("postcode"))
    );
}

#[tokio::test]
async fn any_page_may_read_hsds_but_not_the_rest() {
    let server = server().await;
    for path in ["/hsds/", "/hsds/services", "/hsds/taxonomies", "/hsds/nope"] {
        let response = reqwest::get(format!("{}{path}", server.base))
            .await
            .unwrap();
        assert_eq!(
            response
                .headers()
                .get("access-control-allow-origin")
                .map(|v| v.to_str().unwrap()),
            Some("*"),
            "{path}"
        );
    }
    for path in ["/api/v1/health", "/api/v1/changes", "/"] {
        let response = reqwest::get(format!("{}{path}", server.base))
            .await
            .unwrap();
        assert!(
            response
                .headers()
                .get("access-control-allow-origin")
                .is_none(),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_root_names_the_version_and_an_openapi_document_of_what_is_served() {
    let server = server().await;
    let (status, root) = get(&server, "/hsds/").await;
    assert_eq!(status, 200);
    assert_eq!(root["version"], "3.0");
    assert!(root["profile"].as_str().unwrap().starts_with("https://"));
    let url = root["openapi_url"].as_str().unwrap();
    assert_eq!(url, format!("{}/hsds/openapi.json", server.base));
    let (_, without_slash) = get(&server, "/hsds").await;
    assert_eq!(without_slash, root);
    let document: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    let served = [
        "/",
        "/openapi.json",
        "/services",
        "/services/{id}",
        "/service_at_locations",
        "/service_at_locations/{id}",
        "/organizations",
        "/organizations/{id}",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    ];
    assert_eq!(
        paths.keys().map(String::as_str).collect::<HashSet<_>>(),
        served.into_iter().collect::<HashSet<_>>()
    );
    // Every path answers; every documented parameter is taken.
    let example = |path: &str| match path {
        "/services/{id}" => format!("/services/{RICH_ID}"),
        "/organizations/{id}" => format!("/organizations/{RICH_ORG}"),
        "/taxonomies/{id}" => format!("/taxonomies/{}", Vocab::Theme.id()),
        "/taxonomy_terms/{id}" => format!("/taxonomy_terms/{}", Vocab::Theme.term_id("exercise")),
        "/service_at_locations/{id}" => String::new(),
        other => other.to_string(),
    };
    for (path, item) in paths {
        let concrete = example(path);
        if concrete.is_empty() {
            continue;
        }
        let (status, _) = get(&server, &format!("/hsds{concrete}")).await;
        assert_eq!(status, 200, "{path}");
        for parameter in item["get"]["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap();
            let value = match name {
                "page" | "per_page" => "1".to_string(),
                "taxonomy_term_id" => Vocab::Theme.term_id("exercise").to_string(),
                "taxonomy_id" => Vocab::Theme.id().to_string(),
                "organization_id" => RICH_ORG.to_string(),
                "modified_after" => "2020-01-01T00:00:00Z".into(),
                "minimum_age" | "maximum_age" => "18".into(),
                "day" => "TU".into(),
                "start_time" | "end_time" => "10:00".into(),
                "postcode" => "9999XY".into(),
                "proximity" => "1000&postcode=9999XY".into(),
                _ => "wandelen".into(),
            };
            let (status, body) = get(&server, &format!("/hsds{concrete}?{name}={value}")).await;
            assert_eq!(status, 200, "{path} {name}: {body}");
        }
    }
}

/// At the benchmark's scale: a page of services, a search with a filter, and a
/// filter alone answer in reasonable time. Slow in a debug build, so not run by
/// default: `cargo test --release --test hsds_api -- --ignored`.
#[tokio::test]
#[ignore]
async fn fifty_thousand_offerings_page_quickly() {
    let server = TestServer::start_with(false).await;
    server.put_records(generated_records(50_000, 7)).await;
    for path in [
        "/hsds/services?per_page=50",
        "/hsds/services?per_page=50&page=400",
        "/hsds/services?per_page=50&page=401",
        "/hsds/services?search=wandelen&per_page=50",
        "/hsds/services?search=wandelen&day=TU&per_page=50",
        "/hsds/services?search=koffie&minimum_age=18&per_page=50",
        "/hsds/service_at_locations?per_page=50&page=3",
    ] {
        let start = std::time::Instant::now();
        let (status, body) = get(&server, path).await;
        assert_eq!(status, 200, "{path}: {body}");
        println!(
            "{path}: {} of {} in {:?}",
            body["size"],
            body["total_items"],
            start.elapsed()
        );
    }
}

/// Beyond the demo: generated offerings of every shape, mapped as `/hsds/`
/// maps them, are valid against the official schemas too.
#[test]
fn generated_services_are_valid_against_the_official_schemas() {
    let service = schema("schema/compiled/service.json");
    let organization = schema("schema/compiled/organization.json");
    let (organisations, offerings) = wijkgids_core::generate::dataset(600, 5);
    for org in &organisations {
        let json = serde_json::to_value(wijkgids_core::hsds::organization(org)).unwrap();
        assert_valid(&organization, &json, &org.name);
    }
    let mut seen = 0;
    for offering in &offerings {
        let org = organisations
            .iter()
            .find(|o| Some(o.id) == offering.organisation_id);
        if let Some((full, _)) = wijkgids_core::hsds::service(offering, org) {
            let json = serde_json::to_value(full).unwrap();
            assert_valid(&service, &json, &offering.title);
            seen += 1;
        }
    }
    assert!(seen > 200, "{seen}");
}

/// Found by an attack review: an organisation with thousands of services was
/// answered whole, a second of the workers' time per request. It carries its
/// first services; all of them are pages of `/hsds/services`.
#[tokio::test]
async fn an_organization_carries_its_first_services_and_the_rest_are_pages() {
    let server = server().await;
    let many: Vec<Record> = (0..(ORGANIZATION_SERVICES as u128 + 20))
        .map(|n| {
            Record::Offering(Box::new(Offering {
                id: Uuid::from_u128(0xabc0_0000 + n),
                title: format!("Wandeling {n}"),
                ..rich_offering()
            }))
        })
        .collect();
    server.put_records(many).await;
    let (status, full) = get(&server, &format!("/hsds/organizations/{RICH_ORG}")).await;
    assert_eq!(status, 200);
    let carried = full["services"].as_array().expect("services").len();
    assert_eq!(carried, ORGANIZATION_SERVICES);
    let all = all_pages(
        &server,
        &format!("/hsds/services?organization_id={RICH_ORG}"),
        50,
    )
    .await;
    assert!(all.len() > ORGANIZATION_SERVICES, "{}", all.len());
}

/// Walkthrough: a wrong method and a long address under /hsds/ were answered
/// with an empty body. Every answer there is JSON, with a code.
#[tokio::test]
async fn a_wrong_method_or_a_long_address_is_answered_in_json() {
    let server = TestServer::start_with(false).await;
    let (status, body) = server
        .anonymous()
        .send(reqwest::Method::POST, "/hsds/services", None)
        .await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (405, Some("method_not_allowed")),
        "{body}"
    );
    let long = format!(
        "/hsds/services?search={}",
        "a".repeat(wijkgids_server::hsds::URI_MAX)
    );
    let (status, body) = get(&server, &long).await;
    assert_eq!(
        (status.as_u16(), body["code"].as_str()),
        (414, Some("uri_too_long")),
        "{body}"
    );
    let (status, _) = get(&server, "/hsds/services?search=wandelen").await;
    assert_eq!(status, 200);
}
