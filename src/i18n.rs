//! Every interface text, in Dutch (B1, the default) and English: one keyed table, a
//! language signal in context, and `{}` placeholders filled in order. Vocabulary
//! labels (themes, needs, ...) come from the core through [`I18n::label`].

use chrono::{Datelike, NaiveDate, Timelike};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use wijkgids_core::schedule::{TIME_ZONE, date_needs_year, weekday_name};

use crate::components::browser::now;
use wijkgids_core::phrases as P;
use wijkgids_core::vocab::{Lang, Vocabulary};

/// Where the chosen language is kept on the device.
pub const LANG_KEY: &str = "wijkgids.lang";

/// Defines the text keys and the table of their Dutch and English texts together,
/// so a key cannot lack a translation.
macro_rules! texts {
    ($($key:ident => $nl:expr, $en:expr;)+) => {
        /// A text of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text { $($key),+ }
        const TABLE: &[[&str; 2]] = &[$([$nl, $en]),+];
    };
}

texts! {
    AppName => "Wijkgids", "Wijkgids";
    SkipToContent => "Naar de inhoud", "Skip to content";
    MainMenu => "Hoofdmenu", "Main menu";
    // accounts: new initiatives, password reset links
    ApplyNewInitiative => "Mijn initiatief staat er niet bij", "My initiative is not in the list";
    ApplyInitiativeHeading => "Je initiatief", "Your initiative";
    ApplyInitiativeLead => "Een beheerder bekijkt je initiatief samen met je aanvraag. Na goedkeuring staat het in de gids en zet je er zelf aanbod bij.", "A coordinator looks at your initiative together with your request. Once approved, it is in the guide and you add its activities yourself.";
    ApplyInitiativeName => "Naam van je initiatief", "Name of your initiative";
    ApplyInitiativeDescription => "Wat doen jullie?", "What do you do?";
    ApplyInitiativeDescriptionHelp => "In een of twee zinnen. Dit komt ook in de gids te staan.", "In one or two sentences. This is shown in the guide too.";
    ApplyChooseExisting => "Kies {}", "Choose {}";
    InitiativeWaiting => "Nieuw initiatief: {}", "New initiative: {}";
    ForgotPasswordTitle => "Wachtwoord vergeten?", "Forgot your password?";
    ForgotPasswordHint => "Vraag een beheerder van de gids om een link. Met die link kies je een nieuw wachtwoord.", "Ask a coordinator of the guide for a link. With that link you choose a new password.";
    MakeResetLink => "Link voor nieuw wachtwoord", "Link for a new password";
    ResetLinkMade => "Geef deze link aan {}. Hij werkt één keer, tot {}.", "Give this link to {}. It works once, until {}.";
    ResetLinkLabel => "Link voor een nieuw wachtwoord", "Link for a new password";
    ShareResetLink => "Link delen of kopiëren", "Share or copy the link";
    ResetLinkCopied => "De link is gekopieerd.", "The link has been copied.";
    ResetTitle => "Nieuw wachtwoord kiezen", "Choose a new password";
    ResetChecking => "Even kijken of de link werkt…", "Checking whether the link works…";
    ResetFor => "Kies een nieuw wachtwoord voor {}.", "Choose a new password for {}.";
    ResetPassword => "Nieuw wachtwoord", "New password";
    ResetRepeat => "Typ het nieuwe wachtwoord nog een keer", "Type the new password again";
    ResetSave => "Wachtwoord opslaan", "Save password";
    ResetDone => "Je nieuwe wachtwoord is opgeslagen. Je bent ingelogd.", "Your new password has been saved. You are signed in.";
    ResetDoneSignIn => "Je nieuwe wachtwoord is opgeslagen. Log nu in met je nieuwe wachtwoord.", "Your new password has been saved. Now sign in with your new password.";
    ResetToAccount => "Naar je account", "To your account";
    ResetIncomplete => "Deze link is niet compleet. Kopieer de hele link, of vraag een beheerder om een nieuwe.", "This link is not complete. Copy the whole link, or ask a coordinator for a new one.";
    ResetUsed => "Deze link is al gebruikt. Een link werkt maar één keer. Vraag een beheerder om een nieuwe.", "This link has been used already. A link works only once. Ask a coordinator for a new one.";
    ResetExpired => "Deze link is verlopen: een link werkt één dag. Vraag een beheerder om een nieuwe.", "This link has expired: a link works for one day. Ask a coordinator for a new one.";
    ResetUnknown => "Deze link werkt niet. Misschien is er een nieuwere gemaakt. Vraag een beheerder om een nieuwe.", "This link does not work. Perhaps a newer one was made. Ask a coordinator for a new one.";
    ResetOffline => "Geen verbinding met de server. Een nieuw wachtwoord kiezen kan alleen met internet.", "No connection to the server. Choosing a new password needs the internet.";
    NavSearch => "Zoeken", "Search";
    NavAgenda => "Agenda", "Agenda";
    NavFavourites => "Favorieten", "Favourites";
    NavSettings => "Instellingen", "Settings";
    NavSignIn => "Inloggen", "Sign in";
    // offering form: drafts, publishing, leaving with unsaved changes
    SaveDraft => "Opslaan als concept", "Save as draft";
    FormFixFirst => "Er klopt nog iets niet. Verbeter eerst:", "Something is not right yet. First fix:";
    DraftStillNeeds => "Dit concept is nog niet af. Om te publiceren is nog nodig:", "This draft is not finished yet. To publish it still needs:";
    DraftNotFinished => "Nog niet af", "Not finished yet";
    LeaveTitle => "Je wijzigingen zijn nog niet opgeslagen", "Your changes are not saved yet";
    LeaveText => "Ze blijven op dit apparaat bewaard, maar pas als je opslaat worden ze verstuurd. Wil je toch weggaan?", "They are kept on this device, but they are only sent once you save. Leave anyway?";
    LeaveStay => "Blijven en verder gaan", "Stay and go on";
    LeaveGo => "Toch weggaan", "Leave anyway";
    NavAccount => "Account", "Account";
    Menu => "Menu", "Menu";
    NavRefer => "Verwijzen", "Refer";
    NavMyOfferings => "Mijn aanbod", "My offerings";
    NavModerate => "Beheer", "Moderation";
    StatusOpening => P::LOADING[0], P::LOADING[1];
    // offering details (fields)
    FieldLanguages => "In welke talen kun je meedoen?", "In which languages can people take part?";
    FieldAccessibilityNote => "Meer over de toegankelijkheid (mag leeg)", "More about accessibility (may be empty)";
    FieldOnline => "Online, via internet", "Online, over the internet";
    FieldAtHome => "Bij mensen thuis", "At people's homes";
    FieldContactName => "Contactpersoon (mag leeg)", "Contact person (may be empty)";
    ContactPerson => "Contactpersoon: {}", "Contact person: {}";
    NeighbourhoodNone => "Geen buurt", "No area";
    NeighbourhoodOther => "Een andere buurt…", "Another area…";
    FieldNeighbourhoodName => "Naam van de buurt", "Name of the area";
    ClosuresHeading => "Dagen dat het niet doorgaat", "Days it does not take place";
    ClosuresHelp => "Bijvoorbeeld in de kerstvakantie. Bewoners zien de datum en je uitleg.", "For example in the Christmas holidays. Residents see the date and your note.";
    ClosureNumber => "Sluiting {}", "Closure {}";
    ClosureFirst => "Datum", "Date";
    ClosureLast => "Tot en met (alleen bij meer dagen)", "Up to and including (only for more days)";
    ClosureNote => "Uitleg voor bewoners (mag leeg)", "Note for residents (may be empty)";
    ClosureAdd => "Dag toevoegen dat het niet doorgaat", "Add a day it does not take place";
    ClosureRemove => "Deze sluiting weghalen", "Remove this closure";
    ClosedOn => "Gesloten op {}", "Closed on {}";
    ClosedFromTo => "Gesloten van {} tot en met {}", "Closed from {} up to and including {}";
    StatusOffline => "Offline: je ziet wat op dit apparaat staat", "Offline: you see what is on this device";
    SyncRetry => "Opnieuw proberen", "Try again";
    SyncRetrying => "Bezig met proberen…", "Trying…";
    StatusSyncing => "Bijwerken: {} van {}", "Updating: {} of {}";
    StatusSyncingUnknown => "Bijwerken…", "Updating…";
    StatusSyncingReceived => "Bijwerken: {} binnen", "Updating: {} received";
    StatusUpToDate => "Bijgewerkt om {}", "Up to date at {}";
    StatusWaiting => "{} wijzigingen wachten", "{} changes waiting";
    StatusWaitingOne => "1 wijziging wacht", "1 change waiting";
    GuideUnavailable => P::GUIDE_UNAVAILABLE[0], P::GUIDE_UNAVAILABLE[1];
    SearchNeedsConnection => P::SEARCH_NEEDS_CONNECTION[0], P::SEARCH_NEEDS_CONNECTION[1];
    SearchWaitsForGuide => P::SEARCH_WAITS_FOR_GUIDE[0], P::SEARCH_WAITS_FOR_GUIDE[1];
    SignInTitle => "Inloggen", "Sign in";
    SignInLead => "Voor huisartsen, praktijkondersteuners, organisatoren van activiteiten en beheerders van de gids. Voor al het andere in de gids heb je geen account nodig.", "For GPs, practice nurses, publishers and coordinators. You need no account for anything else in the guide.";
    SignInEmail => "E-mailadres", "E-mail address";
    SignInPassword => "Wachtwoord", "Password";
    SignInButton => "Inloggen", "Sign in";
    SignInMissing => "Vul je e-mailadres en je wachtwoord in.", "Fill in your e-mail address and your password.";
    SignInRefused => "Dit e-mailadres of wachtwoord klopt niet.", "This e-mail address or password is not right.";
    SignInTooMany => "Te vaak geprobeerd. Wacht een kwartier en probeer het dan opnieuw.", "Too many tries. Wait a quarter of an hour, then try again.";
    SignInOffline => "Geen verbinding met de server. Inloggen kan alleen met internet.", "No connection to the server. Signing in needs the internet.";
    SignInStorage => "Ingelogd, maar de gids op dit apparaat kon niet worden bijgewerkt.", "Signed in, but the guide on this device could not be updated.";
    SignInPending => "Je aanvraag wacht nog op goedkeuring door een beheerder. Probeer het later opnieuw.", "Your request is still waiting for a coordinator's approval. Please try again later.";
    SignInRejected => "Je aanvraag is afgewezen. De reden: {}", "Your request was turned down. The reason: {}";
    NoAccountYet => "Nog geen account?", "No account yet?";
    ApplyInvite => "Maak je activiteiten voor de wijk, bijvoorbeeld als sportcoach of vrijwilliger? Vraag een account aan om ze zelf in de gids te zetten.", "Do you run activities in the neighbourhood, as a sports coach or volunteer for example? Ask for an account to put them in the guide yourself.";
    ApplyTitle => "Account aanvragen om activiteiten in de gids te zetten", "Ask for a publisher account";
    ApplyLead => "Een beheerder van de gids bekijkt je aanvraag. Na goedkeuring log je in met dit e-mailadres en wachtwoord.", "A coordinator of the neighbourhood looks at your request. Once approved, you sign in with this e-mail address and password.";
    ApplyName => "Je naam", "Your name";
    ApplyPasswordHelp => "Een zin van een paar woorden is makkelijk te onthouden en moeilijk te raden.", "A sentence of a few words is easy to remember and hard to guess.";
    ApplyOrganisation => "Voor welke organisatie?", "For which organisation?";
    ApplyChooseOrganisation => "Kies een organisatie", "Choose an organisation";
    ApplyMessage => "Bericht voor de beheerder (mag leeg)", "Message for the coordinator (may be empty)";
    ApplyMessageHelp => "Bijvoorbeeld wat je doet bij de organisatie.", "For example what you do at the organisation.";
    ApplySend => "Aanvraag versturen", "Send request";
    ApplySent => "Je aanvraag is verstuurd. Een beheerder bekijkt hem. Daarna kun je inloggen.", "Your request has been sent. A coordinator will look at it. Then you can sign in.";
    ApplyOffline => "Geen verbinding met de server. Een account aanvragen kan alleen met internet.", "No connection to the server. Asking for an account needs the internet.";
    ApplyFailed => "Het versturen is niet gelukt. Probeer het later opnieuw.", "Sending did not work. Please try again later.";
    AccountRequestsHeading => "Aanvragen voor een account", "Requests for an account";
    AccountRequestsOffline => "De aanvragen zie je alleen met internet.", "You can only see the requests with the internet.";
    AccountRequestsLoading => "Aanvragen worden opgehaald…", "Fetching the requests…";
    NoAccountRequests => "Er wachten geen aanvragen.", "No requests are waiting.";
    RejectReason => "Waarom afwijzen? (de aanvrager ziet dit)", "Why turn it down? (the applicant sees this)";
    Reject => "Afwijzen", "Turn down";
    AccountApproved => "Goedgekeurd: {}", "Approved: {}";
    AccountRejected => "Afgewezen: {}", "Turned down: {}";
    DecisionFailed => "Dat is niet gelukt: {}", "That did not work: {}";
    AccountsHeading => "Andere accounts", "Other accounts";
    NoOtherAccounts => "Er zijn nog geen andere accounts dan dat van jou.", "There are no other accounts than yours yet.";
    Block => "Blokkeren", "Block";
    Unblock => "Deblokkeren", "Unblock";
    AccountBlocked => "Geblokkeerd: {}", "Blocked: {}";
    AccountUnblocked => "Weer actief: {}", "Active again: {}";
    SignInBlocked => "Dit account is geblokkeerd. Vraag een beheerder waarom.", "This account is blocked. Ask a coordinator why.";
    AccountTitle => "Account", "Account";
    SignedInAs => "Ingelogd als {} ({})", "Signed in as {} ({})";
    ForOrganisation => "Organisatie: {}", "Organisation: {}";
    YourTools => "Wat je hier kunt doen", "What you can do here";
    SignOut => "Uitloggen", "Sign out";
    SavedWithOthers => "Opgeslagen. Intussen had iemand anders dit aanbod ook veranderd ({}). Die wijziging is bewaard en staat nu ook in het formulier.", "Saved. Meanwhile someone else changed this offering too ({}). Their change is kept and is now in the form as well.";
    KeptDraftBack => "Je wijzigingen van de vorige keer waren nog niet opgeslagen. Ze staan weer in het formulier.", "Your changes from last time were not saved yet. They are back in the form.";
    KeptDraftDiscard => "Weggooien en opnieuw beginnen", "Throw away and start again";
    DecisionWaitingOne => "Een wijziging van je kon niet zomaar worden opgeslagen: iemand anders veranderde hetzelfde, of de gids nam haar niet aan. Kies wat er moet gebeuren.", "A change of yours could not simply be saved: someone else changed the same thing, or the guide did not take it. Choose what should happen.";
    DecisionWaitingMany => "{} wijzigingen van je konden niet zomaar worden opgeslagen. Kies wat er moet gebeuren.", "{} changes of yours could not simply be saved. Choose what should happen.";
    UnsentHeading => "Nog niet verstuurd", "Not sent yet";
    UnsentOne => "Je hebt 1 wijziging die nog niet verstuurd is.", "You have 1 change that has not been sent yet.";
    UnsentMany => "Je hebt {} wijzigingen die nog niet verstuurd zijn.", "You have {} changes that have not been sent yet.";
    UnsentUnknown => "Het lukte niet om na te gaan of er nog wijzigingen wachten.", "Could not check whether changes are still waiting.";
    UnsentKept => "Als je uitlogt, blijven ze op dit apparaat bewaard. Ze worden verstuurd zodra je hier weer inlogt. Iemand anders die hier inlogt, ziet en verstuurt ze niet.", "If you sign out, they stay on this device. They are sent as soon as you sign in here again. Someone else who signs in here does not see or send them.";
    UnsentKeptOne => "Als je uitlogt, blijft die op dit apparaat bewaard. Ze wordt verstuurd zodra je hier weer inlogt. Iemand anders die hier inlogt, ziet en verstuurt die niet.", "If you sign out, it stays on this device. It is sent as soon as you sign in here again. Someone else who signs in here does not see or send it.";
    SignOutKeep => "Uitloggen en bewaren", "Sign out and keep them";
    SignOutDiscard => "Weggooien en uitloggen", "Throw away and sign out";
    Cancel => "Annuleren", "Cancel";
    DirectoryTitle => "Professionals in de wijk", "Professionals in the neighbourhood";
    ReferralHeading => "Verwijzen (voor professionals)", "Referring (for professionals)";
    IntakeRequired => "Er is eerst een intakegesprek.", "There is an intake interview first.";
    NoIntake => "Geen intake nodig.", "No intake needed.";
    WaitingTime => "Wachttijd", "Waiting time";
    Coverage => "Vergoeding", "Coverage";
    ReferralContact => "Contactpersoon voor verwijzers", "Contact for referrers";
    DirectorySearch => "Zoek op naam, functie, organisatie of buurt", "Search by name, role, organisation or area";
    DirectoryOnlyForProfessionals => "Dit overzicht is alleen voor professionals.", "This directory is for professionals only.";
    NewOffering => "Nieuw aanbod", "New offering";
    SignInToPublish => "Log in om aanbod in de gids te zetten of te wijzigen.", "Sign in to put offerings in the guide or change them.";
    NoOfferingsYet => "Er staat nog geen aanbod van je organisatie in de gids.", "There are no offerings of your organisation in the guide yet.";
    ArchivedOfferings => "Gearchiveerd ({})", "Archived ({})";
    SavedDraft => "{}: opgeslagen als concept. Bewoners zien het nog niet.", "{}: saved as a draft. Residents do not see it yet.";
    SavedForReview => "{}: opgeslagen. Een beheerder kijkt het eerst na; daarna zien bewoners het.", "{}: saved. A coordinator checks it first; then residents see it.";
    SavedPublished => "{}: opgeslagen. Bewoners zien het zo.", "{}: saved. Residents see it like this.";
    SavedPaused => "{}: tijdelijk gestopt. Bewoners zien dat het even niet doorgaat.", "{}: paused. Residents see that it is not on for now.";
    SavedArchived => "{}: gearchiveerd. Je vindt het onder Gearchiveerd.", "{}: archived. You find it under Archived.";
    SavedStillCurrent => "{}: bevestigd dat het nog klopt.", "{}: confirmed as still right.";
    WaitingToSend => "Wacht op versturen", "Waiting to be sent";
    NeedsDecision => "Kies wat er moet gebeuren", "Needs your decision";
    EditOfferingTitle => "Aanbod bewerken", "Edit offering";
    CurrentStatus => "Status: {}", "Status: {}";
    FieldTitle => "Titel", "Title";
    FieldSummary => "Korte uitleg", "Short summary";
    FieldSummaryHelp => "Eén zin in gewone woorden.", "One sentence in plain words.";
    FieldDescription => "Beschrijving", "Description";
    FieldDimensions => "Positieve Gezondheid", "Positive Health";
    FieldDimensionsHelp => "Bij welke delen van het leven helpt dit? Bijvoorbeeld ‘Meedoen’ als mensen elkaar ontmoeten, ‘Lichaamsfuncties’ bij bewegen. Huisartsen zoeken hierop.", "Which parts of life does this help with? For example ‘Participation’ when people meet, ‘Bodily functions’ for exercise. GPs search on these.";
    FieldMinAge => "Vanaf leeftijd", "From age";
    FieldMaxAge => "Tot en met leeftijd", "Up to age";
    FieldHowToJoin => "Hoe doe je mee?", "How to join?";
    FieldSignUp => "Aanmelden", "Signing up";
    FieldPlaceName => "Naam van de plek", "Name of the place";
    FieldAddress => "Adres", "Address";
    FieldPostcode => "Postcode", "Postcode";
    FieldCity => "Plaats", "Town";
    FieldPhone => "Telefoon", "Phone";
    Preview => "Zo ziet het eruit", "Preview";
    Save => "Opslaan", "Save";
    Publish => "Zet in de gids", "Put in the guide";
    StillCurrent => "Alles klopt nog", "Everything is still right";
    Pause => "Tijdelijk stoppen", "Pause";
    Archive => "Haal uit de gids", "Take out of the guide";
    ArchiveConfirm => "Uit de gids halen? Bewoners zien dit aanbod dan niet meer. Je vindt het terug onder Gearchiveerd; terugzetten moet een beheerder goedkeuren.", "Take it out of the guide? Residents will no longer see this offering. You find it again under Archived; putting it back needs a coordinator's approval.";
    FixProblems => "Er klopt nog iets niet. Kijk bij de meldingen onder de velden.", "Something is not right yet. See the messages under the fields.";
    NotSaved => "Niet opgeslagen: de opslag op dit apparaat gaf een fout.", "Not saved: the storage on this device failed.";
    Approve => "Goedkeuren", "Approve";
    SendBack => "Terug naar concept", "Back to draft";
    PendingHeading => "Wacht op goedkeuring", "Waiting for approval";
    NothingPending => "Er wacht niets op goedkeuring.", "Nothing is waiting for approval.";
    StaleHeading => "Langer dan {} maanden niet gecontroleerd", "Not checked for more than {} months";
    NothingStale => "Al het aanbod dat bewoners zien is in de laatste {} maanden gecontroleerd.", "Every offering residents see has been checked in the last {} months.";
    // HSDS import (Beheer)
    ImportHeading => "Aanbod importeren", "Import offerings";
    ImportLead => "Heb je een sociale kaart in het Open Referral-formaat (HSDS 3.0)? Kies het JSON-bestand, of alle CSV-bestanden uit de spreadsheet (samen hooguit 4 MB). Je ziet eerst wat er verandert. Er wordt pas iets opgeslagen als je op Importeren drukt.", "Do you have a social map in the Open Referral format (HSDS 3.0)? Choose the JSON file, or all the CSV files from the spreadsheet (at most 4 MB together). You first see what changes. Nothing is saved until you press Import.";
    ImportFiles => "Bestanden (JSON of CSV)", "Files (JSON or CSV)";
    ImportChecking => "De bestanden worden gecontroleerd…", "Checking the files…";
    ImportReportHeading => "Wat de import doet", "What the import does";
    ImportProblems => "{} problemen gevonden. Er is niets opgeslagen. Verbeter het bestand en kies het opnieuw.", "{} problems found. Nothing has been saved. Correct the file and choose it again.";
    ImportProblem => "1 probleem gevonden. Er is niets opgeslagen. Verbeter het bestand en kies het opnieuw.", "1 problem found. Nothing has been saved. Correct the file and choose it again.";
    ImportProblemsHeading => "Problemen", "Problems";
    ImportWould => "Gecontroleerd: {}, {}, {} al zo in de gids.", "Checked: {}, {}, {} already in the guide like this.";
    // Each count of the report in the singular for 1 (walkthrough: "1 changed offerings").
    CountNewOfferings => "{} nieuw aanbod", "{} new offerings";
    CountNewOffering => "1 nieuw aanbod", "1 new offering";
    CountChangedOfferings => "{} gewijzigd aanbod", "{} changed offerings";
    CountChangedOffering => "1 gewijzigd aanbod", "1 changed offering";
    ImportNotYet => "Nog niets opgeslagen.", "Nothing saved yet.";
    ImportOrganisations => "Organisaties: {} nieuw, {} gewijzigd.", "Organisations: {} new, {} changed.";
    ImportOrganisationsChecked => "Organisaties: {} nieuw, {} gewijzigd, {} al zo in de gids.", "Organisations: {} new, {} changed, {} already in the guide like this.";
    ImportNothingKept => "Er verandert niets in de gids. Wat het bestand voor {} velden geeft is niet compleet: daar houdt de gids zijn eigen waarde (zie Opmerkingen). Verbeter het bestand en kies het opnieuw.", "Nothing changes in the guide. What the file gives for {} fields is not complete: there the guide keeps its own value (see Notes). Correct the file and choose it again.";
    ImportNothingKeptOne => "Er verandert niets in de gids. Wat het bestand voor 1 veld geeft is niet compleet: daar houdt de gids zijn eigen waarde (zie Opmerkingen). Verbeter het bestand en kies het opnieuw.", "Nothing changes in the guide. What the file gives for 1 field is not complete: there the guide keeps its own value (see Notes). Correct the file and choose it again.";
    ImportChangesWithProblems => "Zo gaat het als de problemen zijn verbeterd", "This is what happens once the problems are corrected";
    ImportNotJsonAt => "Dit bestand is geen JSON: op regel {}, teken {} klopt iets niet. Misschien is het niet helemaal opgeslagen.", "This file is not JSON: something is wrong on line {}, character {}. Perhaps it was not saved completely.";
    ImportWouldDrafts => "Concept (nog niet te zien voor bewoners): {}.", "Draft (not yet shown to residents): {}.";
    ImportNothing => "Alles in deze bestanden staat al zo in de gids. Er hoeft niets te veranderen.", "Everything in these files is already in the guide like this. Nothing needs to change.";
    ImportChangesHeading => "Nieuw of gewijzigd", "New or changed";
    ImportNewOffering => "Nieuw aanbod", "New offering";
    ImportNewOrganisation => "Nieuwe organisatie", "New organisation";
    ImportChangedOffering => "Gewijzigd aanbod", "Changed offering";
    ImportChangedOrganisation => "Gewijzigde organisatie", "Changed organisation";
    ImportChosen => "Gekozen: {}.", "Chosen: {}.";
    ImportNotesHeading => "Opmerkingen", "Notes";
    ImportNotesLead => "Dit neemt de gids anders over dan het in het bestand staat. Het belangrijkste staat bovenaan.", "The guide takes this over differently from the file. The most important comes first.";
    ImportDraft => "Wordt een concept: nog niet te zien voor bewoners.", "Becomes a draft: not yet shown to residents.";
    ImportMissing => "Nog nodig: {}", "Still needed: {}";
    ImportFieldsChange => "Wijzigt: {}", "Changes: {}";
    ImportLinked => "Gekoppeld aan {} in de gids", "Linked to {} in the guide";
    // A list cut short: "„A”, „B” en 3 andere"; whole: "„A” en „B”".
    ImportAndMore => "{} en {} andere", "{} and {} more";
    ImportAnd => "{} en {}", "{} and {}";
    NoteAbout => "Gaat over: {}", "About: {}";
    ImportDraftsDone => "{} als concept: nog niet te zien voor bewoners. Je maakt ze af met de links hieronder.", "{} as drafts: not yet shown to residents. You finish them with the links below.";
    ImportDraftDone => "1 als concept: nog niet te zien voor bewoners. Je maakt het af met de link hieronder.", "1 as a draft: not yet shown to residents. You finish it with the link below.";
    ImportFinish => "{} afmaken", "Finish {}";
    ImportJump => "Naar Aanbod importeren", "Go to importing offerings";
    ImportAt => "Plek: {}", "Place: {}";
    ImportValue => "Gevonden: {}", "Found: {}";
    ImportTimes => "{}×", "{}×";
    // A problem: the field first, then what is wrong with it.
    ImportField => "Veld {}", "Field {}";
    FindNotOneOf => "{} is geen toegestane waarde. Kies uit: {}.", "{} is not an allowed value. Choose from: {}.";
    FindWrongType => "{} is hier niet goed: hier hoort {}.", "{} does not belong here: this needs {}.";
    FindRequired => "ontbreekt. Dit veld is verplicht.", "is missing. This field is required.";
    FindBadFormat => "{} heeft niet de goede vorm: hier hoort {}.", "{} is not in the right form: this needs {}.";
    FindTooLong => "is te lang: hooguit {} tekens.", "is too long: at most {} characters.";
    FindTooShort => "is te kort: minstens {} tekens.", "is too short: at least {} characters.";
    FindSchema => "klopt niet met de standaard (HSDS 3.0).", "does not match the standard (HSDS 3.0).";
    FindUnreadable => "kan niet worden gelezen: de opbouw klopt niet met HSDS 3.0.", "cannot be read: its structure does not match HSDS 3.0.";
    FindDuplicateId => "Nog een dienst met id {}. Elke dienst heeft een eigen id.", "Another service with id {}. Each service has an id of its own.";
    FindOrganizationMismatch => "organization_id is niet het id van de organisatie bij deze dienst.", "organization_id is not the id of this service's organization.";
    FindOrganizationMissing => "Geen organisatie met id {} in het bestand of in de gids.", "No organization with id {} in the file or in the guide.";
    FindOrganizationFileNotChosen => "{} is niet gekozen: kies het ook.", "{} was not chosen: choose it too.";
    FindNotJson => "Dit bestand is geen JSON. Misschien is het niet helemaal opgeslagen.", "This file is not JSON. Perhaps it was not saved completely.";
    FindFileType => "Dit is geen .json- of .csv-bestand.", "This is not a .json or .csv file.";
    FindNotHsds => "Dit is geen HSDS: geen dienst, lijst van diensten of organisatie.", "This is not HSDS: not a service, a list of services or an organization.";
    FindNotANumber => "{} is geen getal. Hier hoort een getal.", "{} is not a number. This needs a number.";
    FindCsvUnreadable => "Dit CSV-bestand kan niet worden gelezen. Sla het opnieuw op als CSV (UTF-8).", "This CSV file cannot be read. Save it again as CSV (UTF-8).";
    FindRepeatedId => "Id {} staat ook op rij {} van dit bestand. Een id mag maar één keer in een bestand staan.", "Id {} is also on row {} of this file. An id may be in a file only once.";
    FindNoServices => "Geen diensten gevonden: services.csv ontbreekt of is leeg.", "No services found: services.csv is missing or empty.";
    FindPackagePath => "datapackage.json noemt {}: dat is geen bestand in deze map.", "datapackage.json names {}: that is not a file in this folder.";
    FindMoreProblems => "En nog {} problemen.", "And {} more problems.";
    FindMoreProblem => "En nog 1 probleem.", "And 1 more problem.";
    FindMoreNotes => "En nog {} opmerkingen.", "And {} more notes.";
    FindMoreNote => "En nog 1 opmerking.", "And 1 more note.";
    FindOrganizationRows => "{} rijen noemen dit id.", "{} rows name this id.";
    FindOrganizationServices => "{} diensten noemen dit id.", "{} services name this id.";
    // A group of notes.
    NoteLinkedByKvk => "Organisatie gekoppeld aan {} in de gids (zelfde KvK-nummer). Er komt geen tweede bij.", "Organisation linked to {} in the guide (same KvK number). No second one is made.";
    NoteKeptLive => "{} blijft zoals in de gids, want het bestand geeft {}, en dat is niet compleet voor de gids. Het aanbod blijft zichtbaar voor bewoners.", "{} stays as in the guide, because the file gives {}, which is not complete for the guide. The offering stays visible to residents.";
    NoteKeptStored => "{} blijft zoals in de gids, want het bestand geeft {}.", "{} stays as in the guide, because the file gives {}.";
    // What the file gives when it gives nothing usable is said by the core's
    // `hsds::given` ("geen tijd"), as every quoted value of the report.
    NoteSameName => "Er staat al aanbod met deze naam in de gids: {}. Bewoners zien dan beide. Geef het een andere naam of laat het weg als het hetzelfde is.", "The guide already has an offering with this name: {}. Residents would see both. Give it another name, or leave it out if it is the same.";
    NoteNoCost => "geen prijs in het bestand: als gratis opgenomen", "no price in the file: taken as free";
    NoteFileNotChosen => "niet gekozen: {}. Wat daarin staat blijft zoals het in de gids staat.", "not chosen: {}. What they hold stays as it is in the guide.";
    NoteLinkedByName => "Organisatie gekoppeld aan {} in de gids (zelfde naam). Er komt geen tweede bij.", "Organisation linked to {} in the guide (same name). No second one is made.";
    NoteTagsCapped => "te veel zoekwoorden: er zijn er {} niet bewaard (hooguit 20 per aanbod).", "too many search words: {} not kept (at most 20 per offering).";
    NoteTagCapped => "te veel zoekwoorden: er is er 1 niet bewaard (hooguit 20 per aanbod).", "too many search words: 1 not kept (at most 20 per offering).";
    NoteForeignTerm => "term van een ander systeem, bewaard als zoekwoord: {}", "term of another system, kept as a search word: {}";
    NoteUnknownTerm => "term van een ander systeem niet bewaard: {}", "term of another system not kept: {}";
    NoteScheduleDropped => "schema niet bewaard: de gids kent alleen wekelijks en maandelijks ({}).", "schedule not kept: the guide knows only weekly and monthly ({}).";
    NoteScheduleRule => "deel van een schema niet bewaard: {}. Zet het schema in de gids goed.", "part of a schedule not kept: {}. Set the schedule right in the guide.";
    NoteScheduleNotes => "opmerking bij de tijden, komt in de beschrijving: {}", "note on the times, goes into the description: {}";
    NoteTimeOffset => "tijd met een tijdzone, gelezen als Nederlandse tijd: {}", "time with a time zone, read as Dutch time: {}";
    NoteNotKeptValue => "niet bewaard, geen geldige waarde voor {}: {}", "not kept, not a valid value for {}: {}";
    NoteFirstOnly => "alleen de eerste bewaard: veld {}", "only the first kept: field {}";
    NoteCostUnit => "prijs zonder eenheid die de gids kent, gelezen als per keer: {}", "price without a unit the guide knows, read as per session: {}";
    NoteContactDropped => "contactgegeven van de organisatie niet bewaard: {}", "organisation's contact detail not kept: {}";
    NoteNoSummary => "geen korte uitleg: de eerste zin van de beschrijving is genomen.", "no short summary: the first sentence of the description is used.";
    NoteNoKind => "geen soort aanbod: „Van een organisatie” genomen.", "no kind of offering: taken as “From an organisation”.";
    NoteNoSignUp => "niet gezegd hoe je meedoet: „Gewoon binnenlopen” genomen.", "no way to sign up: taken as “Just walk in”.";
    NoteNoOrganisationKind => "geen soort organisatie: welzijn genomen.", "no kind of organisation: taken as welfare.";
    NoteExtensionWithoutValue => "extra veld zonder waarde: niet bewaard.", "extension field without a value: not kept.";
    NoteNotKeptFields => "niet bewaard, de gids heeft deze velden niet: {}", "not kept, the guide has no such fields: {}";
    ImportConfirm => "Importeren", "Import";
    ImportWorking => "Bezig met importeren…", "Importing…";
    ImportDone => "Geïmporteerd: {}, {}.", "Imported: {}, {}.";
    // What devices fetch, as imported: new offerings, changes, or both
    // (walkthrough: "fetch the new offerings" after 0 new, 1 changed).
    ImportFetchedNew => "Telefoons en computers halen het nieuwe aanbod op zodra ze online zijn.", "Phones and computers fetch the new offerings as soon as they are online.";
    ImportFetchedChanges => "Telefoons en computers halen de wijzigingen op zodra ze online zijn.", "Phones and computers fetch the changes as soon as they are online.";
    ImportFetchedBoth => "Telefoons en computers halen het nieuwe aanbod en de wijzigingen op zodra ze online zijn.", "Phones and computers fetch the new offerings and the changes as soon as they are online.";
    ImportTooLarge => "De bestanden zijn samen te groot (meer dan 4 MB). Importeer ze in delen.", "The files are too large together (over 4 MB). Import them in parts.";
    ImportUnreadable => "Een bestand kon niet worden gelezen.", "A file could not be read.";
    ImportFailed => "Dat is niet gelukt: {}. Er is niets opgeslagen.", "That did not work: {}. Nothing has been saved.";
    ImportProblemsLead => "Bij elk probleem staat de plek in het bestand: de dienst (geteld vanaf 1) en het veld, of het CSV-bestand met rij en kolom zoals de spreadsheet ze noemt.", "Each problem gives its place in the file: the service (counted from 1) and the field, or the CSV file with row and column as the spreadsheet names them.";
    ReferSignInForDetails => "Je ziet nu wat bewoners zien. Log in als professional voor de gegevens om te verwijzen: wie je belt en hoe je verwijst.", "You now see what residents see. Sign in as a professional for the details to refer: whom to call and how to refer.";
    ReferLead => "Kies wat belangrijk is voor de persoon en waar rekening mee moet worden gehouden. Er wordt niets over de persoon opgeslagen of verstuurd.", "Choose what matters to the person and what to take into account. Nothing about the person is stored or sent.";
    ReferLimits => "Waar moet rekening mee worden gehouden?", "What to take into account?";
    ReferAge => "Leeftijd", "Age";
    ReferDays => "Op welke dagen kan de persoon?", "Which days can the person go?";
    ReferFits => "Wat past", "What fits";
    Covers => "Past bij: {}", "Fits: {}";
    OnTheSlip => "Op de verwijsbrief", "On the referral slip";
    SlipTitle => "Verwijsbrief", "Referral slip";
    SlipQrLabel => "QR-code: open dit aanbod in de Wijkgids", "QR code: open these offerings in the Wijkgids";
    ReferralTitle => "Tips van je huisarts", "Tips from your GP";
    ReferralLead => "Je huisarts of hulpverlener heeft dit aanbod voor je uitgezocht.", "Your GP or care worker picked these offerings for you.";
    ReferralBadLink => "Deze link klopt niet helemaal. Zoek het aanbod in de gids.", "This link is not quite right. Look for the offerings in the guide.";
    // refer
    ReferNeedsLegend => "Wat is belangrijk voor de persoon?", "What matters to the person?";
    ReferNeedsHelp => "Aanbod dat bij minstens één keuze past; wat bij de meeste past eerst.", "Offerings that fit at least one choice; those that fit most come first.";
    ReferWho => "Hoort de persoon bij een van deze groepen?", "Does the person belong to one of these groups?";
    ReferWhoHelp => "Aanbod voor die groep komt eerst. Aanbod alleen voor vrouwen valt weg voor een man, en andersom.", "Offerings for that group come first. Offerings only for women are left out for a man, and the other way round.";
    ReferLittleMoney => "Weinig geld: gratis of goedkoop", "Little money: free or cheap";
    ReferCannotWalkFar => "Kan niet ver lopen", "Cannot walk far";
    ReferCannotWalkFarHelp => "Alleen aanbod bij de persoon thuis, online, met vervoer of in de eigen wijk.", "Only offerings at the person's home, online, with transport or in their own neighbourhood.";
    ReferNoHome => "Kies waar de persoon woont: dan komt aanbod in die wijk erbij.", "Choose where the person lives: offerings in that neighbourhood are added.";
    ReferLivesIn => "Woont in", "Lives in";
    ReferLivesInNone => "Niet gekozen", "Not chosen";
    ReferMore => "Meer: dagen en talen", "More: days and languages";
    ReferFitCount => "{} passen bij wat je koos", "{} fit what you chose";
    ReferFitCountOne => "1 past bij wat je koos", "1 fits what you chose";
    ReferPickName => "{} op de verwijsbrief", "{} on the referral slip";
    ReferPicked => "{} staat op de verwijsbrief. {} gekozen: de knop onderaan brengt je naar de brief.", "{} is on the referral slip. {} chosen: the button at the bottom takes you to the slip.";
    ReferUnpicked => "{} is van de verwijsbrief gehaald. {} gekozen.", "{} was taken off the referral slip. {} chosen.";
    ReferSlipFull => "Op één verwijsbrief passen er {}.", "One referral slip holds {}.";
    SlipBarChosen => "{} gekozen", "{} chosen";
    SlipBarTo => "Naar de brief", "To the slip";
    SlipLanguage => "Taal van de brief", "Language of the slip";
    SlipPractice => "Naam van de praktijk (mag leeg, blijft op dit apparaat)", "Name of the practice (optional, stays on this device)";
    SlipWhen => "Wanneer", "When";
    SlipWhere => "Waar", "Where";
    SlipCost => "Kosten", "Cost";
    SlipJoin => "Meedoen", "How to join";
    SlipContact => "Contact", "Contact";
    SlipQrCaption => "Scan met je telefoon: dan zie je dit aanbod in de Wijkgids.", "Scan with your phone to see these offerings in the Wijkgids.";
    SlipShare => "Link kopiëren / Delen", "Copy link / Share";
    SlipRemove => "Haal {} van de brief", "Take {} off the slip";
    // refer: a new person, what a pick or a removal did, the short bar
    ReferNew => "Nieuwe verwijzing", "New referral";
    ReferCleared => "Alles gewist voor een nieuwe persoon.", "Everything cleared for a new person.";
    ReferPutBack => "Zet terug wat er stond", "Put back what was there";
    ReferPutBackDone => "Teruggezet.", "Put back.";
    SlipEmpty => "De verwijsbrief is leeg.", "The referral slip is empty.";
    SlipBarShort => "Brief ({})", "Slip ({})";
    NavDirectory => "Professionals", "Professionals";
    ScheduleNumber => "Tijd {}", "Time {}";
    ScheduleMonthly => "Eén keer per maand of minder (bijvoorbeeld elke eerste zaterdag)", "Once a month or less (for example every first Saturday)";
    ScheduleFrom => "Begint om", "Starts at";
    ScheduleUntil => "Eindigt om", "Ends at";
    ScheduleStarts => "Vanaf datum (mag leeg)", "From date (may be empty)";
    ScheduleEnds => "Tot en met datum (mag leeg)", "Until date (may be empty)";
    ScheduleAdd => "Tijd toevoegen", "Add a time";
    ScheduleRemove => "Deze tijd weghalen", "Remove this time";
    ConflictTitle => "Twee versies", "Two versions";
    ConflictLead => "Iemand anders heeft dit aanbod ook veranderd. Wat maar aan één kant veranderde, is al samengevoegd. Kies per onderdeel welke versie blijft.", "Someone else changed this offering too. What changed on one side only is merged already. Choose which version stays for each part.";
    NoConflict => "Hier hoef je niets te kiezen.", "There is nothing to choose here.";
    NoTitleYet => "(nog geen titel)", "(no title yet)";
    OfferingsHeading => "Aanbod", "Offerings";
    AllOrganisations => "Alle organisaties", "All organisations";
    RefusedTitle => "Je wijziging is niet aangenomen", "Your change was not accepted";
    RefusedLead => "De server heeft je wijziging niet opgeslagen. Je wijziging staat nog op dit apparaat.", "The server did not save your change. Your change is still on this device.";
    Refused => "Niet aangenomen: bekijk waarom", "Not accepted: see why";
    FixEdit => "Aanpassen en opnieuw versturen", "Fix it and send again";
    DiscardEdit => "Mijn wijziging weggooien", "Discard my change";
    YourVersion => "Jouw versie", "Your version";
    ServerVersion => "De andere versie", "The other version";
    SaveChoices => "Opslaan en versturen", "Save and send";
    ChooseEveryField => "Kies bij elk onderdeel een versie.", "Choose a version for every part.";
    ChoicesSaved => "Je keuzes zijn bewaard en worden verstuurd.", "Your choices are saved and will be sent.";
    ChooseNow => "Kies nu", "Choose now";
    SendBackReason => "Waarom terug naar concept? (de organisator ziet dit)", "Why back to draft? (the publisher sees this)";
    SentBackBecause => "Teruggestuurd door de beheerder: {}", "Sent back by the coordinator: {}";
    StatusSessionEnded => "Je bent uitgelogd. Log opnieuw in.", "You were signed out. Please sign in again.";
    StatusFailed => "Probleem met de opslag: {}", "Problem with the storage: {}";
    HomeLead => "Wat is er te doen in de wijk? Zoek iets voor jezelf of voor een ander.", "What is on in the neighbourhood? Find something for yourself or for someone else.";
    SearchLabel => "Zoek in de wijkgids", "Search the guide";
    SearchPlaceholder => "Bijvoorbeeld: wandelen, taal, geld", "For example: walking, language, money";
    SearchButton => "Zoeken", "Search";
    NeedsHeading => "Waar zoek je hulp bij?", "What do you need help with?";
    TodayHeading => "Vandaag in de wijk", "Today in the neighbourhood";
    NothingToday => "Vandaag staat er niets in de agenda.", "Nothing on the agenda today.";
    TomorrowHeading => "Morgen in de wijk", "Tomorrow in the neighbourhood";
    NothingTomorrow => "Morgen staat er niets in de agenda.", "Nothing on the agenda tomorrow.";
    AllOfTomorrow => "Alles van morgen", "Everything tomorrow";
    TryTomorrow => "Kijk wat er morgen is", "See what is on tomorrow";
    WholeAgenda => "Bekijk de hele agenda", "See the whole agenda";
    ResultsTitle => "Zoeken", "Search";
    ResultsHeading => P::RESULTS[0], P::RESULTS[1];
    ResultsTitleFor => "Zoeken naar „{}”", "Search for “{}”";
    ResultsCount => P::FOUND[0], P::FOUND[1];
    ResultsCountSoFar => "{} gevonden tot nu toe: de gids wordt nog geladen", "{} found so far: the guide is still loading";
    ResultsNone => "Niets gevonden. Probeer een ander woord of haal een filter weg.", "Nothing found. Try another word or remove a filter.";
    ResultsNoneTryAnotherWord => P::NOTHING_FOUND_TRY_ANOTHER_WORD[0], P::NOTHING_FOUND_TRY_ANOTHER_WORD[1];
    // search: every result reachable, words as filters, nothing found
    ShowMore => "Toon meer", "Show more";
    ResultsShown => P::SHOWN_OF[0], P::SHOWN_OF[1];
    RelatedHeading => "Ook over dit onderwerp", "Also on this subject";
    RelatedNote => "Deze passen niet bij je woorden, wel bij het onderwerp.", "These do not match your words, but they are on the same subject.";
    RelatedAnnounced => "Daaronder {} suggesties over hetzelfde onderwerp.", "Below them, {} suggestions on the same subject.";
    FiltersFromWords => "Gekozen uit wat je typte: {}", "Chosen from what you typed: {}";
    FilterDays => "Dag", "Day";
    NothingFoundNeeds => "Kies waar je hulp bij zoekt", "Choose what you need help with";
    NothingFoundTeam => "Vraag het wijkteam", "Ask the neighbourhood team";
    NothingFoundTeamLead => "Het wijkteam helpt je met elke vraag over zorg, geld, opvoeden en meedoen. Bellen mag altijd.", "The neighbourhood team helps with any question about care, money, raising children and taking part. You are always welcome to call.";
    ResultsPartly => "Niets past bij alle woorden. Dit past bij een deel ervan.", "Nothing matches every word. These match some of them.";
    FiltersHeading => "Filters", "Filters";
    MoreFilters => P::MORE_FILTERS[0], P::MORE_FILTERS[1];
    ClearFilters => "Alle filters weg", "Remove all filters";
    FilterFree => "Gratis", "Free";
    FilterWheelchair => "Rolstoel kan erin", "Wheelchair access";
    FilterThemes => "Thema", "Theme";
    FilterKind => "Soort aanbod", "Kind of offering";
    FilterAreas => "Buurt", "Area";
    FilterNeed => "Hulp bij", "Help with";
    Free => P::FREE[0], P::FREE[1];
    Next => "Volgende keer: {}", "Next time: {}";
    ByAppointment => "Op afspraak", "By appointment";
    Paused => P::PAUSED[0], P::PAUSED[1];
    OfferingNotFound => "Dit aanbod staat niet in de gids", "This offering is not in the guide";
    OfferingNotFoundHelp => "Misschien is het weggehaald, of is de gids nog niet bijgewerkt. Zoek opnieuw:", "It may have been removed, or the guide is not up to date yet. Search again:";
    BackToSearch => "Naar zoeken", "Go to search";
    WhatHeading => "Wat is het?", "What is it?";
    ForWhomHeading => "Voor wie?", "Who is it for?";
    WhenHeading => "Wanneer?", "When?";
    NextDates => "De komende keren", "The next times";
    NoNextDates => "Geen datums bekend in de komende tijd.", "No dates known for the coming period.";
    WhereHeading => "Waar?", "Where?";
    OnMap => "Bekijk op de kaart", "See on the map";
    CostHeading => "Wat kost het?", "What does it cost?";
    CostPaid => "Je betaalt een bedrag", "You pay an amount";
    CostCovered => "Iemand anders betaalt (bijvoorbeeld de gemeente)", "Someone else pays (for example the municipality)";
    FieldAmount => "Bedrag in euro", "Amount in euro";
    FieldAmountHelp => "Bijvoorbeeld 5 of 2,50.", "For example 5 or 2.50.";
    FieldCostUnit => "Hoe vaak?", "How often?";
    FieldCoveredBy => "Wie betaalt?", "Who pays?";
    FieldCostNote => "Over de kosten (mag leeg)", "About the cost (may be empty)";
    CoveredBy => "Je betaalt niets: {}", "You pay nothing: {}";
    JoinHeading => "Hoe doe je mee?", "How to join?";
    ContactHeading => "Contact", "Contact";
    Call => "Bel {}", "Call {}";
    Mail => "Mail {}", "E-mail {}";
    Website => "Website", "Website";
    AccessHeading => "Toegankelijk", "Accessibility";
    LanguagesHeading => "Talen", "Languages";
    Ages => "Leeftijd: {}", "Age: {}";
    AgesFrom => "vanaf {} jaar", "from {} years";
    AgesUpTo => "tot en met {} jaar", "up to {} years";
    AgesBetween => "{} tot en met {} jaar", "{} to {} years";
    OrganiserHeading => "Wie organiseert het?", "Who organises it?";
    CheckedOn => "Laatst gecontroleerd op {}", "Last checked on {}";
    NotChecked => "Nog niet gecontroleerd", "Not checked yet";
    AddToCalendar => "Zet in je telefoonagenda", "Add to your phone's calendar";
    Share => "Delen", "Share";
    LinkCopied => "De link is gekopieerd.", "The link is copied.";
    Print => "Printen", "Print";
    FavouriteAdd => "Bewaar als favoriet", "Save as favourite";
    FavouriteRemove => "Haal weg uit favorieten", "Remove from favourites";
    FavouriteAdded => "Bewaard bij je favorieten, op dit apparaat.", "Saved in your favourites, on this device.";
    FavouriteRemoved => "Weggehaald uit je favorieten.", "Removed from your favourites.";
    AgendaTitle => "Agenda", "Agenda";
    AgendaLead => "Wat er te doen is van vandaag tot en met {}.", "What is on from today up to and including {}.";
    // times
    SessionGoingOn => "Nu bezig: {}", "On now: {}";
    SessionOver => "Afgelopen: {}", "Over: {}";
    TodayLower => "vandaag", "today";
    TomorrowLower => "morgen", "tomorrow";
    ByAppointmentOpenNow => "Op afspraak · nu open", "By appointment · open now";
    NotOnDay => "Niet op {}", "Not on {}";
    NotOnDays => "Niet op {} – {}", "Not on {} – {}";
    NothingMoreToday => "Vandaag is er verder niets meer.", "Nothing more today.";
    Cancelled => "Gaat niet door", "Cancelled";
    OverToday => "Vandaag al afgelopen ({})", "Already over today ({})";
    OverMark => "afgelopen", "over";
    OpeningHours => "Openingstijden", "Opening hours";
    OpenNow => "Nu open", "Open now";
    ClosedNow => "Nu gesloten", "Closed now";
    ByAppointmentHelp => "Maak een afspraak: bel of mail. Je kunt niet zomaar binnenlopen.", "Make an appointment: call or e-mail. You cannot just walk in.";
    FiltersChosen => "{} gekozen", "{} chosen";
    CalendarDownloaded => "Het bestand {} staat in je downloads. Open het: je telefoon vraagt dan of je het in je agenda wilt zetten.", "The file {} is in your downloads. Open it: your phone then asks whether to add it to your calendar.";
    CalendarFailed => "Het bestand kon niet gemaakt worden. Schrijf de tijden over uit ‘Wanneer?’.", "The file could not be made. Copy the times from ‘When?’.";
    Today => "Vandaag", "Today";
    NothingThisDay => "Niets op deze dag.", "Nothing on this day.";
    FavouritesTitle => "Favorieten", "Favourites";
    FavouritesLead => "Je favorieten blijven op dit apparaat. Niemand anders ziet ze.", "Your favourites stay on this device. Nobody else sees them.";
    FavouritesNone => "Je hebt nog geen favorieten. Kies ‘Bewaar als favoriet’ bij een aanbod.", "You have no favourites yet. Choose ‘Save as favourite’ on an offering.";
    FavouriteGone => "Dit aanbod staat niet meer in de gids.", "This offering is no longer in the guide.";
    SettingsTitle => "Instellingen", "Settings";
    LanguageHeading => "Taal", "Language";
    LanguageHelp => "Kies de taal van de app.", "Choose the language of the app.";
    DataHeading => "Gegevens op dit apparaat", "Data on this device";
    DataCount => "Activiteiten en hulp op dit apparaat: {}", "Activities and services on this device: {}";
    DataStatus => "De gids: {}", "The guide: {}";
    DataClear => "Wis de gids op dit apparaat", "Clear the guide on this device";
    DataClearConfirm => "De gids op dit apparaat wissen? Hij wordt daarna opnieuw opgehaald. Wat je nog niet verstuurd hebt, blijft bewaard.", "Clear the guide on this device? It is fetched again afterwards. What you have not sent yet is kept.";
    DataClearFailed => "Wissen lukte niet: {}", "Clearing failed: {}";
    AboutHeading => "Over de app", "About the app";
    AboutText => "Wijkgids laat zien wat er in de wijk te doen is, en bij wie je terecht kunt. De app werkt ook zonder internet.", "Wijkgids shows what is on in the neighbourhood, and whom you can turn to. The app also works without internet.";
    Version => "Versie {} (build {})", "Version {} (build {})";
    UpdateWaiting => "Nieuwe versie beschikbaar.", "A new version is available.";
    UpdateNow => "Nu vernieuwen", "Reload now";
    UpdateAfterEdit => "Sla eerst je wijziging op. Daarna kun je vernieuwen.", "Save your change first. Then you can reload.";
    InstallHeading => "De app op je telefoon", "The app on your phone";
    InstallHelp => "Zet de wijkgids op je beginscherm. Dan open je hem met één tik, ook zonder internet.", "Put the guide on your home screen. Then it opens with one tap, also without internet.";
    InstallButton => "Installeer de app", "Install the app";
    InstallHowTo => "Kies in het menu van je browser: 'Toevoegen aan startscherm' of 'App installeren'.", "In your browser's menu, choose 'Add to Home screen' or 'Install app'.";
    DataSize => "De gids neemt {} ruimte in op dit apparaat.", "The guide takes up {} on this device.";
    AccessibilityLink => "Toegankelijkheid", "Accessibility";
    A11yTitle => "Toegankelijkheidsverklaring", "Accessibility statement";
    A11yIntro => "Iedereen moet de Wijkgids kunnen gebruiken: ook met een oude telefoon, een trage verbinding, een schermlezer, alleen een toetsenbord of grote letters.", "Everyone should be able to use Wijkgids: also with an old phone, a slow connection, a screen reader, only a keyboard or large text.";
    A11yStandardHeading => "Welke norm?", "Which standard?";
    A11yStandard => "We bouwen de app volgens de regels voor toegankelijkheid die voor de overheid gelden (WCAG 2.2, niveau AA).", "We build the app to the accessibility rules Dutch public bodies must meet (WCAG 2.2, level AA).";
    A11yHowHeading => "Wat we doen", "What we do";
    A11yHow1 => "Duidelijke taal (B1) in het Nederlands, en Engels.", "Plain Dutch (B1), and English.";
    A11yHow2 => "Grote knoppen, goed contrast, ook in donkere modus.", "Big buttons, good contrast, also in dark mode.";
    A11yHow3 => "We testen elke versie met alleen een toetsenbord, en met wat een schermlezer dan voorleest.", "Every version is tested with a keyboard only, and with what a screen reader then reads out.";
    A11yHow4 => "Werkt op een smal scherm en met 200% tekstgrootte.", "Works on a narrow screen and at 200% text size.";
    A11yHow5 => "We controleren de schermen ook met axe-core. Zo'n controle vindt niet alles; daarom testen we zoals mensen de app gebruiken.", "We also check the screens with axe-core. Such a check does not find everything, so we test the way people use the app.";
    A11yKnownHeading => "Wat nog niet goed werkt", "What does not work well yet";
    A11yKnown1 => "Lange woorden breken op een smal scherm soms zonder streepje af.", "On a narrow screen, long words sometimes break without a hyphen.";
    A11yKnown2 => "Teksten die de organisator alleen in het Nederlands schreef, staan ook op de Engelse schermen in het Nederlands.", "Texts the organiser wrote in Dutch only are shown in Dutch on the English screens too.";
    A11yContactHeading => "Werkt iets niet?", "Does something not work?";
    A11yContact => "Vertel wat je deed, op welke pagina, en met welk hulpmiddel (bijvoorbeeld een schermlezer of grote letters). Het wijkteam geeft het door aan de beheerders van de gids.", "Say what you did, on which page, and with which aid (for example a screen reader or large text). The neighbourhood team passes it on to the guide's coordinators.";
    NotFoundTitle => "Deze pagina bestaat niet", "This page does not exist";
    ToHome => "Naar de voorpagina", "Go to the front page";
    Selected => "gekozen", "selected";
    // An edit and a delete that crossed (the choice page).
    RemovedTitle => "Dit aanbod is verwijderd", "This offering was removed";
    RemovedLead => "Iemand heeft dit aanbod uit de gids gehaald terwijl jij het aan het veranderen was. Jouw wijzigingen staan nog op dit apparaat.", "Someone removed this offering from the guide while you were changing it. Your changes are still on this device.";
    WhatYouChanged => "Wat jij hebt veranderd", "What you changed";
    WhatTheyChanged => "Wat de ander heeft veranderd", "What the other person changed";
    BringBack => "Terugzetten met mijn wijzigingen", "Bring it back with my changes";
    LetGo => "Laten gaan", "Let it go";
    LetGoHelp => "Laten gaan: je wijzigingen worden weggegooid en het aanbod verdwijnt ook van dit apparaat.", "Let it go: your changes are dropped and the offering leaves this device too.";
    MayNotBringBack => "Je mag dit aanbod niet terugzetten. Vraag het aan een beheerder als het terug moet.", "You may not bring this offering back. Ask a coordinator if it should come back.";
    BroughtBack => "Het aanbod komt terug met jouw wijzigingen. Het wordt verstuurd zodra er verbinding is.", "The offering comes back with your changes. It is sent as soon as there is a connection.";
    LetGone => "Je wijzigingen zijn weggegooid. Het aanbod staat niet meer op dit apparaat.", "Your changes were dropped. The offering is no longer on this device.";
    ChangedTitle => "Iemand heeft dit aanbod veranderd", "Someone changed this offering";
    ChangedLead => "Jij hebt dit aanbod verwijderd, maar iemand anders heeft het intussen veranderd.", "You deleted this offering, but someone else changed it in the meantime.";
    DeleteAnyway => "Toch verwijderen", "Delete it anyway";
    KeepTheirs => "Hun versie houden", "Keep their version";
    MayNotDelete => "Je mag dit aanbod niet meer verwijderen.", "You may no longer delete this offering.";
    DeletedAnyway => "Het aanbod wordt verwijderd. Dat gebeurt zodra er verbinding is.", "The offering will be deleted. That happens as soon as there is a connection.";
    KeptTheirs => "Hun versie staat weer in de gids.", "Their version is back in the guide.";
    BothRemovedTitle => "Dit aanbod is al verwijderd", "This offering was already removed";
    BothRemovedLead => "Jij hebt dit aanbod verwijderd, en iemand anders had dat ook al gedaan.", "You deleted this offering, and someone else had already done so.";
    Done => "Klaar", "Done";
    BothRemovedDone => "Het aanbod is verwijderd.", "The offering is deleted.";
    BackToMyOfferings => "Naar Mijn aanbod", "To My offerings";
    DeletedHere => "Verwijderd op dit apparaat", "Deleted on this device";
    BothVersions => "uit beide versies", "from both versions";
    // review: a coordinator's preview of a version waiting for approval
    PreviewBadge => "Voorbeeld.", "Preview.";
    PreviewExplain => "Deze versie wacht op goedkeuring. Zo zien bewoners dit aanbod als je het goedkeurt.", "This version is waiting for approval. This is how residents will see this offering once you approve it.";
    ToDecision => "Naar goedkeuren of terugsturen", "Go to approve or send back";
    ReviewChangesIntro => "Veranderd sinds de versie die bewoners het laatst zagen ({}):", "Changed since the version residents saw last ({}):";
    ReviewWas => "Was:", "Was:";
    ReviewNow => "Nu:", "Now:";
    ReviewEmpty => "(leeg)", "(empty)";
    ReviewNoChanges => "Niets veranderd sinds de versie die bewoners het laatst zagen.", "Nothing changed since the version residents saw last.";
    ReviewNoEarlier => "Er is geen eerder gepubliceerde versie om mee te vergelijken.", "There is no earlier published version to compare with.";
    ChangedMark => "Gewijzigd:", "Changed:";
    DecideHeading => "Goedkeuren of terugsturen", "Approve or send back";
    ApprovedNotice => "Goedgekeurd: {}. Nu zichtbaar voor bewoners.", "Approved: {}. Now visible to residents.";
    Undo => "Ongedaan maken", "Undo";
    UndoneNotice => "Teruggezet: {} wacht weer op goedkeuring.", "Undone: {} is waiting for approval again.";
    SentBackNotice => "Teruggestuurd naar concept: {}. De organisator ziet je reden.", "Sent back to draft: {}. The publisher sees your reason.";
    NotWaiting => "Dit aanbod wacht niet op goedkeuring.", "This offering is not waiting for approval.";
    NotOnDevice => "Dit aanbod staat niet op dit apparaat. Misschien is de gids nog niet bijgewerkt.", "This offering is not on this device. The guide may not be up to date yet.";
    BackToModerate => "Terug naar Beheer", "Back to Moderation";
}

