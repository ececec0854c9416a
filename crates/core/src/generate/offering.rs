//! Assembles one generated offering from the word pools, the town and the schedules.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{
    Contact, Cost, Location, Offering, OfferingTranslation, Organisation, Referral,
};
use crate::vocab::{
    AccessibilityFeature, Audience, CostUnit, CoveredBy, Lang, Language, OfferingKind,
    OrganisationKind, SignUp, Status, Vocabulary,
};

use super::dice::{Dice, Stream};
use super::place::{self, Person};
use super::text::{Facts, Summary, Title, description_plan, render_description};
use super::when;
use super::words::{self, ACTIVITIES, ADJECTIVES, Activity, TAILS, TARGETS, Target};

/// Venues in the town; fixed, so that a longer run starts with the same records.
const VENUE_COUNT: usize = 800;

#[derive(Clone, Copy)]
enum Timing {
    Scheduled,
    ByAppointment,
    /// Buddy projects and the like: you agree times together.
    Flexible,
}

#[derive(Clone, Copy)]
enum Place {
    Venue,
    Online,
    Both,
}

const TIMINGS: [(Timing, u32); 3] = [
    (Timing::Scheduled, 80),
    (Timing::ByAppointment, 12),
    (Timing::Flexible, 8),
];

const PLACES: [(Place, u32); 3] = [(Place::Venue, 89), (Place::Online, 6), (Place::Both, 5)];

#[derive(Clone, Copy)]
enum CostKind {
    Free,
    Paid,
    Covered,
}

const COSTS: [(CostKind, u32); 3] = [
    (CostKind::Free, 60),
    (CostKind::Paid, 28),
    (CostKind::Covered, 12),
];

const COST_UNITS: [(CostUnit, u32); 5] = [
    (CostUnit::PerSession, 50),
    (CostUnit::PerMonth, 15),
    (CostUnit::PerYear, 10),
    (CostUnit::PerCourse, 20),
    (CostUnit::OneOff, 5),
];

const SIGN_UPS: [(SignUp, u32); 3] = [
    (SignUp::WalkIn, 50),
    (SignUp::RegisterFirst, 35),
    (SignUp::ReferralNeeded, 15),
];

const STATUSES: [(Status, u32); 5] = [
    (Status::Published, 90),
    (Status::Paused, 3),
    (Status::PendingReview, 2),
    (Status::Draft, 3),
    (Status::Archived, 2),
];

/// Languages besides Dutch that offerings are given in.
const OTHER_LANGUAGES: [Language; 9] = [
    Language::English,
    Language::Arabic,
    Language::Turkish,
    Language::Polish,
    Language::Ukrainian,
    Language::Tigrinya,
    Language::Berber,
    Language::German,
    Language::SignLanguageNl,
];

const HOW_TO_REGISTER: [&str; 3] = [
    "Bel of mail om je aan te melden.",
    "Aanmelden kan via het formulier op de website.",
    "Loop binnen tijdens het spreekuur om je in te schrijven.",
];

const HOW_TO_BE_REFERRED: [&str; 2] = [
    "Vraag je huisarts of praktijkondersteuner om een verwijzing.",
    "Het sociaal wijkteam kan je aanmelden.",
];

pub(super) struct OfferingMaker<'a> {
    dice: Dice,
    organisations: &'a [Organisation],
    venues: Vec<Location>,
    /// Activities that fit each kind of organisation: a GP practice does not run a choir.
    activities_by_kind: Vec<(OrganisationKind, Vec<&'static Activity>)>,
}

