//! What is typed in the front page's search box before the guide runs: kept in
//! the page's history entry, and handed to the guide when it takes over.
//! Without Leptos: the finder uses it too.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The history entry's key for what is typed in the front page's box.
const TYPED_STATE: &str = "typed";

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The search box of the page, if it has one.
pub fn search_box() -> Option<web_sys::HtmlInputElement> {
    document()?
        .get_element_by_id("q")?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()
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
    /// Where the text cursor (or the selection) was, when the box had the focus:
    /// a slip being mended goes on at the same letter.
    pub caret: Option<Caret>,
}

/// Where the text cursor was in the box, and the text it was in.
#[derive(Clone, Debug, PartialEq)]
pub struct Caret {
    pub start: u32,
    pub end: u32,
    pub text: String,
}

impl Typed {
    /// What is in the search box now, and whether it has the focus.
    pub fn now() -> Typed {
        let input = search_box();
        let focused = input.is_some()
            && document()
                .and_then(|d| d.active_element())
                .map(|el| el.id())
                == Some("q".into());
        let changed = input
            .as_ref()
            .is_some_and(|input| input.value() != input.default_value());
        let caret = input.as_ref().filter(|_| focused).and_then(|input| {
            Some(Caret {
                start: input.selection_start().ok()??,
                end: input.selection_end().ok()??,
                text: input.value(),
            })
        });
        let text = input.map(|input| input.value()).unwrap_or_default();
        Typed {
            text,
            focused,
            changed,
            caret,
        }
    }
}

/// Puts the text cursor of the search box back at `caret` once the page has
/// settled (a box drawn anew has its value set after it is on the page, which
/// puts the cursor at the end), if the box has the focus and still holds the
/// same text: a key typed meanwhile went where the cursor then was, and the
/// next goes after it.
pub fn put_caret_back(caret: Option<Caret>) {
    let Some(caret) = caret else {
        return;
    };
    let put = Closure::once_into_js(move || {
        let focused = document()
            .and_then(|d| d.active_element())
            .is_some_and(|el| el.id() == "q");
        if let (true, Some(input)) = (focused, search_box())
            && input.value() == caret.text
        {
            let _ = input.set_selection_range(caret.start, caret.end);
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(put.unchecked_ref());
    }
}

/// Keeps what is typed in the box in the front page's history entry (its address
/// stays `/`), and puts it back when the entry is shown again: after "back" from
/// a result, or a reload, before the guide has come.
pub fn keep_typed_in_history() -> TypedKeeper {
    let history = web_sys::window().and_then(|w| w.history().ok());
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
    if let Some(document) = document() {
        let _ = document.add_event_listener_with_callback("input", keep.as_ref().unchecked_ref());
    }
    TypedKeeper(keep)
}

/// Keeps what is typed in the history until dropped, when the guide takes over
/// (its router keeps its own history state).
pub struct TypedKeeper(Closure<dyn Fn(web_sys::Event)>);

impl Drop for TypedKeeper {
    fn drop(&mut self) {
        if let Some(document) = document() {
            let _ = document
                .remove_event_listener_with_callback("input", self.0.as_ref().unchecked_ref());
        }
    }
}
