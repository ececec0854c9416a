//! `import --format hsds` and `export --format hsds`: the official example
//! imports, export → import → export is unchanged and makes no new versions, a
//! file with one bad record writes nothing, and the export is valid against the
//! official schema.

mod common;

use std::path::PathBuf;

use common::{run_cli, run_cli_failing};
use serde_json::{Value, json};
use wijkgids_core::hsds::{self, Finding, Vocab};
use wijkgids_core::record::Record;
use wijkgids_core::vocab::{Lang, RecordKind};
use wijkgids_core::wire::HsdsFinding;
use wijkgids_server::hsds::tabular;
use wijkgids_server::hsds::transfer::{Input, Report, export, import, import_unless_given_up};
use wijkgids_server::store::{SqliteStorage, Storage};

fn fixture_path(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/hsds")
        .join(path)
}

fn fixture(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture_path(path)).unwrap()).unwrap()
}

fn input(source: &str, json: Value) -> Vec<Input> {
    vec![Input {
        source: source.into(),
        json,
        origins: vec![],
        unsaid: vec![],
    }]
}

/// A database with the demo neighbourhood.
fn demo_storage(dir: &tempfile::TempDir) -> SqliteStorage {
    demo_storage_at(&dir.path().join("demo.sqlite"))
}

fn empty_storage(dir: &tempfile::TempDir, name: &str) -> SqliteStorage {
    SqliteStorage::open(&dir.path().join(name)).unwrap()
}

/// Services as JSON without `last_modified`: the store stamps the time it
/// writes, so services imported into another guide say when they came in.
fn timeless(services: impl serde::Serialize) -> Value {
    let mut json = serde_json::to_value(services).unwrap();
    for service in json.as_array_mut().unwrap() {
        service.as_object_mut().unwrap().remove("last_modified");
    }
    json
}

/// Imports `json` (named `source`) into the running server's store.
async fn import_into(server: &common::TestServer, source: &str, json: Value) -> Report {
    let inputs = input(source, json);
    server
        .state
        .store
        .call(move |s| import(s, &inputs, false))
        .await
        .unwrap()
}

fn texts(findings: &[HsdsFinding]) -> Vec<String> {
    findings.iter().map(HsdsFinding::text).collect()
}

fn ok(report: &Report) {
    assert!(report.problems.is_empty(), "{:#?}", texts(&report.problems));
}

#[test]
fn the_official_example_service_imports_with_its_organization() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    let example = fixture("examples/service_full.json");
    let report = import(
        &storage,
        &input("service_full.json", example.clone()),
        false,
    )
    .unwrap();
    ok(&report);
    assert_eq!((report.offerings, report.organisations), (1, 1));
    assert!(
        report.notes.iter().any(|n| n.field == "service_areas"),
        "{:#?}",
        report.notes
    );
    // A UK service is not complete for a Dutch guide (no theme of ours, a UK
    // postcode): it waits as a draft, marked so in the report's changes with
    // what it lacks (walkthrough: it was listed as plain "new").
    let offering = &report.changes[1];
    assert!(offering.draft, "{offering:?}");
    let missing: Vec<&str> = offering.missing.iter().map(|p| p.field.as_str()).collect();
    assert!(missing.contains(&"themes"), "{missing:?}");
    assert!(missing.contains(&"location.postcode"), "{missing:?}");
    assert!(!report.changes[0].draft, "an organisation is never a draft");
    assert_eq!(storage.count_live(RecordKind::Offering).unwrap(), 1);
    // The same again: nothing changed, nothing written.
    let seq = storage.latest_seq().unwrap();
    let again = import(&storage, &input("service_full.json", example), false).unwrap();
    ok(&again);
    assert_eq!(
        (
            again.offerings,
            again.organisations,
            again.unchanged,
            again.unchanged_organisations
        ),
        (0, 0, 1, 1)
    );
    assert_eq!(storage.latest_seq().unwrap(), seq);
    // The official list example is a page of services.
    let page = import(
        &storage,
        &input("service_list.json", fixture("examples/service_list.json")),
        true,
    )
    .unwrap();
    ok(&page);
}

/// The import checks each service against the official schema first, so an
/// export that imports without problems is valid against it.
#[test]
fn export_then_import_is_unchanged_and_valid() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo_storage(&dir);
    let (services, notes) = export(&demo).unwrap();
    assert!(services.len() > 50);
    assert!(notes.iter().any(|n| n.contains("schedules")), "{notes:?}");
    let exported = serde_json::to_value(&services).unwrap();
    let text = exported.to_string();
    let referral = wijkgids_core::demo::neighbourhood()
        .unwrap()
        .offerings
        .into_iter()
        .find_map(|o| o.referral.filter(|r| !r.procedure.is_empty()))
        .unwrap();
    assert!(!text.contains(&referral.procedure), "referral details left");

    // Into the guide it came from: nothing changes, referral details stay.
    let seq = demo.latest_seq().unwrap();
    let report = import(&demo, &input("export.json", exported.clone()), false).unwrap();
    ok(&report);
    assert_eq!(
        (report.offerings, report.organisations),
        (0, 0),
        "{:#?}",
        report.notes
    );
    assert_eq!(demo.latest_seq().unwrap(), seq, "no new versions");

    // Into an empty guide, and out again: the same services.
    let other = empty_storage(&dir, "other.sqlite");
    let report = import(&other, &input("export.json", exported.clone()), false).unwrap();
    ok(&report);
    assert_eq!(report.offerings, services.len());
    let (again, _) = export(&other).unwrap();
    assert_eq!(timeless(&again), timeless(&exported));
}

#[test]
fn a_file_with_one_bad_service_writes_nothing_and_names_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let (_, services) = demo_services(&dir);
    let mut two = serde_json::to_value(&services[..2]).unwrap();
    let other = empty_storage(&dir, "other.sqlite");
    two[1]["status"] = "open".into();
    two[0]["schedules"][0]["freq"] = "DAILY".into();
    let report = import(&other, &input("bad.json", two.clone()), false).unwrap();
    // The path for a program, the service counted from 1 and named for a person.
    let name = |i: usize| two[i]["name"].as_str().unwrap().to_string();
    let found = |machine: &str, readable: &str| {
        report
            .problems
            .iter()
            .any(|p| p.place == machine && p.text().starts_with(readable))
    };
    assert!(
        found(
            "bad.json: [1].status",
            &format!("bad.json, service 2 (“{}”), status:", name(1))
        ),
        "{:#?}",
        texts(&report.problems)
    );
    assert!(
        found(
            "bad.json: [0].schedules[0].freq",
            &format!(
                "bad.json, service 1 (“{}”), schedules no. 1, freq:",
                name(0)
            )
        ),
        "{:#?}",
        texts(&report.problems)
    );
    assert_eq!(other.latest_seq().unwrap(), 0, "nothing written");

    // Valid for HSDS, not for the guide: the core's validation names it too.
    let mut long = serde_json::to_value(&services[..1]).unwrap();
    long[0]["name"] = "x".repeat(500).into();
    let report = import(&other, &input("long.json", long), false).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.place == "long.json: [0].name" && p.text().contains("title")),
        "{:#?}",
        texts(&report.problems)
    );
    assert_eq!(other.latest_seq().unwrap(), 0, "nothing written");

    // A service of an organization that is nowhere.
    let mut orphan = serde_json::to_value(&services[..1]).unwrap();
    orphan[0].as_object_mut().unwrap().remove("organization");
    orphan[0]["organization_id"] = json!(uuid::Uuid::new_v4());
    let report = import(&other, &input("orphan.json", orphan), false).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.place == "orphan.json: [0].organization_id"),
        "{:#?}",
        texts(&report.problems)
    );
}

