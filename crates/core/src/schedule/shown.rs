//! The time a list tells about an offering at a moment: on a card, the session that
//! matched the list's window ("vandaag 10:00–12:30", over or not), with the closure
//! it skips or comes near ("Niet op 24 december – 1 januari: Tussen kerst en oud en
//! nieuw"); in the agenda, a day's sessions, those over marked, and those a closure
//! cancels with its note.
//!
//! What is a session and what are opening hours: the model's `by_appointment`. An
//! offering by appointment (a GP practice, the child health clinic) has no sessions
//! to go to; its schedules are the hours it is open, when you can call or have your
//! appointment. Its card says "Op afspraak", its page the hours and "open now", and
//! it is in no agenda and under no "today" (see [`Offering::has_sessions`]).
//!
//! "Today" is the date in [`super::TIME_ZONE`] at the moment passed in; the core
//! reads no clock.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;

use super::recurrence::{Occurrence, local_date_time};
use crate::closures::{Closure, upcoming_closures};
use crate::model::Offering;

/// How long after the date a card shows a closure still counts as near it: a
/// closure in the week after the next date is worth knowing now.
pub const NEAR_DAYS: u64 = 7;

/// The days of a week's list (the agenda, "Komende 7 dagen"): today and the six
/// days after it, so that it never shrinks to a single day on a Sunday.
pub const WEEK_DAYS: u64 = 7;

/// The days of the week's list that starts `today`, in order.
pub fn week_of(today: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    today.iter_days().take(WEEK_DAYS as usize)
}

/// The last day of the week's list that starts `today`: what the agenda names
/// ("tot en met vrijdag 18 december").
pub fn week_last_day(today: NaiveDate) -> Option<NaiveDate> {
    week_of(today).last()
}

/// The dates a list is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// From now on, as far as dates are known (no time filter).
    FromNow,
    /// Today.
    Today,
    /// Tomorrow.
    Tomorrow,
    /// Today and the six days after it.
    Week,
    /// Going on now.
    Now,
}

/// Where a session is at the moment asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Progress {
    /// It starts later.
    Later,
    /// It has started and not ended.
    GoingOn,
    /// It has ended. A session without a known end counts as going on until the
    /// end of its day: the guide cannot say it is over when it does not know.
    Over,
}

impl Progress {
    /// Where `occurrence` is at `now`.
    pub fn of(occurrence: &Occurrence, now: DateTime<Utc>) -> Progress {
        if now < occurrence.start {
            return Progress::Later;
        }
        match occurrence.over_at() {
            Some(end) if now >= end => Progress::Over,
            _ => Progress::GoingOn,
        }
    }
}

impl Occurrence {
    /// When it is over: its end, or without a known end the end of its day.
    pub fn over_at(&self) -> Option<DateTime<Tz>> {
        self.end.or_else(|| {
            let next_day = self.date.succ_opt()?;
            super::resolve_local(next_day.and_time(chrono::NaiveTime::MIN))
        })
    }
}

/// One session as a list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownSession {
    pub occurrence: Occurrence,
    pub progress: Progress,
    /// Days from today to its date: 0 today, 1 tomorrow (-1 for last night's
    /// session that goes on past midnight).
    pub in_days: i64,
}

/// What a card tells about when an offering is.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// By appointment: no dates to go to. `open_now` is whether its opening hours
    /// say it is open at the moment, `None` when it has none.
    ByAppointment { open_now: Option<bool> },
    /// The session that matched the window, and the closure it skips or comes near.
    Session {
        session: ShownSession,
        closure: Option<Closure>,
    },
    /// No session in the window; the closure that explains why, if one does.
    Nothing { closure: Option<Closure> },
}

impl Offering {
    /// Whether its schedules are sessions to go to, rather than opening hours (an
    /// offering by appointment): only sessions belong in an agenda or under
    /// "today".
    pub fn has_sessions(&self) -> bool {
        !self.by_appointment
    }

    /// What a card in a list about `window` tells about when it is, at `now`: the
    /// first session in the window not yet over; when all are over, the last one
    /// (marked over); never a date outside the window.
    pub fn shown(&self, window: Window, now: DateTime<Utc>) -> Shown {
        if !self.has_sessions() {
            let open_now = (!self.schedules.is_empty()).then(|| self.is_open_at(now));
            return Shown::ByAppointment { open_now };
        }
        let Some(today) = local_date_time(now).map(|t| t.date()) else {
            return Shown::Nothing { closure: None };
        };
        let session = self.session_in(window, today, now);
        let until = match (&session, window_end(window, today)) {
            (Some(s), _) => s.occurrence.date.checked_add_days(Days::new(NEAR_DAYS)),
            (None, end) => end,
        };
        let closure = until.and_then(|until| self.skipping_closure(today, until));
        match session {
            Some(session) => Shown::Session { session, closure },
            None => Shown::Nothing { closure },
        }
    }

