//! "Aanbod importeren" on the coordinator's Beheer page: a neighbourhood's social
//! map in Open Referral HSDS 3.0 (a JSON file, or the CSV files of the tabular
//! form) into the guide. Picking files sends them for a check (a dry run on the
//! server, which writes nothing) and shows its report: the problems by place in
//! the file, what would be new or changed, the notes. "Importeren" then sends the
//! same files again to be written, in one transaction; devices get them at their
//! next sync. Needs the internet: the server checks and writes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wijkgids_core::field_diff::{field_label, nearest_field_label, organisation_field_label};
use wijkgids_core::hsds::Finding;
use wijkgids_core::vocab::{Lang, RecordKind};
use wijkgids_core::wire::{
    BODY_MAX, HsdsFile, HsdsFinding, HsdsImport, HsdsImportReport, HsdsImported, HsdsNoteGroup,
};

use crate::api::{self, ApiError};
use crate::components::browser::focus_soon;
use crate::components::handover;
use crate::i18n::{I18n, Text, use_i18n};
use crate::session::use_auth;

/// The status line's id, and the report's heading (where the focus goes).
const STATUS: &str = "import-status";
const REPORT: &str = "import-report";
/// The section's heading, which Beheer's link near its top leads to.
pub const HEADING: &str = "import-heading";

/// What the section says in its status line.
#[derive(Debug, Clone, PartialEq)]
enum Said {
    Checking,
    /// The check's summary (the report is below), said from the report.
    Checked,
    Importing,
    Done {
        counts: Counts,
        /// The offerings that came in as drafts, to finish in the editor.
        drafts: Vec<HsdsImported>,
    },
    TooLarge,
    Unreadable,
    Failed(String),
}

/// New and changed offerings, and organisations apart (walkthrough: "6 new"
/// counted an organisation with five offerings).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Counts {
    new: usize,
    changed: usize,
    new_organisations: usize,
    changed_organisations: usize,
}

impl Counts {
    fn of(changes: &[HsdsImported]) -> Counts {
        let mut counts = Counts::default();
        for c in changes {
            let count = match (c.kind == RecordKind::Organisation, c.new) {
                (false, true) => &mut counts.new,
                (false, false) => &mut counts.changed,
                (true, true) => &mut counts.new_organisations,
                (true, false) => &mut counts.changed_organisations,
            };
            *count += 1;
        }
        counts
    }

    /// What devices fetch, said as it was imported: the new offerings, the
    /// changes, or both; nothing when nothing came in (walkthrough: "fetch the
    /// new offerings" after 0 new offerings and 1 changed).
    fn fetched(self) -> Option<Text> {
        // A new organisation comes with its new offerings; alone it is a change.
        let changed = self.changed + self.changed_organisations;
        match (self.new > 0, changed > 0) {
            (true, true) => Some(Text::ImportFetchedBoth),
            (true, false) => Some(Text::ImportFetchedNew),
            (false, true) => Some(Text::ImportFetchedChanges),
            (false, false) => (self.new_organisations > 0).then_some(Text::ImportFetchedChanges),
        }
    }

    /// `text` filled with the offerings' counts, then the organisations' when
    /// there are any; with `unchanged` (offerings, organisations) also those
    /// already in the guide, each with its own kind (walkthrough: an
    /// unchanged organisation was counted as an offering, so the figures added
    /// up to more offerings than the file had).
    fn said(self, i18n: I18n, text: Text, unchanged: Option<(usize, usize)>) -> String {
        // Each count in the singular for 1 (walkthrough: "1 changed offerings").
        let new = i18n.count(self.new, Text::CountNewOffering, Text::CountNewOfferings);
        let changed = i18n.count(
            self.changed,
            Text::CountChangedOffering,
            Text::CountChangedOfferings,
        );
        let mut args: Vec<&dyn std::fmt::Display> = vec![&new, &changed];
        if let Some((offerings, _)) = &unchanged {
            args.push(offerings);
        }
        let offerings = i18n.fill(text, &args);
        let same = unchanged.map_or(0, |(_, organisations)| organisations);
        if self.new_organisations + self.changed_organisations + same == 0 {
            offerings
        } else {
            let organisations = match unchanged {
                Some(_) => i18n.fill(
                    Text::ImportOrganisationsChecked,
                    &[&self.new_organisations, &self.changed_organisations, &same],
                ),
                None => i18n.fill(
                    Text::ImportOrganisations,
                    &[&self.new_organisations, &self.changed_organisations],
                ),
            };
            format!("{offerings} {organisations}")
        }
    }
}