impl<'a> OfferingMaker<'a> {
    pub fn new(seed: u64, organisations: &'a [Organisation]) -> OfferingMaker<'a> {
        let venues = place::venues(&mut Dice::new(seed, Stream::Venues), VENUE_COUNT);
        let activities_by_kind = OrganisationKind::ALL
            .iter()
            .map(|&kind| {
                let themes = words::themes_of(kind);
                let fitting = ACTIVITIES
                    .iter()
                    .filter(|a| a.main_theme().is_some_and(|t| themes.contains(&t)))
                    .collect();
                (kind, fitting)
            })
            .collect();
        OfferingMaker {
            dice: Dice::new(seed, Stream::Offerings),
            organisations,
            venues,
            activities_by_kind,
        }
    }

    fn activity_for(&mut self, kind: Option<OrganisationKind>) -> &'static Activity {
        let fitting = kind.and_then(|kind| {
            self.activities_by_kind
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, list)| list.as_slice())
        });
        match fitting.and_then(|list| self.dice.pick_from(list)) {
            Some(activity) => activity,
            None => self.dice.pick(&ACTIVITIES),
        }
    }

    pub fn offering(&mut self) -> Offering {
        let id = self.dice.uuid();
        let organisation = if self.dice.percent(95) {
            self.dice.pick_from(self.organisations)
        } else {
            None
        };
        let activity = self.activity_for(organisation.map(|o| o.kind));
        let dice = &mut self.dice;
        let kind = offering_kind(dice, organisation.map(|o| o.kind));

        let timing = dice.weighted(&TIMINGS);
        let schedules = match timing {
            Timing::Scheduled => when::schedules(dice),
            Timing::ByAppointment | Timing::Flexible => Vec::new(),
        };
        let place = dice.weighted(&PLACES);
        let location = match place {
            Place::Venue | Place::Both => dice.pick_from(&self.venues).cloned(),
            Place::Online => None,
        };

        let target = if dice.percent(45) {
            target_for(dice, activity)
        } else {
            None
        };
        let title = Title {
            activity,
            adjective: dice.percent(20).then(|| dice.pick(&ADJECTIVES)),
            target,
            neighbourhood: location
                .as_ref()
                .filter(|_| dice.percent(25))
                .map(|l| l.neighbourhood.as_str()),
            schedule: schedules.first().filter(|_| dice.percent(30)),
        };
        let summary = Summary {
            activity,
            target: target.filter(|_| dice.percent(40)),
            tail: dice.percent(50).then(|| *dice.pick(&TAILS)),
        };
        let themes = with_extra(dice, activity.themes, 30);
        let health_dimensions = with_extra(dice, activity.dimensions, 25);
        let cost = cost(dice);
        let sign_up = sign_up(dice, &cost, timing);
        let contact = contact(dice, organisation);
        let plan = description_plan(
            dice,
            &Facts {
                activity,
                themes: &themes,
                schedule: schedules.first(),
                venue: location.as_ref(),
                cost: &cost,
                sign_up,
                organiser: organisation.map(|o| o.name.as_str()),
                contact: &contact,
            },
        );
        let description = render_description(&plan, Lang::Nl);
        let translations = if dice.percent(50) {
            let english = OfferingTranslation {
                title: title.render(Lang::En),
                summary: summary.render(Lang::En),
                description: dice
                    .percent(60)
                    .then(|| render_description(&plan, Lang::En)),
            };
            BTreeMap::from([(Lang::En.code().to_string(), english)])
        } else {
            BTreeMap::new()
        };
        let title = title.render(Lang::Nl);
        let summary = summary.render(Lang::Nl);
        drop(plan);

        let exceptions = schedules
            .first()
            .filter(|_| dice.percent(6))
            .and_then(when::christmas_closure)
            .into_iter()
            .collect();
        let accessibility = match &location {
            Some(_) => {
                let count = dice.weighted(&[(0, 30), (1, 25), (2, 25), (3, 12), (4, 8)]);
                dice.distinct(AccessibilityFeature::ALL, count)
            }
            None => Vec::new(),
        };
        let care = care_of_the_data(dice);

        Offering {
            id,
            organisation_id: organisation.map(|o| o.id),
            version: 0,
            status: dice.weighted(&STATUSES),
            alert: dice
                .percent(3)
                .then(|| dice.pick(&words::ALERTS).to_string()),
            title,
            summary,
            description,
            kind,
            themes,
            health_dimensions,
            tags: tags(dice, activity),
            translations,
            min_age: target.and_then(|t| t.min_age),
            max_age: target.and_then(|t| t.max_age),
            audience: audience(dice, target.map(|t| t.audience)),
            eligibility: dice
                .percent(12)
                .then(|| dice.pick(&words::ELIGIBILITY).to_string()),
            languages: languages(dice),
            cost_note: (matches!(cost, Cost::Paid { .. }) && dice.percent(25))
                .then(|| dice.pick(&words::COST_NOTES).to_string()),
            cost,
            how_to_join: how_to_join(dice, sign_up),
            sign_up,
            accessibility,
            accessibility_note: location
                .as_ref()
                .filter(|_| dice.percent(10))
                .map(|_| dice.pick(&words::ACCESSIBILITY_NOTES).to_string()),
            schedules,
            exceptions,
            by_appointment: matches!(timing, Timing::ByAppointment),
            location,
            online: matches!(place, Place::Online | Place::Both),
            at_home: false,
            contact,
            referral: dice.percent(30).then(|| referral(dice)),
            checked_on: care.checked_on,
            checked_by: care.checked_by,
            updated_at: care.updated_at,
            created_by: care.created_by,
            review_note: None,
        }
    }
}

