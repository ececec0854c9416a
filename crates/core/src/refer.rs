//! "Verwijzen": a GP or practice nurse picks what matters to a person and their
//! practical limits, and gets the offerings that fit, best first; then a link that
//! opens the chosen offerings in the public app, for the referral slip and its QR code.
//!
//! Privacy: [`ReferralNeeds`] describes a person, so it is never sent. The screen
//! keeps it for the visit in the browser tab only (`sessionStorage`, cleared on
//! sign-out), which is why it can be serialised; it derives no `Debug` (a debug
//! print could end up in a log). The link carries offering ids and the slip's
//! language only.
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
//! - Practical limits of the referral only (see [`ReferralNeeds`]): "little money"
//!   keeps what is free or cheap ([`is_cheap`]); "cannot walk far" keeps what
//!   comes to the person or is close ([`comes_close`]); a man is not sent to what
//!   is only for women, nor a woman to what is only for men.
//! - Every limit narrows, never widens: they all must hold, so "free" and "little
//!   money" together are "free". What matters to the person (dimensions, themes)
//!   is "any of them": each offering that covers at least one.
//! - Only published offerings. Paused ones ("temporarily closed") are left out: a
//!   slip that sends someone to a closed door does harm. Drafts, offerings pending
//!   review and archived ones are never shown.
//! - Ranking: by how much of what matters to the person it covers, dimensions and
//!   themes weighing the same as groups: with 2 dimensions and 3 themes chosen, a
//!   dimension counts 3 and a theme 2, so covering all dimensions counts as much as
//!   covering all themes. When something was chosen, offerings covering none of it
//!   are left out. Ties: by how well it fits the person ([`Fit::fit`]: meant for
//!   the groups they belong to, in their own neighbourhood, free when money is
//!   short), then the soonest next session (by appointment or without schedule
//!   last), then by (Dutch) title.
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
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{Cost, Offering};
use crate::schedule::{local_date_time, resolve_local};
use crate::search::fold::fold_text;
use crate::search::{DayFacts, Facts, Filters, Group, Prepared, bits, day_bit, weekdays};
use crate::vocab::{
    Audience, CostUnit, HealthDimension, Lang, Language, Status, Theme, Vocabulary,
};

mod slip;
pub use slip::{SLIP_CLOSURE_DAYS, SlipClosure, SlipEntry, Worded, slip_date, slip_entry};

/// What matters to the person and what limits them. Lives only in the screen and
/// the browser tab; see the module docs.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
    /// Groups they belong to (women, older people, carers, ...): what is meant for
    /// them ranks first; what is only for women is left out for a man, and the
    /// other way round.
    pub audiences: Vec<Audience>,
    /// Little money to spare: only what is free or cheap ([`is_cheap`]), free first.
    pub little_money: bool,
    /// Cannot walk far: only what comes to them or is close ([`comes_close`]).
    pub cannot_walk_far: bool,
    /// The neighbourhood they live in: what is there ranks first, and it is what
    /// "close" means for [`ReferralNeeds::cannot_walk_far`].
    pub lives_in: Option<String>,
}

/// Cheap enough for "little money": free to the participant, paid for by a scheme
/// the referral knows of (a coverage note, such as the municipality's pass), or at
/// most € 5 a session, € 15 a month, € 50 a year, € 25 a course or € 10 once.
pub fn is_cheap(offering: &Offering) -> bool {
    cheap_by_price(offering) || covered_beyond_price(offering).is_some()
}

/// The referral's coverage note of an offering whose price alone is more than
/// "little money" allows: it is on the list for little money only because of
/// that scheme, so its card says which ("Aanvullende verzekering; …").
pub fn covered_beyond_price(offering: &Offering) -> Option<&str> {
    if cheap_by_price(offering) {
        return None;
    }
    let note = offering.referral.as_ref()?.coverage_note.as_deref()?.trim();
    (!note.is_empty()).then_some(note)
}

