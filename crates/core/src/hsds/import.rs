//! `service` → offering, `organization` → organisation. Whatever cannot be kept
//! is named in a [`Note`]; a service another Wijkgids exported (with our
//! extension attributes) comes back exactly as it left.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Timelike, Utc};
use serde_json::{Number, Value};

use super::taxonomy::{Vocab, term_by_id, vocab_by_id};
use super::types::{Attribute, Organization, Service};
use super::{Finding, KVK_SCHEME, Note, language_in};
use crate::model::{Contact, Cost, Location, Offering, OfferingTranslation, Organisation};
use crate::schedule::{ByDay, Frequency, Schedule, ScheduleException};
use crate::vocab::{
    AccessibilityFeature, Audience, CostUnit, CoveredBy, HealthDimension, Lang, OfferingKind,
    OrganisationKind, SignUp, Status, Theme, Vocabulary,
};

/// Reads `json` as an HSDS service; a structural problem is named by its JSON path.
pub fn parse_service(json: &Value) -> Result<Service, Note> {
    serde_path_to_error::deserialize(json).map_err(|err| {
        let path = err.path().to_string();
        Note::new(
            if path == "." { String::new() } else { path },
            Finding::Unreadable,
            err.into_inner().to_string(),
        )
    })
}

/// The attributes sorted by vocabulary: codes, and the extension's values.
#[derive(Default)]
struct Terms {
    codes: BTreeMap<Vocab, Vec<&'static str>>,
    values: BTreeMap<&'static str, Vec<String>>,
}

/// The vocabularies a service's terms may name by their label.
const SERVICE_VOCABS: &[Vocab] = &[
    Vocab::Theme,
    Vocab::HealthDimension,
    Vocab::Audience,
    Vocab::Accessibility,
    Vocab::OfferingKind,
    Vocab::SignUp,
];

/// The same for an organization's terms.
const ORGANIZATION_VOCABS: &[Vocab] = &[Vocab::OrganisationKind];