#[test]
fn the_command_line_exports_and_imports_with_a_dry_run_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    drop(demo_storage_at(&data.join("wijkgids.sqlite")));
    let out = dir.path().join("hsds");
    std::fs::create_dir_all(&out).unwrap();
    let file = out.join("services.json");
    run_cli(
        &data,
        &[
            "export",
            "--format",
            "hsds",
            "--out",
            file.to_str().unwrap(),
        ],
        "",
    );
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let count = exported.as_array().unwrap().len();

    let other = dir.path().join("other");
    let dry = run_cli(
        &other,
        &[
            "import",
            "--format",
            "hsds",
            "--dry-run",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        dry.contains(&format!("would import {count} offerings")),
        "{dry}"
    );
    let empty = run_cli(&other, &["export", "--format", "hsds"], "");
    assert_eq!(
        serde_json::from_str::<Value>(&empty).unwrap(),
        json!([]),
        "a dry run writes nothing"
    );
    let done = run_cli(
        &other,
        &["import", "--format", "hsds", out.to_str().unwrap()],
        "",
    );
    assert!(
        done.contains(&format!("imported {count} offerings")),
        "{done}"
    );
    let again = run_cli(&other, &["export", "--format", "hsds"], "");
    assert_eq!(
        timeless(serde_json::from_str::<Value>(&again).unwrap()),
        timeless(&exported)
    );

    std::fs::write(
        out.join("broken.json"),
        r#"{"contents": [{"id": "x", "name": "y", "status": "active"}]}"#,
    )
    .unwrap();
    let error = run_cli_failing(
        &other,
        &["import", "--format", "hsds", out.to_str().unwrap()],
    );
    assert!(
        error.contains("broken.json, service 1 (“y”), id: \"x\" is not a \"uuid\""),
        "{error}"
    );
}

fn demo_storage_at(path: &std::path::Path) -> SqliteStorage {
    let storage = SqliteStorage::open(path).unwrap();
    let demo = wijkgids_core::demo::neighbourhood().unwrap();
    let records: Vec<Record> = demo
        .organisations
        .into_iter()
        .map(Record::Organisation)
        .chain(demo.professionals.into_iter().map(Record::Professional))
        .chain(
            demo.offerings
                .into_iter()
                .map(|o| Record::Offering(Box::new(o))),
        )
        .collect();
    storage.put_records(&records, None).unwrap();
    storage
}

#[test]
fn the_official_tabular_example_imports() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    let (tables, problems) = tabular::read(&fixture_path("examples/csv")).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let report = import(&storage, &[tables], false).unwrap();
    ok(&report);
    assert_eq!((report.offerings, report.organisations), (1, 1));
    // The JSON example of the same service imports beside it.
    let json = import(
        &storage,
        &input("service_full.json", fixture("examples/service_full.json")),
        true,
    )
    .unwrap();
    ok(&json);
}

#[test]
fn a_bad_cell_is_named_by_file_row_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("csv");
    std::fs::create_dir_all(&folder).unwrap();
    for entry in std::fs::read_dir(fixture_path("examples/csv")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
    }
    let services = folder.join("services.csv");
    let text = std::fs::read_to_string(&services).unwrap();
    std::fs::write(&services, text.replace(",active,", ",open,")).unwrap();
    let schedules = folder.join("schedules.csv");
    let text = std::fs::read_to_string(&schedules).unwrap();
    std::fs::write(
        &schedules,
        text.replace(",TU,WEEKLY,1,", ",TU,WEEKLY,often,"),
    )
    .unwrap();

    let storage = empty_storage(&dir, "guide.sqlite");
    let (input, problems) = tabular::read(&folder).unwrap();
    assert_eq!(problems[0].place, "schedules.csv row 2, column interval");
    assert_eq!(
        texts(&problems),
        vec!["schedules.csv, row 2, column M (interval): not a number"]
    );
    assert_eq!(
        (problems[0].code, problems[0].value.as_deref()),
        (Finding::NotANumber, Some("often"))
    );
    let report = import(&storage, &[input], false).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.place == "services.csv row 2, column status"
                && p.text().starts_with(
                    "services.csv, row 2, column I (status), service “Community Counselling”:"
                )),
        "{:#?}",
        texts(&report.problems)
    );
    assert_eq!(storage.latest_seq().unwrap(), 0, "nothing written");
    let error = run_cli_failing(
        &dir.path().join("data"),
        &["import", "--format", "hsds", folder.to_str().unwrap()],
    );
    assert!(
        error.contains("schedules.csv, row 2, column M (interval): not a number"),
        "{error}"
    );
    assert!(
        error.contains("services.csv, row 2, column I (status)"),
        "{error}"
    );
}

#[test]
fn the_tabular_export_imports_back_to_the_same_services() {
    let dir = tempfile::tempdir().unwrap();
    let (_, services) = demo_services(&dir);
    let folder = dir.path().join("tabular");
    tabular::write(&services, &folder).unwrap();
    let (tables, problems) = tabular::read(&folder).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let other = empty_storage(&dir, "other.sqlite");
    let report = import(&other, &[tables], false).unwrap();
    ok(&report);
    let (again, _) = export(&other).unwrap();
    assert_eq!(timeless(&again), timeless(&services));
}

#[test]
fn an_organization_document_imports_with_its_services() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    let example = fixture("examples/organization_full.json");
    let report = import(&storage, &input("organization_full.json", example), false).unwrap();
    ok(&report);
    assert_eq!((report.offerings, report.organisations), (1, 1));
}

#[test]
fn only_what_changed_gets_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let mut changed = serde_json::to_value(&services).unwrap();
    changed[3]["name"] = "Een nieuwe naam".into();
    let seq = demo.latest_seq().unwrap();
    let report = import(&demo, &input("changed.json", changed), false).unwrap();
    ok(&report);
    assert_eq!((report.offerings, report.organisations), (1, 0));
    assert_eq!(demo.latest_seq().unwrap(), seq + 1, "one new change number");
    let id: uuid::Uuid = services[3].id;
    let stored = demo.record(RecordKind::Offering, id).unwrap().unwrap();
    assert!(stored.data.contains("Een nieuwe naam"));
    assert!(stored.version > 1);
}

/// Walkthrough: "0 nieuw aanbod, 1 gewijzigd aanbod, 5 al zo in de gids" for a
/// file of 5 offerings: the organisation was counted as an offering. Offerings
/// and organisations are counted apart, and the offerings' figures add up to
/// the file's services.
#[test]
fn the_counts_add_up_to_the_services_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let mut file = serde_json::to_value(&services).unwrap();
    file[1]["name"] = "Een andere naam".into();
    let mut extra = file[2].clone();
    extra["id"] = uuid::Uuid::new_v4().to_string().into();
    extra["name"] = "Iets nieuws in de wijk".into();
    file.as_array_mut().unwrap().push(extra);
    let report = import(&demo, &input("more.json", file), true).unwrap();
    ok(&report);
    let offerings = |new: bool| {
        report
            .changes
            .iter()
            .filter(|c| c.kind == RecordKind::Offering && c.new == new)
            .count()
    };
    assert_eq!((offerings(true), offerings(false)), (1, 1));
    assert_eq!(
        offerings(true) + offerings(false) + report.unchanged,
        services.len() + 1,
        "{report:?}"
    );
    let organisations: std::collections::HashSet<_> =
        services.iter().filter_map(|s| s.organization_id).collect();
    assert_eq!(report.organisations, 0);
    assert_eq!(report.unchanged_organisations, organisations.len());
}

#[tokio::test]
async fn a_device_pulls_what_was_imported() {
    let server = common::TestServer::start_with(false).await;
    let (_, before) = server.anonymous().pull_all(100).await;
    let example = fixture("examples/service_list.json");
    let mut services = example["contents"].clone();
    // A complete offering of ours, published, besides the example's.
    let dir = tempfile::tempdir().unwrap();
    let (ours, _) = export(&demo_storage(&dir)).unwrap();
    services
        .as_array_mut()
        .unwrap()
        .push(serde_json::to_value(&ours[0]).unwrap());
    let report = import_into(&server, "list.json", services).await;
    ok(&report);
    let client = server.anonymous();
    let path = format!("/api/v1/changes?limit=100&cursor={before}");
    let (status, page) = client.get(&path).await;
    assert_eq!(status, 200, "{page}");
    let ids: Vec<&str> = page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["deleted"] == false)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&ours[0].id.to_string().as_str()), "{page}");
}

