//! The vocabulary: every folded word of the guide once, with its stems and the
//! offerings that contain it (postings), kept sorted forwards (for prefixes and
//! typos) and backwards (for the last part of a compound: "tuin" in "moestuin").

use std::cmp::Ordering;
use std::ops::Range;

use super::fuzzy;
use super::hash::FastMap;
use super::stem::{is_stop_word, stem};
use serde::{Deserialize, Serialize};

use crate::vocab::Lang;

pub(crate) type TermId = u32;

/// One word of the vocabulary.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Term {
    pub text: Box<str>,
    /// Offerings that contain the word: `slot << FIELD_BITS | fields`, by slot.
    #[serde(with = "super::document::as_bytes::u32s")]
    pub postings: Vec<u32>,
    /// Its stem id for each [`Lang`] the word was seen in.
    stems: [Option<u32>; 2],
    /// A stop word: kept so that looking it up again is one hash, never indexed.
    stop: bool,
}

/// How many low bits of a posting say in which fields the word is.
pub(crate) const FIELD_BITS: u32 = 7;
const FIELD_MASK: u32 = (1 << FIELD_BITS) - 1;

/// A posting: an offering's slot and the fields it has the word in.
pub(crate) fn posting(slot: u32, fields: u8) -> u32 {
    slot << FIELD_BITS | u32::from(fields)
}

pub(crate) fn posting_slot(posting: u32) -> u32 {
    posting >> FIELD_BITS
}

