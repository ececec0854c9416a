//! Load generator for the sync endpoint on loopback: prints throughput and latency of
//! up-to-date pulls, full pull pages and single-edit pushes, beside the budgets in
//! `shared/design/QUALITY.md`. Run: `cargo bench -p wijkgids-server --bench sync_load`
//! (`SYNC_LOAD_OFFERINGS`, `SYNC_LOAD_SECONDS` and `SYNC_LOAD_CONNECTIONS` change it).
//! On PostgreSQL: `SYNC_LOAD_DATABASE` (an empty database's connection string), and
//! `SYNC_LOAD_SERVERS=2` for two servers over it (each with its own store and
//! connections, in this one process), the requests spread over both; the figures'
//! names then start with `server.postgres_1x.` or `server.postgres_2x.`
//! (`SYNC_LOAD_KEY` names them otherwise).
//! After the table, each run's throughput and p99 as `BENCH {json}` lines for
//! `scripts/bench.sh`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{env_or, generated_records, put_records};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use uuid::Uuid;
use wijkgids_core::vocab::AccountRole;
use wijkgids_server::store::NewAccountRecord;
use wijkgids_server::{Config, auth};

struct Run {
    name: String,
    /// The figures' name in the `BENCH` lines.
    key: String,
    budget: &'static str,
    /// The budgets of throughput and p99 alone, as `BENCH` lines write them.
    budgets: [&'static str; 2],
    unit: &'static str,
    count: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Run {
    /// Prints the table row; returns the `BENCH` lines, to print after the table.
    fn print(&mut self) -> [String; 2] {
        self.latencies.sort();
        let at = |q: f64| {
            let index = ((self.latencies.len() as f64 * q) as usize).min(self.latencies.len() - 1);
            self.latencies[index].as_secs_f64() * 1000.0
        };
        let rate = self.count as f64 / self.elapsed.as_secs_f64();
        println!(
            "| {:<34} | {:>9.0} {:<6} | {:>6.2} | {:>6.2} | {:>6.2} | {} |",
            self.name,
            rate,
            self.unit,
            at(0.5),
            at(0.95),
            at(0.99),
            self.budget
        );
        let line = |what: &str, value: f64, budget: &str, unit: &str| {
            let figure = json!({"name": format!("{}.{what}", self.key),
                "value": (value * 100.0).round() / 100.0, "budget": budget, "unit": unit});
            format!("BENCH {figure}")
        };
        [
            line("per_s", rate.round(), self.budgets[0], self.unit),
            line("p99_ms", at(0.99), self.budgets[1], "ms"),
        ]
    }
}

/// Runs `connections` loops of `request` for `seconds`; each returns how many units
/// it completed.
async fn load<F, Fut>(
    connections: usize,
    seconds: u64,
    request: F,
) -> (usize, Duration, Vec<Duration>)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = usize> + Send,
{
    let request = Arc::new(request);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..connections)
        .map(|task| {
            let request = Arc::clone(&request);
            tokio::spawn(async move {
                let (mut count, mut latencies) = (0, Vec::new());
                while Instant::now() < deadline {
                    let began = Instant::now();
                    count += request(task).await;
                    latencies.push(began.elapsed());
                }
                (count, latencies)
            })
        })
        .collect();
    let (mut count, mut latencies) = (0, Vec::new());
    for task in tasks {
        let (c, l) = task.await.unwrap();
        count += c;
        latencies.extend(l);
    }
    (count, start.elapsed(), latencies)
}

#[tokio::main]
async fn main() {
    let offerings = env_or("SYNC_LOAD_OFFERINGS", 10_000);
    let seconds = env_or("SYNC_LOAD_SECONDS", 3) as u64;
    let connections = env_or("SYNC_LOAD_CONNECTIONS", 16);
    let database = std::env::var("SYNC_LOAD_DATABASE").ok();
    let servers = if database.is_some() {
        env_or("SYNC_LOAD_SERVERS", 1).max(1)
    } else {
        1
    };
    let prefix = match (&database, std::env::var("SYNC_LOAD_KEY")) {
        (_, Ok(key)) => key,
        (Some(_), _) => format!("server.postgres_{servers}x"),
        (None, _) => "server".to_owned(),
    };
    let what = match &database {
        Some(_) => format!(" [PostgreSQL, {servers} server(s)]"),
        None => String::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config {
        demo: false,
        database,
        ..Config::loopback(dir.path().join("data"), dir.path().join("dist"))
    };
    // Every simulated device connects from 127.0.0.1.
    config.limits.max_connections_per_address = config.limits.max_connections;
    let state = wijkgids_server::prepare(&config).await.unwrap();
    let records = generated_records(offerings, 7);
    let organisation_id = records[0].id();
    put_records(&state.store, records).await;
    let token = auth::new_token();
    let hash = auth::token_hash(&token);
    let account = NewAccountRecord {
        email: "load@example.org".into(),
        password_hash: "-".into(),
        role: AccountRole::Coordinator,
        organisation_id: None,
    };
    state
        .store
        .call(move |s| {
            let account = s.insert_account(&account)?;
            s.insert_session(
                &hash,
                account.id,
                chrono::Utc::now() + chrono::Duration::hours(1),
            )
        })
        .await
        .unwrap();
    let mut bases = Vec::new();
    for n in 0..servers {
        let serving = if n == 0 {
            state.clone()
        } else {
            wijkgids_server::prepare(&config).await.unwrap()
        };
        let listener = TcpListener::bind(config.addr()).await.unwrap();
        bases.push(format!("http://{}", listener.local_addr().unwrap()));
        let app_dir = config.app_dir.clone();
        tokio::spawn(async move { wijkgids_server::run(listener, serving, &app_dir).await });
    }
    let base = bases[0].clone();
    let bases = Arc::new(bases);

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .build()
        .unwrap();
    let page = json_of(http.get(format!("{base}/api/v1/changes?limit=1"))).await;
    let epoch = page["cursor"]
        .as_str()
        .unwrap()
        .split('.')
        .next()
        .unwrap()
        .to_owned();
    let latest = state.store.call(|s| s.latest_seq()).await.unwrap();

    println!(
        "{offerings} offerings stored; {connections} connections, {seconds} s per run, client and server on the same machine\n"
    );
    println!(
        "| {:<34} | {:>16} | {:>6} | {:>6} | {:>6} | budget |",
        "what", "throughput", "p50 ms", "p95 ms", "p99 ms"
    );
    println!(
        "|{}|{}|{}|{}|{}|---|",
        "-".repeat(36),
        "-".repeat(18),
        "-".repeat(8),
        "-".repeat(8),
        "-".repeat(8)
    );

    let (client, bases_now) = (http.clone(), Arc::clone(&bases));
    let (count, elapsed, latencies) = load(connections, seconds, move |task| {
        let base = &bases_now[task % bases_now.len()];
        let (client, url) = (
            client.clone(),
            format!("{base}/api/v1/changes?cursor={epoch}.{latest}"),
        );
        async move {
            let page = json_of(client.get(&url)).await;
            assert_eq!(page["changes"].as_array().unwrap().len(), 0);
            1
        }
    })
    .await;
    let mut figures = Vec::new();
    figures.extend(
        Run {
            name: format!("pull, up to date (anonymous){what}"),
            key: format!("{prefix}.pull_up_to_date"),
            budget: ">= 10,000 req/s, p99 <= 10 ms",
            budgets: [">= 10000", "<= 10"],
            unit: "req/s",
            count,
            elapsed,
            latencies,
        }
        .print(),
    );

    let encoding = std::env::var("SYNC_LOAD_ENCODING").unwrap_or_else(|_| "gzip".into());
    let (client, bases_now, accept) = (http.clone(), Arc::clone(&bases), encoding.clone());
    let pages = Arc::new(std::sync::Mutex::new(vec![None::<String>; connections]));
    let (count, elapsed, latencies) = load(connections.min(4), seconds, move |task| {
        let (client, base_url, pages, accept) = (
            client.clone(),
            bases_now[task % bases_now.len()].clone(),
            Arc::clone(&pages),
            accept.clone(),
        );
        async move {
            let cursor = pages.lock().unwrap()[task].clone();
            let url = match cursor {
                Some(c) => format!("{base_url}/api/v1/changes?limit=500&cursor={c}"),
                None => format!("{base_url}/api/v1/changes?limit=500"),
            };
            let response = client
                .get(&url)
                .header("accept-encoding", accept.as_str())
                .send()
                .await
                .unwrap();
            let body = response.bytes().await.unwrap();
            // Reading the compressed page is enough: the client's work is not measured.
            let _ = body.len();
            let next = if body.len() > 100 {
                Some(next_cursor(&body, &accept))
            } else {
                None
            };
            pages.lock().unwrap()[task] = next.flatten();
            1
        }
    })
    .await;
    let (name, key) = match encoding.as_str() {
        "gzip" => ("pull, full pages of 500 (gzip)", "pull_pages_gzip"),
        "br" => ("pull, full pages of 500 (brotli)", "pull_pages_br"),
        _ => ("pull, full pages of 500 (identity)", "pull_pages"),
    };
    let (name, key) = (format!("{name}{what}"), format!("{prefix}.{key}"));
    figures.extend(
        Run {
            name,
            key,
            budget: ">= 200 pages/s",
            budgets: [">= 200", ""],
            unit: "page/s",
            count,
            elapsed,
            latencies,
        }
        .print(),
    );

    let (client, bases_now, token) = (http.clone(), Arc::clone(&bases), token.clone());
    let (count, elapsed, latencies) = load(connections.min(8), seconds, move |task| {
        let (client, base_url, token) = (
            client.clone(),
            bases_now[task % bases_now.len()].clone(),
            token.clone(),
        );
        async move {
            let mut offering = wijkgids_core::sample::sample_offering();
            offering.id = Uuid::new_v4();
            offering.organisation_id = Some(organisation_id);
            let body = json!({ "client_id": Uuid::nil(), "mutations": [{
                "mutation_id": Uuid::new_v4(), "op": "upsert", "kind": "offering",
                "id": offering.id, "base_version": 0, "data": offering }] });
            let result = json_of(
                client
                    .post(format!("{base_url}/api/v1/mutations"))
                    .bearer_auth(&token)
                    .json(&body),
            )
            .await;
            assert_eq!(result["results"][0]["status"], "applied", "{result}");
            1
        }
    })
    .await;
    figures.extend(
        Run {
            name: format!("push, single edits (durable){what}"),
            key: format!("{prefix}.push_single"),
            budget: ">= 1,000 mutations/s",
            budgets: [">= 1000", ""],
            unit: "mut/s",
            count,
            elapsed,
            latencies,
        }
        .print(),
    );
    println!();
    for line in figures {
        println!("{line}");
    }
}

/// Sends `request` and reads its JSON answer; the load generator stops at a failure.
async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// The cursor of a page, or `None` at the end (then the loop starts over). Found
/// by its key near the end, so that the load generator spends its CPU on requests.
fn next_cursor(body: &[u8], encoding: &str) -> Option<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    match encoding {
        "gzip" => flate2::read::GzDecoder::new(body)
            .read_to_end(&mut bytes)
            .ok()?,
        "br" => brotli_decompressor::Decompressor::new(body, 4096)
            .read_to_end(&mut bytes)
            .ok()?,
        _ => body.as_ref().read_to_end(&mut bytes).ok()?,
    };
    let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(200)..]).into_owned();
    if !tail.ends_with("\"has_more\":true}") {
        return None;
    }
    let start = tail.rfind("\"cursor\":\"")? + "\"cursor\":\"".len();
    let end = start + tail[start..].find('"')?;
    Some(tail[start..end].to_owned())
}
