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
use wijkgids_core::vocab::RecordKind;
use wijkgids_core::wire::{BODY_MAX, HsdsFile, HsdsImport, HsdsImportReport, HsdsImported};

use crate::api::{self, ApiError};
use crate::components::browser::focus_soon;
use crate::i18n::{I18n, Text, use_i18n};
use crate::session::use_auth;

/// The status line's id, and the report's heading (where the focus goes).
const STATUS: &str = "import-status";
const REPORT: &str = "import-report";

/// What the section says in its status line.
#[derive(Debug, Clone, PartialEq)]
enum Said {
    Checking,
    /// The check's summary (the report is below).
    Checked(String),
    Importing,
    Done {
        new: usize,
        changed: usize,
    },
    TooLarge,
    Unreadable,
    Failed(String),
}

#[component]
pub fn HsdsImportSection() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    // The files as checked, sent again on "Importeren".
    let files = StoredValue::new(Vec::<HsdsFile>::new());
    let report = RwSignal::new(None::<HsdsImportReport>);
    let said = RwSignal::new(None::<Said>);
    let busy = RwSignal::new(false);

    // Sends the files; a dry run shows the report, an import says what it did.
    let send = move |dry_run: bool| {
        let import = HsdsImport {
            files: files.get_value(),
            dry_run,
        };
        let Some(token) = auth.token() else { return };
        let body = match api::hsds_import_body(&import) {
            Ok(body) if body.len() <= BODY_MAX => body,
            Ok(_) => {
                said.set(Some(Said::TooLarge));
                return;
            }
            Err(err) => {
                said.set(Some(Said::Failed(err.to_string())));
                return;
            }
        };
        busy.set(true);
        said.set(Some(if dry_run {
            Said::Checking
        } else {
            Said::Importing
        }));
        spawn_local(async move {
            let answer = api::import_hsds(&token, body).await;
            let _ = busy.try_set(false);
            match answer {
                Ok(answer) if !dry_run && answer.written => {
                    let new = answer.changes.iter().filter(|c| c.new).count();
                    let changed = answer.changes.len() - new;
                    let _ = said.try_set(Some(Said::Done { new, changed }));
                    let _ = report.try_set(None);
                    crate::sync::request_sync();
                    focus_soon(STATUS);
                }
                Ok(answer) => {
                    let _ = said.try_set(Some(Said::Checked(summary(i18n, &answer))));
                    let _ = report.try_set(Some(answer));
                    focus_soon(REPORT);
                }
                Err(ApiError::Status { status: 413, .. }) => {
                    let _ = said.try_set(Some(Said::TooLarge));
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
                    let _ = said.try_set(Some(Said::Failed(why)));
                    focus_soon(STATUS);
                }
            }
        });
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
        // Too large before anything is read or sent (the body adds a little more).
        if chosen.iter().map(|f| f.size()).sum::<f64>() > BODY_MAX as f64 {
            said.set(Some(Said::TooLarge));
            focus_soon(STATUS);
            return;
        }
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
                        let _ = busy.try_set(false);
                        let _ = said.try_set(Some(Said::Unreadable));
                        focus_soon(STATUS);
                        return;
                    }
                }
            }
            if files.try_set_value(read).is_none() {
                send(true);
            }
        });
    };

    let status = move || said.get().map(|s| status_text(i18n, &s));
    let confirmable = move || {
        report.with(|r| {
            r.as_ref()
                .is_some_and(|r| r.problems.is_empty() && !r.changes.is_empty())
        })
    };
    view! {
        <section class="hsds-import" aria-labelledby="import-heading">
            <h2 id="import-heading">{i18n.t(Text::ImportHeading)}</h2>
            <p>{i18n.t(Text::ImportLead)}</p>
            <p class="field">
                <label for="import-files">{i18n.t(Text::ImportFiles)}</label>
                <input id="import-files" type="file" multiple
                    accept=".json,.csv,application/json,text/csv" data-testid="import-files"
                    prop:disabled=move || busy.get() on:change=picked/>
            </p>
            <p id=STATUS role="status" tabindex="-1" data-testid="import-status">{status}</p>
            {move || report.get().map(|r| view! { <Report report=r/> })}
            {move || confirmable().then(|| view! {
                <button type="button" class="button" data-testid="import-confirm"
                    prop:disabled=move || busy.get()
                    on:click=move |_| send(false)>{i18n.t(Text::ImportConfirm)}</button>
            })}
        </section>
    }
}

fn status_text(i18n: I18n, said: &Said) -> String {
    match said {
        Said::Checking => i18n.t(Text::ImportChecking).into(),
        Said::Checked(summary) => summary.clone(),
        Said::Importing => i18n.t(Text::ImportWorking).into(),
        Said::Done { new, changed } => i18n.fill(Text::ImportDone, &[new, changed]),
        Said::TooLarge => i18n.t(Text::ImportTooLarge).into(),
        Said::Unreadable => i18n.t(Text::ImportUnreadable).into(),
        Said::Failed(why) => i18n.fill(Text::ImportFailed, &[why]),
    }
}

/// What the check found, in one sentence: the status line says it.
fn summary(i18n: I18n, report: &HsdsImportReport) -> String {
    let new = report.changes.iter().filter(|c| c.new).count();
    let changed = report.changes.len() - new;
    if !report.problems.is_empty() {
        i18n.fill(Text::ImportProblems, &[&report.problems.len()])
    } else if report.changes.is_empty() {
        i18n.t(Text::ImportNothing).to_string()
    } else {
        i18n.fill(Text::ImportWould, &[&new, &changed, &report.unchanged])
    }
}

/// The check's report: the problems (as the server names them: file and JSON
/// path, or CSV file, row and column), what would be new or changed, and the
/// notes, folded.
#[component]
fn Report(report: HsdsImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let HsdsImportReport {
        problems,
        notes,
        changes,
        ..
    } = report;
    // The server's messages are English, with the place in the file.
    let messages = "en";
    let line = |text: String| view! { <li>{text}</li> };
    let item = move |c: HsdsImported| {
        let what = if c.new {
            Text::ImportNew
        } else {
            Text::ImportChanged
        };
        let kind = match c.kind {
            RecordKind::Organisation => Text::ImportKindOrganisation,
            _ => Text::ImportKindOffering,
        };
        view! {
            <li data-testid="import-change">
                {i18n.t(what)}" · "{i18n.t(kind)}": "<span lang=i18n.written()>{c.name}</span>
            </li>
        }
    };
    let listed = if problems.is_empty() {
        (!changes.is_empty())
            .then(|| {
                view! {
                    <h4>{i18n.t(Text::ImportChangesHeading)}</h4>
                    <ul class="links">{changes.into_iter().map(item).collect_view()}</ul>
                }
            })
            .into_any()
    } else {
        view! {
            <h4>{i18n.t(Text::ImportProblemsHeading)}</h4>
            <p>{i18n.t(Text::ImportInEnglish)}</p>
            <ul class="import-problems" lang=messages data-testid="import-problems">
                {problems.into_iter().map(line).collect_view()}
            </ul>
        }
        .into_any()
    };
    let notes = (!notes.is_empty()).then(|| {
        view! {
            <details>
                <summary>{i18n.fill(Text::ImportNotesHeading, &[&notes.len()])}</summary>
                <ul lang=messages>{notes.into_iter().map(line).collect_view()}</ul>
            </details>
        }
    });
    view! {
        <div class="import-report" data-testid="import-report">
            <h3 id=REPORT tabindex="-1">{i18n.t(Text::ImportReportHeading)}</h3>
            {listed}
            {notes}
        </div>
    }
}
