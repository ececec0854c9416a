//! Folding text into the words search compares: lower case, no diacritics, so that
//! "Café", "cafe" and "CAFÉ" are one word, and "geïnteresseerd" is "geinteresseerd".
//!
//! A hand-written table for Latin-1 and Latin Extended-A (every letter Dutch and the
//! languages of the neighbourhood write in Latin script) instead of Unicode
//! normalisation tables, which would cost the WASM client far more bytes. Other
//! scripts (Arabic, Cyrillic) are lower-cased and kept as they are.

use super::limits::{TEXT_MAX, WORD_MAX, WORDS_MAX, clip};

/// How a hyphenated word ("e-mail", "WhatsApp-groep") comes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hyphens {
    /// The parts and the joined word: "e", "mail", "email". For indexing, so that
    /// each of them can be found.
    PartsAndJoined,
    /// Only the joined word: what a person typing "e-mail" means.
    Joined,
}

/// Calls `emit` with every folded word of `text`, in order. Apostrophes inside a word
/// are dropped ("foto's" is "fotos"); see [`Hyphens`] for hyphens.
pub(crate) fn for_each_word(text: &str, hyphens: Hyphens, mut emit: impl FnMut(&str)) {
    let mut word = Word::default();
    let mut at = 0;
    while at < text.len() {
        // Most of a Dutch text is runs of ASCII letters and digits: taken at once,
        // not a character at a time (indexing is most of a first sync's work).
        let run = text.as_bytes()[at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if run > 0 {
            let from = word.part.len();
            word.part.push_str(&text[at..at + run]);
            word.part[from..].make_ascii_lowercase();
            at += run;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        if fold_char(c, &mut word.part) {
            continue;
        }
        let next_is_letter = text[at..].chars().next().is_some_and(char::is_alphanumeric);
        if !word.part.is_empty() && next_is_letter {
            if is_apostrophe(c) {
                continue;
            }
            if is_hyphen(c) {
                if hyphens == Hyphens::PartsAndJoined {
                    emit(&word.part);
                }
                word.joined.push_str(&word.part);
                word.part.clear();
                continue;
            }
        }
        word.finish(hyphens, &mut emit);
    }
    word.finish(hyphens, &mut emit);
}

/// The word being read: its current part, and the parts before a hyphen.
#[derive(Default)]
struct Word {
    part: String,
    joined: String,
}

impl Word {
    fn finish(&mut self, hyphens: Hyphens, emit: &mut impl FnMut(&str)) {
        if self.joined.is_empty() {
            if !self.part.is_empty() {
                emit(&self.part);
            }
        } else {
            if hyphens == Hyphens::PartsAndJoined && !self.part.is_empty() {
                emit(&self.part);
            }
            self.joined.push_str(&self.part);
            emit(&self.joined);
        }
        self.part.clear();
        self.joined.clear();
    }
}

/// The folded words of `text`, hyphenated words joined: how a query is read, at
/// most [`TEXT_MAX`] characters of it, [`WORDS_MAX`] words of [`WORD_MAX`] letters.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(clip(text, TEXT_MAX), Hyphens::Joined, |w| {
        if out.len() < WORDS_MAX {
            out.push(clip(w, WORD_MAX).to_string());
        }
    });
    out
}

/// The hyphenated words of `text` as a query reads them (joined, folded) with
/// their parts: ("wmovoorziening", ["wmo", "voorziening"]). A joined word the
/// guide does not know is looked for by its parts.
pub(crate) fn hyphenated(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for token in clip(text, TEXT_MAX).split_whitespace() {
        let mut joined = Vec::new();
        for_each_word(token, Hyphens::Joined, |w| joined.push(w.to_string()));
        let mut all = Vec::new();
        for_each_word(token, Hyphens::PartsAndJoined, |w| all.push(w.to_string()));
        if let ([word], [parts @ .., last]) = (joined.as_slice(), all.as_slice())
            && last == word
            && !parts.is_empty()
        {
            out.push((word.clone(), parts.to_vec()));
        }
    }
    out
}

