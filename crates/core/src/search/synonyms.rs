//! Words that mean the same, curated for the guide: the Dutch words people type
//! for what the offerings call otherwise ("senioren" for "ouderen", "gepest" for
//! "pesten"), and English words for the Dutch texts, of which only titles and
//! summaries are translated ("walking" finds "wandelen", "debt" finds
//! "schulden"). A synonym is matched as it is and in its other forms, never as a
//! prefix or with typos, and counts a little less than the word typed
//! ([`super::MatchKind::Synonym`]).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Dutch words that find each other, folded (lower case, no accents), one word each.
const GROUPS: &[&[&str]] = &[
    &["ouderen", "senioren", "bejaarden"],
    &["wandelen", "wandeling"],
    &["schulden", "schuld"],
    &["formulieren", "formulier"],
    &["werk", "baan"],
    &["kinderen", "kind"],
    &["tuin", "tuinieren"],
    &["vrijwilliger", "vrijwilligerswerk"],
    &["somber", "depressie", "depressief"],
    &["angst", "angstig", "bang"],
    &["rouw", "verlies", "overleden"],
    &["mantelzorg", "mantelzorger"],
    &["dementie", "alzheimer"],
    &["huiswerk", "bijles"],
    &["fietsen", "fiets"],
    &["zingen", "koor"],
    &["pesten", "gepest"],
    &["toeslag", "toeslagen"],
    &["baby", "zuigeling"],
    &["nieuwkomers", "statushouders", "inburgering"],
    &["diabetes", "suikerziekte"],
    &["sport", "sporten"],
    &["computer", "computerles", "laptop", "tablet"],
    &["eten", "maaltijd"],
];

/// English words for the Dutch texts: they find the Dutch words, and not the
/// other way round ("walk" is also in "walk in", the English of "inloop").
const ENGLISH: &[(&str, &[&str])] = &[
    ("seniors", &["ouderen", "senioren", "bejaarden"]),
    ("elderly", &["ouderen", "senioren", "bejaarden"]),
    ("older", &["ouderen", "senioren", "bejaarden"]),
    ("walking", &["wandelen", "wandeling"]),
    ("walk", &["wandelen", "wandeling"]),
    ("debt", &["schulden", "schuld"]),
    ("debts", &["schulden", "schuld"]),
    ("forms", &["formulieren", "formulier"]),
    ("form", &["formulieren", "formulier"]),
    ("paperwork", &["formulieren", "formulier"]),
    ("job", &["werk", "baan"]),
    ("jobs", &["werk", "baan"]),
    ("work", &["werk", "baan"]),
    ("rent", &["huur"]),
    ("parents", &["ouders"]),
    ("children", &["kinderen", "kind"]),
    ("kids", &["kinderen", "kind"]),
    ("child", &["kinderen", "kind"]),
    ("learn", &["leren"]),
    ("learning", &["leren"]),
    ("swimming", &["zwemmen"]),
    ("swim", &["zwemmen"]),
    ("cooking", &["koken"]),
    ("cook", &["koken"]),
    ("garden", &["tuin", "tuinieren"]),
    ("gardening", &["tuin", "tuinieren"]),
    ("volunteer", &["vrijwilliger", "vrijwilligerswerk"]),
    ("volunteering", &["vrijwilliger", "vrijwilligerswerk"]),
    ("depressed", &["somber", "depressie", "depressief"]),
    ("depression", &["somber", "depressie", "depressief"]),
    ("anxious", &["angst", "angstig", "bang"]),
    ("anxiety", &["angst", "angstig", "bang"]),
    ("grief", &["rouw", "verlies", "overleden"]),
    ("bereavement", &["rouw", "verlies", "overleden"]),
    ("carer", &["mantelzorg", "mantelzorger"]),
    ("caregiver", &["mantelzorg", "mantelzorger"]),
    ("dementia", &["dementie", "alzheimer"]),
    ("homework", &["huiswerk", "bijles"]),
    ("tutoring", &["huiswerk", "bijles"]),
    ("cycling", &["fietsen", "fiets"]),
    ("bike", &["fietsen", "fiets"]),
    ("music", &["muziek"]),
    ("singing", &["zingen", "koor"]),
    ("choir", &["zingen", "koor"]),
    ("bullying", &["pesten", "gepest"]),
    ("bullied", &["pesten", "gepest"]),
    ("money", &["geld"]),
    ("allowance", &["toeslag", "toeslagen"]),
    ("benefits", &["toeslag", "toeslagen"]),
    ("babies", &["baby", "zuigeling"]),
    (
        "newcomers",
        &["nieuwkomers", "statushouders", "inburgering"],
    ),
    ("refugees", &["nieuwkomers", "statushouders", "inburgering"]),
    ("sports", &["sport", "sporten"]),
    ("food", &["eten", "maaltijd"]),
    ("meal", &["eten", "maaltijd"]),
    ("meals", &["eten", "maaltijd"]),
];

