//! Validation of offerings, organisations and professionals: the one place that
//! decides what a valid record is, shared by the client (instant feedback, also
//! offline) and the server (the final word). Every problem is reported at once, with
//! a field path, a stable code and a message key that has Dutch and English texts.

mod account;
mod checker;
mod directory;
mod fields;
mod messages;
mod offering;
mod parse;
mod problem;
mod schedules;
mod tidy;

#[cfg(test)]
mod tests;

pub use account::{
    INITIATIVE_DESCRIPTION_MAX, PASSWORD_MAX, PASSWORD_MIN, initiative_name_in_guide,
    organisation_named, same_organisation_name, validate_account_decision,
    validate_account_request, validate_new_password, validate_password_reset,
};
pub use directory::{validate_organisation, validate_professional};
pub use fields::{
    EMAIL_MAX, PHONE_MAX, URL_MAX, complete_url, is_language_code, is_valid_email, is_valid_kvk,
    is_valid_phone, is_valid_postcode, is_valid_url, mailto_href, normalise_postcode,
    phone_for_dialling, url_host,
};
pub use messages::{FALLBACK_KEY, message, message_keys};
pub use offering::{validate_offering, validate_offering_as};
pub use parse::{
    ROOT_FIELD, json_from_text, parse_offering, parse_organisation, parse_professional,
    structural_problem,
};
pub use problem::{Code, Problem};
pub(crate) use schedules::{exception_problems, schedule_problems};
pub use tidy::tidy_offering;

/// Offering title, in characters.
pub const TITLE_MAX: usize = 120;
/// The one-line summary.
pub const SUMMARY_MAX: usize = 200;
/// Descriptions of offerings and organisations.
pub const DESCRIPTION_MAX: usize = 5000;
/// The temporary notice on an offering.
pub const ALERT_MAX: usize = 300;
/// Names of people, organisations, places, cities and neighbourhoods.
pub const NAME_MAX: usize = 120;
/// Other one-line texts: street address, schedule description, waiting time.
pub const LINE_MAX: usize = 200;
/// Texts that may span lines: eligibility, how to join, notes, referral procedure.
pub const NOTE_MAX: usize = 1000;
/// One search tag.
pub const TAG_MAX: usize = 40;
/// Search tags per offering.
pub const TAGS_MAX: usize = 20;
/// Translations per offering.
pub const TRANSLATIONS_MAX: usize = 20;
/// Recurring schedules per offering.
pub const SCHEDULES_MAX: usize = 20;
/// Dated exceptions per offering: at most one a day for a year.
pub const EXCEPTIONS_MAX: usize = 366;
/// "Every n weeks or months" up to once a year.
pub const INTERVAL_MAX: u32 = 12;
/// Highest age in years.
pub const AGE_MAX: u8 = 120;
/// Highest price, in euro cents (10,000 euros): more is a typing mistake.
pub const AMOUNT_MAX_CENTS: u32 = 1_000_000;
/// Neighbourhoods one professional works in.
pub const NEIGHBOURHOODS_MAX: usize = 20;
/// Problems reported for one record at most.
pub const PROBLEMS_MAX: usize = 200;
