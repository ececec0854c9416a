//! Days an offering does not take place, such as a holiday closure: the `closed`
//! exceptions of its schedule, seen as runs of days with one note, as a publisher
//! enters them ("24 t/m 31 december: tussen kerst en oud en nieuw") and a resident
//! reads them ("Gesloten op 24 december: ...").
//!
//! The form side reads the text of date inputs into closures, with the problems
//! under the form's own fields (see `FIELD_*`): unreadable or passed dates, an end
//! before the start, overlapping closures, and the validator's own rules for the
//! note ([`crate::validate`]), so the editor and the server never disagree.

use chrono::NaiveDate;

use crate::schedule::ScheduleException;
use crate::schedule_form::{iso_date, parse_date};
use crate::validate::{Code, EXCEPTIONS_MAX, Problem, exception_problems};

/// The form's field names, as in [`Problem::field`].
pub const FIELD_FIRST: &str = "first";
pub const FIELD_LAST: &str = "last";
pub const FIELD_NOTE: &str = "note";

/// Consecutive days, `first` to `last` inclusive, on which nothing takes place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Why, for residents: "Tussen kerst en oud en nieuw".
    pub note: Option<String>,
}

impl Closure {
    /// Whether it is a single day.
    pub fn is_one_day(&self) -> bool {
        self.first == self.last
    }

    /// Its days in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first.iter_days().take_while(|day| *day <= self.last)
    }

    /// One closed exception a day, each with the note.
    pub fn exceptions(&self) -> Vec<ScheduleException> {
        self.days()
            .map(|date| ScheduleException {
                date,
                closed: true,
                opens_at: None,
                closes_at: None,
                note: self.note.clone(),
            })
            .collect()
    }
}

/// The closures among `exceptions`: the closed days in date order, consecutive days
/// with the same note joined into one. Exceptions that change the times are not
/// closures.
pub fn closures(exceptions: &[ScheduleException]) -> Vec<Closure> {
    let mut closed: Vec<&ScheduleException> = exceptions.iter().filter(|e| e.closed).collect();
    closed.sort_by_key(|e| e.date);
    let mut runs: Vec<Closure> = Vec::new();
    for exception in closed {
        let note = exception
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        match runs.last_mut() {
            Some(run)
                if run.last.succ_opt() == Some(exception.date) && run.note.as_deref() == note =>
            {
                run.last = exception.date;
            }
            // The same day twice (invalid, but read): once.
            Some(run) if run.last == exception.date => {}
            _ => runs.push(Closure {
                first: exception.date,
                last: exception.date,
                note: note.map(str::to_string),
            }),
        }
    }
    runs
}

/// The closures a resident still needs to know of on `today`: those not over yet.
pub fn upcoming_closures(exceptions: &[ScheduleException], today: NaiveDate) -> Vec<Closure> {
    closures(exceptions)
        .into_iter()
        .filter(|c| c.last >= today)
        .collect()
}

/// One closure as the editor's inputs hold it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClosureForm {
    /// "YYYY-MM-DD" (as date inputs give) or "D-M-YYYY".
    pub first: String,
    /// The last day, for more days in a row; empty for one day.
    pub last: String,
    pub note: String,
}

/// The offering's exceptions split for the editor on `today`: those it leaves as
/// they are (other times on a day, closures already over) and a form for each
/// closure that is not over.
pub fn closure_forms(
    exceptions: &[ScheduleException],
    today: NaiveDate,
) -> (Vec<ScheduleException>, Vec<ClosureForm>) {
    let forms = upcoming_closures(exceptions, today)
        .iter()
        .map(|c| ClosureForm {
            first: iso_date(c.first),
            last: if c.is_one_day() {
                String::new()
            } else {
                iso_date(c.last)
            },
            note: c.note.clone().unwrap_or_default(),
        })
        .collect();
    let kept = exceptions
        .iter()
        .filter(|e| !e.closed || e.date < today)
        .cloned()
        .collect();
    (kept, forms)
}

/// The closure one form describes on `today`, or every problem with it.
pub fn to_closure(form: &ClosureForm, today: NaiveDate) -> Result<Closure, Vec<Problem>> {
    let mut problems = Vec::new();
    let first = match parse_date(&form.first) {
        Ok(Some(date)) => Some(date),
        Ok(None) => {
            problems.push(Problem::new(FIELD_FIRST, Code::Required));
            None
        }
        Err(()) => {
            problems.push(Problem::new(FIELD_FIRST, Code::InvalidValue));
            None
        }
    };
    let last = parse_date(&form.last).unwrap_or_else(|()| {
        problems.push(Problem::new(FIELD_LAST, Code::InvalidValue));
        None
    });
    if let Some(first) = first {
        let (last, last_field) = match last {
            Some(last) => (last, FIELD_LAST),
            None => (first, FIELD_FIRST),
        };
        let days = (last - first).num_days() + 1;
        if last < first {
            problems.push(Problem::new(FIELD_LAST, Code::ScheduleDates));
        } else if last < today {
            problems.push(Problem::new(last_field, Code::DatePassed));
        } else if days > EXCEPTIONS_MAX as i64 {
            let problem = Problem::new(FIELD_LAST, Code::TooMany).about("days");
            problems.push(problem.with_limit(EXCEPTIONS_MAX as u64));
        }
    }
    let note = form.note.trim();
    let closure = Closure {
        first: first.unwrap_or(today),
        last: last.or(first).unwrap_or(today),
        note: (!note.is_empty()).then(|| note.to_string()),
    };
    let day = ScheduleException {
        note: closure.note.clone(),
        ..closure_day(closure.first)
    };
    for problem in exception_problems("closure", &day) {
        let field = match problem.field.strip_prefix("closure.") {
            Some("note") => FIELD_NOTE,
            _ => FIELD_FIRST,
        };
        problems.push(Problem {
            field: field.to_string(),
            ..problem
        });
    }
    if problems.is_empty() {
        Ok(closure)
    } else {
        Err(problems)
    }
}

fn closure_day(date: NaiveDate) -> ScheduleException {
    ScheduleException {
        date,
        closed: true,
        opens_at: None,
        closes_at: None,
        note: None,
    }
}

/// Every form's closure or problems on `today`, in order. A form whose days
/// overlap an earlier form's, or a day `kept` already has, is a duplicate.
pub fn to_closures(
    forms: &[ClosureForm],
    kept: &[ScheduleException],
    today: NaiveDate,
) -> Vec<Result<Closure, Vec<Problem>>> {
    let mut taken: Vec<NaiveDate> = kept.iter().map(|e| e.date).collect();
    forms
        .iter()
        .map(|form| {
            let closure = to_closure(form, today)?;
            if closure.days().any(|day| taken.contains(&day)) {
                let problem = Problem::new(FIELD_FIRST, Code::Duplicate).about("closure");
                return Err(vec![problem]);
            }
            taken.extend(closure.days());
            Ok(closure)
        })
        .collect()
}

/// The offering's exceptions: `kept` and the days of `closures`, in date order.
pub fn with_closures(kept: &[ScheduleException], closures: &[Closure]) -> Vec<ScheduleException> {
    let mut exceptions: Vec<ScheduleException> = kept.to_vec();
    exceptions.extend(closures.iter().flat_map(Closure::exceptions));
    exceptions.sort_by_key(|e| e.date);
    exceptions
}

#[cfg(test)]
mod tests;
