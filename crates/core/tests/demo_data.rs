//! The demo neighbourhood is realistic, complete and valid: every vocabulary term is
//! used, every reference resolves, every contact point is fictional and every record
//! passes validation. These tests are what make `demo::neighbourhood()` safe to call.

use std::collections::HashSet;
use std::hash::Hash;

use chrono::{Datelike, Days, NaiveDate};
use wijkgids_core::demo::{Neighbourhood, neighbourhood};
use wijkgids_core::model::{Cost, Offering};
use wijkgids_core::schedule::Frequency;
use wijkgids_core::validate::{
    Problem, is_valid_postcode, validate_offering, validate_organisation, validate_professional,
};
use wijkgids_core::vocab::{Language, Status, Vocabulary};

const BUURTEN: [&str; 5] = [
    "Oude Kern",
    "Molenkamp",
    "Beekzijde",
    "Vlonderhof",
    "De Esch",
];
const FICTIONAL_DOMAINS: [&str; 3] = ["example.org", "example.com", "example.net"];
const FICTIONAL_PHONE_PREFIXES: [&str; 2] = ["0577 55 ", "06 8000 "];

fn demo() -> Neighbourhood {
    match neighbourhood() {
        Ok(n) => n,
        Err(e) => panic!("demo data does not parse: {e}"),
    }
}

fn assert_all_used<V: Vocabulary + Eq + Hash>(used: impl IntoIterator<Item = V>) {
    let used: HashSet<V> = used.into_iter().collect();
    let missing: Vec<&str> = V::ALL
        .iter()
        .filter(|term| !used.contains(term))
        .map(|term| term.code())
        .collect();
    assert!(missing.is_empty(), "{} never used: {missing:?}", V::NAME);
}

fn assert_valid(what: &str, name: &str, problems: Vec<Problem>) {
    assert!(
        problems.is_empty(),
        "{what} {name:?} is invalid: {problems:#?}"
    );
}

fn is_fictional_host(host: &str) -> bool {
    FICTIONAL_DOMAINS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

fn is_fictional_website(url: &str) -> bool {
    let rest = url.strip_prefix("https://").unwrap_or_default();
    is_fictional_host(rest.split('/').next().unwrap_or_default())
}

fn is_fictional_email(email: &str) -> bool {
    email
        .rsplit_once('@')
        .is_some_and(|(_, host)| is_fictional_host(host))
}

fn is_fictional_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    FICTIONAL_PHONE_PREFIXES
        .iter()
        .any(|p| phone.starts_with(p))
        && digits == 10
}

#[test]
fn is_big_enough_to_be_useful() {
    let n = demo();
    assert!(!n.name.is_empty());
    assert!(n.offerings.len() >= 150, "{} offerings", n.offerings.len());
    assert!(
        n.organisations.len() >= 30,
        "{} organisations",
        n.organisations.len()
    );
    assert!(
        n.professionals.len() >= 40,
        "{} professionals",
        n.professionals.len()
    );
}

#[test]
fn uses_every_term_of_the_vocabularies() {
    let n = demo();
    let o = &n.offerings;
    assert_all_used(o.iter().flat_map(|o| o.themes.iter().copied()));
    assert_all_used(o.iter().flat_map(|o| o.health_dimensions.iter().copied()));
    assert_all_used(o.iter().flat_map(|o| o.audience.iter().copied()));
    assert_all_used(o.iter().flat_map(|o| o.accessibility.iter().copied()));
    assert_all_used(o.iter().map(|o| o.kind));
    assert_all_used(o.iter().map(|o| o.sign_up));
    assert_all_used(o.iter().map(|o| o.status));
    assert_all_used(o.iter().filter_map(|o| match o.cost {
        Cost::Covered { by } => Some(by),
        _ => None,
    }));
    assert_all_used(o.iter().filter_map(|o| match o.cost {
        Cost::Paid { unit, .. } => Some(unit),
        _ => None,
    }));
    assert!(o.iter().any(|o| o.cost == Cost::Free));
    assert_all_used(n.organisations.iter().map(|o| o.kind));
    assert_all_used(n.professionals.iter().map(|p| p.role));
}

