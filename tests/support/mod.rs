//! Harness for end-to-end tests: the real server with the built app, and headless
//! Chromium driven over WebDriver. Everything listens on loopback only.
//!
//! `scripts/test.sh` builds the app and the server first and tells the tests where
//! they are through `WIJKGIDS_SERVER_BIN` and `WIJKGIDS_APP_DIR`.

#![allow(dead_code)] // not every test file uses every helper

pub mod proxy;
mod signal;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const WAIT: Duration = Duration::from_secs(20);
/// How long a new browser may take to answer: a machine busy with builds took
/// more than `WAIT` (one test of a whole run failed so).
const BROWSER_START: Duration = Duration::from_secs(60);
/// How often an action finds its element again after the page drew it anew.
const STALE_RETRIES: usize = 5;

/// A password long enough for the rules, for the tests' accounts.
pub const PASSWORD: &str = "lang genoeg wachtwoord 7";
/// The coordinator's e-mail address in the tests.
pub const COORDINATOR: &str = "coordinator@example.org";
/// A demo organisation (Huisartsenpraktijk Vlonderhof) and its published offering
/// "Wandelen met de huisarts" (free, no referral).
pub const VLONDERHOF: &str = "9f44be53-b189-5659-aa2d-509f83ba06b2";
pub const WALK_WITH_THE_GP: &str = "14394e9d-7784-5f7e-a2bb-08b554d03f61";
/// A GP's e-mail address in the tests (a professional).
pub const GP: &str = "huisarts@example.org";
/// A demo offering with referral details (Welzijn op Recept).
pub const WITH_REFERRAL: &str = "/aanbod/3afc11d2-0090-5d1e-be47-009a4f3fe1d3";
/// What only professionals may hold: a referral procedure, and a colleague who is
/// only in the directory.
pub const PRIVATE: [&str; 2] = [
    "Vul het verwijsformulier Welzijn op Recept in",
    "Youssef El Haddaoui",
];

/// Which of [`PRIVATE`] `dump` (e.g. [`Browser::indexed_db_dump`]) holds.
pub fn holds_private(dump: &str) -> Vec<&'static str> {
    PRIVATE.into_iter().filter(|p| dump.contains(p)).collect()
}

/// A new data folder with `n` generated offerings (and their organisations),
/// written in the format of `wijkgids-server export` and imported by the
/// server: a guide of a region's size.
pub fn generated_data_folder(n: usize, seed: u64) -> tempfile::TempDir {
    let (organisations, offerings) = wijkgids_core::generate::dataset(n, seed);
    let document = serde_json::json!({
        "format": "wijkgids-guide",
        "version": wijkgids_core::VERSION,
        "organisations": organisations,
        "offerings": offerings,
    });
    let dir = tempfile::tempdir().expect("data dir");
    let file = dir.path().join("guide.json");
    std::fs::write(&file, document.to_string()).expect("write the guide");
    let imported = std::process::Command::new(required_path("WIJKGIDS_SERVER_BIN"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("import")
        .arg(&file)
        .output()
        .expect("run the import");
    assert!(
        imported.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&imported.stderr)
    );
    std::fs::remove_file(file).expect("remove the guide file");
    dir
}

pub fn required_path(var: &str) -> PathBuf {
    let path = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        panic!("{var} is not set: run the end-to-end tests through scripts/test.sh")
    });
    assert!(path.exists(), "{var}={} does not exist", path.display());
    path
}

/// A free loopback port, for processes that must be told one up front.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The real server binary, serving the built app from a temporary data folder.
pub struct Server {
    child: Child,
    pub url: String,
    pub data_dir: tempfile::TempDir,
}

impl Server {
    pub async fn start() -> Server {
        let data_dir = tempfile::tempdir().expect("temp dir");
        Server::start_in(data_dir, 0).await
    }

    /// Starts on a given port (0 = any) with an existing data folder, e.g. to
    /// bring the same server back after stopping it.
    pub async fn start_in(data_dir: tempfile::TempDir, port: u16) -> Server {
        Server::start_serving(data_dir, port, &required_path("WIJKGIDS_APP_DIR")).await
    }

    /// As [`Server::start_in`], serving the app from `app_dir`.
    pub async fn start_serving(
        data_dir: tempfile::TempDir,
        port: u16,
        app_dir: &std::path::Path,
    ) -> Server {
        // The demo neighbourhood (off by default for `serve`), unless the test
        // says otherwise through the environment.
        let demo = std::env::var("WIJKGIDS_DEMO").unwrap_or_else(|_| "true".into());
        let mut child = Command::new(required_path("WIJKGIDS_SERVER_BIN"))
            .env("WIJKGIDS_DEMO", demo)
            .arg("--host=127.0.0.1")
            .arg(format!("--port={port}"))
            .arg("--data-dir")
            .arg(data_dir.path())
            .arg("--app-dir")
            .arg(app_dir)
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start the server");
        let stdout = child.stdout.take().expect("server stdout");
        let mut lines = BufReader::new(stdout).lines();
        let url = tokio::time::timeout(WAIT, async {
            while let Some(line) = lines.next_line().await.expect("read server output") {
                if let Some(url) = line.strip_prefix("Wijkgids is running at ") {
                    return url.trim_end_matches('/').to_string();
                }
            }
            panic!("the server stopped before it was ready");
        })
        .await
        .expect("the server did not start in time");
        Server {
            child,
            url,
            data_dir,
        }
    }

