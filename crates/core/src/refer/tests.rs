use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use uuid::Uuid;

use super::*;
use crate::model::Cost;
use crate::sample::sample_offering;
use crate::schedule::{ByDay, Frequency, Schedule, ScheduleException};
use crate::vocab::{
    AccessibilityFeature, Audience, CostUnit, HealthDimension as D, Language, Status, Theme,
};

/// Monday 2 November 2026, 09:00 in Amsterdam.
fn monday_morning() -> DateTime<Utc> {
    "2026-11-02T08:00:00Z".parse().unwrap()
}

fn offering(n: u128, title: &str) -> Offering {
    Offering {
        id: Uuid::from_u128(n),
        title: title.into(),
        ..sample_offering()
    }
}

fn weekly(day: Weekday, opens: u32) -> Schedule {
    Schedule {
        freq: Frequency::Weekly,
        interval: 1,
        byday: vec![ByDay::every(day)],
        opens_at: NaiveTime::from_hms_opt(opens, 0, 0),
        closes_at: None,
        valid_from: None,
        valid_to: None,
        dtstart: None,
        until: None,
        description: None,
    }
}

fn ids(offerings: &[Offering], needs: &ReferralNeeds) -> Vec<u128> {
    rank(offerings, needs, monday_morning(), 100)
        .fits
        .iter()
        .map(|f| f.id.as_u128())
        .collect()
}

#[test]
fn hard_limits_filter_as_the_search_filters_do() {
    let fits = offering(1, "Past");
    let paid = Offering {
        cost: Cost::Paid {
            amount_cents: 500,
            unit: CostUnit::PerSession,
        },
        ..offering(2, "Betaald")
    };
    let for_children = Offering {
        max_age: Some(12),
        min_age: None,
        ..offering(3, "Kinderen")
    };
    let no_wheelchair = offering(4, "Trap");
    let arabic_only = Offering {
        languages: vec![Language::Arabic],
        ..offering(5, "Arabisch")
    };
    let elsewhere = Offering {
        location: sample_offering().location.map(|l| crate::model::Location {
            neighbourhood: "Centrum".into(),
            ..l
        }),
        ..offering(6, "Elders")
    };
    let mut all = [
        fits,
        paid,
        for_children,
        no_wheelchair,
        arabic_only,
        elsewhere,
    ];
    for o in all.iter_mut().filter(|o| o.id.as_u128() != 4) {
        o.accessibility = vec![AccessibilityFeature::Wheelchair];
    }
    let needs = ReferralNeeds {
        free: true,
        age: Some(40),
        wheelchair: true,
        languages: vec![Language::Dutch, Language::English],
        neighbourhoods: vec!["de LINDEN".into()],
        ..ReferralNeeds::default()
    };
    assert_eq!(ids(&all, &needs), [1]);
    assert_eq!(ids(&all, &ReferralNeeds::default()).len(), 6);
}

#[test]
fn a_day_fits_by_schedule_appointment_or_no_fixed_times() {
    let tuesday = offering(1, "Dinsdag");
    let ended = Offering {
        schedules: vec![Schedule {
            valid_to: NaiveDate::from_ymd_opt(2026, 1, 1),
            ..weekly(Weekday::Thu, 10)
        }],
        ..offering(2, "Voorbij")
    };
    let appointment = Offering {
        by_appointment: true,
        schedules: vec![weekly(Weekday::Mon, 9)],
        ..offering(3, "Afspraak")
    };
    let always = Offering {
        schedules: vec![],
        ..offering(4, "Altijd")
    };
    let all = [tuesday, ended, appointment, always];
    let on = |day| ReferralNeeds {
        days: vec![day],
        ..ReferralNeeds::default()
    };
    assert_eq!(ids(&all, &on(Weekday::Tue)), [1, 3, 4]);
    assert_eq!(ids(&all, &on(Weekday::Thu)), [3, 4]);
}

