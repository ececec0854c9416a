//! What typed words mean, against the demo neighbourhood: filter words become
//! filters, phrases and synonyms find what people mean, and a short unknown word
//! does not flood the list with near misses.

use chrono::{DateTime, Datelike, Utc, Weekday};

use super::*;
use crate::demo::{Neighbourhood, neighbourhood};
use crate::model::Offering;
use crate::schedule::local_date_time;

fn guide() -> Neighbourhood {
    neighbourhood().expect("the demo data parses")
}

/// Tuesday 3 November 2026, 10:00 in Amsterdam.
fn tuesday() -> DateTime<Utc> {
    "2026-11-03T09:00:00Z".parse().expect("a valid time")
}

fn search(index: &SearchIndex, text: &str) -> SearchResults {
    index.search(&Query {
        limit: usize::MAX,
        ..Query::new(text, tuesday())
    })
}

fn offering<'g>(guide: &'g Neighbourhood, hit: &Hit) -> &'g Offering {
    guide
        .offerings
        .iter()
        .find(|o| o.id == hit.id)
        .expect("a hit is an offering of the guide")
}

fn titles<'g>(guide: &'g Neighbourhood, results: &SearchResults) -> Vec<&'g str> {
    results
        .hits
        .iter()
        .map(|h| offering(guide, h).title.as_str())
        .collect()
}

#[test]
fn gratis_and_vandaag_are_the_free_and_today_filters() {
    let guide = guide();
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let today = local_date_time(tuesday()).unwrap().date();
    let typed = search(&index, "gratis vandaag");
    assert!(typed.filters.free);
    assert_eq!(typed.filters.when, Some(When::Today));
    let words: Vec<(&str, WordFilter)> = typed
        .filter_words
        .iter()
        .map(|w| (w.word.as_str(), w.filter))
        .collect();
    assert_eq!(
        words,
        [
            ("gratis", WordFilter::Free),
            ("vandaag", WordFilter::When(When::Today))
        ]
    );
    // The same as choosing the chips, and what the filters say.
    let chosen = index.search(&Query {
        filters: Filters {
            free: true,
            when: Some(When::Today),
            ..Filters::default()
        },
        limit: usize::MAX,
        ..Query::new("", tuesday())
    });
    assert_eq!(typed.hits, chosen.hits);
    assert!(typed.total > 5, "{}", typed.total);
    for hit in &typed.hits {
        let offering = offering(&guide, hit);
        assert!(
            offering.cost.is_free_for_participant(),
            "{}",
            offering.title
        );
        assert!(offering.happens_on(today), "{}", offering.title);
    }
}

#[test]
fn morgen_and_weekdays_are_time_filters_in_dutch_and_english() {
    let guide = guide();
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let wednesday = local_date_time(tuesday())
        .unwrap()
        .date()
        .succ_opt()
        .unwrap();
    let tomorrow = search(&index, "morgen");
    assert_eq!(tomorrow.filters.when, Some(When::Tomorrow));
    assert!(tomorrow.total > 5);
    for hit in &tomorrow.hits {
        assert!(offering(&guide, hit).happens_on(wednesday));
    }
    assert_eq!(search(&index, "tomorrow").hits, tomorrow.hits);

    let saturday = search(&index, "wandelen zaterdag");
    assert_eq!(saturday.filters.days, [Weekday::Sat]);
    assert_eq!(titles(&guide, &saturday)[0], "Wandelen met de huisarts");
    let walking = search(&index, "wandelen");
    assert!(saturday.total < walking.total, "only those on Saturday");
    assert_eq!(
        search(&index, "walking saturday").filters.days,
        [Weekday::Sat]
    );
    let monday = search(&index, "maandag");
    assert!(monday.total > 5);
    for hit in &monday.hits {
        let offering = offering(&guide, hit);
        assert!(
            offering
                .schedules
                .iter()
                .any(|s| s.byday.iter().any(|b| b.weekday == Weekday::Mon)),
            "{}",
            offering.title
        );
    }
    // A time chosen on the screen stays.
    let chosen = index.search(&Query {
        filters: Filters {
            when: Some(When::ThisWeek),
            ..Filters::default()
        },
        ..Query::new("vandaag", tuesday())
    });
    assert_eq!(chosen.filters.when, Some(When::ThisWeek));
    assert_eq!(
        local_date_time(tuesday()).unwrap().weekday(),
        Weekday::Tue,
        "the pinned now is a Tuesday"
    );
}

#[test]
fn geen_geld_and_weinig_geld_find_help_with_money_worries() {
    let guide = guide();
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let worries = search(&index, "geldzorgen");
    for text in ["geen geld", "weinig geld", "Ik heb te weinig geld"] {
        let results = search(&index, text);
        assert_eq!(results.hits, worries.hits, "{text}");
        let top = titles(&guide, &results);
        assert!(
            top[..2].contains(&"GeldMaatje") && top[..2].contains(&"Schuldhulp van de gemeente"),
            "{text}: {top:?}"
        );
        assert!(
            results
                .hits
                .iter()
                .all(|h| h.reasons.iter().any(|r| r.word == "geldzorgen")),
            "{text}: every hit is there for the money worries"
        );
    }
    // Before: "geen geld" found only the food bank, whose text says "geen geld".
    assert!(worries.total > 10, "{}", worries.total);
}

#[test]
fn senioren_finds_what_ouderen_finds_and_zwanger_the_care_around_a_birth() {
    let guide = guide();
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let ids = |text: &str| {
        let mut ids: Vec<_> = search(&index, text).hits.iter().map(|h| h.id).collect();
        ids.sort();
        ids
    };
    let senioren = ids("senioren");
    assert_eq!(senioren, ids("ouderen"));
    assert!(senioren.len() > 40, "{}", senioren.len());
    let seniors = search(&index, "senioren");
    let top = titles(&guide, &seniors);
    for own in ["Smartphonecursus voor senioren", "Stoelgym voor senioren"] {
        assert!(top[..2].contains(&own), "its own word first: {top:?}");
    }
    assert!(top[..6].contains(&"Tai chi voor ouderen"), "{top:?}");
    let synonym = seniors
        .hits
        .iter()
        .find(|h| offering(&guide, h).title == "Tai chi voor ouderen")
        .unwrap();
    assert_eq!(synonym.reasons[0].kind, MatchKind::Synonym);
    assert_eq!(synonym.reasons[0].matched, "ouderen");

    let pregnant = search(&index, "zwanger");
    let found = titles(&guide, &pregnant);
    assert!(found.contains(&"Babycafé"), "{found:?}");
    assert!(
        found.contains(&"Consultatiebureau Vlonderveld"),
        "{found:?}"
    );
}

#[test]
fn para_does_not_flood_the_list_with_praten() {
    let guide = guide();
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    for text in ["para", "para "] {
        let results = search(&index, text);
        assert!(
            results.total <= 3,
            "{text:?}: {:?}",
            titles(&guide, &results)
        );
        assert!(
            results
                .hits
                .iter()
                .flat_map(|h| &h.reasons)
                .all(|r| r.kind != MatchKind::Typo),
            "{text:?}: no near misses of a four-letter word"
        );
    }
    // Typos in longer words are still forgiven.
    assert!(titles(&guide, &search(&index, "praaten")).contains(&"Wandelen en praten"));
}
