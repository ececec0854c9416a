//! Search results: instant on every keystroke, with the text and filters in the URL
//! and filter chips that say how many offerings each would give.
//!
//! Every result is reachable: the list shows [`PAGE`] results at first and "Toon
//! meer" adds the next ones (a cheap phone does not draw hundreds of cards at once);
//! how many are shown is in the URL too (`shown=40`), so "back" from an offering
//! finds the same list, and `result_place` scrolls it to where the person was.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use wijkgids_core::search::{
    Filters, Hit, Query, SearchResults, TEXT_KEY, When, WordFilter, without_filter_words,
};

use crate::components::announcer::Announcer;
use crate::components::browser::now;
use crate::components::filter_chips::Chips;
use crate::components::nothing_found::NothingFound;
use crate::components::offering_card::OfferingCard;
use crate::components::result_place;
use crate::components::search_box::{SearchBox, search_href};
use crate::guide::{SyncStatus, use_guide};
use crate::i18n::{Text, use_i18n};

/// Results shown at first, and added by each "Toon meer".
pub const PAGE: usize = 20;
/// The URL key of how many results are shown.
pub const SHOWN_KEY: &str = "shown";
/// No URL makes the page draw more cards than this at once.
const MOST_SHOWN: usize = 1_000;

/// How many results to show for the URL's `shown` value: a whole number of pages.
fn shown_from(value: Option<String>) -> usize {
    let asked = value.and_then(|v| v.parse::<usize>().ok()).unwrap_or(PAGE);
    asked.clamp(PAGE, MOST_SHOWN).div_ceil(PAGE) * PAGE
}

/// The results page for `text` and `filters` with `shown` results shown.
fn results_href(text: &str, filters: &Filters, shown: usize) -> String {
    let href = search_href(text, filters);
    if shown <= PAGE {
        return href;
    }
    let join = if href.contains('?') { '&' } else { '?' };
    format!("{href}{join}{SHOWN_KEY}={shown}")
}

#[component]
pub fn Results() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let query_map = use_query_map();
    let text = Memo::new(move |_| query_map.with(|q| q.get(TEXT_KEY).unwrap_or_default()));
    let filters = Memo::new(move |_| query_map.with(|q| Filters::from_query_pairs(q)));
    let shown = Memo::new(move |_| query_map.with(|q| shown_from(q.get(SHOWN_KEY))));
    let results = Memo::new(move |_| {
        let mut query = Query::new(text.get(), now());
        query.filters = filters.get();
        query.lang = i18n.lang();
        query.limit = shown.get();
        guide.search(&query)
    });
    // Until the device's records are read, or while an empty device fills its
    // guide, "0 found" would be untrue (unless the page came with the results:
    // see `guide::records_sent_with_page`).
    let opening = Memo::new(move |_| guide.partial());
    let unread =
        Memo::new(move |_| guide.status() == SyncStatus::Opening && guide.card_count() == 0);
    let navigate = use_navigate();
    let replace = crate::components::browser::in_place();
    // Typing replaces the history entry: "back" leaves the search, not one letter.
    let on_text = {
        let navigate = navigate.clone();
        let replace = replace.clone();
        move |typed: String| {
            filters.with_untracked(|f| navigate(&search_href(&typed, f), replace.clone()));
        }
    };
    // "Toon meer": the next page in the URL (replacing it, so "back" still leaves
    // the search), then the focus on the first new result once it is drawn.
    let first_new = RwSignal::new(None::<usize>);
    let show_more = move |_| {
        let count = results.with_untracked(|r| r.hits.len());
        first_new.set(Some(count));
        let href = results_href(
            &text.get_untracked(),
            &filters.get_untracked(),
            count + PAGE,
        );
        navigate(&href, replace.clone());
    };
    Effect::new(move |_| {
        if let Some(index) = first_new.get()
            && results.with(|r| r.hits.len()) > index
        {
            first_new.set(None);
            result_place::focus_result(index);
        }
    });
    // Back from a result: the same place in the list, once it is drawn.
    if let Some(place) = result_place::take_for_here() {
        let place = StoredValue::new(Some(place));
        Effect::new(move |_| {
            if !unread.get()
                && results.with(|r| !r.hits.is_empty())
                && let Some(place) = place.try_update_value(Option::take).flatten()
            {
                result_place::restore(place);
            }
        });
    }
    let remember_opened = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
            result_place::remember(href);
        }
    };
    let pages = Memo::new(move |_| results.with(|r| r.hits.len().div_ceil(PAGE)));
    let count = move || {
        let total = results.with(|r| r.total);
        match (opening.get(), total) {
            (true, 0) => i18n.t(Text::StatusOpening).to_string(),
            (true, _) => i18n.fill(Text::ResultsCountSoFar, &[&total]),
            (false, _) => i18n.fill(Text::ResultsCount, &[&total]),
        }
    };
    view! {
        <main id="main" class="page">
            <h1 class="visually-hidden">{move || match text.get().trim() {
                "" => i18n.t(Text::ResultsTitle).to_string(),
                words => i18n.fill(Text::ResultsTitleFor, &[&words]),
            }}</h1>
            <SearchBox text=text on_text=on_text.clone() on_submit=Some(Callback::new(on_text)) continues=true/>
            <Chips path="/zoeken" text filters results partial=opening/>
            // Seen at once; heard (below) once the typing has settled.
            <p class="count" data-testid="result-count" aria-hidden="true">{count}</p>
            {move || (!opening.get()).then(|| results.with(notice)).flatten().map(|t| view! { <p class="notice" aria-hidden="true">{i18n.t(t)}</p> })}
            <Announcer text=Signal::derive(move || {
                // While the guide arrives, once that it does: not a count that
                // grows with every page of the pull.
                if opening.get() {
                    return i18n.t(Text::StatusOpening).to_string();
                }
                let notice = results.with(notice);
                // Sentences apart, so that a screen reader pauses between them.
                let mut said = vec![count()];
                said.extend(notice.map(|notice| i18n.t(notice).to_string()));
                let related = results.with(|r| r.related.len());
                if related > 0 {
                    said.push(i18n.fill(Text::RelatedAnnounced, &[&related]));
                }
                said.join(". ")
            }) testid="results-announced"/>
            // The cards' headings belong under this one, not under the filters'.
            <h2 class="visually-hidden">{i18n.t(Text::ResultsHeading)}</h2>
            <ul class="cards" data-testid="results" on:click=remember_opened>
                <For each=move || 0..pages.get() key=|page| *page let(page)>
                    <ResultPage results page/>
                </For>
            </ul>
            {move || results.with(|r| (r.total > r.hits.len()).then(|| {
                let count = i18n.fill(Text::ResultsShown, &[&r.hits.len(), &r.total]);
                view! {
                    <div class="more-results">
                        <p data-testid="results-shown">{count}</p>
                        <button type="button" class="button button-secondary" data-testid="show-more"
                            on:click=show_more.clone()>{i18n.t(Text::ShowMore)}</button>
                    </div>
                }
            }))}
            {move || (!opening.get()).then(|| results.with(|r| try_tomorrow(r, &text.get(), &filters.get()))).flatten().map(|href| view! {
                <p data-testid="try-tomorrow"><a href=href>{i18n.t(Text::TryTomorrow)}</a></p>
            })}
            {move || (!opening.get() && results.with(|r| r.total == 0)).then(|| view! { <NothingFound/> })}
            {move || (!opening.get()).then(|| view! { <Related results remember_opened/> })}
        </main>
    }
}

