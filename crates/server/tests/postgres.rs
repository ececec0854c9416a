//! The PostgreSQL backend: change numbers that never skip a commit under
//! concurrent writers (SYNC.md test 3, at the storage), and several server
//! processes over one database. Skipped, loudly, without `WIJKGIDS_TEST_POSTGRES`
//! (scripts/test.sh always sets it).

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use common::{
    PASSWORD, ServerProcess, drop_postgres_database, postgres_database, postgres_fresh_database,
    run_cli_on, upsert,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;
use wijkgids_core::access::Actor;
use wijkgids_core::vocab::AccountRole;
use wijkgids_core::wire::{Mutation, Outcome};
use wijkgids_server::store::{NewAccountRecord, PostgresStorage, Storage, Texts, actor_of};

fn coordinator(storage: &PostgresStorage) -> Actor {
    let account = storage
        .insert_account(&NewAccountRecord {
            email: format!("{}@example.org", Uuid::new_v4().simple()),
            password_hash: "not used".into(),
            role: AccountRole::Coordinator,
            organisation_id: None,
        })
        .unwrap();
    actor_of(&account)
}

fn new_offering_mutation() -> Mutation {
    let mut offering = wijkgids_core::sample::sample_offering();
    offering.id = Uuid::new_v4();
    let data = serde_json::to_value(offering).unwrap();
    serde_json::from_value(upsert("offering", &data, 0)).unwrap()
}

fn applied_seq(storage: &PostgresStorage, actor: &Actor, mutation: &Mutation) -> u64 {
    let (_, results) = storage.push(actor, std::slice::from_ref(mutation)).unwrap();
    match results[0].outcome {
        Outcome::Applied { seq, .. } => seq,
        ref other => panic!("applied, got {other:?}"),
    }
}

/// Makes the next write stop before its commit, once, until released: answers
/// (it has stopped, release it).
fn hold_first_commit(storage: &PostgresStorage) -> (mpsc::Receiver<()>, mpsc::Sender<()>) {
    let (entered, entered_rx) = mpsc::channel::<()>();
    let (release, release_rx) = mpsc::channel::<()>();
    let release_rx = std::sync::Mutex::new(release_rx);
    let fired = AtomicBool::new(false);
    storage.set_before_commit(Some(Arc::new(move || {
        if !fired.swap(true, Ordering::SeqCst) {
            entered.send(()).unwrap();
            release_rx.lock().unwrap().recv().unwrap();
        }
    })));
    (entered_rx, release)
}

/// Whether a connection to this database waits for a lock (the later writer,
/// at the change counter).
fn someone_waits_for_a_lock(database: &str) -> bool {
    let mut client = postgres::Client::connect(database, postgres::NoTls).unwrap();
    let waiting: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
            &[],
        )
        .unwrap()
        .get(0);
    waiting > 0
}