#[test]
fn serves_every_age_from_toddlers_to_seniors() {
    let o = demo().offerings;
    let has = |test: &dyn Fn(&Offering) -> bool| o.iter().any(test);
    assert!(has(&|o| o.max_age.is_some_and(|a| a <= 4)), "toddlers");
    assert!(has(&|o| o.max_age.is_some_and(|a| a <= 12)), "children");
    assert!(
        has(&|o| o.min_age.is_some_and(|a| a >= 12) && o.max_age.is_some_and(|a| a <= 23)),
        "youth"
    );
    assert!(
        has(&|o| o.min_age == Some(18) && o.max_age.is_none()),
        "adults"
    );
    assert!(has(&|o| o.min_age.is_some_and(|a| a >= 65)), "seniors");
    assert!(
        has(&|o| o.min_age.is_none() && o.max_age.is_none()),
        "everyone"
    );
}

#[test]
fn speaks_mostly_dutch_and_some_other_languages() {
    let o = demo().offerings;
    let dutch = o
        .iter()
        .filter(|o| o.languages.contains(&Language::Dutch))
        .count();
    assert!(
        dutch * 10 >= o.len() * 9,
        "only {dutch} of {} in Dutch",
        o.len()
    );
    let others: HashSet<Language> = o.iter().flat_map(|o| o.languages.iter().copied()).collect();
    assert!(others.len() >= 8, "{others:?}");
}

#[test]
fn ids_are_unique_and_references_resolve() {
    let n = demo();
    let ids = n
        .organisations
        .iter()
        .map(|o| o.id)
        .chain(n.professionals.iter().map(|p| p.id))
        .chain(n.offerings.iter().map(|o| o.id));
    let mut seen = HashSet::new();
    for id in ids {
        assert!(seen.insert(id), "duplicate id {id}");
    }
    let organisations: HashSet<_> = n.organisations.iter().map(|o| o.id).collect();
    let offerings = n.offerings.iter().map(|o| (&o.title, o.organisation_id));
    let professionals = n.professionals.iter().map(|p| (&p.name, p.organisation_id));
    for (name, org) in offerings.chain(professionals) {
        let known = org.is_some_and(|org| organisations.contains(&org));
        assert!(known, "{name}: no or an unknown organisation");
    }
    let with_offerings: HashSet<_> = n
        .offerings
        .iter()
        .filter_map(|o| o.organisation_id)
        .collect();
    assert_eq!(
        with_offerings, organisations,
        "an organisation without offerings"
    );
}

#[test]
fn every_record_passes_validation() {
    let n = demo();
    for o in &n.organisations {
        assert_valid("organisation", &o.name, validate_organisation(o));
    }
    for p in &n.professionals {
        assert_valid("professional", &p.name, validate_professional(p));
    }
    for o in &n.offerings {
        assert_valid("offering", &o.title, validate_offering(o));
    }
}

#[test]
fn every_contact_point_is_fictional() {
    let n = demo();
    let mut emails = Vec::new();
    let mut phones = Vec::new();
    let mut websites = Vec::new();
    for o in &n.organisations {
        emails.extend(o.email.clone());
        phones.extend(o.phone.clone());
        websites.extend(o.website.clone());
        assert!(o.kvk.as_ref().is_none_or(|k| k.len() == 8), "{}", o.name);
    }
    for p in &n.professionals {
        emails.extend(p.email.clone());
        phones.extend(p.phone.clone());
    }
    for o in &n.offerings {
        emails.extend(o.contact.email.clone());
        phones.extend(o.contact.phone.clone());
        websites.extend(o.contact.website.clone());
        if let Some(r) = &o.referral {
            emails.extend(r.contact_email.clone());
            phones.extend(r.contact_phone.clone());
        }
    }
    for e in &emails {
        assert!(is_fictional_email(e), "e-mail outside example domains: {e}");
    }
    for w in &websites {
        assert!(
            is_fictional_website(w),
            "website outside example domains: {w}"
        );
    }
    for p in &phones {
        assert!(
            is_fictional_phone(p),
            "phone outside the invented ranges: {p}"
        );
    }
    assert!(emails.len() > 100 && phones.len() > 100 && websites.len() > 30);
}

