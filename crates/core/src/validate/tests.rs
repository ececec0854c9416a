//! The rules of each record, one test per rule, with good and bad examples.

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde_json::json;

use super::*;
use crate::model::{Cost, Location, Offering, OfferingTranslation, Organisation, Professional};
use crate::sample::{sample_offering, sample_organisation, sample_professional};
use crate::schedule::{ByDay, Frequency, Schedule, ScheduleException};
use crate::vocab::{CostUnit, HealthDimension, Lang, Language, Status, Theme};

/// The (field, code) pairs of the problems of the sample offering changed by `change`.
fn offering_problems(change: impl FnOnce(&mut Offering)) -> Vec<(String, String)> {
    pairs(validate_offering(&changed(sample_offering(), change)))
}

fn organisation_problems(change: fn(&mut Organisation)) -> Vec<(String, String)> {
    pairs(validate_organisation(&changed(
        sample_organisation(),
        change,
    )))
}

fn professional_problems(change: fn(&mut Professional)) -> Vec<(String, String)> {
    pairs(validate_professional(&changed(
        sample_professional(),
        change,
    )))
}

fn changed<T>(mut record: T, change: impl FnOnce(&mut T)) -> T {
    change(&mut record);
    record
}

fn pairs(problems: Vec<Problem>) -> Vec<(String, String)> {
    problems.into_iter().map(|p| (p.field, p.code)).collect()
}

fn pair(field: &str, code: Code) -> (String, String) {
    (field.to_string(), code.as_str().to_string())
}

/// The sample offering changed by `change` has exactly this one problem.
#[track_caller]
fn assert_only(field: &str, code: Code, change: impl FnOnce(&mut Offering)) {
    assert_eq!(offering_problems(change), [pair(field, code)]);
}

#[track_caller]
fn assert_valid(change: impl FnOnce(&mut Offering)) {
    assert_eq!(offering_problems(change), []);
}

fn in_location(change: impl FnOnce(&mut Location)) -> impl FnOnce(&mut Offering) {
    move |o| {
        if let Some(location) = &mut o.location {
            change(location);
        }
    }
}

fn in_schedule(change: impl FnOnce(&mut Schedule)) -> impl FnOnce(&mut Offering) {
    move |o| {
        if let Some(schedule) = o.schedules.first_mut() {
            change(schedule);
        }
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn time(h: u32, m: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0)
}

#[test]
fn samples_are_valid() {
    assert_eq!(validate_offering(&sample_offering()), []);
    assert_eq!(validate_organisation(&sample_organisation()), []);
    assert_eq!(validate_professional(&sample_professional()), []);
}

#[test]
fn title_and_summary_are_required_and_limited() {
    assert_only("title", Code::Required, |o| o.title = " ".into());
    assert_only("summary", Code::Required, |o| o.summary.clear());
    assert_only("title", Code::TooLong, |o| {
        o.title = "a".repeat(TITLE_MAX + 1)
    });
    assert_valid(|o| o.title = "ë".repeat(TITLE_MAX));
    assert_only("summary", Code::TooLong, |o| {
        o.summary = "a".repeat(SUMMARY_MAX + 1)
    });
    assert_only("description", Code::TooLong, |o| {
        o.description = "a".repeat(DESCRIPTION_MAX + 1)
    });
    let mut offering = sample_offering();
    offering.title.clear();
    let problems = validate_offering(&offering);
    assert_eq!(problems[0].message_key, "error.required.title");
    assert_eq!(problems[0].text(Lang::Nl), "Vul een titel in.");
    assert_eq!(problems[0].text(Lang::En), "Enter a title.");
}

#[test]
fn every_problem_is_reported_at_once() {
    let found = offering_problems(|o| {
        o.title.clear();
        o.summary.clear();
        o.themes.clear();
        o.contact.email = Some("nope".into());
        o.min_age = Some(130);
    });
    let fields: Vec<_> = found.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        ["title", "summary", "themes", "min_age", "contact.email"]
    );
}

#[test]
fn text_fields_reject_control_characters() {
    assert_only("title", Code::InvalidCharacters, |o| {
        o.title = "Koffie\u{0}ochtend".into()
    });
    assert_only("summary", Code::InvalidCharacters, |o| {
        o.summary = "Eerste regel\ntweede regel".into()
    });
    assert_valid(|o| o.description = "Regel 1\r\nRegel 2\tmeer".into());
    assert_only("alert", Code::InvalidCharacters, |o| {
        o.alert = Some("Let op\u{1b}".into())
    });
}

