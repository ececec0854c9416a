//! Which keystrokes of the benchmarks' typed queries are slowest over 50,000 generated
//! offerings, with how many results and related offerings each gives: for finding
//! what a ranking change costs, after the median and p95 of all keystrokes. `cargo run --release -p wijkgids-core --example search_slowest [how many, 12]`

use std::time::Instant;

use wijkgids_core::generate::{self, TYPED_QUERIES};
use wijkgids_core::search::{Query, SearchIndex};

fn main() {
    let (organisations, offerings) = generate::dataset(50_000, 42);
    let index = SearchIndex::from_offerings(&offerings, &organisations);
    let now = "2026-11-03T09:00:00Z".parse().expect("a time");
    let mut times = Vec::new();
    for typed in TYPED_QUERIES {
        for (i, c) in typed.char_indices() {
            let text = &typed[..i + c.len_utf8()];
            let query = Query::new(text, now);
            let mut best = f64::MAX;
            let mut results = None;
            for _ in 0..5 {
                let start = Instant::now();
                let found = index.search(&query);
                best = best.min(start.elapsed().as_secs_f64() * 1000.0);
                results = Some(found);
            }
            let results = results.expect("searched");
            times.push((best, text.to_string(), results.total, results.related.len()));
        }
    }
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    let at = |share: f64| times[((times.len() - 1) as f64 * (1.0 - share)).round() as usize].0;
    println!(
        "{} keystrokes: median {:.3} ms, p95 {:.3} ms, slowest {:.3} ms",
        times.len(),
        at(0.5),
        at(0.95),
        times[0].0
    );
    let shown = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(12);
    for (ms, text, total, related) in times.iter().take(shown) {
        println!("{ms:7.3} ms  {text:<22} {total:>6} results {related} related");
    }
}
