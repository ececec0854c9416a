//! Words that mean the same, curated for the guide: the Dutch words people type
//! for what the offerings call otherwise ("senioren" for "ouderen", "gepest" for
//! "pesten"), and English words for the Dutch texts, of which only titles and
//! summaries are translated ("walking" finds "wandelen", "debt" finds
//! "schulden"). A synonym is matched as it is and in its other forms, never as a
//! prefix or with typos, and counts a little less than the word typed
//! ([`super::MatchKind::Synonym`]).

use std::collections::HashMap;
use std::sync::OnceLock;

/// A meaning: the Dutch words for it, which find each other (folded: lower case,
/// no accents, one word each), and the English words that find them, not the
/// other way round ("walk" is also in "walk in", the English of "inloop").
const MEANINGS: &[(&[&str], &[&str])] = &[
    (
        &["ouderen", "senioren", "bejaarden"],
        &["seniors", "elderly", "older"],
    ),
    (&["wandelen", "wandeling"], &["walking", "walk"]),
    (&["schulden", "schuld"], &["debt", "debts"]),
    (
        &["formulieren", "formulier"],
        &["forms", "form", "paperwork"],
    ),
    (&["werk", "baan"], &["job", "jobs", "work"]),
    (&["kinderen", "kind"], &["children", "kids", "child"]),
    (&["tuin", "tuinieren"], &["garden", "gardening"]),
    (
        &["vrijwilliger", "vrijwilligerswerk"],
        &["volunteer", "volunteering"],
    ),
    (
        &["somber", "depressie", "depressief"],
        &["depressed", "depression"],
    ),
    (&["angst", "angstig", "bang"], &["anxious", "anxiety"]),
    (&["rouw", "verlies", "overleden"], &["grief", "bereavement"]),
    (&["mantelzorg", "mantelzorger"], &["carer", "caregiver"]),
    (&["dementie", "alzheimer"], &["dementia"]),
    (&["huiswerk", "bijles"], &["homework", "tutoring"]),
    (&["fietsen", "fiets"], &["cycling", "bike"]),
    (&["zingen", "koor"], &["singing", "choir"]),
    (&["pesten", "gepest"], &["bullying", "bullied"]),
    (&["toeslag", "toeslagen"], &["allowance", "benefits"]),
    (&["baby", "zuigeling"], &["babies"]),
    (
        &["nieuwkomers", "statushouders", "inburgering"],
        &["newcomers", "refugees"],
    ),
    (&["diabetes", "suikerziekte"], &[]),
    (&["sport", "sporten"], &["sports"]),
    (&["computer", "computerles", "laptop", "tablet"], &[]),
    (&["eten", "maaltijd"], &["food", "meal", "meals"]),
    (&["huur"], &["rent"]),
    (&["huurhuis", "huurwoning", "woning"], &["house", "housing"]),
    (&["ouders"], &["parents"]),
    (&["leren"], &["learn", "learning"]),
    (&["zwemmen"], &["swimming", "swim"]),
    (&["koken"], &["cooking", "cook"]),
    (&["muziek"], &["music"]),
    (&["geld"], &["money"]),
];

/// Words that find these others, one way: a plain word for what offerings name
/// in their own terms.
const ONE_WAY: &[(&[&str], &[&str])] = &[
    (
        &["zwanger", "zwangerschap", "pregnant", "pregnancy"],
        PREGNANCY,
    ),
    (&["dutch"], &["nederlands", "taal"]),
    (
        &["lezen", "reading"],
        &["laaggeletterd", "taalhuis", "leesclub"],
    ),
    (&["rekenen"], &["huiswerk", "bijles"]),
    // A son or a daughter: what the guide offers children.
    (
        &["zoon", "dochter", "son", "daughter"],
        &["kind", "kinderen"],
    ),
    (
        &["herrie", "lawaai", "noise"],
        &["overlast", "burenruzie", "buurtbemiddeling"],
    ),
    (&["schimmel"], &["vocht", "onderhoud"]),
    // Respite care gives a carer a break: it is what carers' support arranges.
    (
        &["respijtzorg", "respite"],
        &["respijt", "mantelzorg", "mantelzorger"],
    ),
    (&["val"], &["vallen", "balans"]),
    (
        &["pensioen", "retired"],
        &["vrijwilligerswerk", "vrijwilliger"],
    ),
    (&["smartphone"], &["telefoon", "digitaal"]),
    (&["exercise"], &["bewegen", "beweeg"]),
    // A language is learnt by practising it: the language café and the language
    // buddy say "oefenen".
    (&["leren", "learn"], &["oefenen"]),
];

