//! `import --format hsds` and `export --format hsds`: services as JSON (one, an
//! array, or a page's `contents`). An import checks every service against the
//! official schema and the core's validation before anything is written, and
//! writes nothing if any fails; the report names each problem by JSON path.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde_json::Value;
use uuid::Uuid;
use wijkgids_core::hsds::{self, Note};
use wijkgids_core::lifecycle::must_be_complete;
use wijkgids_core::model::{Offering, Organisation};
use wijkgids_core::record::Record;
use wijkgids_core::validate::Problem;
use wijkgids_core::vocab::{Lang, RecordKind, Status};
use wijkgids_core::wire::HsdsImported;

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
}

/// The object at `path` (e.g. "[0].schedules[1]") came from `place`
/// ("schedules.csv row 3").
pub struct Origin {
    pub path: String,
    pub place: String,
}

impl Input {
    /// Where `path` (in `json`) is, as the report says it.
    fn locate(&self, path: &str) -> String {
        let origin = self
            .origins
            .iter()
            .filter(|o| {
                path.strip_prefix(&o.path)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            })
            .max_by_key(|o| o.path.len());
        match origin {
            Some(o) => {
                let rest = path[o.path.len()..].trim_start_matches('.');
                let column = rest.split(['.', '[']).next().unwrap_or_default();
                if column.is_empty() {
                    o.place.clone()
                } else {
                    format!("{}, column {column}", o.place)
                }
            }
            None if path.is_empty() => self.source.clone(),
            None => format!("{}: {path}", self.source),
        }
    }
}

