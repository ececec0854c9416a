//! Checks for single values people type: e-mail, web address, Dutch phone number,
//! Dutch postcode, KvK number, language code. Pragmatic, without regex or url crates
//! (every byte counts in WASM): they catch typing mistakes, not every RFC corner.

/// Longest e-mail address (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;
/// Longest web address we store.
pub const URL_MAX: usize = 2000;
/// Longest phone number as written, separators included.
pub const PHONE_MAX: usize = 30;

/// A plausible e-mail address: `local@domain.tld`, no spaces, one `@`.
pub fn is_valid_email(text: &str) -> bool {
    if text.len() > EMAIL_MAX {
        return false;
    }
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"()<>[]:;@\\,\"".contains(c));
    local_ok && is_plausible_host(domain)
}

/// A plausible public web address: http or https, a host name with a dot, an
/// optional port, no spaces.
pub fn is_valid_url(text: &str) -> bool {
    if text.len() > URL_MAX || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // User info ("user@host") in a guide's link is a phishing trick, not a need.
    if authority.contains('@') {
        return false;
    }
    let host = match authority.split_once(':') {
        Some((host, port)) => {
            let port_ok = port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u16>().is_ok_and(|p| p > 0);
            if !port_ok {
                return false;
            }
            host
        }
        None => authority,
    };
    is_plausible_host(host)
}