/// An import is a change made now, whatever `last_modified` the file says
/// (the example's is 2023): other systems asking `/hsds/services?modified_after=`
/// for what changed since they last looked find what was imported, and an
/// unchanged re-import stays unchanged.
#[tokio::test]
async fn what_was_imported_is_modified_after_the_import_began() {
    let server = common::TestServer::start_with(false).await;
    let since = chrono::Utc::now() - chrono::Duration::seconds(1);
    let example = fixture("examples/service_full.json");
    let id = example["id"].as_str().unwrap().to_string();
    let again = example.clone();
    let report = import_into(&server, "service_full.json", example).await;
    ok(&report);
    let stored = server
        .state
        .store
        .call({
            let id = id.parse().unwrap();
            move |s| s.record(RecordKind::Offering, id)
        })
        .await
        .unwrap()
        .unwrap();
    let data: Value = serde_json::from_str(&stored.data).unwrap();
    let updated: chrono::DateTime<chrono::Utc> =
        data["updated_at"].as_str().unwrap().parse().unwrap();
    assert!(updated >= since, "{updated} < {since}");
    // The example comes in as a draft (a UK service), so the public API does
    // not list it; a complete offering of ours does, by `modified_after`.
    let dir = tempfile::tempdir().unwrap();
    let (ours, _) = export(&demo_storage(&dir)).unwrap();
    let mut service = serde_json::to_value(&ours[0]).unwrap();
    service["last_modified"] = "2001-01-01T00:00:00Z".into();
    let report = import_into(&server, "ours.json", service).await;
    ok(&report);
    let query = format!(
        "/hsds/services?modified_after={}",
        since.format("%Y-%m-%dT%H:%M:%SZ")
    );
    let (status, page) = server.anonymous().get(&query).await;
    assert_eq!(status, 200, "{page}");
    let listed: Vec<&str> = page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec![ours[0].id.to_string().as_str()], "{page}");
    let (_, later) = server
        .anonymous()
        .get("/hsds/services?modified_after=2100-01-01")
        .await;
    assert_eq!(later["total_items"], 0, "{later}");
    // The same file again changes nothing, though the stored time differs.
    let report = import_into(&server, "service_full.json", again).await;
    ok(&report);
    assert_eq!(
        (
            report.offerings,
            report.unchanged,
            report.unchanged_organisations
        ),
        (0, 1, 1),
        "{report:?}"
    );
}

/// Found by an attack review: a service whose organization was given by id and
/// name only wiped the stored organisation's kind, phone, KvK number and
/// description. What the file leaves out stays as stored.
#[test]
fn an_organization_given_by_name_only_keeps_what_the_guide_has() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let service = services
        .iter()
        .find(|s| {
            let org = serde_json::to_value(&s.organization).unwrap();
            org["phones"].as_array().is_some_and(|p| !p.is_empty())
                && org["description"].as_str().is_some_and(|d| !d.is_empty())
        })
        .expect("a service whose organisation has a phone and a description");
    let mut bare = serde_json::to_value(service).unwrap();
    let org = &bare["organization"];
    let (id, name) = (org["id"].clone(), org["name"].clone());
    bare["organization"] = json!({ "id": id, "name": name, "description": "" });
    let org_id: uuid::Uuid = serde_json::from_value(id).unwrap();
    let before = demo
        .record(RecordKind::Organisation, org_id)
        .unwrap()
        .unwrap();
    let report = import(&demo, &input("bare.json", json!([bare])), false).unwrap();
    ok(&report);
    let after = demo
        .record(RecordKind::Organisation, org_id)
        .unwrap()
        .unwrap();
    assert_eq!(after.version, before.version, "nothing changed: {report:?}");
}

/// Found by an attack review: the in-app import answered 408 after its time was
/// up and then wrote anyway. Given up before the write, it writes nothing.
#[test]
fn an_import_given_up_before_its_write_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let empty = empty_storage(&dir, "leeg.sqlite");
    let seq = empty.latest_seq().unwrap();
    let example = fixture("examples/service_full.json");
    let inputs = input("service_full.json", example);
    let report = import_unless_given_up(&empty, &inputs, false, &|| true).unwrap();
    assert!(!report.written);
    assert_eq!(empty.latest_seq().unwrap(), seq);
    let report = import_unless_given_up(&empty, &inputs, false, &|| false).unwrap();
    assert!(report.written, "{report:?}");
}

/// Found by an attack review: a datapackage.json naming `/etc/passwd` or
/// `../..` as a resource made the import read outside the folder.
#[test]
fn a_package_naming_a_file_outside_its_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("kaart");
    std::fs::create_dir(&folder).unwrap();
    for path in ["/etc/passwd", "../geheim.csv"] {
        let package = json!({ "resources": [{ "name": "service", "path": path }] });
        std::fs::write(folder.join("datapackage.json"), package.to_string()).unwrap();
        let why = texts(&tabular::read(&folder).err().expect("refused")).join("\n");
        assert!(why.contains("not a file in this folder"), "{why}");
    }
}

/// Copies the official tabular example into a folder of its own, with `edit`
/// applied to the text of each file by name.
fn tabular_copy(dir: &tempfile::TempDir, edit: impl Fn(&str, String) -> String) -> PathBuf {
    let folder = dir.path().join("csv");
    std::fs::create_dir_all(&folder).unwrap();
    for entry in std::fs::read_dir(fixture_path("examples/csv")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(folder.join(&name), edit(&name, text)).unwrap();
    }
    folder
}

/// The problems of organisations not found in a check of the tabular form in
/// `folder` without its organizations.csv.
fn organisations_missing(dir: &tempfile::TempDir, folder: &std::path::Path) -> Vec<HsdsFinding> {
    std::fs::remove_file(folder.join("organizations.csv")).unwrap();
    let storage = empty_storage(dir, "guide.sqlite");
    let (input, problems) = tabular::read(folder).unwrap();
    assert!(problems.is_empty(), "{:?}", texts(&problems));
    let report = import(&storage, &[input], true).unwrap();
    report
        .problems
        .into_iter()
        .filter(|p| p.code == Finding::OrganizationMissing)
        .collect()
}

/// Walkthrough: every CSV file but organizations.csv gave "no organization with
/// id …" and nothing said the file was not chosen. The problem names it.
#[test]
fn an_organisation_missing_for_want_of_its_file_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = tabular_copy(&dir, |_, text| text);
    let missing = organisations_missing(&dir, &folder);
    assert!(!missing.is_empty());
    for problem in missing {
        assert_eq!(problem.expected.as_deref(), Some("organizations.csv"));
        assert!(
            problem.text().contains("organizations.csv was not chosen"),
            "{}",
            problem.text()
        );
    }
}

/// Walkthrough: a schedule's or a place's problem was named as a column of
/// services.csv ("column schedules", "column location"). It is named by the
/// file, row and column it is in, with its code, field and value.
#[test]
fn a_schedule_or_place_problem_names_its_own_csv_file() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(200);
    let folder = tabular_copy(&dir, |name, text| match name {
        "schedules.csv" => text.replace(r#"WEEKLY,1,"TH,FR""#, "WEEKLY,1,1TU"),
        "locations.csv" => text.replace(
            ",MyCity Civic Center,Civic Center,",
            &format!(",{long},Civic Center,"),
        ),
        "addresses.csv" => text.replace(",MyVillage,MyCity,", &format!(",MyVillage,{long},")),
        _ => text,
    });
    let storage = empty_storage(&dir, "guide.sqlite");
    let (input, problems) = tabular::read(&folder).unwrap();
    assert!(problems.is_empty(), "{:?}", texts(&problems));
    let report = import(&storage, &[input], false).unwrap();
    let places: Vec<&str> = report.problems.iter().map(|p| p.place.as_str()).collect();
    for place in [
        "schedules.csv row 2, column byday",
        "locations.csv row 2, column name",
        "addresses.csv row 2, column city",
    ] {
        assert!(places.contains(&place), "{place} not in {places:?}");
    }
    let byday = report
        .problems
        .iter()
        .find(|p| p.place.starts_with("schedules.csv"))
        .unwrap();
    assert_eq!(byday.code, Finding::Guide);
    assert_eq!(byday.field, "schedules.byday");
    assert_eq!(byday.guide.as_ref().unwrap().code, "ordinal_not_monthly");
    let name = report
        .problems
        .iter()
        .find(|p| p.place.starts_with("locations.csv"))
        .unwrap();
    assert_eq!(name.value.as_deref(), Some(long.as_str()));
    assert_eq!(storage.latest_seq().unwrap(), 0, "nothing written");
}

/// Walkthrough: problems were English sentences ("is not one of ..."). Each
/// carries a code, the field, the value found and what is allowed, for the app
/// to say in its reader's language.
#[test]
fn a_problem_carries_its_code_field_value_and_what_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    let mut example = fixture("examples/service_full.json");
    example["status"] = "open".into();
    let report = import(&storage, &input("kaart.json", example), true).unwrap();
    let status = report
        .problems
        .iter()
        .find(|p| p.field == "status")
        .expect("a problem with the status");
    assert_eq!(status.code, Finding::NotOneOf);
    assert_eq!(status.place, "kaart.json: status");
    assert_eq!(status.value.as_deref(), Some("open"));
    let allowed = status.expected.as_deref().unwrap();
    for value in ["active", "inactive", "defunct", "temporarily closed"] {
        assert!(allowed.contains(value), "{allowed}");
    }
}

