use chrono::{NaiveDate, NaiveTime, Weekday};

use super::*;
use crate::schedule::{ByDay, Frequency, Schedule};

fn form(repeat: Repeat, days: &[Weekday], positions: &[i8]) -> ScheduleForm {
    ScheduleForm {
        repeat,
        days: days.to_vec(),
        positions: positions.to_vec(),
        opens_at: "10:00".into(),
        closes_at: "11:30".into(),
        ..ScheduleForm::default()
    }
}

fn fields(problems: &[Problem]) -> Vec<(&str, &str)> {
    problems
        .iter()
        .map(|p| (p.field.as_str(), p.code.as_str()))
        .collect()
}

#[test]
fn weekly_days_and_times() {
    let schedule = to_schedule(&form(Repeat::Weekly, &[Weekday::Thu, Weekday::Tue], &[])).unwrap();
    assert_eq!(schedule.freq, Frequency::Weekly);
    assert_eq!(
        schedule.byday,
        [ByDay::every(Weekday::Tue), ByDay::every(Weekday::Thu)],
        "in week order"
    );
    assert_eq!(schedule.opens_at, NaiveTime::from_hms_opt(10, 0, 0));
    assert_eq!(schedule.closes_at, NaiveTime::from_hms_opt(11, 30, 0));
    assert_eq!(
        describe_form(&form(Repeat::Weekly, &[Weekday::Tue], &[]), Lang::Nl).unwrap(),
        "Elke dinsdag, 10:00–11:30"
    );
}

#[test]
fn monthly_positions_of_weekdays() {
    let first_saturday = form(Repeat::MonthlyByPosition, &[Weekday::Sat], &[1]);
    let schedule = to_schedule(&first_saturday).unwrap();
    assert_eq!(schedule.freq, Frequency::Monthly);
    assert_eq!(schedule.byday, [ByDay::nth(1, Weekday::Sat)]);
    assert_eq!(
        describe_form(&first_saturday, Lang::Nl).unwrap(),
        describe(&schedule, Lang::Nl)
    );
    let second_and_fourth = form(Repeat::MonthlyByPosition, &[Weekday::Tue], &[4, 2]);
    assert_eq!(
        to_schedule(&second_and_fourth).unwrap().byday,
        [ByDay::nth(2, Weekday::Tue), ByDay::nth(4, Weekday::Tue)]
    );
    let last_wednesday = form(Repeat::MonthlyByPosition, &[Weekday::Wed], &[-1]);
    assert_eq!(
        describe_form(&last_wednesday, Lang::En).unwrap(),
        "Every last Wednesday of the month, 10:00–11:30"
    );
}

#[test]
fn dates_and_the_period_in_the_preview() {
    let mut with_dates = form(Repeat::Weekly, &[Weekday::Tue], &[]);
    with_dates.valid_from = "2026-03-03".into();
    with_dates.valid_to = "30-6-2026".into();
    let schedule = to_schedule(&with_dates).unwrap();
    assert_eq!(schedule.valid_from, NaiveDate::from_ymd_opt(2026, 3, 3));
    assert_eq!(schedule.valid_to, NaiveDate::from_ymd_opt(2026, 6, 30));
    let line = describe_form(&with_dates, Lang::Nl).unwrap();
    assert!(
        line.starts_with("Elke dinsdag, 10:00–11:30 · Van "),
        "{line}"
    );
}

#[test]
fn problems_name_the_form_fields_with_the_validators_codes() {
    let nothing = ScheduleForm::default();
    assert_eq!(
        fields(&to_schedule(&nothing).unwrap_err()),
        [("days", "missing_days")]
    );
    let no_positions = form(Repeat::MonthlyByPosition, &[Weekday::Sat], &[]);
    assert_eq!(
        fields(&to_schedule(&no_positions).unwrap_err()),
        [("positions", "missing_days")]
    );
    let mut bad = form(Repeat::Weekly, &[Weekday::Mon], &[]);
    bad.opens_at = "25:00".into();
    bad.closes_at = "9.3".into();
    bad.valid_from = "morgen".into();
    bad.valid_to = "1-1-26".into();
    assert_eq!(
        fields(&to_schedule(&bad).unwrap_err()),
        [
            ("opens_at", "invalid_time"),
            ("closes_at", "invalid_time"),
            ("valid_from", "invalid_value"),
            ("valid_to", "invalid_value"),
        ]
    );
    let mut backwards = form(Repeat::Weekly, &[Weekday::Mon], &[]);
    backwards.opens_at = "11:00".into();
    backwards.closes_at = "10:00".into();
    backwards.valid_from = "2026-06-01".into();
    backwards.valid_to = "2026-05-01".into();
    backwards.interval = 13;
    assert_eq!(
        fields(&to_schedule(&backwards).unwrap_err()),
        [
            ("interval", "invalid_interval"),
            ("closes_at", "schedule_times"),
            ("valid_to", "schedule_dates"),
        ]
    );
    let mut closes_only = form(Repeat::Weekly, &[Weekday::Mon], &[]);
    closes_only.opens_at.clear();
    let problems = to_schedule(&closes_only).unwrap_err();
    assert_eq!(fields(&problems), [("opens_at", "schedule_times")]);
    assert_eq!(problems[0].message_key, "error.schedule_times.opens");
    let mut other_week = form(Repeat::Weekly, &[Weekday::Mon], &[]);
    other_week.interval = 2;
    assert_eq!(
        fields(&to_schedule(&other_week).unwrap_err()),
        [("valid_from", "required")]
    );
    other_week.valid_from = "2026-01-05".into();
    assert!(to_schedule(&other_week).is_ok());
}

