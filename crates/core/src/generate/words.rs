//! Word pools for generated records: activities, target groups, adjectives and
//! sentences, in Dutch with their English translation. Some words carry diacritics
//! (café, coördinator, één, privé) so that search folding gets exercised.

use crate::vocab::{Audience, HealthDimension, Lang, OrganisationKind, Theme, Vocabulary};

/// A Dutch text with its English translation.
#[derive(Debug, Clone, Copy)]
pub(super) struct Phrase {
    pub nl: &'static str,
    pub en: &'static str,
}

impl Phrase {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.nl,
            Lang::En => self.en,
        }
    }
}

const fn p(nl: &'static str, en: &'static str) -> Phrase {
    Phrase { nl, en }
}

/// Dutch article of a noun, which decides the adjective form; `Name` takes none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gender {
    De,
    Het,
    Name,
}

/// A kind of offering: its name, what you do there, and what it is about.
pub(super) struct Activity {
    /// As written mid-sentence: "wandelgroep", "Welzijn op Recept".
    pub name: Phrase,
    pub gender: Gender,
    /// What you do there, a phrase that can start a sentence.
    pub does: Phrase,
    /// The first theme is the main one.
    pub themes: &'static [Theme],
    pub dimensions: &'static [HealthDimension],
    pub tags: &'static [&'static str],
}

impl Activity {
    pub fn main_theme(&self) -> Option<Theme> {
        self.themes.first().copied()
    }
}

macro_rules! activities {
    ($(
        $nl:literal / $en:literal, $gender:ident,
        $does_nl:literal / $does_en:literal,
        [$($theme:ident),+], [$($dim:ident),+], [$($tag:literal),*];
    )+) => {
        [$(Activity {
            name: p($nl, $en),
            gender: Gender::$gender,
            does: p($does_nl, $does_en),
            themes: &[$(Theme::$theme),+],
            dimensions: &[$(HealthDimension::$dim),+],
            tags: &[$($tag),*],
        }),+]
    };
}