fn cheap_by_price(offering: &Offering) -> bool {
    let Cost::Paid { amount_cents, unit } = offering.cost else {
        return true;
    };
    let most = match unit {
        CostUnit::PerSession => 500,
        CostUnit::PerMonth => 1500,
        CostUnit::PerYear => 5000,
        CostUnit::PerCourse => 2500,
        CostUnit::OneOff => 1000,
    };
    amount_cents <= most
}

/// Words by which an offering says it arranges the journey (there is no field for
/// it yet): "Vervoer is geregeld met een rolstoelbus", "we halen je op".
const TRANSPORT_WORDS: [&str; 5] = [
    "vervoer",
    "ophalen",
    "halen je op",
    "haal je op",
    "rolstoelbus",
];

/// Close enough for someone who cannot walk far: it comes to them (at home,
/// online), it is in the neighbourhood they live in (`home`, folded), or it
/// arranges the journey (its summary, description or tags say so).
pub fn comes_close(offering: &Offering, home: Option<&str>) -> bool {
    if offering.at_home || offering.online {
        return true;
    }
    let nearby = offering
        .location
        .as_ref()
        .is_some_and(|l| home.is_some_and(|home| fold_text(&l.neighbourhood) == home));
    nearby || arranges_transport(offering)
}

fn arranges_transport(offering: &Offering) -> bool {
    // Lowercase is enough for these words, and cheaper than folding descriptions.
    let says = |text: &str| {
        let text = text.to_lowercase();
        TRANSPORT_WORDS.iter().any(|w| text.contains(w))
    };
    says(&offering.summary) || says(&offering.description) || offering.tags.iter().any(|t| says(t))
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
    /// How well it fits the person, among equal scores (higher first): one for
    /// each of their groups it is meant for, one when it is in their own
    /// neighbourhood (or comes to them), one when free while money is short.
    pub fit: u32,
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
    let mut candidates: Vec<(Order, Bound, &Offering)> = offerings
        .into_iter()
        .filter_map(|o| {
            let (order, weekdays) = matcher.score(o)?;
            Some((order, Bound::of(o, weekdays, today), o))
        })
        .collect();
    let total = candidates.len();
    candidates.sort_unstable_by_key(|(score, bound, _)| (Reverse(*score), *bound));
    // The (score, next session) of each fit that can still reach the list; `best`
    // keeps the best `limit` of those keys, the worst on top.
    let mut timed: Vec<(TimeKey, &Offering)> = Vec::new();
    let mut best: BinaryHeap<TimeKey> = BinaryHeap::with_capacity(limit + 1);
    for &(order, bound, offering) in &candidates {
        let full = best.len() == limit;
        if limit == 0
            || full
                && best
                    .peek()
                    .is_some_and(|worst| !bound.may_reach(order, worst))
        {
            // Sorted by score, then bound: nothing after this can reach it either.
            break;
        }
        let next = next_start(offering, now, today);
        let key = (Reverse(order), (next.is_none(), next));
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
        .map(|((Reverse((score, fit)), (_, next)), _, offering)| Fit {
            id: offering.id,
            dimensions: covered(&offering.health_dimensions, &needs.dimensions),
            themes: covered(&offering.themes, &needs.themes),
            score,
            fit,
            next,
        })
        .collect();
    Referrals { fits, total }
}

/// Score, then fit: the order of fits before their sessions, highest first.
type Order = (u32, u32);

/// The order of fits before their titles, smallest first: highest score and fit,
/// then soonest next session (none last).
type TimeKey = (Reverse<Order>, (bool, Option<DateTime<Tz>>));

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
    fn may_reach(self, score: Order, worst: &TimeKey) -> bool {
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
    audiences: u16,
    /// Whom not to send to what is only for them: the women bit when a man (and
    /// no woman) was chosen, and the other way round.
    not_only_for: u16,
    little_money: bool,
    cannot_walk_far: bool,
    /// The folded neighbourhood the person lives in.
    home: Option<String>,
    /// Neighbourhood names already looked up, as written in offerings, with their
    /// position among the chosen ones and whether it is the person's own: a town
    /// has a few dozen, so a list is quicker than hashing.
    seen: RefCell<Vec<(String, Option<u32>, bool)>>,
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
        let (women, men) = (
            bits(&[Audience::Women]) as u16,
            bits(&[Audience::Men]) as u16,
        );
        let audiences = bits(&needs.audiences) as u16;
        let not_only_for = match (audiences & women != 0, audiences & men != 0) {
            (true, false) => men,
            (false, true) => women,
            _ => 0,
        };
        Matcher {
            prepared,
            neighbourhoods,
            dimensions: bits(&needs.dimensions) as u8,
            themes: bits(&needs.themes) as u16,
            dimension_weight: chosen_themes.max(1),
            theme_weight: chosen_dimensions.max(1),
            today,
            audiences: audiences & !(bits(&[Audience::Everyone]) as u16),
            not_only_for,
            little_money: needs.little_money,
            cannot_walk_far: needs.cannot_walk_far,
            home: needs
                .lives_in
                .as_deref()
                .map(fold_text)
                .filter(|h| !h.is_empty()),
            seen: RefCell::default(),
        }
    }

    /// The offering's score and fit, and the weekdays its schedules fall on, or
    /// `None` when it does not fit.
    fn score(&self, offering: &Offering) -> Option<(Order, u8)> {
        if offering.status != Status::Published {
            return None;
        }
        let (neighbourhood, at_home) = self.place(offering);
        let facts = Facts::new(offering, neighbourhood);
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
        let fit = self.fit(offering, &facts, at_home)?;
        Some(((score, fit), day.weekdays))
    }

    /// The practical limits of a referral, and how well it fits the person (see
    /// [`Fit::fit`]); `None` when a limit rules it out.
    fn fit(&self, offering: &Offering, facts: &Facts, in_home: bool) -> Option<u32> {
        let genders = facts.audiences & bits(&[Audience::Women, Audience::Men]) as u16;
        let only_for_other = self.not_only_for != 0 && genders == self.not_only_for;
        if only_for_other
            || self.little_money && !is_cheap(offering)
            || self.cannot_walk_far && !(in_home || comes_close(offering, None))
        {
            return None;
        }
        let groups = (facts.audiences & self.audiences).count_ones();
        let near = self.home.is_some() && (in_home || offering.at_home || offering.online);
        let free = self.little_money && facts.free;
        Some(groups + u32::from(near) + u32::from(free))
    }
}

