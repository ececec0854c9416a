//! Ranking against the demo neighbourhood at a pinned "now": after the fit, what
//! happens often and soon comes first, worked out as the schedule engine says, and
//! the same order every time.

use chrono::{DateTime, Days, Utc};
use uuid::Uuid;

use super::*;
use crate::demo::{Neighbourhood, neighbourhood};
use crate::model::Offering;
use crate::schedule::local_date_time;
use crate::vocab::Status;

fn guide() -> Neighbourhood {
    neighbourhood().expect("the demo data parses")
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a valid time")
}

/// Tuesday 3 November 2026, 10:00 in Amsterdam.
fn tuesday() -> DateTime<Utc> {
    at("2026-11-03T09:00:00Z")
}

/// Saturday 6 February 2027, 17:19 in Amsterdam: the morning's sessions are over.
fn saturday_evening() -> DateTime<Utc> {
    at("2027-02-06T16:19:00Z")
}

fn lonely(now: DateTime<Utc>) -> Query {
    Query {
        filters: Filters {
            need: Some(Need::MeetPeople),
            ..Filters::default()
        },
        limit: usize::MAX,
        ..Query::new("", now)
    }
}

fn offering(guide: &Neighbourhood, id: Uuid) -> &Offering {
    guide
        .offerings
        .iter()
        .find(|o| o.id == id)
        .expect("a hit is an offering of the guide")
}

fn position(guide: &Neighbourhood, results: &SearchResults, title: &str) -> usize {
    results
        .hits
        .iter()
        .position(|h| offering(guide, h.id).title == title)
        .unwrap_or_else(|| panic!("{title} is not among the results"))
}

/// The timing straight from the schedule engine: the four weeks from today, or
/// from tomorrow when today's sessions are over (or there are none). Opening hours
/// (by appointment) are no dates.
fn expected_timing(offering: &Offering, now: DateTime<Utc>) -> (Rhythm, u8, Option<u8>) {
    let dated = offering.has_sessions()
        && (!offering.schedules.is_empty() || !offering.exceptions.is_empty());
    let today = local_date_time(now).expect("a local time").date();
    let day = |d: u64| today.checked_add_days(Days::new(d)).expect("a date");
    let on = |d: u64| dated && offering.status != Status::Paused && offering.happens_on(day(d));
    let today_on = on(0)
        && offering
            .occurrences_on(today)
            .iter()
            .any(|o| o.end.unwrap_or(o.start).to_utc() > now);
    let first = if on(0) && !today_on { 1 } else { 0 };
    let dates: Vec<u64> = (first..first + 28).filter(|&d| on(d)).collect();
    let rhythm = match dates.len() {
        _ if !dated => Rhythm::WhenItSuits,
        0 => Rhythm::Later,
        1 => Rhythm::Once,
        2 | 3 => Rhythm::EveryOtherWeek,
        _ => Rhythm::Weekly,
    };
    (rhythm, dates.len() as u8, dates.first().map(|&d| d as u8))
}

#[test]
fn for_ik_voel_me_alleen_weekly_groups_come_first_and_the_yearly_party_last() {
    let guide = guide();
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let results = index.search(&lonely(tuesday()));
    assert_eq!(results.total, 63);
    let rhythms: Vec<Rhythm> = results.hits.iter().map(|h| h.timing.rhythm).collect();
    assert!(rhythms.windows(2).all(|w| w[0] <= w[1]), "{rhythms:?}");
    let weekly = rhythms.iter().filter(|r| **r == Rhythm::Weekly).count();
    assert!(weekly >= 30, "{weekly}");
    // Today's and tomorrow's weekly walk-ins open the list.
    for title in [
        "Huiskamer De Linde",
        "Inloop Het Baken",
        "Koffieochtend in De Ark",
    ] {
        assert!(position(&guide, &results, title) < 15, "{title}");
    }
    let first = &results.hits[0];
    assert_eq!(first.timing.rhythm, Rhythm::Weekly);
    assert!(first.timing.next_in_days <= Some(1), "on today or tomorrow");
    // Burendag happens once a year, in September: before, it came first.
    let party = position(&guide, &results, "Burendag");
    assert!(party > weekly, "{party}");
    assert_eq!(results.hits[party].timing.rhythm, Rhythm::Later);
    // The befriending visit by appointment comes after the weekly groups and
    // before what happens once a month.
    let visit = position(&guide, &results, "Vriendschappelijk huisbezoek");
    assert_eq!(results.hits[visit].timing.rhythm, Rhythm::WhenItSuits);
    assert!(visit < position(&guide, &results, "Bingomiddag"));
    // Within a rhythm, the closer to the need first (more of its health
    // dimensions), then the one about fewer things, and of those the sooner.
    let dimensions = Need::MeetPeople.dimensions();
    let weekly_order: Vec<(usize, usize, u8)> = results.hits[..weekly]
        .iter()
        .map(|h| {
            let o = offering(&guide, h.id);
            let close = o
                .health_dimensions
                .iter()
                .filter(|d| dimensions.contains(d));
            let next = h.timing.next_in_days.expect("weekly has a next date");
            (usize::MAX - close.count(), o.themes.len(), next)
        })
        .collect();
    assert!(
        weekly_order.windows(2).all(|w| w[0] <= w[1]),
        "{weekly_order:?}"
    );
}

