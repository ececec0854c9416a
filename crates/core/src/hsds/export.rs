//! Offering → `service`, organisation → `organization`: public data only.

use chrono::{NaiveDate, NaiveTime, Offset, TimeZone};
use serde_json::Number;
use uuid::Uuid;

use super::taxonomy::{NAMESPACE, Vocab};
use super::types::{
    Accessibility, Address, Attribute, Contact, CostOption, Language, Location, Organization,
    OrganizationIdentifier, Phone, Schedule, Service, ServiceAtLocation,
};
use super::{Finding, Note, public_offering, status_code};
use crate::model::{Cost, Offering, Organisation};
use crate::schedule::{Frequency, TIME_ZONE};
use crate::vocab::{AccessibilityFeature, Lang, Vocabulary};

/// The id of something nested in `parent` (a phone, a schedule): derived, so the
/// same record always exports the same ids.
pub(super) fn child_id(parent: Uuid, what: &str) -> Uuid {
    Uuid::new_v5(&parent, what.as_bytes())
}

/// A place gets one id for all its offerings when they describe it alike
/// (address, coordinates, how to get there, accessibility): derived from all of
/// it, so two offerings never give one location id different contents.
pub fn location_id(place: &crate::model::Location, accessibility: &[AccessibilityFeature]) -> Uuid {
    let mut codes: Vec<&str> = accessibility.iter().map(|a| a.code()).collect();
    codes.sort_unstable();
    let key = serde_json::json!(["location", place, codes]).to_string();
    Uuid::new_v5(&NAMESPACE, key.as_bytes())
}

/// The taxonomy terms of `o`'s coded fields (kind, themes, health dimensions,
/// audiences, accessibility, sign-up), as its attributes name them.
pub fn coded_terms(o: &Offering) -> Vec<(Vocab, &'static str)> {
    let mut terms = vec![(Vocab::OfferingKind, o.kind.code())];
    terms.extend(o.themes.iter().map(|t| (Vocab::Theme, t.code())));
    terms.extend(
        o.health_dimensions
            .iter()
            .map(|d| (Vocab::HealthDimension, d.code())),
    );
    terms.extend(o.audience.iter().map(|a| (Vocab::Audience, a.code())));
    terms.extend(
        o.accessibility
            .iter()
            .map(|a| (Vocab::Accessibility, a.code())),
    );
    terms.push((Vocab::SignUp, o.sign_up.code()));
    terms
}

/// Every attribute `o` has: vocabulary, term code, the extension's value, and
/// its index among values of that term.
pub fn attribute_terms(o: &Offering) -> Vec<(Vocab, &'static str, Option<String>, usize)> {
    let mut out: Vec<_> = coded_terms(o)
        .into_iter()
        .map(|(vocab, code)| (vocab, code, None, 0))
        .collect();
    let mut ext = |code: &'static str, values: Vec<String>| {
        for (i, value) in values.into_iter().enumerate() {
            out.push((Vocab::Extension, code, Some(value), i));
        }
    };
    ext("summary", vec![o.summary.clone()]);
    ext("tag", o.tags.clone());
    ext(
        "exception",
        o.exceptions
            .iter()
            .map(|e| serde_json::to_string(e).expect("plain data"))
            .collect(),
    );
    let yes = |b: bool| b.then(|| "true".to_string()).into_iter().collect();
    ext("by_appointment", yes(o.by_appointment));
    ext("at_home", yes(o.at_home));
    ext(
        "accessibility_note",
        o.accessibility_note.iter().cloned().collect(),
    );
    if let Some(t) = o.translations.get(Lang::En.code()) {
        ext("title_en", vec![t.title.clone()]);
        ext("summary_en", vec![t.summary.clone()]);
        ext("description_en", t.description.iter().cloned().collect());
    }
    out
}

