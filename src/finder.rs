//! The finder: a new visitor's first screen (issue 21), a small WASM of its own
//! (`src/bin/finder.rs`, no Leptos) that `index.html` starts instead of the first
//! screen on a device that has never held the guide, with nobody signed in.
//!
//! It takes the public guide that `index.html` started fetching (the server's
//! `GET /api/v1/public-guide`: every public offering and organisation, some 60 KB
//! for a neighbourhood), indexes it as the guide does and searches it on the
//! device as the person types: what someone types never leaves the phone. It
//! draws the results under the painted page's box ([`results`]), then loads the
//! guide, which starts from the same records (it leaves their JSON for it,
//! `guide::PUBLIC_GUIDE`), so the same results stay on the screen when it takes
//! over. On a device in English `index.html` starts the first screen instead,
//! which draws the page in English, leaving a place for the finder's results,
//! and then starts the finder (the page in one's own language comes first).

mod results;

use std::cell::RefCell;
use std::collections::HashMap;

use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wijkgids_core::Offering;
use wijkgids_core::card::CardText;
use wijkgids_core::search::{Query, SearchIndex};
use wijkgids_core::vocab::Lang;

use crate::guide::PUBLIC_GUIDE;
use crate::i18n::device_lang;
use crate::loading::load_guide;
use crate::typed::{TypedKeeper, keep_typed_in_history};

/// The window property through which the guide ends the finder's work on the
/// page when it takes over (`front::take_over`).
pub const END_FINDER: &str = "wijkgidsEndFinder";
/// The window property through which the first screen, having drawn the page
/// in another language, has the finder draw its results again in it.
const SHOW_FOUND: &str = "wijkgidsShowFound";
/// Where the server hands out the public guide.
const PUBLIC_GUIDE_URL: &str = "/api/v1/public-guide";
/// Offerings read and indexed in one task: under 50 ms on a phone four times
/// slower than a desktop (the demo's 164 took one task of 150 ms).
const INDEXED_AT_ONCE: usize = 20;
/// Results shown, as the results page shows at first (`pages::results::PAGE`).
pub const SHOWN: usize = 20;

/// What a search found: how many match, and the cards of the first [`SHOWN`],
/// without the times of sessions (the guide's schedules and time zone tell those).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub total: usize,
    pub cards: Vec<CardText>,
}

struct Searchable {
    index: SearchIndex,
    offerings: HashMap<Uuid, Offering>,
}

/// Whether the finder can search.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Searching {
    /// The public guide is on its way (or too large to send at once: then the
    /// guide is waited for).
    Waiting,
    Ready,
    /// Not to be had for want of a connection.
    NeedsConnection,
}

/// What runs on the page until the guide takes over.
struct OnPage {
    _typed: TypedKeeper,
    _results: results::Listening,
}

thread_local! {
    static GUIDE: RefCell<Option<Searchable>> = const { RefCell::new(None) };
    static SEARCHING: std::cell::Cell<Searching> = const { std::cell::Cell::new(Searching::Waiting) };
    static ON_PAGE: RefCell<Option<OnPage>> = const { RefCell::new(None) };
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

/// Starts the finder: the results of what is typed in the painted page's box,
/// then the guide.
pub fn start() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_page = OnPage {
        _typed: keep_typed_in_history(),
        _results: results::Listening::start(show_found),
    };
    ON_PAGE.with(|kept| *kept.borrow_mut() = Some(on_page));
    let show = Closure::<dyn Fn()>::new(show_found);
    let _ = js_sys::Reflect::set(&window, &SHOW_FOUND.into(), show.as_ref());
    show.forget();
    let end = Closure::<dyn Fn()>::new(end);
    let _ = js_sys::Reflect::set(&window, &END_FINDER.into(), end.as_ref());
    end.forget();
    // What the history kept from before a reload shows at once.
    show_found();
    wasm_bindgen_futures::spawn_local(async {
        let searching = match index_public_guide().await {
            Ok(()) => Searching::Ready,
            Err(OFFLINE) => Searching::NeedsConnection,
            Err(_) => Searching::Waiting,
        };
        SEARCHING.with(|s| s.set(searching));
        show_found();
        // After the public guide, so the slow line brought the search first.
        load_guide(results::say_guide_unavailable);
    });
}

