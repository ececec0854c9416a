//! Expanding schedules and their exceptions into dated occurrences.
//!
//! Rules, chosen to match RFC 5545 so that the calendar export and this engine agree:
//!
//! - Interval counting is anchored at `dtstart`, else `valid_from`. Weeks start on
//!   Monday (RFC 5545 `WKST=MO`). Without either date a schedule is anchored at the
//!   week of Monday 1970-01-05 (weekly) or at January 1970 (monthly), so "every other
//!   week" still gives the same weeks on every device.
//! - A schedule applies from the later of `dtstart` and `valid_from` up to and including
//!   the earlier of `valid_to` and `until`.
//! - Weekly: the listed weekdays (ordinals are ignored; RFC 5545 forbids them there).
//!   Monthly: `1SA` is the first Saturday, `-1FR` the last Friday, and a weekday
//!   without an ordinal is every such weekday of the month (as in RFC 5545).
//!   Empty `byday` means the weekday (weekly) or the day of the month (monthly) of the
//!   anchor date, as RFC 5545 does with DTSTART; without an anchor it never occurs.
//! - `interval` 0 counts as 1.
//! - Times are wall-clock times in [`TIME_ZONE`]. A time in the spring-forward gap
//!   (02:30 on the last Sunday of March) is read with the offset before the gap, so
//!   it happens an hour later on the clock (03:30 CEST); an ambiguous time (02:30 on the
//!   last Sunday of October) is the earlier one, still summer time (02:30 CEST). Both
//!   are the RFC 5545 section 3.3.5 rules.
//! - No `opens_at`: a whole-day occurrence from midnight to the next midnight
//!   (`closes_at` is then ignored). `closes_at` at or before `opens_at`: it closes the
//!   next day.
//! - Exceptions (offering-level, per date): a `closed` entry removes everything that
//!   day. Otherwise entries with an `opens_at` replace that day's regular occurrences
//!   with their own times (an extra date when the pattern has none that day). Entries
//!   without times keep the regular occurrences and add their note, or, on a date
//!   outside the pattern, add a whole-day occurrence.
//! - Only years 1 to 9999 occur (the years iCalendar can write); searches ahead stop
//!   after [`LOOKAHEAD_DAYS`], so a schedule that never occurs costs little.

use std::collections::BTreeMap;

use chrono::{
    DateTime, Datelike, Days, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc,
};
use chrono_tz::Tz;

use super::{Frequency, Schedule, ScheduleException, TIME_ZONE};
use crate::model::Offering;

/// How far past its starting point a forward search looks: four years, a whole
/// leap-year cycle.
pub const LOOKAHEAD_DAYS: u64 = 4 * 366;

/// The week that anchors `interval` when a schedule has no start date (a Monday).
const DEFAULT_WEEK_ANCHOR: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 5) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
/// The month that anchors `interval` when a schedule has no start date (January 1970).
const DEFAULT_MONTH_ANCHOR: i64 = 1970 * 12;

/// One time an offering happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The local date it is on.
    pub date: NaiveDate,
    pub start: DateTime<Tz>,
    /// `None` when no closing time is known. Whole-day occurrences end at the next
    /// midnight.
    pub end: Option<DateTime<Tz>>,
    /// No opening time: the whole day.
    pub all_day: bool,
    /// From an exception that day, e.g. "in de kleine zaal".
    pub note: Option<String>,
    /// Index of the schedule it comes from; `None` when an exception made it.
    pub schedule: Option<usize>,
}

impl Occurrence {
    /// Whether it is going on at `moment`: from `start` (inclusive) to `end`
    /// (exclusive). Without a known end it never counts as open: the guide cannot
    /// claim that a door is open when it does not know when it closes.
    pub fn is_open_at(&self, moment: DateTime<Utc>) -> bool {
        self.start <= moment && self.end.is_some_and(|end| moment < end)
    }
}

