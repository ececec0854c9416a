//! The agenda: the sessions of today and the next 6 days, from the schedules, with
//! the search's filters (in the URL, as on the results page). Each row says when,
//! what, where and what it costs; today's sessions that are over are put apart and
//! greyed, and a session a closure cancels says why. Opening hours (an offering by
//! appointment) are no sessions and are not in it. The front page's "Vandaag in de
//! wijk" is made here too.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;
use wijkgids_core::Offering;
use wijkgids_core::schedule::{
    AgendaRow, Progress, RowState, Shown, TIME_ZONE, Window, resolve_local, week_last_day, week_of,
};
use wijkgids_core::search::{Filters, Query, SearchResults, When};

use crate::components::announcer::Announcer;
use crate::components::browser::now;
use crate::components::card::{CardList, CardText};
use crate::components::filter_chips::Chips;
use crate::components::offering_card::{card_text_in, time_range};
use crate::guide::use_guide;
use crate::i18n::{I18n, Text, use_i18n};
use crate::pages::home::TomorrowList;

/// The offerings with sessions `when` at `at` that fit `filters` (tracked).
/// `None` while the cards' chunks of the guide's snapshot are read: a list
/// then waits rather than say there is nothing.
fn search(
    filters: &Filters,
    when: When,
    at: DateTime<Utc>,
) -> Option<(SearchResults, Vec<Offering>)> {
    let guide = use_guide();
    let results = search_results(filters, Some(when), at);
    let offerings = guide
        .cards_of(results.hits.iter().map(|hit| hit.id))?
        .into_iter()
        .flatten()
        .collect();
    Some((results, offerings))
}

/// Every offering that fits `filters`, `when` too if given (tracked).
fn search_results(filters: &Filters, when: Option<When>, at: DateTime<Utc>) -> SearchResults {
    let mut query = Query::new("", at);
    query.filters = Filters {
        when,
        ..filters.clone()
    };
    query.lang = use_i18n().lang();
    query.limit = usize::MAX;
    use_guide().search(&query)
}

/// The agenda's offerings for the week from `today` (at `at`, the start of the
/// day) that fit `filters`: those with sessions that week, as search finds them
/// (its results give the chips their counts), and those a closure takes every
/// session of the week from, whose sessions the agenda shows cancelled
/// (`Offering::cancelled_in`) as it does those of the others (tracked).
fn week_offerings(
    filters: &Filters,
    today: NaiveDate,
    at: DateTime<Utc>,
) -> Option<(SearchResults, Vec<Offering>)> {
    let (results, mut offerings) = search(filters, When::ThisWeek, at)?;
    let found: HashSet<Uuid> = offerings.iter().map(|o| o.id).collect();
    let cancelled =
        use_guide().offerings_where(|o| !found.contains(&o.id) && o.cancelled_in(week_of(today)));
    if !cancelled.is_empty() {
        // Only those the filters let through, as search says.
        let fit: HashSet<Uuid> = search_results(filters, None, at)
            .hits
            .iter()
            .map(|hit| hit.id)
            .collect();
        offerings.extend(cancelled.into_iter().filter(|o| fit.contains(&o.id)));
    }
    Some((results, offerings))
}

/// The start of the day of `at` in the guide's time zone: as the agenda's moment,
/// nothing of today is over yet, so the whole of today is in it.
fn start_of_day(at: DateTime<Utc>) -> DateTime<Utc> {
    let date = at.with_timezone(&TIME_ZONE).date_naive();
    resolve_local(date.and_time(NaiveTime::MIN)).map_or(at, |t| t.to_utc())
}

/// What is on today and tomorrow, for the front page and the first screen's
/// digest: worked out once per change of the guide or the language, however
/// many read it (at 50,000 offerings each list took tens of milliseconds, twice
/// at every redraw of a first sync).
#[derive(Clone, Copy)]
pub struct ComingUp {
    /// Today's cards not over yet, at most the limit, and whether anything was
    /// on today at all; `None` while their cards are read.
    pub today: Memo<Option<(Vec<CardText>, bool)>>,
    /// Tomorrow's cards, at most the limit: worked out only when read.
    pub tomorrow: Memo<Option<Vec<CardText>>>,
}

