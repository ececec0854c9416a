//! Who is signed in, what their role lets them do here, and signing out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use wijkgids_core::vocab::{AccountRole, Vocabulary};

use crate::guide::{SyncStatus, use_guide};
use crate::i18n::{Text, use_i18n};
use crate::session::use_auth;

/// The screens each role has, beyond what every resident has.
pub fn tools(role: Option<AccountRole>) -> Vec<(&'static str, Text)> {
    let mut tools = Vec::new();
    if role.is_some() {
        tools.push(("/verwijzen", Text::NavRefer));
    }
    if matches!(
        role,
        Some(AccountRole::Publisher | AccountRole::Coordinator)
    ) {
        tools.push(("/mijn-aanbod", Text::NavMyOfferings));
    }
    if role == Some(AccountRole::Coordinator) {
        tools.push(("/beheer", Text::NavModerate));
    }
    tools
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let guide = use_guide();
    let navigate = use_navigate();
    let failed = RwSignal::new(None::<String>);
    let sign_out = move |_| {
        let waiting = match guide.status() {
            SyncStatus::Offline { waiting } | SyncStatus::UpToDate { waiting, .. } => waiting,
            _ => 0,
        };
        if waiting > 0 {
            let question = i18n.fill(Text::SignOutLosesEdits, &[&waiting]);
            if !window().confirm_with_message(&question).unwrap_or(false) {
                return;
            }
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            match auth.sign_out(guide).await {
                Ok(()) => navigate("/", Default::default()),
                Err(err) => {
                    let _ = failed.try_set(Some(err.to_string()));
                }
            }
        });
    };
    let signed_in = move || {
        let sign_out = sign_out.clone();
        let account = auth.account()?;
        let organisation = account
            .organisation_id
            .and_then(|id| guide.organisation(id))
            .map(|o| o.name);
        Some(view! {
            <p data-testid="account">{i18n.fill(Text::SignedInAs, &[&account.email, &account.role.label(i18n.lang())])}</p>
            {organisation.map(|name| view! { <p>{i18n.fill(Text::ForOrganisation, &[&name])}</p> })}
            <h2>{i18n.t(Text::YourTools)}</h2>
            <ul class="links">
                {tools(Some(account.role)).into_iter().map(|(href, text)| view! {
                    <li><a href=href>{i18n.t(text)}</a></li>
                }).collect_view()}
                <li><a href="/professionals">{i18n.t(Text::DirectoryTitle)}</a></li>
            </ul>
            <button type="button" class="button" data-testid="sign-out" on:click=sign_out>
                {i18n.t(Text::SignOut)}
            </button>
            <p role="status">{move || failed.get()}</p>
        })
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::AccountTitle)}</h1>
            {move || signed_in().map(IntoAny::into_any).unwrap_or_else(|| view! {
                <p><a href="/inloggen">{i18n.t(Text::NavSignIn)}</a></p>
            }.into_any())}
        </main>
    }
}
