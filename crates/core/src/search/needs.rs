//! Needs in plain words: what a resident would say ("ik voel me eenzaam", "money
//! worries"), mapped onto themes and Positive Health dimensions (DATA.md). The client
//! shows them as tiles on the home screen; a query word that names a need finds the
//! offerings of its themes even when they do not use that word.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::vocab::{HealthDimension as D, Lang, Theme as T, Vocabulary};

/// A need a person can name, in the order of the home-screen tiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Need {
    MeetPeople,
    MoveMore,
    MoneyWorries,
    FeelingDown,
    HelpAtHome,
    HealthQuestions,
    ChildrenAndParents,
    LearnLanguage,
    WorkAndVolunteering,
    CareForSomeone,
    FoodAndHealthyLiving,
    DigitalHelp,
    Housing,
}

struct NeedTerms {
    code: &'static str,
    nl: &'static str,
    en: &'static str,
    themes: &'static [T],
    dimensions: &'static [D],
    /// Folded words (no capitals or accents) that name the need, Dutch and English.
    triggers: &'static [&'static str],
}

/// Trigger words that name a need in what a person says ("ik voel me alleen")
/// but in the guide's texts mostly mean something else ("alleen voor vrouwen":
/// only for women; "fit" as in "fits you"). They find the need's offerings, not
/// the texts that happen to use them.
const ONLY_AS_NEED: &[&str] = &["alleen", "alone", "company", "fit", "meet", "active"];

/// Whether the folded `word` is matched only as the need it names.
pub(crate) fn only_as_need(word: &str) -> bool {
    ONLY_AS_NEED.contains(&word)
}

impl Need {
    fn terms(self) -> &'static NeedTerms {
        &NEEDS[self as usize]
    }

    /// The themes whose offerings meet this need.
    pub fn themes(self) -> &'static [T] {
        self.terms().themes
    }

    /// The Positive Health dimensions this need touches.
    pub fn dimensions(self) -> &'static [D] {
        self.terms().dimensions
    }

    /// The words (folded: lower case, no accents) that name this need in a query.
    pub fn triggers(self) -> &'static [&'static str] {
        self.terms().triggers
    }
}

impl Vocabulary for Need {
    const ALL: &'static [Need] = &[
        Need::MeetPeople,
        Need::MoveMore,
        Need::MoneyWorries,
        Need::FeelingDown,
        Need::HelpAtHome,
        Need::HealthQuestions,
        Need::ChildrenAndParents,
        Need::LearnLanguage,
        Need::WorkAndVolunteering,
        Need::CareForSomeone,
        Need::FoodAndHealthyLiving,
        Need::DigitalHelp,
        Need::Housing,
    ];
    const NAME: &'static str = "need";

    fn code(self) -> &'static str {
        self.terms().code
    }

    /// The tile text: plain Dutch (B1) or English.
    fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.terms().nl,
            Lang::En => self.terms().en,
        }
    }
}

impl Serialize for Need {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Need {
    fn deserialize<De: Deserializer<'de>>(d: De) -> Result<Self, De::Error> {
        let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Need::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format_args!("unknown need code `{code}`")))
    }
}