/// A label as it is compared: trimmed, lower case, one space between words.
fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The values of `vocabs` whose Dutch or English label is `name` (case and
/// spaces aside): another system's term "Taal en lezen" is our theme, not a
/// foreign word (walkthrough). A label two vocabularies share ("Mental
/// well-being": a theme and a health dimension) names both.
fn named_terms(name: &str, vocabs: &[Vocab]) -> Vec<(Vocab, &'static str)> {
    let key = label_key(name);
    vocabs
        .iter()
        .filter_map(|&vocab| {
            vocab
                .terms()
                .into_iter()
                .find(|(_, nl, en)| label_key(nl) == key || label_key(en) == key)
                .map(|(code, _, _)| (vocab, code))
        })
        .collect()
}

impl Terms {
    /// The terms of `attributes`; a term not ours by id or code but named as a
    /// value of one of `vocabs` is that value.
    fn read(
        attributes: &[Attribute],
        path: &str,
        vocabs: &[Vocab],
        notes: &mut Vec<Note>,
    ) -> Terms {
        let mut terms = Terms::default();
        for (i, a) in attributes.iter().enumerate() {
            let here = format!("{path}attributes[{i}]");
            let term = a.taxonomy_term.as_ref();
            let known = a
                .taxonomy_term_id
                .or(term.map(|t| t.id))
                .and_then(term_by_id)
                .or_else(|| {
                    // A term of ours named by taxonomy and code rather than id.
                    let term = term?;
                    let vocab = vocab_by_id(term.taxonomy_id?)?;
                    let code = term.code.as_deref()?;
                    let (code, _, _) = vocab.terms().into_iter().find(|(c, _, _)| *c == code)?;
                    Some((vocab, code))
                });
            let named = match (known, term) {
                (None, Some(term)) => named_terms(&term.name, vocabs),
                _ => Vec::new(),
            };
            if !named.is_empty() {
                for (vocab, code) in named {
                    terms.codes.entry(vocab).or_default().push(code);
                }
                continue;
            }
            match known {
                Some((Vocab::Extension, code)) => match &a.value {
                    Some(value) => terms.values.entry(code).or_default().push(value.clone()),
                    None => notes.push(Note::new(
                        here,
                        Finding::ExtensionWithoutValue,
                        "extension attribute without a value",
                    )),
                },
                Some((vocab, code)) => terms.codes.entry(vocab).or_default().push(code),
                None => match term.map(|t| t.name.trim()).filter(|n| !n.is_empty()) {
                    Some(name) => {
                        notes.push(
                            Note::new(
                                here,
                                Finding::ForeignTerm,
                                format!("taxonomy term {name:?} is not one of ours: kept as a tag"),
                            )
                            .value(name),
                        );
                        terms
                            .values
                            .entry("tag")
                            .or_default()
                            .push(name.to_string());
                    }
                    None => notes.push(Note::new(
                        here,
                        Finding::UnknownTerm,
                        "unknown taxonomy term: not kept",
                    )),
                },
            }
        }
        terms
    }

    fn all<V: Vocabulary>(&self, vocab: Vocab) -> Vec<V> {
        let mut out: Vec<V> = Vec::new();
        for code in self.codes.get(&vocab).into_iter().flatten() {
            if let Some(term) = V::from_code(code)
                && !out.iter().any(|t| t.code() == term.code())
            {
                out.push(term);
            }
        }
        out
    }

    fn one<V: Vocabulary>(&self, vocab: Vocab) -> Option<V> {
        self.all(vocab).into_iter().next()
    }

    fn value(&self, code: &str) -> Option<&String> {
        self.values.get(code).and_then(|v| v.first())
    }

    fn is_true(&self, code: &str) -> bool {
        self.value(code).is_some_and(|v| v == "true")
    }

    fn is_ours(&self) -> bool {
        self.values.contains_key("summary")
    }
}

/// An offering from `service`, with what could not be kept.
pub fn offering_from_service(service: &Service) -> (Offering, Vec<Note>) {
    let mut notes = Vec::new();
    for key in service.other.keys() {
        notes.push(Note::new(
            key.clone(),
            Finding::NotKeptField,
            "not kept: Wijkgids has no such field",
        ));
    }
    let terms = Terms::read(&service.attributes, "", SERVICE_VOCABS, &mut notes);
    let ours = terms.is_ours();

    let description = service.description.clone().unwrap_or_default();
    let summary = match terms.value("summary") {
        Some(s) => s.clone(),
        None => {
            notes.push(Note::new(
                "description",
                Finding::NoSummary,
                "no summary in HSDS: the first sentence of the description is used",
            ));
            first_sentence(&description, &service.name)
        }
    };
    let kind = terms.one(Vocab::OfferingKind).unwrap_or_else(|| {
        notes.push(Note::new(
            "attributes",
            Finding::NoKind,
            "no offering kind: taken as formal",
        ));
        OfferingKind::Formal
    });
    let sign_up = terms.one(Vocab::SignUp).unwrap_or_else(|| {
        notes.push(Note::new(
            "attributes",
            Finding::NoSignUp,
            "no way to sign up: taken as walk in",
        ));
        SignUp::WalkIn
    });
    let status = match service.status.as_str() {
        "active" => Status::Published,
        "temporarily closed" => Status::Paused,
        _ => Status::Archived,
    };

    let mut translations = BTreeMap::new();
    if let Some(title) = terms.value("title_en") {
        translations.insert(
            Lang::En.code().to_string(),
            OfferingTranslation {
                title: title.clone(),
                summary: terms.value("summary_en").cloned().unwrap_or_default(),
                description: terms.value("description_en").cloned(),
            },
        );
    }

    let mut exceptions = Vec::new();
    for (i, json) in terms
        .values
        .get("exception")
        .into_iter()
        .flatten()
        .enumerate()
    {
        match serde_json::from_str::<ScheduleException>(json) {
            Ok(e) => exceptions.push(e),
            Err(err) => notes.push(Note::new(
                format!("exception[{i}]"),
                Finding::NotKeptValue,
                err.to_string(),
            )),
        }
    }

    let mut lost = Vec::new();
    let schedules = service
        .schedules
        .iter()
        .enumerate()
        .filter_map(|(i, s)| schedule(s, &format!("schedules[{i}]"), ours, &mut notes, &mut lost))
        .collect();
    // Another system's notes on its times, once each, under one plain heading.
    let description = if lost.is_empty() {
        description
    } else {
        format!(
            "{description}\n\n{SCHEDULE_NOTES_HEADING} {}",
            lost.join(" ")
        )
        .trim()
        .to_string()
    };

    let (location, online, features_at_place, place_note) = place(service, &mut notes);
    let mut accessibility: Vec<AccessibilityFeature> = terms.all(Vocab::Accessibility);
    for feature in features_at_place {
        if !accessibility.contains(&feature) {
            accessibility.push(feature);
        }
    }
    let accessibility_note = terms.value("accessibility_note").cloned().or(place_note);

    let first_contact = service.contacts.first();
    // An empty contact detail is one the file does not give.
    let given = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
    let contact = Contact {
        name: given(first_contact.and_then(|c| c.name.clone())),
        phone: given(
            service
                .phones
                .first()
                .or(first_contact.and_then(|c| c.phones.first()))
                .map(|p| p.number.clone()),
        ),
        email: given(given(service.email.clone()).or(first_contact.and_then(|c| c.email.clone()))),
        website: given(service.url.clone()),
    };
    if service.phones.len() > 1 {
        notes.push(Note::new(
            "phones",
            Finding::FirstOnly,
            "only the first phone number is kept",
        ));
    }

    let (cost, cost_note_extra) = cost(service, &mut notes);
    let cost_note = match (service.fees_description.clone(), cost_note_extra) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    };

    let mut languages = Vec::new();
    for (i, l) in service.languages.iter().enumerate() {
        match l.code.as_deref().and_then(language_in) {
            Some(language) if !languages.contains(&language) => languages.push(language),
            Some(_) => {}
            None => notes.push(
                Note::new(
                    format!("languages[{i}]"),
                    Finding::NotKeptValue,
                    "a language the guide does not list: not kept",
                )
                .value(l.code.clone().or(l.name.clone()).unwrap_or_default()),
            ),
        }
    }

    let offering = Offering {
        id: service.id,
        organisation_id: service.organization_id,
        version: 0,
        status,
        alert: service.alert.clone(),
        title: service.name.clone(),
        summary,
        description,
        kind,
        themes: terms.all::<Theme>(Vocab::Theme),
        health_dimensions: terms.all::<HealthDimension>(Vocab::HealthDimension),
        tags: tags(
            terms.values.get("tag").map_or(&[], Vec::as_slice),
            &mut notes,
        ),
        translations,
        min_age: age(service.minimum_age.as_ref(), "minimum_age", &mut notes),
        max_age: age(service.maximum_age.as_ref(), "maximum_age", &mut notes),
        audience: terms.all::<Audience>(Vocab::Audience),
        eligibility: service.eligibility_description.clone(),
        languages,
        cost,
        cost_note,
        sign_up,
        how_to_join: service.application_process.clone(),
        accessibility,
        accessibility_note,
        schedules,
        exceptions,
        by_appointment: terms.is_true("by_appointment"),
        location,
        online,
        at_home: terms.is_true("at_home"),
        contact,
        referral: None,
        checked_on: service.assured_date.as_deref().and_then(|d| {
            let date = date(d);
            if date.is_none() {
                notes.push(
                    Note::new(
                        "assured_date",
                        Finding::NotKeptValue,
                        "not a date (YYYY-MM-DD): not kept",
                    )
                    .value(d),
                );
            }
            date
        }),
        checked_by: None,
        updated_at: service.last_modified.as_deref().and_then(|t| {
            let time = DateTime::parse_from_rfc3339(t)
                .ok()
                .map(|t| t.with_timezone(&Utc));
            if time.is_none() {
                notes.push(
                    Note::new(
                        "last_modified",
                        Finding::NotKeptValue,
                        "not a date-time: not kept",
                    )
                    .value(t),
                );
            }
            time
        }),
        created_by: None,
        review_note: None,
    };
    // An empty value is one the file does not give, not one the guide could
    // not keep (walkthrough: "geen geldige waarde voor Wanneer: „”" under
    // "Wanneer blijft zoals in de gids, want het bestand geeft geen tijd").
    notes.retain(|n| {
        n.code != Finding::NotKeptValue || n.value.as_deref().is_none_or(|v| !v.trim().is_empty())
    });
    (offering, notes)
}

