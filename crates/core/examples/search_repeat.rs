//! One query searched many times over 50,000 generated offerings, for a profiler:
//! `cargo run --release -p wijkgids-core --example search_repeat -- "hulp b" [times, 2000]`

use std::time::Instant;

use wijkgids_core::generate;
use wijkgids_core::search::{Query, SearchIndex};

fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().unwrap_or_else(|| "s".to_string());
    let times: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(2000);
    let (organisations, offerings) = generate::dataset(50_000, 42);
    let index = SearchIndex::from_offerings(&offerings, &organisations);
    let now = "2026-11-03T09:00:00Z".parse().expect("a time");
    let query = Query::new(&text, now);
    let mut each = Vec::with_capacity(times);
    let mut total = 0;
    for _ in 0..times {
        let start = Instant::now();
        total = index.search(&query).total;
        each.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    each.sort_by(f64::total_cmp);
    // The fastest and the median: on a busy machine the fastest says most.
    println!(
        "{text:?}: fastest {:.3} ms, median {:.3} ms, {total} results",
        each.first().unwrap_or(&0.0),
        each.get(times / 2).unwrap_or(&0.0)
    );
}
