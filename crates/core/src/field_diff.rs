//! The publisher's conflict screen: their version and the server's side by side, per
//! field, with a choice per field; what changed on one side only merges by itself.
//!
//! The automatic part is [`crate::sync::replica::merge_fields`], the same merge the
//! replica offers, so the screen and sync agree on what merges and what clashes. This
//! module adds what a person needs to decide: the fields in the form's order, their
//! names in plain words, the values as text, and the record built from the choices,
//! ready for [`crate::sync::replica::Resolution::Merge`]. For an outbox entry that
//! needs attention: `diff_values(pending.base_data.as_ref(), pending.local()?,
//! server_copy.live()?, lang)`, and once every conflict is chosen,
//! `replica.resolve(key, Resolution::Merge(diffs.resolve(&choices)?), mutation_id)`.
//!
//! Fields are named by their path, as in the merge (`contact.phone`). The parts of
//! contact details, a location and a referral are shown and chosen one by one
//! ("Contact: telefoon"); other objects (the cost, the translations) are one field
//! each, whole, since their parts mean little apart. `id`, `version` and
//! `updated_at` are the server's bookkeeping: never shown, always the server's.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::model::{Contact, Cost, Location, Offering, OfferingTranslation, Referral};
use crate::schedule::{Schedule, ScheduleException, describe, describe_period, long_date};
use crate::sync::merge::{PATH_SEPARATOR, get_path, join, set_path};
use crate::sync::replica::merge_fields;
use crate::vocab::{
    AccessibilityFeature, Audience, HealthDimension, Lang, Language, OfferingKind, SignUp, Status,
    Theme, Vocabulary,
};

/// Fields that are the server's to set.
const BOOKKEEPING: [&str; 3] = ["id", "version", "updated_at"];

/// An offering's fields in the order of the form, with their names: one field a
/// line, "path | Dutch | English". An object with parts listed here (`contact.phone`)
/// is shown part by part, each named "Contact: telefoon".
const OFFERING_FIELDS: &str = "\
title | Titel | Title
summary | Korte uitleg | Short summary
description | Beschrijving | Description
alert | Mededeling | Notice
kind | Soort aanbod | Kind of offering
themes | Thema's | Themes
health_dimensions | Positieve Gezondheid | Positive Health
tags | Zoekwoorden | Search words
translations | Vertalingen | Translations
min_age | Vanaf leeftijd | From age
max_age | Tot en met leeftijd | Up to age
audience | Voor wie | For whom
eligibility | Wie mag meedoen | Who can take part
languages | Talen | Languages
cost | Kosten | Cost
cost_note | Over de kosten | About the cost
sign_up | Aanmelden | Signing up
how_to_join | Hoe doe je mee | How to join
accessibility | Toegankelijkheid | Accessibility
accessibility_note | Over de toegankelijkheid | About accessibility
schedules | Wanneer | When
exceptions | Afwijkende dagen | Changed dates
by_appointment | Op afspraak | By appointment
location | Waar | Where
location.name | naam van de plek | name of the place
location.address | adres | address
location.postcode | postcode | postcode
location.city | plaats | town
location.neighbourhood | buurt | neighbourhood
location.latitude | breedtegraad | latitude
location.longitude | lengtegraad | longitude
location.transport | hoe kom je er | getting there
online | Online | Online
at_home | Bij mensen thuis | At people's homes
contact | Contact | Contact
contact.name | naam | name
contact.phone | telefoon | phone
contact.email | e-mail | e-mail
contact.website | website | website
referral | Verwijzen | Referral
referral.procedure | hoe verwijs je | how to refer
referral.contact_name | contactpersoon | contact person
referral.contact_role | functie van de contactpersoon | contact person's role
referral.contact_phone | telefoon van de contactpersoon | contact person's phone
referral.contact_email | e-mail van de contactpersoon | contact person's e-mail
referral.intake_required | intake nodig | intake needed
referral.waiting_time | wachttijd | waiting time
referral.coverage_note | vergoeding | coverage
status | Status | Status
organisation_id | Organisatie | Organisation
checked_on | Gecontroleerd op | Checked on
checked_by | Gecontroleerd door | Checked by
created_by | Gemaakt door | Created by";

