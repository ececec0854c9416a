//! The search box, and the URL a search lives at (`/zoeken?q=...&theme=...`), so
//! that a search can be bookmarked, shared and gone back to.

use std::cell::Cell;

use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use wijkgids_core::search::{Filters, TEXT_KEY};

use crate::i18n::{Text, use_i18n};
use crate::typed::Caret;

thread_local! {
    /// Set when typing on one screen moves to the results: the box there takes
    /// the focus so typing goes on (and only then: a tapped tile must not pop up
    /// the keyboard).
    static KEEP_TYPING: Cell<bool> = const { Cell::new(false) };
    /// Where the text cursor was in the box typed in before.
    static KEEP_CARET: Cell<Option<Caret>> = const { Cell::new(None) };
}

/// The results page for `text` and `filters`.
pub fn search_href(text: &str, filters: &Filters) -> String {
    let text = text.trim_start();
    let mut pairs: Vec<(&'static str, String)> = Vec::new();
    if !text.is_empty() {
        pairs.push((TEXT_KEY, text.to_string()));
    }
    pairs.extend(filters.to_query_pairs());
    format!("/zoeken{}", ParamsMap::from_iter(pairs).to_query_string())
}

/// The search form. `on_text` gets every change as it is typed. Sending the form
/// (Enter, the button) stays in the app when there is an `on_submit`, with the
/// focus back in the box; without one (the static first screen, before the guide
/// runs) it is a plain GET to `/zoeken`.
#[component]
pub fn SearchBox(
    #[prop(into)] text: Signal<String>,
    on_text: impl Fn(String) + 'static,
    /// Continue typing here when typing elsewhere led to this screen.
    #[prop(optional)]
    continues: bool,
    /// Gets the text when the form is sent; the page then stays.
    #[prop(optional_no_strip)]
    on_submit: Option<Callback<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<Input>::new();
    if continues {
        input.on_load(|el| {
            if KEEP_TYPING.replace(false) {
                let _ = el.focus();
                crate::typed::put_caret_back(KEEP_CARET.take());
            }
        });
    }
    view! {
        <form role="search" class="search" action="/zoeken" method="get"
            on:submit=move |ev| {
                let (Some(on_submit), Some(input)) = (on_submit, input.get_untracked()) else {
                    return;
                };
                ev.prevent_default();
                on_submit.run(input.value());
                let _ = input.focus();
            }>
            <label for="q">{i18n.t(Text::SearchLabel)}</label>
            <div class="search-row">
                <input id="q" name="q" type="search" autocomplete="off" node_ref=input
                    placeholder=i18n.t(Text::SearchPlaceholder)
                    prop:value=move || text.get()
                    on:input=move |ev| on_text(event_target_value(&ev))/>
                <button type="submit" class="button">{i18n.t(Text::SearchButton)}</button>
            </div>
        </form>
    }
}

/// Marks that the next results screen should keep the focus in its search box.
pub fn keep_typing() {
    keep_typing_at(None);
}

/// [`keep_typing`], with the text cursor where it was (`caret`, when known).
pub fn keep_typing_at(caret: Option<Caret>) {
    KEEP_TYPING.set(true);
    KEEP_CARET.set(caret);
}
