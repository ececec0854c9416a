//! Behaviour of the whole search against the demo neighbourhood, checked against
//! plain definitions written from the offerings themselves: filters and facets,
//! the time filters against the schedule engine, and keeping the index current.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Days, Utc, Weekday};
use uuid::Uuid;

use super::*;
use crate::demo::{Neighbourhood, neighbourhood};
use crate::model::Offering;
use crate::schedule::{Progress, Shown, Window, local_date_time};
use crate::vocab::{HealthDimension, Language, OfferingKind, Status, Theme};

fn guide() -> Neighbourhood {
    neighbourhood().expect("the demo data parses")
}

fn index(guide: &Neighbourhood) -> SearchIndex {
    SearchIndex::from_offerings(&guide.offerings, &guide.organisations)
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a valid time")
}

/// Tuesday 3 November 2026, 10:00 in Amsterdam.
fn tuesday() -> DateTime<Utc> {
    at("2026-11-03T09:00:00Z")
}

fn all(filters: Filters, now: DateTime<Utc>) -> Query {
    Query {
        filters,
        limit: usize::MAX,
        ..Query::new("", now)
    }
}

fn named<'g>(guide: &'g Neighbourhood, title: &str) -> &'g Offering {
    match guide.offerings.iter().find(|o| o.title == title) {
        Some(offering) => offering,
        None => panic!("the demo has no {title:?}"),
    }
}

fn ids(results: &SearchResults) -> HashSet<Uuid> {
    results.hits.iter().map(|h| h.id).collect()
}

fn is_listed(offering: &Offering) -> bool {
    offering.is_public()
}

/// Whether a listed offering happens `when`, straight from the schedule engine.
fn happens(offering: &Offering, when: When, now: DateTime<Utc>) -> bool {
    let today = local_date_time(now).expect("a local time").date();
    offering.status != Status::Paused
        && (offering.has_sessions() || when == When::OpenNow)
        && match when {
            When::Today => still_today(offering, now),
            When::Tomorrow => today.succ_opt().is_some_and(|day| offering.happens_on(day)),
            When::ThisWeek => {
                still_today(offering, now)
                    || (1..7).any(|d| {
                        today
                            .checked_add_days(Days::new(d))
                            .is_some_and(|day| offering.happens_on(day))
                    })
            }
            When::OpenNow => offering.is_open_at(now),
        }
}

/// Whether a session of today is still to come or going on at `now`.
fn still_today(offering: &Offering, now: DateTime<Utc>) -> bool {
    let today = local_date_time(now).expect("a local time").date();
    offering
        .occurrences_on(today)
        .iter()
        .any(|o| Progress::of(o, now) != Progress::Over)
}

/// Weekdays of the schedules that have not ended (the demo's all name weekdays).
fn weekdays(offering: &Offering, now: DateTime<Utc>) -> Vec<Weekday> {
    let today = local_date_time(now).expect("a local time").date();
    if offering.status == Status::Paused {
        return Vec::new();
    }
    offering
        .schedules
        .iter()
        .filter(|s| s.ends_on().is_none_or(|end| end >= today))
        .flat_map(|s| s.byday.iter().map(|b| b.weekday))
        .collect()
}

fn languages(offering: &Offering) -> Vec<Language> {
    if offering.languages.is_empty() {
        vec![Language::Dutch]
    } else {
        offering.languages.clone()
    }
}

/// Each filter as a plain test on an offering, by the key it has in the URL.
fn passes(offering: &Offering, filters: &Filters, now: DateTime<Utc>, except: &str) -> bool {
    let any = |wanted: bool, key: &str| except == key || wanted;
    any(
        filters
            .need
            .is_none_or(|n| n.themes().iter().any(|t| offering.themes.contains(t))),
        "need",
    ) && any(
        filters.themes.is_empty() || filters.themes.iter().any(|t| offering.themes.contains(t)),
        "theme",
    ) && any(
        filters.dimensions.is_empty()
            || filters
                .dimensions
                .iter()
                .any(|d| offering.health_dimensions.contains(d)),
        "dim",
    ) && any(filters.kind.is_none_or(|k| offering.kind == k), "kind")
        && any(
            !filters.free || offering.cost.is_free_for_participant(),
            "free",
        )
        && any(
            filters.age.is_none_or(|age| {
                offering.min_age.is_none_or(|m| m <= age)
                    && offering.max_age.is_none_or(|m| age <= m)
            }),
            "age",
        )
        && any(
            filters.days.is_empty()
                || weekdays(offering, now)
                    .iter()
                    .any(|d| filters.days.contains(d)),
            "day",
        )
        && any(
            filters.when.is_none_or(|w| happens(offering, w, now)),
            "when",
        )
        && any(
            filters.neighbourhoods.is_empty()
                || offering.location.as_ref().is_some_and(|l| {
                    filters
                        .neighbourhoods
                        .iter()
                        .any(|n| n.to_lowercase() == l.neighbourhood.to_lowercase())
                }),
            "area",
        )
        && any(
            !filters.wheelchair
                || offering
                    .accessibility
                    .contains(&crate::vocab::AccessibilityFeature::Wheelchair),
            "wheelchair",
        )
        && any(
            filters.languages.is_empty()
                || languages(offering)
                    .iter()
                    .any(|l| filters.languages.contains(l)),
            "language",
        )
}

