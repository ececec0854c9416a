//! The server over real loopback HTTP with a real SQLite file.

use tokio::net::TcpListener;
use wijkgids_server::Config;

async fn start_server() -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        host: "127.0.0.1".parse().unwrap(),
        port: 0,
        data_dir: dir.path().join("data"),
        app_dir: dir.path().join("dist"),
        demo: true,
    };
    let listener = TcpListener::bind(config.addr())
        .await
        .expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { wijkgids_server::serve(listener, &config).await.unwrap() });
    (base, dir)
}

#[tokio::test]
async fn health_reports_version_as_json() {
    let (base, dir) = start_server().await;
    let response = reqwest::get(format!("{base}/api/v1/health")).await.unwrap();
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
    assert!(
        dir.path().join("data/wijkgids.sqlite").exists(),
        "database file created"
    );
}

#[tokio::test]
async fn unknown_api_path_is_a_json_404() {
    let (base, _dir) = start_server().await;
    let response = reqwest::get(format!("{base}/api/v1/nope")).await.unwrap();
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}
