//! From what a person typed to the vocabulary words each query word stands for:
//! the word itself, its other forms (stems), words it begins (the word being typed,
//! or the first part of a compound), words it ends (the last part of a compound:
//! "tuin" in "moestuin"), the parts of a compound query word, near misses (typos),
//! words that mean the same ([`super::meaning`]), and the names of themes, audiences
//! and needs it matches ([`super::labels`]).

use serde::Serialize;

use super::hash::FastMap;
use super::labels::{self, LabelMatch};
use super::meaning::{self, Read};
use super::needs::{self, Need};
use super::stem::{dutch_verb_stem, dutch_verbs_of_stem, is_filler, is_stop_word, stem};
use super::terms::{TermId, Terms};
use crate::vocab::Lang;

/// How a query word matched an offering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The same word (ignoring case and accents).
    Exact,
    /// Another form of it: "wandeling" for "wandelen".
    Stem,
    /// A word that means the same to the person typing ("ouderen" for "senioren"),
    /// or one of its forms.
    Synonym,
    /// A longer word that begins with it: the word being typed, or a compound
    /// ("wandelgroep" for "wandelen").
    Prefix,
    /// A compound it is the last part of ("moestuin" for "tuin"), or a part of the
    /// compound that was typed ("wandelen" for "wandelgroep").
    Compound,
    /// A word one or two typing mistakes away.
    Typo,
    /// The query word names a need, and the offering is about one of its themes.
    Need,
}

/// Query words beyond this many are ignored: a question, not a search.
const MAX_WORDS: usize = 8;
/// Longer words are not looked up for typos (and are not words).
pub(crate) const MAX_TYPO_LEN: usize = 32;

const EXACT: f32 = 1.0;
const STEM: f32 = 0.9;
/// A word that means the same counts a little less than the word typed.
const SYNONYM: f32 = 0.85;
const COMPOUND: f32 = 0.6;
/// The first part of a compound query word says less than the whole: "huis" for
/// "huiswerk".
const COMPOUND_HEAD: f32 = 0.45;

/// The last part of a compound query word the guide has whole: "cafe" in
/// "taalcafe" finds cafés about anything.
const COMPOUND_TAIL_OF_KNOWN: f32 = 0.2;

/// A longer word that begins with a `typed`-letter word counts more the more of it
/// was typed.
pub(crate) fn prefix_quality(typed: usize, whole: usize) -> f32 {
    0.5 + 0.35 * typed as f32 / whole.max(typed).max(1) as f32
}

pub(crate) fn typo_quality(edits: u8) -> f32 {
    if edits <= 1 { 0.55 } else { 0.4 }
}

/// Edits forgiven in a word of `len` letters: one from 5 letters, two from 9 (as
/// Meilisearch does by default). One edit in a word of four letters is a quarter of
/// it, and the word being typed also matches as a prefix: "para" (Turkish for
/// money) would find "park", "praat", "parents" and "practice", dozens of offerings
/// that have nothing to do with it.
pub(crate) fn typos_allowed(len: usize) -> u8 {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// One vocabulary word a query word stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TermMatch {
    pub term: TermId,
    pub kind: MatchKind,
    pub quality: f32,
    /// What it stands for: 0 for the word and its forms, another number for each
    /// word that means the same and each part of a compound query word. Matches
    /// of different senses are different evidence (see [`super::score`]).
    pub sense: u8,
}

/// One word of the query and everything it stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WordPlan {
    /// Folded, as matched.
    pub word: String,
    /// Offerings must match every required word (see [`super::score`]); stop words
    /// and fillers ("ik voel me ...") are not required when there are others.
    pub required: bool,
    pub terms: Vec<TermMatch>,
    /// Names of themes, audiences, languages and needs it matches.
    pub labels: Vec<LabelMatch>,
}

