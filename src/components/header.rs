//! The top of every screen: the name, the sync status (announced to screen readers)
//! and the main navigation.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::guide::{SyncStatus, use_guide};
use crate::i18n::{I18n, Text, hhmm, use_i18n};
use wijkgids_core::schedule::TIME_ZONE;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let link = move |href: &'static str, text: Text| {
        view! { <li><A href=href>{i18n.t(text)}</A></li> }
    };
    view! {
        <a class="skip" href="#main">{i18n.t(Text::SkipToContent)}</a>
        <header class="top">
            <div class="top-row">
                <A href="/" attr:class="brand">{i18n.t(Text::AppName)}</A>
                <p class="sync" role="status" aria-live="polite" data-testid="sync-status">
                    {move || sync_text(i18n, &guide.status())}
                </p>
            </div>
            <nav aria-label=i18n.t(Text::MainMenu)>
                <ul class="nav">
                    {link("/zoeken", Text::NavSearch)}
                    {link("/agenda", Text::NavAgenda)}
                    {link("/favorieten", Text::NavFavourites)}
                    {link("/instellingen", Text::NavSettings)}
                </ul>
            </nav>
        </header>
    }
}

/// The status line: offline / syncing n of m / up to date at hh:mm / k waiting.
pub fn sync_text(i18n: I18n, status: &SyncStatus) -> String {
    let with_waiting = |text: String, waiting: usize| {
        if waiting == 0 {
            text
        } else {
            format!("{text} · {}", i18n.fill(Text::StatusWaiting, &[&waiting]))
        }
    };
    match status {
        SyncStatus::Opening => i18n.t(Text::StatusOpening).to_string(),
        SyncStatus::Offline { waiting } => {
            with_waiting(i18n.t(Text::StatusOffline).to_string(), *waiting)
        }
        SyncStatus::Syncing {
            done,
            total: Some(total),
        } => i18n.fill(Text::StatusSyncing, &[done, total]),
        SyncStatus::Syncing { done, total: None } => i18n.fill(Text::StatusSyncingUnknown, &[done]),
        SyncStatus::UpToDate { at, waiting } => {
            let at = hhmm(at.with_timezone(&TIME_ZONE));
            with_waiting(i18n.fill(Text::StatusUpToDate, &[&at]), *waiting)
        }
        SyncStatus::Failed { message } => i18n.fill(Text::StatusFailed, &[message]),
    }
}
