//! The records the guide holds, aligned with Open Referral HSDS 3.0 where the concepts
//! match (see `shared/design/DATA.md`). Serde forms are the wire and storage format.
//!
//! Optional fields are omitted from JSON when empty so that records stay small in
//! IndexedDB and on the wire.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::schedule::{Schedule, ScheduleException};
use crate::vocab::{
    AccessibilityFeature, Audience, CostUnit, CoveredBy, HealthDimension, Lang, Language,
    OfferingKind, OrganisationKind, ProfessionalRole, SignUp, Status, Theme,
};

/// One thing a resident can go to: an activity, a service, a group (HSDS `service`,
/// with its schedules and location flattened in for the client).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offering {
    // identity
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<Uuid>,
    /// Raised by the server on every accepted change.
    #[serde(default)]
    pub version: u64,
    pub status: Status,
    /// Temporary notice, e.g. "no session on 24 December".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,

    // what (Dutch is the source text; see `translations`)
    pub title: String,
    /// One plain-language line.
    pub summary: String,
    #[serde(default)]
    pub description: String,
    pub kind: OfferingKind,
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub health_dimensions: Vec<HealthDimension>,
    /// Free words for search.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Other languages, keyed by language code ("en").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, OfferingTranslation>,

    // for whom
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u8>,
    #[serde(default)]
    pub audience: Vec<Audience>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<String>,
    /// Languages the offering is given in.
    #[serde(default)]
    pub languages: Vec<Language>,

    // cost
    pub cost: Cost,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_note: Option<String>,

    // access
    pub sign_up: SignUp,
    /// HSDS `application_process`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how_to_join: Option<String>,
    #[serde(default)]
    pub accessibility: Vec<AccessibilityFeature>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessibility_note: Option<String>,

    // when (times are Europe/Amsterdam wall-clock times)
    #[serde(default)]
    pub schedules: Vec<Schedule>,
    /// Dated cancellations or changed times that override `schedules`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<ScheduleException>,
    /// No fixed times: you make an appointment.
    #[serde(default)]
    pub by_appointment: bool,

    // where
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default)]
    pub online: bool,
    /// Given at the resident's home (a visit), rather than (or besides) at a place.
    #[serde(default, skip_serializing_if = "is_false")]
    pub at_home: bool,

    // contact (public)
    #[serde(default)]
    pub contact: Contact,

    /// Professional-only: never sent to anonymous readers (see [`Offering::public`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<Referral>,

    // care of the data
    /// HSDS `assured_date`: a person confirmed it is still right.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::record_dates::day_opt"
    )]
    pub checked_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_by: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::record_dates::utc_opt"
    )]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// Why a coordinator sent it back to draft: for its publisher, never public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_note: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// Title, summary and description in another language than Dutch.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OfferingTranslation {
    pub title: String,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What taking part costs the participant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cost {
    Free,
    /// An amount in euro cents per unit.
    Paid {
        amount_cents: u32,
        unit: CostUnit,
    },
    /// No cost to the participant because someone else pays.
    Covered {
        by: CoveredBy,
    },
}

impl Cost {
    /// Free to the participant (free, or paid for by someone else).
    pub fn is_free_for_participant(&self) -> bool {
        !matches!(self, Cost::Paid { .. })
    }
}

/// Where an offering takes place.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Location {
    /// Building or place name, e.g. "Buurthuis De Linde".
    #[serde(default)]
    pub name: String,
    /// Street and number.
    #[serde(default)]
    pub address: String,
    /// Dutch postcode, "1234 AB".
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub neighbourhood: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// How to get there: bus stop, parking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<String>,
}

/// Public contact details.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// How a professional refers someone; professional-only.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Referral {
    /// The steps, in plain words.
    #[serde(default)]
    pub procedure: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_role: Option<String>,
    /// Direct line, not for the public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    #[serde(default)]
    pub intake_required: bool,
    /// e.g. "2 weeks".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_note: Option<String>,
}

/// An organisation that runs offerings (HSDS `organization`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: Uuid,
    #[serde(default)]
    pub version: u64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub kind: OrganisationKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Dutch Chamber of Commerce number (8 digits), an HSDS `organization_identifier`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kvk: Option<String>,
}

/// Someone in the "who is who" of the neighbourhood; professional-only as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Professional {
    pub id: Uuid,
    #[serde(default)]
    pub version: u64,
    pub name: String,
    pub role: ProfessionalRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<Uuid>,
    #[serde(default)]
    pub neighbourhoods: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// When they can be reached, e.g. "ma t/m do".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<String>,
}

/// "Online": where an offering without a place takes place.
pub fn online_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl | Lang::En => "Online",
    }
}

/// "Bij je thuis": where an offering that comes to the person takes place.
pub fn at_home_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Bij je thuis",
        Lang::En => "At your home",
    }
}

impl Offering {
    /// Where it takes place, in words, as a card says it: the place with its
    /// neighbourhood, else online or at the person's home.
    pub fn place_text(&self, lang: Lang) -> Option<String> {
        match &self.location {
            Some(location) if location.neighbourhood.is_empty() => Some(location.name.clone()),
            Some(location) => Some(format!("{}, {}", location.name, location.neighbourhood)),
            None if self.online => Some(online_label(lang).to_string()),
            None if self.at_home => Some(at_home_label(lang).to_string()),
            None => None,
        }
    }