pub(super) const ACTIVITIES: [Activity; 75] = activities![
    // exercise
    "wandelgroep" / "walking group", De,
        "samen wandelen in een rustig tempo" / "walking together at an easy pace",
        [Exercise, MeetingPeople], [Body, Participation], ["wandelen", "buiten"];
    "walking football" / "walking football", Het,
        "voetballen zonder te rennen" / "playing football without running",
        [Exercise, MeetingPeople], [Body, Participation], ["voetbal", "sport"];
    "stoelgym" / "chair exercises", De,
        "in beweging blijven vanaf een stoel" / "keeping active from a chair",
        [Exercise], [Body, DailyLife], ["gym", "senioren"];
    "Wandelen met de huisarts" / "Walk with your GP", Name,
        "een uur wandelen met iemand van de huisartsenpraktijk" / "walking for an hour with someone from the GP practice",
        [Exercise, CareHealth], [Body, Mind], ["wandelen", "huisarts"];
    "valpreventietraining" / "fall prevention training", De,
        "oefenen met balans en kracht zodat je minder snel valt" / "practising balance and strength so you are less likely to fall",
        [Exercise, CareHealth], [Body, DailyLife], ["vallen", "balans"];
    "yoga in het park" / "yoga in the park", De,
        "ontspannen bewegen en ademhalen in de buitenlucht" / "gentle movement and breathing in the open air",
        [Exercise, MentalWellbeing], [Body, Mind], ["yoga", "ontspanning"];
    "aquarobics" / "aqua aerobics", De,
        "bewegen in warm water, goed voor je gewrichten" / "exercising in warm water, kind to your joints",
        [Exercise], [Body], ["zwemmen", "water"];
    "fietsles" / "cycling lessons", De,
        "leren fietsen in een veilige omgeving" / "learning to ride a bike in a safe place",
        [Exercise], [Body, DailyLife], ["fietsen", "verkeer"];
    "jeu de boules" / "pétanque", Het,
        "ballen gooien en gezellig kletsen op de baan" / "throwing boules and chatting on the court",
        [Exercise, MeetingPeople], [Participation, QualityOfLife], ["boules", "buiten"];
    "bootcamp in de wijk" / "neighbourhood bootcamp", De,
        "buiten sporten onder leiding van een buurtsportcoach" / "working out outdoors with a neighbourhood sports coach",
        [Exercise], [Body, Mind], ["sport", "buiten"];
    // lifestyle and food
    "kookclub" / "cooking club", De,
        "samen gezond koken en daarna samen eten" / "cooking healthy food together and then eating together",
        [LifestyleFood, MeetingPeople], [Body, Participation], ["koken", "eten"];
    "buurtmaaltijd" / "neighbourhood meal", De,
        "een warme maaltijd eten met buren" / "sharing a hot meal with neighbours",
        [LifestyleFood, MeetingPeople], [QualityOfLife, Participation], ["eten", "samen"];
    "cursus gezond eten" / "healthy eating course", De,
        "leren hoe je goedkoop en gezond boodschappen doet" / "learning to shop healthily on a small budget",
        [LifestyleFood, MoneyDebt], [Body, DailyLife], ["voeding", "boodschappen"];
    "hulp bij stoppen met roken" / "help to stop smoking", De,
        "met steun van anderen stoppen met roken" / "quitting smoking with support from others",
        [LifestyleFood, CareHealth], [Body, Mind], ["roken", "verslaving"];
    "moestuin" / "community garden", De,
        "groenten kweken en samen oogsten" / "growing vegetables and harvesting together",
        [LifestyleFood, MeetingPeople], [Meaning, Participation], ["tuinieren", "groente"];
    "Gecombineerde Leefstijlinterventie" / "Combined Lifestyle Intervention", Name,
        "twee jaar begeleiding bij gezonder eten, bewegen en slapen" / "two years of support to eat, move and sleep more healthily",
        [LifestyleFood, Exercise], [Body, DailyLife], ["leefstijl", "gewicht"];
    // meeting people
    "koffieochtend" / "coffee morning", De,
        "een kop koffie drinken en bijpraten met buren" / "having a cup of coffee and catching up with neighbours",
        [MeetingPeople], [Participation, QualityOfLife], ["koffie", "ontmoeten"];
    "buurtcafé" / "neighbourhood café", Het,
        "elkaar ontmoeten onder het genot van een drankje" / "meeting each other over a drink",
        [MeetingPeople], [Participation, QualityOfLife], ["ontmoeten", "café"];
    "spelmiddag" / "games afternoon", De,
        "samen kaarten, sjoelen en bordspellen spelen" / "playing cards, shuffleboard and board games together",
        [MeetingPeople], [Participation, QualityOfLife], ["spelletjes", "gezellig"];
    "maatjesproject" / "buddy project", Het,
        "een vaste vrijwilliger die regelmatig bij je langskomt" / "a regular volunteer who comes to visit you",
        [MeetingPeople, MentalWellbeing], [Participation, Meaning], ["maatje", "eenzaamheid"];
    "inloop" / "drop-in", De,
        "binnenlopen voor een praatje en een kop thee" / "dropping in for a chat and a cup of tea",
        [MeetingPeople], [Participation, Mind], ["inloop", "thee"];
    "Alzheimer Café" / "Alzheimer Café", Name,
        "informatie en gesprek over leven met dementie" / "information and conversation about living with dementia",
        [MeetingPeople, InformalCare], [Mind, Participation], ["dementie", "mantelzorg"];
    "soos" / "social club", De,
        "een gezellige middag met muziek, spel en een hapje" / "a pleasant afternoon with music, games and a snack",
        [MeetingPeople], [QualityOfLife, Participation], ["gezellig", "muziek"];
    "repair café" / "repair café", Het,
        "kapotte spullen samen met vrijwilligers repareren" / "repairing broken things together with volunteers",
        [MeetingPeople, WorkVolunteering], [Participation, Meaning], ["repareren", "duurzaam"];
    // mental well-being
    "lotgenotengroep rouw" / "grief support group", De,
        "praten met anderen die ook iemand hebben verloren" / "talking with others who have also lost someone",
        [MentalWellbeing, MeetingPeople], [Mind, Meaning], ["rouw", "verlies"];
    "cursus omgaan met stress" / "coping with stress course", De,
        "leren ontspannen en beter omgaan met spanning" / "learning to relax and deal with tension",
        [MentalWellbeing], [Mind, DailyLife], ["stress", "ontspanning"];
    "mindfulnesstraining" / "mindfulness training", De,
        "oefenen met aandacht en ademhaling" / "practising attention and breathing",
        [MentalWellbeing], [Mind, Meaning], ["mindfulness", "rust"];
    "inloopspreekuur psychische klachten" / "mental health walk-in", Het,
        "zonder afspraak praten over somberheid, angst of zorgen" / "talking without an appointment about low mood, anxiety or worries",
        [MentalWellbeing, CareHealth], [Mind, DailyLife], ["somberheid", "angst"];
    "Welzijn op Recept" / "Social Prescribing", Name,
        "samen met een welzijnscoach uitzoeken wat jou energie geeft" / "finding out with a welfare coach what gives you energy",
        [MentalWellbeing, MeetingPeople], [Meaning, Mind], ["welzijnscoach", "huisarts"];
    "zingevingsgesprek" / "conversation about meaning", Het,
        "in gesprek gaan over wat er voor jou echt toe doet" / "talking about what really matters to you",
        [MentalWellbeing], [Meaning, Mind], ["zingeving", "levensvragen"];
    // language and reading
    "taalcafé" / "language café", Het,
        "Nederlands oefenen in een ontspannen sfeer" / "practising Dutch in a relaxed setting",
        [LanguageLiteracy, MeetingPeople], [Participation, DailyLife], ["taal", "nederlands"];
    "cursus Nederlands voor beginners" / "Dutch for beginners course", De,
        "de eerste stappen zetten in de Nederlandse taal" / "taking your first steps in the Dutch language",
        [LanguageLiteracy], [Participation, DailyLife], ["taal", "cursus"];
    "voorleesuurtje" / "story time", Het,
        "luisteren naar verhalen en samen boeken ontdekken" / "listening to stories and discovering books together",
        [LanguageLiteracy, ParentingYouth], [QualityOfLife, Participation], ["voorlezen", "kinderen"];
    "Taalhuis" / "Language House", Name,
        "hulp krijgen bij lezen, schrijven en rekenen" / "getting help with reading, writing and arithmetic",
        [LanguageLiteracy, DigitalSkills], [DailyLife, Participation], ["lezen", "schrijven"];
    "leesclub" / "book club", De,
        "samen een boek bespreken" / "discussing a book together",
        [LanguageLiteracy, CultureCreativity], [Meaning, Participation], ["lezen", "boeken"];
    // money and debt
    "hulp bij formulieren" / "help with forms", De,
        "samen brieven en formulieren invullen" / "filling in letters and forms together",
        [MoneyDebt, DigitalSkills], [DailyLife], ["formulieren", "post"];
    "schuldhulpmaatje" / "debt buddy", Het,
        "een vrijwilliger die met je meekijkt naar je geldzaken" / "a volunteer who helps you look at your finances",
        [MoneyDebt], [DailyLife, Mind], ["schulden", "geldzaken"];
    "spreekuur geldzaken" / "money matters surgery", Het,
        "vragen stellen over toeslagen, rekeningen en schulden" / "asking questions about benefits, bills and debts",
        [MoneyDebt], [DailyLife], ["toeslagen", "rekeningen"];
    "belastingservice" / "tax return service", De,
        "hulp krijgen bij je belastingaangifte en toeslagen" / "getting help with your tax return and allowances",
        [MoneyDebt, DigitalSkills], [DailyLife], ["belasting", "aangifte"];
    "voedselbank" / "food bank", De,
        "een wekelijks voedselpakket ophalen" / "collecting a weekly food parcel",
        [MoneyDebt, LifestyleFood], [DailyLife, Body], ["voedselpakket", "eten"];
    "kledingbank" / "clothing bank", De,
        "gratis kleding uitzoeken voor jezelf en je kinderen" / "choosing free clothes for yourself and your children",
        [MoneyDebt], [DailyLife, QualityOfLife], ["kleding", "gratis"];
    // work and volunteering
    "vrijwilligerspunt" / "volunteer centre", Het,
        "vrijwilligerswerk vinden dat bij je past" / "finding volunteer work that suits you",
        [WorkVolunteering], [Meaning, Participation], ["vrijwilligerswerk", "vacatures"];
    "sollicitatietraining" / "job application training", De,
        "oefenen met je cv en sollicitatiegesprekken" / "practising your CV and job interviews",
        [WorkVolunteering], [Participation, DailyLife], ["werk", "cv"];
    "werkcafé" / "work café", Het,
        "met andere werkzoekenden ervaringen en tips delen" / "sharing experiences and tips with other job seekers",
        [WorkVolunteering, MeetingPeople], [Participation, Meaning], ["werk", "netwerk"];
    "leerwerkplek" / "work placement", De,
        "werkervaring opdoen met begeleiding" / "gaining work experience with support",
        [WorkVolunteering], [Participation, Meaning], ["werkervaring", "re-integratie"];
    // housing
    "woonspreekuur" / "housing surgery", Het,
        "vragen stellen over je huurwoning, verhuizen of aanpassingen in huis" / "asking questions about your rented home, moving or adaptations",
        [Housing], [DailyLife], ["huur", "woning"];
    "energiecoach" / "energy coach", De,
        "tips krijgen om energie te besparen in huis" / "getting tips to save energy at home",
        [Housing, MoneyDebt], [DailyLife], ["energie", "besparen"];
    "klussendienst" / "odd-jobs service", De,
        "kleine klusjes in huis laten doen door vrijwilligers" / "having small jobs at home done by volunteers",
        [Housing, InformalCare], [DailyLife, QualityOfLife], ["klussen", "vrijwilligers"];
    "huurdersoverleg" / "tenants' meeting", Het,
        "meepraten over onderhoud en leefbaarheid in je straat" / "having a say about maintenance and life in your street",
        [Housing, SafetyNeighbourhood], [Participation], ["huurders", "overleg"];
    // parenting and youth
    "peuterochtend" / "toddler morning", De,
        "spelen met je kind en andere ouders ontmoeten" / "playing with your child and meeting other parents",
        [ParentingYouth, MeetingPeople], [Participation, QualityOfLife], ["peuters", "ouders"];
    "opvoedspreekuur" / "parenting surgery", Het,
        "vragen stellen over opvoeden en opgroeien" / "asking questions about raising children",
        [ParentingYouth], [Mind, DailyLife], ["opvoeden", "ouders"];
    "huiswerkbegeleiding" / "homework club", De,
        "hulp krijgen bij je huiswerk in een rustige ruimte" / "getting help with homework in a quiet room",
        [ParentingYouth, LanguageLiteracy], [Participation, DailyLife], ["huiswerk", "school"];
    "jongerencentrum" / "youth centre", Het,
        "chillen, gamen en activiteiten bedenken met andere jongeren" / "hanging out, gaming and planning activities with other young people",
        [ParentingYouth, MeetingPeople], [Participation, QualityOfLife], ["jongeren", "chillen"];
    "kinderclub" / "kids' club", De,
        "knutselen, spelen en sporten na schooltijd" / "doing crafts, games and sport after school",
        [ParentingYouth, CultureCreativity], [Participation, QualityOfLife], ["kinderen", "knutselen"];
    // informal care
    "mantelzorgcafé" / "carers' café", Het,
        "even op adem komen en ervaringen delen met andere mantelzorgers" / "catching your breath and sharing experiences with other carers",
        [InformalCare, MeetingPeople], [Mind, Participation], ["mantelzorg", "ontmoeten"];
    "respijtzorg" / "respite care", De,
        "de zorg tijdelijk overdragen zodat je even vrij bent" / "handing over care for a while so you can take a break",
        [InformalCare, CareHealth], [Mind, DailyLife], ["mantelzorg", "ontlasten"];
    "spreekuur mantelzorg" / "carers' advice hour", Het,
        "advies krijgen over zorg, regelingen en het volhouden van mantelzorg" / "getting advice on care, support schemes and keeping going as a carer",
        [InformalCare], [DailyLife, Mind], ["mantelzorg", "advies"];
    "boodschappendienst" / "shopping service", De,
        "een vrijwilliger die boodschappen voor je doet" / "a volunteer who does your shopping",
        [InformalCare], [DailyLife], ["boodschappen", "vrijwilligers"];
    // care and health
    "spreekuur wijkverpleging" / "district nurse surgery", Het,
        "vragen stellen over zorg thuis, wondzorg of medicijnen" / "asking about care at home, wound care or medicines",
        [CareHealth], [Body, DailyLife], ["wijkverpleging", "zorg"];
    "gezondheidscheck" / "health check", De,
        "je bloeddruk, gewicht en suiker laten meten" / "having your blood pressure, weight and sugar measured",
        [CareHealth, LifestyleFood], [Body], ["gezondheid", "bloeddruk"];
    "fysiotherapie in de wijk" / "neighbourhood physiotherapy", De,
        "oefeningen doen onder begeleiding van een fysiotherapeut" / "doing exercises supervised by a physiotherapist",
        [CareHealth, Exercise], [Body, DailyLife], ["fysiotherapie", "oefeningen"];
    "diabetesgroep" / "diabetes group", De,
        "leren leven met diabetes samen met anderen" / "learning to live with diabetes together with others",
        [CareHealth, LifestyleFood], [Body, DailyLife], ["diabetes", "leefstijl"];
    "spreekuur POH-GGZ" / "mental health nurse appointments", Het,
        "een paar gesprekken voeren met de praktijkondersteuner" / "having a few talks with the practice nurse",
        [CareHealth, MentalWellbeing], [Mind], ["poh-ggz", "gesprek"];
    // safety and neighbourhood
    "buurtpreventie" / "neighbourhood watch", De,
        "samen een oogje in het zeil houden in de wijk" / "keeping an eye on the neighbourhood together",
        [SafetyNeighbourhood, WorkVolunteering], [Participation], ["veiligheid", "buurt"];
    "opschoondag" / "clean-up day", De,
        "samen zwerfafval opruimen in de buurt" / "picking up litter in the neighbourhood together",
        [SafetyNeighbourhood, WorkVolunteering], [Participation, Meaning], ["schoon", "zwerfafval"];
    "spreekuur wijkagent" / "community police surgery", Het,
        "vragen en zorgen over veiligheid bespreken met de wijkagent" / "discussing safety questions and worries with the community officer",
        [SafetyNeighbourhood], [DailyLife, Mind], ["wijkagent", "veiligheid"];
    "buurtbemiddeling" / "neighbour mediation", De,
        "met hulp van bemiddelaars een conflict met de buren oplossen" / "solving a conflict with neighbours with help from mediators",
        [SafetyNeighbourhood, Housing], [Mind, QualityOfLife], ["burenruzie", "bemiddeling"];
    // culture and creativity
    "schilderclub" / "painting club", De,
        "schilderen en tekenen op je eigen niveau" / "painting and drawing at your own level",
        [CultureCreativity, MeetingPeople], [Meaning, QualityOfLife], ["schilderen", "creatief"];
    "buurtkoor" / "neighbourhood choir", Het,
        "samen zingen, ook als je geen noten kunt lezen" / "singing together, even if you cannot read music",
        [CultureCreativity, MeetingPeople], [Meaning, Mind], ["zingen", "muziek"];
    "handwerkclub" / "needlework club", De,
        "breien, haken en borduren onder het genot van koffie" / "knitting, crochet and embroidery over coffee",
        [CultureCreativity, MeetingPeople], [Meaning, QualityOfLife], ["breien", "handwerk"];
    "theaterworkshop" / "theatre workshop", De,
        "toneelspelen en improviseren in een veilige groep" / "acting and improvising in a safe group",
        [CultureCreativity], [Meaning, Mind], ["theater", "toneel"];
    // digital skills
    "digicafé" / "digital café", Het,
        "vragen stellen over je telefoon, tablet of computer" / "asking questions about your phone, tablet or computer",
        [DigitalSkills, MeetingPeople], [DailyLife, Participation], ["computer", "telefoon"];
    "cursus DigiD" / "DigiD course", De,
        "leren inloggen bij de overheid met DigiD" / "learning to log in to government services with DigiD",
        [DigitalSkills, MoneyDebt], [DailyLife], ["digid", "overheid"];
    "Klik & Tik" / "Click & Type", Name,
        "in je eigen tempo leren werken met de computer" / "learning to use a computer at your own pace",
        [DigitalSkills, LanguageLiteracy], [DailyLife, Participation], ["computer", "internet"];
    "spreekuur digitale overheid" / "digital government help desk", Het,
        "hulp krijgen bij online zaken met de gemeente, de Belastingdienst of je zorgverzekeraar" / "getting help with online matters with the municipality, the tax office or your health insurer",
        [DigitalSkills], [DailyLife], ["overheid", "online"];
];