/// The plans of the words of a [`Read`] text.
pub(crate) fn plan(terms: &Terms, read: &Read) -> Vec<WordPlan> {
    let mut words: Vec<&str> = Vec::new();
    for word in &read.words {
        if !words.contains(&word.as_str()) && words.len() < MAX_WORDS {
            words.push(word);
        }
    }
    // The word being typed is the last one read, if it was not cut off above.
    let typing = read.typing && read.words.last().map(String::as_str) == words.last().copied();
    let last = words.len().saturating_sub(1);
    let mut required: Vec<bool> = words
        .iter()
        .map(|w| !is_stop_word(w) && !is_filler(w) && !read.close.iter().any(|c| c == w))
        .collect();
    if !required.contains(&true) {
        required.iter_mut().for_each(|r| *r = true);
    }
    let mut plans: Vec<WordPlan> = Vec::new();
    for (i, (word, required)) in words.iter().zip(required).enumerate() {
        let plan = plan_word(terms, word, typing && i == last, required);
        // "wmo-voorziening", unknown as one word: its parts, each a word.
        match read.parts_of(word) {
            Some(parts) if plan.terms.is_empty() && plan.labels.is_empty() => {
                for part in parts.iter().filter(|p| !words.contains(&p.as_str())) {
                    let required = !is_stop_word(part) && !is_filler(part);
                    if plans.len() < MAX_WORDS {
                        plans.push(plan_word(terms, part, false, required));
                    }
                }
            }
            _ => plans.push(plan),
        }
    }
    // Words that named a filter count where an offering has them too, when there
    // are words to match at all.
    if !plans.is_empty() {
        for soft in read.soft_words() {
            if plans.len() < MAX_WORDS && !words.contains(&soft) {
                plans.push(plan_word(terms, soft, false, false));
            }
        }
    }
    plans
}

/// A word that is not `required` (a stop word or filler) only matches itself and
/// its forms: "your" must not turn into "hour".
fn plan_word(terms: &Terms, word: &str, typing: bool, required: bool) -> WordPlan {
    let mut found = Found::default();
    let len = word.chars().count();
    if let Some(id) = terms.get(word) {
        found.add(id, MatchKind::Exact, EXACT);
    }
    for lang in Lang::ALL {
        for &id in terms.with_stem_of(*lang, word) {
            found.add(id, MatchKind::Stem, STEM);
        }
    }
    let mut labels = Vec::new();
    for other in meaning::synonyms(word) {
        found.new_sense();
        add_synonym(terms, &mut found, &mut labels, other);
    }
    found.sense = 0;
    let mut known = !found.is_empty();
    if !required {
        return WordPlan {
            word: word.to_string(),
            required,
            terms: found.into_matches(),
            labels: Vec::new(),
        };
    }
    if typing || len >= 4 {
        add_prefixed(terms, &mut found, word, 1);
        // A word being typed that begins words of the guide is no typo (yet).
        known |= typing && !found.is_empty();
        // The stem "wandel" begins the compound "wandelgroep". A shorter stem begins
        // too much ("zing", "zingeving"), and a compound has a second part of a few
        // letters ("ouder" does not begin a compound in "ouders").
        let dutch_stem = stem(Lang::Nl, word);
        if dutch_stem.len() >= 5 && dutch_stem != word {
            add_prefixed(terms, &mut found, &dutch_stem, 3);
        }
        // "bewegen" begins "beweegcoaching" in the form a verb takes there.
        if let Some(verb) = dutch_verb_stem(word).filter(|v| v.len() >= 4) {
            add_prefixed(terms, &mut found, &verb, 3);
        }
    }
    if len >= 4 {
        add_compound_ends(terms, &mut found, word);
        add_compound_parts(terms, &mut found, word);
    }
    if len >= 5 && found.is_empty() {
        add_participle_verb(terms, &mut found, word);
    }
    let typos = typos_allowed(len);
    if !known && typos > 0 && word.len() <= MAX_TYPO_LEN {
        for near in terms.near(word, typos, typing) {
            // A slip of the finger rarely hits the first letter, and a word that
            // differs there is most often another word: "rijles" is not "bijles".
            if terms.text(near.term).as_bytes().first() != word.as_bytes().first() {
                continue;
            }
            let mut quality = typo_quality(near.edits);
            if !near.whole {
                // Like a prefix: the more of the word was typed, the better.
                let whole = terms.text(near.term).len();
                quality *= 0.7 + 0.3 * word.len().min(whole) as f32 / whole.max(1) as f32;
            }
            found.add(near.term, MatchKind::Typo, quality);
        }
    }
    for label in labels::matching(word, typing, known) {
        labels::keep_best(&mut labels, label);
    }
    if needs::only_as_need(word) {
        // Not the word ("alleen voor vrouwen") but the need it names, in the
        // word the guide uses for it: "alleen" in "ik voel me alleen" is "eenzaam".
        found = Found::default();
        let named: Vec<Need> = labels.iter().filter_map(|l| l.need).collect();
        for need in named {
            if let Some(&first) = need.triggers().first() {
                add_synonym(terms, &mut found, &mut labels, first);
            }
        }
    }
    WordPlan {
        word: word.to_string(),
        required,
        terms: found.into_matches(),
        labels,
    }
}

