//! The filter chips of a list (search results, the agenda): quick chips in one row,
//! "Meer filters" for the rest, each with how many offerings it would give. A chip
//! is a toggle (`role="button"`, `aria-pressed`) that is also a link to the same
//! page with the filter switched, so the filters live in the URL: a reload or
//! "back" keeps them, and a link can be shared.

use chrono::Weekday;
use leptos::prelude::*;
use wijkgids_core::schedule::weekday_name;
use wijkgids_core::search::{Filters, SearchResults, WordFilter, without_filter_words};
use wijkgids_core::vocab::{OfferingKind, Vocabulary};

use crate::components::chip_row::ChipRow;
use crate::components::search_box::search_href;
use crate::i18n::{Text, use_i18n};

/// The page at `path` for `text` and `filters`, as the results page takes them.
pub fn page_href(path: &str, text: &str, filters: &Filters) -> String {
    let href = search_href(text, filters);
    let query = href.find('?').map_or("", |at| &href[at..]);
    format!("{path}{query}")
}

/// One filter chip: a link to the same page with the filter switched.
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

/// The chips for the list at `path` (`/zoeken`, `/agenda`) of `results`, found
/// for `text` and the URL's `filters`. `times`: the time chips ("Vandaag", "Nu
/// open", ...), which an agenda of days has no use for.
#[component]
pub fn Chips(
    path: &'static str,
    text: Memo<String>,
    filters: Memo<Filters>,
    results: Memo<SearchResults>,
    #[prop(default = true)] times: bool,
    /// The guide is only partly there: counts would be of what arrived so far,
    /// so none are shown (a walkthrough saw "Vandaag (20)" with 5,860 to come).
    #[prop(optional, into)]
    partial: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The filters applied: those in the URL and those the words named.
    let applied = Memo::new(move |_| results.with(|r| r.filters.clone()));
    // The filters applied and the counts, for a list of chips. The URL's text and
    // filters are read first, then `results` itself and not `applied`: an effect
    // that checks a memo of `results` before `results` misses a change of the
    // counts when that memo stays the same (reactive_graph 0.2 lets the memo's
    // check use up the change), which left "Gratis (0)" on a page opened directly.
    let read_results = move || {
        text.track();
        filters.track();
        results.with(|r| (r.filters.clone(), r.facets.clone()))
    };
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
            href: page_href(path, &without_filter_words(&text.get(), named), &changed),
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
        let (f, facets) = read_results();
        let mut chips = vec![chip(
            i18n.t(Text::FilterFree).into(),
            Some(facets.free),
            f.free,
            &|f, on| f.free = on,
            &|w| w == WordFilter::Free,
        )];
        for (when, count) in facets.when.iter().filter(|_| times) {
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
        chip_list(chips, None, partial.get())
    };
    let more = move || {
        let (f, facets) = read_results();
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
            {chip_list(days, Some(Text::FilterDays), partial.get())}
            {chip_list(themes, Some(Text::FilterThemes), partial.get())}
            {chip_list(kinds, Some(Text::FilterKind), partial.get())}
            {chip_list(areas, Some(Text::FilterAreas), partial.get())}
            {chip_list(languages, Some(Text::LanguagesHeading), partial.get())}
        }
    };
    // How many of the filters under "Meer filters" are on: said on the closed
    // disclosure too, and it opens by itself when some are.
    let more_on = Memo::new(move |_| {
        let f = applied.get();
        f.days.len()
            + f.themes.len()
            + usize::from(f.kind.is_some())
            + f.neighbourhoods.len()
            + f.languages.len()
    });
    // Opened when one is on (never closed for the person who opened it).
    let details = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        if more_on.get() > 0
            && let Some(details) = details.get()
        {
            details.set_open(true);
        }
    });
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
            // The link goes with the filters: the focus goes to the first chip,
            // where they are chosen again, not to the top of the page.
            view! {
                <a href=page_href(path, &text, &Filters::default()) class="clear"
                    on:click=|_| crate::components::browser::focus_first_soon(".filters .chip")>
                    {i18n.t(Text::ClearFilters)}
                </a>
            }
        })
    };
    view! {
        <section class="filters" aria-labelledby="filters-heading">
            <h2 id="filters-heading" class="visually-hidden">{i18n.t(Text::FiltersHeading)}</h2>
            <ChipRow changes=Signal::derive(move || results.track())>{quick}</ChipRow>
            {from_words}
            <details class="more-filters" node_ref=details>
                <summary>
                    <span>
                        {i18n.t(Text::MoreFilters)}
                        {move || (more_on.get() != 0).then(|| view! {
                            <span class="more-on">{format!(" ({})", i18n.fill(Text::FiltersChosen, &[&more_on.get()]))}</span>
                        })}
                    </span>
                </summary>
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

/// A toggle that is a link: Space presses it as it presses a button (Enter
/// follows the link already).
fn press_on_space(ev: leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    if ev.key() == " "
        && let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    {
        ev.prevent_default();
        el.click();
    }
}

fn chip_list(chips: Vec<Chip>, heading: Option<Text>, partial: bool) -> impl IntoView {
    let i18n = use_i18n();
    (!chips.is_empty()).then(|| {
        view! {
            {heading.map(|h| view! { <h3 class="chips-heading">{i18n.t(h)}</h3> })}
            <ul class="chips">
                {chips.into_iter().map(|c| {
                    let count = c.count.filter(|_| !partial).map(|n| format!(" ({n})"));
                    view! {
                        <li><a href=c.href role="button" aria-pressed=if c.on { "true" } else { "false" }
                            class=if c.on { "chip on" } else { "chip" } on:keydown=press_on_space>
                            {c.on.then(|| view! { <span class="chip-check" aria-hidden="true">"✓"</span> })}
                            {c.label}{count}
                        </a></li>
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
    fn day_names_start_with_a_capital() {
        assert_eq!(capitalised("maandag"), "Maandag");
        assert_eq!(capitalised(""), "");
    }
}
