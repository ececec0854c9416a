//! Search benchmark: index build time, index memory and query latency (median and
//! p95) for 1,000, 10,000 and 50,000 generated offerings.
//!
//!     cargo bench -p wijkgids-core --bench search
//!
//! Memory is counted by a global allocator that adds up the bytes the index holds.
//! Budgets (QUALITY.md): for 50,000 offerings, build within 1 s natively and queries
//! within 2 ms median (8 ms p95 is the goal in the browser). Numbers are printed, not
//! asserted: a busy 2-core machine would make timed assertions flaky. The key figures
//! at 50,000 offerings are also printed as `BENCH {json}` lines for `scripts/bench.sh`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc, Weekday};
use wijkgids_core::generate;
use wijkgids_core::search::{Filters, Query, SearchIndex, When};
use wijkgids_core::vocab::Theme;

/// Counts the bytes currently allocated.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller upholds `alloc`'s contract, which we pass on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from this allocator with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.fetch_add(new_size, Ordering::Relaxed);
        ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as for `dealloc` and `alloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const SIZES: [usize; 3] = [1_000, 10_000, 50_000];
const SEED: u64 = 42;
/// Rounds over each group of queries, so that each has enough samples.
const ROUNDS: usize = 15;
/// The size whose figures have budgets, printed as `BENCH` lines.
const BUDGETED: usize = 50_000;

/// Tuesday 3 November 2026, 10:00 in Amsterdam: two days after the generator's
/// reference day.
fn now() -> DateTime<Utc> {
    "2026-11-03T09:00:00Z".parse().expect("a valid time")
}

struct Group {
    name: &'static str,
    queries: Vec<Query>,
}

fn query(text: &str, filters: Filters) -> Query {
    Query {
        filters,
        ..Query::new(text, now())
    }
}

fn plain(texts: &[&str]) -> Vec<Query> {
    texts.iter().map(|t| query(t, Filters::default())).collect()
}

fn filtered(texts: &[&str]) -> Vec<Query> {
    let filter_sets = [
        Filters {
            themes: vec![Theme::MeetingPeople, Theme::Exercise],
            free: true,
            ..Filters::default()
        },
        Filters {
            when: Some(When::Today),
            ..Filters::default()
        },
        Filters {
            days: vec![Weekday::Sat],
            age: Some(70),
            wheelchair: true,
            ..Filters::default()
        },
        Filters {
            when: Some(When::OpenNow),
            ..Filters::default()
        },
    ];
    texts
        .iter()
        .zip(filter_sets.iter().cycle())
        .map(|(t, f)| query(t, f.clone()))
        .collect()
}

/// Every prefix of each word, as someone types it: "w", "wa", "wan", ...
fn keystrokes(words: &[&str]) -> Vec<Query> {
    words
        .iter()
        .flat_map(|word| {
            word.char_indices()
                .map(|(i, c)| &word[..i + c.len_utf8()])
                .collect::<Vec<_>>()
        })
        .map(|prefix| query(prefix, Filters::default()))
        .collect()
}

fn groups() -> Vec<Group> {
    vec![
        Group {
            name: "1 word",
            queries: plain(&[
                "wandelen ",
                "koffie ",
                "taalcafe ",
                "schulden ",
                "yoga ",
                "koken ",
                "computer ",
                "ouderen ",
                "mantelzorg ",
                "huiswerk ",
            ]),
        },
        Group {
            name: "2 words",
            queries: plain(&[
                "wandelen ouderen ",
                "koffie ochtend ",
                "taal nieuwkomers ",
                "hulp formulieren ",
                "samen eten ",
                "gratis sporten ",
                "mantelzorg advies ",
                "digid cursus ",
            ]),
        },
        Group {
            name: "3 words",
            queries: plain(&[
                "wandelgroep voor senioren ",
                "gratis koken samen ",
                "hulp bij schulden ",
                "cursus nederlands beginners ",
                "buurtcafe koffie ontmoeten ",
                "ik voel me eenzaam ",
            ]),
        },
        Group {
            name: "typos",
            queries: plain(&[
                "wandlen ",
                "kofie ",
                "schuldn ",
                "eensaam ",
                "mantelzrog ",
                "huiswerkbegleiding ",
                "taalcaffe ",
                "vrijwilligerpunt ",
            ]),
        },
        Group {
            name: "2 words + typo",
            queries: plain(&["wandlen ouderen ", "kofie ochtend ", "hulp formulieeren "]),
        },
        Group {
            name: "needs",
            queries: plain(&[
                "eenzaam ",
                "geldzorgen ",
                "bewegen ",
                "lonely ",
                "money worries ",
            ]),
        },
        Group {
            name: "1-2 words + filters",
            queries: filtered(&[
                "wandelen ",
                "koffie ",
                "taal nieuwkomers ",
                "samen eten ",
                "kofie ",
                "yoga ",
            ]),
        },
        Group {
            name: "no text + filters",
            queries: filtered(&["", "", "", ""]),
        },
        Group {
            name: "no text, no filters",
            queries: plain(&[""]),
        },
        Group {
            name: "keystrokes",
            queries: keystrokes(&["wandelgroep", "mantelzorgcafe", "schuldhulpmaatje", "yoga"]),
        },
    ]
}

fn main() {
    println!("search benchmark: build, memory and query latency (release, native)");
    for n in SIZES {
        run(n);
    }
}

fn run(n: usize) {
    let (organisations, offerings) = generate::dataset(n, SEED);
    let builds = if n >= 50_000 { 3 } else { 5 };
    let mut build_times = Vec::new();
    let mut memory = 0;
    let mut index = None;
    for _ in 0..builds {
        drop(index.take());
        let before = ALLOCATED.load(Ordering::Relaxed);
        let start = Instant::now();
        let built = SearchIndex::from_offerings(&offerings, &organisations);
        build_times.push(start.elapsed());
        memory = ALLOCATED.load(Ordering::Relaxed).saturating_sub(before);
        index = Some(built);
    }
    let index = index.expect("built at least once");
    build_times.sort();
    let start = Instant::now();
    let first = index.search(&query("", Filters::default()));
    let first_query = start.elapsed();
    println!();
    println!(
        "== {n} offerings: build {} (median of {builds}), index memory {:.1} MB, \
         first query {} (works out the day's schedules; {} results)",
        ms(median(&build_times)),
        memory as f64 / 1e6,
        ms(first_query),
        first.total,
    );
    println!(
        "{:<22} {:>8} {:>8} {:>8} {:>9}",
        "queries", "median", "p95", "max", "results"
    );
    let mut all = Vec::new();
    let mut keystrokes = Vec::new();
    for group in groups() {
        let mut times = Vec::new();
        let mut results = 0;
        for _ in 0..ROUNDS {
            for q in &group.queries {
                let start = Instant::now();
                let found = black_box(index.search(black_box(q)));
                times.push(start.elapsed());
                results += found.total;
            }
        }
        times.sort();
        println!(
            "{:<22} {:>8} {:>8} {:>8} {:>9}",
            group.name,
            ms(median(&times)),
            ms(percentile(&times, 95)),
            ms(*times.last().unwrap_or(&Duration::ZERO)),
            results / times.len().max(1),
        );
        if group.name == "keystrokes" {
            keystrokes = times.clone();
        }
        all.extend(times);
    }
    all.sort();
    let (upsert, remove) = upserts(index, &offerings);
    if n == BUDGETED {
        let key = "search.native.50k";
        bench(&format!("{key}.build_ms"), median(&build_times), "<= 1000");
        bench(&format!("{key}.first_query_ms"), first_query, "");
        bench(&format!("{key}.query.median_ms"), median(&all), "<= 2");
        bench(&format!("{key}.query.p95_ms"), percentile(&all, 95), "<= 8");
        bench(
            &format!("{key}.keystroke.median_ms"),
            median(&keystrokes),
            "<= 2",
        );
        let p95 = percentile(&keystrokes, 95);
        bench(&format!("{key}.keystroke.p95_ms"), p95, "<= 8");
        bench(&format!("{key}.upsert_ms"), upsert, "");
        bench(&format!("{key}.remove_ms"), remove, "");
        let memory = serde_json::json!({"name": format!("{key}.index_memory_mb"),
            "value": (memory as f64 / 1e5).round() / 10.0, "budget": "", "unit": "MB"});
        println!("BENCH {memory}");
    }
}

/// One figure in milliseconds as a `BENCH {json}` line.
fn bench(name: &str, d: Duration, budget: &str) {
    let value = (d.as_secs_f64() * 1e6).round() / 1e3;
    let line = serde_json::json!({"name": name, "value": value, "budget": budget, "unit": "ms"});
    println!("BENCH {line}");
}

/// Applying sync changes one by one: replace existing offerings, then remove them.
/// Returns the mean time of one upsert and of one remove.
fn upserts(mut index: SearchIndex, offerings: &[wijkgids_core::Offering]) -> (Duration, Duration) {
    let changed: Vec<_> = offerings
        .iter()
        .step_by(offerings.len() / 200)
        .map(|o| {
            let mut o = o.clone();
            o.title.push_str(" (nieuw)");
            o
        })
        .collect();
    let start = Instant::now();
    for offering in &changed {
        index.upsert(offering);
    }
    let upsert = start.elapsed() / changed.len() as u32;
    let start = Instant::now();
    for offering in &changed {
        index.remove(offering.id);
    }
    let remove = start.elapsed() / changed.len() as u32;
    println!(
        "sync: upsert {} each, remove {} each",
        ms(upsert),
        ms(remove)
    );
    (upsert, remove)
}

fn median(times: &[Duration]) -> Duration {
    percentile(times, 50)
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (sorted.len() * p).div_ceil(100).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}
