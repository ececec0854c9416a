//! Who is signed in, what their role lets them do here, and signing out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use wijkgids_core::vocab::{AccountRole, Vocabulary};

use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};
use crate::session::use_auth;

/// The screens each role has, beyond what every resident has.
pub fn tools(role: Option<AccountRole>) -> Vec<(&'static str, Text)> {
    let mut tools = Vec::new();
    if role.is_some() {
        tools.push(("/verwijzen", Text::NavRefer));
        tools.push(("/professionals", Text::NavDirectory));
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
    // Asked before signing out when edits wait: `Some(Ok(n))`, or `Some(Err(()))`
    // when the outbox could not be read (then nothing is assumed).
    let unsent = RwSignal::new(None::<Result<usize, ()>>);
    let finish = move |discard: bool| {
        let navigate = navigate.clone();
        spawn_local(async move {
            match auth.sign_out(guide, discard).await {
                Ok(()) => navigate("/", Default::default()),
                Err(err) => {
                    let _ = failed.try_set(Some(err.to_string()));
                }
            }
        });
    };
    // The question and the button take each other's place: focus goes along.
    let ask = move |answer: Option<Result<usize, ()>>| {
        let focus = if answer.is_some() {
            "unsent-heading"
        } else {
            "sign-out"
        };
        unsent.set(answer);
        crate::components::browser::focus_soon(focus);
    };
    let sign_out = {
        let finish = finish.clone();
        move |_| {
            let finish = finish.clone();
            // Counted in the outbox itself: the status line's count is not known
            // while syncing or opening, nor right after an edit.
            spawn_local(async move {
                match crate::sync::unsent().await {
                    Ok(0) => finish(false),
                    Ok(n) => ask(Some(Ok(n))),
                    Err(_) => ask(Some(Err(()))),
                }
            });
        }
    };
    let question = move || {
        let finish = finish.clone();
        let count = unsent.get()?;
        let (keep, discard) = (finish.clone(), finish);
        let (said, kept) = match count {
            Ok(1) => (i18n.t(Text::UnsentOne).to_string(), Text::UnsentKeptOne),
            Ok(n) => (i18n.fill(Text::UnsentMany, &[&n]), Text::UnsentKept),
            Err(()) => (i18n.t(Text::UnsentUnknown).to_string(), Text::UnsentKept),
        };
        Some(view! {
            <section class="notice" data-testid="unsent" aria-labelledby="unsent-heading">
                <h2 id="unsent-heading" tabindex="-1">{i18n.t(Text::UnsentHeading)}</h2>
                <p>{said}</p>
                <p>{i18n.t(kept)}</p>
                <div class="actions">
                    <button type="button" class="button" data-testid="sign-out-keep"
                        on:click=move |_| keep(false)>{i18n.t(Text::SignOutKeep)}</button>
                    <button type="button" class="button button-secondary" data-testid="sign-out-discard"
                        on:click=move |_| discard(true)>{i18n.t(Text::SignOutDiscard)}</button>
                    <button type="button" class="button button-secondary" data-testid="sign-out-cancel"
                        on:click=move |_| ask(None)>{i18n.t(Text::Cancel)}</button>
                </div>
            </section>
        })
    };
    // Drawn again only when the account changes, not at every sync (a button
    // drawn anew under a finger or a screen reader's cursor is lost).
    let account = Memo::new(move |_| auth.account());
    let signed_in = move || {
        let sign_out = sign_out.clone();
        let account = account.get()?;
        let organisation_id = account.organisation_id;
        let organisation = move || {
            let name = organisation_id.and_then(|id| guide.organisation(id))?.name;
            Some(view! { <p>{i18n.fill(Text::ForOrganisation, &[&name])}</p> })
        };
        Some(view! {
            <p data-testid="account">{i18n.fill(Text::SignedInAs, &[&account.email, &account.role.label(i18n.lang())])}</p>
            {organisation}
            <h2>{i18n.t(Text::YourTools)}</h2>
            <ul class="links">
                {tools(Some(account.role)).into_iter().map(|(href, text)| view! {
                    <li><a href=href>{i18n.t(text)}</a></li>
                }).collect_view()}
            </ul>
            {move || {
                let sign_out = sign_out.clone();
                // While the question about unsent edits is open, its answers are
                // the way out.
                unsent.with(Option::is_none).then(|| view! {
                    <button type="button" class="button" id="sign-out" data-testid="sign-out" on:click=sign_out>
                        {i18n.t(Text::SignOut)}
                    </button>
                })
            }}
            {question.clone()}
            <p role="status">{move || failed.get()}</p>
        })
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::AccountTitle)}</h1>
            {move || signed_in().map(IntoAny::into_any).unwrap_or_else(|| view! {
                <p class="jump"><a href="/inloggen">{i18n.t(Text::NavSignIn)}</a></p>
            }.into_any())}
        </main>
    }
}