/// The fields of [`OFFERING_FIELDS`] in order, as (key, Dutch, English).
fn offering_fields() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    fields_of(OFFERING_FIELDS)
}

/// The lines of a table of fields, as (key, Dutch, English).
fn fields_of(
    table: &'static str,
) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    table.lines().filter_map(|line| {
        let mut parts = line.split('|').map(str::trim);
        Some((parts.next()?, parts.next()?, parts.next()?))
    })
}

/// The name of a field in plain words, by its path: "Titel", "Contact: telefoon".
/// An unknown field (or part) by its key.
pub fn field_label(path: &str, lang: Lang) -> String {
    let name = |path: &str| {
        let (_, nl, en) = offering_fields().find(|(k, _, _)| *k == path)?;
        Some(if lang == Lang::Nl { nl } else { en })
    };
    match path.rsplit_once(PATH_SEPARATOR) {
        None => name(path).unwrap_or(path).to_string(),
        Some((parent, key)) => format!(
            "{}: {}",
            field_label(parent, lang),
            name(path).unwrap_or(key)
        ),
    }
}

/// An organisation's fields, "path | Dutch | English", as [`OFFERING_FIELDS`].
const ORGANISATION_FIELDS: &str = "\
name | Naam | Name
description | Beschrijving | Description
kind | Soort organisatie | Kind of organisation
website | Website | Website
email | E-mail | E-mail
phone | Telefoon | Phone
kvk | KvK-nummer | KvK number";

/// The name of an organisation's field in plain words (an HSDS import names
/// what it changes); an unknown field by its key.
pub fn organisation_field_label(path: &str, lang: Lang) -> String {
    fields_of(ORGANISATION_FIELDS)
        .find(|(k, _, _)| *k == path)
        .map_or_else(
            || path.to_string(),
            |(_, nl, en)| if lang == Lang::Nl { nl } else { en }.to_string(),
        )
}

/// The name of the nearest named field around a problem's path, for a list of
/// what to fix: "schedules[0].byday" is "Wanneer", "cost.amount_cents" "Kosten",
/// "contact.email" "Contact: e-mail".
pub fn nearest_field_label(path: &str, lang: Lang) -> String {
    let mut path = path.split('[').next().unwrap_or(path);
    while !offering_fields().any(|(k, _, _)| k == path) {
        match path.rsplit_once(PATH_SEPARATOR) {
            Some((parent, _)) => path = parent,
            None => break,
        }
    }
    field_label(path, lang)
}

/// Whether the object at `path` is shown part by part.
fn in_parts(path: &str) -> bool {
    offering_fields().any(|(k, _, _)| {
        k.strip_prefix(path)
            .is_some_and(|rest| rest.starts_with(PATH_SEPARATOR))
    })
}

/// Who changed a field since the edit's base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only this device: merges by itself, taking mine.
    Mine,
    /// Only the server: merges by itself, taking theirs.
    Theirs,
    /// Both, in different parts of a field shown whole (the cost, say): merges by
    /// itself, taking each side's part.
    Both,
    /// Both, differently: the person chooses.
    Conflict,
}

/// A choice for one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// One field in which mine and theirs differ.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDiff {
    /// The field's path, e.g. "title" or "contact.phone": a stable key for the
    /// screen and choices.
    pub key: String,
    /// Its name in plain words ([`field_label`]).
    pub label: String,
    pub change: Change,
    /// The values as text; `None` when empty or absent.
    pub base: Option<String>,
    pub mine: Option<String>,
    pub theirs: Option<String>,
    /// The automatic merge's value (for a conflict: theirs, until chosen).
    pub merged: Option<String>,
}

