//! Plain-language descriptions of a schedule for the offering page, in Dutch and
//! English: "Elke dinsdag, 10:00–11:30", "Every last Friday of the month".

use chrono::{Datelike, Months, NaiveDate, NaiveTime, Timelike, Weekday};

use super::{ByDay, Frequency, Schedule};
use crate::vocab::Lang;

/// The pattern and times of `schedule` in one short sentence, e.g. "Elke dinsdag,
/// 10:00–11:30", "Om de week op maandag en donderdag", "Every last Friday of the
/// month". The period it is valid in is left to [`describe_period`].
pub fn describe(schedule: &Schedule, lang: Lang) -> String {
    let mut text = describe_pattern(schedule, lang);
    match (schedule.opens_at, schedule.closes_at) {
        (Some(opens), Some(closes)) => {
            text.push_str(&format!(", {}–{}", hhmm(opens), hhmm(closes)));
        }
        (Some(opens), None) => {
            let at = match lang {
                Lang::Nl => "om",
                Lang::En => "at",
            };
            text.push_str(&format!(" {at} {}", hhmm(opens)));
        }
        (None, _) => {}
    }
    text
}

/// The dates a schedule is limited to, e.g. "Van 1 maart 2026 t/m 30 juni 2026",
/// "Until 30 June 2026"; `None` when it has no limits.
pub fn describe_period(schedule: &Schedule, lang: Lang) -> Option<String> {
    let from = schedule.begins_on().map(|d| long_date(d, lang));
    let to = schedule.ends_on().map(|d| long_date(d, lang));
    Some(match (lang, from, to) {
        (_, None, None) => return None,
        (Lang::Nl, Some(from), Some(to)) => format!("Van {from} t/m {to}"),
        (Lang::Nl, Some(from), None) => format!("Vanaf {from}"),
        (Lang::Nl, None, Some(to)) => format!("T/m {to}"),
        (Lang::En, Some(from), Some(to)) => format!("From {from} until {to}"),
        (Lang::En, Some(from), None) => format!("From {from}"),
        (Lang::En, None, Some(to)) => format!("Until {to}"),
    })
}

/// The pattern alone, without times or period: "Elke eerste zaterdag van de maand",
/// "Om de week op maandag". Starts with a capital, as a sentence does.
pub fn describe_pattern(schedule: &Schedule, lang: Lang) -> String {
    let interval = schedule.interval.max(1);
    let byday = effective_byday(schedule);
    match schedule.freq {
        Frequency::Weekly => {
            let every = every_period(interval, "week", "weken", "week", lang);
            if let Some((alone, after)) = whole_days(&byday, lang) {
                return match interval {
                    1 => alone.to_string(),
                    _ => format!("{every}, {after}"),
                };
            }
            let days = list(byday.iter().map(|b| weekday_name(b.weekday, lang)), lang);
            match (interval, days.is_empty(), lang) {
                (_, true, _) => every,
                (1, false, Lang::Nl) => format!("Elke {days}"),
                (1, false, Lang::En) => format!("Every {days}"),
                (_, false, Lang::Nl) => format!("{every} op {days}"),
                (_, false, Lang::En) => format!("{every} on {days}"),
            }
        }
        Frequency::Monthly => monthly_pattern(schedule, &byday, interval, lang),
    }
}

/// All seven days, or the five working days, in a few words ("Elke dag", "Van
/// maandag tot en met vrijdag"): a list of seven day names is hard to read. As a
/// sentence, and as it reads after "Om de week, ".
fn whole_days(byday: &[ByDay], lang: Lang) -> Option<(&'static str, &'static str)> {
    let days = byday
        .iter()
        .fold(0u8, |days, b| days | 1 << b.weekday.num_days_from_monday());
    match (days, lang) {
        (0b111_1111, Lang::Nl) => Some(("Elke dag", "elke dag")),
        (0b111_1111, Lang::En) => Some(("Every day", "every day")),
        (0b001_1111, Lang::Nl) => Some((
            "Van maandag tot en met vrijdag",
            "van maandag tot en met vrijdag",
        )),
        (0b001_1111, Lang::En) => Some(("Monday to Friday", "Monday to Friday")),
        _ => None,
    }
}