/// The vocabulary words and labels `other`, a word meaning the same, stands for: it
/// and its forms, never its prefixes or typos.
fn add_synonym(terms: &Terms, found: &mut Found, labels: &mut Vec<LabelMatch>, other: &str) {
    if let Some(id) = terms.get(other) {
        found.add(id, MatchKind::Synonym, SYNONYM * EXACT);
    }
    for lang in Lang::ALL {
        for &id in terms.with_stem_of(*lang, other) {
            found.add(id, MatchKind::Synonym, SYNONYM * STEM);
        }
    }
    for mut label in labels::matching(other, false, true) {
        label.quality *= SYNONYM;
        if label.need.is_none() {
            label.kind = MatchKind::Synonym;
        }
        labels::keep_best(labels, label);
    }
}

/// Words that begin with `prefix` and are at least `rest` letters longer.
fn add_prefixed(terms: &Terms, found: &mut Found, prefix: &str, rest: usize) {
    for &id in terms.with_prefix(prefix) {
        let whole = terms.text(id).len();
        if whole >= prefix.len() + rest.max(1) {
            found.add(id, MatchKind::Prefix, prefix_quality(prefix.len(), whole));
        }
    }
}

/// Compounds that end in `word`: "tuin" in "moestuin", "zorg" in "mantelzorg". The
/// part before it must be a few letters, and the compound's stem must end in the
/// word's stem, so that "eten" does not find "weten" or "ontmoeten".
fn add_compound_ends(terms: &Terms, found: &mut Found, word: &str) {
    let word_stem = stem(Lang::Nl, word);
    for &id in terms.with_suffix(word) {
        let text = terms.text(id);
        if text.len() >= word.len() + 3 && stem(Lang::Nl, text).ends_with(word_stem.as_ref()) {
            found.add(id, MatchKind::Compound, COMPOUND);
        }
    }
}

