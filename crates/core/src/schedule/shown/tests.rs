//! The time lists tell, against the demo neighbourhood at fixed moments: Saturday
//! 7 February 2026 at 17:19, and days around the Christmas closures of 2026.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::*;
use crate::demo::neighbourhood;
use crate::sample::sample_offering;
use crate::schedule::{ByDay, Frequency, Schedule};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("an RFC 3339 moment")
        .to_utc()
}

/// Saturday 7 February 2026, 17:19 in Amsterdam: the morning's sessions are over.
fn saturday_evening() -> DateTime<Utc> {
    at("2026-02-07T17:19:00+01:00")
}

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

fn demo(title: &str) -> Offering {
    let guide = neighbourhood().expect("the demo parses");
    match guide.offerings.into_iter().find(|o| o.title == title) {
        Some(offering) => offering,
        None => panic!("the demo has no {title:?}"),
    }
}

fn session(shown: &Shown) -> &ShownSession {
    match shown {
        Shown::Session { session, .. } => session,
        other => panic!("no session shown: {other:?}"),
    }
}

fn closure(shown: &Shown) -> Option<&Closure> {
    match shown {
        Shown::Session { closure, .. } | Shown::Nothing { closure } => closure.as_ref(),
        Shown::ByAppointment { .. } => None,
    }
}

#[test]
fn today_shows_todays_session_marked_over_once_it_has_ended() {
    let tea = demo("Thee & Praat"); // Saturdays 14:00-16:00
    let evening = tea.shown(Window::Today, saturday_evening());
    let s = session(&evening);
    assert_eq!(s.progress, Progress::Over);
    assert_eq!(s.in_days, 0);
    assert_eq!(s.occurrence.date, date("2026-02-07"));
    let during = tea.shown(Window::Today, at("2026-02-07T15:00:00+01:00"));
    assert_eq!(session(&during).progress, Progress::GoingOn);
    let before = tea.shown(Window::Today, at("2026-02-07T13:59:00+01:00"));
    assert_eq!(session(&before).progress, Progress::Later);
}

#[test]
fn a_window_never_shows_a_date_outside_it() {
    let walk = demo("Wandelen met de huisarts"); // Saturdays 09:30-10:30
    let week = walk.shown(Window::Week, saturday_evening());
    let s = session(&week);
    assert_eq!(
        s.occurrence.date,
        date("2026-02-07"),
        "next Saturday is outside the seven days"
    );
    assert_eq!(s.progress, Progress::Over);
    // Without a window, the next date is next Saturday.
    let any = walk.shown(Window::FromNow, saturday_evening());
    assert_eq!(session(&any).occurrence.date, date("2026-02-14"));
    assert_eq!(session(&any).in_days, 7);
    assert_eq!(session(&any).progress, Progress::Later);
    // Tomorrow (Sunday) it does not happen at all.
    assert!(matches!(
        walk.shown(Window::Tomorrow, saturday_evening()),
        Shown::Nothing { .. }
    ));
}

#[test]
fn a_week_shows_the_first_session_not_over() {
    // Every day 12:00-13:00: at 17:19 today's is over, tomorrow's is next.
    let lunch = demo("Aanschuiftafel in De Hoeve");
    let s = session(&lunch.shown(Window::Week, saturday_evening())).clone();
    assert_eq!(s.occurrence.date, date("2026-02-08"));
    assert_eq!((s.in_days, s.progress), (1, Progress::Later));
}

#[test]
fn without_a_window_a_session_going_on_is_shown_rather_than_the_next() {
    let tea = demo("Thee & Praat");
    let during = tea.shown(Window::FromNow, at("2026-02-07T15:00:00+01:00"));
    assert_eq!(session(&during).progress, Progress::GoingOn);
    assert_eq!(session(&during).occurrence.date, date("2026-02-07"));
}

#[test]
fn open_now_shows_the_session_going_on() {
    let tea = demo("Thee & Praat");
    let now = tea.shown(Window::Now, at("2026-02-07T15:00:00+01:00"));
    assert_eq!(session(&now).progress, Progress::GoingOn);
    assert!(matches!(
        tea.shown(Window::Now, saturday_evening()),
        Shown::Nothing { .. }
    ));
}

#[test]
fn opening_hours_are_by_appointment_with_open_now() {
    let gp = demo("Huisartsenpraktijk Molenkamp");
    assert!(!gp.has_sessions());
    assert_eq!(
        gp.shown(Window::FromNow, saturday_evening()),
        Shown::ByAppointment {
            open_now: Some(false)
        }
    );
    let monday_morning = at("2026-02-09T10:00:00+01:00");
    assert_eq!(
        gp.shown(Window::Today, monday_morning),
        Shown::ByAppointment {
            open_now: Some(true)
        }
    );
    assert!(
        gp.agenda_rows(date("2026-02-09"), monday_morning)
            .is_empty()
    );
    // Without opening hours: by appointment, and nothing about "open".
    let dietitian = demo("Diëtist");
    assert_eq!(
        dietitian.shown(Window::FromNow, saturday_evening()),
        Shown::ByAppointment { open_now: None }
    );
}

