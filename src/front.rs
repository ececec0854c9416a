//! The first screen's own small app. The whole guide (router, every screen, store,
//! sync and search) is too large to arrive quickly on a slow phone, so the first
//! WASM draws only the front page: from the static first paint in `index.html` to a
//! working page with what is on today, taken from a digest the guide leaves on the
//! device. Meanwhile it loads the guide, which takes over the page when it starts
//! ([`take_over`]), keeping what was typed in the search box.

use std::any::Any;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wijkgids_core::vocab::{AccountRole, Lang, Vocabulary};

use crate::components::card::{CardList, CardText};
use crate::components::header::Header;
use crate::components::search_box::keep_typing;
use crate::first_search::{FirstResults, PublicGuide};
use crate::i18n::{I18n, Text, provide_i18n};
use crate::pages::home::{FrontPage, Today, TomorrowList};

/// Where the guide keeps the front page's digest on the device.
const DIGEST_KEY: &str = "wijkgids.front";
/// The window property through which the guide ends the first screen's app.
const END_FRONT: &str = "wijkgidsEndFront";
/// The `<meta>`s in `index.html` that name the resident's guide's JS and that of
/// the guide with the signed-in tools (set by the build).
const GUIDE_META: &str = "meta[name=wijkgids-guide]";
const TOOLS_META: &str = "meta[name=wijkgids-tools]";

/// What the front page shows before the guide runs: today's cards as the guide
/// last drew them, in the language and on the date they were made for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontDigest {
    pub lang: String,
    /// `YYYY-MM-DD`, the day in the Netherlands.
    pub date: String,
    pub today: Vec<CardText>,
    /// Tomorrow's, for when nothing more is on today (none in a digest of before).
    #[serde(default)]
    pub tomorrow: Vec<CardText>,
}

/// Keeps the digest for the next start (called by the guide when it changes).
pub fn keep_digest(digest: &FrontDigest) {
    let _ = LocalStorage::set(DIGEST_KEY, digest);
}

/// Today's cards from the digest, if it was made today in `lang`: those not over
/// by now (the digest may have been made this morning); whether it had any; and
/// tomorrow's.
fn todays_cards(lang: Lang) -> Option<(Vec<CardText>, bool, Vec<CardText>)> {
    let digest: FrontDigest = LocalStorage::get(DIGEST_KEY).ok()?;
    if digest.lang != lang.code() || digest.date != local_date() {
        return None;
    }
    let had_any = !digest.today.is_empty();
    let now = js_sys::Date::now() / 1000.0;
    let mut cards = digest.today;
    cards.retain(|card| card.ends.is_none_or(|ends| ends as f64 > now));
    Some((cards, had_any, digest.tomorrow))
}

/// Today in the Netherlands, `YYYY-MM-DD`, as the guide dates its digest (the
/// device's own clock may be in another zone: after 23:00 UTC it is already
/// tomorrow in Amsterdam). The browser's Intl knows the zone, so the first screen
/// carries no time-zone table of its own.
fn local_date() -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"Europe/Amsterdam".into());
    // Canadian English writes dates as YYYY-MM-DD.
    js_sys::Date::new_0()
        .to_locale_date_string("en-CA", &options)
        .into()
}

/// The signed-in role's name from the session the guide keeps, read without the
/// guide's session types so the first screen stays small.
fn stored_role_label(lang: Lang) -> Option<&'static str> {
    let session: serde_json::Value = LocalStorage::get(crate::session::SESSION_KEY).ok()?;
    let role = AccountRole::from_code(session.pointer("/account/role")?.as_str()?)?;
    Some(role.label(lang))
}

/// Starts the first screen: the front page on `/`, and the guide everywhere.
pub fn start() {
    let Some(root) = crate::app_root() else {
        return;
    };
    if location_path() != "/" {
        // Another screen needs the guide itself: the static shell waits for it.
        load_guide(|| (), None);
        return;
    }
    let keeper = keep_typed_in_history();
    // A device that has never held the guide searches the public one meanwhile.
    let public = new_device().then(|| ArcRwSignal::new(PublicGuide::Fetching));
    let mut front = if drawn_as_is() {
        islands(&root, public)
    } else {
        // Someone quick may have typed into the painted page's box already.
        let typed = Typed::now();
        root.set_inner_html("");
        let front = leptos::mount::mount_to(root, move || view! { <FrontApp typed public/> });
        vec![Box::new(front) as Box<dyn Any>]
    };
    front.push(Box::new(keeper));
    let front = std::cell::RefCell::new(Some(front));
    let end = Closure::<dyn Fn()>::new(move || drop(front.borrow_mut().take()));
    let _ = js_sys::Reflect::set(&window(), &END_FRONT.into(), end.as_ref());
    end.forget();
}

/// The history entry's key for what is typed in the front page's box.
const TYPED_STATE: &str = "typed";

