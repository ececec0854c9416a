//! Controlled vocabularies: stable codes (stored, synced, in URLs) with Dutch and
//! English labels. Codes never change once published; labels may.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The languages the interface speaks. Dutch is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::Nl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's name in itself ("English" on a Dutch screen too), so a person
    /// who cannot read the screen's language still finds their own.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Nl => "Nederlands",
            Lang::En => "English",
        }
    }

    /// The first of the browser's preferred languages (BCP 47 tags, most wanted
    /// first) that the guide speaks: "en-GB" is English.
    pub fn preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Lang> {
        tags.into_iter().find_map(|tag| {
            let primary = tag.split(['-', '_']).next()?;
            Lang::from_code(&primary.to_ascii_lowercase())
        })
    }
}

/// Shared behaviour of every vocabulary enum.
pub trait Vocabulary: Sized + Copy + 'static {
    /// Every term, in display order.
    const ALL: &'static [Self];
    /// Name of the vocabulary, used in error messages and message keys.
    const NAME: &'static str;
    fn code(self) -> &'static str;
    fn label(self, lang: Lang) -> &'static str;
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.code() == code)
    }
}

/// Defines a vocabulary enum whose serde form is its code.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $vocab:literal {
        $($(#[$vmeta:meta])* $variant:ident = $code:literal, $nl:literal, $en:literal;)+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const NAME: &'static str = $vocab;
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::Nl) => $nl, ($name::$variant, Lang::En) => $en),+
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <$name as Vocabulary>::from_code(&code).ok_or_else(|| {
                    serde::de::Error::custom(format_args!("unknown {} code `{}`", $vocab, code))
                })
            }
        }
    };
}

vocabulary!(
    /// Positive Health (Machteld Huber): the six dimensions.
    HealthDimension, "health_dimension" {
        Body = "body", "Lichaamsfuncties", "Bodily functions";
        Mind = "mind", "Mentaal welbevinden", "Mental well-being";
        Meaning = "meaning", "Zingeving", "Meaningfulness";
        QualityOfLife = "quality_of_life", "Kwaliteit van leven", "Quality of life";
        Participation = "participation", "Meedoen", "Participation";
        DailyLife = "daily_life", "Dagelijks functioneren", "Daily functioning";
    }
);

vocabulary!(
    /// What an offering is about.
    Theme, "theme" {
        Exercise = "exercise", "Bewegen en sport", "Exercise and sport";
        LifestyleFood = "lifestyle_food", "Gezond leven en eten", "Healthy lifestyle and food";
        MeetingPeople = "meeting_people", "Mensen ontmoeten", "Meeting people and loneliness";
        MentalWellbeing = "mental_wellbeing", "Je goed voelen", "Mental well-being";
        LanguageLiteracy = "language_literacy", "Taal en lezen", "Language and reading";
        MoneyDebt = "money_debt", "Geld en schulden", "Money and debt";
        WorkVolunteering = "work_volunteering", "Werk en vrijwilligerswerk", "Work and volunteering";
        Housing = "housing", "Wonen", "Housing";
        ParentingYouth = "parenting_youth", "Opvoeden en jeugd", "Parenting and youth";
        InformalCare = "informal_care", "Mantelzorg", "Informal care and carers";
        CareHealth = "care_health", "Zorg en gezondheid", "Care and health services";
        SafetyNeighbourhood = "safety_neighbourhood", "Veilig in de buurt", "Safety and neighbourhood";
        CultureCreativity = "culture_creativity", "Cultuur en creatief", "Culture and creativity";
        DigitalSkills = "digital_skills", "Digitale vaardigheden", "Digital skills";
    }
);

vocabulary!(
    /// Groups an offering is meant for.
    Audience, "audience" {
        Everyone = "everyone", "Iedereen", "Everyone";
        Children = "children", "Kinderen", "Children";
        Youth = "youth", "Jongeren", "Young people";
        Parents = "parents", "Ouders", "Parents";
        Adults = "adults", "Volwassenen", "Adults";
        Seniors = "seniors", "Ouderen", "Older people";
        Carers = "carers", "Mantelzorgers", "Carers";
        Newcomers = "newcomers", "Nieuwkomers", "Newcomers";
        ChronicIllness = "chronic_illness", "Mensen met een chronische ziekte", "People with a chronic illness";
        Disability = "disability", "Mensen met een beperking", "People with a disability";
        JobSeekers = "job_seekers", "Werkzoekenden", "Job seekers";
        /// Meant for women (and girls): with `Men` too, for both.
        Women = "women", "Vrouwen", "Women";
        /// Meant for men (and boys): with `Women` too, for both.
        Men = "men", "Mannen", "Men";
    }
);

vocabulary!(
    /// Formal (professional, funded) or informal (volunteers, neighbours), in
    /// words residents use.
    OfferingKind, "offering_kind" {
        Formal = "formal", "Van een organisatie", "From an organisation";
        Informal = "informal", "Van buurtbewoners of vrijwilligers", "From neighbours or volunteers";
    }
);