/// The search words, as many as an offering may have: another system's terms
/// become tags (noted as they are read), and a long taxonomy must not refuse
/// the whole file (walkthrough: 25 terms made a problem of an offering).
fn tags(found: &[String], notes: &mut Vec<Note>) -> Vec<String> {
    use crate::validate::{TAG_MAX, TAGS_MAX};
    let mut tags: Vec<String> = Vec::new();
    for tag in found.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if tag.chars().count() > TAG_MAX {
            notes.push(
                Note::new(
                    "attributes",
                    Finding::UnknownTerm,
                    format!("longer than a search word may be ({TAG_MAX} characters): not kept"),
                )
                .value(tag),
            );
        } else if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            tags.push(tag.to_string());
        }
    }
    if tags.len() > TAGS_MAX {
        let dropped = tags.split_off(TAGS_MAX);
        notes.push(
            Note::new(
                "attributes",
                Finding::TagsCapped,
                format!(
                    "at most {TAGS_MAX} search words: {} not kept ({})",
                    dropped.len(),
                    dropped.join(", ")
                ),
            )
            .value(dropped.len().to_string()),
        );
    }
    tags
}

/// What starts the line of another system's notes on its times in an imported
/// offering's description.
pub const SCHEDULE_NOTES_HEADING: &str = "Over de tijden:";