/// Walkthrough: 30 services each with the same field the guide has no place
/// for made 30 notes, burying the one that mattered. Notes come grouped by kind
/// and field, with counts, what matters first.
#[test]
fn notes_come_grouped_what_matters_first() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    let example = fixture("examples/service_full.json");
    let mut services = Vec::new();
    for i in 0..12 {
        let mut service = example.clone();
        service["id"] = json!(uuid::Uuid::new_v4());
        service["name"] = format!("Dienst {i}").into();
        if i == 3 {
            service["schedules"][0]["opens_at"] = "10:00+01:00".into();
        }
        services.push(service);
    }
    let report = import(&storage, &input("kaart.json", json!(services)), true).unwrap();
    ok(&report);
    let groups = report.note_groups();
    assert!(groups.len() < report.notes.len() / 3, "{groups:#?}");
    assert!(
        groups
            .windows(2)
            .all(|w| w[0].code.rank() <= w[1].code.rank()),
        "{groups:#?}"
    );
    assert_eq!(groups[0].code, Finding::ScheduleRule, "{groups:#?}");
    let offset = groups
        .iter()
        .find(|g| g.code == Finding::TimeOffset)
        .expect("the one time with an offset");
    assert_eq!(
        (offset.field.as_str(), offset.count, offset.values.clone()),
        ("schedules.opens_at", 1, vec!["10:00+01:00".to_string()])
    );
    assert_eq!(offset.places, vec!["kaart.json: [3].schedules[0].opens_at"]);
    let areas = groups
        .iter()
        .find(|g| g.field == "service_areas")
        .expect("service_areas grouped");
    assert_eq!((areas.code, areas.count), (Finding::NotKeptField, 12));
    assert_eq!(groups.last().unwrap().code, Finding::NotKeptField);
}

/// Walkthrough: another system's id for an organisation the guide already has
/// made a silent second one. Unknown by id, it is found by KvK number, then by
/// name, and the report says it was linked.
#[test]
fn an_organisation_known_by_name_is_linked_not_made_twice() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let mut service = serde_json::to_value(&services[0]).unwrap();
    let ours: uuid::Uuid = serde_json::from_value(service["organization"]["id"].clone()).unwrap();
    let name = service["organization"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let foreign = uuid::Uuid::new_v4();
    service["id"] = json!(uuid::Uuid::new_v4());
    service["name"] = "Een dienst van elders".into();
    service["organization_id"] = json!(foreign);
    service["organization"]["id"] = json!(foreign);
    service["organization"]["name"] = format!("  {} ", name.to_uppercase()).into();
    service["organization"]
        .as_object_mut()
        .unwrap()
        .remove("organization_identifiers");
    let organisations = demo.count_live(RecordKind::Organisation).unwrap();
    let report = import(&demo, &input("elders.json", json!([service])), false).unwrap();
    ok(&report);
    assert_eq!(
        demo.count_live(RecordKind::Organisation).unwrap(),
        organisations
    );
    let linked = report
        .notes
        .iter()
        .find(|n| n.code == Finding::LinkedByName)
        .expect("a note that it was linked");
    assert_eq!(linked.value.as_deref(), Some(name.as_str()));
    let offering = report
        .changes
        .iter()
        .find(|c| c.kind == RecordKind::Offering)
        .unwrap();
    let stored = demo
        .record(RecordKind::Offering, offering.id)
        .unwrap()
        .unwrap();
    let data: Value = serde_json::from_str(&stored.data).unwrap();
    assert_eq!(data["organisation_id"], json!(ours));
    // The guide's spelling of the name stays, and nothing else changed.
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.kind == RecordKind::Offering),
        "{:?}",
        report.changes
    );
    assert!(
        demo.record(RecordKind::Organisation, foreign)
            .unwrap()
            .is_none()
    );
}

/// Walkthrough: 25 terms of another system's taxonomy became 25 tags, over the
/// limit, and the whole file was refused. Tags stop at the limit, with a note.
#[test]
fn many_foreign_terms_are_notes_never_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    let mut example = fixture("examples/service_full.json");
    let id = example["id"].clone();
    let terms: Vec<Value> = (0..25)
        .map(|i| {
            json!({
                "id": uuid::Uuid::new_v4(),
                "link_id": id,
                "taxonomy_term_id": uuid::Uuid::new_v4(),
                "link_entity": "service",
                "value": "",
                "taxonomy_term": {
                    "id": uuid::Uuid::new_v4(),
                    "name": format!("Onderwerp {i}"),
                    "description": "",
                },
            })
        })
        .collect();
    example["attributes"] = json!(terms);
    let report = import(&storage, &input("termen.json", example), false).unwrap();
    ok(&report);
    assert!(report.written);
    let groups = report.note_groups();
    let capped = groups
        .iter()
        .find(|g| g.code == Finding::TagsCapped)
        .expect("capped");
    assert_eq!(capped.values, vec!["5"]);
    let terms = groups
        .iter()
        .find(|g| g.code == Finding::ForeignTerm)
        .expect("terms");
    assert_eq!(terms.count, 25);
}

/// Walkthrough: "Gewijzigd" did not say what changed. The report names the
/// fields that change.
#[test]
fn a_changed_offering_names_the_fields_that_change() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let mut changed = serde_json::to_value(&services[..1]).unwrap();
    changed[0]["name"] = "Een nieuwe naam".into();
    changed[0]["email"] = "nieuw@example.org".into();
    let report = import(&demo, &input("changed.json", changed), true).unwrap();
    ok(&report);
    assert_eq!(report.changes.len(), 1, "{:?}", report.changes);
    assert_eq!(report.changes[0].changed, vec!["title", "contact.email"]);
}

/// Walkthrough (low): a cell starting with "=", "@" or "-" is a formula to a
/// spreadsheet. The tabular export writes such text with a "'" in front (a
/// phone number's "+" stays), and reads it back unchanged.
#[test]
fn the_tabular_export_escapes_formulas_and_reads_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut services) = demo_services(&dir);
    services.truncate(3);
    services[0].name = "=HYPERLINK(\"https://example.org\")".into();
    services[1].description = Some("@SUM(A1:A9)".into());
    services[2].alert = Some("- geen les op 24 december".into());
    let phone = services
        .iter()
        .flat_map(|s| s.phones.iter())
        .next()
        .expect("a phone")
        .number
        .clone();
    let folder = dir.path().join("tabular");
    tabular::write(&services, &folder).unwrap();
    let text = std::fs::read_to_string(folder.join("services.csv")).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains("'@SUM(A1:A9)"), "{text}");
    assert!(text.contains("'- geen les"), "{text}");
    let phones = std::fs::read_to_string(folder.join("phones.csv")).unwrap();
    assert!(phones.contains(&format!(",{phone},")), "{phones}");
    assert!(!phones.contains(&format!("'{phone}")), "{phones}");

    let (input, problems) = tabular::read(&folder).unwrap();
    assert!(problems.is_empty(), "{:?}", texts(&problems));
    assert_eq!(input.json[0]["name"], "=HYPERLINK(\"https://example.org\")");
    assert_eq!(input.json[1]["description"], "@SUM(A1:A9)");
    assert_eq!(input.json[2]["alert"], "- geen les op 24 december");
    let other = empty_storage(&dir, "other.sqlite");
    let report = import(&other, &[input], false).unwrap();
    ok(&report);
    let (again, _) = export(&other).unwrap();
    let names: Vec<&str> = again.iter().map(|s| s.name.as_str()).collect();
    assert!(
        names.contains(&"=HYPERLINK(\"https://example.org\")"),
        "{names:?}"
    );
}