/// The host of a web address ("https://www.club.nl:8080/x" gives "www.club.nl"),
/// to show beside a link so a reader sees where it goes; `None` when `url` is not
/// an http(s) address.
pub fn url_host(url: &str) -> Option<&str> {
    let (scheme, rest) = url.trim().split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// A web address as people write it, completed: "www.club.nl" and "club.nl/sport"
/// become "https://www.club.nl" and "https://club.nl/sport". Text that names its
/// scheme, or that would not become a valid address, is only trimmed (and then
/// refused by [`is_valid_url`]).
pub fn complete_url(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() || text.contains("://") {
        return text.to_owned();
    }
    let completed = format!("https://{text}");
    if is_valid_url(&completed) {
        completed
    } else {
        text.to_owned()
    }
}

/// A domain name of at least two labels whose last label (the top-level domain) is
/// letters, e.g. "example.org", "wijk-gids.nl", "xn--bcher-kva.example". Rejects
/// IP addresses and "localhost", which a public guide has no use for.
fn is_plausible_host(host: &str) -> bool {
    if host.is_empty() || host.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let labels_ok = labels.iter().all(|label| {
        !label.is_empty()
            && label.chars().count() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    let tld_ok = labels.last().is_some_and(|tld| {
        tld.starts_with("xn--")
            || (tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
    });
    labels.len() >= 2 && labels_ok && tld_ok
}

/// Whether a Dutch phone number (or a foreign one in international form) is written
/// plausibly. See [`phone_for_dialling`] for the forms.
pub fn is_valid_phone(text: &str) -> bool {
    phone_for_dialling(text).is_some()
}

/// The number to put in a `tel:` link, or `None` if it is not a phone number.
///
/// Accepts the usual written forms with spaces, dashes, dots, slashes and brackets:
/// "020 123 4567", "020-1234567", "06 12345678", "+31 (0)20 123 4567",
/// "0031 6 12345678" (all give "+31…"); service numbers "0800 1234", "0900-8844"
/// (8 to 11 digits, kept as written); short numbers 112, 113, 144, "116 123", the
/// government's 1400 and municipal "14 020"; and foreign numbers in international
/// form ("+32 2 123 45 67").
pub fn phone_for_dialling(text: &str) -> Option<String> {
    if text.len() > PHONE_MAX {
        return None;
    }
    let text = text.trim();
    let international = text.starts_with('+');
    let mut digits = String::with_capacity(text.len());
    for c in text.chars().skip(usize::from(international)) {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '\u{a0}' | '-' | '.' | '/' | '(' | ')' => {}
            _ => return None,
        }
    }
    let after_plus = if international {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    match after_plus {
        Some(number) => match number.strip_prefix("31") {
            // "+31 (0)20 …": the bracketed trunk zero is often written along.
            Some(dutch) => dutch_subscriber(dutch.strip_prefix('0').unwrap_or(dutch)),
            None => foreign(number),
        },
        None => match digits.strip_prefix('0') {
            Some(national) if is_service_number(national) => Some(digits.clone()),
            Some(national) => dutch_subscriber(national),
            None => is_short_number(&digits).then(|| digits.clone()),
        },
    }
}

/// A Dutch number without its trunk zero: 9 digits ("201234567", "612345678").
fn dutch_subscriber(national: &str) -> Option<String> {
    let ok = national.len() == 9 && !national.starts_with('0');
    ok.then(|| format!("+31{national}"))
}

/// Free (0800) and paid (0900, 0906, 0909) information numbers, without the trunk
/// zero: prefix plus 4 to 7 digits.
fn is_service_number(national: &str) -> bool {
    ["800", "900", "906", "909"]
        .iter()
        .any(|prefix| national.starts_with(prefix))
        && (7..=10).contains(&national.len())
}

/// Emergency and helpline short numbers, the central government's information number
/// (1400), and the municipal "14 + area code".
fn is_short_number(digits: &str) -> bool {
    matches!(digits, "112" | "113" | "144" | "1400")
        || (digits.starts_with("116") && digits.len() == 6)
        || (digits.starts_with("140") && (5..=6).contains(&digits.len()))
}

/// E.164: country code and number together at most 15 digits.
fn foreign(number: &str) -> Option<String> {
    let ok = (8..=15).contains(&number.len()) && !number.starts_with('0');
    ok.then(|| format!("+{number}"))
}

/// The canonical form of a Dutch postcode, "1234 AB", from what people type
/// ("1234AB", "1234 ab", " 1234  Ab "); `None` if it is not a postcode. The first
/// digit is never 0 and the letter pairs SA, SD and SS are not used.
pub fn normalise_postcode(text: &str) -> Option<String> {
    let text = text.trim();
    let digits = text.get(..4)?;
    let letters = text.get(4..)?.trim_start().to_ascii_uppercase();
    let digits_ok = digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    let letters_ok = letters.len() == 2
        && letters.bytes().all(|b| b.is_ascii_uppercase())
        && !matches!(letters.as_str(), "SA" | "SD" | "SS");
    (digits_ok && letters_ok).then(|| format!("{digits} {letters}"))
}

pub fn is_valid_postcode(text: &str) -> bool {
    normalise_postcode(text).is_some()
}

/// A Dutch Chamber of Commerce (KvK) number: exactly 8 digits.
pub fn is_valid_kvk(text: &str) -> bool {
    text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit())
}

/// A language code as used for translations: 2 or 3 lowercase letters (ISO 639).
pub fn is_language_code(text: &str) -> bool {
    (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_lowercase())
}

/// The `mailto:` link that writes to `email` and nothing more: every character
/// that a mail app would read as the start of headers (`?`, `&`, `=`), a
/// fragment (`#`) or an escape (`%`), and anything outside plain ASCII, is
/// percent-encoded (RFC 6068), so `info?bcc=spy@evil.example&x=@example.org`
/// stays one odd address instead of a hidden copy to someone else.
pub fn mailto_href(email: &str) -> String {
    let mut href = String::with_capacity(email.len() + 7);
    href.push_str("mailto:");
    for byte in email.trim().bytes() {
        if byte.is_ascii_alphanumeric() || b"@.-_+!$'*~".contains(&byte) {
            href.push(byte as char);
        } else {
            href.push_str(&format!("%{byte:02X}"));
        }
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for good in [
            "info@example.org",
            "Jan.de.Vries+wijk@buurt-huis.example.nl",
            "a@b.co",
            "józef@przykład.pl",
        ] {
            assert!(is_valid_email(good), "{good}");
        }
        for bad in [
            "",
            "info",
            "info@",
            "@example.org",
            "info@example",
            "info@@example.org",
            "in fo@example.org",
            "info@example .org",
            ".info@example.org",
            "info.@example.org",
            "in..fo@example.org",
            "info@-example.org",
            "info@example.o",
            "info@example.123",
            "info@127.0.0.1",
            "info@example..org",
            "info@example.org.",
            "<info@example.org>",
            "info@exa_mple.org",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(!is_valid_email(&long));
    }

    #[test]
    fn urls() {
        for good in [
            "https://www.example.org",
            "http://example.org/",
            "https://buurthuis.example.nl/activiteiten?dag=ma#tijden",
            "HTTPS://Example.ORG:8443/path",
            "https://xn--bcher-kva.example",
        ] {
            assert!(is_valid_url(good), "{good}");
        }
        for bad in [
            "",
            "www.example.org",
            "example.org",
            "ftp://example.org",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://localhost",
            "https://127.0.0.1/",
            "https://example",
            "https://exa mple.org",
            "https://example.org/a b",
            "https://user@example.org",
            "https://example.org:0",
            "https://example.org:99999",
            "https://example.org:http",
            "https://-example.org",
            "https://example.org\n",
        ] {
            assert!(!is_valid_url(bad), "{bad}");
        }
        assert!(!is_valid_url(&format!(
            "https://example.org/{}",
            "a".repeat(URL_MAX)
        )));
    }

    #[test]
    fn dutch_phone_numbers_in_common_written_forms() {
        for (written, dial) in [
            ("020 123 4567", "+31201234567"),
            ("020-1234567", "+31201234567"),
            ("(020) 123 45 67", "+31201234567"),
            ("020.123.4567", "+31201234567"),
            ("06 12345678", "+31612345678"),
            ("06-1234 5678", "+31612345678"),
            ("0612345678", "+31612345678"),
            ("+31 20 123 4567", "+31201234567"),
            ("+31 (0)20 123 4567", "+31201234567"),
            ("+31 6 12345678", "+31612345678"),
            ("0031 20 123 4567", "+31201234567"),
            ("0031612345678", "+31612345678"),
            ("088 123 4567", "+31881234567"),
            ("0597 123 456", "+31597123456"),
            ("0800 1234", "08001234"),
            ("0800-0113", "08000113"),
            ("0900 8844", "09008844"),
            ("0900 123 4567", "09001234567"),
            ("112", "112"),
            ("113", "113"),
            ("116 123", "116123"),
            ("14 020", "14020"),
            ("14 0598", "140598"),
            ("1400", "1400"),
            ("+32 2 123 45 67", "+3221234567"),
            ("0049 30 1234567", "+49301234567"),
            (" 020 123 4567 ", "+31201234567"),
        ] {
            assert_eq!(
                phone_for_dialling(written).as_deref(),
                Some(dial),
                "{written}"
            );
        }
    }

    #[test]
    fn rejects_letters_and_wrong_digit_counts() {
        for bad in [
            "",
            "bel ons",
            "020 123 456",
            "020 123 45678",
            "06 1234567",
            "06 123456789",
            "06 1234 567a",
            "020 123 4567 ext 2",
            "+31 20 123",
            "+31 20 123 45678",
            "+31",
            "+",
            "++31 20 123 4567",
            "0800 12",
            "0800 1234 5678",
            "12345",
            "14 20",
            "1401",
            "911",
            "0",
            "000 123 4567",
            "+0 123 456 789",
            "+1234567",
            "+1234567890123456",
            "020 123 4567 020 123 4567 020 1",
            "０２０ １２３ ４５６７",
        ] {
            assert!(!is_valid_phone(bad), "{bad}");
        }
    }

    #[test]
    fn postcodes() {
        for (typed, canonical) in [
            ("1234 AB", "1234 AB"),
            ("1234AB", "1234 AB"),
            ("1234ab", "1234 AB"),
            (" 9999  zz ", "9999 ZZ"),
            ("1011 Ac", "1011 AC"),
        ] {
            assert_eq!(
                normalise_postcode(typed).as_deref(),
                Some(canonical),
                "{typed}"
            );
        }
        for bad in [
            "", "1234", "0123 AB", "123 AB", "12345 AB", "1234 A", "1234 ABC", "1234 SA",
            "1234 sd", "1234SS", "1234-AB", "12 34AB", "AB 1234", "1234 Å", "1234 ÄB", "1é34 AB",
        ] {
            assert!(!is_valid_postcode(bad), "{bad}");
        }
    }

    #[test]
    fn kvk_and_language_codes() {
        assert!(is_valid_kvk("12345678"));
        assert!(is_valid_kvk("01234567"));
        for bad in [
            "",
            "1234567",
            "123456789",
            "1234 5678",
            "1234567a",
            "１２３４５６７８",
        ] {
            assert!(!is_valid_kvk(bad), "{bad}");
        }
        for good in ["en", "ar", "pap"] {
            assert!(is_language_code(good));
        }
        for bad in ["", "e", "EN", "engl", "e1", "é"] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[test]
    fn a_mailto_link_carries_the_address_and_no_headers() {
        assert_eq!(mailto_href("info@example.org"), "mailto:info@example.org");
        assert_eq!(
            mailto_href("info?bcc=spy%40evil.example&x=@example.org"),
            "mailto:info%3Fbcc%3Dspy%2540evil.example%26x%3D@example.org"
        );
        assert_eq!(mailto_href("a#b@example.org"), "mailto:a%23b@example.org");
        assert_eq!(
            mailto_href("zoë@example.org"),
            "mailto:zo%C3%AB@example.org"
        );
    }
}
