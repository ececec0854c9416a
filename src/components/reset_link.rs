//! A coordinator's "Link voor nieuw wachtwoord" for one account: asks the server
//! for a one-time link (valid for a day; a newer one replaces it) and shows it,
//! with until when it works, to pass on through the phone's share sheet or the
//! clipboard. Until the server sends mail, this is how someone who forgot their
//! password gets back in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;
use wijkgids_core::schedule::TIME_ZONE;
use wijkgids_core::wire::{ResetLink, reset_link};

use crate::api;
use crate::components::browser::{self, Shared};
use crate::i18n::{Text, hhmm, use_i18n};
use crate::session::use_auth;

#[component]
pub fn ResetLinkButton(
    /// The account the link is for.
    id: Uuid,
    /// How the coordinator knows the person: their name or e-mail address.
    who: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let made = RwSignal::new(None::<Result<ResetLink, String>>);
    let copied = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let make = move |_| {
        let Some(token) = auth.token() else { return };
        busy.set(true);
        copied.set(false);
        spawn_local(async move {
            let answer = api::make_reset_link(&token, id).await;
            let _ = busy.try_set(false);
            let _ = made.try_set(Some(answer.map_err(|err| err.to_string())));
        });
    };
    let shown = move |link: ResetLink| {
        let origin = window().location().origin().unwrap_or_default();
        let url = reset_link(&origin, &link.token);
        let local = link.expires_at.with_timezone(&TIME_ZONE);
        let until = format!("{} {}", i18n.date(local.date_naive()), hhmm(local));
        let field = format!("reset-link-{id}");
        let shared = url.clone();
        let share = move |_| {
            let url = shared.clone();
            spawn_local(async move {
                let title = i18n.t(Text::ResetTitle);
                if let Ok(Shared::Copied) = browser::share(title, &url).await {
                    let _ = copied.try_set(true);
                }
            });
        };
        view! {
            <p>{i18n.fill(Text::ResetLinkMade, &[&who, &until])}</p>
            <p class="field">
                <label for=field.clone()>{i18n.t(Text::ResetLinkLabel)}</label>
                <input id=field type="url" readonly data-testid="reset-link-url" prop:value=url/>
            </p>
            <button type="button" class="button" on:click=share>{i18n.t(Text::ShareResetLink)}</button>
            <p>{move || copied.get().then(|| i18n.t(Text::ResetLinkCopied))}</p>
        }
    };
    view! {
        <button type="button" class="button button-secondary" data-testid="make-reset-link"
            prop:disabled=busy on:click=make>
            {i18n.t(Text::MakeResetLink)}
        </button>
        <div role="status" data-testid="reset-link">
            {move || made.get().map(|answer| match answer {
                Ok(link) => shown(link).into_any(),
                Err(err) => view! {
                    <p class="error">{i18n.fill(Text::DecisionFailed, &[&err])}</p>
                }.into_any(),
            })}
        </div>
    }
}