/// The whole of `text` folded, words separated by one space: for sorting titles and
/// comparing names.
pub fn fold_text(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for_each_word(text, Hyphens::Joined, |word| {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    });
    folded
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Appends the folded form of `c` to `out`. Returns false when `c` separates words;
/// combining accents (from text in decomposed form) are dropped and return true.
fn fold_char(c: char, out: &mut String) -> bool {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            return true;
        }
        return false;
    }
    if ('\u{300}'..='\u{36f}').contains(&c) {
        return true;
    }
    if !c.is_alphanumeric() {
        return false;
    }
    for lower in c.to_lowercase() {
        match latin_base(lower) {
            Some(base) => out.push_str(base),
            None if ('\u{300}'..='\u{36f}').contains(&lower) => {}
            None => out.push(lower),
        }
    }
    true
}

/// The letters without diacritics for a lower-case Latin letter, `None` for others.
fn latin_base(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ð' | 'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexed(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, Hyphens::PartsAndJoined, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn hyphenated_words_come_with_their_parts() {
        assert_eq!(
            hyphenated("Wmo-voorziening aanvragen, e-mail"),
            [
                (
                    "wmovoorziening".to_string(),
                    vec!["wmo".to_string(), "voorziening".to_string()]
                ),
                (
                    "email".to_string(),
                    vec!["e".to_string(), "mail".to_string()]
                ),
            ]
        );
        assert!(hyphenated("geen streepjes").is_empty());
    }

    #[test]
    fn case_and_diacritics_fold_away() {
        assert_eq!(words("Café CAFÉ cafe"), ["cafe", "cafe", "cafe"]);
        assert_eq!(words("geïnteresseerd"), ["geinteresseerd"]);
        assert_eq!(
            words("Coördinator één privé"),
            ["coordinator", "een", "prive"]
        );
        assert_eq!(words("Straße Łódź ĳs"), ["strasse", "lodz", "ijs"]);
        // Decomposed: e + combining acute.
        assert_eq!(words("cafe\u{301}"), ["cafe"]);
    }

    #[test]
    fn other_scripts_are_lower_cased_and_kept() {
        assert_eq!(words("Привет мир"), ["привет", "мир"]);
        assert_eq!(words("قهوة"), ["قهوة"]);
    }

    #[test]
    fn punctuation_separates_words_and_apostrophes_join_them() {
        assert_eq!(
            words("Kapot? Niet weggooien!"),
            ["kapot", "niet", "weggooien"]
        );
        assert_eq!(words("foto's zzp’ers"), ["fotos", "zzpers"]);
        assert_eq!(words("'s avonds"), ["s", "avonds"]);
        assert_eq!(words("10:00–11:30"), ["10", "00", "11", "30"]);
    }

    #[test]
    fn hyphenated_words_give_parts_and_the_joined_word_when_indexed() {
        assert_eq!(indexed("e-mail"), ["e", "mail", "email"]);
        assert_eq!(
            indexed("WhatsApp-groep van de straat"),
            ["whatsapp", "groep", "whatsappgroep", "van", "de", "straat"]
        );
        assert_eq!(indexed("55-plus"), ["55", "plus", "55plus"]);
        assert_eq!(indexed("in- en uitloop"), ["in", "en", "uitloop"]);
        assert_eq!(words("e-mail burn-out"), ["email", "burnout"]);
    }

    #[test]
    fn fold_text_joins_words_with_single_spaces() {
        assert_eq!(fold_text("  Één  Taalcafé! "), "een taalcafe");
    }

    #[test]
    fn runs_of_plain_letters_meet_other_letters_inside_a_word() {
        assert_eq!(
            indexed("TaalCAFÉ-Één'tje x"),
            ["taalcafe", "eentje", "taalcafeeentje", "x"]
        );
        assert_eq!(words("Ünal2 ÖZ-3ü ß"), ["unal2", "oz3u", "ss"]);
        assert_eq!(
            words("ab\u{301}c d\u{2019}\u{2019}e -f- "),
            ["abc", "d", "e", "f"]
        );
    }
}