#[test]
fn times_are_read_as_people_type_them() {
    for (typed, expected) in [
        ("9:30", Some((9, 30))),
        ("09.30", Some((9, 30))),
        ("0930", Some((9, 30))),
        (" 23:59 ", Some((23, 59))),
        ("", None),
    ] {
        let expected = expected.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0));
        assert_eq!(parse_time(typed), Ok(expected), "{typed}");
    }
    for typed in ["24:00", "9:3", "9:300", "negen", "1:-5", "٠٩:٣٠"] {
        assert_eq!(parse_time(typed), Err(()), "{typed}");
    }
}

#[test]
fn schedules_round_trip_through_the_form() {
    let schedules = [
        to_schedule(&form(Repeat::Weekly, &[Weekday::Mon, Weekday::Fri], &[])).unwrap(),
        to_schedule(&form(Repeat::MonthlyByPosition, &[Weekday::Tue], &[2, 4])).unwrap(),
        crate::sample::sample_offering().schedules[0].clone(),
        Schedule {
            description: Some("niet in de zomer".into()),
            opens_at: None,
            closes_at: None,
            byday: vec![ByDay::every(Weekday::Sun), ByDay::every(Weekday::Sat)],
            ..crate::sample::sample_offering().schedules[0].clone()
        },
    ];
    for schedule in schedules {
        let filled = from_schedule(&schedule).expect("the form can say it");
        let back = to_schedule(&filled).unwrap();
        assert_eq!(back.freq, schedule.freq);
        let mut a = back.byday.clone();
        let mut b = schedule.byday.clone();
        a.sort_by_key(|d| d.to_rfc5545());
        b.sort_by_key(|d| d.to_rfc5545());
        assert_eq!(
            Schedule { byday: a, ..back },
            Schedule {
                byday: b,
                ..schedule
            }
        );
    }
}

#[test]
fn what_the_form_cannot_say_is_left_alone() {
    let base = crate::sample::sample_offering().schedules[0].clone();
    let cannot = [
        Schedule {
            dtstart: NaiveDate::from_ymd_opt(2025, 1, 14),
            ..base.clone()
        },
        Schedule {
            until: NaiveDate::from_ymd_opt(2026, 1, 1),
            ..base.clone()
        },
        Schedule {
            freq: Frequency::Monthly,
            byday: vec![ByDay::nth(1, Weekday::Sat), ByDay::nth(-1, Weekday::Fri)],
            ..base.clone()
        },
        Schedule {
            freq: Frequency::Monthly,
            byday: vec![ByDay::every(Weekday::Tue)],
            ..base.clone()
        },
        Schedule {
            interval: 0,
            ..base.clone()
        },
    ];
    for schedule in cannot {
        assert_eq!(from_schedule(&schedule), None, "{schedule:?}");
    }
}

#[test]
fn an_unfinished_schedule_is_kept_for_a_draft_and_opens_in_the_form_again() {
    // A time added, no day chosen yet, the times the wrong way round.
    let mut unfinished = form(Repeat::Weekly, &[], &[]);
    unfinished.opens_at = "19:00".into();
    unfinished.closes_at = "17:00".into();
    let problems = to_schedule(&unfinished).unwrap_err();
    assert_eq!(
        fields(&problems),
        [("days", "missing_days"), ("closes_at", "schedule_times")]
    );
    let kept = unfinished_schedule(&unfinished).expect("a draft keeps it");
    assert!(kept.byday.is_empty());
    assert_eq!(from_schedule(&kept), Some(unfinished.clone()));
    // An unreadable value cannot be kept at all.
    unfinished.opens_at = "19 uur".into();
    assert_eq!(unfinished_schedule(&unfinished), None);
}

#[test]
fn checkbox_labels() {
    assert_eq!(position_name(1, Lang::Nl), "eerste");
    assert_eq!(position_name(-1, Lang::En), "last");
    assert_eq!(day_name(Weekday::Tue, Lang::Nl), "dinsdag");
    assert_eq!(POSITIONS.len(), 5);
    assert_eq!(week().last(), Some(Weekday::Sun));
    assert_eq!(week().count(), 7);
}
