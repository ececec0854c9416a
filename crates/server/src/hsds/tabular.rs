//! The HSDS tabular form: a folder of CSV files (one per table, as a
//! spreadsheet saves them) with `datapackage.json` naming them. Its rows are put
//! together into nested services, each object remembering the file and line it
//! came from, so the import's report names a problem by file, row and column.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Number, Value};

use wijkgids_core::hsds::{Finding, Place};
use wijkgids_core::wire::HsdsFinding;

use super::transfer::{Input, Origin, finding};

/// What reading the files found, before any service was checked.
pub type Found = Vec<HsdsFinding>;

/// Text columns the schema requires even when there is nothing to say.
const REQUIRED_TEXT: &[(&str, &str)] = &[
    ("address", "state_province"),
    ("organization", "description"),
    ("taxonomy_term", "description"),
];

/// Columns whose cells are numbers in JSON; every other cell is text.
const NUMBERS: &[&str] = &[
    "minimum_age",
    "maximum_age",
    "latitude",
    "longitude",
    "extension",
    "timezone",
    "count",
    "interval",
    "amount",
    "year_incorporated",
];

/// One row as a JSON object, with where it came from (row 3 of "phones.csv",
/// as a spreadsheet numbers it).
#[derive(Clone)]
struct Row {
    fields: Map<String, Value>,
    file: String,
    row: usize,
    /// The columns of its file.
    columns: std::sync::Arc<[String]>,
}

impl Row {
    fn get(&self, column: &str) -> Option<&str> {
        self.fields.get(column).and_then(Value::as_str)
    }

    /// The place of its cell in `column`.
    fn cell(&self, column: &str) -> Place {
        let place = Place::row(self.file.clone(), self.row);
        match self.columns.iter().position(|c| c == column) {
            Some(index) => place.column(column, index),
            None => place,
        }
    }
}

/// The rows of each table, by resource name.
struct Tables(HashMap<&'static str, Vec<Row>>);

impl Tables {
    fn rows(&self, table: &str) -> &[Row] {
        self.0.get(table).map_or(&[], Vec::as_slice)
    }

    fn linked<'a>(
        &'a self,
        table: &str,
        column: &'a str,
        id: &'a str,
    ) -> impl Iterator<Item = &'a Row> {
        self.rows(table)
            .iter()
            .filter(move |r| r.get(column) == Some(id))
    }

    /// "services.csv row 5: id 12 is also on services.csv row 2", for the first
    /// few ids used twice in each table, and how many more there are.
    fn repeated_ids(&self) -> Found {
        const NAMED: usize = 5;
        let mut tables: Vec<_> = self.0.iter().collect();
        tables.sort_by_key(|(name, _)| *name);
        let mut repeated = Vec::new();
        for (_, rows) in tables {
            let mut first: HashMap<&str, usize> = HashMap::new();
            let mut found = Vec::new();
            for row in rows {
                let Some(id) = row.get("id") else { continue };
                let before = *first.entry(id).or_insert(row.row);
                if before != row.row {
                    // `expected`: the row (of the same file) that has it first.
                    found.push(HsdsFinding {
                        value: Some(id.to_string()),
                        expected: Some(before.to_string()),
                        ..finding(
                            row.cell("id"),
                            "id",
                            Finding::RepeatedId,
                            format!("id {id} is also on {} row {before}", row.file),
                        )
                    });
                }
            }
            if found.len() > NAMED {
                let more = found.len() - NAMED;
                found.truncate(NAMED);
                found.push(HsdsFinding {
                    value: Some(more.to_string()),
                    ..finding(
                        "",
                        "",
                        Finding::More,
                        format!("{more} more rows repeat an id"),
                    )
                });
            }
            repeated.extend(found);
        }
        repeated
    }

    fn by_id(&self, table: &str, id: &str) -> Option<&Row> {
        self.rows(table).iter().find(|r| r.get("id") == Some(id))
    }
}