/// `offering` as a fully nested HSDS service, with what HSDS cannot say plainly;
/// `None` unless an anonymous reader may see it (the public projection is
/// what is mapped, so referral details never leave).
pub fn service(
    offering: &Offering,
    organisation: Option<&Organisation>,
) -> Option<(Service, Vec<Note>)> {
    let o = public_offering(offering)?;
    let mut notes = Vec::new();
    let mut attributes = Vec::new();
    let mut attr = |vocab: Vocab, code: &str, value: Option<String>, index: usize| {
        let term = vocab.term(code).expect("a code of the vocabulary");
        attributes.push(Attribute {
            id: child_id(o.id, &format!("attribute/{}/{code}/{index}", vocab.key())),
            link_id: Some(o.id),
            taxonomy_term_id: Some(term.id),
            link_type: Some(vocab.key().into()),
            link_entity: Some("service".into()),
            value,
            taxonomy_term: Some(term),
        });
    };
    for (vocab, code, value, index) in attribute_terms(&o) {
        attr(vocab, code, value, index);
    }
    if !o.exceptions.is_empty() {
        notes.push(Note::new(
            "exceptions",
            Finding::Export,
            "HSDS has no dated exceptions: written in each schedule's notes and as extension attributes",
        ));
    }
    for lang in o.translations.keys().filter(|l| *l != Lang::En.code()) {
        notes.push(Note::new(
            format!("translations.{lang}"),
            Finding::Export,
            "only English translations are exported",
        ));
    }

    let closures = exceptions_text(&o);
    let schedules = o
        .schedules
        .iter()
        .enumerate()
        .map(|(i, s)| schedule(o.id, i, s, closures.clone()))
        .collect();
    if !o.schedules.is_empty() {
        notes.push(Note::new(
            "schedules",
            Finding::Export,
            "times are Europe/Amsterdam wall-clock times; HSDS has only a fixed UTC offset (`timezone`, at the first date)",
        ));
    }

    let service = Service {
        id: o.id,
        organization_id: o.organisation_id,
        name: o.title.clone(),
        description: Some(o.description.clone()).filter(|d| !d.is_empty()),
        url: o.contact.website.clone(),
        email: o.contact.email.clone(),
        status: status_code(o.status).into(),
        application_process: o.how_to_join.clone(),
        fees_description: o.cost_note.clone(),
        eligibility_description: o.eligibility.clone(),
        minimum_age: o.min_age.map(Number::from),
        maximum_age: o.max_age.map(Number::from),
        assured_date: o.checked_on.map(|d| d.to_string()),
        alert: o.alert.clone(),
        last_modified: o
            .updated_at
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        phones: o
            .contact
            .phone
            .iter()
            .map(|number| Phone {
                id: child_id(o.id, "phone"),
                service_id: Some(o.id),
                number: number.clone(),
                ..Phone::default()
            })
            .collect(),
        schedules,
        service_at_locations: service_at_locations(&o),
        languages: o
            .languages
            .iter()
            .map(|l| Language {
                id: child_id(o.id, &format!("language/{}", l.code())),
                service_id: Some(o.id),
                name: Some(l.label(Lang::En).into()),
                code: Some(super::language_code_out(*l).into()),
            })
            .collect(),
        organization: organisation.map(organization),
        cost_options: vec![cost_option(o.id, &o.cost)],
        contacts: o
            .contact
            .name
            .iter()
            .map(|name| Contact {
                id: child_id(o.id, "contact"),
                service_id: Some(o.id),
                name: Some(name.clone()),
                ..Contact::default()
            })
            .collect(),
        attributes,
        other: Default::default(),
    };
    Some((service, notes))
}

fn cost_option(id: Uuid, cost: &Cost) -> CostOption {
    let (option, amount) = match cost {
        Cost::Free => ("free".to_string(), 0),
        Cost::Paid { amount_cents, unit } => (unit.label(Lang::En).to_string(), *amount_cents),
        Cost::Covered { by } => (format!("covered: {}", by.label(Lang::En)), 0),
    };
    CostOption {
        id: child_id(id, "cost_option"),
        service_id: Some(id),
        option: Some(option),
        currency: Some("EUR".into()),
        // Cents as euros: 550 → 5.5 (read back rounded to the cent).
        amount: Number::from_f64(f64::from(amount) / 100.0),
        amount_description: Some(crate::money::cost_text(cost, Lang::Nl)),
    }
}

/// The offering's dated exceptions as one line of text (schedule `notes`).
fn exceptions_text(o: &Offering) -> Option<String> {
    let lines: Vec<String> = o
        .exceptions
        .iter()
        .map(|e| {
            let what = if e.closed {
                "gesloten".to_string()
            } else {
                match (e.opens_at, e.closes_at) {
                    (Some(a), Some(b)) => format!("{}-{}", hhmm(a), hhmm(b)),
                    (Some(a), None) => format!("vanaf {}", hhmm(a)),
                    _ => "andere tijden".to_string(),
                }
            };
            match &e.note {
                Some(note) => format!("{}: {what} ({note})", e.date),
                None => format!("{}: {what}", e.date),
            }
        })
        .collect();
    (!lines.is_empty()).then(|| format!("Uitzonderingen: {}.", lines.join("; ")))
}

pub(super) fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn schedule(
    id: Uuid,
    index: usize,
    s: &crate::schedule::Schedule,
    notes: Option<String>,
) -> Schedule {
    let anchor = s.dtstart.or(s.valid_from);
    Schedule {
        id: child_id(id, &format!("schedule/{index}")),
        service_id: Some(id),
        valid_from: s.valid_from.map(|d| d.to_string()),
        valid_to: s.valid_to.map(|d| d.to_string()),
        dtstart: s.dtstart.map(|d| d.to_string()),
        timezone: anchor.and_then(utc_offset_hours),
        until: s.until.map(|d| d.to_string()),
        freq: Some(
            match s.freq {
                Frequency::Weekly => "WEEKLY",
                Frequency::Monthly => "MONTHLY",
            }
            .into(),
        ),
        interval: Some(Number::from(s.interval)),
        byday: Some(
            s.byday
                .iter()
                .map(|d| d.to_rfc5545())
                .collect::<Vec<_>>()
                .join(","),
        )
        .filter(|b| !b.is_empty()),
        description: s.description.clone(),
        opens_at: s.opens_at.map(hhmm),
        closes_at: s.closes_at.map(hhmm),
        notes,
        ..Schedule::default()
    }
}

