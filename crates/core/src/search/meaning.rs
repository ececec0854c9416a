//! What typed words mean beyond their letters, read before the words are matched:
//!
//! - words that name a filter ("gratis", "vandaag", "morgen", "maandag", "weekend",
//!   and in English) become that filter instead of words the text must contain
//!   (they still count where an offering has them: "gratis eten" puts the meals
//!   that say "gratis" first among the free ones);
//! - a few phrases stand for one word ("geen geld" and "weinig geld" are money
//!   worries: "geldzorgen");
//! - a few words also find others that mean the same to the person typing
//!   ("senioren" and "ouderen"; "zwanger" and the care around a birth).
//!
//! The lists are short on purpose: every entry is a word people were seen to type
//! (issue 17) and is tested against the demo neighbourhood.

use chrono::Weekday;
use serde::{Serialize, Serializer};

use super::filters::{Filters, When, day_code};
use super::fold;
use super::stem::{is_filler, is_stop_word};

/// A filter a typed word stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordFilter {
    /// No cost to the participant ([`Filters::free`]).
    Free,
    /// [`Filters::when`].
    When(When),
    /// One of [`Filters::days`].
    Day(Weekday),
}

impl WordFilter {
    /// Adds it to `filters`. A time filter already chosen stays: what the person
    /// chose on the screen wins over a word.
    pub fn apply_to(self, filters: &mut Filters) {
        match self {
            WordFilter::Free => filters.free = true,
            WordFilter::When(when) => {
                filters.when.get_or_insert(when);
            }
            WordFilter::Day(day) => {
                if !filters.days.contains(&day) {
                    filters.days.push(day);
                }
            }
        }
    }

    /// As the URL query pair it stands for: `free=1`, `when=today`, `day=MO`.
    pub fn query_pair(self) -> (&'static str, String) {
        match self {
            WordFilter::Free => ("free", "1".to_string()),
            WordFilter::When(when) => ("when", when.code().to_string()),
            WordFilter::Day(day) => ("day", day_code(day)),
        }
    }
}

impl Serialize for WordFilter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (key, value) = self.query_pair();
        s.serialize_str(&format!("{key}={value}"))
    }
}

/// A word of the text that was read as a filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilterWord {
    /// The word, folded (lower case, no accents).
    pub word: String,
    pub filter: WordFilter,
}

use WordFilter::{Day, Free};
const TODAY: WordFilter = WordFilter::When(When::Today);
const TOMORROW: WordFilter = WordFilter::When(When::Tomorrow);

/// Folded words and the filters they stand for. Not "vrij" (free) nor "open":
/// those are in too many names ("vrije inloop", "Open moskee").
const FILTER_WORDS: &[(&str, &[WordFilter])] = &[
    ("gratis", &[Free]),
    ("kosteloos", &[Free]),
    ("free", &[Free]),
    ("vandaag", &[TODAY]),
    ("today", &[TODAY]),
    ("morgen", &[TOMORROW]),
    ("tomorrow", &[TOMORROW]),
    ("maandag", &[Day(Weekday::Mon)]),
    ("maandags", &[Day(Weekday::Mon)]),
    ("monday", &[Day(Weekday::Mon)]),
    ("mondays", &[Day(Weekday::Mon)]),
    ("dinsdag", &[Day(Weekday::Tue)]),
    ("dinsdags", &[Day(Weekday::Tue)]),
    ("tuesday", &[Day(Weekday::Tue)]),
    ("tuesdays", &[Day(Weekday::Tue)]),
    ("woensdag", &[Day(Weekday::Wed)]),
    ("woensdags", &[Day(Weekday::Wed)]),
    ("wednesday", &[Day(Weekday::Wed)]),
    ("wednesdays", &[Day(Weekday::Wed)]),
    ("donderdag", &[Day(Weekday::Thu)]),
    ("donderdags", &[Day(Weekday::Thu)]),
    ("thursday", &[Day(Weekday::Thu)]),
    ("thursdays", &[Day(Weekday::Thu)]),
    ("vrijdag", &[Day(Weekday::Fri)]),
    ("vrijdags", &[Day(Weekday::Fri)]),
    ("friday", &[Day(Weekday::Fri)]),
    ("fridays", &[Day(Weekday::Fri)]),
    ("zaterdag", &[Day(Weekday::Sat)]),
    ("zaterdags", &[Day(Weekday::Sat)]),
    ("saturday", &[Day(Weekday::Sat)]),
    ("saturdays", &[Day(Weekday::Sat)]),
    ("zondag", &[Day(Weekday::Sun)]),
    ("zondags", &[Day(Weekday::Sun)]),
    ("sunday", &[Day(Weekday::Sun)]),
    ("sundays", &[Day(Weekday::Sun)]),
    ("weekend", &[Day(Weekday::Sat), Day(Weekday::Sun)]),
    ("weekeinde", &[Day(Weekday::Sat), Day(Weekday::Sun)]),
];

/// The filters a folded word stands for, if it names any.
pub fn filters_of_word(word: &str) -> Option<&'static [WordFilter]> {
    FILTER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, filters)| *filters)
}