fn first_sentence(description: &str, name: &str) -> String {
    let text = description.trim();
    let end = text
        .find(['.', '!', '?', '\n'])
        .map_or(text.len(), |i| i + 1);
    let sentence: String = text[..end]
        .trim()
        .chars()
        .take(crate::validate::SUMMARY_MAX)
        .collect();
    if sentence.is_empty() {
        name.to_string()
    } else {
        sentence
    }
}

fn age(number: Option<&Number>, path: &str, notes: &mut Vec<Note>) -> Option<u8> {
    let n = number?.as_f64()?;
    if (0.0..=f64::from(u8::MAX)).contains(&n) {
        Some(n.round() as u8)
    } else {
        notes.push(
            Note::new(path, Finding::NotKeptValue, "not an age: not kept").value(n.to_string()),
        );
        None
    }
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}

/// "10:00", "10:00:00", "10:00Z", "10:00:00+01:00": the wall-clock part.
/// The wall-clock part to the minute, and whether an offset followed it.
fn time(text: &str) -> Option<(NaiveTime, bool)> {
    let text = text.trim();
    let clock: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let t = NaiveTime::parse_from_str(&clock, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(&clock, "%H:%M"))
        .ok()?;
    let t = NaiveTime::from_hms_opt(t.hour(), t.minute(), 0)?;
    Some((t, clock.len() < text.len()))
}

/// Our schedule from `s`; another system's notes on it go into `lost`, which
/// the offering's description takes (a schedule's own is short).
fn schedule(
    s: &super::types::Schedule,
    path: &str,
    ours: bool,
    notes: &mut Vec<Note>,
    lost: &mut Vec<String>,
) -> Option<Schedule> {
    let freq = match s.freq.as_deref() {
        Some("WEEKLY") => Frequency::Weekly,
        Some("MONTHLY") => Frequency::Monthly,
        _ => {
            notes.push(
                Note::new(
                    format!("{path}.freq"),
                    Finding::ScheduleDropped,
                    "neither WEEKLY nor MONTHLY: this schedule is not kept",
                )
                .value(s.freq.clone().unwrap_or_default()),
            );
            return None;
        }
    };
    // Parts of a rule the guide cannot hold are named in the report, for the
    // coordinator to set the schedule right; residents never read them
    // (walkthrough: "bymonthday=15" in a description).
    let count = s.count.as_ref().map(ToString::to_string);
    for (name, value) in [
        ("bymonthday", &s.bymonthday),
        ("byweekno", &s.byweekno),
        ("byyearday", &s.byyearday),
        ("wkst", &s.wkst),
        ("count", &count),
    ] {
        if let Some(value) = value {
            notes.push(
                Note::new(
                    format!("{path}.{name}"),
                    Finding::ScheduleRule,
                    format!("{name}={value} cannot be kept: set the schedule right in the guide"),
                )
                .value(format!("{name}={value}")),
            );
        }
    }
    let mut byday = Vec::new();
    for part in s.byday.iter().flat_map(|b| b.split(',')) {
        match ByDay::parse(part) {
            Some(day) => byday.push(day),
            None => notes.push(
                Note::new(
                    format!("{path}.byday"),
                    Finding::NotKeptValue,
                    format!("{part:?} is not a day: not kept"),
                )
                .value(part),
            ),
        }
    }
    let mut times = |field: &str, text: &Option<String>| {
        let text = text.as_deref()?;
        let here = format!("{path}.{field}");
        match time(text) {
            Some((t, false)) => Some(t),
            Some((t, true)) => {
                notes.push(
                    Note::new(
                        here,
                        Finding::TimeOffset,
                        "the offset is not kept: read as Amsterdam time",
                    )
                    .value(text),
                );
                Some(t)
            }
            None => {
                notes.push(
                    Note::new(here, Finding::NotKeptValue, "not a time: not kept").value(text),
                );
                None
            }
        }
    };
    let opens_at = times("opens_at", &s.opens_at);
    let closes_at = times("closes_at", &s.closes_at);
    // Our own export writes the exceptions into notes; they come back as
    // exceptions, so only another system's notes are kept as text, each once.
    if let Some(n) = s
        .notes
        .as_deref()
        .map(str::trim)
        .filter(|n| !ours && !n.is_empty())
    {
        notes.push(
            Note::new(
                format!("{path}.notes"),
                Finding::ScheduleNotes,
                "kept in the offering's description",
            )
            .value(n),
        );
        if !lost.iter().any(|l| l == n) {
            lost.push(n.to_string());
        }
    }
    let mut dates = |field: &str, text: &Option<String>| {
        let text = text.as_deref()?;
        let d = date(text);
        if d.is_none() {
            notes.push(
                Note::new(
                    format!("{path}.{field}"),
                    Finding::NotKeptValue,
                    "not a date: not kept",
                )
                .value(text),
            );
        }
        d
    };
    Some(Schedule {
        freq,
        interval: s
            .interval
            .as_ref()
            .and_then(Number::as_u64)
            .and_then(|i| u32::try_from(i).ok())
            .unwrap_or(1),
        byday,
        opens_at,
        closes_at,
        valid_from: dates("valid_from", &s.valid_from),
        valid_to: dates("valid_to", &s.valid_to),
        dtstart: dates("dtstart", &s.dtstart),
        until: dates("until", &s.until),
        description: s.description.clone(),
    })
}

