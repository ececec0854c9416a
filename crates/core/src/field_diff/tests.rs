use std::collections::BTreeMap;

use chrono::Weekday;

use super::*;
use crate::model::{Contact, Cost};
use crate::sample::sample_offering;
use crate::schedule::ByDay;
use crate::vocab::{CostUnit, Theme};

/// Base, a version where I changed the title and the cost, and the server's where
/// they changed the cost differently, the day and the version.
fn three() -> (Offering, Offering, Offering) {
    let base = sample_offering();
    let mut mine = base.clone();
    mine.title = "Wandelen met de praktijkondersteuner".into();
    mine.cost = Cost::Paid {
        amount_cents: 250,
        unit: CostUnit::PerSession,
    };
    let mut theirs = base.clone();
    theirs.version = 2;
    theirs.cost = Cost::Paid {
        amount_cents: 300,
        unit: CostUnit::PerSession,
    };
    theirs.schedules[0].byday = vec![ByDay::every(Weekday::Thu)];
    (base, mine, theirs)
}

fn summary(diffs: &FieldDiffs) -> Vec<(&str, Change)> {
    diffs
        .fields
        .iter()
        .map(|f| (f.key.as_str(), f.change))
        .collect()
}

#[test]
fn fields_that_differ_in_the_forms_order_with_who_changed_them() {
    let (base, mine, theirs) = three();
    let diffs = diff_offerings(Some(&base), &mine, &theirs, Lang::Nl);
    assert_eq!(
        summary(&diffs),
        [
            ("title", Change::Mine),
            ("cost", Change::Conflict),
            ("schedules", Change::Theirs),
        ],
        "the version is bookkeeping, never shown"
    );
    let cost = &diffs.fields[1];
    assert_eq!(cost.label, "Kosten");
    assert_eq!(cost.base.as_deref(), Some("Gratis"));
    assert_eq!(cost.mine.as_deref(), Some("€ 2,50 per keer"));
    assert_eq!(cost.theirs.as_deref(), Some("€ 3,00 per keer"));
    let when = &diffs.fields[2];
    assert_eq!(when.label, "Wanneer");
    assert!(
        when.mine
            .as_deref()
            .unwrap()
            .starts_with("Elke dinsdag, 10:00–11:00")
    );
    assert!(
        when.theirs
            .as_deref()
            .unwrap()
            .starts_with("Elke donderdag")
    );
    assert_eq!(diffs.conflicts().count(), 1);
    let english = diff_offerings(Some(&base), &mine, &theirs, Lang::En);
    assert_eq!(english.fields[0].label, "Title");
    assert_eq!(english.fields[1].mine.as_deref(), Some("€2.50 per session"));
}

#[test]
fn choices_build_the_record_on_top_of_the_automatic_merge() {
    let (base, mine, theirs) = three();
    let diffs = diff_offerings(Some(&base), &mine, &theirs, Lang::Nl);
    assert_eq!(
        diffs.resolve(&BTreeMap::new()),
        Err(ResolveError::Unchosen(vec!["cost".into()])),
        "a conflict is never decided unseen"
    );
    let choose = |side| BTreeMap::from([("cost".to_string(), side)]);
    let resolved = diffs.resolve_offering(&choose(Side::Mine)).unwrap();
    assert_eq!(resolved.title, mine.title, "my one-sided change");
    assert_eq!(
        resolved.schedules, theirs.schedules,
        "their one-sided change"
    );
    assert_eq!(resolved.cost, mine.cost, "chosen");
    assert_eq!(resolved.version, 2, "the server's bookkeeping");
    let theirs_cost = diffs.resolve_offering(&choose(Side::Theirs)).unwrap();
    assert_eq!(theirs_cost.cost, theirs.cost);
    // A choice may overrule what merged by itself.
    let mut overrule = choose(Side::Mine);
    overrule.insert("schedules".into(), Side::Mine);
    let resolved = diffs.resolve_offering(&overrule).unwrap();
    assert_eq!(resolved.schedules, mine.schedules);
    // The automatic part is exactly the replica's merge.
    let json = |o: &Offering| serde_json::to_value(o).unwrap();
    let merge = merge_fields(Some(&json(&base)), &json(&mine), &json(&theirs));
    assert_eq!(diffs.merged(), &merge.merged);
}

#[test]
fn absent_fields_and_no_base() {
    let (base, mut mine, theirs) = three();
    mine.alert = Some("Deze week in de kleine zaal".into());
    mine.referral = None;
    let diffs = diff_offerings(Some(&base), &mine, &theirs, Lang::Nl);
    let alert = diffs.fields.iter().find(|f| f.key == "alert").unwrap();
    assert_eq!(
        (alert.change, alert.theirs.as_deref()),
        (Change::Mine, None)
    );
    let referral = diffs.fields.iter().find(|f| f.key == "referral").unwrap();
    assert_eq!(referral.change, Change::Mine);
    assert_eq!(referral.mine, None);
    let choose = BTreeMap::from([("cost".to_string(), Side::Theirs)]);
    let resolved = diffs.resolve_offering(&choose).unwrap();
    assert_eq!(resolved.referral, None, "removing is a change too");
    assert_eq!(resolved.alert, mine.alert);

    // Without a base, as in the replica's merge: what both sides hold differently
    // conflicts; what one side holds alone merges from that side.
    let unknown_base = diff_offerings(None, &mine, &theirs, Lang::Nl);
    assert_eq!(
        summary(&unknown_base),
        [
            ("title", Change::Conflict),
            ("alert", Change::Mine),
            ("cost", Change::Conflict),
            ("schedules", Change::Conflict),
            ("referral", Change::Theirs),
        ]
    );
}

