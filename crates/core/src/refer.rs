//! "Verwijzen": a GP or practice nurse picks what matters to a person and their
//! practical limits, and gets the offerings that fit, best first; then a link that
//! opens the chosen offerings in the public app, for the referral slip and its QR code.
//!
//! Privacy: [`ReferralNeeds`] describes a person, so it is never stored or sent. It
//! derives neither `Serialize` nor `Debug` (a debug print could end up in a log); the
//! link carries offering ids only.
//!
//! Rules:
//! - Hard limits filter, with exactly the search filters' definitions (the same
//!   [`crate::search`] code decides): "free" is
//!   [`crate::model::Cost::is_free_for_participant`]; an age fits the offering's age
//!   limits, if any; a day fits when a schedule that has not ended falls on that
//!   weekday; wheelchair access is the `wheelchair` accessibility feature; the
//!   languages are any of the person's (an offering listing none counts as Dutch);
//!   neighbourhoods compare without case or accents (online offerings have none).
//!   One difference from search: an offering by appointment, or without any
//!   schedule, fits every day, as the person can arrange a moment.
//! - Only published offerings. Paused ones ("temporarily closed") are left out: a
//!   slip that sends someone to a closed door does harm. Drafts, offerings pending
//!   review and archived ones are never shown.
//! - Ranking: by how much of what matters to the person it covers, dimensions and
//!   themes weighing the same as groups: with 2 dimensions and 3 themes chosen, a
//!   dimension counts 3 and a theme 2, so covering all dimensions counts as much as
//!   covering all themes. When something was chosen, offerings covering none of it
//!   are left out. Ties: the soonest next session first (by appointment or without
//!   schedule last), then by (Dutch) title.
//!
//! From needs to the slip:
//!
//! ```
//! use wijkgids_core::refer::{ReferralNeeds, parse_referral_link, rank, referral_link};
//! use wijkgids_core::vocab::{HealthDimension, Lang};
//!
//! let guide = wijkgids_core::demo::neighbourhood().unwrap();
//! let needs = ReferralNeeds {
//!     dimensions: vec![HealthDimension::Participation],
//!     free: true,
//!     ..ReferralNeeds::default()
//! };
//! let now = "2026-11-03T09:00:00Z".parse().unwrap();
//! let found = rank(&guide.offerings, &needs, now, 20);
//! assert!(found.total > 0);
//! println!("past bij: {}", found.fits[0].covers(Lang::Nl).join(", "));
//! let picked: Vec<_> = found.fits.iter().take(3).map(|f| f.id).collect();
//! let link = referral_link(&picked).unwrap(); // "/verwijzing?id=…,…"
//! let qr = wijkgids_core::qr::qr_svg(&format!("https://wijkgids.example{link}"), "QR-code");
//! assert!(qr.unwrap().starts_with("<svg"));
//! assert_eq!(parse_referral_link(&link).unwrap(), picked);
//! ```

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::model::Offering;
use crate::schedule::{local_date_time, resolve_local};
use crate::search::fold::fold_text;
use crate::search::{DayFacts, Facts, Filters, Group, Prepared, bits, day_bit, weekdays};
use crate::vocab::{HealthDimension, Lang, Language, Status, Theme, Vocabulary};

/// What matters to the person and what limits them. Lives only in the screen's
/// memory; see the module docs.
#[derive(Clone, Default, PartialEq)]
pub struct ReferralNeeds {
    /// Positive Health dimensions that matter to them.
    pub dimensions: Vec<HealthDimension>,
    pub themes: Vec<Theme>,
    /// No cost to them.
    pub free: bool,
    /// Days of the week they can; empty: any day.
    pub days: Vec<Weekday>,
    pub age: Option<u8>,
    pub wheelchair: bool,
    /// Languages they speak; empty: any.
    pub languages: Vec<Language>,
    /// Neighbourhoods they can get to; empty: anywhere.
    pub neighbourhoods: Vec<String>,
}

/// One offering that fits.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub id: Uuid,
    /// The chosen dimensions it covers, in vocabulary order.
    pub dimensions: Vec<HealthDimension>,
    /// The chosen themes it covers, in vocabulary order.
    pub themes: Vec<Theme>,
    /// Higher is better; see the module docs.
    pub score: u32,
    /// Start of its next session; `None` by appointment, without schedule, or when
    /// nothing is planned in the engine's look-ahead.
    pub next: Option<DateTime<Tz>>,
}