/// Professionals' words, one way: what GPs, practice nurses, social workers and
/// the municipality call what the offerings, written for residents, say plainly
/// ("polyfarmacie" finds "medicijnen", "jgz" finds "consultatiebureau"). One way,
/// because a resident typing the plain word does not mean the jargon. Curated:
/// every word found is one the guide's texts use, and specific enough not to find
/// unrelated offerings.
const CARE_TERMS: &[(&[&str], &[&str])] = &[
    // The social domain: the neighbourhood team, the Wmo, youth care ("amw" is
    // algemeen maatschappelijk werk).
    (&["keukentafelgesprek"], &["wmo", "wijkteam"]),
    (&["buurtteam", "multiproblematiek"], &["wijkteam"]),
    (&["amw"], &["wijkteam", "maatschappelijk"]),
    (&["jeugdzorg"], &["jeugdhulp", "wijkteam"]),
    // Carers, respite and dementia.
    (&["logeeropvang"], &["respijt", "ontlasten"]),
    (&["ontmoetingscentrum"], &["dagbesteding", "dagprogramma"]),
    (&["draagkracht"], &["overbelast", "ontlasten"]),
    (
        &["geheugenproblemen"],
        &["geheugen", "vergeetachtig", "dementie"],
    ),
    // Older people: frailty, falls, nutrition, medicines, care and help at home
    // ("adl": washing and dressing; "hbh": hulp bij het huishouden).
    (&["kwetsbare"], &["ouderen"]),
    (&["valrisico"], &["vallen", "balans", "valpreventie"]),
    (&["ondervoed"], &["ondervoeding", "dietist"]),
    (
        &["polyfarmacie", "medicatiebeoordeling"],
        &["medicijnen", "medicijnrol", "apotheek"],
    ),
    (&["medicatie"], &["medicijnen"]),
    (&["adl"], &["wassen", "aankleden", "verzorging"]),
    (&["hbh"], &["huishoudelijke"]),
    (&["regiotaxi"], &["vervoer", "rolstoelbus"]),
    (
        &["maaltijdvoorziening"],
        &["maaltijd", "eettafel", "aanschuiftafel"],
    ),
    (
        &["gehoorverlies"],
        &["slechthorend", "hoortoestel", "audicien"],
    ),
    // Loneliness, taking part, meaning.
    (&["isolement", "vereenzaming"], &["eenzaam", "eenzaamheid"]),
    (&["participatie"], &["meedoen"]),
    (&["maatjesproject"], &["maatje"]),
    (&["levensvragen"], &["zingeving"]),
    // Mental health: therapy, peers, grief, cancer ("cgt": cognitieve
    // gedragstherapie).
    (&["ggz"], &["psychisch", "psychische"]),
    (
        &["stemmingsklachten"],
        &["somber", "somberheid", "depressie"],
    ),
    (&["overspannen"], &["stress", "burnout", "gestrest"]),
    (&["angststoornis"], &["angst", "angstig"]),
    (&["cgt"], &["gedragstherapie", "psycholoog"]),
    (&["ptss"], &["trauma", "emdr"]),
    (&["ervaringsdeskundigheid"], &["ervaringsdeskundige"]),
    (&["zelfhulpgroep"], &["lotgenoten"]),
    (&["nabestaanden"], &["rouw", "rouwgroep", "verlies"]),
    (&["oncologie"], &["kanker"]),
    // Lifestyle, exercise and chronic conditions; the practice nurse ("poh") who
    // sees them.
    (&["obesitas"], &["overgewicht", "afvallen"]),
    (
        &["beweegmakelaar", "beweegrecept"],
        &["buurtsportcoach", "beweegcoaching"],
    ),
    (&["longrevalidatie"], &["copd", "longen", "beweeggroep"]),
    (&["astma"], &["longen", "benauwd", "longfunctie"]),
    (&["hartrevalidatie"], &["hartfalen", "hart", "beweeggroep"]),
    (&["hypertensie"], &["bloeddruk"]),
    (
        &["ketenzorg"],
        &["praktijkondersteuner", "chronisch", "controle"],
    ),
    (&["poh"], &["praktijkondersteuner"]),
    (&["rookstop"], &["roken", "nicotinepleisters"]),
    // Money, debts and work.
    (&["schuldsanering"], &["schuldregeling", "schuldhulp"]),
    (
        &["vroegsignalering"],
        &["huurachterstand", "aanmaning", "schuldhulp"],
    ),
    (&["bewindvoering"], &["budgetbeheer", "geldzaken"]),
    (&["stadspas"], &["meedoenpas", "korting"]),
    (
        &["participatiewet"],
        &["bijstand", "uitkering", "werkplein"],
    ),
    (&["uwv"], &["uitkering", "werkplein"]),
    (
        &["arbeidsmatige"],
        &["dagbesteding", "werkervaring", "werkplaats"],
    ),
    (
        &["arbeidstoeleiding"],
        &["jobcoach", "reintegratie", "werkervaring"],
    ),
    (&["voedselhulp"], &["voedselbank", "voedselpakket"]),
    // Language, digital skills, newcomers.
    (&["anderstaligen"], &["nederlands", "taalcafe", "taalles"]),
    (&["taalcoach"], &["taalmaatje"]),
    (&["digivaardigheid"], &["digi", "computer", "digitaal"]),
    (
        &["vergunninghouders"],
        &["statushouders", "nieuwkomers", "inburgering"],
    ),
    // Youth and family ("jgz": jeugdgezondheidszorg; "cjg": Centrum voor Jeugd
    // en Gezin; "vve": voor- en vroegschoolse educatie).
    (
        &["jgz"],
        &["consultatiebureau", "jeugdverpleegkundige", "jeugdarts"],
    ),
    (
        &["cjg"],
        &["opvoedspreekuur", "opvoeden", "jeugdverpleegkundige"],
    ),
    (&["vve", "voorschoolse"], &["peuters", "voorlezen"]),
    (
        &["opvoedondersteuning"],
        &["opvoeden", "opvoeding", "opvoedspreekuur"],
    ),
    (&["vechtscheiding"], &["scheiding", "gescheiden"]),
    (&["mediaopvoeding"], &["schermtijd"]),
    (&["thuiszitter"], &["thuiszitten", "jongerenloket"]),
    (&["straathoekwerk"], &["jongerenwerk", "hangjongeren"]),
    // Housing and safety.
    (&["burenconflict"], &["buurtbemiddeling", "burenruzie"]),
    (&["energiearmoede"], &["energiecoach", "energierekening"]),
    (
        &["cybercriminaliteit"],
        &["oplichting", "phishing", "nepberichten"],
    ),
];

