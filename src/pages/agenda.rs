//! The agenda: what happens today and in the next 7 days, from the schedules.

use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use wijkgids_core::Offering;
use wijkgids_core::schedule::TIME_ZONE;
use wijkgids_core::search::{Filters, Query, When};

use crate::components::browser::now;
use crate::components::card::{CardList, CardText};
use crate::components::offering_card::card_text;
use crate::guide::use_guide;
use crate::i18n::{Text, hhmm, use_i18n};

/// Offerings that happen `when`, in the order they next happen (tracked).
fn happening(when: When, limit: usize) -> Vec<Offering> {
    let guide = use_guide();
    let mut query = Query::new("", now());
    query.filters = Filters {
        when: Some(when),
        ..Filters::default()
    };
    query.lang = crate::i18n::use_i18n().lang();
    query.limit = limit;
    let results = guide.search(&query);
    results
        .hits
        .iter()
        .filter_map(|hit| guide.offering(hit.id))
        .collect()
}

/// The cards of what happens `when`, soonest first (tracked).
pub fn happening_cards(when: When, limit: usize) -> Vec<CardText> {
    let i18n = use_i18n();
    happening(when, limit)
        .iter()
        .map(|offering| card_text(i18n, offering, &[]))
        .collect()
}

/// Cards of what happens `when`, or the `empty` text.
#[component]
pub fn HappeningList(when: When, limit: usize, empty: Text) -> impl IntoView {
    move || view! { <CardList cards=happening_cards(when, limit) empty/> }
}

#[component]
pub fn Agenda() -> impl IntoView {
    let i18n = use_i18n();
    let days = move || {
        let offerings = happening(When::ThisWeek, 500);
        let today = now().with_timezone(&TIME_ZONE).date_naive();
        (0..7)
            .filter_map(|n| today.checked_add_days(Days::new(n)))
            .map(|date| day_view(date, date == today, &offerings))
            .collect_view()
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::AgendaTitle)}</h1>
            <p class="lead">{i18n.t(Text::AgendaLead)}</p>
            {days}
        </main>
    }
}

fn day_view(date: NaiveDate, today: bool, offerings: &[Offering]) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let mut sessions: Vec<(String, String, String)> = offerings
        .iter()
        .flat_map(|offering| {
            offering
                .occurrences_on(date)
                .into_iter()
                .map(move |occurrence| {
                    let time = if occurrence.all_day {
                        String::new()
                    } else {
                        hhmm(occurrence.start)
                    };
                    let title = offering.title_in(lang).to_string();
                    (time, title, format!("/aanbod/{}", offering.id))
                })
        })
        .collect();
    sessions.sort();
    let heading = if today {
        format!("{} · {}", i18n.t(Text::Today), i18n.date(date))
    } else {
        i18n.date(date)
    };
    view! {
        <section class="day">
            <h2>{heading}</h2>
            {if sessions.is_empty() {
                view! { <p>{i18n.t(Text::NothingThisDay)}</p> }.into_any()
            } else {
                view! {
                    <ul class="sessions">
                        {sessions.into_iter().map(|(time, title, href)| view! {
                            <li><span class="time">{time}</span><a href=href>{title}</a></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