/// The themes an organisation of a kind mostly works on.
pub(super) fn themes_of(kind: OrganisationKind) -> &'static [Theme] {
    use OrganisationKind as K;
    use Theme::*;
    match kind {
        K::GpPractice => &[CareHealth, MentalWellbeing, Exercise, LifestyleFood],
        K::HealthCare => &[CareHealth, Exercise, InformalCare, LifestyleFood],
        K::MentalHealth => &[MentalWellbeing, CareHealth],
        K::Welfare => Theme::ALL,
        K::Sports => &[Exercise],
        K::Municipality => &[MoneyDebt, WorkVolunteering, Housing, SafetyNeighbourhood],
        K::Housing => &[Housing, SafetyNeighbourhood],
        K::Library => &[LanguageLiteracy, DigitalSkills, CultureCreativity],
        K::Education => &[LanguageLiteracy, ParentingYouth, DigitalSkills],
        K::Volunteer => &[
            MeetingPeople,
            LifestyleFood,
            SafetyNeighbourhood,
            MoneyDebt,
            InformalCare,
        ],
        K::Faith => &[MeetingPeople, MentalWellbeing, MoneyDebt],
        K::Culture => &[CultureCreativity],
    }
}

/// Adjective before a noun: Dutch inflects it for "de" words only.
pub(super) struct Adjective {
    pub de: &'static str,
    pub het: &'static str,
    pub en: &'static str,
}