#[test]
fn themes_are_required_and_lists_have_no_duplicates() {
    assert_only("themes", Code::Required, |o| o.themes.clear());
    assert_only("themes[2]", Code::Duplicate, |o| {
        o.themes = vec![Theme::Exercise, Theme::Housing, Theme::Exercise]
    });
    assert_only("health_dimensions[2]", Code::Duplicate, |o| {
        o.health_dimensions.push(HealthDimension::Body)
    });
    assert_only("languages[1]", Code::Duplicate, |o| {
        o.languages.push(Language::Dutch)
    });
}

#[test]
fn tags_are_limited_in_number_length_and_unique() {
    assert_only("tags[1]", Code::Duplicate, |o| {
        o.tags = vec!["Wandelen".into(), " wandelen ".into()]
    });
    assert_only("tags[0]", Code::TooLong, |o| {
        o.tags = vec!["a".repeat(TAG_MAX + 1)]
    });
    assert_only("tags[0]", Code::Required, |o| o.tags = vec!["".into()]);
    assert_only("tags", Code::TooMany, |o| {
        o.tags = (0..=TAGS_MAX).map(|i| format!("tag{i}")).collect()
    });
}

#[test]
fn published_offerings_say_how_to_get_in_touch() {
    let unreachable = |o: &mut Offering| {
        o.contact = Default::default();
        o.location = None;
        o.online = false;
    };
    assert_only("contact", Code::Required, unreachable);
    assert_only("contact", Code::Required, |o| {
        unreachable(o);
        o.contact.email = Some("  ".into());
    });
    for status in [Status::Draft, Status::Archived] {
        assert_valid(|o| {
            unreachable(o);
            o.status = status;
        });
    }
    let ways_to_reach: [fn(&mut Offering); 4] = [
        |o| o.online = true,
        |o| o.contact.phone = Some("06 12345678".into()),
        |o| o.contact.website = Some("https://example.org".into()),
        |o| o.location = sample_offering().location,
    ];
    for reachable in ways_to_reach {
        assert_valid(|o| {
            unreachable(o);
            reachable(o);
        });
    }
}

#[test]
fn a_website_without_https_is_completed_not_refused() {
    for typed in ["www.club.nl", " club.nl/sport ", "https://club.nl"] {
        assert_valid(|o| o.contact.website = Some(typed.into()));
    }
    let mut json = sample_offering_json();
    json["contact"]["website"] = json!("www.club.nl");
    let parsed = parse_offering(&json).map(|o| o.contact.website);
    assert_eq!(parsed, Ok(Some("https://www.club.nl".to_string())));
    assert_eq!(complete_url("club.nl"), "https://club.nl");
    assert_eq!(complete_url("http://club.nl"), "http://club.nl");
    assert_eq!(complete_url("geen adres"), "geen adres");
}

/// A new offering as the form starts it: nothing filled in yet.
fn blank_draft() -> Offering {
    serde_json::from_value(json!({
        "id": "00000000-0000-4000-8000-000000000016",
        "status": "draft", "title": "", "summary": "", "kind": "informal",
        "cost": { "kind": "free" }, "sign_up": "walk_in",
    }))
    .unwrap()
}

#[test]
fn a_draft_may_be_unfinished_and_publishing_needs_everything() {
    // Nothing at all, only a title, or half-typed values: a draft keeps them.
    let mut draft = blank_draft();
    assert_eq!(validate_offering(&draft), []);
    let everything = pairs(validate_offering_as(&draft, Status::Published));
    assert!(everything.contains(&pair("title", Code::Required)));
    assert!(everything.contains(&pair("contact", Code::Required)));
    draft.title = "Voetbal voor meiden".into();
    draft.contact.email = Some("trainer@".into());
    draft.min_age = Some(14);
    draft.max_age = Some(12);
    draft.schedules = vec![Schedule {
        byday: vec![],
        ..sample_offering().schedules[0].clone()
    }];
    assert_eq!(validate_offering(&draft), []);
    assert_eq!(validate_offering_as(&draft, Status::Archived), []);
    // What publishing it would still need, all at once.
    let needed = pairs(validate_offering_as(&draft, Status::Published));
    assert_eq!(
        needed,
        [
            pair("summary", Code::Required),
            pair("themes", Code::Required),
            pair("max_age", Code::AgeRange),
            pair("schedules[0].byday", Code::MissingDays),
            pair("contact.email", Code::InvalidEmail),
        ]
    );
    // The same offering waiting for review or in the guide is refused.
    for status in [Status::PendingReview, Status::Published, Status::Paused] {
        let offering = Offering {
            status,
            ..draft.clone()
        };
        assert_eq!(pairs(validate_offering(&offering)), needed, "{status:?}");
    }
}

