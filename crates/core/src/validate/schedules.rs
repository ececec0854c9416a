//! The rules for when an offering happens: recurring schedules and dated exceptions.

use chrono::NaiveTime;

use crate::schedule::{ByDay, Frequency, LOOKAHEAD_DAYS, Schedule, ScheduleException};

use super::checker::{Checker, Lines};
use super::{Code, EXCEPTIONS_MAX, INTERVAL_MAX, LINE_MAX, Problem, SCHEDULES_MAX};

pub(super) fn check_when(
    c: &mut Checker,
    schedules: &[Schedule],
    exceptions: &[ScheduleException],
) {
    c.at_most("schedules", schedules.len(), SCHEDULES_MAX);
    for (i, schedule) in schedules.iter().enumerate() {
        check_schedule(c, &format!("schedules[{i}]"), schedule);
    }
    c.at_most("exceptions", exceptions.len(), EXCEPTIONS_MAX);
    for (i, exception) in exceptions.iter().enumerate() {
        check_exception(c, &format!("exceptions[{i}]"), exception);
    }
    let dates = exceptions.iter().map(|e| e.date);
    c.no_duplicates_at("exceptions", "date", dates);
}

/// The problems of one schedule alone, its fields under `at`: for the publisher's
/// schedule editor ([`crate::schedule_form`]), which checks as the offering will be.
pub(crate) fn schedule_problems(at: &str, schedule: &Schedule) -> Vec<Problem> {
    let mut c = Checker::default();
    check_schedule(&mut c, at, schedule);
    c.into_problems()
}

/// The problems of one dated exception alone, its fields under `at`: for the
/// publisher's closures editor ([`crate::closures`]).
pub(crate) fn exception_problems(at: &str, exception: &ScheduleException) -> Vec<Problem> {
    let mut c = Checker::default();
    check_exception(&mut c, at, exception);
    c.into_problems()
}

fn check_schedule(c: &mut Checker, at: &str, s: &Schedule) {
    if !(1..=INTERVAL_MAX).contains(&s.interval) {
        let problem = Problem::new(format!("{at}.interval"), Code::InvalidInterval);
        c.report(problem.with_limit(INTERVAL_MAX));
    }
    if s.byday.is_empty() {
        c.flag(format!("{at}.byday"), Code::MissingDays);
    }
    for (j, day) in s.byday.iter().enumerate() {
        check_byday(c, &format!("{at}.byday[{j}]"), *day, s.freq);
    }
    c.no_duplicates(
        &format!("{at}.byday"),
        s.byday.iter().map(|d| (d.ordinal, d.weekday)),
    );
    check_times(c, at, s.opens_at, s.closes_at);
    check_dates(c, at, s);
    let field = format!("{at}.description");
    c.optional_text(&field, &s.description, LINE_MAX, Lines::One);
}

/// Ordinals ("1SA", "-1FR") only mean something within a month.
fn check_byday(c: &mut Checker, field: &str, day: ByDay, freq: Frequency) {
    match day.ordinal {
        None => {}
        Some(n) if n == 0 || !(-5..=5).contains(&n) => c.flag(field, Code::InvalidByday),
        Some(_) if freq != Frequency::Monthly => c.flag(field, Code::OrdinalNotMonthly),
        Some(_) => {}
    }
}

fn check_exception(c: &mut Checker, at: &str, e: &ScheduleException) {
    if e.closed && (e.opens_at.is_some() || e.closes_at.is_some()) {
        let problem = Problem::new(format!("{at}.closed"), Code::ScheduleTimes);
        c.report(problem.about("closed"));
    } else {
        check_times(c, at, e.opens_at, e.closes_at);
    }
    c.optional_text(&format!("{at}.note"), &e.note, LINE_MAX, Lines::One);
}

/// Nothing in a neighbourhood guide runs past midnight, so the end is after the start
/// or is midnight itself ("20:00–00:00"). A closing time needs an opening time: the
/// schedule engine reads a day without one as the whole day.
fn check_times(c: &mut Checker, at: &str, opens: Option<NaiveTime>, closes: Option<NaiveTime>) {
    match (opens, closes) {
        (Some(opens), Some(closes)) => {
            let until_midnight = closes == NaiveTime::MIN && opens > NaiveTime::MIN;
            if opens >= closes && !until_midnight {
                c.flag(format!("{at}.closes_at"), Code::ScheduleTimes);
            }
        }
        (None, Some(_)) => {
            let problem = Problem::new(format!("{at}.opens_at"), Code::ScheduleTimes);
            c.report(problem.about("opens"));
        }
        _ => {}
    }
}

/// The schedule's first and last possible dates (`valid_from`/`dtstart`,
/// `valid_to`/`until`) are in order, and the pattern falls between them at least once:
/// otherwise the schedule engine never shows it.
fn check_dates(c: &mut Checker, at: &str, s: &Schedule) {
    let (Some(begins), Some(ends)) = (s.begins_on(), s.ends_on()) else {
        return;
    };
    if begins > ends {
        let last = if s.until == Some(ends) {
            "until"
        } else {
            "valid_to"
        };
        c.flag(format!("{at}.{last}"), Code::ScheduleDates);
        return;
    }
    // A longer window than the engine searches is left alone rather than guessed at.
    let searched = u64::try_from((ends - begins).num_days()).is_ok_and(|d| d < LOOKAHEAD_DAYS);
    if searched && !s.byday.is_empty() && s.first_date_from(begins).is_none() {
        let problem = Problem::new(format!("{at}.byday"), Code::ScheduleDates);
        c.report(problem.about("never"));
    }
}
