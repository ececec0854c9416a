use chrono::NaiveDate;
use serde_json::Value;

use super::*;
use crate::model::{Cost, OfferingTranslation, Organisation};
use crate::sample::{sample_offering, sample_organisation};
use crate::schedule::ScheduleException;
use crate::vocab::{AccessibilityFeature, Audience, CostUnit, Lang, Language, Status};

/// What a Wijkgids reads back of `offering` after it went out as HSDS JSON text.
fn through_json(offering: &Offering) -> (Offering, Vec<Note>) {
    let (service, _) = service(offering, None).expect("public");
    let text = serde_json::to_string(&service).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    offering_from_service(&parse_service(&json).expect("our own service parses"))
}

/// A public offering with every field HSDS can carry one way or another.
fn rich_offering() -> Offering {
    let mut o = sample_offering();
    o.status = Status::Paused;
    o.alert = Some("Geen les op 24 december.".into());
    o.tags = vec!["wandelen".into(), "buiten".into()];
    o.translations.insert(
        "en".into(),
        OfferingTranslation {
            title: "Walk with your GP".into(),
            summary: "An hour's walk every Tuesday.".into(),
            description: Some("Walk along.".into()),
        },
    );
    o.max_age = Some(99);
    o.audience = vec![Audience::Adults, Audience::Seniors];
    o.eligibility = Some("Voor wie in de wijk woont.".into());
    o.languages = vec![Language::Dutch, Language::Arabic, Language::SignLanguageNl];
    o.cost = Cost::Paid {
        amount_cents: 330,
        unit: CostUnit::PerMonth,
    };
    o.cost_note = Some("Met de Stadspas gratis.".into());
    o.how_to_join = Some("Kom gewoon langs.".into());
    o.accessibility = vec![
        AccessibilityFeature::Wheelchair,
        AccessibilityFeature::HearingLoop,
    ];
    o.accessibility_note = Some("Drempel bij de achteringang.".into());
    o.schedules[0].description = Some("elke dinsdag".into());
    o.schedules[0].until = NaiveDate::from_ymd_opt(2027, 6, 29);
    o.exceptions = vec![ScheduleException {
        date: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
        closed: true,
        opens_at: None,
        closes_at: None,
        note: Some("Kerstavond".into()),
    }];
    o.by_appointment = false;
    o.online = true;
    o.at_home = true;
    o.contact.name = Some("Fatima de Vries".into());
    o.location.as_mut().unwrap().transport = Some("Bus 12, halte Lindeplein".into());
    o.updated_at = Some("2026-11-03T09:15:00.123Z".parse().unwrap());
    o
}

#[test]
fn a_public_offering_comes_back_unchanged() {
    for offering in [sample_offering(), rich_offering()] {
        let (back, notes) = through_json(&offering);
        let expected = Offering {
            version: 0,
            ..offering.public().unwrap()
        };
        assert_eq!(back, expected, "notes: {notes:?}");
        assert!(notes.is_empty(), "{notes:?}");
    }
}

#[test]
fn every_public_demo_offering_comes_back_unchanged() {
    let guide = crate::demo::neighbourhood().unwrap();
    let mut seen = 0;
    for offering in guide.offerings.iter().filter(|o| o.is_public()) {
        let (back, notes) = through_json(offering);
        let expected = Offering {
            version: 0,
            ..offering.public().unwrap()
        };
        assert_eq!(back, expected, "{}: {notes:?}", offering.title);
        seen += 1;
    }
    assert!(seen > 50, "{seen}");
}