#[test]
fn a_draft_still_cannot_hold_what_no_record_may() {
    let mut draft = blank_draft();
    draft.title = "a".repeat(TITLE_MAX + 1);
    draft.summary = "regel\nregel".into();
    draft.tags = vec!["a".into(), "a".into()];
    draft.schedules = vec![Schedule {
        interval: 0,
        ..sample_offering().schedules[0].clone()
    }];
    assert_eq!(
        pairs(validate_offering(&draft)),
        [
            pair("title", Code::TooLong),
            pair("summary", Code::InvalidCharacters),
            pair("tags[1]", Code::Duplicate),
            pair("schedules[0].interval", Code::InvalidInterval),
        ]
    );
}

#[test]
fn parse_keeps_an_unfinished_draft_tidied() {
    let mut json = serde_json::to_value(blank_draft()).unwrap();
    json["title"] = json!("  Kom   gewoon langs ");
    let parsed = parse_offering(&json).map(|o| o.title);
    assert_eq!(parsed, Ok("Kom   gewoon langs".to_string()));
    json["status"] = json!("pending_review");
    assert!(parse_offering(&json).is_err());
}

#[test]
fn contact_values_are_checked() {
    assert_only("contact.phone", Code::InvalidPhone, |o| {
        o.contact.phone = Some("020 12".into())
    });
    assert_only("contact.email", Code::InvalidEmail, |o| {
        o.contact.email = Some("info@example".into())
    });
    // An e-mail address in the website field cannot be completed to a link.
    assert_only("contact.website", Code::InvalidUrl, |o| {
        o.contact.website = Some("info@example.org".into())
    });
    let found = offering_problems(|o| {
        o.referral.iter_mut().for_each(|r| {
            r.contact_phone = Some("bel mij".into());
            r.contact_email = Some("a@b".into());
        })
    });
    assert_eq!(
        found,
        [
            pair("referral.contact_phone", Code::InvalidPhone),
            pair("referral.contact_email", Code::InvalidEmail)
        ]
    );
}

#[test]
fn location_postcode_coordinates_and_name() {
    assert_valid(in_location(|l| l.postcode = "1234ab".into()));
    assert_valid(in_location(|l| l.postcode.clear()));
    for bad in ["0123 AB", "1234 SS", "1234"] {
        assert_only(
            "location.postcode",
            Code::InvalidPostcode,
            in_location(|l| l.postcode = bad.into()),
        );
    }
    assert_only(
        "location.latitude",
        Code::InvalidCoordinates,
        in_location(|l| l.latitude = Some(91.0)),
    );
    assert_only(
        "location.longitude",
        Code::InvalidCoordinates,
        in_location(|l| l.longitude = Some(f64::NAN)),
    );
    assert_only(
        "location.longitude",
        Code::InvalidCoordinates,
        in_location(|l| l.longitude = None),
    );
    assert_valid(in_location(|l| {
        l.latitude = None;
        l.longitude = None;
    }));
    assert_only(
        "location.address",
        Code::Required,
        in_location(|l| {
            l.name.clear();
            l.address = "  ".into();
        }),
    );
}

#[test]
fn ages_stay_within_range_and_order() {
    assert_valid(|o| o.max_age = Some(AGE_MAX));
    assert_valid(|o| o.min_age = Some(0));
    assert_valid(|o| o.max_age = Some(18));
    assert_only("max_age", Code::AgeRange, |o| o.max_age = Some(AGE_MAX + 1));
    assert_only("max_age", Code::AgeRange, |o| o.max_age = Some(12));
}

