//! What happens when, for the time filters ("today", "this week", "open now", a day
//! of the week), their facet counts and ranking by how soon and how often
//! ([`super::timing`]), worked out once per day for every offering and kept until
//! the date changes or the offering does.
//!
//! Answers come from the schedule engine itself ([`Schedule::occurs_on`],
//! [`Timetable`]), so search and the offering page always agree. A weekday bit set
//! from each schedule's pattern skips the days a schedule can never fall on, and a
//! date without an exception needs only [`Schedule::occurs_on`], which allocates
//! nothing; only offerings on today (or last night, for evenings past midnight) have
//! their occurrences worked out, for "open now" and for when today's end.

use chrono::{DateTime, Datelike, Days, NaiveDate, Timelike, Utc, Weekday};

use super::document::{Doc, Times, Visibility};
use crate::schedule::{Frequency, Schedule, Timetable};

/// "This week" is today and the six days after it, so that it never shrinks to a
/// single day on a Sunday.
pub(crate) const WEEK_DAYS: u64 = 7;

/// How far ahead dates are known: today and the 28 days after it, so that the four
/// weeks after today's last session always fit.
pub(crate) const AHEAD_DAYS: u64 = 29;

/// The time facts of one offering, for one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct DayFacts {
    /// Weekdays (bit 0 Monday) its schedules that have not ended fall on.
    pub weekdays: u8,
    /// Bit `d`: something happens on the date plus `d` days, for [`AHEAD_DAYS`].
    pub ahead: u32,
    /// When today's last session is over (without a known end: at the end of the
    /// day, as [`crate::schedule::Progress`] says), as Unix seconds; 0 when
    /// nothing happens today.
    pub today_until: i64,
    /// Every session of today is over at the agenda's moment (set by
    /// [`Agenda::day`]).
    pub over_today: bool,
    /// Going on at the agenda's moment: exactly [`Timetable::is_open_at`].
    pub open: bool,
    /// Minutes from the date's midnight to its first start this week, for sorting an
    /// agenda; `u32::MAX` when nothing happens this week.
    pub first_start: u32,
}

impl Default for DayFacts {
    fn default() -> DayFacts {
        DayFacts {
            weekdays: 0,
            ahead: 0,
            today_until: 0,
            over_today: false,
            open: false,
            first_start: u32::MAX,
        }
    }
}

impl DayFacts {
    /// Something happens today, over or not.
    pub fn today(&self) -> bool {
        self.ahead & 1 != 0
    }

    /// A session of today is still to come or going on: what "Vandaag" lists.
    pub fn still_today(&self) -> bool {
        self.today() && !self.over_today
    }

    pub fn tomorrow(&self) -> bool {
        self.ahead & 2 != 0
    }

    /// Still today, or on one of the six days after it: a session of today that
    /// is over does not count, as the list would show it as over.
    pub fn this_week(&self) -> bool {
        self.still_today() || self.ahead & ((1 << WEEK_DAYS) - 2) != 0
    }
}

/// Occurrences of yesterday and today that have a known end, as (start, end): what
/// "open now" looks at.
type Spans = Box<[(DateTime<Utc>, DateTime<Utc>)]>;

/// Works out the time facts of one offering for `date`.
fn day_facts(doc: &Doc, visibility: Visibility, date: NaiveDate) -> (DayFacts, Spans) {
    let mut day = DayFacts::default();
    if matches!(visibility, Visibility::Free | Visibility::Paused) {
        return (day, Box::new([]));
    }
    let times = doc.times();
    let (schedules, exceptions) = (&times.schedules, &times.exceptions);
    let timetable = Timetable::new(schedules, exceptions);
    let possible = schedules.iter().fold(0, |days, s| days | pattern_days(s));
    let happens = |date: NaiveDate| {
        // Exceptions may take a date away or add one outside every pattern.
        if exceptions.iter().any(|e| e.date == date) {
            timetable.happens_on(date)
        } else {
            possible & day_bit(date.weekday()) != 0 && schedules.iter().any(|s| s.occurs_on(date))
        }
    };
    day.weekdays = weekdays(schedules, date);
    // Opening hours are no dates to go to: only "open now" asks about them.
    let dates = if doc.sessions { AHEAD_DAYS } else { 0 };
    for offset in 0..dates {
        let Some(date) = date.checked_add_days(Days::new(offset)) else {
            break;
        };
        if happens(date) {
            day.ahead |= 1 << offset;
            if offset < WEEK_DAYS && day.first_start == u32::MAX {
                day.first_start = offset as u32 * 24 * 60 + first_minute(times, &timetable, date);
            }
        }
    }
    let yesterday = date
        .pred_opt()
        .filter(|d| !doc.sessions || happens(*d))
        .map(|d| timetable.occurrences_on(d))
        .unwrap_or_default();
    let today = if day.today() || !doc.sessions {
        timetable.occurrences_on(date)
    } else {
        Vec::new()
    };
    day.today_until = today
        .iter()
        .filter(|_| doc.sessions)
        .filter_map(|o| o.over_at().map(|t| t.timestamp()))
        .max()
        .unwrap_or(0);
    let spans = yesterday
        .iter()
        .chain(&today)
        .filter_map(|o| Some((o.start.to_utc(), o.end?.to_utc())))
        .collect();
    (day, spans)
}

