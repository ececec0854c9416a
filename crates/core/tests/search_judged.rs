//! Ranking measured against judged query sets (the one the ranking was tuned on,
//! and a held-out one written afterwards): what residents, GPs and coaches
//! type, with every offering that answers it graded by reading the demo data (not
//! by running the search). See `search_judgements.json` and `search_heldout.json`
//! for the grades and a reason per query.
//!
//! Figures: nDCG@5 (gain 2^grade − 1), precision@3 (a hit counts from grade 2; out
//! of three, or of fewer when the set judges fewer that good), and MRR (the first
//! hit of grade 2 or more, within the first 20), per query class and over all
//! queries with an answer. Queries with no good answer ("none") pass when the
//! search finds nothing or says it matched only some of the words. The test fails
//! below the floors; `cargo test -p wijkgids-core --test search_judged -- --nocapture`
//! prints the figures, as `BENCH` lines too (scripts/bench.sh runs it).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;
use wijkgids_core::demo::neighbourhood;
use wijkgids_core::search::{Query, SearchIndex, SearchResults};
use wijkgids_core::vocab::Lang;

/// The judged set, in Dutch titles.
const JUDGEMENTS: &str = include_str!("search_judgements.json");

/// Below these the test fails: the figures this ranking reaches (issue 19's
/// target: nDCG@5 0.868, MRR 0.993, the need class lowest at 0.826), less a
/// margin for a small data change. Raise them as the ranking improves.
const FLOOR_NDCG: f64 = 0.85;
const FLOOR_MRR: f64 = 0.95;
const FLOOR_CLASS_NDCG: f64 = 0.82;
const FLOOR_NONE: f64 = 0.85;

/// Tuesday 3 November 2026, 10:00 in Amsterdam: how soon things happen breaks ties.
fn now() -> DateTime<Utc> {
    "2026-11-03T09:00:00Z".parse().expect("a valid time")
}

#[derive(Deserialize)]
struct Judgements {
    queries: Vec<Judged>,
}

#[derive(Deserialize)]
struct Judged {
    query: String,
    class: String,
    why: String,
    relevant: BTreeMap<String, u8>,
}

/// One query's figures.
#[derive(Debug, Default, Clone, Copy)]
struct Figures {
    ndcg5: f64,
    precision3: f64,
    reciprocal_rank: f64,
}

/// The grade of each result in the order a person sees them: the hits, then the
/// related offerings shown under them.
fn grades_of(results: &SearchResults, grade: &HashMap<Uuid, u8>) -> Vec<u8> {
    results
        .hits
        .iter()
        .chain(&results.related)
        .map(|hit| grade.get(&hit.id).copied().unwrap_or(0))
        .collect()
}

fn gain(grade: u8) -> f64 {
    f64::from((1u32 << grade) - 1)
}

fn dcg(grades: impl IntoIterator<Item = u8>) -> f64 {
    grades
        .into_iter()
        .take(5)
        .enumerate()
        .map(|(i, g)| gain(g) / ((i + 2) as f64).log2())
        .sum()
}

fn figures(got: &[u8], judged: &[u8]) -> Figures {
    let mut ideal = judged.to_vec();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let good = judged.iter().filter(|&&g| g >= 2).count();
    let precision3 = if good == 0 {
        0.0
    } else {
        got.iter().take(3).filter(|&&g| g >= 2).count() as f64 / good.min(3) as f64
    };
    let reciprocal_rank = got
        .iter()
        .take(20)
        .position(|&g| g >= 2)
        .map_or(0.0, |i| 1.0 / (i + 1) as f64);
    Figures {
        // `+ 0.0`: an empty sum is -0.0, printed "-0.00".
        ndcg5: dcg(got.iter().copied()) / dcg(ideal) + 0.0,
        precision3,
        reciprocal_rank,
    }
}

