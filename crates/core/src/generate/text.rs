//! Titles, summaries and descriptions. Dutch and English are rendered from the same
//! choices, so a translation says what the Dutch text says.

use std::fmt::Write;

use crate::model::{Contact, Cost, Location};
use crate::schedule::{Frequency, Schedule, describe_pattern, weekday_name};
use crate::vocab::{CoveredBy, Lang, SignUp, Theme, Vocabulary};

use super::dice::Dice;
use super::words::{
    Activity, Adjective, GENERAL_SENTENCES, Gender, Phrase, TAILS, Target, theme_words,
};

/// Titles stay short, as people write them: optional parts that do not fit are left out.
const TITLE_LIMIT: usize = 90;

/// What a title is made of: "Gezellige wandelgroep voor 55-plussers in De Vlonders".
pub(super) struct Title<'a> {
    pub activity: &'a Activity,
    pub adjective: Option<&'a Adjective>,
    pub target: Option<&'a Target>,
    pub neighbourhood: Option<&'a str>,
    pub schedule: Option<&'a Schedule>,
}

impl Title<'_> {
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::with_capacity(64);
        if let Some(adjective) = self.adjective {
            let form = match (self.activity.gender, lang) {
                (Gender::Name, _) => "",
                (_, Lang::En) => adjective.en,
                (Gender::De, Lang::Nl) => adjective.de,
                (Gender::Het, Lang::Nl) => adjective.het,
            };
            if !form.is_empty() {
                out.push_str(form);
                out.push(' ');
            }
        }
        out.push_str(self.activity.name.get(lang));
        if let Some(target) = self.target {
            push_if_fits(
                &mut out,
                &[for_word(lang), target.name.get(lang)],
                TITLE_LIMIT,
            );
        }
        if let Some(neighbourhood) = self.neighbourhood {
            push_if_fits(&mut out, &[" in ", neighbourhood], TITLE_LIMIT);
        }
        if let Some(day) = self.schedule.and_then(weekly_day) {
            let (on, plural) = match lang {
                Lang::Nl => (" op ", ""),
                Lang::En => (" on ", "s"),
            };
            let name = weekday_name(day, lang);
            push_if_fits(&mut out, &[on, name, plural], TITLE_LIMIT);
        }
        capitalise(&mut out);
        out
    }
}

/// The day of a plain weekly schedule, which reads well in a title.
fn weekly_day(schedule: &Schedule) -> Option<chrono::Weekday> {
    match (schedule.freq, schedule.interval, schedule.byday.as_slice()) {
        (Frequency::Weekly, 1, [day]) if day.ordinal.is_none() => Some(day.weekday),
        _ => None,
    }
}

fn for_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => " voor ",
        Lang::En => " for ",
    }
}

/// One plain line: for whom, what you do, and a friendly ending.
pub(super) struct Summary<'a> {
    pub activity: &'a Activity,
    pub target: Option<&'a Target>,
    pub tail: Option<Phrase>,
}

impl Summary<'_> {
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::with_capacity(96);
        if let Some(target) = self.target {
            out.push_str(match lang {
                Lang::Nl => "voor ",
                Lang::En => "for ",
            });
            out.push_str(target.name.get(lang));
            out.push_str(": ");
        }
        out.push_str(self.activity.does.get(lang));
        if let Some(tail) = self.tail {
            out.push_str(", ");
            out.push_str(tail.get(lang));
        }
        out.push('.');
        capitalise(&mut out);
        out
    }
}