/// Schedules together with the exceptions that override them, indexed for lookups
/// by date. Build it once to ask many questions about one offering.
#[derive(Debug, Clone)]
pub struct Timetable<'a> {
    schedules: &'a [Schedule],
    exceptions: BTreeMap<NaiveDate, Vec<&'a ScheduleException>>,
}

/// What the exceptions do to one date.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DayChange<'a> {
    /// No exception: the regular occurrences.
    Regular,
    /// Nothing happens.
    Closed,
    /// These times instead of the regular ones.
    OtherTimes(Vec<&'a ScheduleException>),
    /// Listed without times: the regular occurrences with a note, or a whole-day
    /// occurrence when the pattern has none that day.
    Listed { note: Option<String> },
}

impl<'a> Timetable<'a> {
    pub fn new(schedules: &'a [Schedule], exceptions: &'a [ScheduleException]) -> Self {
        let mut by_date: BTreeMap<NaiveDate, Vec<&ScheduleException>> = BTreeMap::new();
        for exception in exceptions {
            by_date.entry(exception.date).or_default().push(exception);
        }
        Timetable {
            schedules,
            exceptions: by_date,
        }
    }

    /// Everything that happens on `date`, exceptions applied, ordered by start.
    pub fn occurrences_on(&self, date: NaiveDate) -> Vec<Occurrence> {
        if !is_supported(date) {
            return Vec::new();
        }
        let mut found = match self.day_change(date) {
            DayChange::Closed => Vec::new(),
            DayChange::Regular => self.regular_on(date),
            DayChange::OtherTimes(entries) => entries
                .iter()
                .filter_map(|e| occurrence(date, e.opens_at, e.closes_at, e.note.clone(), None))
                .collect(),
            DayChange::Listed { note } => {
                let mut regular = self.regular_on(date);
                if regular.is_empty() {
                    regular.extend(occurrence(date, None, None, note, None));
                } else {
                    regular.iter_mut().for_each(|o| o.note.clone_from(&note));
                }
                regular
            }
        };
        sort_and_dedup(&mut found);
        found
    }

    /// The regular occurrences a closed exception takes away on `date`, each with
    /// the closure's note: what the agenda shows as cancelled.
    pub fn skipped_on(&self, date: NaiveDate) -> Vec<Occurrence> {
        if self.day_change(date) != DayChange::Closed {
            return Vec::new();
        }
        let note = self.exceptions.get(&date).and_then(|entries| {
            entries
                .iter()
                .filter(|e| e.closed)
                .find_map(|e| e.note.as_deref().map(str::trim).filter(|n| !n.is_empty()))
                .map(str::to_string)
        });
        let mut skipped = self.regular_on(date);
        skipped.iter_mut().for_each(|o| o.note.clone_from(&note));
        sort_and_dedup(&mut skipped);
        skipped
    }

    /// Whether anything happens on `date`.
    pub fn happens_on(&self, date: NaiveDate) -> bool {
        !self.occurrences_on(date).is_empty()
    }

    /// The first `n` occurrences that start at or after `after` (so "now" includes a
    /// session starting this minute; to page on, pass the last start plus a second),
    /// ordered by start, without duplicates, looking at most [`LOOKAHEAD_DAYS`] ahead.
    pub fn next_occurrences(&self, after: DateTime<Utc>, n: usize) -> Vec<Occurrence> {
        let mut found = Vec::new();
        let Some(after_date) = local_date_time(after).map(|t| t.date()) else {
            return found;
        };
        let Some(mut last) = after_date.checked_add_days(Days::new(LOOKAHEAD_DAYS)) else {
            return found;
        };
        if let Some(latest) = self.latest_possible_date() {
            last = last.min(latest);
        }
        let mut date = match self.earliest_possible_date() {
            Some(earliest) => after_date.max(earliest),
            None => after_date,
        };
        while found.len() < n && date <= last && is_supported(date) {
            found.extend(
                self.occurrences_on(date)
                    .into_iter()
                    .filter(|o| o.start >= after)
                    .take(n - found.len()),
            );
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
        found
    }

    /// Whether something is going on at `moment` ("open now"); see
    /// [`Occurrence::is_open_at`]. Looks at the day before too, for evenings that go
    /// past midnight.
    pub fn is_open_at(&self, moment: DateTime<Utc>) -> bool {
        let Some(today) = local_date_time(moment).map(|t| t.date()) else {
            return false;
        };
        [today.pred_opt(), Some(today)]
            .into_iter()
            .flatten()
            .any(|date| {
                self.occurrences_on(date)
                    .iter()
                    .any(|o| o.is_open_at(moment))
            })
    }

    /// The dates that have exceptions, in order.
    pub(crate) fn exception_dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.exceptions.keys().copied()
    }

