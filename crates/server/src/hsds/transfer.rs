//! `import --format hsds` and `export --format hsds`: services as JSON (one, an
//! array, or a page's `contents`). An import checks every service against the
//! official schema and the core's validation before anything is written, and
//! writes nothing if any fails; the report names each problem by JSON path.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde_json::Value;
use uuid::Uuid;
use wijkgids_core::hsds::{self, Finding, Note, Place};
use wijkgids_core::lifecycle::must_be_complete;
use wijkgids_core::model::{Offering, Organisation};
use wijkgids_core::record::Record;
use wijkgids_core::validate::Problem;
use wijkgids_core::vocab::{Lang, RecordKind, Status};
use wijkgids_core::wire::{HsdsFinding, HsdsImported, HsdsNoteGroup};

use crate::store::{Storage, StoreError};

/// The official HSDS 3.0 service schema (self-contained form).
static SERVICE_SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(include_str!(
        "../../../../tests/fixtures/hsds/schema/compiled/service_with_definitions.json"
    ))
    .expect("the vendored schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the vendored schema compiles")
});

/// One file's JSON, named as the report names it.
pub struct Input {
    pub source: String,
    pub json: Value,
    /// Where objects of `json` came from, when not from the JSON itself (the
    /// tabular form's rows): a problem inside one is named by file, row, column.
    pub origins: Vec<Origin>,
    /// The tables of the tabular form whose file was not given, with the file's
    /// name: what they would carry of an offering stays as the guide has it.
    pub unsaid: Vec<(&'static str, String)>,
}

/// The object at `path` (e.g. "[0].schedules[1]") came from row `row` of
/// `file` ("schedules.csv", as a spreadsheet numbers its rows).
pub struct Origin {
    pub path: String,
    pub file: String,
    pub row: usize,
    /// The columns of its file: a field that is none of them (the attributes
    /// of a service, which are rows of attributes.csv) is named by row only.
    pub columns: std::sync::Arc<[String]>,
}

/// A service in a file: its path there ("contents[3]"), its position counted
/// from 1 (none when the file is that one service) and its name.
struct Item {
    path: String,
    position: Option<usize>,
    name: Option<String>,
    /// Its id, said only for a service without a name.
    id: Option<String>,
}

impl Item {
    fn new(path: String, json: &Value) -> Item {
        let position = path
            .strip_suffix(']')
            .and_then(|p| p.rsplit_once('['))
            .and_then(|(_, i)| i.parse::<usize>().ok())
            .map(|i| i + 1);
        let name = json["name"]
            .as_str()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from);
        let id = json["id"]
            .as_str()
            .filter(|_| name.is_none())
            .map(|id| format!("id {id}"));
        Item {
            path,
            position,
            name,
            id,
        }
    }
}

impl Input {
    /// Where `inside` (a path in the service `item`) is, as the report says
    /// it: the file and the service, or the CSV row and column it came from.
    fn place(&self, item: &Item, inside: &str) -> Place {
        let path = at(&item.path, inside);
        let origin = self
            .origins
            .iter()
            .filter(|o| {
                path.strip_prefix(&o.path)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            })
            .max_by_key(|o| o.path.len());
        let service = Place {
            service: item.position,
            name: item.name.clone(),
            id: item.id.clone(),
            ..Place::default()
        };
        match origin {
            Some(o) => {
                let rest = path[o.path.len()..].trim_start_matches('.');
                let column = rest.split(['.', '[']).next().unwrap_or_default();
                let place = Place {
                    file: o.file.clone(),
                    row: Some(o.row),
                    ..service
                };
                match o.columns.iter().position(|c| c == column) {
                    Some(index) => place.column(column, index),
                    None => place,
                }
            }
            None => Place {
                file: self.source.clone(),
                path,
                within: inside.to_string(),
                ..service
            },
        }
    }
}

/// What an import found and did (or, in a dry run, would do).
#[derive(Debug, Default)]
pub struct Report {
    /// Each stops the import.
    pub problems: Vec<HsdsFinding>,
    /// What could not be kept as it was; the import goes on.
    pub notes: Vec<HsdsFinding>,
    pub offerings: usize,
    pub organisations: usize,
    /// Offerings already stored exactly so: no new version.
    pub unchanged: usize,
    /// Organisations already stored exactly so.
    pub unchanged_organisations: usize,
    /// The new and changed records (organisations first).
    pub changes: Vec<HsdsImported>,
    /// Whether `changes` were written.
    pub written: bool,
}

impl Report {
    /// The notes grouped by kind and field, the ones that matter most first;
    /// at most [`REPORT_NAMED`] groups, then one saying how many more.
    pub fn note_groups(&self) -> Vec<HsdsNoteGroup> {
        let mut groups = hsds::group_notes(&self.notes);
        if groups.len() > REPORT_NAMED {
            let more: usize = groups[REPORT_NAMED..].iter().map(|g| g.count).sum();
            groups.truncate(REPORT_NAMED);
            groups.push(HsdsNoteGroup {
                code: Finding::More,
                field: String::new(),
                count: more,
                values: vec![more.to_string()],
                value_count: 1,
                places: vec![],
                at: vec![],
                services: vec![],
                unnamed: vec![],
                service_count: 0,
                message: format!("… and {more} more"),
            });
        }
        groups
    }
}