fn filter_sets() -> Vec<Filters> {
    vec![
        Filters::default(),
        Filters {
            themes: vec![Theme::Exercise, Theme::MeetingPeople],
            free: true,
            ..Filters::default()
        },
        Filters {
            dimensions: vec![HealthDimension::Mind],
            kind: Some(OfferingKind::Informal),
            age: Some(16),
            ..Filters::default()
        },
        Filters {
            days: vec![Weekday::Tue, Weekday::Sat],
            wheelchair: true,
            neighbourhoods: vec!["molenkamp".into(), "De Esch".into()],
            ..Filters::default()
        },
        Filters {
            when: Some(When::ThisWeek),
            languages: vec![Language::Arabic, Language::English],
            ..Filters::default()
        },
        Filters {
            need: Some(Need::MeetPeople),
            when: Some(When::Today),
            kind: Some(OfferingKind::Formal),
            ..Filters::default()
        },
    ]
}

#[test]
fn filters_keep_exactly_the_offerings_that_pass_them_all() {
    let guide = guide();
    let index = index(&guide);
    for filters in filter_sets() {
        let results = index.search(&all(filters.clone(), tuesday()));
        let expected: HashSet<Uuid> = guide
            .offerings
            .iter()
            .filter(|o| is_listed(o) && passes(o, &filters, tuesday(), ""))
            .map(|o| o.id)
            .collect();
        assert_eq!(ids(&results), expected, "{filters:?}");
        assert_eq!(results.total, expected.len());
    }
}

#[test]
fn facet_counts_apply_every_filter_but_their_own() {
    let guide = guide();
    let index = index(&guide);
    let now = tuesday();
    for filters in filter_sets() {
        let facets = index.search(&all(filters.clone(), now)).facets;
        let others = |key: &str| -> Vec<&Offering> {
            guide
                .offerings
                .iter()
                .filter(|o| is_listed(o) && passes(o, &filters, now, key))
                .collect()
        };
        let count = |key: &str, has: &dyn Fn(&Offering) -> bool| {
            others(key).into_iter().filter(|o| has(o)).count() as u32
        };
        for (theme, n) in &facets.themes {
            assert_eq!(
                *n,
                count("theme", &|o| o.themes.contains(theme)),
                "{theme:?}"
            );
        }
        for (dimension, n) in &facets.dimensions {
            let has = |o: &Offering| o.health_dimensions.contains(dimension);
            assert_eq!(*n, count("dim", &has), "{dimension:?}");
        }
        for (need, n) in &facets.needs {
            let has = |o: &Offering| need.themes().iter().any(|t| o.themes.contains(t));
            assert_eq!(*n, count("need", &has), "{need:?}");
        }
        for (kind, n) in &facets.kinds {
            assert_eq!(*n, count("kind", &|o| o.kind == *kind), "{kind:?}");
        }
        let free = |o: &Offering| o.cost.is_free_for_participant();
        assert_eq!(facets.free, count("free", &free));
        for (day, n) in &facets.days {
            assert_eq!(
                *n,
                count("day", &|o| weekdays(o, now).contains(day)),
                "{day:?}"
            );
        }
        for (when, n) in &facets.when {
            assert_eq!(*n, count("when", &|o| happens(o, *when, now)), "{when:?}");
        }
        for (name, n) in &facets.neighbourhoods {
            let has = |o: &Offering| {
                o.location
                    .as_ref()
                    .is_some_and(|l| l.neighbourhood == *name)
            };
            assert_eq!(*n, count("area", &has), "{name}");
        }
        for (language, n) in &facets.languages {
            let has = |o: &Offering| languages(o).contains(language);
            assert_eq!(*n, count("language", &has), "{language:?}");
        }
        assert!(facets.themes.iter().any(|(_, n)| *n > 0), "{filters:?}");
    }
}