/// The fields in which two versions of a record differ, and how they merge.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDiffs {
    /// In the form's order; unknown fields after, by key.
    pub fields: Vec<FieldDiff>,
    /// The automatic merge: one-sided changes applied, conflicts the server's.
    merged: Value,
    mine: Value,
    theirs: Value,
}

/// Why no record can be built from the choices.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// These conflicting fields have no choice yet.
    #[error("choose mine or theirs for: {}", .0.join(", "))]
    Unchosen(Vec<String>),
    /// The result is not an offering (one side was not one).
    #[error("the merged record is not an offering")]
    NotAnOffering,
}

/// Compares two edits of an offering made from `base` (the server's version the
/// edit started from; `None` when unknown, so every difference is a conflict).
pub fn diff_offerings(
    base: Option<&Offering>,
    mine: &Offering,
    theirs: &Offering,
    lang: Lang,
) -> FieldDiffs {
    let json = |o: &Offering| serde_json::to_value(o).unwrap_or(Value::Null);
    diff_values(base.map(json).as_ref(), &json(mine), &json(theirs), lang)
}

/// [`diff_offerings`] over the records' JSON, as the replica holds them.
pub fn diff_values(base: Option<&Value>, mine: &Value, theirs: &Value, lang: Lang) -> FieldDiffs {
    let merge = merge_fields(base, mine, theirs);
    let mut diff = Walk {
        base,
        mine,
        theirs,
        merged: &merge.merged,
        clashes: &merge.clashes,
        lang,
        fields: Vec::new(),
    };
    if let (Some(m), Some(t)) = (mine.as_object(), theirs.as_object()) {
        for key in keys_in_order("", m, t) {
            if !BOOKKEEPING.contains(&key.as_str()) {
                diff.field(key);
            }
        }
    }
    FieldDiffs {
        fields: diff.fields,
        merged: merge.merged,
        mine: mine.clone(),
        theirs: theirs.clone(),
    }
}

/// The fields `version` changed since `base`, its values in [`FieldDiff::mine`]:
/// what one version says when there is no other to compare with (an edit of an
/// offering that was removed meanwhile). Without a base, every field.
pub fn changed_fields(base: Option<&Value>, version: &Value, lang: Lang) -> Vec<FieldDiff> {
    let empty = Value::Object(Map::new());
    diff_values(base, version, base.unwrap_or(&empty), lang).fields
}

/// The paths of the fields of two objects at `prefix`, in the form's order;
/// unknown fields after, by key.
fn keys_in_order(
    prefix: &str,
    mine: &Map<String, Value>,
    theirs: &Map<String, Value>,
) -> Vec<String> {
    let mut keys: Vec<String> = mine
        .keys()
        .chain(theirs.keys())
        .map(|key| join(prefix, key))
        .collect();
    keys.sort_by(|a, b| (order(a), a).cmp(&(order(b), b)));
    keys.dedup();
    keys
}

/// Finds the fields in which mine and theirs differ, at the depth they are shown.
struct Walk<'a> {
    base: Option<&'a Value>,
    mine: &'a Value,
    theirs: &'a Value,
    merged: &'a Value,
    clashes: &'a [String],
    lang: Lang,
    fields: Vec<FieldDiff>,
}

impl Walk<'_> {
    fn field(&mut self, path: String) {
        let (mine, theirs) = (get_path(self.mine, &path), get_path(self.theirs, &path));
        if mine == theirs {
            return;
        }
        if let (Some(Value::Object(m)), Some(Value::Object(t))) = (mine, theirs)
            && in_parts(&path)
        {
            for key in keys_in_order(&path, m, t) {
                self.field(key);
            }
            return;
        }
        let merged = get_path(self.merged, &path);
        let inside = |clash: &String| {
            clash == &path
                || clash
                    .strip_prefix(path.as_str())
                    .is_some_and(|rest| rest.starts_with(PATH_SEPARATOR))
        };
        let change = if self.clashes.iter().any(inside) {
            Change::Conflict
        } else if merged == mine {
            Change::Mine
        } else if merged == theirs {
            Change::Theirs
        } else {
            Change::Both
        };
        let text = |value: Option<&Value>| value.and_then(|v| display(&path, v, self.lang));
        self.fields.push(FieldDiff {
            label: field_label(&path, self.lang),
            change,
            base: text(self.base.and_then(|b| get_path(b, &path))),
            mine: text(mine),
            theirs: text(theirs),
            merged: text(merged),
            key: path,
        });
    }
}