/// Amsterdam's offset from UTC on `date` at noon, in hours (1 or 2).
fn utc_offset_hours(date: NaiveDate) -> Option<Number> {
    let noon = date.and_hms_opt(12, 0, 0)?;
    let local = TIME_ZONE.from_local_datetime(&noon).single()?;
    let seconds = local.offset().fix().local_minus_utc();
    Some(Number::from(seconds / 3600))
}

/// The ids of `o`'s service_at_locations: its place, then online.
pub fn service_at_location_ids(o: &Offering) -> Vec<Uuid> {
    let mut ids = Vec::new();
    if o.location.is_some() {
        ids.push(child_id(o.id, "service_at_location/physical"));
    }
    if o.online {
        ids.push(child_id(o.id, "service_at_location/virtual"));
    }
    ids
}

fn service_at_locations(o: &Offering) -> Vec<ServiceAtLocation> {
    let ids = service_at_location_ids(o);
    let mut out = Vec::new();
    if let Some(place) = &o.location {
        let location_id = location_id(place, &o.accessibility);
        let addresses = if place.address.trim().is_empty() {
            vec![]
        } else {
            vec![Address {
                id: child_id(location_id, "address"),
                location_id: Some(location_id),
                address_1: place.address.clone(),
                city: place.city.clone(),
                region: Some(place.neighbourhood.clone()).filter(|n| !n.is_empty()),
                postal_code: place.postcode.clone(),
                country: "NL".into(),
                address_type: "physical".into(),
                ..Address::default()
            }]
        };
        out.push(ServiceAtLocation {
            id: ids[0],
            service_id: Some(o.id),
            location_id: Some(location_id),
            description: None,
            location: Some(Location {
                id: location_id,
                location_type: "physical".into(),
                name: Some(place.name.clone()).filter(|n| !n.is_empty()),
                transportation: place.transport.clone(),
                latitude: place.latitude,
                longitude: place.longitude,
                addresses,
                accessibility: o
                    .accessibility
                    .iter()
                    .map(|a| Accessibility {
                        id: child_id(location_id, &format!("accessibility/{}", a.code())),
                        location_id: Some(location_id),
                        description: Some(a.label(Lang::En).into()),
                        details: Some(a.label(Lang::Nl).into()),
                    })
                    .collect(),
                ..Location::default()
            }),
            service: None,
        });
    }
    if o.online {
        let location_id = child_id(o.id, "location/virtual");
        out.push(ServiceAtLocation {
            id: *ids.last().expect("online has an id"),
            service_id: Some(o.id),
            location_id: Some(location_id),
            description: Some("Online".into()),
            location: Some(Location {
                id: location_id,
                location_type: "virtual".into(),
                url: o.contact.website.clone(),
                name: Some("Online".into()),
                ..Location::default()
            }),
            service: None,
        });
    }
    out
}

/// `organisation` as a fully nested HSDS organization (without its services).
pub fn organization(org: &Organisation) -> Organization {
    let kind = Vocab::OrganisationKind
        .term(org.kind.code())
        .expect("a code of the vocabulary");
    Organization {
        id: org.id,
        name: org.name.clone(),
        description: org.description.clone(),
        email: org.email.clone(),
        website: org.website.clone(),
        phones: org
            .phone
            .iter()
            .map(|number| Phone {
                id: child_id(org.id, "phone"),
                organization_id: Some(org.id),
                number: number.clone(),
                ..Phone::default()
            })
            .collect(),
        organization_identifiers: org
            .kvk
            .iter()
            .map(|kvk| OrganizationIdentifier {
                id: child_id(org.id, "organization_identifier/kvk"),
                organization_id: Some(org.id),
                identifier_scheme: Some(super::KVK_SCHEME.into()),
                identifier_type: "KvK-nummer".into(),
                identifier: kvk.clone(),
            })
            .collect(),
        attributes: vec![Attribute {
            id: child_id(
                org.id,
                &format!("attribute/organisation_kind/{}/0", org.kind.code()),
            ),
            link_id: Some(org.id),
            taxonomy_term_id: Some(kind.id),
            link_type: Some(Vocab::OrganisationKind.key().into()),
            link_entity: Some("organization".into()),
            value: None,
            taxonomy_term: Some(kind),
        }],
        services: vec![],
        other: Default::default(),
    }
}