#[test]
fn time_filters_agree_with_the_schedule_engine() {
    let guide = guide();
    let index = index(&guide);
    let moments = [
        tuesday(),
        // Saturday 7 November 09:45: "Wandelen met de huisarts" is under way.
        at("2026-11-07T08:45:00Z"),
        // Saturday 26 December (Boxing Day), when that walk is cancelled.
        at("2026-12-26T08:45:00Z"),
        // Late on a Sunday in summer time.
        at("2027-06-13T21:30:00Z"),
        // The night the clocks go back.
        at("2026-10-25T01:30:00Z"),
        // Saturday 7 February 17:19: most of the day's sessions are over.
        at("2026-02-07T16:19:00Z"),
    ];
    for now in moments {
        for when in When::ALL {
            let filters = Filters {
                when: Some(when),
                ..Filters::default()
            };
            let found = ids(&index.search(&all(filters, now)));
            let expected: HashSet<Uuid> = guide
                .offerings
                .iter()
                .filter(|o| is_listed(o) && happens(o, when, now))
                .map(|o| o.id)
                .collect();
            assert_eq!(found, expected, "{when:?} at {now}");
        }
    }
    let walk = named(&guide, "Wandelen met de huisarts");
    let open_now = Filters {
        when: Some(When::OpenNow),
        ..Filters::default()
    };
    let saturday = ids(&index.search(&all(open_now.clone(), moments[1])));
    assert!(saturday.contains(&walk.id), "the walk is on at 09:45");
    let boxing_day = ids(&index.search(&all(open_now, moments[2])));
    assert!(!boxing_day.contains(&walk.id), "not on Boxing Day");
}

#[test]
fn without_text_everything_listed_comes_by_timing_and_title_or_in_agenda_order() {
    let guide = guide();
    let index = index(&guide);
    let results = index.search(&all(Filters::default(), tuesday()));
    let listed = guide.offerings.iter().filter(|o| is_listed(o)).count();
    assert_eq!(results.total, listed);
    let key = |hit: &Hit| {
        let o = guide
            .offerings
            .iter()
            .find(|o| o.id == hit.id)
            .expect("known");
        (
            o.status == Status::Paused,
            hit.timing.rank(),
            fold::fold_text(&o.title),
        )
    };
    let keys: Vec<_> = results.hits.iter().map(key).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");

    let week = Filters {
        when: Some(When::ThisWeek),
        ..Filters::default()
    };
    let agenda = index.search(&all(week, tuesday()));
    let first_start = |id: Uuid| {
        let o = guide.offerings.iter().find(|o| o.id == id).expect("known");
        o.next_occurrences(at("2026-11-02T23:00:00Z"), 1)[0].start
    };
    let starts: Vec<_> = agenda.hits.iter().map(|h| first_start(h.id)).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "soonest first");
}

#[test]
fn a_need_without_text_puts_the_offerings_of_more_of_its_themes_first() {
    let guide = guide();
    let index = index(&guide);
    let filters = Filters {
        need: Some(Need::HelpAtHome),
        ..Filters::default()
    };
    let results = index.search(&all(filters, tuesday()));
    assert!(results.total > 20);
    let themes = |hit: &Hit| {
        let o = guide
            .offerings
            .iter()
            .find(|o| o.id == hit.id)
            .expect("known");
        Need::HelpAtHome
            .themes()
            .iter()
            .filter(|t| o.themes.contains(t))
            .count()
    };
    let fits: Vec<usize> = results.hits.iter().map(themes).collect();
    assert!(fits.windows(2).all(|w| w[0] >= w[1]), "{fits:?}");
    assert_eq!(fits[0], 2, "care and housing both");
    let scores: Vec<f32> = results.hits.iter().map(|h| h.score).collect();
    assert_eq!(
        scores,
        fits.iter().map(|&f| f as f32).collect::<Vec<_>>(),
        "the score is the fit"
    );
}