    fn session_in(
        &self,
        window: Window,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Option<ShownSession> {
        let timetable = self.timetable();
        let shown = |occurrence: Occurrence| ShownSession {
            progress: Progress::of(&occurrence, now),
            in_days: (occurrence.date - today).num_days(),
            occurrence,
        };
        let yesterday = today.pred_opt();
        let (first, days) = match window {
            Window::FromNow => {
                // One going on since earlier (last night's, this morning's) first.
                let going_on = [yesterday, Some(today)]
                    .into_iter()
                    .flatten()
                    .flat_map(|d| timetable.occurrences_on(d))
                    .find(|o| Progress::of(o, now) == Progress::GoingOn);
                let next = || timetable.next_occurrences(now, 1).into_iter().next();
                return going_on.or_else(next).map(shown);
            }
            Window::Now => {
                return [yesterday, Some(today)]
                    .into_iter()
                    .flatten()
                    .flat_map(|d| timetable.occurrences_on(d))
                    .find(|o| o.is_open_at(now))
                    .map(shown);
            }
            Window::Today => (today, 1),
            Window::Tomorrow => (today.succ_opt()?, 1),
            Window::Week => (today, WEEK_DAYS as usize),
        };
        let all: Vec<Occurrence> = first
            .iter_days()
            .take(days)
            .flat_map(|d| timetable.occurrences_on(d))
            .collect();
        let not_over = all
            .iter()
            .position(|o| Progress::of(o, now) != Progress::Over);
        let at = not_over.or(all.len().checked_sub(1))?;
        all.into_iter().nth(at).map(shown)
    }

    /// The first closure not over by `today` that starts on or before `until` and
    /// takes away a date the offering would have had.
    fn skipping_closure(&self, today: NaiveDate, until: NaiveDate) -> Option<Closure> {
        self.skipping_closures(today, until).into_iter().next()
    }

    /// The closures not over by `today` that start on or before `until` and take
    /// away a date the offering would have had, in order: what a card, a referral
    /// slip and the patient's page warn of.
    pub fn skipping_closures(&self, today: NaiveDate, until: NaiveDate) -> Vec<Closure> {
        upcoming_closures(&self.exceptions, today)
            .into_iter()
            .take_while(|c| c.first <= until)
            .filter(|c| {
                c.days()
                    .filter(|d| *d >= today)
                    .any(|d| self.schedules.iter().any(|s| s.occurs_on(d)))
            })
            .collect()
    }

    /// Whether a closure cancels one of its regular sessions on one of `days`.
    /// The agenda of those days shows such a session crossed out with the
    /// closure's note ([`Offering::agenda_rows`]), whatever the closure: one day,
    /// or a run of days that takes away every session of the week (Huiskamer De
    /// Linde in the Christmas holidays). Search's time filters find what takes
    /// place, so the agenda adds the offerings this finds.
    pub fn cancelled_in(&self, days: impl IntoIterator<Item = NaiveDate>) -> bool {
        if !self.has_sessions() || !self.exceptions.iter().any(|e| e.closed) {
            return false;
        }
        let timetable = self.timetable();
        days.into_iter()
            .any(|d| !timetable.skipped_on(d).is_empty())
    }

    /// Its agenda rows on `date` at `now`: the sessions, with where they are, and
    /// the regular sessions a closure takes away, with its note. None for an
    /// offering without sessions (opening hours are no agenda).
    pub fn agenda_rows(&self, date: NaiveDate, now: DateTime<Utc>) -> Vec<AgendaRow> {
        if !self.has_sessions() {
            return Vec::new();
        }
        let timetable = self.timetable();
        let mut rows: Vec<AgendaRow> = timetable
            .occurrences_on(date)
            .into_iter()
            .map(|o| AgendaRow {
                state: RowState::Session(Progress::of(&o, now)),
                occurrence: o,
            })
            .collect();
        rows.extend(timetable.skipped_on(date).into_iter().map(|o| AgendaRow {
            state: RowState::Cancelled {
                note: o.note.clone(),
            },
            occurrence: o,
        }));
        rows.sort_by_key(|r| r.occurrence.start);
        rows
    }
}

/// The last date of a window, for closures that explain why nothing is in it.
fn window_end(window: Window, today: NaiveDate) -> Option<NaiveDate> {
    match window {
        Window::FromNow => today.checked_add_days(Days::new(NEAR_DAYS)),
        Window::Today | Window::Now => Some(today),
        Window::Tomorrow => today.succ_opt(),
        Window::Week => week_last_day(today),
    }
}

/// One row of a day in the agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaRow {
    pub occurrence: Occurrence,
    pub state: RowState,
}

/// Whether a row of the agenda takes place, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub enum RowState {
    Session(Progress),
    /// A closure takes it away; its note says why.
    Cancelled {
        note: Option<String>,
    },
}

#[cfg(test)]
mod tests;
