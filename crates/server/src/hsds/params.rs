//! The query parameters of `/hsds/` lists: one table, read by the parser and
//! written into the OpenAPI document, so the two cannot disagree.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use uuid::Uuid;
use wijkgids_core::validate::normalise_postcode;

use crate::api::ApiError;

/// Items per page when `per_page` is not given.
pub const PER_PAGE_DEFAULT: u64 = 50;
/// The most items a page holds; a larger `per_page` is refused.
pub const PER_PAGE_MAX: u64 = 200;
/// The farthest `proximity` (metres) asked for: the whole country.
const PROXIMITY_MAX: f64 = 500_000.0;

/// A query parameter: name, OpenAPI type (and format), description.
pub struct Param {
    pub name: &'static str,
    pub schema: (&'static str, Option<&'static str>),
    pub description: &'static str,
}

const fn param(
    name: &'static str,
    schema: (&'static str, Option<&'static str>),
    description: &'static str,
) -> Param {
    Param {
        name,
        schema,
        description,
    }
}

pub const PAGE: Param = param(
    "page",
    ("integer", None),
    "Page number, from 1 (default 1). A page past the last is empty, with the totals.",
);
pub const PER_PAGE: Param = param(
    "per_page",
    ("integer", None),
    "Items per page: 1 to 200 (default 50).",
);
pub const SEARCH: Param = param(
    "search",
    ("string", None),
    "Full text search. Services: the guide's own search (accents, word forms, typos, Dutch and English); results in its order of fit. Others: the text in the name or description.",
);
pub const TAXONOMY_TERM_ID: Param = param(
    "taxonomy_term_id",
    ("string", Some("uuid")),
    "Only services with this taxonomy term.",
);
pub const TAXONOMY_ID: Param = param(
    "taxonomy_id",
    ("string", Some("uuid")),
    "Only services (or terms) with a term of this taxonomy.",
);
pub const ORGANIZATION_ID: Param = param(
    "organization_id",
    ("string", Some("uuid")),
    "Only services of this organization.",
);
pub const MODIFIED_AFTER: Param = param(
    "modified_after",
    ("string", Some("date-time")),
    "Only services modified on or after this moment (RFC 3339, or a date: its start in UTC).",
);
pub const MINIMUM_AGE: Param = param(
    "minimum_age",
    ("number", None),
    "Open Referral UK: only services with a minimum age of at least this.",
);
pub const MAXIMUM_AGE: Param = param(
    "maximum_age",
    ("number", None),
    "Open Referral UK: only services with a maximum age of at most this.",
);
pub const DAY: Param = param(
    "day",
    ("string", None),
    "Open Referral UK: only services with a schedule on this day (MO..SU, or Monday..Sunday). With start_time and end_time, one schedule must match all three.",
);
pub const START_TIME: Param = param(
    "start_time",
    ("string", Some("time")),
    "Open Referral UK: only services with a schedule that opens at or after this time (HH:MM, Europe/Amsterdam).",
);
pub const END_TIME: Param = param(
    "end_time",
    ("string", Some("time")),
    "Open Referral UK: only services with a schedule that closes at or before this time (HH:MM, Europe/Amsterdam).",
);
pub const POSTCODE: Param = param(
    "postcode",
    ("string", None),
    "Only services at this Dutch postcode (\"1234 AB\"; four digits: that area). With proximity: the centre of the places the guide knows there.",
);
pub const PROXIMITY: Param = param(
    "proximity",
    ("number", None),
    "With postcode: only services within this many metres of the postcode's centre (at most 500000).",
);

/// The parameters of `/hsds/services` and `/hsds/service_at_locations`.
pub const SERVICE_PARAMS: &[&Param] = &[
    &PAGE,
    &PER_PAGE,
    &SEARCH,
    &TAXONOMY_TERM_ID,
    &TAXONOMY_ID,
    &ORGANIZATION_ID,
    &MODIFIED_AFTER,
    &MINIMUM_AGE,
    &MAXIMUM_AGE,
    &DAY,
    &START_TIME,
    &END_TIME,
    &POSTCODE,
    &PROXIMITY,
];
/// `/hsds/organizations` and `/hsds/taxonomies`.
pub const PLAIN_PARAMS: &[&Param] = &[&PAGE, &PER_PAGE, &SEARCH];
/// `/hsds/taxonomy_terms`.
pub const TERM_PARAMS: &[&Param] = &[&PAGE, &PER_PAGE, &SEARCH, &TAXONOMY_ID];

/// A list request, read and checked.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Query {
    pub page: u64,
    pub per_page: u64,
    pub search: Option<String>,
    pub taxonomy_term_id: Option<Uuid>,
    pub taxonomy_id: Option<Uuid>,
    pub organization_id: Option<Uuid>,
    pub modified_after: Option<DateTime<Utc>>,
    pub minimum_age: Option<f64>,
    pub maximum_age: Option<f64>,
    pub day: Option<Weekday>,
    pub start_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    /// Canonical "1234 AB", or four digits for an area.
    pub postcode: Option<String>,
    pub proximity: Option<f64>,
}

