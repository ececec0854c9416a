//! A field-by-field merge of two edits of one record made from the same base: the
//! automatic part of resolving a conflict, and of saving a form that was open while
//! a pull brought a newer version.
//!
//! Objects merge field by field at every depth (a changed `contact.phone` on one
//! side and a changed `contact.email` on the other both stay); arrays and other
//! values are whole values. A field is named by its path: its keys from the top,
//! joined by [`PATH_SEPARATOR`] (`contact.phone`).

use serde_json::{Map, Value};

/// Joins the keys of a path: `contact.phone`.
pub const PATH_SEPARATOR: char = '.';

/// A field-by-field merge of two edits of one record.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMerge {
    /// Every field changed on one side only takes that side's value; a clashing
    /// field keeps the server's value until the author picks.
    pub merged: Value,
    /// The paths of the fields both sides changed, differently (`title`,
    /// `contact.phone`), in key order. A clash is never inside another.
    pub clashes: Vec<String>,
}

/// Merges `mine` and `theirs`, both made from `base`, field by field (an absent
/// field is a value too; objects merge per field, recursively). Without a base,
/// every field both sides hold differently clashes.
pub fn merge_fields(base: Option<&Value>, mine: &Value, theirs: &Value) -> FieldMerge {
    let mut clashes = Vec::new();
    let merged = match (mine.as_object(), theirs.as_object()) {
        (Some(m), Some(t)) => Value::Object(merge_objects(
            base.and_then(Value::as_object),
            m,
            t,
            "",
            &mut clashes,
        )),
        _ => theirs.clone(),
    };
    FieldMerge { merged, clashes }
}

/// `theirs` with the fields only `mine` changed since `base` taken from `mine`;
/// the paths of fields both changed go to `clashes`, under `prefix`.
fn merge_objects(
    base: Option<&Map<String, Value>>,
    mine: &Map<String, Value>,
    theirs: &Map<String, Value>,
    prefix: &str,
    clashes: &mut Vec<String>,
) -> Map<String, Value> {
    let mut merged = theirs.clone();
    let names: std::collections::BTreeSet<&String> = mine.keys().chain(theirs.keys()).collect();
    for name in names {
        let (b, m, t) = (
            base.and_then(|b| b.get(name)),
            mine.get(name),
            theirs.get(name),
        );
        if m == t || m == b {
            continue;
        }
        let path = join(prefix, name);
        match (m, t) {
            _ if t == b => match m {
                Some(value) => merged.insert(name.clone(), value.clone()),
                None => merged.remove(name),
            },
            // Both changed an object: its fields merge one by one (a base that is
            // no object, or none, is an empty base).
            (Some(Value::Object(m)), Some(Value::Object(t))) => {
                let b = b.and_then(Value::as_object);
                let inner = merge_objects(b, m, t, &path, clashes);
                merged.insert(name.clone(), Value::Object(inner))
            }
            _ => {
                clashes.push(path);
                None
            }
        };
    }
    merged
}

/// `prefix.name`, or `name` at the top.
pub fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}{PATH_SEPARATOR}{name}")
    }
}

/// The value at `path` in `value`, if there is one.
pub fn get_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split(PATH_SEPARATOR)
        .try_fold(value, |value, key| value.get(key))
}

