//! Generated organisations of every kind, named the way Dutch organisations are.

use crate::model::Organisation;
use crate::vocab::OrganisationKind;

use super::dice::Dice;
use super::place::{self, HOUSE_NAMES, TOWN};

const KINDS: [(OrganisationKind, u32); 12] = [
    (OrganisationKind::GpPractice, 8),
    (OrganisationKind::HealthCare, 10),
    (OrganisationKind::MentalHealth, 5),
    (OrganisationKind::Welfare, 15),
    (OrganisationKind::Sports, 10),
    (OrganisationKind::Municipality, 4),
    (OrganisationKind::Housing, 4),
    (OrganisationKind::Library, 4),
    (OrganisationKind::Education, 6),
    (OrganisationKind::Volunteer, 20),
    (OrganisationKind::Faith, 7),
    (OrganisationKind::Culture, 7),
];

/// What follows the first word of a name.
#[derive(Clone, Copy)]
enum NamePlace {
    /// "De Linde"
    House,
    /// A neighbourhood: "De Vlonders"
    Area,
    /// The town: "Eschveld"
    Town,
}

fn name_forms(kind: OrganisationKind) -> &'static [(&'static str, NamePlace)] {
    use NamePlace::*;
    use OrganisationKind as K;
    match kind {
        K::GpPractice => &[
            ("Huisartsenpraktijk", House),
            ("Huisartsen", Area),
            ("Gezondheidscentrum", Area),
        ],
        K::HealthCare => &[
            ("Fysiotherapie", Area),
            ("Thuiszorg", House),
            ("Wijkverpleging", Area),
            ("Diëtistenpraktijk", House),
        ],
        K::MentalHealth => &[
            ("GGZ", Area),
            ("Psychologenpraktijk", House),
            ("Inloophuis", House),
        ],
        K::Welfare => &[
            ("Stichting Welzijn", Town),
            ("Welzijn", Area),
            ("Sociaal Wijkteam", Area),
            ("Buurtwerk", Area),
        ],
        K::Sports => &[
            ("Sportvereniging", House),
            ("Buurtsportcoaches", Area),
            ("Sportclub", Area),
        ],
        K::Municipality => &[("Gemeente", Town), ("Wijkloket", Area), ("Werkplein", Town)],
        K::Housing => &[
            ("Woningcorporatie", House),
            ("Wooncoöperatie", House),
            ("Huurdersvereniging", Area),
        ],
        K::Library => &[("Bibliotheek", Town), ("Bibliotheek", Area)],
        K::Education => &[
            ("Basisschool", House),
            ("Taalschool", Town),
            ("Volksuniversiteit", Town),
        ],
        K::Volunteer => &[
            ("Repair Café", Area),
            ("Buurtinitiatief", House),
            ("Voedselbank", Town),
            ("Stichting Samen", Area),
            ("Vrienden van", Area),
        ],
        K::Faith => &[
            ("Protestantse Gemeente", Area),
            ("Interkerkelijk Diaconaat", Town),
            ("Levensbeschouwelijk centrum", House),
        ],
        K::Culture => &[
            ("Muziekschool", Town),
            ("Cultuurhuis", House),
            ("Kunstkring", Area),
        ],
    }
}

fn mission(kind: OrganisationKind) -> &'static str {
    use OrganisationKind as K;
    match kind {
        K::GpPractice => "is de huisartsenpraktijk voor de wijk en omgeving",
        K::HealthCare => "biedt zorg en behandeling dicht bij huis",
        K::MentalHealth => "helpt mensen met psychische klachten, met en zonder verwijzing",
        K::Welfare => "helpt inwoners om mee te doen en zelf de regie te houden",
        K::Sports => "zorgt dat iedereen in de wijk kan sporten en bewegen",
        K::Municipality => "is het aanspreekpunt van de gemeente voor zorg, werk en inkomen",
        K::Housing => "verhuurt betaalbare woningen en werkt aan prettige buurten",
        K::Library => "is de plek voor lezen, leren en digitale hulp",
        K::Education => "biedt onderwijs en cursussen voor jong en oud",
        K::Volunteer => "is een initiatief van buurtbewoners, gedragen door vrijwilligers",
        K::Faith => "is een geloofsgemeenschap die ook klaarstaat voor de buurt",
        K::Culture => "maakt kunst en cultuur bereikbaar voor iedereen",
    }
}

const MORE_ABOUT: [&str; 6] = [
    "We werken nauw samen met andere organisaties in de wijk.",
    "Vrijwilligers zijn van harte welkom.",
    "Onze medewerkers kennen de buurt goed.",
    "We zijn op werkdagen bereikbaar van 9.00 tot 17.00 uur.",
    "Al jaren actief in Eschveld.",
    "De coördinator is het eerste aanspreekpunt voor vragen.",
];

pub(super) fn organisation(dice: &mut Dice) -> Organisation {
    let id = dice.uuid();
    let kind = dice.weighted(&KINDS);
    let name = name(dice, kind);
    let mut description = format!("{name} {}.", mission(kind));
    let more = dice.below(3);
    for sentence in dice.distinct(&MORE_ABOUT, more) {
        description.push(' ');
        description.push_str(sentence);
    }
    Organisation {
        id,
        version: 0,
        description,
        kind,
        website: dice.percent(70).then(|| place::website_for(&name)),
        email: dice.percent(85).then(|| place::email_for(&name)),
        phone: dice.percent(80).then(|| place::phone(dice)),
        kvk: dice
            .percent(60)
            .then(|| dice.between(10_000_000, 99_999_999).to_string()),
        name,
    }
}

fn name(dice: &mut Dice, kind: OrganisationKind) -> String {
    let (first, place) = dice
        .pick_from(name_forms(kind))
        .copied()
        .unwrap_or(("Stichting", NamePlace::Town));
    let rest = match place {
        NamePlace::House => dice.pick(&HOUSE_NAMES),
        NamePlace::Area => place::neighbourhood(dice),
        NamePlace::Town => TOWN,
    };
    format!("{first} {rest}")
}