#[test]
fn only_published_offerings_are_suggested() {
    let all: Vec<Offering> = <Status as Vocabulary>::ALL
        .iter()
        .enumerate()
        .map(|(i, status)| Offering {
            status: *status,
            ..offering(i as u128, "x")
        })
        .collect();
    let found = rank(&all, &ReferralNeeds::default(), monday_morning(), 10);
    assert_eq!(found.total, 1);
    assert_eq!(
        all[found.fits[0].id.as_u128() as usize].status,
        Status::Published
    );
}

#[test]
fn dimensions_and_themes_weigh_the_same_as_groups() {
    let needs = ReferralNeeds {
        dimensions: vec![D::Body, D::Participation],
        themes: vec![Theme::Exercise, Theme::MeetingPeople, Theme::Housing],
        ..ReferralNeeds::default()
    };
    let with = |n, dims: Vec<D>, themes: Vec<Theme>| Offering {
        health_dimensions: dims,
        themes,
        ..offering(n, "x")
    };
    let all = [
        with(1, vec![D::Body], vec![]),
        with(2, vec![D::Body, D::Participation], vec![]),
        with(
            3,
            vec![],
            vec![Theme::Exercise, Theme::MeetingPeople, Theme::Housing],
        ),
        with(4, vec![D::Body], vec![Theme::Housing]),
        with(5, vec![D::Mind], vec![Theme::MoneyDebt]),
    ];
    let found = rank(&all, &needs, monday_morning(), 10);
    let scores: Vec<(u128, u32)> = found
        .fits
        .iter()
        .map(|f| (f.id.as_u128(), f.score))
        .collect();
    // A dimension counts 3 (three themes chosen), a theme 2 (two dimensions).
    assert_eq!(scores, [(2, 6), (3, 6), (4, 5), (1, 3)]);
    assert_eq!(found.total, 4, "covering nothing chosen is no fit");
    let fourth = &found.fits[2];
    assert_eq!(fourth.dimensions, [D::Body]);
    assert_eq!(fourth.themes, [Theme::Housing]);
    assert_eq!(
        fourth.covers(Lang::Nl),
        ["Lichaamsfuncties", Theme::Housing.label(Lang::Nl)]
    );
}

#[test]
fn ties_go_to_the_soonest_session_then_the_title() {
    let at = |n, title: &str, schedules: Vec<Schedule>| Offering {
        schedules,
        ..offering(n, title)
    };
    let all = [
        at(1, "Woensdag", vec![weekly(Weekday::Wed, 10)]),
        // Monday 08:00 has passed at 09:00: next Monday.
        at(2, "Maandag vroeg", vec![weekly(Weekday::Mon, 8)]),
        at(3, "Dinsdag B", vec![weekly(Weekday::Tue, 10)]),
        at(4, "dinsdag a", vec![weekly(Weekday::Tue, 10)]),
        Offering {
            by_appointment: true,
            ..at(5, "Afspraak", vec![])
        },
        at(6, "Vandaag", vec![weekly(Weekday::Mon, 14)]),
    ];
    assert_eq!(ids(&all, &ReferralNeeds::default()), [6, 4, 3, 1, 2, 5]);
    let found = rank(&all, &ReferralNeeds::default(), monday_morning(), 2);
    assert_eq!(found.total, 6);
    assert_eq!(found.fits.len(), 2);
    assert!(
        rank(&all, &ReferralNeeds::default(), monday_morning(), 0)
            .fits
            .is_empty()
    );
}

#[test]
fn the_next_session_is_the_engines() {
    let (_, mut offerings) = crate::generate::dataset(3000, 7);
    // Exceptions of every kind near the moments below: closed, other times, and
    // listed without times (a whole day when the pattern has none).
    let exception = |day, closed, opens_at| ScheduleException {
        date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
        closed,
        opens_at,
        closes_at: None,
        note: None,
    };
    for (i, o) in offerings.iter_mut().enumerate() {
        match i % 50 {
            0 => o.exceptions.push(exception(3, true, None)),
            17 => o
                .exceptions
                .push(exception(5, false, NaiveTime::from_hms_opt(7, 0, 0))),
            33 => o.exceptions.push(exception(4, false, None)),
            _ => {}
        }
    }
    let moments = [
        "2026-11-02T08:00:00Z",
        "2026-11-03T23:30:00Z",
        "2027-03-28T01:30:00Z",
        "2026-12-31T12:00:00Z",
    ];
    for moment in moments {
        let now: DateTime<Utc> = moment.parse().unwrap();
        let today = local_date_time(now).unwrap().date();
        for o in &offerings {
            let engine = if o.by_appointment {
                None
            } else {
                o.next_occurrences(now, 1).first().map(|x| x.start)
            };
            assert_eq!(next_start(o, now, today), engine, "{} at {moment}", o.id);
        }
    }
}