fn monthly_pattern(schedule: &Schedule, byday: &[ByDay], interval: u32, lang: Lang) -> String {
    let every = every_period(interval, "maand", "maanden", "month", lang);
    if byday.is_empty() {
        let Some(day) = schedule.anchor().map(|a| a.day()) else {
            return every;
        };
        return match lang {
            Lang::Nl => format!("{every} op de {day}e"),
            Lang::En => format!("{every} on the {day}{}", english_suffix(day)),
        };
    }
    let days = monthly_days(byday, lang);
    let has_ordinals = byday.iter().any(|b| b.ordinal.is_some());
    match (interval, has_ordinals, lang) {
        (1, true, Lang::Nl) => format!("Elke {days} van de maand"),
        (1, true, Lang::En) => format!("Every {days} of the month"),
        (1, false, Lang::Nl) => format!("Elke {days}"),
        (1, false, Lang::En) => format!("Every {days}"),
        (_, true, Lang::Nl) => format!("{every} op de {days}"),
        (_, true, Lang::En) => format!("{every} on the {days}"),
        (_, false, Lang::Nl) => format!("{every}, elke {days}"),
        (_, false, Lang::En) => format!("{every}, every {days}"),
    }
}

/// "Elke week", "Om de week", "Om de 3 weken"; "Every month", "Every other month",
/// "Every 3 months".
fn every_period(interval: u32, nl_one: &str, nl_many: &str, en: &str, lang: Lang) -> String {
    match (interval, lang) {
        (1, Lang::Nl) => format!("Elke {nl_one}"),
        (1, Lang::En) => format!("Every {en}"),
        (2, Lang::Nl) => format!("Om de {nl_one}"),
        (2, Lang::En) => format!("Every other {en}"),
        (n, Lang::Nl) => format!("Om de {n} {nl_many}"),
        (n, Lang::En) => format!("Every {n} {en}s"),
    }
}

/// "eerste en derde dinsdag" when one weekday has several ordinals, else each day in
/// turn: "eerste dinsdag en laatste vrijdag".
fn monthly_days(byday: &[ByDay], lang: Lang) -> String {
    let first_weekday = byday.first().map(|b| b.weekday);
    let one_weekday = byday.iter().all(|b| Some(b.weekday) == first_weekday);
    let all_ordinals: Option<Vec<i8>> = byday.iter().map(|b| b.ordinal).collect();
    match (one_weekday, all_ordinals, first_weekday) {
        (true, Some(ordinals), Some(weekday)) if ordinals.len() > 1 => format!(
            "{} {}",
            list(ordinals.into_iter().map(|n| ordinal_name(n, lang)), lang),
            weekday_name(weekday, lang)
        ),
        _ => list(
            byday.iter().map(|b| match b.ordinal {
                Some(n) => format!(
                    "{} {}",
                    ordinal_name(n, lang),
                    weekday_name(b.weekday, lang)
                ),
                None => weekday_name(b.weekday, lang).to_string(),
            }),
            lang,
        ),
    }
}

/// The days as the engine reads them: listed ones without repeats, or the anchor's
/// weekday for a weekly schedule without days.
fn effective_byday(schedule: &Schedule) -> Vec<ByDay> {
    let mut days: Vec<ByDay> = Vec::new();
    for by in &schedule.byday {
        let by = match schedule.freq {
            Frequency::Weekly => ByDay::every(by.weekday),
            Frequency::Monthly => *by,
        };
        if !days.contains(&by) {
            days.push(by);
        }
    }
    if days.is_empty() && schedule.freq == Frequency::Weekly {
        days.extend(schedule.anchor().map(|a| ByDay::every(a.weekday())));
    }
    days
}

