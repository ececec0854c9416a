//! What a screen reader and a keyboard need when the router changes the screen
//! without a page load: the tab's title names the screen ("Wandelen met de
//! huisarts · Wijkgids"), and the focus moves to the screen's heading, so the next
//! Tab starts in the new content and a screen reader says where the person is.
//!
//! Only a new path moves the focus: typing in the search box changes the query and
//! must leave the focus where it is. A screen that placed the focus itself (the
//! search box going on with typing, "back" to the result that was opened) keeps it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::components::browser::{element, focus_without_scrolling};

/// The heading that names the screen.
const HEADING: &str = "#main h1";

/// Moves the focus to the new screen's heading whenever the path changes (not on
/// the first screen: the browser starts there with nothing focused, as after a
/// page load). Inside the router.
#[component]
pub fn FocusOnNewScreen() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::watch(
        move || location.pathname.get(),
        |_, _, _| request_animation_frame(focus_heading_unless_placed),
        false,
    );
}

/// Moves the focus to the main content's heading, unless a screen already put it
/// somewhere in the main content.
fn focus_heading_unless_placed() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let placed = document
        .active_element()
        .zip(document.get_element_by_id("main"))
        .is_some_and(|(active, main)| main.contains(Some(&active)));
    if !placed {
        focus_main();
    }
}

/// The focus on the main content's heading (or the main content itself when the
/// screen has no heading yet), as the skip link and a new screen need.
pub fn focus_main() {
    let Some(target) = element(HEADING).or_else(|| element("#main")) else {
        return;
    };
    // Focusable by script only: it is no stop for the Tab key.
    if !target.has_attribute("tabindex") {
        let _ = target.set_attribute("tabindex", "-1");
    }
    focus_without_scrolling(&target);
}

/// The tab's title is the heading's text and the app's name, kept up to date as
/// screens draw their heading (an offering's name arrives once the guide is read).
pub fn keep_title(app_name: impl Fn() -> &'static str + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let update = {
        let document = document.clone();
        move || {
            let heading = element(HEADING)
                .and_then(|h| h.text_content())
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|t| !t.is_empty());
            let title = match heading {
                Some(heading) if heading != app_name() => format!("{heading} · {}", app_name()),
                _ => app_name().to_string(),
            };
            if document.title() != title {
                document.set_title(&title);
            }
        }
    };
    update();
    let callback = Closure::<dyn Fn()>::new(update);
    let Ok(observer) = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()) else {
        return;
    };
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    options.set_character_data(true);
    if let Some(body) = document.body() {
        let _ = observer.observe_with_options(&body, &options);
    }
    // The observer lives as long as the page.
    callback.forget();
}
