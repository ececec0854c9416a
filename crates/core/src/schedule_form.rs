//! The publisher's schedule editor: plain form values (checkboxes, selects and the
//! text of time and date inputs) to and from the model's [`Schedule`].
//!
//! The form covers what publishers say: "every Tuesday and Thursday, 10:00–11:30",
//! "every other week on Monday", "every first Saturday of the month", "every second
//! and fourth Tuesday". A monthly pattern is every chosen position of every chosen
//! weekday. A schedule that says something else (its own `dtstart` or `until`,
//! "first Saturday and last Friday", a monthly day of the month) has no form:
//! [`from_schedule`] gives `None` and the screen keeps it as it is.
//!
//! Problems come from the validator itself ([`crate::validate`]), so the editor and
//! the server never disagree; their `field` is the form's field (see `FIELD_*`).

use chrono::{NaiveDate, NaiveTime, Weekday};

use crate::schedule::{
    ByDay, Frequency, Schedule, describe, describe_period, ordinal_name, weekday_name,
};
use crate::validate::{Code, Problem, schedule_problems};
use crate::vocab::Lang;

/// The form's field names, as in [`Problem::field`].
pub const FIELD_REPEAT: &str = "repeat";
pub const FIELD_INTERVAL: &str = "interval";
pub const FIELD_DAYS: &str = "days";
pub const FIELD_POSITIONS: &str = "positions";
pub const FIELD_OPENS_AT: &str = "opens_at";
pub const FIELD_CLOSES_AT: &str = "closes_at";
pub const FIELD_VALID_FROM: &str = "valid_from";
pub const FIELD_VALID_TO: &str = "valid_to";
pub const FIELD_NOTE: &str = "note";

/// The positions a monthly pattern offers, in the order to show them: first to
/// fourth, and last. (The model also knows "fifth" and "second to last", which
/// publishers rarely mean; such a schedule still loads if its positions are these.)
pub const POSITIONS: [i8; 5] = [1, 2, 3, 4, -1];

/// The weekdays in the order to show them, Monday first.
pub fn week() -> impl Iterator<Item = Weekday> {
    std::iter::successors(Some(Weekday::Mon), |d| Some(d.succ())).take(7)
}

/// How the pattern repeats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Repeat {
    /// On the chosen weekdays, every `interval` weeks.
    #[default]
    Weekly,
    /// On the chosen positions of the chosen weekdays, every `interval` months.
    MonthlyByPosition,
}

/// The editor's values, as the inputs hold them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleForm {
    pub repeat: Repeat,
    /// Every this many weeks or months: 1 every, 2 every other.
    pub interval: u32,
    pub days: Vec<Weekday>,
    /// Monthly only: 1 first ... 4 fourth, -1 last (see [`POSITIONS`]); ignored for
    /// weekly, so switching back and forth keeps the choice.
    pub positions: Vec<i8>,
    /// "HH:MM" (also "9:30", "09.30"); empty: the whole day.
    pub opens_at: String,
    /// "HH:MM"; may be empty.
    pub closes_at: String,
    /// "YYYY-MM-DD" (as date inputs give) or "D-M-YYYY"; may be empty.
    pub valid_from: String,
    pub valid_to: String,
    /// A note shown with the schedule, e.g. "niet in de schoolvakanties".
    pub note: String,
}

impl Default for ScheduleForm {
    /// Weekly, every week, nothing chosen yet.
    fn default() -> ScheduleForm {
        ScheduleForm {
            repeat: Repeat::Weekly,
            interval: 1,
            days: Vec::new(),
            positions: Vec::new(),
            opens_at: String::new(),
            closes_at: String::new(),
            valid_from: String::new(),
            valid_to: String::new(),
            note: String::new(),
        }
    }
}

/// The schedule the form describes, or every problem with it at once.
pub fn to_schedule(form: &ScheduleForm) -> Result<Schedule, Vec<Problem>> {
    let (schedule, problems) = read(form);
    if problems.is_empty() {
        Ok(schedule)
    } else {
        Err(problems)
    }
}