/// Keeps what is typed in the box in the front page's history entry (its address
/// stays `/`), and puts it back when the entry is shown again: after "back" from
/// a result, or a reload, before the guide has come.
fn keep_typed_in_history() -> TypedKeeper {
    let history = window().history().ok();
    let kept = history
        .as_ref()
        .and_then(|h| h.state().ok())
        .and_then(|state| js_sys::Reflect::get(&state, &TYPED_STATE.into()).ok())
        .and_then(|typed| typed.as_string());
    if let (Some(kept), Some(input)) = (kept, search_box())
        && input.value().is_empty()
    {
        input.set_value(&kept);
    }
    let keep = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let typed = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .filter(|input| input.id() == "q");
        if let (Some(input), Some(history)) = (typed, &history) {
            let state = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&state, &TYPED_STATE.into(), &input.value().into());
            let _ = history.replace_state(&state, "");
        }
    });
    let _ = document().add_event_listener_with_callback("input", keep.as_ref().unchecked_ref());
    TypedKeeper(keep)
}

/// Keeps what is typed in the history until dropped, when the guide takes over
/// (its router keeps its own history state).
struct TypedKeeper(Closure<dyn Fn(web_sys::Event)>);

impl Drop for TypedKeeper {
    fn drop(&mut self) {
        let _ = document()
            .remove_event_listener_with_callback("input", self.0.as_ref().unchecked_ref());
    }
}

/// Whether this device has never held the guide (which leaves its digest for
/// the first screen) and nobody is signed in.
fn new_device() -> bool {
    let stored = |key| LocalStorage::raw().get_item(key).ok().flatten().is_some();
    !stored(DIGEST_KEY) && !stored(crate::session::SESSION_KEY)
}

/// Whether `index.html` already shows this person's front page: in Dutch, not
/// signed in. Then the page is left as painted (drawing it again would count as a
/// later largest paint) and only what it cannot know is added.
fn drawn_as_is() -> bool {
    let lang = crate::i18n::device_lang();
    lang == Lang::Nl && stored_role_label(lang).is_none()
}

/// The live parts on the painted page: the status line (which tells when the
/// guide cannot come) and what is on today. Dropping them ends them.
fn islands(
    root: &web_sys::HtmlElement,
    public: Option<ArcRwSignal<PublicGuide>>,
) -> Vec<Box<dyn Any>> {
    let unavailable = ArcRwSignal::new(false);
    let failed = unavailable.clone();
    load_guide(move || failed.set(true), public.clone());
    let mut kept: Vec<Box<dyn Any>> = Vec::new();
    let find = |css: &str| root.query_selector(css).ok().flatten();
    // The results of a new visitor's search, right under the painted box.
    if let (Some(public), Some(form)) = (public, find("main form[role=search]")) {
        let text = ArcRwSignal::new(Typed::now().text);
        let typed = text.clone();
        let on_input = Closure::<dyn Fn()>::new(move || typed.set(Typed::now().text));
        let _ = form.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
        on_input.forget();
        let place = document().create_element("div").expect("a div");
        place.set_class_name("first-results");
        let _ = form.after_with_node_1(&place);
        let place: web_sys::HtmlElement = place.unchecked_into();
        kept.push(Box::new(leptos::mount::mount_to(place, move || {
            provide_i18n();
            view! { <FirstResults text=Signal::derive(move || text.get()) public/> }
        })));
    }
    if let Some(sync) = find(".sync").and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        sync.set_text_content(None);
        kept.push(Box::new(leptos::mount::mount_to(sync, move || {
            let i18n = provide_i18n();
            move || {
                i18n.t(if unavailable.get() {
                    Text::GuideUnavailable
                } else {
                    Text::StatusOpening
                })
            }
        })));
    }
    // The painted page is Dutch: the other language draws it again, in English.
    if let Some(switch) = find(".lang-switch") {
        let to_english = Closure::<dyn Fn()>::new(|| {
            let _ = LocalStorage::set(crate::i18n::LANG_KEY, Lang::En.code());
            let _ = window().location().reload();
        });
        let _ =
            switch.add_event_listener_with_callback("click", to_english.as_ref().unchecked_ref());
        to_english.forget();
    }
    if let Some(main) = find("main").and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        kept.push(Box::new(leptos::mount::mount_to(main, || {
            let i18n = provide_i18n();
            view! { <Today>{today(i18n)}</Today> }
        })));
    }
    kept
}

/// The front page drawn by the first screen, going on with what was `typed` in
/// the painted page's box.
#[component]
fn FrontApp(typed: Typed, public: Option<ArcRwSignal<PublicGuide>>) -> impl IntoView {
    let i18n = provide_i18n();
    let status = RwSignal::new(Text::StatusOpening);
    load_guide(move || status.set(Text::GuideUnavailable), public.clone());
    let text = RwSignal::new(typed.text);
    let mut focused = typed.focused;
    // Drawn again in the other language when the header's switch is used: the box
    // keeps its text, and the focus when it had it.
    move || {
        i18n.track();
        if std::mem::take(&mut focused) || Typed::now().focused {
            keep_typing();
        }
        view! {
            <Header status=Signal::derive(move || i18n.t(status.get()).to_string()) path="/".to_string()
                role=Signal::stored(stored_role_label(i18n.lang()))/>
            <FrontPage text on_text=move |t| text.set(t) continues=true
                after_box=public.clone().map(|public| ViewFn::from(move || view! { <FirstResults text public=public.clone()/> }))>
                {today(i18n)}
            </FrontPage>
        }
    }
}

