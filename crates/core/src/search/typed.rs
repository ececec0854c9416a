//! The search's forgiveness for screens that look through a short list themselves
//! (the directory of professionals): case and accents ignored, a word matches the
//! beginning of a word, and typos are forgiven as the index forgives them (one from
//! 5 letters, two from 9), with the same edit distance ([`super::fuzzy`]).

use super::fold::{Hyphens, for_each_word, words};
use super::fuzzy::near;
use super::plan::typos_allowed;

/// Whether every word typed in `query` is in `text`: whole, as the beginning of a
/// word, or within the typos search forgives ("joice" finds "Joyce", "ozturk"
/// finds "Öztürk"). An empty query matches everything.
pub fn matches_typed(query: &str, text: &str) -> bool {
    let mut text_words: Vec<String> = Vec::new();
    for_each_word(text, Hyphens::PartsAndJoined, |w| {
        text_words.push(w.to_string())
    });
    words(query).iter().all(|typed| {
        let max = typos_allowed(typed.chars().count());
        text_words.iter().any(|word| {
            let mut found = Vec::new();
            near(
                &[0],
                |_| word.as_bytes(),
                typed.as_bytes(),
                max,
                true,
                &mut found,
            );
            !found.is_empty()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::matches_typed;

    #[test]
    fn typed_words_match_as_search_forgives() {
        let text = "Joyce Bakker-Lont Praktijkondersteuner Huisartsenpraktijk Vlonderhof";
        for query in [
            "joice",
            "JOYCE",
            "bakker",
            "lont",
            "bakkerlont",
            "prak",
            "joyce vlonderhof",
            "vlondrhof",
            "",
        ] {
            assert!(matches_typed(query, text), "{query:?}");
        }
        for query in ["joy x", "jo yce", "bakkr lonr", "hatice"] {
            assert!(!matches_typed(query, text), "{query:?}");
        }
        assert!(matches_typed("ozturk", "Hatice Öztürk"));
        // Four letters forgive no typo, as in search.
        assert!(!matches_typed("jois", text));
    }
}
