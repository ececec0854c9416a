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
    let keystrokes: Vec<String> = TYPED_QUERIES
        .iter()
        .flat_map(|typed| {
            typed
                .char_indices()
                .map(|(i, c)| typed[..i + c.len_utf8()].to_string())
        })
        .collect();
    // Rounds of typing every query, as the benchmarks do: a keystroke searched
    // again at once would find its words kept from the search before.
    let mut best = vec![f64::MAX; keystrokes.len()];
    let mut found = vec![(0, 0); keystrokes.len()];
    for _ in 0..5 {
        for (k, text) in keystrokes.iter().enumerate() {
            let query = Query::new(text, now);
            let start = Instant::now();
            let results = index.search(&query);
            best[k] = best[k].min(start.elapsed().as_secs_f64() * 1000.0);
            found[k] = (results.total, results.related.len());
        }
    }
    let mut times: Vec<(f64, String, usize, usize)> = keystrokes
        .into_iter()
        .zip(best.into_iter().zip(found))
        .map(|(text, (ms, (total, related)))| (ms, text, total, related))
        .collect();
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