/// English words for the Dutch texts, one way. Only the titles and summaries of
/// offerings are translated, so most of what an English speaker types (an expat,
/// a newcomer) must reach the Dutch descriptions and tags through a word of the
/// guide: "landlord" finds "verhuurder", "leaking" finds "lekkage". One way,
/// because a Dutch word does not mean the English one, and in the forms people
/// type ("neighbour", "neighbours", "neighbor"), as a synonym is not stemmed
/// across languages. Curated: every Dutch word found occurs in the guide's texts,
/// and none is so general ("hulp", "zorg") that it finds unrelated offerings; no
/// English word that is also a common Dutch word ("room", "door") is a key.
const ENGLISH_TERMS: &[(&[&str], &[&str])] = &[
    // Company: someone to talk to, a buddy, a cup of coffee. Not "lonely": it names
    // the need to meet people, whose offerings it finds as such.
    (&["companionship"], &["gezelschap", "maatje"]),
    (
        &["buddy"],
        &["maatje", "taalmaatje", "beweegmaatje", "geldmaatje"],
    ),
    (&["friends"], &["vrienden", "maatje"]),
    (&["coffee"], &["koffie", "koffieochtend"]),
    (&["talk"], &["praten", "praatje", "gesprek"]),
    // Exercise and sports.
    (&["running"], &["hardlopen", "rennen"]),
    (&["football"], &["voetbal", "voetballen"]),
    (&["dancing"], &["dansen", "dans"]),
    (&["balance", "falls"], &["balans", "vallen", "valpreventie"]),
    (
        &["physiotherapy"],
        &["fysiotherapie", "fysiotherapeut", "fysio"],
    ),
    (
        &["wheelchair"],
        &["rolstoel", "rolstoelbasketbal", "rolstoelbus"],
    ),
    (
        &["relaxation"],
        &["ontspannen", "ontspanning", "ontspanningsoefeningen"],
    ),
    // Walking and cycling.
    (&["walks"], &["wandelen", "wandeling", "wandelgroep"]),
    (&["bicycle", "bikes"], &["fietsen", "fiets", "fietsles"]),
    // Learning and practising a language.
    (
        &["language"],
        &["taal", "taalles", "taalcafe", "taalmaatje"],
    ),
    (
        &["practice", "practise"],
        &["oefenen", "oefent", "oefengroep"],
    ),
    (&["conversation"], &["praten", "spreken", "gesprek"]),
    (&["lessons", "class", "classes"], &["les", "lessen"]),
    (&["course"], &["cursus"]),
    (&["literacy"], &["laaggeletterd", "taalhuis"]),
    // Homework.
    (
        &["tutor"],
        &["bijles", "huiswerkbegeleiding", "huiswerkhulp"],
    ),
    (&["math", "maths"], &["rekenen"]),
    // Toddlers, parents and babies.
    (
        &["toddler", "toddlers"],
        &["peuter", "peuters", "dreumes", "dreumesgym"],
    ),
    (
        &["parenting"],
        &["opvoeden", "opvoeding", "opvoedspreekuur"],
    ),
    (&["mums", "moms"], &["moeders", "mama"]),
    (&["newborn"], &["baby", "consultatiebureau", "borstvoeding"]),
    (&["breastfeeding"], &["borstvoeding", "lactatiekundige"]),
    // Youth.
    (&["youth"], &["jongeren", "jongerencentrum", "jongerenwerk"]),
    (
        &["teenagers", "teens"],
        &["tieners", "tienerclub", "jongeren"],
    ),
    (&["girls"], &["meiden", "meisjes", "meidenclub"]),
    // Older people, care and help at home.
    (
        &["nurse"],
        &["wijkverpleegkundige", "verpleegkundige", "wijkverpleging"],
    ),
    (&["cleaning"], &["huishoudelijke", "schoonmaken"]),
    (
        &["chores", "handyman"],
        &["klussendienst", "klussen", "klusjes"],
    ),
    (&["transport"], &["vervoer", "rolstoelbus", "chauffeurs"]),
    (&["groceries"], &["boodschappen"]),
    (&["medication"], &["medicijnen", "medicijnrol", "apotheek"]),
    (&["hearing"], &["slechthorend", "hoortoestel", "audicien"]),
    (
        &["gp", "doctor"],
        &["huisarts", "huisartsenpraktijk", "dokter"],
    ),
    // Carers.
    (
        &["carers", "caregivers"],
        &["mantelzorg", "mantelzorger", "mantelzorgers"],
    ),
    (&["overburdened"], &["overbelast", "ontlasten"]),
    // Dementia.
    (
        &["alzheimers", "memory", "forgetful"],
        &["dementie", "geheugen", "vergeetachtig"],
    ),
    // Grief.
    (
        &["grieving", "mourning"],
        &["rouw", "verlies", "rouwgroep", "rouwwandeling"],
    ),
    (&["death", "widow"], &["overlijden", "weduwe", "rouw"]),
    // Mental health.
    (&["stressed"], &["gestrest", "stress"]),
    (&["worry"], &["piekeren", "piekert"]),
    (&["sad"], &["verdriet", "somber", "somberheid"]),
    (&["fear"], &["angst", "bang", "angstig"]),
    (
        &["therapy", "therapist", "counselling"],
        &["therapie", "psycholoog", "gedragstherapie"],
    ),
    (&["mental"], &["psychisch", "psychische", "mentale"]),
    (&["listen"], &["luisteren", "luisterend"]),
    (&["sleep"], &["slapen", "slaap", "slapeloosheid"]),
    (&["addiction"], &["verslaving", "verslaafd"]),
    // Money and debts.
    (&["bills"], &["rekeningen", "betalingsregeling"]),
    (
        &["budgeting"],
        &["budgetbeheer", "budgetcursus", "maandbegroting"],
    ),
    (&["arrears"], &["huurachterstand", "betalingsregeling"]),
    (&["bailiff"], &["deurwaarder"]),
    (&["discount"], &["korting", "meedoenpas"]),
    (&["cheap"], &["goedkoop"]),
    // Benefits, allowances and tax.
    (
        &["allowances", "benefit"],
        &["toeslag", "toeslagen", "zorgtoeslag"],
    ),
    (
        &["welfare", "unemployed"],
        &["bijstand", "uitkering", "werkloos"],
    ),
    (
        &["tax", "taxes"],
        &[
            "belasting",
            "belastingaangifte",
            "belastingdienst",
            "inkomstenbelasting",
        ],
    ),
    // Digital help.
    (&["phone", "mobile"], &["telefoon", "smartphone"]),
    (&["banking"], &["bankieren", "bankzaken"]),
    (&["password"], &["wachtwoorden"]),
    (
        &["scam", "scams", "fraud"],
        &["oplichting", "oplichters", "fraude", "nepberichten"],
    ),
    (&["digital"], &["digitaal", "digi", "digiinloop"]),
    // Food.
    (&["foodbank"], &["voedselbank", "voedselpakket"]),
    (
        &["dinner"],
        &["diner", "maaltijd", "eettafel", "aanschuiftafel"],
    ),
    (&["breakfast"], &["ontbijt", "buurtontbijt"]),
    (&["soup"], &["soep", "zondagsoep"]),
    (&["eat", "eating"], &["eten"]),
    (&["diet"], &["dieet", "dietist", "voeding"]),
    // Housing.
    (
        &["landlord"],
        &["verhuurder", "verhuurders", "woningcorporatie"],
    ),
    (&["tenant"], &["huurders", "huurdersvereniging", "huurteam"]),
    (
        &["repair", "repairs", "broken"],
        &["repareren", "reparatie", "reparaties", "kapot", "kapotte"],
    ),
    (&["leak", "leaking"], &["lekkage"]),
    (&["mould", "mold", "damp"], &["schimmel"]),
    (&["noisy"], &["overlast", "geluid"]),
    (
        &["neighbour", "neighbours", "neighbor", "neighbors"],
        &["buren", "buurtgenoten", "burenruzie"],
    ),
    (&["dispute"], &["burenruzie", "buurtbemiddeling", "ruzie"]),
    (&["energy"], &["energie", "energiecoach", "energierekening"]),
    // Safety.
    (&["safety"], &["veilig", "veiligheid"]),
    (&["burglary"], &["inbraak"]),
    (&["police"], &["politie", "wijkagent"]),
    // Volunteering and jobs.
    (
        &["volunteers"],
        &["vrijwilliger", "vrijwilligers", "vrijwilligerswerk"],
    ),
    (&["vacancies"], &["vacatures"]),
    (&["interview"], &["sollicitatiegesprek"]),
    // Crafts.
    (&["sewing"], &["naaien", "naaiclub", "naaimachine"]),
    (&["knitting"], &["breien", "breiwerk"]),
    (&["crochet"], &["haken"]),
    (&["crafts"], &["handwerk", "handwerkcafe", "knutselen"]),
    // Music.
    (&["sing", "songs"], &["zingen", "liedjes", "koor"]),
    // Gardening.
    (&["allotment"], &["moestuin", "buurttuin"]),
    (&["plants"], &["planten", "kweken", "zaaien"]),
    // Library.
    (&["library"], &["bibliotheek"]),
    (&["books"], &["boeken", "boek"]),
    // Faith.
    (&["mosque", "muslim"], &["moskee", "moslim", "islam"]),
    (&["church"], &["kerk", "kerkcentrum", "parochiezaal"]),
    (&["faith"], &["geloof", "gelovig"]),
    // LGBT.
    (
        &["lgbt", "lgbtq", "gay"],
        &["lhbti", "lhbtiq", "roze", "homo"],
    ),
    // Disability.
    (&["disability", "disabled"], &["beperking", "handicap"]),
];