/// One sentence of a description.
pub(super) enum Sentence<'a> {
    /// What you do, and a friendly ending.
    Opening(&'a Activity, Phrase),
    Fixed(Phrase),
    /// When and where it happens.
    Meeting(Option<&'a Schedule>, Option<&'a Location>),
    Cost(&'a Cost),
    SignUp(SignUp),
    /// Who runs it.
    Organiser(&'a str),
    /// Whom to ask.
    Contact(&'a Contact),
}

/// What a description can tell about an offering.
pub(super) struct Facts<'a> {
    pub activity: &'a Activity,
    pub themes: &'a [Theme],
    pub schedule: Option<&'a Schedule>,
    pub venue: Option<&'a Location>,
    pub cost: &'a Cost,
    pub sign_up: SignUp,
    pub organiser: Option<&'a str>,
    pub contact: &'a Contact,
}

/// The sentences of a description: an opening and 0 to 5 more, so that lengths
/// spread from about 60 to 700 characters (search cost depends on field length).
pub(super) fn description_plan<'a>(dice: &mut Dice, facts: &Facts<'a>) -> Vec<Sentence<'a>> {
    const MORE: [(usize, u32); 6] = [(0, 6), (1, 10), (2, 16), (3, 22), (4, 22), (5, 24)];
    let more = dice.weighted(&MORE);
    let mut candidates: Vec<Sentence<'a>> = Vec::with_capacity(16);
    for &theme in facts.themes.iter().take(2) {
        let words = theme_words(theme);
        candidates.extend(
            dice.distinct(&words.sentences, 2)
                .into_iter()
                .map(Sentence::Fixed),
        );
    }
    candidates.extend(
        dice.distinct(&GENERAL_SENTENCES, 3)
            .into_iter()
            .map(Sentence::Fixed),
    );
    if let Some(organiser) = facts.organiser {
        candidates.push(Sentence::Organiser(organiser));
    }
    if facts.schedule.is_some() || facts.venue.is_some() {
        candidates.push(Sentence::Meeting(facts.schedule, facts.venue));
    }
    candidates.push(Sentence::Cost(facts.cost));
    candidates.push(Sentence::SignUp(facts.sign_up));
    if facts.contact.phone.is_some() || facts.contact.email.is_some() {
        candidates.push(Sentence::Contact(facts.contact));
    }
    let mut plan = Vec::with_capacity(more + 1);
    plan.push(Sentence::Opening(facts.activity, *dice.pick(&TAILS)));
    // Selection sampling: keeps `more` candidates in their natural order.
    let mut needed = more.min(candidates.len());
    let mut remaining = candidates.len();
    for candidate in candidates {
        if dice.below(remaining) < needed {
            plan.push(candidate);
            needed -= 1;
        }
        remaining -= 1;
    }
    plan
}

pub(super) fn render_description(plan: &[Sentence], lang: Lang) -> String {
    let mut out = String::with_capacity(plan.len() * 90);
    for sentence in plan {
        if !out.is_empty() {
            out.push(' ');
        }
        let start = out.len();
        render_sentence(sentence, lang, &mut out);
        capitalise_from(&mut out, start);
    }
    out
}

fn render_sentence(sentence: &Sentence, lang: Lang, out: &mut String) {
    match sentence {
        Sentence::Opening(activity, tail) => {
            let _ = write!(out, "{}, {}.", activity.does.get(lang), tail.get(lang));
        }
        Sentence::Fixed(phrase) => out.push_str(phrase.get(lang)),
        Sentence::Meeting(schedule, venue) => meeting(*schedule, *venue, lang, out),
        Sentence::Cost(cost) => cost_sentence(cost, lang, out),
        Sentence::SignUp(sign_up) => out.push_str(sign_up_sentence(*sign_up, lang)),
        Sentence::Organiser(name) => {
            let _ = match lang {
                Lang::Nl => write!(
                    out,
                    "Dit wordt georganiseerd door {name}, samen met vrijwilligers en professionals uit de buurt."
                ),
                Lang::En => write!(
                    out,
                    "This is organised by {name}, together with volunteers and professionals from the neighbourhood."
                ),
            };
        }
        Sentence::Contact(contact) => contact_sentence(contact, lang, out),
    }
}

/// "We zijn er elke dinsdag van 09:30 tot 11:00 in Buurthuis De Linde (Lindelaan 12)."
fn meeting(schedule: Option<&Schedule>, venue: Option<&Location>, lang: Lang, out: &mut String) {
    out.push_str(match lang {
        Lang::Nl => "We zijn er",
        Lang::En => "We meet",
    });
    if let Some(schedule) = schedule {
        out.push(' ');
        out.push_str(&in_sentence(&describe_pattern(schedule, lang)));
        if let (Some(opens), Some(closes)) = (schedule.opens_at, schedule.closes_at) {
            let (from, to) = match lang {
                Lang::Nl => ("van", "tot"),
                Lang::En => ("from", "to"),
            };
            let _ = write!(
                out,
                " {from} {} {to} {}",
                opens.format("%H:%M"),
                closes.format("%H:%M")
            );
        }
    }
    if let Some(venue) = venue {
        out.push_str(match lang {
            Lang::Nl => " in ",
            Lang::En => " at ",
        });
        let _ = write!(out, "{} ({})", venue.name, venue.address);
    }
    out.push('.');
}

