//! One thing wrong with a record: where, what, and which text explains it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::vocab::Lang;

use super::messages::{FALLBACK_KEY, message};

/// A problem found in a record. Serialised as is in API error responses, so the
/// client can show `message_key` translated next to the input named by `field`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// JSON-style field path, e.g. "title", "contact.email", "schedules[0].closes_at";
    /// "$" for the record as a whole.
    pub field: String,
    /// Stable machine code, e.g. "required" (see [`Code`]).
    pub code: String,
    /// Key of the text that explains the problem, e.g. "error.required.title"; see
    /// [`message`].
    pub message_key: String,
    /// The limit that was crossed, for texts like "at most {limit} characters".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
}

/// The machine codes of [`Problem::code`]. Codes never change once published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Required,
    TooShort,
    TooLong,
    TooMany,
    InvalidCharacters,
    InvalidEmail,
    InvalidUrl,
    InvalidPhone,
    InvalidPostcode,
    InvalidKvk,
    InvalidCoordinates,
    InvalidLanguage,
    AgeRange,
    InvalidAmount,
    ScheduleTimes,
    ScheduleDates,
    InvalidInterval,
    MissingDays,
    OrdinalNotMonthly,
    InvalidByday,
    Duplicate,
    InvalidJson,
    WrongType,
    UnknownCode,
    InvalidTime,
    InvalidValue,
    UnknownField,
    NotFound,
    IdMismatch,
    Forbidden,
    NotYourOrganisation,
    /// A mutation id the server remembers for another change (another account or
    /// record): refused rather than taken for a retry.
    MutationIdReused,
    /// A date entered in a form that is already over (a closure that has ended).
    DatePassed,
    /// A web address whose host has letters outside plain ASCII: a look-alike
    /// ("аpple.com" with a Cyrillic а) cannot be told from the real one.
    UnusualHost,
}

impl Code {
    pub const ALL: &'static [Code] = &[
        Code::Required,
        Code::TooShort,
        Code::TooLong,
        Code::TooMany,
        Code::InvalidCharacters,
        Code::InvalidEmail,
        Code::InvalidUrl,
        Code::InvalidPhone,
        Code::InvalidPostcode,
        Code::InvalidKvk,
        Code::InvalidCoordinates,
        Code::InvalidLanguage,
        Code::AgeRange,
        Code::InvalidAmount,
        Code::ScheduleTimes,
        Code::ScheduleDates,
        Code::InvalidInterval,
        Code::MissingDays,
        Code::OrdinalNotMonthly,
        Code::InvalidByday,
        Code::Duplicate,
        Code::InvalidJson,
        Code::WrongType,
        Code::UnknownCode,
        Code::InvalidTime,
        Code::InvalidValue,
        Code::UnknownField,
        Code::NotFound,
        Code::IdMismatch,
        Code::Forbidden,
        Code::NotYourOrganisation,
        Code::MutationIdReused,
        Code::DatePassed,
        Code::UnusualHost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::Required => "required",
            Code::TooShort => "too_short",
            Code::TooLong => "too_long",
            Code::TooMany => "too_many",
            Code::InvalidCharacters => "invalid_characters",
            Code::InvalidEmail => "invalid_email",
            Code::InvalidUrl => "invalid_url",
            Code::InvalidPhone => "invalid_phone",
            Code::InvalidPostcode => "invalid_postcode",
            Code::InvalidKvk => "invalid_kvk",
            Code::InvalidCoordinates => "invalid_coordinates",
            Code::InvalidLanguage => "invalid_language",
            Code::AgeRange => "age_range",
            Code::InvalidAmount => "invalid_amount",
            Code::ScheduleTimes => "schedule_times",
            Code::ScheduleDates => "schedule_dates",
            Code::InvalidInterval => "invalid_interval",
            Code::MissingDays => "missing_days",
            Code::OrdinalNotMonthly => "ordinal_not_monthly",
            Code::InvalidByday => "invalid_byday",
            Code::Duplicate => "duplicate",
            Code::InvalidJson => "invalid_json",
            Code::WrongType => "wrong_type",
            Code::UnknownCode => "unknown_code",
            Code::InvalidTime => "invalid_time",
            Code::InvalidValue => "invalid_value",
            Code::UnknownField => "unknown_field",
            Code::NotFound => "not_found",
            Code::IdMismatch => "id_mismatch",
            Code::Forbidden => "forbidden",
            Code::NotYourOrganisation => "not_your_organisation",
            Code::MutationIdReused => "mutation_id_reused",
            Code::DatePassed => "date_passed",
            Code::UnusualHost => "unusual_host",
        }
    }

    /// Whether a problem of this code stops saving a draft too, not only publishing:
    /// what no record may hold (too long, too many, forbidden characters, a broken
    /// structure or a value the schedule engine cannot use), and every refusal.
    /// Something missing or not right yet (a required field, a half-typed e-mail
    /// address, times in the wrong order) only stops publishing: an unfinished
    /// draft is kept rather than lost.
    pub fn stops_a_draft(self) -> bool {
        !matches!(
            self,
            Code::Required
                | Code::TooShort
                | Code::InvalidEmail
                | Code::InvalidUrl
                | Code::UnusualHost
                | Code::InvalidPhone
                | Code::InvalidPostcode
                | Code::AgeRange
                | Code::InvalidAmount
                | Code::ScheduleTimes
                | Code::ScheduleDates
                | Code::MissingDays
        )
    }

    /// The key of the general text for this code: "error.<code>".
    pub fn message_key(self) -> String {
        format!("error.{}", self.as_str())
    }
}