/// Minutes after midnight of the first start on `day` (a day something happens on).
fn first_minute(times: &Times, timetable: &Timetable<'_>, day: NaiveDate) -> u32 {
    if times.exceptions.is_empty() {
        // Only the patterns decide; no need to build the occurrences.
        return times
            .schedules
            .iter()
            .filter(|s| s.occurs_on(day))
            .map(|s| s.opens_at.map_or(0, |t| t.hour() * 60 + t.minute()))
            .min()
            .unwrap_or(0);
    }
    timetable
        .occurrences_on(day)
        .first()
        .map_or(0, |o| o.start.hour() * 60 + o.start.minute())
}

/// Weekdays (bit 0 Monday) the schedules that have not ended by `date` fall on:
/// what the day-of-the-week filter asks. Shared with [`crate::refer`].
pub(crate) fn weekdays(schedules: &[Schedule], date: NaiveDate) -> u8 {
    schedules
        .iter()
        .filter(|s| s.ends_on().is_none_or(|end| end >= date))
        .fold(0, |days, s| days | pattern_days(s))
}

/// Weekdays (bit 0 Monday) a schedule's pattern can fall on: a superset, as a
/// monthly schedule without weekdays can fall on any day.
pub(crate) fn pattern_days(schedule: &Schedule) -> u8 {
    if !schedule.byday.is_empty() {
        return schedule
            .byday
            .iter()
            .fold(0, |days, by| days | day_bit(by.weekday));
    }
    match (schedule.freq, schedule.anchor()) {
        (_, None) => 0,
        (Frequency::Weekly, Some(anchor)) => day_bit(anchor.weekday()),
        (Frequency::Monthly, Some(_)) => ALL_DAYS,
    }
}

pub(crate) const ALL_DAYS: u8 = 0b111_1111;

/// Bit 0 is Monday.
pub(crate) fn day_bit(day: Weekday) -> u8 {
    1 << day.num_days_from_monday()
}

/// The time facts of every offering for one date, and "open now" for one moment.
/// Kept in the index's snapshot: a reopen on the same day searches at once, where
/// working them out again took 24 ms at 50,000 offerings (natively; more on a
/// phone) before the first results.
#[derive(Debug, serde::Deserialize)]
#[serde(from = "KeptAgenda")]
pub(crate) struct Agenda {
    pub date: NaiveDate,
    days: Vec<DayFacts>,
    /// The slots with spans (only those can be open), by slot.
    spans: Vec<(u32, Spans)>,
    moment: Option<DateTime<Utc>>,
    /// The moment as Unix seconds.
    moment_secs: Option<i64>,
}

impl Agenda {
    pub fn new(date: NaiveDate, docs: &[Option<Doc>], visibility: &[Visibility]) -> Agenda {
        let mut agenda = Agenda {
            date,
            days: Vec::with_capacity(docs.len()),
            spans: Vec::new(),
            moment: None,
            moment_secs: None,
        };
        for (slot, (doc, visibility)) in docs.iter().zip(visibility).enumerate() {
            agenda.days.push(DayFacts::default());
            agenda.update(slot as u32, doc.as_ref(), *visibility);
        }
        agenda
    }