impl ComingUp {
    /// Lists of at most `limit` cards, for the whole app; `None` while the
    /// guide is only partly there (read, or arriving on an empty device).
    pub fn provide(limit: usize) {
        let guide = use_guide();
        let partial = Memo::new(move |_| guide.partial());
        provide_context(ComingUp {
            today: Memo::new(move |_| match partial.get() {
                true => None,
                false => todays_cards(limit),
            }),
            tomorrow: Memo::new(move |_| match partial.get() {
                true => None,
                false => Some(coming_cards(When::Tomorrow, Window::Tomorrow, now(), limit)?.0),
            }),
        });
    }
}

pub fn use_coming_up() -> ComingUp {
    expect_context()
}

/// Today's cards: the sessions not over yet, the first to start first, at most
/// `limit`; and whether there were sessions today at all (tracked).
fn todays_cards(limit: usize) -> Option<(Vec<CardText>, bool)> {
    let at = now();
    let (cards, any) = coming_cards(When::Today, Window::Today, at, limit)?;
    // Only whether there was any: not a copy of every card of the day.
    let any_today =
        any || search_results(&Filters::default(), Some(When::Today), start_of_day(at)).total > 0;
    Some((cards, any_today))
}

/// The cards of the sessions `when` (shown for `window`) not over at `at`, the
/// first to start first, at most `limit`; and whether search found any (tracked).
fn coming_cards(
    when: When,
    window: Window,
    at: DateTime<Utc>,
    limit: usize,
) -> Option<(Vec<CardText>, bool)> {
    let i18n = use_i18n();
    let ids: Vec<Uuid> = search_results(&Filters::default(), Some(when), at)
        .hits
        .iter()
        .map(|hit| hit.id)
        .collect();
    // Each card's next session from the records as they are, not copies: only
    // `limit` of them are shown.
    use_guide().with_cards_of(&ids, |cards| {
        let offerings: Vec<&Offering> = cards.iter().flatten().map(|card| &**card).collect();
        let mut coming: Vec<(_, &Offering)> = offerings
            .iter()
            .filter_map(|offering| match offering.shown(window, at) {
                Shown::Session { session, .. } if session.progress != Progress::Over => {
                    Some((session.occurrence.start, *offering))
                }
                _ => None,
            })
            .collect();
        coming.sort_by_key(|(start, offering)| (*start, offering.title_in(i18n.lang())));
        let cards = coming
            .into_iter()
            .take(limit)
            .map(|(_, offering)| card_text_in(i18n, offering, &[], window))
            .collect();
        (cards, !offerings.is_empty())
    })
}

/// What is on today, not yet over, or why there is nothing; then, when nothing
/// more is on today, what is on tomorrow under its own heading, so that a
/// Saturday evening leads somewhere.
#[component]
pub fn HappeningList() -> impl IntoView {
    let i18n = use_i18n();
    let coming = use_coming_up();
    // Until the guide is there: what the first screen showed (the list kept at
    // the last start, or that the guide is coming), rather than "nothing today".
    let loading = move || crate::front::today(i18n);
    move || {
        let Some((cards, any_today)) = coming.today.get() else {
            return loading();
        };
        if !cards.is_empty() {
            return view! { <CardList cards empty=Text::NothingToday/> }.into_any();
        }
        let Some(tomorrow) = coming.tomorrow.get() else {
            return loading();
        };
        let empty = if any_today {
            Text::NothingMoreToday
        } else {
            Text::NothingToday
        };
        view! {
            <p>{i18n.t(empty)}</p>
            <TomorrowList cards=tomorrow/>
        }
        .into_any()
    }
}