#[test]
fn values_read_as_text() {
    let mut mine = sample_offering();
    mine.themes = vec![Theme::Exercise, Theme::Housing];
    mine.by_appointment = true;
    mine.min_age = Some(65);
    mine.tags = vec!["wandelen".into(), "buiten".into()];
    let theirs = Offering {
        themes: vec![],
        tags: vec![],
        ..sample_offering()
    };
    let diffs = diff_offerings(None, &mine, &theirs, Lang::Nl);
    let text = |key: &str| {
        let f = diffs.fields.iter().find(|f| f.key == key).unwrap();
        (f.mine.clone(), f.theirs.clone())
    };
    assert_eq!(
        text("themes"),
        (Some("Bewegen en sport, Wonen".into()), None)
    );
    assert_eq!(
        text("by_appointment"),
        (Some("Ja".into()), Some("Nee".into()))
    );
    assert_eq!(text("min_age"), (Some("65".into()), Some("18".into())));
    assert_eq!(text("tags"), (Some("wandelen, buiten".into()), None));
    assert_eq!(field_label("no_such_field", Lang::En), "no_such_field");
    let location = display(
        "location",
        &serde_json::to_value(&mine.location).unwrap(),
        Lang::Nl,
    );
    assert_eq!(
        location.as_deref(),
        Some("Buurthuis De Linde, Lindelaan 1, 1234 AB Voorbeeldstad, De Linden")
    );
}

#[test]
fn every_offering_field_has_a_label() {
    let mut offering = sample_offering();
    offering.contact = Contact {
        name: Some("n".into()),
        phone: Some("p".into()),
        email: Some("e".into()),
        website: Some("w".into()),
    };
    if let Some(location) = &mut offering.location {
        (location.latitude, location.longitude) = (Some(52.0), Some(5.0));
        location.transport = Some("bus".into());
    }
    let json = serde_json::to_value(offering).unwrap();
    for (key, value) in json.as_object().unwrap() {
        if BOOKKEEPING.contains(&key.as_str()) {
            continue;
        }
        assert_ne!(field_label(key, Lang::Nl), key.as_str(), "{key}");
        if in_parts(key) {
            for part in value.as_object().unwrap().keys() {
                let path = format!("{key}.{part}");
                assert_ne!(order(&path), usize::MAX, "{path} has no name");
            }
        }
    }
    assert_eq!(field_label("contact.phone", Lang::Nl), "Contact: telefoon");
    assert_eq!(field_label("contact.phone", Lang::En), "Contact: phone");
    assert_eq!(field_label("contact.fax", Lang::Nl), "Contact: fax");
}

/// Base, mine and theirs as JSON, with `change` applied to mine and theirs.
fn nested(
    mine: impl FnOnce(&mut Offering),
    theirs: impl FnOnce(&mut Offering),
) -> (Value, Value, Value) {
    let mut base = sample_offering();
    base.contact = Contact {
        name: Some("Ans".into()),
        phone: Some("010 111 11 11".into()),
        email: Some("ans@example.org".into()),
        website: None,
    };
    let (mut m, mut t) = (base.clone(), base.clone());
    mine(&mut m);
    theirs(&mut t);
    t.version = 2;
    let json = |o: &Offering| serde_json::to_value(o).unwrap();
    (json(&base), json(&m), json(&t))
}

#[test]
fn nested_fields_are_shown_and_chosen_one_by_one() {
    let (base, mine, theirs) = nested(
        |m| {
            m.contact.phone = Some("010 222 22 22".into());
            m.contact.name = Some("Anna".into());
        },
        |t| {
            t.contact.phone = Some("010 333 33 33".into());
            t.contact.email = Some("balie@example.org".into());
        },
    );
    let diffs = diff_values(Some(&base), &mine, &theirs, Lang::Nl);
    assert_eq!(
        summary(&diffs),
        [
            ("contact.name", Change::Mine),
            ("contact.phone", Change::Conflict),
            ("contact.email", Change::Theirs),
        ]
    );
    let phone = &diffs.fields[1];
    assert_eq!(phone.label, "Contact: telefoon");
    assert_eq!(
        (
            phone.base.as_deref(),
            phone.mine.as_deref(),
            phone.theirs.as_deref()
        ),
        (
            Some("010 111 11 11"),
            Some("010 222 22 22"),
            Some("010 333 33 33")
        )
    );
    assert_eq!(diffs.fields[0].merged.as_deref(), Some("Anna"));
    assert_eq!(
        diffs.resolve(&BTreeMap::new()),
        Err(ResolveError::Unchosen(vec!["contact.phone".into()]))
    );
    let choose = |side| BTreeMap::from([("contact.phone".to_string(), side)]);
    let resolved = diffs.resolve_offering(&choose(Side::Mine)).unwrap();
    assert_eq!(
        resolved.contact,
        Contact {
            name: Some("Anna".into()),
            phone: Some("010 222 22 22".into()),
            email: Some("balie@example.org".into()),
            website: None,
        },
        "the choice sets the phone only; both other changes stay"
    );
    assert_eq!(resolved.version, 2);
    let theirs_phone = diffs.resolve_offering(&choose(Side::Theirs)).unwrap();
    assert_eq!(theirs_phone.contact.phone.as_deref(), Some("010 333 33 33"));
    assert_eq!(theirs_phone.contact.name.as_deref(), Some("Anna"));
    // Overruling a part that merged by itself: my e-mail (the base's) back.
    let mut overrule = choose(Side::Theirs);
    overrule.insert("contact.email".into(), Side::Mine);
    let resolved = diffs.resolve_offering(&overrule).unwrap();
    assert_eq!(resolved.contact.email.as_deref(), Some("ans@example.org"));
}

