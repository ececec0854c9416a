//! The rules for an offering (see `shared/design/DATA.md`).

use crate::lifecycle::must_be_complete;
use crate::model::{Contact, Cost, Location, Offering, OfferingTranslation, Referral};
use crate::vocab::Status;

use super::checker::{Checker, Lines, given};
use super::fields::{is_language_code, is_valid_postcode};
use super::schedules::check_when;
use super::{
    AGE_MAX, ALERT_MAX, AMOUNT_MAX_CENTS, Code, DESCRIPTION_MAX, LINE_MAX, NAME_MAX, NOTE_MAX,
    Problem, SUMMARY_MAX, TAG_MAX, TAGS_MAX, TITLE_MAX, TRANSLATIONS_MAX,
};

/// Every problem that stops storing an offering with its own status, at once; empty
/// means valid. What readers see or will see must be complete; a draft (or an
/// archived one) may be unfinished, and has only the problems that stop a draft
/// (see [`crate::lifecycle::must_be_complete`], [`Problem::stops_a_draft`]).
pub fn validate_offering(o: &Offering) -> Vec<Problem> {
    validate_offering_as(o, o.status)
}

/// The problems of `o` as if it had `status`: the form checks a "Publiceren" as
/// published before it changes the status, and shows a draft what publishing it
/// would still need (`Status::Published`: every problem).
pub fn validate_offering_as(o: &Offering, status: Status) -> Vec<Problem> {
    let mut c = Checker::allowing_unfinished(!must_be_complete(status));
    check_what(&mut c, o);
    check_for_whom(&mut c, o);
    check_cost(&mut c, &o.cost);
    c.optional_text("cost_note", &o.cost_note, NOTE_MAX, Lines::Many);
    c.optional_text("how_to_join", &o.how_to_join, NOTE_MAX, Lines::Many);
    c.no_duplicates("accessibility", o.accessibility.iter());
    c.optional_text(
        "accessibility_note",
        &o.accessibility_note,
        NOTE_MAX,
        Lines::Many,
    );
    check_when(&mut c, &o.schedules, &o.exceptions);
    if let Some(location) = &o.location {
        check_location(&mut c, location);
    }
    check_contact(&mut c, &o.contact);
    if !can_be_reached(o) {
        c.report(Problem::new("contact", Code::Required).about("contact"));
    }
    if let Some(referral) = &o.referral {
        check_referral(&mut c, referral);
    }
    c.optional_text("checked_by", &o.checked_by, LINE_MAX, Lines::One);
    c.optional_text("created_by", &o.created_by, LINE_MAX, Lines::One);
    c.optional_text("review_note", &o.review_note, NOTE_MAX, Lines::Many);
    c.into_problems()
}

fn check_what(c: &mut Checker, o: &Offering) {
    c.optional_text("alert", &o.alert, ALERT_MAX, Lines::One);
    check_title_and_summary(c, "", &o.title, &o.summary);
    c.text("description", &o.description, DESCRIPTION_MAX, Lines::Many);
    if o.themes.is_empty() {
        c.report(Problem::new("themes", Code::Required).about("themes"));
    }
    c.no_duplicates("themes", o.themes.iter());
    c.no_duplicates("health_dimensions", o.health_dimensions.iter());
    c.at_most("tags", o.tags.len(), TAGS_MAX);
    for (i, tag) in o.tags.iter().enumerate() {
        c.required_text(&format!("tags[{i}]"), tag, TAG_MAX, "tag");
    }
    c.no_duplicates("tags", o.tags.iter().map(|t| t.trim().to_lowercase()));
    check_translations(c, o);
}

/// Title and summary, of the Dutch source text (`prefix` "") or of a translation.
fn check_title_and_summary(c: &mut Checker, prefix: &str, title: &str, summary: &str) {
    c.required_text(&format!("{prefix}title"), title, TITLE_MAX, "title");
    c.required_text(&format!("{prefix}summary"), summary, SUMMARY_MAX, "summary");
}

fn check_translations(c: &mut Checker, o: &Offering) {
    c.at_most("translations", o.translations.len(), TRANSLATIONS_MAX);
    for (lang, translation) in &o.translations {
        if !is_language_code(lang) {
            // The key itself is wrong: do not echo arbitrary text into the path.
            c.flag("translations", Code::InvalidLanguage);
        } else if lang == "nl" {
            let problem = Problem::new(format!("translations.{lang}"), Code::InvalidLanguage);
            c.report(problem.about("source"));
        } else {
            check_translation(c, &format!("translations.{lang}."), translation);
        }
    }
}