impl Matcher {
    /// The position of the offering's neighbourhood among the chosen ones, and
    /// whether it is the person's own; each name is folded once.
    fn place(&self, offering: &Offering) -> (Option<u32>, bool) {
        if self.neighbourhoods.is_none() && self.home.is_none() {
            return (None, false);
        }
        let Some(place) = offering.location.as_ref().map(|l| l.neighbourhood.as_str()) else {
            return (None, false);
        };
        let mut seen = self.seen.borrow_mut();
        if let Some((_, id, home)) = seen.iter().find(|(name, _, _)| name == place) {
            return (*id, *home);
        }
        let folded = fold_text(place);
        let id = self
            .neighbourhoods
            .as_deref()
            .unwrap_or_default()
            .iter()
            .position(|n| *n == folded)
            .and_then(|i| u32::try_from(i).ok());
        let home = self.home.as_deref() == Some(folded.as_str()) && !folded.is_empty();
        seen.push((place.to_string(), id, home));
        (id, home)
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
/// The query key of the slip's language in a referral link: the patient's phone
/// opens it in that language.
pub const REFERRAL_LANG_KEY: &str = "lang";
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

/// [`referral_link`] with the slip's language, so that the page opens in it:
/// `/verwijzing?id=<uuid>,<uuid>&lang=en`.
pub fn referral_link_in(ids: &[Uuid], lang: Lang) -> Result<String, LinkError> {
    Ok(format!(
        "{}&{REFERRAL_LANG_KEY}={}",
        referral_link(ids)?,
        lang.code()
    ))
}

/// The language a referral link asks for (its `lang` value), if it is one the
/// guide speaks.
pub fn referral_lang(value: &str) -> Option<Lang> {
    Lang::from_code(value.trim())
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