/// What the section holds: the files as checked (sent again on "Importeren"),
/// their report, what the status line says, whether a request is on its way.
/// Held by reference, not by the screen: when the language changes the whole
/// app is drawn again, and the section drawn anew takes them over
/// (walkthrough: switching the language dropped the report), and an answer
/// on its way still arrives. Leaving the screen drops them.
#[derive(Clone, Default)]
struct State {
    files: ArcRwSignal<Vec<HsdsFile>>,
    report: ArcRwSignal<Option<HsdsImportReport>>,
    said: ArcRwSignal<Option<Said>>,
    busy: ArcRwSignal<bool>,
}

/// Sends the checked files; a dry run shows the report, an import says what
/// it did.
fn send(state: State, token: String, dry_run: bool) {
    let import = HsdsImport {
        files: state.files.get_untracked(),
        dry_run,
    };
    let body = match api::hsds_import_body(&import) {
        Ok(body) if body.len() <= BODY_MAX => body,
        Ok(_) => {
            state.said.set(Some(Said::TooLarge));
            return;
        }
        Err(err) => {
            state.said.set(Some(Said::Failed(err.to_string())));
            return;
        }
    };
    state.busy.set(true);
    state.said.set(Some(if dry_run {
        Said::Checking
    } else {
        Said::Importing
    }));
    spawn_local(async move {
        let answer = api::import_hsds(&token, body).await;
        state.busy.set(false);
        match answer {
            Ok(answer) if !dry_run && answer.written => {
                let counts = Counts::of(&answer.changes);
                let drafts = answer.changes.iter().filter(|c| c.draft).cloned().collect();
                state.said.set(Some(Said::Done { counts, drafts }));
                state.report.set(None);
                crate::sync::request_sync();
                focus_soon(STATUS);
            }
            Ok(answer) => {
                state.said.set(Some(Said::Checked));
                state.report.set(Some(answer));
                focus_soon(REPORT);
            }
            Err(ApiError::Status { status: 413, .. }) => {
                state.said.set(Some(Said::TooLarge));
                focus_soon(STATUS);
            }
            Err(err) => {
                let why = match &err {
                    ApiError::Status {
                        answer: Some(answer),
                        ..
                    } => answer.message.clone(),
                    _ => err.to_string(),
                };
                state.said.set(Some(Said::Failed(why)));
                focus_soon(STATUS);
            }
        }
    });
}

#[component]
pub fn HsdsImportSection() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let state = handover::take::<State>().unwrap_or_default();
    // Left for the section drawn again in the other language, not when the
    // screen is left (the language is already the new one then).
    let drawn_in = i18n.lang();
    let kept = state.clone();
    on_cleanup(move || {
        if i18n.lang() != drawn_in {
            handover::leave(kept);
        }
    });
    let files = RwSignal::from(state.files.clone());
    let report = RwSignal::from(state.report.clone());
    let said = RwSignal::from(state.said.clone());
    let busy = RwSignal::from(state.busy.clone());
    let state = StoredValue::new(state);
    let import = move |_| {
        if let (Some(state), Some(token)) = (state.try_get_value(), auth.token()) {
            send(state, token, false);
        }
    };

    let picked = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        report.set(None);
        let Some(list) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        if chosen.is_empty() {
            said.set(None);
            return;
        }
        // The box is emptied once the files are in hand (the report names them):
        // a file mended and chosen again under the same name is then a change
        // the browser tells, and is checked again.
        input.set_value("");
        // Too large before anything is read or sent (the body adds a little more).
        if chosen.iter().map(|f| f.size()).sum::<f64>() > BODY_MAX as f64 {
            said.set(Some(Said::TooLarge));
            focus_soon(STATUS);
            return;
        }
        let (Some(state), Some(token)) = (state.try_get_value(), auth.token()) else {
            return;
        };
        busy.set(true);
        said.set(Some(Said::Checking));
        spawn_local(async move {
            let mut read = Vec::new();
            for file in chosen {
                match JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string())
                {
                    Some(text) => read.push(HsdsFile {
                        name: file.name(),
                        text,
                    }),
                    None => {
                        state.busy.set(false);
                        state.said.set(Some(Said::Unreadable));
                        focus_soon(STATUS);
                        return;
                    }
                }
            }
            state.files.set(read);
            send(state, token, true);
        });
    };

    let status = move || {
        said.get()
            .map(|s| report.with(|r| status_text(i18n, &s, r.as_ref())))
    };
    let confirmable = move || {
        report.with(|r| {
            r.as_ref()
                .is_some_and(|r| r.problems.is_empty() && !r.changes.is_empty())
        })
    };
    // After an import: the drafts it made, each with a link to finish it.
    let drafts = move || match said.get() {
        Some(Said::Done { drafts, .. }) if !drafts.is_empty() => Some(view! {
            <ul class="links" data-testid="import-drafts">
                {drafts.into_iter().map(|c| view! {
                    <li><a href=format!("/mijn-aanbod/{}", c.id)>
                        {i18n.fill(Text::ImportFinish, &[&offering_name(i18n, &c)])}
                    </a></li>
                }).collect_view()}
            </ul>
        }),
        _ => None,
    };
    let names = move || files.with(|f| f.iter().map(|f| f.name.clone()).collect::<Vec<_>>());
    view! {
        <section class="hsds-import" aria-labelledby=HEADING>
            <h2 id=HEADING tabindex="-1">{i18n.t(Text::ImportHeading)}</h2>
            <p>{i18n.t(Text::ImportLead)}</p>
            <p class="field">
                <label for="import-files">{i18n.t(Text::ImportFiles)}</label>
                <input id="import-files" type="file" multiple
                    accept=".json,.csv,application/json,text/csv" data-testid="import-files"
                    prop:disabled=move || busy.get() on:change=picked/>
            </p>
            <p id=STATUS role="status" tabindex="-1" data-testid="import-status">{status}</p>
            {drafts}
            {move || report.get().map(|r| view! { <Report report=r files=names()/> })}
            {move || confirmable().then(|| view! {
                <button type="button" class="button" data-testid="import-confirm"
                    prop:disabled=move || busy.get()
                    on:click=import>{i18n.t(Text::ImportConfirm)}</button>
            })}
        </section>
    }
}

