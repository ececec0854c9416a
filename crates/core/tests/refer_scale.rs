//! How long "Verwijzen" takes over 50,000 generated offerings. Timing is only
//! meaningful in release: `cargo test --release -p wijkgids-core --test refer_scale
//! -- --ignored --nocapture`.

use std::time::Instant;

use chrono::Weekday;
use wijkgids_core::refer::{ReferralNeeds, rank};
use wijkgids_core::vocab::{HealthDimension, Language, Theme};

#[test]
#[ignore = "a measurement: run in release"]
fn ranks_50_000_offerings() {
    let (_, offerings) = wijkgids_core::generate::dataset(50_000, 1);
    let now = "2026-11-03T09:00:00Z".parse().unwrap();
    let cases = [
        ("nothing chosen", ReferralNeeds::default()),
        (
            "two dimensions, a theme, free, two days, age",
            ReferralNeeds {
                dimensions: vec![HealthDimension::Body, HealthDimension::Participation],
                themes: vec![Theme::Exercise],
                free: true,
                days: vec![Weekday::Tue, Weekday::Thu],
                age: Some(72),
                ..ReferralNeeds::default()
            },
        ),
        (
            "a theme, wheelchair, Arabic, a neighbourhood",
            ReferralNeeds {
                themes: vec![Theme::MeetingPeople],
                wheelchair: true,
                languages: vec![Language::Arabic, Language::Dutch],
                neighbourhoods: vec![
                    offerings[0]
                        .location
                        .as_ref()
                        .map_or(String::new(), |l| l.neighbourhood.clone()),
                ],
                ..ReferralNeeds::default()
            },
        ),
    ];
    for (name, needs) in cases {
        let mut best = f64::MAX;
        let mut total = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let found = rank(&offerings, &needs, now, 50);
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
            total = found.total;
        }
        println!("{name}: {total} fit, best of 5 {best:.1} ms");
    }
}
