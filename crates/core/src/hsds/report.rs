//! What an HSDS import found, as machine codes: each problem and note names
//! where it is (file and JSON path, or CSV file, row and column), the field,
//! a [`Finding`] code and the value found, so that the app can say it in the
//! reader's language and the command line in English. Notes come grouped by
//! kind ([`group_notes`]): a file of 30 services has 30 times the same field
//! that the guide does not keep, and that must not bury the one that matters.

use serde::{Deserialize, Serialize};

use crate::vocab::Lang;
use crate::wire::{HsdsFinding, HsdsNoteGroup};

/// The kinds of problems (which stop an import) and notes (which do not).
/// Codes never change once published; a code this version does not know reads
/// as [`Finding::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    // Problems: the file cannot be imported as it is.
    /// Not one of the values the standard allows (`expected`: those values).
    NotOneOf,
    /// The wrong kind of value (`expected`: the kind, "string", "number", ...).
    WrongType,
    /// A field the standard requires is missing (`field`).
    Required,
    /// Not in the form the standard asks (`expected`: "uuid", "date", ...).
    BadFormat,
    /// Longer or shorter than the standard allows (`expected`: the limit).
    TooLong,
    TooShort,
    /// Another rule of the standard (the English message says which).
    Schema,
    /// The structure cannot be read (the English message says where).
    Unreadable,
    /// A second service with the same id.
    DuplicateId,
    /// `organization_id` is not the id of the nested organization.
    OrganizationMismatch,
    /// `organization_id` names no organization in the file or the guide.
    OrganizationMissing,
    /// The guide's own rules (the finding's `guide` problem says which).
    Guide,
    /// A `.json` file that is not JSON.
    NotJson,
    /// Neither a `.json` nor a `.csv` file.
    FileType,
    /// JSON, but not a service, a list or page of them, or an organization.
    NotHsds,
    /// A CSV cell that must be a number.
    NotANumber,
    /// A CSV file that cannot be read (the English message says why).
    CsvUnreadable,
    /// An id used twice in one CSV file (`value`: the id).
    RepeatedId,
    /// No services in the CSV files.
    NoServices,
    /// `datapackage.json` names a file outside the folder.
    PackagePath,
    /// More problems than a report names (`value`: how many more).
    More,

    // Notes: the import goes on, this is what happened.
    /// The organisation was not known by its id, but by its KvK number
    /// (`value`: the name in the guide): linked to it, no new one.
    LinkedByKvk,
    /// The same, by its name.
    LinkedByName,
    /// A CSV file of the tabular form not given (`value`: its name): what it
    /// would carry stays as the guide has it.
    FileNotChosen,
    /// More search words than an offering may have (`value`: how many not kept).
    TagsCapped,
    /// A term of another system's taxonomy, kept as a search word (`value`).
    ForeignTerm,
    /// A term of another system's taxonomy that could not be kept (no name, or
    /// too long for a search word).
    UnknownTerm,
    /// A schedule that is neither weekly nor monthly: not kept (`value`: freq).
    ScheduleDropped,
    /// A part of a schedule's rule the guide cannot hold (`value`: the part).
    ScheduleRule,
    /// Another system's notes on a schedule, shown in the description.
    ScheduleNotes,
    /// A time with a UTC offset: read as Amsterdam time.
    TimeOffset,
    /// A value that is not what the field holds: not kept (`value`).
    NotKeptValue,
    /// Only the first is kept (a second place, phone, cost option, identifier).
    FirstOnly,
    /// A price without a unit the guide knows: taken as per session.
    CostUnit,
    /// An organisation's contact detail the guide cannot use: left out.
    ContactDropped,
    /// No summary: the first sentence of the description is used.
    NoSummary,
    /// No kind of offering: taken as formal.
    NoKind,
    /// No way to sign up: taken as walk in.
    NoSignUp,
    /// No cost option: taken as free (or as stored).
    NoCost,
    /// A live offering's field that the file would leave incomplete for the
    /// guide: the guide's value kept, so it stays live (`value`: the file's).
    KeptLive,
    /// A stored offering (a draft too) the file gives no name: the guide's
    /// title kept (walkthrough: a draft imported before lost its title, and
    /// the report named it only by its id).
    KeptStored,
    /// A new offering named like another the guide has (`value`: the name):
    /// residents would see both.
    SameName,
    /// No kind of organisation: taken as welfare (or as stored).
    NoOrganisationKind,
    /// An extension attribute without a value.
    ExtensionWithoutValue,
    /// A field of the standard the guide has no place for.
    NotKeptField,
    /// What an export could not say plainly.
    Export,
    /// A code this version does not know.
    #[serde(other)]
    Other,
}

