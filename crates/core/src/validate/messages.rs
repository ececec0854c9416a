//! Dutch (B1) and English texts for every problem. Keys are "error.<code>" for the
//! general text and "error.<code>.<topic>" where a more specific text helps.

use crate::vocab::Lang;

/// The text used when neither a problem's key nor its code has a text.
pub const FALLBACK_KEY: &str = "error.invalid_value";

/// (key, Dutch, English). `{limit}` is replaced by the problem's limit.
const MESSAGES: &[(&str, &str, &str)] = &[
    ("error.required", "Vul dit in.", "Fill this in."),
    (
        "error.required.title",
        "Vul een titel in.",
        "Enter a title.",
    ),
    (
        "error.required.summary",
        "Schrijf in één zin wat het is.",
        "Say in one sentence what it is.",
    ),
    (
        "error.required.themes",
        "Kies minstens één thema.",
        "Choose at least one theme.",
    ),
    (
        "error.required.tag",
        "Dit zoekwoord is leeg. Vul een woord in of haal het weg.",
        "This search word is empty. Enter a word or remove it.",
    ),
    ("error.required.name", "Vul een naam in.", "Enter a name."),
    (
        "error.required.email",
        "Vul je e-mailadres in.",
        "Enter your e-mail address.",
    ),
    (
        "error.required.password",
        "Kies een wachtwoord.",
        "Choose a password.",
    ),
    (
        "error.required.organisation",
        "Kies de organisatie waarvoor je aanbod wilt plaatsen.",
        "Choose the organisation you publish for.",
    ),
    (
        "error.required.reason",
        "Schrijf op waarom. De aanvrager krijgt dit te zien.",
        "Write down why. The applicant will see it.",
    ),
    (
        "error.required.initiative_name",
        "Vul de naam van je initiatief in.",
        "Enter the name of your initiative.",
    ),
    (
        "error.required.initiative_description",
        "Schrijf in een paar woorden wat jullie doen.",
        "Say in a few words what you do.",
    ),
    (
        "error.invalid_value.organisation_or_initiative",
        "Kies een organisatie uit de lijst, of vul je initiatief in. Niet allebei.",
        "Choose an organisation from the list, or fill in your initiative. Not both.",
    ),
    (
        "error.duplicate.organisation",
        "Deze naam staat al in de gids. Kies die organisatie in de lijst hierboven.",
        "This name is in the guide already. Choose that organisation in the list above.",
    ),
    (
        "error.duplicate.initiative",
        "Er is al een organisatie of aanvraag met deze naam. Kies de organisatie in de lijst, of vraag een beheerder om hulp.",
        "There already is an organisation or request with this name. Choose the organisation in the list, or ask a coordinator for help.",
    ),
    (
        "error.invalid_value.repeat",
        "De twee wachtwoorden zijn niet hetzelfde. Typ ze nog een keer.",
        "The two passwords are not the same. Type them again.",
    ),
    (
        "error.email_taken",
        "Er is al een account met dit e-mailadres. Log in, of vraag een beheerder om hulp.",
        "There already is an account with this e-mail address. Sign in, or ask a coordinator for help.",
    ),
    (
        "error.too_short",
        "Dit is te kort. Gebruik minstens {limit} tekens.",
        "This is too short. Use at least {limit} characters.",
    ),
    (
        "error.required.contact",
        "Vul in hoe mensen contact opnemen of waar het is: telefoon, e-mail, website of adres. Of kies 'online'.",
        "Say how people can get in touch or where it is: phone, e-mail, website or address. Or choose 'online'.",
    ),
    (
        "error.required.location",
        "Vul de naam van de plek of het adres in.",
        "Enter the name of the place or the address.",
    ),
    (
        "error.too_long",
        "Dit is te lang. Gebruik niet meer dan {limit} tekens.",
        "This is too long. Use no more than {limit} characters.",
    ),
    (
        "error.too_many",
        "Dit zijn er te veel. Het mogen er niet meer dan {limit} zijn.",
        "There are too many. No more than {limit} are allowed.",
    ),
    (
        "error.invalid_characters",
        "Hier staan tekens in die niet mogen, zoals een onzichtbaar teken of een nieuwe regel.",
        "This contains characters that are not allowed, such as an invisible character or a new line.",
    ),
    (
        "error.invalid_email",
        "Dit e-mailadres klopt niet. Bijvoorbeeld: naam@voorbeeld.nl",
        "This e-mail address is not right. For example: name@example.org",
    ),
    (
        "error.invalid_url",
        "Dit webadres klopt niet. Begin met https://, bijvoorbeeld https://www.voorbeeld.nl",
        "This web address is not right. Start with https://, for example https://www.example.org",
    ),
    (
        "error.unusual_host",
        "In dit adres staan letters die op gewone letters lijken maar het niet zijn. Typ het adres zelf over.",
        "This address contains letters that look like ordinary letters but are not. Type the address yourself.",
    ),
    (
        "error.invalid_phone",
        "Dit telefoonnummer klopt niet. Bijvoorbeeld: 020 123 4567 of 06 12345678",
        "This phone number is not right. For example: 020 123 4567 or 06 12345678",
    ),
    (
        "error.invalid_postcode",
        "Deze postcode klopt niet. Bijvoorbeeld: 1234 AB",
        "This postcode is not right. For example: 1234 AB",
    ),
    (
        "error.invalid_kvk",
        "Een KvK-nummer heeft 8 cijfers.",
        "A Chamber of Commerce (KvK) number has 8 digits.",
    ),
    (
        "error.invalid_coordinates",
        "De plek op de kaart klopt niet. Vul breedtegraad en lengtegraad allebei in.",
        "The place on the map is not right. Fill in both latitude and longitude.",
    ),
    (
        "error.invalid_language",
        "Deze taalcode klopt niet. Gebruik 2 of 3 kleine letters, zoals en.",
        "This language code is not right. Use 2 or 3 lowercase letters, such as en.",
    ),
    (
        "error.invalid_language.source",
        "De Nederlandse tekst staat al in de gewone velden. Kies een andere taal.",
        "The Dutch text goes in the main fields. Choose another language.",
    ),
    (
        "error.age_range",
        "Deze leeftijd klopt niet. Kies 0 tot {limit} jaar. De laagste leeftijd mag niet hoger zijn dan de hoogste.",
        "This age is not right. Choose 0 to {limit} years. The lowest age cannot be higher than the highest.",
    ),
    (
        "error.invalid_amount",
        "Dit bedrag klopt niet. Vul meer dan 0 euro in en niet meer dan {limit} euro.",
        "This amount is not right. Enter more than 0 euros and no more than {limit} euros.",
    ),
    (
        "error.schedule_times",
        "De eindtijd moet later zijn dan de begintijd.",
        "The end time must be later than the start time.",
    ),
    (
        "error.schedule_times.closed",
        "Op een dag dat het niet doorgaat, horen geen tijden.",
        "A day when it does not take place has no times.",
    ),
    (
        "error.schedule_times.opens",
        "Vul ook de begintijd in. Of haal de eindtijd weg als het de hele dag is.",
        "Also enter the start time. Or remove the end time if it is all day.",
    ),
    (
        "error.schedule_dates",
        "De einddatum mag niet voor de begindatum liggen.",
        "The end date cannot be before the start date.",
    ),
    (
        "error.schedule_dates.never",
        "Tussen de begindatum en de einddatum valt geen van deze dagen. Kies andere dagen of data.",
        "None of these days falls between the start date and the end date. Choose other days or dates.",
    ),
    (
        "error.date_passed",
        "Deze datum is al voorbij. Kies vandaag of een latere dag.",
        "This date has passed. Choose today or a later day.",
    ),
    (
        "error.too_many.days",
        "Dat zijn te veel dagen achter elkaar. Kies er niet meer dan {limit}.",
        "Those are too many days in a row. Choose no more than {limit}.",
    ),
    (
        "error.duplicate.closure",
        "Deze dagen staan al bij een andere sluiting. Kies andere dagen of haal er één weg.",
        "These days are already in another closure. Choose other days or remove one.",
    ),
    (
        "error.invalid_interval",
        "Kies om de hoeveel weken of maanden: 1 tot {limit}.",
        "Choose every how many weeks or months: 1 to {limit}.",
    ),
    (
        "error.missing_days",
        "Kies minstens één dag.",
        "Choose at least one day.",
    ),
    (
        "error.ordinal_not_monthly",
        "Een dag zoals 'eerste zaterdag' kan alleen als het elke maand is.",
        "A day such as 'first Saturday' only works when it repeats monthly.",
    ),
    (
        "error.invalid_byday",
        "Deze dag klopt niet.",
        "This day is not right.",
    ),
    (
        "error.duplicate",
        "Dit staat er twee keer in. Haal er één weg.",
        "This is in here twice. Remove one.",
    ),
    (
        "error.invalid_json",
        "De gegevens zijn niet goed te lezen.",
        "The data could not be read.",
    ),
    (
        "error.wrong_type",
        "Dit is niet het goede soort gegeven.",
        "This is not the right kind of value.",
    ),
    (
        "error.unknown_code",
        "Deze keuze bestaat niet.",
        "This choice does not exist.",
    ),
    (
        "error.invalid_time",
        "Deze tijd klopt niet. Schrijf hem zo: 09:30",
        "This time is not right. Write it like this: 09:30",
    ),
    (
        "error.invalid_value",
        "Dit klopt niet.",
        "This is not right.",
    ),
    (
        "error.unknown_field",
        "Dit veld kennen we niet.",
        "This field is not known.",
    ),
    (
        "error.not_found",
        "Dit staat niet (meer) in de gids.",
        "This is not (or no longer) in the guide.",
    ),
    (
        "error.id_mismatch",
        "De gegevens horen bij iets anders.",
        "The data belongs to something else.",
    ),
    (
        "error.mutation_id_reused",
        "Deze wijziging droeg het nummer van een andere; ze is niet opgeslagen. Stuur ze opnieuw.",
        "This change carried the id of another one and was not stored; send it again.",
    ),
    (
        "error.forbidden",
        "Dit mag je niet veranderen.",
        "You may not change this.",
    ),
    (
        "error.not_your_organisation",
        "Dit hoort bij een andere organisatie. Je mag het niet veranderen.",
        "This belongs to another organisation. You may not change it.",
    ),
];

