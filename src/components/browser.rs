//! The few browser features the screens use beyond the DOM: the clock, a file
//! download, sharing a link, printing, moving the focus, yielding to the browser.

use chrono::{DateTime, Utc};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = "export function next_task() {
    if (globalThis.scheduler && scheduler.yield) return scheduler.yield();
    return new Promise((resolve) => setTimeout(resolve, 0));
}")]
extern "C" {
    fn next_task() -> js_sys::Promise;
}

/// Lets the browser draw and answer taps before going on: start-up work split at
/// its stages keeps every task short (no long task over 50 ms on a slow phone).
pub async fn yield_to_browser() {
    let _ = wasm_bindgen_futures::JsFuture::from(next_task()).await;
}

/// Whether the page is out of sight (another tab, the app in the background):
/// nobody waits for a tap there, and the browser slows its timers to about one
/// a second, so work split into tasks for smoothness is better done at once.
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str);
}

/// Names a moment of start-up in the page's timeline (`wijkgids:` and `name`), as
/// DevTools' performance panel and the reopen benchmark (`tests/bench_sync.rs`)
/// show it.
pub fn mark(name: &str) {
    performance_mark(&format!("wijkgids:{name}"));
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL)]
    fn create_object_url(blob: &JsValue) -> String;
    #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL)]
    fn revoke_object_url(url: &str);
}

/// The current moment, from the browser's clock (the core never reads one).
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Offers `text` as a file download named `file_name`, through a Blob URL.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let global = js_sys::global();
    let blob_class: js_sys::Function = js_sys::Reflect::get(&global, &"Blob".into())?.dyn_into()?;
    let parts = js_sys::Array::of1(&text.into());
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"type".into(), &mime.into())?;
    let blob = js_sys::Reflect::construct(&blob_class, &js_sys::Array::of2(&parts, &options))?;
    let url = create_object_url(&blob);
    let document = leptos::prelude::document();
    let link = document.create_element("a")?;
    link.set_attribute("href", &url)?;
    link.set_attribute("download", file_name)?;
    link.dyn_ref::<web_sys::HtmlElement>()
        .ok_or_else(|| JsValue::from_str("not an element"))?
        .click();
    revoke_object_url(&url);
    Ok(())
}

/// How a link was shared.
pub enum Shared {
    /// The system's share sheet took it (or the person closed it).
    Sheet,
    /// No share sheet here: the link is on the clipboard.
    Copied,
}

/// Shares `url` with the Web Share API where there is one, else copies it.
pub async fn share(title: &str, url: &str) -> Result<Shared, JsValue> {
    let navigator: JsValue = leptos::prelude::window().navigator().into();
    let share = js_sys::Reflect::get(&navigator, &"share".into())?;
    if let Some(share) = share.dyn_ref::<js_sys::Function>() {
        let data = js_sys::Object::new();
        js_sys::Reflect::set(&data, &"title".into(), &title.into())?;
        js_sys::Reflect::set(&data, &"url".into(), &url.into())?;
        let promise: js_sys::Promise = share.call1(&navigator, &data)?.dyn_into()?;
        // A closed share sheet rejects; that is the person's choice, not an error.
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        return Ok(Shared::Sheet);
    }
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())?;
    let write: js_sys::Function =
        js_sys::Reflect::get(&clipboard, &"writeText".into())?.dyn_into()?;
    let promise: js_sys::Promise = write.call1(&clipboard, &url.into())?.dyn_into()?;
    wasm_bindgen_futures::JsFuture::from(promise).await?;
    Ok(Shared::Copied)
}

/// Opens the browser's print dialog (the page has a print style).
pub fn print() {
    let _ = leptos::prelude::window().print();
}

/// Moves the focus to the element with `id` once the screen has drawn it (a
/// question that replaced the button pressed, say), so keyboard and screen reader
/// users go on where the change happened. It scrolls into view with it.
pub fn focus_soon(id: impl AsRef<str> + 'static) {
    leptos::prelude::request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id.as_ref()))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            focus_and_show(&element);
        }
    });
}

/// As [`focus_soon`], for the first element matching `selector` (a list's first
/// item, which has no id of its own).
pub fn focus_first_soon(selector: impl AsRef<str> + 'static) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(element) = element(selector.as_ref()) {
            focus_and_show(&element);
        }
    });
}

fn focus_and_show(element: &web_sys::HtmlElement) {
    let _ = element.focus();
    // Focus alone scrolls only as far as the element itself: show what follows it
    // (a question's answers) too.
    element.scroll_into_view();
}

/// The first element matching `selector` on the page, if it is an HTML element.
/// Whether the focus is nowhere (on the page itself): what a redraw that took
/// away the focused element leaves.
pub fn focus_lost() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    document
        .active_element()
        .is_none_or(|active| document.body().is_some_and(|body| *body == active))
}

pub fn element(selector: &str) -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()??
        .dyn_into()
        .ok()
}

/// `element.focus({ preventScroll: true })`, through `Reflect` to need no more
/// web-sys features.
pub fn focus_without_scrolling(element: &web_sys::HtmlElement) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &JsValue::TRUE);
    let focus = js_sys::Reflect::get(element, &"focus".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match focus {
        Some(focus) => {
            let _ = focus.call1(element, &options);
        }
        None => {
            let _ = element.focus();
        }
    }
}

/// Navigation that changes the address in place: no new history entry and no
/// scroll, for what is typed (so "back" leaves the screen, not one letter) and
/// for a parameter that was read once.
pub fn in_place() -> leptos_router::NavigateOptions {
    leptos_router::NavigateOptions {
        replace: true,
        scroll: false,
        ..Default::default()
    }
}