#[test]
fn links_round_trip_and_bad_ones_are_refused() {
    let a = Uuid::from_u128(0xa1);
    let b = Uuid::from_u128(0xb2);
    let link = referral_link(&[a, b, a]).unwrap();
    assert_eq!(
        link,
        format!("/verwijzing?id={a},{b}"),
        "repeats are left out"
    );
    assert_eq!(parse_referral_link(&link), Ok(vec![a, b]));
    let full = format!("https://wijkgids.example/verwijzing/?lang=en&id={a}%2C{b}#top");
    assert_eq!(parse_referral_link(&full), Ok(vec![a, b]));
    assert_eq!(parse_referral_ids(&format!("{a}, {b}")), Ok(vec![a, b]));
    assert_eq!(
        parse_referral_link(&format!("/verwijzing?id={a},nope")),
        Err(LinkError::BadId(1))
    );
    assert_eq!(
        parse_referral_link(&format!("/aanbod/{a}")),
        Err(LinkError::NotAReferral)
    );
    assert_eq!(parse_referral_link("/verwijzing"), Err(LinkError::NoIds));
    assert_eq!(referral_link(&[]), Err(LinkError::NoIds));
    let many: Vec<Uuid> = (0..=REFERRAL_IDS_MAX as u128)
        .map(Uuid::from_u128)
        .collect();
    assert_eq!(referral_link(&many), Err(LinkError::TooMany));
    let ten = referral_link(&many[..REFERRAL_IDS_MAX]).unwrap();
    assert_eq!(parse_referral_link(&ten).unwrap().len(), REFERRAL_IDS_MAX);
}

#[test]
fn pruning_gives_the_same_list_as_sorting_everything() {
    let (_, mut offerings) = crate::generate::dataset(3000, 11);
    for o in offerings.iter_mut().step_by(40) {
        o.exceptions.push(ScheduleException {
            date: NaiveDate::from_ymd_opt(2026, 11, 9).unwrap(),
            closed: false,
            opens_at: NaiveTime::from_hms_opt(7, 0, 0),
            closes_at: None,
            note: None,
        });
    }
    let now = monday_morning();
    let today = local_date_time(now).unwrap().date();
    let needs = [
        ReferralNeeds::default(),
        ReferralNeeds {
            dimensions: vec![D::Body, D::Mind],
            themes: vec![Theme::Exercise],
            ..ReferralNeeds::default()
        },
        ReferralNeeds {
            themes: vec![Theme::MeetingPeople, Theme::Housing],
            free: true,
            days: vec![Weekday::Sat, Weekday::Sun],
            ..ReferralNeeds::default()
        },
    ];
    for needs in &needs {
        let matcher = Matcher::new(needs, today);
        let mut all: Vec<_> = offerings
            .iter()
            .filter_map(|o| {
                let (order, _) = matcher.score(o)?;
                let next = next_start(o, now, today);
                Some((
                    (
                        Reverse(order),
                        (next.is_none(), next),
                        fold_text(&o.title),
                        o.id,
                    ),
                    o.id,
                ))
            })
            .collect();
        all.sort();
        for limit in [1, 7, 50, 400, 5000] {
            let found = rank(&offerings, needs, now, limit);
            assert_eq!(found.total, all.len());
            let expected: Vec<Uuid> = all.iter().take(limit).map(|(_, id)| *id).collect();
            let got: Vec<Uuid> = found.fits.iter().map(|f| f.id).collect();
            assert_eq!(got, expected, "limit {limit}");
        }
    }
}

fn at(n: u128, title: &str, neighbourhood: &str) -> Offering {
    let mut o = offering(n, title);
    if let Some(l) = o.location.as_mut() {
        l.neighbourhood = neighbourhood.into();
    }
    o
}