/// One page of results: drawn again only when its own results change, so "Toon
/// meer" adds cards without redrawing (and losing the focus in) those above.
#[component]
fn ResultPage(results: Memo<SearchResults>, page: usize) -> impl IntoView {
    let guide = use_guide();
    let hits = Memo::new(move |_| {
        results.with(|r| {
            r.hits
                .iter()
                .skip(page * PAGE)
                .take(PAGE)
                .cloned()
                .collect::<Vec<Hit>>()
        })
    });
    // The time filter applied (also when a word such as "vandaag" set it): each
    // card tells the session that matched it.
    let when = Memo::new(move |_| results.with(|r| r.filters.when));
    move || {
        let when = when.get();
        // The cards are drawn anew: the focus on one of them stays there.
        if let Some(href) = result_place::focused_result() {
            result_place::keep_focus_on(href);
        }
        hits.with(|hits| {
            let cards = guide
                .cards_of(hits.iter().map(|hit| hit.id))
                .unwrap_or_default();
            hits.iter()
                .zip(cards)
                .filter_map(|(hit, offering)| {
                    let offering = offering?;
                    let reasons = hit.reasons.clone();
                    Some(view! { <OfferingCard offering reasons when/> })
                })
                .collect_view()
        })
    }
}

/// When the words found only a few offerings: others on the same subject, under
/// their own heading so that nobody takes them for what the words found.
#[component]
fn Related(
    results: Memo<SearchResults>,
    remember_opened: impl Fn(leptos::ev::MouseEvent) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let related = Memo::new(move |_| results.with(|r| r.related.clone()));
    let when = Memo::new(move |_| results.with(|r| r.filters.when));
    move || {
        let related = related.get();
        (!related.is_empty()).then(|| {
            let cards = guide
                .cards_of(related.iter().map(|hit| hit.id))
                .unwrap_or_default()
                .into_iter()
                .flatten()
                .map(|offering| view! { <OfferingCard offering when=when.get_untracked()/> })
                .collect_view();
            view! {
                <section class="related" aria-labelledby="related-heading" data-testid="related">
                    <h2 id="related-heading">{i18n.t(Text::RelatedHeading)}</h2>
                    <p class="related-note">{i18n.t(Text::RelatedNote)}</p>
                    <ul class="cards" on:click=remember_opened.clone()>{cards}</ul>
                </section>
            }
        })
    }
}

/// When nothing is found for today (nothing more is on today): the same search
/// for tomorrow, "vandaag" taken out of the words.
fn try_tomorrow(results: &SearchResults, text: &str, filters: &Filters) -> Option<String> {
    if results.total > 0 || results.filters.when != Some(When::Today) {
        return None;
    }
    let text = without_filter_words(text, |w| matches!(w, WordFilter::When(_)));
    let tomorrow = Filters {
        when: Some(When::Tomorrow),
        ..filters.clone()
    };
    Some(search_href(&text, &tomorrow))
}

/// What to tell about the list as a whole, if anything; removing a filter is
/// suggested only when one is set (chosen, or named by a word such as "gratis").
fn notice(results: &SearchResults) -> Option<Text> {
    if results.total == 0 && !results.filters.is_empty() {
        Some(Text::ResultsNone)
    } else if results.total == 0 {
        Some(Text::ResultsNoneTryAnotherWord)
    } else if !results.all_words_matched {
        Some(Text::ResultsPartly)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_is_a_whole_number_of_pages_within_limits() {
        assert_eq!(shown_from(None), PAGE);
        assert_eq!(shown_from(Some("40".into())), 40);
        assert_eq!(shown_from(Some("41".into())), 60);
        assert_eq!(shown_from(Some("0".into())), PAGE);
        assert_eq!(shown_from(Some("many".into())), PAGE);
        assert_eq!(shown_from(Some("999999".into())), MOST_SHOWN);
    }
}
