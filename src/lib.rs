//! Wijkgids client: the Leptos app over the on-device store and the sync transport.
//! All rules (model, validation, search, schedules, sync) live in `wijkgids-core`.

pub mod api;
pub mod app;
pub mod components;
pub mod front;
pub mod guide;
pub mod i18n;
pub mod kept_draft;
pub mod pages;
pub mod pwa;
pub mod refer_visit;
pub mod session;
pub mod store;
pub mod sync;
pub mod tools;

use wasm_bindgen::JsCast;

use crate::components::search_box::{keep_typing, search_href};
use wijkgids_core::search::Filters;

/// The element the apps draw in; `index.html` paints the first screen there.
fn app_root() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id("app")?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// Starts the guide and takes over the page from the first screen (or from the
/// static first paint), going on with what was typed in the search box.
pub fn start() {
    console_error_panic_hook::set_once();
    let Some(root) = app_root() else {
        return;
    };
    let typed = front::take_over();
    let window = leptos::prelude::window();
    let on_front = window.location().pathname().as_deref() == Ok("/");
    if on_front && !typed.text.trim().is_empty() {
        keep_typing();
        let href = search_href(&typed.text, &Filters::default());
        let _ = window
            .history()
            .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href)));
    }
    root.set_inner_html("");
    leptos::mount::mount_to(root, app::App).forget();
    if typed.focused
        && let Some(input) = leptos::prelude::document()
            .get_element_by_id("q")
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = input.focus();
    }
}