/// A problem or note at `place` (a file's name, or a [`Place`]) about `field`
/// (positions left out).
pub fn finding(
    place: impl Into<Place>,
    field: &str,
    code: Finding,
    message: impl Into<String>,
) -> HsdsFinding {
    let at: Place = place.into();
    HsdsFinding {
        place: at.machine(),
        at: (at != Place::default()).then_some(at),
        field: hsds::field_of(field),
        code,
        value: None,
        expected: None,
        guide: None,
        message: message.into(),
    }
}

/// "/schedules/0/freq" → "schedules[0].freq".
fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for part in pointer.split('/').skip(1) {
        if part.bytes().all(|b| b.is_ascii_digit()) && !part.is_empty() {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&part.replace("~1", "/").replace("~0", "~"));
        }
    }
    out
}

fn at(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (_, true) => prefix.to_string(),
        (true, false) => path.to_string(),
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    }
}

fn listed(items: &[Value], prefix: &str) -> Vec<(String, Value)> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("{prefix}[{i}]"), v.clone()))
        .collect()
}

/// The services in a document, each with its path: one service, an array of
/// them, a page, or an organization with its services (each of which then
/// carries the organization).
fn services_in(json: &Value) -> Result<Vec<(String, Value)>, String> {
    const WHAT: &str =
        "not an HSDS service, an array of services, a page of them or an organization";
    let Value::Object(fields) = json else {
        return match json {
            Value::Array(items) => Ok(listed(items, "")),
            _ => Err(WHAT.into()),
        };
    };
    match (fields.get("contents"), fields.get("services")) {
        (Some(Value::Array(items)), _) => Ok(listed(items, "contents")),
        (_, Some(Value::Array(items))) if !fields.contains_key("status") => {
            let mut organization = fields.clone();
            organization.remove("services");
            let mut services = listed(items, "services");
            for (_, service) in &mut services {
                if let Value::Object(service) = service {
                    service
                        .entry("organization_id")
                        .or_insert_with(|| organization["id"].clone());
                    service.insert("organization".into(), Value::Object(organization.clone()));
                }
            }
            Ok(services)
        }
        _ if fields.contains_key("id") && fields.contains_key("name") => {
            Ok(vec![(String::new(), json.clone())])
        }
        _ => Err(WHAT.into()),
    }
}

/// Our field → where it comes from in `service`, for the report: the same
/// schedule, the address of the place that was kept (walkthrough: a postcode
/// was named as a column of services.csv, not of addresses.csv).
fn hsds_path(field: &str, service: &hsds::Service) -> String {
    let (top, rest) = match field.find(['.', '[']) {
        Some(i) => (&field[..i], &field[i..]),
        None => (field, ""),
    };
    let place = service
        .service_at_locations
        .iter()
        .position(|sal| {
            sal.location
                .as_ref()
                .is_some_and(|l| l.location_type != "virtual")
        })
        .map(|i| format!("service_at_locations[{i}].location"));
    let simple = match top {
        "title" => "name",
        "summary" | "tags" | "kind" | "themes" | "health_dimensions" | "audience" | "sign_up"
        | "accessibility" | "accessibility_note" | "translations" | "exceptions" => "attributes",
        "min_age" => "minimum_age",
        "max_age" => "maximum_age",
        "eligibility" => "eligibility_description",
        "cost" => "cost_options[0]",
        "cost_note" => "fees_description",
        "how_to_join" => "application_process",
        "checked_on" => "assured_date",
        "organisation_id" => "organization_id",
        "schedules" | "languages" => return field.to_string(),
        "location" => {
            let Some(place) = place else {
                return "service_at_locations".into();
            };
            return match rest.trim_start_matches('.') {
                "name" => format!("{place}.name"),
                "latitude" | "longitude" => format!("{place}{rest}"),
                "transport" => format!("{place}.transportation"),
                "address" => format!("{place}.addresses[0].address_1"),
                "postcode" => format!("{place}.addresses[0].postal_code"),
                "city" => format!("{place}.addresses[0].city"),
                "neighbourhood" => format!("{place}.addresses[0].region"),
                _ => place,
            };
        }
        "contact" => match rest {
            ".website" => "url",
            ".email" => "email",
            ".phone" => "phones[0].number",
            _ => "contacts[0].name",
        },
        other => other,
    };
    simple.to_string()
}