#[test]
fn once_todays_session_is_over_the_next_one_counts() {
    let guide = guide();
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let results = index.search(&lonely(saturday_evening()));
    let walk = position(&guide, &results, "Wandelen met de huisarts");
    let timing = results.hits[walk].timing;
    assert_eq!(timing.next_in_days, Some(7), "it ran this morning");
    assert_eq!(timing.rhythm, Rhythm::Weekly);
    let first = &results.hits[0];
    assert_ne!(first.timing.next_in_days, Some(0), "nothing is left today");
}

#[test]
fn every_timing_is_what_the_schedule_engine_says() {
    let guide = guide();
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    for now in [
        tuesday(),
        saturday_evening(),
        // Boxing Day, when the Saturday walk is cancelled, and a summer Sunday night.
        at("2026-12-26T08:45:00Z"),
        at("2027-06-13T21:30:00Z"),
    ] {
        let everything = Query {
            limit: usize::MAX,
            ..Query::new("", now)
        };
        let results = index.search(&everything);
        assert!(results.total > 100);
        for hit in &results.hits {
            let offering = offering(&guide, hit.id);
            let timing = hit.timing;
            assert_eq!(
                (timing.rhythm, timing.dates, timing.next_in_days),
                expected_timing(offering, now),
                "{} at {now}",
                offering.title
            );
        }
    }
}

#[test]
fn the_order_is_the_same_whatever_order_the_offerings_came_in() {
    let guide = guide();
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let reversed = SearchIndex::from_offerings(guide.offerings.iter().rev(), &guide.organisations);
    for query in [
        lonely(tuesday()),
        Query {
            limit: usize::MAX,
            ..Query::new("koffie", tuesday())
        },
        Query {
            limit: usize::MAX,
            ..Query::new("", saturday_evening())
        },
    ] {
        let ids = |index: &SearchIndex| -> Vec<Uuid> {
            index.search(&query).hits.iter().map(|h| h.id).collect()
        };
        let first = ids(&index);
        assert_eq!(first, ids(&index), "{:?}", query.text);
        assert_eq!(first, ids(&reversed), "{:?}", query.text);
    }
}

#[test]
fn text_that_fits_better_still_comes_first() {
    let guide = guide();
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let results = index.search(&Query {
        limit: usize::MAX,
        ..Query::new("ik voel me alleen", tuesday())
    });
    let scores: Vec<f32> = results.hits.iter().map(|h| h.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // Among the many that match only through the need, the weekly ones first.
    let need_only: Vec<&Hit> = results
        .hits
        .iter()
        .filter(|h| h.reasons.iter().all(|r| r.kind == MatchKind::Need))
        .collect();
    assert!(need_only.len() > 40);
    let rhythms: Vec<Rhythm> = need_only
        .iter()
        .filter(|h| h.score == need_only[0].score)
        .map(|h| h.timing.rhythm)
        .collect();
    assert!(rhythms.windows(2).all(|w| w[0] <= w[1]), "{rhythms:?}");
    assert_eq!(rhythms[0], Rhythm::Weekly);
}

fn titles(guide: &Neighbourhood, hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| offering(guide, h.id).title.clone())
        .collect()
}

fn search(guide: &Neighbourhood, text: &str) -> SearchResults {
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    index.search(&Query::new(text, tuesday()))
}

