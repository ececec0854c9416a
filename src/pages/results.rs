//! Search results: instant on every keystroke, with the text and filters in the URL
//! and filter chips that say how many offerings each would give.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use wijkgids_core::search::{Facets, Filters, Query, SearchResults, TEXT_KEY};
use wijkgids_core::vocab::{OfferingKind, Vocabulary};

use crate::components::browser::now;
use crate::components::offering_card::OfferingCard;
use crate::components::search_box::{SearchBox, search_href};
use crate::guide::{SyncStatus, use_guide};
use crate::i18n::{Text, use_i18n};

const LIMIT: usize = 50;

#[component]
pub fn Results() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let query_map = use_query_map();
    let text = Memo::new(move |_| query_map.with(|q| q.get(TEXT_KEY).unwrap_or_default()));
    let filters = Memo::new(move |_| query_map.with(|q| Filters::from_query_pairs(q)));
    let results = Memo::new(move |_| {
        let mut query = Query::new(text.get(), now());
        query.filters = filters.get();
        query.lang = i18n.lang();
        query.limit = LIMIT;
        guide.search(&query)
    });
    // Until the device's records are read, "0 found" would be untrue (unless the
    // page came with the results: see `guide::records_sent_with_page`).
    let opening =
        Memo::new(move |_| guide.status() == SyncStatus::Opening && guide.offering_count() == 0);
    let navigate = use_navigate();
    // Typing replaces the history entry: "back" leaves the search, not one letter.
    let on_text = move |typed: String| {
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        filters.with_untracked(|f| navigate(&search_href(&typed, f), options));
    };
    view! {
        <main id="main" class="page">
            <h1 class="visually-hidden">{i18n.t(Text::ResultsTitle)}</h1>
            <SearchBox text=text on_text continues=true/>
            <Chips text filters results/>
            <p class="count" data-testid="result-count">
                {move || if opening.get() {
                    i18n.t(Text::StatusOpening).to_string()
                } else {
                    results.with(|r| i18n.fill(Text::ResultsCount, &[&r.total]))
                }}
            </p>
            {move || (!opening.get()).then(|| results.with(notice)).flatten().map(|t| view! { <p class="notice">{i18n.t(t)}</p> })}
            <ul class="cards" data-testid="results">
                {move || results.with(|r| {
                    r.hits
                        .iter()
                        .filter_map(|hit| {
                            let offering = guide.offering(hit.id)?;
                            let reasons = hit.reasons.clone();
                            Some(view! { <OfferingCard offering reasons/> })
                        })
                        .collect_view()
                })}
            </ul>
        </main>
    }
}

/// What to tell about the list as a whole, if anything.
fn notice(results: &SearchResults) -> Option<Text> {
    if results.total == 0 {
        Some(Text::ResultsNone)
    } else if !results.all_words_matched {
        Some(Text::ResultsPartly)
    } else if results.total > results.hits.len() {
        Some(Text::ResultsMore)
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

#[component]
fn Chips(
    text: Memo<String>,
    filters: Memo<Filters>,
    results: Memo<SearchResults>,
) -> impl IntoView {
    let i18n = use_i18n();
    // A chip for `label` whose filter is `on`; `switch` flips it.
    let chip = move |label: String, count: Option<u32>, on: bool, switch: &dyn Fn(&mut Filters)| {
        let mut changed = filters.get();
        switch(&mut changed);
        Chip {
            label,
            count,
            on,
            href: search_href(&text.get(), &changed),
        }
    };
    let quick = move || {
        let f = filters.get();
        let facets = results.with(|r| r.facets.clone());
        let mut chips = vec![chip(
            i18n.t(Text::FilterFree).into(),
            Some(facets.free),
            f.free,
            &|f| f.free = !f.free,
        )];
        for (when, count) in &facets.when {
            let when = *when;
            let on = f.when == Some(when);
            chips.push(chip(
                when.label(i18n.lang()).into(),
                Some(*count),
                on,
                &|f| {
                    f.when = if f.when == Some(when) {
                        None
                    } else {
                        Some(when)
                    }
                },
            ));
        }
        chips.push(chip(
            i18n.t(Text::FilterWheelchair).into(),
            Some(facets.wheelchair),
            f.wheelchair,
            &|f| f.wheelchair = !f.wheelchair,
        ));
        if let Some(need) = f.need {
            chips.insert(
                0,
                chip(i18n.label(need).into(), None, true, &|f| f.need = None),
            );
        }
        chip_list(chips, None)
    };
    let more = move || {
        let f = filters.get();
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
        let themes = terms(&facets.themes, &f.themes, |theme, count, on| {
            chip(i18n.label(theme).into(), Some(count), on, &|f| {
                toggle(&mut f.themes, theme)
            })
        });
        let kinds = facets
            .kinds
            .iter()
            .map(|&(kind, count)| {
                let on = f.kind == Some(kind);
                chip(
                    i18n.label(kind).into(),
                    Some(count),
                    on,
                    &|f: &mut Filters| {
                        f.kind = if f.kind == Some(kind) {
                            None
                        } else {
                            Some::<OfferingKind>(kind)
                        }
                    },
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
                    &|f| toggle(&mut f.neighbourhoods, area.clone()),
                )
            })
            .collect();
        let languages = terms(&facets.languages, &f.languages, |language, count, on| {
            chip(i18n.label(language).into(), Some(count), on, &|f| {
                toggle(&mut f.languages, language)
            })
        });
        view! {
            {chip_list(themes, Some(Text::FilterThemes))}
            {chip_list(kinds, Some(Text::FilterKind))}
            {chip_list(areas, Some(Text::FilterAreas))}
            {chip_list(languages, Some(Text::LanguagesHeading))}
        }
    };
    let clear = move || {
        (!filters.get().is_empty()).then(|| {
            view! { <A href=search_href(&text.get(), &Filters::default()) attr:class="clear">{i18n.t(Text::ClearFilters)}</A> }
        })
    };
    view! {
        <section class="filters" aria-labelledby="filters-heading">
            <h2 id="filters-heading" class="visually-hidden">{i18n.t(Text::FiltersHeading)}</h2>
            {quick}
            <details class="more-filters">
                <summary>{i18n.t(Text::MoreFilters)}</summary>
                {more}
            </details>
            {clear}
        </section>
    }
}

fn toggle<T: PartialEq>(list: &mut Vec<T>, value: T) {
    match list.iter().position(|v| *v == value) {
        Some(at) => {
            list.remove(at);
        }
        None => list.push(value),
    }
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
