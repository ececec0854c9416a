//! The fictional town of Eschveld: neighbourhoods, venues with invented streets and
//! postcodes, and invented people with phone numbers and e-mail at example.org.

use crate::model::Location;

use super::dice::Dice;

pub(super) const TOWN: &str = "Eschveld";

/// A neighbourhood: name, the four digits of its postcodes, and its centre in
/// micro-degrees.
struct Neighbourhood {
    name: &'static str,
    postcode: u16,
    latitude: i32,
    longitude: i32,
}

const fn nb(name: &'static str, postcode: u16, latitude: i32, longitude: i32) -> Neighbourhood {
    Neighbourhood {
        name,
        postcode,
        latitude,
        longitude,
    }
}

const NEIGHBOURHOODS: [Neighbourhood; 20] = [
    nb("Binnenstad", 7411, 52_255_000, 6_160_000),
    nb("De Vlonders", 7412, 52_262_000, 6_172_000),
    nb("Oosterhof", 7413, 52_258_000, 6_185_000),
    nb("Het Zand", 7414, 52_247_000, 6_178_000),
    nb("Kerkwijk", 7415, 52_251_000, 6_150_000),
    nb("Molenbuurt", 7416, 52_266_000, 6_155_000),
    nb("Vogelbuurt", 7417, 52_271_000, 6_166_000),
    nb("Bloemenwijk", 7418, 52_240_000, 6_165_000),
    nb("De Hoven", 7419, 52_244_000, 6_145_000),
    nb("Het Laar", 7420, 52_275_000, 6_180_000),
    nb("Spoorzone", 7421, 52_252_000, 6_170_000),
    nb("De Gaarden", 7422, 52_236_000, 6_180_000),
    nb("Rivierenwijk", 7423, 52_260_000, 6_140_000),
    nb("Havenkwartier", 7424, 52_268_000, 6_145_000),
    nb("Bergweide", 7425, 52_280_000, 6_170_000),
    nb("Het Wilgenveld", 7426, 52_233_000, 6_158_000),
    nb("Schildersbuurt", 7427, 52_249_000, 6_192_000),
    nb("De Esch", 7428, 52_263_000, 6_196_000),
    nb("Noorderkamp", 7429, 52_284_000, 6_186_000),
    nb("Zuiderpark", 7430, 52_229_000, 6_172_000),
];

/// Names of buildings and organisations: "Het Anker", "De Mozaïek".
pub(super) const HOUSE_NAMES: [&str; 26] = [
    "De Linde",
    "Het Anker",
    "De Kastanje",
    "De Boog",
    "Het Kruispunt",
    "De Ontmoeting",
    "Het Baken",
    "De Eik",
    "De Wissel",
    "Het Trefpunt",
    "De Horst",
    "De Mozaïek",
    "Het Pakhuis",
    "De Schakel",
    "De Kiem",
    "De Zonnebloem",
    "Het Klooster",
    "De Regenboog",
    "De Brug",
    "Het Atrium",
    "De Kapel",
    "De Vonk",
    "Het Kompas",
    "De Bron",
    "De Akker",
    "De Hoeksteen",
];

const BUILDINGS: [&str; 16] = [
    "Buurthuis",
    "Wijkcentrum",
    "Ontmoetingscentrum",
    "Dorpshuis",
    "Wijkpunt",
    "Gezondheidscentrum",
    "Bibliotheek",
    "Sporthal",
    "Gymzaal",
    "Zorgcentrum",
    "Kerkzaal",
    "Cultuurhuis",
    "Speeltuin",
    "Jongerencentrum",
    "Brede school",
    "Wooncentrum",
];

const STREET_STEMS: [&str; 32] = [
    "Linden",
    "Eiken",
    "Beuken",
    "Kastanje",
    "Berken",
    "Wilgen",
    "Esdoorn",
    "Populieren",
    "Merel",
    "Lijster",
    "Spreeuwen",
    "Zwaluw",
    "Kievit",
    "Reiger",
    "Tulpen",
    "Rozen",
    "Narcis",
    "Krokus",
    "Lelie",
    "Madelief",
    "Smeden",
    "Bakkers",
    "Molenaars",
    "Schippers",
    "Wevers",
    "Kerk",
    "Molen",
    "School",
    "Haven",
    "Dijk",
    "Markt",
    "Brink",
];

const STREET_ENDS: [&str; 10] = [
    "straat", "laan", "weg", "plein", "hof", "singel", "kade", "pad", "dreef", "erf",
];

/// Postcode letters as PostNL uses them (no F, I, O, Q, U, Y).
const POSTCODE_LETTERS: [char; 20] = [
    'A', 'B', 'C', 'D', 'E', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'T', 'V', 'W', 'X',
    'Z',
];

const TRANSPORT: [&str; 4] = [
    "Bus 5 stopt vlak voor de deur.",
    "Gratis parkeren achter het gebouw.",
    "Tien minuten lopen van station Eschveld.",
    "Buslijn 2 en 7, halte Marktplein.",
];