#[test]
fn a_part_removed_on_one_side_and_a_whole_object_added() {
    let (base, mine, theirs) = nested(
        |m| m.contact.email = None,
        |t| {
            t.referral = None;
            t.contact.website = Some("https://example.org".into());
        },
    );
    let diffs = diff_values(Some(&base), &mine, &theirs, Lang::En);
    assert_eq!(
        summary(&diffs),
        [
            ("contact.email", Change::Mine),
            ("contact.website", Change::Theirs),
            ("referral", Change::Theirs),
        ],
        "an object on one side only is one field, whole"
    );
    assert_eq!(diffs.fields[0].label, "Contact: e-mail");
    assert_eq!(diffs.fields[0].mine, None);
    let resolved = diffs.resolve_offering(&BTreeMap::new()).unwrap();
    assert_eq!(resolved.contact.email, None);
    assert_eq!(
        resolved.contact.website.as_deref(),
        Some("https://example.org")
    );
    assert_eq!(resolved.referral, None);
    // Removing an e-mail the other side changed: a clash on that part; choosing
    // mine removes it.
    let (base, mine, theirs) = nested(
        |m| m.contact.email = None,
        |t| t.contact.email = Some("balie@example.org".into()),
    );
    let diffs = diff_values(Some(&base), &mine, &theirs, Lang::Nl);
    assert_eq!(summary(&diffs), [("contact.email", Change::Conflict)]);
    let choose = BTreeMap::from([("contact.email".to_string(), Side::Mine)]);
    assert_eq!(diffs.resolve_offering(&choose).unwrap().contact.email, None);
}

#[test]
fn an_object_shown_whole_with_changes_in_different_parts_merges_both() {
    let base = sample_offering();
    let paid = |amount_cents, unit| Cost::Paid { amount_cents, unit };
    let (mut base_paid, mut mine, mut theirs) = (base.clone(), base.clone(), base);
    base_paid.cost = paid(300, CostUnit::PerSession);
    mine.cost = paid(300, CostUnit::PerMonth);
    theirs.cost = paid(350, CostUnit::PerSession);
    let diffs = diff_offerings(Some(&base_paid), &mine, &theirs, Lang::Nl);
    assert_eq!(summary(&diffs), [("cost", Change::Both)]);
    assert_eq!(diffs.fields[0].merged.as_deref(), Some("€ 3,50 per maand"));
    let resolved = diffs.resolve_offering(&BTreeMap::new()).unwrap();
    assert_eq!(resolved.cost, paid(350, CostUnit::PerMonth));
}

#[test]
fn what_one_version_changed() {
    let (base, mine, _) = nested(
        |m| {
            m.title = "Wandelen in het park".into();
            m.contact.phone = None;
        },
        |_| {},
    );
    let changed = changed_fields(Some(&base), &mine, Lang::Nl);
    let shown: Vec<(&str, Option<&str>)> = changed
        .iter()
        .map(|f| (f.label.as_str(), f.mine.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [
            ("Titel", Some("Wandelen in het park")),
            ("Contact: telefoon", None)
        ]
    );
    assert!(changed.iter().all(|f| f.change == Change::Mine));
    let everything = changed_fields(None, &mine, Lang::Nl);
    assert_eq!(everything[0].label, "Titel");
    assert!(everything.len() > 10, "every field without a base");
}

#[test]
fn a_problem_is_named_by_the_nearest_named_field() {
    assert_eq!(
        nearest_field_label("schedules[0].byday", Lang::Nl),
        "Wanneer"
    );
    assert_eq!(nearest_field_label("cost.amount_cents", Lang::Nl), "Kosten");
    assert_eq!(
        nearest_field_label("contact.email", Lang::Nl),
        "Contact: e-mail"
    );
    assert_eq!(nearest_field_label("title", Lang::En), "Title");
    assert_eq!(
        nearest_field_label("no_such_field", Lang::En),
        "no_such_field"
    );
}
