//! The generator of benchmark data: deterministic, realistic in spread, and every
//! record valid.

use std::collections::{BTreeMap, HashSet};

use wijkgids_core::generate::{dataset, offerings, organisations};
use wijkgids_core::validate::{validate_offering, validate_organisation};
use wijkgids_core::vocab::{HealthDimension, Status, Theme, Vocabulary};
use wijkgids_core::{Cost, Offering, Organisation};

fn share(records: &[Offering], pick: impl Fn(&Offering) -> bool) -> f64 {
    records.iter().filter(|o| pick(o)).count() as f64 / records.len() as f64
}

#[test]
fn same_seed_gives_the_same_records_and_another_seed_others() {
    assert_eq!(dataset(300, 7), dataset(300, 7));
    let (orgs_a, offerings_a) = dataset(300, 7);
    let (orgs_b, offerings_b) = dataset(300, 8);
    assert_ne!(orgs_a, orgs_b);
    assert!(
        offerings_a
            .iter()
            .zip(&offerings_b)
            .all(|(a, b)| a.id != b.id && a != b)
    );
}

#[test]
fn the_random_stream_is_pinned() {
    // Guards the ChaCha8 stream itself: the same on every platform and rand version.
    let orgs = organisations(1, 0);
    let offerings = offerings(1, 0, &[]);
    assert_eq!(
        orgs[0].id.to_string(),
        "138fd4c8-0f7b-4ac1-a690-556f6238f5bc"
    );
    assert_eq!(
        offerings[0].id.to_string(),
        "4b1b6215-a064-4c55-889c-511de53cbfe7"
    );
}

#[test]
fn a_shorter_run_is_a_prefix_of_a_longer_one() {
    let orgs = organisations(40, 3);
    assert_eq!(organisations(10, 3), orgs[..10]);
    assert_eq!(offerings(100, 3, &orgs), offerings(1_000, 3, &orgs)[..100]);
}

#[test]
fn counts_are_as_asked() {
    let (orgs, offerings_) = dataset(1_000, 1);
    assert_eq!(offerings_.len(), 1_000);
    assert_eq!(orgs.len(), 50);
    assert_eq!(dataset(1, 1).0.len(), 1);
    assert_eq!(dataset(0, 1), (vec![], vec![]));
    assert!(organisations(0, 1).is_empty());
    let without = offerings(200, 1, &[]);
    assert_eq!(without.len(), 200);
    assert!(without.iter().all(|o| o.organisation_id.is_none()));
}

#[test]
fn ids_are_unique_version_4_uuids() {
    let (orgs, offerings) = dataset(20_000, 11);
    let ids: HashSet<_> = orgs
        .iter()
        .map(|o| o.id)
        .chain(offerings.iter().map(|o| o.id))
        .collect();
    assert_eq!(ids.len(), orgs.len() + offerings.len());
    assert!(ids.iter().all(|id| id.get_version_num() == 4));
}

#[test]
fn offerings_belong_to_the_given_organisations() {
    let (orgs, offerings) = dataset(2_000, 5);
    let known: HashSet<_> = orgs.iter().map(|o| o.id).collect();
    let linked = offerings.iter().filter_map(|o| o.organisation_id);
    assert!(linked.clone().all(|id| known.contains(&id)));
    // Nearly all are run by an organisation, and most organisations run something.
    assert!(linked.clone().count() > 1_800);
    assert!(linked.collect::<HashSet<_>>().len() > orgs.len() * 9 / 10);
}

#[test]
fn every_theme_and_dimension_appears_in_a_thousand_records() {
    let (_, offerings) = dataset(1_000, 2);
    for &theme in Theme::ALL {
        assert!(
            offerings.iter().any(|o| o.themes.contains(&theme)),
            "{theme:?}"
        );
    }
    for &dimension in HealthDimension::ALL {
        assert!(
            offerings
                .iter()
                .any(|o| o.health_dimensions.contains(&dimension)),
            "{dimension:?}"
        );
    }
    assert!(
        offerings
            .iter()
            .all(|o| (1..=3).contains(&o.themes.len())
                && (1..=3).contains(&o.health_dimensions.len()))
    );
}

