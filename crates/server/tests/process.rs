//! The server as a process: the command line, and kill -9 during writes.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{PASSWORD, ServerProcess, run_cli, upsert};
use serde_json::Value;
use uuid::Uuid;

fn coordinator(data_dir: &std::path::Path) -> &'static str {
    let email = "coordinator@example.org";
    run_cli(
        data_dir,
        &["user", "add", email, "--role", "coordinator"],
        &format!("{PASSWORD}\n"),
    );
    email
}

fn new_offering() -> Value {
    let mut offering = wijkgids_core::sample::sample_offering();
    offering.id = Uuid::new_v4();
    serde_json::to_value(offering).unwrap()
}

#[tokio::test]
async fn every_acknowledged_write_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let email = coordinator(&data);
    let mut server = ServerProcess::start(&data, false).await;
    let client = Arc::new(server.sign_in(email).await);
    // id -> version the server acknowledged.
    let acknowledged = Arc::new(Mutex::new(HashMap::<String, u64>::new()));
    let mut writers = Vec::new();
    for _ in 0..4 {
        let (client, acknowledged) = (Arc::clone(&client), Arc::clone(&acknowledged));
        writers.push(tokio::spawn(async move {
            loop {
                let data = new_offering();
                let body = serde_json::json!({ "client_id": Uuid::new_v4(), "mutations": [upsert("offering", &data, 0)] });
                let response = client
                    .http
                    .post(format!("{}/api/v1/mutations", client.base))
                    .bearer_auth(client.token.as_ref().unwrap())
                    .json(&body)
                    .send()
                    .await;
                // The server is gone: what was acknowledged so far is what counts.
                let Ok(response) = response else { return };
                let Ok(results) = response.json::<Value>().await else { return };
                let result = &results["results"][0];
                assert_eq!(result["status"], "applied", "{results}");
                acknowledged
                    .lock()
                    .unwrap()
                    .insert(data["id"].as_str().unwrap().to_owned(), result["version"].as_u64().unwrap());
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    server.child.start_kill().unwrap(); // SIGKILL on Unix
    server.child.wait().await.unwrap();
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 10,
        "writes were under way: {}",
        acknowledged.len()
    );

    let server = ServerProcess::start(&data, false).await;
    let client = server.sign_in(email).await;
    let (changes, _) = client.pull_all(2000).await;
    let stored: HashMap<&str, u64> = changes
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["version"].as_u64().unwrap()))
        .collect();
    for (id, version) in &acknowledged {
        assert_eq!(
            stored.get(id.as_str()),
            Some(version),
            "acknowledged write {id} lost"
        );
    }
}

#[tokio::test]
async fn users_export_import_and_backup_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    coordinator(&data);
    run_cli(
        &data,
        &[
            "user",
            "add",
            "Sport@Example.org",
            "--role",
            "publisher",
            "--organisation",
            &Uuid::from_u128(3).to_string(),
        ],
        &format!("{PASSWORD}\n"),
    );
    let list = run_cli(&data, &["user", "list"], "");
    assert!(
        list.contains("coordinator@example.org\tcoordinator\tactive"),
        "{list}"
    );
    assert!(
        list.contains("sport@example.org\tpublisher\tactive"),
        "{list}"
    );
    run_cli(&data, &["user", "block", "sport@example.org"], "");
    assert!(
        run_cli(&data, &["user", "list"], "").contains("sport@example.org\tpublisher\tblocked")
    );

    // A fresh database serves the demo neighbourhood to an anonymous pull; a backup
    // is taken while it runs.
    let server = ServerProcess::start(&data, true).await;
    let anonymous = common::Client::anonymous(&server.base);
    let (changes, _) = anonymous.pull_all(500).await;
    let public = changes
        .iter()
        .filter(|c| c["kind"] == "offering" && c["deleted"] == false)
        .count();
    let demo_public = wijkgids_core::demo::neighbourhood()
        .unwrap()
        .offerings
        .iter()
        .filter(|o| o.is_public())
        .count();
    assert_eq!(public, demo_public);
    let backup = dir.path().join("backup.sqlite");
    run_cli(&data, &["backup", backup.to_str().unwrap()], "");
    drop(server);
    let demo = wijkgids_core::demo::neighbourhood().unwrap();
    let restored = wijkgids_server::store::SqliteStorage::open(&backup).unwrap();
    use wijkgids_server::store::Storage;
    assert_eq!(
        restored
            .count_live(wijkgids_core::vocab::RecordKind::Offering)
            .unwrap(),
        demo.offerings.len() as u64
    );

    // Export, then import into an empty guide: the same records.
    let export = dir.path().join("guide.json");
    run_cli(&data, &["export", "--out", export.to_str().unwrap()], "");
    let other = dir.path().join("other");
    let out = run_cli(&other, &["import", export.to_str().unwrap()], "");
    let total = demo.offerings.len() + demo.organisations.len() + demo.professionals.len();
    assert_eq!(out.trim(), format!("imported {total} records"));
    let again = run_cli(&other, &["export"], "");
    let first: Value = serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    let second: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(
        first["offerings"].as_array().unwrap().len(),
        demo.offerings.len()
    );
    let titles = |v: &Value| -> Vec<Value> {
        v["offerings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["title"].clone())
            .collect()
    };
    assert_eq!(titles(&first), titles(&second));
}

#[test]
fn an_invalid_import_changes_nothing_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut offering = new_offering();
    offering["title"] = "".into();
    let document = serde_json::json!({ "format": "wijkgids-guide", "version": "0.1.0", "offerings": [new_offering(), offering] });
    let file = dir.path().join("bad.json");
    std::fs::write(&file, document.to_string()).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_wijkgids-server"))
        .args([
            "import",
            file.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("offerings[1].title"), "{error}");
    let export = run_cli(&data, &["export"], "");
    let export: Value = serde_json::from_str(&export).unwrap();
    assert_eq!(
        export["offerings"].as_array().unwrap().len(),
        0,
        "nothing imported"
    );
}

/// What people search for is about them (issue 21): the query of a page request
/// (`/zoeken?q=...` from a shared link) is never written to the server's log, at
/// any log level an operator may set.
#[tokio::test]
async fn the_server_never_logs_what_people_search_for() {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        app.join("index.html"),
        "<!doctype html><div id=\"app\"></div>",
    )
    .unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_wijkgids-server"))
        .args(["serve", "--port", "0", "--demo", "true"])
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .arg("--app-dir")
        .arg(&app)
        .env("RUST_LOG", "trace")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("server binary starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let base = loop {
        line.clear();
        assert!(
            stdout.read_line(&mut line).await.unwrap() > 0,
            "server ended"
        );
        if let Some(url) = line.trim().strip_prefix("Wijkgids is running at ") {
            break url.trim_end_matches('/').to_owned();
        }
    };
    let secret = "zwangerschapstest-schuldhulp";
    let http = reqwest::Client::new();
    for path in [
        format!("/zoeken?q={secret}"),
        format!("/zoeken?q={secret}&need=money"),
        format!("/aanbod/{}?q={secret}", Uuid::new_v4()),
        format!("/api/v1/changes?q={secret}"),
        format!("/hsds/services?search={secret}"),
    ] {
        let response = http.get(format!("{base}{path}")).send().await.unwrap();
        let _ = response.bytes().await;
    }
    // SIGTERM: the server stops cleanly and its output ends.
    let pid = child.id().expect("running") as i32;
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .await
        .unwrap();
    stdout.read_to_string(&mut log).await.unwrap();
    child.wait().await.unwrap();
    assert!(!log.is_empty(), "the server wrote its log at trace level");
    assert!(
        !log.contains(secret),
        "the log carries a search:\n{}",
        log.lines()
            .filter(|l| l.contains(secret))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