pub(crate) fn posting_fields(posting: u32) -> u8 {
    (posting & FIELD_MASK) as u8
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Terms {
    terms: Vec<Term>,
    ids: FastMap<Box<str>, TermId>,
    /// Per language: stem text to stem id.
    stem_ids: [FastMap<Box<str>, u32>; 2],
    /// Per stem id (both languages share the numbering): the words with that stem.
    stem_terms: Vec<Vec<TermId>>,
    /// Term ids by text.
    sorted: Vec<TermId>,
    /// Term ids by reversed text.
    reversed: Vec<TermId>,
    /// Terms added since the last [`Terms::settle`], not yet in the sorted lists.
    unsorted: Vec<TermId>,
}

impl Terms {
    /// The id of `word`, added if new, or `None` for a stop word; `lang` (when known)
    /// records its stem in that language. Call [`Terms::settle`] before searching.
    pub fn intern(&mut self, word: &str, lang: Option<Lang>) -> Option<TermId> {
        let id = match self.ids.get(word) {
            Some(&id) => id,
            None => {
                let id = TermId::try_from(self.terms.len()).expect("fewer than 2^32 words");
                let stop = is_stop_word(word);
                self.terms.push(Term {
                    text: word.into(),
                    postings: Vec::new(),
                    stems: [None, None],
                    stop,
                });
                self.ids.insert(word.into(), id);
                if !stop {
                    self.unsorted.push(id);
                }
                id
            }
        };
        if self.terms[id as usize].stop {
            return None;
        }
        if let Some(lang) = lang {
            self.add_stem(id, lang);
        }
        Some(id)
    }

    fn add_stem(&mut self, id: TermId, lang: Lang) {
        let index = lang_index(lang);
        if self.terms[id as usize].stems[index].is_some() {
            return;
        }
        let stem = stem(lang, &self.terms[id as usize].text).into_owned();
        let stem_id = match self.stem_ids[index].get(stem.as_str()) {
            Some(&stem_id) => stem_id,
            None => {
                let stem_id = u32::try_from(self.stem_terms.len()).expect("fewer than 2^32 stems");
                self.stem_terms.push(Vec::new());
                self.stem_ids[index].insert(stem.into_boxed_str(), stem_id);
                stem_id
            }
        };
        self.stem_terms[stem_id as usize].push(id);
        self.terms[id as usize].stems[index] = Some(stem_id);
    }

    /// Puts the terms added since the last call into the sorted lists.
    pub fn settle(&mut self) {
        let new = std::mem::take(&mut self.unsorted);
        if new.is_empty() {
            return;
        }
        for backwards in [false, true] {
            let terms = &self.terms;
            let list = if backwards {
                &mut self.reversed
            } else {
                &mut self.sorted
            };
            // One comparison for both lists: one sort in the WASM client, not two.
            let order = |a: &TermId, b: &TermId| {
                let (a, b) = (
                    terms[*a as usize].text.as_bytes(),
                    terms[*b as usize].text.as_bytes(),
                );
                if backwards {
                    a.iter().rev().cmp(b.iter().rev())
                } else {
                    a.cmp(b)
                }
            };
            if new.len() * 16 < list.len() {
                // A few words from one edit: insert them where they belong.
                for id in &new {
                    let at = list.partition_point(|t| order(t, id) == Ordering::Less);
                    list.insert(at, *id);
                }
            } else {
                list.extend(&new);
                list.sort_unstable_by(order);
            }
        }
    }

    /// Gives back the room postings grew into while a whole guide was indexed.
    pub fn shrink(&mut self) {
        for term in &mut self.terms {
            term.postings.shrink_to_fit();
        }
    }

    pub fn get(&self, word: &str) -> Option<TermId> {
        self.ids.get(word).copied()
    }

    /// Whether `id` is a word of the vocabulary.
    pub fn has(&self, id: TermId) -> bool {
        (id as usize) < self.terms.len()
    }

    /// Whether every id this vocabulary holds names one of its words or stems,
    /// and every posting an offering of `slots`, in slot order: checked once as a
    /// snapshot is read, so that damaged bytes are refused, not met by a search.
    pub fn check(&self, slots: usize) -> Result<(), String> {
        let terms = self.terms.len();
        let stems = self.stem_terms.len();
        let lists = [&self.sorted, &self.reversed, &self.unsorted];
        let ids = lists.into_iter().flatten().chain(self.ids.values());
        let stem_words = self.stem_terms.iter().flatten();
        if ids.chain(stem_words).any(|&id| id as usize >= terms)
            || self
                .stem_ids
                .iter()
                .flat_map(|m| m.values())
                .any(|&s| s as usize >= stems)
        {
            return Err("a word id out of range".into());
        }
        for term in &self.terms {
            if term.stems.iter().flatten().any(|&s| s as usize >= stems) {
                return Err(format!("a stem of {:?} out of range", term.text));
            }
            // The highest slot of millions of postings, in one pass the
            // compiler can vectorise: a slot out of range would stop a search.
            // (Postings out of order only rank oddly.)
            let highest = term.postings.iter().copied().max();
            if highest.is_some_and(|p| posting_slot(p) as usize >= slots) {
                return Err(format!("a posting of {:?} out of range", term.text));
            }
        }
        Ok(())
    }

    pub fn term(&self, id: TermId) -> &Term {
        &self.terms[id as usize]
    }

    pub fn term_mut(&mut self, id: TermId) -> &mut Term {
        &mut self.terms[id as usize]
    }

    pub fn text(&self, id: TermId) -> &str {
        &self.terms[id as usize].text
    }

    /// The words whose stem in `lang` is the stem of `word` in `lang`.
    pub fn with_stem_of(&self, lang: Lang, word: &str) -> &[TermId] {
        self.stem_ids[lang_index(lang)]
            .get(stem(lang, word).as_ref())
            .map_or(&[], |&stem_id| self.stem_terms[stem_id as usize].as_slice())
    }

    /// The words that begin with `prefix`, in text order.
    pub fn with_prefix(&self, prefix: &str) -> &[TermId] {
        &self.sorted[self.prefix_range(prefix)]
    }

    fn prefix_range(&self, prefix: &str) -> Range<usize> {
        let start = self.sorted.partition_point(|&t| self.text(t) < prefix);
        let len = self.sorted[start..].partition_point(|&t| self.text(t).starts_with(prefix));
        start..start + len
    }

    /// The words that end with `suffix`.
    pub fn with_suffix(&self, suffix: &str) -> &[TermId] {
        let start = self
            .reversed
            .partition_point(|&t| backwards(self.text(t)).lt(backwards(suffix)));
        let len = self.reversed[start..].partition_point(|&t| self.text(t).ends_with(suffix));
        &self.reversed[start..start + len]
    }

    /// The words within `max` edits of `word`; see [`fuzzy::near`].
    pub fn near(&self, word: &str, max: u8, as_prefix: bool) -> Vec<fuzzy::Near> {
        let mut out = Vec::new();
        fuzzy::near(
            &self.sorted,
            |id| self.terms[id as usize].text.as_bytes(),
            word.as_bytes(),
            max,
            as_prefix,
            &mut out,
        );
        out
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Nl => 0,
        Lang::En => 1,
    }
}

#[cfg(test)]
impl Terms {
    /// A vocabulary of Dutch words, for tests.
    pub fn of_dutch_words(words: &[&str]) -> Terms {
        let mut terms = Terms::default();
        for word in words {
            terms.intern(word, Some(Lang::Nl));
        }
        terms.settle();
        terms
    }
}

fn backwards(text: &str) -> std::iter::Rev<std::str::Bytes<'_>> {
    text.bytes().rev()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Terms {
        Terms::of_dutch_words(words)
    }

    #[test]
    fn stop_words_get_no_id() {
        let mut t = Terms::default();
        assert_eq!(t.intern("de", Some(Lang::Nl)), None);
        assert_eq!(t.intern("de", None), None, "also when seen again");
        assert!(t.intern("dementie", Some(Lang::Nl)).is_some());
        t.settle();
        assert_eq!(t.with_prefix("de").len(), 1);
    }

    fn texts<'a>(terms: &'a Terms, ids: &[TermId]) -> Vec<&'a str> {
        let mut out: Vec<&str> = ids.iter().map(|&id| terms.text(id)).collect();
        out.sort();
        out
    }

    #[test]
    fn prefixes_suffixes_and_stems_find_their_words() {
        let t = terms(&[
            "wandelgroep",
            "wandelen",
            "moestuin",
            "tuin",
            "buurttuin",
            "wandeling",
            "huis",
        ]);
        assert_eq!(
            texts(&t, t.with_prefix("wandel")),
            ["wandelen", "wandelgroep", "wandeling"]
        );
        assert_eq!(
            texts(&t, t.with_suffix("tuin")),
            ["buurttuin", "moestuin", "tuin"]
        );
        assert_eq!(
            texts(&t, t.with_stem_of(Lang::Nl, "wandelingen")),
            ["wandelen", "wandeling"]
        );
        assert!(
            t.with_stem_of(Lang::En, "wandelen").is_empty(),
            "no English text was seen"
        );
        assert!(t.with_prefix("x").is_empty());
    }

    #[test]
    fn words_added_later_are_found_once_settled() {
        let mut t = terms(&[
            "aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh", "ii", "jj", "kk", "ll", "mm", "nn",
            "oo", "pp", "qq",
        ]);
        let id = t.intern("bbb", None);
        assert!(id.is_some());
        assert_eq!(t.intern("bbb", Some(Lang::En)), id, "one id per word");
        t.settle();
        assert_eq!(texts(&t, t.with_prefix("bb")), ["bb", "bbb"]);
        assert_eq!(texts(&t, t.with_suffix("bb")), ["bb", "bbb"]);
        assert!(t.sorted.windows(2).all(|w| t.text(w[0]) < t.text(w[1])));
    }

    #[test]
    fn near_finds_typos_in_the_vocabulary() {
        let t = terms(&["eenzaam", "eenzaamheid", "wandelen", "huis"]);
        let near: Vec<&str> = t
            .near("eensaam", 1, false)
            .iter()
            .map(|n| t.text(n.term))
            .collect();
        assert_eq!(near, ["eenzaam"]);
    }

    #[test]
    fn postings_pack_slot_and_fields() {
        let p = posting(123_456, 0b101_0011);
        assert_eq!(posting_slot(p), 123_456);
        assert_eq!(posting_fields(p), 0b101_0011);
    }
}
