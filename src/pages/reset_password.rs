//! "Nieuw wachtwoord kiezen": where a password reset link opens (its token after
//! the `#`, so it never reaches a server's log). The link is checked at once, so a
//! used, expired or unknown one says so before anything is typed; then the new
//! password, typed twice, follows the same rules as everywhere. Saving it ends
//! every other session of the account and signs in on this device. Needs the
//! internet: nothing is queued, as a password is involved.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wijkgids_core::validate::validate_new_password;
use wijkgids_core::wire::{PasswordReset, RESET_LINK_PATH, ResetToken};

use crate::api::{self, ApiError};
use crate::components::form::{Checked, TextField};
use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};
use crate::session::use_auth;

/// Why a link does not work (or a new password was not saved), in the person's
/// words.
fn why_not(err: &ApiError) -> Text {
    match err {
        ApiError::Offline => Text::ResetOffline,
        ApiError::Status { status: 429, .. } => Text::SignInTooMany,
        ApiError::Status { status: 403, .. } => Text::SignInBlocked,
        ApiError::Status {
            answer: Some(answer),
            ..
        } => match answer.code.as_str() {
            "reset_link_used" => Text::ResetUsed,
            "reset_link_expired" => Text::ResetExpired,
            "reset_link_unknown" => Text::ResetUnknown,
            _ => Text::ApplyFailed,
        },
        _ => Text::ApplyFailed,
    }
}

/// The token of the link this page was opened with (after the `#`).
fn token_of_link() -> String {
    let hash = window().location().hash().unwrap_or_default();
    hash.trim_start_matches('#').trim().to_owned()
}

#[component]
pub fn ResetPassword() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let guide = use_guide();
    let token = StoredValue::new(token_of_link());
    // Whose password the link sets, or why it does not work.
    let link = LocalResource::new(move || {
        let token = token.get_value();
        async move {
            if token.is_empty() {
                return Err(Text::ResetIncomplete);
            }
            api::check_reset_link(&ResetToken { token })
                .await
                .map_err(|err| why_not(&err))
        }
    });
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let checked = Checked::new(Signal::derive(move || {
        password.with(|p| repeat.with(|r| validate_new_password(p, r)))
    }));
    let said = RwSignal::new(None::<Text>);
    let busy = RwSignal::new(false);
    // Saved: signed in (true), or to sign in with it (false).
    let done = RwSignal::new(None::<bool>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !checked.try_save() {
            said.set(Some(Text::FixProblems));
            return;
        }
        busy.set(true);
        said.set(None);
        let reset = PasswordReset {
            token: token.get_value(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            let answer = api::reset_password(&reset).await;
            let signed_in = match answer {
                Ok(session) => auth.start(guide, session).await.is_ok(),
                Err(err) => {
                    let _ = busy.try_set(false);
                    let _ = said.try_set(Some(why_not(&err)));
                    return;
                }
            };
            // The link is used up: leave its token out of the address and history.
            let _ = window().history().and_then(|history| {
                history.replace_state_with_url(
                    &wasm_bindgen::JsValue::NULL,
                    "",
                    Some(RESET_LINK_PATH),
                )
            });
            let _ = busy.try_set(false);
            let _ = done.try_set(Some(signed_in));
            let _ = said.try_set(Some(if signed_in {
                Text::ResetDone
            } else {
                Text::ResetDoneSignIn
            }));
        });
    };
    let status = move || {
        said.get()
            .or_else(|| match link.get() {
                None => Some(Text::ResetChecking),
                Some(Err(why)) => Some(why),
                Some(Ok(_)) => None,
            })
            .map(|text| i18n.t(text))
    };
    let form = move |email: String| {
        view! {
            <p class="lead">{i18n.fill(Text::ResetFor, &[&email])}</p>
            <form class="form" on:submit=submit novalidate>
                // For password managers: whose new password this is.
                <input type="email" name="username" autocomplete="username" hidden prop:value=email/>
                <TextField checked field="password" label=Text::ResetPassword kind="password"
                    autocomplete="new-password" help=Text::ApplyPasswordHelp
                    value=password set=move |v| password.set(v)/>
                <TextField checked field="repeat" label=Text::ResetRepeat kind="password"
                    autocomplete="new-password"
                    value=repeat set=move |v| repeat.set(v)/>
                <button type="submit" class="button" data-testid="reset-save" prop:disabled=busy>
                    {i18n.t(Text::ResetSave)}
                </button>
            </form>
        }
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::ResetTitle)}</h1>
            <p role="status" data-testid="reset-status">{status}</p>
            {move || match done.get() {
                Some(true) => view! {
                    <p><a class="button" href="/account" data-testid="to-account">{i18n.t(Text::ResetToAccount)}</a></p>
                }.into_any(),
                Some(false) => view! {
                    <p><a class="button" href="/inloggen">{i18n.t(Text::NavSignIn)}</a></p>
                }.into_any(),
                None => link.get().and_then(Result::ok).map(|found| form(found.email)).into_any(),
            }}
        </main>
    }
}
