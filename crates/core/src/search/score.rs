//! Scoring offerings against the query words: per word the best match an offering
//! has of each thing the word stands for (field weight times match quality), the
//! best counting fully and the others in part, summed over the words.
//!
//! An offering must match every required word. When none does, the offerings that
//! match the most of them are kept instead, and the results say so, so that one
//! misspelt or unknown word does not leave the screen empty.

use std::sync::Arc;

use super::Scope;
use super::document::{Field, Visibility, bits};
use super::index::SearchIndex;
use super::plan::{MatchKind, TermMatch, WordPlan};
use super::terms::{posting_fields, posting_slot};
use crate::vocab::Audience;

/// The weight of a match in the fields `bits`: the best field counts fully, others
/// add a little, so a word in both title and tags beats one in the title only.
fn field_weights() -> [f32; 128] {
    let mut table = [0.0; 128];
    for (bits, weight) in table.iter_mut().enumerate() {
        let (mut best, mut sum) = (0.0f32, 0.0);
        for field in Field::ALL.iter().filter(|f| bits as u8 & f.bit() != 0) {
            best = best.max(field.weight());
            sum += field.weight();
        }
        *weight = best + 0.15 * (sum - best);
    }
    table
}

/// The matches of a word's different senses (its own forms, each word meaning the
/// same, each part of a compound) are different evidence: "job", "werk" and "baan"
/// in one offering say more than "job" alone, "minima" and "regeling" more than
/// either. The best sense counts fully, each other adds this share. The forms of
/// one word are one sense: "wandelgroep" and "wandelen" are not two findings.
const OTHER_SENSES: f32 = 0.5;

/// What the matches of one word add up to in each offering, worked out sense by
/// sense: each sense keeps the best match per offering, and when it is done its
/// best matches are added to the word's, the best of them counting fully
/// ([`OTHER_SENSES`]). The first sense fed (most often the only one: the word and
/// its forms) goes straight into the word's best match per offering, so that a
/// word of one sense costs what a single best did. Kept from one search for the
/// next, so that a keystroke does not clear lists as long as the guide: between
/// words every entry is empty.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// By slot: the best match of the first sense (0: none).
    first: Vec<f32>,
    /// By slot: the best match of the later sense being fed, and which it is.
    current: Vec<f32>,
    which: Vec<u32>,
    /// By slot: the best matches of the later senses done, their sum and the best.
    later: Vec<[f32; 2]>,
    /// The slots the later sense being fed matched.
    in_sense: Vec<u32>,
    /// The slots the word matched.
    touched: Vec<u32>,
    /// By slot: already in `touched` from a match of NaN score (see
    /// [`TextScores::new`]); cleared as `touched` is drained.
    pushed: Vec<bool>,
    /// The times such a slot would have been put in `touched` again: they count
    /// for how many offerings the word found, as they always did.
    repeats: usize,
    /// The last words scored, newest last ([`KEPT_WORDS`]).
    kept: Vec<KeptWord>,
}

/// How many scored words a search keeps for the next: typing "hulp bij s" one
/// key at a time scores "hulp" and "bij" once, not on every key after them.
/// At 50,000 offerings a word kept takes up to 0.6 MB.
const KEPT_WORDS: usize = 6;

/// A word scored by an earlier search, and for what.
#[derive(Debug)]
struct KeptWord {
    plan: WordPlan,
    scope: Scope,
    /// The index's [`SearchIndex::generation`] it was scored on.
    generation: u64,
    scores: Arc<WordScores>,
}

/// What one word adds to the scores of the offerings a search may show.
#[derive(Debug)]
struct WordScores {
    /// By slot: see [`TextScores::best`].
    best: Arc<Vec<u32>>,
    /// The offerings it matched that the search may show, and what it adds to
    /// their score when required (a filler adds [`FILLER_WEIGHT`] of it).
    adds: Vec<(u32, f32)>,
    /// How much it tells ([`informativeness`]).
    told: f32,
    /// It matched some offering, shown or not.
    found_any: bool,
}

