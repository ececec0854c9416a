//! Instant offline search over the guide's offerings, with filters and facet counts.
//!
//! Build a [`SearchIndex`] from the offerings and organisations on the device, keep
//! it current record by record as sync brings changes, and ask it a [`Query`] on
//! every keystroke:
//!
//! ```
//! use wijkgids_core::search::{Filters, Query, SearchIndex};
//! use wijkgids_core::vocab::Theme;
//!
//! let guide = wijkgids_core::demo::neighbourhood().unwrap();
//! let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
//! let now = "2026-11-03T09:00:00Z".parse().unwrap();
//! let mut query = Query::new("wandelen", now);
//! query.filters = Filters { themes: vec![Theme::Exercise], ..Filters::default() };
//! let results = index.search(&query);
//! assert!(results.total > 0);
//! println!("{} matched {:?}", results.hits[0].id, results.hits[0].reasons);
//! ```
//!
//! How text matches: case and accents are ignored ("cafe" finds "café"); the last
//! word matches as a prefix while it is being typed; Dutch and English word forms
//! match through Snowball stems ("wandeling" finds "wandelen"), compounds through
//! their parts ("wandelen" finds "wandelgroep", "tuin" finds "moestuin"); a word
//! the guide does not know forgives one typo from 5 letters and two from 9; the
//! Dutch and English names of themes, health dimensions, audiences and languages
//! ("sport", "ouderen", "Arabic") find the offerings that have them; and words that
//! name a [`Need`] ("eenzaam", "geldzorgen", "lonely") find the offerings of its
//! themes. An offering must match every word but stop words and fillers ("ik voel
//! me"); when none does, those that match the most words are shown and
//! [`SearchResults::all_words_matched`] says so.
//!
//! Some words mean more than their letters (`meaning`): words that name a filter
//! ("gratis", "vandaag", "morgen", "maandag", "weekend", and in English) set that
//! filter ([`SearchResults::filters`], [`SearchResults::filter_words`]) and are not
//! required; "geen geld" and "weinig geld" are money worries; "senioren" also finds
//! "ouderen" and "zwanger" the care around a birth ([`MatchKind::Synonym`]).
//!
//! How results are ranked: first by how well they fit. A match scores its field
//! weight (title > tags > themes > summary > organisation > place > description)
//! times the match quality (exact > stem > synonym > prefix > compound > typo >
//! need), weighed by how rare the word is in the guide (BM25-style). Per query
//! word, the best match of each thing the word stands for (its forms; each word
//! meaning the same; each part of a compound; each label) counts, the best fully
//! and the others half; the words' scores add up.
//! Without search text but with a need filter, the fit is how many of the need's
//! themes an offering has. Then published before paused; with a time filter
//! ("today", "this week", ...) the one that starts first; then by how often and
//! how soon it happens ([`Timing`]: weekly, then "when it suits you" (by
//! appointment), every other week, once in the coming four weeks, later; then the
//! sooner); with a need filter, the one sharing more of the need's health
//! dimensions; then by title. So the order is the same for the same guide, query
//! and "now", and every hit says why it matched ([`Reason`]) and when it happens
//! ([`Hit::timing`]).
//!
//! Filters ([`Filters`]) combine: several values of one filter mean "any of them",
//! different filters must all hold. Facet counts ([`Facets`]) are over the offerings
//! the text matched, each filter's counts with all other filters applied but not
//! itself, so a chip says how many offerings choosing it would give. The time
//! filters use the schedule engine in Europe/Amsterdam at [`Query::now`].
//!
//! Who sees what: with [`Scope::Public`] (the default) only offerings that
//! [`crate::model::Offering::is_public`] allows: published and paused ones. Paused
//! ("temporarily closed") offerings are listed so that people can still find them,
//! but after published ones that match as well, and never under "today", "this
//! week", "open now" or a day of the week.

mod agenda;
mod document;
mod facets;
mod fallback;
mod filters;
pub(crate) mod fold;
mod fuzzy;
mod hash;
mod index;
mod labels;
pub mod limits;
mod meaning;
mod needs;
mod plan;
mod related;
mod run;
mod score;
pub(crate) mod snapshot;
mod stem;
mod synonyms;
mod terms;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_meaning;
#[cfg(test)]
mod tests_ranking;
mod timing;
mod typed;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

