//! Generated schedules: weekly, every other week, or an nth weekday of the month,
//! between 08:00 and 22:00, with the Dutch description a person would write.

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};

use crate::schedule::{ByDay, Frequency, Schedule, ScheduleException, describe};
use crate::vocab::Lang;

use super::dice::Dice;

const WEEKDAYS: [(Weekday, u32); 7] = [
    (Weekday::Mon, 18),
    (Weekday::Tue, 20),
    (Weekday::Wed, 20),
    (Weekday::Thu, 20),
    (Weekday::Fri, 12),
    (Weekday::Sat, 8),
    (Weekday::Sun, 2),
];

#[derive(Clone, Copy)]
enum Pattern {
    Weekly,
    TwiceWeekly,
    Biweekly,
    Monthly,
}

const PATTERNS: [(Pattern, u32); 4] = [
    (Pattern::Weekly, 55),
    (Pattern::TwiceWeekly, 8),
    (Pattern::Biweekly, 15),
    (Pattern::Monthly, 22),
];

/// Start of a session in minutes after midnight: mornings, afternoons, evenings.
const START_SLOTS: [((u32, u32), u32); 3] = [
    ((8 * 60, 11 * 60), 50),
    ((13 * 60, 16 * 60), 30),
    ((18 * 60, 20 * 60 + 30), 20),
];

const DURATIONS: [u32; 7] = [45, 60, 90, 90, 120, 150, 180];

const LAST_CLOSING: u32 = 22 * 60;

/// One to two schedules for an offering that meets at fixed times.
pub(super) fn schedules(dice: &mut Dice) -> Vec<Schedule> {
    let mut list = vec![schedule(dice)];
    if dice.percent(8) {
        list.push(schedule(dice));
    }
    list
}

fn schedule(dice: &mut Dice) -> Schedule {
    let day = dice.weighted(&WEEKDAYS);
    let (freq, interval, byday) = match dice.weighted(&PATTERNS) {
        Pattern::Weekly => (Frequency::Weekly, 1, vec![ByDay::every(day)]),
        Pattern::TwiceWeekly => {
            let other = day.succ().succ().succ();
            let mut days = [day, other];
            days.sort_by_key(|d| d.num_days_from_monday());
            (Frequency::Weekly, 1, days.map(ByDay::every).to_vec())
        }
        Pattern::Biweekly => (Frequency::Weekly, 2, vec![ByDay::every(day)]),
        Pattern::Monthly => {
            let ordinal = *dice.pick(&[1, 1, 2, 3, 4, -1]);
            (Frequency::Monthly, 1, vec![ByDay::nth(ordinal, day)])
        }
    };
    let (opens_at, closes_at) = times(dice);
    // Every other week needs a first date to count from.
    let dtstart = (interval > 1).then(|| first_on_or_after(start_day(dice), day));
    let valid_from = if dtstart.is_none() && dice.percent(15) {
        Some(start_day(dice))
    } else {
        None
    };
    let valid_to = dice
        .percent(8)
        .then(|| days_after(reference_day(), dice.between(60, 400)));
    let mut schedule = Schedule {
        freq,
        interval,
        byday,
        opens_at,
        closes_at,
        valid_from,
        valid_to,
        dtstart,
        until: None,
        description: None,
    };
    schedule.description = Some(describe(&schedule, Lang::Nl));
    schedule
}

fn times(dice: &mut Dice) -> (Option<NaiveTime>, Option<NaiveTime>) {
    let (earliest, latest) = dice.weighted(&START_SLOTS);
    let opens = earliest + 15 * dice.between(0, (latest - earliest) / 15);
    let closes = (opens + *dice.pick(&DURATIONS)).min(LAST_CLOSING);
    (clock(opens), clock(closes))
}

fn clock(minutes: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
}

/// The day the generated data is "as of"; all dates are spread around it.
pub(super) const fn reference_day() -> NaiveDate {
    match NaiveDate::from_ymd_opt(2026, 11, 1) {
        Some(day) => day,
        None => NaiveDate::MIN,
    }
}

pub(super) fn days_before(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(day)
}

fn days_after(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(day)
}

/// A start date in the year before the reference day.
fn start_day(dice: &mut Dice) -> NaiveDate {
    days_before(reference_day(), dice.between(30, 400))
}

fn first_on_or_after(day: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - day.weekday().num_days_from_monday()) % 7;
    days_after(day, ahead)
}

/// The sessions in Christmas week are off.
pub(super) fn christmas_closure(schedule: &Schedule) -> Option<ScheduleException> {
    let weekday = schedule.byday.first()?.weekday;
    let date = NaiveDate::from_isoywd_opt(2026, 52, weekday)?;
    Some(ScheduleException {
        date,
        closed: true,
        opens_at: None,
        closes_at: None,
        note: Some("Kerstvakantie".to_string()),
    })
}
