//! An offering as it is stored, from the text as it was typed: spaces around every
//! text go (never while typing, where they would eat the space between two words,
//! but when saving), optional texts left blank become absent, the postcode takes
//! its canonical form and a web address without "https://" is completed. The form
//! tidies before it saves and the server when it parses, so both store the same.

use crate::model::{Contact, Location, Offering, Referral};

use super::fields::{complete_url, normalise_postcode};

/// `offering` tidied (see the module docs). Tidying twice changes nothing.
pub fn tidy_offering(mut o: Offering) -> Offering {
    for text in [&mut o.title, &mut o.summary, &mut o.description] {
        trim(text);
    }
    for text in [
        &mut o.alert,
        &mut o.eligibility,
        &mut o.cost_note,
        &mut o.how_to_join,
        &mut o.accessibility_note,
        &mut o.checked_by,
        &mut o.created_by,
        &mut o.review_note,
    ] {
        trim_optional(text);
    }
    o.tags.iter_mut().for_each(trim);
    for translation in o.translations.values_mut() {
        trim(&mut translation.title);
        trim(&mut translation.summary);
        trim_optional(&mut translation.description);
    }
    for schedule in &mut o.schedules {
        trim_optional(&mut schedule.description);
    }
    for exception in &mut o.exceptions {
        trim_optional(&mut exception.note);
    }
    o.location = o.location.and_then(tidy_location);
    tidy_contact(&mut o.contact);
    if let Some(referral) = &mut o.referral {
        tidy_referral(referral);
    }
    o
}

/// `None` when nothing is left of it.
fn tidy_location(mut l: Location) -> Option<Location> {
    for text in [
        &mut l.name,
        &mut l.address,
        &mut l.postcode,
        &mut l.city,
        &mut l.neighbourhood,
    ] {
        trim(text);
    }
    if let Some(postcode) = normalise_postcode(&l.postcode) {
        l.postcode = postcode;
    }
    trim_optional(&mut l.transport);
    (l != Location::default()).then_some(l)
}

fn tidy_contact(c: &mut Contact) {
    for text in [&mut c.name, &mut c.phone, &mut c.email, &mut c.website] {
        trim_optional(text);
    }
    c.website = c.website.as_deref().map(complete_url);
}

fn tidy_referral(r: &mut Referral) {
    trim(&mut r.procedure);
    for text in [
        &mut r.contact_name,
        &mut r.contact_role,
        &mut r.contact_phone,
        &mut r.contact_email,
        &mut r.waiting_time,
        &mut r.coverage_note,
    ] {
        trim_optional(text);
    }
}

fn trim(text: &mut String) {
    if text.trim().len() != text.len() {
        *text = text.trim().to_owned();
    }
}

fn trim_optional(text: &mut Option<String>) {
    if let Some(value) = text {
        trim(value);
        if value.is_empty() {
            *text = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::sample_offering;

    #[test]
    fn spaces_around_every_text_go_and_those_between_words_stay() {
        let mut o = sample_offering();
        o.title = "  Samen  koken \n".into();
        o.summary = " Elke week soep. ".into();
        o.description = "\n Eerste regel.\n\nTweede regel. \n".into();
        o.how_to_join = Some(" Kom gewoon langs ".into());
        o.cost_note = Some("   ".into());
        o.tags = vec![" soep ".into()];
        let location = o.location.get_or_insert_default();
        location.name = " Buurthuis De Vlonder ".into();
        location.address = "Vlonderplein 3 ".into();
        location.postcode = " 1234ab".into();
        location.city = " Utrecht".into();
        o.contact.phone = Some(" 030 123 4567 ".into());
        o.contact.name = Some(" ".into());
        let tidy = tidy_offering(o);
        assert_eq!(tidy.title, "Samen  koken");
        assert_eq!(tidy.summary, "Elke week soep.");
        assert_eq!(tidy.description, "Eerste regel.\n\nTweede regel.");
        assert_eq!(tidy.how_to_join.as_deref(), Some("Kom gewoon langs"));
        assert_eq!(tidy.cost_note, None);
        assert_eq!(tidy.tags, ["soep"]);
        let location = tidy.location.clone().unwrap();
        assert_eq!(location.name, "Buurthuis De Vlonder");
        assert_eq!(location.address, "Vlonderplein 3");
        assert_eq!(location.postcode, "1234 AB");
        assert_eq!(location.city, "Utrecht");
        assert_eq!(tidy.contact.phone.as_deref(), Some("030 123 4567"));
        assert_eq!(tidy.contact.name, None);
        assert_eq!(tidy_offering(tidy.clone()), tidy);
    }

    #[test]
    fn a_place_of_only_spaces_is_no_place() {
        let mut o = sample_offering();
        o.location = Some(Location {
            name: "  ".into(),
            ..Location::default()
        });
        assert_eq!(tidy_offering(o).location, None);
    }

    #[test]
    fn a_website_gets_its_https() {
        let mut o = sample_offering();
        o.contact.website = Some(" www.club.nl ".into());
        assert_eq!(
            tidy_offering(o).contact.website.as_deref(),
            Some("https://www.club.nl")
        );
    }
}