#[test]
fn the_public_sees_published_and_paused_offerings_and_staff_see_all() {
    let guide = guide();
    let index = index(&guide);
    let public = ids(&index.search(&all(Filters::default(), tuesday())));
    for offering in &guide.offerings {
        assert_eq!(
            public.contains(&offering.id),
            offering.is_public(),
            "{}",
            offering.title
        );
    }
    let everything = Query {
        scope: Scope::Everything,
        ..all(Filters::default(), tuesday())
    };
    assert_eq!(index.search(&everything).total, guide.offerings.len());
    let draft = guide
        .offerings
        .iter()
        .find(|o| o.status == Status::Draft)
        .expect("the demo has a draft");
    let by_title = |scope| Query {
        scope,
        ..Query::new(draft.title.clone(), tuesday())
    };
    assert!(!ids(&index.search(&by_title(Scope::Public))).contains(&draft.id));
    assert!(ids(&index.search(&by_title(Scope::Everything))).contains(&draft.id));
}

#[test]
fn paused_offerings_come_after_published_ones_that_match_as_well() {
    let guide = guide();
    let mut index = index(&guide);
    let published = named(&guide, "Yoga in het park");
    let paused = Offering {
        id: Uuid::from_u128(7),
        status: Status::Paused,
        ..published.clone()
    };
    index.upsert(&paused);
    let results = index.search(&Query::new("yoga", tuesday()));
    let order: Vec<Uuid> = results.hits.iter().map(|h| h.id).collect();
    assert_eq!(order, [published.id, paused.id]);
    let today = Filters {
        when: Some(When::ThisWeek),
        ..Filters::default()
    };
    let this_week = ids(&index.search(&Query {
        filters: today,
        ..Query::new("yoga", tuesday())
    }));
    assert!(
        !this_week.contains(&paused.id),
        "a paused offering does not happen"
    );
}

#[test]
fn every_hit_says_why_it_matched() {
    let guide = guide();
    let index = index(&guide);
    let results = index.search(&Query::new("wandelen eenzaam", tuesday()));
    assert!(results.all_words_matched);
    for hit in &results.hits {
        let words: HashSet<&str> = hit.reasons.iter().map(|r| r.word.as_str()).collect();
        assert_eq!(words, HashSet::from(["wandelen", "eenzaam"]), "{hit:?}");
        assert!(hit.reasons.iter().all(|r| !r.fields.is_empty()));
    }
    let walk = results.hits.iter().find(|h| {
        h.reasons
            .iter()
            .any(|r| r.kind == MatchKind::Exact && r.fields.contains(&Field::Title))
    });
    assert!(walk.is_some(), "{:?}", results.hits);
    let need = index.search(&Query::new("lonely ", tuesday()));
    let reason = &need.hits[0].reasons[0];
    assert_eq!(
        (reason.kind, reason.need),
        (MatchKind::Need, Some(Need::MeetPeople))
    );
    assert_eq!(reason.fields, [Field::Themes]);
}

#[test]
fn when_no_offering_matches_every_word_the_best_partial_matches_are_shown() {
    let guide = guide();
    let index = index(&guide);
    let results = index.search(&Query::new("yoga xqzwv ", tuesday()));
    assert!(!results.all_words_matched);
    assert_eq!(results.total, 1);
    assert!(
        index
            .search(&Query::new("xqzwv ", tuesday()))
            .hits
            .is_empty()
    );
}

#[test]
fn changes_apply_record_by_record() {
    let guide = guide();
    let mut index = index(&guide);
    let search = |index: &SearchIndex, text: &str| ids(&index.search(&Query::new(text, tuesday())));
    let yoga = named(&guide, "Yoga in het park").clone();
    assert!(search(&index, "yoga ").contains(&yoga.id));

    let renamed = Offering {
        title: "Pilates in het park".into(),
        tags: vec!["pilates".into()],
        summary: "Pilates op het gras.".into(),
        description: "Rustig bewegen op het gras.".into(),
        translations: Default::default(),
        ..yoga.clone()
    };
    index.upsert(&renamed);
    assert!(
        !search(&index, "yoga ").contains(&yoga.id),
        "the old words are gone"
    );
    assert!(search(&index, "pilates ").contains(&yoga.id));
    assert_eq!(index.len(), guide.offerings.len());

    assert!(index.remove(yoga.id));
    assert!(!index.remove(yoga.id));
    assert!(search(&index, "pilates ").is_empty());
    assert!(!index.contains(yoga.id));

    // A new offering takes the free slot, and its words are found.
    let new = Offering {
        id: Uuid::from_u128(42),
        title: "Zumba voor iedereen".into(),
        ..yoga
    };
    index.upsert(&new);
    assert_eq!(search(&index, "zumba "), HashSet::from([new.id]));
    assert_eq!(
        search(&index, "zumb"),
        HashSet::from([new.id]),
        "a new word has prefixes"
    );
}