#[test]
fn a_sentence_need_not_use_every_word_an_offering_has() {
    let guide = guide();
    let results = search(&guide, "mijn buren maken steeds herrie");
    assert_eq!(
        titles(&guide, &results.hits)[0],
        "Buurtbemiddeling",
        "it does not say 'maken'"
    );
    // Two words stay both required: a partial match is said as such.
    let results = search(&guide, "kinderen zwemmen");
    assert!(results.hits.iter().all(|h| h.reasons.len() == 2));
}

#[test]
fn alone_is_the_need_for_company_not_the_word_only() {
    let guide = guide();
    let results = search(&guide, "ik voel me alleen");
    let first = titles(&guide, &results.hits[..5]);
    // "Alleen voor vrouwen" (only for women) is not about loneliness.
    assert!(
        !first.contains(&"Zwemmen voor vrouwen".to_string()),
        "{first:?}"
    );
    assert!(
        first.contains(&"Huiskamer De Linde".to_string()),
        "{first:?}"
    );
    assert!(
        results.hits.iter().all(|h| h
            .reasons
            .iter()
            .filter(|r| r.word == "alleen")
            .all(|r| r.kind != MatchKind::Exact)),
        "'alleen' finds the need, and the offerings that say 'eenzaam'"
    );
}

#[test]
fn an_offering_for_everyone_comes_before_one_for_a_group_not_asked_about() {
    let guide = guide();
    let results = search(&guide, "ik wil meer bewegen");
    let open = position(&guide, &results, "Beweegcoaching op recept");
    let seniors_only = position(&guide, &results, "Tai chi voor ouderen");
    assert!(open < seniors_only);
    // Naming the group puts its offerings back among the first.
    let results = search(&guide, "bewegen voor ouderen");
    assert!(position(&guide, &results, "Tai chi voor ouderen") < 10);
}

#[test]
fn a_verb_finds_the_compounds_it_begins_in_its_own_form() {
    let guide = guide();
    let results = search(&guide, "bewegen");
    let coaching = position(&guide, &results, "Beweegcoaching op recept");
    let reason = &results.hits[coaching].reasons[0];
    assert_eq!(reason.matched, "beweegcoaching");
    assert!(reason.fields.contains(&Field::Title));
}

#[test]
fn caring_for_someone_is_carers_support() {
    let guide = guide();
    let results = search(&guide, "ik zorg voor mijn zieke vader");
    let all: Vec<String> = titles(&guide, &results.hits)
        .into_iter()
        .chain(titles(&guide, &results.related))
        .collect();
    assert!(
        all.iter()
            .take(5)
            .any(|t| t == "Steunpunt Mantelzorg: spreekuur"),
        "{all:?}"
    );
}

#[test]
fn a_short_list_gets_related_offerings_apart_and_a_long_one_none() {
    let guide = guide();
    let results = search(&guide, "valpreventie");
    assert!((1..5).contains(&results.total));
    assert!(!results.related.is_empty() && results.related.len() <= 5);
    let hits = titles(&guide, &results.hits);
    let related = titles(&guide, &results.related);
    assert!(related.iter().all(|t| !hits.contains(t)), "{related:?}");
    // Related offerings are on the subject: the first shares a theme with the hit.
    let hit = offering(&guide, results.hits[0].id);
    let first = offering(&guide, results.related[0].id);
    assert!(first.themes.iter().any(|t| hit.themes.contains(t)));
    assert!(results.related.iter().all(|h| h.reasons.is_empty()));

    assert!(search(&guide, "wandelen").related.is_empty(), "enough hits");
    assert!(
        search(&guide, "qqqxyz").related.is_empty(),
        "nothing to relate to"
    );
}

#[test]
fn related_offerings_pass_the_filters_too() {
    let guide = guide();
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let mut query = Query::new("valpreventie", tuesday());
    query.filters.free = true;
    let results = index.search(&query);
    for hit in results.hits.iter().chain(&results.related) {
        assert!(
            offering(&guide, hit.id).cost.is_free_for_participant(),
            "{}",
            offering(&guide, hit.id).title
        );
    }
}

#[test]
fn a_word_says_more_of_a_short_title() {
    let guide = guide();
    let results = search(&guide, "voedselbank");
    assert!(
        position(&guide, &results, "Voedselbank")
            < position(&guide, &results, "Vrijwilliger bij de voedselbank")
    );
}