/// "a", "a en b", "a, b en c".
fn list(items: impl IntoIterator<Item = impl AsRef<str>>, lang: Lang) -> String {
    let items: Vec<_> = items.into_iter().collect();
    let and = match lang {
        Lang::Nl => " en ",
        Lang::En => " and ",
    };
    let mut text = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            text.push_str(if i + 1 == items.len() { and } else { ", " });
        }
        text.push_str(item.as_ref());
    }
    text
}

fn hhmm(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// How near today a date is read without its year, in months either way.
pub const YEAR_IS_CLEAR_MONTHS: u32 = 6;

/// Whether `date` needs its year to be read right on `today`: not when it is within
/// half a year of today, before or after ("donderdag 4 maart" is the coming one);
/// otherwise it does ("donderdag 4 maart 2027"). The one rule for every date the
/// guide shows with its weekday: cards, the agenda, the offering page.
pub fn date_needs_year(date: NaiveDate, today: NaiveDate) -> bool {
    let months = Months::new(YEAR_IS_CLEAR_MONTHS);
    let too_late = today
        .checked_add_months(months)
        .is_some_and(|last| date > last);
    let too_early = today
        .checked_sub_months(months)
        .is_some_and(|first| date < first);
    too_late || too_early
}

/// "maandag 28 december", "Monday 28 December": a day near `today`; with the
/// year when it is not within half a year of it ([`date_needs_year`]).
pub(crate) fn day_date(date: NaiveDate, today: NaiveDate, lang: Lang) -> String {
    let day = weekday_name(date.weekday(), lang);
    let month = month_name(date.month0(), lang);
    match date_needs_year(date, today) {
        true => format!("{day} {} {month} {}", date.day(), date.year()),
        false => format!("{day} {} {month}", date.day()),
    }
}

/// "5 september 2026".
pub(crate) fn long_date(date: NaiveDate, lang: Lang) -> String {
    let month = month_name(date.month0(), lang);
    format!("{} {month} {}", date.day(), date.year())
}

/// "maandag", "Monday".
pub fn weekday_name(weekday: Weekday, lang: Lang) -> &'static str {
    let (nl, en) = match weekday {
        Weekday::Mon => ("maandag", "Monday"),
        Weekday::Tue => ("dinsdag", "Tuesday"),
        Weekday::Wed => ("woensdag", "Wednesday"),
        Weekday::Thu => ("donderdag", "Thursday"),
        Weekday::Fri => ("vrijdag", "Friday"),
        Weekday::Sat => ("zaterdag", "Saturday"),
        Weekday::Sun => ("zondag", "Sunday"),
    };
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

pub(crate) fn ordinal_name(n: i8, lang: Lang) -> String {
    let (nl, en) = match n {
        1 => ("eerste", "first"),
        2 => ("tweede", "second"),
        3 => ("derde", "third"),
        4 => ("vierde", "fourth"),
        5 => ("vijfde", "fifth"),
        -1 => ("laatste", "last"),
        -2 => ("op één na laatste", "second-to-last"),
        -3 => ("op twee na laatste", "third-to-last"),
        -4 => ("op drie na laatste", "fourth-to-last"),
        -5 => ("op vier na laatste", "fifth-to-last"),
        // Outside what `ByDay::parse` accepts; never occurs, but say something.
        _ => {
            return match lang {
                Lang::Nl => format!("{n}e"),
                Lang::En => format!("{n}th"),
            };
        }
    };
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
    .to_string()
}

fn month_name(month0: u32, lang: Lang) -> &'static str {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let names = match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    usize::try_from(month0)
        .ok()
        .and_then(|i| names.get(i))
        .copied()
        .unwrap_or("")
}

/// "st", "nd", "rd" or "th" after an English day number.
fn english_suffix(day: u32) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}