    /// Stops the server (as a power cut would) and hands back its data folder.
    pub async fn stop(mut self) -> tempfile::TempDir {
        self.child.kill().await.expect("stop the server");
        self.data_dir
    }
}

/// Headless Chromium under chromedriver, with a fresh profile.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    /// Every request of this browser passes here: [`Browser::network`] cuts it.
    signal: signal::Signal,
}

impl Browser {
    pub async fn start() -> Browser {
        Browser::start_with(&[]).await
    }

    /// With extra Chromium flags, e.g. `--force-dark-mode` for the system's dark theme.
    pub async fn start_with(extra_args: &[&str]) -> Browser {
        Browser::start_configured(extra_args, 16).await
    }

    /// A phone set to its largest text: the browser's default font size doubled
    /// (the root font size 200%), which CSS `rem` and `em` media queries follow.
    pub async fn start_large_text() -> Browser {
        Browser::start_configured(&[], 32).await
    }

    async fn start_configured(extra_args: &[&str], font_size: u32) -> Browser {
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = free_port();
        // A Dutch phone unless a test says otherwise (`--lang=en-GB`): the app
        // follows the browser's language on a first visit.
        let lang = extra_args
            .iter()
            .find_map(|a| a.strip_prefix("--lang="))
            .unwrap_or("nl-NL")
            .to_string();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let signal = signal::Signal::start().await;
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=412,900",
        ]
        .iter()
        .chain(extra_args.iter().filter(|a| !a.starts_with("--lang=")))
        .map(|a| a.to_string())
        .chain([
            format!("--user-data-dir={}", profile.path().display()),
            format!("--lang={lang}"),
            format!("--proxy-server=http://127.0.0.1:{}", signal.port),
            // Loopback too goes through the proxy (Chromium leaves it out by default).
            "--proxy-bypass-list=<-loopback>".to_string(),
        ])
        .collect::<Vec<_>>();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "args": args,
                "binary": "/usr/bin/chromium",
                "prefs": {
                    "intl": { "accept_languages": lang },
                    "webkit": { "webprefs": { "default_font_size": font_size } },
                },
            }),
        );
        let webdriver = format!("http://127.0.0.1:{port}");
        let client = tokio::time::timeout(BROWSER_START, async {
            loop {
                match ClientBuilder::new(HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&webdriver)
                    .await
                {
                    Ok(client) => return client,
                    Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        })
        .await
        .expect("chromedriver did not answer in time");
        Browser {
            client,
            driver,
            _profile: profile,
            signal,
        }
    }

    /// Waits until the element's text contains `needle`; returns the whole text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        self.wait_until(css, |text| text.contains(needle)).await
    }

    /// Ends a test: the browser first, then the server.
    pub async fn finish(self, server: Server) {
        self.close().await;
        server.stop().await;
    }

    pub async fn close(mut self) {
        let _ = self.client.close().await;
        let _ = self.driver.kill().await;
    }
}

/// Waits until the app has synced the server's guide onto the device.
pub async fn wait_for_sync(browser: &Browser) {
    // In either language of the interface.
    browser
        .wait_until("[data-testid=sync-status]", |t| {
            t.contains("Bijgewerkt om") || t.contains("Up to date at")
        })
        .await;
}

