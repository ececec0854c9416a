//! The finder's results on the page, under the search box, as the guide's results
//! page will show them (so nothing moves when it takes over): a hidden stand-in
//! where its filters will be, the count, the first cards in the markup every
//! screen shares (`wijkgids_core::card`), and a status line that says the count
//! once the typing has settled, as the guide's does, and hands what it said over
//! to the guide's line (`components::announcer`), which does not say it again.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wijkgids_core::phrases::{
    FOUND, GUIDE_UNAVAILABLE, LOADING, MORE_FILTERS, NOTHING_FOUND_TRY_ANOTHER_WORD, RESULTS,
    SEARCH_NEEDS_CONNECTION, SEARCH_WAITS_FOR_GUIDE, SHOWN_OF, fill, in_lang,
};
use wijkgids_core::vocab::Lang;

use super::Found;
use crate::components::announcer::{SETTLE, leave_for_guide};

/// The status line's name, the same as the guide's results line (the handover).
const SAID: &str = "results-announced";

/// What the results place shows.
pub enum Shown {
    /// Nothing typed: the front page as painted.
    Nothing,
    /// The public guide (or, when it is too large to send, the guide) is coming.
    Waiting,
    NeedsConnection,
    Found(Found),
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The first element at `css`.
pub fn element(css: &str) -> Option<web_sys::Element> {
    document()?.query_selector(css).ok()?
}

/// Draws `shown` in `lang`.
pub fn show(shown: &Shown, lang: Lang) {
    let finding = !matches!(shown, Shown::Nothing);
    // The front page gives way to the results, as the guide's results page does.
    if let Some(main) = element("#main") {
        let _ = main.class_list().toggle_with_force("finding", finding);
    }
    let Some(found_place) = place().and_then(|place| place.query_selector(".first-found").ok()?)
    else {
        return;
    };
    found_place.set_inner_html(&html(shown, lang));
    // Only a count is the guide's to go on from: why there is none yet is over
    // once the guide is here.
    say_when_settled(said(shown, lang), matches!(shown, Shown::Found(_)));
}

/// The place for the results right under the box: the one the first screen
/// left, or a new one after the painted page's form.
fn place() -> Option<web_sys::Element> {
    let place = match element("#main .first-results") {
        Some(place) => place,
        None => {
            let form = element("#main form[role=search]")?;
            let place = document()?.create_element("div").ok()?;
            place.set_class_name("first-results");
            form.after_with_node_1(&place).ok()?;
            place
        }
    };
    if place.child_element_count() == 0 {
        // The status line is there before it says anything: a live region added
        // with its text is not read out.
        place.set_inner_html(&format!(
            "<p class=\"visually-hidden\" role=\"status\" data-testid=\"{SAID}\"></p>\
             <div class=\"first-found\"></div>"
        ));
    }
    Some(place)
}

/// The count as the results page says it, or why there is none yet.
fn count(shown: &Shown, lang: Lang) -> String {
    match shown {
        Shown::Nothing | Shown::NeedsConnection => String::new(),
        Shown::Waiting => in_lang(LOADING, lang).to_string(),
        Shown::Found(found) => fill(in_lang(FOUND, lang), &[&found.total]),
    }
}

/// What the status line says of `shown`.
fn said(shown: &Shown, lang: Lang) -> String {
    match shown {
        Shown::NeedsConnection => in_lang(SEARCH_NEEDS_CONNECTION, lang).to_string(),
        _ => count(shown, lang),
    }
}

fn html(shown: &Shown, lang: Lang) -> String {
    let text = |phrase| in_lang(phrase, lang);
    // Where the results page has its filters (the guide brings them): the
    // results do not move down when it takes over.
    let filters = format!(
        "<section class=\"filters first-filters\" aria-hidden=\"true\">\
         <div class=\"chip-row\"><div class=\"chip-scroller\"><ul class=\"chips\">\
         <li><span class=\"chip\">{}</span></li></ul></div></div>\
         <details class=\"more-filters\"><summary><span>{}</span></summary></details></section>",
        text(RESULTS),
        text(MORE_FILTERS),
    );
    let count = format!(
        "<p class=\"count\" data-testid=\"result-count\" aria-hidden=\"true\">{}</p>",
        count(shown, lang)
    );
    match shown {
        Shown::Nothing => String::new(),
        Shown::Waiting => filters + &count,
        Shown::NeedsConnection => format!(
            "{filters}<p class=\"notice\" data-testid=\"search-needs-connection\">{}</p>",
            text(SEARCH_NEEDS_CONNECTION)
        ),
        Shown::Found(Found { total, cards }) => {
            // As the results page says it (the tiles and the wijkteam's number
            // come with the guide).
            let none = if *total == 0 {
                format!(
                    "<p class=\"notice\" data-testid=\"results-none\">{}</p>",
                    text(NOTHING_FOUND_TRY_ANOTHER_WORD)
                )
            } else {
                String::new()
            };
            let more = if *total > cards.len() {
                format!(
                    "<p data-testid=\"results-shown\">{} {}</p>",
                    fill(text(SHOWN_OF), &[&cards.len(), total]),
                    text(SEARCH_WAITS_FOR_GUIDE)
                )
            } else {
                String::new()
            };
            let cards: String = cards.iter().map(|card| card.html(lang)).collect();
            format!(
                "{filters}{count}{none}<h2 class=\"visually-hidden\">{}</h2>\
                 <ul class=\"cards\" data-testid=\"results\">{cards}</ul>{more}",
                text(RESULTS)
            )
        }
    }
}

/// The status line's last words, and the timer of the next.
#[derive(Default)]
struct Saying {
    said: String,
    pending: Option<i32>,
}

thread_local! {
    static SAYING: RefCell<Saying> = RefCell::new(Saying::default());
}

/// Says `text` once it has not changed for [`SETTLE`] (see `Announcer`), and
/// leaves it for the guide's line when `hand_over`.
fn say_when_settled(text: String, hand_over: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let say = Closure::once_into_js(move || say(text, hand_over));
    let pending = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            say.unchecked_ref(),
            SETTLE.as_millis() as i32,
        )
        .ok();
    SAYING.with(|saying| {
        let mut saying = saying.borrow_mut();
        if let Some(before) = std::mem::replace(&mut saying.pending, pending) {
            window.clear_timeout_with_handle(before);
        }
    });
}

