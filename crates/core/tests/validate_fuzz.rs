//! Hostile and random input never makes validation panic, and whatever it reports
//! can be shown to a person in Dutch and English.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use wijkgids_core::Lang;
use wijkgids_core::sample::{sample_offering, sample_organisation, sample_professional};
use wijkgids_core::validate::{
    Problem, message, normalise_postcode, parse_offering, parse_organisation, parse_professional,
    phone_for_dialling, validate_offering,
};

/// Field names of the records, so random objects often hit real fields.
const KNOWN_KEYS: &[&str] = &[
    "id",
    "status",
    "title",
    "summary",
    "kind",
    "themes",
    "cost",
    "sign_up",
    "schedules",
    "byday",
    "freq",
    "interval",
    "opens_at",
    "closes_at",
    "location",
    "postcode",
    "contact",
    "email",
    "phone",
    "translations",
    "en",
    "name",
    "amount_cents",
    "unit",
    "exceptions",
    "date",
];

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        prop::sample::select(KNOWN_KEYS).prop_map(Value::from),
        Just(json!("weekly")),
        Just(json!("1SA")),
        Just(json!("10:00")),
        Just(json!("2025-01-01")),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![
            prop::sample::select(KNOWN_KEYS).prop_map(String::from),
            any::<String>(),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Values that stress a single field: wrong types, huge and strange text.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any_json(),
        (0usize..200_000).prop_map(|n| Value::String("x".repeat(n))),
        (any::<char>(), 0usize..5_000).prop_map(|(c, n)| Value::String(c.to_string().repeat(n))),
        Just(json!("\u{202e}\u{0}\n\t\u{feff}👩‍👧‍👦 مرحبا")),
        Just(json!(-1)),
        Just(json!(f64::MAX)),
        Just(json!(u64::MAX)),
        Just(json!([])),
        Just(json!({})),
    ]
}

/// Every path into a JSON value, as object keys and array indices.
fn paths(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                at.push(Step::Key(key.clone()));
                paths(child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(Step::Index(i));
                paths(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone)]
enum Mutation {
    Remove,
    Replace(Value),
}

/// Applies a mutation at a path; removing the root empties it.
fn mutate(value: &mut Value, path: &[Step], mutation: Mutation) {
    let Some((last, parent_path)) = path.split_last() else {
        *value = match mutation {
            Mutation::Remove => Value::Null,
            Mutation::Replace(new) => new,
        };
        return;
    };
    let mut parent = &mut *value;
    for step in parent_path {
        let next = match (step, parent) {
            (Step::Key(k), Value::Object(map)) => map.get_mut(k),
            (Step::Index(i), Value::Array(items)) => items.get_mut(*i),
            _ => None,
        };
        match next {
            Some(next) => parent = next,
            None => return,
        }
    }
    match (last, parent, mutation) {
        (Step::Key(k), Value::Object(map), Mutation::Remove) => {
            map.remove(k);
        }
        (Step::Key(k), Value::Object(map), Mutation::Replace(new)) => {
            map.insert(k.clone(), new);
        }
        (Step::Index(i), Value::Array(items), Mutation::Remove) if *i < items.len() => {
            items.remove(*i);
        }
        (Step::Index(i), Value::Array(items), Mutation::Replace(new)) => {
            if let Some(slot) = items.get_mut(*i) {
                *slot = new;
            }
        }
        _ => {}
    }
}

fn mutation() -> impl Strategy<Value = (usize, Mutation)> {
    let kind = prop_oneof![
        1 => Just(Mutation::Remove),
        3 => hostile_value().prop_map(Mutation::Replace),
    ];
    (any::<usize>(), kind)
}

/// The sample JSON with a few random mutations at random places.
fn mutated(sample: Value) -> impl Strategy<Value = Value> {
    prop::collection::vec(mutation(), 1..4).prop_map(move |mutations| {
        let mut value = sample.clone();
        for (pick, mutation) in mutations {
            let mut all = Vec::new();
            paths(&value, &mut Vec::new(), &mut all);
            if let Some(path) = all.get(pick % all.len().max(1)) {
                mutate(&mut value, path, mutation);
            }
        }
        value
    })
}

fn sample_json<T: serde::Serialize>(record: T) -> Value {
    serde_json::to_value(record).unwrap_or(Value::Null)
}

fn assert_presentable(problems: &[Problem]) {
    assert!(!problems.is_empty(), "an error without problems");
    for problem in problems {
        assert!(!problem.field.is_empty(), "{problem:?}");
        assert!(!problem.code.is_empty(), "{problem:?}");
        assert!(!problem.message_key.is_empty(), "{problem:?}");
        for &lang in Lang::ALL {
            assert!(
                message(&problem.message_key, lang).is_some_and(|t| !t.is_empty()),
                "no {lang:?} text for {}",
                problem.message_key
            );
            assert!(!problem.text(lang).contains("{limit}"), "{problem:?}");
        }
    }
}

/// Parses an offering; a result it accepts must be valid and survive a round trip.
fn check_offering(json: &Value) {
    match parse_offering(json) {
        Ok(offering) => {
            assert_eq!(validate_offering(&offering), []);
            let again = parse_offering(&sample_json(&offering));
            assert_eq!(again.as_ref(), Ok(&offering));
        }
        Err(problems) => assert_presentable(&problems),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(json in any_json()) {
        check_offering(&json);
        if let Err(problems) = parse_organisation(&json) {
            assert_presentable(&problems);
        }
        if let Err(problems) = parse_professional(&json) {
            assert_presentable(&problems);
        }
    }

    #[test]
    fn mutated_offering_never_panics(json in mutated(sample_json(sample_offering()))) {
        check_offering(&json);
    }

    #[test]
    fn mutated_directory_records_never_panic(
        organisation in mutated(sample_json(sample_organisation())),
        professional in mutated(sample_json(sample_professional())),
    ) {
        if let Err(problems) = parse_organisation(&organisation) {
            assert_presentable(&problems);
        }
        if let Err(problems) = parse_professional(&professional) {
            assert_presentable(&problems);
        }
    }

    #[test]
    fn field_checks_are_total_and_stable(text in any::<String>()) {
        if let Some(postcode) = normalise_postcode(&text) {
            prop_assert_eq!(normalise_postcode(&postcode), Some(postcode.clone()));
        }
        if let Some(dial) = phone_for_dialling(&text) {
            prop_assert_eq!(phone_for_dialling(&dial), Some(dial.clone()));
        }
    }

    #[test]
    fn written_phone_forms_are_stable(
        digits in "[0-9+ ()./-]{0,20}",
    ) {
        if let Some(dial) = phone_for_dialling(&digits) {
            prop_assert_eq!(phone_for_dialling(&dial), Some(dial.clone()));
        }
    }
}

#[test]
fn samples_parse() {
    assert_eq!(
        parse_offering(&sample_json(sample_offering())),
        Ok(sample_offering())
    );
}