#[test]
fn paid_amount_is_positive_and_sane() {
    let paid = |amount_cents| Cost::Paid {
        amount_cents,
        unit: CostUnit::PerSession,
    };
    assert_valid(|o| o.cost = paid(250));
    assert_valid(|o| o.cost = paid(AMOUNT_MAX_CENTS));
    for bad in [0, AMOUNT_MAX_CENTS + 1, u32::MAX] {
        assert_only("cost.amount_cents", Code::InvalidAmount, |o| {
            o.cost = paid(bad)
        });
    }
    let mut offering = sample_offering();
    offering.cost = paid(0);
    let problem = &validate_offering(&offering)[0];
    assert_eq!(problem.limit, Some(u64::from(AMOUNT_MAX_CENTS / 100)));
    assert!(problem.text(Lang::Nl).contains("10000 euro"));
}

#[test]
fn schedule_interval_and_days() {
    assert_valid(in_schedule(|s| s.interval = INTERVAL_MAX));
    for bad in [0, INTERVAL_MAX + 1] {
        assert_only(
            "schedules[0].interval",
            Code::InvalidInterval,
            in_schedule(|s| s.interval = bad),
        );
    }
    assert_only(
        "schedules[0].byday",
        Code::MissingDays,
        in_schedule(|s| s.byday.clear()),
    );
    assert_only(
        "schedules[0].byday[1]",
        Code::Duplicate,
        in_schedule(|s| s.byday.push(ByDay::every(Weekday::Tue))),
    );
    assert_only(
        "schedules[0].byday[0]",
        Code::OrdinalNotMonthly,
        in_schedule(|s| s.byday = vec![ByDay::nth(1, Weekday::Sat)]),
    );
    assert_valid(in_schedule(|s| {
        s.freq = Frequency::Monthly;
        s.byday = vec![ByDay::nth(1, Weekday::Sat), ByDay::nth(-1, Weekday::Fri)];
    }));
    let found = offering_problems(in_schedule(|s| {
        s.freq = Frequency::Monthly;
        s.byday = vec![ByDay::nth(0, Weekday::Sat), ByDay::nth(6, Weekday::Fri)];
    }));
    assert_eq!(
        found,
        [
            pair("schedules[0].byday[0]", Code::InvalidByday),
            pair("schedules[0].byday[1]", Code::InvalidByday)
        ]
    );
    assert_only("schedules", Code::TooMany, |o| {
        o.schedules = vec![sample_offering().schedules[0].clone(); SCHEDULES_MAX + 1]
    });
}

#[test]
fn schedule_times_and_dates_are_in_order() {
    for closes in [time(10, 0), time(9, 0)] {
        assert_only(
            "schedules[0].closes_at",
            Code::ScheduleTimes,
            in_schedule(|s| s.closes_at = closes),
        );
    }
    assert_valid(in_schedule(|s| s.closes_at = None));
    assert_valid(in_schedule(|s| s.valid_to = date(2025, 1, 7)));
    assert_only(
        "schedules[0].valid_to",
        Code::ScheduleDates,
        in_schedule(|s| s.valid_to = date(2025, 1, 6)),
    );
    assert_only(
        "schedules[0].until",
        Code::ScheduleDates,
        in_schedule(|s| {
            s.dtstart = date(2025, 3, 1);
            s.until = date(2025, 2, 1);
        }),
    );
}

#[test]
fn a_closing_time_needs_an_opening_time_and_may_be_midnight() {
    assert_only(
        "schedules[0].opens_at",
        Code::ScheduleTimes,
        in_schedule(|s| s.opens_at = None),
    );
    assert_valid(in_schedule(|s| {
        s.opens_at = time(20, 0);
        s.closes_at = time(0, 0);
    }));
    assert_only(
        "schedules[0].closes_at",
        Code::ScheduleTimes,
        in_schedule(|s| {
            s.opens_at = time(0, 0);
            s.closes_at = time(0, 0);
        }),
    );
    assert_only("exceptions[0].opens_at", Code::ScheduleTimes, |o| {
        o.exceptions = vec![ScheduleException {
            date: NaiveDate::from_ymd_opt(2025, 12, 24).unwrap_or_default(),
            closed: false,
            opens_at: None,
            closes_at: time(12, 0),
            note: None,
        }]
    });
}