#[test]
fn referral_details_and_authorship_never_leave() {
    let mut offering = rich_offering();
    offering.checked_by = Some("controleur@example.org".into());
    offering.created_by = Some("maker".into());
    offering.review_note = Some("interne opmerking".into());
    let referral = offering.referral.clone().unwrap();
    let (service, _) = service(&offering, Some(&sample_organisation())).unwrap();
    let text = serde_json::to_string(&service).unwrap();
    for secret in [
        referral.procedure.as_str(),
        "controleur@example.org",
        "maker",
        "interne opmerking",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert!(!text.contains("null"), "absent fields are omitted: {text}");
}

#[test]
fn what_residents_cannot_see_is_not_a_service() {
    for status in [Status::Draft, Status::PendingReview, Status::Archived] {
        let offering = Offering {
            status,
            ..sample_offering()
        };
        assert!(service(&offering, None).is_none(), "{status:?}");
    }
}

#[test]
fn what_hsds_cannot_say_is_written_as_text_and_named() {
    let (service, notes) = service(&rich_offering(), None).unwrap();
    let paths: Vec<&str> = notes.iter().map(|n| n.path.as_str()).collect();
    assert!(paths.contains(&"exceptions"), "{paths:?}");
    assert!(paths.contains(&"schedules"), "{paths:?}");
    let note = service.schedules[0].notes.as_deref().unwrap();
    assert!(note.contains("2026-12-24: gesloten (Kerstavond)"), "{note}");
    // Winter time in Amsterdam on the first date (7 January 2025).
    assert_eq!(service.schedules[0].timezone, Some(1.into()));
}

#[test]
fn taxonomy_ids_are_stable_and_distinct() {
    // Pinned: other systems keep these ids; changing one breaks their links.
    assert_eq!(
        Vocab::Theme.term_id("exercise"),
        Vocab::Theme.term("exercise").unwrap().id
    );
    assert_eq!(
        Vocab::Theme.term_id("exercise").to_string(),
        "9c07dd30-0686-5c6e-b71d-67cb3e5b656b"
    );
    let terms = taxonomy_terms();
    let mut ids: Vec<_> = terms.iter().map(|t| t.id).collect();
    ids.extend(taxonomies().iter().map(|t| t.id));
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "every id is distinct");
    for term in &terms {
        assert_eq!(
            term_by_id(term.id).map(|(v, c)| v.term_id(c)),
            Some(term.id)
        );
    }
}

#[test]
fn an_organisation_comes_back_unchanged() {
    let org = sample_organisation();
    let json = serde_json::to_value(organization(&org)).unwrap();
    let parsed: Organization = serde_json::from_value(json.clone()).unwrap();
    let (back, notes) = organisation_from_organization(&parsed);
    assert_eq!(back, Organisation { version: 0, ..org }, "{notes:?}");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        json["organization_identifiers"][0]["identifier"],
        "12345678"
    );
}

#[test]
fn the_official_example_service_imports_with_what_was_lost_named() {
    let json: Value = serde_json::from_str(include_str!(
        "../../../../tests/fixtures/hsds/examples/service_full.json"
    ))
    .unwrap();
    let service = parse_service(&json).unwrap();
    let (offering, notes) = offering_from_service(&service);
    assert_eq!(offering.title, "Community Counselling");
    assert_eq!(offering.status, Status::Published);
    assert_eq!(offering.min_age, Some(12));
    assert_eq!(offering.checked_on, NaiveDate::from_ymd_opt(2005, 1, 1));
    assert!(!offering.summary.is_empty());
    let paths: Vec<&str> = notes.iter().map(|n| n.path.as_str()).collect();
    for lost in ["service_areas", "funding", "schedules[0].bymonthday"] {
        assert!(paths.contains(&lost), "{lost} not in {paths:?}");
    }
    // What the schedule's rule cannot hold is for the coordinator, in the
    // report; residents read another system's notes on its times once, under a
    // plain heading, never "bymonthday=2,3,4" (walkthrough).
    for part in ["bymonthday", "byweekno", "byyearday", "wkst", "count="] {
        assert!(
            !offering.description.contains(part),
            "{}",
            offering.description
        );
    }
    assert_eq!(
        offering
            .description
            .matches(super::SCHEDULE_NOTES_HEADING)
            .count(),
        1,
        "{}",
        offering.description
    );
    assert!(offering.description.contains("lunch break"));
    let rules: Vec<&str> = notes
        .iter()
        .filter(|n| n.code == Finding::ScheduleRule)
        .filter_map(|n| n.value.as_deref())
        .collect();
    assert!(rules.contains(&"bymonthday=2,3,4"), "{rules:?}");
}

/// Walkthrough: another system's taxonomy of 25 terms became 25 tags, over
/// the limit, and the whole file was refused. Now the tags stop at the limit,
/// with a note, and the terms are notes, never problems.
#[test]
fn foreign_terms_become_as_many_tags_as_an_offering_may_have() {
    use crate::validate::TAGS_MAX;
    let mut json = serde_json::to_value(service(&sample_offering(), None).unwrap().0).unwrap();
    let foreign: Vec<Value> = (0..25)
        .map(|i| {
            serde_json::json!({
                "id": uuid::Uuid::new_v4(),
                "link_id": json["id"],
                "taxonomy_term_id": uuid::Uuid::new_v4(),
                "taxonomy_term": {
                    "id": uuid::Uuid::new_v4(),
                    "code": format!("t{i}"),
                    "name": format!("Term {i}"),
                    "description": "",
                },
            })
        })
        .chain(std::iter::once(serde_json::json!({
            "id": uuid::Uuid::new_v4(),
            "link_id": json["id"],
            "taxonomy_term_id": uuid::Uuid::new_v4(),
            "taxonomy_term": {
                "id": uuid::Uuid::new_v4(),
                "name": "x".repeat(80),
                "description": "",
            },
        })))
        .collect();
    json["attributes"].as_array_mut().unwrap().extend(foreign);
    let (offering, notes) = offering_from_service(&parse_service(&json).unwrap());
    assert_eq!(offering.tags.len(), TAGS_MAX);
    let record = serde_json::to_value(&offering).unwrap();
    crate::record::Record::parse(crate::vocab::RecordKind::Offering, &record)
        .expect("valid for the guide");
    let codes: Vec<Finding> = notes.iter().map(|n| n.code).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == Finding::ForeignTerm).count(),
        26
    );
    assert!(codes.contains(&Finding::TagsCapped), "{notes:?}");
    assert!(codes.contains(&Finding::UnknownTerm), "{notes:?}");
}