/// Position in the form; unknown fields last.
fn order(path: &str) -> usize {
    offering_fields()
        .position(|(k, _, _)| k == path)
        .unwrap_or(usize::MAX)
}

impl FieldDiffs {
    /// The fields the person must choose for.
    pub fn conflicts(&self) -> impl Iterator<Item = &FieldDiff> {
        self.fields.iter().filter(|f| f.change == Change::Conflict)
    }

    /// Whether the versions differ at all (beyond bookkeeping).
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The automatic merge, before any choice (conflicts: the server's values).
    pub fn merged(&self) -> &Value {
        &self.merged
    }

    /// The record from the automatic merge with `choices` applied: a choice may also
    /// overrule a field that merged by itself. Every conflict needs a choice, so
    /// nothing is lost unseen.
    pub fn resolve(&self, choices: &BTreeMap<String, Side>) -> Result<Value, ResolveError> {
        let unchosen: Vec<String> = self
            .conflicts()
            .filter(|f| !choices.contains_key(&f.key))
            .map(|f| f.key.clone())
            .collect();
        if !unchosen.is_empty() {
            return Err(ResolveError::Unchosen(unchosen));
        }
        let mut resolved = self.merged.clone();
        let chosen = self
            .fields
            .iter()
            .filter_map(|f| Some((f.key.as_str(), *choices.get(&f.key)?)));
        let bookkeeping = BOOKKEEPING.iter().map(|k| (*k, Side::Theirs));
        for (path, side) in chosen.chain(bookkeeping) {
            let from = match side {
                Side::Mine => &self.mine,
                Side::Theirs => &self.theirs,
            };
            set_path(&mut resolved, path, get_path(from, path).cloned());
        }
        Ok(resolved)
    }

    /// [`FieldDiffs::resolve`] read as an offering.
    pub fn resolve_offering(
        &self,
        choices: &BTreeMap<String, Side>,
    ) -> Result<Offering, ResolveError> {
        let value = self.resolve(choices)?;
        serde_json::from_value(value).map_err(|_| ResolveError::NotAnOffering)
    }
}

/// A field's value as text for a person, by its path; `None` when it is empty.
fn display(path: &str, value: &Value, lang: Lang) -> Option<String> {
    let text = match path {
        "themes" => labels::<Theme>(value, lang),
        "health_dimensions" => labels::<HealthDimension>(value, lang),
        "audience" => labels::<Audience>(value, lang),
        "languages" => labels::<Language>(value, lang),
        "accessibility" => labels::<AccessibilityFeature>(value, lang),
        "kind" => labels::<OfferingKind>(&Value::Array(vec![value.clone()]), lang),
        "status" => labels::<Status>(&Value::Array(vec![value.clone()]), lang),
        "sign_up" => labels::<SignUp>(&Value::Array(vec![value.clone()]), lang),
        "cost" => typed(value, |c: Cost| cost(&c, lang)),
        "schedules" => typed(value, |s: Vec<Schedule>| schedules(&s, lang)),
        "exceptions" => typed(value, |e: Vec<ScheduleException>| exceptions(&e, lang)),
        "location" => typed(value, |l: Location| location(&l)),
        "checked_on" => typed(value, |d: chrono::NaiveDate| Some(long_date(d, lang))),
        "contact" => typed(value, |c: Contact| {
            joined([c.name, c.phone, c.email, c.website].into_iter().flatten())
        }),
        "referral" => typed(value, |r: Referral| referral(r, lang)),
        "translations" => typed(value, |t: BTreeMap<String, OfferingTranslation>| {
            joined(t.iter().map(|(code, t)| format!("{code}: {}", t.title)))
        }),
        _ => None,
    };
    text.or_else(|| plain(value, lang))
        .filter(|t| !t.trim().is_empty())
}

/// Strings, numbers, yes/no and lists of them; other JSON as it is.
fn plain(value: &Value, lang: Lang) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(yes_no(*b, lang).to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => joined(items.iter().filter_map(|v| plain(v, lang))),
        Value::Object(_) => Some(value.to_string()),
    }
}

