//! An offering as a card in a list: title, summary, the time that matched the list
//! (over or not, and a closure near it), place, "free", and why it matched the
//! search when that is not plain from the title.

use leptos::prelude::*;
use wijkgids_core::Offering;
use wijkgids_core::closures::Closure;
use wijkgids_core::schedule::{Occurrence, Progress, Shown, ShownSession, Window};
use wijkgids_core::search::{Reason, When};

use crate::components::browser::now;
use crate::components::card::{Card, CardText};
use crate::i18n::{I18n, Text, hhmm, use_i18n};

/// The card of `offering`, with why it matched the search (`reasons`, empty outside
/// search), telling its next time from now on.
pub fn card_text(i18n: I18n, offering: &Offering, reasons: &[Reason]) -> CardText {
    card_text_in(i18n, offering, reasons, Window::FromNow)
}

/// The card of `offering` in a list about `window`: the time it tells is the
/// session that matched the window, never a date outside it.
pub fn card_text_in(
    i18n: I18n,
    offering: &Offering,
    reasons: &[Reason],
    window: Window,
) -> CardText {
    let shown = offering.shown(window, now());
    let session = match &shown {
        Shown::Session { session, .. } => Some(session),
        _ => None,
    };
    CardText {
        next: time_text(i18n, &shown),
        over: session.is_some_and(|s| s.progress == Progress::Over),
        ends: session.map(|s| session_end(&s.occurrence)),
        closure: match &shown {
            Shown::Session { closure, .. } | Shown::Nothing { closure } => {
                closure.as_ref().map(|c| closure_text(i18n, c))
            }
            Shown::ByAppointment { .. } => None,
        },
        ..CardText::timeless(i18n.lang(), offering, reasons)
    }
}

#[component]
pub fn OfferingCard(
    offering: Offering,
    /// Why it matched the search; empty outside search.
    #[prop(optional)]
    reasons: Vec<Reason>,
    /// The list's time filter: the card tells the session that matched it.
    #[prop(default = None)]
    when: Option<When>,
) -> impl IntoView {
    view! { <Card card=card_text_in(use_i18n(), &offering, &reasons, Window::from(when))/> }
}

/// "Volgende keer: vandaag 14:00–16:00", "Nu bezig: ...", "Afgelopen: ...", "Op
/// afspraak"; nothing when no date is known.
pub fn time_text(i18n: I18n, shown: &Shown) -> Option<String> {
    match shown {
        Shown::ByAppointment {
            open_now: Some(true),
        } => Some(i18n.t(Text::ByAppointmentOpenNow).to_string()),
        Shown::ByAppointment { .. } => Some(i18n.t(Text::ByAppointment).to_string()),
        Shown::Nothing { .. } => None,
        Shown::Session { session, .. } => {
            let when = session_when(i18n, session);
            let text = match session.progress {
                Progress::Later => Text::Next,
                Progress::GoingOn => Text::SessionGoingOn,
                Progress::Over => Text::SessionOver,
            };
            Some(i18n.fill(text, &[&when]))
        }
    }
}

/// "vandaag 10:00–12:30", "morgen 19:00", "donderdag 12 februari, 14:00–16:00".
fn session_when(i18n: I18n, session: &ShownSession) -> String {
    let o = &session.occurrence;
    let day = match session.in_days {
        0 => i18n.t(Text::TodayLower).to_string(),
        1 => i18n.t(Text::TomorrowLower).to_string(),
        _ => format!("{},", i18n.date(o.date)),
    };
    if o.all_day {
        return day.trim_end_matches(',').to_string();
    }
    format!("{day} {}", time_range(o))
}

/// "10:00–12:30", or "10:00" when the end is not known.
pub fn time_range(o: &Occurrence) -> String {
    match o.end {
        Some(end) => format!("{}–{}", hhmm(o.start), hhmm(end)),
        None => hhmm(o.start),
    }
}

/// When the session is over, as Unix seconds.
fn session_end(o: &Occurrence) -> i64 {
    o.over_at().unwrap_or(o.start).timestamp()
}

/// "Niet op woensdag 30 december: Tussen kerst en oud en nieuw", "Niet op 28
/// december – 1 januari: Kerstvakantie".
pub fn closure_text(i18n: I18n, closure: &Closure) -> String {
    let mut text = if closure.is_one_day() {
        i18n.fill(Text::NotOnDay, &[&i18n.date(closure.first)])
    } else {
        let (first, last) = (i18n.day_month(closure.first), i18n.day_month(closure.last));
        i18n.fill(Text::NotOnDays, &[&first, &last])
    };
    if let Some(note) = &closure.note {
        text = format!("{text}: {note}");
    }
    text
}