/// Walkthrough (low): Excel in a Dutch setting saves "CSV UTF-8" with a byte
/// order mark and ";" between the cells. Such files read as the same services.
#[test]
fn dutch_excel_csv_reads_as_the_same_services() {
    let dir = tempfile::tempdir().unwrap();
    let folder = tabular_copy(&dir, |name, text| {
        if !name.ends_with(".csv") {
            return text;
        }
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(Vec::new());
        writer.write_record(reader.headers().unwrap()).unwrap();
        for record in reader.records() {
            writer.write_record(&record.unwrap()).unwrap();
        }
        format!(
            "\u{feff}{}",
            String::from_utf8(writer.into_inner().unwrap()).unwrap()
        )
    });
    let (excel, problems) = tabular::read(&folder).unwrap();
    assert!(problems.is_empty(), "{:?}", texts(&problems));
    let (plain, _) = tabular::read(&fixture_path("examples/csv")).unwrap();
    assert_eq!(excel.json, plain.json);
    let storage = empty_storage(&dir, "guide.sqlite");
    ok(&import(&storage, &[excel], true).unwrap());
}

/// A note on a CSV file names the file the value is in, and a column only when
/// the file has it: a service's attributes are rows of attributes.csv, not a
/// column of services.csv; an organisation's phone is in phones.csv.
#[test]
fn a_csv_note_names_the_file_and_only_a_real_column() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    let (input, _) = tabular::read(&fixture_path("examples/csv")).unwrap();
    let report = import(&storage, &[input], true).unwrap();
    ok(&report);
    let place = |code: Finding, field: &str| {
        report
            .notes
            .iter()
            .find(|n| n.code == code && n.field == field)
            .map(|n| n.place.clone())
            .unwrap_or_else(|| panic!("{code:?} {field}: {:#?}", texts(&report.notes)))
    };
    assert_eq!(place(Finding::NoKind, "attributes"), "services.csv row 2");
    assert_eq!(
        place(Finding::FirstOnly, "organization.organization_identifiers"),
        "organizations.csv row 2"
    );
    assert!(
        place(Finding::ContactDropped, "organization.phone").starts_with("phones.csv row "),
        "{:#?}",
        texts(&report.notes)
    );
    assert_eq!(
        place(Finding::ScheduleRule, "schedules.bymonthday"),
        "schedules.csv row 2, column bymonthday"
    );
}

/// The services of the demo as another system would send them back: without
/// the terms of `vocabs` and without the summary (another system has neither).
fn without_terms(service: &Value, vocabs: &[Vocab]) -> Value {
    let mut service = service.clone();
    service["attributes"].as_array_mut().unwrap().retain(|a| {
        let id = a["taxonomy_term_id"]
            .as_str()
            .and_then(|id| id.parse().ok());
        !id.and_then(hsds::term_by_id).is_some_and(|(vocab, code)| {
            vocabs.contains(&vocab) || (vocab == Vocab::Extension && code == "summary")
        })
    });
    service
}

/// Walkthrough: a coordinator ticked a theme on an imported draft and published
/// it; the next import of the same file (one description changed) took the
/// theme away and made it a draft again. What the file does not say stays.
#[test]
fn a_reimport_keeps_what_the_file_does_not_say() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let original = serde_json::to_value(&services[0]).unwrap();
    let id: uuid::Uuid = services[0].id;
    let before: Value = offering_data(&demo, id);
    assert_eq!(before["status"], "published");
    assert!(!before["themes"].as_array().unwrap().is_empty());
    let mut foreign = without_terms(
        &original,
        &[
            Vocab::Theme,
            Vocab::HealthDimension,
            Vocab::Audience,
            Vocab::OfferingKind,
            Vocab::SignUp,
        ],
    );
    foreign["description"] = "Een nieuwe beschrijving van wat er gebeurt.".into();
    let report = import(&demo, &input("sociale-kaart.json", json!([foreign])), false).unwrap();
    ok(&report);
    let change = report.changes.iter().find(|c| c.id == id).unwrap();
    assert!(!change.draft, "{change:?}");
    assert_eq!(change.changed, vec!["description".to_string()]);
    for code in [Finding::NoKind, Finding::NoSignUp, Finding::NoSummary] {
        assert!(report.notes.iter().all(|n| n.code != code), "{code:?}");
    }
    let after: Value = offering_data(&demo, id);
    assert_eq!(after["status"], "published");
    for field in [
        "themes",
        "health_dimensions",
        "audience",
        "kind",
        "sign_up",
        "summary",
    ] {
        assert_eq!(after[field], before[field], "{field}");
    }
}

/// Walkthrough: an organisation linked by its name brought a description that
/// was just its name, and it replaced the guide's. Linked by name or KvK
/// number, the file only fills what the guide has empty.
#[test]
fn an_organisation_linked_by_name_overwrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let mut service = serde_json::to_value(&services[0]).unwrap();
    let ours: uuid::Uuid = serde_json::from_value(service["organization"]["id"].clone()).unwrap();
    let before = demo
        .record(RecordKind::Organisation, ours)
        .unwrap()
        .unwrap();
    let name = service["organization"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let foreign = uuid::Uuid::new_v4();
    service["id"] = json!(uuid::Uuid::new_v4());
    service["organization_id"] = json!(foreign);
    service["organization"] = json!({
        "id": foreign,
        "name": name,
        "description": name,
        "email": "info@elders.example",
        "website": "https://elders.example",
    });
    let report = import(&demo, &input("elders.json", json!([service])), false).unwrap();
    ok(&report);
    let after = demo
        .record(RecordKind::Organisation, ours)
        .unwrap()
        .unwrap();
    let (was, is): (Value, Value) = (
        serde_json::from_str(&before.data).unwrap(),
        serde_json::from_str(&after.data).unwrap(),
    );
    assert_eq!(is["description"], was["description"]);
    assert!(!was["description"].as_str().unwrap().is_empty());
    for field in ["email", "website", "phone", "kvk", "kind"] {
        if !was[field].is_null() {
            assert_eq!(is[field], was[field], "{field}");
        }
    }
}

/// Walkthrough: after a full CSV set, importing only `services.csv` emptied the
/// places, addresses, phones and times of the guide's offerings. A file not
/// chosen says nothing: what it would carry stays, and the report says so.
#[test]
fn a_csv_file_not_chosen_keeps_what_it_would_carry() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let folder = dir.path().join("tabular");
    tabular::write(&services, &folder).unwrap();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != "services.csv" {
            std::fs::remove_file(path).unwrap();
        }
    }
    let seq = demo.latest_seq().unwrap();
    let (tables, problems) = tabular::read(&folder).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let report = import(&demo, &[tables], false).unwrap();
    ok(&report);
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert_eq!(demo.latest_seq().unwrap(), seq);
    for file in [
        "locations.csv",
        "addresses.csv",
        "phones.csv",
        "schedules.csv",
    ] {
        assert!(
            report
                .notes
                .iter()
                .any(|n| n.code == Finding::FileNotChosen && n.value.as_deref() == Some(file)),
            "{file}: {:#?}",
            texts(&report.notes)
        );
    }
}

/// Walkthrough: a file without a cost made an offering "Gratis" without a
/// word. A new one is said to be taken as free; a stored one keeps its cost.
#[test]
fn a_file_without_a_cost_says_so_and_keeps_the_stored_cost() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let paid = services
        .iter()
        .find(|s| {
            let json = serde_json::to_value(s).unwrap();
            json["cost_options"][0]["amount"]
                .as_f64()
                .is_some_and(|a| a > 0.0)
        })
        .expect("a paid offering in the demo");
    let before: Value = offering_data(&demo, paid.id);
    let mut stored = serde_json::to_value(paid).unwrap();
    stored.as_object_mut().unwrap().remove("cost_options");
    let mut new = stored.clone();
    new["id"] = json!(uuid::Uuid::new_v4());
    let report = import(
        &demo,
        &input("zonder-prijs.json", json!([stored, new])),
        false,
    )
    .unwrap();
    ok(&report);
    let after: Value = offering_data(&demo, paid.id);
    assert_eq!(after["cost"], before["cost"]);
    let noted: Vec<_> = report
        .notes
        .iter()
        .filter(|n| n.code == Finding::NoCost)
        .collect();
    assert_eq!(
        noted.len(),
        1,
        "only the new one: {:#?}",
        texts(&report.notes)
    );
    assert!(
        noted[0].place.starts_with("zonder-prijs.json: [1]"),
        "{:?}",
        noted[0]
    );
}

/// The stored data of the offering `id`.
/// The demo guide in `dir`, and its offerings as HSDS services.
fn demo_services(dir: &tempfile::TempDir) -> (SqliteStorage, Vec<hsds::Service>) {
    let demo = demo_storage(dir);
    let (services, _) = export(&demo).unwrap();
    (demo, services)
}

