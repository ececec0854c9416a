//! Benchmark (not a test): search per keystroke over 50,000 generated offerings in
//! headless Chromium, the core's `SearchIndex` compiled to WASM against the
//! JavaScript library MiniSearch on the same documents and keystrokes, in the same
//! page and run. Also the index build time of both. Budgets: QUALITY.md.
//!
//! Built only with the `bench` feature, after `npm ci --prefix bench` (MiniSearch is
//! imported from `bench/node_modules`); `scripts/bench.sh` runs it as
//!
//!     CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=900 \
//!       cargo test --target wasm32-unknown-unknown --profile wasm-release \
//!       --features bench --test bench_search -- --nocapture
//!
//! Each figure is printed as a `BENCH {json}` line for the report.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Utc};
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use wijkgids_core::generate;
use wijkgids_core::model::{Offering, Organisation};
use wijkgids_core::search::{Query, SearchIndex};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/bench/node_modules/minisearch/dist/es/index.js")]
extern "C" {
    #[wasm_bindgen(js_name = default)]
    type MiniSearch;

    #[wasm_bindgen(constructor, js_class = "default")]
    fn new(options: &JsValue) -> MiniSearch;

    #[wasm_bindgen(method, js_class = "default", js_name = addAll)]
    fn add_all(this: &MiniSearch, documents: &JsValue);

    #[wasm_bindgen(method, js_class = "default")]
    fn search(this: &MiniSearch, query: &str) -> js_sys::Array;
}

mod bench_support;
use bench_support::{bench, timed};

const OFFERINGS: usize = 50_000;
/// The seed of the native search benchmark (crates/core/benches/search.rs).
const SEED: u64 = 42;
/// Times each keystroke is searched, per engine.
const ROUNDS: usize = 5;

/// What people type, letter by letter, like the native benchmark's queries.
const TYPED: [&str; 12] = wijkgids_core::generate::TYPED_QUERIES;

/// MiniSearch set up as a real search box would be: every field the core searches,
/// weighted in the same order, prefix matching and typo tolerance (one edit per
/// five letters, close to the core's one from 5 letters and two from 9), and every
/// word required, as in the core.
const MINISEARCH_OPTIONS: &str = r#"{
    "fields": ["title", "tags", "summary", "organisation", "place", "translation", "description"],
    "searchOptions": {
        "prefix": true,
        "fuzzy": 0.2,
        "combineWith": "AND",
        "boost": { "title": 10, "tags": 6, "summary": 4, "organisation": 3, "place": 2, "translation": 2 }
    }
}"#;

/// Tuesday 3 November 2026, 10:00 in Amsterdam, as in the native benchmark.
fn now() -> DateTime<Utc> {
    "2026-11-03T09:00:00Z".parse().expect("a valid time")
}

/// Every prefix of each typed text: "w", "wa", "wan", ...
fn keystrokes() -> Vec<String> {
    TYPED
        .iter()
        .flat_map(|text| {
            text.char_indices()
                .map(|(i, c)| text[..i + c.len_utf8()].to_string())
        })
        // A trailing space searches the same as without it.
        .filter(|prefix| !prefix.ends_with(' '))
        .collect()
}

/// The offerings as MiniSearch documents, with the same text the core indexes.
fn documents(offerings: &[Offering], organisations: &[Organisation]) -> JsValue {
    let names: std::collections::HashMap<_, _> = organisations
        .iter()
        .map(|o| (o.id, o.name.as_str()))
        .collect();
    let docs: Vec<_> = offerings
        .iter()
        .enumerate()
        .map(|(n, o)| {
            let translation: Vec<&str> = o
                .translations
                .values()
                .flat_map(|t| [&t.title, &t.summary].into_iter().chain(&t.description))
                .map(String::as_str)
                .collect();
            let place = o
                .location
                .as_ref()
                .map(|l| format!("{} {}", l.name, l.neighbourhood))
                .unwrap_or_default();
            json!({
                "id": n,
                "title": o.title,
                "tags": o.tags.join(" "),
                "summary": o.summary,
                "organisation": o.organisation_id.and_then(|id| names.get(&id)),
                "place": place,
                "translation": translation.join(" "),
                "description": o.description,
            })
        })
        .collect();
    js_sys::JSON::parse(&serde_json::Value::Array(docs).to_string()).expect("documents as JS")
}

fn percentile(sorted: &[f64], p: usize) -> f64 {
    let rank = (sorted.len() * p).div_ceil(100).clamp(1, sorted.len());
    sorted[rank - 1]
}

struct Latencies {
    times: Vec<f64>,
    results: usize,
}

impl Latencies {
    fn new() -> Latencies {
        Latencies {
            times: Vec::new(),
            results: 0,
        }
    }

    fn add(&mut self, (ms, results): (f64, usize)) {
        self.times.push(ms);
        self.results += results;
    }