/// Whether two plans score the same: whether a word is required changes only its
/// weight, which is applied after ("hulp" is required in "hulp ", a filler in
/// "hulp b" while the second word is typed).
fn same_word(a: &WordPlan, b: &WordPlan) -> bool {
    a.word == b.word && a.terms == b.terms && a.labels == b.labels
}

impl Scratch {
    /// The scores of `plan` kept from an earlier search on the same index.
    fn kept(&self, plan: &WordPlan, scope: Scope, generation: u64) -> Option<Arc<WordScores>> {
        self.kept
            .iter()
            .find(|k| k.generation == generation && k.scope == scope && same_word(&k.plan, plan))
            .map(|k| k.scores.clone())
    }

    fn keep(&mut self, plan: &WordPlan, scope: Scope, generation: u64, scores: Arc<WordScores>) {
        self.kept.retain(|k| k.generation == generation);
        if self.kept.len() == KEPT_WORDS {
            self.kept.remove(0);
        }
        self.kept.push(KeptWord {
            plan: plan.clone(),
            scope,
            generation,
            scores,
        });
    }
}

impl Scratch {
    fn make_room(&mut self, slots: usize) {
        if self.first.len() < slots {
            self.first.resize(slots, 0.0);
            self.current.resize(slots, 0.0);
            self.which.resize(slots, 0);
            self.later.resize(slots, [0.0; 2]);
            self.pushed.resize(slots, false);
        }
    }

    /// A later sense is done: adds its best matches to the word's, and sets
    /// `best` where one is the word's best single match so far.
    fn end_sense(&mut self, best: &mut [u32]) {
        for &slot in &self.in_sense {
            let s = slot as usize;
            let current = std::mem::take(&mut self.current[s]);
            let later = &mut self.later[s];
            if self.first[s] == 0.0 && later[0] == 0.0 {
                self.touched.push(slot);
            }
            if current > later[1].max(self.first[s]) {
                best[s] = self.which[s];
            }
            later[0] += current;
            later[1] = later[1].max(current);
        }
        self.in_sense.clear();
    }

    /// What the word's matches add up to in `slot`, leaving it empty; `later`
    /// when senses after the first were fed.
    fn take(&mut self, slot: usize, later: bool) -> f32 {
        let first = std::mem::take(&mut self.first[slot]);
        if !later {
            return first;
        }
        let [sum, best] = std::mem::take(&mut self.later[slot]);
        let best = best.max(first);
        best + OTHER_SENSES * (first + sum - best)
    }
}

/// Keeps a match of `score` (above 0) of term or label `index` in `slot` when it is
/// the best of its sense there: in `current` (newly matched slots go to
/// `matched`), the index in `which`.
#[inline(always)]
fn keep(
    current: &mut [f32],
    matched: &mut Vec<u32>,
    which: &mut [u32],
    slot: u32,
    score: f32,
    index: u32,
) {
    let s = slot as usize;
    if current[s] == 0.0 {
        matched.push(slot);
    }
    if score > current[s] {
        current[s] = score;
        which[s] = index;
    }
}

/// A word that is not required ("meer" in "ik wil meer bewegen") still counts
/// when it matches, but far less than the words that say what is looked for.
const FILLER_WEIGHT: f32 = 0.2;

/// BM25's length normalisation for the title: a word in the title "Voedselbank"
/// says more about it than the same word in "Vrijwilliger bij de voedselbank".
/// Titles are compared with one of `TYPICAL_TITLE` words.
const TITLE_LENGTH_SHARE: f32 = 0.15;
const TYPICAL_TITLE: f32 = 4.0;

/// What a title match counts for in a title of `words` words, 1 for a typical one.
fn title_fit(words: u8) -> f32 {
    let words = f32::from(words.max(1));
    1.0 / (1.0 - TITLE_LENGTH_SHARE + TITLE_LENGTH_SHARE * words / TYPICAL_TITLE)
}

/// Typed in this many words (little words too) a query is a sentence, and an
/// offering need not match all its required words, only a good part of what
/// they tell ([`SENTENCE_SHARE`]): in "ik zorg voor mijn zieke vader" the carers'
/// support says "mantelzorg", not "vader"; for "geen geld voor eten" the money
/// desk and the free soup both answer. Those that match more still come first.
/// Two words typed ("kinderen zwemmen") must both match.
const SENTENCE_WORDS: usize = 3;
const SENTENCE_SHARE: f32 = 0.4;

