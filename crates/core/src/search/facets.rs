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

/// Where each facet's bits sit in the one mask an offering is counted by.
const NEEDS: u32 = 0;
const THEMES: u32 = 16;
const DIMENSIONS: u32 = 32;
/// Two bits: formal, informal.
const KINDS: u32 = 40;
const FREE: u32 = 42;
const WHEELCHAIR: u32 = 43;
const LANGUAGES: u32 = 44;
const DAYS: u32 = 76;
/// One bit per [`When::ALL`].
const WHENS: u32 = 84;

/// The bits `len` from `at` on.
const fn bit_range(at: u32, len: u32) -> u128 {
    ((1u128 << len) - 1) << at
}

/// The bits of every facet's counts.
const ALL_FACETS: u128 = bit_range(0, WHENS + 4);

/// By the position of a [`Group`]'s bit: the bits of its chips' counts (none for
/// age, which has no chips, and for the neighbourhoods, counted apart).
const GROUP_FACETS: [u128; 11] = [
    bit_range(NEEDS, 16),
    bit_range(THEMES, 16),
    bit_range(DIMENSIONS, 8),
    bit_range(KINDS, 2),
    bit_range(FREE, 1),
    0,
    bit_range(DAYS, 8),
    bit_range(WHENS, 4),
    0,
    bit_range(WHEELCHAIR, 1),
    bit_range(LANGUAGES, 32),
];

/// Bits in the mask an offering is counted by.
const MASK_BITS: usize = WHENS as usize + 4;
const MASK_BYTES: usize = MASK_BITS.div_ceil(8);

/// Byte `b` spread over eight bytes, bit `i` of it in byte `i`: adding it to a
/// word of eight byte-sized counts counts the eight bits at once.
const SPREAD: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut bit = 0;
        while bit < 8 {
            if byte >> bit & 1 == 1 {
                table[byte] |= 1 << (8 * bit);
            }
            bit += 1;
        }
        byte += 1;
    }
    table
};

/// Counts per bit of the masks added, eight counts to a word (SWAR): adding a
/// mask is one table lookup and one addition per byte of it, with no loop over
/// its bits and no branch, instead of an increment per bit set. The byte-sized
/// counts are moved into whole ones before they can overflow.
#[derive(Debug)]
struct BitCounts {
    lanes: [u64; MASK_BYTES],
    /// Masks added since the lanes were last emptied.
    pending: u32,
    counts: [u32; MASK_BITS],
}

impl BitCounts {
    fn new() -> BitCounts {
        BitCounts {
            lanes: [0; MASK_BYTES],
            pending: 0,
            counts: [0; MASK_BITS],
        }
    }

    #[inline]
    fn add(&mut self, mask: u128) {
        let bytes = mask.to_le_bytes();
        for (lane, byte) in self.lanes.iter_mut().zip(bytes) {
            *lane += SPREAD[usize::from(byte)];
        }
        self.pending += 1;
        if self.pending == u32::from(u8::MAX) {
            self.empty_lanes();
        }
    }

    fn empty_lanes(&mut self) {
        for (lane, counts) in self.lanes.iter_mut().zip(self.counts.chunks_mut(8)) {
            for (i, count) in counts.iter_mut().enumerate() {
                *count += (*lane >> (8 * i)) as u32 & 0xff;
            }
            *lane = 0;
        }
        self.pending = 0;
    }

    /// The counts of the `N` bits from `at` on (after [`BitCounts::empty_lanes`]).
    fn counts<const N: usize>(&self, at: u32) -> [u32; N] {
        std::array::from_fn(|i| self.counts[at as usize + i])
    }
}

/// Counts by vocabulary position, turned into [`Facets`] at the end.
#[derive(Debug)]
pub(crate) struct Counter {
    counts: BitCounts,
    neighbourhoods: Vec<u32>,
}

impl Counter {
    pub fn new(neighbourhoods: usize) -> Counter {
        Counter {
            counts: BitCounts::new(),
            neighbourhoods: vec![0; neighbourhoods],
        }
    }

    /// Counts `doc`, which failed the filters in `failed` (see [`Group`]).
    #[inline]
    pub fn add(&mut self, doc: &Facts, day: DayFacts, failed: u16) {
        let counts_for = match failed {
            0 => ALL_FACETS,
            one if one.is_power_of_two() => GROUP_FACETS[one.trailing_zeros() as usize % 11],
            _ => return,
        };
        let whens = When::ALL
            .iter()
            .enumerate()
            .fold(0u128, |bits, (i, &when)| {
                bits | u128::from(happens(day, when)) << i
            });
        let kind = if doc.formal { 1 } else { 2 };
        let facets = u128::from(doc.needs) << NEEDS
            | u128::from(doc.themes) << THEMES
            | u128::from(doc.dimensions) << DIMENSIONS
            | kind << KINDS
            | u128::from(doc.free) << FREE
            | u128::from(doc.wheelchair) << WHEELCHAIR
            | u128::from(doc.languages) << LANGUAGES
            | u128::from(day.weekdays) << DAYS
            | whens << WHENS;
        self.counts.add(facets & counts_for);
        if (failed == 0 || failed == Group::Neighbourhood as u16)
            && let Some(n) = doc.neighbourhood
            && let Some(count) = self.neighbourhoods.get_mut(n as usize)
        {
            *count += 1;
        }
    }

    /// The counts; `places` are the neighbourhoods in use, in the order to show.
    pub fn finish<'n>(mut self, places: impl Iterator<Item = (u32, &'n str)>) -> Facets {
        let neighbourhoods = places
            .map(|(id, name)| {
                let count = self.neighbourhoods.get(id as usize).copied().unwrap_or(0);
                (name.to_string(), count)
            })
            .collect();
        self.counts.empty_lanes();
        let counts = &self.counts;
        let days: [u32; 7] = counts.counts(DAYS);
        let when: [u32; 4] = counts.counts(WHENS);
        Facets {
            needs: zip_all(&counts.counts::<16>(NEEDS)),
            themes: zip_all(&counts.counts::<16>(THEMES)),
            dimensions: zip_all(&counts.counts::<8>(DIMENSIONS)),
            kinds: zip_all(&counts.counts::<2>(KINDS)),
            free: counts.counts::<1>(FREE)[0],
            days: WEEKDAYS.into_iter().zip(days).collect(),
            when: When::ALL.into_iter().zip(when).collect(),
            neighbourhoods,
            wheelchair: counts.counts::<1>(WHEELCHAIR)[0],
            languages: zip_all(&counts.counts::<32>(LANGUAGES)),
        }
    }
}

fn zip_all<V: Vocabulary>(counts: &[u32]) -> Vec<(V, u32)> {
    V::ALL.iter().copied().zip(counts.iter().copied()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_counts_count_past_what_a_byte_holds() {
        let mut counts = BitCounts::new();
        let (every, some) = (1u128 | 1 << 87, 1u128 | 1 << 40 | 1 << 9);
        for n in 0..1000u32 {
            counts.add(every);
            if n % 3 == 0 {
                counts.add(some);
            }
        }
        counts.empty_lanes();
        let expected = |bit: usize| match bit {
            0 => 1000 + 334,
            87 => 1000,
            9 | 40 => 334,
            _ => 0,
        };
        for bit in 0..MASK_BITS {
            assert_eq!(counts.counts[bit], expected(bit), "bit {bit}");
        }
    }
}
