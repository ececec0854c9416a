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
use super::document::Doc;
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

const WEEKDAYS: [Weekday; 7] = [
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
pub(crate) struct Counter {
    need_themes: Vec<u16>,
    needs: Vec<u32>,
    themes: Vec<u32>,
    dimensions: Vec<u32>,
    kinds: [u32; 2],
    free: u32,
    days: [u32; 7],
    when: [u32; 3],
    neighbourhoods: Vec<u32>,
    wheelchair: u32,
    languages: Vec<u32>,
}

impl Counter {
    pub fn new(neighbourhoods: usize) -> Counter {
        Counter {
            need_themes: Need::ALL
                .iter()
                .map(|n| super::document::bits(n.themes()) as u16)
                .collect(),
            needs: vec![0; Need::ALL.len()],
            themes: vec![0; Theme::ALL.len()],
            dimensions: vec![0; HealthDimension::ALL.len()],
            kinds: [0; 2],
            free: 0,
            days: [0; 7],
            when: [0; 3],
            neighbourhoods: vec![0; neighbourhoods],
            wheelchair: 0,
            languages: vec![0; Language::ALL.len()],
        }
    }

    /// Counts `doc`, which failed the filters in `failed` (see [`Group`]).
    pub fn add(
        &mut self,
        doc: &Doc,
        day: &DayFacts,
        failed: u16,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        let counts_for = match failed {
            0 => Group::ALL,
            one if one.is_power_of_two() => one,
            _ => return,
        };
        let wants = |group: Group| counts_for & group as u16 != 0;
        if wants(Group::Need) {
            for (count, &themes) in self.needs.iter_mut().zip(&self.need_themes) {
                *count += u32::from(doc.themes & themes != 0);
            }
        }
        if wants(Group::Theme) {
            add_bits(&mut self.themes, u32::from(doc.themes));
        }
        if wants(Group::Dimension) {
            add_bits(&mut self.dimensions, u32::from(doc.dimensions));
        }
        if wants(Group::Kind) {
            self.kinds[usize::from(!doc.formal)] += 1;
        }
        if wants(Group::Free) {
            self.free += u32::from(doc.free);
        }
        if wants(Group::Day) {
            add_bits(&mut self.days, u32::from(day.weekdays));
        }
        if wants(Group::When) {
            for (count, when) in self.when.iter_mut().zip(When::ALL) {
                *count += u32::from(happens(day, when, now));
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

    /// The counts; `neighbourhood_name` names a neighbourhood id (`None`: no longer
    /// in use, left out).
    pub fn finish<'n>(self, neighbourhood_name: impl Fn(u32) -> Option<&'n str>) -> Facets {
        let mut neighbourhoods: Vec<(String, u32)> = self
            .neighbourhoods
            .iter()
            .enumerate()
            .filter_map(|(id, &count)| Some((neighbourhood_name(id as u32)?.to_string(), count)))
            .collect();
        neighbourhoods.sort_by(|a, b| a.0.cmp(&b.0));
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

fn add_bits(counts: &mut [u32], mut bits: u32) {
    while bits != 0 {
        let position = bits.trailing_zeros() as usize;
        if let Some(count) = counts.get_mut(position) {
            *count += 1;
        }
        bits &= bits - 1;
    }
}

fn zip_all<V: Vocabulary>(counts: &[u32]) -> Vec<(V, u32)> {
    V::ALL.iter().copied().zip(counts.iter().copied()).collect()
}