/// Reads the folder `dir` into one input of nested services; a cell that is not
/// what its column holds is a problem named by file, row and column.
pub fn read(dir: &Path) -> Result<(Input, Found), Found> {
    read_from(&dir.display().to_string(), |file| {
        let path = dir.join(file);
        if !path.exists() {
            return Ok(None);
        }
        std::fs::read_to_string(&path).map(Some).map_err(|e| {
            vec![finding(
                path.display().to_string(),
                "",
                Finding::CsvUnreadable,
                e.to_string(),
            )]
        })
    })
}

/// The same from files in memory (an upload in the app), by file name.
pub fn read_texts(source: &str, texts: &HashMap<String, String>) -> Result<(Input, Found), Found> {
    read_from(source, |file| Ok(texts.get(file).cloned()))
}

/// Reads the tables, each file's text given by `text` (`None`: no such file).
fn read_from(
    source: &str,
    text: impl Fn(&str) -> Result<Option<String>, Found>,
) -> Result<(Input, Found), Found> {
    let files = files(&text)?;
    let mut problems = Vec::new();
    let mut tables = HashMap::new();
    let mut unsaid = Vec::new();
    for (table, file) in files {
        let Some(content) = text(&file)? else {
            unsaid.push((table, file));
            continue;
        };
        let unreadable = |e: csv::Error| {
            vec![finding(
                file.clone(),
                "",
                Finding::CsvUnreadable,
                e.to_string(),
            )]
        };
        // Excel saves "CSV UTF-8" with a byte order mark, and in a Dutch setting
        // with ";" between the cells (and "," in numbers).
        let content = content.strip_prefix('\u{feff}').unwrap_or(&content);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter(content))
            .from_reader(content.as_bytes());
        let headers = reader.headers().map_err(unreadable)?.clone();
        let columns: std::sync::Arc<[String]> = headers.iter().map(String::from).collect();
        let mut rows = Vec::new();
        // Rows as a spreadsheet numbers them: the header is row 1, an empty
        // line (which the reader skips) is a row too, a cell of two lines is one
        // (counting records named the rows after an empty line one too early).
        // So the line a record starts on, less the line breaks inside the cells
        // before it. The reader's position is where the record before it ended.
        let bytes = content.as_bytes();
        let mut breaks = line_breaks(&headers);
        let (mut counted, mut line) = (0, 1);
        for record in reader.records() {
            let record = record.map_err(unreadable)?;
            let mut start = record.position().map_or(counted, |p| p.byte() as usize);
            while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let start = start.clamp(counted, bytes.len());
            line += bytes[counted..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted = start;
            let row = line.saturating_sub(breaks).max(1);
            breaks += line_breaks(&record);
            let mut fields = Map::new();
            for (index, (column, cell)) in headers.iter().zip(record.iter()).enumerate() {
                let cell = cell.trim();
                // An empty cell is an absent field, unless the standard requires
                // the field (text that may be empty, as our export writes it).
                if cell.is_empty() && !REQUIRED_TEXT.contains(&(table, column)) {
                    continue;
                }
                let value = if NUMBERS.contains(&column) {
                    match number(cell) {
                        Some(n) => Value::Number(n),
                        None => {
                            problems.push(HsdsFinding {
                                value: Some(cell.to_string()),
                                ..finding(
                                    Place::row(file.clone(), row).column(column, index),
                                    column,
                                    Finding::NotANumber,
                                    "not a number",
                                )
                            });
                            continue;
                        }
                    }
                } else {
                    Value::String(unescaped(cell).to_string())
                };
                fields.insert(column.to_string(), value);
            }
            rows.push(Row {
                fields,
                file: file.clone(),
                row,
                columns: columns.clone(),
            });
        }
        tables.insert(table, rows);
    }
    let tables = Tables(tables);
    // Each row is nested into the rows it links to: a repeated id would nest every
    // linked row into every copy (rows squared: a 200 KB upload took gigabytes).
    let repeated = tables.repeated_ids();
    if !repeated.is_empty() {
        return Err(repeated);
    }
    if tables.rows("service").is_empty() {
        return Err(vec![finding(
            source,
            "",
            Finding::NoServices,
            "no services (services.csv)",
        )]);
    }
    let mut origins = Vec::new();
    let services = tables
        .rows("service")
        .iter()
        .enumerate()
        .map(|(i, row)| service(&tables, row, &format!("[{i}]"), &mut origins))
        .collect();
    let input = Input {
        source: source.to_string(),
        json: Value::Array(services),
        origins,
        unsaid,
    };
    Ok((input, problems))
}

