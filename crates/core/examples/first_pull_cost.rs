//! What the core's part of a first pull costs at 50,000 offerings, step by step:
//! reading the records' JSON and putting them in the search index (issue 21's first
//! sync; run it under `perf record` to see which functions weigh).
//!
//!     cargo run --release -p wijkgids-core --example first_pull_cost

use std::time::Instant;

use wijkgids_core::generate::dataset;
use wijkgids_core::model::Offering;
use wijkgids_core::record::Record;
use wijkgids_core::search::SearchIndex;
use wijkgids_core::vocab::RecordKind;

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let (_, offerings) = dataset(n, 7);
    let texts: Vec<String> = offerings
        .iter()
        .map(|o| serde_json::to_string(o).expect("json"))
        .collect();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    for _ in 1..rounds {
        let read = texts
            .iter()
            .filter(|t| Record::from_stored(RecordKind::Offering, t).is_ok())
            .count();
        assert_eq!(read, n);
    }
    let started = Instant::now();
    let read: Vec<Offering> = texts
        .iter()
        .map(|t| match Record::from_stored(RecordKind::Offering, t) {
            Ok(Record::Offering(o)) => *o,
            _ => panic!("an offering"),
        })
        .collect();
    println!("read {n}: {:?}", started.elapsed());
    let started = Instant::now();
    let mut index = SearchIndex::new();
    for page in read.chunks(1000) {
        index.upsert_all(page);
    }
    println!("indexed {n}: {:?}", started.elapsed());
}