/// After "mijn" or "my", these words name someone close: "sinds mijn vrouw is
/// overleden" is not about women's groups, "ik zorg voor mijn man" not about
/// men's, "mijn moeder met dementie" not about parenting. A son or a daughter is
/// left out: what they need is often what the person looks for.
const CLOSE_PEOPLE: &[&str] = &[
    "vrouw",
    "man",
    "partner",
    "vriend",
    "vriendin",
    "moeder",
    "vader",
    "ouders",
    "buurman",
    "buurvrouw",
    "wife",
    "husband",
    "mother",
    "father",
    "parents",
];
const MY: &[&str] = &["mijn", "my", "onze", "our"];

/// Whether the words `before` a person's name make them someone close: they end
/// in "mijn" or "my", or in one of those and one word between, which says how
/// the person is ("mijn zieke vader": the father is ill, the one typing looks
/// for carers' help). Gives that word between, if any.
fn close_after(before: &[String]) -> Option<Option<&String>> {
    let my = |w: &String| MY.contains(&w.as_str());
    match before {
        [.., last] if my(last) => Some(None),
        [.., my_word, between] if my(my_word) && !CLOSE_PEOPLE.contains(&between.as_str()) => {
            Some(Some(between))
        }
        _ => None,
    }
}

/// Two words that mean one: a person with "geen geld" (no money) has money
/// worries, whatever "geen" would match on its own.
const PHRASES: &[(&str, &str, &str)] = &[
    ("geen", "geld", "geldzorgen"),
    ("weinig", "geld", "geldzorgen"),
    ("no", "money", "geldzorgen"),
    ("food", "bank", "voedselbank"),
    // Caring for someone close is what the guide calls "mantelzorg".
    ("zorg", "voor", "mantelzorg"),
    ("zorgen", "voor", "mantelzorg"),
    ("caring", "for", "mantelzorg"),
    // Parents of a newborn look for what the guide offers around a baby.
    ("new", "parents", "baby"),
    ("jonge", "ouders", "baby"),
];

pub(crate) use super::synonyms::synonyms;

/// A query's text as read: the words to match, and the filters some words named.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Read {
    /// Folded, phrases joined, filter words left out.
    pub words: Vec<String>,
    /// Whether the last of `words` is still being typed (the text ends in it).
    pub typing: bool,
    pub filters: Vec<FilterWord>,
    /// The hyphenated words, joined, with their parts.
    pub hyphenated: Vec<(String, Vec<String>)>,
    /// Words for someone close to the person typing ("mijn vrouw", "my
    /// father"): who the sentence is about, not who an offering is for.
    pub close: Vec<String>,
}

impl Read {
    /// The parts of `word` when it was typed with hyphens ("wmo-voorziening").
    pub fn parts_of(&self, word: &str) -> Option<&[String]> {
        self.hyphenated
            .iter()
            .find(|(joined, _)| joined == word)
            .map(|(_, parts)| parts.as_slice())
    }

    /// The filter words, each once: matched like fillers, never required.
    pub fn soft_words(&self) -> Vec<&str> {
        let mut words: Vec<&str> = Vec::new();
        for word in &self.filters {
            if !words.contains(&word.word.as_str()) {
                words.push(&word.word);
            }
        }
        words
    }
}

/// Reads `text`. The last word is taken as still being typed unless the text ends
/// in a space or punctuation. When the words besides filter words are only stop
/// words and fillers ("iets gratis voor vandaag"), no words are left to match.
pub(crate) fn read(text: &str) -> Read {
    let typing = text.chars().next_back().is_some_and(char::is_alphanumeric);
    let folded = fold::words(text);
    let mut read = Read::default();
    let mut last_is_typed = false;
    let mut i = 0;
    while i < folded.len() {
        let word = &folded[i];
        let phrase = folded.get(i + 1).and_then(|next| {
            PHRASES
                .iter()
                .find(|(a, b, _)| a == word && b == next)
                .map(|(_, _, one)| *one)
        });
        if let Some(one) = phrase {
            read.words.push(one.to_string());
            last_is_typed = false;
            i += 2;
            continue;
        }
        if let Some(between) = CLOSE_PEOPLE
            .contains(&word.as_str())
            .then(|| close_after(&folded[..i]))
            .flatten()
        {
            read.close.extend(between.cloned());
            read.close.push(word.clone());
        }
        match filters_of_word(word) {
            Some(filters) => {
                read.filters
                    .extend(filters.iter().map(|&filter| FilterWord {
                        word: word.clone(),
                        filter,
                    }));
                last_is_typed = false;
            }
            None => {
                read.words.push(word.clone());
                last_is_typed = true;
            }
        }
        i += 1;
    }
    read.typing = typing && last_is_typed;
    read.hyphenated = fold::hyphenated(text);
    if !read.filters.is_empty() && read.words.iter().all(|w| is_stop_word(w) || is_filler(w)) {
        read.words.clear();
        read.typing = false;
    }
    read
}