/// The text for a message key in a language, or `None` for an unknown key.
pub fn message(key: &str, lang: Lang) -> Option<&'static str> {
    MESSAGES
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|&(_, nl, en)| match lang {
            Lang::Nl => nl,
            Lang::En => en,
        })
}

/// Every message key that has texts, e.g. for a client to check its own strings.
pub fn message_keys() -> impl Iterator<Item = &'static str> {
    MESSAGES.iter().map(|(key, _, _)| *key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Code;

    #[test]
    fn every_code_has_a_text_in_every_language() {
        for code in Code::ALL {
            for &lang in Lang::ALL {
                let text = message(&code.message_key(), lang);
                assert!(text.is_some_and(|t| !t.is_empty()), "{code:?} {lang:?}");
            }
        }
        assert!(message(FALLBACK_KEY, Lang::Nl).is_some());
    }

    #[test]
    fn keys_are_unique_and_texts_filled() {
        let mut seen = std::collections::HashSet::new();
        for &(key, nl, en) in MESSAGES {
            assert!(seen.insert(key), "duplicate key {key}");
            assert!(key.starts_with("error."));
            assert!(!nl.is_empty() && !en.is_empty(), "{key}");
            assert_ne!(nl, en, "{key} is not translated");
        }
    }

    #[test]
    fn dutch_is_default_and_examples_read_right() {
        assert_eq!(
            message("error.required.title", Lang::Nl),
            Some("Vul een titel in.")
        );
        assert_eq!(
            message("error.required.title", Lang::En),
            Some("Enter a title.")
        );
        assert_eq!(message("error.nope", Lang::Nl), None);
    }
}
