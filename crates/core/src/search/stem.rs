//! Word forms: Snowball stemmers for Dutch and English, and the little words that
//! carry no meaning for search.
//!
//! The stemmers come from `rust-stemmers` (the Snowball algorithms, also used by
//! tantivy). Measured in a `opt-level = "z"` + LTO wasm32 build: its Dutch stemmer
//! adds about 8 KB gzip, Dutch and English together about 10 KB. `snowstem` (the
//! newer Snowball 3 Dutch algorithm) added about 15-18 KB and folds unrelated words
//! together ("gezond" and "zon" both become "zon"), so the older algorithm is used.
//! Compounds and other forms a stemmer misses are found by prefix and suffix
//! matching in the query module.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

use crate::vocab::Lang;

/// The stem of a folded word in `lang`: "wandelingen" and "wandelen" give "wandel",
/// "walking" gives "walk".
pub(crate) fn stem(lang: Lang, word: &str) -> Cow<'_, str> {
    let algorithm = match lang {
        Lang::Nl if DUTCH_KEPT.contains(&word) => return Cow::Borrowed(word),
        Lang::Nl => Algorithm::Dutch,
        Lang::En => Algorithm::English,
    };
    // Creating a stemmer only picks a function; it allocates nothing.
    Stemmer::create(algorithm).stem(word)
}

/// The form a Dutch verb takes at the front of a compound (its "ik" form):
/// "beweeg" in "beweegcoaching" for "bewegen", "kook" in "kookcursus" for
/// "koken", "zwem" in "zwembad" for "zwemmen", "lees" in "leesclub" for "lezen".
/// Snowball's stem ("beweg", "kok", "lez") misses these: spelling doubles the vowel
/// of an open syllable that closes, undoubles a doubled consonant and unvoices a
/// final z or v. `None` for a word that is no infinitive or gives the same form.
pub(crate) fn dutch_verb_stem(word: &str) -> Option<String> {
    let base = word.strip_suffix("en")?;
    let letters: Vec<char> = base.chars().collect();
    let is_vowel = |c: char| "aeiouy".contains(c);
    let n = letters.len();
    if n < 2 || is_vowel(letters[n - 1]) {
        return None;
    }
    let mut form: Vec<char> = letters.clone();
    if letters[n - 1] == letters[n - 2] {
        // zwemm-en → zwem
        form.pop();
    } else if n >= 3
        && "aeou".contains(letters[n - 2])
        && !is_vowel(letters[n - 3])
        && (letters[n - 2] != 'e' || stressed_e(&letters[..n - 3].iter().collect::<String>()))
    {
        // be-we-gen → beweeg: the open syllable's long vowel is written double.
        form.insert(n - 1, letters[n - 2]);
    } else if n == 2 && "aeou".contains(letters[0]) {
        // e-ten → eet
        form.insert(1, letters[0]);
    }
    if let Some(last) = form.last_mut() {
        *last = match *last {
            'z' => 's',
            'v' => 'f',
            c => c,
        };
    }
    let form: String = form.into_iter().collect();
    (form != base && form.len() >= 3).then_some(form)
}

/// The infinitives whose compound form ([`dutch_verb_stem`]) is `form`: "naaien"
/// for "naai" (in "naailes"), "koken" for "kook", "zwemmen" for "zwem", "lezen"
/// for "lees". Guesses, each checked by turning it back into `form`.
pub(crate) fn dutch_verbs_of_stem(form: &str) -> Vec<String> {
    let mut guesses = vec![format!("{form}en")];
    let chars: Vec<char> = form.chars().collect();
    if let [.., before, last] = chars[..] {
        // zwem → zwemmen
        guesses.push(format!("{form}{last}en"));
        // kook → koken, lees → lezen, leef → leven
        if chars.len() >= 3 && chars[chars.len() - 3] == before {
            let voiced = match last {
                's' => 'z',
                'f' => 'v',
                c => c,
            };
            let mut base: String = chars[..chars.len() - 2].iter().collect();
            base.push(voiced);
            guesses.push(format!("{base}en"));
        }
    }
    guesses.retain(|verb| match dutch_verb_stem(verb) {
        Some(back) => back == form,
        // No other form: the verb is the form and -en ("naaien", "fietsen").
        None => *verb == format!("{form}en"),
    });
    guesses
}

/// Whether an "e" after `before` is stressed, so long, not the "e" of "wandelen"
/// or "ouderen": it is when only consonants or an unstressed prefix come before.
fn stressed_e(before: &str) -> bool {
    let rest = ["be", "ge", "ver", "ont", "her"]
        .iter()
        .find_map(|prefix| before.strip_prefix(prefix))
        .unwrap_or(before);
    !rest.contains(['a', 'e', 'i', 'o', 'u', 'y'])
}

/// Dutch words whose Snowball stem joins them with words of another meaning:
/// "ouders" (parents) would become "ouder", the stem of "ouderen" (older people);
/// "rekening" (a bill) would become "reken", the stem of "rekenen" (arithmetic).
const DUTCH_KEPT: &[&str] = &["ouders", "rekening", "rekeningen"];

