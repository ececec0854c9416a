//! End to end: a network that stalls, hangs up or cuts an answer short. The app is
//! loaded through a loopback proxy in front of the real server (`support::proxy`).
//! While requests hang, a reload shows the device's guide, "Mijn aanbod", an edit
//! screen and the choice screen at once; the status line does not claim to be up to
//! date and soon says offline; an edit saved meanwhile is kept and, once the network
//! passes again, reaches the server by the back-off alone. A dropped connection, an
//! answer whose body stalls, and a pull cut off mid-answer each end as a retry.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::proxy::{Mode, Proxy};
use support::{Browser, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PASSWORD: &str = "lang genoeg wachtwoord 7";
const COORDINATOR: &str = "coordinator@example.org";
/// Demo offerings: one whose edit crosses another change (the choice screen), and
/// one edited while the network stalls.
const CROSSED: &str = "14394e9d-7784-5f7e-a2bb-08b554d03f61";
const STALLED: &str = "985fd934-6215-58d1-9cdc-8b40917eb441";
const STATUS: &str = "[data-testid=sync-status]";
/// What "appears from the device" may take after a reload.
const AT_ONCE: Duration = Duration::from_secs(5);
/// A stalled request is given up after 15 s of silence (`api::SILENCE_MS`).
const GIVEN_UP: Duration = Duration::from_secs(40);
/// A retry after the network is back: the back-off's wait, plus a request that
/// was already stalled when it came back.
const RETRIED: Duration = Duration::from_secs(75);

/// Opens `path` of the app as loaded through the proxy.
async fn open(browser: &Browser, proxy: &Proxy, path: &str) {
    let url = format!("{}{path}", proxy.url);
    browser
        .client
        .goto(&url)
        .await
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
}

/// Waits up to `limit` until the element's text passes `check`; returns the text.
async fn within(
    browser: &Browser,
    limit: Duration,
    css: &str,
    check: impl Fn(&str) -> bool,
) -> String {
    let started = Instant::now();
    loop {
        let text = browser.texts(css).await.join("\n");
        if check(&text) {
            return text;
        }
        if started.elapsed() > limit {
            let status = browser.texts(STATUS).await;
            let main = browser.texts("body").await;
            let shot = browser.screenshot("stall-failed", 360).await;
            panic!(
                "`{css}` did not pass the check within {limit:?}; last text: {text:?}; \
                 status {status:?}; page {main:?}; see {}",
                shot.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// One request straight to the server (not through the proxy), as JSON.
async fn direct(
    server: &Server,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Value {
    let host = server.url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
         Accept: application/json\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n",
        body.len()
    );
    if let Some(token) = token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("send");
    stream.write_all(body.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("answer");
    let answer = String::from_utf8(answer).expect("text");
    let (head, mut body) = answer.split_once("\r\n\r\n").expect("headers");
    assert!(head.starts_with("HTTP/1.1 2"), "{method} {path}: {answer}");
    let mut unchunked = String::new();
    if head.to_lowercase().contains("transfer-encoding: chunked") {
        while let Some((size, rest)) = body.split_once("\r\n") {
            let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
            unchunked.push_str(&rest[..size]);
            body = rest[size..].trim_start_matches("\r\n");
            if size == 0 {
                break;
            }
        }
        body = &unchunked;
    }
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{method} {path}: {e}: {body}"))
}

/// The offering `id` as the server holds it now.
async fn on_server(server: &Server, token: &str, id: &str) -> Value {
    let page = direct(
        server,
        "GET",
        "/api/v1/changes?limit=1000",
        Some(token),
        None,
    )
    .await;
    page["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["id"] == id)
        .cloned()
        .expect("the offering")
}

/// A browser at a phone's width with the app loaded through `proxy` at `path`,
/// its service worker in control (so a reload needs no network).
async fn phone(proxy: &Proxy, path: &str) -> Browser {
    let browser = Browser::start().await;
    browser
        .client
        .set_window_size(360, 900)
        .await
        .expect("phone size");
    open(&browser, proxy, path).await;
    browser.wait_until_controlled().await;
    browser
}

/// Adds `text` at the end of a field of an offering's form, and saves.
async fn edit(browser: &Browser, proxy: &Proxy, id: &str, field: &str, text: &str) {
    open(browser, proxy, &format!("/mijn-aanbod/{id}")).await;
    browser.type_into(field, text).await;
    browser.click("[data-testid=save]").await;
    browser.wait_for_text("h1", "Mijn aanbod").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_network_never_hides_the_device_s_guide_and_the_edit_arrives_after() {
    let server = Server::start().await;
    server
        .add_user(COORDINATOR, "coordinator", None, PASSWORD)
        .await;
    let proxy = Proxy::start(&server.url).await;
    let browser = phone(&proxy, "/inloggen").await;
    browser.sign_in_attempt(COORDINATOR, PASSWORD).await;
    browser
        .wait_for_text("[data-testid=account]", COORDINATOR)
        .await;
    within(&browser, RETRIED, STATUS, |t| t.contains("Bijgewerkt om")).await;
    let session = direct(
        &server,
        "POST",
        "/api/v1/session",
        None,
        Some(json!({ "email": COORDINATOR, "password": PASSWORD })),
    )
    .await;
    let token = session["token"].as_str().expect("a token").to_string();

    // Connections dropped: the edit waits, the sync ends as offline, not syncing.
    proxy.set(Mode::Drop);
    edit(&browser, &proxy, CROSSED, "#summary", " Ook in de regen.").await;
    within(&browser, GIVEN_UP, STATUS, |t| {
        t.contains("Offline") && t.contains("1 wijziging wacht")
    })
    .await;
    // Meanwhile the offering changes on the server, so the edit will cross it.
    let current = on_server(&server, &token, CROSSED).await;
    let mut data = current["data"].clone();
    data["summary"] = json!("Een andere samenvatting.");
    let pushed = direct(
        &server,
        "POST",
        "/api/v1/mutations",
        Some(&token),
        Some(json!({
            "client_id": "00000000-0000-4000-8000-000000000001",
            "mutations": [{
                "mutation_id": "00000000-0000-4000-8000-000000000002",
                "op": "upsert", "kind": "offering", "id": CROSSED,
                "base_version": current["version"], "data": data,
            }],
        })),
    )
    .await;
    assert_eq!(pushed["results"][0]["status"], "applied", "{pushed}");
    // Back: the back-off alone sends the edit, which now waits for a decision.
    proxy.set(Mode::Pass);
    open(&browser, &proxy, "/mijn-aanbod").await;
    within(&browser, RETRIED, "[data-testid=my-offering]", |t| {
        t.contains("Kies wat er moet gebeuren")
    })
    .await;

    // Requests stall. An edit saved meanwhile is kept.
    proxy.set(Mode::Stall);
    edit(&browser, &proxy, STALLED, "#title", " (stil)").await;
    // A reload while the push hangs: everything on the device shows at once.
    let reloaded = Instant::now();
    open(&browser, &proxy, &format!("/mijn-aanbod/{STALLED}")).await;
    within(&browser, AT_ONCE, "main .card-title", |t| {
        t.contains("Taalcafé (stil)")
    })
    .await;
    open(&browser, &proxy, &format!("/mijn-aanbod/{CROSSED}/kiezen")).await;
    within(&browser, AT_ONCE, "[data-testid=clash]", |t| {
        t.contains("Ook in de regen.")
    })
    .await;
    open(&browser, &proxy, "/zoeken?q=wandelen").await;
    within(&browser, AT_ONCE, "[data-testid=results]", |t| {
        t.contains("Wandelen met de huisarts")
    })
    .await;
    open(&browser, &proxy, "/mijn-aanbod").await;
    within(&browser, AT_ONCE, "main", |t| {
        t.contains("Taalcafé (stil)")
            && t.contains("Wacht op versturen")
            && t.contains("Kies wat er moet gebeuren")
    })
    .await;
    let status = browser.wait_until(STATUS, |t| !t.is_empty()).await;
    assert!(
        !status.contains("Bijgewerkt") && !status.contains("geladen"),
        "{status}"
    );
    browser.screenshot("stalled-my-offerings", 360).await;
    // The stalled push is given up: offline, with both edits waiting.
    within(&browser, GIVEN_UP, STATUS, |t| {
        t.contains("Offline") && t.contains("2 wijzigingen wachten")
    })
    .await;
    assert!(
        reloaded.elapsed() > Duration::from_secs(10),
        "offline only once the request was given up"
    );
    browser.screenshot("stalled-offline", 360).await;

    // The network passes again: the back-off sends the edit, and the line says so.
    proxy.set(Mode::Pass);
    let started = Instant::now();
    loop {
        let offering = on_server(&server, &token, STALLED).await;
        if offering["data"]["title"]
            .as_str()
            .unwrap_or_default()
            .contains("(stil)")
        {
            break;
        }
        assert!(
            started.elapsed() < RETRIED,
            "the edit never reached the server"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    within(&browser, RETRIED, STATUS, |t| t.contains("Bijgewerkt om")).await;

    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_connection_a_stalled_answer_and_a_cut_pull_each_end_as_a_retry() {
    let server = Server::start().await;
    let proxy = Proxy::start(&server.url).await;
    let browser = phone(&proxy, "/instellingen").await;
    within(&browser, RETRIED, STATUS, |t| t.contains("Bijgewerkt om")).await;
    let count = browser
        .wait_until("[data-testid=data-count]", |t| !t.ends_with(": 0"))
        .await;

    // Connections closed as soon as they open: offline, then retried.
    proxy.set(Mode::Drop);
    browser.say_online().await;
    within(&browser, GIVEN_UP, STATUS, |t| t.contains("Offline")).await;
    proxy.set(Mode::Pass);
    within(&browser, RETRIED, STATUS, |t| t.contains("Bijgewerkt om")).await;

    // An answer whose body stalls after its headers: given up once it has been
    // silent for the limit, not left syncing; then retried.
    proxy.set(Mode::StallBody);
    browser.say_online().await;
    within(&browser, GIVEN_UP, STATUS, |t| t.contains("Bijwerken")).await;
    let asked = Instant::now();
    within(&browser, GIVEN_UP, STATUS, |t| t.contains("Offline")).await;
    assert!(asked.elapsed() > Duration::from_secs(12), "given up early");
    proxy.set(Mode::Pass);
    within(&browser, RETRIED, STATUS, |t| t.contains("Bijgewerkt om")).await;

    // The whole guide pulled again, cut off in the middle of its first page.
    proxy.set(Mode::Cut);
    browser
        .client
        .execute("window.confirm = () => true", vec![])
        .await
        .expect("confirm");
    browser
        .client
        .find(fantoccini::Locator::XPath(
            "//button[contains(., 'Wis de gids')]",
        ))
        .await
        .expect("the clear button")
        .click()
        .await
        .expect("clear");
    within(&browser, GIVEN_UP, STATUS, |t| t.contains("Offline")).await;
    assert_ne!(
        browser
            .wait_until("[data-testid=data-count]", |_| true)
            .await,
        count
    );
    proxy.set(Mode::Pass);
    within(&browser, RETRIED, STATUS, |t| t.contains("Bijgewerkt om")).await;
    assert_eq!(
        browser
            .wait_until("[data-testid=data-count]", |t| *t == count)
            .await,
        count
    );
    browser.finish(server).await;
}