    /// Whether an anonymous reader may see this offering at all.
    pub fn is_public(&self) -> bool {
        matches!(self.status, Status::Published | Status::Paused)
    }

    /// What an anonymous reader may see of this offering, or `None` if nothing.
    /// The single place that decides what is private.
    pub fn public(&self) -> Option<Offering> {
        if !self.is_public() {
            return None;
        }
        Some(Offering {
            referral: None,
            created_by: None,
            checked_by: None,
            review_note: None,
            ..self.clone()
        })
    }

    /// The offering as signed-in people outside its organisation see it: without
    /// the coordinator's review note and who made and checked it.
    pub fn shared(&self) -> Offering {
        Offering {
            created_by: None,
            checked_by: None,
            review_note: None,
            ..self.clone()
        }
    }

    /// Title in the wanted language, falling back to Dutch.
    pub fn title_in(&self, lang: crate::vocab::Lang) -> &str {
        self.translation(lang).map_or(&self.title, |t| &t.title)
    }

    /// Summary in the wanted language, falling back to Dutch.
    pub fn summary_in(&self, lang: crate::vocab::Lang) -> &str {
        self.translation(lang).map_or(&self.summary, |t| &t.summary)
    }

    /// Whether the title and summary are there in `lang` (Dutch, the language
    /// offerings are written in, always is).
    pub fn is_translated_into(&self, lang: crate::vocab::Lang) -> bool {
        lang == crate::vocab::Lang::Nl || self.translation(lang).is_some()
    }

    /// The title and summary in `lang`, when the offering has them (Dutch is
    /// the record itself).
    pub fn translation(&self, lang: crate::vocab::Lang) -> Option<&OfferingTranslation> {
        self.translations
            .get(lang.code())
            .filter(|t| !t.title.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::sample_offering;
    use crate::vocab::Lang;

    #[test]
    fn people_outside_the_organisation_get_referral_without_internal_notes() {
        let mut offering = sample_offering();
        offering.review_note = Some("Graag een duidelijker titel.".into());
        offering.created_by = Some("maker".into());
        offering.checked_by = Some("controleur".into());
        let shared = offering.shared();
        assert_eq!(shared.referral, offering.referral);
        assert_eq!(
            (shared.review_note, shared.created_by, shared.checked_by),
            (None, None, None)
        );
    }

    #[test]
    fn anonymous_readers_never_get_referral_or_authorship() {
        let mut offering = sample_offering();
        offering.review_note = Some("Graag een duidelijker titel.".into());
        assert!(offering.referral.is_some(), "the sample has referral data");
        let public = offering.public().expect("published is public");
        assert_eq!(public.referral, None);
        assert_eq!(public.review_note, None);
        assert_eq!(public.created_by, None);
        assert_eq!(public.checked_by, None);
        // What is public stays as it was.
        assert_eq!(public.title, offering.title);
        assert_eq!(public.contact, offering.contact);
        let json = serde_json::to_string(&public).unwrap();
        assert!(!json.contains("referral"), "{json}");
    }

    #[test]
    fn at_home_is_written_only_when_true_and_is_public() {
        let mut offering = sample_offering();
        let json = serde_json::to_value(&offering).unwrap();
        assert!(json.get("at_home").is_none(), "{json}");
        offering.at_home = true;
        offering.contact.name = Some("Fatima de Vries".into());
        let json = serde_json::to_value(offering.public().unwrap()).unwrap();
        assert_eq!(json["at_home"], true);
        assert_eq!(json["contact"]["name"], "Fatima de Vries");
        let back: Offering = serde_json::from_value(json).unwrap();
        assert!(back.at_home);
    }

    #[test]
    fn only_published_and_paused_offerings_are_public() {
        for &status in <Status as crate::vocab::Vocabulary>::ALL {
            let offering = Offering {
                status,
                ..sample_offering()
            };
            let expected = matches!(status, Status::Published | Status::Paused);
            assert_eq!(offering.public().is_some(), expected, "{status:?}");
        }
    }

    #[test]
    fn titles_fall_back_to_dutch() {
        let mut offering = sample_offering();
        assert_eq!(offering.title_in(Lang::En), offering.title);
        offering.translations.insert(
            "en".into(),
            OfferingTranslation {
                title: "Walk with your GP".into(),
                summary: "An hour's walk in the park every Tuesday.".into(),
                description: None,
            },
        );
        assert_eq!(offering.title_in(Lang::En), "Walk with your GP");
        assert_eq!(offering.title_in(Lang::Nl), "Wandelen met de huisarts");
        assert!(offering.summary_in(Lang::En).starts_with("An hour"));
    }

    #[test]
    fn json_round_trips_and_omits_empty_optionals() {
        let offering = sample_offering();
        let json = serde_json::to_value(&offering).unwrap();
        assert!(
            json.get("alert").is_none(),
            "absent optionals are not written"
        );
        assert_eq!(json["cost"], serde_json::json!({ "kind": "free" }));
        let back: Offering = serde_json::from_value(json).unwrap();
        assert_eq!(back, offering);
    }

    #[test]
    fn coordinates_survive_json_text_exactly() {
        let mut offering = sample_offering();
        let location = offering
            .location
            .as_mut()
            .expect("the sample has a location");
        // Read back one bit off without serde_json's float_roundtrip.
        location.latitude = Some(52.298871986500004);
        let text = serde_json::to_string(&offering).unwrap();
        let back: Offering = serde_json::from_str(&text).unwrap();
        assert_eq!(back, offering);
    }
}