/// Words that say nothing about an offering in Dutch or English. They are not
/// indexed, and a query ignores them unless it has nothing else.
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Words people wrap a need in ("ik voel me eenzaam", "I want to move more"): a
/// query does not require them, but they still count when they match.
pub(crate) fn is_filler(word: &str) -> bool {
    FILLERS.binary_search(&word).is_ok()
}

/// Sorted, so that lookups can binary search.
const STOP_WORDS: &[&str] = &[
    "a", "aan", "al", "als", "also", "am", "an", "and", "are", "as", "at", "be", "ben", "bent",
    "bij", "by", "dan", "dat", "de", "der", "des", "deze", "die", "dit", "do", "door", "dus",
    "een", "en", "er", "for", "from", "had", "has", "have", "heb", "hebt", "heeft", "hem", "hen",
    "het", "hij", "hoe", "how", "hun", "i", "ik", "in", "is", "it", "its", "je", "jij", "jou",
    "jouw", "jullie", "kun", "kunt", "me", "men", "met", "mij", "mijn", "my", "na", "naar", "nog",
    "nu", "of", "om", "on", "ons", "onze", "ook", "op", "or", "our", "over", "te", "that", "the",
    "this", "to", "tot", "u", "uit", "uw", "van", "voor", "waar", "was", "wat", "we", "wel",
    "were", "what", "where", "who", "wie", "wij", "with", "worden", "wordt", "you", "your", "ze",
    "zich", "zij", "zijn", "zo",
];

/// Sorted, so that lookups can binary search.
const FILLERS: &[&str] = &[
    "activiteit",
    "activiteiten",
    "activities",
    "activity",
    "advice",
    "advies",
    "altijd",
    "anything",
    "beetje",
    "can",
    "dingen",
    "echt",
    "erg",
    "ergens",
    "feel",
    "find",
    "finding",
    "geen",
    "get",
    "gewoon",
    "goed",
    "graag",
    "groep",
    "groepen",
    "group",
    "groups",
    "heel",
    "help",
    "hulp",
    "iemand",
    "iets",
    "kan",
    "laatste",
    "lang",
    "like",
    "looking",
    "lot",
    "meer",
    "mensen",
    "moet",
    "moeten",
    "more",
    "need",
    "net",
    "new",
    "niet",
    "nieuw",
    "nieuwe",
    "no",
    "nooit",
    "not",
    "people",
    "please",
    "really",
    "some",
    "someone",
    "something",
    "soms",
    "steeds",
    "things",
    "tijd",
    "too",
    "vaak",
    "very",
    "voel",
    "want",
    "weer",
    "wil",
    "wilt",
    "would",
    "zoek",
    "zoeken",
    "zou",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_word_forms_share_a_stem() {
        let stems = |words: &[&str]| -> Vec<String> {
            words
                .iter()
                .map(|w| stem(Lang::Nl, w).into_owned())
                .collect()
        };
        assert_eq!(
            stems(&["wandelen", "wandeling", "wandelingen"]),
            ["wandel"; 3]
        );
        assert_eq!(stems(&["schulden", "schuld"]), ["schuld"; 2]);
        assert_eq!(stems(&["bewegen", "beweging"]), ["beweg"; 2]);
        assert_eq!(stems(&["ouderen", "oudere"]), ["ouder"; 2]);
        assert_eq!(
            stems(&["ouders"]),
            ["ouders"],
            "parents are not older people"
        );
    }

    #[test]
    fn a_verb_has_the_form_it_takes_in_compounds() {
        let forms = |words: &[&str]| -> Vec<Option<String>> {
            words.iter().map(|w| dutch_verb_stem(w)).collect()
        };
        assert_eq!(
            forms(&["bewegen", "koken", "zwemmen", "lezen", "eten", "leven"]),
            ["beweeg", "kook", "zwem", "lees", "eet", "leef"].map(|f| Some(f.to_string()))
        );
        assert_eq!(
            forms(&[
                "wandelen", "fietsen", "sporten", "praten", "eenzaam", "ouderen"
            ]),
            [None, None, None, Some("praat".to_string()), None, None],
            "a form that is the word without -en, or no infinitive, gives nothing new"
        );
    }

    #[test]
    fn a_compound_form_gives_back_its_verb() {
        for (form, verb) in [
            ("naai", "naaien"),
            ("kook", "koken"),
            ("zwem", "zwemmen"),
            ("lees", "lezen"),
            ("beweeg", "bewegen"),
            ("fiets", "fietsen"),
        ] {
            assert!(
                dutch_verbs_of_stem(form).contains(&verb.to_string()),
                "{form}"
            );
        }
        // "geven" is "geef" in a compound, not "gev" (of "gevallen").
        assert!(dutch_verbs_of_stem("gev").is_empty());
    }

    #[test]
    fn english_word_forms_share_a_stem() {
        assert_eq!(stem(Lang::En, "walking"), "walk");
        assert_eq!(stem(Lang::En, "walks"), "walk");
        assert_eq!(stem(Lang::En, "groups"), "group");
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [STOP_WORDS, FILLERS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        assert!(is_stop_word("de") && is_stop_word("the"));
        assert!(!is_stop_word("geen") && !is_stop_word("niet"));
        assert!(is_filler("voel") && !is_filler("eenzaam"));
    }
}