fn say(text: String, hand_over: bool) {
    let news = SAYING.with(|saying| {
        let mut saying = saying.borrow_mut();
        saying.pending = None;
        // The same fact again is no news.
        (saying.said != text).then(|| std::mem::replace(&mut saying.said, text.clone()))
    });
    if news.is_some()
        && let Some(line) = element(&format!(".first-results [data-testid={SAID}]"))
    {
        line.set_text_content(Some(&text));
        leave_for_guide(SAID, if hand_over { &text } else { "" });
    }
}

/// Tells, in the status line at the top, that the guide cannot come now.
pub fn say_guide_unavailable() {
    if let Some(line) = element(".sync") {
        line.set_text_content(Some(in_lang(GUIDE_UNAVAILABLE, crate::i18n::device_lang())));
    }
}

/// Draws the results as the person types, until dropped.
pub struct Listening(Closure<dyn Fn()>);

impl Listening {
    pub fn start(show_found: fn()) -> Listening {
        let on_input = Closure::<dyn Fn()>::new(show_found);
        if let Some(document) = document() {
            let _ = document
                .add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
        }
        Listening(on_input)
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        if let Some(document) = document() {
            let _ = document
                .remove_event_listener_with_callback("input", self.0.as_ref().unchecked_ref());
        }
        SAYING.with(|saying| {
            if let (Some(pending), Some(window)) =
                (saying.borrow_mut().pending.take(), web_sys::window())
            {
                window.clear_timeout_with_handle(pending);
            }
        });
    }
}
