//! End to end: the first screen is a small app of its own that works before the
//! guide has arrived (front page, needs, what is on today from the device), and
//! the guide takes over from it without losing what was typed.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::Path;

use fantoccini::Locator;
use support::{Browser, Server, required_path, wait_for_sync};

const TODAY: &str = "main .cards .card-title";

/// A hash the browser has not cached the guide under.
const NEW_HASH: &str = "feedfacefeedface";

/// Copies the built app into `to` with the guide under new names (so the browser's
/// cache does not have it), set aside so it cannot load until [`put_back_guide`].
fn copy_app_without_guide(from: &Path, to: &Path) {
    let guide_hash = |name: &str| {
        let rest = name.strip_prefix("wijkgids-guide-")?;
        Some(rest.split(['.', '_']).next()?.to_string())
    };
    for entry in std::fs::read_dir(from).expect("read the app folder") {
        let entry = entry.expect("app folder entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().expect("file type").is_dir() {
            std::fs::create_dir_all(to.join(&name)).expect("make a folder");
            copy_app_without_guide(&entry.path(), &to.join(&name));
        } else if let Some(hash) = guide_hash(&name) {
            let renamed = name.replace(&hash, NEW_HASH);
            std::fs::copy(entry.path(), to.join(format!("held-{renamed}"))).expect("copy");
            let index = to.join("index.html");
            let html = std::fs::read_to_string(from.join("index.html")).expect("index.html");
            std::fs::write(index, html.replace(&hash, NEW_HASH)).expect("write index.html");
        } else if !to.join(&name).exists() {
            std::fs::copy(entry.path(), to.join(&name)).expect("copy a file");
        }
    }
}