/// Who checked the record when, and who made it.
struct Care {
    checked_on: Option<NaiveDate>,
    checked_by: Option<String>,
    updated_at: Option<DateTime<Utc>>,
    created_by: Option<String>,
}

/// Checks spread over the two years before the reference day.
fn care_of_the_data(dice: &mut Dice) -> Care {
    let checked_on = dice
        .percent(85)
        .then(|| when::days_before(when::reference_day(), dice.between(1, 730)));
    let checked_by = checked_on
        .filter(|_| dice.percent(60))
        .map(|_| place::person(dice).name);
    let updated_day = checked_on
        .unwrap_or_else(|| when::days_before(when::reference_day(), dice.between(1, 900)));
    let (hour, minute, second) = (
        dice.between(7, 19),
        dice.between(0, 59),
        dice.between(0, 59),
    );
    let updated_at = updated_day
        .and_hms_opt(hour, minute, second)
        .map(|t| t.and_utc());
    let created_by = dice.percent(50).then(|| {
        if dice.percent(50) {
            "redactie@example.org".to_string()
        } else {
            place::person(dice).email
        }
    });
    Care {
        checked_on,
        checked_by,
        updated_at,
        created_by,
    }
}

/// A target group that suits the activity, if one turns up in a few draws.
fn target_for(dice: &mut Dice, activity: &Activity) -> Option<&'static Target> {
    (0..4)
        .map(|_| dice.pick(&TARGETS))
        .find(|target| target.suits(activity))
}

fn offering_kind(dice: &mut Dice, organisation: Option<OrganisationKind>) -> OfferingKind {
    use OrganisationKind as K;
    let formal_percent = match organisation {
        Some(
            K::GpPractice
            | K::HealthCare
            | K::MentalHealth
            | K::Municipality
            | K::Housing
            | K::Library
            | K::Education,
        ) => 90,
        Some(K::Volunteer | K::Faith) => 10,
        Some(K::Welfare | K::Sports | K::Culture) => 50,
        None => 30,
    };
    if dice.percent(formal_percent) {
        OfferingKind::Formal
    } else {
        OfferingKind::Informal
    }
}

/// The given terms, now and then with one more: one to three in all.
fn with_extra<T: Vocabulary + PartialEq>(dice: &mut Dice, base: &[T], percent: u32) -> Vec<T> {
    let mut terms: Vec<T> = base.iter().copied().take(3).collect();
    if terms.len() < 3
        && dice.percent(percent)
        && let Some(&extra) = dice.pick_from(T::ALL)
        && !terms.contains(&extra)
    {
        terms.push(extra);
    }
    terms
}

fn cost(dice: &mut Dice) -> Cost {
    match dice.weighted(&COSTS) {
        CostKind::Free => Cost::Free,
        CostKind::Paid => Cost::Paid {
            amount_cents: 50 * dice.between(2, 60),
            unit: dice.weighted(&COST_UNITS),
        },
        CostKind::Covered => Cost::Covered {
            by: *dice.pick(&[
                CoveredBy::Insurance,
                CoveredBy::Municipality,
                CoveredBy::Referral,
            ]),
        },
    }
}