/// A slow writer holds an earlier change number while a later writer tries to
/// commit, and a reader pulls in between. With numbers drawn before commit and
/// no order among commits (a `BIGSERIAL`), the later change is pulled first, the
/// cursor moves past the earlier one, and the reader never sees it. Here the later
/// writer waits for the earlier one, and after both commit the reader has every
/// change exactly once, in order.
#[test]
fn a_slow_writer_never_makes_a_reader_skip_its_change() {
    let Some(database) = postgres_fresh_database() else {
        return;
    };
    let storage = Arc::new(PostgresStorage::open(&database).unwrap());
    let actor = coordinator(&storage);
    let first = new_offering_mutation();
    let mut cursor = applied_seq(&storage, &actor, &first);

    // The slow writer stops before its commit, once, until released.
    let (entered_rx, release) = hold_first_commit(&storage);
    let slow_mutation = new_offering_mutation();
    let slow = {
        let (storage, actor, m) = (Arc::clone(&storage), actor, slow_mutation.clone());
        std::thread::spawn(move || applied_seq(&storage, &actor, &m))
    };
    entered_rx.recv().unwrap();
    let later_mutation = new_offering_mutation();
    let later = {
        let (storage, actor, m) = (Arc::clone(&storage), actor, later_mutation.clone());
        std::thread::spawn(move || applied_seq(&storage, &actor, &m))
    };
    // Until the later writer has committed (what a naive design lets it do) or
    // waits at a lock (what this one makes it do): no timing is asserted.
    while !later.is_finished() && !someone_waits_for_a_lock(&database) {
        std::thread::sleep(Duration::from_millis(5));
    }

    let mut seen = Vec::new();
    let mut pull = |cursor: &mut u64| {
        for change in storage.changes_after(*cursor, 100, Texts::All).unwrap() {
            assert!(change.seq > *cursor, "in order");
            *cursor = change.seq;
            seen.push((change.id, change.seq));
        }
    };
    pull(&mut cursor);
    release.send(()).unwrap();
    let slow_seq = slow.join().unwrap();
    let later_seq = later.join().unwrap();
    storage.set_before_commit(None);
    pull(&mut cursor);

    assert!(
        slow_seq < later_seq,
        "the slow writer drew its number first"
    );
    assert_eq!(
        seen,
        vec![(slow_mutation.id, slow_seq), (later_mutation.id, later_seq)],
        "every change once, in order"
    );
    assert_eq!(storage.latest_seq().unwrap(), later_seq);
    drop_postgres_database(&database);
}

/// A process frozen inside a write (here: before its commit, for good) holds the
/// change counter's lock; PostgreSQL ends its idle transaction, and the other
/// writers go on (an attack review froze one process: every push on the other
/// waited until it was resumed). The frozen write is not applied.
#[test]
fn a_writer_frozen_inside_its_transaction_does_not_stop_the_others() {
    let Some(database) = postgres_fresh_database() else {
        return;
    };
    // A short limit for the test; the server's own is IDLE_IN_TRANSACTION_TIMEOUT_MS.
    let quick = format!("{database} options='-c idle_in_transaction_session_timeout=300'");
    let storage = Arc::new(PostgresStorage::open(&quick).unwrap());
    let actor = coordinator(&storage);
    let (entered_rx, release) = hold_first_commit(&storage);
    let frozen = {
        let (storage, actor, m) = (Arc::clone(&storage), actor, new_offering_mutation());
        std::thread::spawn(move || storage.push(&actor, std::slice::from_ref(&m)).is_ok())
    };
    entered_rx.recv().unwrap();
    let started = std::time::Instant::now();
    applied_seq(&storage, &actor, &new_offering_mutation());
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the other writer waited {:?}",
        started.elapsed()
    );
    release.send(()).unwrap();
    assert!(
        !frozen.join().unwrap(),
        "the frozen write was ended, not applied"
    );
    storage.set_before_commit(None);
    drop_postgres_database(&database);
}