impl Browser {
    /// Opens `path` of the app on `server`.
    pub async fn visit(&self, server: &Server, path: &str) {
        let url = format!("{}{path}", server.url);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Saves PNGs of the page at a phone's width (360 px) and a desktop's (1280 px).
    pub async fn screenshots(&self, name: &str) {
        for width in [360, 1280] {
            self.screenshot(name, width).await;
        }
    }

    /// Waits until the element's text passes `check`; returns the text.
    pub async fn wait_until(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        let found = tokio::time::timeout(WAIT, async {
            loop {
                if let Ok(el) = self.client.find(Locator::Css(css)).await {
                    last = el.text().await.unwrap_or_default();
                    if check(&last) {
                        return last.clone();
                    }
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await;
        found.unwrap_or_else(|_| panic!("`{css}` never passed the check; last text: {last:?}"))
    }

    /// Texts of every element matching `css`, now.
    ///
    /// An element redrawn between finding and reading (a section the guide
    /// draws again after a sync) is stale; the whole list is then read again
    /// rather than reported as an empty text.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        'read: for _ in 0..20 {
            let mut texts = Vec::new();
            for el in self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default()
            {
                match el.text().await {
                    Ok(text) => texts.push(text),
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue 'read;
                    }
                }
            }
            return texts;
        }
        panic!("{css}: the elements kept being drawn again while read");
    }

    /// The texts of every element `css` finds, joined by lines ("" when there is
    /// none), once they pass `check`: for what may also be gone.
    pub async fn wait_for_texts(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        let found = tokio::time::timeout(WAIT, async {
            loop {
                last = self.texts(css).await.join("\n");
                if check(&last) {
                    return last.clone();
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await;
        found.unwrap_or_else(|_| panic!("`{css}` never passed the check; last texts: {last:?}"))
    }

    /// Waits until `css` finds exactly `n` elements: for a list that fills in
    /// after its heading (the guide read from the device).
    pub async fn wait_for_count(&self, css: &str, n: usize) {
        let mut last = 0;
        let found = tokio::time::timeout(WAIT, async {
            loop {
                last = self.texts(css).await.len();
                if last == n {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await;
        found.unwrap_or_else(|_| panic!("`{css}` never found {n}; last {last}"))
    }

    /// The element `css` finds, once it is there.
    pub async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no `{css}`: {e}"))
    }

    pub async fn click(&self, css: &str) {
        self.in_reach(css).await;
        self.on_element(css, "click", |el| async move { el.click().await.map(drop) })
            .await;
    }

    /// Brings what `css` finds within a tap, as a person does: the header is
    /// away while one scrolls down, so they scroll up a little to bring it
    /// back before tapping in it; what is in the page they scroll to the
    /// middle of the screen, not under the header.
    async fn in_reach(&self, css: &str) {
        let reach = "const e = document.querySelector(arguments[0]); \
            if (!e) return false; \
            if (e.closest('header')) { \
                if (!e.closest('header.away')) return false; \
                window.scrollBy(0, -20); return true; } \
            const r = e.getBoundingClientRect(); \
            const h = document.querySelector('header').getBoundingClientRect(); \
            if (r.top >= Math.max(0, h.bottom) && r.bottom <= window.innerHeight) return false; \
            e.scrollIntoView({ block: 'center' }); return true;";
        let moved = self.client.execute(reach, vec![css.into()]).await;
        if moved.is_ok_and(|moved| moved == serde_json::Value::Bool(true)) {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// Does `act` on what `css` finds. A page the server drew is drawn again when
    /// the guide starts, so the element found may be gone by the time it is acted
    /// on: then it is found again, as a person taps what is on the screen now.
    async fn on_element<F, Fut>(&self, css: &str, what: &str, act: F)
    where
        F: Fn(fantoccini::elements::Element) -> Fut,
        Fut: std::future::Future<Output = Result<(), fantoccini::error::CmdError>>,
    {
        for _ in 0..STALE_RETRIES {
            match act(self.element(css).await).await {
                Err(e) if e.to_string().contains("stale element") => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                done => return done.unwrap_or_else(|e| panic!("{what} `{css}`: {e}")),
            }
        }
        panic!("{what} `{css}`: it was drawn anew {STALE_RETRIES} times");
    }

    /// Saves a PNG of the page at `width` CSS px wide under the tests' scratch
    /// folder (not in git), for a person to look at.
    pub async fn screenshot(&self, name: &str, width: u32) -> PathBuf {
        self.client
            .set_window_size(width, 900)
            .await
            .expect("resize the window");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.client.screenshot().await.expect("take a screenshot");
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(format!("{name}-{width}.png"));
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }
}

impl Browser {
    /// Waits until an activated service worker controls the page (so the app
    /// shell is on the device and a reload needs no network).
    pub async fn wait_until_controlled(&self) {
        let script = "const c = navigator.serviceWorker.controller; \
                      return c ? c.state : '';";
        for _ in 0..200 {
            let state = self.client.execute(script, vec![]).await.expect("script");
            if state.as_str() == Some("activated") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let script = "const done = arguments[0];
            navigator.serviceWorker.getRegistration().then((r) => done(JSON.stringify({
                href: location.href,
                active: r && r.active && r.active.state,
                waiting: r && r.waiting && r.waiting.state,
                installing: r && r.installing && r.installing.state,
            })), (e) => done(String(e)));";
        let state = self.client.execute_async(script, vec![]).await;
        panic!("no service worker controls the page: {state:?}");
    }

    /// Unregisters the app's service worker and empties its caches, so the next
    /// page load comes from the server as on a first visit (local data stays).
    pub async fn forget_service_worker(&self) {
        let script = "const done = arguments[0];
            Promise.all([
                navigator.serviceWorker.getRegistrations()
                    .then((rs) => Promise.all(rs.map((r) => r.unregister()))),
                caches.keys().then((ks) => Promise.all(ks.map((k) => caches.delete(k)))),
            ]).then(() => done(true), (e) => done(String(e)));";
        let answer = self
            .client
            .execute_async(script, vec![])
            .await
            .expect("unregister the service worker");
        assert_eq!(answer, serde_json::Value::Bool(true), "{answer}");
    }
}

impl Server {
    /// Adds an account through the server's command line (as an operator would),
    /// e.g. `add_user("gp@example.org", "professional", None, "...")`.
    pub async fn add_user(
        &self,
        email: &str,
        role: &str,
        organisation: Option<&str>,
        password: &str,
    ) {
        use tokio::io::AsyncWriteExt;
        let mut command = Command::new(required_path("WIJKGIDS_SERVER_BIN"));
        command
            .arg("--data-dir")
            .arg(self.data_dir.path())
            .args(["user", "add", email, "--role", role]);
        if let Some(organisation) = organisation {
            command.args(["--organisation", organisation]);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("run `user add`");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(format!("{password}\n").as_bytes())
            .await
            .expect("password");
        drop(stdin);
        let status = child.wait().await.expect("`user add` ends");
        assert!(status.success(), "`user add {email}` failed");
    }
}

impl Server {
    /// Blocks an account through the server's command line: its sessions end,
    /// as when an operator removes someone.
    pub async fn block_user(&self, email: &str) {
        let status = Command::new(required_path("WIJKGIDS_SERVER_BIN"))
            .arg("--data-dir")
            .arg(self.data_dir.path())
            .args(["user", "block", email])
            .stdout(Stdio::null())
            .status()
            .await
            .expect("run `user block`");
        assert!(status.success(), "`user block {email}` failed");
    }
}

impl Browser {
    /// A new browser that opened the guide, synced, signed in as `email` and
    /// synced again as that role.
    pub async fn signed_in(server: &Server, email: &str, password: &str) -> Browser {
        let browser = Browser::start().await;
        browser.visit(server, "/").await;
        wait_for_sync(&browser).await;
        browser.sign_in(server, email, password).await;
        wait_for_sync(&browser).await;
        browser
    }

    /// Signs in through the app's form and waits for the account screen.
    pub async fn sign_in(&self, server: &Server, email: &str, password: &str) {
        self.visit(server, "/inloggen").await;
        self.sign_in_attempt(email, password).await;
        self.wait_for_text("[data-testid=account]", email).await;
    }

    /// Fills in and sends the sign-in form on the screen.
    pub async fn sign_in_attempt(&self, email: &str, password: &str) {
        let (email_box, password_box) = (
            self.element("#email").await,
            self.element("#password").await,
        );
        email_box.clear().await.expect("clear e-mail");
        password_box.clear().await.expect("clear password");
        email_box.send_keys(email).await.expect("type e-mail");
        password_box
            .send_keys(password)
            .await
            .expect("type password");
        self.click("form.form button[type=submit]").await;
    }

    /// Every JSON text the app's IndexedDB holds, in one string: to look for data
    /// that must not be on the device.
    pub async fn indexed_db_dump(&self) -> String {
        let script = "const done = arguments[0];
            (async () => {
                const out = [];
                for (const info of await indexedDB.databases()) {
                    const db = await new Promise((ok, fail) => {
                        const r = indexedDB.open(info.name);
                        r.onsuccess = () => ok(r.result);
                        r.onerror = () => fail(r.error);
                    });
                    for (const name of db.objectStoreNames) {
                        const rows = await new Promise((ok, fail) => {
                            const r = db.transaction(name).objectStore(name).getAll();
                            r.onsuccess = () => ok(r.result);
                            r.onerror = () => fail(r.error);
                        });
                        // Text kept as bytes (the pages of a first pull) is read as text.
                        const text = new TextDecoder();
                        out.push(JSON.stringify(rows, (key, value) =>
                            value instanceof Uint8Array ? text.decode(value) : value));
                    }
                    db.close();
                }
                return out.join('\\n');
            })().then(done, (e) => done('failed: ' + e));";
        let dump = self
            .client
            .execute_async(script, vec![])
            .await
            .expect("read IndexedDB");
        let dump = dump.as_str().unwrap_or_default().to_string();
        assert!(!dump.starts_with("failed:"), "{dump}");
        dump
    }
}

impl Browser {
    /// Waits until one of the elements matching `css` has a text that passes
    /// `check`; returns that text.
    pub async fn wait_until_any(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        let mut last = Vec::new();
        let found = tokio::time::timeout(WAIT, async {
            loop {
                last = self.texts(css).await;
                if let Some(text) = last.iter().find(|t| check(t)) {
                    return text.clone();
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
        .await;
        found.unwrap_or_else(|_| panic!("no `{css}` passed the check; last texts: {last:?}"))
    }
}

impl Browser {
    /// Waits until the main menu has an item reading `item` (the menu may be folded
    /// away on a phone, so its text is read whether shown or not).
    pub async fn wait_for_menu_item(&self, item: &str) {
        let mut last = String::new();
        let found = tokio::time::timeout(WAIT, async {
            loop {
                let items = self
                    .client
                    .execute(
                        "return [...document.querySelectorAll('#main-menu a')].map(a => a.textContent.trim())",
                        vec![],
                    )
                    .await
                    .unwrap_or_default();
                last = items.to_string();
                if items
                    .as_array()
                    .is_some_and(|items| items.iter().any(|i| i == item))
                {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await;
        found.unwrap_or_else(|_| panic!("the menu never had `{item}`; last items: {last}"))
    }

    /// Goes to a screen through the main menu, opening it first where it is folded
    /// away (a phone, large text), as a person does.
    pub async fn tap_menu(&self, href: &str) {
        let button = self.element("[data-testid=menu-button]").await;
        let folded = button.attr("aria-expanded").await.ok().flatten() != Some("true".into());
        if folded && button.is_displayed().await.unwrap_or(false) {
            self.in_reach("[data-testid=menu-button]").await;
            button.click().await.expect("tap Menu");
        }
        self.click(&format!("#main-menu a[href='{href}']")).await;
    }

    /// The element `xpath` finds in the list item `item` (its test id) that
    /// mentions `who`, once it is there.
    pub async fn find_in_item(
        &self,
        item: &str,
        who: &str,
        xpath: &str,
    ) -> fantoccini::elements::Element {
        let path = format!("//li[@data-testid='{item}'][contains(., '{who}')]//{xpath}");
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&path))
            .await
            .unwrap_or_else(|e| panic!("no `{path}`: {e}"))
    }

    /// As a phone held upright: 360 CSS px wide.
    pub async fn phone(&self) {
        self.client
            .set_window_size(360, 740)
            .await
            .expect("a phone's window");
    }

    /// A desktop's window (1280×900): the header's menu is open, nothing folds.
    pub async fn desktop(&self) {
        self.client
            .set_window_size(1280, 900)
            .await
            .expect("a desktop window");
    }

    /// Clicks the form control whose label reads `text` (a tick box, say).
    pub async fn click_label(&self, text: &str) {
        let xpath = format!("//label[.//span[normalize-space()='{text}']]//input");
        let control = self
            .client
            .find(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no control labelled `{text}`: {e}"));
        let middle = "arguments[0].scrollIntoView({ block: 'center' }); return true;";
        let _ = self
            .client
            .execute(middle, vec![serde_json::to_value(&control).unwrap()])
            .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        control
            .click()
            .await
            .unwrap_or_else(|e| panic!("click `{text}`: {e}"));
    }
}

impl Browser {
    /// Tells the app the browser is back online (the `online` event), so it syncs now.
    pub async fn say_online(&self) {
        self.client
            .execute("dispatchEvent(new Event('online'))", vec![])
            .await
            .expect("dispatch `online`");
    }
}

impl Server {
    /// The loopback port it listens on, to bring it back on the same origin.
    pub fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the server's URL")
    }
}

/// A command of chromedriver's own beyond WebDriver's: `path` under the session.
#[derive(Debug)]
struct ChromeDriverCommand {
    method: http::Method,
    path: &'static str,
    body: Option<serde_json::Value>,
}

impl fantoccini::wd::WebDriverCompatibleCommand for ChromeDriverCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.expect("a WebDriver session");
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            self.method.clone(),
            self.body.as_ref().map(|b| b.to_string()),
        )
    }
}

impl Browser {
    async fn chromedriver(
        &self,
        method: http::Method,
        path: &'static str,
        body: Option<serde_json::Value>,
    ) -> serde_json::Value {
        self.client
            .issue_cmd(ChromeDriverCommand { method, path, body })
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

impl Browser {
    /// The memory the browser's page processes hold (their proportional share of
    /// resident memory, summed over its renderers: the page's, and its service
    /// worker's if apart), in bytes. Read from Linux's `/proc`, where this browser's
    /// processes are the ones descended from its chromedriver.
    pub fn renderer_memory(&self) -> u64 {
        self.renderer_memories().iter().sum()
    }

    /// [`Browser::renderer_memory`] per renderer process, largest first: a
    /// renderer of an earlier document still ending shows as one more large one.
    pub fn renderer_memories(&self) -> Vec<u64> {
        let Some(driver) = self.driver.id() else {
            return Vec::new();
        };
        let parent_of = |pid: u32| -> Option<u32> {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // After the command's name in parentheses: state, then the parent's id.
            stat.rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        };
        let descends = |mut pid: u32| {
            while let Some(parent) = parent_of(pid).filter(|&p| p > 1) {
                if parent == driver {
                    return true;
                }
                pid = parent;
            }
            false
        };
        // Proportional: pages shared between processes (the browser's own code)
        // count once in all, not once per process.
        let resident = |pid: u32| -> Option<u64> {
            let status = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
            let line = status.lines().find(|l| l.starts_with("Pss:"))?;
            Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
        };
        let mut memories = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
            .filter(|&pid| {
                std::fs::read(format!("/proc/{pid}/cmdline"))
                    .is_ok_and(|cmd| cmd.windows(15).any(|w| w == b"--type=renderer"))
                    && descends(pid)
            })
            .filter_map(resident)
            .collect::<Vec<_>>();
        memories.sort_unstable_by(|a, b| b.cmp(a));
        memories
    }
}

/// Sends a DevTools protocol command to the browser's page.
pub async fn cdp(
    browser: &Browser,
    method: &'static str,
    params: serde_json::Value,
) -> serde_json::Value {
    let body = serde_json::json!({ "cmd": method, "params": params });
    browser
        .chromedriver(http::Method::POST, "goog/cdp/execute", Some(body))
        .await
}

impl Browser {
    /// Cuts the page off the network (`false`: back on), as a phone losing its
    /// signal does, while the server keeps running for others.
    pub async fn network(&self, online: bool) {
        // The browser's own proxy cuts it off for sure; the emulation (through
        // chromedriver, which sets it again on every page load) makes the page
        // know it, as a phone's `navigator.onLine` does.
        const CONDITIONS: &str = "chromium/network_conditions";
        self.signal.set(online);
        if online {
            self.chromedriver(http::Method::DELETE, CONDITIONS, None)
                .await;
            self.say_online().await;
        } else {
            let offline = serde_json::json!({ "network_conditions": {
                "offline": true, "latency": 0, "throughput": 0,
            }});
            self.chromedriver(http::Method::POST, CONDITIONS, Some(offline))
                .await;
        }
    }

    /// The line the page's requests go over, as the DevTools protocol emulates it
    /// (and the page's `navigator.onLine` follows `offline`): a round trip of
    /// `latency_ms`, and `bytes_per_s` down and up, or no limit.
    pub async fn emulate_line(
        &self,
        offline: bool,
        latency_ms: u64,
        bytes_per_s: Option<(u64, u64)>,
    ) {
        let (down, up) = bytes_per_s.map_or((-1, -1), |(down, up)| (down as i64, up as i64));
        cdp(self, "Network.enable", serde_json::json!({})).await;
        cdp(
            self,
            "Network.emulateNetworkConditions",
            serde_json::json!({
                "offline": offline, "latency": latency_ms,
                "downloadThroughput": down, "uploadThroughput": up,
            }),
        )
        .await;
    }

    /// The phone's Wi-Fi stays up but reaches nothing (`false`; `true`: it does
    /// again): its requests fail while the page still thinks it is online.
    pub fn internet(&self, reachable: bool) {
        self.signal.set(reachable);
    }

    /// A slow line (about 100 KB/s, 200 ms round trip) until [`Browser::network`]
    /// puts it back: the page's files then arrive one by one, as on a cheap phone.
    pub async fn slow_line(&self) {
        let slow = serde_json::json!({ "network_conditions": {
            "offline": false, "latency": 200,
            "download_throughput": 100_000, "upload_throughput": 100_000,
        }});
        self.chromedriver(
            http::Method::POST,
            "chromium/network_conditions",
            Some(slow),
        )
        .await;
    }

    /// Pins the page's clock: from the next page load on, the page's `Date` starts
    /// at `at` (RFC 3339, e.g. `2026-02-06T17:19:00+01:00`) and runs on from there,
    /// so "Saturday 17:19" is the same on every run. Timers keep real time; only
    /// what the page reads as the date and time moves (the app reads no other clock).
    pub async fn pin_clock(&self, at: &str) {
        let at = chrono::DateTime::parse_from_rfc3339(at).expect("an RFC 3339 moment");
        let source = format!(
            "(() => {{ const Real = Date; const offset = {millis} - Real.now(); \
             class Pinned extends Real {{ \
               constructor(...args) {{ if (args.length === 0) {{ super(Real.now() + offset); }} else {{ super(...args); }} }} \
               static now() {{ return Real.now() + offset; }} }} \
             globalThis.Date = Pinned; }})();",
            millis = at.timestamp_millis()
        );
        self.on_every_page(&source).await;
    }

    /// Runs the script `source` in every new document of this browser, before the
    /// page's own scripts (to watch a page from its first moment, or to stand in
    /// for what the browser gives it).
    pub async fn on_every_page(&self, source: &str) {
        cdp(self, "Page.enable", serde_json::json!({})).await;
        let params = serde_json::json!({ "source": source });
        cdp(self, "Page.addScriptToEvaluateOnNewDocument", params).await;
    }

    /// Calls the server's API from the page, signed in as the app's session is;
    /// answers the response's JSON (`null` when empty).
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> serde_json::Value {
        let script = "const [method, path, body, done] = arguments;
            const session = JSON.parse(localStorage.getItem('wijkgids.session') || 'null');
            const headers = { 'content-type': 'application/json' };
            if (session) headers.authorization = 'Bearer ' + session.token;
            fetch(path, { method, headers, body: body === null ? undefined : JSON.stringify(body) })
                .then(async (r) => { const t = await r.text(); done({ status: r.status, body: t ? JSON.parse(t) : null }); })
                .catch((e) => done({ status: 0, body: String(e) }));";
        let answer = self
            .client
            .execute_async(
                script,
                vec![method.into(), path.into(), body.unwrap_or_default()],
            )
            .await
            .expect("call the API");
        let status = answer["status"].as_u64().unwrap_or_default();
        assert!((200..300).contains(&status), "{method} {path}: {answer}");
        answer["body"].clone()
    }
}

impl Browser {
    /// Scrolls `element` to the middle of the screen, as a person scrolls to what
    /// they want to tap: a bar fixed at the bottom may cover what is just in view.
    pub async fn scroll_to_middle(&self, element: &fantoccini::elements::Element) {
        let element = serde_json::to_value(element).expect("an element reference");
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' })",
                vec![element],
            )
            .await
            .expect("scroll into view");
    }

    /// Types `text` into the field `css` finds (after what it holds).
    pub async fn type_into(&self, css: &str, text: &str) {
        self.on_element(
            css,
            "type into",
            |el| async move { el.send_keys(text).await },
        )
        .await;
    }
}

impl Browser {
    /// The change of record `id` in a full pull by whoever the app is signed in as
    /// (anonymous when nobody is), if the pull has it.
    pub async fn pulled(&self, id: &str) -> Option<serde_json::Value> {
        let page = self.api("GET", "/api/v1/changes?limit=2000", None).await;
        page["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
    }

    /// The number in the results' "123 gevonden", once it is there.
    pub async fn result_count(&self) -> usize {
        let text = self
            .wait_until("[data-testid=result-count]", |t| t.contains("gevonden"))
            .await;
        text.split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count in {text:?}"))
    }

    /// Runs `js` in the page and answers what it returns.
    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.client
            .execute(js, vec![])
            .await
            .unwrap_or_else(|e| panic!("{js}: {e}"))
    }

    /// Taps the filter chip whose text starts with `label` (after its "✓ " when
    /// on), and waits until the address has `in_url`.
    pub async fn tap_chip(&self, label: &str, in_url: &str) {
        let xpath = format!(
            "//a[contains(@class, 'chip')][starts-with(normalize-space(.), '{label}') \
             or starts-with(normalize-space(.), '✓{label}')]"
        );
        self.client
            .find(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no chip {label}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("tap chip {label}: {e}"));
        for _ in 0..100 {
            if self.path_and_query().await.contains(in_url) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the chip {label} did not set {in_url}");
    }

    /// The path and query of the page, as "/zoeken?q=koffie".
    pub async fn path_and_query(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        format!("{}?{}", url.path(), url.query().unwrap_or(""))
    }
}

/// What a keyboard and a screen reader meet.
impl Browser {
    /// Presses `key` (a WebDriver key, e.g. `Key::Tab`) where the focus is.
    pub async fn press(&self, key: fantoccini::key::Key) {
        self.client
            .active_element()
            .await
            .expect("a focused element")
            .send_keys(&key.to_string())
            .await
            .expect("press a key");
    }

    /// Types `text` where the focus is, key by key.
    pub async fn type_keys(&self, text: &str) {
        self.client
            .active_element()
            .await
            .expect("a focused element")
            .send_keys(text)
            .await
            .expect("type");
    }

    /// The focused element, described as `tag#id.class "text"` (its first 40
    /// characters of text), to say in a test where the focus is.
    pub async fn focused(&self) -> String {
        let script = "const e = document.activeElement;
            if (!e) return 'none';
            const text = (e.value || e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
            return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + (e.getAttribute('data-testid') ? '[' + e.getAttribute('data-testid') + ']' : '')
                + ' \"' + text + '\"';";
        let answer = self
            .client
            .execute(script, vec![])
            .await
            .expect("the focus");
        answer.as_str().unwrap_or_default().to_string()
    }

    /// Waits until the focused element's description (see [`Browser::focused`])
    /// passes `check`, and answers it.
    pub async fn wait_for_focus(&self, check: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..100 {
            last = self.focused().await;
            if check(&last) {
                return last;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the focus did not get where expected; it is on {last}");
    }

    /// The attribute `name` of the element `css` finds.
    pub async fn attribute(&self, css: &str, name: &str) -> Option<String> {
        self.element(css)
            .await
            .attr(name)
            .await
            .unwrap_or_else(|e| panic!("{css} [{name}]: {e}"))
    }

    /// Puts the focus on the element `css` finds, as Tab would reach it.
    pub async fn focus(&self, css: &str) {
        let script = "document.querySelector(arguments[0]).focus();";
        self.client
            .execute(script, vec![css.into()])
            .await
            .unwrap_or_else(|e| panic!("focus {css}: {e}"));
    }

    /// From now on (until the next page load), records what live regions
    /// (`aria-live`, `role=status` or `alert`) would have a screen reader say:
    /// the text of each region after each change, as [`Browser::announcements`]
    /// answers.
    pub async fn record_announcements(&self) {
        let script = "window.__said = [];
            const live = (node) => {
                const e = node.nodeType === 1 ? node : node.parentElement;
                return e && e.closest('[aria-live]:not([aria-live=off]), [role=status], [role=alert]');
            };
            new MutationObserver((changes) => {
                const regions = new Set(changes.map((c) => live(c.target)).filter(Boolean));
                for (const region of regions) {
                    const text = region.textContent.trim().replace(/\\s+/g, ' ');
                    if (text) window.__said.push({ region: region.getAttribute('data-testid') || region.className, text });
                }
            }).observe(document.body, { childList: true, subtree: true, characterData: true });";
        self.client
            .execute(script, vec![])
            .await
            .expect("record announcements");
    }

    /// What was announced since [`Browser::record_announcements`], as
    /// `(region, text)`.
    pub async fn announcements(&self) -> Vec<(String, String)> {
        let said = self
            .client
            .execute("return window.__said || [];", vec![])
            .await
            .expect("announcements");
        said.as_array()
            .into_iter()
            .flatten()
            .map(|a| {
                let part = |k: &str| a[k].as_str().unwrap_or_default().to_string();
                (part("region"), part("text"))
            })
            .collect()
    }
}

impl Browser {
    /// What the live regions named by `regions` (their `data-testid`, else their
    /// class) said since [`Browser::record_announcements`], as `(region, text)`.
    pub async fn announced_in(&self, regions: &[&str]) -> Vec<(String, String)> {
        let mut said = self.announcements().await;
        said.retain(|(region, _)| regions.contains(&region.as_str()));
        said
    }
}

/// Scrolling a long page as a phone user does, and what of the header is then
/// within reach.
impl Browser {
    /// Scrolls the page by `dy` CSS px (up when negative), and waits for the
    /// header to have followed.
    pub async fn scroll_by(&self, dy: i32) {
        self.script(&format!("window.scrollBy(0, {dy}); return true;"))
            .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    /// Scrolls to `y` (a script's expression), and waits as [`Browser::scroll_by`].
    pub async fn scroll_to_y(&self, y: &str) {
        self.script(&format!("window.scrollTo(0, {y}); return true;"))
            .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    /// How far the page is scrolled.
    pub async fn scroll_y(&self) -> f64 {
        self.script("return window.scrollY;")
            .await
            .as_f64()
            .expect("scrollY")
    }

    /// The header's top and bottom on the screen, and the focused element's top.
    pub async fn header_and_focus(&self) -> [f64; 3] {
        let script = "const h = document.querySelector('header').getBoundingClientRect(); \
            const f = document.activeElement.getBoundingClientRect(); \
            return [h.top, h.bottom, f.top];";
        serde_json::from_value(self.script(script).await).expect("three numbers")
    }

    /// Whether the header is out of the way (above the screen).
    pub async fn header_away(&self) -> bool {
        self.header_and_focus().await[1] <= 0.0
    }

    /// Waits for a heading to have the focus, and checks that it is not under
    /// the header on the screen.
    pub async fn heading_focused_not_under_header(&self) {
        self.wait_for_focus(|f| f.starts_with("h1")).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let [top, bottom, focus] = self.header_and_focus().await;
        assert!(
            bottom <= 0.0 || focus >= bottom - 1.0,
            "the heading at {focus}, under the header at {top}..{bottom}"
        );
    }

    /// Whether the language switch is on the screen and on top there: a tap
    /// on it reaches it where the page is.
    pub async fn switch_within_reach(&self) -> bool {
        let script = "const s = document.getElementById('lang-switch'); \
            const r = s.getBoundingClientRect(); \
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
            return r.top >= 0 && r.bottom <= window.innerHeight && s.contains(hit);";
        self.script(script).await == serde_json::Value::Bool(true)
    }

    /// Gives the focus to the skip link where the page is, then presses `key`
    /// ("Tab", "Enter") as a keyboard sends it: WebDriver's keys would first
    /// scroll the link, at the top of the page, into view.
    pub async fn press_from_skip_link(&self, key: &str) {
        self.script("document.querySelector('.skip').focus({ preventScroll: true }); return true;")
            .await;
        let (code, text) = match key {
            "Enter" => (13, "\r"),
            _ => (9, ""),
        };
        for kind in ["rawKeyDown", "char", "keyUp"] {
            if kind == "char" && text.is_empty() {
                continue;
            }
            cdp(
                self,
                "Input.dispatchKeyEvent",
                serde_json::json!({
                    "type": kind, "key": key, "code": key, "text": text,
                    "windowsVirtualKeyCode": code,
                }),
            )
            .await;
        }
    }
}

/// A script (`execute_async`): whether the device's store holds the guide's
/// snapshot of its data as it is now (`src/store.rs`: `meta` `written` and
/// `snapshot_of`).
#[allow(dead_code)]
pub const SNAPSHOT_KEPT: &str = "const done = arguments[0];
    const open = indexedDB.open('wijkgids');
    open.onerror = () => done(false);
    open.onsuccess = () => {
        const meta = open.result.transaction('meta').objectStore('meta');
        const found = {};
        for (const key of ['written', 'snapshot_of']) {
            meta.get(key).onsuccess = (e) => { found[key] = e.target.result; };
        }
        meta.transaction.oncomplete = () => {
            open.result.close();
            done(!!found.written && found.written === found.snapshot_of);
        };
    };";
