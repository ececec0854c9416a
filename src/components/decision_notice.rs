//! "Een wijziging van je wacht op je keuze": shown under the header on every screen
//! when an edit of this person's crossed someone else's change (or was refused) on
//! the server, so they learn of it where they are, not only in Mijn aanbod.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};
use crate::sync::{Waiting, waiting_edits};

#[component]
pub fn DecisionNotice() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    // The offerings whose edit waits for a decision; read again after each sync
    // step (the status changes with every push answer and page).
    let waiting = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        guide.status();
        spawn_local(async move {
            let Ok(edits) = waiting_edits().await else {
                return;
            };
            let mut ids: Vec<_> = edits
                .into_iter()
                .filter(|(_, w)| matches!(w, Waiting::Clash | Waiting::Refused))
                .map(|(id, _)| id)
                .collect();
            ids.sort();
            if waiting.with_untracked(|w| *w != ids) {
                let _ = waiting.try_set(ids);
            }
        });
    });
    let location = leptos_router::hooks::use_location();
    let notice = move || {
        // Where the choice is made, it need not be pointed at.
        if location.pathname.with(|p| p.ends_with("/kiezen")) {
            return None;
        }
        waiting.with(|ids| {
            let href = match ids.as_slice() {
                [] => return None,
                [one] => format!("/mijn-aanbod/{one}/kiezen"),
                _ => "/mijn-aanbod".to_owned(),
            };
            let text = match ids.len() {
                1 => i18n.t(Text::DecisionWaitingOne).to_string(),
                n => i18n.fill(Text::DecisionWaitingMany, &[&n]),
            };
            Some(view! {
                <div class="update-notice" data-testid="decision-notice">
                    <p>{text}</p>
                    <a class="button" href=href>{i18n.t(Text::ChooseNow)}</a>
                </div>
            })
        })
    };
    // A live region that is always there, so the notice is announced when it appears.
    view! { <div class="notice-area" aria-live="polite">{notice}</div> }
}
