//! Collects every problem of a record in one pass, with the checks that recur across
//! records: texts, lengths, contact values, counts and duplicates.

use std::collections::HashSet;
use std::hash::Hash;

use super::fields::{complete_url, is_valid_email, is_valid_phone, is_valid_url, url_host};
use super::{Code, PROBLEMS_MAX, Problem};

/// Whether a text may span lines (descriptions, notes) or is one line (titles, names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lines {
    One,
    Many,
}

#[derive(Debug, Default)]
pub(super) struct Checker {
    problems: Vec<Problem>,
    /// Only what stops a draft counts (see [`Problem::stops_a_draft`]).
    unfinished_allowed: bool,
}

/// A text counts as given when it has more than white space.
pub(super) fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

impl Checker {
    /// A checker for a record that may be unfinished (a draft): it keeps only the
    /// problems that stop saving one.
    pub(super) fn allowing_unfinished(allowed: bool) -> Checker {
        Checker {
            unfinished_allowed: allowed,
            ..Checker::default()
        }
    }

    pub(super) fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    /// Records a problem. Stops at [`PROBLEMS_MAX`] so hostile input (a list of a
    /// million bad tags) cannot make an error response huge.
    /// Problems an unfinished record may have are left out before counting, so
    /// many of them cannot crowd out one that stops it.
    pub(super) fn report(&mut self, problem: Problem) {
        if self.unfinished_allowed && !problem.stops_a_draft() {
            return;
        }
        if self.problems.len() < PROBLEMS_MAX {
            self.problems.push(problem);
        }
    }

    pub(super) fn flag(&mut self, field: impl Into<String>, code: Code) {
        self.report(Problem::new(field, code));
    }

    /// A text that must be filled in; `topic` names the specific "please fill in" text.
    pub(super) fn required_text(&mut self, field: &str, value: &str, max: usize, topic: &str) {
        if value.trim().is_empty() {
            self.report(Problem::new(field, Code::Required).about(topic));
        } else {
            self.text(field, value, max, Lines::One);
        }
    }

    /// Length (in characters) and forbidden characters of a text, if any.
    pub(super) fn text(&mut self, field: &str, value: &str, max: usize, lines: Lines) {
        if value.chars().count() > max {
            self.report(Problem::new(field, Code::TooLong).with_limit(max as u64));
        }
        let invisible = lines == Lines::One && has_invisible(value);
        if invisible || value.chars().any(|c| is_forbidden(c, lines)) {
            self.flag(field, Code::InvalidCharacters);
        }
    }

    pub(super) fn optional_text(
        &mut self,
        field: &str,
        value: &Option<String>,
        max: usize,
        lines: Lines,
    ) {
        if let Some(value) = value {
            self.text(field, value, max, lines);
        }
    }

    pub(super) fn email(&mut self, field: &str, value: &Option<String>) {
        self.value(field, value, is_valid_email, Code::InvalidEmail);
        self.no_hidden(field, value);
        // A look-alike domain ("exаmple.org" with a Cyrillic а) as for web addresses.
        let domain = given(value)
            .and_then(|v| v.rsplit_once('@'))
            .map(|(_, d)| d);
        if domain.is_some_and(|d| !d.is_ascii()) {
            self.flag(field, Code::UnusualHost);
        }
    }

    /// An address (web or e-mail) with a character that shows nothing or turns
    /// the text around ("…/exe.png" written backwards).
    fn no_hidden(&mut self, field: &str, value: &Option<String>) {
        if given(value)
            .is_some_and(|v| has_invisible(v) || v.chars().any(|c| is_forbidden(c, Lines::One)))
        {
            self.flag(field, Code::InvalidCharacters);
        }
    }

    pub(super) fn phone(&mut self, field: &str, value: &Option<String>) {
        self.value(field, value, is_valid_phone, Code::InvalidPhone);
    }

    pub(super) fn url(&mut self, field: &str, value: &Option<String>) {
        self.value(field, value, is_valid_url, Code::InvalidUrl);
        self.host(field, value.as_deref().map(str::to_owned));
        self.no_hidden(field, value);
    }

    /// A web address that may still lack its "https://": saving completes it.
    pub(super) fn completable_url(&mut self, field: &str, value: &Option<String>) {
        let ok = |text: &str| is_valid_url(&complete_url(text));
        self.value(field, value, ok, Code::InvalidUrl);
        self.host(field, given(value).map(complete_url));
        self.no_hidden(field, value);
    }

    /// A valid address's host in plain ASCII (punycode `xn--` included).
    fn host(&mut self, field: &str, url: Option<String>) {
        let unusual = url
            .filter(|url| is_valid_url(url))
            .is_some_and(|url| url_host(&url).is_some_and(|host| !host.is_ascii()));
        if unusual {
            self.flag(field, Code::UnusualHost);
        }
    }

    fn value(&mut self, field: &str, value: &Option<String>, ok: fn(&str) -> bool, code: Code) {
        if given(value).is_some_and(|v| !ok(v)) {
            self.flag(field, code);
        }
    }