impl Finding {
    /// Notes in the order they matter to a coordinator: what was linked or
    /// lost first, what the guide filled in by itself later, fields it has no
    /// place for last.
    pub fn rank(self) -> u8 {
        use Finding::*;
        match self {
            LinkedByKvk | LinkedByName | FileNotChosen | KeptLive | KeptStored | SameName => 0,
            ScheduleDropped | ScheduleRule | ContactDropped | TagsCapped => 1,
            NotKeptValue | FirstOnly | CostUnit | NoCost | UnknownTerm | TimeOffset => 2,
            ScheduleNotes | ForeignTerm => 3,
            NoSummary | NoKind | NoSignUp | NoOrganisationKind => 4,
            ExtensionWithoutValue | Export | Other => 5,
            NotKeptField => 6,
            _ => 0,
        }
    }
}

/// How many values and places a group names.
pub const GROUP_NAMED: usize = 5;

/// The name the app's import gives the CSV files of the tabular form together
/// (a place in all of them: "no services"); said in the reader's language.
pub const CSV_FILES: &str = "CSV files";

/// Where a problem or note is, as a person finds it: the file, the service
/// (its position counted from 1, and its name), then the field in it; or a CSV
/// file's row, as a spreadsheet numbers it, and column. [`Place::text`] says it
/// in Dutch or English; [`Place::machine`] is the path a program reads
/// (walkthrough: "/contents/3/phones/0" named neither the service nor counted as
/// people count).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Place {
    /// The file's name ("kaart.json", "schedules.csv"), or [`CSV_FILES`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// The JSON path in the file, positions from 0 ("contents[3].phones[0]").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// The service's position in the file, from 1 (none for a file that is one
    /// service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<usize>,
    /// The service's name, when the file gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The service's id, to tell a service without a name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// For what is about an organisation rather than a service: its name (the
    /// place then names it, not the services that share it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The field inside the service ("phones[0].number"); empty for the
    /// service itself or a CSV row.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub within: String,
    /// A CSV row as a spreadsheet numbers it: the header is row 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The CSV column's name ("status").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The column's letter as a spreadsheet shows it ("D").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<String>,
    /// A place that stands for several rows of one CSV file and column (an
    /// organisation's id that several services name): all of them, `row` the
    /// first (walkthrough: one problem repeated for each row).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<usize>,
    /// The same for several services of one JSON file: their positions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<usize>,
}

impl From<&str> for Place {
    fn from(file: &str) -> Place {
        Place::file(file)
    }
}

impl From<String> for Place {
    fn from(file: String) -> Place {
        Place::file(file)
    }
}

impl Place {
    /// A whole file.
    pub fn file(name: impl Into<String>) -> Place {
        Place {
            file: name.into(),
            ..Place::default()
        }
    }

    /// Row `row` of the CSV file `file`.
    pub fn row(file: impl Into<String>, row: usize) -> Place {
        Place {
            row: Some(row),
            ..Place::file(file)
        }
    }

    /// The same place at `column`, the `index`th (from 0) of its file.
    pub fn column(self, column: &str, index: usize) -> Place {
        Place {
            column: Some(column.to_string()),
            letter: Some(column_letter(index)),
            ..self
        }
    }

    /// `other`, a place in the same file, taken into this one, which then
    /// stands for both: their rows, or their services, no longer one service.
    pub fn merge(&mut self, other: &Place) {
        fn add(all: &mut Vec<usize>, first: usize, next: usize) {
            if all.is_empty() {
                all.push(first);
            }
            if !all.contains(&next) {
                all.push(next);
                all.sort_unstable();
            }
        }
        match (self.row, other.row, self.service, other.service) {
            (Some(first), Some(next), ..) => add(&mut self.rows, first, next),
            (None, None, Some(first), Some(next)) => add(&mut self.services, first, next),
            _ => return,
        }
        if self.rows.len() > 1 || self.services.len() > 1 {
            self.service = None;
            self.name = None;
            self.id = None;
        }
    }