/// Residents' own words, one way: how people describe a problem or a wish in
/// plain, often spoken Dutch, inflected as they type it ("vergeetachtiger",
/// "verhuisd", "kortademig", "de deurwaarder komt"), for what the offerings say
/// otherwise ("vergeetachtig", "verhuizen", "benauwd", "deurwaarder"). One way,
/// because an offering's word does not mean each way a resident puts it. Curated:
/// every word found is checked against the guide's texts (titles, summaries,
/// descriptions, tags, location names) and specific enough not to find unrelated
/// offerings; no key is a trigger of a need, which handles those words itself.
const RESIDENT_TERMS: &[(&[&str], &[&str])] = &[
    // Loneliness and missing contact.
    (
        &["aanspraak"],
        &["gezelschap", "maatje", "praatje", "kletsen"],
    ),
    (&["vereenzaamd"], &["eenzaam", "eenzaamheid"]),
    (
        &["verveel", "verveling", "vervelen"],
        &["bezighouden", "hobby", "uitjes"],
    ),
    (&["weduwnaar"], &["weduwe", "rouw", "verlies"]),
    // Memory and forgetfulness.
    (
        &["vergeetachtiger", "vergeetachtigheid", "geheugenverlies"],
        &["vergeetachtig", "geheugen", "dementie"],
    ),
    (&["vergeten"], &["vergeetachtig", "geheugen"]),
    (&["dement", "dementerend"], &["dementie", "geheugen"]),
    // Sleep and tiredness.
    (
        &["slapeloos", "slaapproblemen", "slaapprobleem", "inslapen"],
        &["slapen", "slaap", "slapeloosheid"],
    ),
    (&["vermoeid", "vermoeidheid", "uitgeput"], &["moe"]),
    // Worry, stress and tension.
    (&["pieker"], &["piekeren", "piekert"]),
    (
        &["paniek", "paniekaanvallen", "zenuwachtig"],
        &["angst", "angstig"],
    ),
    (
        &["gespannen", "stressig"],
        &["stress", "gestrest", "ontspannen"],
    ),
    (&["opgebrand", "overwerkt"], &["burnout", "stress"]),
    // Sadness.
    (
        &["neerslachtig", "depri"],
        &["somber", "somberheid", "verdriet"],
    ),
    // Grief and widowhood.
    (
        &["gestorven", "overleed", "begrafenis"],
        &["overlijden", "rouw", "verlies"],
    ),
    (&["rouwen"], &["rouw", "rouwgroep"]),
    // Divorce.
    (
        &["scheiden", "echtscheiding", "gescheiden"],
        &["scheiding", "gescheiden"],
    ),
    (&["scheiding"], &["gescheiden"]),
    // Moving house and being new.
    (&["verhuisd", "verhuizing"], &["verhuizen", "kennismaken"]),
    (
        &["vluchteling", "asielzoekers"],
        &["vluchtelingen", "statushouders", "nieuwkomers"],
    ),
    // Losing a job, looking for work.
    (
        &["ontslagen", "ontslag", "werkzoekend"],
        &["werkloos", "vacatures", "werkplein"],
    ),
    (
        &["bijstandsuitkering"],
        &["uitkering", "bijstand", "werkplein"],
    ),
    (
        &["arbeidsongeschikt", "ziektewet"],
        &["reintegratie", "uitkering"],
    ),
    // Money shortage, bills, bailiff and arrears.
    (
        &["krap", "blut", "geldproblemen", "geldtekort"],
        &["geldzorgen", "rondkomen", "schuldhulp"],
    ),
    (
        &["achterstand", "betalingsachterstand", "huurschuld"],
        &["huurachterstand", "betalingsregeling", "schuldhulp"],
    ),
    (&["deurwaarders"], &["deurwaarder", "schuldhulp"]),
    (&["incassobureau", "aanmaningen"], &["incasso", "aanmaning"]),
    (&["afbetalen"], &["afbetaling", "betalingsregeling"]),
    (&["honger"], &["voedselbank", "voedselpakket"]),
    (
        &["gasrekening"],
        &["energierekening", "energiecoach", "besparen"],
    ),
    // Forms, letters and allowances.
    (&["invullen"], &["formulieren", "formulier"]),
    (
        &["papierwerk"],
        &["papieren", "administratie", "formulieren"],
    ),
    (
        &["huurtoeslag", "kinderopvangtoeslag"],
        &["toeslag", "toeslagen"],
    ),
    // Reading and writing.
    (
        &["analfabeet", "ongeletterd"],
        &["laaggeletterd", "taalhuis"],
    ),
    // Health complaints: pain, weight, breathing, heart, diabetes, falling.
    (
        &["rugpijn", "rugklachten"],
        &["rug", "pijn", "fysiotherapie"],
    ),
    (&["nekpijn"], &["nek", "pijn", "fysiotherapie"]),
    (&["kniepijn"], &["knie", "knieen", "fysiotherapie"]),
    (
        &["reuma", "artrose"],
        &["stijfheid", "pijn", "fysiotherapie"],
    ),
    (
        &["dik", "zwaarlijvig", "afslanken"],
        &["overgewicht", "afvallen", "gewicht"],
    ),
    (
        &["kortademig", "benauwdheid", "ademnood"],
        &["benauwd", "adem", "longen", "copd"],
    ),
    (
        &["hartklachten", "hartproblemen", "hartaanval"],
        &["hart", "hartprobleem", "hartfalen"],
    ),
    (
        &["suikerpatient", "diabeet", "insuline"],
        &["diabetes", "suikerziekte", "bloedsuiker"],
    ),
    (
        &["valangst", "duizelig"],
        &["vallen", "balans", "valpreventie"],
    ),
    (&["roker"], &["roken", "nicotinepleisters"]),
    (
        &["alcohol", "drugs", "gokken"],
        &["verslaving", "verslaafd"],
    ),
    (&["gehoor"], &["slechthorend", "hoortoestel", "audicien"]),
    // Help at home: cleaning, groceries, odd jobs, washing.
    (
        &["schoonmaakhulp", "poetsen", "huishoudhulp"],
        &["huishoudelijke", "schoonmaken"],
    ),
    (&["boodschap"], &["boodschappen"]),
    (&["klusjesman"], &["klussendienst", "klussen", "klusjes"]),
    (&["douchen"], &["douche", "wassen", "verzorging"]),
    // Caring for someone.
    (&["zorgtaken"], &["mantelzorg", "mantelzorger"]),
    // Children: bullying, school, screens, puberty, tantrums.
    (
        &["pesterijen", "uitgescholden", "buitengesloten"],
        &["pesten"],
    ),
    (
        &["spijbelen", "schoolverzuim"],
        &["thuiszitten", "jongerenloket"],
    ),
    (&["onvoldoende"], &["bijles", "huiswerkbegeleiding"]),
    (&["tiktok"], &["schermtijd", "filmpjes"]),
    (&["mobiel"], &["telefoon", "smartphone"]),
    (&["pubers", "opstandig"], &["puberteit", "tieners"]),
    (&["driftig", "woedebuien"], &["driftbuien", "opvoeden"]),
    // Toddlers, babies and pregnancy.
    (&["zindelijkheid", "luiers"], &["zindelijk"]),
    (&["huilbaby"], &["baby", "consultatiebureau"]),
    (&["pasgeboren"], &["baby", "consultatiebureau"]),
    (
        &["bevallen", "bevalling"],
        &["kraamtijd", "borstvoeding", "consultatiebureau"],
    ),
    // Housing: damp, draughts, landlords, neighbours, waiting lists, litter.
    (&["vochtig", "vochtplekken"], &["schimmel", "lekkage"]),
    (
        &["huisbaas", "woningbouwvereniging"],
        &["verhuurder", "verhuurders", "woningcorporatie"],
    ),
    (&["tochtig"], &["kieren", "isolatie", "verwarming"]),
    (
        &[
            "bovenburen",
            "onderburen",
            "geluidsoverlast",
            "burenoverlast",
        ],
        &["overlast", "buren", "buurtbemiddeling"],
    ),
    (
        &["woningzoekende", "urgentieverklaring"],
        &["woningzoekenden", "urgentie"],
    ),
    (&["vuilnis", "zwerfvuil"], &["afval", "zwerfafval"]),
    // Safety and scams.
    (&["ingebroken", "inbreker"], &["inbraak", "buurtpreventie"]),
    (&["onveilig"], &["veilig", "veiligheid", "buurtpreventie"]),
    (
        &["opgelicht", "oplichter", "nepmail"],
        &["oplichting", "oplichters", "nepberichten", "phishing"],
    ),
    // Volunteering.
    (&["vrijwillig"], &["vrijwilligerswerk", "vrijwilliger"]),
    // Hobbies.
    (&["handwerken"], &["handwerk", "handwerkcafe", "breien"]),
    (
        &["kaartspel"],
        &["klaverjassen", "klaverjasclub", "kaarten"],
    ),
    (&["puzzelen"], &["puzzels"]),
];