/// BM25's inverse document frequency of a word found in `found` of `all`
/// offerings, scaled so that a word only one offering has weighs 1.
pub(crate) fn informativeness(found: usize, all: usize) -> f32 {
    let idf = |n: usize| {
        let (n, all) = (n as f32, all as f32);
        ((all - n + 0.5) / (n + 0.5) + 1.0).ln()
    };
    if all == 0 {
        return 1.0;
    }
    // A first letter's words are found more often than there are offerings (a
    // count of postings): as common as can be, never below (a negative weight
    // made every score NaN, and the first letters ranked by title alone).
    idf(found.min(all)) / idf(1)
}

/// An offering meant only for groups the person did not name ("for women", "55+")
/// fits a question that names no group less well than one open to everyone: a
/// lonely resident is better served first by the walk-in that takes anyone.
const NARROW_AUDIENCE: f32 = AUDIENCE_FACTOR;
const AUDIENCE_FACTOR: f32 = 0.8;

/// How well the audiences of an offering (`audiences`) fit those the query named
/// (`asked`), both as bits over [`Audience::ALL`]: 1, or less for an offering only
/// for groups not asked about.
pub(crate) fn audience_fit(audiences: u16, asked: u16) -> f32 {
    let open = bits(&[Audience::Everyone, Audience::Adults]) as u16;
    if audiences == 0 || audiences & (open | asked) != 0 {
        1.0
    } else {
        NARROW_AUDIENCE
    }
}

/// The match of the query's words against every offering.
#[derive(Debug)]
pub(crate) struct TextScores {
    /// Slots that matched at least one word, in no particular order.
    pub candidates: Vec<u32>,
    /// By slot: the summed score.
    pub score: Vec<f32>,
    /// By slot: bit `i` set when word `i` matched.
    pub matched: Vec<u16>,
    /// Per word, by slot: 0 when it did not match, `t + 1` for its `t`th term match,
    /// `terms + n + 1` for its `n`th need.
    pub best: Vec<Arc<Vec<u32>>>,
    /// Words an offering must match: all required ones, or (when no offering matches
    /// them all) this many of them.
    required: u16,
    needed: u32,
    /// By word: how much it tells ([`informativeness`]), 0 for a filler.
    weights: Vec<f32>,
    /// The query is a sentence ([`SENTENCE_WORDS`]) of two or more required words.
    sentence: bool,
    /// In a sentence, by the bits of the required words an offering matched: the
    /// share of what they tell ([`TextScores::share_told`]), worked out once.
    shares: Vec<f32>,
    /// Bit `i` set when word `i` matched any offering at all.
    found_any: u16,
}

impl TextScores {
    /// Scores the offerings of `index` a search in `scope` may show, for a query
    /// typed in `typed` words.
    pub fn new(
        typed: usize,
        plans: &[WordPlan],
        index: &SearchIndex,
        scope: Scope,
        scratch: &mut Scratch,
    ) -> TextScores {
        let slots = index.facts.len();
        let mut scores = TextScores {
            candidates: Vec::new(),
            score: vec![0.0; slots],
            matched: vec![0; slots],
            best: Vec::with_capacity(plans.len()),
            required: 0,
            needed: 0,
            weights: Vec::with_capacity(plans.len()),
            sentence: false,
            shares: Vec::new(),
            found_any: 0,
        };
        for (i, plan) in plans.iter().enumerate() {
            let weight = if plan.required { 1.0 } else { FILLER_WEIGHT };
            let TextScores {
                candidates,
                score,
                matched,
                ..
            } = &mut scores;
            let mut add_to = |slot: u32, add: f32| {
                let s = slot as usize;
                if matched[s] == 0 {
                    candidates.push(slot);
                }
                matched[s] |= 1 << i;
                score[s] += add * weight;
            };
            let word = match scratch.kept(plan, scope, index.generation) {
                Some(word) => {
                    for &(slot, add) in &word.adds {
                        add_to(slot, add);
                    }
                    word
                }
                None => {
                    let word = Arc::new(score_word(plan, index, scope, add_to, scratch));
                    scratch.keep(plan, scope, index.generation, word.clone());
                    word
                }
            };
            scores
                .weights
                .push(if plan.required { word.told } else { 0.0 });
            if word.found_any {
                scores.found_any |= 1 << i;
            }
            scores.best.push(word.best.clone());
            if plan.required {
                scores.required |= 1 << i;
            }
        }
        scores.needed = scores.required.count_ones();
        scores.sentence = typed >= SENTENCE_WORDS && scores.needed >= 2;
        if scores.sentence {
            scores.shares = (0..1u32 << plans.len())
                .map(|bits| scores.share_of(bits as u16))
                .collect();
        }
        if !scores.candidates.iter().any(|&s| scores.matches_all(s)) {
            scores.needed = scores
                .candidates
                .iter()
                .map(|&s| (scores.matched[s as usize] & scores.required).count_ones())
                .max()
                .unwrap_or(0);
        }
        scores
    }