/// A foreign term: another system's taxonomy, named `name`.
fn foreign_term(link_id: &Value, name: &str) -> Value {
    serde_json::json!({
        "id": uuid::Uuid::new_v4(),
        "link_id": link_id,
        "taxonomy_term_id": uuid::Uuid::new_v4(),
        "taxonomy_term": {
            "id": uuid::Uuid::new_v4(),
            "name": name,
            "description": "",
        },
    })
}

/// Walkthrough: another system's term "Taal en lezen", named exactly as our
/// theme, became a search word with a note. A term named as one of our values
/// (Dutch or English label, case and spaces aside) is that value.
#[test]
fn a_foreign_term_named_as_one_of_ours_is_ours() {
    use crate::vocab::{HealthDimension, OfferingKind, SignUp, Theme};
    let mut offering = sample_offering();
    offering.themes.clear();
    offering.health_dimensions.clear();
    offering.audience.clear();
    offering.tags.clear();
    let mut json = serde_json::to_value(service(&offering, None).unwrap().0).unwrap();
    // Only the foreign terms say the vocabularies.
    json["attributes"]
        .as_array_mut()
        .unwrap()
        .retain(|a| a["taxonomy_term"]["taxonomy"] == "Wijkgids extension fields");
    let id = json["id"].clone();
    for name in [
        "Taal en lezen",
        "  money AND debt ",
        "ouderen",
        "Mental well-being",
        "From neighbours or volunteers",
        "Eerst aanmelden",
        "Breien",
    ] {
        json["attributes"]
            .as_array_mut()
            .unwrap()
            .push(foreign_term(&id, name));
    }
    let (back, notes) = offering_from_service(&parse_service(&json).unwrap());
    assert_eq!(
        back.themes,
        vec![
            Theme::LanguageLiteracy,
            Theme::MoneyDebt,
            Theme::MentalWellbeing
        ]
    );
    assert_eq!(back.health_dimensions, vec![HealthDimension::Mind]);
    assert_eq!(back.audience, vec![Audience::Seniors]);
    assert_eq!(back.kind, OfferingKind::Informal);
    assert_eq!(back.sign_up, SignUp::RegisterFirst);
    assert_eq!(back.tags, vec!["Breien"]);
    let foreign: Vec<&str> = notes
        .iter()
        .filter(|n| n.code == Finding::ForeignTerm)
        .filter_map(|n| n.value.as_deref())
        .collect();
    assert_eq!(foreign, vec!["Breien"], "{notes:?}");
    assert!(
        !notes
            .iter()
            .any(|n| matches!(n.code, Finding::NoKind | Finding::NoSignUp)),
        "{notes:?}"
    );

    // An organization's term names its kind.
    let org = sample_organisation();
    let mut json = serde_json::to_value(organization(&org)).unwrap();
    json["attributes"] = serde_json::json!([foreign_term(&json["id"], "bibliotheek")]);
    let (back, notes) = organisation_from_organization(&serde_json::from_value(json).unwrap());
    assert_eq!(back.kind, crate::vocab::OrganisationKind::Library);
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn a_structural_problem_is_named_by_its_path() {
    let mut json = serde_json::to_value(service(&sample_offering(), None).unwrap().0).unwrap();
    json["schedules"][0]["id"] = "not-a-uuid".into();
    let problem = parse_service(&json).unwrap_err();
    assert_eq!(problem.path, "schedules[0].id");
}

#[test]
fn pages_count_right() {
    let page = Page::of((1..=7).collect::<Vec<u32>>(), 3, 3);
    assert_eq!(page.contents, vec![7]);
    assert_eq!((page.total_items, page.total_pages, page.size), (7, 3, 1));
    assert!(page.last_page && !page.first_page && !page.empty);
    let empty = Page::of(Vec::<u32>::new(), 1, 10);
    assert!(empty.empty && empty.first_page && empty.last_page);
    assert_eq!(empty.total_pages, 1);
    // A page past the last holds nothing, and says so.
    let past = Page::of((1..=7).collect::<Vec<u32>>(), 999, 3);
    assert!(past.contents.is_empty() && past.empty && past.last_page);
    assert_eq!(past.total_items, 7);
}

#[test]
fn generated_offerings_and_organisations_come_back_unchanged() {
    let (organisations, offerings) = crate::generate::dataset(800, 11);
    for org in &organisations {
        let (back, notes) = organisation_from_organization(&organization(org));
        assert_eq!(
            back,
            Organisation {
                version: 0,
                ..org.clone()
            },
            "{notes:?}"
        );
    }
    let mut seen = 0;
    for offering in offerings.iter().filter(|o| o.is_public()) {
        let (back, notes) = through_json(offering);
        let expected = Offering {
            version: 0,
            ..offering.public().unwrap()
        };
        assert_eq!(back, expected, "{notes:?}");
        seen += 1;
    }
    assert!(seen > 300, "{seen}");
}

#[test]
fn times_are_read_in_the_forms_hsds_writes_them() {
    let mut json = serde_json::to_value(service(&sample_offering(), None).unwrap().0).unwrap();
    json["schedules"][0]["opens_at"] = "9:30:15".into();
    json["schedules"][0]["closes_at"] = "11:00+01:00".into();
    let (offering, notes) = offering_from_service(&parse_service(&json).unwrap());
    let s = &offering.schedules[0];
    assert_eq!(s.opens_at, chrono::NaiveTime::from_hms_opt(9, 30, 0));
    assert_eq!(s.closes_at, chrono::NaiveTime::from_hms_opt(11, 0, 0));
    assert_eq!(
        notes.iter().map(|n| n.path.as_str()).collect::<Vec<_>>(),
        vec!["schedules[0].closes_at"]
    );
}

/// Walkthrough: another system's id for an organisation the guide has made a
/// silent second one. Known by KvK number first, then by its name.
#[test]
fn another_systems_organisation_is_found_by_kvk_then_by_name() {
    let ours = Organisation {
        name: "Buurthuis  De Brug".into(),
        kvk: Some("12345678".into()),
        ..sample_organisation()
    };
    let other = Organisation {
        id: uuid::Uuid::new_v4(),
        name: "Stichting Welzijn".into(),
        kvk: None,
        ..sample_organisation()
    };
    let known = KnownOrganisations::new(vec![ours.clone(), other.clone()]);
    let by_kvk = Organisation {
        id: uuid::Uuid::new_v4(),
        name: "Anders genoemd".into(),
        kvk: Some("1234 5678".into()),
        ..sample_organisation()
    };
    let (found, how) = known.matching(&by_kvk).unwrap();
    assert_eq!((found.id, how), (ours.id, Finding::LinkedByKvk));
    let by_name = Organisation {
        id: uuid::Uuid::new_v4(),
        name: "buurthuis de brug ".into(),
        kvk: None,
        ..sample_organisation()
    };
    let (found, how) = known.matching(&by_name).unwrap();
    assert_eq!((found.id, how), (ours.id, Finding::LinkedByName));
    let unknown = Organisation {
        id: uuid::Uuid::new_v4(),
        name: "Iets nieuws".into(),
        kvk: None,
        ..sample_organisation()
    };
    assert!(known.matching(&unknown).is_none());
    // Two of the same name: neither.
    let twice = vec![
        ours.clone(),
        Organisation {
            id: uuid::Uuid::new_v4(),
            kvk: None,
            ..ours.clone()
        },
    ];
    assert!(KnownOrganisations::new(twice).matching(&by_name).is_none());
}

#[test]
fn a_reimport_keeps_the_vocabularies_and_summary_the_file_leaves_out() {
    let stored = rich_offering();
    let mut imported = stored.clone();
    imported.themes.clear();
    imported.health_dimensions.clear();
    imported.audience.clear();
    imported.checked_on = None;
    imported.summary = "De eerste zin.".into();
    imported.description = "Anders beschreven.".into();
    let notes = vec![
        Note::new("description", Finding::NoSummary, "no summary"),
        Note::new("x", Finding::NotKeptField, "not kept"),
    ];
    let notes = keep_stored_offering(&mut imported, &stored, notes);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].code, Finding::NotKeptField);
    assert_eq!(
        Offering {
            description: stored.description.clone(),
            ..imported
        },
        stored
    );
}