vocabulary!(
    /// Lifecycle of an offering; maps onto HSDS service status.
    Status, "status" {
        Draft = "draft", "Concept (nog niet in de gids)", "Draft (not in the guide yet)";
        PendingReview = "pending_review", "Wacht op controle", "Pending review";
        Published = "published", "Gepubliceerd", "Published";
        /// HSDS "temporarily closed".
        Paused = "paused", "Tijdelijk gestopt", "Paused";
        /// HSDS "inactive".
        Archived = "archived", "Gearchiveerd", "Archived";
    }
);

vocabulary!(
    /// The kinds of synced record: `kind` in sync changes and mutations.
    RecordKind, "record_kind" {
        Offering = "offering", "Aanbod", "Offering";
        Organisation = "organisation", "Organisatie", "Organisation";
        Professional = "professional", "Professional", "Professional";
    }
);

vocabulary!(
    /// What a signed-in account may do (see `access`).
    AccountRole, "account_role" {
        /// Reads everything professionals need: referral details, the directory.
        Professional = "professional", "Professional", "Professional";
        /// Also publishes the offerings of their own organisation.
        Publisher = "publisher", "Organisator", "Publisher";
        /// Also approves, archives and manages accounts for the whole guide.
        Coordinator = "coordinator", "Beheerder", "Coordinator";
    }
);

vocabulary!(
    /// Whether an account may sign in.
    AccountStatus, "account_status" {
        /// Asked for through `POST /api/v1/account-requests`; waits for a coordinator.
        Pending = "pending", "Wacht op goedkeuring", "Awaiting approval";
        Active = "active", "Actief", "Active";
        /// A request a coordinator turned down, with a reason.
        Rejected = "rejected", "Afgewezen", "Rejected";
        Blocked = "blocked", "Geblokkeerd", "Blocked";
    }
);

vocabulary!(
    /// How someone gets in.
    SignUp, "sign_up" {
        WalkIn = "walk_in", "Gewoon binnenlopen", "Just walk in";
        RegisterFirst = "register_first", "Eerst aanmelden", "Register first";
        ReferralNeeded = "referral_needed", "Verwijzing nodig", "Referral needed";
    }
);

vocabulary!(
    /// Who pays when the participant does not.
    CoveredBy, "covered_by" {
        Insurance = "insurance", "Zorgverzekering", "Health insurance";
        Municipality = "municipality", "Gemeente", "Municipality";
        Referral = "referral", "Met verwijzing vergoed", "Covered with a referral";
    }
);

vocabulary!(
    /// What a paid amount is per.
    CostUnit, "cost_unit" {
        PerSession = "per_session", "per keer", "per session";
        PerMonth = "per_month", "per maand", "per month";
        PerYear = "per_year", "per jaar", "per year";
        PerCourse = "per_course", "per cursus", "per course";
        OneOff = "one_off", "eenmalig", "one-off";
    }
);

vocabulary!(
    /// Physical and sensory access.
    AccessibilityFeature, "accessibility" {
        Wheelchair = "wheelchair", "Rolstoeltoegankelijk", "Wheelchair accessible";
        AccessibleToilet = "accessible_toilet", "Aangepast toilet", "Accessible toilet";
        HearingLoop = "hearing_loop", "Ringleiding", "Hearing loop";
        Lift = "lift", "Lift aanwezig", "Lift";
        GroundFloor = "ground_floor", "Begane grond", "Ground floor";
        QuietSpace = "quiet_space", "Rustige ruimte", "Quiet space";
        SignLanguage = "sign_language", "Gebarentaal mogelijk", "Sign language available";
        EasyRead = "easy_read", "Makkelijke taal", "Easy-read information";
        GuideDogs = "guide_dogs", "Hulphond welkom", "Assistance dogs welcome";
        Parking = "parking", "Parkeren dichtbij", "Parking nearby";
    }
);

vocabulary!(
    /// What kind of body runs offerings.
    OrganisationKind, "organisation_kind" {
        GpPractice = "gp_practice", "Huisartsenpraktijk", "GP practice";
        HealthCare = "health_care", "Zorg", "Health care";
        MentalHealth = "mental_health", "Hulp bij psychische klachten (GGZ)", "Mental health care";
        Welfare = "welfare", "Welzijn", "Welfare";
        Sports = "sports", "Sport", "Sports";
        Municipality = "municipality", "Gemeente", "Municipality";
        Housing = "housing", "Verhuurder van sociale huurwoningen", "Social housing landlord";
        Library = "library", "Bibliotheek", "Library";
        Education = "education", "Onderwijs", "Education";
        Volunteer = "volunteer", "Vrijwilligersinitiatief", "Volunteer initiative";
        Faith = "faith", "Kerk, moskee of andere geloofsgroep", "Church, mosque or other faith group";
        Culture = "culture", "Cultuur", "Culture";
    }
);

