//! The neighbourhoods the guide knows, for a publisher to choose from: the names its
//! offerings and professionals use, one spelling each. Names compare as the search's
//! area filter compares them (without case or accents), so "de esch" typed as a new
//! name is "De Esch", and the offering shows up under that area's chip.

use std::collections::BTreeMap;

use crate::search::fold;

/// One spelling of each name in `names` (the most used; on a tie the first in name
/// order), in name order; blank names left out.
pub fn known_neighbourhoods<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    // Folded name -> (spelling -> uses).
    let mut spellings: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for name in names {
        let name = name.trim();
        let key = fold(name);
        if !key.is_empty() {
            *spellings.entry(key).or_default().entry(name).or_default() += 1;
        }
    }
    let mut known: Vec<String> = spellings
        .values()
        .filter_map(|uses| {
            let most = uses.values().max()?;
            uses.iter()
                .find(|(_, n)| *n == most)
                .map(|(name, _)| name.to_string())
        })
        .collect();
    known.sort_by_key(|name| fold(name));
    known
}

/// The name to store for what a person chose or typed: a known neighbourhood's own
/// spelling when it is that one, otherwise what they typed, trimmed.
pub fn neighbourhood_name(typed: &str, known: &[String]) -> String {
    let key = fold(typed);
    known
        .iter()
        .find(|name| !key.is_empty() && fold(name) == key)
        .cloned()
        .unwrap_or_else(|| typed.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_spelling_of_each_name_in_name_order() {
        let names = [
            "Vlonderhof",
            " De Esch",
            "de esch",
            "De Esch",
            "",
            "  ",
            "Beekzijde",
            "Óude Kern",
            "Oude Kern",
        ];
        assert_eq!(
            known_neighbourhoods(names),
            ["Beekzijde", "De Esch", "Oude Kern", "Vlonderhof"]
        );
    }

    #[test]
    fn the_demo_neighbourhood_has_its_five_areas() {
        let guide = crate::demo::neighbourhood().expect("the demo loads");
        let known = known_neighbourhoods(
            guide
                .offerings
                .iter()
                .filter_map(|o| o.location.as_ref())
                .map(|l| l.neighbourhood.as_str()),
        );
        assert_eq!(
            known,
            [
                "Beekzijde",
                "De Esch",
                "Molenkamp",
                "Oude Kern",
                "Vlonderhof"
            ]
        );
    }

    #[test]
    fn a_typed_name_takes_the_known_spelling() {
        let known = known_neighbourhoods(["De Esch", "Beekzijde"]);
        assert_eq!(neighbourhood_name(" de ésch ", &known), "De Esch");
        assert_eq!(neighbourhood_name("  Het Veld ", &known), "Het Veld");
        assert_eq!(neighbourhood_name("  ", &known), "");
    }
}
