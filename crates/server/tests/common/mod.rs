//! Shared by the server's tests: a real server on a loopback port over a real SQLite
//! file in a temp folder (or, with `WIJKGIDS_TEST_BACKEND=postgres`, a fresh
//! PostgreSQL database of the cluster `WIJKGIDS_TEST_POSTGRES` names), and a small
//! JSON client for it.
#![allow(dead_code)] // Each test file uses its own part of this.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use uuid::Uuid;
use wijkgids_core::record::Record;
use wijkgids_core::sample::sample_organisation;
use wijkgids_core::vocab::AccountRole;
use wijkgids_server::store::NewAccountRecord;
use wijkgids_server::{AppState, Config, Store};

/// Whether the servers of this run keep their guide in PostgreSQL
/// (`WIJKGIDS_TEST_BACKEND=postgres`; scripts/test.sh runs the storage tests
/// once on each backend).
pub fn on_postgres() -> bool {
    std::env::var("WIJKGIDS_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

/// The test cluster `WIJKGIDS_TEST_POSTGRES` names (a connection string without
/// a database name, e.g. `host=127.0.0.1 port=5433 user=postgres`); `None`, said
/// loudly, when the variable is not set (the test command always sets it).
fn test_cluster() -> Option<String> {
    let cluster = std::env::var("WIJKGIDS_TEST_POSTGRES").ok();
    if cluster.is_none() {
        eprintln!(
            "SKIPPED: WIJKGIDS_TEST_POSTGRES is not set, so this test did not run on \
             PostgreSQL (scripts/test.sh starts a cluster and sets it)"
        );
    }
    cluster
}

/// Runs `sql` in the test cluster's database `database`, on a thread of its own
/// (the synchronous client may not block an async one).
fn cluster_sql(cluster: &str, database: &str, sql: String) -> Result<(), postgres::Error> {
    let admin = format!("{cluster} dbname={database}");
    std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("the test cluster ({admin}) answers: {e}"));
        client.batch_execute(&sql)
    })
    .join()
    .unwrap()
}

/// A new, empty database in the test cluster: its connection string. For tests
/// that watch the whole database (its locks); others take [`postgres_database`].
pub fn postgres_fresh_database() -> Option<String> {
    let cluster = test_cluster()?;
    let name = format!("wijkgids_test_{}", Uuid::new_v4().simple());
    cluster_sql(&cluster, "postgres", format!("CREATE DATABASE {name}")).expect("made");
    Some(format!("{cluster} dbname={name}"))
}

/// The database every server of a test run shares.
const SHARED: &str = "wijkgids_tests";

/// A fresh, empty place for one test's guide: its own schema (first on the
/// search path) in the test cluster's shared database, which is cheap to make
/// and to drop, unlike a database of its own: a run makes thousands.
pub fn postgres_database() -> Option<String> {
    let cluster = test_cluster()?;
    static SHARED_MADE: std::sync::Once = std::sync::Once::new();
    SHARED_MADE.call_once(|| {
        // Another test binary may make it at the same moment.
        let made = cluster_sql(&cluster, "postgres", format!("CREATE DATABASE {SHARED}"));
        if let Err(err) = made {
            let code = err.code().cloned();
            assert!(
                code == Some(postgres::error::SqlState::DUPLICATE_DATABASE)
                    || code == Some(postgres::error::SqlState::UNIQUE_VIOLATION),
                "the shared test database is made: {err}"
            );
        }
    });
    let schema = format!("wijkgids_test_{}", Uuid::new_v4().simple());
    cluster_sql(&cluster, SHARED, format!("CREATE SCHEMA {schema}")).expect("made");
    Some(format!(
        "{cluster} dbname={SHARED} options='-c search_path={schema}'"
    ))
}