    fn matches_all(&self, slot: u32) -> bool {
        self.matched[slot as usize] & self.required == self.required
    }

    /// Whether some offering matched every required word.
    pub fn all_words_matched(&self) -> bool {
        self.needed == self.required.count_ones()
    }

    /// Whether the offering in `slot` matched enough words to be a result: all
    /// required ones, or in a sentence, a good part of what it tells.
    #[inline]
    pub fn accepts(&self, slot: u32) -> bool {
        let matched = self.matched[slot as usize] & self.required;
        self.needed > 0 && matched.count_ones() >= self.needed
            || self.sentence && self.share_told(slot) >= SENTENCE_SHARE
    }

    /// The share of what the required words tell that the offering in `slot`
    /// matched: "mijn buren maken steeds herrie" is about the noise and the
    /// neighbours, and an offering need not say "maken". A word no offering has
    /// ("durf" in "ik durf niet meer naar buiten") tells nothing about which fits.
    #[inline]
    fn share_told(&self, slot: u32) -> f32 {
        let bits = self.matched[slot as usize] & self.required;
        self.shares
            .get(usize::from(bits))
            .copied()
            .unwrap_or_else(|| self.share_of(bits))
    }

    /// [`TextScores::share_told`] for an offering that matched the required words
    /// in `bits`.
    fn share_of(&self, bits: u16) -> f32 {
        let told = |bits: u16| -> f32 {
            self.weights
                .iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, w)| w)
                .sum()
        };
        let all = told(self.required & self.found_any);
        if all > 0.0 {
            told(bits & self.required) / all
        } else {
            1.0
        }
    }

    /// Its score: in a sentence scaled by the share of it matched, so that an
    /// offering for one word does not outrank those for the whole (Lucene's
    /// coordination factor); lowered for a paused offering so that it comes after
    /// published ones that match as well.
    #[inline]
    pub fn score_of(&self, slot: u32, visibility: Visibility) -> f32 {
        let mut score = self.score[slot as usize];
        if self.sentence {
            score *= self.share_told(slot);
        }
        if visibility == Visibility::Paused {
            score * 0.7
        } else {
            score
        }
    }
}

