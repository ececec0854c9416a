//! The recurrence engine: next occurrences, exceptions, "open now" and daylight saving.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::json;
use wijkgids_core::Offering;
use wijkgids_core::schedule::{
    ByDay, LOOKAHEAD_DAYS, Occurrence, Schedule, ScheduleException, TIME_ZONE, happens_on,
    is_open_at, next_occurrences, occurrences_on,
};

/// Schedules and exceptions are written as their JSON, which also keeps the serde
/// shape under test.
fn schedule(value: serde_json::Value) -> Schedule {
    serde_json::from_value(value).expect("valid schedule")
}

fn exception(value: serde_json::Value) -> ScheduleException {
    serde_json::from_value(value).expect("valid exception")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// A wall-clock time in Amsterdam (not in a gap or overlap).
fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Tz> {
    TIME_ZONE
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("unambiguous local time")
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid")
}

fn starts(occurrences: &[Occurrence]) -> Vec<DateTime<Tz>> {
    occurrences.iter().map(|o| o.start).collect()
}

fn dates(occurrences: &[Occurrence]) -> Vec<NaiveDate> {
    occurrences.iter().map(|o| o.date).collect()
}

fn next_dates(schedules: &[Schedule], after: DateTime<Utc>, n: usize) -> Vec<NaiveDate> {
    dates(&next_occurrences(schedules, &[], after, n))
}

fn tuesday_morning() -> Schedule {
    schedule(json!({
        "freq": "weekly", "byday": ["TU"], "opens_at": "10:00", "closes_at": "11:30",
        "valid_from": "2026-01-01"
    }))
}

#[test]
fn weekly_gives_each_listed_weekday_with_its_times() {
    let found = next_occurrences(&[tuesday_morning()], &[], utc(2026, 1, 5, 0, 0), 3);
    assert_eq!(
        starts(&found),
        [
            local(2026, 1, 6, 10, 0),
            local(2026, 1, 13, 10, 0),
            local(2026, 1, 20, 10, 0)
        ]
    );
    assert_eq!(found[0].end, Some(local(2026, 1, 6, 11, 30)));
    assert_eq!(found[0].schedule, Some(0));
    assert!(!found[0].all_day);
}

/// The first `n` dates of `schedule` (as JSON) from 1 January 2026 on.
fn assert_dates_from_2026(schedule_json: serde_json::Value, n: usize, expected: &[&str]) {
    let expected: Vec<NaiveDate> = expected
        .iter()
        .map(|d| d.parse().expect("a date"))
        .collect();
    let found = next_dates(&[schedule(schedule_json)], utc(2026, 1, 1, 0, 0), n);
    assert_eq!(found, expected);
}

#[test]
fn every_other_week_counts_from_dtstart() {
    assert_dates_from_2026(
        json!({"freq": "weekly", "interval": 2, "byday": ["TU", "TH"],
            "dtstart": "2026-01-06", "opens_at": "19:00"}),
        6,
        &[
            "2026-01-06",
            "2026-01-08",
            "2026-01-20",
            "2026-01-22",
            "2026-02-03",
            "2026-02-05",
        ],
    );
}

#[test]
fn interval_counts_from_valid_from_without_dtstart() {
    // Week of Monday 2026-01-12 is week 0.
    assert_dates_from_2026(
        json!({"freq": "weekly", "interval": 3, "byday": ["MO"], "valid_from": "2026-01-14"}),
        3,
        &["2026-02-02", "2026-02-23", "2026-03-16"],
    );
}

#[test]
fn interval_without_any_start_date_counts_from_the_week_of_1970_01_05() {
    // 2026-01-05 is 2922 weeks after 1970-01-05: an even week.
    assert_dates_from_2026(
        json!({"freq": "weekly", "interval": 2, "byday": ["MO"]}),
        3,
        &["2026-01-05", "2026-01-19", "2026-02-02"],
    );
    // Monthly: months counted from January 1970; January 2026 is month 672, even.
    assert_dates_from_2026(
        json!({"freq": "monthly", "interval": 2, "byday": ["1MO"]}),
        3,
        &["2026-01-05", "2026-03-02", "2026-05-04"],
    );
}

#[test]
fn monthly_ordinal_weekdays() {
    assert_dates_from_2026(
        json!({"freq": "monthly", "byday": ["1SA"], "opens_at": "09:30"}),
        4,
        &["2026-01-03", "2026-02-07", "2026-03-07", "2026-04-04"],
    );
    assert_dates_from_2026(
        json!({"freq": "monthly", "byday": ["-1FR"]}),
        4,
        &["2026-01-30", "2026-02-27", "2026-03-27", "2026-04-24"],
    );
    assert_dates_from_2026(
        json!({"freq": "monthly", "interval": 2, "byday": ["2WE"], "dtstart": "2026-01-01"}),
        3,
        &["2026-01-14", "2026-03-11", "2026-05-13"],
    );
    // Only months with five Fridays.
    assert_dates_from_2026(
        json!({"freq": "monthly", "byday": ["5FR"]}),
        4,
        &["2026-01-30", "2026-05-29", "2026-07-31", "2026-10-30"],
    );
}

#[test]
fn monthly_weekday_without_ordinal_is_every_such_weekday() {
    assert_dates_from_2026(
        json!({"freq": "monthly", "interval": 2, "byday": ["TU"], "dtstart": "2026-01-01"}),
        6,
        &[
            "2026-01-06",
            "2026-01-13",
            "2026-01-20",
            "2026-01-27",
            "2026-03-03",
            "2026-03-10",
        ],
    );
}

#[test]
fn empty_byday_takes_the_anchor_weekday_or_day_of_month() {
    assert_dates_from_2026(
        json!({"freq": "weekly", "byday": [], "dtstart": "2026-01-07"}),
        2,
        &["2026-01-07", "2026-01-14"],
    );
    // Months without a 31st are skipped, as in RFC 5545.
    assert_dates_from_2026(
        json!({"freq": "monthly", "byday": [], "valid_from": "2026-01-31"}),
        3,
        &["2026-01-31", "2026-03-31", "2026-05-31"],
    );
    assert_dates_from_2026(json!({"freq": "weekly", "byday": []}), 3, &[]);
}

#[test]
fn valid_from_valid_to_and_until_limit_the_dates() {
    assert_dates_from_2026(
        json!({"freq": "weekly", "byday": ["MO"], "valid_from": "2026-03-01",
            "valid_to": "2026-03-31"}),
        10,
        &[
            "2026-03-02",
            "2026-03-09",
            "2026-03-16",
            "2026-03-23",
            "2026-03-30",
        ],
    );
    // The earlier of valid_to and until ends it; until is inclusive.
    assert_dates_from_2026(
        json!({"freq": "weekly", "byday": ["MO"], "dtstart": "2026-03-01",
            "until": "2026-03-16", "valid_to": "2026-12-31"}),
        10,
        &["2026-03-02", "2026-03-09", "2026-03-16"],
    );
    assert_dates_from_2026(
        json!({"freq": "weekly", "byday": ["MO"], "dtstart": "2026-03-01",
            "until": "2026-02-01"}),
        10,
        &[],
    );
}

#[test]
fn next_occurrences_starts_at_after_inclusive_and_merges_schedules() {
    let evening = schedule(json!({"freq": "weekly", "byday": ["TU"], "opens_at": "19:00"}));
    let duplicate = tuesday_morning();
    let schedules = [evening, tuesday_morning(), duplicate];
    let after = local(2026, 1, 6, 10, 0).to_utc();
    let found = next_occurrences(&schedules, &[], after, 3);
    assert_eq!(
        starts(&found),
        [
            local(2026, 1, 6, 10, 0),
            local(2026, 1, 6, 19, 0),
            local(2026, 1, 13, 10, 0)
        ]
    );
    // The same session from two schedules counts once, from the first of them.
    assert_eq!(found[0].schedule, Some(1));
    let a_second_later = after + chrono::TimeDelta::seconds(1);
    assert_eq!(
        next_occurrences(&schedules, &[], a_second_later, 1)[0].start,
        local(2026, 1, 6, 19, 0)
    );
    assert!(next_occurrences(&schedules, &[], after, 0).is_empty());
}

#[test]
fn exceptions_close_a_day_change_its_times_and_add_dates() {
    let exceptions = [
        exception(json!({"date": "2026-01-13", "closed": true, "note": "Kerstvakantie"})),
        exception(
            json!({"date": "2026-01-20", "opens_at": "13:00", "closes_at": "14:00",
            "note": "'s middags"}),
        ),
        exception(json!({"date": "2026-01-22", "opens_at": "10:00", "closes_at": "11:30"})),
        exception(json!({"date": "2026-01-27", "note": "In de kleine zaal"})),
        exception(json!({"date": "2026-01-29", "note": "Open dag"})),
    ];
    let schedules = [tuesday_morning()];
    let found = next_occurrences(&schedules, &exceptions, utc(2026, 1, 7, 0, 0), 5);
    assert_eq!(
        starts(&found),
        [
            local(2026, 1, 20, 13, 0),
            local(2026, 1, 22, 10, 0),
            local(2026, 1, 27, 10, 0),
            local(2026, 1, 29, 0, 0),
            local(2026, 2, 3, 10, 0)
        ]
    );
    let changed = &found[0];
    assert_eq!(changed.end, Some(local(2026, 1, 20, 14, 0)));
    assert_eq!(changed.note.as_deref(), Some("'s middags"));
    assert_eq!(changed.schedule, None);
    let noted = &found[2];
    assert_eq!(noted.note.as_deref(), Some("In de kleine zaal"));
    assert_eq!(noted.schedule, Some(0));
    let extra_day = &found[3];
    assert!(extra_day.all_day);
    assert_eq!(extra_day.end, Some(local(2026, 1, 30, 0, 0)));

    assert!(!happens_on(&schedules, &exceptions, date(2026, 1, 13)));
    assert!(happens_on(&schedules, &exceptions, date(2026, 1, 22)));
    assert!(happens_on(&schedules, &exceptions, date(2026, 1, 6)));
    assert!(!happens_on(&schedules, &exceptions, date(2026, 1, 7)));
    assert_eq!(
        occurrences_on(&schedules, &exceptions, date(2026, 1, 20)).len(),
        1
    );
}

#[test]
fn a_closed_entry_wins_over_other_entries_that_day() {
    let exceptions = [
        exception(json!({"date": "2026-01-20", "opens_at": "13:00"})),
        exception(json!({"date": "2026-01-20", "closed": true})),
    ];
    assert!(!happens_on(
        &[tuesday_morning()],
        &exceptions,
        date(2026, 1, 20)
    ));
}

#[test]
fn open_now_inside_outside_and_at_the_edges() {
    let schedules = [tuesday_morning()];
    let open = |t: DateTime<Tz>| is_open_at(&schedules, &[], t.to_utc());
    assert!(!open(local(2026, 1, 6, 9, 59)));
    assert!(open(local(2026, 1, 6, 10, 0)), "opening time is inclusive");
    assert!(open(local(2026, 1, 6, 11, 29)));
    assert!(
        !open(local(2026, 1, 6, 11, 30)),
        "closing time is exclusive"
    );
    assert!(!open(local(2026, 1, 7, 10, 30)));
    let closed = [exception(json!({"date": "2026-01-06", "closed": true}))];
    assert!(!is_open_at(
        &schedules,
        &closed,
        local(2026, 1, 6, 10, 30).to_utc()
    ));
}

#[test]
fn open_now_past_midnight_whole_days_and_unknown_closing_time() {
    let late = schedule(
        json!({"freq": "weekly", "byday": ["FR"], "opens_at": "22:00",
        "closes_at": "01:00"}),
    );
    let open = |s: &Schedule, t: DateTime<Tz>| is_open_at(std::slice::from_ref(s), &[], t.to_utc());
    assert!(open(&late, local(2026, 1, 9, 23, 0)));
    assert!(
        open(&late, local(2026, 1, 10, 0, 30)),
        "the evening goes on past midnight"
    );
    assert!(!open(&late, local(2026, 1, 10, 1, 0)));

    let market_day = schedule(json!({"freq": "weekly", "byday": ["SA"]}));
    assert!(open(&market_day, local(2026, 1, 10, 0, 0)));
    assert!(open(&market_day, local(2026, 1, 10, 23, 59)));
    assert!(!open(&market_day, local(2026, 1, 11, 0, 0)));

    let no_closing = schedule(json!({"freq": "weekly", "byday": ["SA"], "opens_at": "10:00"}));
    assert!(!open(&no_closing, local(2026, 1, 10, 10, 0)));
}

/// Sunday 10:00 and 02:30 sessions around both 2026 changes: 29 March (02:00 CET ->
/// 03:00 CEST) and 25 October (03:00 CEST -> 02:00 CET).
fn sunday_at(time: &str) -> Schedule {
    schedule(json!({"freq": "weekly", "byday": ["SU"], "opens_at": time}))
}

#[test]
fn a_weekly_session_keeps_its_local_time_across_both_dst_changes() {
    let found = next_occurrences(&[sunday_at("10:00")], &[], utc(2026, 3, 21, 0, 0), 3);
    let hours_utc: Vec<String> = found
        .iter()
        .map(|o| o.start.to_utc().to_rfc3339())
        .collect();
    assert_eq!(
        hours_utc,
        [
            "2026-03-22T09:00:00+00:00",
            "2026-03-29T08:00:00+00:00",
            "2026-04-05T08:00:00+00:00"
        ]
    );
    let found = next_occurrences(&[sunday_at("10:00")], &[], utc(2026, 10, 17, 0, 0), 3);
    let local_and_utc: Vec<String> = found
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                o.start.to_rfc3339(),
                o.start.to_utc().format("%H:%M")
            )
        })
        .collect();
    assert_eq!(
        local_and_utc,
        [
            "2026-10-18T10:00:00+02:00 08:00",
            "2026-10-25T10:00:00+01:00 09:00",
            "2026-11-01T10:00:00+01:00 09:00"
        ]
    );
}