/// The first physical place, whether it is online, the accessibility features
/// its descriptions name, and its other accessibility text.
fn place(
    service: &Service,
    notes: &mut Vec<Note>,
) -> (
    Option<Location>,
    bool,
    Vec<AccessibilityFeature>,
    Option<String>,
) {
    let mut location = None;
    let mut online = false;
    let mut features = Vec::new();
    let mut other = Vec::new();
    for (i, sal) in service.service_at_locations.iter().enumerate() {
        let Some(l) = &sal.location else { continue };
        if l.location_type == "virtual" {
            online = true;
            continue;
        }
        if location.is_some() {
            notes.push(Note::new(
                format!("service_at_locations[{i}]"),
                Finding::FirstOnly,
                "only the first place is kept",
            ));
            continue;
        }
        let address = l.addresses.first();
        let (latitude, longitude) =
            match (l.latitude, l.longitude) {
                (Some(lat), Some(lon)) if lat.abs() <= 90.0 && lon.abs() <= 180.0 => {
                    (Some(lat), Some(lon))
                }
                (None, None) => (None, None),
                _ => {
                    let part =
                        |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
                    notes.push(
                    Note::new(
                        format!("service_at_locations[{i}].location.latitude"),
                        Finding::NotKeptValue,
                        "not a place on Earth (latitude and longitude both, in range): not kept",
                    )
                    .value(format!("{}, {}", part(l.latitude), part(l.longitude))),
                );
                    (None, None)
                }
            };
        location = Some(Location {
            name: l.name.clone().unwrap_or_default(),
            address: address
                .map(|a| match &a.address_2 {
                    Some(more) => format!("{} {more}", a.address_1),
                    None => a.address_1.clone(),
                })
                .unwrap_or_default(),
            postcode: address.map(|a| a.postal_code.clone()).unwrap_or_default(),
            city: address.map(|a| a.city.clone()).unwrap_or_default(),
            neighbourhood: address.and_then(|a| a.region.clone()).unwrap_or_default(),
            latitude,
            longitude,
            transport: l.transportation.clone(),
        });
        for a in &l.accessibility {
            let text = a.description.as_deref().unwrap_or_default();
            let named = AccessibilityFeature::ALL.iter().copied().find(|f| {
                Lang::ALL
                    .iter()
                    .any(|&lang| f.label(lang).eq_ignore_ascii_case(text.trim()))
            });
            match named {
                Some(f) => features.push(f),
                None if !text.trim().is_empty() => other.push(text.trim().to_string()),
                None => {}
            }
        }
    }
    let note = (!other.is_empty()).then(|| other.join("; "));
    (location, online, features, note)
}