/// "Meer weten? Vraag naar Anke Bos: bel 0570 55 12 34 of mail naar a.bos@example.org."
fn contact_sentence(contact: &Contact, lang: Lang, out: &mut String) {
    let (intro, ask, call, mail, or) = match lang {
        Lang::Nl => ("Meer weten?", "Vraag naar", "bel", "mail naar", "of"),
        Lang::En => ("Want to know more?", "Ask for", "call", "e-mail", "or"),
    };
    out.push_str(intro);
    if let Some(name) = &contact.name {
        let _ = write!(out, " {ask} {name}:");
    }
    let mut ways = 0;
    for (verb, value) in [(call, &contact.phone), (mail, &contact.email)] {
        if let Some(value) = value {
            if ways > 0 {
                let _ = write!(out, " {or}");
            }
            out.push(' ');
            let verb_at = out.len();
            out.push_str(verb);
            if contact.name.is_none() && ways == 0 {
                capitalise_from(out, verb_at);
            }
            let _ = write!(out, " {value}");
            ways += 1;
        }
    }
    out.push('.');
}

fn cost_sentence(cost: &Cost, lang: Lang, out: &mut String) {
    match (cost, lang) {
        (Cost::Free, Lang::Nl) => out.push_str("Meedoen is gratis."),
        (Cost::Free, Lang::En) => out.push_str("Taking part is free."),
        (Cost::Paid { amount_cents, unit }, Lang::Nl) => {
            let amount = crate::money::format_euros(*amount_cents, lang);
            let _ = write!(out, "Meedoen kost {amount} {}.", unit.label(lang));
        }
        (Cost::Paid { amount_cents, unit }, Lang::En) => {
            let amount = crate::money::format_euros(*amount_cents, lang);
            let _ = write!(out, "Taking part costs {amount} {}.", unit.label(lang));
        }
        (Cost::Covered { by }, _) => out.push_str(match (by, lang) {
            (CoveredBy::Insurance, Lang::Nl) => {
                "Je betaalt niets: de zorgverzekering vergoedt de kosten."
            }
            (CoveredBy::Insurance, Lang::En) => {
                "You pay nothing: health insurance covers the costs."
            }
            (CoveredBy::Municipality, Lang::Nl) => {
                "Je betaalt niets: de gemeente betaalt de kosten."
            }
            (CoveredBy::Municipality, Lang::En) => {
                "You pay nothing: the municipality pays the costs."
            }
            (CoveredBy::Referral, Lang::Nl) => "Met een verwijzing worden de kosten vergoed.",
            (CoveredBy::Referral, Lang::En) => "With a referral the costs are covered.",
        }),
    }
}

fn sign_up_sentence(sign_up: SignUp, lang: Lang) -> &'static str {
    match (sign_up, lang) {
        (SignUp::WalkIn, Lang::Nl) => "Aanmelden is niet nodig, je kunt gewoon binnenlopen.",
        (SignUp::WalkIn, Lang::En) => "No need to register: just walk in.",
        (SignUp::RegisterFirst, Lang::Nl) => "Meld je vooraf aan via telefoon of e-mail.",
        (SignUp::RegisterFirst, Lang::En) => "Please register beforehand by phone or e-mail.",
        (SignUp::ReferralNeeded, Lang::Nl) => {
            "Je hebt een verwijzing nodig van je huisarts of het wijkteam."
        }
        (SignUp::ReferralNeeded, Lang::En) => {
            "You need a referral from your GP or the neighbourhood team."
        }
    }
}

/// Appends all of `parts`, or none if they would make `out` longer than `limit`
/// characters.
fn push_if_fits(out: &mut String, parts: &[&str], limit: usize) {
    let added: usize = parts.iter().map(|part| part.chars().count()).sum();
    if out.chars().count() + added <= limit {
        parts.iter().for_each(|part| out.push_str(part));
    }
}

fn capitalise(text: &mut String) {
    capitalise_from(text, 0);
}

/// Upper-cases the character that starts at byte `start`.
fn capitalise_from(text: &mut String, start: usize) {
    let Some(first) = text.get(start..).and_then(|rest| rest.chars().next()) else {
        return;
    };
    if first.is_lowercase() {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(start..start + first.len_utf8(), &upper);
    }
}

/// A sentence-start phrase ("Elke dinsdag") for use mid-sentence ("elke dinsdag").
fn in_sentence(phrase: &str) -> String {
    let mut chars = phrase.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}