pub use document::Field;
pub use facets::Facets;
pub use fallback::{NEIGHBOURHOOD_TEAM_TAG, neighbourhood_team};
pub use filters::{Filters, TEXT_KEY, When, day_code, day_from_code};
/// Lowercase without accents, as the index compares words ("Öztürk" → "ozturk"),
/// for screens that match short lists themselves.
pub use fold::fold_text as fold;
pub use index::SearchIndex;
pub use meaning::{FilterWord, WordFilter, filters_of_word, without_filter_words};
pub use needs::Need;
pub use plan::MatchKind;
pub use snapshot::SnapshotError;
pub use timing::{Rhythm, Timing};
pub use typed::matches_typed;

// For `crate::refer`, which applies the same hard filters to offerings directly.
pub(crate) use agenda::{DayFacts, day_bit, weekdays};
pub(crate) use document::{Facts, bits};
pub(crate) use filters::{Group, Prepared};

use crate::vocab::{Lang, Vocabulary};

/// What to search for.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// As typed; may be empty to list everything the filters allow.
    pub text: String,
    pub filters: Filters,
    /// The moment "today", "this week" and "open now" are about. Passed in: the core
    /// never reads a clock.
    pub now: DateTime<Utc>,
    /// The interface language: results without search text are sorted by their
    /// title in it.
    pub lang: Lang,
    /// At most this many hits are returned (the total is counted in full).
    pub limit: usize,
    pub scope: Scope,
}

impl Query {
    /// A query for `text` at `now`, in Dutch, for the public, with the first 20 hits.
    pub fn new(text: impl Into<String>, now: DateTime<Utc>) -> Query {
        Query {
            text: text.into(),
            filters: Filters::default(),
            now,
            lang: Lang::Nl,
            limit: 20,
            scope: Scope::Public,
        }
    }
}

/// Which offerings a search may return.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    /// Published and paused offerings only.
    #[default]
    Public,
    /// Every status, drafts and archived ones included: for coordinators.
    Everything,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// The best hits, at most the query's `limit`, best first.
    pub hits: Vec<Hit>,
    /// How many offerings match in all.
    pub total: usize,
    /// Counts for the filter chips; see [`Facets`].
    pub facets: Facets,
    /// False when no offering matched every word of the text, and the hits are
    /// those that matched the most words: the interface can say so.
    pub all_words_matched: bool,
    /// The filters applied: the query's, and those words of its text named.
    pub filters: Filters,
    /// The words of the text that were read as filters ("gratis", "vandaag").
    pub filter_words: Vec<FilterWord>,
    /// When the text found only a few offerings: others on the same subject (that
    /// pass the filters), best first, to show apart from the hits.
    pub related: Vec<Hit>,
}

/// One offering found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: Uuid,
    /// Higher is better; 0 without search text.
    pub score: f32,
    /// Why it matched: one reason per query word it matched.
    pub reasons: Vec<Reason>,
    /// How soon and how often it happens, which orders hits that fit as well.
    pub timing: Timing,
}

/// Why an offering matched one query word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// The query word, folded (lower case, no accents).
    pub word: String,
    /// The word of the offering it matched, or the need's trigger word.
    pub matched: String,
    pub kind: MatchKind,
    /// Where the offering has it.
    pub fields: Vec<Field>,
    /// The need the word names, for [`MatchKind::Need`].
    pub need: Option<Need>,
}

/// "Past bij: eenzaamheid, koffie": the words an offering was found through, when
/// its title does not show them (a card says why it is in the list); `None` when
/// the title shows them all.
pub fn matched_on(reasons: &[Reason], lang: Lang) -> Option<String> {
    let hidden = |r: &&Reason| r.kind == MatchKind::Need || !r.fields.contains(&Field::Title);
    let mut words: Vec<&str> = Vec::new();
    for word in reasons.iter().filter(hidden).map(|r| match r.need {
        Some(need) => need.label(lang),
        None => r.matched.as_str(),
    }) {
        // Two query words may match the same word ("moeder, moeder").
        if !words.contains(&word) {
            words.push(word);
        }
    }
    let lead = match lang {
        Lang::Nl => "Past bij",
        Lang::En => "Matches",
    };
    (!words.is_empty()).then(|| format!("{lead}: {}", words.join(", ")))
}