impl Fit {
    /// The names of the chosen needs it covers, dimensions first: for "Past bij:
    /// Meedoen, Bewegen en sport".
    pub fn covers(&self, lang: Lang) -> Vec<&'static str> {
        let dimensions = self.dimensions.iter().map(|d| d.label(lang));
        dimensions
            .chain(self.themes.iter().map(|t| t.label(lang)))
            .collect()
    }
}

/// The result of [`rank`].
#[derive(Debug, Clone, PartialEq)]
pub struct Referrals {
    /// The best fits, at most the asked limit, best first.
    pub fits: Vec<Fit>,
    /// How many offerings fit in all.
    pub total: usize,
}

/// Ranks `offerings` for `needs` at `now` (the core reads no clock); returns at most
/// `limit` fits. Linear in the offerings; the next session, the costly part, is
/// worked out only for fits that can still reach the first `limit` (see `Bound`).
/// 50,000 generated offerings take 40-70 ms in WASM (`wasm-release` settings, Node
/// 20) and 15-45 ms natively; see `tests/refer_scale.rs`.
pub fn rank<'a>(
    offerings: impl IntoIterator<Item = &'a Offering>,
    needs: &ReferralNeeds,
    now: DateTime<Utc>,
    limit: usize,
) -> Referrals {
    let Some(today) = local_date_time(now).map(|t| t.date()) else {
        return Referrals {
            fits: Vec::new(),
            total: 0,
        };
    };
    let matcher = Matcher::new(needs, today);
    let mut candidates: Vec<(u32, Bound, &Offering)> = offerings
        .into_iter()
        .filter_map(|o| {
            let (score, weekdays) = matcher.score(o)?;
            Some((score, Bound::of(o, weekdays, today), o))
        })
        .collect();
    let total = candidates.len();
    candidates.sort_unstable_by_key(|(score, bound, _)| (Reverse(*score), *bound));
    // The (score, next session) of each fit that can still reach the list; `best`
    // keeps the best `limit` of those keys, the worst on top.
    let mut timed: Vec<(TimeKey, &Offering)> = Vec::new();
    let mut best: BinaryHeap<TimeKey> = BinaryHeap::with_capacity(limit + 1);
    for &(score, bound, offering) in &candidates {
        let full = best.len() == limit;
        if limit == 0
            || full
                && best
                    .peek()
                    .is_some_and(|worst| !bound.may_reach(score, worst))
        {
            // Sorted by score, then bound: nothing after this can reach it either.
            break;
        }
        let next = next_start(offering, now, today);
        let key = (Reverse(score), (next.is_none(), next));
        best.push(key);
        if best.len() > limit {
            best.pop();
        }
        timed.push((key, offering));
    }
    // Titles decide among those that tie with the last place.
    if let Some(last) = best.peek() {
        timed.retain(|(key, _)| key <= last);
    }
    let mut ranked: Vec<(TimeKey, String, &Offering)> = timed
        .into_iter()
        .map(|(key, o)| (key, fold_text(&o.title), o))
        .collect();
    ranked.sort_by(|a, b| (a.0, &a.1, a.2.id).cmp(&(b.0, &b.1, b.2.id)));
    ranked.truncate(limit);
    let fits = ranked
        .into_iter()
        .map(|((Reverse(score), (_, next)), _, offering)| Fit {
            id: offering.id,
            dimensions: covered(&offering.health_dimensions, &needs.dimensions),
            themes: covered(&offering.themes, &needs.themes),
            score,
            next,
        })
        .collect();
    Referrals { fits, total }
}

/// The order of fits before their titles, smallest first: highest score, then
/// soonest next session (none last).
type TimeKey = (Reverse<u32>, (bool, Option<DateTime<Tz>>));

/// The earliest local date an offering's next session can be on, known without
/// working it out: the first day from today that its patterns' weekdays allow, or
/// the first exception from today (an exception may add a date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Bound {
    On(NaiveDate),
    /// No next session: by appointment, or no pattern or exception left.
    Never,
}

impl Bound {
    fn of(offering: &Offering, weekdays: u8, today: NaiveDate) -> Bound {
        if offering.by_appointment {
            return Bound::Never;
        }
        let pattern = today
            .iter_days()
            .take(7)
            .find(|day| weekdays & day_bit(day.weekday()) != 0);
        let exception = offering
            .exceptions
            .iter()
            .map(|e| e.date)
            .filter(|date| *date >= today)
            .min();
        match (pattern, exception) {
            (Some(a), Some(b)) => Bound::On(a.min(b)),
            (Some(date), None) | (None, Some(date)) => Bound::On(date),
            (None, None) => Bound::Never,
        }
    }

