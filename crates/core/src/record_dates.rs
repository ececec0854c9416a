//! How records read and write their dates and times: "2026-12-05", "09:30" and
//! "2026-12-05T10:00:00Z". The usual forms are read by hand; anything else goes
//! to chrono's general parser, so what it accepted is accepted still. A first
//! sync reads 50,000 records on the device, and chrono's general parser (a
//! format read item by item) was a quarter of reading one in WASM.

use chrono::{DateTime, NaiveDate, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The number `digits` spell, when they are all ASCII digits.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// "YYYY-MM-DD", as chrono writes a date.
fn date(text: &str) -> Option<NaiveDate> {
    match text.as_bytes() {
        [y @ .., b'-', m1, m2, b'-', d1, d2] if y.len() == 4 => NaiveDate::from_ymd_opt(
            i32::try_from(number(y)?).ok()?,
            number(&[*m1, *m2])?,
            number(&[*d1, *d2])?,
        ),
        _ => None,
    }
}

/// "HH:MM".
fn time(text: &str) -> Option<NaiveTime> {
    match text.as_bytes() {
        [h1, h2, b':', m1, m2] => {
            NaiveTime::from_hms_opt(number(&[*h1, *h2])?, number(&[*m1, *m2])?, 0)
        }
        _ => None,
    }
}

fn invalid<E: serde::de::Error>(text: &str, expected: &str) -> E {
    E::custom(format_args!("invalid {expected} `{text}`"))
}

/// Serde for a date (`#[serde(with = "crate::record_dates::day")]`).
pub mod day {
    use super::*;

    pub fn serialize<S: Serializer>(day: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        day.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        date(&text)
            .or_else(|| text.parse().ok())
            .ok_or_else(|| invalid(&text, "date: expected YYYY-MM-DD"))
    }
}

/// Serde for an optional date.
pub mod day_opt {
    use super::*;

    pub fn serialize<S: Serializer>(day: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        day.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        #[derive(Deserialize)]
        struct Day(#[serde(with = "super::day")] NaiveDate);
        Ok(Option::<Day>::deserialize(d)?.map(|Day(day)| day))
    }
}

/// Serde for an optional "HH:MM" time.
pub mod hhmm_opt {
    use super::*;

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            // Written directly, not through a format string read each time.
            Some(t) => s.collect_str(&format_args!("{:02}:{:02}", t.hour(), t.minute())),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        let text: Option<std::borrow::Cow<'de, str>> = Option::deserialize(d)?;
        text.map(|t| {
            time(&t)
                .or_else(|| NaiveTime::parse_from_str(&t, "%H:%M").ok())
                .ok_or_else(|| invalid(&t, "time: expected HH:MM"))
        })
        .transpose()
    }
}

/// Serde for an optional moment in UTC: RFC 3339's strict reader first.
pub mod utc_opt {
    use super::*;

    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        at.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        let text: Option<std::borrow::Cow<'de, str>> = Option::deserialize(d)?;
        text.map(|t| {
            DateTime::parse_from_rfc3339(&t)
                .map(|at| at.with_timezone(&Utc))
                .or_else(|_| t.parse())
                .map_err(|_| invalid(&t, "moment: expected RFC 3339"))
        })
        .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_forms_read_as_chrono_reads_them() {
        for text in ["2026-12-05", "2024-02-29", "0001-01-01", "9999-12-31"] {
            assert_eq!(date(text), text.parse().ok(), "{text}");
        }
        for text in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-05",
            "20a6-12-05",
        ] {
            assert_eq!(date(text), None, "{text}");
        }
        for text in ["09:30", "00:00", "23:59"] {
            assert_eq!(time(text), NaiveTime::parse_from_str(text, "%H:%M").ok());
        }
        for text in ["24:00", "12:60", "9:30", "0930"] {
            assert_eq!(time(text), None, "{text}");
        }
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Dated {
        #[serde(with = "day")]
        day: NaiveDate,
        #[serde(default, with = "day_opt")]
        until: Option<NaiveDate>,
        #[serde(default, with = "hhmm_opt")]
        opens_at: Option<NaiveTime>,
        #[serde(default, with = "utc_opt")]
        updated_at: Option<DateTime<Utc>>,
    }

    #[test]
    fn records_read_what_chrono_wrote_and_what_it_read_and_write_as_before() {
        let json = r#"{"day":"2026-12-05","until":"2027-01-31","opens_at":"09:30","updated_at":"2026-12-05T10:00:00.123Z"}"#;
        let dated: Dated = serde_json::from_str(json).expect("dated");
        assert_eq!(serde_json::to_string(&dated).expect("json"), json);
        // Forms only chrono's general parser reads.
        let loose =
            r#"{"day":" 2026-12-05","opens_at":"9:30","updated_at":"2026-12-05 11:00:00+01:00"}"#;
        let dated: Dated = serde_json::from_str(loose).expect("dated");
        assert_eq!(
            dated.day,
            NaiveDate::from_ymd_opt(2026, 12, 5).expect("a day")
        );
        assert_eq!(dated.until, None);
        assert_eq!(dated.opens_at, NaiveTime::from_hms_opt(9, 30, 0));
        assert_eq!(
            dated.updated_at.map(|at| at.to_rfc3339()),
            Some("2026-12-05T10:00:00+00:00".into())
        );
        let wrong = serde_json::from_str::<Dated>(r#"{"day":"2026-02-30"}"#).unwrap_err();
        assert!(
            wrong
                .to_string()
                .contains("invalid date: expected YYYY-MM-DD `2026-02-30`"),
            "{wrong}"
        );
    }
}