#[test]
fn an_organisation_linked_by_name_only_fills_what_is_empty() {
    let mut stored = sample_organisation();
    stored.email = None;
    let mut imported = stored.clone();
    imported.id = uuid::Uuid::from_u128(7);
    imported.description = imported.name.clone();
    imported.email = Some("info@elders.example".into());
    imported.phone = None;
    let filled = fill_stored_organisation(&imported, &stored);
    assert_eq!(filled.description, stored.description);
    assert_eq!(filled.id, stored.id);
    assert_eq!(filled.phone, stored.phone);
    assert_eq!(filled.email.as_deref(), Some("info@elders.example"));
}

#[test]
fn a_file_not_chosen_keeps_what_it_would_carry() {
    let stored = rich_offering();
    let (mut imported, _) = through_json(&stored);
    imported.location = None;
    imported.online = false;
    imported.contact.phone = None;
    imported.schedules.clear();
    imported.languages.clear();
    imported.cost = Cost::Free;
    keep_unsaid(
        &mut imported,
        &stored,
        &["location", "phone", "schedule", "language", "cost_option"],
    );
    assert_eq!(imported.location, stored.location);
    assert_eq!(imported.contact.phone, stored.contact.phone);
    assert_eq!(imported.schedules, stored.schedules);
    assert_eq!(imported.languages, stored.languages);
    assert_eq!(imported.cost, stored.cost);
    // What was chosen and said empty stays empty.
    let (mut chosen, _) = through_json(&stored);
    chosen.schedules.clear();
    keep_unsaid(&mut chosen, &stored, &["location"]);
    assert!(chosen.schedules.is_empty());
}

