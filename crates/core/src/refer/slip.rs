//! What the referral slip says about each offering, in the patient's language:
//! enough to go there without the app (when, where, what it costs, how to join,
//! whom to call), and the date the slip was made.

use chrono::{Days, NaiveDate};
use uuid::Uuid;

use crate::closures::Closure;
use crate::model::Offering;
use crate::money::cost_text;
use crate::schedule::{day_date, describe, describe_period, long_date};
use crate::vocab::{Lang, Vocabulary};

/// A text and the language it is written in: the publisher's words are Dutch
/// unless the offering has them in the slip's language, and a screen reader
/// must know to pronounce them as Dutch on an English slip.
#[derive(Debug, Clone, PartialEq)]
pub struct Worded {
    pub text: String,
    pub lang: Lang,
}

/// One offering on the slip, as lines of text in one language, but for the
/// publisher's own words: those are Dutch (`Worded`, or said of the field).
#[derive(Debug, Clone, PartialEq)]
pub struct SlipEntry {
    pub id: Uuid,
    pub title: Worded,
    pub summary: Worded,
    /// The weekly (or monthly) pattern of each schedule still running: "Elke
    /// maandag, 10:00–12:00", with its period when it has one; "Op afspraak" when
    /// there are no fixed times.
    pub when: Vec<String>,
    /// The closures in the weeks after the slip's date ([`SLIP_CLOSURE_DAYS`])
    /// that take away a session: the patient may otherwise find a closed door.
    pub closed: Vec<SlipClosure>,
    /// Building, street address, postcode and town: "Buurthuis De Linde,
    /// Lindeplein 3, 7351 AB Lindehoven" (Dutch); or "Online", "Bij je thuis".
    pub place: Option<Worded>,
    /// "Gratis", "€ 3,00 per keer".
    pub cost: String,
    /// The publisher's note on the cost, in Dutch.
    pub cost_note: Option<String>,
    /// How to join: "Gewoon binnenlopen".
    pub join: String,
    /// The publisher's steps to join, in Dutch.
    pub join_steps: Option<String>,
    /// Whom to ask: a name (Dutch words, as "Assistente Huisartsenpraktijk"),
    /// a phone number and an e-mail address, each when known.
    pub contact_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// How far ahead of its date a slip names closures: six weeks, time enough to
/// go there a few times.
pub const SLIP_CLOSURE_DAYS: u64 = 42;

/// A closure on the slip: "Gesloten van maandag 28 december tot en met vrijdag 1
/// januari" in the slip's language, and the publisher's note, in Dutch
/// ("Kerstvakantie").
#[derive(Debug, Clone, PartialEq)]
pub struct SlipClosure {
    pub text: String,
    pub note: Option<String>,
}

impl SlipClosure {
    fn of(closure: Closure, lang: Lang, today: NaiveDate) -> SlipClosure {
        let date = |d| day_date(d, today, lang);
        let text = match (closure.is_one_day(), lang) {
            (true, Lang::Nl) => format!("Gesloten op {}", date(closure.first)),
            (true, Lang::En) => format!("Closed on {}", date(closure.first)),
            (false, Lang::Nl) => format!(
                "Gesloten van {} tot en met {}",
                date(closure.first),
                date(closure.last)
            ),
            (false, Lang::En) => format!(
                "Closed from {} up to and including {}",
                date(closure.first),
                date(closure.last)
            ),
        };
        SlipClosure {
            text,
            note: closure.note,
        }
    }
}

/// The slip's lines for `offering` in `lang`, on `today` (schedules that have
/// ended are left out; closures named from `today` on for
/// [`SLIP_CLOSURE_DAYS`]).
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
    let closed = today
        .checked_add_days(Days::new(SLIP_CLOSURE_DAYS))
        .map(|until| offering.skipping_closures(today, until))
        .unwrap_or_default()
        .into_iter()
        .map(|c| SlipClosure::of(c, lang, today))
        .collect();
    let contact = &offering.contact;
    SlipEntry {
        id: offering.id,
        title: worded(offering, lang, offering.title_in(lang)),
        summary: worded(offering, lang, offering.summary_in(lang)),
        when,
        closed,
        place: place(offering, lang),
        cost: cost_text(&offering.cost, lang),
        cost_note: given(&offering.cost_note),
        join: offering.sign_up.label(lang).to_string(),
        join_steps: given(&offering.how_to_join),
        contact_name: given(&contact.name),
        phone: given(&contact.phone),
        email: given(&contact.email),
    }
}

/// The offering's `text` in `lang`, or in Dutch when it has no translation.
fn worded(offering: &Offering, lang: Lang, text: &str) -> Worded {
    let lang = match offering.translation(lang) {
        Some(_) => lang,
        None => Lang::Nl,
    };
    Worded {
        text: text.to_string(),
        lang,
    }
}

/// A publisher's field when it says something.
fn given(field: &Option<String>) -> Option<String> {
    field
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
}

/// "Gemaakt op 6 februari 2026", "Made on 6 February 2026".
pub fn slip_date(date: NaiveDate, lang: Lang) -> String {
    let made = words(lang, "Gemaakt op", "Made on");
    format!("{made} {}", long_date(date, lang))
}

fn place(offering: &Offering, lang: Lang) -> Option<Worded> {
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
            return Some(Worded {
                text: parts.join(", "),
                lang: Lang::Nl,
            });
        }
    }
    let text = if offering.online {
        "Online"
    } else if offering.at_home {
        words(lang, "Bij je thuis", "At your home")
    } else {
        return None;
    };
    Some(Worded {
        text: text.to_string(),
        lang,
    })
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