#[test]
fn what_a_publisher_fills_in_is_what_residents_filter_and_search_on() {
    use crate::vocab::AccessibilityFeature;
    let guide = guide();
    let mut index = index(&guide);
    let yoga = named(&guide, "Yoga in het park").clone();
    let found = |index: &SearchIndex, text: &str, filters: Filters| {
        let query = Query {
            filters,
            limit: usize::MAX,
            ..Query::new(text, tuesday())
        };
        ids(&index.search(&query)).contains(&yoga.id)
    };
    let arabic = Filters {
        languages: vec![Language::Arabic],
        ..Filters::default()
    };
    let wheelchair = Filters {
        wheelchair: true,
        ..Filters::default()
    };
    let area = Filters {
        neighbourhoods: vec!["beekzijde".into()],
        ..Filters::default()
    };
    assert!(!yoga.at_home && !yoga.languages.contains(&Language::Arabic));
    assert!(!found(&index, "thuis", Filters::default()));
    assert!(!found(&index, "", arabic.clone()));

    let mut filled = yoga.clone();
    filled.languages = vec![Language::Dutch, Language::Arabic];
    filled.accessibility = vec![AccessibilityFeature::Wheelchair];
    filled.at_home = true;
    filled.location.get_or_insert_default().neighbourhood = "Beekzijde".into();
    index.upsert(&filled);
    assert!(found(&index, "thuis", Filters::default()));
    assert!(found(&index, "", arabic));
    assert!(found(&index, "", wheelchair));
    assert!(found(&index, "", area));
}

#[test]
fn an_organisation_can_be_renamed() {
    let guide = guide();
    let mut index = index(&guide);
    let organisation = guide
        .organisations
        .iter()
        .find(|o| {
            guide
                .offerings
                .iter()
                .any(|f| f.organisation_id == Some(o.id))
        })
        .expect("organisations run offerings");
    let runs: HashSet<Uuid> = guide
        .offerings
        .iter()
        .filter(|o| o.organisation_id == Some(organisation.id) && o.is_public())
        .map(|o| o.id)
        .collect();
    let find = |index: &SearchIndex, text: &str| -> HashSet<Uuid> {
        index
            .search(&Query {
                limit: usize::MAX,
                ..Query::new(text, tuesday())
            })
            .hits
            .iter()
            .filter(|h| {
                h.reasons
                    .iter()
                    .any(|r| r.fields.contains(&Field::Organisation))
            })
            .map(|h| h.id)
            .collect()
    };
    index.set_organisation(organisation.id, "Stichting Zonnebloemveld");
    assert_eq!(find(&index, "zonnebloemveld "), runs);
    index.set_organisation(organisation.id, "Vereniging Klaprooswei");
    assert!(
        find(&index, "zonnebloemveld ").is_empty(),
        "the old name is gone"
    );
    assert_eq!(find(&index, "klaprooswei "), runs);
    // Its offerings keep their own words.
    let own = guide
        .offerings
        .iter()
        .find(|o| runs.contains(&o.id))
        .expect("it runs one");
    let title = index.search(&Query::new(own.title.clone(), tuesday()));
    assert!(ids(&title).contains(&own.id));
}

#[test]
fn the_agenda_follows_changes_on_the_same_day() {
    let guide = guide();
    let mut index = index(&guide);
    let today = Filters {
        when: Some(When::Today),
        ..Filters::default()
    };
    let before = ids(&index.search(&all(today.clone(), tuesday())));
    let mut offering = guide
        .offerings
        .iter()
        .find(|o| o.is_public() && !o.schedules.is_empty() && !before.contains(&o.id))
        .expect("something does not happen on Tuesdays")
        .clone();
    for schedule in &mut offering.schedules {
        for by in &mut schedule.byday {
            by.weekday = tuesday().weekday();
            by.ordinal = None;
        }
        schedule.freq = crate::schedule::Frequency::Weekly;
        schedule.interval = 1;
    }
    index.upsert(&offering);
    let after = ids(&index.search(&all(today, tuesday())));
    assert!(after.contains(&offering.id));
    assert_eq!(after.len(), before.len() + 1);
}