/// The first cost option as our cost; a second one only as text.
fn cost(service: &Service, notes: &mut Vec<Note>) -> (Cost, Option<String>) {
    let Some(first) = service.cost_options.first() else {
        // Residents read "Gratis": never without a word (walkthrough).
        notes.push(Note::new(
            "cost_options",
            Finding::NoCost,
            "no cost in the file: taken as free",
        ));
        return (Cost::Free, None);
    };
    let option = first.option.as_deref().unwrap_or_default().trim();
    let cents = first
        .amount
        .as_ref()
        .and_then(Number::as_f64)
        .map(|a| (a * 100.0).round())
        .filter(|c| (0.0..=f64::from(u32::MAX)).contains(c))
        .map(|c| c as u32)
        .unwrap_or(0);
    let matches = |label: &str| label.eq_ignore_ascii_case(option);
    let covered = option.strip_prefix("covered: ").and_then(|by| {
        CoveredBy::ALL.iter().copied().find(|c| {
            Lang::ALL
                .iter()
                .any(|&l| c.label(l).eq_ignore_ascii_case(by))
        })
    });
    let unit = CostUnit::ALL
        .iter()
        .copied()
        .find(|u| u.code() == option || Lang::ALL.iter().any(|&l| matches(u.label(l))));
    let cost = match (covered, unit, cents) {
        (Some(by), _, _) => Cost::Covered { by },
        (None, _, 0) => Cost::Free,
        (None, Some(unit), amount_cents) => Cost::Paid { amount_cents, unit },
        (None, None, amount_cents) => {
            // The price as the file gives it, not the option ("paid"):
            // that is what the coordinator looks for (walkthrough).
            // Two decimals, as money (walkthrough: "3.50" noted as "3.5");
            // the report says it in the reader's language (`report::money`).
            let amount = first.amount.as_ref().map(|a| {
                a.as_f64()
                    .map_or_else(|| a.to_string(), |a| format!("{a:.2}"))
            });
            let currency = first.currency.as_deref().map(str::trim);
            let price = [amount.as_deref(), currency]
                .into_iter()
                .flatten()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            notes.push(
                Note::new(
                    "cost_options[0].amount",
                    Finding::CostUnit,
                    "no unit the guide knows: taken as per session",
                )
                .value(price),
            );
            Cost::Paid {
                amount_cents,
                unit: CostUnit::PerSession,
            }
        }
    };
    let rest: Vec<String> = service
        .cost_options
        .iter()
        .skip(1)
        .map(|c| {
            let amount = c
                .amount
                .as_ref()
                .map(|a| format!(" {a}"))
                .unwrap_or_default();
            format!("{}{amount}", c.option.as_deref().unwrap_or_default())
        })
        .collect();
    if !rest.is_empty() {
        notes.push(Note::new(
            "cost_options",
            Finding::FirstOnly,
            "only the first cost option is kept as the cost; the others go into the cost note",
        ));
    }
    (cost, (!rest.is_empty()).then(|| rest.join("; ")))
}

/// The note when an organization names no kind of ours (it is taken as welfare,
/// unless the guide already has the organisation: then its kind stays).
pub const NO_ORGANISATION_KIND: &str = "no organisation kind: taken as welfare";

/// An organisation from `org`, with what could not be kept.
pub fn organisation_from_organization(org: &Organization) -> (Organisation, Vec<Note>) {
    let mut notes = Vec::new();
    for key in org.other.keys() {
        notes.push(Note::new(
            key.clone(),
            Finding::NotKeptField,
            "not kept: Wijkgids has no such field",
        ));
    }
    let terms = Terms::read(&org.attributes, "", ORGANIZATION_VOCABS, &mut notes);
    let kind = terms.one(Vocab::OrganisationKind).unwrap_or_else(|| {
        notes.push(Note::new(
            "attributes",
            Finding::NoOrganisationKind,
            NO_ORGANISATION_KIND,
        ));
        OrganisationKind::Welfare
    });
    let kvk = org
        .organization_identifiers
        .iter()
        .find(|i| i.identifier_scheme.as_deref() == Some(KVK_SCHEME))
        .map(|i| i.identifier.clone());
    if org.organization_identifiers.len() > usize::from(kvk.is_some()) {
        notes.push(Note::new(
            "organization_identifiers",
            Finding::FirstOnly,
            "only a KvK number (NL-KVK) is kept",
        ));
    }
    let organisation = Organisation {
        id: org.id,
        version: 0,
        name: org.name.clone(),
        description: org.description.clone(),
        kind,
        website: org.website.clone(),
        email: org.email.clone(),
        phone: org.phones.first().map(|p| p.number.clone()),
        kvk,
    };
    (organisation, notes)
}

/// The organisations a guide holds, by KvK number and by name, to find another
/// system's organisation (whose id the guide does not know) among them.
#[derive(Debug, Default)]
pub struct KnownOrganisations {
    all: Vec<Organisation>,
    /// KvK number (digits) → positions in `all`.
    by_kvk: std::collections::HashMap<String, Vec<usize>>,
    /// Folded name → positions in `all`.
    by_name: std::collections::HashMap<String, Vec<usize>>,
}

impl KnownOrganisations {
    pub fn new(all: Vec<Organisation>) -> KnownOrganisations {
        let mut known = KnownOrganisations::default();
        for (i, o) in all.iter().enumerate() {
            if let Some(kvk) = o.kvk.as_deref().map(kvk_digits).filter(|k| !k.is_empty()) {
                known.by_kvk.entry(kvk).or_default().push(i);
            }
            known.by_name.entry(name_key(&o.name)).or_default().push(i);
        }
        known.all = all;
        known
    }