#[test]
fn a_time_in_the_spring_gap_moves_forward_and_an_ambiguous_one_is_the_earlier() {
    let night = [sunday_at("02:30")];
    let spring = occurrences_on(&night, &[], date(2026, 3, 29));
    assert_eq!(spring[0].start.to_rfc3339(), "2026-03-29T03:30:00+02:00");
    assert_eq!(
        occurrences_on(&night, &[], date(2026, 3, 22))[0]
            .start
            .to_rfc3339(),
        "2026-03-22T02:30:00+01:00"
    );
    let autumn = occurrences_on(&night, &[], date(2026, 10, 25));
    assert_eq!(autumn.len(), 1);
    assert_eq!(autumn[0].start.to_rfc3339(), "2026-10-25T02:30:00+02:00");
    assert_eq!(autumn[0].start.to_utc(), utc(2026, 10, 25, 0, 30));

    // A session inside the gap keeps its planned length.
    let short = schedule(
        json!({"freq": "weekly", "byday": ["SU"], "opens_at": "02:15",
        "closes_at": "02:45"}),
    );
    let moved = &occurrences_on(&[short], &[], date(2026, 3, 29))[0];
    assert_eq!(moved.start.to_rfc3339(), "2026-03-29T03:15:00+02:00");
    assert_eq!(
        moved.end.map(|e| e.to_rfc3339()).as_deref(),
        Some("2026-03-29T03:45:00+02:00")
    );
}