/// `text` without the words that name a filter `which` accepts, for a link that
/// takes that filter away again: "gratis koffie" without [`WordFilter::Free`] is
/// "koffie". Other words stay as they were typed.
pub fn without_filter_words(text: &str, which: impl Fn(WordFilter) -> bool) -> String {
    let named = |token: &str| {
        let words = fold::words(token);
        !words.is_empty()
            && words.iter().all(|word| {
                filters_of_word(word).is_some_and(|filters| filters.iter().all(|f| which(*f)))
            })
    };
    text.split_whitespace()
        .filter(|token| !named(token))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(read: &Read) -> Vec<WordFilter> {
        read.filters.iter().map(|f| f.filter).collect()
    }

    #[test]
    fn filter_words_become_filters_not_words_to_match() {
        let read = read("Gratis koffie vandaag");
        assert_eq!(read.words, ["koffie"]);
        assert_eq!(filters(&read), [Free, TODAY]);
        assert!(!read.typing, "the last word typed was a filter word");
        assert_eq!(read.filters[0].word, "gratis");

        let read = super::read("gratis vandaag");
        assert!(read.words.is_empty());
        assert_eq!(filters(&read), [Free, TODAY]);

        let read = super::read("iets gratis voor morgen");
        assert!(
            read.words.is_empty(),
            "only fillers and stop words are left"
        );
        assert_eq!(filters(&read), [Free, TOMORROW]);

        let read = super::read("yoga op Zaterdag en in het weekend");
        assert_eq!(read.words, ["yoga", "op", "en", "in", "het"]);
        assert_eq!(
            filters(&read),
            [Day(Weekday::Sat), Day(Weekday::Sat), Day(Weekday::Sun)]
        );

        let english = super::read("free walk on monday");
        assert_eq!(english.words, ["walk", "on"]);
        assert_eq!(filters(&english), [Free, Day(Weekday::Mon)]);

        let typing = super::read("gratis kof");
        assert_eq!(typing.words, ["kof"]);
        assert!(typing.typing);
    }

    #[test]
    fn every_weekday_has_its_dutch_and_english_name() {
        for day in crate::search::facets::WEEKDAYS {
            let named: Vec<&str> = FILTER_WORDS
                .iter()
                .filter(|(_, f)| *f == [Day(day)])
                .map(|(w, _)| *w)
                .collect();
            assert_eq!(named.len(), 4, "{day:?}: {named:?}");
        }
        for (word, _) in FILTER_WORDS {
            assert_eq!(fold::words(word), [*word], "folded single words");
        }
    }

    #[test]
    fn someone_close_is_named_after_my_with_an_adjective_or_without() {
        assert_eq!(read("ik zorg voor mijn vader").close, ["vader"]);
        assert_eq!(
            read("ik zorg voor mijn zieke vader").close,
            ["zieke", "vader"]
        );
        assert_eq!(read("my elderly mother").close, ["elderly", "mother"]);
        assert!(read("mijn buurt voor vaders").close.is_empty());
        assert!(read("vader en zoon").close.is_empty());
    }

    #[test]
    fn money_phrases_mean_money_worries() {
        for text in [
            "geen geld",
            "weinig geld",
            "Ik heb te weinig geld",
            "no money",
        ] {
            let read = read(text);
            assert!(
                read.words.contains(&"geldzorgen".to_string()),
                "{text}: {read:?}"
            );
            assert!(!read.words.contains(&"geen".to_string()));
            assert!(!read.words.contains(&"weinig".to_string()));
        }
        assert_eq!(read("geld").words, ["geld"]);
        assert_eq!(read("geen tijd").words, ["geen", "tijd"]);
    }

    #[test]
    fn filter_words_can_be_taken_out_of_the_text_as_typed() {
        assert_eq!(
            without_filter_words("Gratis Café vandaag", |f| f == Free),
            "Café vandaag"
        );
        assert_eq!(
            without_filter_words("koffie in het weekend", |f| matches!(f, Day(_))),
            "koffie in het"
        );
        assert_eq!(
            without_filter_words("weekend", |f| f == Day(Weekday::Sat)),
            "weekend",
            "the word also names Sunday, which stays"
        );
        assert_eq!(without_filter_words("gratis", |_| true), "");
    }

    #[test]
    fn a_time_chosen_on_the_screen_wins_over_a_word() {
        let mut chosen = Filters {
            when: Some(When::ThisWeek),
            ..Filters::default()
        };
        TODAY.apply_to(&mut chosen);
        Free.apply_to(&mut chosen);
        Day(Weekday::Mon).apply_to(&mut chosen);
        Day(Weekday::Mon).apply_to(&mut chosen);
        assert_eq!(chosen.when, Some(When::ThisWeek));
        assert!(chosen.free);
        assert_eq!(chosen.days, [Weekday::Mon]);
        assert_eq!(TOMORROW.query_pair(), ("when", "tomorrow".to_string()));
        assert_eq!(
            serde_json::to_value(Day(Weekday::Tue)).unwrap(),
            serde_json::json!("day=TU")
        );
    }
}