    /// Whether a fit with this bound and `score` can come before `worst`, or tie
    /// with it.
    fn may_reach(self, score: u32, worst: &TimeKey) -> bool {
        let (Reverse(worst_score), (_, worst_next)) = worst;
        if score != *worst_score {
            return score > *worst_score;
        }
        match (self, worst_next) {
            (Bound::Never, Some(_)) => false,
            (Bound::On(earliest), Some(next)) => earliest <= next.date_naive(),
            // Against "no session", a session wins, and no session ties.
            (_, None) => true,
        }
    }
}

/// The chosen terms an offering has, in vocabulary order.
fn covered<V: Vocabulary + PartialEq>(has: &[V], chosen: &[V]) -> Vec<V> {
    V::ALL
        .iter()
        .copied()
        .filter(|v| has.contains(v) && chosen.contains(v))
        .collect()
}

/// The needs made ready to test many offerings.
struct Matcher {
    prepared: Prepared,
    /// Folded neighbourhood names, when they matter.
    neighbourhoods: Option<Vec<String>>,
    dimensions: u8,
    themes: u16,
    dimension_weight: u32,
    theme_weight: u32,
    today: NaiveDate,
    /// Neighbourhood names already looked up, as written in offerings: a town has
    /// a few dozen, so a list is quicker than hashing.
    seen: RefCell<Vec<(String, Option<u32>)>>,
}

impl Matcher {
    fn new(needs: &ReferralNeeds, today: NaiveDate) -> Matcher {
        let filters = Filters {
            free: needs.free,
            age: needs.age,
            days: needs.days.clone(),
            neighbourhoods: needs.neighbourhoods.clone(),
            wheelchair: needs.wheelchair,
            languages: needs.languages.clone(),
            ..Filters::default()
        };
        let neighbourhoods: Option<Vec<String>> = (!needs.neighbourhoods.is_empty())
            .then(|| needs.neighbourhoods.iter().map(|n| fold_text(n)).collect());
        let prepared = Prepared::new(&filters, |name| {
            let folded = fold_text(name);
            let names = neighbourhoods.as_deref().unwrap_or_default();
            names
                .iter()
                .position(|n| *n == folded)
                .and_then(|i| u32::try_from(i).ok())
        });
        let (chosen_dimensions, chosen_themes) = (
            distinct(&needs.dimensions) as u32,
            distinct(&needs.themes) as u32,
        );
        Matcher {
            prepared,
            neighbourhoods,
            dimensions: bits(&needs.dimensions) as u8,
            themes: bits(&needs.themes) as u16,
            dimension_weight: chosen_themes.max(1),
            theme_weight: chosen_dimensions.max(1),
            today,
            seen: RefCell::default(),
        }
    }

    /// The offering's score and the weekdays its schedules fall on, or `None` when
    /// it does not fit.
    fn score(&self, offering: &Offering) -> Option<(u32, u8)> {
        if offering.status != Status::Published {
            return None;
        }
        let neighbourhood = self.neighbourhood_id(offering);
        let facts = Facts::without_titles(offering, neighbourhood);
        let day = DayFacts {
            weekdays: weekdays(&offering.schedules, self.today),
            ..DayFacts::default()
        };
        let mut failed = self.prepared.failures(&facts, day);
        if offering.by_appointment || offering.schedules.is_empty() {
            failed &= !(Group::Day as u16);
        }
        if failed != 0 {
            return None;
        }
        let dimensions = (facts.dimensions & self.dimensions).count_ones();
        let themes = (facts.themes & self.themes).count_ones();
        let chose_something = self.dimensions != 0 || self.themes != 0;
        if chose_something && dimensions == 0 && themes == 0 {
            return None;
        }
        let score = dimensions * self.dimension_weight + themes * self.theme_weight;
        Some((score, day.weekdays))
    }
}

impl Matcher {
    /// The position of the offering's neighbourhood among the chosen ones; each name
    /// is folded once.
    fn neighbourhood_id(&self, offering: &Offering) -> Option<u32> {
        let names = self.neighbourhoods.as_ref()?;
        let place = offering.location.as_ref()?.neighbourhood.as_str();
        let mut seen = self.seen.borrow_mut();
        if let Some((_, id)) = seen.iter().find(|(name, _)| name == place) {
            return *id;
        }
        let folded = fold_text(place);
        let id = names
            .iter()
            .position(|n| *n == folded)
            .and_then(|i| u32::try_from(i).ok());
        seen.push((place.to_string(), id));
        id
    }
}