const fn adj(de: &'static str, het: &'static str, en: &'static str) -> Adjective {
    Adjective { de, het, en }
}

pub(super) const ADJECTIVES: [Adjective; 10] = [
    adj("gezellige", "gezellig", "friendly"),
    adj("rustige", "rustig", "quiet"),
    adj("laagdrempelige", "laagdrempelig", "easy-access"),
    adj("kleine", "klein", "small"),
    adj("open", "open", "open"),
    adj("informele", "informeel", "informal"),
    adj("ontspannen", "ontspannen", "relaxed"),
    adj("toegankelijke", "toegankelijk", "accessible"),
    adj("nieuwe", "nieuw", "new"),
    adj("persoonlijke", "persoonlijk", "personal"),
];

/// A group an offering is meant for, with what it implies for audience and ages.
pub(super) struct Target {
    pub name: Phrase,
    pub audience: &'static [Audience],
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
}

impl Target {
    /// Whether a title like "{activity} voor {target}" makes sense: no respite care
    /// for children, no debt buddy for toddlers.
    pub fn suits(&self, activity: &Activity) -> bool {
        use Theme::*;
        let about = |themes: &[Theme]| activity.themes.iter().any(|t| themes.contains(t));
        let young = self
            .audience
            .iter()
            .any(|a| matches!(a, Audience::Children | Audience::Youth));
        let ill = self.audience.contains(&Audience::ChronicIllness);
        let young_ok = [
            ParentingYouth,
            Exercise,
            CultureCreativity,
            LanguageLiteracy,
        ];
        let ill_ok = [
            CareHealth,
            Exercise,
            LifestyleFood,
            MeetingPeople,
            InformalCare,
        ];
        (!young || about(&young_ok)) && (!ill || about(&ill_ok))
    }
}

