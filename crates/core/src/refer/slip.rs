//! What the referral slip says about each offering, in the patient's language:
//! enough to go there without the app (when, where, what it costs, how to join,
//! whom to call), and the date the slip was made.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::model::Offering;
use crate::money::cost_text;
use crate::schedule::{describe, describe_period, long_date};
use crate::vocab::{Lang, Vocabulary};

/// One offering on the slip, as lines of text in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct SlipEntry {
    pub id: Uuid,
    pub title: String,
    pub summary: String,
    /// The weekly (or monthly) pattern of each schedule still running: "Elke
    /// maandag, 10:00–12:00", with its period when it has one; "Op afspraak" when
    /// there are no fixed times.
    pub when: Vec<String>,
    /// Building, street address, postcode and town: "Buurthuis De Linde,
    /// Lindeplein 3, 7351 AB Lindehoven"; or "Online", "Bij je thuis".
    pub place: Option<String>,
    /// "Gratis", "€ 3,00 per keer", with the publisher's note on the cost.
    pub cost: String,
    /// How to join: "Gewoon binnenlopen", then the publisher's steps.
    pub join: String,
    /// Whom to ask: name, phone, e-mail.
    pub contact: Option<String>,
}

/// The slip's lines for `offering` in `lang`, on `today` (schedules that have
/// ended are left out).
pub fn slip_entry(offering: &Offering, lang: Lang, today: NaiveDate) -> SlipEntry {
    let mut when: Vec<String> = offering
        .schedules
        .iter()
        .filter(|s| s.ends_on().is_none_or(|end| end >= today))
        .map(|s| match describe_period(s, lang) {
            Some(period) => format!("{} ({})", describe(s, lang), lowercase_first(&period)),
            None => describe(s, lang),
        })
        .collect();
    if offering.by_appointment || when.is_empty() {
        when.push(words(lang, "Op afspraak", "By appointment").to_string());
    }
    let cost = match offering.cost_note.as_deref().map(str::trim) {
        Some(note) if !note.is_empty() => format!("{}. {note}", cost_text(&offering.cost, lang)),
        _ => cost_text(&offering.cost, lang),
    };
    let join = match offering.how_to_join.as_deref().map(str::trim) {
        Some(steps) if !steps.is_empty() => format!("{}. {steps}", offering.sign_up.label(lang)),
        _ => offering.sign_up.label(lang).to_string(),
    };
    let contact = &offering.contact;
    let contact: Vec<&str> = [&contact.name, &contact.phone, &contact.email]
        .into_iter()
        .filter_map(|part| part.as_deref().map(str::trim).filter(|p| !p.is_empty()))
        .collect();
    SlipEntry {
        id: offering.id,
        title: offering.title_in(lang).to_string(),
        summary: offering.summary_in(lang).to_string(),
        when,
        place: place(offering, lang),
        cost,
        join,
        contact: (!contact.is_empty()).then(|| contact.join(" · ")),
    }
}

/// "Gemaakt op 6 februari 2026", "Made on 6 February 2026".
pub fn slip_date(date: NaiveDate, lang: Lang) -> String {
    let made = words(lang, "Gemaakt op", "Made on");
    format!("{made} {}", long_date(date, lang))
}

fn place(offering: &Offering, lang: Lang) -> Option<String> {
    if let Some(location) = &offering.location {
        let town = [location.postcode.trim(), location.city.trim()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let parts: Vec<&str> = [location.name.trim(), location.address.trim(), &town]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        if !parts.is_empty() {
            return Some(parts.join(", "));
        }
    }
    if offering.online {
        return Some("Online".to_string());
    }
    offering
        .at_home
        .then(|| words(lang, "Bij je thuis", "At your home").to_string())
}

fn words(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}
