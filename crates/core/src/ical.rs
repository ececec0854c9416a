//! "Add to calendar": an offering as an iCalendar file (RFC 5545), written by hand to
//! keep the WASM small.
//!
//! One VEVENT per schedule with its recurrence rule, so a calendar keeps showing the
//! sessions without the guide; the exceptions become EXDATEs (closed days and days
//! with other times) and separate VEVENTs (the other times and extra dates). The
//! recurrence follows the same rules as [`crate::schedule`]: DTSTART is the schedule's
//! first occurrence (its `begins_on`, or today when it has none), so the RRULE's
//! interval counts from a date in step with our anchor. Notes on exceptions that keep
//! the regular times are not exported.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use crate::model::Offering;
use crate::schedule::{
    ByDay, DayChange, Frequency, Occurrence, Schedule, TIME_ZONE, Timetable, local_date_time,
    resolve_local,
};
use crate::vocab::Lang;

/// Lines longer than this many octets are folded (RFC 5545 section 3.1).
const MAX_LINE_OCTETS: usize = 75;

/// Europe/Amsterdam with the EU rule (since 1996): summer time from the last Sunday of
/// March 02:00 to the last Sunday of October 03:00.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// The offering as a VCALENDAR: a VTIMEZONE for Europe/Amsterdam, one VEVENT per
/// schedule (UID `<offering id>-<schedule index>@wijkgids`) and one per exception
/// occurrence (UID `<offering id>-<yyyymmdd>-<n>@wijkgids`). `now` is the DTSTAMP, and
/// the first date looked at for schedules without a start date. CRLF line endings,
/// lines folded at 75 octets.
pub fn offering_to_ics(offering: &Offering, lang: Lang, now: DateTime<Utc>) -> String {
    let mut ics = Ics::default();
    ics.line("BEGIN:VCALENDAR");
    ics.line("VERSION:2.0");
    ics.line(&format!(
        "PRODID:-//Wijkgids//Wijkgids {}//{}",
        crate::VERSION,
        lang.code().to_uppercase()
    ));
    ics.line("CALSCALE:GREGORIAN");
    ics.line("METHOD:PUBLISH");
    VTIMEZONE.iter().for_each(|line| ics.line(line));

    let details = EventDetails::new(offering, lang, now);
    let timetable = offering.timetable();
    let today = local_date_time(now).map_or_else(|| now.date_naive(), |t| t.date());
    for (index, schedule) in offering.schedules.iter().enumerate() {
        schedule_event(&mut ics, &details, &timetable, index, schedule, today);
    }
    for date in timetable.exception_dates() {
        exception_events(&mut ics, &details, &timetable, date);
    }
    ics.line("END:VCALENDAR");
    ics.text
}

/// What every event of the offering says.
struct EventDetails {
    id: String,
    stamp: String,
    summary: String,
    description: String,
    location: Option<String>,
    url: Option<String>,
}

impl EventDetails {
    fn new(offering: &Offering, lang: Lang, now: DateTime<Utc>) -> Self {
        let mut description = offering.summary_in(lang).trim().to_string();
        if let Some(join) = offering.how_to_join.as_deref().map(str::trim)
            && !join.is_empty()
        {
            description.push_str("\n\n");
            description.push_str(join);
        }
        let location = match &offering.location {
            Some(l) => {
                let place = format!("{} {}", l.postcode.trim(), l.city.trim());
                let parts = [l.name.trim(), l.address.trim(), place.trim()];
                let parts: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
                (!parts.is_empty()).then(|| parts.join(", "))
            }
            None if offering.online => Some("Online".to_string()),
            None => offering.at_home.then(|| {
                match lang {
                    Lang::Nl => "Bij je thuis",
                    Lang::En => "At your home",
                }
                .to_string()
            }),
        };
        EventDetails {
            id: offering.id.to_string(),
            stamp: utc_stamp(now),
            summary: offering.title_in(lang).trim().to_string(),
            description,
            location,
            url: offering.contact.website.as_deref().and_then(uri),
        }
    }