fn check_translation(c: &mut Checker, prefix: &str, t: &OfferingTranslation) {
    check_title_and_summary(c, prefix, &t.title, &t.summary);
    let field = format!("{prefix}description");
    c.optional_text(&field, &t.description, DESCRIPTION_MAX, Lines::Many);
}

fn check_for_whom(c: &mut Checker, o: &Offering) {
    for (field, age) in [("min_age", o.min_age), ("max_age", o.max_age)] {
        if age.is_some_and(|a| a > AGE_MAX) {
            c.report(Problem::new(field, Code::AgeRange).with_limit(AGE_MAX));
        }
    }
    if let (Some(min), Some(max)) = (o.min_age, o.max_age)
        && min > max
    {
        c.report(Problem::new("max_age", Code::AgeRange).with_limit(AGE_MAX));
    }
    c.no_duplicates("audience", o.audience.iter());
    c.optional_text("eligibility", &o.eligibility, NOTE_MAX, Lines::Many);
    c.no_duplicates("languages", o.languages.iter());
}

fn check_cost(c: &mut Checker, cost: &Cost) {
    if let Cost::Paid { amount_cents, .. } = cost
        && !(1..=AMOUNT_MAX_CENTS).contains(amount_cents)
    {
        let problem = Problem::new("cost.amount_cents", Code::InvalidAmount);
        c.report(problem.with_limit(AMOUNT_MAX_CENTS / 100));
    }
}

fn check_location(c: &mut Checker, l: &Location) {
    if l.name.trim().is_empty() && l.address.trim().is_empty() {
        c.report(Problem::new("location.address", Code::Required).about("location"));
    }
    c.text("location.name", &l.name, NAME_MAX, Lines::One);
    c.text("location.address", &l.address, LINE_MAX, Lines::One);
    if !l.postcode.trim().is_empty() && !is_valid_postcode(&l.postcode) {
        c.flag("location.postcode", Code::InvalidPostcode);
    }
    c.text("location.city", &l.city, NAME_MAX, Lines::One);
    c.text(
        "location.neighbourhood",
        &l.neighbourhood,
        NAME_MAX,
        Lines::One,
    );
    check_coordinates(c, l.latitude, l.longitude);
    c.optional_text("location.transport", &l.transport, NOTE_MAX, Lines::Many);
}

/// Both or neither, each within its range.
fn check_coordinates(c: &mut Checker, latitude: Option<f64>, longitude: Option<f64>) {
    let axes = [
        ("location.latitude", latitude, longitude, 90.0),
        ("location.longitude", longitude, latitude, 180.0),
    ];
    for (field, value, other, bound) in axes {
        let ok = match value {
            Some(v) => (-bound..=bound).contains(&v),
            None => other.is_none(),
        };
        if !ok {
            c.flag(field, Code::InvalidCoordinates);
        }
    }
}

fn check_contact(c: &mut Checker, contact: &Contact) {
    c.optional_text("contact.name", &contact.name, NAME_MAX, Lines::One);
    c.phone("contact.phone", &contact.phone);
    c.email("contact.email", &contact.email);
    c.completable_url("contact.website", &contact.website);
}

fn check_referral(c: &mut Checker, r: &Referral) {
    c.text("referral.procedure", &r.procedure, NOTE_MAX, Lines::Many);
    c.optional_text(
        "referral.contact_name",
        &r.contact_name,
        NAME_MAX,
        Lines::One,
    );
    c.optional_text(
        "referral.contact_role",
        &r.contact_role,
        NAME_MAX,
        Lines::One,
    );
    c.phone("referral.contact_phone", &r.contact_phone);
    c.email("referral.contact_email", &r.contact_email);
    c.optional_text(
        "referral.waiting_time",
        &r.waiting_time,
        LINE_MAX,
        Lines::One,
    );
    c.optional_text(
        "referral.coverage_note",
        &r.coverage_note,
        NOTE_MAX,
        Lines::Many,
    );
}

/// Readers must learn how to get there or in touch.
fn can_be_reached(o: &Offering) -> bool {
    let contact = &o.contact;
    o.online
        || o.location.is_some()
        || given(&contact.phone).is_some()
        || given(&contact.email).is_some()
        || given(&contact.website).is_some()
}