/// Drops what [`postgres_database`] or [`postgres_fresh_database`] made (a test
/// is done with it).
pub fn drop_postgres_database(database: &str) {
    let Ok(cluster) = std::env::var("WIJKGIDS_TEST_POSTGRES") else {
        return;
    };
    if let Some((_, path)) = database.split_once("search_path=") {
        let schema = path.trim_end_matches('\'');
        let _ = cluster_sql(
            &cluster,
            SHARED,
            format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
        );
    } else if let Some((_, name)) = database.rsplit_once(" dbname=") {
        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        let _ = cluster_sql(&cluster, "postgres", sql);
    }
}

/// A test password long enough for the rules.
pub const PASSWORD: &str = "lang genoeg wachtwoord";

pub struct TestServer {
    pub base: String,
    pub state: AppState,
    pub dir: tempfile::TempDir,
    /// The PostgreSQL database, when the run is on PostgreSQL.
    pub database: Option<String>,
    serving: tokio::task::JoinHandle<()>,
}

/// Stops serving when a test is done with it, so many servers do not pile up.
impl Drop for TestServer {
    fn drop(&mut self) {
        self.serving.abort();
        if let Some(database) = &self.database {
            drop_postgres_database(database);
        }
    }
}

impl TestServer {
    /// A server with the demo neighbourhood loaded.
    pub async fn start() -> TestServer {
        TestServer::start_with(true).await
    }

    pub async fn start_with(demo: bool) -> TestServer {
        TestServer::start_configured(|config| config.demo = demo).await
    }

    /// A server with the loopback configuration as `configure` changes it.
    pub async fn start_configured(configure: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::loopback(dir.path().join("data"), dir.path().join("dist"));
        if on_postgres() {
            config.database = Some(postgres_database().expect(
                "WIJKGIDS_TEST_BACKEND=postgres needs WIJKGIDS_TEST_POSTGRES (scripts/test.sh sets both)",
            ));
        }
        configure(&mut config);
        let state = wijkgids_server::prepare(&config)
            .await
            .expect("database opens");
        let listener = TcpListener::bind(config.addr())
            .await
            .expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let database = config.database.clone();
        let serving = state.clone();
        let serving = tokio::spawn(async move {
            wijkgids_server::run(listener, serving, &config.app_dir)
                .await
                .unwrap()
        });
        TestServer {
            base,
            state,
            dir,
            database,
            serving,
        }
    }

    /// Creates an account directly in the store and signs it in.
    pub async fn signed_in(&self, role: AccountRole, organisation_id: Option<Uuid>) -> Client {
        let email = format!("{}@example.org", Uuid::new_v4().simple());
        let new = NewAccountRecord {
            email: email.clone(),
            password_hash: wijkgids_server::auth::hash_password(PASSWORD),
            role,
            organisation_id,
        };
        self.state
            .store
            .call(move |s| s.insert_account(&new))
            .await
            .expect("account stored");
        Client::anonymous(&self.base).signed_in_as(&email).await
    }

    /// Every byte the server stored, as text: the SQLite file, or on PostgreSQL
    /// every row of every table (for checks that a secret is not stored).
    pub fn stored_text(&self) -> String {
        let Some(database) = self.database.clone() else {
            let file = std::fs::read(self.dir.path().join("data/wijkgids.sqlite")).unwrap();
            return String::from_utf8_lossy(&file).into_owned();
        };
        std::thread::spawn(move || {
            let mut client = postgres::Client::connect(&database, postgres::NoTls).unwrap();
            let tables: Vec<String> = client
                .query(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
                    &[],
                )
                .unwrap()
                .iter()
                .map(|row| row.get(0))
                .collect();
            tables
                .iter()
                .map(|table| {
                    let rows = client
                        .query(&format!("SELECT t::text FROM {table} t"), &[])
                        .unwrap();
                    rows.iter()
                        .map(|row| row.get::<_, String>(0))
                        .collect::<String>()
                })
                .collect()
        })
        .join()
        .unwrap()
    }

    pub fn anonymous(&self) -> Client {
        Client::anonymous(&self.base)
    }