#[test]
fn sums_are_not_bills() {
    let guide = guide();
    let results = search(&guide, "rekenen");
    let found = titles(&guide, &results.hits);
    assert!(found.iter().any(|t| t.starts_with("Huiswerk")), "{found:?}");
    // "rekening" (a bill) is no form of "rekenen": at most a longer word after it.
    assert!(results.hits.iter().all(|h| {
        h.reasons
            .iter()
            .all(|r| !r.matched.starts_with("rekening") || r.kind == MatchKind::Prefix)
    }));
    assert!(
        position(&guide, &results, "Huiswerkbegeleiding in de moskee")
            < position(&guide, &results, "GeldMaatje")
    );
}

#[test]
fn a_hyphenated_word_the_guide_does_not_know_is_looked_for_by_its_parts() {
    let guide = guide();
    let results = search(&guide, "wmo-voorziening");
    let found = titles(&guide, &results.hits);
    assert!(
        found.iter().any(|t| t == "Sociaal Wijkteam Vlonderveld"),
        "{found:?}"
    );
    // Known as one word: found as one.
    let results = search(&guide, "poh-ggz");
    assert_eq!(
        titles(&guide, &results.hits)[0],
        "Gesprekken met de POH-GGZ"
    );
}

#[test]
fn a_typed_sentence_finds_what_answers_part_of_it_after_what_answers_all() {
    let guide = guide();
    let results = search(&guide, "geen geld voor eten");
    let food_bank = position(&guide, &results, "Voedselbank");
    assert!(food_bank < 3, "money and food both: {food_bank}");
    // Money help alone answers part of it, and comes after.
    assert!(food_bank < position(&guide, &results, "GeldMaatje"));
    assert!(results.all_words_matched);
}

#[test]
fn a_compound_that_begins_with_a_verb_finds_the_verb() {
    let guide = guide();
    let results = search(&guide, "naailes");
    assert_eq!(titles(&guide, &results.hits)[0], "Naaiclub Draad & Praat");
}

#[test]
fn words_of_a_sentence_the_guide_does_not_have_do_not_hide_what_it_has() {
    let guide = guide();
    // "durf" and "sinds" are in no offering: the fall and going outside are.
    let results = search(
        &guide,
        "ik durf niet meer naar buiten sinds ik gevallen ben",
    );
    let first = titles(&guide, &results.hits);
    assert!(
        first
            .iter()
            .take(3)
            .any(|t| t == "Training In Balans (niet meer vallen)"),
        "{first:?}"
    );
}

#[test]
fn my_wife_is_someone_close_not_a_womens_group() {
    let guide = guide();
    let results = search(&guide, "sinds mijn vrouw is overleden zit ik alleen thuis");
    let first = titles(&guide, &results.hits);
    assert_eq!(first[0], "Rouwgroep: verder na verlies", "{first:?}");
    assert!(
        !first.iter().take(5).any(|t| t.contains("vrouwen")),
        "{first:?}"
    );
    // Without "mijn", women are who the person asks about.
    let results = search(&guide, "zwemmen vrouwen");
    assert_eq!(titles(&guide, &results.hits)[0], "Zwemmen voor vrouwen");
}

#[test]
fn both_parts_of_a_compound_say_more_than_one_part() {
    // "Meedoenpas" has "minima" and "regeling" in its tags, "Inloop Geldloket" has
    // "regelingen" in its tags and summary: two parts of the word beat one part
    // found in two fields.
    let guide = guide();
    let results = search(&guide, "minimaregeling");
    assert_eq!(
        titles(&guide, &results.hits[..2]),
        ["Meedoenpas", "Inloop Geldloket"]
    );
}

#[test]
fn words_that_mean_the_same_add_up_but_forms_of_one_word_do_not() {
    let guide = guide();
    // "job", "werk" and "baan" (Jobcoaching, the youth desk, the work desk) say
    // more than "job" in a tag; "Klussendienst" (odd jobs) has only "jobs".
    let mut query = Query::new("help finding a job", tuesday());
    query.lang = Lang::En;
    let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let results = index.search(&query);
    let first = titles(&guide, &results.hits[..5]);
    assert!(!first.contains(&"Klussendienst".to_string()), "{first:?}");
    // "wandelgroep" in a title and "wandelen" in its tags are one word found
    // twice, not two: the titles that say "wandelen" still come first.
    let results = search(&guide, "wandelen");
    assert_eq!(
        titles(&guide, &results.hits[..2]),
        ["Wandelen met de huisarts", "Wandelen en praten"]
    );
}
