//! The core as the client runs it: compiled to WASM, in headless Chromium. The same
//! answers as the native tests, so the device and the server never disagree.
#![cfg(target_arch = "wasm32")]

use chrono::{TimeZone, Utc};
use wasm_bindgen_test::*;
use wijkgids_core::schedule::{Schedule, next_occurrences};
use wijkgids_core::{demo, generate, validate};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn schedules_follow_amsterdam_time_across_daylight_saving() {
    let sunday: Schedule = serde_json::from_value(serde_json::json!(
        { "freq": "weekly", "byday": ["SU"], "opens_at": "10:00" }
    ))
    .unwrap();
    let after = Utc.with_ymd_and_hms(2026, 3, 21, 0, 0, 0).unwrap();
    let starts: Vec<String> = next_occurrences(&[sunday], &[], after, 2)
        .iter()
        .map(|o| o.start.to_rfc3339())
        .collect();
    assert_eq!(
        starts,
        ["2026-03-22T10:00:00+01:00", "2026-03-29T10:00:00+02:00"]
    );
}

#[wasm_bindgen_test]
fn the_generator_gives_the_same_records_as_natively() {
    // The ids pinned in crates/core/tests/generate.rs.
    assert_eq!(
        generate::organisations(1, 0)[0].id.to_string(),
        "138fd4c8-0f7b-4ac1-a690-556f6238f5bc"
    );
    assert_eq!(
        generate::offerings(1, 0, &[])[0].id.to_string(),
        "4b1b6215-a064-4c55-889c-511de53cbfe7"
    );
}

#[wasm_bindgen_test]
fn the_demo_neighbourhood_parses_and_validates() {
    let demo = demo::neighbourhood().expect("demo data parses");
    assert!(demo.offerings.len() >= 150);
    for offering in &demo.offerings {
        assert_eq!(
            validate::validate_offering(offering),
            vec![],
            "{}",
            offering.title
        );
    }
}
