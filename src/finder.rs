//! The finder: a new visitor's search before the guide has come (issue 21), as a
//! small WASM of its own (`src/bin/finder.rs`, no Leptos), loaded beside the first
//! screen on a device that has never held the guide (`crate::first_search`).
//!
//! It takes the public guide that `index.html` started fetching (the server's
//! `GET /api/v1/public-guide`: every public offering and organisation, some 60 KB
//! for a neighbourhood), indexes it as the guide does and searches it on the
//! device: what someone types never leaves the phone. It leaves the guide's JSON
//! for the guide (`guide::PUBLIC_GUIDE`), which starts from the same records, so
//! the same results stay on the screen when it takes over. Apart from the first
//! screen so that the first screen stays within its size budget for everyone.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wijkgids_core::Offering;
use wijkgids_core::search::{Query, SearchIndex};
use wijkgids_core::vocab::Lang;
use wijkgids_core::wire::PublicGuide;

use crate::components::card::CardText;
use crate::components::offering_card::timeless_card_text;
use crate::guide::PUBLIC_GUIDE;

/// The window property the finder leaves its promise under: it resolves to the
/// search function once the public guide is indexed, and fails with why it
/// cannot be had ([`OFFLINE`], or a guide too large to send at once).
pub const FINDER: &str = "wijkgidsFinder";
/// Where the server hands out the public guide.
const PUBLIC_GUIDE_URL: &str = "/api/v1/public-guide";
/// Offerings indexed in one task: about 40 ms on a phone four times slower than
/// a desktop (the demo's 164 took one task of 150 ms).
const INDEXED_AT_ONCE: usize = 40;
/// Results shown, as the results page shows at first (`pages::results::PAGE`).
pub const SHOWN: usize = 20;

/// What a search found: how many match, and the cards of the first [`SHOWN`],
/// without the times of sessions (the guide's schedules and time zone tell those).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Found {
    pub total: usize,
    pub cards: Vec<CardText>,
}

struct Searchable {
    index: SearchIndex,
    offerings: HashMap<Uuid, Offering>,
}

thread_local! {
    static GUIDE: RefCell<Option<Searchable>> = const { RefCell::new(None) };
}

#[wasm_bindgen(inline_js = "export function fetch_text(url, key) {
    const started = window.wijkgidsPublicGuideFetch;
    delete window.wijkgidsPublicGuideFetch;
    return (started || fetch(url, { credentials: 'same-origin' }).then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
    })).then((text) => {
        window[key] = text;
        return text;
    });
}
export function yield_now() {
    return new Promise((resolve) => setTimeout(resolve, 0));
}")]
extern "C" {
    /// The text at `url` (from the fetch `index.html` started, if it did), also
    /// left on the window under `key`.
    fn fetch_text(url: &str, key: &str) -> js_sys::Promise;
    fn yield_now() -> js_sys::Promise;
}

/// Starts the finder: leaves its promise on the window (see [`FINDER`]).
pub fn start() {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        wasm_bindgen_futures::spawn_local(async move {
            match index_public_guide().await {
                Ok(()) => {
                    let find = Closure::<dyn Fn(String, String) -> String>::new(find);
                    let _ = resolve.call1(&JsValue::NULL, find.as_ref());
                    find.forget();
                }
                Err(why) => {
                    let _ = reject.call1(&JsValue::NULL, &why.into());
                }
            }
        });
    });
    let _ = js_sys::Reflect::set(
        &web_sys::window().expect("a window"),
        &FINDER.into(),
        &promise,
    );
}

/// Why the finder cannot search: no connection ([`OFFLINE`]), or the server sent
/// no public guide (too large to send at once, or an error): the guide is waited for.
pub const OFFLINE: &str = "offline";
const NO_PUBLIC_GUIDE: &str = "no_public_guide";

async fn index_public_guide() -> Result<(), &'static str> {
    let json = match JsFuture::from(fetch_text(PUBLIC_GUIDE_URL, PUBLIC_GUIDE)).await {
        Ok(json) => json,
        // `fetch` fails with a TypeError when no answer came at all.
        Err(error) if error.is_instance_of::<js_sys::TypeError>() => return Err(OFFLINE),
        Err(_) => return Err(NO_PUBLIC_GUIDE),
    };
    let public = json
        .as_string()
        .and_then(|json| serde_json::from_str::<PublicGuide>(&json).ok())
        .ok_or(NO_PUBLIC_GUIDE)?;
    // Reading and indexing are tasks of their own, the indexing in parts: no
    // task long enough to hold up the person's typing on a slow phone.
    let _ = JsFuture::from(yield_now()).await;
    let mut index = SearchIndex::default();
    for organisation in &public.organisations {
        index.set_organisation(organisation.id, &organisation.name);
    }
    for part in public.offerings.chunks(INDEXED_AT_ONCE) {
        index.upsert_all(part);
        let _ = JsFuture::from(yield_now()).await;
    }
    let offerings = public.offerings.into_iter().map(|o| (o.id, o)).collect();
    GUIDE.with(|guide| *guide.borrow_mut() = Some(Searchable { index, offerings }));
    Ok(())
}

/// The search for `text` in the language `lang` (its code), as [`Found`] JSON.
fn find(text: String, lang: String) -> String {
    let lang = Lang::from_code(&lang).unwrap_or_default();
    let found = GUIDE.with(|guide| {
        guide.borrow().as_ref().map(|guide| {
            let now = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
                .unwrap_or_default();
            let mut query = Query::new(text, now);
            query.lang = lang;
            query.limit = SHOWN;
            let results = guide.index.search(&query);
            let cards = results
                .hits
                .iter()
                .filter_map(|hit| {
                    let offering = guide.offerings.get(&hit.id)?;
                    Some(timeless_card_text(lang, offering, &hit.reasons))
                })
                .collect();
            Found {
                total: results.total,
                cards,
            }
        })
    });
    let found = found.unwrap_or(Found {
        total: 0,
        cards: Vec::new(),
    });
    serde_json::to_string(&found).unwrap_or_default()
}