/// Words that find these others, but not the other way round: a plain word for
/// what an offering names in its own terms.
const ONE_WAY: &[(&str, &[&str])] = &[
    ("zwanger", PREGNANCY),
    ("zwangerschap", PREGNANCY),
    ("pregnant", PREGNANCY),
    ("pregnancy", PREGNANCY),
    ("dutch", &["nederlands", "taal"]),
    ("lezen", &["laaggeletterd", "taalhuis", "leesclub"]),
    ("reading", &["laaggeletterd", "taalhuis", "leesclub"]),
    ("rekenen", &["huiswerk", "bijles"]),
    ("herrie", &["overlast", "burenruzie", "buurtbemiddeling"]),
    ("lawaai", &["overlast", "burenruzie", "buurtbemiddeling"]),
    ("noise", &["overlast", "burenruzie", "buurtbemiddeling"]),
    ("schimmel", &["vocht", "huurteam", "onderhoud"]),
    ("val", &["vallen", "balans"]),
    ("pensioen", &["vrijwilligerswerk", "vrijwilliger"]),
    ("retired", &["vrijwilligerswerk", "vrijwilliger"]),
    ("smartphone", &["telefoon", "digitaal"]),
    ("exercise", &["bewegen", "beweeg"]),
];

/// Care around a pregnancy and a birth, as the guide's offerings name it.
const PREGNANCY: &[&str] = &[
    "zwanger",
    "zwangerschap",
    "verloskundige",
    "kraamzorg",
    "kraamtijd",
    "borstvoeding",
    "consultatiebureau",
];

/// The other words `word` (folded) also finds, itself left out.
pub(crate) fn synonyms(word: &str) -> impl Iterator<Item = &'static str> + '_ {
    table()
        .get(word)
        .into_iter()
        .flatten()
        .copied()
        .filter(move |other| *other != word)
}

fn table() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        let mut add = |word: &'static str, other: &'static str| {
            let others = table.entry(word).or_default();
            if !others.contains(&other) {
                others.push(other);
            }
        };
        for group in GROUPS {
            for &word in *group {
                for &other in *group {
                    add(word, other);
                }
            }
        }
        for (word, others) in ONE_WAY.iter().chain(ENGLISH) {
            for &other in *others {
                add(word, other);
            }
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fold;

    #[test]
    fn groups_go_both_ways_and_one_way_entries_do_not() {
        assert!(synonyms("senioren").any(|w| w == "ouderen"));
        assert!(synonyms("ouderen").any(|w| w == "senioren"));
        assert!(synonyms("walking").any(|w| w == "wandelen"));
        assert!(!synonyms("wandelen").any(|w| w == "walking"));
        assert!(synonyms("zwanger").any(|w| w == "verloskundige"));
        assert_eq!(synonyms("verloskundige").count(), 0);
        assert_eq!(synonyms("koffie").count(), 0);
        assert!(!synonyms("senioren").any(|w| w == "senioren"));
    }

    #[test]
    fn every_word_is_one_folded_word() {
        let words = GROUPS.iter().flat_map(|g| g.iter()).chain(
            ONE_WAY
                .iter()
                .chain(ENGLISH)
                .flat_map(|(w, others)| std::iter::once(w).chain(others.iter())),
        );
        for word in words {
            assert_eq!(fold::words(word), [*word]);
        }
    }
}