    pub(crate) fn day_change(&self, date: NaiveDate) -> DayChange<'a> {
        let Some(entries) = self.exceptions.get(&date) else {
            return DayChange::Regular;
        };
        if entries.iter().any(|e| e.closed) {
            return DayChange::Closed;
        }
        let timed: Vec<&ScheduleException> = entries
            .iter()
            .copied()
            .filter(|e| e.opens_at.is_some())
            .collect();
        if !timed.is_empty() {
            return DayChange::OtherTimes(timed);
        }
        let notes: Vec<&str> = entries
            .iter()
            .filter_map(|e| e.note.as_deref())
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        DayChange::Listed {
            note: (!notes.is_empty()).then(|| notes.join("; ")),
        }
    }

    fn regular_on(&self, date: NaiveDate) -> Vec<Occurrence> {
        self.schedules
            .iter()
            .enumerate()
            .filter(|(_, s)| s.occurs_on(date))
            .filter_map(|(i, s)| occurrence(date, s.opens_at, s.closes_at, None, Some(i)))
            .collect()
    }

    /// No occurrence can be before this date; `None` when a schedule has no start.
    fn earliest_possible_date(&self) -> Option<NaiveDate> {
        let schedule_starts: Option<Vec<NaiveDate>> =
            self.schedules.iter().map(Schedule::begins_on).collect();
        let first_exception = self.exceptions.keys().next().copied();
        schedule_starts?.into_iter().chain(first_exception).min()
    }

    /// No occurrence can be after this date; `None` when a schedule has no end.
    fn latest_possible_date(&self) -> Option<NaiveDate> {
        let schedule_ends: Option<Vec<NaiveDate>> =
            self.schedules.iter().map(Schedule::ends_on).collect();
        let last_exception = self.exceptions.keys().next_back().copied();
        schedule_ends?.into_iter().chain(last_exception).max()
    }
}

impl Schedule {
    /// The date that anchors the `interval` count: `dtstart`, else `valid_from`.
    pub fn anchor(&self) -> Option<NaiveDate> {
        self.dtstart.or(self.valid_from)
    }

    /// The first date it may occur: the later of `dtstart` and `valid_from`.
    pub fn begins_on(&self) -> Option<NaiveDate> {
        self.dtstart.max(self.valid_from)
    }

