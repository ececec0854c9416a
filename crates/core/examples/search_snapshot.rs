//! How large the search index's snapshot is and how long writing and reading it
//! take, at the sizes of `bench_sync` (issue 21: a reopen with 50,000 offerings
//! stored shows first results within 300 ms).
//!
//!     cargo run --release -p wijkgids-core --example search_snapshot

use std::time::Instant;

use wijkgids_core::generate::dataset;
use wijkgids_core::search::{Query, SearchIndex};

fn main() {
    for n in [10_000, 50_000] {
        let (organisations, offerings) = dataset(n, 7);
        let started = Instant::now();
        let index = SearchIndex::from_offerings(&offerings, &organisations);
        let built = started.elapsed();
        let started = Instant::now();
        let bytes = index.to_snapshot();
        let written = started.elapsed();
        let started = Instant::now();
        let read = SearchIndex::from_snapshot(&bytes).expect("read back");
        let read_in = started.elapsed();
        // A reopen's first search, at a date the index has not seen.
        let now = "2026-11-07T18:30:00Z".parse().expect("a time");
        let started = Instant::now();
        let found = read.search(&Query::new("wandel", now)).total;
        let first_search = started.elapsed();
        drop(read);
        println!(
            "{n} offerings: index built in {:.0} ms; snapshot {:.1} MB, written in {:.0} ms, read in {:.0} ms; \
             the first search after it {:.0} ms ({found} found)",
            built.as_secs_f64() * 1e3,
            bytes.len() as f64 / 1e6,
            written.as_secs_f64() * 1e3,
            read_in.as_secs_f64() * 1e3,
            first_search.as_secs_f64() * 1e3,
        );
    }
}