fn offering_data(store: &SqliteStorage, id: uuid::Uuid) -> Value {
    serde_json::from_str(
        &store
            .record(RecordKind::Offering, id)
            .unwrap()
            .unwrap()
            .data,
    )
    .unwrap()
}

/// An offering residents see stays live when the file says it is active but
/// gives a value the guide cannot take for residents (a foreign postcode): that
/// field keeps the guide's value, noted, instead of the offering becoming a draft.
#[test]
fn a_live_offering_stays_live_when_the_file_leaves_it_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let (i, service) = services
        .iter()
        .enumerate()
        .find(|(_, s)| {
            let json = serde_json::to_value(s).unwrap();
            json["service_at_locations"][0]["location"]["addresses"][0]["postal_code"].is_string()
        })
        .expect("a service with an address");
    let id = service.id;
    let before = offering_data(&demo, id);
    assert_eq!(before["status"], "published");
    let mut json = serde_json::to_value(service).unwrap();
    json["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "B-1000".into();
    json["description"] = "Nieuw beschreven.".into();
    let report = import(&demo, &input("buitenland.json", json!([json])), false).unwrap();
    ok(&report);
    let after = offering_data(&demo, id);
    assert_eq!(after["status"], "published", "{:#?}", report.changes);
    assert_eq!(after["location"], before["location"]);
    assert_eq!(after["description"], "Nieuw beschreven.");
    let kept = report
        .notes
        .iter()
        .find(|n| n.code == Finding::KeptLive)
        .expect("a note");
    assert!(
        kept.place.contains("service_at_locations[0].location"),
        "{kept:?} {i}"
    );
}

/// Walkthrough: re-importing a published offering from a file with an empty
/// phone number and no e-mail or website took its phone, e-mail and website out
/// of the guide, said only as "Wijzigt: Contact: telefoon, …". A live
/// offering keeps the guide's contact details the file leaves empty or out,
/// each said in a note, and they are not among the fields that change.
#[test]
fn a_live_offering_keeps_the_contact_details_the_file_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let service = services
        .iter()
        .map(|s| serde_json::to_value(s).unwrap())
        .find(|s| s["phones"][0]["number"].is_string())
        .expect("a service with a phone");
    let id: uuid::Uuid = serde_json::from_value(service["id"].clone()).unwrap();
    let mut full = service.clone();
    full["email"] = "info@voorbeeld.nl".into();
    full["url"] = "https://voorbeeld.nl".into();
    ok(&import(&demo, &input("kaart.json", json!([full])), false).unwrap());
    let before = offering_data(&demo, id);
    assert_eq!(before["status"], "published");
    for contact in ["phone", "email", "website"] {
        assert!(before["contact"][contact].is_string(), "{before:#}");
    }
    let mut bare = service;
    bare["phones"][0]["number"] = "".into();
    let bare = bare.as_object_mut().unwrap();
    bare.remove("email");
    bare.remove("url");
    bare.insert("description".into(), "Nieuw beschreven.".into());
    let report = import(&demo, &input("kaart.json", json!([bare])), false).unwrap();
    ok(&report);
    let after = offering_data(&demo, id);
    assert_eq!(after["description"], "Nieuw beschreven.");
    assert_eq!(after["contact"], before["contact"], "nothing lost");
    let change = report.changes.iter().find(|c| c.id == id).expect("changed");
    assert!(
        !change.changed.iter().any(|f| f.starts_with("contact")),
        "{change:?}"
    );
    let mut kept: Vec<(&str, Option<&str>)> = report
        .notes
        .iter()
        .filter(|n| n.code == Finding::KeptStored)
        .map(|n| (n.field.as_str(), n.value.as_deref()))
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        vec![("email", None), ("phones", None), ("url", None)],
        "{:#?}",
        texts(&report.notes)
    );
}

/// The official example service `count` times, each with an id of its own and
/// named "Taalcafé 1", "Taalcafé 2", ...
fn taalcafes(count: usize) -> Vec<Value> {
    let example = fixture("examples/service_full.json");
    (1..=count)
        .map(|i| {
            let mut service = example.clone();
            service["id"] = json!(uuid::Uuid::new_v4());
            service["name"] = format!("Taalcafé {i}").into();
            service
        })
        .collect()
}

/// Walkthrough: a bad e-mail of the organisation five services share was five
/// problems, each at a service, none naming the organisation. It is one, at the
/// organisation.
#[test]
fn an_organisations_problem_is_named_once_at_the_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    let mut services = taalcafes(5);
    for service in &mut services {
        service["organization"]["email"] = "info(at)example".into();
    }
    let report = import(&storage, &input("kaart.json", json!(services)), true).unwrap();
    let emails: Vec<&HsdsFinding> = report
        .problems
        .iter()
        .filter(|p| p.field == "organization.email")
        .collect();
    assert_eq!(emails.len(), 1, "{:#?}", texts(&report.problems));
    let name = services[0]["organization"]["name"].as_str().unwrap();
    assert_eq!(
        emails[0]
            .at
            .as_ref()
            .unwrap()
            .text(wijkgids_core::vocab::Lang::Nl),
        format!("kaart.json, organisatie „{name}”, email")
    );
}

/// Walkthrough: a problem's place was a program's path ("contents/3/phones/0"),
/// counted from 0 and without the service's name. A person reads the service
/// counted from 1 with its name, then the field; the path stays for programs.
#[test]
fn a_problem_names_its_service_counted_from_one() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    let services = taalcafes(4);
    let mut page = json!({ "contents": services });
    page["contents"][3]["phones"][0]
        .as_object_mut()
        .unwrap()
        .remove("number");
    let report = import(&storage, &input("kaart.json", page), true).unwrap();
    let problem = report
        .problems
        .iter()
        .find(|p| p.code == Finding::Required)
        .unwrap_or_else(|| panic!("{:#?}", texts(&report.problems)));
    assert_eq!(problem.place, "kaart.json: contents[3].phones[0].number");
    assert_eq!(problem.field, "phones.number");
    let at = problem.at.clone().unwrap();
    assert_eq!(
        (at.service, at.name.as_deref()),
        (Some(4), Some("Taalcafé 4"))
    );
    assert_eq!(
        at.text(wijkgids_core::vocab::Lang::Nl),
        "kaart.json, dienst 4 („Taalcafé 4”), phones nr. 1, number"
    );
    assert!(
        problem
            .text()
            .starts_with("kaart.json, service 4 (“Taalcafé 4”), phones no. 1, number: "),
        "{}",
        problem.text()
    );
    // Notes name the services they are about (the fourth too: its problem
    // does not hide its notes).
    let groups = report.note_groups();
    let areas = groups
        .iter()
        .find(|g| g.field == "service_areas")
        .expect("service_areas noted");
    assert_eq!(areas.service_count, 4);
    assert_eq!(
        areas.services.first().map(String::as_str),
        Some("Taalcafé 1")
    );
}

/// Walkthrough: a CSV address's problem was named several times for one row:
/// services at the same place share its row of addresses.csv, nested into each
/// of them. Each problem is named once; the row says where, no one service.
/// A missing cell is named by its column too.
#[test]
fn a_shared_csv_row_is_named_once() {
    let long = "x".repeat(200);
    let report =
        two_services_at_one_address(&format!(",MyVillage,{long},MyRegion,MyState,ABC 1234,"));
    let city: Vec<&HsdsFinding> = report
        .problems
        .iter()
        .filter(|p| p.place == "addresses.csv row 2, column city")
        .collect();
    assert_eq!(city.len(), 1, "{:#?}", texts(&report.problems));
    assert_eq!(
        city[0]
            .at
            .as_ref()
            .unwrap()
            .text(wijkgids_core::vocab::Lang::Nl),
        "addresses.csv, rij 2, kolom F (city)"
    );
    // A missing cell: the schema's problem, once, at its column.
    let report = two_services_at_one_address(",MyVillage,MyCity,MyRegion,MyState,,");
    let places: Vec<&str> = report.problems.iter().map(|p| p.place.as_str()).collect();
    assert_eq!(places, vec!["addresses.csv row 2, column postal_code"]);
    assert_eq!(report.problems[0].code, Finding::Required);
}