/// Many writers and pullers at once: every puller ends with every change, none
/// twice, numbers without gaps.
#[test]
fn concurrent_writers_commit_change_numbers_in_order() {
    let Some(database) = postgres_fresh_database() else {
        return;
    };
    let storage = Arc::new(PostgresStorage::open(&database).unwrap());
    let actor = coordinator(&storage);
    let done = Arc::new(AtomicBool::new(false));
    let pullers: Vec<_> = (0..3)
        .map(|_| {
            let (storage, done) = (Arc::clone(&storage), Arc::clone(&done));
            std::thread::spawn(move || {
                let (mut cursor, mut seen) = (0, Vec::new());
                loop {
                    let finished = done.load(Ordering::SeqCst);
                    loop {
                        let page = storage.changes_after(cursor, 5, Texts::All).unwrap();
                        if page.is_empty() {
                            break;
                        }
                        for change in page {
                            assert_eq!(change.seq, cursor + 1, "no gap, no repeat");
                            cursor = change.seq;
                            seen.push(change.id);
                        }
                    }
                    if finished {
                        return seen;
                    }
                }
            })
        })
        .collect();
    let writers: Vec<_> = (0..4)
        .map(|_| {
            let (storage, actor) = (Arc::clone(&storage), actor);
            std::thread::spawn(move || {
                (0..25)
                    .map(|_| {
                        let mutation = new_offering_mutation();
                        applied_seq(&storage, &actor, &mutation);
                        mutation.id
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut written: Vec<Uuid> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    done.store(true, Ordering::SeqCst);
    written.sort();
    for puller in pullers {
        let mut seen = puller.join().unwrap();
        seen.sort();
        assert_eq!(seen, written);
    }
    drop_postgres_database(&database);
}

fn new_offering() -> Value {
    let mut offering = wijkgids_core::sample::sample_offering();
    offering.id = Uuid::new_v4();
    serde_json::to_value(offering).unwrap()
}

/// Two server processes over one database (and one data folder for the cursor
/// key): a push on one is pulled from the other, a cursor of one is good on
/// the other, and a block on one signs the device out on the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_guide() {
    let Some(database) = postgres_fresh_database() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = Some(database.as_str());
    let coordinator = "coordinator@example.org";
    let publisher = "publisher@example.org";
    let password = format!("{PASSWORD}\n");
    run_cli_on(
        &data,
        db,
        &["user", "add", coordinator, "--role", "coordinator"],
        &password,
    );
    let organisation = wijkgids_core::sample::SAMPLE_ORGANISATION_ID.to_string();
    let one = ServerProcess::start_on(&data, db, false).await;
    let two = ServerProcess::start_on(&data, db, false).await;

    let on_one = one.sign_in(coordinator).await;
    let on_two = two.sign_in(coordinator).await;
    // The publisher's organisation, pushed on one.
    let sample = serde_json::to_value(wijkgids_core::sample::sample_organisation()).unwrap();
    let (status, results) = on_one.push(vec![upsert("organisation", &sample, 0)]).await;
    assert_eq!(status, StatusCode::OK, "{results}");
    run_cli_on(
        &data,
        db,
        &[
            "user",
            "add",
            publisher,
            "--role",
            "publisher",
            "--organisation",
            &organisation,
        ],
        &password,
    );

    let offering = new_offering();
    let (status, results) = on_one.push(vec![upsert("offering", &offering, 0)]).await;
    assert_eq!(status, StatusCode::OK, "{results}");
    assert_eq!(results["results"][0]["status"], "applied", "{results}");
    let (changes, cursor) = on_two.pull_all(500).await;
    assert!(
        changes.iter().any(|c| c["id"] == offering["id"]),
        "pushed on one, pulled from two"
    );
    // A cursor one handed out is good on two, and the reverse.
    let (status, page) = on_one
        .get(&format!("/api/v1/changes?cursor={cursor}"))
        .await;
    assert_eq!(
        (status, page["changes"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(0))
    );

    // A retry of the same mutation on the other process is a duplicate.
    let mutation = upsert("offering", &new_offering(), 0);
    let (_, first) = on_one.push(vec![mutation.clone()]).await;
    let (_, again) = on_two.push(vec![mutation]).await;
    assert_eq!(first["results"][0]["status"], "applied", "{first}");
    assert_eq!(again["results"][0]["status"], "duplicate", "{again}");

    // Blocked on one: signed out on two.
    let device = two.sign_in(publisher).await;
    let (status, me) = device.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
    let path = format!("/api/v1/accounts/{}", me["id"].as_str().unwrap());
    let (status, blocked) = on_one
        .send(
            Method::PATCH,
            &path,
            Some(json!({ "status": "blocked", "reason": "Misbruik" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{blocked}");
    let (status, _) = device.get("/api/v1/me").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "signed out on the other process"
    );
    one.stop().await;
    two.stop().await;
    drop_postgres_database(&database);
}

/// `copy` takes a guide from SQLite to PostgreSQL and back: records with their
/// versions and change numbers, accounts (their passwords work), remembered
/// mutation ids (a retry is a duplicate); devices see a new history and pull again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_keeps_the_guide_and_starts_a_new_history() {
    let Some(database) = postgres_fresh_database() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let coordinator = "coordinator@example.org";
    let password = format!("{PASSWORD}\n");
    run_cli_on(
        &data,
        None,
        &["user", "add", coordinator, "--role", "coordinator"],
        &password,
    );
    let sqlite = ServerProcess::start(&data, true).await;
    let client = sqlite.sign_in(coordinator).await;
    let mutation = upsert("offering", &new_offering(), 0);
    let (_, first) = client.push(vec![mutation.clone()]).await;
    assert_eq!(first["results"][0]["status"], "applied", "{first}");
    let (before, old_cursor) = client.pull_all(1000).await;
    sqlite.stop().await;

    let file = data.join("wijkgids.sqlite");
    let said = run_cli_on(
        &data,
        None,
        &["copy", "--from", file.to_str().unwrap(), "--to", &database],
        "",
    );
    assert!(
        said.contains(&format!("copied {} records", before.len())),
        "{said}"
    );
    // Into a database that holds a guide: refused, nothing written.
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_wijkgids-server"))
        .args(["copy", "--from", file.to_str().unwrap(), "--to", &database])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already holds a guide"));

    let pg_data = dir.path().join("pg-data");
    let postgres = ServerProcess::start_on(&pg_data, Some(&database), false).await;
    let client = postgres.sign_in(coordinator).await;
    let (status, _) = client
        .get(&format!("/api/v1/changes?cursor={old_cursor}"))
        .await;
    assert_eq!(
        status,
        StatusCode::GONE,
        "a new history: devices pull again"
    );
    let (after, _) = client.pull_all(1000).await;
    let key = |c: &Value| {
        (
            c["id"].clone(),
            c["version"].clone(),
            c["seq"].clone(),
            c["data"].clone(),
        )
    };
    assert_eq!(
        after.iter().map(key).collect::<Vec<_>>(),
        before.iter().map(key).collect::<Vec<_>>(),
        "records, versions and change numbers kept"
    );
    let (_, again) = client.push(vec![mutation]).await;
    assert_eq!(again["results"][0]["status"], "duplicate", "{again}");
    let (_, next) = client
        .push(vec![upsert("offering", &new_offering(), 0)])
        .await;
    let last = before
        .iter()
        .map(|c| c["seq"].as_u64().unwrap())
        .max()
        .unwrap();
    assert_eq!(next["results"][0]["seq"], last + 1, "numbers go on: {next}");
    postgres.stop().await;

    let back = dir.path().join("back").join("wijkgids.sqlite");
    let said = run_cli_on(
        &data,
        None,
        &["copy", "--from", &database, "--to", back.to_str().unwrap()],
        "",
    );
    assert!(
        said.contains(&format!("copied {} records", before.len() + 1)),
        "{said}"
    );
    let sqlite = ServerProcess::start(back.parent().unwrap(), false).await;
    let client = sqlite.sign_in(coordinator).await;
    let (back_again, _) = client.pull_all(1000).await;
    assert_eq!(back_again.len(), before.len() + 1);
    sqlite.stop().await;
    drop_postgres_database(&database);
}

/// Sign-in attempts count across processes: wrong passwords sent to two
/// processes in turn are refused once the limit is reached in all, although
/// neither process saw that many; a right password then waits too, and `user
/// unblock` clears the count on both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_attempts_count_across_processes() {
    let email = "coordinator@example.org";
    let Some(processes) = TwoProcesses::with_coordinator(email).await else {
        return;
    };
    let (data, db) = (processes.data(), Some(processes.database.as_str()));
    let clients = processes
        .servers
        .each_ref()
        .map(|s| common::Client::anonymous(&s.base));
    let attempts = wijkgids_server::auth::limiter::ATTEMPTS as usize;
    for n in 0..attempts {
        let (status, body) = clients[n % 2].try_sign_in(email, "fout wachtwoord").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {n}: {body}");
    }
    for client in &clients {
        let (status, body) = client.try_sign_in(email, PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    }
    run_cli_on(&data, db, &["user", "unblock", email], "");
    for client in &clients {
        let (status, body) = client.try_sign_in(email, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    processes.stop().await;
}

/// Two server processes over a fresh schema of the test cluster, with a
/// coordinator's account made by `user add` (password [`PASSWORD`]).
struct TwoProcesses {
    database: String,
    dir: tempfile::TempDir,
    servers: [ServerProcess; 2],
}

impl TwoProcesses {
    async fn with_coordinator(email: &str) -> Option<TwoProcesses> {
        let database = postgres_database()?;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let db = Some(database.as_str());
        let password = format!("{PASSWORD}\n");
        run_cli_on(
            &data,
            db,
            &["user", "add", email, "--role", "coordinator"],
            &password,
        );
        let servers = [
            ServerProcess::start_on(&data, db, false).await,
            ServerProcess::start_on(&data, db, false).await,
        ];
        Some(TwoProcesses {
            database,
            dir,
            servers,
        })
    }

    fn data(&self) -> std::path::PathBuf {
        self.dir.path().join("data")
    }

    async fn stop(self) {
        let [one, two] = self.servers;
        one.stop().await;
        two.stop().await;
        drop_postgres_database(&self.database);
    }
}

/// `POST path` with `body` from `http` (a client bound to one loopback address)
/// to `base`: the status, and the device cookie set (`name=value`), sending
/// `cookie` if given.
async fn post_from(
    http: &reqwest::Client,
    base: &str,
    path: &str,
    body: Value,
    cookie: Option<&str>,
) -> (StatusCode, Option<String>) {
    let mut request = http.post(format!("{base}{path}")).json(&body);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("server answers");
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    (response.status(), cookie)
}

/// A client whose connections come from `address` (127.x.y.z: every one is this
/// machine's).
fn client_from(address: std::net::Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::V4(address))
        .build()
        .unwrap()
}

/// Sends the `n`th request of a burst (`request(n)`: the client, the path and the
/// body) to process `n % 2`, all at once; the statuses in order.
async fn burst(
    bases: &[String; 2],
    tries: u32,
    request: impl Fn(u32) -> (reqwest::Client, &'static str, Value),
) -> Vec<StatusCode> {
    let tasks: Vec<_> = (0..tries)
        .map(|n| {
            let (http, path, body) = request(n);
            let base = bases[(n % 2) as usize].clone();
            tokio::spawn(async move { post_from(&http, &base, path, body, None).await.0 })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses
}

/// How many of a burst passed the limit (anything but 429: a wrong password,
/// an unknown link, a request refused on its content, or 503 while the password
/// hashes were busy, each counted before).
fn passed(statuses: &[StatusCode]) -> usize {
    statuses
        .iter()
        .filter(|s| **s != StatusCode::TOO_MANY_REQUESTS)
        .count()
}

/// Bursts of 40 requests at once, split between two processes over one database,
/// each against one limit, are limited exactly as on one process: per e-mail and
/// address, per address across e-mail addresses, the delay for addresses new to
/// an account, account requests and reset link tries per address. A known device
/// (its proof made on one process) passes the delay on the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bursts_split_across_two_processes_are_limited_as_on_one() {
    use wijkgids_server::auth::limiter::{
        ADDRESS_ATTEMPTS, ATTEMPTS, EMAIL_FREE, REQUESTS, RESET_ATTEMPTS,
    };
    let coordinator = "coordinator@example.org";
    let Some(processes) = TwoProcesses::with_coordinator(coordinator).await else {
        return;
    };
    let bases = processes.servers.each_ref().map(|s| s.base.clone());
    let sign_in = "/api/v1/session";
    let wrong = |email: &str| json!({ "email": email, "password": "fout wachtwoord" });
    let address =
        |c: u8, d: u32| std::net::Ipv4Addr::new(127, c, (d / 250) as u8, 1 + (d % 250) as u8);

    // The coordinator's device signs in on one and keeps its cookie.
    let device = client_from(address(60, 0));
    let right = json!({ "email": coordinator, "password": PASSWORD });
    let (status, cookie) = post_from(&device, &bases[0], sign_in, right.clone(), None).await;
    assert_eq!(status, StatusCode::OK);
    let cookie = cookie
        .filter(|c| c.starts_with("wijkgids_device="))
        .unwrap();

    let one = client_from(address(61, 0));
    let statuses = burst(&bases, 40, |_| (one.clone(), sign_in, wrong(coordinator))).await;
    assert_eq!(
        passed(&statuses),
        ATTEMPTS as usize,
        "per e-mail and address: {statuses:?}"
    );

    let one = client_from(address(62, 0));
    let statuses = burst(&bases, 40, |n| {
        (one.clone(), sign_in, wrong(&format!("{n}@example.org")))
    })
    .await;
    assert_eq!(
        passed(&statuses),
        ADDRESS_ATTEMPTS as usize,
        "per address: {statuses:?}"
    );

    // Addresses new to the coordinator: EMAIL_FREE go (the burst's and the first
    // of the burst before); the next waits a second after the last of them.
    let started = std::time::Instant::now();
    let statuses = burst(&bases, 40, |n| {
        (client_from(address(63, n)), sign_in, wrong(coordinator))
    })
    .await;
    assert_eq!(
        passed(&statuses),
        EMAIL_FREE as usize - 1,
        "new addresses, in {:?}: {statuses:?}",
        started.elapsed()
    );
    // The coordinator's e-mail was tried 14 times: an address that failed for it
    // waits 16 s after its own last attempt, but not a known device, on either
    // process: its proof made on one is good on the other.
    let (status, _) = post_from(
        &device,
        &bases[0],
        sign_in,
        wrong(coordinator),
        Some(&cookie),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = post_from(&device, &bases[1], sign_in, right, Some(&cookie)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the known device, on the other process"
    );

    let one = client_from(address(65, 0));
    let request = json!({ "email": "geen adres", "password": PASSWORD, "name": "X",
                          "organisation_id": Uuid::new_v4() });
    let statuses = burst(&bases, 40, |_| {
        (one.clone(), "/api/v1/account-requests", request.clone())
    })
    .await;
    assert_eq!(
        passed(&statuses),
        REQUESTS as usize,
        "account requests: {statuses:?}"
    );

    let link = json!({ "token": "0".repeat(64) });
    let statuses = burst(&bases, 40, |_| {
        (one.clone(), "/api/v1/password-reset/check", link.clone())
    })
    .await;
    assert_eq!(
        passed(&statuses),
        RESET_ATTEMPTS as usize,
        "reset links: {statuses:?}"
    );
    processes.stop().await;
}

/// A second process started with another cursor key (its own data folder, the
/// key file not copied) refuses to start rather than switch the guide to a new
/// history behind the first's back; with `--new-history` it does so on purpose,
/// and then a cursor the first signed is 410 on it (not 400: only 410 gets a
/// device going again).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_with_another_cursor_key_refuses_to_start() {
    let Some(database) = postgres_fresh_database() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = Some(database.as_str());
    let one = ServerProcess::start_on(&dir.path().join("one"), db, true).await;
    let first = common::Client::anonymous(&one.base);
    let (_, cursor) = first.pull_all(500).await;

    let other = dir.path().join("other");
    let refused = tokio::time::timeout(
        Duration::from_secs(60),
        ServerProcess::serve_command(&other, db, true, &[])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .output(),
    )
    .await
    .expect("it stops at once")
    .unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("wijkgids.cursor-key") && said.contains("--new-history"),
        "{said}"
    );
    let (status, page) = first.get(&format!("/api/v1/changes?cursor={cursor}")).await;
    assert_eq!(status, StatusCode::OK, "the history is kept: {page}");

    let two = ServerProcess::start_with(&other, db, true, &["--new-history"]).await;
    let second = common::Client::anonymous(&two.base);
    let (status, body) = second
        .get(&format!("/api/v1/changes?cursor={cursor}"))
        .await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::GONE, &json!("cursor_expired"))
    );
    // The first process signs cursors of the new history with its own key.
    let (_, signed_by_one) = first.pull_all(500).await;
    let (status, body) = second
        .get(&format!("/api/v1/changes?cursor={signed_by_one}"))
        .await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::GONE, &json!("cursor_expired")),
        "a cursor of another key: {body}"
    );
    one.stop().await;
    two.stop().await;
    drop_postgres_database(&database);
}
