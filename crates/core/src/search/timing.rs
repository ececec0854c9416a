//! How soon and how often an offering happens, for ranking: after how well it fits,
//! what a person can go to often and soon comes first, so that a yearly street
//! party does not come before the weekly walk-in groups.
//!
//! Worked out from the agenda's dates ([`DayFacts`], from the schedule engine) at
//! the query's "now": the four weeks counted start today, or tomorrow once today's
//! last session is over.

use serde::Serialize;

use super::agenda::DayFacts;

/// Days counted for [`Timing::dates`]: four weeks.
const WINDOW_DAYS: u32 = 28;

/// How often an offering happens in the coming four weeks, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rhythm {
    /// Four dates or more: every week, or more often.
    Weekly,
    /// It has no dates: by appointment, or whenever it suits the person; as
    /// available as can be, but it takes a call first.
    WhenItSuits,
    /// Two or three dates: every other week.
    EveryOtherWeek,
    /// One date: monthly, or once.
    Once,
    /// It has dates, but none in the coming four weeks (a yearly or summer event,
    /// one that has ended, or a paused one).
    Later,
}

/// When an offering happens, as far as ranking is concerned; every hit says it, so
/// that its place in the list can be explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Timing {
    pub rhythm: Rhythm,
    /// Dates in the coming four weeks.
    pub dates: u8,
    /// Days from today to its next date in the coming four weeks (0: later
    /// today); `None` when there is none.
    pub next_in_days: Option<u8>,
}

impl Timing {
    /// The timing of an offering with these time facts at `now` (Unix seconds);
    /// `dated` when it has schedules or dated exceptions at all.
    pub(crate) fn of(day: DayFacts, dated: bool, now: i64) -> Timing {
        let today_over = day.today() && day.today_until <= now;
        let first = u32::from(today_over);
        let window = (day.ahead >> first) & ((1 << WINDOW_DAYS) - 1);
        let dates = window.count_ones() as u8;
        let rhythm = match dates {
            _ if !dated => Rhythm::WhenItSuits,
            0 => Rhythm::Later,
            1 => Rhythm::Once,
            2 | 3 => Rhythm::EveryOtherWeek,
            _ => Rhythm::Weekly,
        };
        Timing {
            rhythm,
            dates,
            next_in_days: (window != 0).then(|| (window.trailing_zeros() + first) as u8),
        }
    }

    /// What ranking compares: the rhythm, then the sooner.
    pub(crate) fn rank(self) -> (Rhythm, u8) {
        (self.rhythm, self.next_in_days.unwrap_or(u8::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(ahead: u32, today_until: i64) -> DayFacts {
        DayFacts {
            ahead,
            today_until,
            ..DayFacts::default()
        }
    }

    /// Every seventh day from `first`.
    fn weekly(first: u32) -> u32 {
        (first..29).step_by(7).fold(0, |bits, d| bits | 1 << d)
    }

    #[test]
    fn weekly_stays_weekly_after_todays_session_is_over() {
        let tuesdays = weekly(0);
        let before = Timing::of(day(tuesdays, 1_000), true, 500);
        assert_eq!(before.rhythm, Rhythm::Weekly);
        assert_eq!(before.next_in_days, Some(0));
        assert_eq!(before.dates, 4);
        let after = Timing::of(day(tuesdays, 1_000), true, 1_000);
        assert_eq!(
            after.rhythm,
            Rhythm::Weekly,
            "today plus 28 days holds five"
        );
        assert_eq!(after.next_in_days, Some(7));
        assert_eq!(after.dates, 4);
    }

    #[test]
    fn rhythms_from_the_dates_in_four_weeks() {
        let rhythm = |ahead: u32| Timing::of(day(ahead, 0), true, 0).rhythm;
        assert_eq!(rhythm(weekly(3) | weekly(4)), Rhythm::Weekly);
        assert_eq!(rhythm(1 << 3 | 1 << 17), Rhythm::EveryOtherWeek);
        assert_eq!(rhythm(1 << 20), Rhythm::Once);
        assert_eq!(rhythm(0), Rhythm::Later);
        assert_eq!(rhythm(1 << 28), Rhythm::Later, "beyond four weeks");
        assert_eq!(
            Timing::of(day(1 | 1 << 28, 10), true, 10).rhythm,
            Rhythm::Once,
            "the 28th day after today counts once today's are over"
        );
        assert_eq!(Timing::of(day(0, 0), false, 0).rhythm, Rhythm::WhenItSuits);
        assert!(Rhythm::Weekly < Rhythm::WhenItSuits);
        assert!(Rhythm::WhenItSuits < Rhythm::EveryOtherWeek);
        assert!(Rhythm::EveryOtherWeek < Rhythm::Once && Rhythm::Once < Rhythm::Later);
    }

    #[test]
    fn sooner_ranks_first_within_a_rhythm() {
        let soon = Timing::of(day(weekly(1), 0), true, 0);
        let later = Timing::of(day(weekly(5), 0), true, 0);
        assert!(soon.rank() < later.rank());
        let monthly_tomorrow = Timing::of(day(1 << 1, 0), true, 0);
        assert!(
            later.rank() < monthly_tomorrow.rank(),
            "how often comes first"
        );
        assert_eq!(
            serde_json::to_value(soon).unwrap(),
            serde_json::json!({"rhythm": "weekly", "dates": 4, "next_in_days": 1})
        );
    }
}
