//! When an offering happens: HSDS-style recurring schedules in Europe/Amsterdam.

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod describe;
mod recurrence;
mod shown;

pub use describe::{
    YEAR_IS_CLEAR_MONTHS, date_needs_year, describe, describe_pattern, describe_period,
    weekday_name,
};
pub(crate) use describe::{day_date, long_date, ordinal_name};
pub(crate) use recurrence::{DayChange, local_date_time};
pub use recurrence::{
    LOOKAHEAD_DAYS, Occurrence, Timetable, happens_on, is_open_at, next_occurrences,
    occurrences_on, resolve_local,
};
pub use shown::{
    AgendaRow, NEAR_DAYS, Progress, RowState, Shown, ShownSession, WEEK_DAYS, Window,
    week_last_day, week_of,
};

/// The time zone every schedule is in.
pub const TIME_ZONE: chrono_tz::Tz = chrono_tz::Europe::Amsterdam;

/// How often a schedule repeats (RFC 5545 / HSDS `freq`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Weekly,
    Monthly,
}

/// A weekday, optionally with an ordinal within the month: "MO", "1SA", "-1FR".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByDay {
    /// 1..=5 from the start of the month, -1..=-5 from the end; `None` = every.
    pub ordinal: Option<i8>,
    pub weekday: Weekday,
}

/// One recurring pattern (HSDS `schedule`). Times are wall-clock times in
/// [`TIME_ZONE`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    pub freq: Frequency,
    /// Every `interval` weeks or months; 1 = every.
    #[serde(default = "one")]
    pub interval: u32,
    pub byday: Vec<ByDay>,
    /// "HH:MM"
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::record_dates::hhmm_opt"
    )]
    pub opens_at: Option<NaiveTime>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::record_dates::hhmm_opt"
    )]
    pub closes_at: Option<NaiveTime>,
    /// The schedule applies from this date (inclusive).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::record_dates::day_opt"
    )]
    pub valid_from: Option<NaiveDate>,
    /// The schedule applies until this date (inclusive).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::record_dates::day_opt"
    )]
    pub valid_to: Option<NaiveDate>,
    /// First occurrence; anchors the `interval` count. Defaults to `valid_from`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::record_dates::day_opt"
    )]
    pub dtstart: Option<NaiveDate>,
    /// Last possible occurrence date (inclusive), as RFC 5545 UNTIL.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::record_dates::day_opt"
    )]
    pub until: Option<NaiveDate>,
    /// Human description, e.g. "elke eerste zaterdag van de maand".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn one() -> u32 {
    1
}

/// A dated change to the regular schedule: cancelled, or other times that day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleException {
    #[serde(with = "crate::record_dates::day")]
    pub date: NaiveDate,
    /// true: nothing happens that day.
    #[serde(default)]
    pub closed: bool,
    /// Other times that day (when not closed); may also add an extra date.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::record_dates::hhmm_opt"
    )]
    pub opens_at: Option<NaiveTime>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::record_dates::hhmm_opt"
    )]
    pub closes_at: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

const WEEKDAY_CODES: [(Weekday, &str); 7] = [
    (Weekday::Mon, "MO"),
    (Weekday::Tue, "TU"),
    (Weekday::Wed, "WE"),
    (Weekday::Thu, "TH"),
    (Weekday::Fri, "FR"),
    (Weekday::Sat, "SA"),
    (Weekday::Sun, "SU"),
];

impl ByDay {
    pub fn every(weekday: Weekday) -> ByDay {
        ByDay {
            ordinal: None,
            weekday,
        }
    }

    pub fn nth(ordinal: i8, weekday: Weekday) -> ByDay {
        ByDay {
            ordinal: Some(ordinal),
            weekday,
        }
    }

    /// The RFC 5545 BYDAY form: "MO", "1SA", "-1FR".
    pub fn to_rfc5545(self) -> String {
        let code = WEEKDAY_CODES
            .iter()
            .find(|(w, _)| *w == self.weekday)
            .map_or("MO", |(_, c)| c);
        match self.ordinal {
            Some(n) => format!("{n}{code}"),
            None => code.to_string(),
        }
    }

    /// Parses "MO", "1SA", "+2TU", "-1FR". Ordinals must be within ±1..=5.
    pub fn parse(text: &str) -> Option<ByDay> {
        let text = text.trim();
        if text.len() < 2 || !text.is_char_boundary(text.len() - 2) {
            return None;
        }
        let (num, code) = text.split_at(text.len() - 2);
        let weekday = WEEKDAY_CODES
            .iter()
            .find(|(_, c)| c.eq_ignore_ascii_case(code))
            .map(|(w, _)| *w)?;
        let ordinal = if num.is_empty() {
            None
        } else {
            let n: i8 = num.parse().ok()?;
            if n == 0 || !(-5..=5).contains(&n) {
                return None;
            }
            Some(n)
        };
        Some(ByDay { ordinal, weekday })
    }
}

impl Serialize for ByDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc5545())
    }
}

impl<'de> Deserialize<'de> for ByDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        ByDay::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format_args!(
                "invalid byday `{text}`: expected e.g. MO, 1SA or -1FR"
            ))
        })
    }
}