/// The schedule as far as the form is filled in, for a draft (which may be
/// unfinished: no days chosen yet, times in the wrong order): `None` only when a
/// problem stops a draft too ([`Problem::stops_a_draft`], e.g. an unreadable time).
/// Its problems still stop publishing, as the offering's validation reports.
pub fn unfinished_schedule(form: &ScheduleForm) -> Option<Schedule> {
    let (schedule, problems) = read(form);
    problems
        .iter()
        .all(|p| !p.stops_a_draft())
        .then_some(schedule)
}

/// The schedule the form's values make (unreadable ones left out) and every
/// problem with it.
fn read(form: &ScheduleForm) -> (Schedule, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut problem = |field: &str, code: Code| problems.push(Problem::new(field, code));
    let time =
        parse_time(&form.opens_at).inspect_err(|()| problem(FIELD_OPENS_AT, Code::InvalidTime));
    let opens_at = time.unwrap_or_default();
    let time =
        parse_time(&form.closes_at).inspect_err(|()| problem(FIELD_CLOSES_AT, Code::InvalidTime));
    let closes_at = time.unwrap_or_default();
    let date = parse_date(&form.valid_from)
        .inspect_err(|()| problem(FIELD_VALID_FROM, Code::InvalidValue));
    let valid_from = date.unwrap_or_default();
    let date =
        parse_date(&form.valid_to).inspect_err(|()| problem(FIELD_VALID_TO, Code::InvalidValue));
    let valid_to = date.unwrap_or_default();
    let days = in_week_order(&form.days);
    let (freq, byday) = match form.repeat {
        Repeat::Weekly => (
            Frequency::Weekly,
            days.iter().map(|d| ByDay::every(*d)).collect(),
        ),
        Repeat::MonthlyByPosition => {
            if form.positions.is_empty() {
                problems.push(Problem::new(FIELD_POSITIONS, Code::MissingDays));
            }
            let byday: Vec<ByDay> = in_position_order(&form.positions)
                .into_iter()
                .flat_map(|n| days.iter().map(move |d| ByDay::nth(n, *d)))
                .collect();
            (Frequency::Monthly, byday)
        }
    };
    // Which week or month "every other" counts from is the publisher's to say.
    if form.interval > 1 && valid_from.is_none() && form.valid_from.trim().is_empty() {
        problems.push(Problem::new(FIELD_VALID_FROM, Code::Required));
    }
    let note = form.note.trim();
    let schedule = Schedule {
        freq,
        interval: form.interval,
        byday,
        opens_at,
        closes_at,
        valid_from,
        valid_to,
        dtstart: None,
        until: None,
        description: (!note.is_empty()).then(|| note.to_string()),
    };
    for problem in schedule_problems("schedule", &schedule) {
        let mut field = form_field(&problem.field, form.repeat);
        // No weekday patterns: days, or positions (said above) are missing.
        if problem.is(Code::MissingDays) && !form.days.is_empty() {
            continue;
        }
        if problem.is(Code::MissingDays) {
            field = FIELD_DAYS.to_string();
        }
        // One problem per field: an unreadable time is not also "missing".
        if !problems.iter().any(|p| p.field == field) {
            problems.push(Problem { field, ..problem });
        }
    }
    (schedule, problems)
}

/// The form's field for a field path of the validator's, "schedule.byday[0]".
fn form_field(path: &str, repeat: Repeat) -> String {
    let field = path.strip_prefix("schedule.").unwrap_or(path);
    let name = field.split('[').next().unwrap_or(field);
    match name {
        "byday" if field.contains('[') && repeat == Repeat::MonthlyByPosition => FIELD_POSITIONS,
        "byday" => FIELD_DAYS,
        "until" | "valid_to" => FIELD_VALID_TO,
        "dtstart" | "valid_from" => FIELD_VALID_FROM,
        "description" => FIELD_NOTE,
        other => other,
    }
    .to_string()
}