fn sign_up(dice: &mut Dice, cost: &Cost, timing: Timing) -> SignUp {
    if let Cost::Covered {
        by: CoveredBy::Referral,
    } = cost
    {
        return SignUp::ReferralNeeded;
    }
    match (dice.weighted(&SIGN_UPS), timing) {
        // An appointment is something you make first.
        (SignUp::WalkIn, Timing::ByAppointment) => SignUp::RegisterFirst,
        (sign_up, _) => sign_up,
    }
}

fn how_to_join(dice: &mut Dice, sign_up: SignUp) -> Option<String> {
    let text = match sign_up {
        SignUp::WalkIn => return None,
        SignUp::RegisterFirst => dice.pick(&HOW_TO_REGISTER),
        SignUp::ReferralNeeded => dice.pick(&HOW_TO_BE_REFERRED),
    };
    dice.percent(70).then(|| text.to_string())
}

fn tags(dice: &mut Dice, activity: &Activity) -> Vec<String> {
    let mut tags: Vec<String> = activity.tags.iter().map(|t| t.to_string()).collect();
    if let Some(theme) = activity.main_theme() {
        let count = dice.below(3);
        for tag in dice.distinct(&words::theme_words(theme).tags, count) {
            if !activity.tags.contains(&tag) {
                tags.push(tag.to_string());
            }
        }
    }
    tags
}

fn audience(dice: &mut Dice, from_target: Option<&[Audience]>) -> Vec<Audience> {
    if let Some(audience) = from_target {
        return audience.to_vec();
    }
    if dice.percent(65) {
        return vec![Audience::Everyone];
    }
    let groups: Vec<Audience> = Audience::ALL
        .iter()
        .copied()
        // Women and men came later: left out, the generated data stays as it was.
        .filter(|a| !matches!(a, Audience::Everyone | Audience::Women | Audience::Men))
        .collect();
    let count = dice.between(1, 2) as usize;
    dice.distinct(&groups, count)
}

fn languages(dice: &mut Dice) -> Vec<Language> {
    let mut languages = vec![Language::Dutch];
    if dice.percent(15) {
        let count = dice.between(1, 2) as usize;
        languages.extend(dice.distinct(&OTHER_LANGUAGES, count));
    }
    languages
}

fn contact(dice: &mut Dice, organisation: Option<&Organisation>) -> Contact {
    let person: Option<Person> = dice.percent(60).then(|| place::person(dice));
    let phone = dice
        .percent(80)
        .then(|| match organisation.and_then(|o| o.phone.clone()) {
            Some(phone) if dice.percent(50) => phone,
            _ => place::phone(dice),
        });
    let email =
        dice.percent(70).then(
            || match (&person, organisation.and_then(|o| o.email.clone())) {
                (Some(person), _) if dice.percent(60) => person.email.clone(),
                (_, Some(email)) => email,
                _ => "info@example.org".to_string(),
            },
        );
    let website = organisation
        .and_then(|o| o.website.clone())
        .filter(|_| dice.percent(40));
    Contact {
        name: person.map(|p| p.name),
        phone,
        email,
        website,
    }
}

fn referral(dice: &mut Dice) -> Referral {
    let person = place::person(dice);
    Referral {
        procedure: dice.pick(&words::REFERRAL_PROCEDURES).to_string(),
        contact_name: Some(person.name),
        contact_role: Some(dice.pick(&words::REFERRAL_ROLES).to_string()),
        contact_phone: Some(place::phone(dice)),
        contact_email: Some(person.email),
        intake_required: dice.percent(50),
        waiting_time: dice
            .percent(70)
            .then(|| dice.pick(&words::WAITING_TIMES).to_string()),
        coverage_note: dice
            .percent(40)
            .then(|| dice.pick(&words::COVERAGE_NOTES).to_string()),
    }
}
