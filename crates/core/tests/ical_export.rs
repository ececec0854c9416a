//! The calendar export, read back with the `icalendar` parser and its recurrence rules
//! expanded by the `rrule` crate, which must give the same dates as our engine.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, TimeZone, Utc};
use icalendar::parser::{read_calendar, unfold};
use serde_json::json;
use wijkgids_core::ical::{escape_text, offering_to_ics};
use wijkgids_core::schedule::TIME_ZONE;
use wijkgids_core::{Lang, Offering};

const ID: &str = "6f1c2a1e-0b7d-4c1a-9f1e-2d3c4b5a6f70";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0)
        .single()
        .expect("valid")
}

/// An offering with these schedules and exceptions (as JSON).
fn offering(schedules: serde_json::Value, exceptions: serde_json::Value) -> Offering {
    serde_json::from_value(json!({
        "id": ID, "status": "published", "kind": "informal", "cost": {"kind": "free"},
        "sign_up": "walk_in",
        "title": "Koffie-ochtend", "summary": "Koffie, thee en een praatje; iedereen welkom.",
        "translations": {"en": {"title": "Coffee morning", "summary": "Coffee, tea and a chat."}},
        "how_to_join": "Loop gewoon binnen.\nDe deur is open.",
        "location": {"name": "Buurthuis De Linde", "address": "Lindelaan 1",
            "postcode": "1234 AB", "city": "Utrecht"},
        "contact": {"website": "www.delinde.nl/koffie"},
        "schedules": schedules, "exceptions": exceptions
    }))
    .expect("valid offering")
}

/// A parsed component, owned: name, properties (name, parameters, unescaped value),
/// subcomponents.
#[derive(Debug)]
struct Component {
    name: String,
    properties: Vec<Property>,
    components: Vec<Component>,
}

#[derive(Debug)]
struct Property {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Component {
    fn value(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }

    fn values(&self, name: &str) -> Vec<&str> {
        self.properties
            .iter()
            .filter(|p| p.name == name)
            .map(|p| p.value.as_str())
            .collect()
    }

