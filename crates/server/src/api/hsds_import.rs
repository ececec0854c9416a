//! `POST /api/v1/hsds-import` (coordinators): Open Referral HSDS 3.0 files
//! brought into the guide from the app, as `import --format hsds` does it: JSON
//! files and the CSV files of the tabular form, sent as
//! `{"files": [{"name", "text"}], "dry_run"}` (a browser reads picked files as
//! text; no multipart, no zip). Every record is checked before anything is
//! written; a dry run, or any problem, writes nothing. The answer is the report.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Json;
use axum::extract::State;
use serde_json::Value;
use wijkgids_core::hsds::Finding;
use wijkgids_core::vocab::AccountRole;
use wijkgids_core::wire::{HsdsFile, HsdsFinding, HsdsImport, HsdsImportReport};

use super::{ApiError, StrictJson};
use crate::AppState;
use crate::auth::SignedIn;
use crate::hsds::tabular;
use crate::hsds::transfer::{Input, finding, import_unless_given_up};

/// What the tabular form's files are called in the report, together (the app
/// says it in its reader's language).
const TABLES: &str = wijkgids_core::hsds::CSV_FILES;

pub async fn run(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    StrictJson(request): StrictJson<HsdsImport>,
) -> Result<Json<HsdsImportReport>, ApiError> {
    if account.role != AccountRole::Coordinator {
        return Err(ApiError::forbidden("only coordinators import"));
    }
    if request.files.is_empty() {
        return Err(ApiError::bad_request(
            "files",
            "required",
            "send at least one file",
        ));
    }
    // When the request times out (408, "try again"), the work goes on off the
    // async workers, so it must not write after all (attack review: it did).
    let given_up = GivenUp::default();
    let flag = given_up.0.clone();
    let (report, unreadable) = state
        .store
        .call(move |s| {
            let (inputs, unreadable) = inputs(&request.files);
            // Files that cannot be read still let the others be checked, for one report.
            let dry_run = request.dry_run || !unreadable.is_empty();
            let given_up = || flag.load(Ordering::SeqCst);
            import_unless_given_up(s, &inputs, dry_run, &given_up).map(|r| (r, unreadable))
        })
        .await?;
    given_up.answered();
    if report.written {
        tracing::info!(
            "coordinator {} imported {} offerings and {} organisations (HSDS)",
            account.id,
            report.offerings,
            report.organisations
        );
    }
    let notes = report.note_groups();
    let mut problems = unreadable;
    problems.extend(report.problems);
    Ok(Json(HsdsImportReport {
        written: report.written,
        problems,
        notes,
        changes: report.changes,
        unchanged: report.unchanged,
        unchanged_organisations: report.unchanged_organisations,
    }))
}

/// The files as the import takes them: each JSON file one input, the CSV files
/// (with `datapackage.json`) one input together; what cannot be read is a problem.
fn inputs(files: &[HsdsFile]) -> (Vec<Input>, Vec<HsdsFinding>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let mut tables = HashMap::new();
    for file in files {
        let name = file.name.as_str();
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") || lower == "datapackage.json" {
            tables.insert(name.to_string(), file.text.clone());
        } else if lower.ends_with(".json") {
            match serde_json::from_str::<Value>(&file.text) {
                Ok(json) => inputs.push(Input {
                    source: name.to_string(),
                    json,
                    origins: vec![],
                    unsaid: vec![],
                }),
                // `value`: where reading stopped, "line:column".
                Err(e) => problems.push(HsdsFinding {
                    value: Some(format!("{}:{}", e.line(), e.column())),
                    ..finding(name, "", Finding::NotJson, format!("not JSON: {e}"))
                }),
            }
        } else {
            problems.push(finding(
                name,
                "",
                Finding::FileType,
                "not a .json or .csv file",
            ));
        }
    }
    if !tables.is_empty() {
        match tabular::read_texts(TABLES, &tables) {
            Ok((input, cells)) => {
                problems.extend(cells);
                inputs.push(input);
            }
            Err(why) => problems.extend(why),
        }
    }
    (inputs, problems)
}

/// Set when the request is dropped before it was answered (a timeout).
#[derive(Default)]
struct GivenUp(Arc<AtomicBool>, bool);

impl GivenUp {
    fn answered(mut self) {
        self.1 = true;
    }
}

impl Drop for GivenUp {
    fn drop(&mut self) {
        if !self.1 {
            self.0.store(true, Ordering::SeqCst);
        }
    }
}