#[test]
fn cannot_walk_far_keeps_what_comes_close_and_narrows() {
    let far = at(1, "Ver weg", "Centrum");
    let near = at(2, "Dichtbij", "De Linden");
    let online = Offering {
        online: true,
        location: None,
        ..offering(3, "Online")
    };
    let at_home = Offering {
        at_home: true,
        ..at(4, "Thuis", "Centrum")
    };
    let transport = Offering {
        description: "Vervoer is geregeld met een rolstoelbus.".into(),
        ..at(5, "Uitje", "Centrum")
    };
    let all = [far, near, online, at_home, transport];
    let everything = ids(&all, &ReferralNeeds::default());
    assert_eq!(everything.len(), 5);
    let cannot = ReferralNeeds {
        cannot_walk_far: true,
        ..ReferralNeeds::default()
    };
    // Without knowing where they live, nothing is "near".
    let mut without_home = ids(&all, &cannot);
    without_home.sort();
    assert_eq!(without_home, [3, 4, 5]);
    let living = ReferralNeeds {
        lives_in: Some("de LINDEN".into()),
        ..cannot.clone()
    };
    let mut with_home = ids(&all, &living);
    with_home.sort();
    assert_eq!(with_home, [2, 3, 4, 5]);
    // Living somewhere alone re-ranks: the own neighbourhood first, nothing left out.
    let lives = ReferralNeeds {
        lives_in: Some("De Linden".into()),
        ..ReferralNeeds::default()
    };
    let ranked = ids(&all, &lives);
    assert_eq!(ranked.len(), 5);
    assert!(ranked.iter().position(|&i| i == 2) < ranked.iter().position(|&i| i == 1));
}

#[test]
fn women_and_men_are_not_sent_to_what_is_only_for_the_other() {
    let with = |n, title: &str, audience: Vec<Audience>| Offering {
        audience,
        ..offering(n, title)
    };
    let all = [
        with(
            1,
            "Zwemmen voor vrouwen",
            vec![Audience::Adults, Audience::Women],
        ),
        with(2, "Mannen in de Schuur", vec![Audience::Men]),
        with(3, "Walking football", vec![Audience::Women, Audience::Men]),
        with(4, "Koffie", vec![Audience::Everyone]),
        with(5, "Ouderen", vec![Audience::Seniors]),
    ];
    let person = |audiences: Vec<Audience>| ReferralNeeds {
        audiences,
        ..ReferralNeeds::default()
    };
    let mut woman = ids(&all, &person(vec![Audience::Women]));
    // Meant for her (for women, or for women and men alike) first.
    assert_eq!(woman[..2], [3, 1]);
    woman.sort();
    assert_eq!(woman, [1, 3, 4, 5]);
    let mut man = ids(&all, &person(vec![Audience::Men]));
    assert_eq!(man[..2], [2, 3]);
    man.sort();
    assert_eq!(man, [2, 3, 4, 5]);
    assert_eq!(
        ids(&all, &person(vec![Audience::Women, Audience::Men])).len(),
        5
    );
    // Other groups re-rank only.
    let older = ids(&all, &person(vec![Audience::Seniors]));
    assert_eq!((older.len(), older[0]), (5, 5));
    let found = rank(&all, &person(vec![Audience::Seniors]), monday_morning(), 1);
    assert_eq!(found.fits[0].fit, 1);
}

