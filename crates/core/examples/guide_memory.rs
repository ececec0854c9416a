//! What the guide holds in memory at 50,000 offerings, part by part (issue 21:
//! a page with 50,000 offerings stored at most 150 MB above a neighbourhood's).
//! Counts the heap bytes each part keeps with a counting allocator; a native
//! build's pointers are twice WASM's, so these are upper bounds for the device.
//!
//!     cargo run --release -p wijkgids-core --example guide_memory

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use wijkgids_core::generate::dataset;
use wijkgids_core::guide_snapshot;
use wijkgids_core::search::SearchIndex;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The heap bytes `make`'s result keeps, and the peak while making it.
fn held<T>(what: &str, make: impl FnOnce() -> T) -> T {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let value = make();
    let after = LIVE.load(Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed);
    println!(
        "{what:<44} keeps {:>9}, peak {:>9} above before",
        mb(after.saturating_sub(before)),
        mb(peak - before)
    );
    value
}

fn main() {
    let n = 50_000;
    let (organisations, offerings) = dataset(n, 7);
    println!("{n} offerings, {} organisations", organisations.len());
    let json = held("the offerings as JSON (one string each)", || {
        offerings
            .iter()
            .map(|o| serde_json::to_string(o).unwrap())
            .collect::<Vec<_>>()
    });
    let parsed = held("the offerings parsed (Vec<Offering>)", || {
        json.iter()
            .map(|j| serde_json::from_str::<wijkgids_core::model::Offering>(j).unwrap())
            .collect::<Vec<_>>()
    });
    drop(json);
    let cards = held("their cards (Offering, long texts left out)", || {
        parsed.iter().map(guide_snapshot::card).collect::<Vec<_>>()
    });
    drop(cards);
    let index = held("the search index", || {
        SearchIndex::from_offerings(&parsed, &organisations)
    });
    let encoded = held("the guide's snapshot as bytes", || {
        guide_snapshot::encode(&index, parsed.iter())
    });
    drop(index);
    drop(parsed);
    println!(
        "  of which the index's value: {}, the cards' {} chunks: {}",
        mb(encoded.index.len()),
        encoded.chunks.len(),
        mb(encoded.chunks.iter().map(Vec::len).sum())
    );
    let snapshot = held("the index's value read back", || {
        guide_snapshot::decode(&encoded.index).unwrap()
    });
    let cards = held("every card read back (a screen reads a chunk)", || {
        encoded
            .chunks
            .iter()
            .flat_map(|chunk| guide_snapshot::decode_cards(chunk).unwrap())
            .collect::<Vec<_>>()
    });
    drop((snapshot, cards));
}
