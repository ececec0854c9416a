//! From untrusted JSON (an API caller, the client's outbox, an import) to a valid
//! record, or the problems that stop it. Structural errors stop serde at the first
//! one; the rules of the record then report all their problems at once.

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::model::{Offering, Organisation, Professional};
use crate::vocab::Lang;

use super::messages::message;
use super::tidy::tidy_offering;
use super::{Code, Problem, validate_offering, validate_organisation, validate_professional};

/// The field of problems about the document as a whole.
pub const ROOT_FIELD: &str = "$";

/// Map keys longer than this are shown as "?" in a field path: a path should point
/// at a field, not echo a hostile megabyte back.
const PATH_KEY_MAX: usize = 64;

/// Reads JSON text, reporting unreadable text as one `invalid_json` problem.
pub fn json_from_text(text: &str) -> Result<Value, Vec<Problem>> {
    serde_json::from_str(text).map_err(|_| vec![Problem::new(ROOT_FIELD, Code::InvalidJson)])
}

/// Parses an offering, tidies it ([`tidy_offering`]: texts trimmed, postcode in its
/// canonical form "1234 AB", web address completed) and validates it as its status
/// needs (a draft may be unfinished). Never panics.
pub fn parse_offering(json: &Value) -> Result<Offering, Vec<Problem>> {
    let offering: Offering = deserialize(json)?;
    accept(tidy_offering(offering), validate_offering)
}

/// Parses an organisation and validates it. Never panics.
pub fn parse_organisation(json: &Value) -> Result<Organisation, Vec<Problem>> {
    accept(deserialize(json)?, validate_organisation)
}

/// Parses a professional and validates it. Never panics.
pub fn parse_professional(json: &Value) -> Result<Professional, Vec<Problem>> {
    accept(deserialize(json)?, validate_professional)
}

fn accept<T>(record: T, validate: fn(&T) -> Vec<Problem>) -> Result<T, Vec<Problem>> {
    let problems = validate(&record);
    if problems.is_empty() {
        Ok(record)
    } else {
        Err(problems)
    }
}

fn deserialize<T: DeserializeOwned>(json: &Value) -> Result<T, Vec<Problem>> {
    serde_path_to_error::deserialize(json).map_err(|error| vec![structural_problem(&error)])
}

/// Turns serde's first error into a problem at the path where it happened. Public so
/// that other untrusted documents (API requests) report their errors the same way.
pub fn structural_problem<E: std::fmt::Display>(error: &serde_path_to_error::Error<E>) -> Problem {
    let text = error.inner().to_string();
    let mut field = path_text(error.path());
    let missing = text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'));
    // "unknown field `x`, expected one of ..." from `deny_unknown_fields`.
    let unknown = text
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name);
    if let Some(name) = unknown {
        // The path already ends at the unknown key, except at the root of some formats.
        if field.is_empty() {
            field.push_str(if name.len() <= PATH_KEY_MAX {
                name
            } else {
                "?"
            });
        }
        return Problem::new(field, Code::UnknownField);
    }
    if let Some(name) = missing {
        if !field.is_empty() {
            field.push('.');
        }
        field.push_str(name);
        let problem = Problem::new(field, Code::Required);
        // Use the specific "enter a title" text where there is one.
        return match message(&format!("error.required.{name}"), Lang::Nl) {
            Some(_) => problem.about(name),
            None => problem,
        };
    }
    let code = if text.starts_with("invalid type") {
        Code::WrongType
    } else if text.starts_with("unknown ") {
        // "unknown variant `x`" (serde) or "unknown theme code `x`" (our vocabularies).
        Code::UnknownCode
    } else if text.starts_with("invalid time") {
        Code::InvalidTime
    } else if text.starts_with("invalid byday") {
        Code::InvalidByday
    } else {
        Code::InvalidValue
    };
    if field.is_empty() {
        field.push_str(ROOT_FIELD);
    }
    Problem::new(field, code)
}

/// "schedules[0].closes_at"; empty at the root.
fn path_text(path: &serde_path_to_error::Path) -> String {
    let mut text = String::new();
    for segment in path {
        let name = match segment {
            Segment::Seq { index } => {
                text.push_str(&format!("[{index}]"));
                continue;
            }
            Segment::Map { key } | Segment::Enum { variant: key }
                if key.len() <= PATH_KEY_MAX && !key.chars().any(char::is_control) =>
            {
                key.as_str()
            }
            _ => "?",
        };
        if !text.is_empty() {
            text.push('.');
        }
        text.push_str(name);
    }
    text
}