#[component]
pub fn Agenda() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    // While the guide is read or arrives: no day said to have nothing.
    let partial = Memo::new(move |_| guide.partial());
    let query_map = use_query_map();
    let filters = Memo::new(move |_| {
        query_map.with(|q| Filters {
            when: None,
            ..Filters::from_query_pairs(q)
        })
    });
    // The whole of today, what is over too (put apart below).
    // Not worked out while the guide arrives: at every page of a first sync of
    // 50,000 it took seconds on a slow phone, and it would be part of the week.
    let found = Memo::new(move |_| {
        if partial.get() {
            return None;
        }
        let at = now();
        let today = at.with_timezone(&TIME_ZONE).date_naive();
        week_offerings(&filters.get(), today, start_of_day(at))
    });
    // The chips show the URL's filters: the week is the agenda's own.
    let results = Memo::new(move |_| {
        let at = start_of_day(now());
        let mut results = found.with(|f| match f {
            Some((r, _)) => r.clone(),
            None => search_results(&filters.get(), Some(When::ThisWeek), at),
        });
        results.filters.when = None;
        results
    });
    let text = Memo::new(|_| String::new());
    let days = move || {
        let at = now();
        let today = at.with_timezone(&TIME_ZONE).date_naive();
        let chosen = filters.with(|f| f.days.clone());
        if partial.get() {
            return view! { <p>{i18n.t(Text::StatusOpening)}</p> }.into_any();
        }
        // Until the cards are read: no day said to have nothing.
        found
            .with(|f| {
                f.as_ref().map(|(_, offerings)| {
                    week_of(today)
                        .filter(|date| chosen.is_empty() || chosen.contains(&date.weekday()))
                        .map(|date| day_view(i18n, date, date == today, offerings, at))
                        .collect_view()
                })
            })
            .into_any()
    };
    // "... tot en met vrijdag 18 december": the week's last day, named.
    let lead = move || {
        let today = now().with_timezone(&TIME_ZONE).date_naive();
        let last = week_last_day(today).unwrap_or(today);
        i18n.fill(Text::AgendaLead, &[&i18n.date(last)])
    };
    // How many the filters give, said once it settles, as search says it.
    let count = move || match partial.get() {
        true => i18n.t(Text::StatusOpening).to_string(),
        false => results.with(|r| i18n.fill(Text::ResultsCount, &[&r.total])),
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::AgendaTitle)}</h1>
            <p class="lead">{lead}</p>
            <Chips path="/agenda" text filters results times=false partial/>
            <Announcer text=Signal::derive(count) testid="agenda-announced"/>
            <div data-testid="agenda">{days}</div>
        </main>
    }
}

/// One row: when, what (a link), where and the cost, and whether it takes place.
#[derive(Clone)]
struct Row {
    time: String,
    title: String,
    /// `lang` of the title when it is not in the screen's language.
    title_lang: Option<&'static str>,
    href: String,
    /// Where, as its authors wrote it.
    place: Option<String>,
    cost: String,
    state: RowState,
}

fn rows_on(
    i18n: I18n,
    date: NaiveDate,
    offerings: &[Offering],
    at: chrono::DateTime<chrono::Utc>,
) -> Vec<Row> {
    let lang = i18n.lang();
    let mut rows: Vec<(AgendaRow, Row)> = offerings
        .iter()
        .flat_map(|offering| {
            let cost = if offering.cost.is_free_for_participant() {
                i18n.t(Text::Free).to_string()
            } else {
                wijkgids_core::money::cost_text(&offering.cost, lang)
            };
            // "€ 39,50" stays on one line.
            let cost = cost.replace("€ ", "€\u{a0}");
            let place = offering.place_text(i18n.lang());
            let title_lang = i18n.lang_of(offering.is_translated_into(lang));
            offering.agenda_rows(date, at).into_iter().map(move |row| {
                let shown = Row {
                    time: if row.occurrence.all_day {
                        String::new()
                    } else {
                        time_range(&row.occurrence)
                    },
                    title: offering.title_in(lang).to_string(),
                    title_lang,
                    href: format!("/aanbod/{}", offering.id),
                    place: place.clone(),
                    cost: cost.clone(),
                    state: row.state.clone(),
                };
                (row, shown)
            })
        })
        .collect();
    rows.sort_by(|(a, x), (b, y)| {
        (a.occurrence.start, &x.title).cmp(&(b.occurrence.start, &y.title))
    });
    rows.into_iter().map(|(_, row)| row).collect()
}