#[test]
fn every_offering_has_an_english_title_and_summary() {
    for o in demo().offerings {
        let en = o.translations.get("en");
        assert!(
            en.is_some_and(|t| !t.title.trim().is_empty() && !t.summary.trim().is_empty()),
            "{} has no English title and summary",
            o.title
        );
    }
}

#[test]
fn every_published_offering_says_when() {
    for o in demo()
        .offerings
        .iter()
        .filter(|o| o.status == Status::Published)
    {
        assert!(
            !o.schedules.is_empty() || o.by_appointment || o.online,
            "{} has no schedule, is not by appointment and not online",
            o.title
        );
    }
}

#[test]
fn has_schedules_of_every_shape() {
    let o = demo().offerings;
    let schedules: Vec<_> = o.iter().flat_map(|o| &o.schedules).collect();
    let any =
        |test: &dyn Fn(&&wijkgids_core::schedule::Schedule) -> bool| schedules.iter().any(test);
    assert!(any(&|s| s.freq == Frequency::Weekly && s.interval == 1));
    assert!(any(&|s| s.interval == 2 && s.dtstart.is_some()), "biweekly");
    assert!(
        any(&|s| s.byday.iter().any(|d| d.ordinal.is_some_and(|n| n > 0))),
        "1SA"
    );
    assert!(
        any(&|s| s.byday.iter().any(|d| d.ordinal.is_some_and(|n| n < 0))),
        "-1FR"
    );
    assert!(
        any(&|s| s.valid_from.is_some() && s.valid_to.is_some()),
        "seasonal"
    );
    let exceptions: Vec<_> = o.iter().flat_map(|o| &o.exceptions).collect();
    assert!(exceptions.iter().any(|e| e.closed), "closed days");
    assert!(
        exceptions.iter().any(|e| !e.closed && e.opens_at.is_some()),
        "extra dates"
    );
    assert!(o.iter().any(|o| o.by_appointment));
    assert!(o.iter().any(|o| o.online && o.location.is_none()));
    assert!(o.iter().any(|o| o.alert.is_some()));
}

#[test]
fn professionals_can_see_how_to_refer() {
    let o = demo().offerings;
    let referrals: Vec<_> = o.iter().filter(|o| o.referral.is_some()).collect();
    assert!(
        referrals.len() >= 40,
        "{} offerings with referral details",
        referrals.len()
    );
    for o in referrals {
        let r = o.referral.as_ref().expect("filtered on referral");
        assert!(!r.procedure.trim().is_empty(), "{}", o.title);
        assert!(
            r.contact_name.is_some() && r.contact_phone.is_some(),
            "{}",
            o.title
        );
        if let Some(public) = o.public() {
            assert!(public.referral.is_none(), "{} leaks its referral", o.title);
        }
    }
}

#[test]
fn some_offerings_are_stale_for_the_staleness_report() {
    let o = demo().offerings;
    let dates: Vec<NaiveDate> = o.iter().filter_map(|o| o.checked_on).collect();
    assert_eq!(dates.len(), o.len(), "every offering has been checked once");
    assert!(o.iter().all(|o| o.checked_by.is_some()));
    let newest = dates.iter().max().copied().expect("dates");
    let half_a_year_before = newest - Days::new(183);
    let stale = dates.iter().filter(|d| **d < half_a_year_before).count();
    assert!(
        stale >= 10 && stale * 2 < dates.len(),
        "{stale} stale of {}",
        dates.len()
    );
    let first = NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
    assert!(dates.iter().all(|d| *d >= first));
}

/// Whether a holiday named in an exception's note is on that date.
fn holiday_is_on(note: &str, date: NaiveDate) -> bool {
    const EASTER_SUNDAYS: [(i32, u32, u32); 3] = [(2026, 4, 5), (2027, 3, 28), (2028, 4, 16)];
    let day = (date.month(), date.day());
    match note {
        "Kerstavond" => day == (12, 24),
        "Eerste Kerstdag" => day == (12, 25),
        "Tweede Kerstdag" => day == (12, 26),
        "Oudjaarsdag" => day == (12, 31),
        "Nieuwjaarsdag" => day == (1, 1),
        "Pasen" => EASTER_SUNDAYS
            .iter()
            .any(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d) == Some(date)),
        _ => true,
    }
}