#[test]
fn the_next_date_after_a_closure_names_it() {
    // Weekdays 10:00-12:30, closed 21-25 and 28 December - 1 January.
    let living_room = demo("Huiskamer De Linde");
    let shown = living_room.shown(Window::FromNow, at("2026-12-28T09:00:00+01:00"));
    assert_eq!(session(&shown).occurrence.date, date("2027-01-04"));
    let skipped = closure(&shown).expect("the closure it skips");
    assert_eq!(
        (skipped.first, skipped.last),
        (date("2026-12-28"), date("2027-01-01"))
    );
    assert_eq!(skipped.note.as_deref(), Some("Kerstvakantie"));
    // In a week wholly closed: nothing, and why.
    let week = living_room.shown(Window::Week, at("2026-12-28T09:00:00+01:00"));
    assert!(matches!(week, Shown::Nothing { .. }));
    assert_eq!(
        closure(&week).and_then(|c| c.note.as_deref()),
        Some("Kerstvakantie")
    );
}

#[test]
fn a_closure_near_the_next_date_is_named_and_one_far_off_is_not() {
    // Wednesdays 10:00-12:00, closed 30 December "Tussen kerst en oud en nieuw".
    let coffee = demo("Koffieochtend in De Ark");
    let before = coffee.shown(Window::FromNow, at("2026-12-21T09:00:00+01:00"));
    assert_eq!(session(&before).occurrence.date, date("2026-12-23"));
    assert_eq!(
        closure(&before).and_then(|c| c.note.as_deref()),
        Some("Tussen kerst en oud en nieuw")
    );
    let early = coffee.shown(Window::FromNow, at("2026-12-07T09:00:00+01:00"));
    assert_eq!(closure(&early), None, "three weeks off is not near");
    // A closure on days it never happens on skips nothing.
    let mut tuesdays = coffee.clone();
    tuesdays.schedules[0].byday = vec![ByDay::every(chrono::Weekday::Tue)];
    let shown = tuesdays.shown(Window::FromNow, at("2026-12-28T09:00:00+01:00"));
    assert_eq!(closure(&shown), None);
}

#[test]
fn agenda_rows_mark_over_and_cancelled_sessions() {
    // Mondays and Thursdays 10:30-11:15; closed 24 December and 28 December.
    let chair_gym = demo("Stoelgym voor senioren");
    let monday = at("2026-12-28T12:00:00+01:00");
    let rows = chair_gym.agenda_rows(date("2026-12-28"), monday);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].state,
        RowState::Cancelled {
            note: Some("Kerstvakantie".into())
        }
    );
    let thursday = chair_gym.agenda_rows(date("2026-12-31"), monday);
    assert_eq!(thursday[0].state, RowState::Session(Progress::Later));
    let tea = demo("Thee & Praat");
    let rows = tea.agenda_rows(date("2026-02-07"), saturday_evening());
    assert_eq!(rows[0].state, RowState::Session(Progress::Over));
}

#[test]
fn a_closure_of_a_whole_week_cancels_its_sessions_as_one_day_does() {
    // Working days 10:00-12:30; closed Monday 28 December to Friday 1 January:
    // nothing takes place that week, and every session of it is cancelled.
    let living_room = demo("Huiskamer De Linde");
    let week: Vec<NaiveDate> = week_of(date("2026-12-28")).collect();
    assert_eq!(week.len(), 7);
    assert_eq!(week_last_day(date("2026-12-28")), Some(date("2027-01-03")));
    assert!(!week.iter().any(|d| living_room.happens_on(*d)));
    assert!(living_room.cancelled_in(week.iter().copied()));
    let monday = at("2026-12-28T10:00:00+01:00");
    let rows = living_room.agenda_rows(date("2026-12-28"), monday);
    assert_eq!(
        rows.iter().map(|r| &r.state).collect::<Vec<_>>(),
        [&RowState::Cancelled {
            note: Some("Kerstvakantie".into())
        }]
    );
    // A one-day closure: the same.
    let chair_gym = demo("Stoelgym voor senioren");
    assert!(chair_gym.cancelled_in(week.iter().copied()));
    // Nothing cancelled in an ordinary week; opening hours are never cancelled.
    assert!(!living_room.cancelled_in(week_of(date("2027-01-11"))));
    let gp = demo("Huisartsenpraktijk Vlonderhof");
    assert!(!gp.cancelled_in(week_of(date("2026-12-21"))));
}

#[test]
fn a_session_without_an_end_is_not_over_before_its_day_is() {
    let mut evening = sample_offering();
    evening.by_appointment = false;
    evening.exceptions.clear();
    evening.schedules = vec![Schedule {
        freq: Frequency::Weekly,
        interval: 1,
        byday: vec![ByDay::every(chrono::Weekday::Sat)],
        opens_at: NaiveTime::from_hms_opt(17, 0, 0),
        closes_at: None,
        valid_from: None,
        valid_to: None,
        dtstart: None,
        until: None,
        description: None,
    }];
    let shown = evening.shown(Window::Today, saturday_evening());
    assert_eq!(session(&shown).progress, Progress::GoingOn);
    let late = evening.shown(Window::Today, at("2026-02-08T00:00:00+01:00"));
    assert!(matches!(late, Shown::Nothing { .. }), "Sunday now");
}
