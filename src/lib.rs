//! Wijkgids client: the Leptos app over the on-device store and the sync transport.
//! All rules (model, validation, search, schedules, sync) live in `wijkgids-core`.

pub mod api;
pub mod app;
pub mod components;
pub mod guide;
pub mod i18n;
pub mod pages;
pub mod store;
pub mod sync;

use wasm_bindgen::JsCast;

/// Takes over the page: replaces the static first-paint shell in `#app` with the
/// running app.
pub fn start() {
    console_error_panic_hook::set_once();
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    root.set_inner_html("");
    leptos::mount::mount_to(root, app::App).forget();
}