#[test]
fn little_money_keeps_free_and_cheap_ones_free_first_and_never_widens_free() {
    let paid = |n, title: &str, cents, unit| Offering {
        cost: Cost::Paid {
            amount_cents: cents,
            unit,
        },
        ..offering(n, title)
    };
    let covered_by_a_scheme = Offering {
        referral: Some(crate::model::Referral {
            coverage_note: Some("Met de Meedoenpas gratis.".into()),
            ..crate::model::Referral::default()
        }),
        ..paid(4, "A dure club", 3000, CostUnit::PerMonth)
    };
    let all = [
        paid(1, "A goedkoop", 300, CostUnit::PerSession),
        paid(2, "A duur", 1500, CostUnit::PerSession),
        offering(3, "Z gratis"),
        covered_by_a_scheme,
    ];
    let little = ReferralNeeds {
        little_money: true,
        ..ReferralNeeds::default()
    };
    // Free first although its title sorts last; the expensive one is left out.
    assert_eq!(ids(&all, &little), [3, 4, 1]);
    let free = ReferralNeeds {
        free: true,
        ..ReferralNeeds::default()
    };
    let both = ReferralNeeds {
        free: true,
        little_money: true,
        ..ReferralNeeds::default()
    };
    assert_eq!(ids(&all, &free), [3]);
    assert_eq!(ids(&all, &both), [3], "little money never widens free");
    // Only the one kept for its scheme says which scheme.
    let schemes: Vec<_> = all.iter().map(super::covered_beyond_price).collect();
    assert_eq!(
        schemes,
        [None, None, None, Some("Met de Meedoenpas gratis.")],
        "a cheap, a dear, a free and a covered offering"
    );
}

#[test]
fn every_limit_narrows_and_none_widens() {
    let guide = crate::demo::neighbourhood().unwrap();
    let now = monday_morning();
    let count = |needs: &ReferralNeeds| rank(&guide.offerings, needs, now, 0).total;
    let limits: Vec<fn(&mut ReferralNeeds)> = vec![
        |n| n.free = true,
        |n| n.little_money = true,
        |n| n.cannot_walk_far = true,
        |n| n.wheelchair = true,
        |n| n.age = Some(70),
        |n| n.days = vec![Weekday::Mon],
        |n| n.languages = vec![Language::Dutch],
        |n| n.audiences = vec![Audience::Men],
        |n| n.lives_in = Some("Vlonderhof".into()),
    ];
    // Each limit on top of any other keeps the list the same or shorter.
    for (i, first) in limits.iter().enumerate() {
        let mut one = ReferralNeeds::default();
        first(&mut one);
        let before = count(&one);
        assert!(before <= count(&ReferralNeeds::default()));
        for (j, second) in limits.iter().enumerate() {
            // The one exception, said on the screen: where they live tells what
            // is near for "cannot walk far".
            if (i, j) == (2, 8) {
                continue;
            }
            let mut two = one.clone();
            second(&mut two);
            assert!(
                count(&two) <= before,
                "limit {j} after {i} widened the list"
            );
        }
    }
}

#[test]
fn the_slip_says_when_where_cost_and_how_to_join() {
    let guide = crate::demo::neighbourhood().unwrap();
    let football = guide
        .offerings
        .iter()
        .find(|o| o.title == "Walking football")
        .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 2, 6).unwrap();
    let nl = slip_entry(football, Lang::Nl, today);
    assert_eq!(nl.when, ["Elke dinsdag en vrijdag, 10:00–11:30"]);
    let place = nl.place.unwrap();
    assert_eq!(
        place.text,
        "Sportpark Vlonderveld, Sportlaan 12, 7352 RW Lindehoven"
    );
    assert_eq!(nl.cost, "€ 3,00 per keer");
    assert_eq!(
        nl.cost_note.as_deref(),
        Some("De eerste drie keer zijn gratis.")
    );
    assert!(nl.join.starts_with("Gewoon binnenlopen"), "{}", nl.join);
    assert_eq!(nl.phone.as_deref(), Some("06 8000 0191"));
    assert_eq!(
        nl.email.as_deref(),
        Some("secretariaat.vvvlonderveld@example.net")
    );
    assert_eq!(
        nl.contact_name.as_deref(),
        Some("Mark de Wit (buurtsportcoach)")
    );
    let en = slip_entry(football, Lang::En, today);
    assert_eq!(en.when, ["Every Tuesday and Friday, 10:00–11:30"]);
    assert!(en.cost.starts_with("€3.00 per session"), "{}", en.cost);
    assert_eq!(
        en.summary,
        Worded {
            text: "Football at walking pace for men and women aged 60 and over.".into(),
            lang: Lang::En
        }
    );
    // The publisher's own words stay Dutch on an English slip, and say so.
    assert_eq!(en.place.unwrap().lang, Lang::Nl);
    let untranslated = Offering {
        at_home: true,
        location: None,
        ..offering(8, "Koffie thuis")
    };
    let en = slip_entry(&untranslated, Lang::En, today);
    assert_eq!(
        (en.title.text.as_str(), en.title.lang),
        ("Koffie thuis", Lang::Nl)
    );
    assert_eq!(
        en.place,
        Some(Worded {
            text: "At your home".into(),
            lang: Lang::En
        })
    );
    assert_eq!(slip_date(today, Lang::Nl), "Gemaakt op 6 februari 2026");
    assert_eq!(slip_date(today, Lang::En), "Made on 6 February 2026");
    let ended = Offering {
        schedules: vec![Schedule {
            valid_to: NaiveDate::from_ymd_opt(2026, 1, 1),
            ..weekly(Weekday::Thu, 10)
        }],
        ..offering(9, "Voorbij")
    };
    assert_eq!(slip_entry(&ended, Lang::Nl, today).when, ["Op afspraak"]);
}

