//! The rules for when an offering happens: recurring schedules and dated exceptions.

use chrono::{NaiveDate, NaiveTime};

use crate::schedule::{ByDay, Frequency, Schedule, ScheduleException};

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
    check_dates(c, &format!("{at}.valid_to"), s.valid_from, s.valid_to);
    check_dates(c, &format!("{at}.until"), s.dtstart, s.until);
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
    }
    check_times(c, at, e.opens_at, e.closes_at);
    c.optional_text(&format!("{at}.note"), &e.note, LINE_MAX, Lines::One);
}

/// Nothing in a neighbourhood guide runs past midnight, so the end is after the start.
fn check_times(c: &mut Checker, at: &str, opens: Option<NaiveTime>, closes: Option<NaiveTime>) {
    if let (Some(opens), Some(closes)) = (opens, closes)
        && opens >= closes
    {
        c.flag(format!("{at}.closes_at"), Code::ScheduleTimes);
    }
}

fn check_dates(c: &mut Checker, field: &str, from: Option<NaiveDate>, to: Option<NaiveDate>) {
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        c.flag(field, Code::ScheduleDates);
    }
}
