//! Offerings on the same subject as a short list of results: "valpreventie" finds
//! one course, and the gym groups that also keep people on their feet are worth
//! showing below it, under their own heading. The subject is read from the themes
//! of the first results, the first counting most.

use super::document::{Doc, Field, unpack_ids};
use super::hash::FastMap;
use super::score::informativeness;
use super::terms::{Terms, posting_fields, posting_slot};

/// Below this many results the related offerings are looked for.
pub(crate) const RELATED_BELOW: usize = 5;
/// At most this many related offerings are shown.
pub(crate) const RELATED_MOST: usize = 5;
/// The results whose themes make the subject.
const SUBJECT_FROM: usize = 3;

/// Who an offering is for counts next to what it is about, less: the balance
/// course for older people is closer to a gym group for older people than to
/// one for young mothers.
const AUDIENCE_SHARE: f32 = 0.5;

/// The themes and audiences of the first results, as bits over
/// [`crate::vocab::Theme::ALL`] and [`crate::vocab::Audience::ALL`].
#[derive(Debug, Default)]
pub(crate) struct Subject {
    results: Vec<(u16, u16)>,
}

impl Subject {
    /// The subject of results with these (themes, audiences), best first.
    pub fn of(results: impl IntoIterator<Item = (u16, u16)>) -> Subject {
        Subject {
            results: results
                .into_iter()
                .filter(|(themes, _)| *themes != 0)
                .take(SUBJECT_FROM)
                .collect(),
        }
    }

    /// How close an offering with `themes` and `audiences` is: with each result it
    /// shares a theme with, the share of their themes in common (of the themes
    /// of both), and less so of their audiences, weighted by the result's place.
    /// 0 when it shares no theme.
    pub fn closeness(&self, themes: u16, audiences: u16) -> f32 {
        self.results
            .iter()
            .enumerate()
            .filter(|(_, (result, _))| result & themes != 0)
            .map(|(place, &(result_themes, result_audiences))| {
                let close = share(result_themes, themes)
                    + AUDIENCE_SHARE * share(result_audiences, audiences);
                close / (place + 1) as f32
            })
            .sum()
    }
}

/// What the words an offering shares with the first results add to its
/// closeness: telling words ("balans", "vallen") say more about a subject than
/// themes do.
pub(crate) const WORDS_SHARE: f32 = 1.0;
/// A word more than one in this many offerings have tells too little to count
/// (and in a large guide costs a long walk through who has it).
const COMMON: usize = 100;
/// In a small guide a word may be in this many offerings and still tell.
const COMMON_IN_A_SMALL_GUIDE: usize = 16;

/// By slot, how many of the telling words of the first results (`results`, their
/// slots, best first) an offering has, weighted by how rare each word is and by
/// the field it stands in (title and tags most), each result's share scaled to at
/// most 1 and weighted by its place. The results themselves are left out.
pub(crate) fn shared_words(
    terms: &Terms,
    docs: &[Option<Doc>],
    results: &[u32],
) -> FastMap<u32, f32> {
    let all = docs.len();
    let common = (all / COMMON).max(COMMON_IN_A_SMALL_GUIDE);
    let mut shared: FastMap<u32, f32> = FastMap::default();
    for (place, &result) in results.iter().take(SUBJECT_FROM).enumerate() {
        let Some(doc) = docs.get(result as usize).and_then(Option::as_ref) else {
            continue;
        };
        let mut own = 0.0;
        let mut found: FastMap<u32, f32> = FastMap::default();
        for id in unpack_ids(doc.words()).filter(|&id| terms.has(id)) {
            let postings = &terms.term(id).postings;
            if postings.len() < 2 || postings.len() > common {
                continue;
            }
            let told = informativeness(postings.len(), all);
            for &posting in postings {
                let weight = told * best_field(posting_fields(posting));
                let slot = posting_slot(posting);
                if slot == result {
                    own += weight;
                } else {
                    *found.entry(slot).or_default() += weight;
                }
            }
        }
        if own > 0.0 {
            for (slot, weight) in found {
                *shared.entry(slot).or_default() += (weight / own).min(1.0) / (place + 1) as f32;
            }
        }
    }
    for result in results {
        shared.remove(result);
    }
    shared
}

/// The weight of the best of the fields in `bits`, the title's being 1.
fn best_field(bits: u8) -> f32 {
    Field::ALL
        .iter()
        .filter(|f| bits & f.bit() != 0)
        .map(|f| f.weight())
        .fold(0.0, f32::max)
        / Field::Title.weight()
}

/// The share of bits `a` and `b` have in common, of those either has.
fn share(a: u16, b: u16) -> f32 {
    (a & b).count_ones() as f32 / (a | b).count_ones().max(1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_themes_are_closest_and_the_first_result_counts_most() {
        let subject = Subject::of([(0b011, 0b1), (0b100, 0b1)]);
        assert_eq!(subject.closeness(0b011, 0b10), 1.0);
        assert!(subject.closeness(0b001, 0b10) < subject.closeness(0b011, 0b10));
        let two = Subject::of([(0b001, 0b1), (0b100, 0b1)]);
        assert!(two.closeness(0b001, 0b10) > two.closeness(0b100, 0b10));
        assert_eq!(subject.closeness(0b1000, 0b1), 0.0, "no theme in common");
        assert_eq!(Subject::of([(0, 0b1)]).closeness(0b1, 0b1), 0.0);
    }

    #[test]
    fn of_two_on_the_same_theme_the_one_for_the_same_people_is_closer() {
        let subject = Subject::of([(0b1, 0b10)]);
        assert!(subject.closeness(0b1, 0b10) > subject.closeness(0b1, 0b100));
    }
}