    fn param(&self, name: &str, key: &str) -> Option<&str> {
        let property = self.properties.iter().find(|p| p.name == name)?;
        property
            .params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Asserts the values of these properties.
    fn assert_values(&self, expected: &[(&str, &str)]) {
        for (name, value) in expected {
            assert_eq!(self.value(name), Some(*value), "{name}");
        }
    }

    fn events(&self) -> Vec<&Component> {
        self.components
            .iter()
            .filter(|c| c.name == "VEVENT")
            .collect()
    }

    fn event(&self, uid: &str) -> &Component {
        let uid = format!("{ID}-{uid}@wijkgids");
        self.events()
            .into_iter()
            .find(|e| e.value("UID") == Some(uid.as_str()))
            .unwrap_or_else(|| panic!("no event {uid}"))
    }
}

fn owned(component: &icalendar::parser::Component<'_>) -> Component {
    Component {
        name: component.name.as_str().to_string(),
        properties: owned_properties(&component.properties),
        components: component.components.iter().map(owned).collect(),
    }
}

fn owned_properties(properties: &[icalendar::parser::Property<'_>]) -> Vec<Property> {
    properties
        .iter()
        .map(|p| Property {
            name: p.name.as_str().to_string(),
            params: p
                .params
                .iter()
                .map(|param| {
                    let value = param.val.as_ref().map_or("", |v| v.as_str());
                    (param.key.as_str().to_string(), value.to_string())
                })
                .collect(),
            value: p.val.as_str().to_string(),
        })
        .collect()
}

/// Checks the physical form (CRLF, folding) and parses the calendar.
fn parse(ics: &str) -> Component {
    assert!(ics.ends_with("\r\n"));
    for line in ics.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break in {line:?}"
        );
        assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
    }
    let unfolded = unfold(ics);
    let calendar = read_calendar(&unfolded).expect("valid iCalendar");
    Component {
        name: "VCALENDAR".to_string(),
        properties: owned_properties(&calendar.properties),
        components: calendar.components.iter().map(owned).collect(),
    }
}

fn coffee_morning() -> Offering {
    offering(
        json!([
            {"freq": "weekly", "interval": 2, "byday": ["TU", "TH"], "dtstart": "2026-01-06",
             "until": "2026-12-31", "opens_at": "10:00", "closes_at": "11:30"},
            {"freq": "monthly", "byday": ["1SA", "-1FR"], "valid_from": "2026-01-01",
             "valid_to": "2026-06-30", "opens_at": "14:00"}
        ]),
        json!([
            {"date": "2026-01-08", "closed": true},
            {"date": "2026-01-20", "opens_at": "13:00", "closes_at": "14:00",
             "note": "'s Middags, in de tuin"},
            {"date": "2026-02-14", "opens_at": "10:00", "closes_at": "12:00"},
            {"date": "2026-03-01", "note": "Open dag"}
        ]),
    )
}

#[test]
fn the_calendar_has_its_header_and_the_amsterdam_time_zone() {
    let calendar = parse(&offering_to_ics(&coffee_morning(), Lang::Nl, now()));
    assert!(
        calendar
            .value("PRODID")
            .is_some_and(|p| p.starts_with("-//Wijkgids//"))
    );
    assert_eq!(calendar.value("VERSION"), Some("2.0"));
    assert_eq!(calendar.value("CALSCALE"), Some("GREGORIAN"));
    assert_eq!(calendar.value("METHOD"), Some("PUBLISH"));
    let zone = calendar
        .components
        .iter()
        .find(|c| c.name == "VTIMEZONE")
        .expect("a VTIMEZONE");
    assert_eq!(zone.value("TZID"), Some("Europe/Amsterdam"));
    let rules: Vec<(&str, Option<&str>, Option<&str>)> = zone
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.value("TZOFFSETTO"), c.value("RRULE")))
        .collect();
    assert_eq!(
        rules,
        [
            (
                "DAYLIGHT",
                Some("+0200"),
                Some("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
            ),
            (
                "STANDARD",
                Some("+0100"),
                Some("FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
            )
        ]
    );
}

#[test]
fn each_schedule_is_a_recurring_event() {
    let calendar = parse(&offering_to_ics(&coffee_morning(), Lang::Nl, now()));
    let weekly = calendar.event("0");
    weekly.assert_values(&[
        ("DTSTAMP", "20260101T120000Z"),
        ("DTSTART", "20260106T100000"),
        ("DTEND", "20260106T113000"),
        (
            "RRULE",
            "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=TU,TH;UNTIL=20261231T225959Z",
        ),
    ]);
    assert_eq!(weekly.param("DTSTART", "TZID"), Some("Europe/Amsterdam"));
    // The closed day and the day with other times are taken out of the pattern.
    assert_eq!(
        weekly.values("EXDATE"),
        ["20260108T100000", "20260120T100000"]
    );
    assert_eq!(weekly.value("SUMMARY"), Some("Koffie-ochtend"));
    assert_eq!(
        weekly.value("DESCRIPTION"),
        Some(
            "Koffie, thee en een praatje; iedereen welkom.\n\nLoop gewoon binnen.\nDe deur is open."
        )
    );
    assert_eq!(
        weekly.value("LOCATION"),
        Some("Buurthuis De Linde, Lindelaan 1, 1234 AB Utrecht")
    );
    assert_eq!(weekly.value("URL"), Some("https://www.delinde.nl/koffie"));

    // June is summer time: 23:59:59 CEST is 21:59:59 UTC. No closing time: no DTEND.
    let monthly = calendar.event("1");
    assert_eq!(monthly.value("DTSTART"), Some("20260103T140000"));
    assert_eq!(monthly.value("DTEND"), None);
    assert_eq!(
        monthly.value("RRULE"),
        Some("FREQ=MONTHLY;INTERVAL=1;BYDAY=1SA,-1FR;UNTIL=20260630T215959Z")
    );
    assert!(monthly.values("EXDATE").is_empty());
}

#[test]
fn exceptions_with_other_times_and_extra_dates_are_events_of_their_own() {
    let calendar = parse(&offering_to_ics(&coffee_morning(), Lang::Nl, now()));
    assert_eq!(calendar.events().len(), 5);
    let afternoon = calendar.event("20260120-0");
    assert_eq!(afternoon.value("DTSTART"), Some("20260120T130000"));
    assert_eq!(afternoon.param("DTSTART", "TZID"), Some("Europe/Amsterdam"));
    assert_eq!(afternoon.value("DTEND"), Some("20260120T140000"));
    assert_eq!(afternoon.value("RRULE"), None);
    assert!(
        afternoon
            .value("DESCRIPTION")
            .is_some_and(|d| d.starts_with("'s Middags, in de tuin\n\n"))
    );
    assert_eq!(
        calendar.event("20260214-0").value("DTSTART"),
        Some("20260214T100000")
    );
    let open_day = calendar.event("20260301-0");
    assert_eq!(open_day.value("DTSTART"), Some("20260301"));
    assert_eq!(open_day.param("DTSTART", "VALUE"), Some("DATE"));
    assert_eq!(open_day.value("DTEND"), Some("20260302"));
}

#[test]
fn the_title_follows_the_language() {
    let calendar = parse(&offering_to_ics(&coffee_morning(), Lang::En, now()));
    let event = calendar.event("0");
    assert_eq!(event.value("SUMMARY"), Some("Coffee morning"));
    assert!(
        event
            .value("DESCRIPTION")
            .is_some_and(|d| d.starts_with("Coffee, tea and a chat."))
    );
    assert!(
        calendar
            .value("PRODID")
            .is_some_and(|p| p.ends_with("//EN"))
    );
}

#[test]
fn whole_day_schedules_use_dates() {
    let market = offering(
        json!([{"freq": "weekly", "byday": ["SA"], "valid_from": "2026-01-01",
            "valid_to": "2026-03-31"}]),
        json!([]),
    );
    let calendar = parse(&offering_to_ics(&market, Lang::Nl, now()));
    let event = calendar.event("0");
    event.assert_values(&[
        ("DTSTART", "20260103"),
        ("DTEND", "20260104"),
        ("RRULE", "FREQ=WEEKLY;INTERVAL=1;BYDAY=SA;UNTIL=20260331"),
    ]);
    assert_eq!(event.param("DTSTART", "VALUE"), Some("DATE"));
}

#[test]
fn text_is_escaped_and_long_lines_fold_between_characters() {
    assert_eq!(
        escape_text("a\\b;c,d\ne\r\nf\rg\u{7}h\ti"),
        "a\\\\b\\;c\\,d\\ne\\nf\\ngh\ti"
    );
    let mut long = coffee_morning();
    long.title = "Ëën; twee, drie\\ vier — ".repeat(8) + "🎉";
    long.summary = "é".repeat(100);
    let ics = offering_to_ics(&long, Lang::Nl, now());
    assert!(ics.contains("SUMMARY:Ëën\\; twee\\, drie\\\\ vier"));
    let calendar = parse(&ics);
    let event = calendar.event("0");
    assert_eq!(event.value("SUMMARY"), Some(long.title.as_str()));
    assert!(
        event
            .value("DESCRIPTION")
            .is_some_and(|d| d.starts_with(&long.summary))
    );
}

#[test]
fn an_offering_without_schedules_is_an_empty_calendar() {
    let calendar = parse(&offering_to_ics(
        &offering(json!([]), json!([])),
        Lang::Nl,
        now(),
    ));
    assert!(calendar.events().is_empty());
}

/// What a set of occurrences looks like for comparison: the UTC instant of a timed
/// one, the date of a whole-day one.
type Moments = BTreeSet<String>;

fn in_2026(date: chrono::NaiveDate) -> bool {
    date.year() == 2026
}

/// Expands every exported event with `rrule` (DTSTART, RRULE and EXDATE as written;
/// a single event as an RDATE).
fn expand_with_rrule(calendar: &Component) -> Moments {
    let mut moments = Moments::new();
    let window_start = rrule::Tz::UTC
        .with_ymd_and_hms(2025, 12, 1, 0, 0, 0)
        .single()
        .expect("valid");
    let window_end = rrule::Tz::UTC
        .with_ymd_and_hms(2027, 2, 1, 0, 0, 0)
        .single()
        .expect("valid");
    for event in calendar.events() {
        let date_line = |name: &str, value: &str| {
            let params: Vec<String> = event
                .properties
                .iter()
                .find(|p| p.name == "DTSTART")
                .map(|p| p.params.iter().map(|(k, v)| format!(";{k}={v}")).collect())
                .unwrap_or_default();
            format!("{name}{}:{value}", params.concat())
        };
        let start = event.value("DTSTART").expect("DTSTART");
        let mut text = date_line("DTSTART", start);
        match event.value("RRULE") {
            Some(rule) => text.push_str(&format!("\nRRULE:{rule}")),
            None => text.push_str(&format!("\n{}", date_line("RDATE", start))),
        }
        for exdate in event.values("EXDATE") {
            text.push_str(&format!("\n{}", date_line("EXDATE", exdate)));
        }
        let set: rrule::RRuleSet = text
            .parse()
            .unwrap_or_else(|e| panic!("rrule rejects {text:?}: {e}"));
        let all_day = event.param("DTSTART", "VALUE") == Some("DATE");
        for moment in set
            .after(window_start)
            .before(window_end)
            .all(u16::MAX)
            .dates
        {
            if all_day {
                if in_2026(moment.date_naive()) {
                    moments.insert(moment.date_naive().to_string());
                }
            } else {
                let utc = Utc
                    .timestamp_opt(moment.timestamp(), 0)
                    .single()
                    .expect("valid");
                if in_2026(utc.with_timezone(&TIME_ZONE).date_naive()) {
                    moments.insert(utc.to_rfc3339());
                }
            }
        }
    }
    moments
}

fn expand_with_engine(offering: &Offering) -> Moments {
    let start = TIME_ZONE
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("valid");
    offering
        .next_occurrences(start.to_utc(), 10_000)
        .into_iter()
        .filter(|o| in_2026(o.date))
        .map(|o| match o.all_day {
            true => o.date.to_string(),
            false => o.start.to_utc().to_rfc3339(),
        })
        .collect()
}

#[test]
fn rrule_expands_the_export_to_the_same_year_of_occurrences_as_the_engine() {
    let offering = offering(
        json!([
            {"freq": "weekly", "interval": 2, "byday": ["TU", "TH"], "dtstart": "2026-01-06",
             "opens_at": "10:00", "closes_at": "11:30"},
            {"freq": "monthly", "byday": ["1SA", "-1FR"], "valid_from": "2026-01-01",
             "valid_to": "2026-11-30", "opens_at": "14:00", "closes_at": "16:00"},
            // On both change days: 02:30 on 29 March and on 25 October 2026.
            {"freq": "weekly", "byday": ["SU"], "dtstart": "2026-01-04", "opens_at": "02:30",
             "closes_at": "03:30"},
            {"freq": "monthly", "interval": 2, "byday": ["WE"], "valid_from": "2026-02-01"},
            {"freq": "monthly", "byday": ["5FR"], "opens_at": "19:00"},
            {"freq": "weekly", "interval": 3, "byday": [], "dtstart": "2026-01-07",
             "opens_at": "18:00"},
            {"freq": "monthly", "byday": [], "valid_from": "2026-01-31", "opens_at": "12:00"},
            {"freq": "monthly", "byday": ["-2MO", "3TH"], "valid_from": "2026-01-01",
             "until": "2026-10-27", "opens_at": "09:15", "closes_at": "10:00"}
        ]),
        json!([
            {"date": "2026-01-08", "closed": true},
            {"date": "2026-01-20", "opens_at": "13:00", "closes_at": "14:00"},
            {"date": "2026-02-14", "opens_at": "10:00"},
            {"date": "2026-04-01", "note": "In de tuin"},
            {"date": "2026-04-08", "closed": true},
            {"date": "2026-05-03", "note": "Open dag"},
            {"date": "2026-06-13", "note": "Extra dag"}
        ]),
    );
    let calendar = parse(&offering_to_ics(&offering, Lang::Nl, now()));
    let engine = expand_with_engine(&offering);
    let rrule = expand_with_rrule(&calendar);
    let only_engine: Vec<_> = engine.difference(&rrule).collect();
    let only_rrule: Vec<_> = rrule.difference(&engine).collect();
    assert!(
        only_engine.is_empty() && only_rrule.is_empty(),
        "only in the engine: {only_engine:?}\nonly in rrule: {only_rrule:?}"
    );
    assert!(
        engine.len() > 150,
        "a year of many schedules: {}",
        engine.len()
    );
    assert!(
        engine.contains("2026-03-29T01:30:00+00:00"),
        "02:30 in the gap is 03:30 CEST"
    );
    assert!(
        engine.contains("2026-10-25T00:30:00+00:00"),
        "ambiguous 02:30 is CEST"
    );
    assert!(engine.contains("2026-06-13"), "the extra whole day");
}