macro_rules! targets {
    ($($nl:literal / $en:literal, [$($aud:ident),+], $min:expr, $max:expr;)+) => {
        [$(Target {
            name: p($nl, $en),
            audience: &[$(Audience::$aud),+],
            min_age: $min,
            max_age: $max,
        }),+]
    };
}

pub(super) const TARGETS: [Target; 24] = targets![
    "55-plussers" / "over-55s", [Seniors], Some(55), None;
    "75-plussers" / "over-75s", [Seniors], Some(75), None;
    "senioren" / "older people", [Seniors], Some(65), None;
    "jongeren" / "young people", [Youth], Some(12), Some(23);
    "tieners" / "teenagers", [Youth], Some(12), Some(18);
    "jongvolwassenen" / "young adults", [Youth, Adults], Some(18), Some(27);
    "kinderen van 6 tot 12" / "children aged 6 to 12", [Children], Some(6), Some(12);
    "kinderen" / "children", [Children], Some(4), Some(12);
    "peuters en hun ouders" / "toddlers and their parents", [Parents, Children], Some(1), Some(4);
    "ouders" / "parents", [Parents], None, None;
    "jonge ouders" / "young parents", [Parents], Some(16), None;
    "mantelzorgers" / "carers", [Carers], None, None;
    "nieuwkomers" / "newcomers", [Newcomers], None, None;
    "statushouders" / "refugees with a residence permit", [Newcomers], Some(18), None;
    "vrouwen" / "women", [Adults], Some(18), None;
    "mannen" / "men", [Adults], Some(18), None;
    "mensen met diabetes" / "people with diabetes", [ChronicIllness], Some(18), None;
    "mensen met COPD" / "people with COPD", [ChronicIllness], Some(18), None;
    "mensen met een beperking" / "people with a disability", [Disability], None, None;
    "mensen met dementie en hun naasten" / "people with dementia and their loved ones", [ChronicIllness, Carers], None, None;
    "werkzoekenden" / "job seekers", [JobSeekers], Some(18), Some(67);
    "buurtbewoners" / "local residents", [Everyone], None, None;
    "mensen met weinig geld" / "people on a low income", [Adults], Some(18), None;
    "mensen die moeite hebben met lezen" / "people who find reading hard", [Adults], Some(16), None;
];

