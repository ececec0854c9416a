//! Our vocabularies as HSDS taxonomies, with ids that never change: UUID v5 of a
//! fixed namespace and the vocabulary's and term's codes, so every Wijkgids
//! server and every export names a term the same way.

use uuid::Uuid;

use super::types::{Taxonomy, TaxonomyTerm};
use crate::vocab::{
    AccessibilityFeature, Audience, HealthDimension, Lang, OfferingKind, OrganisationKind, SignUp,
    Theme, Vocabulary,
};

/// The namespace of every id we derive (chosen once; never change it).
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2a4e_9b7d_4c35_8e21_5d0a_7b3f_c914);

/// A vocabulary served as an HSDS taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Vocab {
    Theme,
    HealthDimension,
    Audience,
    Accessibility,
    OfferingKind,
    OrganisationKind,
    SignUp,
    /// What HSDS has no field for, carried as attribute values (our extension).
    Extension,
}

/// The extension's terms: each an attribute whose `value` carries the field.
pub const EXTENSION_TERMS: &[(&str, &str)] = &[
    ("summary", "One plain-language line about the offering."),
    (
        "tag",
        "A free word the guide's search finds the offering by.",
    ),
    (
        "exception",
        "A dated change to the schedules (a closure or other times), as JSON.",
    ),
    (
        "by_appointment",
        "No fixed times: by appointment (value: true).",
    ),
    ("at_home", "Given at the resident's home (value: true)."),
    ("accessibility_note", "Free text about access."),
    ("title_en", "The title in English."),
    ("summary_en", "The summary in English."),
    ("description_en", "The description in English."),
];

impl Vocab {
    pub const ALL: &'static [Vocab] = &[
        Vocab::Theme,
        Vocab::HealthDimension,
        Vocab::Audience,
        Vocab::Accessibility,
        Vocab::OfferingKind,
        Vocab::OrganisationKind,
        Vocab::SignUp,
        Vocab::Extension,
    ];

    /// Stable: part of every id derived for this vocabulary.
    pub fn key(self) -> &'static str {
        match self {
            Vocab::Theme => "theme",
            Vocab::HealthDimension => "health_dimension",
            Vocab::Audience => "audience",
            Vocab::Accessibility => "accessibility",
            Vocab::OfferingKind => "offering_kind",
            Vocab::OrganisationKind => "organisation_kind",
            Vocab::SignUp => "sign_up",
            Vocab::Extension => "wijkgids_extension",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Vocab::Theme => "Wijkgids themes",
            Vocab::HealthDimension => "Positive Health dimensions",
            Vocab::Audience => "Wijkgids audiences",
            Vocab::Accessibility => "Wijkgids accessibility features",
            Vocab::OfferingKind => "Wijkgids offering kinds",
            Vocab::OrganisationKind => "Wijkgids organisation kinds",
            Vocab::SignUp => "Wijkgids ways to sign up",
            Vocab::Extension => "Wijkgids extension fields",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Vocab::Theme => "What an offering is about.",
            Vocab::HealthDimension => {
                "The six dimensions of Positive Health (Machteld Huber) an offering supports."
            }
            Vocab::Audience => "Groups an offering is meant for.",
            Vocab::Accessibility => "Physical and sensory access to an offering.",
            Vocab::OfferingKind => "Formal (an organisation) or informal (neighbours, volunteers).",
            Vocab::OrganisationKind => "What kind of body an organisation is.",
            Vocab::SignUp => "How someone gets in.",
            Vocab::Extension => {
                "Wijkgids fields HSDS 3.0 has no place for; each attribute's value carries one."
            }
        }
    }

    pub fn id(self) -> Uuid {
        Uuid::new_v5(&NAMESPACE, format!("taxonomy/{}", self.key()).as_bytes())
    }

    pub fn term_id(self, code: &str) -> Uuid {
        Uuid::new_v5(
            &NAMESPACE,
            format!("taxonomy_term/{}/{code}", self.key()).as_bytes(),
        )
    }

    /// Every term: code, Dutch name, English description.
    pub fn terms(self) -> Vec<(&'static str, &'static str, &'static str)> {
        fn of<V: Vocabulary>() -> Vec<(&'static str, &'static str, &'static str)> {
            V::ALL
                .iter()
                .map(|t| (t.code(), t.label(Lang::Nl), t.label(Lang::En)))
                .collect()
        }
        match self {
            Vocab::Theme => of::<Theme>(),
            Vocab::HealthDimension => of::<HealthDimension>(),
            Vocab::Audience => of::<Audience>(),
            Vocab::Accessibility => of::<AccessibilityFeature>(),
            Vocab::OfferingKind => of::<OfferingKind>(),
            Vocab::OrganisationKind => of::<OrganisationKind>(),
            Vocab::SignUp => of::<SignUp>(),
            Vocab::Extension => EXTENSION_TERMS
                .iter()
                .map(|(code, about)| (*code, *code, *about))
                .collect(),
        }
    }

    pub fn taxonomy(self) -> Taxonomy {
        Taxonomy {
            id: self.id(),
            name: self.name().into(),
            description: self.description().into(),
            uri: None,
            version: Some("1".into()),
        }
    }

    /// The term `code` of this vocabulary, if it has one.
    pub fn term(self, code: &str) -> Option<TaxonomyTerm> {
        let (code, name, about) = self.terms().into_iter().find(|(c, _, _)| *c == code)?;
        Some(TaxonomyTerm {
            id: self.term_id(code),
            code: Some(code.into()),
            name: name.into(),
            description: about.into(),
            taxonomy: Some(self.name().into()),
            // Names are the guide's Dutch labels (the extension's are codes).
            language: (self != Vocab::Extension).then(|| "nl".into()),
            taxonomy_id: Some(self.id()),
        })
    }
}

/// Every taxonomy we serve.
pub fn taxonomies() -> Vec<Taxonomy> {
    Vocab::ALL.iter().map(|v| v.taxonomy()).collect()
}

/// Every term of every taxonomy we serve.
pub fn taxonomy_terms() -> Vec<TaxonomyTerm> {
    Vocab::ALL
        .iter()
        .flat_map(|&v| v.terms().into_iter().filter_map(move |(c, _, _)| v.term(c)))
        .collect()
}

/// The vocabulary and code of a term id we gave out.
pub fn term_by_id(id: Uuid) -> Option<(Vocab, &'static str)> {
    Vocab::ALL.iter().find_map(|&v| {
        v.terms()
            .into_iter()
            .find(|(c, _, _)| v.term_id(c) == id)
            .map(|(c, _, _)| (v, c))
    })
}

/// The vocabulary of a taxonomy id we gave out.
pub fn vocab_by_id(id: Uuid) -> Option<Vocab> {
    Vocab::ALL.iter().copied().find(|v| v.id() == id)
}