    /// UID, DTSTAMP and the descriptive properties.
    fn write(&self, ics: &mut Ics, uid: &str, note: Option<&str>) {
        ics.line(&format!("UID:{uid}@wijkgids"));
        ics.line(&format!("DTSTAMP:{}", self.stamp));
        ics.text_property("SUMMARY", &self.summary);
        match note {
            Some(note) => {
                ics.text_property("DESCRIPTION", &format!("{note}\n\n{}", self.description))
            }
            None => ics.text_property("DESCRIPTION", &self.description),
        }
        if let Some(location) = &self.location {
            ics.text_property("LOCATION", location);
        }
        if let Some(url) = &self.url {
            ics.line(&format!("URL:{url}"));
        }
    }
}

fn schedule_event(
    ics: &mut Ics,
    details: &EventDetails,
    timetable: &Timetable<'_>,
    index: usize,
    schedule: &Schedule,
    today: NaiveDate,
) {
    let Some(first) = schedule.first_date_from(schedule.begins_on().unwrap_or(today)) else {
        return;
    };
    ics.line("BEGIN:VEVENT");
    details.write(ics, &format!("{}-{index}", details.id), None);
    let start = |date: NaiveDate| schedule.opens_at.map(|t| date.and_time(t));
    ics.line(&format!("DTSTART{}", date_value(first, start(first))));
    if let Some(end) = schedule_end(schedule, first) {
        ics.line(&format!("DTEND{end}"));
    }
    ics.line(&format!("RRULE:{}", rrule(schedule, first)));
    for date in timetable.exception_dates() {
        let replaced = matches!(
            timetable.day_change(date),
            DayChange::Closed | DayChange::OtherTimes(_)
        );
        if replaced && schedule.occurs_on(date) {
            ics.line(&format!("EXDATE{}", date_value(date, start(date))));
        }
    }
    ics.line("END:VEVENT");
}

/// The DTEND value of the first occurrence: the closing time (the next day when at or
/// before the opening time), the next day for whole-day events, none when unknown.
fn schedule_end(schedule: &Schedule, first: NaiveDate) -> Option<String> {
    let next_day = first.succ_opt()?;
    match (schedule.opens_at, schedule.closes_at) {
        (None, _) => Some(date_value(next_day, None)),
        (Some(opens), Some(closes)) => {
            let date = if closes <= opens { next_day } else { first };
            Some(date_value(date, Some(date.and_time(closes))))
        }
        (Some(_), None) => None,
    }
}

/// `FREQ=...;INTERVAL=...;BYDAY=...;UNTIL=...`, in step with the engine's reading of
/// the schedule (see `schedule::recurrence`).
fn rrule(schedule: &Schedule, first: NaiveDate) -> String {
    let interval = schedule.interval.max(1);
    let mut parts = vec![
        match schedule.freq {
            Frequency::Weekly => "FREQ=WEEKLY".to_string(),
            Frequency::Monthly => "FREQ=MONTHLY".to_string(),
        },
        format!("INTERVAL={interval}"),
    ];
    if schedule.freq == Frequency::Weekly && interval > 1 {
        parts.push("WKST=MO".to_string());
    }
    let mut byday: Vec<String> = Vec::new();
    for by in &schedule.byday {
        let by = match schedule.freq {
            // Ordinals are not allowed in a weekly rule; the engine ignores them too.
            Frequency::Weekly => ByDay::every(by.weekday),
            Frequency::Monthly => *by,
        };
        let code = by.to_rfc5545();
        if !byday.contains(&code) {
            byday.push(code);
        }
    }
    // Without days the anchor's weekday or day of the month applies; `first` has both.
    match (byday.is_empty(), schedule.freq) {
        (false, _) => parts.push(format!("BYDAY={}", byday.join(","))),
        (true, Frequency::Weekly) => {
            parts.push(format!(
                "BYDAY={}",
                ByDay::every(first.weekday()).to_rfc5545()
            ));
        }
        (true, Frequency::Monthly) => parts.push(format!("BYMONTHDAY={}", first.day())),
    }
    if let Some(until) = schedule
        .ends_on()
        .and_then(|end| until(end, schedule.opens_at))
    {
        parts.push(format!("UNTIL={until}"));
    }
    parts.join(";")
}