fn status_text(i18n: I18n, said: &Said, report: Option<&HsdsImportReport>) -> String {
    match said {
        Said::Checking => i18n.t(Text::ImportChecking).into(),
        Said::Checked => report.map(|r| summary(i18n, r)).unwrap_or_default(),
        Said::Importing => i18n.t(Text::ImportWorking).into(),
        Said::Done { counts, drafts } => {
            let done = counts.said(i18n, Text::ImportDone, None);
            let done = match counts.fetched() {
                Some(fetched) => format!("{done} {}", i18n.t(fetched)),
                None => done,
            };
            // Drafts are named only when there are some (walkthrough: the
            // message said drafts waited "somewhere" when there were none).
            if drafts.is_empty() {
                done
            } else {
                format!(
                    "{done} {}",
                    i18n.count(drafts.len(), Text::ImportDraftDone, Text::ImportDraftsDone)
                )
            }
        }
        Said::TooLarge => i18n.t(Text::ImportTooLarge).into(),
        Said::Unreadable => i18n.t(Text::ImportUnreadable).into(),
        Said::Failed(why) => i18n.fill(Text::ImportFailed, &[why]),
    }
}

/// What the check found, in one sentence: the status line says it.
fn summary(i18n: I18n, report: &HsdsImportReport) -> String {
    let counts = Counts::of(&report.changes);
    let drafts = report.changes.iter().filter(|c| c.draft).count();
    if !report.problems.is_empty() {
        // The report names the first problems, then how many more there are.
        let count: usize = report
            .problems
            .iter()
            .map(|p| match p.code {
                Finding::More => p.value.as_deref().and_then(|v| v.parse().ok()).unwrap_or(0),
                _ => 1,
            })
            .sum();
        match count {
            1 => i18n.t(Text::ImportProblem).to_string(),
            _ => i18n.fill(Text::ImportProblems, &[&count]),
        }
    } else if report.changes.is_empty() {
        // Not "all as in the guide" when the guide keeps its own value for
        // what the file gives wrong (walkthrough: a bad phone).
        let kept: usize = report
            .notes
            .iter()
            .filter(|g| g.code == Finding::KeptLive)
            .map(|g| g.count)
            .sum();
        match kept {
            0 => i18n.t(Text::ImportNothing).to_string(),
            1 => i18n.t(Text::ImportNothingKeptOne).to_string(),
            kept => i18n.fill(Text::ImportNothingKept, &[&kept]),
        }
    } else {
        let would = format!(
            "{} {}",
            counts.said(
                i18n,
                Text::ImportWould,
                Some((report.unchanged, report.unchanged_organisations))
            ),
            i18n.t(Text::ImportNotYet)
        );
        match drafts {
            0 => would,
            drafts => format!("{would} {}", i18n.fill(Text::ImportWouldDrafts, &[&drafts])),
        }
    }
}

