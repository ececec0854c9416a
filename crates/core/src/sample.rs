//! One small, valid record of each kind, for tests anywhere in the workspace (the
//! realistic demo neighbourhood is elsewhere). Changing these may break others' tests.

use chrono::{NaiveDate, NaiveTime, Weekday};
use uuid::Uuid;

use crate::model::{Contact, Cost, Location, Offering, Organisation, Professional, Referral};
use crate::schedule::{ByDay, Frequency, Schedule};
use crate::vocab::{
    Audience, HealthDimension, Language, OfferingKind, OrganisationKind, ProfessionalRole, SignUp,
    Status, Theme,
};

/// The organisation of [`sample_organisation`].
pub const SAMPLE_ORGANISATION_ID: Uuid = Uuid::from_u128(0x5a3b_1e00_0000_4000_8000_0000_0000_0001);

/// A published weekly walking group with a location, contact and referral details.
pub fn sample_offering() -> Offering {
    Offering {
        id: Uuid::from_u128(0x5a3b_1e00_0000_4000_8000_0000_0000_0002),
        organisation_id: Some(SAMPLE_ORGANISATION_ID),
        version: 1,
        status: Status::Published,
        alert: None,
        title: "Wandelen met de huisarts".into(),
        summary: "Elke dinsdag een uur samen wandelen in het park.".into(),
        description: "Wandel mee met de huisarts.\nIedereen is welkom.".into(),
        kind: OfferingKind::Formal,
        themes: vec![Theme::Exercise, Theme::MeetingPeople],
        health_dimensions: vec![HealthDimension::Body, HealthDimension::Participation],
        tags: vec!["wandelen".into()],
        translations: Default::default(),
        min_age: Some(18),
        max_age: None,
        audience: vec![Audience::Adults],
        eligibility: None,
        languages: vec![Language::Dutch],
        cost: Cost::Free,
        cost_note: None,
        sign_up: SignUp::WalkIn,
        how_to_join: None,
        accessibility: vec![],
        accessibility_note: None,
        schedules: vec![Schedule {
            freq: Frequency::Weekly,
            interval: 1,
            byday: vec![ByDay::every(Weekday::Tue)],
            opens_at: NaiveTime::from_hms_opt(10, 0, 0),
            closes_at: NaiveTime::from_hms_opt(11, 0, 0),
            valid_from: NaiveDate::from_ymd_opt(2025, 1, 7),
            valid_to: None,
            dtstart: None,
            until: None,
            description: None,
        }],
        exceptions: vec![],
        by_appointment: false,
        location: Some(Location {
            name: "Buurthuis De Linde".into(),
            address: "Lindelaan 1".into(),
            postcode: "1234 AB".into(),
            city: "Voorbeeldstad".into(),
            neighbourhood: "De Linden".into(),
            latitude: Some(52.1),
            longitude: Some(5.1),
            transport: None,
        }),
        online: false,
        at_home: false,
        contact: Contact {
            name: None,
            phone: Some("020 123 4567".into()),
            email: Some("wandelen@example.org".into()),
            website: Some("https://www.example.org/wandelen".into()),
        },
        referral: Some(Referral {
            procedure: "Bel de praktijkondersteuner.".into(),
            intake_required: false,
            ..Default::default()
        }),
        checked_on: NaiveDate::from_ymd_opt(2025, 1, 2),
        checked_by: None,
        updated_at: None,
        created_by: None,
        review_note: None,
    }
}

/// A welfare organisation with every contact field filled in.
pub fn sample_organisation() -> Organisation {
    Organisation {
        id: SAMPLE_ORGANISATION_ID,
        version: 1,
        name: "Welzijn De Linden".into(),
        description: "Welzijnswerk in de wijk.".into(),
        kind: OrganisationKind::Welfare,
        website: Some("https://welzijn.example.org".into()),
        email: Some("info@example.org".into()),
        phone: Some("020 765 4321".into()),
        kvk: Some("12345678".into()),
    }
}

/// A welfare coach of [`sample_organisation`].
pub fn sample_professional() -> Professional {
    Professional {
        id: Uuid::from_u128(0x5a3b_1e00_0000_4000_8000_0000_0000_0003),
        version: 1,
        name: "Sam de Boer".into(),
        role: ProfessionalRole::WelfareCoach,
        organisation_id: Some(SAMPLE_ORGANISATION_ID),
        neighbourhoods: vec!["De Linden".into()],
        phone: Some("06 12345678".into()),
        email: Some("sam@example.org".into()),
        available: Some("ma t/m do".into()),
    }
}