    /// Median and p95 in ms.
    fn summary(&self) -> (f64, f64) {
        let mut sorted = self.times.clone();
        sorted.sort_by(f64::total_cmp);
        (percentile(&sorted, 50), percentile(&sorted, 95))
    }

    /// The `n` keystrokes slowest at their median over the rounds, slowest first.
    fn slowest<'k>(&self, keystrokes: &'k [String], n: usize) -> Vec<(&'k str, f64)> {
        let mut each: Vec<(&str, f64)> = keystrokes
            .iter()
            .enumerate()
            .map(|(k, text)| {
                let mut times: Vec<f64> = self
                    .times
                    .iter()
                    .skip(k)
                    .step_by(keystrokes.len())
                    .copied()
                    .collect();
                times.sort_by(f64::total_cmp);
                (text.as_str(), percentile(&times, 50))
            })
            .collect();
        each.sort_by(|a, b| b.1.total_cmp(&a.1));
        each.truncate(n);
        each
    }
}

#[wasm_bindgen_test]
fn search_per_keystroke_against_minisearch() {
    let (generated, (organisations, offerings)) = timed(|| generate::dataset(OFFERINGS, SEED));
    console_log!(
        "search in the browser: {OFFERINGS} generated offerings ({generated:.0} ms to generate)"
    );

    let (build, index) = timed(|| SearchIndex::from_offerings(&offerings, &organisations));
    let docs = documents(&offerings, &organisations);
    let options = js_sys::JSON::parse(MINISEARCH_OPTIONS).expect("options");
    let (mini_build, mini) = timed(|| {
        let mini = MiniSearch::new(&options);
        mini.add_all(&docs);
        mini
    });

    let keystrokes = keystrokes();
    let queries: Vec<Query> = keystrokes.iter().map(|k| Query::new(k, now())).collect();
    let ours = |q: &Query| timed(|| index.search(q).total);
    let theirs = |k: &str| timed(|| mini.search(k).length() as usize);
    let (mut wasm, mut js) = (Latencies::new(), Latencies::new());
    // Alternate which engine goes first, so neither always runs on a warm cache.
    for round in 0..ROUNDS {
        for (query, text) in queries.iter().zip(&keystrokes) {
            if round % 2 == 0 {
                wasm.add(ours(query));
                js.add(theirs(text));
            } else {
                js.add(theirs(text));
                wasm.add(ours(query));
            }
        }
    }
    let samples = wasm.times.len();
    let (wasm_median, wasm_p95) = wasm.summary();
    let (js_median, js_p95) = js.summary();

    console_log!(
        "{} keystrokes of {} typed queries, {ROUNDS} rounds",
        keystrokes.len(),
        TYPED.len()
    );
    console_log!(
        "{:<28} {:>10} {:>10} {:>10} {:>12}",
        "",
        "build",
        "median",
        "p95",
        "avg results"
    );
    for (name, build, median, p95, results) in [
        (
            "wijkgids SearchIndex (WASM)",
            build,
            wasm_median,
            wasm_p95,
            wasm.results,
        ),
        (
            "MiniSearch 7 (JS)",
            mini_build,
            js_median,
            js_p95,
            js.results,
        ),
    ] {
        console_log!(
            "{name:<28} {build:>7.0} ms {median:>7.2} ms {p95:>7.2} ms {:>12}",
            results / samples
        );
    }
    console_log!(
        "MiniSearch / ours: median {:.1}x, p95 {:.1}x",
        js_median / wasm_median,
        js_p95 / wasm_p95
    );
    for (name, latencies) in [("ours", &wasm), ("MiniSearch", &js)] {
        let slowest: Vec<String> = latencies
            .slowest(&keystrokes, 6)
            .iter()
            .map(|(text, ms)| format!("{text:?} {ms:.1} ms"))
            .collect();
        console_log!("slowest keystrokes, {name}: {}", slowest.join(", "));
    }

    bench("search.wasm.build_50000_ms", build, Some("<= 2000"), "ms");
    bench(
        "search.wasm.keystroke.median_ms",
        wasm_median,
        Some("<= 1.5"),
        "ms",
    );
    bench("search.wasm.keystroke.p95_ms", wasm_p95, Some("<= 4"), "ms");
    bench("search.minisearch.build_50000_ms", mini_build, None, "ms");
    bench(
        "search.minisearch.keystroke.median_ms",
        js_median,
        None,
        "ms",
    );
    bench("search.minisearch.keystroke.p95_ms", js_p95, None, "ms");
    bench(
        "search.minisearch_over_wasm.median_ratio",
        js_median / wasm_median,
        Some(">= 4"),
        "x",
    );
    bench(
        "search.minisearch_over_wasm.p95_ratio",
        js_p95 / wasm_p95,
        Some(">= 4"),
        "x",
    );
}