/// Care around a pregnancy and a birth, as the guide's offerings name it.
const PREGNANCY: &[&str] = &[
    "zwanger",
    "zwangerschap",
    "verloskundige",
    "kraamzorg",
    "kraamtijd",
    "borstvoeding",
    "consultatiebureau",
];

/// The other words `word` (folded) also finds, itself left out.
pub(crate) fn synonyms(word: &str) -> impl Iterator<Item = &'static str> + '_ {
    table()
        .get(word)
        .into_iter()
        .flatten()
        .copied()
        .filter(move |other| *other != word)
}

fn table() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static TABLE: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        let mut add = |word: &'static str, other: &'static str| {
            let others = table.entry(word).or_default();
            if !others.contains(&other) {
                others.push(other);
            }
        };
        for (dutch, english) in MEANINGS {
            for &word in dutch.iter().chain(english.iter()) {
                for &other in *dutch {
                    add(word, other);
                }
            }
        }
        for (words, others) in ONE_WAY
            .iter()
            .chain(CARE_TERMS)
            .chain(ENGLISH_TERMS)
            .chain(RESIDENT_TERMS)
        {
            for &word in *words {
                for &other in *others {
                    add(word, other);
                }
            }
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fold;

    #[test]
    fn groups_go_both_ways_and_one_way_entries_do_not() {
        assert!(synonyms("senioren").any(|w| w == "ouderen"));
        assert!(synonyms("ouderen").any(|w| w == "senioren"));
        assert!(synonyms("walking").any(|w| w == "wandelen"));
        assert!(!synonyms("wandelen").any(|w| w == "walking"));
        assert!(synonyms("zwanger").any(|w| w == "verloskundige"));
        assert_eq!(synonyms("verloskundige").count(), 0);
        assert_eq!(synonyms("koffie").count(), 0);
        assert!(!synonyms("senioren").any(|w| w == "senioren"));
    }

    #[test]
    fn professionals_words_find_the_plain_words_one_way() {
        let finds = |word: &str, other: &str| synonyms(word).any(|w| w == other);
        assert!(finds("polyfarmacie", "medicijnen"));
        assert!(finds("jgz", "consultatiebureau"));
        assert!(finds("ggz", "psychisch"));
        assert!(finds("vroegsignalering", "huurachterstand"));
        assert!(finds("beweegmakelaar", "buurtsportcoach"));
        assert!(finds("vve", "peuters"));
        assert!(!finds("medicijnen", "polyfarmacie"));
        assert_eq!(synonyms("consultatiebureau").count(), 0);
    }

    #[test]
    fn english_words_find_the_dutch_words_one_way() {
        let finds = |word: &str, other: &str| synonyms(word).any(|w| w == other);
        assert!(finds("landlord", "verhuurder"));
        assert!(finds("leaking", "lekkage"));
        assert!(finds("neighbours", "buren"));
        assert!(finds("neighbor", "buren"));
        assert!(finds("buddy", "taalmaatje"));
        assert!(finds("mould", "schimmel"));
        assert!(finds("toddlers", "peuters"));
        assert!(finds("bailiff", "deurwaarder"));
        assert!(finds("mosque", "moskee"));
        assert!(!finds("lekkage", "leaking"));
        assert_eq!(synonyms("verhuurder").count(), 0);
    }

    #[test]
    fn residents_words_find_the_guides_words_one_way() {
        let finds = |word: &str, other: &str| synonyms(word).any(|w| w == other);
        assert!(finds("vergeetachtiger", "vergeetachtig"));
        assert!(finds("verhuisd", "verhuizen"));
        assert!(finds("kortademig", "benauwd"));
        assert!(finds("rugpijn", "fysiotherapie"));
        assert!(finds("ontslagen", "werkloos"));
        assert!(finds("achterstand", "huurachterstand"));
        assert!(finds("echtscheiding", "scheiding"));
        assert!(finds("slaapproblemen", "slapeloosheid"));
        assert!(finds("huisbaas", "verhuurder"));
        assert!(!finds("benauwd", "kortademig"));
        assert_eq!(synonyms("fysiotherapie").count(), 0);
    }

    #[test]
    fn every_word_is_one_folded_word() {
        let words = MEANINGS
            .iter()
            .chain(ONE_WAY)
            .chain(CARE_TERMS)
            .chain(ENGLISH_TERMS)
            .chain(RESIDENT_TERMS)
            .flat_map(|(words, others)| words.iter().chain(others.iter()));
        for word in words {
            assert_eq!(fold::words(word), [*word]);
        }
    }
}
