//! The coordinator's queue of requests for a publisher account: who asks, for which
//! organisation, and why; approve, or turn down with a reason the applicant sees
//! when they try to sign in. Below it, the other accounts, to block (which ends
//! their sessions) or unblock. Accounts live on the server only, so this needs the
//! internet; the server checks every decision again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wijkgids_core::validate::validate_account_decision;
use wijkgids_core::vocab::AccountStatus;
use wijkgids_core::wire::{Account, AccountDecision};

use crate::api;
use crate::components::approve_or_refuse::ApproveOrRefuse;
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
                let who = account.name.clone().unwrap_or(account.email.clone());
                let answer = api::decide_account(&token, account.id, &decision).await;
                let text = match answer {
                    Ok(_) => i18n.fill(done, &[&who]),
                    Err(err) => i18n.fill(Text::DecisionFailed, &[&err]),
                };
                let _ = said.try_set(Some(text));
                let _ = fetches.try_update(|n| *n += 1);
            });
        };
    let request = move |account: Account| {
        let organisation = account
            .organisation_id
            .and_then(|id| guide.organisation(id))
            .map(|o| o.name)
            .unwrap_or_default();
        let (approve, reject) = (account.clone(), account.clone());
        view! {
            <li class="card" data-testid="account-request">
                <h3 class="card-title">{account.name.clone().unwrap_or_default()}</h3>
                <p class="card-facts">{account.email.clone()}" · "{organisation}</p>
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
        let who = account.name.clone().unwrap_or(account.email.clone());
        let facts = format!(
            "{} · {} · {}",
            account.email,
            i18n.label(account.role),
            i18n.label(account.status)
        );
        let (to, button, done) = if blocked {
            (AccountStatus::Active, Text::Unblock, Text::AccountUnblocked)
        } else {
            (AccountStatus::Blocked, Text::Block, Text::AccountBlocked)
        };
        view! {
            <li data-testid="account">
                <strong>{who}</strong>" · "{facts}" "
                <button type="button" class="button button-secondary" data-testid="block-account"
                    on:click=move |_| decide(account.clone(), to, None, done)>
                    {i18n.t(button)}
                </button>
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
            <h2>{i18n.t(Text::AccountsHeading)}</h2>
            <ul class="links">{others.into_iter().map(other).collect_view()}</ul>
        }
    };
    view! {
        <h2>{i18n.t(Text::AccountRequestsHeading)}</h2>
        <p role="status" data-testid="account-decision">{move || said.get()}</p>
        {move || match requests.get() {
            None => view! { <p>{i18n.t(Text::AccountRequestsLoading)}</p> }.into_any(),
            Some(None) => view! { <p>{i18n.t(Text::AccountRequestsOffline)}</p> }.into_any(),
            Some(Some(accounts)) => lists(accounts).into_any(),
        }}
    }
}