    pub(super) fn at_most(&mut self, field: &str, count: usize, max: usize) {
        if count > max {
            self.report(Problem::new(field, Code::TooMany).with_limit(max as u64));
        }
    }

    /// Flags every repeat of an earlier item of a list as `list[i]`.
    pub(super) fn no_duplicates<K: Eq + Hash>(
        &mut self,
        list: &str,
        keys: impl Iterator<Item = K>,
    ) {
        self.no_duplicates_at(list, "", keys);
    }

    /// Flags every repeat of an earlier item's key as `list[i].member`.
    pub(super) fn no_duplicates_at<K: Eq + Hash>(
        &mut self,
        list: &str,
        member: &str,
        keys: impl Iterator<Item = K>,
    ) {
        let mut seen = HashSet::new();
        for (i, key) in keys.enumerate() {
            if !seen.insert(key) {
                let field = match member {
                    "" => format!("{list}[{i}]"),
                    _ => format!("{list}[{i}].{member}"),
                };
                self.flag(field, Code::Duplicate);
            }
        }
    }
}

/// Whether a one-line text holds a character that shows nothing yet changes what
/// the text is (a look-alike name, a hidden break): zero-width space, word
/// joiner, direction marks, byte order mark, tag characters, line and paragraph
/// separators, invisible operators; and a zero-width (non-)joiner except between
/// two parts of a word, where scripts such as Persian and Hindi (and emoji) need it.
fn has_invisible(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| match c {
        '\u{200b}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}'
        | '\u{2060}'..='\u{2064}'
        | '\u{feff}'
        | '\u{180e}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{e0000}'..='\u{e007f}' => true,
        // Blank-looking letters and marks that show nothing: soft hyphen,
        // grapheme joiner, Hangul fillers, braille blank, Khmer inherent vowels,
        // Mongolian variation selectors, interlinear annotation, the object
        // replacement character, noncharacters and private use.
        '\u{00ad}'
        | '\u{034f}'
        | '\u{115f}'
        | '\u{1160}'
        | '\u{3164}'
        | '\u{ffa0}'
        | '\u{2800}'
        | '\u{17b4}'
        | '\u{17b5}'
        | '\u{180b}'..='\u{180f}'
        | '\u{fff9}'..='\u{fffc}'
        | '\u{fdd0}'..='\u{fdef}'
        | '\u{fffe}'
        | '\u{ffff}'
        | '\u{e000}'..='\u{f8ff}'
        | '\u{f0000}'..='\u{10ffff}' => true,
        // A variation selector belongs after an emoji or an ideograph, not after
        // a Latin letter, where it hides in a look-alike.
        '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}' => {
            i.checked_sub(1).and_then(|j| chars.get(j)).is_none_or(|c| c.is_ascii())
        }
        '\u{200c}' | '\u{200d}' => {
            let in_word = |j: Option<usize>| {
                // Scripts that need joiners are not ASCII: between two Latin
                // letters a joiner only hides.
                j.and_then(|j| chars.get(j)).is_some_and(|&c| {
                    !c.is_ascii()
                        && !c.is_whitespace()
                        && !matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
                })
            };
            !(in_word(i.checked_sub(1)) && in_word(Some(i + 1)))
        }
        _ => false,
    })
}

