//! Loading the WASM apps that `index.html` names in its `<meta>`s (the build gives
//! them content-hashed names, `scripts/name-guide.sh`): the guide, from whatever
//! runs first on the device (the first screen, or a new visitor's finder), and
//! the finder, from the first screen when it drew a new visitor's page in English.
//! Without Leptos: the finder carries no framework.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The `<meta>`s that name the resident's guide's JS and that of the guide with
/// the signed-in tools.
const GUIDE_META: &str = "meta[name=wijkgids-guide]";
const TOOLS_META: &str = "meta[name=wijkgids-tools]";
/// The `<meta>` that names the finder's JS.
const FINDER_META: &str = "meta[name=wijkgids-finder]";

/// How long to wait before trying the guide again when the browser does not say
/// it is back online.
const RETRY_MS: u32 = 30_000;

#[wasm_bindgen(inline_js = "export function import_app(js, wasm) {
    return import(js).then((app) => app.default({ module_or_path: wasm }));
}
export function online_or_after(ms) {
    return new Promise((resolve) => {
        addEventListener('online', resolve, { once: true });
        setTimeout(resolve, ms);
    });
}")]
extern "C" {
    /// Loads a WASM app's JS and WASM; its `main` runs as it starts.
    fn import_app(js: &str, wasm: &str) -> js_sys::Promise;
    /// Resolves when the browser is back online, or after `ms`.
    fn online_or_after(ms: u32) -> js_sys::Promise;
}

/// The JS and WASM of a WASM app the build named in the `<meta>` at `meta`.
pub fn app_files(meta: &str) -> Option<(String, String)> {
    let js = web_sys::window()?
        .document()?
        .query_selector(meta)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))?;
    let wasm = js.replace(".js", "_bg.wasm");
    Some((js, wasm))
}

fn location_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Someone is signed in on this device (the guide keeps the session there).
pub fn signed_in() -> bool {
    stored(crate::session::SESSION_KEY)
}

/// Whether the device keeps something under `key`.
pub fn stored(key: &str) -> bool {
    LocalStorage::raw().get_item(key).ok().flatten().is_some()
}

/// Loads the guide named in `index.html`: the one with the tools for someone
/// signed in or on a tool's page (`crate::tools`), else the resident's. When it
/// cannot arrive, `failed` runs and it is tried again once the browser is online
/// again (or after a while).
pub fn load_guide(failed: impl Fn() + 'static) {
    let which = if signed_in() || crate::tools::is_tool_path(&location_path()) {
        TOOLS_META
    } else {
        GUIDE_META
    };
    let Some((js, wasm)) = app_files(which) else {
        return failed();
    };
    wasm_bindgen_futures::spawn_local(async move {
        let mut url = js.clone();
        let mut attempt = 0;
        while JsFuture::from(import_app(&url, &wasm)).await.is_err() {
            failed();
            let _ = JsFuture::from(online_or_after(RETRY_MS)).await;
            // A failed module stays failed under its URL: ask under a new one.
            attempt += 1;
            url = format!("{js}?attempt={attempt}");
        }
    });
}

/// Loads the finder (`crate::finder`): a new visitor's search while the guide
/// loads, and then the guide. When it cannot come (offline: it is not kept for
/// offline use), `otherwise` runs.
pub fn load_finder(otherwise: impl FnOnce() + 'static) {
    let Some((js, wasm)) = app_files(FINDER_META) else {
        return otherwise();
    };
    wasm_bindgen_futures::spawn_local(async move {
        if JsFuture::from(import_app(&js, &wasm)).await.is_err() {
            otherwise();
        }
    });
}

/// `index.html` could not start the finder on a new visitor's device, and
/// started the first screen instead.
pub fn finder_failed() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"wijkgidsFinderFailed".into()).ok())
        .is_some_and(|failed| failed.is_truthy())
}