/// The text or number at `path` ("location.postcode", "schedules[0].opens_at").
fn value_at(json: &Value, path: &str) -> Option<String> {
    let mut here = json;
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, index)) => (key, index.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        here = here.get(key)?;
        if let Some(i) = index {
            here = here.get(i)?;
        }
    }
    match here {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `item` without the e-mail addresses and web addresses it leaves empty
/// (`email`, `url`, `website`, at any depth): an empty one is not given, not
/// one in the wrong form (walkthrough: "Contact: e-mail: „” heeft niet de
/// goede vorm").
fn without_empty_addresses(item: &Value) -> Value {
    match item {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(key, value)| {
                    !(matches!(key.as_str(), "email" | "url" | "website")
                        && value.as_str().is_some_and(|v| v.trim().is_empty()))
                })
                .map(|(key, value)| (key.clone(), without_empty_addresses(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_empty_addresses).collect()),
        other => other.clone(),
    }
}

/// A schema error as a finding: which rule, the value, what was expected; its
/// place where `field` is, or for a missing field where it would be (a CSV
/// file's column, when the file has it).
fn schema_finding(
    here: &dyn Fn(&str) -> Place,
    field: &str,
    error: &jsonschema::ValidationError,
) -> HsdsFinding {
    use jsonschema::error::ValidationErrorKind as Kind;
    let texts = |v: &Value| match v {
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), String::from))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    let (code, expected, field) = match error.kind() {
        Kind::Enum { options } => (Finding::NotOneOf, Some(texts(options)), field.to_string()),
        Kind::Type { kind } => {
            let kinds = match kind {
                jsonschema::error::TypeKind::Single(one) => one.to_string(),
                jsonschema::error::TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            (Finding::WrongType, Some(kinds), field.to_string())
        }
        Kind::Required { property } => (
            Finding::Required,
            None,
            at(field, property.as_str().unwrap_or_default()),
        ),
        Kind::Format { format } => (Finding::BadFormat, Some(format.clone()), field.to_string()),
        Kind::MaxLength { limit } => (Finding::TooLong, Some(limit.to_string()), field.to_string()),
        Kind::MinLength { limit } => (
            Finding::TooShort,
            Some(limit.to_string()),
            field.to_string(),
        ),
        _ => (Finding::Schema, None, field.to_string()),
    };
    let value = match (code, error.instance().as_ref()) {
        (Finding::Required, _) => None,
        (_, Value::String(s)) => Some(s.clone()),
        (_, Value::Number(n)) => Some(n.to_string()),
        (_, Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    };
    HsdsFinding {
        value,
        expected,
        ..finding(here(&field), &field, code, error.to_string())
    }
}

/// `item` with what the schema refused set aside: a field with a wrong value
/// left out (a name or status stood in for, since a service needs them), a
/// missing name or status stood in for, a part missing anything else (a phone
/// without a number) left out; so the rest of the service can still be read
/// and checked. Never written: the refusals are problems.
fn set_aside(item: &Value, errors: &[jsonschema::ValidationError]) -> Value {
    use jsonschema::error::ValidationErrorKind as Kind;
    let stand_in = |field: &str| match field {
        "status" => Some(Value::from("active")),
        "name" => Some(Value::from("")),
        _ => None,
    };
    let mut json = item.clone();
    for error in errors {
        let pointer = error.instance_path().as_str();
        match error.kind() {
            Kind::Required { property } => match property.as_str().and_then(stand_in) {
                Some(value) => {
                    if let Some(Value::Object(fields)) = json.pointer_mut(pointer) {
                        fields
                            .entry(property.as_str().unwrap_or_default())
                            .or_insert(value);
                    }
                }
                None if !pointer.is_empty() => {
                    if let Some(part) = json.pointer_mut(pointer) {
                        *part = Value::Null;
                    }
                }
                None => {}
            },
            _ => {
                let Some((parent, key)) = pointer.rsplit_once('/') else {
                    continue;
                };
                match json.pointer_mut(parent) {
                    Some(Value::Object(fields)) => match stand_in(key) {
                        Some(value) if parent.is_empty() => {
                            fields.insert(key.to_string(), value);
                        }
                        _ => {
                            fields.remove(key);
                        }
                    },
                    Some(Value::Array(items)) => {
                        if let Some(part) = key.parse::<usize>().ok().and_then(|i| items.get_mut(i))
                        {
                            *part = Value::Null;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    without_nulls(&mut json);
    json
}

/// Parts set aside (null) taken out of the lists that held them, and an
/// object's field set aside left out.
fn without_nulls(json: &mut Value) {
    match json {
        Value::Array(items) => {
            items.retain(|v| !v.is_null());
            items.iter_mut().for_each(without_nulls);
        }
        Value::Object(fields) => {
            fields.retain(|_, v| !v.is_null());
            fields.values_mut().for_each(without_nulls);
        }
        _ => {}
    }
}

/// What HSDS never carries, kept from the stored record so that an import
/// loses nothing of it: referral details, authorship, other translations.
fn keep_private(imported: &mut Offering, stored: &Offering) {
    imported.referral = stored.referral.clone();
    imported.created_by = stored.created_by.clone();
    imported.checked_by = stored.checked_by.clone();
    imported.review_note = stored.review_note.clone();
    for (lang, t) in &stored.translations {
        if lang != Lang::En.code() {
            imported.translations.insert(lang.clone(), t.clone());
        }
    }
}

/// What a file leaves out of an organisation the guide has stays as stored: an
/// organization given by id and name only would otherwise wipe its kind, phone,
/// KvK number and description (attack review).
fn keep_stored_organisation(imported: &mut Organisation, stored: &Organisation, kind_given: bool) {
    let keep = |field: &mut Option<String>, stored: &Option<String>| {
        if field.is_none() {
            field.clone_from(stored);
        }
    };
    keep(&mut imported.website, &stored.website);
    keep(&mut imported.email, &stored.email);
    keep(&mut imported.phone, &stored.phone);
    keep(&mut imported.kvk, &stored.kvk);
    if imported.description.trim().is_empty() {
        imported.description.clone_from(&stored.description);
    }
    if !kind_given {
        imported.kind = stored.kind;
    }
}

/// The live record stored as `kind`/`id`, if any.
fn stored(store: &dyn Storage, kind: RecordKind, id: Uuid) -> Result<Option<Record>, StoreError> {
    match store.record(kind, id)? {
        Some(row) if !row.deleted => Record::from_stored(kind, &row.data)
            .map(Some)
            .map_err(|e| StoreError::Corrupt(e.to_string())),
        _ => Ok(None),
    }
}

/// Where an organisation's fields are in the file, by our field ("" for the
/// organisation itself), for the problems and notes about it.
fn organisation_places(here: &dyn Fn(&str) -> Place, name: &str) -> Vec<(&'static str, Place)> {
    [
        ("phone", "organization.phones[0].number"),
        ("email", "organization.email"),
        ("website", "organization.website"),
        ("kvk", "organization.organization_identifiers"),
        ("name", "organization.name"),
        ("description", "organization.description"),
        ("", "organization"),
    ]
    .into_iter()
    .map(|(field, path)| (field, organisation_place(here(path), name)))
    .collect()
}

/// `place` (in a service) as the organisation `name`'s: named as it, not as
/// the services that share it.
fn organisation_place(place: Place, name: &str) -> Place {
    Place {
        service: None,
        name: None,
        id: None,
        organisation: Some(name.to_string()),
        ..place
    }
}

/// A problem the guide's own rules find, at `place` in the file; `value` is
/// what the record holds there.
fn guide_finding(
    place: Place,
    hsds_field: &str,
    p: &Problem,
    value: Option<String>,
) -> HsdsFinding {
    HsdsFinding {
        value,
        guide: Some(p.clone()),
        ..finding(
            place,
            hsds_field,
            Finding::Guide,
            format!(
                "{} ({}; Wijkgids field {})",
                p.text(Lang::En),
                p.code,
                p.field
            ),
        )
    }
}

/// The offering validated as the core validates any write. One that residents
/// would see but that is not complete for the guide (another system's service:
/// no theme, a foreign postcode) comes in as a draft, with what it lacks; only
/// what stops even a draft (too long, broken) is a problem.
fn checked(offering: Offering) -> Result<(Record, Vec<Problem>), Vec<Problem>> {
    let json = serde_json::to_value(&offering).expect("plain data");
    match Record::parse(RecordKind::Offering, &json) {
        Ok(record) => Ok((record, vec![])),
        Err(problems) if must_be_complete(offering.status) => {
            let draft = Offering {
                status: Status::Draft,
                ..offering
            };
            let json = serde_json::to_value(&draft).expect("plain data");
            Record::parse(RecordKind::Offering, &json).map(|record| (record, problems))
        }
        Err(problems) => Err(problems),
    }
}

/// The organisation validated; a contact detail the guide cannot use (a
/// foreign phone number) is left out rather than stopping the import.
fn checked_organisation(mut o: Organisation) -> Result<(Record, Vec<Problem>), Vec<Problem>> {
    let mut dropped = Vec::new();
    loop {
        let json = serde_json::to_value(&o).expect("plain data");
        let problems = match Record::parse(RecordKind::Organisation, &json) {
            Ok(record) => return Ok((record, dropped)),
            Err(problems) => problems,
        };
        let mut any = false;
        for p in &problems {
            let field = match p.field.as_str() {
                "phone" => &mut o.phone,
                "email" => &mut o.email,
                "website" => &mut o.website,
                "kvk" => &mut o.kvk,
                _ => continue,
            };
            if field.take().is_some() {
                any = true;
                dropped.push(p.clone());
            }
        }
        if !any {
            return Err(problems);
        }
    }
}

/// Whether `a` and `b` say the same, whatever their versions and the time each
/// was written (the store stamps `updated_at` when it writes).
fn same(a: &Record, b: &Record) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    for record in [&mut a, &mut b] {
        record.set_version(0);
        if let Record::Offering(offering) = record {
            offering.updated_at = None;
        }
    }
    a == b
}

/// Checks every service in `inputs`; unless `dry_run`, and only if none has a
/// problem, stores the new and changed ones (and their organisations) in one
/// transaction, so devices pull them as ordinary changes.
pub fn import(store: &dyn Storage, inputs: &[Input], dry_run: bool) -> Result<Report, StoreError> {
    import_unless_given_up(store, inputs, dry_run, &|| false)
}

/// The organisations the guide holds, and its offerings' names, read once when
/// an import meets an organisation it does not know by id or a new offering.
#[derive(Default)]
struct Known(Option<(hsds::KnownOrganisations, HashMap<String, Vec<Uuid>>)>);

impl Known {
    fn read(
        &mut self,
        store: &dyn Storage,
    ) -> Result<&(hsds::KnownOrganisations, HashMap<String, Vec<Uuid>>), StoreError> {
        if self.0.is_none() {
            let mut all = Vec::new();
            let mut titles: HashMap<String, Vec<Uuid>> = HashMap::new();
            for row in store.live_records()? {
                match Record::from_stored(row.kind, &row.data) {
                    Ok(Record::Organisation(o)) => all.push(o),
                    Ok(Record::Offering(o)) => titles
                        .entry(hsds::name_key(&o.title))
                        .or_default()
                        .push(o.id),
                    _ => {}
                }
            }
            self.0 = Some((hsds::KnownOrganisations::new(all), titles));
        }
        Ok(self.0.get_or_insert_default())
    }

    fn get(&mut self, store: &dyn Storage) -> Result<&hsds::KnownOrganisations, StoreError> {
        Ok(&self.read(store)?.0)
    }

    /// Whether the guide has another offering than `id` named `title`.
    fn named(&mut self, store: &dyn Storage, title: &str, id: Uuid) -> Result<bool, StoreError> {
        let key = hsds::name_key(title);
        Ok(!key.is_empty()
            && self
                .read(store)?
                .1
                .get(&key)
                .is_some_and(|ids| ids.iter().any(|i| *i != id)))
    }
}

/// [`import`], writing nothing if `given_up` says so just before the write (the
/// request it answers was given up: its caller was told it failed).
pub fn import_unless_given_up(
    store: &dyn Storage,
    inputs: &[Input],
    dry_run: bool,
    given_up: &dyn Fn() -> bool,
) -> Result<Report, StoreError> {
    let mut report = Report::default();
    let mut records: Vec<Record> = Vec::new();
    let mut organisations: HashMap<Uuid, Organisation> = HashMap::new();
    let mut seen = HashSet::new();
    // Each with the organisations' file of its tables when it was not chosen.
    let mut wanted_organisations: Vec<(Place, Uuid, Option<String>)> = Vec::new();
    // Another system's id of an organisation the guide has under its own id →
    // that id and name (walkthrough: the same name came in twice).
    let mut linked: HashMap<Uuid, (Uuid, String)> = HashMap::new();
    let mut known = Known::default();
    // Where in the file each organisation's fields are (its first service's).
    let mut org_places: HashMap<Uuid, Vec<(&str, Place)>> = HashMap::new();
    // What each offering that comes in as a draft lacks.
    let mut drafts: HashMap<Uuid, (Vec<Problem>, Vec<Place>)> = HashMap::new();
    // Each service without a name, by its id: its position and id, for the
    // report to name it as its places do.
    let mut unnamed: HashMap<Uuid, Place> = HashMap::new();
    for input in inputs {
        let items = match services_in(&input.json) {
            Ok(items) => items,
            Err(why) => {
                report
                    .problems
                    .push(finding(input.source.clone(), "", Finding::NotHsds, why));
                continue;
            }
        };
        let unsaid: Vec<&str> = input
            .unsaid
            .iter()
            .map(|(table, _)| *table)
            .filter(|table| hsds::OFFERING_TABLES.contains(table))
            .collect();
        // A service's organisation is in organizations.csv: when it was not
        // chosen, the problem of an organisation not found says so
        // (walkthrough: three "no organization with id" and nothing named the
        // file left out).
        let organisations_unsaid = input
            .unsaid
            .iter()
            .find(|(table, _)| *table == "organization")
            .map(|(_, file)| file.clone());
        for (table, file) in &input.unsaid {
            if unsaid.contains(table) {
                report.notes.push(HsdsFinding {
                    value: Some(file.clone()),
                    ..finding(
                        file.clone(),
                        "",
                        Finding::FileNotChosen,
                        format!("{file} not chosen: what it holds stays as it is in the guide"),
                    )
                });
            }
        }
        for (path, item) in &items {
            let item = &without_empty_addresses(item);
            let mut service_at = Item::new(path.clone(), item);
            // A service the file leaves without a name but the guide has is
            // named by the guide's title (walkthrough: "id bdfac495-…", not
            // "Buurtmoestuin De Groene Vinger").
            if service_at.name.is_none()
                && let Some(id) = item["id"].as_str().and_then(|id| Uuid::parse_str(id).ok())
                && let Some(Record::Offering(o)) = stored(store, RecordKind::Offering, id)?
                && !o.title.trim().is_empty()
            {
                service_at.name = Some(o.title.clone());
                service_at.id = None;
            }
            if service_at.name.is_none()
                && let Some(id) = item["id"].as_str().and_then(|id| Uuid::parse_str(id).ok())
            {
                unnamed.insert(
                    id,
                    Place {
                        service: service_at.position,
                        id: service_at.id.clone(),
                        ..Place::default()
                    },
                );
            }
            let here = |p: &str| input.place(&service_at, p);
            // Every problem of a service at once: what the schema refuses is
            // set aside and the rest is still read and checked, so that its
            // other problems, notes and what it would become are in the same
            // report (walkthrough: a bad phone showed only once a missing name
            // was mended, a bad day only once a bad status was).
            let (errors, item) = {
                let errors: Vec<_> = SERVICE_SCHEMA.iter_errors(item).collect();
                let mut found: Vec<HsdsFinding> = errors
                    .iter()
                    .map(|e| schema_finding(&here, &dotted(e.instance_path().as_str()), e))
                    .collect();
                // What is wrong in the organisation nested in each service is
                // named once, at the organisation (walkthrough: a bad e-mail
                // five times, once per service, the organisation unnamed).
                if let Some(name) = item["organization"]["name"].as_str() {
                    for problem in &mut found {
                        if (problem.field == "organization"
                            || problem.field.starts_with("organization."))
                            && let Some(at) = problem.at.as_mut()
                        {
                            at.organisation = Some(name.to_string());
                        }
                    }
                }
                let item = if errors.is_empty() {
                    item.clone()
                } else {
                    set_aside(item, &errors)
                };
                (found, item)
            };
            let refused: HashSet<String> = errors.iter().map(|e| e.field.clone()).collect();
            report.problems.extend(errors);
            let service = match hsds::parse_service(&item) {
                Ok(service) => service,
                // Named already by the schema.
                Err(_) if !refused.is_empty() => continue,
                Err(problem) => {
                    report.problems.push(finding(
                        here(&problem.path),
                        &problem.path,
                        problem.code,
                        problem.message,
                    ));
                    continue;
                }
            };
            if !seen.insert(service.id) {
                report.problems.push(HsdsFinding {
                    value: Some(service.id.to_string()),
                    ..finding(
                        here("id"),
                        "id",
                        Finding::DuplicateId,
                        "a second service with this id",
                    )
                });
                continue;
            }
            let notes = |notes: Vec<Note>, report: &mut Report| {
                report.notes.extend(notes.into_iter().map(|n| HsdsFinding {
                    value: n.value,
                    ..finding(here(&n.path), &n.path, n.code, n.message)
                }));
            };
            let mut organisation_id = service.organization_id;
            if let Some(org) = &service.organization {
                let (mut organisation, org_notes) = hsds::organisation_from_organization(org);
                let foreign = organisation.id;
                // Linked by KvK number or name rather than by id.
                let mut by_name = false;
                if let Some((id, name)) = linked.get(&foreign) {
                    organisation.id = *id;
                    organisation.name.clone_from(name);
                    by_name = true;
                } else if !organisations.contains_key(&foreign)
                    && stored(store, RecordKind::Organisation, foreign)?.is_none()
                    && let Some((same, how)) = known.get(store)?.matching(&organisation)
                {
                    report.notes.push(HsdsFinding {
                        value: Some(same.name.clone()),
                        ..finding(
                            here("organization"),
                            "organization",
                            how,
                            format!(
                                "not known by its id, but by its {}: linked to {:?} in the guide (its name kept)",
                                if how == Finding::LinkedByKvk {
                                    "KvK number"
                                } else {
                                    "name"
                                },
                                same.name
                            ),
                        )
                    });
                    linked.insert(foreign, (same.id, same.name.clone()));
                    // The guide's own name stays: the other system's spelling
                    // ("HUISARTSENPRAKTIJK ...", a legal name) is not news.
                    organisation.id = same.id;
                    organisation.name.clone_from(&same.name);
                    by_name = true;
                }
                if let Some(Record::Organisation(before)) =
                    stored(store, RecordKind::Organisation, organisation.id)?
                {
                    if by_name {
                        organisation = hsds::fill_stored_organisation(&organisation, &before);
                    }
                    let kind_given = !org_notes
                        .iter()
                        .any(|n| n.code == Finding::NoOrganisationKind);
                    keep_stored_organisation(&mut organisation, &before, kind_given);
                }
                // Once for the organisation, however many services share it,
                // and named as it (walkthrough: a note on its kind named five
                // services).
                if !organisations.contains_key(&organisation.id) {
                    report.notes.extend(org_notes.into_iter().map(|n| {
                        let path = at("organization", &n.path);
                        HsdsFinding {
                            value: n.value,
                            ..finding(
                                organisation_place(here(&path), &organisation.name),
                                &path,
                                n.code,
                                n.message,
                            )
                        }
                    }));
                }
                if service.organization_id.is_some_and(|id| id != foreign) {
                    report.problems.push(finding(
                        here("organization_id"),
                        "organization_id",
                        Finding::OrganizationMismatch,
                        "is not the id of the service's organization",
                    ));
                }
                organisation_id = Some(organisation.id);
                org_places
                    .entry(organisation.id)
                    .or_insert_with(|| organisation_places(&here, &organisation.name));
                organisations.insert(organisation.id, organisation);
            }
            if let Some(id) = organisation_id {
                wanted_organisations.push((
                    here("organization_id"),
                    id,
                    organisations_unsaid.clone(),
                ));
            }
            let (mut offering, mut offering_notes) = hsds::offering_from_service(&service);
            offering.organisation_id = organisation_id;
            let before = match stored(store, RecordKind::Offering, offering.id)? {
                Some(Record::Offering(before)) => Some(before),
                _ => None,
            };
            if let Some(before) = &before {
                keep_private(&mut offering, before);
                hsds::keep_unsaid(&mut offering, before, &unsaid);
                offering_notes = hsds::keep_stored_offering(&mut offering, before, offering_notes);
            }
            notes(offering_notes, &mut report);
            // A new offering with the name of another in the guide: residents
            // would see both (walkthrough: a second "Mantelzorgcafé").
            if before.is_none() && known.named(store, &offering.title, offering.id)? {
                report.notes.push(HsdsFinding {
                    value: Some(offering.title.clone()),
                    ..finding(
                        here("name"),
                        "name",
                        Finding::SameName,
                        "the guide has another offering with this name: residents would see both",
                    )
                });
            }
            let json = serde_json::to_value(&offering).expect("plain data");
            let guide_problem = |p: &Problem| {
                let field = hsds_path(&p.field, &service);
                guide_finding(here(&field), &field, p, value_at(&json, &p.field))
            };
            // What the schema named already is not named again as the guide's.
            let told = |p: &Problem| {
                let field = hsds::field_of(&hsds_path(&p.field, &service));
                refused.iter().any(|r| {
                    field == *r
                        || field.starts_with(&format!("{r}."))
                        || r.starts_with(&format!("{field}."))
                })
            };
            let untold = |problems: Vec<Problem>| -> Vec<Problem> {
                problems.into_iter().filter(|p| !told(p)).collect()
            };
            let mut result = checked(offering.clone())
                .map(|(record, incomplete)| (record, untold(incomplete)))
                .map_err(untold);
            // A live offering stays live when the file says it is active: what
            // would make it a draft keeps the guide's values, noted.
            if let (Ok((_, incomplete)), Some(before)) = (&result, &before)
                && !incomplete.is_empty()
                && let Some((kept, _)) = hsds::keep_live(&offering, before, incomplete)
                && let Ok((record, still)) = checked(kept)
                && still.is_empty()
            {
                // Each field the file gives wrong, where the file has it and
                // with its value (walkthrough: a bad phone was named as the
                // contact's name, the part of the offering kept whole).
                // One fact about one field is said once: not also as a
                // value not kept (walkthrough: "geen geldige waarde voor
                // Wanneer" under "Wanneer blijft zoals in de gids").
                let kept: HashSet<String> = incomplete
                    .iter()
                    .map(|p| here(&hsds_path(&p.field, &service)).machine())
                    .collect();
                report
                    .notes
                    .retain(|n| n.code != Finding::NotKeptValue || !kept.contains(&n.place));
                for p in incomplete {
                    let path = hsds_path(&p.field, &service);
                    report.notes.push(HsdsFinding {
                        // What the file gives there (walkthrough: "geeft , en"
                        // for a time "7 uur" the guide could not read); none
                        // when it gives nothing usable.
                        value: value_at(&item, &path).or_else(|| value_at(&json, &p.field)),
                        guide: Some(p.clone()),
                        ..finding(
                            here(&path),
                            &path,
                            Finding::KeptLive,
                            format!(
                                "{}: {}: the guide's value kept, so the offering stays live",
                                p.field,
                                p.text(Lang::En)
                            ),
                        )
                    });
                }
                result = Ok((record, vec![]));
            }
            match result {
                Ok((record, incomplete)) => {
                    if !incomplete.is_empty() {
                        let places = incomplete
                            .iter()
                            .map(|p| here(&hsds_path(&p.field, &service)))
                            .collect();
                        drafts.insert(record.id(), (incomplete, places));
                    }
                    records.push(record);
                }
                Err(problems) => report.problems.extend(problems.iter().map(guide_problem)),
            }
        }
    }
    // A service given only by its organisation's id, of one linked above.
    for record in &mut records {
        if let Record::Offering(o) = record
            && let Some((id, _)) = o.organisation_id.and_then(|id| linked.get(&id))
        {
            o.organisation_id = Some(*id);
        }
    }
    // Each organisation not found once, at all the rows (or services) that
    // name it (walkthrough: the same problem once for each CSV row).
    let mut missing: Vec<(Uuid, Place, Option<String>)> = Vec::new();
    for (org_path, id, unsaid) in wanted_organisations {
        let id = linked.get(&id).map_or(id, |(id, _)| *id);
        if organisations.contains_key(&id) || stored(store, RecordKind::Organisation, id)?.is_some()
        {
            continue;
        }
        match missing
            .iter_mut()
            .find(|(i, p, _)| *i == id && p.file == org_path.file)
        {
            Some((_, place, _)) => place.merge(&org_path),
            None => missing.push((id, org_path, unsaid)),
        }
    }
    for (id, org_path, unsaid) in missing {
        {
            let mut message =
                "no organization with this id in the file or in the guide".to_string();
            let named_by = org_path.rows.len().max(org_path.services.len());
            if named_by > 1 {
                let what = if org_path.rows.is_empty() {
                    "services"
                } else {
                    "rows"
                };
                message.push_str(&format!(" ({named_by} {what})"));
            }
            if let Some(file) = &unsaid {
                message.push_str(&format!(" ({file} was not chosen)"));
            }
            report.problems.push(HsdsFinding {
                value: Some(id.to_string()),
                // The organisations' file not chosen.
                expected: unsaid,
                ..finding(
                    org_path,
                    "organization_id",
                    Finding::OrganizationMissing,
                    message,
                )
            });
        }
    }
    let mut changed = Vec::new();
    for organisation in organisations.into_values() {
        let id = organisation.id;
        let places = org_places.remove(&id).unwrap_or_default();
        let place_of = |field: &str| {
            places
                .iter()
                .find(|(f, _)| *f == field || f.is_empty())
                .map_or_else(
                    || Place {
                        path: format!("organization {id}"),
                        ..Place::default()
                    },
                    |(_, p)| p.clone(),
                )
        };
        match checked_organisation(organisation) {
            Ok((record, dropped)) => {
                report.notes.extend(dropped.iter().map(|p| HsdsFinding {
                    guide: Some(p.clone()),
                    ..finding(
                        place_of(&p.field),
                        &format!("organization.{}", p.field),
                        Finding::ContactDropped,
                        format!("{} not kept: {}", p.field, p.text(Lang::En)),
                    )
                }));
                changed.push(record);
            }
            Err(problems) => report.problems.extend(problems.iter().map(|p| {
                guide_finding(
                    place_of(&p.field),
                    &format!("organization.{}", p.field),
                    p,
                    None,
                )
            })),
        }
    }
    // Organisations first, so an offering's organisation is there when it arrives.
    changed.extend(records);
    let linked_names: HashMap<Uuid, String> = linked.into_values().collect();
    let mut fresh = Vec::new();
    for record in changed {
        let before = stored(store, record.kind(), record.id())?;
        if before.as_ref().is_some_and(|before| same(before, &record)) {
            match record.kind() {
                RecordKind::Organisation => report.unchanged_organisations += 1,
                _ => report.unchanged += 1,
            }
            continue;
        }
        let name = match &record {
            Record::Offering(o) => o.title.clone(),
            Record::Organisation(o) => o.name.clone(),
            Record::Professional(p) => p.name.clone(),
        };
        match record.kind() {
            RecordKind::Organisation => report.organisations += 1,
            _ => report.offerings += 1,
        }
        let (missing, missing_at) = drafts.remove(&record.id()).unwrap_or_default();
        let unnamed_at = match name.trim() {
            "" => unnamed.get(&record.id()).cloned(),
            _ => None,
        };
        report.changes.push(HsdsImported {
            kind: record.kind(),
            id: record.id(),
            name,
            new: before.is_none(),
            draft: !missing.is_empty(),
            missing,
            missing_at,
            changed: before
                .as_ref()
                .map(|before| changed_fields(before, &record))
                .unwrap_or_default(),
            linked: linked_names.get(&record.id()).cloned(),
            unnamed: unnamed_at,
        });
        fresh.push(record);
    }
    if report.problems.is_empty() && !dry_run && !fresh.is_empty() && !given_up() {
        store.put_records(&fresh, None)?;
        report.written = true;
    }
    report.problems = once_each(std::mem::take(&mut report.problems));
    // A file of thousands of empty items has thousands of problems: the report
    // names the first ones, so it stays smaller than the file (attack review: a
    // 2.6 MB upload was answered with 203 MB).
    if report.problems.len() > REPORT_NAMED {
        let more = report.problems.len() - REPORT_NAMED;
        report.problems.truncate(REPORT_NAMED);
        report.problems.push(HsdsFinding {
            value: Some(more.to_string()),
            ..finding("", "", Finding::More, format!("… and {more} more"))
        });
    }
    Ok(report)
}

/// Each problem once: a CSV row that several services share (a place, an
/// address, an organisation) is nested into each, and its problem was named
/// once for each of them (walkthrough: an address's problem three times). A
/// problem found in more than one service does not name the service.
///
/// A problem at an organisation (its place names it) is the same problem
/// whichever service carries the organisation: once, at the organisation.
fn once_each(problems: Vec<HsdsFinding>) -> Vec<HsdsFinding> {
    type Key = (
        Result<Place, String>,
        String,
        Finding,
        Option<String>,
        String,
    );
    let mut out: Vec<HsdsFinding> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for problem in problems {
        let place = match &problem.at {
            Some(at) if at.organisation.is_some() => Ok(Place {
                path: String::new(),
                service: None,
                name: None,
                id: None,
                ..at.clone()
            }),
            _ => Err(problem.place.clone()),
        };
        let key = (
            place,
            problem.field.clone(),
            problem.code,
            problem.value.clone(),
            problem.message.clone(),
        );
        match index.get(&key) {
            Some(&first) => {
                let service = |p: &HsdsFinding| p.at.as_ref().map(|a| (a.service, a.name.clone()));
                if service(&out[first]) != service(&problem)
                    && let Some(at) = out[first].at.as_mut()
                {
                    at.service = None;
                    at.name = None;
                }
            }
            None => {
                index.insert(key, out.len());
                out.push(problem);
            }
        }
    }
    out
}

/// The fields in which `after` differs from `before` (paths as the conflict
/// screen and the review name them: "title", "location.postcode").
fn changed_fields(before: &Record, after: &Record) -> Vec<String> {
    let json = |r: &Record| {
        let mut json = r.to_json();
        if let Some(fields) = json.as_object_mut() {
            fields.remove("updated_at");
        }
        json
    };
    wijkgids_core::field_diff::changed_fields(Some(&json(before)), &json(after), Lang::En)
        .into_iter()
        .map(|f| f.key)
        .collect()
}

/// How many problems, and how many groups of notes, a report names.
pub const REPORT_NAMED: usize = 200;

/// Every public offering as a full HSDS service (with its organization), in
/// title order, and what HSDS could not say plainly ("id: path: message").
pub fn export(store: &dyn Storage) -> Result<(Vec<hsds::Service>, Vec<String>), StoreError> {
    let mut offerings = Vec::new();
    let mut organisations = HashMap::new();
    for row in store.live_records()? {
        let Some(json) = row.change_for(None).data else {
            continue;
        };
        let corrupt = |e: serde_json::Error| StoreError::Corrupt(e.to_string());
        match row.kind {
            RecordKind::Offering => {
                offerings.push(serde_json::from_str::<Offering>(json).map_err(corrupt)?)
            }
            RecordKind::Organisation => {
                let o: Organisation = serde_json::from_str(json).map_err(corrupt)?;
                organisations.insert(o.id, o);
            }
            RecordKind::Professional => {}
        }
    }
    offerings.sort_by(|a, b| (&a.title, a.id).cmp(&(&b.title, b.id)));
    let mut services = Vec::new();
    let mut notes = Vec::new();
    for o in &offerings {
        let organisation = o.organisation_id.and_then(|id| organisations.get(&id));
        if let Some((service, service_notes)) = hsds::service(o, organisation) {
            notes.extend(
                service_notes
                    .into_iter()
                    .map(|n| format!("{}: {}: {}", o.id, n.path, n.message)),
            );
            services.push(service);
        }
    }
    Ok((services, notes))
}
