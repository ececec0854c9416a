//! "Nieuwe versie beschikbaar": shown when a new version of the app is installed
//! and waiting. It reloads only when the person chooses to, and not while an edit
//! is in progress.

use leptos::prelude::*;

use crate::i18n::{Text, use_i18n};
use crate::pwa::use_pwa;

#[component]
pub fn UpdateNotice() -> impl IntoView {
    let i18n = use_i18n();
    let pwa = use_pwa();
    let notice = move || {
        pwa.update_waiting().then(|| {
            let action = move || {
                if pwa.editing() {
                    view! { <p>{i18n.t(Text::UpdateAfterEdit)}</p> }.into_any()
                } else {
                    view! {
                        <button type="button" class="button" on:click=move |_| pwa.update_now()>
                            {i18n.t(Text::UpdateNow)}
                        </button>
                    }
                    .into_any()
                }
            };
            view! {
                <div class="update-notice" data-testid="update-notice">
                    <p>{i18n.t(Text::UpdateWaiting)}</p>
                    {action}
                </div>
            }
        })
    };
    // A live region that is always there, so the notice is announced when it appears.
    view! { <div class="notice-area" aria-live="polite">{notice}</div> }
}