/// What an import found and did (or, in a dry run, would do).
#[derive(Debug, Default)]
pub struct Report {
    /// Each stops the import: "file: path: message".
    pub problems: Vec<String>,
    /// What could not be kept as it was; the import goes on.
    pub notes: Vec<String>,
    pub offerings: usize,
    pub organisations: usize,
    /// Records already stored exactly so: no new version.
    pub unchanged: usize,
    /// The new and changed records (organisations first).
    pub changes: Vec<HsdsImported>,
    /// Whether `changes` were written.
    pub written: bool,
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

/// Our field → where it comes from in a service, for the report.
fn hsds_path(field: &str) -> &str {
    let top = field.split(['.', '[']).next().unwrap_or(field);
    match top {
        "title" => "name",
        "summary" | "tags" | "kind" | "themes" | "health_dimensions" | "audience" | "sign_up"
        | "accessibility" | "accessibility_note" | "translations" | "exceptions" => "attributes",
        "min_age" => "minimum_age",
        "max_age" => "maximum_age",
        "eligibility" => "eligibility_description",
        "cost" => "cost_options",
        "cost_note" => "fees_description",
        "how_to_join" => "application_process",
        "location" => "service_at_locations",
        "checked_on" => "assured_date",
        "organisation_id" => "organization_id",
        "contact" if field.ends_with("website") => "url",
        "contact" if field.ends_with("email") => "email",
        "contact" if field.ends_with("phone") => "phones",
        "contact" => "contacts",
        other => other,
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

fn problem_text(at: &str, p: &Problem) -> String {
    format!(
        "{at}: {} ({}; Wijkgids field {})",
        p.text(Lang::En),
        p.code,
        p.field
    )
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
    let mut wanted_organisations: Vec<(String, Uuid)> = Vec::new();
    for input in inputs {
        let items = match services_in(&input.json) {
            Ok(items) => items,
            Err(why) => {
                report.problems.push(format!("{}: {why}", input.source));
                continue;
            }
        };
        for (path, item) in &items {
            let here = |p: &str| input.locate(&at(path, p));
            let errors: Vec<String> = SERVICE_SCHEMA
                .iter_errors(item)
                .map(|e| format!("{}: {e}", here(&dotted(e.instance_path().as_str()))))
                .collect();
            if !errors.is_empty() {
                report.problems.extend(errors);
                continue;
            }
            let service = match hsds::parse_service(item) {
                Ok(service) => service,
                Err(problem) => {
                    report
                        .problems
                        .push(format!("{}: {}", here(&problem.path), problem.message));
                    continue;
                }
            };
            if !seen.insert(service.id) {
                report
                    .problems
                    .push(format!("{}: a second service with this id", here("id")));
                continue;
            }
            let notes = |notes: Vec<Note>, report: &mut Report| {
                report.notes.extend(
                    notes
                        .into_iter()
                        .map(|n| format!("{}: {}", here(&n.path), n.message)),
                );
            };
            if let Some(org) = &service.organization {
                let (mut organisation, org_notes) = hsds::organisation_from_organization(org);
                if let Some(Record::Organisation(before)) =
                    stored(store, RecordKind::Organisation, organisation.id)?
                {
                    let kind_given = !org_notes
                        .iter()
                        .any(|n| n.message == hsds::NO_ORGANISATION_KIND);
                    keep_stored_organisation(&mut organisation, &before, kind_given);
                }
                notes(
                    org_notes
                        .into_iter()
                        .map(|n| Note::new(at("organization", &n.path), n.message))
                        .collect(),
                    &mut report,
                );
                if service
                    .organization_id
                    .is_some_and(|id| id != organisation.id)
                {
                    report.problems.push(format!(
                        "{}: is not the id of the service's organization",
                        here("organization_id")
                    ));
                }
                organisations.insert(organisation.id, organisation);
            }
            if let Some(id) = service.organization_id {
                wanted_organisations.push((here("organization_id"), id));
            }
            let (mut offering, offering_notes) = hsds::offering_from_service(&service);
            notes(offering_notes, &mut report);
            if let Some(Record::Offering(before)) =
                stored(store, RecordKind::Offering, offering.id)?
            {
                keep_private(&mut offering, &before);
            }
            match checked(offering) {
                Ok((record, incomplete)) => {
                    if !incomplete.is_empty() {
                        report.notes.push(format!(
                            "{}: imported as a draft (not in the guide until completed): {}",
                            here(""),
                            incomplete
                                .iter()
                                .map(|p| problem_text(&here(hsds_path(&p.field)), p))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ));
                    }
                    records.push(record);
                }
                Err(problems) => report.problems.extend(
                    problems
                        .iter()
                        .map(|p| problem_text(&here(hsds_path(&p.field)), p)),
                ),
            }
        }
    }
    for (org_path, id) in wanted_organisations {
        if !organisations.contains_key(&id)
            && stored(store, RecordKind::Organisation, id)?.is_none()
        {
            report.problems.push(format!(
                "{org_path}: no organization with this id in the file or in the guide"
            ));
        }
    }
    let mut changed = Vec::new();
    for organisation in organisations.into_values() {
        let here = format!("organization {}", organisation.id);
        match checked_organisation(organisation) {
            Ok((record, dropped)) => {
                report.notes.extend(
                    dropped
                        .iter()
                        .map(|p| format!("{here}: {} not kept: {}", p.field, p.text(Lang::En))),
                );
                changed.push(record);
            }
            Err(problems) => report.problems.extend(
                problems
                    .iter()
                    .map(|p| problem_text(&format!("{here}: {}", p.field), p)),
            ),
        }
    }
    // Organisations first, so an offering's organisation is there when it arrives.
    changed.extend(records);
    let mut fresh = Vec::new();
    for record in changed {
        let before = stored(store, record.kind(), record.id())?;
        if before.as_ref().is_some_and(|before| same(before, &record)) {
            report.unchanged += 1;
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
        report.changes.push(HsdsImported {
            kind: record.kind(),
            id: record.id(),
            name,
            new: before.is_none(),
        });
        fresh.push(record);
    }
    if report.problems.is_empty() && !dry_run && !fresh.is_empty() && !given_up() {
        store.put_records(&fresh, None)?;
        report.written = true;
    }
    // A file of thousands of empty items has thousands of problems: the report
    // names the first ones, so it stays smaller than the file (attack review: a
    // 2.6 MB upload was answered with 203 MB).
    for list in [&mut report.problems, &mut report.notes] {
        if list.len() > REPORT_NAMED {
            let more = list.len() - REPORT_NAMED;
            list.truncate(REPORT_NAMED);
            list.push(format!("… and {more} more"));
        }
    }
    Ok(report)
}

/// How many problems, and how many notes, a report names.
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
