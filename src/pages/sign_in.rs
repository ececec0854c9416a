//! Signing in, for professionals, publishers and coordinators. Residents never
//! need to: everything public works without an account.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};
use crate::session::{SignInError, use_auth};

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let guide = use_guide();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Which fields the last attempt found wrong (e-mail, password).
    let invalid = RwSignal::new((false, false));
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // While one attempt runs the button stays (a disabled button would drop
        // the focus), but does nothing.
        if busy.get_untracked() {
            return;
        }
        let missing = (
            email.get_untracked().trim().is_empty(),
            password.get_untracked().is_empty(),
        );
        if missing.0 || missing.1 {
            error.set(Some(i18n.t(Text::SignInMissing).to_string()));
            invalid.set(missing);
            crate::components::browser::focus_soon(if missing.0 { "email" } else { "password" });
            return;
        }
        busy.set(true);
        error.set(None);
        invalid.set((false, false));
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = auth
                .sign_in(guide, &email.get_untracked(), &password.get_untracked())
                .await;
            let _ = busy.try_set(false);
            match result {
                Ok(()) => navigate("/account", Default::default()),
                Err(err) => {
                    let text = |text| i18n.t(text).to_string();
                    if matches!(err, SignInError::Refused) {
                        let _ = invalid.try_set((true, true));
                    }
                    let _ = error.try_set(Some(match err {
                        SignInError::Refused => text(Text::SignInRefused),
                        SignInError::Pending => text(Text::SignInPending),
                        SignInError::Blocked => text(Text::SignInBlocked),
                        SignInError::Rejected(reason) => {
                            i18n.fill(Text::SignInRejected, &[&reason])
                        }
                        SignInError::TooMany => text(Text::SignInTooMany),
                        SignInError::Offline => text(Text::SignInOffline),
                        SignInError::Storage => text(Text::SignInStorage),
                    }));
                }
            }
        });
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::SignInTitle)}</h1>
            <p class="lead">{i18n.t(Text::SignInLead)}</p>
            <form class="form" on:submit=submit novalidate>
                <p class="field">
                    <label for="email">{i18n.t(Text::SignInEmail)}</label>
                    <input id="email" name="email" type="email" autocomplete="username" required
                        aria-invalid=move || invalid.get().0.to_string() aria-describedby="sign-in-error"
                        prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                </p>
                <p class="field">
                    <label for="password">{i18n.t(Text::SignInPassword)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required
                        aria-invalid=move || invalid.get().1.to_string() aria-describedby="sign-in-error"
                        prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                </p>
                <p role="alert" class="error" id="sign-in-error" data-testid="sign-in-error">
                    {move || error.get()}
                </p>
                <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>{i18n.t(Text::SignInButton)}</button>
            </form>
            <h2>{i18n.t(Text::ForgotPasswordTitle)}</h2>
            <p data-testid="forgot-password">{i18n.t(Text::ForgotPasswordHint)}</p>
            <h2>{i18n.t(Text::NoAccountYet)}</h2>
            <p>{i18n.t(Text::ApplyInvite)}</p>
            <p><a class="button button-secondary" href="/aanmelden" data-testid="apply-link">{i18n.t(Text::ApplyTitle)}</a></p>
        </main>
    }
}
