//! The coordinator's queue of requests for a publisher account: who asks, for which
//! organisation (or which new initiative, which enters the guide with the
//! approval), and why; approve, or turn down with a reason the applicant sees
//! when they try to sign in. Below it, the other accounts, to block (which ends
//! their sessions) or unblock, and to make a link for a new password for someone
//! who forgot theirs. Accounts live on the server only, so this needs the
//! internet; the server checks every decision again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wijkgids_core::validate::validate_account_decision;
use wijkgids_core::vocab::AccountStatus;
use wijkgids_core::wire::{Account, AccountDecision};

use crate::api;
use crate::components::approve_or_refuse::ApproveOrRefuse;
use crate::components::reset_link::ResetLinkButton;
use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};
use crate::session::use_auth;

#[component]
pub fn AccountRequests() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let auth = use_auth();
    // Bumped after each decision to fetch the queue again.
    let fetches = RwSignal::new(0u32);
    let requests = LocalResource::new(move || {
        fetches.track();
        let token = auth.token();
        async move { api::accounts(&token?).await.ok() }
    });
    let said = RwSignal::new(None::<String>);
    // `done` says what happened, with the person's name.
    let decide =
        move |account: Account, status: AccountStatus, reason: Option<String>, done: Text| {
            let decision = AccountDecision { status, reason };
            let problems = validate_account_decision(&decision);
            if let Some(problem) = problems.first() {
                said.set(Some(problem.text(i18n.lang())));
                return;
            }
            let Some(token) = auth.token() else { return };
            spawn_local(async move {
                let who = who(&account).to_owned();
                let answer = api::decide_account(&token, account.id, &decision).await;
                let text = match answer {
                    Ok(_) => i18n.fill(done, &[&who]),
                    Err(err) => i18n.fill(Text::DecisionFailed, &[&err]),
                };
                let _ = said.try_set(Some(text));
                let _ = fetches.try_update(|n| *n += 1);
                // The decided card goes: the focus goes to what was done, never to
                // the next person's buttons (one more Enter would decide for them).
                crate::components::browser::focus_soon("account-decision");
            });
        };
    let request = move |account: Account| {
        // A new initiative is in no guide until approved: its name comes with the request.
        let organisation = match &account.initiative {
            Some(initiative) => i18n.fill(Text::InitiativeWaiting, &[&initiative.name]),
            None => account
                .organisation_id
                .and_then(|id| guide.organisation(id))
                .map(|o| o.name)
                .unwrap_or_default(),
        };
        let (approve, reject) = (account.clone(), account.clone());
        view! {
            <li class="card" data-testid="account-request">
                <h3 class="card-title">{who(&account).to_owned()}</h3>
                <p class="card-facts">{facts(&account, &[&organisation])}</p>
                {account.initiative.clone().map(|i| view! {
                    <p class="card-summary" data-testid="initiative-description">{i.description}</p>
                })}
                {account.message.clone().map(|m| view! { <p class="card-summary">{m}</p> })}
                <ApproveOrRefuse key=account.id.to_string() approve=Text::Approve reason=Text::RejectReason
                    refuse=Text::Reject approve_id="approve-account" refuse_id="reject-account"
                    on_approve=move || decide(approve.clone(), AccountStatus::Active, None, Text::AccountApproved)
                    on_refuse=move |reason| decide(reject.clone(), AccountStatus::Rejected, Some(reason), Text::AccountRejected)/>
            </li>
        }
    };
    // An active account can be blocked, a blocked one unblocked.
    let other = move |account: Account| {
        let blocked = account.status == AccountStatus::Blocked;
        let facts = facts(
            &account,
            &[i18n.label(account.role), i18n.label(account.status)],
        );
        let (to, button, done) = if blocked {
            (AccountStatus::Active, Text::Unblock, Text::AccountUnblocked)
        } else {
            (AccountStatus::Blocked, Text::Block, Text::AccountBlocked)
        };
        let reset = (!blocked).then(|| {
            view! { <ResetLinkButton id=account.id who=who(&account).to_owned()/> }
        });
        view! {
            <li data-testid="account">
                <strong>{who(&account).to_owned()}</strong>" · "{facts}" "
                <button type="button" class="button button-secondary" data-testid="block-account"
                    on:click=move |_| decide(account.clone(), to, None, done)>
                    {i18n.t(button)}
                </button>
                {reset}
            </li>
        }
    };
    let lists = move |accounts: Vec<Account>| {
        let me = auth.account().map(|a| a.id);
        let (pending, others): (Vec<Account>, Vec<Account>) = accounts
            .into_iter()
            .filter(|a| {
                matches!(
                    a.status,
                    AccountStatus::Pending | AccountStatus::Active | AccountStatus::Blocked
                )
            })
            .filter(|a| Some(a.id) != me)
            .partition(|a| a.status == AccountStatus::Pending);
        view! {
            {if pending.is_empty() {
                view! { <p>{i18n.t(Text::NoAccountRequests)}</p> }.into_any()
            } else {
                view! { <ul class="cards">{pending.into_iter().map(request).collect_view()}</ul> }.into_any()
            }}
            // Never a heading over nothing (walkthrough: an empty "Accounts").
            <h2>{i18n.t(Text::AccountsHeading)}</h2>
            {if others.is_empty() {
                view! { <p data-testid="no-other-accounts">{i18n.t(Text::NoOtherAccounts)}</p> }.into_any()
            } else {
                view! { <ul class="links">{others.into_iter().map(other).collect_view()}</ul> }.into_any()
            }}
        }
    };
    view! {
        <h2>{i18n.t(Text::AccountRequestsHeading)}</h2>
        <p role="status" id="account-decision" tabindex="-1" data-testid="account-decision">{move || said.get()}</p>
        {move || match requests.get() {
            None => view! { <p>{i18n.t(Text::AccountRequestsLoading)}</p> }.into_any(),
            Some(None) => view! { <p>{i18n.t(Text::AccountRequestsOffline)}</p> }.into_any(),
            Some(Some(accounts)) => lists(accounts).into_any(),
        }}
    }
}

/// How an account is named: the person's name, or their e-mail address when they
/// gave none.
fn who(account: &Account) -> &str {
    account
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .unwrap_or(&account.email)
}

/// The facts after the name, "·" between them: the e-mail address unless it is
/// the name already, then `more` (the empty ones left out).
fn facts(account: &Account, more: &[&str]) -> String {
    let email = (who(account) != account.email).then_some(account.email.as_str());
    email
        .into_iter()
        .chain(more.iter().copied())
        .filter(|fact| !fact.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}