/// Today's cards from the digest, or "loading" when it is not today's; with
/// nothing more today, tomorrow's, as the guide shows them.
fn today(i18n: I18n) -> AnyView {
    match todays_cards(i18n.lang()) {
        Some((cards, _, _)) if !cards.is_empty() => {
            view! { <CardList cards empty=Text::NothingToday/> }.into_any()
        }
        Some((_, had_any, tomorrow)) => {
            let empty = if had_any {
                Text::NothingMoreToday
            } else {
                Text::NothingToday
            };
            view! { <p>{i18n.t(empty)}</p><TomorrowList cards=tomorrow/> }.into_any()
        }
        None => view! { <p>{i18n.t(Text::StatusOpening)}</p> }.into_any(),
    }
}

#[wasm_bindgen(inline_js = "export function import_guide(js, wasm) {
    return import(js).then((guide) => guide.default({ module_or_path: wasm }));
}
export function online_or_after(ms) {
    return new Promise((resolve) => {
        addEventListener('online', resolve, { once: true });
        setTimeout(resolve, ms);
    });
}")]
extern "C" {
    /// Loads the guide's JS and WASM; its `main` runs as it starts.
    fn import_guide(js: &str, wasm: &str) -> js_sys::Promise;
    /// Resolves when the browser is back online, or after `ms`.
    fn online_or_after(ms: u32) -> js_sys::Promise;
}

/// How long to wait before trying the guide again when the browser does not say
/// it is back online.
const RETRY_MS: u32 = 30_000;

/// Loads the guide named in `index.html`: the one with the tools for someone
/// signed in or on a tool's page (`crate::tools`), else the resident's. When it
/// cannot arrive, `failed` runs and it is tried again once the browser is online
/// again (or after a while). With `public`, the public guide is fetched first, to
/// have the slow line to itself, and its state set there.
fn load_guide(failed: impl Fn() + 'static, public: Option<ArcRwSignal<PublicGuide>>) {
    let signed_in = LocalStorage::raw()
        .get_item(crate::session::SESSION_KEY)
        .ok()
        .flatten()
        .is_some();
    let which = if signed_in || crate::tools::is_tool_path(&location_path()) {
        TOOLS_META
    } else {
        GUIDE_META
    };
    let Some((js, wasm)) = app_files(which) else {
        return failed();
    };
    // Not Leptos's spawner: off the front page no Leptos app runs to start it.
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(public) = public {
            public.set(crate::first_search::fetch().await);
        }
        let mut url = js.clone();
        let mut attempt = 0;
        while JsFuture::from(import_guide(&url, &wasm)).await.is_err() {
            failed();
            let _ = JsFuture::from(online_or_after(RETRY_MS)).await;
            // A failed module stays failed under its URL: ask under a new one.
            attempt += 1;
            url = format!("{js}?attempt={attempt}");
        }
    });
}

/// The JS and WASM of a WASM app the build named in the `<meta>` at `meta`.
pub fn app_files(meta: &str) -> Option<(String, String)> {
    let js = document()
        .query_selector(meta)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))?;
    let wasm = js.replace(".js", "_bg.wasm");
    Some((js, wasm))
}

fn location_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// What the first screen left for the guide: the text typed in its search box, and
/// whether the box had the focus.
pub struct Typed {
    pub text: String,
    pub focused: bool,
    /// Someone typed in it: it holds something else than the page was drawn
    /// with (a page from the service worker's cache is drawn with an empty box,
    /// whatever its link asks for).
    pub changed: bool,
}

fn search_box() -> Option<web_sys::HtmlInputElement> {
    document()
        .get_element_by_id("q")
        .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
}

impl Typed {
    /// What is in the search box now, and whether it has the focus.
    fn now() -> Typed {
        let input = search_box();
        let focused =
            input.is_some() && document().active_element().map(|el| el.id()) == Some("q".into());
        let changed = input
            .as_ref()
            .is_some_and(|input| input.value() != input.default_value());
        let text = input.map(|input| input.value()).unwrap_or_default();
        Typed {
            text,
            focused,
            changed,
        }
    }
}

/// Ends the first screen's app, if it runs, and returns what was typed in it.
pub fn take_over() -> Typed {
    let typed = Typed::now();
    if let Ok(end) = js_sys::Reflect::get(&window(), &END_FRONT.into())
        && let Some(end) = end.dyn_ref::<js_sys::Function>()
    {
        let _ = end.call0(&JsValue::UNDEFINED);
    }
    typed
}