/// A name in the pool of neighbourhoods.
pub(super) fn neighbourhood(dice: &mut Dice) -> &'static str {
    dice.pick(&NEIGHBOURHOODS).name
}

/// The places offerings happen at; many offerings share one, as in a real town.
pub(super) fn venues(dice: &mut Dice, count: usize) -> Vec<Location> {
    (0..count).map(|_| venue(dice)).collect()
}

fn venue(dice: &mut Dice) -> Location {
    let area = dice.pick(&NEIGHBOURHOODS);
    let building = dice.pick(&BUILDINGS);
    let name = if dice.percent(60) {
        format!("{building} {}", dice.pick(&HOUSE_NAMES))
    } else {
        format!("{building} {}", area.name)
    };
    let spread = 4_000;
    let latitude = area.latitude + dice.between(0, 2 * spread) as i32 - spread as i32;
    let longitude = area.longitude + dice.between(0, 2 * spread) as i32 - spread as i32;
    Location {
        name,
        address: street_address(dice),
        postcode: postcode(dice, area.postcode),
        city: TOWN.to_string(),
        neighbourhood: area.name.to_string(),
        latitude: Some(f64::from(latitude) / 1e6),
        longitude: Some(f64::from(longitude) / 1e6),
        transport: dice.percent(30).then(|| dice.pick(&TRANSPORT).to_string()),
    }
}

fn street_address(dice: &mut Dice) -> String {
    let stem = dice.pick(&STREET_STEMS);
    let end = dice.pick(&STREET_ENDS);
    let number = dice.between(1, 240);
    let addition = match dice.below(10) {
        0 => "a",
        1 => "-1",
        _ => "",
    };
    format!("{stem}{end} {number}{addition}")
}

/// "7412 KL": PostNL never hands out SA, SD or SS.
fn postcode(dice: &mut Dice, digits: u16) -> String {
    loop {
        let first = *dice.pick(&POSTCODE_LETTERS);
        let second = *dice.pick(&POSTCODE_LETTERS);
        if !(first == 'S' && matches!(second, 'A' | 'D' | 'S')) {
            return format!("{digits} {first}{second}");
        }
    }
}

/// A local number in an invented block: "0570 55 12 34".
pub(super) fn phone(dice: &mut Dice) -> String {
    format!("0570 55 {:02} {:02}", dice.below(100), dice.below(100))
}

const FIRST_NAMES: [&str; 32] = [
    "Anke", "Bram", "Chloë", "Daan", "Esra", "Fatima", "Gerrit", "Hanneke", "Ilse", "Joost",
    "Karin", "Lars", "Mohamed", "Noor", "Olga", "Pieter", "René", "Sanne", "Tom", "Ursula", "Vera",
    "Wim", "Yusuf", "Zoë", "André", "Bea", "Coen", "Dewi", "Elif", "Hüseyin", "Ingrid", "Jolanda",
];

const LAST_NAMES: [&str; 32] = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Yilmaz",
    "El Amrani",
    "Kowalski",
    "Öztürk",
    "van den Berg",
    "Dekker",
    "Brouwer",
    "Koster",
    "Willems",
    "Verhoeven",
    "Kramer",
    "Postma",
    "Hoekstra",
    "Kaya",
    "Nijland",
    "ter Horst",
    "Wolters",
    "Boukhari",
];

/// An invented person.
pub(super) struct Person {
    pub name: String,
    pub email: String,
}

pub(super) fn person(dice: &mut Dice) -> Person {
    let first = dice.pick(&FIRST_NAMES);
    let last = dice.pick(&LAST_NAMES);
    let initial: String = first.chars().take(1).collect();
    Person {
        name: format!("{first} {last}"),
        email: format!("{}.{}@example.org", slug(&initial, ""), slug(last, "")),
    }
}

/// An e-mail address at example.org for a name: "repair-cafe-de-esch@example.org".
pub(super) fn email_for(name: &str) -> String {
    format!("{}@example.org", slug(name, "-"))
}

/// A web address at example.org for a name.
pub(super) fn website_for(name: &str) -> String {
    format!("https://example.org/{}", slug(name, "-"))
}

/// Lower-case ASCII letters and digits, diacritics dropped, other runs of characters
/// replaced by `separator`.
fn slug(text: &str, separator: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_separator = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_diacritic(c);
        if c.is_ascii_alphanumeric() {
            if pending_separator && !out.is_empty() {
                out.push_str(separator);
            }
            pending_separator = false;
            out.push(c);
        } else {
            pending_separator = true;
        }
    }
    out
}

fn fold_diacritic(c: char) -> char {
    match c {
        'á' | 'à' | 'ä' | 'â' => 'a',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' => 'o',
        'ú' | 'ù' | 'ü' | 'û' => 'u',
        'ç' => 'c',
        _ => c,
    }
}