/// Scores the offerings `index` has for one word of a search in `scope`, giving
/// each offering's share to `add_to` as well (in the same pass).
fn score_word(
    plan: &WordPlan,
    index: &SearchIndex,
    scope: Scope,
    mut add_to: impl FnMut(u32, f32),
    scratch: &mut Scratch,
) -> WordScores {
    let SearchIndex {
        terms,
        facts,
        labelled,
        visibility,
        ..
    } = index;
    let weights = field_weights();
    // What a title match adds for a title of so many words.
    let title_extra: [f32; 256] =
        std::array::from_fn(|words| Field::Title.weight() * (title_fit(words as u8) - 1.0));
    let slots = facts.len();
    scratch.make_room(slots);
    let mut best = vec![0u32; slots];
    // A word's near misses, longer words and compound parts are found
    // together, as one word of their own: a rare misspelt neighbour
    // ("mantelzorgcafe") must not outweigh the word meant ("mantelzorg").
    let guessed = |m: &TermMatch| {
        matches!(
            m.kind,
            MatchKind::Typo | MatchKind::Prefix | MatchKind::Compound
        )
    };
    let guessed_found: usize = plan
        .terms
        .iter()
        .filter(|m| guessed(m))
        .map(|m| terms.term(m.term).postings.len())
        .sum();
    // The senses of its terms, in order; then each label is one.
    let mut senses = [0u64; 4];
    for m in &plan.terms {
        senses[usize::from(m.sense / 64)] |= 1 << (m.sense % 64);
    }
    let senses = (0..=u8::MAX).filter(|&s| senses[usize::from(s / 64)] & 1 << (s % 64) != 0);
    let mut later = false;
    for (n, sense) in senses.enumerate() {
        if n > 0 {
            scratch.end_sense(&mut best);
            later = true;
        }
        for (t, m) in plan.terms.iter().enumerate() {
            if m.sense != sense {
                continue;
            }
            let postings = &terms.term(m.term).postings;
            let found = if guessed(m) {
                guessed_found
            } else {
                postings.len()
            };
            let told = informativeness(found, slots).sqrt();
            let Scratch {
                first,
                current,
                which,
                in_sense,
                touched,
                pushed,
                repeats,
                ..
            } = &mut *scratch;
            let term_told = m.quality * told;
            if term_told.is_nan() && n == 0 {
                // More guessed postings than offerings (a first letter):
                // every score is NaN, which `keep` never keeps as a best
                // match, whatever the field; it only puts the slot in
                // `touched` while the slot has no best match, again for
                // each such posting. A slot goes in once here, the
                // repeats counted: draining a slot twice changes nothing.
                for &posting in postings {
                    let s = posting_slot(posting) as usize;
                    if first[s] == 0.0 {
                        if pushed[s] {
                            *repeats += 1;
                        } else {
                            pushed[s] = true;
                            touched.push(s as u32);
                        }
                    }
                }
                continue;
            }
            let (current, matched, which) = if n == 0 {
                (first, touched, &mut best[..])
            } else {
                (current, in_sense, &mut which[..])
            };
            for &posting in postings {
                let (slot, fields) = (posting_slot(posting), posting_fields(posting));
                let mut weight = weights[usize::from(fields)];
                if fields & Field::Title.bit() != 0 {
                    weight += title_extra[usize::from(facts[slot as usize].title_words)];
                }
                let score = term_told * weight;
                keep(current, matched, which, slot, score, t as u32 + 1);
            }
        }
    }
    let label_base = plan.terms.len() as u32 + 1;
    if !plan.labels.is_empty() {
        // One pass over the facts: which offerings each label finds, then
        // how rare that makes it.
        let mut found: Vec<Vec<u32>> = vec![Vec::new(); plan.labels.len()];
        for (slot, offering) in labelled.iter().enumerate() {
            for (n, label) in plan.labels.iter().enumerate() {
                if label.target.hits(offering) {
                    found[n].push(slot as u32);
                }
            }
        }
        // A label (a theme, a group, a need) is a sense of its own.
        for (n, (label, slots_found)) in plan.labels.iter().zip(&found).enumerate() {
            scratch.end_sense(&mut best);
            later = true;
            let told = informativeness(slots_found.len(), slots).sqrt();
            let score = label.quality * told * label.field.weight();
            let Scratch {
                current,
                which,
                in_sense,
                ..
            } = &mut *scratch;
            for &slot in slots_found {
                keep(current, in_sense, which, slot, score, label_base + n as u32);
            }
        }
    }
    if later {
        scratch.end_sense(&mut best);
    }
    // How much the word tells: one that most offerings have barely counts
    // next to a rare one (BM25's inverse document frequency).
    let mut touched = std::mem::take(&mut scratch.touched);
    let found = touched.len() + std::mem::take(&mut scratch.repeats);
    let told = informativeness(found, slots);
    let found_any = !touched.is_empty();
    let weight = told.sqrt();
    let mut adds = Vec::with_capacity(touched.len());
    for slot in touched.drain(..) {
        let s = slot as usize;
        scratch.pushed[s] = false;
        let evidence = scratch.take(s, later);
        if !visibility[s].shown_in(scope) {
            best[s] = 0;
            continue;
        }
        adds.push((slot, evidence * weight));
        add_to(slot, evidence * weight);
    }
    scratch.touched = touched;
    WordScores {
        best: best.into(),
        adds,
        told,
        found_any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_found_more_often_than_there_are_offerings_still_weighs_something() {
        let all = 50_000;
        let common = informativeness(all, all);
        assert!(common > 0.0 && common < informativeness(all / 2, all));
        assert_eq!(informativeness(200_000, all), common);
        assert!(informativeness(200_000, all).sqrt().is_finite());
    }

    #[test]
    fn the_best_field_counts_and_more_fields_add_a_little() {
        let w = field_weights();
        let title = usize::from(Field::Title.bit());
        let tags = usize::from(Field::Tags.bit());
        assert_eq!(w[title], Field::Title.weight());
        assert!(w[title | tags] > w[title]);
        assert!(w[title | tags] < w[title] + w[tags]);
        assert!(w[usize::from(Field::Description.bit())] < w[usize::from(Field::Summary.bit())]);
    }

    #[test]
    fn another_sense_adds_half_and_forms_of_one_word_add_nothing() {
        let mut sums = Scratch::default();
        sums.make_room(1);
        let mut best = [0];
        // A word and another form of it: the first sense, its best match.
        keep(&mut sums.first, &mut sums.touched, &mut best, 0, 6.0, 1);
        keep(&mut sums.first, &mut sums.touched, &mut best, 0, 4.0, 2);
        assert_eq!(best, [1]);
        let later = |sums: &mut Scratch, best: &mut [u32], score: f32, index: u32| {
            sums.end_sense(best);
            let Scratch {
                current,
                which,
                in_sense,
                ..
            } = sums;
            keep(current, in_sense, which, 0, score, index);
        };
        // A word meaning the same: half of its best match is added.
        later(&mut sums, &mut best, 4.0, 3);
        keep(
            &mut sums.current,
            &mut sums.in_sense,
            &mut sums.which,
            0,
            3.0,
            4,
        );
        later(&mut sums, &mut best, 7.0, 5);
        sums.end_sense(&mut best);
        assert_eq!(best, [5], "the best single match, of a later sense");
        assert_eq!(sums.touched, [0], "once per word");
        let total = 7.0 + OTHER_SENSES * (6.0 + 4.0);
        assert_eq!(sums.take(0, true), total);
        assert!(
            total < 7.0 + 6.0 + 4.0,
            "the best sense counts fully, others less"
        );
        assert_eq!(sums.take(0, true), 0.0, "empty after take");
        // A word found only in a later sense (a label).
        let mut best = [0];
        sums.touched.clear();
        later(&mut sums, &mut best, 2.0, 9);
        sums.end_sense(&mut best);
        assert_eq!((sums.touched.as_slice(), best), (&[0u32][..], [9]));
        assert_eq!(sums.take(0, true), 2.0);
    }

    #[test]
    fn a_sentence_shares_table_says_what_working_it_out_says() {
        // Three required words telling 1, 2 and 1: an offering with the first two
        // has three quarters of what the sentence tells, one with the last a quarter.
        let mut text = TextScores {
            candidates: vec![0, 1],
            score: vec![1.0, 1.0],
            matched: vec![0b011, 0b100],
            best: Vec::new(),
            required: 0b111,
            needed: 3,
            weights: vec![1.0, 2.0, 1.0],
            sentence: true,
            shares: Vec::new(),
            found_any: 0b111,
        };
        let worked_out = [text.share_told(0), text.share_told(1)];
        assert_eq!(worked_out, [0.75, 0.25]);
        text.shares = (0..8u16).map(|bits| text.share_of(bits)).collect();
        assert_eq!([text.share_told(0), text.share_told(1)], worked_out);
        assert!(text.accepts(0) && !text.accepts(1));
    }
}