/// How many line breaks the cells of `record` hold.
fn line_breaks(record: &csv::StringRecord) -> usize {
    record.iter().map(|cell| cell.matches('\n').count()).sum()
}

fn number(cell: &str) -> Option<Number> {
    if let Ok(n) = cell.parse::<i64>() {
        return Some(n.into());
    }
    // A Dutch spreadsheet writes "52,37" for 52.37.
    let cell = match cell.split_once(',') {
        Some((whole, part)) if !cell.contains('.') && !part.contains(',') => {
            format!("{whole}.{part}")
        }
        _ => cell.to_string(),
    };
    cell.parse::<f64>().ok().and_then(Number::from_f64)
}

/// The separator of a CSV text: ";" when its first line has more of them than
/// commas (a spreadsheet in a Dutch setting), else ",".
fn delimiter(content: &str) -> u8 {
    let header = content.lines().next().unwrap_or_default();
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// Whether a spreadsheet would take a cell for a formula: "=", "@", "-", a tab or
/// a return first, or "+" that does not start a phone number ("+31 20 ...").
fn formula_like(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some('=' | '@' | '-' | '\t' | '\r') => true,
        Some('+') => !chars.all(|c| c.is_ascii_digit() || " -()".contains(c)),
        _ => false,
    }
}

/// A text cell as written: one that a spreadsheet would take for a formula (or
/// that starts with quotes before such a text) gets a "'" in front, which
/// spreadsheets show as text and [`unescaped`] takes off again (OWASP's advice
/// against CSV injection).
fn escaped(text: &str) -> String {
    if formula_like(text.trim_start_matches('\'')) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A text cell as read: [`escaped`] undone.
fn unescaped(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest.trim_start_matches('\'')) => rest,
        _ => cell,
    }
}

/// Each table's file: as `datapackage.json` names it, else the usual name.
fn files(
    text: &impl Fn(&str) -> Result<Option<String>, Found>,
) -> Result<Vec<(&'static str, String)>, Found> {
    const PACKAGE: &str = "datapackage.json";
    let named: HashMap<String, String> = if let Some(text) = text(PACKAGE)? {
        let json: Value = serde_json::from_str(&text)
            .map_err(|e| vec![finding(PACKAGE, "", Finding::NotJson, e.to_string())])?;
        let named: HashMap<String, String> = json["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| {
                Some((
                    r["name"].as_str()?.to_string(),
                    r["path"].as_str()?.to_string(),
                ))
            })
            .collect();
        // Only files beside it: a package must not make the import read
        // `/etc/passwd` or `../..` (attack review).
        if let Some(path) = named
            .values()
            .find(|p| p.contains(['/', '\\']) || p.starts_with('.'))
        {
            return Err(vec![HsdsFinding {
                value: Some(path.clone()),
                ..finding(
                    PACKAGE,
                    "resources.path",
                    Finding::PackagePath,
                    format!("{path}: not a file in this folder (a resource's path is a file name)"),
                )
            }]);
        }
        named
    } else {
        HashMap::new()
    };
    Ok(COLUMNS
        .iter()
        .map(|(table, file, _)| {
            let file = named
                .get(*table)
                .cloned()
                .unwrap_or_else(|| file.to_string());
            (*table, file)
        })
        .collect())
}