/// The official tabular example with a second service at its one place, whose
/// address's row is `address` from its `address_2` to its `postal_code`: the
/// import's report (a dry run).
fn two_services_at_one_address(address: &str) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let second = "0d5c1a7e-3b2f-4c6d-9e8f-7a6b5c4d3e2f";
    let folder = tabular_copy(&dir, |name, text| match name {
        "services.csv" => {
            let row = text.lines().nth(1).unwrap().to_string();
            let copy = row
                .replacen("ac148810-d857-441c-9679-408f346de14b", second, 1)
                .replacen(",Community Counselling,", ",Lotgenotengroep,", 1);
            format!("{}{copy}\n", text.trim_end_matches('\n').to_string() + "\n")
        }
        "service_at_location.csv" => format!(
            "{}5e1f0a2b-4c3d-4e5f-8a9b-0c1d2e3f4a5b,{second},3a19ff88-4620-4d17-9830-ac1d859eb5d5,\n",
            text.trim_end_matches('\n').to_string() + "\n"
        ),
        "addresses.csv" => text.replace(",MyVillage,MyCity,MyRegion,MyState,ABC 1234,", address),
        _ => text,
    });
    let storage = empty_storage(&dir, "guide.sqlite");
    let (input, problems) = tabular::read(&folder).unwrap();
    assert!(problems.is_empty(), "{:?}", texts(&problems));
    assert_eq!(input.json.as_array().unwrap().len(), 2);
    import(&storage, &[input], true).unwrap()
}

/// A demo offering residents see, as its HSDS service with a phone, and the
/// guide it is in.
fn demo_service_with_phone(dir: &tempfile::TempDir) -> (SqliteStorage, Value) {
    let demo = demo_storage(dir);
    let (services, _) = export(&demo).unwrap();
    let service = services
        .iter()
        .map(|s| serde_json::to_value(s).unwrap())
        .find(|s| s["phones"][0]["number"].is_string())
        .expect("a service with a phone");
    (demo, service)
}

/// Walkthrough: a bad phone on a live offering was noted as the contact's name
/// (the part of the offering kept whole), without its value. The note names
/// the phone where the file has it, with the value and the guide's reason.
#[test]
fn a_bad_phone_on_a_live_offering_is_noted_at_the_phone_with_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, mut service) = demo_service_with_phone(&dir);
    service["phones"][0]["number"] = "06 123".into();
    let report = import(&demo, &input("kaart.json", json!([service])), true).unwrap();
    ok(&report);
    let kept: Vec<&HsdsFinding> = report
        .notes
        .iter()
        .filter(|n| n.code == Finding::KeptLive)
        .collect();
    assert_eq!(kept.len(), 1, "{:#?}", texts(&report.notes));
    assert_eq!(kept[0].field, "phones.number");
    assert_eq!(kept[0].value.as_deref(), Some("06 123"));
    assert_eq!(
        kept[0].guide.as_ref().map(|p| p.field.as_str()),
        Some("contact.phone")
    );
    let at = kept[0].at.as_ref().unwrap();
    assert!(
        at.text(wijkgids_core::vocab::Lang::Nl)
            .ends_with("phones nr. 1, number"),
        "{at:?}"
    );
    assert_eq!(
        hsds::our_field(&kept[0].field),
        Some("contact.phone"),
        "the app names it as its form does"
    );
}

/// Walkthrough: mending took a round per problem (a bad phone showed once a
/// missing name was mended, a bad day once a bad status was). Every problem of
/// a service is named at once, with its notes and what it would become.
#[test]
fn every_problem_of_a_service_is_named_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, mut service) = demo_service_with_phone(&dir);
    service["id"] = json!(uuid::Uuid::new_v4());
    service.as_object_mut().unwrap().remove("name");
    service["status"] = "open".into();
    service["phones"][0]["number"] = "06 123".into();
    service["schedules"][0]["byday"] = "maandag".into();
    let report = import(&demo, &input("kaart.json", json!([service])), false).unwrap();
    assert!(!report.written);
    let mut problems: Vec<(&str, Finding)> = report
        .problems
        .iter()
        .map(|p| (p.field.as_str(), p.code))
        .collect();
    problems.sort_by_key(|(f, _)| f.to_string());
    assert_eq!(
        problems,
        vec![("name", Finding::Required), ("status", Finding::NotOneOf)],
        "the guide's own 'title missing' is not said again: {:#?}",
        texts(&report.problems)
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.field == "schedules.byday" && n.value.as_deref() == Some("maandag")),
        "{:#?}",
        texts(&report.notes)
    );
    let change = report.changes.first().expect("what it would become");
    assert!(change.draft, "{change:?}");
    let missing: Vec<&str> = change.missing.iter().map(|p| p.field.as_str()).collect();
    assert!(missing.contains(&"contact.phone"), "{missing:?}");
    assert!(
        !missing.contains(&"title"),
        "said by the schema: {missing:?}"
    );
    assert_eq!(change.missing_at.len(), change.missing.len());
}

/// Walkthrough: a second "Mantelzorgcafé" came in beside the guide's own
/// (another id) with only "new offering": a note warns before the import.
#[test]
fn a_new_offering_named_like_one_in_the_guide_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, mut service) = demo_service_with_phone(&dir);
    let name = service["name"].as_str().unwrap().to_string();
    service["id"] = json!(uuid::Uuid::new_v4());
    let report = import(&demo, &input("kaart.json", json!([service])), true).unwrap();
    let same = report
        .notes
        .iter()
        .find(|n| n.code == Finding::SameName)
        .unwrap_or_else(|| panic!("{:#?}", texts(&report.notes)));
    assert_eq!(same.value.as_deref(), Some(name.as_str()));
    // The offering itself, imported again under its own id: no such note.
    let (services, _) = export(&demo).unwrap();
    let report = import(&demo, &input("kaart.json", timeless(&services)), true).unwrap();
    assert!(!report.notes.iter().any(|n| n.code == Finding::SameName));
}

/// Walkthrough: "5× geen soort organisatie … Gaat over: „Taalcafé De Brug”, …"
/// named the services of one organisation. A note about an organisation is
/// made once, and names the organisation.
#[test]
fn a_note_about_an_organisation_is_made_once_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    let example = fixture("examples/service_full.json");
    let services = taalcafes(3);
    let report = import(&storage, &input("kaart.json", json!(services)), true).unwrap();
    let kind: Vec<&HsdsFinding> = report
        .notes
        .iter()
        .filter(|n| n.code == Finding::NoOrganisationKind)
        .collect();
    assert_eq!(kind.len(), 1, "{:#?}", texts(&report.notes));
    let at = kind[0].at.as_ref().unwrap();
    let organisation = example["organization"]["name"].as_str().unwrap();
    assert_eq!(at.organisation.as_deref(), Some(organisation));
    assert_eq!((at.service, at.name.as_deref()), (None, None));
}

#[test]
fn the_command_line_says_which_csv_file_was_not_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    drop(demo_storage_at(&data.join("wijkgids.sqlite")));
    let folder = dir.path().join("tabular");
    run_cli(
        &data,
        &[
            "export",
            "--format",
            "hsds-csv",
            "--out",
            folder.to_str().unwrap(),
        ],
        "",
    );
    // A coordinator's spreadsheet without the languages sheet.
    std::fs::remove_file(folder.join("languages.csv")).unwrap();
    let dry = run_cli(
        &data,
        &[
            "import",
            "--format",
            "hsds",
            "--dry-run",
            folder.to_str().unwrap(),
        ],
        "",
    );
    let note = dry
        .lines()
        .find(|line| line.contains("languages.csv not chosen"))
        .unwrap_or_else(|| panic!("{dry}"));
    // Said as a whole, with no field name left empty ("4× : languages.csv").
    assert!(!note.contains("× :"), "{note}");
}

