//! Helpers shared by the browser benchmarks (`tests/bench_*.rs`, wasm32).

#![allow(dead_code)] // not every benchmark uses every helper

use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::console_log;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: milliseconds since the page started, in steps of
    /// 0.1 ms in a page that is not cross-origin isolated.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn performance_now() -> f64;
}

/// Milliseconds `work` takes.
pub fn timed<T>(work: impl FnOnce() -> T) -> (f64, T) {
    let start = performance_now();
    let out = work();
    (performance_now() - start, out)
}

/// Milliseconds the future `work` takes.
pub async fn timed_async<T>(work: impl std::future::Future<Output = T>) -> (f64, T) {
    let start = performance_now();
    let out = work.await;
    (performance_now() - start, out)
}

/// Prints one figure for the report: a `BENCH {json}` line, the value rounded to
/// three decimals.
pub fn bench(name: &str, value: f64, budget: Option<&str>, unit: &str) {
    let value = (value * 1000.0).round() / 1000.0;
    let line = json!({ "name": name, "value": value, "budget": budget, "unit": unit });
    console_log!("BENCH {line}");
}