/// `row` as a JSON object at `path`, its origin remembered.
fn object(row: &Row, path: String, origins: &mut Vec<Origin>) -> Map<String, Value> {
    origins.push(Origin {
        path,
        file: row.file.clone(),
        row: row.row,
        columns: row.columns.clone(),
    });
    row.fields.clone()
}

/// Puts `items` (each made from its path) under `key` when there are any.
fn nest(
    into: &mut Map<String, Value>,
    key: &str,
    path: &str,
    rows: Vec<&Row>,
    mut make: impl FnMut(&Row, String) -> Map<String, Value>,
) {
    let items: Vec<Value> = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| Value::Object(make(row, format!("{path}.{key}[{i}]"))))
        .collect();
    if !items.is_empty() {
        into.insert(key.into(), Value::Array(items));
    }
}

fn attributes(
    tables: &Tables,
    entity: &str,
    id: &str,
    into: &mut Map<String, Value>,
    path: &str,
    origins: &mut Vec<Origin>,
) {
    let rows: Vec<&Row> = tables
        .linked("attribute", "link_id", id)
        .filter(|r| r.get("link_entity").is_none_or(|e| e == entity))
        .collect();
    nest(into, "attributes", path, rows, |row, at| {
        let mut attribute = object(row, at.clone(), origins);
        if let Some(term) = row
            .get("taxonomy_term_id")
            .and_then(|t| tables.by_id("taxonomy_term", t))
        {
            let term = object(term, format!("{at}.taxonomy_term"), origins);
            attribute.insert("taxonomy_term".into(), Value::Object(term));
        }
        attribute
    });
}

fn phones(
    tables: &Tables,
    column: &str,
    id: &str,
    into: &mut Map<String, Value>,
    path: &str,
    origins: &mut Vec<Origin>,
) {
    let rows = tables.linked("phone", column, id).collect();
    nest(into, "phones", path, rows, |row, at| {
        object(row, at, origins)
    });
}

fn service(tables: &Tables, row: &Row, path: &str, origins: &mut Vec<Origin>) -> Value {
    let mut s = object(row, path.to_string(), origins);
    let id = row.get("id").unwrap_or_default().to_string();
    phones(tables, "service_id", &id, &mut s, path, origins);
    let places: Vec<&Row> = tables
        .linked("service_at_location", "service_id", &id)
        .collect();
    let place_ids: Vec<&str> = places.iter().filter_map(|p| p.get("id")).collect();
    let schedules: Vec<&Row> = tables
        .rows("schedule")
        .iter()
        .filter(|r| {
            r.get("service_id") == Some(id.as_str())
                || r.get("service_at_location_id")
                    .is_some_and(|p| place_ids.contains(&p))
        })
        .collect();
    nest(&mut s, "schedules", path, schedules, |row, at| {
        object(row, at, origins)
    });
    nest(&mut s, "service_at_locations", path, places, |row, at| {
        let mut place = object(row, at.clone(), origins);
        if let Some(location) = row
            .get("location_id")
            .and_then(|l| tables.by_id("location", l))
        {
            let lpath = format!("{at}.location");
            let mut l = object(location, lpath.clone(), origins);
            let lid = location.get("id").unwrap_or_default();
            let addresses = tables.linked("address", "location_id", lid).collect();
            nest(&mut l, "addresses", &lpath, addresses, |row, at| {
                object(row, at, origins)
            });
            let access = tables.linked("accessibility", "location_id", lid).collect();
            nest(&mut l, "accessibility", &lpath, access, |row, at| {
                object(row, at, origins)
            });
            place.insert("location".into(), Value::Object(l));
        }
        place
    });
    let languages = tables.linked("language", "service_id", &id).collect();
    nest(&mut s, "languages", path, languages, |row, at| {
        object(row, at, origins)
    });
    let costs = tables.linked("cost_option", "service_id", &id).collect();
    nest(&mut s, "cost_options", path, costs, |row, at| {
        object(row, at, origins)
    });
    let contacts = tables.linked("contact", "service_id", &id).collect();
    nest(&mut s, "contacts", path, contacts, |row, at| {
        object(row, at, origins)
    });
    attributes(tables, "service", &id, &mut s, path, origins);
    if let Some(org) = row
        .get("organization_id")
        .and_then(|o| tables.by_id("organization", o))
    {
        let opath = format!("{path}.organization");
        let mut o = object(org, opath.clone(), origins);
        let oid = org.get("id").unwrap_or_default();
        phones(tables, "organization_id", oid, &mut o, &opath, origins);
        let identifiers = tables
            .linked("organization_identifier", "organization_id", oid)
            .collect();
        nest(
            &mut o,
            "organization_identifiers",
            &opath,
            identifiers,
            |row, at| object(row, at, origins),
        );
        attributes(tables, "organization", oid, &mut o, &opath, origins);
        s.insert("organization".into(), Value::Object(o));
    }
    Value::Object(s)
}