fn put_back_guide(dir: &Path) {
    for entry in std::fs::read_dir(dir).expect("read the app folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(rest) = name.strip_prefix("held-") {
            std::fs::rename(dir.join(&name), dir.join(rest)).expect("put the guide back");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_screen_works_before_the_guide_and_hands_over_what_was_typed() {
    // A visit with the whole guide: it syncs and leaves today's digest on the device.
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.wait_for_text("main", "Vandaag in de wijk").await;
    let today = browser.texts(TODAY).await;
    let port = server.port();

    // The same site again, but the guide cannot arrive (as on a connection that
    // drops after the first screen, before the service worker kept the app).
    browser.forget_service_worker().await;
    let data_dir = server.stop().await;
    let app = tempfile::tempdir().expect("app copy");
    copy_app_without_guide(&required_path("WIJKGIDS_APP_DIR"), app.path());
    let server = Server::start_serving(data_dir, port, app.path()).await;
    browser.visit(&server, "/").await;
    browser
        .wait_for_text("[data-testid=sync-status]", "kan nu niet laden")
        .await;
    assert_eq!(browser.texts(".tiles .tile").await.len(), 13);
    assert_eq!(
        browser.texts(TODAY).await,
        today,
        "today's cards from the device"
    );
    browser.screenshots("first-screen-without-guide").await;

    // Typing starts on the first screen; the guide arrives when the browser is
    // back online, takes over, and the search goes on with the same text.
    browser
        .client
        .find(Locator::Css("#q"))
        .await
        .expect("search box")
        .send_keys("wandel")
        .await
        .expect("type");
    put_back_guide(app.path());
    browser.say_online().await;
    search_goes_on_with_wandel(&browser, "wandel").await;

    browser.finish(server).await;
}

/// What the search box holds.
async fn box_value(browser: &Browser) -> serde_json::Value {
    browser
        .client
        .execute("return document.getElementById('q').value", vec![])
        .await
        .expect("box value")
}

/// The guide has taken over and searches what was typed ("wandel"), the box
/// holding it and the focus: a result whose title has `in_title` shows.
async fn search_goes_on_with_wandel(browser: &Browser, in_title: &str) {
    browser
        .wait_until("[data-testid=results] .card-title", |t| {
            t.to_lowercase().contains(in_title)
        })
        .await;
    let url = browser.client.current_url().await.expect("url");
    assert_eq!((url.path(), url.query()), ("/zoeken", Some("q=wandel")));
    let (active, value) = (
        browser
            .client
            .execute("return document.activeElement.id", vec![])
            .await
            .expect("active element"),
        box_value(browser).await,
    );
    assert_eq!(
        (active.as_str(), value.as_str()),
        (Some("q"), Some("wandel"))
    );
}

/// Waits until the guide has taken over: the address is the results page's.
async fn guide_takes_over(browser: &Browser) {
    tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while !browser.path_and_query().await.starts_with("/zoeken") {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the guide takes over");
}

/// The first result for "wandel" (one with it in its title) and the count, once
/// they show.
async fn results_for_wandel(browser: &Browser) -> (String, String) {
    let first = browser
        .wait_until("[data-testid=results] .card-title", |t| {
            t.to_lowercase().contains("wandel")
        })
        .await;
    let count = browser
        .wait_for_text("[data-testid=result-count]", "gevonden")
        .await;
    (first, count)
}

/// Waits until `first` is the first result and the count says `count`.
async fn shows_results(browser: &Browser, first: &str, count: &str) {
    browser
        .wait_until("[data-testid=results] .card-title", |t| t == first)
        .await;
    browser
        .wait_for_text("[data-testid=result-count]", count)
        .await;
}

/// Sets the finder aside in the app's folder, as [`copy_app_without_guide`] does
/// the guide.
fn hold_finder(dir: &Path) {
    for entry in std::fs::read_dir(dir).expect("app folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.starts_with("wijkgids-finder-") {
            let held = dir.join(format!("held-{name}"));
            std::fs::rename(dir.join(&name), held).expect("hold the finder");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_visitor_whose_finder_cannot_come_gets_the_guide() {
    // As a device that has the guide in its offline copy but never kept a
    // front page digest, offline: the finder is not kept for offline use.
    let (app, server, browser) = new_device_without_guide().await;
    put_back_guide(app.path());
    hold_finder(app.path());
    browser.visit(&server, "/").await;
    wait_for_sync(&browser).await;
    browser.click("#q").await;
    browser.type_keys("wandel").await;
    let (first, count) = results_for_wandel(&browser).await;
    assert!(!first.is_empty() && !count.is_empty());
    browser.finish(server).await;
}

/// A device that has never run the guide, on a connection that has not yet brought
/// it (held back in the app's folder until [`put_back_guide`]), and a new server.
async fn new_device_without_guide() -> (tempfile::TempDir, Server, Browser) {
    new_device_without_guide_speaking(&[]).await
}

/// [`new_device_without_guide`] with a browser started with `args`.
async fn new_device_without_guide_speaking(args: &[&str]) -> (tempfile::TempDir, Server, Browser) {
    let app = tempfile::tempdir().expect("app copy");
    copy_app_without_guide(&required_path("WIJKGIDS_APP_DIR"), app.path());
    let data_dir = tempfile::tempdir().expect("data dir");
    let server = Server::start_serving(data_dir, 0, app.path()).await;
    (app, server, Browser::start_with(args).await)
}

/// The page's requests for the public guide the finder searches
/// (`/api/v1/public-guide`) get `answer` (a JS expression for a promise), as a
/// phone that lost its signal once the page came, or a server that sends none.
async fn public_guide_answers(browser: &Browser, answer: &str) {
    let source = format!(
        "(() => {{ const real = window.fetch; window.fetch = (url, options) => \
         String(url).includes('/api/v1/public-guide') ? {answer} : real(url, options); }})();"
    );
    browser.on_every_page(&source).await;
}

/// Every address the page asked for so far.
async fn requested(browser: &Browser) -> Vec<String> {
    let urls = browser
        .script("return performance.getEntriesByType('resource').map((e) => e.name);")
        .await;
    serde_json::from_value(urls).expect("addresses")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_visitor_finds_results_before_the_guide_and_nothing_typed_leaves_the_phone() {
    // A phone that has never held the guide, on a line that has not brought it yet.
    let (app, server, browser) = new_device_without_guide().await;
    browser.phone().await;
    browser.visit(&server, "/").await;
    browser.record_announcements().await;
    browser.click("#q").await;
    // Typed as a person does, with a slip mended in the middle: "wandl", back
    // one, "e".
    browser.type_keys("wandl").await;
    browser.press(fantoccini::key::Key::Left).await;
    browser.type_keys("e").await;
    assert_eq!(box_value(&browser).await.as_str(), Some("wandel"));
    let (first, count) = results_for_wandel(&browser).await;
    // The front page gave way to the results, the box where it was.
    let tiles = browser
        .script("return getComputedStyle(document.querySelector('.tiles')).display;")
        .await;
    assert_eq!(tiles.as_str(), Some("none"));
    browser
        .screenshots("new-visitor-results-before-guide")
        .await;
    // Enter keeps the search on the phone: no page asked of the server.
    browser.press(fantoccini::key::Key::Enter).await;
    assert_eq!(browser.path_and_query().await, "/?");
    let asked = requested(&browser).await;
    assert!(
        asked
            .iter()
            .all(|url| !url.contains("wandel") && !url.contains("wand")),
        "what was typed reached the server: {asked:?}"
    );
    assert!(
        asked
            .iter()
            .any(|url| url.ends_with("/api/v1/public-guide"))
    );
    // The painted page is this visitor's: the first screen's app was not needed.
    assert!(
        asked.iter().all(|url| !url.contains("wijkgids-front")),
        "{asked:?}"
    );
    // A screen reader hears the count once typing has settled.
    browser
        .wait_until_any("[role=status]", |t| t == count)
        .await;

    // The guide arrives, takes over with the same results in the same place, and
    // keeps them once its own pull has brought the neighbourhood.
    let list_top =
        "return document.querySelector('[data-testid=results]').getBoundingClientRect().top;";
    let top_before = browser.script(list_top).await.as_f64().expect("a list");
    put_back_guide(app.path());
    browser.say_online().await;
    guide_takes_over(&browser).await;
    search_goes_on_with_wandel(&browser, "wandel").await;
    // The cursor stays where the slip was mended, after "wande", so a next
    // mend lands on the same letter.
    let caret = browser
        .script("return document.getElementById('q').selectionStart;")
        .await;
    assert_eq!(caret.as_u64(), Some(5));
    shows_results(&browser, &first, &count).await;
    let top_after = browser.script(list_top).await.as_f64().expect("a list");
    assert!(
        (top_after - top_before).abs() <= 4.0,
        "the results moved from {top_before} to {top_after} px"
    );
    wait_for_sync(&browser).await;
    shows_results(&browser, &first, &count).await;
    // Said once, though both the first screen and the guide showed it.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let said: Vec<String> = browser
        .announced_in(&["results-announced"])
        .await
        .into_iter()
        .map(|(_, text)| text)
        .filter(|text| *text == count)
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    // "Back" returns to the front page, as after typing there in the guide.
    browser.client.back().await.expect("back");
    browser.wait_for_count(".tiles .tile", 13).await;
    assert_eq!(browser.path_and_query().await, "/?");
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_visitor_in_english_finds_results_in_english_before_the_guide() {
    let (app, server, browser) = new_device_without_guide_speaking(&["--lang=en-GB"]).await;
    browser.phone().await;
    browser.visit(&server, "/").await;
    // The first screen draws the painted Dutch page again in English.
    browser.wait_for_text("main .lead", "What").await;
    browser.click("#q").await;
    browser.type_keys("walk").await;
    let count = browser
        .wait_for_text("[data-testid=result-count]", "found")
        .await;
    let first = browser
        .wait_until("[data-testid=results] .card-title", |t| !t.is_empty())
        .await;
    browser
        .wait_until_any("[role=status]", |t| t == count)
        .await;
    browser.screenshots("new-visitor-in-english").await;
    put_back_guide(app.path());
    browser.say_online().await;
    guide_takes_over(&browser).await;
    shows_results(&browser, &first, &count).await;
    assert_eq!(box_value(&browser).await.as_str(), Some("walk"));
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_language_switch_works_before_any_app_has_come() {
    let (app, server, browser) = new_device_without_guide().await;
    // Neither the finder nor the guide can come yet: only the painted page.
    hold_finder(app.path());
    browser.visit(&server, "/").await;
    browser.click("[data-testid=lang-switch]").await;
    // The page starts again in English: the first screen draws it so.
    browser.wait_for_text("main .lead", "What").await;
    let lang = browser
        .script("return document.documentElement.lang;")
        .await;
    assert_eq!(lang.as_str(), Some("en"));
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_visitor_without_a_connection_is_told_when_search_will_work() {
    let (_app, server, browser) = new_device_without_guide().await;
    public_guide_answers(&browser, "Promise.reject(new TypeError('Failed to fetch'))").await;
    browser.visit(&server, "/").await;
    browser.click("#q").await;
    browser.type_keys("wandel").await;
    browser
        .wait_for_text("[data-testid=search-needs-connection]", "internet")
        .await;
    browser
        .wait_for_text("[data-testid=sync-status]", "kan nu niet laden")
        .await;
    assert!(
        browser
            .texts("[data-testid=results] .card")
            .await
            .is_empty()
    );
    // Emptying the box brings the front page back.
    for _ in 0.."wandel".len() {
        browser.press(fantoccini::key::Key::Backspace).await;
    }
    browser.wait_for_count(".tiles .tile", 13).await;
    let tiles = browser
        .script("return getComputedStyle(document.querySelector('.tiles')).display;")
        .await;
    assert_ne!(tiles.as_str(), Some("none"));
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_visitor_who_finds_nothing_is_told_to_try_another_word() {
    let (_app, server, browser) = new_device_without_guide().await;
    browser.visit(&server, "/").await;
    browser.click("#q").await;
    browser.type_keys("qzxv").await;
    browser
        .wait_for_text("[data-testid=result-count]", "0 gevonden")
        .await;
    browser
        .wait_for_text("[data-testid=results-none]", "Probeer een ander woord")
        .await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_guide_too_large_to_send_at_once_is_waited_for_without_alarm() {
    let (_app, server, browser) = new_device_without_guide().await;
    let too_large = r#"Promise.resolve(new Response('{"code":"too_large"}', { status: 404 }))"#;
    public_guide_answers(&browser, too_large).await;
    browser.visit(&server, "/").await;
    browser.click("#q").await;
    browser.type_keys("wandel").await;
    browser
        .wait_for_text("[data-testid=result-count]", "De gids wordt geladen")
        .await;
    assert!(
        browser
            .texts("[data-testid=search-needs-connection]")
            .await
            .is_empty()
    );
    browser.finish(server).await;
}

/// A demo offering (Wandelen met de huisarts), as a GP would share it.
const SHARED: &str = "/aanbod/14394e9d-7784-5f7e-a2bb-08b554d03f61";

#[tokio::test(flavor = "multi_thread")]
async fn a_shared_link_shows_the_offering_before_the_guide_arrives() {
    // The server's page already holds the offering.
    let (app, server, browser) = new_device_without_guide().await;
    browser.visit(&server, SHARED).await;
    browser
        .wait_for_text("h1", "Wandelen met de huisarts")
        .await;
    browser.wait_for_text("main", "Wanneer?").await;
    browser.wait_for_text("main", "Bel ").await;
    let title = browser.client.title().await.expect("page title");
    assert!(title.starts_with("Wandelen met de huisarts"), "{title}");
    browser.screenshots("shared-link-without-guide").await;

    // The guide arrives, takes over with the same offering, and keeps it once
    // the neighbourhood is on the device.
    put_back_guide(app.path());
    browser.visit(&server, SHARED).await;
    wait_for_sync(&browser).await;
    browser
        .wait_for_text("h1", "Wandelen met de huisarts")
        .await;
    browser.wait_for_text("main", "Voor wie?").await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_link_shows_results_before_the_guide_arrives() {
    let (app, server, browser) = new_device_without_guide().await;
    browser.visit(&server, "/zoeken?q=wandel&free=1").await;
    let (first, count) = results_for_wandel(&browser).await;
    let value = box_value(&browser).await;
    assert_eq!(value.as_str(), Some("wandel"));
    browser.screenshots("search-link-without-guide").await;

    // The guide arrives and searches on its own: the same best result and count.
    put_back_guide(app.path());
    browser.visit(&server, "/zoeken?q=wandel&free=1").await;
    wait_for_sync(&browser).await;
    shows_results(&browser, &first, &count).await;
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_changed_on_the_server_drawn_results_goes_on_in_the_guide() {
    // A shared link for "koffie", free only; the guide has not arrived yet.
    let (app, server, browser) = new_device_without_guide().await;
    browser.visit(&server, "/zoeken?q=koffie&free=1").await;
    browser
        .wait_for_text("[data-testid=result-count]", "gevonden")
        .await;
    // The person changes the search in the drawn box, with keys: all of "koffie"
    // away, then "wandel" (not sent: a plain form would go to the server only
    // on Enter, and nobody pressed it).
    let field = browser.element("#q").await;
    field.click().await.expect("tap the box");
    for _ in 0.."koffie".len() {
        field.send_keys("\u{E003}").await.expect("backspace");
    }
    field.send_keys("wandel").await.expect("type");
    put_back_guide(app.path());
    browser.say_online().await;
    // The guide goes on with "wandel", keeping the free filter of the link.
    browser
        .wait_until("[data-testid=results] .card-title", |t| {
            t.to_lowercase().contains("wandel")
        })
        .await;
    let url = browser.client.current_url().await.expect("url");
    assert_eq!(
        (url.path(), url.query()),
        ("/zoeken", Some("q=wandel&free=1"))
    );
    let value = box_value(&browser).await;
    assert_eq!(value.as_str(), Some("wandel"));
    browser.finish(server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn what_is_typed_before_the_first_screen_starts_is_kept() {
    // An English phone on a slow line: the server's page is Dutch, so the first
    // screen draws it again in English when it starts, about a second later.
    let server = Server::start().await;
    let browser = Browser::start_with(&["--lang=en-GB"]).await;
    browser.slow_line().await;
    // Not `visit`, which waits for the page to load: the person types at once.
    let url = format!("{}/", server.url);
    browser
        .client
        .execute("location.href = arguments[0]", vec![url.into()])
        .await
        .expect("navigate");
    let painted = browser.element("#q").await;
    painted.send_keys("wandel").await.expect("type");
    browser.network(true).await;
    // The finder may show its results first (a new device): the guide's come
    // once it has taken over.
    guide_takes_over(&browser).await;
    search_goes_on_with_wandel(&browser, "walk").await;
    browser.finish(server).await;
}
