//! Why a query ranks as it does, for tuning the search by hand: the first results
//! over the demo neighbourhood with their scores, audiences, themes and the words
//! they matched, marked with their grade in the judged set when it has the query.
//!
//! `cargo run -p wijkgids-core --example search_why -- "ik voel me alleen" [en]`

use std::collections::HashMap;

use wijkgids_core::demo::neighbourhood;
use wijkgids_core::search::{Query, SearchIndex};
use wijkgids_core::vocab::{Lang, Vocabulary};

const JUDGEMENTS: &str = include_str!("../tests/search_judgements.json");

fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().expect("a query");
    let english = args.next().is_some_and(|a| a == "en");
    let guide = neighbourhood().expect("the demo neighbourhood");
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let judged: serde_json::Value = serde_json::from_str(JUDGEMENTS).expect("the judged set");
    let grades: HashMap<String, u64> = judged["queries"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|q| q["query"] == text.as_str())
        .flat_map(|q| q["relevant"].as_object().cloned().unwrap_or_default())
        .map(|(title, grade)| (title, grade.as_u64().unwrap_or(0)))
        .collect();
    // The judged test's moment (Tuesday 3 November 2026, 10:00 in Amsterdam), so
    // that ties fall as they do there.
    let now = "2026-11-03T09:00:00Z".parse().expect("a valid time");
    let mut query = Query::new(text.as_str(), now);
    query.limit = 20;
    if english {
        query.lang = Lang::En;
    }
    let results = index.search(&query);
    println!(
        "{} results, all words matched: {}",
        results.total, results.all_words_matched
    );
    let related = results.related.iter().map(|h| (h, "related "));
    for (hit, apart) in results.hits.iter().map(|h| (h, "")).chain(related) {
        let Some(o) = guide.offerings.iter().find(|o| o.id == hit.id) else {
            continue;
        };
        let grade = grades.get(&o.title).map_or("-".to_string(), u64::to_string);
        let reasons: Vec<String> = hit
            .reasons
            .iter()
            .map(|r| format!("{}→{}({:?}{:?})", r.word, r.matched, r.kind, r.fields))
            .collect();
        let audiences: Vec<&str> = o.audience.iter().map(|a| a.code()).collect();
        let themes: Vec<&str> = o.themes.iter().map(|t| t.code()).collect();
        println!(
            "{apart}{grade} {:6.3} {:<45} {audiences:?} {themes:?} {}",
            hit.score,
            o.title,
            reasons.join(" ")
        );
    }
    let missing: Vec<_> = grades
        .iter()
        .filter(|(t, _)| {
            !results.hits.iter().chain(&results.related).any(|h| {
                guide
                    .offerings
                    .iter()
                    .any(|o| o.id == h.id && &&o.title == t)
            })
        })
        .collect();
    println!("judged but not shown: {missing:?}");
}
