//! What an HSDS import found, as machine codes: each problem and note names
//! where it is (file and JSON path, or CSV file, row and column), the field,
//! a [`Finding`] code and the value found, so that the app can say it in the
//! reader's language and the command line in English. Notes come grouped by
//! kind ([`group_notes`]): a file of 30 services has 30 times the same field
//! that the guide does not keep, and that must not bury the one that matters.

use serde::{Deserialize, Serialize};

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
            LinkedByKvk | LinkedByName | FileNotChosen | KeptLive => 0,
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

/// The notes grouped by kind and field, the ones that matter most first (then
/// the most frequent); each group names its first few distinct values and places.
pub fn group_notes(notes: &[HsdsFinding]) -> Vec<HsdsNoteGroup> {
    let mut groups: Vec<HsdsNoteGroup> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for note in notes {
        let key = (note.code, note.field.clone());
        let at = *index.entry(key).or_insert_with(|| {
            groups.push(HsdsNoteGroup {
                code: note.code,
                field: note.field.clone(),
                count: 0,
                values: Vec::new(),
                places: Vec::new(),
                message: note.message.clone(),
            });
            groups.len() - 1
        });
        let group = &mut groups[at];
        group.count += 1;
        if let Some(value) = &note.value
            && group.values.len() < GROUP_NAMED
            && !group.values.contains(value)
        {
            group.values.push(value.clone());
        }
        if group.places.len() < GROUP_NAMED && !group.places.contains(&note.place) {
            group.places.push(note.place.clone());
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