/// UNTIL for a last date: the end of that day in UTC for timed events (RFC 5545 wants
/// UTC when DTSTART has a TZID), the date itself for whole-day ones.
fn until(last: NaiveDate, opens_at: Option<NaiveTime>) -> Option<String> {
    if opens_at.is_none() {
        return Some(last.format("%Y%m%d").to_string());
    }
    let end_of_day = last.and_hms_opt(23, 59, 59)?;
    resolve_local(end_of_day).map(|t| utc_stamp(t.to_utc()))
}

fn exception_events(
    ics: &mut Ics,
    details: &EventDetails,
    timetable: &Timetable<'_>,
    date: NaiveDate,
) {
    let made_by_exception = timetable
        .occurrences_on(date)
        .into_iter()
        .filter(|o| o.schedule.is_none());
    for (n, occurrence) in made_by_exception.enumerate() {
        ics.line("BEGIN:VEVENT");
        let uid = format!("{}-{}-{n}", details.id, date.format("%Y%m%d"));
        details.write(ics, &uid, occurrence.note.as_deref());
        let (start, end) = occurrence_values(&occurrence);
        ics.line(&format!("DTSTART{start}"));
        if let Some(end) = end {
            ics.line(&format!("DTEND{end}"));
        }
        ics.line("END:VEVENT");
    }
}

/// DTSTART and DTEND values of a single occurrence.
fn occurrence_values(occurrence: &Occurrence) -> (String, Option<String>) {
    if occurrence.all_day {
        let end = occurrence
            .date
            .checked_add_days(Days::new(1))
            .map(|d| date_value(d, None));
        return (date_value(occurrence.date, None), end);
    }
    let local = |t: DateTime<chrono_tz::Tz>| local_date_time(t.to_utc());
    let start = match local(occurrence.start) {
        Some(t) => date_value(t.date(), Some(t)),
        None => date_value(occurrence.date, None),
    };
    let end = occurrence
        .end
        .and_then(local)
        .map(|t| date_value(t.date(), Some(t)));
    (start, end)
}

/// `;TZID=Europe/Amsterdam:20260106T100000` for a time, `;VALUE=DATE:20260106` for a
/// whole day: the parameters and value of DTSTART, DTEND and EXDATE.
fn date_value(date: NaiveDate, time: Option<NaiveDateTime>) -> String {
    match time {
        Some(t) => format!(";TZID={}:{}", TIME_ZONE.name(), t.format("%Y%m%dT%H%M%S")),
        None => format!(";VALUE=DATE:{}", date.format("%Y%m%d")),
    }
}

fn utc_stamp(moment: DateTime<Utc>) -> String {
    moment.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A website as a URI value: no spaces or control characters, `https://` when the
/// scheme is missing; `None` when nothing is left.
fn uri(website: &str) -> Option<String> {
    let cleaned: String = website
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    if cleaned.is_empty() {
        None
    } else if cleaned.contains("://") || cleaned.starts_with("mailto:") {
        Some(cleaned)
    } else {
        Some(format!("https://{cleaned}"))
    }
}

/// An iCalendar text being written: CRLF lines, folded.
#[derive(Default)]
struct Ics {
    text: String,
}

impl Ics {
    /// Adds a content line, folded so that no physical line passes 75 octets and no
    /// UTF-8 character is split (a continuation line starts with a space).
    fn line(&mut self, line: &str) {
        let mut octets = 0;
        for c in line.chars() {
            if octets + c.len_utf8() > MAX_LINE_OCTETS {
                self.text.push_str("\r\n ");
                octets = 1;
            }
            self.text.push(c);
            octets += c.len_utf8();
        }
        self.text.push_str("\r\n");
    }

    fn text_property(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape_text(value)));
    }
}

/// RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped; other control
/// characters (not allowed in TEXT) dropped.
pub fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                escaped.push_str("\\n");
            }
            '\t' => escaped.push(c),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}