    /// The organisation `candidate` is: the one with its KvK number, else the
    /// only one with its name (case, spaces and accents aside), and how it was
    /// found. Two with the same name match none: a wrong link is worse than a
    /// second record.
    pub fn matching(&self, candidate: &Organisation) -> Option<(&Organisation, super::Finding)> {
        let only = |found: Option<&Vec<usize>>| match found.map(Vec::as_slice) {
            Some([i]) => Some(&self.all[*i]),
            _ => None,
        };
        let kvk = candidate
            .kvk
            .as_deref()
            .map(kvk_digits)
            .filter(|k| !k.is_empty());
        if let Some(found) = kvk.and_then(|kvk| only(self.by_kvk.get(&kvk))) {
            return Some((found, super::Finding::LinkedByKvk));
        }
        let name = name_key(&candidate.name);
        if name.is_empty() {
            return None;
        }
        only(self.by_name.get(&name)).map(|found| (found, super::Finding::LinkedByName))
    }
}

fn kvk_digits(kvk: &str) -> String {
    kvk.chars().filter(char::is_ascii_digit).collect()
}

/// A name as it is compared: lower case, without accents, one space between words.
pub fn name_key(name: &str) -> String {
    crate::search::fold(name)
}

/// What a file leaves out of an offering the guide has stays as stored
/// (walkthrough: a re-import took the theme a coordinator had ticked, and with
/// it the offering, out of the guide): vocabularies the file gives none of
/// (themes, health dimensions, audiences, accessibility, tags), a summary, kind
/// way to sign up or cost it does not give, the date it was checked, a title
/// when it gives an empty name (noted). The notes that
/// said what was assumed instead are dropped for what was kept.
pub fn keep_stored_offering(
    imported: &mut Offering,
    stored: &Offering,
    notes: Vec<Note>,
) -> Vec<Note> {
    fn keep<T: Clone>(field: &mut Vec<T>, stored: &[T]) {
        if field.is_empty() {
            field.extend_from_slice(stored);
        }
    }
    keep(&mut imported.themes, &stored.themes);
    keep(&mut imported.health_dimensions, &stored.health_dimensions);
    keep(&mut imported.audience, &stored.audience);
    keep(&mut imported.accessibility, &stored.accessibility);
    keep(&mut imported.tags, &stored.tags);
    if imported.checked_on.is_none() {
        imported.checked_on = stored.checked_on;
    }
    let mut notes = notes;
    // A name the file leaves empty: the guide's title stays, also of a draft
    // (a live offering's keep_live would keep it too), and says so.
    if imported.title.trim().is_empty() && !stored.title.trim().is_empty() {
        imported.title.clone_from(&stored.title);
        notes.push(Note::new(
            "name",
            Finding::KeptStored,
            "no name in the file: the guide's title kept",
        ));
    }
    // A live offering's phone, e-mail or website that the file leaves empty
    // or out: the guide's stays, and the report says so (walkthrough: a
    // re-import of a published offering with an empty phone took its phone,
    // e-mail and website out of the guide, said only as "Wijzigt").
    let live = |s: Status| matches!(s, Status::Published | Status::Paused);
    if live(stored.status) && live(imported.status) {
        let absent = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
        let contact = &mut imported.contact;
        let was = &stored.contact;
        for (field, stored, path, what) in [
            (&mut contact.phone, &was.phone, "phones", "phone"),
            (&mut contact.email, &was.email, "email", "e-mail"),
            (&mut contact.website, &was.website, "url", "website"),
        ] {
            if absent(field) && !absent(stored) {
                field.clone_from(stored);
                notes.push(Note::new(
                    path,
                    Finding::KeptStored,
                    format!("no {what} in the file: the guide's {what} kept"),
                ));
            }
        }
    }
    let said = |code: Finding| !notes.iter().any(|n| n.code == code);
    let mut kept = Vec::new();
    if !said(Finding::NoSummary) && !stored.summary.trim().is_empty() {
        imported.summary.clone_from(&stored.summary);
        kept.push(Finding::NoSummary);
    }
    if !said(Finding::NoKind) {
        imported.kind = stored.kind;
        kept.push(Finding::NoKind);
    }
    if !said(Finding::NoSignUp) {
        imported.sign_up = stored.sign_up;
        kept.push(Finding::NoSignUp);
    }
    if !said(Finding::NoCost) {
        imported.cost = stored.cost.clone();
        kept.push(Finding::NoCost);
    }
    notes
        .into_iter()
        .filter(|n| !kept.contains(&n.code))
        .collect()
}

