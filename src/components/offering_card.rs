//! An offering as a card in a list: title, summary, next date, place, "free", and
//! why it matched the search when that is not plain from the title.

use leptos::prelude::*;
use wijkgids_core::Offering;
use wijkgids_core::search::{Field, MatchKind, Reason};
use wijkgids_core::vocab::{Status, Vocabulary};

use crate::components::browser::now;
use crate::components::card::{Card, CardText};
use crate::i18n::{I18n, Text, hhmm, use_i18n};

/// The card of `offering`, with why it matched the search (`reasons`, empty outside
/// search).
pub fn card_text(i18n: I18n, offering: &Offering, reasons: &[Reason]) -> CardText {
    CardText {
        href: format!("/aanbod/{}", offering.id),
        title: offering.title_in(i18n.lang()).to_string(),
        summary: offering.summary_in(i18n.lang()).to_string(),
        free: offering.cost.is_free_for_participant(),
        price: (!offering.cost.is_free_for_participant())
            .then(|| wijkgids_core::money::cost_text(&offering.cost, i18n.lang())),
        paused: offering.status == Status::Paused,
        next: next_time(i18n, offering),
        place: place(i18n, offering),
        why: reasons_text(i18n, reasons),
    }
}

#[component]
pub fn OfferingCard(
    offering: Offering,
    /// Why it matched the search; empty outside search.
    #[prop(optional)]
    reasons: Vec<Reason>,
) -> impl IntoView {
    view! { <Card card=card_text(use_i18n(), &offering, &reasons)/> }
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
        None if offering.at_home => Some(i18n.t(Text::AtYourHome).to_string()),
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