/// Control characters garble display and search; bidirectional overrides can make a
/// text read differently from what it says. Line breaks and tabs only where a text
/// may span lines.
fn is_forbidden(c: char, lines: Lines) -> bool {
    let bidi_override = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let layout = matches!(c, '\n' | '\r' | '\t') && lines == Lines::Many;
    bidi_override || (c.is_control() && !layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(check: impl FnOnce(&mut Checker)) -> Vec<Problem> {
        let mut checker = Checker::default();
        check(&mut checker);
        checker.into_problems()
    }

    #[test]
    fn required_text_flags_blank_with_a_topic() {
        let found = problems(|c| c.required_text("title", "  \t", 10, "title"));
        assert_eq!(
            found,
            [Problem::new("title", Code::Required).about("title")]
        );
        assert!(problems(|c| c.required_text("title", "Koffie", 10, "title")).is_empty());
    }

    #[test]
    fn invisible_characters_are_refused_in_one_line_texts() {
        for bad in [
            "Koffie\u{200b}ochtend",
            "\u{200f}Koffie",
            "Koffie\u{061c}",
            "Kof\u{2060}fie",
            "\u{feff}Koffie",
            "Koffie\u{e0041}\u{e007f}",
            "Koffie\u{2028}ochtend",
            "Koffie\u{2029}",
            "Koffie \u{200d}",
            "\u{200c}Koffie",
            "Kof\u{200d}fie",
            "Koffie\u{00ad}ochtend",
            "\u{3164}\u{3164}\u{3164}",
            "Koffie\u{2800}",
            "Walking\u{fff9}football",
            "Koffie\u{e000}",
            "Koffie\u{fe0f}",
            "Ko\u{034f}ffie",
        ] {
            let found = problems(|c| c.text("title", bad, 50, Lines::One));
            assert_eq!(found.len(), 1, "{bad:?}");
            assert!(found[0].is(Code::InvalidCharacters), "{bad:?}");
        }
        // Joiners inside a word (Persian, Hindi) and in an emoji are writing.
        for good in [
            "می\u{200c}خواهم",
            "क्\u{200d}ष",
            "👩\u{200d}💻",
            "Koffie",
            "Koffie ❤\u{fe0f}",
        ] {
            assert!(
                problems(|c| c.text("title", good, 50, Lines::One)).is_empty(),
                "{good:?}"
            );
        }
    }

    #[test]
    fn addresses_with_hidden_or_turned_characters_are_refused() {
        let website = problems(|c| {
            c.url(
                "website",
                &Some("https://xn--80ak6aa92e.com/\u{202e}gnp.exe".into()),
            )
        });
        assert!(
            website.iter().any(|p| p.is(Code::InvalidCharacters)),
            "{website:?}"
        );
        for bad in ["info\u{202e}@example.org", "in\u{200b}fo@example.org"] {
            let found = problems(|c| c.email("email", &Some(bad.into())));
            assert!(
                found.iter().any(|p| p.is(Code::InvalidCharacters)),
                "{bad:?}: {found:?}"
            );
        }
        let cyrillic = problems(|c| c.email("email", &Some("info@ex\u{0430}mple.org".into())));
        assert!(
            cyrillic.iter().any(|p| p.is(Code::UnusualHost)),
            "{cyrillic:?}"
        );
        assert!(problems(|c| c.email("email", &Some("info@example.org".into()))).is_empty());
    }

    #[test]
    fn a_web_address_with_a_look_alike_host_is_refused() {
        for bad in [
            "https://аpple.com",
            "https://www.gemeente-аmsterdam.nl/x",
            "bаnk.nl",
        ] {
            let found = problems(|c| c.completable_url("website", &Some(bad.into())));
            assert_eq!(found.len(), 1, "{bad:?}: {found:?}");
            assert!(found[0].is(Code::UnusualHost), "{bad:?}");
        }
        for good in [
            "https://www.example.org/café",
            "https://xn--caf-dma.nl",
            "club.nl",
        ] {
            let found = problems(|c| c.completable_url("website", &Some(good.into())));
            assert!(found.is_empty(), "{good:?}: {found:?}");
        }
        let found = problems(|c| c.url("website", &Some("https://аpple.com".into())));
        assert!(found[0].is(Code::UnusualHost));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(problems(|c| c.text("t", "ëëëëë", 5, Lines::One)).is_empty());
        let found = problems(|c| c.text("t", "ëëëëëë", 5, Lines::One));
        assert_eq!(found, [Problem::new("t", Code::TooLong).with_limit(5u32)]);
    }

    #[test]
    fn control_characters_depend_on_lines() {
        assert!(problems(|c| c.text("d", "a\nb\tc\r\n", 50, Lines::Many)).is_empty());
        for bad in ["a\nb", "a\u{0}b", "a\u{7}", "a\u{202e}b", "\u{1b}[31m"] {
            let found = problems(|c| c.text("t", bad, 50, Lines::One));
            assert!(found[0].is(Code::InvalidCharacters), "{bad:?}");
        }
        let found = problems(|c| c.text("d", "a\u{0}b\u{2067}", 50, Lines::Many));
        assert!(found[0].is(Code::InvalidCharacters));
        assert!(problems(|c| c.text("t", "Café 👩‍👧 مرحبا", 50, Lines::One)).is_empty());
    }

    #[test]
    fn blank_optional_values_count_as_not_given() {
        assert!(problems(|c| c.email("e", &Some(" ".into()))).is_empty());
        assert!(problems(|c| c.email("e", &None)).is_empty());
        assert!(problems(|c| c.email("e", &Some("x".into())))[0].is(Code::InvalidEmail));
        assert!(problems(|c| c.phone("p", &Some("x".into())))[0].is(Code::InvalidPhone));
        assert!(problems(|c| c.url("u", &Some("x".into())))[0].is(Code::InvalidUrl));
    }

    #[test]
    fn duplicates_point_at_the_repeat() {
        let found = problems(|c| c.no_duplicates("tags", ["a", "b", "a", "a"].into_iter()));
        let fields: Vec<_> = found.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["tags[2]", "tags[3]"]);
    }

    #[test]
    fn an_unfinished_record_keeps_only_what_stops_a_draft() {
        let mut c = Checker::allowing_unfinished(true);
        c.required_text("title", " ", 10, "title");
        c.email("e", &Some("jan@".into()));
        for _ in 0..PROBLEMS_MAX * 2 {
            c.flag("x", Code::MissingDays);
        }
        c.text("t", &"a".repeat(11), 10, Lines::One);
        let found = c.into_problems();
        assert_eq!(found, [Problem::new("t", Code::TooLong).with_limit(10u32)]);
    }

    #[test]
    fn problems_are_capped() {
        let found = problems(|c| c.no_duplicates("x", std::iter::repeat_n(1, PROBLEMS_MAX * 3)));
        assert_eq!(found.len(), PROBLEMS_MAX);
    }
}