#[test]
fn a_schedule_that_never_occurs_gives_nothing_quickly() {
    let never = [
        schedule(
            json!({"freq": "monthly", "byday": ["5FR"], "interval": 4_000_000_000u32,
            "dtstart": "2026-02-01"}),
        ),
        schedule(json!({"freq": "weekly", "byday": ["MO"], "valid_from": "2100-01-01"})),
    ];
    let started = std::time::Instant::now();
    for _ in 0..20 {
        assert!(next_occurrences(&never, &[], utc(2026, 1, 1, 0, 0), 5).is_empty());
    }
    // Generous: a debug build on a busy machine; the search is bounded, not timed.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let _ = LOOKAHEAD_DAYS;
}

#[test]
fn extreme_inputs_do_not_panic() {
    let mut strange = schedule(json!({"freq": "monthly", "byday": ["-5SU", "5MO"],
        "interval": u32::MAX, "opens_at": "23:59", "closes_at": "00:00"}));
    strange.byday.push(ByDay {
        ordinal: Some(i8::MIN),
        weekday: chrono::Weekday::Mon,
    });
    strange.byday.push(ByDay {
        ordinal: Some(0),
        weekday: chrono::Weekday::Tue,
    });
    let mut far = tuesday_morning();
    far.valid_from = Some(NaiveDate::MAX);
    far.dtstart = Some(NaiveDate::MIN);
    let mut ancient = tuesday_morning();
    ancient.valid_from = None;
    ancient.dtstart = Some(NaiveDate::MIN);
    ancient.interval = 7;
    let schedules = [strange, far, ancient];
    let exceptions = [
        exception(json!({"date": "2026-01-06", "opens_at": "02:00", "closes_at": "01:00"})),
        ScheduleException {
            date: NaiveDate::MAX,
            closed: false,
            opens_at: None,
            closes_at: None,
            note: None,
        },
    ];
    for moment in [
        DateTime::<Utc>::MIN_UTC,
        DateTime::<Utc>::MAX_UTC,
        utc(9999, 12, 31, 23, 0),
        utc(2026, 1, 1, 0, 0),
    ] {
        let _ = next_occurrences(&schedules, &exceptions, moment, 10);
        let _ = is_open_at(&schedules, &exceptions, moment);
    }
    for day in [
        NaiveDate::MIN,
        NaiveDate::MAX,
        date(9999, 12, 31),
        date(1, 1, 1),
    ] {
        let _ = occurrences_on(&schedules, &exceptions, day);
    }
}