/// Words for search and sentences for descriptions that belong to a theme.
pub(super) struct ThemeWords {
    pub tags: [&'static str; 3],
    pub sentences: [Phrase; 3],
}

pub(super) fn theme_words(theme: Theme) -> ThemeWords {
    let (tags, sentences) = match theme {
        Theme::Exercise => (
            ["bewegen", "sport", "fit"],
            [
                p(
                    "Je hoeft geen sportief type te zijn om mee te doen: iedereen beweegt op zijn eigen niveau.",
                    "You do not need to be sporty to join in: everyone moves at their own level.",
                ),
                p(
                    "We beginnen altijd met een rustige warming-up en sluiten af met een paar rekoefeningen.",
                    "We always start with a gentle warm-up and finish with a few stretches.",
                ),
                p(
                    "Trek makkelijke kleding en schoenen aan waarin je goed kunt bewegen, en neem een flesje water mee.",
                    "Wear comfortable clothes and shoes you can move in easily, and bring a bottle of water.",
                ),
            ],
        ),
        Theme::LifestyleFood => (
            ["gezond", "voeding", "koken"],
            [
                p(
                    "We werken met verse, betaalbare ingrediënten uit de buurt en letten op wat je thuis makkelijk kunt maken.",
                    "We use fresh, affordable ingredients from the neighbourhood and focus on what you can easily make at home.",
                ),
                p(
                    "Je krijgt recepten en boodschappenlijstjes mee om thuis verder te gaan.",
                    "You take home recipes and shopping lists to carry on at home.",
                ),
                p(
                    "Heb je een dieet of allergie? Laat het ons van tevoren weten.",
                    "Do you have a diet or an allergy? Let us know beforehand.",
                ),
            ],
        ),
        Theme::MeetingPeople => (
            ["ontmoeten", "eenzaamheid", "gezelligheid"],
            [
                p(
                    "Het is een fijne plek om nieuwe mensen te leren kennen, ook als je pas kort in de wijk woont.",
                    "It is a good place to get to know new people, even if you have only just moved to the area.",
                ),
                p(
                    "Je bent welkom, ook als je alleen komt; er is altijd iemand die je wegwijs maakt.",
                    "You are welcome, even if you come on your own; there is always someone to show you around.",
                ),
                p(
                    "Vaak ontstaan hier vriendschappen die ook buiten de groep doorgaan.",
                    "Friendships often start here that carry on outside the group.",
                ),
            ],
        ),
        Theme::MentalWellbeing => (
            ["stress", "somberheid", "rust"],
            [
                p(
                    "Wat je vertelt blijft privé.",
                    "What you share stays private.",
                ),
                p(
                    "Er is altijd iemand aanwezig die goed kan luisteren en met je meedenkt over wat je nodig hebt.",
                    "There is always someone present who listens well and thinks along about what you need.",
                ),
                p(
                    "Je bepaalt zelf hoeveel je wilt vertellen, en je mag ook gewoon komen luisteren.",
                    "You decide how much you want to share, and you are welcome just to listen.",
                ),
            ],
        ),
        Theme::LanguageLiteracy => (
            ["taal", "lezen", "laaggeletterdheid"],
            [
                p(
                    "Je oefent met gewone situaties, zoals boodschappen doen of een gesprek bij de huisarts.",
                    "You practise everyday situations, such as shopping or talking to the GP.",
                ),
                p(
                    "Fouten maken mag, daar leer je van, en niemand lacht je uit.",
                    "Making mistakes is fine; that is how you learn, and nobody laughs at you.",
                ),
                p(
                    "Ook als je moeite hebt met lezen en schrijven ben je van harte welkom.",
                    "You are very welcome even if reading and writing are hard for you.",
                ),
            ],
        ),
        Theme::MoneyDebt => (
            ["geld", "schulden", "armoede"],
            [
                p(
                    "Neem je post, je bankafschriften en je DigiD mee, dan kunnen we meteen aan de slag.",
                    "Bring your post, your bank statements and your DigiD, so we can get started straight away.",
                ),
                p(
                    "Samen maken we een overzicht van je inkomsten en uitgaven en kijken we waar je recht op hebt.",
                    "Together we make an overview of your income and expenses and look at what you are entitled to.",
                ),
                p(
                    "Je hoeft je niet te schamen: geldzorgen komen vaker voor dan je denkt.",
                    "There is no need to feel ashamed: money worries are more common than you think.",
                ),
            ],
        ),
        Theme::WorkVolunteering => (
            ["werk", "vrijwilligerswerk", "dagbesteding"],
            [
                p(
                    "We kijken samen naar wat je kunt, wat je leuk vindt en hoeveel tijd je hebt.",
                    "Together we look at what you can do, what you enjoy and how much time you have.",
                ),
                p(
                    "Veel deelnemers vinden via ons een vaste plek als vrijwilliger.",
                    "Many participants find a regular volunteering role through us.",
                ),
                p(
                    "Een coördinator begeleidt je in de eerste weken en is daarna altijd aanspreekbaar.",
                    "A coordinator supports you in the first weeks and is always there for questions afterwards.",
                ),
            ],
        ),
        Theme::Housing => (
            ["wonen", "huur", "energie"],
            [
                p(
                    "Ook vragen over vocht, schimmel of een hoge energierekening kun je stellen.",
                    "You can also ask about damp, mould or a high energy bill.",
                ),
                p(
                    "De medewerkers kennen de regels van de woningcorporatie goed.",
                    "The staff know the housing corporation's rules well.",
                ),
                p(
                    "Soms komen we bij je thuis om mee te kijken, als dat makkelijker is.",
                    "Sometimes we visit you at home to take a look, if that is easier.",
                ),
            ],
        ),
        Theme::ParentingYouth => (
            ["opvoeden", "jeugd", "gezin"],
            [
                p(
                    "Kinderen spelen onder begeleiding terwijl ouders even bijpraten met elkaar.",
                    "Children play under supervision while parents catch up with each other.",
                ),
                p(
                    "Een jongerenwerker is altijd aanwezig en denkt mee als je ergens mee zit.",
                    "A youth worker is always present and helps you think things through if something is bothering you.",
                ),
                p(
                    "Ook vaders, opa's en oma's zijn welkom.",
                    "Fathers and grandparents are welcome too.",
                ),
            ],
        ),
        Theme::InformalCare => (
            ["mantelzorg", "naasten", "ontlasting"],
            [
                p(
                    "Zorg je voor een partner, ouder, kind of buur? Dan is dit ook voor jou, ook als je jezelf geen mantelzorger noemt.",
                    "Do you care for a partner, parent, child or neighbour? Then this is for you too, even if you would not call yourself a carer.",
                ),
                p(
                    "Je kunt even je verhaal kwijt bij mensen die het begrijpen.",
                    "You can share your story with people who understand.",
                ),
                p(
                    "We vertellen je ook welke ondersteuning er in de gemeente is.",
                    "We also tell you what support the municipality offers.",
                ),
            ],
        ),
        Theme::CareHealth => (
            ["zorg", "gezondheid", "huisarts"],
            [
                p(
                    "Neem je medicijnlijst en je verzekeringspas mee naar de eerste afspraak.",
                    "Bring your list of medicines and your insurance card to the first appointment.",
                ),
                p(
                    "Een verpleegkundige of arts beantwoordt je vragen in gewone taal.",
                    "A nurse or doctor answers your questions in plain language.",
                ),
                p(
                    "Na afloop krijg je zo nodig advies over vervolgstappen, en we sturen je huisarts een kort bericht als je dat wilt.",
                    "Afterwards you get advice on next steps if needed, and we send your GP a short note if you wish.",
                ),
            ],
        ),
        Theme::SafetyNeighbourhood => (
            ["veiligheid", "buurt", "leefbaarheid"],
            [
                p(
                    "Samen zorgen we voor een schone en veilige buurt waar iedereen zich thuis voelt.",
                    "Together we keep the neighbourhood clean and safe, a place where everyone feels at home.",
                ),
                p(
                    "Bewoners, de wijkagent en de gemeente werken hierbij samen.",
                    "Residents, the community officer and the municipality work together on this.",
                ),
                p(
                    "Zie je iets wat niet klopt in je straat? Je kunt het hier bespreken, ook anoniem.",
                    "Do you see something in your street that is not right? You can discuss it here, anonymously if you prefer.",
                ),
            ],
        ),
        Theme::CultureCreativity => (
            ["cultuur", "creatief", "muziek"],
            [
                p(
                    "Materialen zijn aanwezig; je hoeft niets mee te nemen behalve zin om iets te maken.",
                    "Materials are provided; you need not bring anything except the wish to make something.",
                ),
                p(
                    "Aan het eind van het seizoen is er een kleine tentoonstelling of voorstelling.",
                    "At the end of the season there is a small exhibition or performance.",
                ),
                p(
                    "Ervaring is niet nodig, plezier staat voorop en iedereen werkt op zijn eigen tempo.",
                    "No experience needed; enjoyment comes first and everyone works at their own pace.",
                ),
            ],
        ),
        Theme::DigitalSkills => (
            ["digitaal", "computer", "internet"],
            [
                p(
                    "Neem je eigen telefoon, tablet of laptop mee, en de wachtwoorden die je nodig hebt.",
                    "Bring your own phone, tablet or laptop, and the passwords you need.",
                ),
                p(
                    "Vrijwilligers helpen je stap voor stap en één op één, zo vaak als je wilt.",
                    "Volunteers help you step by step, one to one, as often as you like.",
                ),
                p(
                    "Je leert ook hoe je veilig internetbankiert en nepmails herkent.",
                    "You also learn how to bank online safely and spot fake e-mails.",
                ),
            ],
        ),
    };
    ThemeWords { tags, sentences }
}

/// Ends of a first sentence: "Samen wandelen in een rustig tempo, daarna is er koffie."
pub(super) const TAILS: [Phrase; 12] = [
    p("daarna is er koffie", "followed by coffee"),
    p("in een kleine groep", "in a small group"),
    p("met een vaste begeleider", "with a regular supervisor"),
    p(
        "voor iedereen uit de wijk",
        "for everyone in the neighbourhood",
    ),
    p("zonder gedoe", "without any fuss"),
    p("op je eigen tempo", "at your own pace"),
    p("met ervaren vrijwilligers", "with experienced volunteers"),
    p("dicht bij huis", "close to home"),
    p("samen met buurtgenoten", "together with neighbours"),
    p("met een hapje en een drankje", "with a snack and a drink"),
    p("in een vertrouwde omgeving", "in a familiar setting"),
    p("met aandacht voor iedereen", "with attention for everyone"),
];

/// Sentences that fit almost any offering.
pub(super) const GENERAL_SENTENCES: [Phrase; 18] = [
    p(
        "Koffie en thee staan altijd klaar, en wie wil kan na afloop nog even blijven om bij te praten.",
        "Coffee and tea are always ready, and anyone who wants to can stay afterwards for a chat.",
    ),
    p(
        "De activiteit wordt begeleid door ervaren vrijwilligers, die zelf ook in de wijk wonen en de buurt goed kennen.",
        "The activity is run by experienced volunteers who live in the neighbourhood and know it well.",
    ),
    p(
        "Heb je vragen of twijfel je of het iets voor je is? Neem gerust contact op met de coördinator.",
        "Do you have questions, or are you not sure whether it suits you? Feel free to contact the coordinator.",
    ),
    p(
        "Je kunt eerst een keer vrijblijvend komen kijken voordat je beslist of je mee wilt doen.",
        "You can come and have a look once, without obligation, before you decide whether to join.",
    ),
    p(
        "De ruimte is goed bereikbaar met de bus, er is een fietsenstalling en je kunt dichtbij parkeren.",
        "The venue is easy to reach by bus, there is bicycle parking and you can park nearby.",
    ),
    p(
        "We werken samen met de huisartsen, de wijkverpleging en het sociaal wijkteam, zodat je snel de juiste hulp vindt.",
        "We work with the GPs, district nurses and the social neighbourhood team, so you quickly find the right help.",
    ),
    p(
        "In de schoolvakanties gaat het meestal gewoon door; kijk voor de zekerheid even bij de actuele berichten.",
        "It usually carries on during the school holidays; check the latest notices to be sure.",
    ),
    p(
        "Het aantal plaatsen is beperkt, dus kom op tijd of laat van tevoren weten dat je komt.",
        "Places are limited, so come on time or let us know beforehand that you are coming.",
    ),
    p(
        "Deelnemers bepalen samen het programma, dus jouw ideeën zijn van harte welkom.",
        "Participants decide the programme together, so your ideas are very welcome.",
    ),
    p(
        "Ook mensen uit andere wijken van Eschveld zijn welkom om mee te doen.",
        "People from other parts of Eschveld are welcome to join as well.",
    ),
    p(
        "Je hoeft geen lid te worden en je zit nergens aan vast: je komt wanneer het jou uitkomt.",
        "You do not need to become a member and there is no commitment: come when it suits you.",
    ),
    p(
        "Na afloop is er tijd om na te praten en om vragen te stellen aan de begeleiders.",
        "Afterwards there is time to talk and to ask the supervisors questions.",
    ),
    p(
        "Voor mensen die slecht ter been zijn kan vervoer worden geregeld; vraag ernaar bij je aanmelding.",
        "Transport can be arranged for people with limited mobility; ask about it when you sign up.",
    ),
    p(
        "Eén keer per jaar organiseren we een uitje met de hele groep, bijvoorbeeld naar een museum of het bos.",
        "Once a year we organise an outing with the whole group, for example to a museum or the woods.",
    ),
    p(
        "Het idee ontstond een paar jaar geleden bij enthousiaste buurtbewoners en is sindsdien flink gegroeid.",
        "The idea came from enthusiastic residents a few years ago and has grown a lot since.",
    ),
    p(
        "We zijn altijd op zoek naar nieuwe vrijwilligers die een paar uur per maand willen helpen.",
        "We are always looking for new volunteers who can help a few hours a month.",
    ),
    p(
        "Je persoonlijke gegevens gebruiken we alleen om contact met je op te nemen; ze blijven privé.",
        "We only use your personal details to contact you; they stay private.",
    ),
    p(
        "Neem gerust een buurman, buurvrouw of vriend mee als je het spannend vindt om alleen te komen.",
        "Feel free to bring a neighbour or a friend if you find it daunting to come on your own.",
    ),
];

pub(super) const ELIGIBILITY: [&str; 5] = [
    "Voor inwoners van Eschveld.",
    "Voor mensen met een inkomen tot 130% van het sociaal minimum.",
    "Voor mensen die zorgen voor een naaste.",
    "Voor mensen met een indicatie van de gemeente.",
    "Voor cliënten van het sociaal wijkteam.",
];

pub(super) const COST_NOTES: [&str; 5] = [
    "Met de Eschveldpas betaal je de helft.",
    "De eerste keer is gratis.",
    "Inclusief koffie en thee.",
    "Materiaalkosten zijn inbegrepen.",
    "Kun je het niet betalen? Vraag naar de mogelijkheden.",
];

pub(super) const ACCESSIBILITY_NOTES: [&str; 4] = [
    "De ingang is aan de achterkant van het gebouw.",
    "Er is een invalidenparkeerplaats voor de deur.",
    "De ruimte is op de eerste verdieping; er is een lift.",
    "Er zijn drempels bij de ingang; we helpen je graag.",
];

pub(super) const ALERTS: [&str; 4] = [
    "Op 24 december is er geen bijeenkomst.",
    "Tijdelijk in een andere ruimte vanwege een verbouwing.",
    "Vanwege ziekte van de begeleider vervalt de activiteit deze week.",
    "Vol: aanmelden voor de wachtlijst kan nog.",
];

pub(super) const REFERRAL_PROCEDURES: [&str; 5] = [
    "Verwijs via Zorgdomein of bel de coördinator.",
    "Stuur een verwijsbrief met een korte hulpvraag naar het e-mailadres hieronder.",
    "Bespreek het eerst met de cliënt en bel daarna voor een kennismaking.",
    "Meld aan via het sociaal wijkteam; wij nemen binnen een week contact op.",
    "Bel de directe lijn; we plannen samen met de cliënt een intakegesprek.",
];

pub(super) const REFERRAL_ROLES: [&str; 7] = [
    "welzijnscoach",
    "coördinator",
    "maatschappelijk werker",
    "praktijkondersteuner GGZ",
    "buurtsportcoach",
    "mantelzorgconsulent",
    "wijkverpleegkundige",
];

pub(super) const WAITING_TIMES: [&str; 5] = [
    "geen wachttijd",
    "1 week",
    "2 weken",
    "3 tot 4 weken",
    "6 weken",
];

pub(super) const COVERAGE_NOTES: [&str; 3] = [
    "Vergoed vanuit de Wmo.",
    "Valt onder de basisverzekering.",
    "Kosten voor de gemeente, niet voor de cliënt.",
];