    /// As a program reads it, and the report always said it: "kaart.json:
    /// contents[3].status", "services.csv row 3, column status", a file's
    /// name, or nothing.
    pub fn machine(&self) -> String {
        let rows = match self.rows.as_slice() {
            [_, _, ..] => format!(
                "rows {}",
                self.rows
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => self.row.map(|row| format!("row {row}")).unwrap_or_default(),
        };
        match (self.row, &self.column) {
            (Some(_), Some(column)) => format!("{} {rows}, column {column}", self.file),
            (Some(_), None) => format!("{} {rows}", self.file),
            _ if self.path.is_empty() => self.file.clone(),
            _ => format!("{}: {}", self.file, self.path),
        }
    }

    /// As a person reads it: "kaart.json, dienst 4 („Taalcafé”), phones nr. 1,
    /// number"; "services.csv, rij 3, kolom D (status), dienst „Taalcafé”".
    pub fn text(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        let word =
            |nl_word: &'static str, en_word: &'static str| if nl { nl_word } else { en_word };
        let mut parts: Vec<String> = Vec::new();
        match self.file.as_str() {
            "" => {}
            CSV_FILES => parts.push(word("de CSV-bestanden", "the CSV files").into()),
            file => parts.push(file.into()),
        }
        let service = word("dienst", "service");
        let organisation = self.organisation.as_deref().map(|n| {
            format!(
                "{} {}",
                word("organisatie", "organisation"),
                given(Some(n), "organization.name", lang)
            )
        });
        if let Some(row) = self.row {
            parts.push(match self.rows.as_slice() {
                [_, _, ..] => format!("{} {}", word("rijen", "rows"), numbers(&self.rows, lang)),
                _ => format!("{} {row}", word("rij", "row")),
            });
            if let Some(column) = &self.column {
                parts.push(match &self.letter {
                    Some(letter) => format!("{} {letter} ({column})", word("kolom", "column")),
                    None => format!("{} {column}", word("kolom", "column")),
                });
            }
            match (organisation, &self.name) {
                (Some(organisation), _) => parts.push(organisation),
                // The row tells the service: its name, without its position.
                (None, Some(name)) => {
                    parts.push(format!("{service} {}", given(Some(name), "name", lang)))
                }
                (None, None) => parts.extend(self.service_text(lang)),
            }
            return parts.join(", ");
        }
        if let Some(organisation) = organisation {
            parts.push(organisation);
            let within = self
                .within
                .strip_prefix("organization")
                .unwrap_or(&self.within);
            let within = within.trim_start_matches('.');
            if !within.is_empty() {
                parts.push(counted_path(within, lang));
            }
            return parts.join(", ");
        }
        match self.services.as_slice() {
            [_, _, ..] => parts.push(format!(
                "{} {}",
                word("diensten", "services"),
                numbers(&self.services, lang)
            )),
            _ => parts.extend(self.service_text(lang)),
        }
        let within = if self.within.is_empty()
            && self.service.is_none()
            && self.name.is_none()
            && self.id.is_none()
        {
            &self.path
        } else {
            &self.within
        };
        if !within.is_empty() {
            parts.push(counted_path(within, lang));
        }
        parts.join(", ")
    }
}

impl Place {
    /// The service, one way everywhere: "dienst 4 („Taalcafé”)", "dienst
    /// „Taalcafé”" (a file that is one service), and one without a name by its
    /// position and id, "dienst 3 (id e75b…)" (walkthrough: one service was
    /// "id e75b…", "dienst id e75b…" and "dienst 3 (id e75b…)" in one report).
    pub fn service_text(&self, lang: Lang) -> Option<String> {
        let service = if lang == Lang::Nl {
            "dienst"
        } else {
            "service"
        };
        let name = self.name.as_deref().map(|n| given(Some(n), "name", lang));
        Some(match (self.service, name, &self.id) {
            (Some(n), Some(name), _) => format!("{service} {n} ({name})"),
            (None, Some(name), _) => format!("{service} {name}"),
            // A file that is one service: it is the first.
            (n, None, Some(id)) => format!("{service} {} ({id})", n.unwrap_or(1)),
            (Some(n), None, None) => format!("{service} {n}"),
            (None, None, None) => return None,
        })
    }
}

/// "2, 3 en 5", "2, 3 and 5".
fn numbers(numbers: &[usize], lang: Lang) -> String {
    let and = if lang == Lang::Nl { "en" } else { "and" };
    match numbers.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!(
            "{} {and} {last}",
            rest.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A value in quotes, as the language writes them: „…” in Dutch, “…” in
/// English; an empty one in words ([`given`]), never an empty quote.
pub fn quoted(text: &str, lang: Lang) -> String {
    given(Some(text), "", lang)
}

/// What the file gives for `field` (an HSDS field, "schedules[0].opens_at"),
/// as the report says it everywhere: the value in quotes, or, when the file
/// gives nothing there (no value, or an empty one), that in words by the kind
/// of field ("geen tijd", "no phone number"), never an empty quote
/// (walkthrough: "Contact: e-mail: „” heeft niet de goede vorm", "geen
/// geldige waarde voor Wanneer: „”").
pub fn given(value: Option<&str>, field: &str, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    match value.map(str::trim) {
        Some(text) if !text.is_empty() => {
            let text = if field_of(field) == "cost_options.amount" {
                money(text, lang)
            } else {
                text.to_string()
            };
            match lang {
                Lang::Nl => format!("„{text}”"),
                Lang::En => format!("“{text}”"),
            }
        }
        _ => {
            let top = field.split(['.', '[']).next().unwrap_or_default();
            let (nl_words, en_words) = match top {
                "schedules" => ("geen tijd", "no time"),
                "name" => ("geen naam", "no name"),
                "phones" => ("geen telefoonnummer", "no phone number"),
                "email" => ("geen e-mailadres", "no e-mail address"),
                "url" | "website" => ("geen website", "no website"),
                "service_at_locations" => ("geen adres", "no address"),
                _ => ("geen waarde", "no value"),
            };
            if nl { nl_words } else { en_words }.to_string()
        }
    }
}

/// An amount the file gives, with its currency when it gives one ("3.5 EUR"),
/// as money in `lang`: two decimals, a decimal comma in Dutch ("3,50 EUR"), a
/// point in English ("3.50 EUR"); as given when it is not an amount
/// (walkthrough: a price "3.50" was noted as „3.5”).
pub fn money(value: &str, lang: Lang) -> String {
    let value = value.trim();
    let (amount, currency) = value
        .split_once(' ')
        .map_or((value, ""), |(amount, currency)| (amount, currency.trim()));
    let Some(amount) = amount.parse::<f64>().ok().filter(|a| a.is_finite()) else {
        return value.to_string();
    };
    let mut text = format!("{amount:.2}");
    if lang == Lang::Nl {
        text = text.replace('.', ",");
    }
    if currency.is_empty() {
        text
    } else {
        format!("{text} {currency}")
    }
}

/// "phones[0].number" as people count: "phones nr. 1, number" ("no. 1" in English).
fn counted_path(path: &str, lang: Lang) -> String {
    let number = if lang == Lang::Nl { "nr." } else { "no." };
    path.split('.')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut out = String::new();
            for (i, piece) in part.split('[').enumerate() {
                match piece
                    .strip_suffix(']')
                    .and_then(|n| n.parse::<usize>().ok())
                {
                    Some(n) if i > 0 => {
                        if !out.is_empty() {
                            out.push(' ');
                        }
                        out.push_str(&format!("{number} {}", n + 1));
                    }
                    _ => out.push_str(piece),
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A spreadsheet's name of the `index`th column (from 0): A, ..., Z, AA, AB, ...
fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The field a path names, without positions: "[0].schedules[1].freq" →
/// "schedules.freq".
pub fn field_of(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out.trim_matches('.').replace("..", ".")
}

/// The offering's field an HSDS service's field (positions left out, as
/// [`field_of`] gives it) is read into, for the app to name it as its form
/// does ("phones.number" → "contact.phone"); `None` for what has no field of
/// ours (an id, a term).
pub fn our_field(field: &str) -> Option<&'static str> {
    let (top, rest) = field.split_once('.').unwrap_or((field, ""));
    Some(match top {
        "name" => "title",
        "description" => "description",
        "status" => "status",
        "url" => "contact.website",
        "email" => "contact.email",
        "phones" => "contact.phone",
        "contacts" => "contact.name",
        "minimum_age" => "min_age",
        "maximum_age" => "max_age",
        "eligibility_description" => "eligibility",
        "cost_options" => "cost",
        "fees_description" => "cost_note",
        "application_process" => "how_to_join",
        "assured_date" => "checked_on",
        "organization_id" | "organization" => "organisation_id",
        "schedules" => "schedules",
        "languages" => "languages",
        "service_at_locations" => match rest.rsplit('.').next().unwrap_or_default() {
            "name" if !rest.contains("addresses") => "location.name",
            "address_1" => "location.address",
            "postal_code" => "location.postcode",
            "city" => "location.city",
            "region" => "location.neighbourhood",
            "latitude" => "location.latitude",
            "longitude" => "location.longitude",
            "transportation" => "location.transport",
            _ => "location",
        },
        _ => return None,
    })
}

/// The notes grouped by kind and field, the ones that matter most first (then
/// the most frequent); each group names its first few distinct values and places.
pub fn group_notes(notes: &[HsdsFinding]) -> Vec<HsdsNoteGroup> {
    use std::collections::{HashMap, HashSet};
    let mut groups: Vec<HsdsNoteGroup> = Vec::new();
    let mut index = HashMap::new();
    // Per group: the distinct values and services (position and name), to
    // count those not named.
    type Seen = (HashSet<String>, HashSet<(Option<usize>, String)>);
    let mut seen: Vec<Seen> = Vec::new();
    for note in notes {
        let key = (note.code, note.field.clone());
        let at = *index.entry(key).or_insert_with(|| {
            groups.push(HsdsNoteGroup {
                code: note.code,
                field: note.field.clone(),
                count: 0,
                values: Vec::new(),
                value_count: 0,
                places: Vec::new(),
                at: Vec::new(),
                services: Vec::new(),
                unnamed: Vec::new(),
                service_count: 0,
                message: note.message.clone(),
            });
            seen.push(Default::default());
            groups.len() - 1
        });
        let group = &mut groups[at];
        let (values, services) = &mut seen[at];
        group.count += 1;
        if let Some(value) = &note.value
            && values.insert(value.clone())
        {
            group.value_count += 1;
            // Files not chosen are few and each matters: all are named
            // (walkthrough: "… en 4 andere", the 4 named nowhere).
            if group.values.len() < GROUP_NAMED || note.code == Finding::FileNotChosen {
                group.values.push(value.clone());
            }
        }
        if (group.places.len() < GROUP_NAMED || note.code == Finding::FileNotChosen)
            && !group.places.contains(&note.place)
        {
            group.places.push(note.place.clone());
            if let Some(place) = &note.at {
                group.at.push(place.clone());
            }
        }
        if let Some(place) = &note.at
            && let Some(name) = &place.name
            && services.insert((place.service, name.clone()))
        {
            group.service_count += 1;
            if group.services.len() + group.unnamed.len() < GROUP_NAMED
                && !group.services.contains(name)
            {
                group.services.push(name.clone());
            }
        } else if let Some(place) = &note.at
            && place.name.is_none()
            && place.organisation.is_none()
            && let Some(id) = &place.id
            && services.insert((place.service, format!("\u{0}{id}")))
        {
            // A service without a name, told by its position and id.
            group.service_count += 1;
            if group.services.len() + group.unnamed.len() < GROUP_NAMED {
                group.unnamed.push(Place {
                    service: place.service,
                    id: Some(id.clone()),
                    ..Place::default()
                });
            }
        }
    }
    groups.sort_by(|a, b| {
        (a.code.rank(), std::cmp::Reverse(a.count), &a.field).cmp(&(
            b.code.rank(),
            std::cmp::Reverse(b.count),
            &b.field,
        ))
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(code: Finding, field: &str, place: &str, value: Option<&str>) -> HsdsFinding {
        HsdsFinding {
            place: place.into(),
            at: None,
            field: field.into(),
            code,
            value: value.map(String::from),
            expected: None,
            guide: None,
            message: "m".into(),
        }
    }

    #[test]
    fn notes_group_by_kind_and_field_the_important_first() {
        let mut notes: Vec<HsdsFinding> = (0..12)
            .map(|i| {
                note(
                    Finding::NotKeptField,
                    "service_areas",
                    &format!("f.json: [{i}].service_areas"),
                    None,
                )
            })
            .collect();
        notes.push(note(
            Finding::ForeignTerm,
            "attributes",
            "f.json: [0].attributes[0]",
            Some("Sport"),
        ));
        notes.push(note(
            Finding::ForeignTerm,
            "attributes",
            "f.json: [1].attributes[0]",
            Some("Sport"),
        ));
        notes.push(note(
            Finding::ScheduleDropped,
            "schedules.freq",
            "f.json: [3].schedules[0].freq",
            Some("DAILY"),
        ));
        let groups = group_notes(&notes);
        let summary: Vec<(Finding, &str, usize)> = groups
            .iter()
            .map(|g| (g.code, g.field.as_str(), g.count))
            .collect();
        assert_eq!(
            summary,
            vec![
                (Finding::ScheduleDropped, "schedules.freq", 1),
                (Finding::ForeignTerm, "attributes", 2),
                (Finding::NotKeptField, "service_areas", 12),
            ]
        );
        assert_eq!(groups[1].values, vec!["Sport"]);
        assert_eq!(groups[2].places.len(), GROUP_NAMED);
    }

    /// Walkthrough: "… en 4 andere" of the files not chosen, the 4 named
    /// nowhere. Every file not chosen is named.
    #[test]
    fn every_file_not_chosen_is_named() {
        let files: Vec<String> = (0..9).map(|i| format!("file{i}.csv")).collect();
        let notes: Vec<HsdsFinding> = files
            .iter()
            .map(|f| note(Finding::FileNotChosen, "", f, Some(f)))
            .collect();
        let groups = group_notes(&notes);
        assert_eq!(groups[0].values, files);
        assert_eq!(groups[0].value_count, files.len());
    }

    /// Walkthrough: "Gaat over" named four services and left the fifth, which
    /// has no name, out without a word. It is told by its position and id.
    #[test]
    fn a_service_without_a_name_is_told_by_its_position_and_id() {
        let notes: Vec<HsdsFinding> = (1..=5)
            .map(|i| HsdsFinding {
                at: Some(Place {
                    file: "kaart.json".into(),
                    service: Some(i),
                    name: (i != 4).then(|| format!("Dienst {i}")),
                    id: Some(format!("id {i}")),
                    ..Place::default()
                }),
                ..note(Finding::NoKind, "", "kaart.json", None)
            })
            .collect();
        let groups = group_notes(&notes);
        assert_eq!(groups[0].service_count, 5);
        assert_eq!(groups[0].services.len(), 4);
        let unnamed: Vec<String> = groups[0].unnamed.iter().map(|p| p.text(Lang::Nl)).collect();
        assert_eq!(unnamed, vec!["dienst 4 (id 4)"]);
    }

    /// `place` as a person reads it in Dutch and in English.
    fn said(place: &Place, nl: &str, en: &str) {
        assert_eq!(
            (place.text(Lang::Nl), place.text(Lang::En)),
            (nl.into(), en.into())
        );
    }

    /// Walkthrough: "/contents/3/phones/0" is a program's way of saying where.
    /// A person reads the service counted from 1, with its name, then the field;
    /// a spreadsheet's row and column as the spreadsheet shows them.
    #[test]
    fn a_place_is_said_as_people_count() {
        let json = Place {
            file: "kaart.json".into(),
            path: "contents[3].phones[0].number".into(),
            service: Some(4),
            name: Some("Taalcafé".into()),
            within: "phones[0].number".into(),
            ..Place::default()
        };
        assert_eq!(json.machine(), "kaart.json: contents[3].phones[0].number");
        said(
            &json,
            "kaart.json, dienst 4 („Taalcafé”), phones nr. 1, number",
            "kaart.json, service 4 (“Taalcafé”), phones no. 1, number",
        );
        let one = Place {
            service: None,
            path: "status".into(),
            within: "status".into(),
            ..json.clone()
        };
        assert_eq!(one.text(Lang::Nl), "kaart.json, dienst „Taalcafé”, status");
        let csv = Place {
            name: Some("Zaalvoetbal".into()),
            service: Some(1),
            ..Place::row("services.csv", 2).column("status", 3)
        };
        assert_eq!(csv.machine(), "services.csv row 2, column status");
        assert_eq!(
            csv.text(Lang::Nl),
            "services.csv, rij 2, kolom D (status), dienst „Zaalvoetbal”"
        );
        assert_eq!(
            csv.text(Lang::En),
            "services.csv, row 2, column D (status), service “Zaalvoetbal”"
        );
        assert_eq!(Place::file(CSV_FILES).text(Lang::Nl), "de CSV-bestanden");
        assert_eq!(Place::file(CSV_FILES).text(Lang::En), "the CSV files");
        assert_eq!(Place::default().machine(), "");
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    /// A group names its first values and services, and counts them all, so
    /// the app can say "en 4 andere".
    #[test]
    fn a_group_counts_the_values_and_services_it_does_not_name() {
        let notes: Vec<HsdsFinding> = (0..9)
            .map(|i| HsdsFinding {
                at: Some(Place {
                    service: Some(i / 3 + 1),
                    name: Some(format!("Dienst {}", i / 3 + 1)),
                    ..Place::file("f.json")
                }),
                ..note(
                    Finding::ForeignTerm,
                    "attributes",
                    &format!("f.json: [{}].attributes[{}]", i / 3, i % 3),
                    Some(&format!("Term {i}")),
                )
            })
            .collect();
        let groups = group_notes(&notes);
        assert_eq!(groups.len(), 1);
        let group = &groups[0];
        assert_eq!((group.count, group.value_count), (9, 9));
        assert_eq!(group.values.len(), GROUP_NAMED);
        assert_eq!(group.services, vec!["Dienst 1", "Dienst 2", "Dienst 3"]);
        assert_eq!(group.service_count, 3);
        assert_eq!(group.at.len(), GROUP_NAMED);
    }

    #[test]
    fn an_hsds_field_is_named_by_the_field_it_fills() {
        assert_eq!(our_field("name"), Some("title"));
        assert_eq!(our_field("phones.number"), Some("contact.phone"));
        assert_eq!(our_field("schedules.byday"), Some("schedules"));
        assert_eq!(
            our_field("service_at_locations.location.addresses.postal_code"),
            Some("location.postcode")
        );
        assert_eq!(
            our_field("service_at_locations.location.name"),
            Some("location.name")
        );
        assert_eq!(our_field("id"), None);
        assert_eq!(our_field("attributes"), None);
    }

    /// A nameless service is told by its id; an organisation's note by the
    /// organisation, not the services that share it.
    #[test]
    fn a_place_names_a_nameless_service_by_id_and_an_organisation_by_name() {
        let nameless = Place {
            file: "kaart.json".into(),
            path: "[3].status".into(),
            service: Some(4),
            id: Some("id 3fa85f64".into()),
            within: "status".into(),
            ..Place::default()
        };
        assert_eq!(
            nameless.text(Lang::Nl),
            "kaart.json, dienst 4 (id 3fa85f64), status"
        );
        let organisation = Place {
            organisation: Some("Welzijn Lindehoven".into()),
            ..Place::row("organizations.csv", 2)
        };
        assert_eq!(
            organisation.text(Lang::Nl),
            "organizations.csv, rij 2, organisatie „Welzijn Lindehoven”"
        );
        let in_json = Place {
            file: "kaart.json".into(),
            path: "[0].organization.attributes".into(),
            within: "organization.attributes".into(),
            organisation: Some("Welzijn".into()),
            ..Place::default()
        };
        assert_eq!(
            in_json.text(Lang::En),
            "kaart.json, organisation “Welzijn”, attributes"
        );
    }

    /// Walkthrough: one service without a name was "id e75b…", "dienst id
    /// e75b…" and "dienst 3 (id e75b…)" in one report. One way everywhere.
    #[test]
    fn a_nameless_service_is_named_one_way_everywhere() {
        let id = Some("id e75b".to_string());
        let csv = Place {
            service: Some(3),
            id: id.clone(),
            ..Place::row("services.csv", 4).column("status", 3)
        };
        said(
            &csv,
            "services.csv, rij 4, kolom D (status), dienst 3 (id e75b)",
            "services.csv, row 4, column D (status), service 3 (id e75b)",
        );
        let one = Place {
            file: "dienst.json".into(),
            path: "status".into(),
            within: "status".into(),
            id: id.clone(),
            ..Place::default()
        };
        assert_eq!(
            one.text(Lang::Nl),
            "dienst.json, dienst 1 (id e75b), status"
        );
        let bare = Place {
            service: Some(3),
            id,
            ..Place::default()
        };
        assert_eq!(bare.service_text(Lang::Nl).unwrap(), "dienst 3 (id e75b)");
        assert_eq!(bare.text(Lang::En), "service 3 (id e75b)");
    }

    /// Walkthrough: "Geen organisatie met id …" once for each CSV row. One
    /// place stands for all the rows, said as a person counts them.
    #[test]
    fn a_place_of_several_rows_names_them_all() {
        let row = |row: usize, service: usize| Place {
            service: Some(service),
            name: Some(format!("Dienst {service}")),
            ..Place::row("services.csv", row).column("organization_id", 5)
        };
        let mut rows = row(2, 1);
        for (r, s) in [(5, 3), (3, 2), (3, 2)] {
            rows.merge(&row(r, s));
        }
        assert_eq!(rows.rows, vec![2, 3, 5]);
        said(
            &rows,
            "services.csv, rijen 2, 3 en 5, kolom F (organization_id)",
            "services.csv, rows 2, 3 and 5, column F (organization_id)",
        );
        assert_eq!(
            rows.machine(),
            "services.csv rows 2, 3, 5, column organization_id"
        );
        let json = Place {
            file: "kaart.json".into(),
            path: "[0].organization_id".into(),
            within: "organization_id".into(),
            service: Some(1),
            services: vec![1, 2, 4],
            ..Place::default()
        };
        assert_eq!(
            json.text(Lang::Nl),
            "kaart.json, diensten 1, 2 en 4, organization_id"
        );
    }

    /// Walkthrough: "Contact: e-mail: „” heeft niet de goede vorm", "geen
    /// geldige waarde voor Wanneer: „”". A value is quoted; what the file gives
    /// nothing for is said in words, by the field, never as an empty quote.
    #[test]
    fn nothing_given_is_said_in_words_never_as_an_empty_quote() {
        assert_eq!(
            given(Some("7 uur"), "schedules[0].opens_at", Lang::Nl),
            "„7 uur”"
        );
        assert_eq!(given(Some("7 uur"), "schedules", Lang::En), "“7 uur”");
        for (field, nl, en) in [
            ("schedules[0].opens_at", "geen tijd", "no time"),
            ("phones[0].number", "geen telefoonnummer", "no phone number"),
            ("email", "geen e-mailadres", "no e-mail address"),
            ("url", "geen website", "no website"),
            ("name", "geen naam", "no name"),
            ("", "geen waarde", "no value"),
        ] {
            for value in [None, Some(""), Some("  ")] {
                assert_eq!(given(value, field, Lang::Nl), nl);
                assert_eq!(given(value, field, Lang::En), en);
            }
        }
        assert_eq!(quoted("", Lang::Nl), "geen waarde");
        let nameless = Place {
            service: Some(2),
            name: Some(String::new()),
            ..Place::default()
        };
        assert_eq!(nameless.text(Lang::Nl), "dienst 2 (geen naam)");
    }

    /// Walkthrough: a price "3.50" was noted as „3.5”, 12.5 as „12.5”. An
    /// amount is quoted as money in the reader's language, two decimals, with
    /// the currency the file gives.
    #[test]
    fn an_amount_is_quoted_as_money_in_the_readers_language() {
        let field = "cost_options[0].amount";
        assert_eq!(given(Some("3.5 EUR"), field, Lang::Nl), "„3,50 EUR”");
        assert_eq!(given(Some("3.5 EUR"), field, Lang::En), "“3.50 EUR”");
        assert_eq!(
            given(Some("12.5"), "cost_options.amount", Lang::Nl),
            "„12,50”"
        );
        assert_eq!(given(Some("12"), field, Lang::En), "“12.00”");
        assert_eq!(money("1234.567 USD", Lang::Nl), "1234,57 USD");
        assert_eq!(money("gratis", Lang::Nl), "gratis");
        // Not an amount field: as given.
        assert_eq!(given(Some("3.5"), "minimum_age", Lang::Nl), "„3.5”");
    }

    #[test]
    fn a_field_is_named_without_positions() {
        assert_eq!(field_of("[0].schedules[1].freq"), "schedules.freq");
        assert_eq!(field_of("service_areas"), "service_areas");
        assert_eq!(
            field_of("organization.phones[1]"),
            "organization.phones".to_string()
        );
    }

    #[test]
    fn an_unknown_code_reads_as_other() {
        let code: Finding = serde_json::from_str("\"something_new\"").unwrap();
        assert_eq!(code, Finding::Other);
    }
}