/// In the order of [`Need`]'s variants, so that a need indexes its own entry.
const NEEDS: [NeedTerms; 13] = [
    NeedTerms {
        code: "meet_people",
        nl: "Ik voel me alleen",
        en: "I feel lonely",
        themes: &[T::MeetingPeople],
        dimensions: &[D::Participation, D::Meaning],
        triggers: &[
            "eenzaam",
            "eenzaamheid",
            "alleen",
            "gezelschap",
            "vrienden",
            "vriendschap",
            "ontmoeten",
            "ontmoeting",
            "praatje",
            "lonely",
            "loneliness",
            "alone",
            "friends",
            "company",
            "isolated",
            "meet",
        ],
    },
    NeedTerms {
        code: "move_more",
        nl: "Ik wil meer bewegen",
        en: "I want to move more",
        themes: &[T::Exercise],
        dimensions: &[D::Body],
        triggers: &[
            "bewegen", "beweging", "sporten", "sport", "conditie", "fit", "afvallen", "exercise",
            "move", "moving", "sports", "fitness", "active", "actief",
        ],
    },
    NeedTerms {
        code: "money_worries",
        nl: "Ik heb geldzorgen",
        en: "I have money worries",
        themes: &[T::MoneyDebt],
        dimensions: &[D::DailyLife],
        triggers: &[
            "geldzorgen",
            "geld",
            "schulden",
            "schuld",
            "rondkomen",
            "armoede",
            "rekeningen",
            "toeslagen",
            "debt",
            "debts",
            "money",
            "bills",
            "poverty",
            "worries",
        ],
    },
    NeedTerms {
        code: "feeling_down",
        nl: "Ik zit niet lekker in mijn vel",
        en: "I feel down",
        themes: &[T::MentalWellbeing],
        dimensions: &[D::Mind, D::Meaning],
        triggers: &[
            "somber",
            "depressie",
            "depressief",
            "verdriet",
            "verdrietig",
            "rouw",
            "stress",
            "gestrest",
            "angst",
            "angstig",
            "piekeren",
            "burnout",
            "overspannen",
            "sad",
            "down",
            "depressed",
            "anxious",
            "anxiety",
            "grief",
            "worried",
        ],
    },
    NeedTerms {
        code: "help_at_home",
        nl: "Ik heb hulp nodig in huis",
        en: "I need help at home",
        themes: &[T::CareHealth, T::Housing],
        dimensions: &[D::DailyLife],
        triggers: &[
            "thuiszorg",
            "huishouden",
            "huishoudelijke",
            "klussen",
            "klusjes",
            "verzorging",
            "wassen",
            "traplift",
            "hulpmiddelen",
            "chores",
            "housework",
            "cleaning",
            "homecare",
        ],
    },
    NeedTerms {
        code: "health_questions",
        nl: "Ik heb vragen over mijn gezondheid",
        en: "I have questions about my health",
        themes: &[T::CareHealth],
        dimensions: &[D::Body],
        triggers: &[
            "ziek",
            "pijn",
            "dokter",
            "klachten",
            "gezondheid",
            "medicijnen",
            "sick",
            "ill",
            "pain",
            "doctor",
            "health",
            "medicine",
            "nurse",
        ],
    },
    NeedTerms {
        code: "children_and_parents",
        nl: "Ik heb vragen over mijn kind",
        en: "I have questions about my child",
        themes: &[T::ParentingYouth],
        dimensions: &[D::QualityOfLife, D::Participation],
        triggers: &[
            "opvoeden",
            "opvoeding",
            "kinderen",
            "kind",
            "baby",
            "peuter",
            "puber",
            "tiener",
            "moeder",
            "vader",
            "parenting",
            "children",
            "child",
            "kids",
            "toddler",
            "teenager",
            "parents",
        ],
    },
    NeedTerms {
        code: "learn_language",
        nl: "Ik wil Nederlands leren",
        en: "I want to learn Dutch",
        themes: &[T::LanguageLiteracy],
        dimensions: &[D::Participation, D::DailyLife],
        triggers: &[
            "taal",
            "nederlands",
            "lezen",
            "schrijven",
            "taalles",
            "inburgering",
            "laaggeletterd",
            "spreken",
            "dutch",
            "language",
            "reading",
            "writing",
            "literacy",
        ],
    },
    NeedTerms {
        code: "work_and_volunteering",
        nl: "Ik zoek werk of vrijwilligerswerk",
        en: "I am looking for work or volunteering",
        themes: &[T::WorkVolunteering],
        dimensions: &[D::Meaning, D::Participation],
        triggers: &[
            "werk",
            "baan",
            "vrijwilligerswerk",
            "solliciteren",
            "werkloos",
            "uitkering",
            "job",
            "work",
            "volunteer",
            "volunteering",
            "unemployed",
        ],
    },
    NeedTerms {
        code: "care_for_someone",
        nl: "Ik zorg voor iemand",
        en: "I care for someone",
        themes: &[T::InformalCare],
        dimensions: &[D::DailyLife, D::QualityOfLife],
        triggers: &[
            "mantelzorg",
            "mantelzorger",
            "overbelast",
            "respijt",
            "naaste",
            "carer",
            "caregiver",
            "caring",
            "respite",
        ],
    },
    NeedTerms {
        code: "food_and_healthy_living",
        nl: "Ik wil gezonder eten en leven",
        en: "I want to eat and live more healthily",
        themes: &[T::LifestyleFood],
        dimensions: &[D::Body],
        triggers: &[
            "eten",
            "gezond",
            "koken",
            "voeding",
            "overgewicht",
            "roken",
            "dieet",
            "leefstijl",
            "food",
            "cooking",
            "healthy",
            "diet",
            "eating",
            "smoking",
            "lifestyle",
        ],
    },
    NeedTerms {
        code: "digital_help",
        nl: "Ik wil hulp met mijn computer of telefoon",
        en: "I want help with my computer or phone",
        themes: &[T::DigitalSkills],
        dimensions: &[D::DailyLife, D::Participation],
        triggers: &[
            "computer",
            "telefoon",
            "smartphone",
            "tablet",
            "laptop",
            "internet",
            "digid",
            "digitaal",
            "online",
            "email",
            "phone",
            "digital",
        ],
    },
    NeedTerms {
        code: "housing",
        nl: "Ik heb vragen over wonen",
        en: "I have questions about housing",
        themes: &[T::Housing],
        dimensions: &[D::DailyLife, D::QualityOfLife],
        triggers: &[
            "wonen",
            "woning",
            "huis",
            "huur",
            "huren",
            "verhuizen",
            "huurwoning",
            "schimmel",
            "house",
            "housing",
            "rent",
            "landlord",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fold;

    #[test]
    fn every_need_indexes_its_own_entry_and_round_trips() {
        assert_eq!(Need::ALL.len(), NEEDS.len());
        let mut codes = std::collections::HashSet::new();
        for &need in Need::ALL {
            assert!(codes.insert(need.code()), "duplicate code {}", need.code());
            assert_eq!(Need::from_code(need.code()), Some(need));
            let json = serde_json::to_string(&need).unwrap();
            assert_eq!(json, format!("\"{}\"", need.code()));
            assert_eq!(serde_json::from_str::<Need>(&json).unwrap(), need);
            for &lang in Lang::ALL {
                assert!(!need.label(lang).is_empty());
            }
            assert!(!need.themes().is_empty() && !need.dimensions().is_empty());
        }
        assert!(serde_json::from_str::<Need>("\"no_such_need\"").is_err());
    }

    #[test]
    fn triggers_are_single_folded_words() {
        for &need in Need::ALL {
            for trigger in need.triggers() {
                assert_eq!(fold::words(trigger), [*trigger], "{need:?}");
            }
        }
    }

    #[test]
    fn loneliness_maps_as_data_md_says() {
        let need = Need::MeetPeople;
        assert_eq!(need.themes(), [T::MeetingPeople]);
        assert!(need.dimensions().contains(&D::Participation));
        assert!(need.dimensions().contains(&D::Meaning));
        assert_eq!(Need::MoneyWorries.dimensions(), [D::DailyLife]);
        assert_eq!(Need::MoneyWorries.label(Lang::En), "I have money worries");
    }
}