/// The check's report on `files`: the problems, each in the reader's language
/// with its place in the file (the file, the service counted from 1 with its
/// name and the field, or the CSV file, row and column), what would be new or
/// changed (drafts marked, with what they lack; the fields that change), and the
/// notes grouped by kind, what matters most first, with the offerings they are
/// about. Each part a list item, each line a sentence: a screen reader pauses
/// between them (walkthrough: parts were read as one run of words).
#[component]
fn Report(report: HsdsImportReport, files: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let HsdsImportReport {
        problems,
        notes,
        changes,
        ..
    } = report;
    let chosen = (!files.is_empty())
        .then(|| view! { <p data-testid="import-chosen">{i18n.fill(Text::ImportChosen, &[&files.join(", ")])}</p> });
    // What would be new or changed, also beside problems: the other services'
    // drafts and what each lacks are seen in the same round (walkthrough:
    // mending took a round per problem).
    let heading = if problems.is_empty() {
        Text::ImportChangesHeading
    } else {
        Text::ImportChangesWithProblems
    };
    let changes = (!changes.is_empty()).then(|| {
        view! {
            <h4>{i18n.t(heading)}</h4>
            <ul class="links import-changes">
                {changes.into_iter().map(|c| change(i18n, c)).collect_view()}
            </ul>
        }
    });
    let listed = (!problems.is_empty()).then(|| {
        view! {
            <h4>{i18n.t(Text::ImportProblemsHeading)}</h4>
            <p>{i18n.t(Text::ImportProblemsLead)}</p>
            <ul class="import-problems" data-testid="import-problems">
                {problems.into_iter().map(|p| view! {
                    <li data-testid="import-problem">
                        {sentence(&problem_text(i18n, &p))}
                        {(!p.place.is_empty()).then(|| view! {
                            <br/><span class="import-place">
                                {breakable(sentence(&i18n.fill(Text::ImportAt, &[&p.place_text(i18n.lang())])))}
                            </span>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    let notes = (!notes.is_empty()).then(|| {
        view! {
            <h4>{i18n.t(Text::ImportNotesHeading)}</h4>
            <p>{i18n.t(Text::ImportNotesLead)}</p>
            <ul class="import-notes" data-testid="import-notes">
                {note_lines(i18n, &notes).into_iter().map(|(line, about)| view! {
                    <li data-testid="import-note">
                        {line}
                        {about.map(|about| view! { <br/><span class="import-about">{breakable(about)}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <div class="import-report" data-testid="import-report">
            <h3 id=REPORT tabindex="-1">{i18n.t(Text::ImportReportHeading)}</h3>
            {chosen}
            {listed}
            {changes}
            {notes}
        </div>
    }
}

/// A line of the report with places in it: a line may break after an
/// underscore of a field's name ("service_at_|locations"), rather than inside a
/// word at large text on a phone. By `<wbr>`, which is not a character: a
/// field's name copied from the report is the file's (walkthrough: a U+200B
/// after each "_" made "opens_at" copied not "opens_at").
fn breakable(line: String) -> impl IntoView {
    let mut parts: Vec<String> = line.split_inclusive('_').map(String::from).collect();
    let last = parts.pop().unwrap_or_default();
    view! {
        {parts.into_iter().map(|part| view! { {part}<wbr/> }).collect_view()}
        {last}
    }
}

/// `text` ending as a sentence does, so that a screen reader pauses after it.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.is_empty() || text.ends_with(['.', '!', '?', '…']) {
        text.to_string()
    } else {
        format!("{}.", text.trim_end_matches(':'))
    }
}

/// `items`, values of `field`, quoted, with "en" before the last, or "en 3
/// andere" when `total` is more than they are (walkthrough: a cut list did not
/// say so).
fn listed(i18n: I18n, items: &[String], total: usize, field: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quoted(i18n, i, field)).collect();
    joined(i18n, &quoted, total)
}

/// `items` as they are ("a, b en c"), with how many of `total` are not named.
fn joined(i18n: I18n, items: &[String], total: usize) -> String {
    let quoted = items;
    let more = total.saturating_sub(items.len());
    match quoted.split_last() {
        None => String::new(),
        Some(_) if more > 0 => i18n.fill(Text::ImportAndMore, &[&quoted.join(", "), &more]),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => i18n.fill(Text::ImportAnd, &[&rest.join(", "), last]),
    }
}

/// One new or changed record, each line a sentence: what it is and its name;
/// a linked organisation to which one; a draft says so and what it lacks; a
/// changed one which fields change.
fn change(i18n: I18n, c: HsdsImported) -> impl IntoView {
    let lang = i18n.lang();
    let what = match (c.new, c.kind) {
        (true, RecordKind::Organisation) => Text::ImportNewOrganisation,
        (true, _) => Text::ImportNewOffering,
        (false, RecordKind::Organisation) => Text::ImportChangedOrganisation,
        (false, _) => Text::ImportChangedOffering,
    };
    let label: fn(&str, Lang) -> String = match c.kind {
        RecordKind::Organisation => organisation_field_label,
        _ => field_label,
    };
    let fields = (!c.changed.is_empty()).then(|| {
        let names: Vec<String> = c.changed.iter().map(|f| label(f, lang)).collect();
        let line = sentence(&i18n.fill(Text::ImportFieldsChange, &[&names.join(", ")]));
        view! { <br/><span>{line}</span> }
    });
    let linked = c.linked.as_ref().map(|name| {
        view! { <br/><span>{sentence(&i18n.fill(Text::ImportLinked, &[&name]))}</span> }
    });
    // What a draft lacks, by field: one short line (the editor says the rest);
    // a map of many drafts stays readable on a phone.
    let draft = c.draft.then(|| {
        let mut fields: Vec<String> = Vec::new();
        for p in &c.missing {
            let label = nearest_field_label(&p.field, lang);
            if !fields.contains(&label) {
                fields.push(label);
            }
        }
        let missing = sentence(&i18n.fill(Text::ImportMissing, &[&fields.join(", ")]));
        // Where in the file, as a problem's place is said (walkthrough: "Nog
        // nodig: Wanneer." with no place).
        let mut places: Vec<String> = Vec::new();
        for place in &c.missing_at {
            let text = place.text(lang);
            if !text.is_empty() && !places.contains(&text) {
                places.push(text);
            }
        }
        let places = (!places.is_empty()).then(|| {
            let line = sentence(&i18n.fill(Text::ImportAt, &[&places.join("; ")]));
            view! { <br/><span class="import-place">{breakable(line)}</span> }
        });
        // Under its offering, set in: not a heading of the next (walkthrough:
        // a bold "Wordt een concept" read as the start of the next item).
        view! {
            <div class="import-draft">
                <span>{i18n.t(Text::ImportDraft)}</span>
                <br/><span>{missing}</span>
                {places}
            </div>
        }
    });
    let name = offering_name(i18n, &c);
    let end = (!name.trim_end().ends_with(['.', '!', '?'])).then_some(".");
    // What changes right under its offering's name, before a draft's lines
    // (walkthrough: "Wijzigt: …" sat apart, after the draft's block).
    view! {
        <li data-testid="import-change">
            {i18n.t(what)}": "<span lang=i18n.written()>{name}</span>{end}
            {fields}{linked}{draft}
        </li>
    }
}

/// A new or changed record's name; an offering without one (in the file or
/// the guide) as the report's places name it: "dienst 3 (id …)".
fn offering_name(i18n: I18n, c: &HsdsImported) -> String {
    match c.name.trim() {
        "" => c
            .unnamed
            .as_ref()
            .and_then(|at| at.service_text(i18n.lang()))
            .unwrap_or_else(|| format!("id {}", c.id)),
        name => name.to_string(),
    }
}

/// What the file gives for a group's field: its values, or in words that it
/// gives none usable ("geen tijd"), never an empty quote (walkthrough:
/// "het bestand geeft , en").
fn given(i18n: I18n, g: &HsdsNoteGroup, values: &str) -> String {
    if !values.is_empty() {
        return values.to_string();
    }
    wijkgids_core::hsds::given(None, &g.field, i18n.lang())
}

/// A value from the file for `field`, quoted in the reader's language and cut
/// short; an empty one in words (the core's `given`), never an empty quote.
fn quoted(i18n: I18n, value: &str, field: &str) -> String {
    const SHOWN: usize = 60;
    let mut text: String = value.chars().take(SHOWN).collect();
    if value.chars().count() > SHOWN {
        text.push('…');
    }
    wijkgids_core::hsds::given(Some(&text), field, i18n.lang())
}

/// What the standard expects, in words: a kind of value or a form.
fn expected(i18n: I18n, expected: &str) -> String {
    let nl = i18n.lang() == Lang::Nl;
    let word = |nl_word: &str, en_word: &str| if nl { nl_word } else { en_word }.to_string();
    expected
        .split(", ")
        .map(|e| match e {
            "string" => word("tekst", "text"),
            "number" => word("een getal", "a number"),
            "integer" => word("een heel getal", "a whole number"),
            "boolean" => word("true of false", "true or false"),
            "array" => word("een lijst", "a list"),
            "object" => word("een object", "an object"),
            "uuid" => word(
                "een id (uuid, zoals 3fa85f64-5717-4562-b3fc-2c963f66afa6)",
                "an id (uuid, such as 3fa85f64-5717-4562-b3fc-2c963f66afa6)",
            ),
            "date" => word(
                "een datum (zoals 2026-12-24)",
                "a date (such as 2026-12-24)",
            ),
            "date-time" => word(
                "een datum en tijd (zoals 2026-12-24T10:00:00Z)",
                "a date and time (such as 2026-12-24T10:00:00Z)",
            ),
            "uri" | "url" => word(
                "een webadres (met https://)",
                "a web address (with https://)",
            ),
            "email" => word("een e-mailadres", "an e-mail address"),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(if nl { " of " } else { " or " })
}

/// A problem in the reader's language: the field, then what is wrong with it
/// and the value found.
fn problem_text(i18n: I18n, p: &HsdsFinding) -> String {
    let lang = i18n.lang();
    let value = p
        .value
        .as_deref()
        .map(|v| quoted(i18n, v, &p.field))
        .unwrap_or_default();
    let want = p.expected.as_deref().unwrap_or_default();
    let field = field_name(i18n, &p.field);
    let about = |text: String| {
        if p.field.is_empty() {
            text
        } else {
            format!("{field}: {text}")
        }
    };
    match p.code {
        Finding::NotOneOf => about(i18n.fill(Text::FindNotOneOf, &[&value, &want])),
        Finding::WrongType => {
            about(i18n.fill(Text::FindWrongType, &[&value, &expected(i18n, want)]))
        }
        Finding::Required => format!("{field} {}", i18n.t(Text::FindRequired)),
        Finding::BadFormat => {
            about(i18n.fill(Text::FindBadFormat, &[&value, &expected(i18n, want)]))
        }
        Finding::TooLong => format!("{field} {}", i18n.fill(Text::FindTooLong, &[&want])),
        Finding::TooShort => format!("{field} {}", i18n.fill(Text::FindTooShort, &[&want])),
        Finding::Schema => format!("{field} {}", i18n.t(Text::FindSchema)),
        Finding::Unreadable => format!("{field} {}", i18n.t(Text::FindUnreadable)),
        Finding::DuplicateId => i18n.fill(Text::FindDuplicateId, &[&value]),
        Finding::OrganizationMismatch => i18n.t(Text::FindOrganizationMismatch).into(),
        // Once for each organisation, with how many rows (or services) name
        // it; `expected`: the organisations' CSV file, when it was not chosen.
        Finding::OrganizationMissing => {
            let mut text = i18n.fill(Text::FindOrganizationMissing, &[&value]);
            if let Some(at) = &p.at {
                let (count, which) = match at.rows.len() {
                    0 => (at.services.len(), Text::FindOrganizationServices),
                    rows => (rows, Text::FindOrganizationRows),
                };
                if count > 1 {
                    text = format!("{text} {}", i18n.fill(which, &[&count]));
                }
            }
            if !want.is_empty() {
                text = format!(
                    "{text} {}",
                    i18n.fill(Text::FindOrganizationFileNotChosen, &[&want])
                );
            }
            text
        }
        Finding::Guide => {
            let Some(guide) = &p.guide else {
                return p.message.clone();
            };
            let found = p
                .value
                .as_deref()
                .map(|v| {
                    format!(
                        " {}",
                        i18n.fill(Text::ImportValue, &[&quoted(i18n, v, &p.field)])
                    )
                })
                .unwrap_or_default();
            format!(
                "{}: {}{found}",
                nearest_field_label(&guide.field, lang),
                guide.text(lang)
            )
        }
        // `value`: where reading stopped, "line:column".
        Finding::NotJson => match p.value.as_deref().and_then(|v| v.split_once(':')) {
            Some((line, column)) => i18n.fill(Text::ImportNotJsonAt, &[&line, &column]),
            None => i18n.t(Text::FindNotJson).into(),
        },
        Finding::FileType => i18n.t(Text::FindFileType).into(),
        Finding::NotHsds => i18n.t(Text::FindNotHsds).into(),
        Finding::NotANumber => about(i18n.fill(Text::FindNotANumber, &[&value])),
        Finding::CsvUnreadable => i18n.t(Text::FindCsvUnreadable).into(),
        // `expected`: the row of the same file that has the id first.
        Finding::RepeatedId => i18n.fill(Text::FindRepeatedId, &[&value, &want]),
        Finding::NoServices => i18n.t(Text::FindNoServices).into(),
        Finding::PackagePath => i18n.fill(Text::FindPackagePath, &[&value]),
        Finding::More => i18n.count(
            p.value.as_deref().and_then(|v| v.parse().ok()).unwrap_or(0),
            Text::FindMoreProblem,
            Text::FindMoreProblems,
        ),
        _ => p.message.clone(),
    }
}

/// The notes' lines, each with the offerings it is about: one a group, but the
/// fields the guide has no place for together on one line, last (a foreign map
/// has a dozen of them, each on every service, and they matter least).
fn note_lines(i18n: I18n, groups: &[HsdsNoteGroup]) -> Vec<(String, Option<String>)> {
    let (fields, others): (Vec<&HsdsNoteGroup>, Vec<&HsdsNoteGroup>) =
        groups.iter().partition(|g| g.code == Finding::NotKeptField);
    let about = |g: &HsdsNoteGroup| {
        if by_place(g) {
            let places: Vec<String> = g.at.iter().map(|p| p.text(i18n.lang())).collect();
            let more = g.count.saturating_sub(places.len());
            let places = places.join("; ");
            let places = match more {
                0 => places,
                more => i18n.fill(Text::ImportAndMore, &[&places, &more]),
            };
            return Some(sentence(&i18n.fill(Text::ImportAt, &[&places])));
        }
        // Services without a name by their position and id ("dienst 4 (id
        // …)"), after those named.
        let unnamed: Vec<String> = g.unnamed.iter().map(|p| p.text(i18n.lang())).collect();
        (!g.services.is_empty() || !unnamed.is_empty()).then(|| {
            let shown = g.services.len() + unnamed.len();
            let total = g.service_count.max(shown);
            let mut items: Vec<String> =
                g.services.iter().map(|n| quoted(i18n, n, "name")).collect();
            items.extend(unnamed);
            sentence(&i18n.fill(Text::NoteAbout, &[&joined(i18n, &items, total)]))
        })
    };
    let mut lines: Vec<(String, Option<String>)> = others
        .into_iter()
        .map(|g| (note_text(i18n, g), about(g)))
        .collect();
    if !fields.is_empty() {
        let count: usize = fields.iter().map(|g| g.count).sum();
        let named = fields
            .iter()
            .map(|g| {
                format!(
                    "{} ({})",
                    g.field,
                    i18n.fill(Text::ImportTimes, &[&g.count])
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let line = format!(
            "{} {}",
            i18n.fill(Text::ImportTimes, &[&count]),
            i18n.fill(Text::NoteNotKeptFields, &[&named])
        );
        lines.push((sentence(&line), None));
    }
    lines
}

/// Whether a group is said by its places rather than by the services it is
/// about: a value in one field (the place names the field, the CSV row and
/// column), or an organisation (walkthrough: a note on one organisation named
/// five services, a CSV value no row).
fn by_place(g: &HsdsNoteGroup) -> bool {
    matches!(
        g.code,
        Finding::KeptLive
            | Finding::KeptStored
            | Finding::NotKeptValue
            | Finding::SameName
            | Finding::ContactDropped
    ) || g
        .at
        .iter()
        .any(|p| p.organisation.is_some() || (p.row.is_some() && p.column.is_some()))
}

/// A field of the file as the app's form names it ("phones.number" →
/// "Contact: telefoon"), or the file's own name for what has no field here.
fn field_name(i18n: I18n, field: &str) -> String {
    match wijkgids_core::hsds::our_field(field) {
        Some(ours) => nearest_field_label(ours, i18n.lang()),
        None => i18n.fill(Text::ImportField, &[&field]),
    }
}

/// A group of notes in the reader's language: how often, what, and the values
/// (the first few, and how many more).
fn note_text(i18n: I18n, g: &HsdsNoteGroup) -> String {
    let values = listed(i18n, &g.values, g.value_count.max(g.values.len()), &g.field);
    let first = g.values.first().cloned().unwrap_or_default();
    let field = &field_name(i18n, &g.field);
    let text = match g.code {
        Finding::LinkedByKvk => i18n.fill(Text::NoteLinkedByKvk, &[&first]),
        Finding::LinkedByName => i18n.fill(Text::NoteLinkedByName, &[&first]),
        Finding::FileNotChosen => i18n.fill(Text::NoteFileNotChosen, &[&values]),
        Finding::TagsCapped => i18n.count(
            first.parse().unwrap_or(0),
            Text::NoteTagCapped,
            Text::NoteTagsCapped,
        ),
        Finding::ForeignTerm => i18n.fill(Text::NoteForeignTerm, &[&values]),
        Finding::UnknownTerm => i18n.fill(Text::NoteUnknownTerm, &[&values]),
        Finding::ScheduleDropped => i18n.fill(Text::NoteScheduleDropped, &[&values]),
        Finding::ScheduleRule => i18n.fill(Text::NoteScheduleRule, &[&values]),
        Finding::ScheduleNotes => i18n.fill(Text::NoteScheduleNotes, &[&values]),
        Finding::TimeOffset => i18n.fill(Text::NoteTimeOffset, &[&values]),
        Finding::NotKeptValue => i18n.fill(Text::NoteNotKeptValue, &[field, &values]),
        Finding::FirstOnly => i18n.fill(Text::NoteFirstOnly, &[field]),
        Finding::CostUnit => i18n.fill(Text::NoteCostUnit, &[&values]),
        Finding::ContactDropped => i18n.fill(Text::NoteContactDropped, &[field]),
        Finding::NoSummary => i18n.t(Text::NoteNoSummary).into(),
        Finding::NoKind => i18n.t(Text::NoteNoKind).into(),
        Finding::NoSignUp => i18n.t(Text::NoteNoSignUp).into(),
        Finding::NoCost => i18n.t(Text::NoteNoCost).into(),
        Finding::KeptLive => i18n.fill(Text::NoteKeptLive, &[field, &given(i18n, g, &values)]),
        Finding::KeptStored => i18n.fill(Text::NoteKeptStored, &[field, &given(i18n, g, &values)]),
        Finding::SameName => i18n.fill(Text::NoteSameName, &[&values]),
        Finding::NoOrganisationKind => i18n.t(Text::NoteNoOrganisationKind).into(),
        Finding::ExtensionWithoutValue => i18n.t(Text::NoteExtensionWithoutValue).into(),
        Finding::More => return i18n.count(g.count, Text::FindMoreNote, Text::FindMoreNotes),
        _ => g.message.clone(),
    };
    // A note without a value ends at its field, not at ": ".
    sentence(&format!(
        "{} {text}",
        i18n.fill(Text::ImportTimes, &[&g.count])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::text_in;

    /// Walkthrough: "Imported: 0 new offerings, 1 changed offering. Phones and
    /// computers fetch the new offerings…". What devices fetch is said as it
    /// was imported: new offerings, changes, or both.
    #[test]
    fn what_devices_fetch_fits_what_was_imported() {
        let counts = |new, changed| Counts {
            new,
            changed,
            ..Counts::default()
        };
        let said = |c: Counts, lang| c.fetched().map(|t| text_in(t, lang));
        assert_eq!(
            said(counts(0, 1), Lang::En),
            Some("Phones and computers fetch the changes as soon as they are online.")
        );
        assert_eq!(
            said(counts(0, 1), Lang::Nl),
            Some("Telefoons en computers halen de wijzigingen op zodra ze online zijn.")
        );
        assert_eq!(
            said(counts(7, 0), Lang::En),
            Some("Phones and computers fetch the new offerings as soon as they are online.")
        );
        assert_eq!(
            said(counts(1, 1), Lang::Nl),
            Some(
                "Telefoons en computers halen het nieuwe aanbod en de wijzigingen op zodra ze online zijn."
            )
        );
        let organisation = Counts {
            changed_organisations: 1,
            ..Counts::default()
        };
        assert_eq!(organisation.fetched(), Some(Text::ImportFetchedChanges));
        assert_eq!(counts(0, 0).fetched(), None);
        // A new organisation with its new offering: the new offerings.
        let with_organisation = Counts {
            new_organisations: 1,
            ..counts(1, 0)
        };
        assert_eq!(with_organisation.fetched(), Some(Text::ImportFetchedNew));
    }
}
