//! The server over real loopback HTTP with a real SQLite file.

mod common;

use common::TestServer;

#[tokio::test]
async fn health_reports_version_as_json() {
    let server = TestServer::start().await;
    let response = reqwest::get(format!("{}/api/v1/health", server.base))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], wijkgids_core::VERSION);
    assert!(body["offerings"].as_u64().unwrap() > 100);
    let cache = server_cache_control(&server.base).await;
    assert_eq!(cache, "no-store", "API answers are never cached");
    assert!(
        server.database.is_some() || server.dir.path().join("data/wijkgids.sqlite").exists(),
        "database file created"
    );
}

#[tokio::test]
async fn unknown_api_paths_and_methods_are_json_errors() {
    let server = TestServer::start().await;
    let client = server.anonymous();
    let (status, body) = client.get("/api/v1/nope").await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "not_found");
    assert!(body["message"].is_string());
    let (status, body) = client
        .send(reqwest::Method::DELETE, "/api/v1/health", None)
        .await;
    assert_eq!(status, 405);
    assert_eq!(body["code"], "method_not_allowed");
}

async fn server_cache_control(base: &str) -> String {
    let response = reqwest::get(format!("{base}/api/v1/changes?limit=1"))
        .await
        .unwrap();
    response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_owned()
}