fn distinct<V: Vocabulary + PartialEq>(terms: &[V]) -> usize {
    bits(terms).count_ones() as usize
}

/// Start of the next session at or after `now`: the same as the engine's
/// [`Offering::next_occurrences`], but from the patterns alone (as the engine does
/// on days without exceptions) unless an exception falls before that session.
fn next_start(offering: &Offering, now: DateTime<Utc>, today: NaiveDate) -> Option<DateTime<Tz>> {
    if offering.by_appointment {
        return None;
    }
    let regular = offering
        .schedules
        .iter()
        .filter_map(|s| {
            let start_on = |date: NaiveDate| {
                resolve_local(date.and_time(s.opens_at.unwrap_or(NaiveTime::MIN)))
            };
            let first = s.first_date_from(today)?;
            match start_on(first) {
                Some(start) if start >= now => Some(start),
                _ => s.first_date_from(first.succ_opt()?).and_then(start_on),
            }
        })
        .min();
    let changed_by_then = |until: NaiveDate| {
        offering
            .exceptions
            .iter()
            .any(|e| today <= e.date && e.date <= until)
    };
    match regular {
        Some(start) if !changed_by_then(start.date_naive()) => Some(start),
        _ if offering.exceptions.is_empty() => None,
        _ => offering.next_occurrences(now, 1).first().map(|o| o.start),
    }
}

/// The app's path that opens the offerings of a referral slip.
pub const REFERRAL_PATH: &str = "/verwijzing";
/// The query key of the offering ids in a referral link.
pub const REFERRAL_KEY: &str = "id";
/// Offerings on one slip at most: keeps the QR code small enough to scan from paper.
pub const REFERRAL_IDS_MAX: usize = 10;

/// Why a referral link cannot be made or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("not a referral link")]
    NotAReferral,
    #[error("a referral link needs at least one offering")]
    NoIds,
    #[error("at most {REFERRAL_IDS_MAX} offerings on one referral")]
    TooMany,
    /// The id at this position (from 0) is not an offering id.
    #[error("id {0} is not an offering id")]
    BadId(usize),
}

/// The path that opens `ids` in the public app: `/verwijzing?id=<uuid>,<uuid>`.
/// Repeated ids are left out; the order is kept.
pub fn referral_link(ids: &[Uuid]) -> Result<String, LinkError> {
    let ids = dedup(ids.iter().copied());
    check_count(&ids)?;
    let list: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    Ok(format!("{REFERRAL_PATH}?{REFERRAL_KEY}={}", list.join(",")))
}

/// Reads the offering ids back from a referral link: a path with its query, or a
/// whole URL (`https://.../verwijzing?id=...`). Other query keys are ignored.
pub fn parse_referral_link(link: &str) -> Result<Vec<Uuid>, LinkError> {
    let link = link.trim();
    let without_origin = match link.find("://") {
        Some(at) => {
            let rest = &link[at + 3..];
            rest.find('/').map_or("", |slash| &rest[slash..])
        }
        None => link,
    };
    let without_fragment = without_origin.split('#').next().unwrap_or_default();
    let (path, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    if path.trim_end_matches('/') != REFERRAL_PATH {
        return Err(LinkError::NotAReferral);
    }
    let value = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == REFERRAL_KEY)
        .map_or("", |(_, value)| value);
    parse_referral_ids(value)
}

/// Reads the value of the link's `id` key (as a router hands it over, or still
/// percent-encoded): comma-separated offering ids.
pub fn parse_referral_ids(value: &str) -> Result<Vec<Uuid>, LinkError> {
    let value = value.replace("%2C", ",").replace("%2c", ",");
    let parsed: Vec<Uuid> = value
        .split(',')
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .enumerate()
        .map(|(i, text)| Uuid::parse_str(text).map_err(|_| LinkError::BadId(i)))
        .collect::<Result<_, _>>()?;
    let ids = dedup(parsed);
    check_count(&ids)?;
    Ok(ids)
}

fn dedup(ids: impl IntoIterator<Item = Uuid>) -> Vec<Uuid> {
    let mut out: Vec<Uuid> = Vec::new();
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

fn check_count(ids: &[Uuid]) -> Result<(), LinkError> {
    match ids.len() {
        0 => Err(LinkError::NoIds),
        n if n > REFERRAL_IDS_MAX => Err(LinkError::TooMany),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
