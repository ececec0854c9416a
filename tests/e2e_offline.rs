//! End to end: the installable app. After one visit the service worker has the
//! app shell, so with the server stopped the app still starts, searches and opens
//! a deep link; a newer build waits until the person agrees, then runs with the
//! device's data intact.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::Path;
use std::time::Duration;

use fantoccini::Locator;
use fantoccini::key::Key;
use support::{Browser, Server, required_path, wait_for_sync};

/// A browser that has visited the app once: synced, and controlled by the
/// service worker (so the app shell is on the device).
async fn visited_once() -> (Server, Browser) {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.wait_until_controlled().await;
    (server, browser)
}

/// A page loaded past the service worker (a hard reload here; in the field, a
/// page whose load began just before the first worker took over) asks it to take
/// control, so that it too keeps working when the line drops.
#[tokio::test(flavor = "multi_thread")]
async fn a_page_loaded_past_the_service_worker_is_taken_over() {
    let (server, browser) = visited_once().await;
    browser.script("window.reloaded = false;").await;
    support::cdp(
        &browser,
        "Page.reload",
        serde_json::json!({ "ignoreCache": true }),
    )
    .await;
    for _ in 0..100 {
        let state = browser
            .script("return window.reloaded === undefined && document.readyState;")
            .await;
        if state == "complete" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for_sync(&browser).await;
    browser.wait_until_controlled().await;
    browser.finish(server).await;
}

/// How many values the device's guide database holds in `pages` and `copies`.
const STORED_COUNTS: &str = "const done = arguments[0];
    const open = indexedDB.open('wijkgids');
    open.onerror = () => done({ error: String(open.error) });
    open.onsuccess = () => {
        const tx = open.result.transaction(['pages', 'copies']);
        const counts = {};
        for (const name of ['pages', 'copies']) {
            const count = tx.objectStore(name).count();
            count.onsuccess = () => { counts[name] = count.result; };
        }
        tx.oncomplete = () => { open.result.close(); done(counts); };
    };";

async fn type_into_search(browser: &Browser, text: &str) {
    browser
        .client
        .find(Locator::Css("#q"))
        .await
        .expect("search box")
        .send_keys(text)
        .await
        .expect("type");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_the_server_stopped_the_app_starts_searches_and_opens_a_deep_link() {
    let (server, browser) = visited_once().await;
    // An offering to open later by its URL.
    browser.visit(&server, "/zoeken?q=wandel").await;
    let card = browser
        .client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=results] .card-title a"))
        .await
        .expect("a result");
    let (href, title) = (
        card.attr("href").await.expect("href").expect("a link"),
        card.text().await.expect("title"),
    );
    // The first pull was stored as whole pages, with no row per record.
    let stored = browser
        .client
        .execute_async(STORED_COUNTS, vec![])
        .await
        .expect("count the stores");
    assert!(stored["pages"].as_u64() > Some(0), "{stored}");
    assert_eq!(stored["copies"].as_u64(), Some(0), "{stored}");
    let port = server.port();
    let _data = server.stop().await;
    let url = format!("http://127.0.0.1:{port}");

    // No server at all: the shell comes from the service worker, the guide from IndexedDB.
    browser
        .client
        .goto(&format!("{url}/"))
        .await
        .expect("reload");
    browser
        .wait_for_text("[data-testid=sync-status]", "Offline")
        .await;
    type_into_search(&browser, "wandel").await;
    browser
        .wait_until("[data-testid=results] .card-title", |t| {
            t.to_lowercase().contains("wandel")
        })
        .await;
    browser.screenshots("offline-results").await;

    browser
        .client
        .goto(&format!("{url}{href}"))
        .await
        .expect("deep link");
    browser.wait_for_text("h1", &title).await;
    browser.close().await;
}

/// A copy of the built app that is a newer build: the same files under a new
/// build number, which changes the service worker and the page.
fn newer_build(from: &Path, to: &Path, old: &str, new: &str) {
    for entry in std::fs::read_dir(from).expect("read the app folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
            newer_build(&entry.path(), &target, old, new);
            continue;
        }
        let name = entry.file_name();
        if name == "sw.js" || name == "index.html" {
            let text = std::fs::read_to_string(entry.path()).expect("read");
            std::fs::write(target, text.replace(old, new)).expect("write");
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

async fn build_shown(browser: &Browser) -> String {
    browser
        .wait_for_text("[data-testid=version]", "build")
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_newer_build_waits_for_the_person_and_then_runs_with_the_data_intact() {
    let (server, browser) = visited_once().await;
    // Something of the person's on the device: a favourite.
    browser.visit(&server, "/zoeken?q=wandel").await;
    browser.click("[data-testid=results] .card-title a").await;
    let title = browser.wait_until("h1", |t| !t.is_empty()).await;
    browser.click("[data-testid=favourite]").await;
    browser.visit(&server, "/instellingen").await;
    let old_build = build_shown(&browser).await;
    let old_build = old_build
        .rsplit("build ")
        .next()
        .map(|b| b.trim_end_matches(')').to_string())
        .expect("build number");
    let count = browser
        .wait_until("[data-testid=data-count]", |t| !t.ends_with(": 0"))
        .await;

    // The server comes back with a newer build.
    let port = server.port();
    let data_dir = server.stop().await;
    let app = tempfile::tempdir().expect("app copy");
    let new_build = "0123456789abcdef";
    newer_build(
        &required_path("WIJKGIDS_APP_DIR"),
        app.path(),
        &old_build,
        new_build,
    );
    let server = Server::start_serving(data_dir, port, app.path()).await;

    // The open app goes on as it was, and says a new version is waiting.
    browser.visit(&server, "/").await;
    browser
        .wait_for_text("[data-testid=update-notice]", "Nieuwe versie beschikbaar")
        .await;
    browser.screenshots("update-notice").await;
    browser.visit(&server, "/instellingen").await;
    assert!(
        build_shown(&browser).await.contains(&old_build),
        "still the old build"
    );

    // Agreed: the new version runs, with the favourite and the guide still there.
    browser.click("[data-testid=update-notice] button").await;
    browser
        .wait_for_text("[data-testid=version]", new_build)
        .await;
    browser.wait_until_controlled().await;
    assert_eq!(
        browser
            .wait_until("[data-testid=data-count]", |t| !t.ends_with(": 0"))
            .await,
        count
    );
    browser.visit(&server, "/favorieten").await;
    browser.wait_for_text("main", &title).await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_manifest_makes_it_installable_and_the_install_button_uses_the_offer() {
    let (server, browser) = visited_once().await;
    // The manifest as the browser reads it, and every icon it names really drawn
    // at its size.
    let check = "const done = arguments[0];
        (async () => {
            const link = document.querySelector('link[rel=manifest]');
            const manifest = await (await fetch(link.href)).json();
            const icons = [];
            for (const icon of manifest.icons) {
                const img = new Image();
                img.src = icon.src;
                await img.decode();
                icons.push(`${icon.purpose} ${icon.sizes} ${img.naturalWidth}`);
            }
            return [manifest.lang, manifest.start_url, manifest.display, ...icons].join('|');
        })().then(done, (e) => done('failed: ' + e));";
    let found = browser
        .client
        .execute_async(check, vec![])
        .await
        .expect("manifest");
    assert_eq!(
        found.as_str().unwrap_or_default(),
        "nl|/|standalone|any 192x192 192|any 512x512 512|maskable 512x512 512|any any 64"
    );

    // Headless Chromium makes no install offer of its own: make the one a phone's
    // browser would, and see the button appear on the front page and use it.
    let offer = "const e = new Event('beforeinstallprompt', { cancelable: true });
        e.prompt = () => { window.installPrompted = true; };
        dispatchEvent(e);";
    browser.client.execute(offer, vec![]).await.expect("offer");
    browser.click("[data-testid=install]").await;
    let prompted = browser
        .client
        .execute("return window.installPrompted === true", vec![])
        .await
        .expect("prompted");
    assert_eq!(prompted, serde_json::Value::Bool(true));
    // One offer, one prompt: the button goes away.
    assert!(browser.texts("[data-testid=install]").await.is_empty());
    browser.finish(server).await;
}

/// A page left open when the phone loses its connection says so at once (the
/// browser's offline signal), not "up to date" until the next sync minutes
/// later; and "up to date" again when the connection is back.
#[tokio::test]
async fn an_open_page_says_offline_as_soon_as_the_connection_goes() {
    let (server, browser) = phone_up_to_date_at("/agenda").await;
    browser.emulate_line(true, 0, None).await;
    browser
        .wait_until("[data-testid=sync-status]", |t| t.starts_with("Offline"))
        .await;
    browser.emulate_line(false, 0, None).await;
    wait_for_sync(&browser).await;
    browser.finish(server).await;
}

/// With the Wi-Fi up but no internet, the browser never says it is offline and
/// the guide's tries wait longer each time (up to minutes): "Opnieuw proberen"
/// beside the offline line tries now, shows it tries, and says what came of it.
#[tokio::test(flavor = "multi_thread")]
async fn offline_with_the_wifi_up_someone_can_try_again_now() {
    let (server, browser) = phone_up_to_date_at("/zoeken?q=koffie").await;
    assert!(
        browser.texts("[data-testid=sync-retry]").await.is_empty(),
        "no retry while the guide is up to date"
    );
    browser.internet(false);
    // The browser says it is online: the guide tries, and fails.
    browser
        .script("window.dispatchEvent(new Event('online'));")
        .await;
    browser
        .wait_until("[data-testid=sync-status]", |t| t.starts_with("Offline"))
        .await;
    browser
        .wait_for_text("[data-testid=sync-retry]", "Opnieuw proberen")
        .await;
    browser
        .script("window.__said = []; new MutationObserver(() => window.__said.push(document.querySelector('[data-testid=sync-announced]').textContent)).observe(document.querySelector('[data-testid=sync-announced]'), {childList: true, subtree: true, characterData: true});")
        .await;
    // Still nothing to reach: the tap shows the try, offline is said again, and
    // the focus stays on the button for another go.
    browser.focus("[data-testid=sync-retry]").await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_text("[data-testid=sync-retry]", "Bezig met proberen")
        .await;
    browser
        .wait_for_text("[data-testid=sync-retry]", "Opnieuw proberen")
        .await;
    assert!(
        browser
            .texts("[data-testid=sync-status]")
            .await
            .concat()
            .starts_with("Offline")
    );
    let said = heard(&browser, "Offline").await;
    assert!(
        said.to_string().contains("Offline"),
        "said again after the try: {said}"
    );
    let focus = browser.focused().await;
    assert!(focus.contains("[sync-retry]"), "{focus}");
    // Reachable again: the try brings the guide up to date at once, says so, and
    // the focus goes to the line that says it.
    browser.internet(true);
    browser.press(Key::Enter).await;
    browser
        .wait_until("[data-testid=sync-status]", |t| {
            t.starts_with("Bijgewerkt om")
        })
        .await;
    let said = heard(&browser, "Bijgewerkt om").await;
    assert!(said.to_string().contains("Bijgewerkt om"), "{said}");
    browser
        .wait_for_focus(|f| f.contains("[sync-status]"))
        .await;
    assert!(browser.texts("[data-testid=sync-retry]").await.is_empty());
    browser.finish(server).await;
}

/// A phone at `path` of a new server's guide, once it is up to date.
async fn phone_up_to_date_at(path: &str) -> (Server, Browser) {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.phone().await;
    browser.visit(&server, path).await;
    wait_for_sync(&browser).await;
    (server, browser)
}

/// What the status line's live region has said since the watch began, once it
/// has said `text` (or after five seconds).
async fn heard(browser: &Browser, text: &str) -> serde_json::Value {
    let mut said = serde_json::Value::Null;
    for _ in 0..50 {
        said = browser.script("return window.__said;").await;
        if said.to_string().contains(text) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    said
}