/// The tables read and written, by their datapackage resource name, with their
/// usual file and the official columns in the official order.
const COLUMNS: &[(&str, &str, &[&str])] = &[
    (
        "service",
        "services.csv",
        &[
            "id",
            "organization_id",
            "program_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "wait_time",
            "fees",
            "accreditations",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "licenses",
            "alert",
            "last_modified",
        ],
    ),
    (
        "organization",
        "organizations.csv",
        &[
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "tax_status",
            "tax_id",
            "year_incorporated",
            "legal_status",
            "logo",
            "uri",
            "parent_organization_id",
        ],
    ),
    (
        "service_at_location",
        "service_at_location.csv",
        &["id", "service_id", "location_id", "description"],
    ),
    (
        "location",
        "locations.csv",
        &[
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        ],
    ),
    (
        "address",
        "addresses.csv",
        &[
            "id",
            "location_id",
            "attention",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
    ),
    (
        "phone",
        "phones.csv",
        &[
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ],
    ),
    (
        "schedule",
        "schedules.csv",
        &[
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ],
    ),
    (
        "language",
        "languages.csv",
        &[
            "id",
            "service_id",
            "location_id",
            "phone_id",
            "name",
            "code",
            "note",
        ],
    ),
    (
        "cost_option",
        "cost_options.csv",
        &[
            "id",
            "service_id",
            "valid_from",
            "valid_to",
            "option",
            "currency",
            "amount",
            "amount_description",
        ],
    ),
    (
        "contact",
        "contacts.csv",
        &[
            "id",
            "organization_id",
            "service_id",
            "service_at_location_id",
            "location_id",
            "name",
            "title",
            "department",
            "email",
        ],
    ),
    (
        "attribute",
        "attributes.csv",
        &[
            "id",
            "link_id",
            "taxonomy_term_id",
            "link_type",
            "link_entity",
            "value",
        ],
    ),
    (
        "taxonomy_term",
        "taxonomy_terms.csv",
        &[
            "id",
            "code",
            "name",
            "description",
            "parent_id",
            "taxonomy",
            "language",
            "taxonomy_id",
            "term_uri",
        ],
    ),
    (
        "accessibility",
        "accessibility.csv",
        &["id", "location_id", "description", "details", "url"],
    ),
    (
        "organization_identifier",
        "organization_identifiers.csv",
        &[
            "id",
            "organization_id",
            "identifier_scheme",
            "identifier_type",
            "identifier",
        ],
    ),
];

/// The rows of each table, each object once (a place or a term shared by
/// services, an organization by its services).
#[derive(Default)]
struct Out {
    rows: HashMap<&'static str, Vec<Value>>,
    seen: std::collections::HashSet<(&'static str, String)>,
}

impl Out {
    fn add(&mut self, table: &'static str, object: &Value) {
        let id = object["id"].as_str().unwrap_or_default().to_string();
        if self.seen.insert((table, id)) {
            self.rows.entry(table).or_default().push(object.clone());
        }
    }

    fn each(&mut self, table: &'static str, parent: &Value, key: &str) {
        for item in parent[key].as_array().into_iter().flatten() {
            self.add(table, item);
        }
    }

    fn attributes(&mut self, parent: &Value) {
        for attribute in parent["attributes"].as_array().into_iter().flatten() {
            self.add("attribute", attribute);
            if attribute["taxonomy_term"].is_object() {
                self.add("taxonomy_term", &attribute["taxonomy_term"]);
            }
        }
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => escaped(text),
        other => other.to_string(),
    }
}

/// Writes `services` into `dir` as the tabular form: one CSV file per table and
/// `datapackage.json` naming them.
pub fn write(services: &[wijkgids_core::hsds::Service], dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out = Out::default();
    for service in services {
        let s = serde_json::to_value(service).expect("plain data");
        out.add("service", &s);
        out.each("phone", &s, "phones");
        out.each("schedule", &s, "schedules");
        out.each("language", &s, "languages");
        out.each("cost_option", &s, "cost_options");
        out.each("contact", &s, "contacts");
        out.attributes(&s);
        for place in s["service_at_locations"].as_array().into_iter().flatten() {
            out.add("service_at_location", place);
            let location = &place["location"];
            if location.is_object() {
                out.add("location", location);
                out.each("address", location, "addresses");
                out.each("accessibility", location, "accessibility");
            }
        }
        let org = &s["organization"];
        if org.is_object() {
            out.add("organization", org);
            out.each("phone", org, "phones");
            out.each("organization_identifier", org, "organization_identifiers");
            out.attributes(org);
        }
    }
    let mut resources = Vec::new();
    for (table, file, columns) in COLUMNS {
        let path = dir.join(file);
        let mut writer =
            csv::Writer::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let io = |e: csv::Error| format!("{}: {e}", path.display());
        writer.write_record(*columns).map_err(io)?;
        for row in out.rows.get(table).into_iter().flatten() {
            writer
                .write_record(columns.iter().map(|c| cell(&row[*c])))
                .map_err(io)?;
        }
        writer
            .flush()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        resources.push(serde_json::json!({
            "name": table,
            "path": file,
            "profile": "tabular-data-resource",
            "schema": { "fields": columns.iter().map(|c| serde_json::json!({ "name": c })).collect::<Vec<_>>() },
        }));
    }
    let package = serde_json::json!({
        "name": "wijkgids-hsds",
        "title": "Wijkgids: public offerings as HSDS 3.0",
        "profile": "tabular-data-package",
        "version": wijkgids_core::hsds::HSDS_VERSION,
        "resources": resources,
    });
    let path = dir.join("datapackage.json");
    let text = serde_json::to_string_pretty(&package).expect("plain data");
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows as a spreadsheet numbers them: the header is row 1, a cell of two
    /// lines is one row, an empty line is a row too.
    #[test]
    fn rows_are_numbered_as_a_spreadsheet_numbers_them() {
        let text = "id,description,minimum_age\n\
                    a,\"two\nlines\",1\n\
                    \n\
                    b,one,twelve\n";
        let texts = HashMap::from([("services.csv".to_string(), text.to_string())]);
        let (_, problems) = read_texts("CSV files", &texts).unwrap();
        let places: Vec<String> = problems.iter().map(|p| p.place.clone()).collect();
        assert_eq!(places, vec!["services.csv row 4, column minimum_age"]);
        let at = problems[0].at.clone().unwrap();
        assert_eq!((at.row, at.letter.as_deref()), (Some(4), Some("C")));
        // Excel's line ends.
        let texts = HashMap::from([(
            "services.csv".to_string(),
            text.replace('\n', "\r\n")
                .replacen("two\r\nlines", "two\nlines", 1),
        )]);
        let (_, problems) = read_texts("CSV files", &texts).unwrap();
        assert_eq!(problems[0].at.as_ref().unwrap().row, Some(4));
    }
}
