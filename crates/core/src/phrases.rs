//! Interface texts drawn both by the guide (its text table takes them from here)
//! and by what runs without that table: the finder, which shows a new visitor's
//! results before the guide has come, and the server's pages.

use std::fmt::Display;

use crate::vocab::Lang;

/// A text in Dutch and in English (in [`Lang`]'s order), `{}` where a value goes.
pub type Phrase = [&'static str; 2];

pub const LOADING: Phrase = ["De gids wordt geladen…", "Loading the guide…"];
pub const GUIDE_UNAVAILABLE: Phrase = [
    "De gids kan nu niet laden. Probeer het later opnieuw.",
    "The guide cannot load now. Please try again later.",
];
pub const SEARCH_NEEDS_CONNECTION: Phrase = [
    "Zoeken lukt zodra de gids er is, en daarvoor is internet nodig. Daarna werkt zoeken ook zonder internet.",
    "You can search once the guide is here, and that needs the internet. After that, search works without the internet too.",
];
pub const SEARCH_WAITS_FOR_GUIDE: Phrase = [
    "Meer zodra de gids geladen is.",
    "More once the guide has loaded.",
];
pub const RESULTS: Phrase = ["Resultaten", "Results"];
pub const FOUND: Phrase = ["{} gevonden", "{} found"];
pub const NOTHING_FOUND_TRY_ANOTHER_WORD: Phrase = [
    "Niets gevonden. Probeer een ander woord.",
    "Nothing found. Try another word.",
];
pub const SHOWN_OF: Phrase = ["{} van {} getoond", "{} of {} shown"];
pub const MORE_FILTERS: Phrase = [
    "Meer filters: dag, thema, soort, buurt, taal",
    "More filters: day, theme, kind, area, language",
];
pub const FREE: Phrase = ["Gratis", "Free"];
pub const PAUSED: Phrase = ["Tijdelijk gestopt", "Temporarily stopped"];

/// `phrase` in `lang`.
pub fn in_lang(phrase: Phrase, lang: Lang) -> &'static str {
    phrase[lang as usize]
}

/// `template` with each `{}` replaced by the next of `args`, in order.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut parts = template.split("{}").peekable();
    while let Some(part) = parts.next() {
        out.push_str(part);
        if parts.peek().is_some()
            && let Some(arg) = args.next()
        {
            out.push_str(&arg.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fill_the_places_in_order_and_missing_ones_leave_them_empty() {
        assert_eq!(
            fill(in_lang(SHOWN_OF, Lang::Nl), &[&20, &64]),
            "20 van 64 getoond"
        );
        assert_eq!(fill(in_lang(FOUND, Lang::En), &[]), " found");
    }
}
