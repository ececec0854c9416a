//! One offering in a list: title, summary, next date, place, "free", and why it
//! matched the search when that is not plain from the title.

use leptos::prelude::*;
use leptos_router::components::A;
use wijkgids_core::Offering;
use wijkgids_core::search::{Field, MatchKind, Reason};
use wijkgids_core::vocab::{Status, Vocabulary};

use crate::components::browser::now;
use crate::i18n::{I18n, Text, hhmm, use_i18n};

#[component]
pub fn OfferingCard(
    offering: Offering,
    /// Why it matched the search; empty outside search.
    #[prop(optional)]
    reasons: Vec<Reason>,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/aanbod/{}", offering.id);
    let free = offering.cost.is_free_for_participant();
    let paused = offering.status == Status::Paused;
    let o = StoredValue::new(offering);
    let text = move |f: fn(I18n, &Offering) -> Option<String>| o.with_value(|o| f(i18n, o));
    view! {
        <li class="card" data-testid="card">
            <h3 class="card-title"><A href=href>{text(|i, o| Some(o.title_in(i.lang()).to_string()))}</A></h3>
            <p class="card-summary">{text(|i, o| Some(o.summary_in(i.lang()).to_string()))}</p>
            <p class="card-facts">
                {free.then(|| view! { <span class="badge">{i18n.t(Text::Free)}</span> })}
                {paused.then(|| view! { <span class="badge badge-warn">{i18n.t(Text::Paused)}</span> })}
                {text(next_time).map(|t| view! { <span>{t}</span> })}
                {text(place).map(|p| view! { <span>{p}</span> })}
            </p>
            {reasons_text(i18n, &reasons).map(|why| view! { <p class="card-why">{why}</p> })}
        </li>
    }
}

/// "Volgende keer: dinsdag 25 november, 10:00".
pub fn next_time(i18n: I18n, offering: &Offering) -> Option<String> {
    if offering.by_appointment && offering.schedules.is_empty() {
        return Some(i18n.t(Text::ByAppointment).to_string());
    }
    let next = offering.next_occurrences(now(), 1).into_iter().next()?;
    let mut when = i18n.date(next.date);
    if !next.all_day {
        when = format!("{when}, {}", hhmm(next.start));
    }
    Some(i18n.fill(Text::Next, &[&when]))
}

/// The building and neighbourhood, or "Online".
pub fn place(i18n: I18n, offering: &Offering) -> Option<String> {
    match &offering.location {
        Some(location) if location.neighbourhood.is_empty() => Some(location.name.clone()),
        Some(location) => Some(format!("{}, {}", location.name, location.neighbourhood)),
        None if offering.online => Some(i18n.t(Text::Online).to_string()),
        None => None,
    }
}

/// The words it was found through, when the title does not show them.
fn reasons_text(i18n: I18n, reasons: &[Reason]) -> Option<String> {
    let hidden = |r: &&Reason| r.kind == MatchKind::Need || !r.fields.contains(&Field::Title);
    let words: Vec<String> = reasons
        .iter()
        .filter(hidden)
        .map(|r| match r.need {
            Some(need) => need.label(i18n.lang()).to_string(),
            None => r.matched.clone(),
        })
        .collect();
    (!words.is_empty()).then(|| i18n.fill(Text::MatchedOn, &[&words.join(", ")]))
}