const MONTHS: [[&str; 2]; 12] = [
    ["januari", "January"],
    ["februari", "February"],
    ["maart", "March"],
    ["april", "April"],
    ["mei", "May"],
    ["juni", "June"],
    ["juli", "July"],
    ["augustus", "August"],
    ["september", "September"],
    ["oktober", "October"],
    ["november", "November"],
    ["december", "December"],
];

/// The interface language, shared by every screen.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

/// The device's language ([`device_lang`]), provided as context.
pub fn provide_i18n() -> I18n {
    let lang = device_lang();
    let i18n = I18n {
        lang: RwSignal::new(lang),
    };
    // Screen readers pick their voice from the page's `lang`.
    Effect::new(move |_| {
        let code = i18n.lang.get().code();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", code);
        }
    });
    provide_context(i18n);
    i18n
}

/// The language chosen on this device, else the browser's (when the guide speaks
/// it), else Dutch. `index.html` chooses so too (`deviceLang`), before any WASM.
pub fn device_lang() -> Lang {
    LocalStorage::get::<String>(LANG_KEY)
        .ok()
        .as_deref()
        .and_then(Lang::from_code)
        .or_else(browser_language)
        .unwrap_or_default()
}

/// The first of the browser's languages the guide speaks.
fn browser_language() -> Option<Lang> {
    let languages: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    Lang::preferred(languages.iter().map(String::as_str))
}

