//! Words that name a fact of an offering rather than stand in its text: the Dutch
//! and English names of its themes, Positive Health dimensions, audiences and
//! languages ("sport", "meedoen", "ouderen", "Arabic"), and the trigger words of the
//! needs ("eenzaam", "geldzorgen"). A query word that names one finds every offering
//! with that fact, checked against its [`Facts`] bits, so the index does not hold
//! these words for each of 50,000 offerings.

use std::sync::OnceLock;

use super::document::{Facts, Field, bits, for_each_name_word};
use super::fuzzy;
use super::needs::Need;
use super::plan::{MAX_TYPO_LEN, MatchKind, prefix_quality, typo_quality, typos_allowed};
use super::stem::{is_stop_word, stem};
use crate::vocab::{Audience, HealthDimension, Lang, Language, Theme, Vocabulary};

/// The facts a label word stands for: an offering matches when it has any of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Target {
    themes: u16,
    dimensions: u8,
    audiences: u16,
    languages: u32,
}

impl Target {
    /// The audiences it names, as bits over [`Audience::ALL`].
    pub fn audiences(&self) -> u16 {
        self.audiences
    }

    /// The facts of an offering that a label can name, kept apart from the rest
    /// so that a search looks at 12 bytes per offering, not all its facts.
    pub fn of(facts: &Facts) -> Target {
        Target {
            themes: facts.themes,
            dimensions: facts.dimensions,
            audiences: facts.audiences,
            languages: facts.languages,
        }
    }

    /// Whether an offering with these facts ([`Target::of`]) has any of these.
    pub fn hits(&self, facts: &Target) -> bool {
        facts.themes & self.themes != 0
            || facts.dimensions & self.dimensions != 0
            || facts.audiences & self.audiences != 0
            || facts.languages & self.languages != 0
    }
}

/// A need counts for less than a theme's own name: "eenzaam" is about meeting
/// people, but not every meeting is about loneliness.
const NEED: f32 = 0.5;

/// One word of a label or a need's trigger word, with its stems.
#[derive(Debug)]
struct LabelWord {
    word: String,
    stems: [String; 2],
    target: Target,
    field: Field,
    need: Option<Need>,
}

/// A label word a query word matched.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LabelMatch {
    pub word: &'static str,
    pub kind: MatchKind,
    pub quality: f32,
    pub target: Target,
    pub field: Field,
    pub need: Option<Need>,
}

fn label_words() -> &'static [LabelWord] {
    static WORDS: OnceLock<Vec<LabelWord>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = Vec::new();
        add_names::<Theme>(&mut words, Field::Themes, None, |themes| Target {
            themes: themes as u16,
            ..Target::default()
        });
        add_names::<HealthDimension>(&mut words, Field::Themes, None, |dimensions| Target {
            dimensions: dimensions as u8,
            ..Target::default()
        });
        add_names(
            &mut words,
            Field::Tags,
            Some(Audience::Everyone),
            |audiences| Target {
                audiences: audiences as u16,
                ..Target::default()
            },
        );
        add_names(
            &mut words,
            Field::Tags,
            Some(Language::Dutch),
            |languages| Target {
                languages,
                ..Target::default()
            },
        );
        for &need in Need::ALL {
            let target = Target {
                themes: bits(need.themes()) as u16,
                ..Target::default()
            };
            for trigger in need.triggers() {
                add_words(&mut words, trigger, target, Field::Themes, Some(need));
            }
        }
        words
    })
}

/// The words of the Dutch and English names of every term of a vocabulary but
/// `except`; `target` makes the facts a term's bit stands for.
fn add_names<V: Vocabulary + PartialEq>(
    words: &mut Vec<LabelWord>,
    field: Field,
    except: Option<V>,
    target: impl Fn(u32) -> Target,
) {
    for &lang in Lang::ALL {
        for &term in V::ALL.iter().filter(|t| Some(**t) != except) {
            add_words(words, term.label(lang), target(bits(&[term])), field, None);
        }
    }
}

fn add_words(
    words: &mut Vec<LabelWord>,
    text: &str,
    target: Target,
    field: Field,
    need: Option<Need>,
) {
    for_each_name_word(text, |word| {
        if !is_stop_word(word) {
            words.push(LabelWord {
                word: word.to_string(),
                stems: [stem(Lang::Nl, word).into(), stem(Lang::En, word).into()],
                target,
                field,
                need,
            });
        }
    });
}