#[test]
fn offering_methods_delegate() {
    let offering: Offering = serde_json::from_value(json!({
        "id": "6f1c2a1e-0b7d-4c1a-9f1e-2d3c4b5a6f70", "status": "published",
        "title": "Koffie-ochtend", "summary": "Koffie en een praatje.", "kind": "informal",
        "cost": {"kind": "free"}, "sign_up": "walk_in",
        "schedules": [{"freq": "weekly", "byday": ["TU"], "opens_at": "10:00",
            "closes_at": "11:30"}],
        "exceptions": [{"date": "2026-01-13", "closed": true}]
    }))
    .expect("valid offering");
    assert!(offering.happens_on(date(2026, 1, 6)));
    assert!(!offering.happens_on(date(2026, 1, 13)));
    assert!(offering.is_open_at(local(2026, 1, 6, 10, 15).to_utc()));
    assert_eq!(
        dates(&offering.next_occurrences(utc(2026, 1, 7, 0, 0), 2)),
        [date(2026, 1, 20), date(2026, 1, 27)]
    );
    assert_eq!(offering.occurrences_on(date(2026, 1, 20)).len(), 1);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        prop_oneof![
            (1900i32..2200, 1u32..=12, 1u32..=31)
                .prop_filter_map("real date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            Just(NaiveDate::MIN),
            Just(NaiveDate::MAX),
        ]
    }

    fn any_time() -> impl Strategy<Value = Option<chrono::NaiveTime>> {
        proptest::option::of(
            (0u32..24, 0u32..60)
                .prop_filter_map("time", |(h, m)| chrono::NaiveTime::from_hms_opt(h, m, 0)),
        )
    }

    prop_compose! {
        fn any_schedule()(
            monthly in any::<bool>(),
            interval in prop_oneof![0u32..5, Just(u32::MAX)],
            byday in proptest::collection::vec((proptest::option::of(any::<i8>()), 0u8..7), 0..4),
            opens_at in any_time(),
            closes_at in any_time(),
            limits in proptest::collection::vec(proptest::option::of(any_date()), 4),
        ) -> Schedule {
            let mut s = schedule(json!({"freq": if monthly { "monthly" } else { "weekly" },
                "byday": []}));
            s.interval = interval;
            s.byday = byday.into_iter().map(|(ordinal, d)| ByDay {
                ordinal,
                weekday: chrono::Weekday::try_from(d).unwrap_or(chrono::Weekday::Mon),
            }).collect();
            s.opens_at = opens_at;
            s.closes_at = closes_at;
            s.valid_from = limits[0];
            s.valid_to = limits[1];
            s.dtstart = limits[2];
            s.until = limits[3];
            s
        }
    }

    prop_compose! {
        fn any_exception()(date in any_date(), closed in any::<bool>(), opens_at in any_time(),
            closes_at in any_time()) -> ScheduleException {
            ScheduleException { date, closed, opens_at, closes_at, note: Some("x".into()) }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn on_any_schedule(
            schedules in proptest::collection::vec(any_schedule(), 0..3),
            exceptions in proptest::collection::vec(any_exception(), 0..3),
            seconds in prop_oneof![any::<i64>(), -4_000_000_000i64..8_000_000_000],
        ) {
            let moment = DateTime::from_timestamp(seconds, 0).unwrap_or(DateTime::<Utc>::MAX_UTC);
            let found = next_occurrences(&schedules, &exceptions, moment, 20);
            prop_assert!(found.len() <= 20);
            prop_assert!(found.windows(2).all(|w| w[0].start <= w[1].start));
            prop_assert!(found.iter().all(|o| o.start >= moment));
            let _ = is_open_at(&schedules, &exceptions, moment);
        }
    }
}