    /// The last date it may occur: the earlier of `valid_to` and `until`.
    pub fn ends_on(&self) -> Option<NaiveDate> {
        match (self.valid_to, self.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether the regular pattern falls on `date` (exceptions not applied).
    pub fn occurs_on(&self, date: NaiveDate) -> bool {
        is_supported(date)
            && self.begins_on().is_none_or(|b| b <= date)
            && self.ends_on().is_none_or(|e| date <= e)
            && self.in_phase(date)
            && self.day_matches(date)
    }

    /// The first date on or after `from` (and not before [`Schedule::begins_on`]) on
    /// which the pattern falls, looking at most [`LOOKAHEAD_DAYS`] past that start.
    pub fn first_date_from(&self, from: NaiveDate) -> Option<NaiveDate> {
        let start = self.begins_on().map_or(from, |b| b.max(from));
        let mut last = start.checked_add_days(Days::new(LOOKAHEAD_DAYS))?;
        if let Some(end) = self.ends_on() {
            last = last.min(end);
        }
        start
            .iter_days()
            .take_while(|d| *d <= last && is_supported(*d))
            .find(|d| self.occurs_on(*d))
    }

    /// Whether `date` is in a week or month that the interval counts.
    fn in_phase(&self, date: NaiveDate) -> bool {
        let interval = i64::from(self.interval.max(1));
        let periods = match self.freq {
            Frequency::Weekly => {
                let anchor = self.anchor().unwrap_or(DEFAULT_WEEK_ANCHOR);
                match (monday_of(anchor), monday_of(date)) {
                    (Some(a), Some(d)) => (d - a).num_days().div_euclid(7),
                    _ => return false,
                }
            }
            Frequency::Monthly => {
                let anchor = self.anchor().map_or(DEFAULT_MONTH_ANCHOR, month_number);
                month_number(date) - anchor
            }
        };
        periods.rem_euclid(interval) == 0
    }

    fn day_matches(&self, date: NaiveDate) -> bool {
        if self.byday.is_empty() {
            return self.anchor().is_some_and(|anchor| match self.freq {
                Frequency::Weekly => anchor.weekday() == date.weekday(),
                Frequency::Monthly => anchor.day() == date.day(),
            });
        }
        self.byday.iter().any(|by| {
            by.weekday == date.weekday()
                && match (self.freq, by.ordinal) {
                    (Frequency::Weekly, _) | (Frequency::Monthly, None) => true,
                    (Frequency::Monthly, Some(n)) => is_nth_weekday(date, n),
                }
        })
    }
}

/// Whether `date` is the `n`th of its weekday in its month, counting from the end
/// when `n` is negative.
fn is_nth_weekday(date: NaiveDate, n: i8) -> bool {
    let n = i32::from(n);
    let Ok(day) = i32::try_from(date.day()) else {
        return false;
    };
    if n > 0 {
        (day - 1) / 7 + 1 == n
    } else {
        let Some(days_in_month) = days_in_month(date) else {
            return false;
        };
        (days_in_month - day) / 7 + 1 == -n
    }
}

fn days_in_month(date: NaiveDate) -> Option<i32> {
    let first = date.with_day(1)?;
    let next_first = first.checked_add_months(chrono::Months::new(1))?;
    i32::try_from((next_first - first).num_days()).ok()
}

fn monday_of(date: NaiveDate) -> Option<NaiveDate> {
    date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))
}

fn month_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// Only the years iCalendar can write occur.
fn is_supported(date: NaiveDate) -> bool {
    (1..=9999).contains(&date.year())
}

/// The wall-clock time in [`TIME_ZONE`] at `moment`; `None` at chrono's limits.
pub(crate) fn local_date_time(moment: DateTime<Utc>) -> Option<NaiveDateTime> {
    let utc = moment.naive_utc();
    utc.checked_add_offset(TIME_ZONE.offset_from_utc_datetime(&utc).fix())
}

/// The instant of a wall-clock time in [`TIME_ZONE`], by the RFC 5545 rules: in the
/// spring-forward gap the offset before the gap applies (02:30 becomes 03:30 CEST);
/// an ambiguous autumn time is the earlier one (02:30 CEST).
pub fn resolve_local(local: NaiveDateTime) -> Option<DateTime<Tz>> {
    match TIME_ZONE.from_local_datetime(&local) {
        MappedLocalTime::Single(t) | MappedLocalTime::Ambiguous(t, _) => Some(t),
        MappedLocalTime::None => {
            let day_before = local.checked_sub_days(Days::new(1))?;
            let offset = TIME_ZONE
                .offset_from_local_datetime(&day_before)
                .earliest()?
                .fix();
            let utc = local.checked_sub_offset(offset)?;
            Some(TIME_ZONE.from_utc_datetime(&utc))
        }
    }
}