#[test]
fn a_live_offering_keeps_the_fields_that_would_make_it_a_draft() {
    let mut stored = sample_offering();
    stored.status = Status::Published;
    let mut imported = stored.clone();
    imported.themes.clear();
    imported.title = "Nieuw".into();
    let problem = |field: &str| crate::validate::Problem {
        field: field.into(),
        code: "required".into(),
        message_key: "error.required.themes".into(),
        limit: None,
    };
    let (kept, fields) = keep_live(&imported, &stored, &[problem("themes")]).unwrap();
    assert_eq!(fields, vec!["themes".to_string()]);
    assert_eq!(
        (kept.themes, kept.title),
        (stored.themes.clone(), "Nieuw".into())
    );
    // The file says it is not active: nothing is kept.
    imported.status = Status::Archived;
    assert!(keep_live(&imported, &stored, &[problem("themes")]).is_none());
}

/// Walkthrough: a price note quoted the cost option ("„paid”"), not the price.
/// It quotes the amount and currency the file gives.
#[test]
fn a_price_without_a_known_unit_is_noted_with_its_amount_and_currency() {
    let (service, _) = service(&sample_offering(), None).expect("public");
    let mut json = serde_json::to_value(&service).unwrap();
    json["cost_options"] = serde_json::json!([{
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "option": "paid",
        "amount": 5.5,
        "currency": "EUR",
    }]);
    let (offering, notes) = offering_from_service(&parse_service(&json).unwrap());
    assert_eq!(
        offering.cost,
        Cost::Paid {
            amount_cents: 550,
            unit: CostUnit::PerSession
        }
    );
    let note = notes
        .iter()
        .find(|n| n.code == Finding::CostUnit)
        .expect("a note");
    assert_eq!(note.value.as_deref(), Some("5.50 EUR"));
    assert_eq!(note.path, "cost_options[0].amount");
    // Said as money in the reader's language (walkthrough: „3.5”).
    let said = |lang| given(note.value.as_deref(), &note.path, lang);
    assert_eq!(said(Lang::Nl), "„5,50 EUR”");
    assert_eq!(said(Lang::En), "“5.50 EUR”");
}

/// Walkthrough: a draft imported before lost its title to a file that leaves
/// the name empty. The guide's title stays, with a note (as a live one's does).
#[test]
fn a_stored_draft_keeps_its_title_when_the_file_gives_no_name() {
    let mut stored = sample_offering();
    stored.title = "Buurtmoestuin De Groene Vinger".into();
    let (mut imported, notes) = through_json(&stored);
    stored.status = Status::Draft;
    imported.title = String::new();
    let notes = keep_stored_offering(&mut imported, &stored, notes);
    assert_eq!(imported.title, "Buurtmoestuin De Groene Vinger");
    let note = notes
        .iter()
        .find(|n| n.code == Finding::KeptStored)
        .expect("a note");
    assert_eq!((note.path.as_str(), note.value.as_deref()), ("name", None));
}
