//! Writes a generated guide of N offerings (and their organisations) in the
//! format of `wijkgids-server export`, for `wijkgids-server import`: a large
//! guide to try by hand, as `bench_sync` makes one for its runs.
//!
//!     cargo run --release -p wijkgids-core --example generated_guide -- 50000 > guide.json
//!     wijkgids-server --data-dir big import guide.json

use wijkgids_core::generate::dataset;

/// The bench's seed, so a guide made by hand is the one the bench measured.
const SEED: u64 = 7;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("usage: generated_guide N");
    let (organisations, offerings) = dataset(n, SEED);
    let document = serde_json::json!({
        "format": "wijkgids-guide",
        "version": wijkgids_core::VERSION,
        "organisations": organisations,
        "offerings": offerings,
    });
    println!("{document}");
}
