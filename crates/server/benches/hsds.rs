//! The HSDS benchmark of issue 22: another system harvesting `/hsds/services` in
//! pages of 50 from a guide of 50,000 offerings (pages per second, one client
//! on loopback, after the public snapshot is built; the build is timed apart),
//! and an import of 10,000 services (seconds: the check alone, the check and
//! the write, and the same file again, which writes nothing). Run:
//! `cargo bench -p wijkgids-server --bench hsds` (`HSDS_OFFERINGS`,
//! `HSDS_IMPORT`, `HSDS_PAGES` change it). Prints `BENCH {json}` lines for
//! `scripts/bench.sh`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{TestServer, env_or, generated_records};
use serde_json::{Value, json};
use wijkgids_server::hsds::transfer::{Input, import};
use wijkgids_server::store::SqliteStorage;

fn bench(name: &str, value: f64, unit: &str) {
    let figure = json!({"name": name, "value": (value * 100.0).round() / 100.0,
        "budget": "", "unit": unit});
    println!("BENCH {figure}");
}

/// Pages of 50 of `/hsds/services` from a server holding `offerings`: the first
/// page (which builds the public snapshot) and then pages per second.
async fn pages(offerings: usize, pages: usize) {
    let server = TestServer::start_with(false).await;
    let records = generated_records(offerings, 7);
    server.put_records(records).await;
    let base = server.base.clone();
    let http = reqwest::Client::new();
    let get = |page: usize| {
        let request = http.get(format!("{base}/hsds/services?per_page=50&page={page}"));
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    let start = Instant::now();
    let first = get(1).await;
    let build = start.elapsed();
    let total_pages = first["total_pages"].as_u64().unwrap() as usize;
    let count = pages.min(total_pages);
    let mut latencies = Vec::with_capacity(count);
    let start = Instant::now();
    // Every page once, in order, as a harvester does (page 1 again, now cached).
    for page in 1..=count {
        let one = Instant::now();
        let body = get(page).await;
        assert!(body["size"].as_u64().is_some_and(|size| size > 0));
        latencies.push(one.elapsed());
    }
    let elapsed = start.elapsed();
    latencies.sort();
    let p99 = latencies[(latencies.len() * 99 / 100).min(latencies.len() - 1)];
    let rate = count as f64 / elapsed.as_secs_f64();
    println!(
        "/hsds/services, {offerings} offerings ({} services, {total_pages} pages of 50): \
         first page with the snapshot built {build:.2?}; {count} pages in {elapsed:.2?}: \
         {rate:.0} pages/s, p99 {p99:.2?}",
        first["total_items"]
    );
    bench("hsds.services_pages_of_50.per_s", rate.round(), "pages/s");
    bench("hsds.services_pages_of_50.p99_ms", ms(p99), "ms");
    bench("hsds.snapshot_build_ms", ms(build), "ms");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `count` services of generated offerings (with their organizations), as one
/// JSON array, imported into an empty guide.
fn imports(count: usize) {
    // Not every generated offering is public, so a few more are made.
    let (organisations, offerings) = wijkgids_core::generate::dataset(count * 3 / 2, 11);
    let services: Vec<Value> = offerings
        .iter()
        .filter_map(|o| {
            let organisation = organisations
                .iter()
                .find(|g| Some(g.id) == o.organisation_id);
            wijkgids_core::hsds::service(o, organisation)
        })
        .take(count)
        .map(|(service, _)| serde_json::to_value(service).unwrap())
        .collect();
    assert_eq!(services.len(), count, "enough public offerings");
    let json = Value::Array(services);
    let bytes = json.to_string().len();
    let inputs = [Input {
        source: "services.json".into(),
        json,
        origins: vec![],
        unsaid: vec![],
    }];
    let dir = tempfile::tempdir().unwrap();
    let storage = SqliteStorage::open(&dir.path().join("guide.sqlite")).unwrap();
    let timed = |dry_run: bool| {
        let start = Instant::now();
        let report = import(&storage, &inputs, dry_run).unwrap();
        assert!(
            report.problems.is_empty(),
            "{:?}",
            &report.problems[..3.min(report.problems.len())]
        );
        (start.elapsed(), report)
    };
    let (check, _) = timed(true);
    let (write, report) = timed(false);
    assert_eq!(report.offerings, count);
    let (again, report) = timed(false);
    assert_eq!(report.offerings, 0, "nothing changed");
    println!(
        "import of {count} services ({} MB of JSON, {} organisations): check alone {check:.2?}, \
         check and write {write:.2?}, the same again (nothing written) {again:.2?}",
        bytes / 1_000_000,
        report.unchanged_organisations
    );
    bench("hsds.import_10000_services_s", write.as_secs_f64(), "s");
    bench(
        "hsds.import_10000_services_check_only_s",
        check.as_secs_f64(),
        "s",
    );
    bench(
        "hsds.import_10000_services_unchanged_s",
        again.as_secs_f64(),
        "s",
    );
}

#[tokio::main]
async fn main() {
    let offerings = env_or("HSDS_OFFERINGS", 50_000);
    pages(offerings, env_or("HSDS_PAGES", usize::MAX)).await;
    let count = env_or("HSDS_IMPORT", 10_000);
    tokio::task::spawn_blocking(move || imports(count))
        .await
        .unwrap();
}