fn mean(values: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// Queries below this nDCG@5 are listed; `JUDGED_REPORT_ALL=1` lists every one.
fn report_below() -> f64 {
    if std::env::var_os("JUDGED_REPORT_ALL").is_some() {
        f64::INFINITY
    } else {
        0.75
    }
}

/// The figures of a judged set, by class and over all, printed (as `BENCH` lines
/// named `search.{name}.*` too).
struct Measured {
    per_class: BTreeMap<String, Vec<Figures>>,
    overall: Figures,
    none_rate: f64,
}

fn measure(name: &str, json: &str, targets: bool) -> Measured {
    let judgements: Judgements = serde_json::from_str(json).expect("a judged set");
    let guide = neighbourhood().expect("the demo neighbourhood");
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let by_title: HashMap<&str, Uuid> = guide
        .offerings
        .iter()
        .map(|o| (o.title.as_str(), o.id))
        .collect();
    let title_of: HashMap<Uuid, &str> = by_title.iter().map(|(t, id)| (*id, *t)).collect();

    let mut per_class: BTreeMap<String, Vec<Figures>> = BTreeMap::new();
    let mut none_passed: Vec<bool> = Vec::new();
    let mut report = Vec::new();
    for judged in &judgements.queries {
        let mut query = Query::new(judged.query.as_str(), now());
        query.limit = 20;
        // Someone who types English reads the guide in English.
        if judged.class == "english" {
            query.lang = Lang::En;
        }
        let results = index.search(&query);
        let top: Vec<&str> = results
            .hits
            .iter()
            .chain(&results.related)
            .take(5)
            .map(|h| title_of.get(&h.id).copied().unwrap_or("?"))
            .collect();
        if judged.class == "none" {
            let passed = results.total == 0 || !results.all_words_matched;
            none_passed.push(passed);
            if !passed {
                report.push(format!(
                    "none  {:<40} found {} with every word: {top:?} ({})",
                    judged.query, results.total, judged.why
                ));
            }
            continue;
        }
        let grade: HashMap<Uuid, u8> = judged
            .relevant
            .iter()
            .map(|(title, &g)| {
                let id = by_title.get(title.as_str()).unwrap_or_else(|| {
                    panic!("{:?} judges an unknown title {title:?}", judged.query)
                });
                (*id, g)
            })
            .collect();
        let judged_grades: Vec<u8> = judged.relevant.values().copied().collect();
        let got_grades = grades_of(&results, &grade);
        let got = figures(&got_grades, &judged_grades);
        if got.ndcg5 < report_below() {
            report.push(format!(
                "{:<5} {:<40} nDCG@5 {:.2} MRR {:.2} grades {:?}: {top:?}",
                judged.class,
                judged.query,
                got.ndcg5,
                got.reciprocal_rank,
                &got_grades[..got_grades.len().min(5)]
            ));
        }
        per_class.entry(judged.class.clone()).or_default().push(got);
    }

    let all: Vec<Figures> = per_class.values().flatten().copied().collect();
    let overall = Figures {
        ndcg5: mean(all.iter().map(|f| f.ndcg5)),
        precision3: mean(all.iter().map(|f| f.precision3)),
        reciprocal_rank: mean(all.iter().map(|f| f.reciprocal_rank)),
    };
    let none_rate = mean(none_passed.iter().map(|&p| if p { 1.0 } else { 0.0 }));
    println!("{name}: queries below nDCG@5 0.75, and unanswerable ones answered:");
    for line in &report {
        println!("  {line}");
    }
    println!(
        "{:<13} {:>3} {:>7} {:>5} {:>5}",
        "class", "n", "nDCG@5", "P@3", "MRR"
    );
    for (class, figures) in &per_class {
        let ndcg = mean(figures.iter().map(|f| f.ndcg5));
        let p3 = mean(figures.iter().map(|f| f.precision3));
        let mrr = mean(figures.iter().map(|f| f.reciprocal_rank));
        println!(
            "{class:<13} {:>3} {ndcg:>7.3} {p3:>5.3} {mrr:>5.3}",
            figures.len()
        );
        println!(
            "BENCH {{\"name\":\"search.{name}.{class}.ndcg5\",\"value\":{ndcg:.3},\"budget\":\"{}\",\"unit\":\"score\"}}",
            if targets { ">= 0.75" } else { "" }
        );
    }
    println!(
        "{:<13} {:>3} {:>7.3} {:>5.3} {:>5.3}",
        "all",
        all.len(),
        overall.ndcg5,
        overall.precision3,
        overall.reciprocal_rank
    );
    println!(
        "none answered rightly: {none_rate:.3} of {}",
        none_passed.len()
    );
    for (figure, value, budget) in [
        ("ndcg5", overall.ndcg5, ">= 0.85"),
        ("precision3", overall.precision3, ""),
        ("mrr", overall.reciprocal_rank, ">= 0.9"),
        ("none", none_rate, ""),
    ] {
        let budget = if targets { budget } else { "" };
        println!(
            "BENCH {{\"name\":\"search.{name}.{figure}\",\"value\":{value:.3},\"budget\":\"{budget}\",\"unit\":\"score\"}}"
        );
    }
    Measured {
        per_class,
        overall,
        none_rate,
    }
}

#[test]
fn ranking_meets_the_judged_query_set() {
    let Measured {
        per_class,
        overall,
        none_rate,
    } = measure("judged", JUDGEMENTS, true);

    assert!(
        overall.ndcg5 >= FLOOR_NDCG,
        "nDCG@5 {:.3} < {FLOOR_NDCG}",
        overall.ndcg5
    );
    assert!(
        overall.reciprocal_rank >= FLOOR_MRR,
        "MRR {:.3} < {FLOOR_MRR}",
        overall.reciprocal_rank
    );
    for (class, figures) in &per_class {
        let ndcg = mean(figures.iter().map(|f| f.ndcg5));
        assert!(ndcg >= FLOOR_CLASS_NDCG, "{class}: nDCG@5 {ndcg:.3}");
    }
    assert!(none_rate >= FLOOR_NONE, "none: {none_rate:.3}");
}

/// Written after the ranking was tuned on the set above, by someone who read the
/// demo data but neither the search's code nor that set, and never used for
/// tuning: how far the ranking holds on queries it was not shaped by.
const HELD_OUT: &str = include_str!("search_heldout.json");
/// Below these the held-out set fails: what the ranking reaches on it (0.833 and
/// 0.936 since issue 19's senses, kept through its ties and compounds), less a
/// margin. Nothing is tuned against it, so a drop means the ranking got worse.
const HELD_OUT_FLOOR_NDCG: f64 = 0.82;
const HELD_OUT_FLOOR_MRR: f64 = 0.9;

#[test]
fn ranking_holds_on_a_held_out_query_set() {
    let held_out = measure("heldout", HELD_OUT, false);
    assert!(
        held_out.overall.ndcg5 >= HELD_OUT_FLOOR_NDCG,
        "held out: nDCG@5 {:.3}",
        held_out.overall.ndcg5
    );
    assert!(
        held_out.overall.reciprocal_rank >= HELD_OUT_FLOOR_MRR,
        "held out: MRR {:.3}",
        held_out.overall.reciprocal_rank
    );
    assert!(
        held_out.none_rate >= FLOOR_NONE,
        "held out: none {:.3}",
        held_out.none_rate
    );
    assert!(!held_out.per_class.is_empty());
}

#[test]
fn the_figures_are_computed_as_defined() {
    // A perfect order scores 1; the best one second halves the reciprocal rank.
    let perfect = figures(&[3, 2, 1], &[3, 2, 1]);
    assert!((perfect.ndcg5 - 1.0).abs() < 1e-9);
    assert!((perfect.precision3 - 1.0).abs() < 1e-9);
    assert!((perfect.reciprocal_rank - 1.0).abs() < 1e-9);
    let late = figures(&[0, 3], &[3]);
    assert!((late.reciprocal_rank - 0.5).abs() < 1e-9);
    assert!((late.ndcg5 - 1.0 / 3f64.log2()).abs() < 1e-9);
    assert!((late.precision3 - 1.0).abs() < 1e-9);
    let nothing = figures(&[0, 0, 0], &[2]);
    assert_eq!(nothing.reciprocal_rank, 0.0);
    assert_eq!(nothing.ndcg5, 0.0);
}