#[test]
fn descriptions_spread_in_length() {
    let (_, offerings) = dataset(2_000, 4);
    let mut lengths: Vec<usize> = offerings
        .iter()
        .map(|o| o.description.chars().count())
        .collect();
    lengths.sort_unstable();
    let at = |fraction: f64| lengths[((lengths.len() - 1) as f64 * fraction) as usize];
    assert!(at(0.05) < 150, "5th percentile {}", at(0.05));
    assert!((200..=450).contains(&at(0.5)), "median {}", at(0.5));
    assert!(at(0.95) > 450, "95th percentile {}", at(0.95));
    assert!(at(1.0) <= 800, "longest {}", at(1.0));
}

#[test]
fn shares_are_realistic() {
    let (_, offerings) = dataset(5_000, 9);
    let between = |share: f64, low: f64, high: f64| (low..=high).contains(&share);
    let free = share(&offerings, |o| matches!(o.cost, Cost::Free));
    assert!(between(free, 0.55, 0.65), "free {free}");
    let english = share(&offerings, |o| o.translations.contains_key("en"));
    assert!(between(english, 0.45, 0.55), "translated {english}");
    let referral = share(&offerings, |o| o.referral.is_some());
    assert!(between(referral, 0.25, 0.35), "referral {referral}");
    let published = share(&offerings, |o| o.status == Status::Published);
    assert!(between(published, 0.85, 0.95), "published {published}");
    let with_diacritics = share(&offerings, |o| !o.description.is_ascii());
    assert!(
        between(with_diacritics, 0.05, 0.8),
        "diacritics {with_diacritics}"
    );
}

#[test]
fn words_repeat_across_records_as_in_a_real_guide() {
    let (_, offerings) = dataset(2_000, 6);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for o in &offerings {
        for word in o.title.split_whitespace() {
            *counts.entry(word.to_lowercase()).or_default() += 1;
        }
    }
    let titles: HashSet<&str> = offerings.iter().map(|o| o.title.as_str()).collect();
    assert!(counts.len() > 150, "{} distinct title words", counts.len());
    assert!(counts.values().any(|&n| n > 100));
    assert!(titles.len() > 500, "{} distinct titles", titles.len());
}

#[test]
fn schedules_are_plausible() {
    let (_, offerings) = dataset(2_000, 10);
    let schedules: Vec<_> = offerings.iter().flat_map(|o| &o.schedules).collect();
    assert!(schedules.len() > 1_400);
    let earliest = chrono::NaiveTime::from_hms_opt(8, 0, 0);
    let latest = chrono::NaiveTime::from_hms_opt(22, 0, 0);
    for s in &schedules {
        assert!(s.opens_at >= earliest && s.closes_at <= latest, "{s:?}");
        assert!(s.opens_at < s.closes_at, "{s:?}");
    }
    assert!(schedules.iter().any(|s| s.interval == 2));
    let ordinals: HashSet<_> = schedules
        .iter()
        .flat_map(|s| &s.byday)
        .filter_map(|d| d.ordinal)
        .collect();
    assert!(ordinals.contains(&1) && ordinals.contains(&-1));
}

#[test]
fn generated_records_pass_validation() {
    let (orgs, offerings) = dataset(5_000, 12);
    for o in &orgs {
        let problems = validate_organisation(o);
        assert!(problems.is_empty(), "{problems:?} in {o:#?}");
    }
    for o in &offerings {
        let problems = validate_offering(o);
        assert!(problems.is_empty(), "{problems:?} in {o:#?}");
    }
}

#[test]
fn records_survive_a_json_round_trip() {
    let (orgs, offerings) = dataset(500, 13);
    let json = serde_json::to_string(&(&orgs, &offerings)).unwrap();
    let back: (Vec<Organisation>, Vec<Offering>) = serde_json::from_str(&json).unwrap();
    assert_eq!(back.0, orgs);
    assert_eq!(back.1, offerings);
}

#[test]
#[ignore = "slow in debug builds; run with --release --ignored"]
fn a_hundred_thousand_offerings_can_be_generated() {
    let started = std::time::Instant::now();
    let (orgs, offerings) = dataset(100_000, 14);
    println!("100,000 offerings in {:?}", started.elapsed());
    assert_eq!(offerings.len(), 100_000);
    assert_eq!(orgs.len(), 5_000);
    let ids: HashSet<_> = offerings.iter().map(|o| o.id).collect();
    assert_eq!(ids.len(), 100_000);
}