/// The form for `schedule`, or `None` when the form cannot say what it says (see
/// the module docs). Filling the form and reading it back gives the same schedule,
/// weekdays perhaps in another order.
pub fn from_schedule(schedule: &Schedule) -> Option<ScheduleForm> {
    let mut days: Vec<Weekday> = Vec::new();
    let mut positions: Vec<i8> = Vec::new();
    for by in &schedule.byday {
        if !days.contains(&by.weekday) {
            days.push(by.weekday);
        }
        if let Some(n) = by.ordinal
            && !positions.contains(&n)
        {
            positions.push(n);
        }
    }
    let repeat = match schedule.freq {
        Frequency::Weekly => Repeat::Weekly,
        Frequency::Monthly => Repeat::MonthlyByPosition,
    };
    let form = ScheduleForm {
        repeat,
        interval: schedule.interval,
        days: in_week_order(&days),
        positions: in_position_order(&positions),
        opens_at: schedule.opens_at.map(hhmm).unwrap_or_default(),
        closes_at: schedule.closes_at.map(hhmm).unwrap_or_default(),
        valid_from: schedule.valid_from.map(iso_date).unwrap_or_default(),
        valid_to: schedule.valid_to.map(iso_date).unwrap_or_default(),
        note: schedule.description.clone().unwrap_or_default(),
    };
    // An unfinished schedule of a draft opens in the form again, to be finished.
    let back = unfinished_schedule(&form)?;
    let same_days = back.byday.len() == schedule.byday.len()
        && back.byday.iter().all(|b| schedule.byday.contains(b));
    let same = Schedule {
        byday: schedule.byday.clone(),
        ..back
    } == *schedule;
    (same_days && same).then_some(form)
}

/// The schedule in one line for the preview, e.g. "Elke eerste zaterdag van de
/// maand, 10:00–12:00 · Vanaf 7 maart 2026"; `None` while the form has problems.
pub fn describe_form(form: &ScheduleForm, lang: Lang) -> Option<String> {
    let schedule = to_schedule(form).ok()?;
    let pattern = describe(&schedule, lang);
    Some(match describe_period(&schedule, lang) {
        Some(period) => format!("{pattern} · {period}"),
        None => pattern,
    })
}

/// The label of a position checkbox: "eerste", "laatste", "first", "last".
pub fn position_name(position: i8, lang: Lang) -> String {
    ordinal_name(position, lang)
}

/// The label of a weekday checkbox: "dinsdag", "Tuesday".
pub fn day_name(day: Weekday, lang: Lang) -> &'static str {
    weekday_name(day, lang)
}

fn in_week_order(days: &[Weekday]) -> Vec<Weekday> {
    week().filter(|d| days.contains(d)).collect()
}

/// Positions from the start of the month first (1, 2, ...), then from its end (-1
/// last, -2, ...); each once.
fn in_position_order(positions: &[i8]) -> Vec<i8> {
    let mut out: Vec<i8> = Vec::new();
    for n in positions {
        if !out.contains(n) {
            out.push(*n);
        }
    }
    out.sort_by_key(|n| (*n < 0, n.unsigned_abs()));
    out
}

/// "HH:MM", "H:MM", "HH.MM" or "HHMM"; empty is no time.
fn parse_time(text: &str) -> Result<Option<NaiveTime>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (hours, minutes) = match text.split_once([':', '.']) {
        Some(parts) => parts,
        None if text.len() == 4 && text.is_ascii() => text.split_at(2),
        None => return Err(()),
    };
    let number = |part: &str, max: u32| {
        (!part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    match (number(hours, 23), number(minutes, 59)) {
        (Some(h), Some(m)) if minutes.len() == 2 => Ok(NaiveTime::from_hms_opt(h, m, 0)),
        _ => Err(()),
    }
}

/// "YYYY-MM-DD" or "D-M-YYYY" (also with "/" or "."); empty is no date.
pub(crate) fn parse_date(text: &str) -> Result<Option<NaiveDate>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    // chrono reads "26" as the year 26.
    if !text.split(['-', '/', '.']).any(|part| part.len() == 4) {
        return Err(());
    }
    ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        .map(Some)
        .ok_or(())
}

fn hhmm(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

pub(crate) fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests;
