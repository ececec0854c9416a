//! Keeping a person's place in a list of results: opening a result and pressing
//! "back" returns to the same list (its URL holds the search, the filters and how
//! many are shown), scrolled to where they were, with the focus on the result they
//! opened; and after "Toon meer" the focus goes to the first new result.
//!
//! The place is kept for the browser tab only (`sessionStorage`), for one return:
//! the list's URL, how far it was scrolled and which result was opened.

use gloo_storage::{SessionStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::components::browser::{element, focus_lost, focus_without_scrolling};

/// Where the place is kept in the tab.
const PLACE_KEY: &str = "wijkgids.results-place";

/// A list of results as it was left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Path and query of the list.
    pub url: String,
    /// How far the page was scrolled, in CSS pixels.
    pub y: f64,
    /// The link that was followed.
    pub href: String,
}

fn here() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!(
        "{}{}",
        location.pathname().ok()?,
        location.search().ok()?
    ))
}

/// Remembers the list on this page as it is, as `href` is opened from it.
pub fn remember(href: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(url) = here() else {
        return;
    };
    let y = window.scroll_y().unwrap_or(0.0);
    let _ = SessionStorage::set(PLACE_KEY, Place { url, y, href });
}

/// The place remembered for the list on this page, taken (it serves one return);
/// `None` when the person left another list or none.
pub fn take_for_here() -> Option<Place> {
    let place: Place = SessionStorage::get(PLACE_KEY).ok()?;
    SessionStorage::delete(PLACE_KEY);
    (Some(&place.url) == here().as_ref()).then_some(place)
}

/// Once the list is drawn: the focus on the result that was opened (without
/// scrolling to it), and the page scrolled as it was.
pub fn restore(place: Place) {
    leptos::prelude::request_animation_frame(move || {
        // A result, or one of the offerings on the same subject below them.
        let selector = format!(
            "[data-testid=results] a[href=\"{0}\"], [data-testid=related] a[href=\"{0}\"]",
            place.href
        );
        if let Some(link) = element(&selector) {
            focus_without_scrolling(&link);
        }
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, place.y);
        }
    });
}

/// Once drawn, moves the focus to the link of the result at `index` (from 0), which
/// scrolls it into view.
pub fn focus_result(index: usize) {
    leptos::prelude::request_animation_frame(move || {
        let selector = format!(
            "[data-testid=results] > li:nth-child({}) .card-title a",
            index + 1
        );
        if let Some(link) = element(&selector) {
            let _ = link.focus();
        }
    });
}

/// The result link that has the focus, if one has: a list drawn again (as the
/// guide arrives, at every page of a first sync) gives it back with
/// [`keep_focus_on`].
pub fn focused_result() -> Option<String> {
    let active = web_sys::window()?.document()?.active_element()?;
    active
        .closest("[data-testid=results] .card-title a")
        .ok()??;
    active.get_attribute("href")
}

/// Once drawn again, the focus back on the result link to `href`, if the redraw
/// took it away (it is then on the page itself), without scrolling.
pub fn keep_focus_on(href: String) {
    leptos::prelude::request_animation_frame(move || {
        let selector = format!("[data-testid=results] .card-title a[href=\"{href}\"]");
        if focus_lost()
            && let Some(link) = element(&selector)
        {
            focus_without_scrolling(&link);
        }
    });
}
