//! Plain-language schedule descriptions in Dutch and English.

use chrono::NaiveDate;
use serde_json::json;
use wijkgids_core::Lang;
use wijkgids_core::schedule::{Schedule, date_needs_year, describe, describe_period};

fn both(value: serde_json::Value) -> (String, String) {
    let schedule: Schedule = serde_json::from_value(value).expect("valid schedule");
    (describe(&schedule, Lang::Nl), describe(&schedule, Lang::En))
}

fn pair(nl: &str, en: &str) -> (String, String) {
    (nl.to_string(), en.to_string())
}

#[test]
fn weekly() {
    assert_eq!(
        both(json!({"freq": "weekly", "byday": ["TU"], "opens_at": "10:00", "closes_at": "11:30"})),
        pair("Elke dinsdag, 10:00–11:30", "Every Tuesday, 10:00–11:30")
    );
    assert_eq!(
        both(json!({"freq": "weekly", "interval": 2, "byday": ["MO", "TH"]})),
        pair(
            "Om de week op maandag en donderdag",
            "Every other week on Monday and Thursday"
        )
    );
    assert_eq!(
        both(
            json!({"freq": "weekly", "interval": 3, "byday": ["MO", "WE", "FR", "MO"],
            "opens_at": "19:30"})
        ),
        pair(
            "Om de 3 weken op maandag, woensdag en vrijdag om 19:30",
            "Every 3 weeks on Monday, Wednesday and Friday at 19:30"
        )
    );
    assert_eq!(
        both(json!({"freq": "weekly", "byday": [], "dtstart": "2026-01-07"})),
        pair("Elke woensdag", "Every Wednesday")
    );
    assert_eq!(
        both(json!({"freq": "weekly", "byday": []})),
        pair("Elke week", "Every week")
    );
}

#[test]
fn every_day_and_the_working_days_in_short() {
    assert_eq!(
        both(
            json!({"freq": "weekly", "byday": ["SU", "MO", "TU", "WE", "TH", "FR", "SA"],
            "opens_at": "09:00", "closes_at": "17:00"})
        ),
        pair("Elke dag, 09:00–17:00", "Every day, 09:00–17:00")
    );
    assert_eq!(
        both(json!({"freq": "weekly", "byday": ["MO", "TU", "WE", "TH", "FR"]})),
        pair("Van maandag tot en met vrijdag", "Monday to Friday")
    );
    assert_eq!(
        both(json!({"freq": "weekly", "interval": 2, "byday": ["FR", "TH", "WE", "TU", "MO"]})),
        pair(
            "Om de week, van maandag tot en met vrijdag",
            "Every other week, Monday to Friday"
        )
    );
    assert_eq!(
        both(
            json!({"freq": "weekly", "interval": 2, "byday": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]})
        ),
        pair("Om de week, elke dag", "Every other week, every day")
    );
    // Six days are said one by one.
    assert_eq!(
        both(json!({"freq": "weekly", "byday": ["MO", "TU", "WE", "TH", "FR", "SA"]})),
        pair(
            "Elke maandag, dinsdag, woensdag, donderdag, vrijdag en zaterdag",
            "Every Monday, Tuesday, Wednesday, Thursday, Friday and Saturday"
        )
    );
}

#[test]
fn monthly() {
    assert_eq!(
        both(json!({"freq": "monthly", "byday": ["1SA"]})),
        pair(
            "Elke eerste zaterdag van de maand",
            "Every first Saturday of the month"
        )
    );
    assert_eq!(
        both(
            json!({"freq": "monthly", "byday": ["-1FR"], "opens_at": "16:00",
            "closes_at": "18:00"})
        ),
        pair(
            "Elke laatste vrijdag van de maand, 16:00–18:00",
            "Every last Friday of the month, 16:00–18:00"
        )
    );
    assert_eq!(
        both(json!({"freq": "monthly", "byday": ["1TU", "3TU"]})),
        pair(
            "Elke eerste en derde dinsdag van de maand",
            "Every first and third Tuesday of the month"
        )
    );
    assert_eq!(
        both(json!({"freq": "monthly", "byday": ["2WE", "-2FR"]})),
        pair(
            "Elke tweede woensdag en op één na laatste vrijdag van de maand",
            "Every second Wednesday and second-to-last Friday of the month"
        )
    );
    assert_eq!(
        both(json!({"freq": "monthly", "interval": 2, "byday": ["1SA"]})),
        pair(
            "Om de maand op de eerste zaterdag",
            "Every other month on the first Saturday"
        )
    );
    assert_eq!(
        both(json!({"freq": "monthly", "byday": ["TU"]})),
        pair("Elke dinsdag", "Every Tuesday")
    );
    assert_eq!(
        both(json!({"freq": "monthly", "interval": 3, "byday": ["TU"]})),
        pair(
            "Om de 3 maanden, elke dinsdag",
            "Every 3 months, every Tuesday"
        )
    );
    assert_eq!(
        both(json!({"freq": "monthly", "byday": [], "valid_from": "2026-01-22"})),
        pair("Elke maand op de 22e", "Every month on the 22nd")
    );
}

#[test]
fn period() {
    let schedule = |value| serde_json::from_value::<Schedule>(value).expect("valid schedule");
    let limited = schedule(json!({"freq": "weekly", "byday": ["TU"],
        "valid_from": "2026-03-01", "valid_to": "2026-06-30", "until": "2026-07-31"}));
    assert_eq!(
        describe_period(&limited, Lang::Nl).as_deref(),
        Some("Van 1 maart 2026 t/m 30 juni 2026")
    );
    assert_eq!(
        describe_period(&limited, Lang::En).as_deref(),
        Some("From 1 March 2026 until 30 June 2026")
    );
    let open_ended = schedule(json!({"freq": "weekly", "byday": ["TU"]}));
    assert_eq!(describe_period(&open_ended, Lang::Nl), None);
    let ending = schedule(json!({"freq": "weekly", "byday": ["TU"], "until": "2026-12-31"}));
    assert_eq!(
        describe_period(&ending, Lang::En).as_deref(),
        Some("Until 31 December 2026")
    );
}

#[test]
fn a_date_carries_its_year_when_it_is_not_within_half_a_year() {
    let day = |text: &str| text.parse::<NaiveDate>().expect("a date");
    let today = day("2026-02-07");
    for (date, needs) in [
        ("2026-02-07", false),
        ("2026-03-04", false),
        ("2026-08-07", false),
        ("2026-08-08", true),
        // The walkthrough's "donderdag 4 maart", a year on.
        ("2027-03-04", true),
        ("2025-08-07", false),
        ("2025-08-06", true),
        ("2025-03-04", true),
    ] {
        assert_eq!(date_needs_year(day(date), today), needs, "{date}");
    }
    // Around the turn of the year: January is near in December.
    assert!(!date_needs_year(day("2027-01-14"), day("2026-12-28")));
}