#[test]
fn holidays_fall_on_their_dates() {
    for o in demo().offerings {
        for e in &o.exceptions {
            let note = e.note.as_deref().unwrap_or_default();
            assert!(
                holiday_is_on(note, e.date),
                "{}: {note} on {}",
                o.title,
                e.date
            );
        }
    }
}

/// "10 weken", "vier avonden": the number and what is counted, from a Dutch text.
fn stated_lengths(text: &str) -> Vec<(usize, &str)> {
    const NUMBERS: [&str; 12] = [
        "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf",
        "twaalf",
    ];
    const UNITS: [&str; 6] = [
        "weken",
        "lessen",
        "avonden",
        "ochtenden",
        "middagen",
        "bijeenkomsten",
    ];
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    words
        .windows(2)
        .filter_map(|pair| {
            let n = pair[0]
                .parse()
                .ok()
                .or_else(|| NUMBERS.iter().position(|w| *w == pair[0]).map(|i| i + 1))?;
            let unit = UNITS.iter().find(|u| **u == pair[1])?;
            Some((n, *unit))
        })
        .collect()
}

#[test]
fn courses_have_as_many_sessions_as_they_say() {
    for o in demo().offerings {
        let text = [&o.summary, &o.description]
            .into_iter()
            .chain(&o.cost_note)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        let stated = stated_lengths(&text);
        let bounded: Option<Vec<_>> = o
            .schedules
            .iter()
            .map(|s| s.begins_on().zip(s.ends_on()))
            .collect();
        let (Some(bounded), false) = (bounded, stated.is_empty()) else {
            continue;
        };
        for (i, (first, last)) in bounded.into_iter().enumerate() {
            let dates: Vec<NaiveDate> = first
                .iter_days()
                .take_while(|d| *d <= last)
                .filter(|d| o.occurrences_on(*d).iter().any(|x| x.schedule == Some(i)))
                .collect();
            let weeks: HashSet<_> = dates.iter().map(|d| d.iso_week()).collect();
            for &(n, unit) in &stated {
                let counted = if unit == "weken" {
                    weeks.len()
                } else {
                    dates.len()
                };
                assert_eq!(counted, n, "{}, schedule {i}: {n} {unit}", o.title);
            }
        }
    }
}

#[test]
fn places_lie_in_one_small_invented_neighbourhood() {
    let n = demo();
    let mut buurten_used = HashSet::new();
    for o in &n.offerings {
        let Some(l) = &o.location else { continue };
        assert!(
            is_valid_postcode(&l.postcode) && l.postcode.starts_with("735"),
            "{}",
            l.postcode
        );
        assert_eq!(l.city, "Lindehoven");
        assert!(
            BUURTEN.contains(&l.neighbourhood.as_str()),
            "{}",
            l.neighbourhood
        );
        buurten_used.insert(l.neighbourhood.as_str());
        let (lat, lon) = (
            l.latitude.unwrap_or_default(),
            l.longitude.unwrap_or_default(),
        );
        assert!(
            (52.10..52.13).contains(&lat) && (5.81..5.85).contains(&lon),
            "{}",
            l.name
        );
        assert!(l.transport.is_some(), "{} has no transport note", l.name);
    }
    assert_eq!(buurten_used.len(), BUURTEN.len());
    for p in &n.professionals {
        assert!(!p.neighbourhoods.is_empty(), "{}", p.name);
        for b in &p.neighbourhoods {
            assert!(BUURTEN.contains(&b.as_str()), "{}: {b}", p.name);
        }
    }
}

#[test]
fn the_babycafe_is_closed_on_christmas_day() {
    // Every other Friday from 4 September 2026: its turn falls on Christmas Day,
    // on which it closes as the guide's other offerings do, with the holiday named.
    let babycafe = demo()
        .offerings
        .into_iter()
        .find(|o| o.title == "Babycafé")
        .expect("the Babycafé");
    let christmas = NaiveDate::from_ymd_opt(2026, 12, 25).expect("date");
    assert!(babycafe.schedules.iter().any(|s| s.occurs_on(christmas)));
    assert!(!babycafe.happens_on(christmas));
    let closed = babycafe.exceptions.iter().find(|e| e.date == christmas);
    assert_eq!(
        closed.map(|e| (e.closed, e.note.as_deref())),
        Some((true, Some("Eerste Kerstdag")))
    );
}
