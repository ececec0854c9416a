//! Wijkgids client: the Leptos app over the on-device store and the sync transport.
//! All rules (model, validation, search, schedules, sync) live in `wijkgids-core`.

pub mod api;
pub mod app;
pub mod components;
pub mod finder;
pub mod front;
pub mod guide;
pub mod i18n;
pub mod kept_draft;
pub mod loading;
pub mod one_tab;
pub mod pages;
pub mod pwa;
pub mod refer_visit;
pub mod session;
pub mod snapshot_cards;
pub mod store;
pub mod sync;
pub mod tools;
pub mod typed;

use wasm_bindgen::JsCast;

use crate::components::search_box::{keep_typing_at, search_href};
use wijkgids_core::search::{Filters, TEXT_KEY};

/// The element the apps draw in; `index.html` paints the first screen there.
fn app_root() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id("app")?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// The search the guide goes on with when someone typed in the box before the
/// guide started: on the front page, or on the results the server drew (a shared
/// `/zoeken?q=` link), keeping its filters. A box nobody typed in leaves the link
/// as it is (the service worker's copy of the page draws it empty).
fn front_page() -> bool {
    leptos::prelude::window()
        .location()
        .pathname()
        .ok()
        .as_deref()
        == Some("/")
}

fn scroll_y() -> f64 {
    leptos::prelude::window().scroll_y().unwrap_or_default()
}

/// Where the list of results starts on the page, if one shows.
fn results_at() -> Option<f64> {
    let list = leptos::prelude::document()
        .query_selector("[data-testid=results]")
        .ok()??;
    Some(list.get_bounding_client_rect().top() + scroll_y())
}

fn search_for_typed(typed: &typed::Typed) -> Option<String> {
    let location = leptos::prelude::window().location();
    let asked = web_sys::UrlSearchParams::new_with_str(&location.search().ok()?).ok()?;
    let (text, filters) = match location.pathname().ok()?.as_str() {
        "/" if !typed.text.trim().is_empty() => (&typed.text, Filters::default()),
        "/zoeken" if typed.changed && asked.get(TEXT_KEY).unwrap_or_default() != typed.text => {
            let pairs = js_sys::try_iter(&asked).ok()??.filter_map(|pair| {
                let pair = js_sys::Array::from(&pair.ok()?);
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            });
            (&typed.text, Filters::from_query_pairs(pairs))
        }
        _ => return None,
    };
    Some(search_href(text, &filters))
}

/// Starts the guide and takes over the page from the first screen (or from the
/// static first paint), going on with what was typed in the search box.
pub fn start() {
    console_error_panic_hook::set_once();
    components::browser::mark("guide-start");
    // Not in the task that compiled and started the WASM: that one is long enough.
    // Nor reading the records shown before the device's own, putting them in the
    // guide and drawing it, all in one: each is a task of its own, so the page
    // keeps answering in between (issue 21: a start-up task of 650 ms on a slow
    // phone).
    wasm_bindgen_futures::spawn_local(async {
        use components::browser::yield_to_browser;
        yield_to_browser().await;
        let guide = guide::Guide::new();
        let sent = guide::records_sent_with_page();
        let public = guide::public_guide_from_first_screen();
        yield_to_browser().await;
        guide.apply_provisional(sent);
        guide.apply_public_guide(public);
        yield_to_browser().await;
        take_over_and_mount(guide);
    });
}

fn take_over_and_mount(guide: guide::Guide) {
    let Some(root) = app_root() else {
        return;
    };
    let typed = front::take_over();
    // The finder's public guide, if it came after the guide looked for it.
    guide.apply_public_guide(guide::public_guide_from_first_screen());
    if let Some(href) = search_for_typed(&typed) {
        keep_typing_at(typed.caret.clone());
        let history = leptos::prelude::window().history();
        let none = wasm_bindgen::JsValue::NULL;
        // From the front page a new entry, as typing there makes in the guide:
        // "back" returns to the front page, not away from the app.
        let _ = history.and_then(|h| match front_page() {
            true => h.push_state_with_url(&none, "", Some(&href)),
            false => h.replace_state_with_url(&none, "", Some(&href)),
        });
    }
    // Where the person was in the results the first screen showed: drawn again,
    // the page would start at its top.
    let (scrolled, list_at) = (scroll_y(), results_at());
    // And the result someone had tabbed to, which the new page would drop.
    let focused_result = components::result_place::focused_result();
    root.set_inner_html("");
    leptos::mount::mount_to(root, move || leptos::view! { <app::App guide/> }).forget();
    components::browser::mark("mounted");
    if let (Some(before), Some(after)) = (list_at, results_at()) {
        leptos::prelude::window().scroll_to_with_x_and_y(0.0, scrolled + after - before);
    }
    if let Some(href) = focused_result {
        components::result_place::keep_focus_on(href);
    }
    if typed.focused
        && let Some(input) = leptos::prelude::document()
            .get_element_by_id("q")
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = input.focus();
        typed::put_caret_back(typed.caret);
    }
}
