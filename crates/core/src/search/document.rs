//! What the index keeps of one offering: the words of its fields, and the facts the
//! filters ask about (themes, cost, age, schedules, ...), packed small.

use uuid::Uuid;

use super::fold::{self, Hyphens};
use super::stem::is_stop_word;
use crate::model::Offering;
use crate::schedule::{Schedule, ScheduleException};
use crate::vocab::{
    AccessibilityFeature, Audience, Lang, Language, OfferingKind, Status, Vocabulary,
};

/// A part of an offering that a query word can match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    /// Its tags, and the groups and languages it is for.
    Tags,
    /// Its themes and Positive Health dimensions, by their names.
    Themes,
    Summary,
    /// The name of the organisation that runs it.
    Organisation,
    /// The building and neighbourhood it is in, or "online".
    Place,
    Description,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Title,
        Field::Tags,
        Field::Themes,
        Field::Summary,
        Field::Organisation,
        Field::Place,
        Field::Description,
    ];

    pub(crate) fn bit(self) -> u8 {
        1 << self as u8
    }

    /// How much a match in this field counts: a word in the title says more about
    /// an offering than the same word somewhere in its description.
    pub(crate) fn weight(self) -> f32 {
        match self {
            Field::Title => 10.0,
            Field::Tags => 6.0,
            Field::Themes => 5.0,
            Field::Summary => 4.0,
            Field::Organisation => 3.0,
            Field::Place => 2.0,
            Field::Description => 1.5,
        }
    }

    /// The fields in a posting's field bits.
    pub(crate) fn in_bits(bits: u8) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| bits & f.bit() != 0)
            .collect()
    }
}

/// Calls `emit` with every indexable word of `offering` (stop words left out), the
/// field it is in and the language it is written in. The organisation's name is
/// indexed apart, as it can change without the offering changing.
pub(crate) fn for_each_word(offering: &Offering, mut emit: impl FnMut(&str, Field, Option<Lang>)) {
    let mut text = |field: Field, lang: Option<Lang>, text: &str| {
        for_each_name_word(text, |word| emit(word, field, lang));
    };
    let dutch = Some(Lang::Nl);
    text(Field::Title, dutch, &offering.title);
    text(Field::Summary, dutch, &offering.summary);
    text(Field::Description, dutch, &offering.description);
    for (code, translation) in &offering.translations {
        let lang = Lang::from_code(code);
        text(Field::Title, lang, &translation.title);
        text(Field::Summary, lang, &translation.summary);
        if let Some(description) = &translation.description {
            text(Field::Description, lang, description);
        }
    }
    for tag in &offering.tags {
        text(Field::Tags, dutch, tag);
    }
    for &lang in Lang::ALL {
        for audience in offering
            .audience
            .iter()
            .filter(|a| **a != Audience::Everyone)
        {
            text(Field::Tags, Some(lang), audience.label(lang));
        }
        for language in offering.languages.iter().filter(|l| **l != Language::Dutch) {
            text(Field::Tags, Some(lang), language.label(lang));
        }
        for theme in &offering.themes {
            text(Field::Themes, Some(lang), theme.label(lang));
        }
        for dimension in &offering.health_dimensions {
            text(Field::Themes, Some(lang), dimension.label(lang));
        }
    }
    if let Some(location) = &offering.location {
        text(Field::Place, dutch, &location.name);
        text(Field::Place, dutch, &location.neighbourhood);
    }
    if offering.online {
        text(Field::Place, None, "online");
    }
}

/// Calls `emit` with the indexable words of `text`: folded, hyphenated words also
/// in parts, stop words and single letters left out.
pub(crate) fn for_each_name_word(text: &str, mut emit: impl FnMut(&str)) {
    fold::for_each_word(text, Hyphens::PartsAndJoined, |word| {
        if word.len() > 1 && !is_stop_word(word) {
            emit(word);
        }
    });
}

/// Whether the public sees an offering, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Visibility {
    Published,
    /// Temporarily closed: listed, after the published ones, but never "on today".
    Paused,
    /// Draft, pending review or archived: only for staff.
    Hidden,
}

