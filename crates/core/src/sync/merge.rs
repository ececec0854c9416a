//! A field-by-field merge of two edits of one record made from the same base: the
//! automatic part of resolving a conflict, and of saving a form that was open while
//! a pull brought a newer version.

use serde_json::{Map, Value};

/// A field-by-field merge of two edits of one record.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMerge {
    /// Every field changed on one side only takes that side's value; a clashing
    /// field keeps the server's value until the author picks.
    pub merged: Value,
    /// Top-level fields both sides changed, differently.
    pub clashes: Vec<String>,
}

/// Merges `mine` and `theirs`, both made from `base`, over their top-level fields
/// (an absent field is a value too). Without a base, every field both sides hold
/// differently clashes.
pub fn merge_fields(base: Option<&Value>, mine: &Value, theirs: &Value) -> FieldMerge {
    let mut merged = theirs.as_object().cloned().unwrap_or_default();
    let mut clashes = Vec::new();
    let names: std::collections::BTreeSet<&String> = [mine, theirs]
        .into_iter()
        .filter_map(Value::as_object)
        .flat_map(Map::keys)
        .collect();
    for name in names {
        let (b, m, t) = (
            base.and_then(|b| b.get(name)),
            mine.get(name),
            theirs.get(name),
        );
        if m == t || m == b {
            continue;
        }
        if t == b {
            match m {
                Some(value) => merged.insert(name.clone(), value.clone()),
                None => merged.remove(name),
            };
        } else {
            clashes.push(name.clone());
        }
    }
    FieldMerge {
        merged: Value::Object(merged),
        clashes,
    }
}