/// The field a problem is expected at, and the change to the sample schedule.
type ScheduleCase = (&'static str, fn(&mut Schedule));

#[test]
fn a_schedule_must_fall_between_its_dates_at_least_once() {
    let never: [ScheduleCase; 4] = [
        // valid_from after until: the two limits come from different pairs.
        ("schedules[0].until", |s| s.until = date(2025, 1, 6)),
        ("schedules[0].valid_to", |s| {
            s.dtstart = date(2025, 3, 4);
            s.valid_to = date(2025, 2, 25);
        }),
        // Wednesday 8 to Monday 13 January 2025 holds no Tuesday.
        ("schedules[0].byday", |s| {
            s.valid_from = date(2025, 1, 8);
            s.valid_to = date(2025, 1, 13);
        }),
        // February 2026 has four Fridays.
        ("schedules[0].byday", |s| {
            s.freq = Frequency::Monthly;
            s.byday = vec![ByDay::nth(5, Weekday::Fri)];
            s.valid_from = date(2026, 2, 1);
            s.valid_to = date(2026, 2, 28);
        }),
    ];
    for (field, change) in never {
        assert_only(field, Code::ScheduleDates, in_schedule(change));
    }
    assert_valid(in_schedule(|s| {
        s.freq = Frequency::Monthly;
        s.byday = vec![ByDay::nth(-1, Weekday::Fri)];
        s.valid_from = date(2026, 2, 1);
        s.valid_to = date(2026, 2, 28);
    }));
}

#[test]
fn exceptions_have_unique_dates_and_consistent_times() {
    let exception = |d, closed, opens, closes| ScheduleException {
        date: NaiveDate::from_ymd_opt(2025, 12, d).unwrap_or_default(),
        closed,
        opens_at: opens,
        closes_at: closes,
        note: None,
    };
    assert_valid(|o| {
        o.exceptions = vec![
            exception(24, true, None, None),
            exception(31, false, time(13, 0), time(14, 0)),
        ]
    });
    let found = offering_problems(|o| {
        o.exceptions = vec![
            exception(24, true, time(10, 0), None),
            exception(24, false, time(14, 0), time(13, 0)),
        ]
    });
    assert_eq!(
        found,
        [
            pair("exceptions[0].closed", Code::ScheduleTimes),
            pair("exceptions[1].closes_at", Code::ScheduleTimes),
            pair("exceptions[1].date", Code::Duplicate),
        ]
    );
}

#[test]
fn translations_have_language_codes_and_titles() {
    let translation = |title: &str| OfferingTranslation {
        title: title.into(),
        summary: "Walk with your GP every Tuesday.".into(),
        description: None,
    };
    assert_valid(|o| {
        o.translations
            .insert("en".into(), translation("Walk with your GP"));
    });
    assert_only("translations.en.title", Code::Required, |o| {
        o.translations.insert("en".into(), translation(""));
    });
    for bad in ["EN", "english", "e", ""] {
        assert_only("translations", Code::InvalidLanguage, |o| {
            o.translations.insert(bad.into(), translation("Walk"));
        });
    }
    let mut offering = sample_offering();
    offering
        .translations
        .insert("nl".into(), translation("Wandelen"));
    let problems = validate_offering(&offering);
    assert_eq!(problems[0].field, "translations.nl");
    assert_eq!(problems[0].message_key, "error.invalid_language.source");
}

#[test]
fn organisation_rules() {
    assert_eq!(
        organisation_problems(|o| o.name = " ".into()),
        [pair("name", Code::Required)]
    );
    assert_eq!(
        organisation_problems(|o| o.kvk = Some("1234567".into())),
        [pair("kvk", Code::InvalidKvk)]
    );
    assert_eq!(organisation_problems(|o| o.kvk = None), []);
    let found = organisation_problems(|o| {
        o.website = Some("https://".into());
        o.email = Some("info".into());
        o.phone = Some("06".into());
    });
    assert_eq!(
        found,
        [
            pair("website", Code::InvalidUrl),
            pair("email", Code::InvalidEmail),
            pair("phone", Code::InvalidPhone)
        ]
    );
}

#[test]
fn professional_rules() {
    assert_eq!(
        professional_problems(|p| p.name.clear()),
        [pair("name", Code::Required)]
    );
    assert_eq!(
        professional_problems(|p| p.neighbourhoods.push("de linden".into())),
        [pair("neighbourhoods[1]", Code::Duplicate)]
    );
    assert_eq!(
        professional_problems(|p| p.neighbourhoods = vec!["".into()]),
        [pair("neighbourhoods[0]", Code::Required)]
    );
    assert_eq!(
        professional_problems(|p| p.available = Some("ma\nwo".into())),
        [pair("available", Code::InvalidCharacters)]
    );
}

fn sample_offering_json() -> serde_json::Value {
    serde_json::to_value(sample_offering()).unwrap_or_default()
}

#[test]
fn parse_accepts_a_valid_offering_and_normalises_the_postcode() {
    let mut json = sample_offering_json();
    json["location"]["postcode"] = json!("1234ab");
    let parsed = parse_offering(&json);
    let postcode = parsed.map(|o| o.location.map(|l| l.postcode));
    assert_eq!(postcode, Ok(Some("1234 AB".to_string())));
}

/// The single structural problem of the sample offering JSON changed by `change`.
#[track_caller]
fn assert_parse_problem(field: &str, code: Code, change: impl FnOnce(&mut serde_json::Value)) {
    let mut json = sample_offering_json();
    change(&mut json);
    let problems = parse_offering(&json).err().unwrap_or_default();
    assert_eq!(pairs(problems), [pair(field, code)]);
}

#[test]
fn parse_maps_serde_errors_to_field_and_code() {
    let remove = |key: &'static str| {
        move |j: &mut serde_json::Value| {
            j.as_object_mut().map(|o| o.remove(key));
        }
    };
    assert_parse_problem("title", Code::Required, remove("title"));
    assert_parse_problem("kind", Code::Required, remove("kind"));
    assert_parse_problem("title", Code::WrongType, |j| j["title"] = json!(42));
    assert_parse_problem("themes", Code::WrongType, |j| {
        j["themes"] = json!("exercise")
    });
    assert_parse_problem("themes[1]", Code::UnknownCode, |j| {
        j["themes"][1] = json!("yoga")
    });
    assert_parse_problem("kind", Code::UnknownCode, |j| j["kind"] = json!("semi"));
    assert_parse_problem("cost.kind", Code::UnknownCode, |j| {
        j["cost"] = json!({"kind": "gratis"})
    });
    assert_parse_problem("cost.amount_cents", Code::Required, |j| {
        j["cost"] = json!({"kind": "paid", "unit": "per_session"})
    });
    assert_parse_problem("schedules[0].closes_at", Code::InvalidTime, |j| {
        j["schedules"][0]["closes_at"] = json!("25:00")
    });
    assert_parse_problem("schedules[0].byday[0]", Code::InvalidByday, |j| {
        j["schedules"][0]["byday"][0] = json!("XX")
    });
    assert_parse_problem("min_age", Code::InvalidValue, |j| j["min_age"] = json!(300));
    assert_parse_problem("id", Code::InvalidValue, |j| j["id"] = json!("not-a-uuid"));
    assert_parse_problem("contact.email", Code::WrongType, |j| {
        j["contact"]["email"] = json!(["a"])
    });
    assert_parse_problem(ROOT_FIELD, Code::WrongType, |j| *j = json!(null));
    assert_parse_problem("id", Code::Required, |j| *j = json!({}));
}