#[test]
fn odd_input_is_handled_without_panics() {
    let guide = guide();
    let index = index(&guide);
    let long = "wandelen".repeat(2_000);
    for text in [
        long.as_str(),
        "   ",
        "de ",
        "'-'--",
        "🙂 café",
        "a b c d e f g h i j k l",
        "x",
    ] {
        let results = index.search(&Query::new(text, tuesday()));
        assert!(results.hits.len() <= 20, "{text}");
    }
    assert_eq!(index.search(&Query::new("   ", tuesday())).total, {
        guide.offerings.iter().filter(|o| o.is_public()).count()
    });
    let empty = SearchIndex::new();
    assert_eq!(empty.search(&Query::new("wandelen", tuesday())).total, 0);
    assert!(empty.is_empty());
}

#[test]
fn opening_hours_are_open_now_but_no_session_today() {
    let guide = guide();
    let index = index(&guide);
    let gp = named(&guide, "Huisartsenpraktijk Molenkamp").id;
    // Monday 9 February 2026, 10:00 in Amsterdam: the practice is open.
    let monday = at("2026-02-09T09:00:00Z");
    let when = |w: When| Filters {
        when: Some(w),
        ..Filters::default()
    };
    for w in [When::Today, When::Tomorrow, When::ThisWeek] {
        assert!(
            !ids(&index.search(&all(when(w), monday))).contains(&gp),
            "{w:?}"
        );
    }
    assert!(ids(&index.search(&all(when(When::OpenNow), monday))).contains(&gp));
    let results = index.search(&Query::new("huisartsenpraktijk molenkamp", monday));
    let hit = results.hits.iter().find(|h| h.id == gp).expect("found");
    assert_eq!(hit.timing.rhythm, Rhythm::WhenItSuits);
}

#[test]
fn facets_count_after_offerings_come_one_by_one() {
    let guide = guide();
    let mut index = SearchIndex::new();
    let now = at("2026-02-07T16:19:00Z");
    let before = index.search(&all(Filters::default(), now));
    assert_eq!(before.facets.free, 0);
    for offering in &guide.offerings {
        index.upsert(offering);
    }
    let whole = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
    let week = Filters {
        when: Some(When::ThisWeek),
        ..Filters::default()
    };
    let one_by_one = index.search(&all(week.clone(), now));
    let at_once = whole.search(&all(week, now));
    assert_eq!(one_by_one.total, at_once.total);
    assert!(at_once.facets.free > 0);
    assert_eq!(one_by_one.facets.free, at_once.facets.free);
}

#[test]
fn today_is_what_is_still_to_come_and_the_week_shows_its_next_session() {
    let guide = guide();
    let index = index(&guide);
    // Saturday 7 February 2026 in Amsterdam: the morning, midday, and 17:19, when
    // every session of the day is over.
    for (now, any_left) in [
        (at("2026-02-07T09:30:00Z"), true),
        (at("2026-02-07T12:00:00Z"), true),
        (at("2026-02-07T16:19:00Z"), false),
    ] {
        let search = |when: When| {
            let filters = Filters {
                when: Some(when),
                ..Filters::default()
            };
            index.search(&all(filters, now))
        };
        let date = local_date_time(now).expect("a local time").date();
        let on = |date| {
            guide
                .offerings
                .iter()
                .filter(move |o| is_listed(o) && o.has_sessions() && o.happens_on(date))
        };
        let over = on(date).filter(|o| !still_today(o, now)).count();
        assert!(over > 0, "the demo has sessions over at {now}");
        let today = search(When::Today);
        assert_eq!(today.total > 0, any_left, "{now}");
        assert_eq!(today.total, on(date).count() - over, "{now}");
        // What each card says: a session of today not over, as the front page's
        // "Vandaag in de wijk"; for the week, its next session.
        let progress = |results: &SearchResults, window: Window| -> Vec<Progress> {
            results
                .hits
                .iter()
                .map(|hit| {
                    let offering = guide.offerings.iter().find(|o| o.id == hit.id);
                    match offering.map(|o| o.shown(window, now)) {
                        Some(Shown::Session { session, .. }) => session.progress,
                        other => panic!("{:?} at {now}: {other:?}", hit.id),
                    }
                })
                .collect()
        };
        let count = |results: &SearchResults, when: When| {
            let counts = &results.facets.when;
            counts.iter().find(|(w, _)| *w == when).map(|(_, n)| *n)
        };
        for (when, window) in [(When::Today, Window::Today), (When::ThisWeek, Window::Week)] {
            let results = search(when);
            let shown = progress(&results, window);
            assert!(
                shown.iter().all(|p| *p != Progress::Over),
                "{when:?} at {now}"
            );
            assert_eq!(count(&results, when), Some(results.total as u32));
        }
        // Tomorrow is the whole of tomorrow.
        let tomorrow = search(When::Tomorrow);
        let next = date.succ_opt().expect("a date");
        assert_eq!(tomorrow.total, on(next).count(), "{now}");
    }
}