/// For a compound query word ("wandelgroep", "schuldhulpverlening", "huurtoeslag"),
/// the forms of its parts that the guide has: the longest first part it knows,
/// and the last part too when that is a word of the guide. A first part of four
/// letters is too often another word ("huis" in "huisarts"): it counts only when
/// the last part is known as well.
fn add_compound_parts(terms: &Terms, found: &mut Found, word: &str) {
    if word.len() < 7 || !word.is_ascii() {
        return;
    }
    for split in (4..=word.len() - 3).rev() {
        let (head, tail) = word.split_at(split);
        let tail_known = tail.len() >= 4 && knows(terms, tail);
        // Dutch joins parts with an "s" now and then: vrijwilliger-s-werk.
        let heads = [Some(head), head.strip_suffix('s')];
        let heads = heads
            .into_iter()
            .flatten()
            .filter(|h| h.len() >= 5 || (h.len() == 4 && tail_known));
        let before = found.len();
        // Each part is a sense of its own: an offering with both "minima" and
        // "regeling" has more of "minimaregeling" than one with either.
        found.sense = found.senses + 1;
        for head in heads {
            // Through a stem shorter than five letters, a part finds other words:
            // "parkeer" would find "park".
            if head.len() >= 5 && stem(Lang::Nl, head).len() < 5 {
                if let Some(id) = terms.get(head) {
                    found.add(id, MatchKind::Compound, COMPOUND_HEAD);
                }
                continue;
            }
            add_forms(terms, found, head, MatchKind::Compound, COMPOUND_HEAD);
        }
        if found.len() > before {
            found.senses = found.sense;
            if tail_known {
                // A word the guide has whole is a kind of its last part
                // ("taalcafe" a "cafe"): the part alone finds every other of
                // that kind, after those about the first part.
                let quality = if terms.get(word).is_some() {
                    COMPOUND_TAIL_OF_KNOWN
                } else {
                    COMPOUND_HEAD
                };
                found.new_sense();
                add_forms(terms, found, tail, MatchKind::Compound, quality);
            }
            found.sense = 0;
            return;
        }
    }
    found.sense = 0;
    add_verb_compound_parts(terms, found, word);
}

/// A compound that begins with a verb in its compound form ("naai" in "naailes",
/// "kook" in "kookles"): the verb, when the guide has it and the rest as a word.
fn add_verb_compound_parts(terms: &Terms, found: &mut Found, word: &str) {
    for split in (4..=word.len() - 3).rev() {
        let (head, tail) = word.split_at(split);
        // The rest as a word of its own, not a form: "len" in "gevallen" is none.
        if terms.get(tail).is_none() {
            continue;
        }
        let verbs: Vec<String> = dutch_verbs_of_stem(head)
            .into_iter()
            .filter(|verb| verb != word && terms.get(verb).is_some())
            .collect();
        if verbs.is_empty() {
            continue;
        }
        // The verb says what it is about; the rest ("les", "club") would find
        // every lesson and club.
        found.new_sense();
        for verb in &verbs {
            add_forms(terms, found, verb, MatchKind::Compound, COMPOUND_HEAD);
        }
        found.sense = 0;
        return;
    }
}

/// Whether the guide has `word` or a word of its stem.
fn knows(terms: &Terms, word: &str) -> bool {
    terms.get(word).is_some() || !terms.with_stem_of(Lang::Nl, word).is_empty()
}

/// `word` and the guide's words of its Dutch stem, as `kind` at `quality`.
fn add_forms(terms: &Terms, found: &mut Found, word: &str, kind: MatchKind, quality: f32) {
    if let Some(id) = terms.get(word) {
        found.add(id, kind, quality);
    }
    for &id in terms.with_stem_of(Lang::Nl, word) {
        found.add(id, kind, quality);
    }
}

/// A Dutch past participle ("gepest", "verhuisd") stands for its verb ("pesten",
/// "verhuizen"): the words of the verb's stem, as a stem match. The participle is
/// ge- + stem + -t or -d, the ending left out after a stem that ends in t or d.
fn add_participle_verb(terms: &Terms, found: &mut Found, word: &str) {
    let Some(without_ending) = word.strip_suffix(['t', 'd']) else {
        return;
    };
    let cores = [
        without_ending.strip_prefix("ge").unwrap_or(without_ending),
        word.strip_prefix("ge").unwrap_or(word),
    ];
    for core in cores.into_iter().filter(|c| c.len() >= 3) {
        // A voiced consonant unvoiced at the end of the stem: verhuis → verhuizen.
        let voiced = core
            .strip_suffix('s')
            .map(|c| format!("{c}z"))
            .or_else(|| core.strip_suffix('f').map(|c| format!("{c}v")));
        for stem_form in [Some(core.to_string()), voiced].into_iter().flatten() {
            add_forms(
                terms,
                found,
                &format!("{stem_form}en"),
                MatchKind::Stem,
                STEM * 0.95,
            );
        }
    }
}

