use chrono::{NaiveDate, NaiveTime};

use super::*;
use crate::vocab::Lang;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn closed(date: NaiveDate, note: Option<&str>) -> ScheduleException {
    ScheduleException {
        note: note.map(str::to_string),
        ..closure_day(date)
    }
}

fn other_times(date: NaiveDate) -> ScheduleException {
    ScheduleException {
        date,
        closed: false,
        opens_at: NaiveTime::from_hms_opt(14, 0, 0),
        closes_at: NaiveTime::from_hms_opt(16, 0, 0),
        note: Some("in de kleine zaal".into()),
    }
}

fn form(first: &str, last: &str, note: &str) -> ClosureForm {
    ClosureForm {
        first: first.into(),
        last: last.into(),
        note: note.into(),
    }
}

fn fields(problems: &[Problem]) -> Vec<(&str, &str)> {
    problems
        .iter()
        .map(|p| (p.field.as_str(), p.code.as_str()))
        .collect()
}

const TODAY: (u32, u32) = (12, 5);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1)
}

#[test]
fn consecutive_closed_days_with_one_note_are_one_closure() {
    let kerst = Some("Tussen kerst en oud en nieuw");
    let exceptions = [
        closed(day(12, 28), kerst),
        closed(day(12, 24), Some("Kerstavond")),
        other_times(day(12, 10)),
        closed(day(12, 29), kerst),
        closed(day(12, 30), kerst),
        // A gap of a day: another closure, though the note is the same.
        closed(day(12, 31), Some("Oudjaar")),
    ];
    assert_eq!(
        closures(&exceptions),
        [
            Closure {
                first: day(12, 24),
                last: day(12, 24),
                note: Some("Kerstavond".into())
            },
            Closure {
                first: day(12, 28),
                last: day(12, 30),
                note: kerst.map(str::to_string)
            },
            Closure {
                first: day(12, 31),
                last: day(12, 31),
                note: Some("Oudjaar".into())
            },
        ]
    );
}

#[test]
fn residents_see_the_closures_that_are_not_over() {
    let exceptions = [
        closed(day(11, 11), None),
        closed(day(12, 4), None),
        closed(day(12, 5), None),
        closed(day(12, 24), Some("Kerstavond")),
    ];
    let upcoming = upcoming_closures(&exceptions, today());
    assert_eq!(upcoming.len(), 2, "{upcoming:?}");
    // Started yesterday, still on today.
    assert_eq!(
        (upcoming[0].first, upcoming[0].last),
        (day(12, 4), day(12, 5))
    );
    assert_eq!(upcoming[1].note.as_deref(), Some("Kerstavond"));
}

#[test]
fn a_form_makes_a_closure_of_one_or_more_days() {
    let one = to_closure(&form("2026-12-24", "", "  Kerstavond "), today()).unwrap();
    assert_eq!(
        one,
        Closure {
            first: day(12, 24),
            last: day(12, 24),
            note: Some("Kerstavond".into())
        }
    );
    assert_eq!(one.exceptions(), [closed(day(12, 24), Some("Kerstavond"))]);
    let more = to_closure(&form("28-12-2026", "2026-12-31", ""), today()).unwrap();
    assert_eq!(more.exceptions().len(), 4);
    assert!(
        more.exceptions()
            .iter()
            .all(|e| e.closed && e.note.is_none())
    );
}

#[test]
fn a_passed_date_is_refused_where_it_was_typed() {
    let problems = to_closure(&form("2026-12-04", "", ""), today()).unwrap_err();
    assert_eq!(fields(&problems), [("first", "date_passed")]);
    assert!(problems[0].text(Lang::Nl).contains("voorbij"));
    let problems = to_closure(&form("2026-11-01", "2026-12-04", ""), today()).unwrap_err();
    assert_eq!(fields(&problems), [("last", "date_passed")]);
    // Today, and a closure that began before today but is still on, are fine.
    assert!(to_closure(&form("2026-12-05", "", ""), today()).is_ok());
    assert!(to_closure(&form("2026-12-01", "2026-12-07", ""), today()).is_ok());
}

#[test]
fn bad_dates_and_notes_say_what_is_wrong() {
    let check = |first: &str, last: &str, note: &str| -> Vec<(String, String)> {
        let problems = to_closure(&form(first, last, note), today()).unwrap_err();
        problems.into_iter().map(|p| (p.field, p.code)).collect()
    };
    let expect = |field: &str, code: &str| vec![(field.to_string(), code.to_string())];
    assert_eq!(check("", "", "x"), expect("first", "required"));
    assert_eq!(check("24 dec", "", ""), expect("first", "invalid_value"));
    assert_eq!(
        check("2026-12-24", "20-12", ""),
        expect("last", "invalid_value")
    );
    assert_eq!(
        check("2026-12-24", "2026-12-20", ""),
        expect("last", "schedule_dates")
    );
    assert_eq!(
        check("2026-12-24", "2028-12-24", ""),
        expect("last", "too_many")
    );
    let long = "a".repeat(crate::validate::LINE_MAX + 1);
    assert_eq!(check("2026-12-24", "", &long), expect("note", "too_long"));
    assert_eq!(
        check("2026-12-24", "", "twee\nregels"),
        expect("note", "invalid_characters")
    );
}

#[test]
fn overlapping_closures_are_duplicates() {
    let kept = [other_times(day(12, 10))];
    let results = to_closures(
        &[
            form("2026-12-24", "2026-12-26", ""),
            form("2026-12-26", "", "tweede kerstdag"),
            form("2026-12-10", "", ""),
            form("2026-12-31", "", ""),
        ],
        &kept,
        today(),
    );
    assert!(results[0].is_ok());
    for overlapping in [&results[1], &results[2]] {
        let problems = overlapping.as_ref().unwrap_err();
        assert_eq!(fields(problems), [("first", "duplicate")]);
        assert!(problems[0].text(Lang::Nl).contains("andere sluiting"));
    }
    assert!(results[3].is_ok());
}

#[test]
fn the_editor_round_trips_an_offerings_exceptions() {
    let kerst = Some("Kerstvakantie");
    let exceptions = vec![
        closed(day(11, 11), Some("Sint-Maarten")),
        other_times(day(12, 10)),
        closed(day(12, 24), kerst),
        closed(day(12, 25), kerst),
    ];
    let (kept, forms) = closure_forms(&exceptions, today());
    assert_eq!(kept, [exceptions[0].clone(), exceptions[1].clone()]);
    assert_eq!(forms, [form("2026-12-24", "2026-12-25", "Kerstvakantie")]);
    let closures: Vec<Closure> = to_closures(&forms, &kept, today())
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(with_closures(&kept, &closures), exceptions);
    // Valid for the offering as a whole.
    let mut offering = crate::sample::sample_offering();
    offering.exceptions = with_closures(&kept, &closures);
    assert_eq!(crate::validate::validate_offering(&offering), []);
}
