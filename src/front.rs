//! The first screen's own small app. The whole guide (router, every screen, store,
//! sync and search) is too large to arrive quickly on a slow phone, so the first
//! WASM draws only the front page: from the static first paint in `index.html` to a
//! working page with what is on today, taken from a digest the guide leaves on the
//! device. Meanwhile it loads the guide, which takes over the page when it starts
//! ([`take_over`]), keeping what was typed in the search box. A new visitor's
//! device starts with the finder instead (`crate::finder`).

use std::any::Any;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wijkgids_core::vocab::{AccountRole, Lang, Vocabulary};

use crate::components::card::{CardList, CardText};
use crate::components::header::Header;
use crate::components::search_box::keep_typing_at;
use crate::i18n::{I18n, Text, provide_i18n};
use crate::loading::{finder_failed, load_finder, load_guide, signed_in, stored};
use crate::pages::home::{FrontPage, Today, TomorrowList};
use crate::typed::{Typed, keep_typed_in_history};

/// Where the guide keeps the front page's digest on the device.
const DIGEST_KEY: &str = "wijkgids.front";
/// The window property through which the guide ends the first screen's app.
const END_FRONT: &str = "wijkgidsEndFront";

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
/// On a new visitor's device it runs only to draw the page in another language
/// than the painted Dutch, and then starts the finder (`crate::finder`), which
/// shows the results and loads the guide.
pub fn start() {
    let Some(root) = crate::app_root() else {
        return;
    };
    if location_path() != "/" {
        // Another screen needs the guide itself: the static shell waits for it.
        load_guide(|| ());
        return;
    }
    let new_device = new_device();
    let mut front = if drawn_as_is() && !new_device {
        islands(&root)
    } else {
        // Someone quick may have typed into the painted page's box already.
        let typed = Typed::now();
        root.set_inner_html("");
        let front = leptos::mount::mount_to(root, move || view! { <FrontApp typed new_device/> });
        vec![Box::new(front) as Box<dyn Any>]
    };
    if !new_device {
        front.push(Box::new(keep_typed_in_history()));
    }
    let front = std::cell::RefCell::new(Some(front));
    let end = Closure::<dyn Fn()>::new(move || drop(front.borrow_mut().take()));
    let _ = js_sys::Reflect::set(&window(), &END_FRONT.into(), end.as_ref());
    end.forget();
}

/// Whether this device has never held the guide (which leaves its digest for
/// the first screen), nobody is signed in, and the finder could come.
fn new_device() -> bool {
    !stored(DIGEST_KEY) && !signed_in() && !finder_failed()
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
fn islands(root: &web_sys::HtmlElement) -> Vec<Box<dyn Any>> {
    let unavailable = ArcRwSignal::new(false);
    let failed = unavailable.clone();
    load_guide(move || failed.set(true));
    let mut kept: Vec<Box<dyn Any>> = Vec::new();
    let find = |css: &str| root.query_selector(css).ok().flatten();
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
    if let Some(main) = find("main").and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        kept.push(Box::new(leptos::mount::mount_to(main, || {
            let i18n = provide_i18n();
            view! { <Today>{today(i18n)}</Today> }
        })));
    }
    kept
}

/// The front page drawn by the first screen, going on with what was `typed` in
/// the painted page's box. On a `new_device` the finder loads the guide and
/// draws the results in the place left for them.
#[component]
fn FrontApp(typed: Typed, new_device: bool) -> impl IntoView {
    let i18n = provide_i18n();
    let status = RwSignal::new(Text::StatusOpening);
    let guide = move || load_guide(move || status.set(Text::GuideUnavailable));
    if new_device {
        // Drawn in the device's language: now the search while the guide
        // loads, which then loads the guide; without it, the guide at once.
        load_finder(guide);
    } else {
        guide();
    }
    let text = RwSignal::new(typed.text);
    let mut focused = typed.focused;
    let mut caret = typed.caret;
    // Drawn again in the other language when the header's switch is used: the box
    // keeps its text, and the focus when it had it.
    move || {
        i18n.track();
        let now = Typed::now();
        if std::mem::take(&mut focused) || now.focused {
            keep_typing_at(caret.take().or(now.caret));
        }
        if new_device {
            // Once this drawing is on the page.
            request_animation_frame(crate::finder::ask_to_show_found);
        }
        view! {
            <Header status=Signal::derive(move || i18n.t(status.get()).to_string()) path="/".to_string()
                role=Signal::stored(stored_role_label(i18n.lang()))/>
            <FrontPage text on_text=move |t| text.set(t) continues=true
                results_place=new_device>
                {today(i18n)}
            </FrontPage>
        }
    }
}

/// Today's cards from the digest, or "loading" when it is not today's; with
/// nothing more today, tomorrow's, as the guide shows them. The guide shows
/// the same until its own lists are there (`pages::agenda::HappeningList`).
pub fn today(i18n: I18n) -> AnyView {
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

fn location_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// Ends the first screen's app and the finder's results, where they run, and
/// returns what was typed in the box.
pub fn take_over() -> Typed {
    let typed = Typed::now();
    for ending in [END_FRONT, crate::finder::END_FINDER] {
        if let Ok(end) = js_sys::Reflect::get(&window(), &ending.into())
            && let Some(end) = end.dyn_ref::<js_sys::Function>()
        {
            let _ = end.call0(&JsValue::UNDEFINED);
        }
    }
    typed
}