fn typed<T: DeserializeOwned>(
    value: &Value,
    show: impl FnOnce(T) -> Option<String>,
) -> Option<String> {
    serde_json::from_value(value.clone()).ok().and_then(show)
}

fn labels<V: Vocabulary + DeserializeOwned>(value: &Value, lang: Lang) -> Option<String> {
    typed(value, |terms: Vec<V>| {
        joined(terms.into_iter().map(|t| t.label(lang).to_string()))
    })
}

fn joined(parts: impl IntoIterator<Item = impl Into<String>>) -> Option<String> {
    let parts: Vec<String> = parts
        .into_iter()
        .map(Into::into)
        .filter(|p| !p.trim().is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::Nl) => "Ja",
        (false, Lang::Nl) => "Nee",
        (true, Lang::En) => "Yes",
        (false, Lang::En) => "No",
    }
}

fn cost(cost: &Cost, lang: Lang) -> Option<String> {
    Some(crate::money::cost_text(cost, lang))
}

fn schedules(schedules: &[Schedule], lang: Lang) -> Option<String> {
    let lines = schedules.iter().map(|s| {
        let mut line = describe(s, lang);
        if let Some(period) = describe_period(s, lang) {
            line.push_str(&format!(" ({period})"));
        }
        if let Some(note) = &s.description {
            line.push_str(&format!(" – {note}"));
        }
        line
    });
    let lines: Vec<String> = lines.collect();
    (!lines.is_empty()).then(|| lines.join("; "))
}

fn exceptions(exceptions: &[ScheduleException], lang: Lang) -> Option<String> {
    let closed = match lang {
        Lang::Nl => "gaat niet door",
        Lang::En => "cancelled",
    };
    let entries = exceptions.iter().map(|e| {
        let what = match (e.closed, e.opens_at, e.closes_at) {
            (true, _, _) => closed.to_string(),
            (false, Some(o), Some(c)) => format!("{}–{}", o.format("%H:%M"), c.format("%H:%M")),
            (false, Some(o), None) => o.format("%H:%M").to_string(),
            (false, None, _) => String::new(),
        };
        let note = e.note.as_deref().unwrap_or_default();
        let details = joined([what, note.to_string()]).unwrap_or_default();
        format!("{} {details}", e.date.format("%d-%m-%Y"))
            .trim()
            .to_string()
    });
    let entries: Vec<String> = entries.collect();
    (!entries.is_empty()).then(|| entries.join("; "))
}

fn location(l: &Location) -> Option<String> {
    let town = joined([l.postcode.as_str(), l.city.as_str()]).map(|t| t.replace(", ", " "));
    let parts = [
        Some(l.name.clone()),
        Some(l.address.clone()),
        town,
        Some(l.neighbourhood.clone()),
        l.transport.clone(),
    ];
    joined(parts.into_iter().flatten())
}

fn referral(r: Referral, lang: Lang) -> Option<String> {
    let intake = r.intake_required.then(|| match lang {
        Lang::Nl => "intake nodig".to_string(),
        Lang::En => "intake needed".to_string(),
    });
    let parts = [
        Some(r.procedure),
        r.contact_name,
        r.contact_role,
        r.contact_phone,
        r.contact_email,
        intake,
        r.waiting_time,
        r.coverage_note,
    ];
    joined(parts.into_iter().flatten())
}

#[cfg(test)]
mod tests;
