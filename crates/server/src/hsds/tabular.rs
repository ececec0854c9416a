//! The HSDS tabular form: a folder of CSV files (one per table, as a
//! spreadsheet saves them) with `datapackage.json` naming them. Its rows are put
//! together into nested services, each object remembering the file and line it
//! came from, so the import's report names a problem by file, row and column.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Number, Value};

use super::transfer::{Input, Origin};

/// The tables read, by their datapackage resource name, with their usual file.
const TABLES: &[(&str, &str)] = &[
    ("service", "services.csv"),
    ("organization", "organizations.csv"),
    ("service_at_location", "service_at_location.csv"),
    ("location", "locations.csv"),
    ("address", "addresses.csv"),
    ("phone", "phones.csv"),
    ("schedule", "schedules.csv"),
    ("language", "languages.csv"),
    ("cost_option", "cost_options.csv"),
    ("contact", "contacts.csv"),
    ("attribute", "attributes.csv"),
    ("taxonomy_term", "taxonomy_terms.csv"),
    ("accessibility", "accessibility.csv"),
    ("organization_identifier", "organization_identifiers.csv"),
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

/// One row as a JSON object, with where it came from ("phones.csv row 3").
#[derive(Clone)]
struct Row {
    fields: Map<String, Value>,
    place: String,
}

impl Row {
    fn get(&self, column: &str) -> Option<&str> {
        self.fields.get(column).and_then(Value::as_str)
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

    fn by_id(&self, table: &str, id: &str) -> Option<&Row> {
        self.rows(table).iter().find(|r| r.get("id") == Some(id))
    }
}

/// Reads the folder `dir` into one input of nested services; a cell that is not
/// what its column holds is a problem named by file, row and column.
pub fn read(dir: &Path) -> Result<(Input, Vec<String>), String> {
    let files = files(dir)?;
    let mut problems = Vec::new();
    let mut tables = HashMap::new();
    for (table, file) in files {
        let path = dir.join(&file);
        if !path.exists() {
            continue;
        }
        let mut reader = csv::Reader::from_path(&path).map_err(|e| format!("{file}: {e}"))?;
        let headers = reader
            .headers()
            .map_err(|e| format!("{file}: {e}"))?
            .clone();
        let mut rows = Vec::new();
        for (index, record) in reader.records().enumerate() {
            let record = record.map_err(|e| format!("{file}: {e}"))?;
            // As a spreadsheet numbers it: the header is row 1.
            let place = format!("{file} row {}", index + 2);
            let mut fields = Map::new();
            for (column, cell) in headers.iter().zip(record.iter()) {
                let cell = cell.trim();
                if cell.is_empty() {
                    continue;
                }
                let value = if NUMBERS.contains(&column) {
                    match number(cell) {
                        Some(n) => Value::Number(n),
                        None => {
                            problems.push(format!("{place}, column {column}: not a number"));
                            continue;
                        }
                    }
                } else {
                    Value::String(cell.to_string())
                };
                fields.insert(column.to_string(), value);
            }
            rows.push(Row { fields, place });
        }
        tables.insert(table, rows);
    }
    let tables = Tables(tables);
    if tables.rows("service").is_empty() {
        return Err(format!("{}: no services (services.csv)", dir.display()));
    }
    let mut origins = Vec::new();
    let services = tables
        .rows("service")
        .iter()
        .enumerate()
        .map(|(i, row)| service(&tables, row, &format!("[{i}]"), &mut origins))
        .collect();
    let input = Input {
        source: dir.display().to_string(),
        json: Value::Array(services),
        origins,
    };
    Ok((input, problems))
}

fn number(cell: &str) -> Option<Number> {
    if let Ok(n) = cell.parse::<i64>() {
        return Some(n.into());
    }
    cell.parse::<f64>().ok().and_then(Number::from_f64)
}

/// Each table's file: as `datapackage.json` names it, else the usual name.
fn files(dir: &Path) -> Result<Vec<(&'static str, String)>, String> {
    let package = dir.join("datapackage.json");
    let named: HashMap<String, String> = if package.exists() {
        let text =
            std::fs::read_to_string(&package).map_err(|e| format!("{}: {e}", package.display()))?;
        let json: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", package.display()))?;
        json["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| {
                Some((
                    r["name"].as_str()?.to_string(),
                    r["path"].as_str()?.to_string(),
                ))
            })
            .collect()
    } else {
        HashMap::new()
    };
    Ok(TABLES
        .iter()
        .map(|(table, file)| {
            (
                *table,
                named
                    .get(*table)
                    .cloned()
                    .unwrap_or_else(|| file.to_string()),
            )
        })
        .collect())
}

/// `row` as a JSON object at `path`, its origin remembered.
fn object(row: &Row, path: String, origins: &mut Vec<Origin>) -> Map<String, Value> {
    origins.push(Origin {
        path,
        place: row.place.clone(),
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
