//! The rules for the "who is who": organisations and professionals.

use crate::model::{Organisation, Professional};

use super::checker::{Checker, Lines};
use super::fields::is_valid_kvk;
use super::{Code, DESCRIPTION_MAX, LINE_MAX, NAME_MAX, NEIGHBOURHOODS_MAX, Problem};

/// Every problem of an organisation at once; empty means valid.
pub fn validate_organisation(o: &Organisation) -> Vec<Problem> {
    let mut c = Checker::default();
    c.required_text("name", &o.name, NAME_MAX, "name");
    c.text("description", &o.description, DESCRIPTION_MAX, Lines::Many);
    c.url("website", &o.website);
    c.email("email", &o.email);
    c.phone("phone", &o.phone);
    if let Some(kvk) = &o.kvk
        && !kvk.trim().is_empty()
        && !is_valid_kvk(kvk)
    {
        c.flag("kvk", Code::InvalidKvk);
    }
    c.into_problems()
}

/// Every problem of a professional at once; empty means valid.
pub fn validate_professional(p: &Professional) -> Vec<Problem> {
    let mut c = Checker::default();
    c.required_text("name", &p.name, NAME_MAX, "name");
    c.at_most("neighbourhoods", p.neighbourhoods.len(), NEIGHBOURHOODS_MAX);
    for (i, neighbourhood) in p.neighbourhoods.iter().enumerate() {
        c.required_text(
            &format!("neighbourhoods[{i}]"),
            neighbourhood,
            NAME_MAX,
            "name",
        );
    }
    let names = p.neighbourhoods.iter().map(|n| n.trim().to_lowercase());
    c.no_duplicates("neighbourhoods", names);
    c.phone("phone", &p.phone);
    c.email("email", &p.email);
    c.optional_text("available", &p.available, LINE_MAX, Lines::One);
    c.into_problems()
}