#[test]
fn parse_reports_every_semantic_problem() {
    let mut json = sample_offering_json();
    json["title"] = json!("");
    json["contact"]["email"] = json!("nope");
    let problems = parse_offering(&json).err().unwrap_or_default();
    assert_eq!(
        pairs(problems),
        [
            pair("title", Code::Required),
            pair("contact.email", Code::InvalidEmail)
        ]
    );
}

#[test]
fn parse_organisation_and_professional() {
    let organisation = serde_json::to_value(sample_organisation()).unwrap_or_default();
    assert_eq!(parse_organisation(&organisation), Ok(sample_organisation()));
    let professional = serde_json::to_value(sample_professional()).unwrap_or_default();
    assert_eq!(parse_professional(&professional), Ok(sample_professional()));
    let problems = parse_professional(&json!({"id": "00000000-0000-0000-0000-000000000000"}));
    let problems = problems.err().unwrap_or_default();
    assert_eq!(problems[0].field, "name");
    assert_eq!(problems[0].message_key, "error.required.name");
    let problems = parse_organisation(&json!({"name": "X", "kind": "bakery"}));
    assert!(problems.is_err());
}

#[test]
fn json_text_that_cannot_be_read_is_one_problem() {
    let problems = json_from_text("{\"title\": ").err().unwrap_or_default();
    assert_eq!(pairs(problems), [pair(ROOT_FIELD, Code::InvalidJson)]);
    assert!(json_from_text("{}").is_ok());
}