/// The label words `word` matches: itself, another form of it, one it begins while
/// being typed (from three letters, four for needs), or, for a word the guide does
/// not know, one a typo or two away. One match per fact, the best.
pub(crate) fn matching(word: &str, typing: bool, known: bool) -> Vec<LabelMatch> {
    let stems = [stem(Lang::Nl, word), stem(Lang::En, word)];
    let len = word.chars().count();
    let typos = if known || word.len() > MAX_TYPO_LEN {
        0
    } else {
        typos_allowed(len)
    };
    let mut found: Vec<LabelMatch> = Vec::new();
    for label in label_words() {
        let shortest_prefix = if label.need.is_some() { 4 } else { 3 };
        let (kind, quality) = if label.word == word {
            (MatchKind::Exact, 1.0)
        } else if label.stems.iter().zip(&stems).any(|(a, b)| a == b) {
            (MatchKind::Stem, 0.9)
        } else if typing && len >= shortest_prefix && label.word.starts_with(word) {
            (
                MatchKind::Prefix,
                prefix_quality(word.len(), label.word.len()),
            )
        } else if let Some(edits) = (typos > 0)
            .then(|| fuzzy::distance(word.as_bytes(), label.word.as_bytes(), typos))
            .flatten()
        {
            (MatchKind::Typo, typo_quality(edits))
        } else {
            continue;
        };
        let (kind, quality) = match label.need {
            Some(_) => (MatchKind::Need, quality * NEED),
            None => (kind, quality),
        };
        keep_best(
            &mut found,
            LabelMatch {
                word: &label.word,
                kind,
                quality,
                target: label.target,
                field: label.field,
                need: label.need,
            },
        );
    }
    found
}

/// Adds `label` to `found`, or keeps the better of it and the match of the same fact.
pub(crate) fn keep_best(found: &mut Vec<LabelMatch>, label: LabelMatch) {
    let same_fact = |m: &&mut LabelMatch| m.target == label.target && m.need == label.need;
    match found.iter_mut().find(same_fact) {
        Some(known) if known.quality >= label.quality => {}
        Some(known) => *known = label,
        None => found.push(label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::document::position;

    fn needs(word: &str, typing: bool) -> Vec<Need> {
        matching(word, typing, false)
            .iter()
            .filter_map(|m| m.need)
            .collect()
    }

    #[test]
    fn needs_are_named_in_dutch_and_english_even_misspelt() {
        assert!(needs("eenzaam", false).contains(&Need::MeetPeople));
        assert!(needs("lonely", false).contains(&Need::MeetPeople));
        assert!(needs("eensaam", false).contains(&Need::MeetPeople));
        assert!(needs("geldzorgen", false).contains(&Need::MoneyWorries));
        assert!(
            needs("schulden", false).contains(&Need::MoneyWorries),
            "another form"
        );
        assert!(
            needs("bewe", true).contains(&Need::MoveMore),
            "a trigger being typed"
        );
        assert!(needs("koffie", false).is_empty());
    }

    #[test]
    fn names_of_themes_dimensions_audiences_and_languages_are_label_words() {
        let theme = |word: &str| {
            matching(word, false, true)
                .iter()
                .any(|m| m.need.is_none() && m.target.themes & 1 << position(Theme::Exercise) != 0)
        };
        assert!(theme("sport") && theme("exercise"));
        let meedoen = matching("meedoen", false, true);
        let participation = 1 << position(HealthDimension::Participation);
        assert!(meedoen.iter().any(|m| m.target.dimensions == participation));
        let seniors = matching("ouderen", false, true);
        let seniors_bit = 1 << position(Audience::Seniors);
        assert!(
            seniors
                .iter()
                .any(|m| m.target.audiences == seniors_bit && m.field == Field::Tags)
        );
        let arabic = matching("arabisch", false, true);
        assert!(
            arabic
                .iter()
                .any(|m| m.target.languages == 1 << position(Language::Arabic))
        );
    }

    #[test]
    fn a_known_word_gets_no_typo_labels() {
        assert!(
            matching("sprot", false, false)
                .iter()
                .any(|m| m.kind == MatchKind::Typo)
        );
        assert!(matching("sprot", false, true).is_empty());
    }
}