#[test]
fn the_slip_names_the_closures_of_the_coming_weeks() {
    let guide = crate::demo::neighbourhood().unwrap();
    let find = |title: &str| guide.offerings.iter().find(|o| o.title == title).unwrap();
    // Working days; closed 21-25 December and 28 December-1 January.
    let living_room = find("Huiskamer De Linde");
    let friday = NaiveDate::from_ymd_opt(2026, 12, 11).unwrap();
    let nl = slip_entry(living_room, Lang::Nl, friday);
    assert_eq!(nl.when, ["Van maandag tot en met vrijdag, 10:00–12:30"]);
    let christmas = |text: &str| SlipClosure {
        text: text.into(),
        note: Some("Kerstvakantie".into()),
    };
    assert_eq!(
        nl.closed,
        [
            christmas("Gesloten van maandag 21 december tot en met vrijdag 25 december"),
            christmas("Gesloten van maandag 28 december tot en met vrijdag 1 januari"),
        ]
    );
    let en = slip_entry(living_room, Lang::En, friday);
    assert_eq!(
        en.closed[1],
        christmas("Closed from Monday 28 December up to and including Friday 1 January")
    );
    // Six weeks ahead, not more; and none once over.
    let early = NaiveDate::from_ymd_opt(2026, 11, 6).unwrap();
    assert!(slip_entry(living_room, Lang::Nl, early).closed.is_empty());
    let after = NaiveDate::from_ymd_opt(2027, 1, 2).unwrap();
    assert!(slip_entry(living_room, Lang::Nl, after).closed.is_empty());
    // A closure of days it does not take place on anyway is not named: chair
    // gym (Mondays and Thursdays) names its own days.
    let chair_gym = slip_entry(find("Stoelgym voor senioren"), Lang::Nl, friday);
    assert!(
        chair_gym
            .closed
            .iter()
            .all(|c| c.text.starts_with("Gesloten op maandag")
                || c.text.starts_with("Gesloten op donderdag")),
        "{:?}",
        chair_gym.closed
    );
}

#[test]
fn the_slip_says_a_covered_cost_once() {
    let guide = crate::demo::neighbourhood().unwrap();
    let coach = guide
        .offerings
        .iter()
        .find(|o| o.title == "Welzijn op Recept")
        .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 11).unwrap();
    let nl = slip_entry(coach, Lang::Nl, today);
    assert_eq!(nl.cost, "Vergoed met een verwijzing");
    assert_eq!(
        nl.cost_note.as_deref(),
        Some("Gratis met een verwijzing van de huisarts of POH.")
    );
    assert_eq!(
        slip_entry(coach, Lang::En, today).cost,
        "Covered with a referral"
    );
}

#[test]
fn the_link_carries_the_slips_language() {
    let a = Uuid::from_u128(0xa1);
    let link = referral_link_in(&[a], Lang::En).unwrap();
    assert_eq!(link, format!("/verwijzing?id={a}&lang=en"));
    assert_eq!(parse_referral_link(&link), Ok(vec![a]));
    assert_eq!(referral_lang("en"), Some(Lang::En));
    assert_eq!(referral_lang("tr"), None);
}