/// `text` in `lang`, without the interface (tests, the finder).
pub fn text_in(text: Text, lang: Lang) -> &'static str {
    TABLE[text as usize][lang as usize]
}

/// [`I18n::fill`] in `lang`, for what runs without the interface (the first
/// screen's finder, `crate::finder`).
pub fn fill_in(text: Text, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
    P::fill(text_in(text, lang), args)
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

impl I18n {
    /// The current language. Not tracked: the app re-renders as a whole when it
    /// changes (see [`I18n::track`]), so texts need no reactive code of their own,
    /// which keeps the WASM small.
    pub fn lang(self) -> Lang {
        self.lang.get_untracked()
    }

    /// The `lang` attribute for text the guide holds as its authors wrote it, in
    /// Dutch (descriptions, places, notes): `nl` on screens in another language,
    /// so a screen reader reads it with a Dutch voice; nothing on Dutch screens.
    pub fn written(self) -> Option<&'static str> {
        self.lang_of(false)
    }

    /// The `lang` attribute for a text that is in the interface's language when
    /// `translated`, else in Dutch as written.
    pub fn lang_of(self, translated: bool) -> Option<&'static str> {
        (!translated && self.lang() != Lang::Nl).then_some(Lang::Nl.code())
    }

    /// Makes the caller re-run when the language changes.
    pub fn track(self) {
        self.lang.track();
    }

    /// Switches the language and keeps the choice on the device.
    pub fn set_lang(self, lang: Lang) {
        let _ = LocalStorage::set(LANG_KEY, lang.code());
        self.lang.set(lang);
    }

    /// The text in the current language.
    pub fn t(self, text: Text) -> &'static str {
        text_in(text, self.lang())
    }

    /// The text in `lang`, whatever the interface's language: for what is made for
    /// someone else (a referral slip in the patient's language).
    pub fn t_in(self, text: Text, lang: Lang) -> &'static str {
        text_in(text, lang)
    }

    /// The text with its `{}` placeholders filled by `args`, in order.
    pub fn fill(self, text: Text, args: &[&dyn std::fmt::Display]) -> String {
        fill_in(text, self.lang(), args)
    }

    /// `one` for a count of 1, else `many` with `count` filled in: "1 new
    /// offering", "0 new offerings".
    pub fn count(self, count: usize, one: Text, many: Text) -> String {
        self.fill(if count == 1 { one } else { many }, &[&count])
    }

    /// A vocabulary term's label from the core.
    pub fn label<V: Vocabulary>(self, term: V) -> &'static str {
        term.label(self.lang())
    }

    /// "dinsdag 25 november", "Tuesday 25 November"; with the year when the date
    /// is not within half a year of today ("donderdag 4 maart 2027"; see
    /// `date_needs_year`).
    pub fn date(self, date: NaiveDate) -> String {
        let day = weekday_name(date.weekday(), self.lang());
        format!("{day} {}", self.day_month(date))
    }

    /// "25 november": a day of a closure's range; with the year as [`I18n::date`].
    pub fn day_month(self, date: NaiveDate) -> String {
        let month = MONTHS[date.month0() as usize][self.lang() as usize];
        let today = now().with_timezone(&TIME_ZONE).date_naive();
        match date_needs_year(date, today) {
            true => format!("{} {month} {}", date.day(), date.year()),
            false => format!("{} {month}", date.day()),
        }
    }

    /// "25 november 2026": for "last checked on".
    pub fn long_date(self, date: NaiveDate) -> String {
        let month = MONTHS[date.month0() as usize][self.lang() as usize];
        format!("{} {month} {}", date.day(), date.year())
    }
}

/// "09:30".
pub fn hhmm(time: impl Timelike) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}
