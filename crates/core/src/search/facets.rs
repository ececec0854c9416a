//! Counts for the filter chips, over the offerings the text matched.
//!
//! The usual ("disjunctive") faceting: the counts of one filter are made with every
//! other filter applied, but not itself. So with "exercise" chosen, the theme chips
//! still say how many offerings each other theme would add, while the day chips
//! count only exercise offerings. An offering that fails exactly one filter counts
//! only for that filter's chips; one that fails two or more counts for none.

use chrono::Weekday;
use serde::Serialize;

use super::agenda::DayFacts;
use super::document::Facts;
use super::filters::{Group, When, happens};
use super::needs::Need;
use crate::vocab::{HealthDimension, Language, OfferingKind, Theme, Vocabulary};

/// How many offerings each filter value would give.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub needs: Vec<(Need, u32)>,
    pub themes: Vec<(Theme, u32)>,
    pub dimensions: Vec<(HealthDimension, u32)>,
    pub kinds: Vec<(OfferingKind, u32)>,
    /// Free for the participant.
    pub free: u32,
    pub days: Vec<(Weekday, u32)>,
    pub when: Vec<(When, u32)>,
    /// By name, in name order.
    pub neighbourhoods: Vec<(String, u32)>,
    pub wheelchair: u32,
    pub languages: Vec<(Language, u32)>,
}

/// The days of the week, Monday first, as the day chips show them.
pub(crate) const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Counts by vocabulary position, turned into [`Facets`] at the end.
#[derive(Debug)]
/// Counts by bit position, in arrays as long as the bit sets, so that counting needs
/// no bounds checks.
pub(crate) struct Counter {
    needs: [u32; 16],
    themes: [u32; 16],
    dimensions: [u32; 8],
    kinds: [u32; 2],
    free: u32,
    days: [u32; 8],
    when: [u32; 4],
    neighbourhoods: Vec<u32>,
    wheelchair: u32,
    languages: [u32; 32],
}

impl Counter {
    pub fn new(neighbourhoods: usize) -> Counter {
        Counter {
            needs: [0; 16],
            themes: [0; 16],
            dimensions: [0; 8],
            kinds: [0; 2],
            free: 0,
            days: [0; 8],
            when: [0; 4],
            neighbourhoods: vec![0; neighbourhoods],
            wheelchair: 0,
            languages: [0; 32],
        }
    }

    /// Counts `doc`, which failed the filters in `failed` (see [`Group`]).
    #[inline]
    pub fn add(&mut self, doc: &Facts, day: DayFacts, failed: u16) {
        let counts_for = match failed {
            0 => Group::ALL,
            one if one.is_power_of_two() => one,
            _ => return,
        };
        let wants = |group: Group| counts_for & group as u16 != 0;
        if wants(Group::Need) {
            add_bits(&mut self.needs, doc.needs);
        }
        if wants(Group::Theme) {
            add_bits(&mut self.themes, doc.themes);
        }
        if wants(Group::Dimension) {
            add_bits(&mut self.dimensions, doc.dimensions);
        }
        if wants(Group::Kind) {
            self.kinds[usize::from(!doc.formal)] += 1;
        }
        if wants(Group::Free) {
            self.free += u32::from(doc.free);
        }
        if wants(Group::Day) {
            add_bits(&mut self.days, day.weekdays);
        }
        if wants(Group::When) {
            for (count, when) in self.when.iter_mut().zip(When::ALL) {
                *count += u32::from(happens(day, when));
            }
        }
        if wants(Group::Neighbourhood)
            && let Some(n) = doc.neighbourhood
            && let Some(count) = self.neighbourhoods.get_mut(n as usize)
        {
            *count += 1;
        }
        if wants(Group::Wheelchair) {
            self.wheelchair += u32::from(doc.wheelchair);
        }
        if wants(Group::Language) {
            add_bits(&mut self.languages, doc.languages);
        }
    }

    /// The counts; `places` are the neighbourhoods in use, in the order to show.
    pub fn finish<'n>(self, places: impl Iterator<Item = (u32, &'n str)>) -> Facets {
        let neighbourhoods = places
            .map(|(id, name)| {
                let count = self.neighbourhoods.get(id as usize).copied().unwrap_or(0);
                (name.to_string(), count)
            })
            .collect();
        Facets {
            needs: zip_all(&self.needs),
            themes: zip_all(&self.themes),
            dimensions: zip_all(&self.dimensions),
            kinds: zip_all(&self.kinds),
            free: self.free,
            days: WEEKDAYS.into_iter().zip(self.days).collect(),
            when: When::ALL.into_iter().zip(self.when).collect(),
            neighbourhoods,
            wheelchair: self.wheelchair,
            languages: zip_all(&self.languages),
        }
    }
}

/// Counts one for each bit set: `N` must cover every bit of `bits`.
fn add_bits<const N: usize>(counts: &mut [u32; N], bits: impl Into<u32>) {
    let mut bits = bits.into();
    while bits != 0 {
        counts[bits.trailing_zeros() as usize % N] += 1;
        bits &= bits - 1;
    }
}

fn zip_all<V: Vocabulary>(counts: &[u32]) -> Vec<(V, u32)> {
    V::ALL.iter().copied().zip(counts.iter().copied()).collect()
}