impl Problem {
    /// A problem as an API answer names it (field and code), explained by the
    /// general text of its code.
    pub fn from_answer(field: impl Into<String>, code: &str) -> Problem {
        Problem {
            field: field.into(),
            code: code.to_string(),
            message_key: format!("error.{code}"),
            limit: None,
        }
    }

    /// A problem explained by the general text of its code.
    pub fn new(field: impl Into<String>, code: Code) -> Problem {
        Problem {
            field: field.into(),
            code: code.as_str().to_string(),
            message_key: code.message_key(),
            limit: None,
        }
    }

    /// Explain with a more specific text, "error.<code>.<topic>" (e.g. "Enter a title.").
    pub fn about(mut self, topic: &str) -> Problem {
        self.message_key = format!("error.{}.{topic}", self.code);
        self
    }

    pub fn with_limit(mut self, limit: impl Into<u64>) -> Problem {
        self.limit = Some(limit.into());
        self
    }

    /// Whether it stops saving a draft too (see [`Code::stops_a_draft`]); a code
    /// this version does not know does.
    pub fn stops_a_draft(&self) -> bool {
        Code::ALL
            .iter()
            .find(|c| c.as_str() == self.code)
            .is_none_or(|c| c.stops_a_draft())
    }

    pub fn is(&self, code: Code) -> bool {
        self.code == code.as_str()
    }

    /// The text for a person, in their language, with `{limit}` filled in. Falls back
    /// to the general text of the code, so an unknown key still reads sensibly.
    pub fn text(&self, lang: Lang) -> String {
        let template = message(&self.message_key, lang)
            .or_else(|| message(&format!("error.{}", self.code), lang))
            .or_else(|| message(FALLBACK_KEY, lang))
            .unwrap_or_default();
        match self.limit {
            Some(limit) => template.replace("{limit}", &limit.to_string()),
            None => template.to_string(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "duplicate code {text}");
            assert!(text.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
    }

    #[test]
    fn serialises_with_the_code_string() {
        let problem = Problem::new("title", Code::TooLong).with_limit(120u32);
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "field": "title", "code": "too_long",
                "message_key": "error.too_long", "limit": 120
            })
        );
        assert_eq!(serde_json::from_value::<Problem>(json).unwrap(), problem);
    }

    #[test]
    fn text_fills_in_the_limit_and_falls_back_to_the_code() {
        let problem = Problem::new("title", Code::TooLong).with_limit(120u32);
        assert!(problem.text(Lang::Nl).contains("120"));
        assert!(!problem.text(Lang::En).contains("{limit}"));
        let unknown = Problem::new("x", Code::Required).about("no_such_topic");
        assert_eq!(
            unknown.text(Lang::Nl),
            Problem::new("x", Code::Required).text(Lang::Nl)
        );
    }
}