    /// A server without demo data, with the sample organisation ("Welzijn De
    /// Linden") to ask an account for.
    pub async fn with_sample_organisation() -> TestServer {
        let server = TestServer::start_with(false).await;
        server
            .put_records(vec![Record::Organisation(sample_organisation())])
            .await;
        server
    }

    /// Stores `records` as an import does (new versions and change numbers).
    pub async fn put_records(&self, records: Vec<Record>) {
        put_records(&self.state.store, records).await;
    }
}

/// Stores `records` in `store` as an import does (new versions and change
/// numbers).
pub async fn put_records(store: &Store, records: Vec<Record>) {
    store
        .call(move |s| s.put_records(&records, None))
        .await
        .unwrap();
}

/// The whole number in the environment variable `name` (a benchmark's size),
/// else `default`.
pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The generated guide of `offerings` offerings (`core::generate`, from
/// `seed`): its organisations, then its offerings.
pub fn generated_records(offerings: usize, seed: u64) -> Vec<Record> {
    let (organisations, generated) = wijkgids_core::generate::dataset(offerings, seed);
    organisations
        .into_iter()
        .map(Record::Organisation)
        .chain(generated.into_iter().map(|o| Record::Offering(Box::new(o))))
        .collect()
}

pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
    pub token: Option<String>,
}

impl Client {
    pub fn anonymous(base: &str) -> Client {
        Client {
            base: base.to_owned(),
            http: reqwest::Client::new(),
            token: None,
        }
    }

    /// Signs in with [`PASSWORD`] and keeps the session token.
    pub async fn signed_in_as(mut self, email: &str) -> Client {
        let (status, session) = self.try_sign_in(email, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{session}");
        self.token = Some(session["token"].as_str().unwrap().to_owned());
        self
    }

    /// Sends a JSON request; returns the status and the JSON body (`null` if none).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let (status, _, body) = self.send_for_headers(method, path, body).await;
        (status, body)
    }

    /// [`Client::send`], with the answer's headers.
    pub async fn send_for_headers(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("server answers");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON body, got {text:?}"))
        };
        (status, headers, body)
    }

    /// Tries to sign in, keeping nothing: the status and the answer.
    pub async fn try_sign_in(&self, email: &str, password: &str) -> (StatusCode, Value) {
        let body = json!({ "email": email, "password": password });
        self.send(Method::POST, "/api/v1/session", Some(body)).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, None).await
    }

    /// Pulls every page from the start; returns the changes and the last cursor.
    pub async fn pull_all(&self, limit: usize) -> (Vec<Value>, String) {
        let mut changes = Vec::new();
        let mut path = format!("/api/v1/changes?limit={limit}");
        loop {
            let (status, headers, page) = self.send_for_headers(Method::GET, &path, None).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            changes.extend(page["changes"].as_array().unwrap().iter().cloned());
            let cursor = page["cursor"].as_str().unwrap().to_owned();
            // The next page's cursor is in the headers too, only when there is more.
            let next = headers
                .get(wijkgids_core::wire::NEXT_CURSOR_HEADER)
                .map(|value| value.to_str().unwrap());
            let more = page["has_more"].as_bool().unwrap();
            assert_eq!(next, more.then_some(cursor.as_str()), "{path}");
            if !more {
                return (changes, cursor);
            }
            path = format!("/api/v1/changes?limit={limit}&cursor={cursor}");
        }
    }

    /// Pushes mutations; returns the status and the results (or error body).
    pub async fn push(&self, mutations: Vec<Value>) -> (StatusCode, Value) {
        let body = json!({ "client_id": Uuid::from_u128(42), "mutations": mutations });
        self.send(Method::POST, "/api/v1/mutations", Some(body))
            .await
    }
}

/// An upsert of `data` on `base_version`, with a fresh mutation id.
pub fn upsert(kind: &str, data: &Value, base_version: u64) -> Value {
    json!({
        "mutation_id": Uuid::new_v4(),
        "op": "upsert",
        "kind": kind,
        "id": data["id"],
        "base_version": base_version,
        "data": data,
    })
}