    /// Works the facts of the offering in `slot` out again after it changed.
    pub fn update(&mut self, slot: u32, doc: Option<&Doc>, visibility: Visibility) {
        let (mut day, spans) = match doc {
            Some(doc) => day_facts(doc, visibility, self.date),
            None => (DayFacts::default(), Box::default()),
        };
        if let Some(moment) = self.moment {
            day.open = is_open(&spans, moment);
        }
        let at = slot as usize;
        if self.days.len() <= at {
            self.days.resize(at + 1, DayFacts::default());
        }
        self.days[at] = day;
        let at = self.spans.partition_point(|(s, _)| *s < slot);
        let present = self.spans.get(at).is_some_and(|(s, _)| *s == slot);
        match (present, spans.is_empty()) {
            (true, true) => {
                self.spans.remove(at);
            }
            (true, false) => self.spans[at].1 = spans,
            (false, false) => self.spans.insert(at, (slot, spans)),
            (false, true) => {}
        }
    }

    /// Whether it has facts for every one of `slots` (one read from a damaged
    /// snapshot may not).
    pub fn covers(&self, slots: usize) -> bool {
        self.days.len() >= slots
            && self
                .spans
                .iter()
                .all(|(s, _)| (*s as usize) < self.days.len())
    }

    /// Sets the moment "open now" is about.
    pub fn at(&mut self, moment: DateTime<Utc>) {
        if self.moment == Some(moment) {
            return;
        }
        self.moment = Some(moment);
        self.moment_secs = Some(moment.timestamp());
        for (slot, spans) in &self.spans {
            self.days[*slot as usize].open = is_open(spans, moment);
        }
    }

    /// The facts of `slot` at the agenda's moment.
    #[inline]
    pub fn day(&self, slot: u32) -> DayFacts {
        let mut day = self.days[slot as usize];
        day.over_today = day.today() && self.moment_secs.is_some_and(|m| day.today_until <= m);
        day
    }
}

/// An [`Agenda`] as a snapshot keeps it: dates and times as numbers, and no
/// moment (the first search sets its own).
#[derive(serde::Deserialize)]
struct KeptAgenda {
    days_from_ce: i32,
    days: Vec<DayFacts>,
    /// Starts and ends as Unix seconds (occurrences start and end on a minute).
    spans: Vec<(u32, Vec<(i64, i64)>)>,
}

impl serde::Serialize for Agenda {
    /// As [`KeptAgenda`], written from the agenda itself (not a copy of it).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let spans = self.spans.iter().map(|(slot, spans)| {
            let secs = spans.iter().map(|(s, e)| (s.timestamp(), e.timestamp()));
            (*slot, secs.collect::<Vec<_>>())
        });
        let mut kept = serde::Serializer::serialize_struct(s, "KeptAgenda", 3)?;
        serde::ser::SerializeStruct::serialize_field(
            &mut kept,
            "days_from_ce",
            &self.date.num_days_from_ce(),
        )?;
        serde::ser::SerializeStruct::serialize_field(&mut kept, "days", &self.days)?;
        serde::ser::SerializeStruct::serialize_field(
            &mut kept,
            "spans",
            &spans.collect::<Vec<_>>(),
        )?;
        serde::ser::SerializeStruct::end(kept)
    }
}

impl From<KeptAgenda> for Agenda {
    fn from(kept: KeptAgenda) -> Agenda {
        let time = |secs| DateTime::from_timestamp(secs, 0).unwrap_or_default();
        // What depends on the moment is set again by the first search's.
        let days = kept
            .days
            .into_iter()
            .map(|day| DayFacts {
                open: false,
                over_today: false,
                ..day
            })
            .collect();
        Agenda {
            date: NaiveDate::from_num_days_from_ce_opt(kept.days_from_ce).unwrap_or_default(),
            days,
            spans: kept
                .spans
                .into_iter()
                .map(|(slot, spans)| {
                    let spans = spans.into_iter().map(|(s, e)| (time(s), time(e)));
                    (slot, spans.collect())
                })
                .collect(),
            moment: None,
            moment_secs: None,
        }
    }
}

/// Exactly [`Timetable::is_open_at`]: an occurrence of yesterday or today that has
/// started and not yet ended.
fn is_open(spans: &[(DateTime<Utc>, DateTime<Utc>)], moment: DateTime<Utc>) -> bool {
    spans
        .iter()
        .any(|(start, end)| *start <= moment && moment < *end)
}
