//! End to end: a coordinator brings another system's social map into the guide
//! from "Beheer" (Open Referral HSDS 3.0). A bad file first: the report names
//! the problem by its place in the file, nothing can be confirmed and nothing
//! is written. Then a good file: the report lists what will be new, the focus
//! goes to it, "Importeren" writes it, and a resident's device that was open all
//! along shows the new offering after its next pull.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, COORDINATOR, PASSWORD, Server, wait_for_sync};
use uuid::Uuid;
use wijkgids_core::model::{Offering, Organisation};
use wijkgids_core::sample::{sample_offering, sample_organisation};

const TITLE: &str = "Breicafé De Wolkamer";
const ORGANISATION: &str = "Handwerkclub De Wolkamer";
const OFFERING_ID: &str = "7d1f4c2a-3b5e-4f60-9a1b-2c3d4e5f6a7b";
const BAD_ID: &str = "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f";

/// One complete offering of a new organisation, as another system's HSDS
/// export would hold it: a full service with its organization.
fn good_service() -> serde_json::Value {
    let organisation = Organisation {
        id: Uuid::parse_str("5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e").unwrap(),
        name: ORGANISATION.into(),
        ..sample_organisation()
    };
    let offering = Offering {
        id: Uuid::parse_str(OFFERING_ID).unwrap(),
        organisation_id: Some(organisation.id),
        title: TITLE.into(),
        summary: "Elke dinsdag samen breien en haken, met koffie.".into(),
        tags: vec!["breien".into(), "haken".into()],
        ..sample_offering()
    };
    let (service, _) = wijkgids_core::hsds::service(&offering, Some(&organisation))
        .expect("a published offering is a service");
    serde_json::to_value(service).unwrap()
}

/// A service whose status HSDS does not know.
fn bad_service() -> serde_json::Value {
    let mut service = good_service();
    service["id"] = BAD_ID.into();
    service["name"] = "Kapotte dienst".into();
    service["status"] = "open".into();
    service
}

/// Chooses `file` in the import's file picker on a fresh Beheer page.
async fn pick(coordinator: &Browser, server: &Server, file: &std::path::Path) {
    coordinator.visit(server, "/beheer").await;
    coordinator
        .wait_for_text("#import-heading", "Aanbod importeren")
        .await;
    coordinator
        .element("#import-files")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .expect("choose the file");
}

#[tokio::test]
async fn a_coordinator_imports_a_social_map_and_a_resident_gets_it() {
    let server = Server::start().await;
    server
        .add_user(COORDINATOR, "coordinator", None, PASSWORD)
        .await;
    let files = tempfile::tempdir().unwrap();
    let bad = files.path().join("sociale-kaart-kapot.json");
    std::fs::write(&bad, bad_service().to_string()).unwrap();
    let good = files.path().join("sociale-kaart.json");
    std::fs::write(&good, good_service().to_string()).unwrap();

    // A resident looks for knitting: nothing yet.
    let resident = Browser::start().await;
    resident.visit(&server, "/").await;
    wait_for_sync(&resident).await;
    resident.visit(&server, "/zoeken?q=breicaf%C3%A9").await;
    wait_for_sync(&resident).await;
    assert!(
        !resident
            .element("main")
            .await
            .text()
            .await
            .unwrap()
            .contains(TITLE),
        "not in the guide yet"
    );

    let coordinator = Browser::signed_in(&server, COORDINATOR, PASSWORD).await;

    // A bad file: the problem named by file and path; nothing to confirm.
    pick(&coordinator, &server, &bad).await;
    coordinator
        .wait_for_text("[data-testid=import-status]", "Problemen gevonden:")
        .await;
    let problems = coordinator
        .wait_for_text("[data-testid=import-problems]", "status")
        .await;
    assert!(
        problems.contains("sociale-kaart-kapot.json: status"),
        "{problems}"
    );
    coordinator
        .wait_for_focus(|f| f.starts_with("h3#import-report"))
        .await;
    assert!(
        coordinator
            .texts("[data-testid=import-confirm]")
            .await
            .is_empty()
    );
    assert!(
        coordinator.pulled(BAD_ID).await.is_none(),
        "nothing written"
    );

    // A good file: checked first (nothing written yet), then imported.
    pick(&coordinator, &server, &good).await;
    coordinator
        .wait_for_text(
            "[data-testid=import-status]",
            "Gecontroleerd: 2 nieuw, 0 gewijzigd",
        )
        .await;
    let changes = coordinator.texts("[data-testid=import-change]").await;
    assert_eq!(
        changes,
        vec![
            format!("Nieuw · organisatie: {ORGANISATION}"),
            format!("Nieuw · aanbod: {TITLE}"),
        ]
    );
    coordinator
        .wait_for_focus(|f| f.starts_with("h3#import-report"))
        .await;
    assert!(
        coordinator.pulled(OFFERING_ID).await.is_none(),
        "a check writes nothing"
    );
    coordinator.click("[data-testid=import-confirm]").await;
    coordinator
        .wait_for_text("[data-testid=import-status]", "Geïmporteerd: 2 nieuw")
        .await;
    let service = coordinator
        .api("GET", &format!("/hsds/services/{OFFERING_ID}"), None)
        .await;
    assert_eq!(service["name"], TITLE);
    coordinator.close().await;

    // The resident's device, open all along, gets it with its next pull.
    resident.say_online().await;
    resident.wait_for_text("main", TITLE).await;
    let pulled = resident.pulled(OFFERING_ID).await.expect("in a pull");
    assert_eq!(pulled["data"]["status"], "published");
    resident.finish(server).await;
}