fn row_view(i18n: I18n, row: Row) -> impl IntoView + use<> {
    let (class, mark) = match &row.state {
        RowState::Session(Progress::Over) => ("over", Some(i18n.t(Text::OverMark).to_string())),
        RowState::Session(_) => ("", None),
        RowState::Cancelled { note } => (
            "cancelled",
            Some(match note {
                Some(note) => format!("{}: {note}", i18n.t(Text::Cancelled)),
                None => i18n.t(Text::Cancelled).to_string(),
            }),
        ),
    };
    view! {
        <li class=class data-testid="agenda-row">
            <span class="time">{row.time}</span>
            <span class="what">
                <a href=row.href lang=row.title_lang>{row.title}</a>
                {mark.map(|m| view! { <span class="row-mark">{m}</span> })}
                <span class="row-facts">
                    {row.place.map(|p| view! { <span lang=i18n.written()>{p}</span>" · " })}
                    {row.cost}
                </span>
            </span>
        </li>
    }
}

fn day_view(
    i18n: I18n,
    date: NaiveDate,
    today: bool,
    offerings: &[Offering],
    at: chrono::DateTime<chrono::Utc>,
) -> impl IntoView + use<> {
    let rows = rows_on(i18n, date, offerings, at);
    let heading = if today {
        format!("{} · {}", i18n.t(Text::Today), i18n.date(date))
    } else {
        i18n.date(date)
    };
    // Today's sessions that are over go apart, at the end: what is still to come
    // comes first.
    let (over, rows): (Vec<Row>, Vec<Row>) = rows
        .into_iter()
        .partition(|r| r.state == RowState::Session(Progress::Over));
    let day = heading.clone();
    let list = move |rows: Vec<Row>| view! { <SessionList rows day=day.clone()/> };
    let nothing = rows.is_empty() && over.is_empty();
    view! {
        <section class="day">
            <h2>{heading}</h2>
            {if nothing {
                view! { <p>{i18n.t(Text::NothingThisDay)}</p> }.into_any()
            } else if rows.is_empty() {
                view! { <p>{i18n.t(Text::NothingMoreToday)}</p> }.into_any()
            } else {
                list(rows).into_any()
            }}
            {(!over.is_empty()).then(|| view! {
                <details class="disclosure over-today" data-testid="over-today">
                    <summary>{i18n.fill(Text::OverToday, &[&over.len()])}</summary>
                    {list(over)}
                </details>
            })}
        </section>
    }
}

/// Rows a day's list shows at first, and adds with each "Toon meer": a
/// municipality's guide has thousands of sessions a day (at 50,000 offerings a
/// phone drew 195,000 elements for the week and froze for seconds).
pub const DAY_ROWS: usize = 40;

/// A day's sessions, [`DAY_ROWS`] at a time: "Toon meer" adds the next ones
/// without drawing those above again, and puts the focus on the first new one.
#[component]
fn SessionList(
    rows: Vec<Row>,
    /// The day, named in the button's label: a screen reader lists seven
    /// buttons "Toon meer" otherwise.
    day: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = rows.len();
    let rows = StoredValue::new(rows);
    let pages = RwSignal::new(1);
    let list = NodeRef::<leptos::html::Ul>::new();
    let show_more = move |_| {
        let first_new = pages.get_untracked() * DAY_ROWS;
        pages.update(|n| *n += 1);
        request_animation_frame(move || {
            let link = list
                .get_untracked()
                .and_then(|ul| ul.children().item(first_new as u32))
                .and_then(|li| li.query_selector("a").ok().flatten())
                .and_then(|a| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(a).ok());
            if let Some(link) = link {
                let _ = link.focus();
            }
        });
    };
    let shown = move || (pages.get() * DAY_ROWS).min(total);
    view! {
        <ul class="sessions" node_ref=list>
            <For each=move || 0..pages.get() key=|page| *page let(page)>
                {rows.with_value(|rows| {
                    rows.iter()
                        .skip(page * DAY_ROWS)
                        .take(DAY_ROWS)
                        .map(|row| row_view(i18n, row.clone()))
                        .collect_view()
                })}
            </For>
        </ul>
        {move || (shown() < total).then(|| view! {
            <div class="more-results">
                <p data-testid="agenda-shown">{i18n.fill(Text::ResultsShown, &[&shown(), &total])}</p>
                <button type="button" class="button button-secondary" data-testid="agenda-show-more"
                    aria-label=format!("{}: {}", i18n.t(Text::ShowMore), day)
                    on:click=show_more>{i18n.t(Text::ShowMore)}</button>
            </div>
        })}
    }
}
