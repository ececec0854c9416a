//! The agenda: the sessions of today and the next 6 days, from the schedules, with
//! the search's filters (in the URL, as on the results page). Each row says when,
//! what, where and what it costs; today's sessions that are over are put apart and
//! greyed, and a session a closure cancels says why. Opening hours (an offering by
//! appointment) are no sessions and are not in it. The front page's "Vandaag in de
//! wijk" is made here too.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wijkgids_core::Offering;
use wijkgids_core::schedule::{
    AgendaRow, Progress, RowState, Shown, TIME_ZONE, Window, resolve_local,
};
use wijkgids_core::search::{Filters, Query, SearchResults, When};

use crate::components::browser::now;
use crate::components::card::{CardList, CardText};
use crate::components::filter_chips::Chips;
use crate::components::offering_card::{card_text_in, place, time_range};
use crate::guide::use_guide;
use crate::i18n::{I18n, Text, use_i18n};

/// The offerings with sessions `when` at `at` that fit `filters` (tracked).
fn search(filters: &Filters, when: When, at: DateTime<Utc>) -> (SearchResults, Vec<Offering>) {
    let guide = use_guide();
    let mut query = Query::new("", at);
    query.filters = Filters {
        when: Some(when),
        ..filters.clone()
    };
    query.lang = use_i18n().lang();
    query.limit = usize::MAX;
    let results = guide.search(&query);
    let offerings = results
        .hits
        .iter()
        .filter_map(|hit| guide.card(hit.id))
        .collect();
    (results, offerings)
}

/// The start of the day of `at` in the guide's time zone: as the agenda's moment,
/// nothing of today is over yet, so the whole of today is in it.
fn start_of_day(at: DateTime<Utc>) -> DateTime<Utc> {
    let date = at.with_timezone(&TIME_ZONE).date_naive();
    resolve_local(date.and_time(NaiveTime::MIN)).map_or(at, |t| t.to_utc())
}

/// Today's cards for the front page: the sessions not over yet, the first to start
/// first, at most `limit`; and whether there were sessions today at all (tracked).
pub fn todays_cards(limit: usize) -> (Vec<CardText>, bool) {
    let i18n = use_i18n();
    let at = now();
    let (_, offerings) = search(&Filters::default(), When::Today, at);
    let any_today = !offerings.is_empty()
        || search(&Filters::default(), When::Today, start_of_day(at))
            .0
            .total
            > 0;
    let mut coming: Vec<(_, &Offering)> = offerings
        .iter()
        .filter_map(|offering| match offering.shown(Window::Today, at) {
            Shown::Session { session, .. } if session.progress != Progress::Over => {
                Some((session.occurrence.start, offering))
            }
            _ => None,
        })
        .collect();
    coming.sort_by_key(|(start, offering)| (*start, offering.title_in(i18n.lang())));
    let cards = coming
        .into_iter()
        .take(limit)
        .map(|(_, offering)| card_text_in(i18n, offering, &[], Window::Today))
        .collect();
    (cards, any_today)
}

/// What is on today, not yet over, or why there is nothing.
#[component]
pub fn HappeningList(limit: usize) -> impl IntoView {
    move || {
        let (cards, any_today) = todays_cards(limit);
        let empty = if any_today {
            Text::NothingMoreToday
        } else {
            Text::NothingToday
        };
        view! { <CardList cards empty/> }
    }
}

#[component]
pub fn Agenda() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let filters = Memo::new(move |_| {
        query_map.with(|q| Filters {
            when: None,
            ..Filters::from_query_pairs(q)
        })
    });
    // The whole of today, what is over too (put apart below).
    let found = Memo::new(move |_| search(&filters.get(), When::ThisWeek, start_of_day(now())));
    // The chips show the URL's filters: the week is the agenda's own.
    let results = Memo::new(move |_| {
        let mut results = found.with(|(r, _)| r.clone());
        results.filters.when = None;
        results
    });
    let text = Memo::new(|_| String::new());
    let days = move || {
        let at = now();
        let today = at.with_timezone(&TIME_ZONE).date_naive();
        let chosen = filters.with(|f| f.days.clone());
        found.with(|(_, offerings)| {
            (0..7)
                .filter_map(|n| today.checked_add_days(Days::new(n)))
                .filter(|date| chosen.is_empty() || chosen.contains(&date.weekday()))
                .map(|date| day_view(i18n, date, date == today, offerings, at))
                .collect_view()
        })
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::AgendaTitle)}</h1>
            <p class="lead">{i18n.t(Text::AgendaLead)}</p>
            <Chips path="/agenda" text filters results times=false/>
            <div data-testid="agenda">{days}</div>
        </main>
    }
}

/// One row: when, what (a link), where and the cost, and whether it takes place.
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
            let place = place(i18n, offering);
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
    let list = |rows: Vec<Row>| {
        view! { <ul class="sessions">{rows.into_iter().map(|r| row_view(i18n, r)).collect_view()}</ul> }
    };
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
