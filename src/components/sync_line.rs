//! The sync status line as the guide shows it, and "Opnieuw proberen" beside it
//! while offline: a try someone asks for shows that it tries (at least a moment,
//! though a failure comes in milliseconds), and what it came to is said, also
//! when that is the same "offline" as before.

use leptos::prelude::*;

use crate::components::header::{spoken_sync, sync_text};
use crate::guide::{Guide, SyncStatus};
use crate::i18n::I18n;

/// How long a try shows as under way at least: long enough to be seen.
const TRY_SHOWN_MS: f64 = 800.0;

/// What the header needs of the retry (see `components::header::Header`).
#[derive(Clone, Copy)]
pub struct Retry {
    pub run: Callback<()>,
    /// Offline, or a try under way.
    pub shown: Signal<bool>,
    pub trying: Signal<bool>,
    /// What a screen reader hears of the status line.
    pub spoken: Signal<Option<String>>,
}

/// The status to show, and the retry beside it.
pub fn status_with_retry(guide: Guide, i18n: I18n) -> (Memo<SyncStatus>, Retry) {
    let trying = RwSignal::new(false);
    let tried_at = StoredValue::new(0.0);
    // A try's outcome, said; `Some(None)`: silence, so that the same text said
    // again is heard again.
    let outcome = RwSignal::new(None::<Option<String>>);
    // A retry the guide makes itself while offline is no news until it brings
    // something: the line keeps saying offline (a walkthrough heard the offline
    // notice again at every retry, and saw "Bijwerken…" flash).
    let status = Memo::new(move |before: Option<&SyncStatus>| {
        let status = guide.status();
        match (before, &status) {
            (Some(offline @ SyncStatus::Offline { .. }), SyncStatus::Syncing { done: 0, .. }) => {
                offline.clone()
            }
            _ => status,
        }
    });
    Effect::new(move || {
        let status = guide.status();
        if matches!(status, SyncStatus::Syncing { .. } | SyncStatus::Opening) {
            return;
        }
        if !trying.get_untracked() {
            // Any later news is the line's own again.
            outcome.set(None);
            return;
        }
        let left = TRY_SHOWN_MS - (js_sys::Date::now() - tried_at.get_value());
        set_timeout(
            move || {
                trying.set(false);
                outcome.set(Some(Some(sync_text(i18n, &status))));
            },
            std::time::Duration::from_millis(left.max(0.0) as u64),
        );
    });
    let run = Callback::new(move |()| {
        tried_at.set_value(js_sys::Date::now());
        outcome.set(Some(None));
        trying.set(true);
        crate::sync::sync_now();
    });
    let spoken = Memo::new(move |_| match outcome.get() {
        Some(said) => said,
        None => status.with(|s| spoken_sync(i18n, s)),
    });
    let retry = Retry {
        run,
        shown: Signal::derive(move || {
            trying.get() || status.with(|s| matches!(s, SyncStatus::Offline { .. }))
        }),
        trying: trying.into(),
        spoken: spoken.into(),
    };
    (status, retry)
}
