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
        // The guide searched that day before its snapshot was kept, as the app
        // keeps it after a sync: the day's time facts go with it.
        let searched = "2026-11-07T09:00:00Z".parse().expect("a time");
        index.search(&Query::new("", searched));
        let started = Instant::now();
        let bytes = index.to_snapshot();
        let written = started.elapsed();
        let started = Instant::now();
        let read = SearchIndex::from_snapshot(&bytes).expect("read back");
        let read_in = started.elapsed();
        // A reopen's first search later that day, and on the next day (whose
        // time facts are worked out then).
        let mut first_search = Vec::new();
        for now in ["2026-11-07T18:30:00Z", "2026-11-08T10:00:00Z"] {
            let now = now.parse().expect("a time");
            let started = Instant::now();
            let found = read.search(&Query::new("wandel", now)).total;
            first_search.push(format!(
                "{:.0} ms ({found} found)",
                started.elapsed().as_secs_f64() * 1e3
            ));
        }
        drop(read);
        println!(
            "{n} offerings: index built in {:.0} ms; snapshot {:.1} MB, written in {:.0} ms, read in {:.0} ms; \
             the first search after it {}, on the next day {}",
            built.as_secs_f64() * 1e3,
            bytes.len() as f64 / 1e6,
            written.as_secs_f64() * 1e3,
            read_in.as_secs_f64() * 1e3,
            first_search[0],
            first_search[1],
        );
    }
}