/// Matches found so far, one per term, the best kept.
#[derive(Default)]
struct Found {
    matches: Vec<TermMatch>,
    at: FastMap<TermId, usize>,
    /// The sense of the matches added now.
    sense: u8,
    /// The senses handed out so far.
    senses: u8,
}

impl Found {
    /// Matches added from now on stand for a sense of their own.
    fn new_sense(&mut self) {
        self.senses = self.senses.saturating_add(1);
        self.sense = self.senses;
    }

    fn add(&mut self, term: TermId, kind: MatchKind, quality: f32) {
        match self.at.get(&term) {
            Some(&i) if self.matches[i].quality >= quality => {}
            Some(&i) => {
                self.matches[i] = TermMatch {
                    term,
                    kind,
                    quality,
                    sense: self.sense,
                }
            }
            None => {
                self.at.insert(term, self.matches.len());
                self.matches.push(TermMatch {
                    term,
                    kind,
                    quality,
                    sense: self.sense,
                });
            }
        }
    }

    fn len(&self) -> usize {
        self.matches.len()
    }

    fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }

    fn into_matches(self) -> Vec<TermMatch> {
        self.matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: &[&str]) -> Terms {
        Terms::of_dutch_words(words)
    }

    fn plan(terms: &Terms, text: &str) -> Vec<WordPlan> {
        super::plan(terms, &meaning::read(text))
    }

    fn matched(terms: &Terms, plan: &WordPlan) -> Vec<(String, MatchKind)> {
        let mut out: Vec<(String, MatchKind)> = plan
            .terms
            .iter()
            .map(|m| (terms.text(m.term).to_string(), m.kind))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    fn kind_of(terms: &Terms, plan: &WordPlan, word: &str) -> Option<MatchKind> {
        matched(terms, plan)
            .into_iter()
            .find(|(w, _)| w == word)
            .map(|(_, k)| k)
    }

    #[test]
    fn word_forms_and_compounds_are_found() {
        let t = vocabulary(&[
            "wandelen",
            "wandeling",
            "wandelgroep",
            "moestuin",
            "tuin",
            "eten",
            "weten",
            "groep",
        ]);
        let plans = plan(&t, "wandelen ");
        assert_eq!(kind_of(&t, &plans[0], "wandelen"), Some(MatchKind::Exact));
        assert_eq!(kind_of(&t, &plans[0], "wandeling"), Some(MatchKind::Stem));
        assert_eq!(
            kind_of(&t, &plans[0], "wandelgroep"),
            Some(MatchKind::Prefix)
        );
        let tuin = plan(&t, "tuin ");
        assert_eq!(kind_of(&t, &tuin[0], "moestuin"), Some(MatchKind::Compound));
        let eten = plan(&t, "eten ");
        assert_eq!(
            kind_of(&t, &eten[0], "weten"),
            None,
            "a part must leave a word before it"
        );
        let compound = plan(&t, "wandelgroep ");
        assert_eq!(
            kind_of(&t, &compound[0], "wandelgroep"),
            Some(MatchKind::Exact)
        );
        assert_eq!(
            kind_of(&t, &compound[0], "wandelen"),
            Some(MatchKind::Compound)
        );
    }

    #[test]
    fn the_last_part_of_a_word_the_guide_has_whole_counts_least() {
        let t = vocabulary(&["taalcafe", "taal", "cafe", "koffie"]);
        let quality = |plan: &WordPlan, word: &str| {
            plan.terms
                .iter()
                .find(|m| t.text(m.term) == word)
                .map(|m| m.quality)
        };
        let known = &plan(&t, "taalcafe ")[0];
        assert_eq!(quality(known, "cafe"), Some(COMPOUND_TAIL_OF_KNOWN));
        assert!(quality(known, "taal") > quality(known, "cafe"));
        let unknown = &plan(&t, "taalkoffie ")[0];
        assert_eq!(quality(unknown, "koffie"), Some(COMPOUND_HEAD));
    }

    #[test]
    fn the_last_word_is_a_prefix_while_it_is_being_typed() {
        let t = vocabulary(&["wandelen", "water"]);
        let typing = plan(&t, "wa");
        assert_eq!(matched(&t, &typing[0]).len(), 2);
        let done = plan(&t, "wa ");
        assert!(
            done[0].terms.is_empty(),
            "a short finished word is not a prefix"
        );
    }

    #[test]
    fn typos_are_forgiven_only_for_unknown_words_of_five_letters_or_more() {
        let t = vocabulary(&["eenzaam", "huur", "duur", "zorg", "koffieochtend", "koffie"]);
        let typo = plan(&t, "eensaam ");
        assert_eq!(
            matched(&t, &typo[0]),
            [("eenzaam".to_string(), MatchKind::Typo)]
        );
        let known = plan(&t, "huur ");
        assert_eq!(
            kind_of(&t, &known[0], "duur"),
            None,
            "huur is a word of its own"
        );
        let short = plan(&t, "zrg ");
        assert!(short[0].terms.is_empty(), "no typos below five letters");
        let one = plan(&t, "kofie ");
        assert_eq!(kind_of(&t, &one[0], "koffie"), Some(MatchKind::Typo));
        let two = plan(&t, "kofieochtent ");
        assert_eq!(kind_of(&t, &two[0], "koffieochtend"), Some(MatchKind::Typo));
    }

    /// The rule in general, for whole words and for the word being typed: "para"
    /// (Turkish for money) is one edit from "park" and begins nearly as "praat",
    /// "parents" and "practice" do.
    #[test]
    fn four_letter_words_forgive_no_typo_whole_or_being_typed() {
        let t = vocabulary(&["park", "praat", "praten", "parents", "practice", "paard"]);
        for text in ["para", "para "] {
            let plans = plan(&t, text);
            assert!(
                plans[0].terms.iter().all(|m| m.kind != MatchKind::Typo),
                "{text:?}: {:?}",
                matched(&t, &plans[0])
            );
        }
        assert_eq!(typos_allowed(4), 0);
        assert_eq!(typos_allowed(5), 1);
        assert_eq!(typos_allowed(8), 1);
        assert_eq!(typos_allowed(9), 2);
        let five = plan(&t, "praaat");
        assert_eq!(kind_of(&t, &five[0], "praat"), Some(MatchKind::Typo));
    }

    #[test]
    fn filter_words_count_where_they_match_but_are_never_required() {
        let t = vocabulary(&["gratis", "eten", "vandaag"]);
        let plans = plan(&t, "gratis eten");
        let required: Vec<(&str, bool)> = plans
            .iter()
            .map(|p| (p.word.as_str(), p.required))
            .collect();
        assert_eq!(required, [("eten", true), ("gratis", false)]);
        assert_eq!(kind_of(&t, &plans[1], "gratis"), Some(MatchKind::Exact));
        assert!(
            plan(&t, "gratis vandaag").is_empty(),
            "no words to match: only the filters"
        );
    }

    #[test]
    fn fillers_are_not_required_unless_they_are_all_there_is() {
        let t = vocabulary(&["eenzaam"]);
        let plans = plan(&t, "ik voel me eenzaam");
        let required: Vec<(&str, bool)> = plans
            .iter()
            .map(|p| (p.word.as_str(), p.required))
            .collect();
        assert_eq!(
            required,
            [
                ("ik", false),
                ("voel", false),
                ("me", false),
                ("eenzaam", true)
            ]
        );
        assert!(plan(&t, "hulp")[0].required);
    }
}