/// The facts filters and facets ask about, as bit sets over vocabulary positions.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    pub id: Uuid,
    pub organisation: Option<Uuid>,
    pub visibility: Visibility,
    pub themes: u16,
    pub dimensions: u8,
    pub formal: bool,
    pub free: bool,
    pub wheelchair: bool,
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
    /// Bits over [`Language::ALL`]; no languages listed counts as Dutch.
    pub languages: u32,
    /// Id of its neighbourhood in the index's list of neighbourhoods.
    pub neighbourhood: Option<u32>,
    /// Titles folded for sorting: Dutch, and English when translated.
    pub titles: [Box<str>; 2],
    pub schedules: Box<[Schedule]>,
    pub exceptions: Box<[ScheduleException]>,
    /// Its own words with their fields (organisation name not included), as
    /// `term << FIELD_BITS | fields`, by term.
    pub words: Box<[u32]>,
}

impl Doc {
    pub fn new(offering: &Offering, neighbourhood: Option<u32>, words: Box<[u32]>) -> Doc {
        let dutch_title = fold::fold_text(&offering.title);
        let english_title = fold::fold_text(offering.title_in(Lang::En));
        Doc {
            id: offering.id,
            organisation: offering.organisation_id,
            visibility: match offering.status {
                Status::Published => Visibility::Published,
                Status::Paused => Visibility::Paused,
                Status::Draft | Status::PendingReview | Status::Archived => Visibility::Hidden,
            },
            themes: bits(&offering.themes) as u16,
            dimensions: bits(&offering.health_dimensions) as u8,
            formal: offering.kind == OfferingKind::Formal,
            free: offering.cost.is_free_for_participant(),
            wheelchair: offering
                .accessibility
                .contains(&AccessibilityFeature::Wheelchair),
            min_age: offering.min_age,
            max_age: offering.max_age,
            languages: if offering.languages.is_empty() {
                bits(&[Language::Dutch])
            } else {
                bits(&offering.languages)
            },
            neighbourhood,
            titles: [dutch_title.into(), english_title.into()],
            schedules: offering.schedules.clone().into(),
            exceptions: offering.exceptions.clone().into(),
            words,
        }
    }

    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.titles[0],
            Lang::En => &self.titles[1],
        }
    }
}

/// The positions of `terms` in their vocabulary, as bits.
pub(crate) fn bits<V: Vocabulary + PartialEq>(terms: &[V]) -> u32 {
    terms
        .iter()
        .fold(0, |bits, term| bits | 1 << position(*term))
}

/// The position of a term in its vocabulary's `ALL`.
pub(crate) fn position<V: Vocabulary + PartialEq>(term: V) -> usize {
    V::ALL.iter().position(|t| *t == term).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::sample_offering;
    use crate::vocab::{HealthDimension, Theme};

    #[test]
    fn words_come_with_their_field_and_language() {
        let mut words = Vec::new();
        for_each_word(&sample_offering(), |w, f, l| {
            words.push((w.to_string(), f, l))
        });
        let has = |w: &str, f: Field| words.iter().any(|(x, y, _)| x == w && *y == f);
        assert!(has("wandelen", Field::Title));
        assert!(has("huisarts", Field::Title));
        assert!(has("park", Field::Summary));
        assert!(has("wandelen", Field::Tags));
        assert!(
            has("exercise", Field::Themes),
            "English theme names are searchable"
        );
        assert!(
            has("meedoen", Field::Themes),
            "health dimensions are searchable"
        );
        let stop = words.iter().find(|(w, _, _)| w == "de" || w == "met");
        assert_eq!(stop, None, "stop words are left out");
    }

    #[test]
    fn facts_are_packed_as_bits() {
        let offering = sample_offering();
        let doc = Doc::new(&offering, None, Box::new([]));
        assert_eq!(
            doc.themes,
            (1 << position(Theme::Exercise) | 1 << position(Theme::MeetingPeople)) as u16
        );
        assert_eq!(doc.dimensions & 1 << position(HealthDimension::Body), 1);
        assert!(doc.free && doc.formal);
        assert_eq!(doc.title(Lang::Nl), "wandelen met de huisarts");
        assert_eq!(doc.languages, 1);
    }

    #[test]
    fn every_field_has_its_own_bit() {
        let all = Field::ALL.iter().fold(0u8, |bits, f| bits | f.bit());
        assert_eq!(all.count_ones(), 7);
        assert_eq!(Field::in_bits(all), Field::ALL);
    }
}