vocabulary!(
    /// What a professional in the directory does.
    ProfessionalRole, "professional_role" {
        Gp = "gp", "Huisarts", "GP";
        PracticeNurse = "practice_nurse", "Praktijkondersteuner", "Practice nurse";
        PracticeNurseMentalHealth = "practice_nurse_mental_health", "POH-GGZ", "Practice nurse mental health";
        DistrictNurse = "district_nurse", "Wijkverpleegkundige", "District nurse";
        Physiotherapist = "physiotherapist", "Fysiotherapeut", "Physiotherapist";
        Dietitian = "dietitian", "Diëtist", "Dietitian";
        WelfareCoach = "welfare_coach", "Welzijnscoach", "Welfare coach";
        SocialWorker = "social_worker", "Maatschappelijk werker", "Social worker";
        SocialBroker = "social_broker", "Sociaal makelaar", "Social broker";
        SportsCoach = "sports_coach", "Buurtsportcoach", "Neighbourhood sports coach";
        YouthWorker = "youth_worker", "Jongerenwerker", "Youth worker";
        DebtCounsellor = "debt_counsellor", "Schuldhulpverlener", "Debt counsellor";
        HousingConsultant = "housing_consultant", "Wijkconsulent wonen", "Housing officer";
        WorkConsultant = "work_consultant", "Werkconsulent", "Work and income consultant";
        CarerSupport = "carer_support", "Mantelzorgconsulent", "Carer support worker";
        Psychologist = "psychologist", "Psycholoog", "Psychologist";
        Coordinator = "coordinator", "Coördinator", "Coordinator";
    }
);

vocabulary!(
    /// Languages an offering is given in: ISO 639-1 codes, ISO 639-2/3 where 639-1 has
    /// none (Berber, Papiamento, sign language).
    Language, "language" {
        Dutch = "nl", "Nederlands", "Dutch";
        English = "en", "Engels", "English";
        Arabic = "ar", "Arabisch", "Arabic";
        Turkish = "tr", "Turks", "Turkish";
        Polish = "pl", "Pools", "Polish";
        German = "de", "Duits", "German";
        French = "fr", "Frans", "French";
        Spanish = "es", "Spaans", "Spanish";
        Ukrainian = "uk", "Oekraïens", "Ukrainian";
        Russian = "ru", "Russisch", "Russian";
        Tigrinya = "ti", "Tigrinya", "Tigrinya";
        Somali = "so", "Somalisch", "Somali";
        Berber = "ber", "Berbers", "Berber";
        Papiamento = "pap", "Papiaments", "Papiamento";
        Frisian = "fy", "Fries", "Frisian";
        SignLanguageNl = "sgn", "Nederlandse Gebarentaal", "Dutch Sign Language";
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_first_language_the_guide_speaks_is_chosen() {
        assert_eq!(Lang::preferred(["en-GB", "nl"]), Some(Lang::En));
        assert_eq!(Lang::preferred(["tr", "NL-be", "en"]), Some(Lang::Nl));
        assert_eq!(Lang::preferred(["tr", "de"]), None);
        assert_eq!(Lang::preferred([""]), None);
    }

    fn check_vocab<
        V: Vocabulary + PartialEq + std::fmt::Debug + Serialize + for<'a> Deserialize<'a>,
    >() {
        let mut codes = std::collections::HashSet::new();
        for &term in V::ALL {
            assert!(
                codes.insert(term.code()),
                "duplicate code {} in {}",
                term.code(),
                V::NAME
            );
            assert_eq!(V::from_code(term.code()), Some(term));
            for &lang in Lang::ALL {
                assert!(!term.label(lang).is_empty());
            }
            let json = serde_json::to_string(&term).unwrap();
            assert_eq!(json, format!("\"{}\"", term.code()));
            assert_eq!(serde_json::from_str::<V>(&json).unwrap(), term);
        }
        assert!(serde_json::from_str::<V>("\"no-such-code\"").is_err());
    }

    #[test]
    fn every_vocabulary_round_trips_and_is_labelled() {
        check_vocab::<HealthDimension>();
        check_vocab::<Theme>();
        check_vocab::<Audience>();
        check_vocab::<OfferingKind>();
        check_vocab::<Status>();
        check_vocab::<SignUp>();
        check_vocab::<CoveredBy>();
        check_vocab::<CostUnit>();
        check_vocab::<AccessibilityFeature>();
        check_vocab::<OrganisationKind>();
        check_vocab::<ProfessionalRole>();
        check_vocab::<Language>();
        check_vocab::<RecordKind>();
        check_vocab::<AccountRole>();
        check_vocab::<AccountStatus>();
    }

    #[test]
    fn health_dimension_labels_match_data_md() {
        assert_eq!(HealthDimension::Participation.label(Lang::Nl), "Meedoen");
        assert_eq!(
            HealthDimension::DailyLife.label(Lang::En),
            "Daily functioning"
        );
        assert_eq!(HealthDimension::ALL.len(), 6);
        assert_eq!(Theme::ALL.len(), 14);
    }
}
