//! Amounts of money as people type and read them: "5", "5,50", "€ 5,50" or "5.50"
//! into cents, and cents back into "€ 5,50" (Dutch) or "€5.50" (English).

use crate::model::Cost;
use crate::vocab::{CoveredBy, Lang, Vocabulary};

/// Cents from an amount in euro as typed: an optional "€", digits, and at most two
/// decimals after a comma or a point ("5,-" and "5,00" are five euro). `None` for
/// anything else, so the form can say the amount is not understood.
pub fn parse_euros(text: &str) -> Option<u32> {
    let text = text.trim().trim_start_matches('€').trim();
    // "5 euro", "5 EUR", "5€": the unit said after the amount, as people write it.
    let lower = text.to_lowercase();
    let unit = ["euro's", "euros", "euro", "eur", "€"]
        .into_iter()
        .find(|unit| lower.ends_with(unit));
    let text = match unit {
        Some(unit) => text.get(..text.len() - unit.len())?.trim_end(),
        None => text,
    };
    let text = text.strip_suffix(",-").unwrap_or(text);
    let (whole, decimals) = match text.rsplit_once([',', '.']) {
        Some((whole, decimals)) => (whole, decimals),
        None => (text, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(decimals.is_empty() || digits(decimals)) || decimals.len() > 2 {
        return None;
    }
    let euros: u32 = whole.parse().ok()?;
    let cents: u32 = match decimals.len() {
        0 => 0,
        1 => decimals.parse::<u32>().ok()? * 10,
        _ => decimals.parse().ok()?,
    };
    euros.checked_mul(100)?.checked_add(cents)
}

/// "€ 5,50" in Dutch, "€5.50" in English.
pub fn format_euros(cents: u32, lang: Lang) -> String {
    let (euros, cents) = (cents / 100, cents % 100);
    match lang {
        Lang::Nl => format!("€ {euros},{cents:02}"),
        Lang::En => format!("€{euros}.{cents:02}"),
    }
}

/// The amount as a form shows it for editing: "5,50" or "5.50" (no "€").
pub fn edit_euros(cents: u32, lang: Lang) -> String {
    format_euros(cents, lang)
        .trim_start_matches('€')
        .trim()
        .to_owned()
}

/// What taking part costs, in a few words: "Gratis", "€ 5,00 per keer",
/// "Vergoed door de gemeente", "Vergoed met een verwijzing" (said once, not
/// "Vergoed: Met verwijzing vergoed").
pub fn cost_text(cost: &Cost, lang: Lang) -> String {
    let words = match (cost, lang) {
        (Cost::Free, Lang::Nl) => "Gratis",
        (Cost::Free, Lang::En) => "Free",
        (Cost::Paid { amount_cents, unit }, _) => {
            return format!("{} {}", format_euros(*amount_cents, lang), unit.label(lang));
        }
        (Cost::Covered { by }, Lang::Nl) => match by {
            CoveredBy::Insurance => "Vergoed door de zorgverzekering",
            CoveredBy::Municipality => "Vergoed door de gemeente",
            CoveredBy::Referral => "Vergoed met een verwijzing",
        },
        (Cost::Covered { by }, Lang::En) => match by {
            CoveredBy::Insurance => "Covered by health insurance",
            CoveredBy::Municipality => "Covered by the municipality",
            CoveredBy::Referral => "Covered with a referral",
        },
    };
    words.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::CostUnit;

    #[test]
    fn amounts_are_read_as_people_type_them() {
        for (text, cents) in [
            ("5", 500),
            ("5,50", 550),
            ("5.50", 550),
            ("€ 5,5", 550),
            ("€5", 500),
            (" 12,- ", 1200),
            ("0,75", 75),
            ("5 euro", 500),
            ("2,50 Euro", 250),
            ("5 EUR", 500),
            ("5€", 500),
        ] {
            assert_eq!(parse_euros(text), Some(cents), "{text:?}");
        }
        for text in [
            "",
            "vijf",
            "5,555",
            "-5",
            "5,5,5",
            "€",
            "1e3",
            "euro",
            "5 euro per keer",
        ] {
            assert_eq!(parse_euros(text), None, "{text:?}");
        }
        assert_eq!(parse_euros("99999999999"), None, "no overflow");
    }

    #[test]
    fn amounts_read_back_in_each_language() {
        assert_eq!(format_euros(550, Lang::Nl), "€ 5,50");
        assert_eq!(format_euros(550, Lang::En), "€5.50");
        assert_eq!(edit_euros(500, Lang::Nl), "5,00");
        assert_eq!(parse_euros(&edit_euros(1234, Lang::En)), Some(1234));
        let paid = Cost::Paid {
            amount_cents: 500,
            unit: CostUnit::PerSession,
        };
        assert_eq!(cost_text(&paid, Lang::Nl), "€ 5,00 per keer");
        assert_eq!(cost_text(&Cost::Free, Lang::En), "Free");
        let referral = Cost::Covered {
            by: CoveredBy::Referral,
        };
        assert_eq!(cost_text(&referral, Lang::Nl), "Vergoed met een verwijzing");
        assert_eq!(cost_text(&referral, Lang::En), "Covered with a referral");
        let municipality = Cost::Covered {
            by: CoveredBy::Municipality,
        };
        assert_eq!(
            cost_text(&municipality, Lang::Nl),
            "Vergoed door de gemeente"
        );
    }
}