/// An organisation the file names by KvK number or name, not by the guide's
/// id: the file only fills what the guide has empty, never overwrites it
/// (walkthrough: a description that was just the name replaced the guide's).
pub fn fill_stored_organisation(imported: &Organisation, stored: &Organisation) -> Organisation {
    let fill = |stored: &Option<String>, imported: &Option<String>| {
        stored
            .clone()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| imported.clone())
    };
    Organisation {
        id: stored.id,
        version: stored.version,
        name: stored.name.clone(),
        description: if stored.description.trim().is_empty() {
            imported.description.clone()
        } else {
            stored.description.clone()
        },
        kind: stored.kind,
        website: fill(&stored.website, &imported.website),
        email: fill(&stored.email, &imported.email),
        phone: fill(&stored.phone, &imported.phone),
        kvk: fill(&stored.kvk, &imported.kvk),
    }
}

/// The tables of the tabular form (by their datapackage resource name) that
/// carry something of an offering besides `services.csv`: a file of one of
/// them not given means "not said", never "none".
pub const OFFERING_TABLES: &[&str] = &[
    "service_at_location",
    "location",
    "address",
    "phone",
    "schedule",
    "language",
    "cost_option",
    "contact",
    "attribute",
    "accessibility",
];

/// What the files of `missing` (tables of [`OFFERING_TABLES`]) would have
/// carried of an offering stays as the guide has it (walkthrough: importing
/// only `services.csv` emptied places, addresses, phones and times).
pub fn keep_unsaid(imported: &mut Offering, stored: &Offering, missing: &[&str]) {
    let gone = |table: &str| missing.contains(&table);
    if gone("service_at_location")
        || gone("location")
        || imported.location.is_none() && gone("address")
    {
        imported.location.clone_from(&stored.location);
        imported.online = stored.online;
    } else if gone("address")
        && let (Some(place), Some(was)) = (imported.location.as_mut(), stored.location.as_ref())
    {
        place.address.clone_from(&was.address);
        place.postcode.clone_from(&was.postcode);
        place.city.clone_from(&was.city);
        place.neighbourhood.clone_from(&was.neighbourhood);
    }
    let keep = |field: &mut Option<String>, was: &Option<String>| {
        if field.is_none() {
            field.clone_from(was);
        }
    };
    if gone("phone") {
        keep(&mut imported.contact.phone, &stored.contact.phone);
    }
    if gone("contact") {
        keep(&mut imported.contact.name, &stored.contact.name);
        keep(&mut imported.contact.email, &stored.contact.email);
        keep(&mut imported.contact.phone, &stored.contact.phone);
    }
    if gone("schedule") {
        imported.schedules.clone_from(&stored.schedules);
    }
    if gone("language") {
        imported.languages.clone_from(&stored.languages);
    }
    if gone("cost_option") {
        imported.cost = stored.cost.clone();
    }
    if gone("accessibility") {
        keep(&mut imported.accessibility_note, &stored.accessibility_note);
    }
    if gone("attribute") {
        imported.exceptions.clone_from(&stored.exceptions);
        imported.by_appointment = stored.by_appointment;
        imported.at_home = stored.at_home;
        keep(&mut imported.accessibility_note, &stored.accessibility_note);
        if let Some(en) = stored.translations.get(Lang::En.code()) {
            imported
                .translations
                .entry(Lang::En.code().to_string())
                .or_insert_with(|| en.clone());
        }
    }
}

/// An offering residents see stays live when the file says it is active but
/// leaves it incomplete for the guide: the fields of `problems` (what would
/// make it a draft) keep the guide's values; with those fields. `None` when it
/// was not live, the file says it is not active, or a problem is not of a field.
pub fn keep_live(
    imported: &Offering,
    stored: &Offering,
    problems: &[crate::validate::Problem],
) -> Option<(Offering, Vec<String>)> {
    let live = |s: Status| matches!(s, Status::Published | Status::Paused);
    if !live(stored.status) || !live(imported.status) {
        return None;
    }
    let mut json = serde_json::to_value(imported).ok()?;
    let was = serde_json::to_value(stored).ok()?;
    let mut fields: Vec<String> = Vec::new();
    for p in problems {
        let top = p.field.split(['.', '[']).next().unwrap_or_default();
        if top.is_empty() || top == "$" {
            return None;
        }
        if !fields.iter().any(|f| f == top) {
            json[top] = was.get(top).cloned().unwrap_or(Value::Null);
            fields.push(top.to_string());
        }
    }
    serde_json::from_value(json).ok().map(|o| (o, fields))
}