/// Has the finder (another WASM on this page) draw its results again: the first
/// screen calls it when it has drawn the page anew.
pub fn ask_to_show_found() {
    if let Some(window) = web_sys::window()
        && let Ok(show) = js_sys::Reflect::get(&window, &SHOW_FOUND.into())
        && let Some(show) = show.dyn_ref::<js_sys::Function>()
    {
        let _ = show.call0(&JsValue::UNDEFINED);
    }
}

/// The results of what is in the box now.
fn show_found() {
    let text = crate::typed::search_box()
        .map(|input| input.value())
        .unwrap_or_default();
    let lang = device_lang();
    let shown = if text.trim().is_empty() {
        results::Shown::Nothing
    } else {
        match SEARCHING.with(|s| s.get()) {
            Searching::Waiting => results::Shown::Waiting,
            Searching::NeedsConnection => results::Shown::NeedsConnection,
            Searching::Ready => {
                find(&text, lang).map_or(results::Shown::Waiting, results::Shown::Found)
            }
        }
    };
    results::show(&shown, lang);
}

/// The guide has taken over: the finder stops drawing.
fn end() {
    ON_PAGE.with(|kept| drop(kept.borrow_mut().take()));
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::delete_property(&window, &SHOW_FOUND.into());
    }
}

/// Why the finder cannot search: no connection ([`OFFLINE`]), or the server sent
/// no public guide (too large to send at once, or an error): the guide is waited for.
const OFFLINE: &str = "offline";
const NO_PUBLIC_GUIDE: &str = "no_public_guide";

/// The public guide (`core::wire::PublicGuide`) with its offerings still to be
/// read, a part at a time.
#[derive(serde::Deserialize)]
struct PublicGuideParts<'a> {
    #[serde(borrow)]
    offerings: Vec<&'a serde_json::value::RawValue>,
    organisations: Vec<wijkgids_core::Organisation>,
}

async fn index_public_guide() -> Result<(), &'static str> {
    let json = match JsFuture::from(fetch_text(PUBLIC_GUIDE_URL, PUBLIC_GUIDE)).await {
        Ok(json) => json,
        // `fetch` fails with a TypeError when no answer came at all.
        Err(error) if error.is_instance_of::<js_sys::TypeError>() => return Err(OFFLINE),
        Err(_) => return Err(NO_PUBLIC_GUIDE),
    };
    // Reading and indexing are tasks of their own, both in parts: no task long
    // enough to hold up the person's typing on a slow phone (the WASM's own
    // start is one already).
    let _ = JsFuture::from(yield_now()).await;
    let json = json.as_string().ok_or(NO_PUBLIC_GUIDE)?;
    let parts: PublicGuideParts = serde_json::from_str(&json).map_err(|_| NO_PUBLIC_GUIDE)?;
    let mut index = SearchIndex::default();
    for organisation in &parts.organisations {
        index.set_organisation(organisation.id, &organisation.name);
    }
    let mut offerings = Vec::with_capacity(parts.offerings.len());
    for part in parts.offerings.chunks(INDEXED_AT_ONCE) {
        let _ = JsFuture::from(yield_now()).await;
        let read: Vec<Offering> = part
            .iter()
            .map(|raw| serde_json::from_str(raw.get()))
            .collect::<Result<_, _>>()
            .map_err(|_| NO_PUBLIC_GUIDE)?;
        index.upsert_all(&read);
        offerings.extend(read);
    }
    let offerings = offerings.into_iter().map(|o| (o.id, o)).collect();
    GUIDE.with(|guide| *guide.borrow_mut() = Some(Searchable { index, offerings }));
    Ok(())
}

/// What the public guide holds for `text`, in `lang`; `None` before it is indexed.
fn find(text: &str, lang: Lang) -> Option<Found> {
    GUIDE.with(|guide| {
        let guide = guide.borrow();
        let guide = guide.as_ref()?;
        let now =
            chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
        let mut query = Query::new(text.to_string(), now);
        query.lang = lang;
        query.limit = SHOWN;
        let results = guide.index.search(&query);
        let cards = results
            .hits
            .iter()
            .filter_map(|hit| {
                let offering = guide.offerings.get(&hit.id)?;
                Some(CardText::timeless(lang, offering, &hit.reasons))
            })
            .collect();
        Some(Found {
            total: results.total,
            cards,
        })
    })
}
