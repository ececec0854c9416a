//! Search results: instant on every keystroke, with the text and filters in the URL
//! and filter chips that say how many offerings each would give.
//!
//! Every result is reachable: the list shows [`PAGE`] results at first and "Toon
//! meer" adds the next ones (a cheap phone does not draw hundreds of cards at once);
//! how many are shown is in the URL too (`shown=40`), so "back" from an offering
//! finds the same list, and `result_place` scrolls it to where the person was.

use chrono::Weekday;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use wijkgids_core::schedule::weekday_name;
use wijkgids_core::search::{
    Facets, Filters, Hit, Query, SearchResults, TEXT_KEY, WordFilter, without_filter_words,
};
use wijkgids_core::vocab::{OfferingKind, Vocabulary};

use crate::components::announcer::Announcer;
use crate::components::browser::now;
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
    // Until the device's records are read, "0 found" would be untrue (unless the
    // page came with the results: see `guide::records_sent_with_page`).
    let opening =
        Memo::new(move |_| guide.status() == SyncStatus::Opening && guide.offering_count() == 0);
    let navigate = use_navigate();
    let replace = NavigateOptions {
        replace: true,
        scroll: false,
        ..Default::default()
    };
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
            if !opening.get()
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
        if opening.get() {
            i18n.t(Text::StatusOpening).to_string()
        } else {
            results.with(|r| i18n.fill(Text::ResultsCount, &[&r.total]))
        }
    };
    view! {
        <main id="main" class="page">
            <h1 class="visually-hidden">{move || match text.get().trim() {
                "" => i18n.t(Text::ResultsTitle).to_string(),
                words => i18n.fill(Text::ResultsTitleFor, &[&words]),
            }}</h1>
            <SearchBox text=text on_text=on_text.clone() on_submit=Some(Callback::new(on_text)) continues=true/>
            <Chips text filters results/>
            // Seen at once; heard (below) once the typing has settled.
            <p class="count" data-testid="result-count" aria-hidden="true">{count}</p>
            {move || (!opening.get()).then(|| results.with(notice)).flatten().map(|t| view! { <p class="notice" aria-hidden="true">{i18n.t(t)}</p> })}
            <Announcer text=Signal::derive(move || {
                let notice = (!opening.get()).then(|| results.with(notice)).flatten();
                match notice {
                    Some(notice) => format!("{} {}", count(), i18n.t(notice)),
                    None => count(),
                }
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
            {move || (!opening.get() && results.with(|r| r.total == 0)).then(|| view! { <NothingFound/> })}
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
    move || {
        hits.with(|hits| {
            hits.iter()
                .filter_map(|hit| {
                    let offering = guide.offering(hit.id)?;
                    let reasons = hit.reasons.clone();
                    Some(view! { <OfferingCard offering reasons/> })
                })
                .collect_view()
        })
    }
}

/// What to tell about the list as a whole, if anything.
fn notice(results: &SearchResults) -> Option<Text> {
    if results.total == 0 {
        Some(Text::ResultsNone)
    } else if !results.all_words_matched {
        Some(Text::ResultsPartly)
    } else {
        None
    }
}

/// One filter chip: a link to the same search with the filter switched.
struct Chip {
    label: String,
    count: Option<u32>,
    on: bool,
    href: String,
}

/// The filters a word can name that a chip switches: their words leave the text
/// when the chip is switched, so that the chip's new state is what holds.
fn no_words(_: WordFilter) -> bool {
    false
}

#[component]
fn Chips(
    text: Memo<String>,
    filters: Memo<Filters>,
    results: Memo<SearchResults>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The filters applied: those in the URL and those the words named.
    let applied = Memo::new(move |_| results.with(|r| r.filters.clone()));
    // A chip for `label` that is `on`; its link sets it the other way with `set`
    // on the URL's filters, taking out of the text the words that `named` it.
    let chip = move |label: String,
                     count: Option<u32>,
                     on: bool,
                     set: &dyn Fn(&mut Filters, bool),
                     named: &dyn Fn(WordFilter) -> bool| {
        let mut changed = filters.get();
        set(&mut changed, !on);
        Chip {
            label,
            count,
            on,
            href: search_href(&without_filter_words(&text.get(), named), &changed),
        }
    };
    let day_chip = move |day: Weekday, count: Option<u32>, on: bool| {
        chip(
            capitalised(weekday_name(day, i18n.lang())),
            count,
            on,
            &|f, on| {
                f.days.retain(|d| *d != day);
                if on {
                    f.days.push(day);
                }
            },
            &|w| w == WordFilter::Day(day),
        )
    };
    let quick = move || {
        let f = applied.get();
        let facets = results.with(|r| r.facets.clone());
        let mut chips = vec![chip(
            i18n.t(Text::FilterFree).into(),
            Some(facets.free),
            f.free,
            &|f, on| f.free = on,
            &|w| w == WordFilter::Free,
        )];
        for (when, count) in &facets.when {
            let when = *when;
            chips.push(chip(
                when.label(i18n.lang()).into(),
                Some(*count),
                f.when == Some(when),
                &|f, on| f.when = on.then_some(when),
                &|w| matches!(w, WordFilter::When(_)),
            ));
        }
        // Days chosen (a word such as "maandag" chooses one) show here too.
        for (day, count) in facets.days.iter().filter(|(d, _)| f.days.contains(d)) {
            chips.push(day_chip(*day, Some(*count), true));
        }
        chips.push(chip(
            i18n.t(Text::FilterWheelchair).into(),
            Some(facets.wheelchair),
            f.wheelchair,
            &|f, on| f.wheelchair = on,
            &no_words,
        ));
        if let Some(need) = f.need {
            chips.insert(
                0,
                chip(
                    i18n.label(need).into(),
                    None,
                    true,
                    &|f, _| f.need = None,
                    &no_words,
                ),
            );
        }
        chip_list(chips, None)
    };
    let more = move || {
        let f = applied.get();
        let facets: Facets = results.with(|r| r.facets.clone());
        // Chips for the terms of a vocabulary that would give something, or are on.
        fn terms<V: Vocabulary + PartialEq>(
            counts: &[(V, u32)],
            chosen: &[V],
            chip: impl Fn(V, u32, bool) -> Chip,
        ) -> Vec<Chip> {
            let shown = counts.iter().filter(|(t, n)| *n > 0 || chosen.contains(t));
            shown
                .map(|&(t, n)| chip(t, n, chosen.contains(&t)))
                .collect()
        }
        let days = facets
            .days
            .iter()
            .filter(|(day, count)| *count > 0 || f.days.contains(day))
            .map(|&(day, count)| day_chip(day, Some(count), f.days.contains(&day)))
            .collect();
        let themes = terms(&facets.themes, &f.themes, |theme, count, on| {
            chip(
                i18n.label(theme).into(),
                Some(count),
                on,
                &|f, on| switch(&mut f.themes, theme, on),
                &no_words,
            )
        });
        let kinds = facets
            .kinds
            .iter()
            .map(|&(kind, count)| {
                chip(
                    i18n.label(kind).into(),
                    Some(count),
                    f.kind == Some(kind),
                    &|f, on| f.kind = on.then_some::<OfferingKind>(kind),
                    &no_words,
                )
            })
            .collect();
        let areas = facets
            .neighbourhoods
            .iter()
            .map(|(area, count)| {
                chip(
                    area.clone(),
                    Some(*count),
                    f.neighbourhoods.contains(area),
                    &|f, on| switch(&mut f.neighbourhoods, area.clone(), on),
                    &no_words,
                )
            })
            .collect();
        let languages = terms(&facets.languages, &f.languages, |language, count, on| {
            chip(
                i18n.label(language).into(),
                Some(count),
                on,
                &|f, on| switch(&mut f.languages, language, on),
                &no_words,
            )
        });
        view! {
            {chip_list(days, Some(Text::FilterDays))}
            {chip_list(themes, Some(Text::FilterThemes))}
            {chip_list(kinds, Some(Text::FilterKind))}
            {chip_list(areas, Some(Text::FilterAreas))}
            {chip_list(languages, Some(Text::LanguagesHeading))}
        }
    };
    // Which words became filters, so that a chip turning on by itself is explained.
    let from_words = move || {
        results.with(|r| {
            let mut words: Vec<&str> = Vec::new();
            for w in &r.filter_words {
                if !words.contains(&w.word.as_str()) {
                    words.push(&w.word);
                }
            }
            (!words.is_empty()).then(|| {
                let quoted: Vec<String> = words.iter().map(|w| format!("‘{w}’")).collect();
                view! {
                    <p class="from-words" data-testid="filters-from-words">
                        {i18n.fill(Text::FiltersFromWords, &[&quoted.join(", ")])}
                    </p>
                }
            })
        })
    };
    let clear = move || {
        (!applied.get().is_empty()).then(|| {
            let text = without_filter_words(&text.get(), |_| true);
            view! { <A href=search_href(&text, &Filters::default()) attr:class="clear">{i18n.t(Text::ClearFilters)}</A> }
        })
    };
    view! {
        <section class="filters" aria-labelledby="filters-heading">
            <h2 id="filters-heading" class="visually-hidden">{i18n.t(Text::FiltersHeading)}</h2>
            {quick}
            {from_words}
            <details class="more-filters">
                <summary>{i18n.t(Text::MoreFilters)}</summary>
                {more}
            </details>
            {clear}
        </section>
    }
}

/// Puts `value` in `list` when `on`, takes it out otherwise.
fn switch<T: PartialEq>(list: &mut Vec<T>, value: T, on: bool) {
    list.retain(|v| *v != value);
    if on {
        list.push(value);
    }
}

/// "maandag" → "Maandag".
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn chip_list(chips: Vec<Chip>, heading: Option<Text>) -> impl IntoView {
    let i18n = use_i18n();
    let selected = i18n.t(Text::Selected);
    (!chips.is_empty()).then(|| {
        view! {
            {heading.map(|h| view! { <h3 class="chips-heading">{i18n.t(h)}</h3> })}
            <ul class="chips">
                {chips.into_iter().map(|c| {
                    let count = c.count.map(|n| format!(" ({n})"));
                    view! {
                        <li><A href=c.href attr:class=if c.on { "chip on" } else { "chip" }>
                            {c.on.then_some("✓ ")}{c.label}{count}
                            {c.on.then(|| view! { <span class="visually-hidden">{format!(", {selected}")}</span> })}
                        </A></li>
                    }
                }).collect_view()}
            </ul>
        }
    })
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

    #[test]
    fn day_names_start_with_a_capital() {
        assert_eq!(capitalised("maandag"), "Maandag");
        assert_eq!(capitalised(""), "");
    }
}