/// Each keystroke of `typed`, as a search box sends them.
fn keystrokes(typed: &str) -> impl Iterator<Item = &str> {
    typed
        .char_indices()
        .map(|(i, c)| &typed[..i + c.len_utf8()])
}

#[test]
fn words_kept_from_the_last_keystrokes_give_what_scoring_them_anew_gives() {
    let mut guide = guide();
    let mut kept = index(&guide);
    let searched = |index: &SearchIndex, text: &str, scope: Scope| {
        index.search(&Query {
            scope,
            limit: usize::MAX,
            ..Query::new(text, tuesday())
        })
    };
    let typed = [
        "hulp bij schulden",
        "samen eten in de buurt",
        "hulp bij de computer",
        "ik voel me alleen",
    ];
    for text in typed.iter().flat_map(|t| keystrokes(t)) {
        for scope in [Scope::Public, Scope::Everything] {
            assert_eq!(
                searched(&kept, text, scope),
                searched(&index(&guide), text, scope),
                "{text:?} in {scope:?}"
            );
        }
    }
    // A change to the guide between two keystrokes: the kept "hulp" is of the
    // index before it.
    searched(&kept, "hulp bij", Scope::Public);
    let changed = guide
        .offerings
        .iter_mut()
        .find(|o| !o.title.to_lowercase().contains("hulp"))
        .expect("an offering without 'hulp'");
    changed.title = format!("Hulp bij {}", changed.title);
    kept.upsert(changed);
    let anew = index(&guide);
    for text in ["hulp bij", "hulp bij s"] {
        assert_eq!(
            searched(&kept, text, Scope::Public),
            searched(&anew, text, Scope::Public),
            "{text:?} after a change"
        );
    }
}

#[test]
fn a_card_says_the_words_it_was_found_through_unless_its_title_shows_them() {
    let guide = guide();
    let index = index(&guide);
    let results = index.search(&Query::new("eenzaam", tuesday()));
    let said: Vec<Option<String>> = results
        .hits
        .iter()
        .map(|hit| matched_on(&hit.reasons, Lang::Nl))
        .collect();
    assert!(
        said.iter().flatten().any(|s| s.starts_with("Past bij: ")),
        "{said:?}"
    );
    // In English, the same words after the English lead; a need by its English name.
    let english = index.search(&Query {
        lang: Lang::En,
        ..Query::new("lonely", tuesday())
    });
    let first = english
        .hits
        .iter()
        .find_map(|h| matched_on(&h.reasons, Lang::En));
    assert!(first.is_some_and(|s| s.starts_with("Matches: ")));
}

#[test]
fn a_place_is_named_with_its_neighbourhood_or_as_online_or_at_home() {
    let guide = guide();
    let mut offering = guide.offerings[0].clone();
    let location = offering.location.clone().expect("a place");
    let said = offering.place_text(Lang::Nl).unwrap();
    assert!(said.starts_with(&location.name), "{said}");
    offering.location = None;
    offering.online = true;
    assert_eq!(offering.place_text(Lang::En).as_deref(), Some("Online"));
    offering.online = false;
    offering.at_home = true;
    assert_eq!(
        offering.place_text(Lang::Nl).as_deref(),
        Some("Bij je thuis")
    );
    assert_eq!(
        offering.place_text(Lang::En).as_deref(),
        Some("At your home")
    );
    offering.at_home = false;
    assert_eq!(offering.place_text(Lang::Nl), None);
}