/// Walkthrough: "Wanneer blijft zoals in de gids, want het bestand geeft , en
/// dat is niet compleet" for a time "7 uur". The note quotes what the file
/// gives; when it gives nothing there, it has no value (the app says so in
/// words), never an empty one.
#[test]
fn a_kept_live_note_quotes_the_files_own_value() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let service = services
        .iter()
        .map(|s| serde_json::to_value(s).unwrap())
        .find(|s| s["schedules"][0]["closes_at"].is_string())
        .expect("a service with a closing time");
    let kept = |service: Value| -> Vec<HsdsFinding> {
        let report = import(&demo, &input("kaart.json", json!([service])), true).unwrap();
        ok(&report);
        // Said once: not also as a value not kept.
        assert!(
            !report
                .notes
                .iter()
                .any(|n| n.code == Finding::NotKeptValue && n.field.starts_with("schedules")),
            "{:#?}",
            texts(&report.notes)
        );
        report
            .notes
            .into_iter()
            .filter(|n| n.code == Finding::KeptLive)
            .collect()
    };
    let mut seven = service.clone();
    seven["schedules"][0]["opens_at"] = "7 uur".into();
    let notes = kept(seven);
    assert_eq!(notes.len(), 1, "{:#?}", texts(&notes));
    assert_eq!(notes[0].field, "schedules.opens_at");
    assert_eq!(notes[0].value.as_deref(), Some("7 uur"));
    let mut none = service;
    none["schedules"][0]
        .as_object_mut()
        .unwrap()
        .remove("opens_at");
    let notes = kept(none);
    assert_eq!(notes.len(), 1, "{:#?}", texts(&notes));
    assert_eq!(notes[0].value, None, "nothing given: no empty value");
}

/// Walkthrough: "Contact: e-mail: „” heeft niet de goede vorm" (and the
/// website), and "1× niet bewaard, geen geldige waarde voor Wanneer: „”"
/// right under "Wanneer blijft zoals in de gids, want het bestand geeft geen
/// tijd". An empty e-mail or website is absent, not malformed; an empty time
/// is said once, in words; no finding carries an empty value.
#[test]
fn an_empty_value_is_absent_and_said_once_never_as_an_empty_quote() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, services) = demo_services(&dir);
    let mut service = services
        .iter()
        .map(|s| serde_json::to_value(s).unwrap())
        .find(|s| s["schedules"][0]["opens_at"].is_string())
        .expect("a service with an opening time");
    service["email"] = "".into();
    service["url"] = " ".into();
    service["schedules"][0]["opens_at"] = "".into();
    let report = import(&demo, &input("kaart.json", json!([service])), true).unwrap();
    ok(&report);
    let all: Vec<&HsdsFinding> = report.problems.iter().chain(&report.notes).collect();
    for f in &all {
        assert!(
            f.value.as_deref().is_none_or(|v| !v.trim().is_empty()),
            "{f:?}"
        );
    }
    let about_times: Vec<&&HsdsFinding> = all
        .iter()
        .filter(|f| f.field.starts_with("schedules"))
        .collect();
    assert_eq!(about_times.len(), 1, "{about_times:#?}");
    assert_eq!(about_times[0].code, Finding::KeptLive);
    assert_eq!(
        hsds::given(
            about_times[0].value.as_deref(),
            &about_times[0].field,
            Lang::Nl
        ),
        "geen tijd"
    );
}

/// The official example service as `name` with the id `n`: another system's
/// service, which comes in as a draft (no theme of ours).
fn draft_service(n: u128, name: &str) -> Value {
    let mut service = fixture("examples/service_full.json");
    service["id"] = json!(uuid::Uuid::from_u128(
        0x6a00_0000_0000_4000_8000_0000_0000_0000 + n
    ));
    service["name"] = name.into();
    service
}

/// Walkthrough: a draft imported before, in a file that leaves its name
/// empty, was "Gewijzigd aanbod: id bdfac495-…" with "Wijzigt: Titel": its
/// title would be blanked. It keeps the guide's title, is named by it
/// everywhere in the report, and a note says the file gives no name.
#[test]
fn a_stored_draft_without_a_name_in_the_file_keeps_and_is_named_by_its_title() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    const NAME: &str = "Buurtmoestuin De Groene Vinger";
    let first = import(
        &storage,
        &input("kaart.json", json!([draft_service(1, NAME)])),
        false,
    )
    .unwrap();
    ok(&first);
    assert!(first.changes.iter().any(|c| c.draft && c.name == NAME));
    let mut again = draft_service(1, "");
    again["description"] = "Samen tuinieren in de wijk.".into();
    let report = import(&storage, &input("kaart.json", json!([again])), false).unwrap();
    ok(&report);
    let change = report
        .changes
        .iter()
        .find(|c| c.kind == RecordKind::Offering)
        .expect("changed");
    assert_eq!(change.name, NAME);
    assert!(!change.changed.contains(&"title".to_string()), "{change:?}");
    assert!(change.unnamed.is_none());
    let kept = report
        .notes
        .iter()
        .find(|n| n.code == Finding::KeptStored)
        .expect("a note that the title was kept");
    assert_eq!((kept.field.as_str(), kept.value.as_deref()), ("name", None));
    // Every place names it by the guide's title, none by its id.
    for place in report
        .notes
        .iter()
        .filter_map(|n| n.at.as_ref())
        .chain(&change.missing_at)
        .filter(|p| p.organisation.is_none())
    {
        assert_eq!(place.name.as_deref(), Some(NAME), "{place:?}");
        assert_eq!(place.id, None, "{place:?}");
    }
    let id = uuid::Uuid::from_u128(0x6a00_0000_0000_4000_8000_0000_0000_0001);
    assert_eq!(offering_data(&storage, id)["title"], NAME);
}

/// Walkthrough: one service without a name was "id e75b…", "dienst id
/// e75b…" and "dienst 3 (id e75b…)" in one report. Each place, and the line
/// of what it becomes, names it by its position and id.
#[test]
fn a_service_without_a_name_is_named_one_way_in_the_whole_report() {
    let dir = tempfile::tempdir().unwrap();
    let storage = empty_storage(&dir, "guide.sqlite");
    let services = json!([
        draft_service(1, "Taalcafé"),
        draft_service(2, "Naaiatelier"),
        draft_service(3, ""),
    ]);
    let report = import(&storage, &input("kaart.json", services), true).unwrap();
    ok(&report);
    let id = uuid::Uuid::from_u128(0x6a00_0000_0000_4000_8000_0000_0000_0003);
    let change = report
        .changes
        .iter()
        .find(|c| c.id == id)
        .expect("the nameless one");
    let nl = wijkgids_core::vocab::Lang::Nl;
    let named = format!("dienst 3 (id {id})");
    assert_eq!(
        change.unnamed.as_ref().and_then(|p| p.service_text(nl)),
        Some(named.clone())
    );
    let places: Vec<String> = report
        .notes
        .iter()
        .filter_map(|n| n.at.as_ref())
        .chain(&change.missing_at)
        .map(|p| p.text(nl))
        .filter(|t| t.contains(&id.to_string()))
        .collect();
    assert!(!places.is_empty());
    for place in places {
        assert_eq!(
            place.matches(&id.to_string()).count(),
            place.matches(&named).count(),
            "{place}"
        );
    }
}

/// Walkthrough: without organizations.csv, "Geen organisatie met id …" once
/// for each row of services.csv. Once for each organisation, at all its rows.
#[test]
fn an_organisation_missing_is_named_once_with_all_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    const SERVICE: &str = "ac148810-d857-441c-9679-408f346de14b";
    const ORGANISATION: &str = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610";
    const OTHER: &str = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
    let folder = tabular_copy(&dir, |name, text| {
        if name != "services.csv" {
            return text;
        }
        let row = text.lines().nth(1).unwrap().to_string();
        let copy = |n: u8, organisation: &str| {
            row.replacen(
                SERVICE,
                &format!("ac148810-d857-441c-9679-408f346de1{n:02}"),
                1,
            )
            .replacen(ORGANISATION, organisation, 1)
        };
        // Rows 2, 3 and 5 of one organisation, row 4 of another.
        format!(
            "{}\n{}\n{}\n{}\n",
            text.trim_end(),
            copy(3, ORGANISATION),
            copy(4, OTHER),
            copy(5, ORGANISATION)
        )
    });
    let missing = organisations_missing(&dir, &folder);
    assert_eq!(missing.len(), 2, "{:#?}", texts(&missing));
    assert_eq!(missing[0].value.as_deref(), Some(ORGANISATION));
    let at = missing[0].at.as_ref().unwrap();
    assert_eq!(at.rows, vec![2, 3, 5]);
    assert_eq!(
        at.text(wijkgids_core::vocab::Lang::Nl),
        "services.csv, rijen 2, 3 en 5, kolom B (organization_id)"
    );
    assert!(
        missing[0]
            .text()
            .contains("(3 rows) (organizations.csv was not chosen)"),
        "{}",
        missing[0].text()
    );
    assert_eq!(missing[1].value.as_deref(), Some(OTHER));
    assert_eq!(missing[1].at.as_ref().unwrap().row, Some(4));
}