/// One occurrence on `date`: timed when `opens_at` is known, else the whole day.
fn occurrence(
    date: NaiveDate,
    opens_at: Option<NaiveTime>,
    closes_at: Option<NaiveTime>,
    note: Option<String>,
    schedule: Option<usize>,
) -> Option<Occurrence> {
    let (start, end) = match opens_at {
        Some(opens) => {
            let start_local = date.and_time(opens);
            let start = resolve_local(start_local)?;
            let end = closes_at.and_then(|closes| {
                let end_date = if closes <= opens {
                    date.succ_opt()?
                } else {
                    date
                };
                let end_local = end_date.and_time(closes);
                let end = resolve_local(end_local)?;
                // A start moved by the spring-forward gap may pass its end: keep the
                // planned length instead.
                if end > start {
                    Some(end)
                } else {
                    start.checked_add_signed(end_local - start_local)
                }
            });
            (start, end)
        }
        None => {
            let start = resolve_local(date.and_time(NaiveTime::MIN))?;
            let end = date
                .succ_opt()
                .and_then(|next| resolve_local(next.and_time(NaiveTime::MIN)));
            (start, end)
        }
    };
    Some(Occurrence {
        date,
        start,
        end,
        all_day: opens_at.is_none(),
        note,
        schedule,
    })
}

/// Orders by start, then end, then schedule; drops any that repeat an earlier start
/// and end (two schedules describing the same session).
fn sort_and_dedup(occurrences: &mut Vec<Occurrence>) {
    occurrences.sort_by_key(|o| (o.start, o.end, o.schedule));
    occurrences.dedup_by(|later, earlier| later.start == earlier.start && later.end == earlier.end);
}

/// Everything that happens on `date`; see [`Timetable::occurrences_on`].
pub fn occurrences_on(
    schedules: &[Schedule],
    exceptions: &[ScheduleException],
    date: NaiveDate,
) -> Vec<Occurrence> {
    Timetable::new(schedules, exceptions).occurrences_on(date)
}

/// Whether anything happens on `date`; see [`Timetable::happens_on`].
pub fn happens_on(
    schedules: &[Schedule],
    exceptions: &[ScheduleException],
    date: NaiveDate,
) -> bool {
    Timetable::new(schedules, exceptions).happens_on(date)
}

/// The first `n` occurrences starting at or after `after`; see
/// [`Timetable::next_occurrences`].
pub fn next_occurrences(
    schedules: &[Schedule],
    exceptions: &[ScheduleException],
    after: DateTime<Utc>,
    n: usize,
) -> Vec<Occurrence> {
    Timetable::new(schedules, exceptions).next_occurrences(after, n)
}

/// Whether something is going on at `moment`; see [`Timetable::is_open_at`].
pub fn is_open_at(
    schedules: &[Schedule],
    exceptions: &[ScheduleException],
    moment: DateTime<Utc>,
) -> bool {
    Timetable::new(schedules, exceptions).is_open_at(moment)
}

/// Schedule questions asked of an offering. They look at its schedules and exceptions
/// only, not at its `status` (a paused offering still has a pattern to show).
impl Offering {
    pub fn timetable(&self) -> Timetable<'_> {
        Timetable::new(&self.schedules, &self.exceptions)
    }

    pub fn occurrences_on(&self, date: NaiveDate) -> Vec<Occurrence> {
        self.timetable().occurrences_on(date)
    }

    pub fn happens_on(&self, date: NaiveDate) -> bool {
        self.timetable().happens_on(date)
    }

    pub fn next_occurrences(&self, after: DateTime<Utc>, n: usize) -> Vec<Occurrence> {
        self.timetable().next_occurrences(after, n)
    }

    pub fn is_open_at(&self, moment: DateTime<Utc>) -> bool {
        self.timetable().is_open_at(moment)
    }
}
