//! Verwijzen's place during one visit: what was ticked about the person, the
//! offerings on the slip, how many fits are shown and which one was opened. Kept
//! for the browser tab only (`sessionStorage`), so opening an offering and coming
//! back, or a reload, keeps it; closing the tab or signing out ends it
//! ([`forget`], called by `session.rs`). It is never sent anywhere.
//!
//! The practice's name for the slip is the professional's, not the patient's: kept
//! on the device (`localStorage`) for the next slips, through a sign-out too (the
//! field says it stays on this device).

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use wijkgids_core::refer::ReferralNeeds;

/// Where the visit is kept in the tab.
const VISIT_KEY: &str = "wijkgids.refer-visit";
/// Where the practice's name is kept on the device.
const PRACTICE_KEY: &str = "wijkgids.practice-name";

/// One visit's place on the Verwijzen screen.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReferVisit {
    pub needs: ReferralNeeds,
    /// On the slip, in the order they were picked.
    pub chosen: Vec<Uuid>,
    /// The slip's language code ("nl", "en"); empty: the interface's.
    pub slip_lang: String,
    /// How many fits are shown (grows with "Toon meer").
    pub shown: usize,
    /// The fit that was opened last, to come back to, and how far the page was
    /// scrolled then.
    pub opened: Option<Uuid>,
    pub scrolled: f64,
}

/// The visit kept in this tab, or a new one.
pub fn load() -> ReferVisit {
    SessionStorage::get(VISIT_KEY).unwrap_or_default()
}

/// Keeps `visit` for the tab; a full storage only means it is not kept.
pub fn keep(visit: &ReferVisit) {
    if *visit == ReferVisit::default() {
        SessionStorage::delete(VISIT_KEY);
    } else {
        let _ = SessionStorage::set(VISIT_KEY, visit);
    }
}

/// The practice's name typed on this device, if any.
pub fn practice_name() -> String {
    LocalStorage::get(PRACTICE_KEY).unwrap_or_default()
}

pub fn keep_practice_name(name: &str) {
    if name.trim().is_empty() {
        LocalStorage::delete(PRACTICE_KEY);
    } else {
        let _ = LocalStorage::set(PRACTICE_KEY, name);
    }
}

/// Ends the visit: on sign-out.
pub fn forget() {
    SessionStorage::delete(VISIT_KEY);
}
