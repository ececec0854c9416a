//! A form's unsaved work, kept on the device (localStorage) as it is typed, so a
//! reload, closing the app or leaving the screen does not lose it. Kept per
//! account and per record: only the account that typed it gets it back, and it
//! never leaves the device.

use gloo_storage::{LocalStorage, Storage};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// Where one form's work for one record is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptDraft {
    key: String,
}

/// What is kept: the form's record, and the record as the form opened it (the
/// base a save merges against, which a reload must not replace by a newer copy).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Kept<T> {
    pub opened: Option<Value>,
    pub draft: T,
}

impl KeptDraft {
    /// The work of `form` on `record` (`None`: a new one) by `account`.
    pub fn new(form: &str, account: Option<Uuid>, record: Option<Uuid>) -> KeptDraft {
        let who = account.map_or_else(|| "anonymous".to_owned(), |a| a.to_string());
        let what = record.map_or_else(|| "new".to_owned(), |r| r.to_string());
        KeptDraft {
            key: format!("wijkgids.draft.{form}.{who}.{what}"),
        }
    }

    pub fn load<T: DeserializeOwned>(&self) -> Option<Kept<T>> {
        LocalStorage::get(&self.key).ok()
    }

    /// Keeps `draft`; a full storage only means it is not kept.
    pub fn keep<T: Serialize>(&self, opened: Option<&Value>, draft: &T) {
        let _ = LocalStorage::set(
            &self.key,
            Kept {
                opened: opened.cloned(),
                draft,
            },
        );
    }

    /// Saved or thrown away: nothing to bring back.
    pub fn forget(&self) {
        LocalStorage::delete(&self.key);
    }
}