/// Sets the value at `path` in `record` (`None`: removes it), making the objects on
/// the way if they are missing. Does nothing if something on the way is no object.
pub fn set_path(record: &mut Value, path: &str, to: Option<Value>) {
    let mut keys: Vec<&str> = path.split(PATH_SEPARATOR).collect();
    let Some(last) = keys.pop() else { return };
    let mut at = record;
    for key in keys {
        let Some(object) = at.as_object_mut() else {
            return;
        };
        at = match (object.contains_key(key), &to) {
            // Nothing to remove below a missing object.
            (false, None) => return,
            _ => object
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new())),
        };
    }
    if let Some(object) = at.as_object_mut() {
        match to {
            Some(value) => object.insert(last.to_string(), value),
            None => object.remove(last),
        };
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn base() -> Value {
        json!({
            "title": "Wandelen",
            "contact": { "name": "Ans", "phone": "010 111", "email": "a@example.org" },
            "tags": ["buiten", "samen"],
        })
    }

    #[test]
    fn disjoint_nested_changes_merge_with_no_clash() {
        let base = base();
        let mut mine = base.clone();
        mine["contact"]["phone"] = json!("010 222");
        let mut theirs = base.clone();
        theirs["contact"]["email"] = json!("b@example.org");
        theirs["title"] = json!("Samen wandelen");
        let merge = merge_fields(Some(&base), &mine, &theirs);
        assert_eq!(merge.clashes, Vec::<String>::new());
        assert_eq!(
            merge.merged["contact"],
            json!({ "name": "Ans", "phone": "010 222", "email": "b@example.org" })
        );
        assert_eq!(merge.merged["title"], "Samen wandelen");
    }

    #[test]
    fn the_same_nested_field_changed_on_both_sides_clashes_as_a_path() {
        let base = base();
        let mut mine = base.clone();
        mine["contact"]["phone"] = json!("010 222");
        mine["contact"]["name"] = json!("Anna");
        let mut theirs = base.clone();
        theirs["contact"]["phone"] = json!("010 333");
        let merge = merge_fields(Some(&base), &mine, &theirs);
        assert_eq!(merge.clashes, vec!["contact.phone".to_string()]);
        assert_eq!(
            merge.merged["contact"],
            json!({ "name": "Anna", "phone": "010 333", "email": "a@example.org" }),
            "the clash keeps theirs until the author picks; my other change merged"
        );
        // Deeper still, and without a base: what both hold differently clashes.
        let deep = |v: &str| json!({ "a": { "b": { "c": v, "d": 1 } } });
        let merge = merge_fields(None, &deep("x"), &deep("y"));
        assert_eq!(merge.clashes, vec!["a.b.c".to_string()]);
    }

    #[test]
    fn a_field_removed_on_one_side() {
        let base = base();
        let mut mine = base.clone();
        mine["contact"].as_object_mut().unwrap().remove("email");
        let mut theirs = base.clone();
        theirs["contact"]["phone"] = json!("010 333");
        let merge = merge_fields(Some(&base), &mine, &theirs);
        assert!(merge.clashes.is_empty());
        assert_eq!(
            merge.merged["contact"],
            json!({ "name": "Ans", "phone": "010 333" })
        );
        // Removed on one side, changed on the other: that field clashes.
        theirs["contact"]["email"] = json!("c@example.org");
        let merge = merge_fields(Some(&base), &mine, &theirs);
        assert_eq!(merge.clashes, vec!["contact.email".to_string()]);
        // A whole object removed on one side and changed inside on the other.
        let mut gone = base.clone();
        gone.as_object_mut().unwrap().remove("contact");
        let merge = merge_fields(Some(&base), &gone, &theirs);
        assert_eq!(merge.clashes, vec!["contact".to_string()]);
        assert_eq!(merge.merged["contact"], theirs["contact"]);
    }

    #[test]
    fn a_nested_object_added_on_one_side() {
        let base = base();
        let mut mine = base.clone();
        mine["referral"] = json!({ "procedure": "Bel de praktijk", "intake_required": true });
        let mut theirs = base.clone();
        theirs["contact"]["website"] = json!("https://example.org");
        let merge = merge_fields(Some(&base), &mine, &theirs);
        assert!(merge.clashes.is_empty());
        assert_eq!(merge.merged["referral"], mine["referral"]);
        assert_eq!(merge.merged["contact"]["website"], "https://example.org");
        // Added on both sides: their fields merge as if from an empty object.
        theirs["referral"] = json!({ "procedure": "Mail ons", "waiting_time": "2 weken" });
        let merge = merge_fields(Some(&base), &mine, &theirs);
        assert_eq!(merge.clashes, vec!["referral.procedure".to_string()]);
        assert_eq!(
            merge.merged["referral"],
            json!({ "procedure": "Mail ons", "intake_required": true, "waiting_time": "2 weken" })
        );
    }

    #[test]
    fn arrays_are_whole_values() {
        let base = base();
        let mut mine = base.clone();
        mine["tags"] = json!(["buiten", "samen", "gratis"]);
        let mut theirs = base.clone();
        theirs["tags"] = json!(["binnen", "samen"]);
        let merge = merge_fields(Some(&base), &mine, &theirs);
        assert_eq!(merge.clashes, vec!["tags".to_string()]);
        assert_eq!(merge.merged["tags"], theirs["tags"]);
        // Changed on one side only: that side's list, whole.
        let merge = merge_fields(Some(&base), &mine, &base);
        assert_eq!(merge.merged["tags"], mine["tags"]);
        // Arrays of objects too: no merging inside.
        let list = |v: &str| json!({ "schedules": [{ "freq": "weekly", "at": v }] });
        let merge = merge_fields(Some(&list("10:00")), &list("11:00"), &list("12:00"));
        assert_eq!(merge.clashes, vec!["schedules".to_string()]);
    }

    #[test]
    fn paths_read_and_write_nested_fields() {
        let mut record = base();
        assert_eq!(get_path(&record, "contact.phone"), Some(&json!("010 111")));
        assert_eq!(get_path(&record, "contact.fax"), None);
        set_path(&mut record, "contact.phone", Some(json!("010 999")));
        set_path(&mut record, "contact.email", None);
        set_path(&mut record, "referral.procedure", Some(json!("Bel")));
        set_path(&mut record, "title.deeper", Some(json!(1)));
        set_path(&mut record, "location.city", None);
        assert_eq!(
            record,
            json!({
                "title": "Wandelen",
                "contact": { "name": "Ans", "phone": "010 999" },
                "tags": ["buiten", "samen"],
                "referral": { "procedure": "Bel" },
            })
        );
    }
}
