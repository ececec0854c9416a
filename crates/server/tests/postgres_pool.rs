//! The PostgreSQL backend's connections (issue 23's attack): a process never
//! holds more than its cap, however stuck the database is, and answers 503 in
//! seconds instead of waiting; after the database drops its connections (as a
//! restart does) the next request is served. A test file of its own: it ends
//! every connection to its database, and one binary's tests run side by side.
//! Skipped, loudly, without `WIJKGIDS_TEST_POSTGRES` (scripts/test.sh sets it).

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use common::{Client, TestServer, postgres_fresh_database};
use reqwest::StatusCode;

const CAP: usize = 4;

/// The connections to `database` other than `except` (and the counting one).
fn connections(client: &mut postgres::Client, except: i32) -> usize {
    let n: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> $1",
            &[&except],
        )
        .unwrap()
        .get(0);
    n as usize
}

async fn server_on(database: &str) -> TestServer {
    let database = database.to_owned();
    TestServer::start_configured(move |config| {
        config.database = Some(database);
        config.database_connections = CAP;
        config.demo = true;
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_table_is_answered_503_within_the_cap_and_served_after() {
    let Some(database) = postgres_fresh_database() else {
        return;
    };
    let server = server_on(&database).await;
    let anonymous = server.anonymous();
    assert_eq!(
        anonymous.get("/api/v1/changes?limit=5").await.0,
        StatusCode::OK
    );

    // Another connection locks the records table until told to let go.
    let (locked_tx, locked) = mpsc::channel();
    let (release, release_rx) = mpsc::channel::<()>();
    let url = database.clone();
    let locker = std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let mut tx = client.transaction().unwrap();
        tx.batch_execute("LOCK TABLE records IN ACCESS EXCLUSIVE MODE")
            .unwrap();
        let pid: i32 = tx.query_one("SELECT pg_backend_pid()", &[]).unwrap().get(0);
        locked_tx.send(pid).unwrap();
        release_rx.recv().unwrap();
        tx.rollback().unwrap();
    });
    let locker_pid = locked.recv().unwrap();

    // While a burst waits, count the server's connections.
    let done = Arc::new(AtomicBool::new(false));
    let most = Arc::new(AtomicUsize::new(0));
    let counter = {
        let (url, done, most) = (database.clone(), done.clone(), most.clone());
        std::thread::spawn(move || {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            while !done.load(Ordering::SeqCst) {
                most.fetch_max(connections(&mut client, locker_pid), Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let started = Instant::now();
    let burst: Vec<_> = (0..24)
        .map(|_| {
            let client = Client::anonymous(&server.base);
            tokio::spawn(async move {
                let response = client
                    .http
                    .get(format!("{}/api/v1/changes?limit=5", client.base))
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let retry = response.headers().get("retry-after").is_some();
                let body: serde_json::Value = response.json().await.unwrap();
                (status, retry, body)
            })
        })
        .collect();
    for answer in burst {
        let (status, retry, body) = answer.await.unwrap();
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_eq!(body["code"], "storage_unavailable", "{body}");
        assert!(retry, "Retry-After");
    }
    let took = started.elapsed();
    done.store(true, Ordering::SeqCst);
    counter.join().unwrap();
    let most = most.load(Ordering::SeqCst);
    assert!(
        most <= CAP,
        "the process held {most} connections, cap {CAP}"
    );
    assert!(most >= 1, "the burst reached the database");
    // Lock timeout 5 s, wait for a connection 2 s: well within the request's 30 s.
    assert!(took < Duration::from_secs(15), "answered in {took:?}");

    release.send(()).unwrap();
    locker.join().unwrap();
    for _ in 0..CAP * 2 {
        assert_eq!(
            anonymous.get("/api/v1/changes?limit=5").await.0,
            StatusCode::OK
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_the_database_dropped_are_replaced_at_once() {
    let Some(database) = postgres_fresh_database() else {
        return;
    };
    let server = server_on(&database).await;
    // Several requests at once, so the pool keeps several idle connections.
    let burst: Vec<_> = (0..CAP * 2)
        .map(|_| {
            let client = Client::anonymous(&server.base);
            tokio::spawn(async move { client.get("/api/v1/changes?limit=500").await.0 })
        })
        .collect();
    for status in burst {
        assert_eq!(status.await.unwrap(), StatusCode::OK);
    }
    // What a restart does to them (`pg_ctl stop -m fast` ends each with
    // admin_shutdown): only this test's database, not the whole shared cluster.
    let url = database.clone();
    tokio::task::spawn_blocking(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let ended = client
            .query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
                &[],
            )
            .unwrap()
            .len();
        assert!(ended >= 2, "ended {ended} idle connections");
        while connections(&mut client, 0) > 0 {
            std::thread::sleep(Duration::from_millis(20));
        }
    })
    .await
    .unwrap();
    let anonymous = server.anonymous();
    for n in 0..CAP * 2 {
        let (status, body) = anonymous.get("/api/v1/changes?limit=5").await;
        assert_eq!(
            status,
            StatusCode::OK,
            "request {n} after the restart: {body}"
        );
    }
    let (status, _) = server
        .signed_in(wijkgids_core::vocab::AccountRole::Coordinator, None)
        .await
        .get("/api/v1/me")
        .await;
    assert_eq!(status, StatusCode::OK);
}
