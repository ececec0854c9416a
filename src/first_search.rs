//! A new visitor's results on the first screen, from the finder (`crate::finder`,
//! a WASM of its own that searches the public guide on the device) while the
//! guide loads. Only on a device that has never held the guide (the guide leaves
//! its digest for the first screen) with nobody signed in: any other device opens
//! its own guide from its own store as quickly.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::components::announcer::Announcer;
use crate::components::card::Card;
use crate::finder::{FINDER, Found, OFFLINE};
use crate::i18n::{Text, use_i18n};

/// The `<meta>` in `index.html` that names the finder's JS (set by the build).
const FINDER_META: &str = "meta[name=wijkgids-finder]";

/// Whether the finder can search yet.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PublicGuide {
    Fetching,
    Here,
    /// Not to be had for want of a connection.
    Unavailable,
}

thread_local! {
    /// The finder's search function, once it is ready.
    static FIND: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

#[wasm_bindgen(inline_js = "export function load_finder(js, wasm, key) {
    return import(js).then((finder) => finder.default({ module_or_path: wasm }))
        .then(() => window[key]);
}")]
extern "C" {
    /// Loads the finder; resolves to its search function once the public guide
    /// is indexed.
    fn load_finder(js: &str, wasm: &str, key: &str) -> js_sys::Promise;
}

/// Loads the finder (which takes the public guide); the state it ends in.
pub async fn fetch() -> PublicGuide {
    let Some((js, wasm)) = crate::front::app_files(FINDER_META) else {
        return PublicGuide::Unavailable;
    };
    match JsFuture::from(load_finder(&js, &wasm, FINDER)).await {
        Ok(find) => match find.dyn_into::<js_sys::Function>() {
            Ok(find) => {
                FIND.with(|f| *f.borrow_mut() = Some(find));
                PublicGuide::Here
            }
            Err(_) => PublicGuide::Unavailable,
        },
        // No connection: the finder itself did not come (a TypeError), or the
        // public guide did not.
        Err(why)
            if why.is_instance_of::<js_sys::TypeError>()
                || why.as_string().as_deref() == Some(OFFLINE) =>
        {
            PublicGuide::Unavailable
        }
        // The server sent no public guide (too large to send at once): the
        // guide, which comes next, is waited for.
        Err(_) => PublicGuide::Fetching,
    }
}

/// What the finder found for `text`.
fn search(text: &str, lang: wijkgids_core::vocab::Lang) -> Option<Found> {
    let json = FIND.with(|find| {
        find.borrow()
            .as_ref()?
            .call2(&JsValue::NULL, &text.into(), &lang.code().into())
            .ok()?
            .as_string()
    })?;
    serde_json::from_str(&json).ok()
}

/// The results for `text` in the front page's place: what the guide's results
/// page will show, without the filters (the guide brings those) and without the
/// times of sessions (the guide's schedules and time zone tell those).
#[component]
pub fn FirstResults(
    /// What is in the search box.
    #[prop(into)]
    text: Signal<String>,
    public: ArcRwSignal<PublicGuide>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The front page gives way to the results, as the guide's results page does.
    Effect::new(move |_| {
        let finding = !text.get().trim().is_empty();
        if let Some(main) = document().get_element_by_id("main") {
            let _ = main.class_list().toggle_with_force("finding", finding);
        }
    });
    // Sending the form would send the words to the server: `index.html` stops it
    // on such a device before any WASM runs.
    let found = Memo::new(move |_| {
        let text = text.get();
        if text.trim().is_empty() {
            return None;
        }
        Some(match public.get() {
            PublicGuide::Here => search(&text, i18n.lang()).ok_or(true),
            other => Err(other == PublicGuide::Unavailable),
        })
    });
    let count = move || {
        found.with(|found| match found {
            Some(Ok(found)) => i18n.fill(Text::ResultsCount, &[&found.total]),
            Some(Err(false)) => i18n.t(Text::StatusOpening).to_string(),
            _ => String::new(),
        })
    };
    let said = move || {
        found.with(|found| match found {
            Some(Err(true)) => i18n.t(Text::SearchNeedsConnection).to_string(),
            _ => count(),
        })
    };
    view! {
        // As the results page names its line: the guide's does not say it again.
        <Announcer text=Signal::derive(said) testid="results-announced" hands_over=true/>
        // Where the results page has its filters (the guide brings them): the
        // results do not move down when it takes over.
        {move || found.with(Option::is_some).then(|| view! {
            <section class="filters first-filters" aria-hidden="true">
                <div class="chip-row"><div class="chip-scroller"><ul class="chips">
                    <li><span class="chip">{i18n.t(Text::ResultsHeading)}</span></li>
                </ul></div></div>
                <details class="more-filters"><summary><span>{i18n.t(Text::MoreFilters)}</span></summary></details>
            </section>
        })}
        {move || found.with(|found| match found {
            None => ().into_any(),
            Some(Err(true)) => view! {
                <p class="notice" data-testid="search-needs-connection">{i18n.t(Text::SearchNeedsConnection)}</p>
            }.into_any(),
            Some(Err(false)) => view! {
                <p class="count" data-testid="result-count" aria-hidden="true">{count()}</p>
            }.into_any(),
            Some(Ok(Found { total, cards })) => {
                let more = (*total > cards.len()).then(|| {
                    let shown = i18n.fill(Text::ResultsShown, &[&cards.len(), total]);
                    view! { <p data-testid="results-shown">{shown} " " {i18n.t(Text::SearchWaitsForGuide)}</p> }
                });
                // As the results page says it (the tiles and the wijkteam's number
                // come with the guide).
                let none = (*total == 0).then(|| view! {
                    <p class="notice" data-testid="results-none">{i18n.t(Text::ResultsNoneTryAnotherWord)}</p>
                });
                view! {
                    <p class="count" data-testid="result-count" aria-hidden="true">{count()}</p>
                    {none}
                    <h2 class="visually-hidden">{i18n.t(Text::ResultsHeading)}</h2>
                    <ul class="cards" data-testid="results">
                        {cards.iter().cloned().map(|card| view! { <Card card/> }).collect_view()}
                    </ul>
                    {more}
                }.into_any()
            }
        })}
    }
}