impl Query {
    /// Whether any filter but the search text is given.
    pub fn filters_beyond_search(&self) -> bool {
        let plain = Query {
            page: self.page,
            per_page: self.per_page,
            search: self.search.clone(),
            ..Query::default()
        };
        *self != plain
    }
}

fn bad(param: &str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request(param, "invalid_parameter", message)
}

/// Reads the URL's query for an endpoint that takes `allowed`: an unknown,
/// repeated or malformed parameter is a 400 that names it.
pub fn parse(query: &str, allowed: &[&Param]) -> Result<Query, ApiError> {
    let mut q = Query {
        page: 1,
        per_page: PER_PAGE_DEFAULT,
        ..Query::default()
    };
    let mut seen: Vec<String> = Vec::new();
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if !allowed.iter().any(|p| p.name == name) {
            return Err(ApiError::bad_request(
                &name,
                "unknown_parameter",
                format!("this list takes no parameter {name:?}"),
            ));
        }
        if seen.contains(&name.to_string()) {
            return Err(bad(&name, "given more than once"));
        }
        seen.push(name.to_string());
        let value = value.trim();
        let uuid = || {
            Uuid::parse_str(value)
                .map(Some)
                .map_err(|_| bad(&name, "not a UUID"))
        };
        let age = || match value.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => Ok(Some(n)),
            _ => Err(bad(&name, "not an age (a number from 0)")),
        };
        let clock = || {
            NaiveTime::parse_from_str(value, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(value, "%H:%M:%S"))
                .map(Some)
                .map_err(|_| bad(&name, "not a time (HH:MM)"))
        };
        match &*name {
            "page" => {
                q.page = value
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| bad("page", "not a page number (from 1)"))?;
            }
            "per_page" => {
                q.per_page = value
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=PER_PAGE_MAX).contains(n))
                    .ok_or_else(|| {
                        bad("per_page", format!("not a number from 1 to {PER_PAGE_MAX}"))
                    })?;
            }
            "search" => q.search = Some(value.to_string()).filter(|s| !s.is_empty()),
            "taxonomy_term_id" => q.taxonomy_term_id = uuid()?,
            "taxonomy_id" => q.taxonomy_id = uuid()?,
            "organization_id" => q.organization_id = uuid()?,
            "modified_after" => {
                q.modified_after = Some(
                    DateTime::parse_from_rfc3339(value)
                        .map(|t| t.with_timezone(&Utc))
                        .or_else(|_| {
                            NaiveDate::parse_from_str(value, "%Y-%m-%d")
                                .map(|d| d.and_time(NaiveTime::MIN).and_utc())
                        })
                        .map_err(|_| bad("modified_after", "not a date-time (RFC 3339)"))?,
                );
            }
            "minimum_age" => q.minimum_age = age()?,
            "maximum_age" => q.maximum_age = age()?,
            "day" => q.day = Some(day(value).ok_or_else(|| bad("day", "not a day (MO..SU)"))?),
            "start_time" => q.start_time = clock()?,
            "end_time" => q.end_time = clock()?,
            "postcode" => {
                let area = value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit());
                q.postcode = Some(if area {
                    value.to_string()
                } else {
                    normalise_postcode(value)
                        .ok_or_else(|| bad("postcode", "not a Dutch postcode (1234 AB)"))?
                });
            }
            "proximity" => {
                q.proximity = Some(
                    value
                        .parse::<f64>()
                        .ok()
                        .filter(|m| m.is_finite() && *m > 0.0 && *m <= PROXIMITY_MAX)
                        .ok_or_else(|| {
                            bad("proximity", "not a distance in metres (up to 500000)")
                        })?,
                );
            }
            _ => unreachable!("every allowed parameter is read"),
        }
    }
    if q.proximity.is_some() && q.postcode.is_none() {
        return Err(bad("proximity", "needs a postcode to measure from"));
    }
    Ok(q)
}

fn day(text: &str) -> Option<Weekday> {
    const DAYS: [(Weekday, &str, &str); 7] = [
        (Weekday::Mon, "MO", "monday"),
        (Weekday::Tue, "TU", "tuesday"),
        (Weekday::Wed, "WE", "wednesday"),
        (Weekday::Thu, "TH", "thursday"),
        (Weekday::Fri, "FR", "friday"),
        (Weekday::Sat, "SA", "saturday"),
        (Weekday::Sun, "SU", "sunday"),
    ];
    DAYS.iter()
        .find(|(_, code, name)| text.eq_ignore_ascii_case(code) || text.eq_ignore_ascii_case(name))
        .map(|(d, _, _)| *d)
}