/// The server binary as a separate process, for what only a process can show
/// (kill -9, the command line).
pub struct ServerProcess {
    pub child: tokio::process::Child,
    pub base: String,
}

/// Runs `wijkgids-server` with `args` against `data_dir`, feeding `stdin`; returns
/// its standard output, or panics with its error output.
pub fn run_cli(data_dir: &std::path::Path, args: &[&str], stdin: &str) -> String {
    run_cli_on(data_dir, None, args, stdin)
}

/// [`run_cli`] with `--database` when `database` is given.
pub fn run_cli_on(
    data_dir: &std::path::Path,
    database: Option<&str>,
    args: &[&str],
    stdin: &str,
) -> String {
    let output = cli_output(data_dir, database, args, stdin);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs `wijkgids-server` with `args` against `data_dir`, expecting it to fail;
/// returns its error output.
pub fn run_cli_failing(data_dir: &std::path::Path, args: &[&str]) -> String {
    let output = cli_output(data_dir, None, args, "");
    assert!(!output.status.success(), "{args:?} succeeded");
    String::from_utf8(output.stderr).unwrap()
}

fn cli_output(
    data_dir: &std::path::Path,
    database: Option<&str>,
    args: &[&str],
    stdin: &str,
) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut command = Command::new(env!("CARGO_BIN_EXE_wijkgids-server"));
    if let Some(database) = database {
        command.arg("--database").arg(database);
    }
    let mut child = command
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("server binary starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

impl ServerProcess {
    /// Starts `wijkgids-server serve` on a free loopback port and waits for its
    /// "running at" line.
    pub async fn start(data_dir: &std::path::Path, demo: bool) -> ServerProcess {
        ServerProcess::start_on(data_dir, None, demo).await
    }

    /// [`ServerProcess::start`] with `--database` when `database` is given.
    pub async fn start_on(
        data_dir: &std::path::Path,
        database: Option<&str>,
        demo: bool,
    ) -> ServerProcess {
        ServerProcess::start_with(data_dir, database, demo, &[]).await
    }

    /// `serve` as [`ServerProcess::start_on`] runs it, with `extra` arguments.
    pub fn serve_command(
        data_dir: &std::path::Path,
        database: Option<&str>,
        demo: bool,
        extra: &[&str],
    ) -> tokio::process::Command {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_wijkgids-server"));
        if let Some(database) = database {
            command.arg("--database").arg(database);
        }
        command
            .args([
                "serve",
                "--port",
                "0",
                "--demo",
                if demo { "true" } else { "false" },
            ])
            .args(extra)
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--app-dir")
            .arg(data_dir.join("no-app"))
            .kill_on_drop(true);
        command
    }

    /// [`ServerProcess::start_on`] with `extra` arguments.
    pub async fn start_with(
        data_dir: &std::path::Path,
        database: Option<&str>,
        demo: bool,
        extra: &[&str],
    ) -> ServerProcess {
        use tokio::io::{AsyncBufReadExt, BufReader};
        let mut child = ServerProcess::serve_command(data_dir, database, demo, extra)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("server binary starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(url) = line.strip_prefix("Wijkgids is running at ") {
                let base = url.trim_end_matches('/').to_owned();
                return ServerProcess { child, base };
            }
        }
        panic!("the server exited before it was running");
    }

    /// Stops the server as systemd would (SIGTERM) and waits until it has closed
    /// its database.
    pub async fn stop(mut self) {
        let pid = self.child.id().expect("running").to_string();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = self.child.wait().await.unwrap();
        assert!(status.success(), "stopped cleanly: {status}");
    }

    /// Signs in an account made with `run_cli(.., ["user", "add", ..])`.
    pub async fn sign_in(&self, email: &str) -> Client {
        Client::anonymous(&self.base).signed_in_as(email).await
    }
}
