//! "Mijn aanbod": a publisher's own organisation's offerings with their status and
//! whether changes still wait to be sent (coordinators see every organisation's).

use std::collections::HashMap;

use leptos::prelude::*;
use uuid::Uuid;
use wijkgids_core::Offering;
use wijkgids_core::validate::validate_offering_as;
use wijkgids_core::vocab::{AccountRole, Status, Vocabulary};

use crate::guide::use_guide;
use crate::i18n::{I18n, Text, use_i18n};
use crate::session::use_auth;
use crate::sync::{Crossed, Decision, Waiting};

/// Edits not yet accepted by the server, per offering, read again whenever the guide or the sync status changes (the status also
/// tells when the engine has opened the store).
pub fn use_waiting_edits() -> LocalResource<HashMap<Uuid, Waiting>> {
    let guide = use_guide();
    LocalResource::new(move || {
        guide.offering_count();
        guide.status();
        async { crate::sync::waiting_edits().await.unwrap_or_default() }
    })
}

/// Offerings deleted on this device whose delete crossed a change elsewhere: gone
/// from the guide, so listed apart, each with the title it still has.
fn use_crossed_deletes(
    waiting: LocalResource<HashMap<Uuid, Waiting>>,
) -> LocalResource<Vec<(Uuid, String)>> {
    let guide = use_guide();
    LocalResource::new(move || {
        let ids: Vec<Uuid> = waiting
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(|(id, w)| *w == Waiting::Clash && guide.offering(*id).is_none())
            .map(|(id, _)| id)
            .collect();
        async move {
            let mut deleted = Vec::new();
            for id in ids {
                if let Ok(Some(Decision::Crossed(Crossed {
                    mine: None,
                    theirs,
                    base,
                }))) = crate::sync::decision(id).await
                {
                    let title = theirs
                        .or(base)
                        .and_then(|v| v["title"].as_str().map(String::from));
                    deleted.push((id, title.unwrap_or_default()));
                }
            }
            deleted.sort_by(|a, b| a.1.cmp(&b.1));
            deleted
        }
    })
}

/// What the form just saved, said once when "Mijn aanbod" opens after it.
struct AfterSave(String);

/// Has "Mijn aanbod" say `text` (where a saved offering now stands) when it opens.
pub fn say_after_save(text: String) {
    crate::components::handover::leave(AfterSave(text));
}

#[component]
pub fn MyOfferings() -> impl IntoView {
    let i18n = use_i18n();
    // Filled a frame after the page is there, so screen readers announce it.
    let after_save = RwSignal::new(None::<String>);
    if let Some(AfterSave(text)) = crate::components::handover::take::<AfterSave>() {
        request_animation_frame(move || {
            let _ = after_save.try_set(Some(text));
        });
    }
    let guide = use_guide();
    let auth = use_auth();
    let waiting = use_waiting_edits();
    let deleted_here = use_crossed_deletes(waiting);
    // Archived offerings are listed apart (they can be opened and published again),
    // so an archived offering does not seem lost.
    let mine = move |archived: bool| {
        let account = auth.account()?;
        let everyone = account.role == AccountRole::Coordinator;
        let mut offerings = guide.offerings_where(|o| {
            let ours = everyone
                || (o.organisation_id.is_some() && o.organisation_id == account.organisation_id);
            ours && (o.status == Status::Archived) == archived
        });
        offerings.sort_by(|a, b| a.title.cmp(&b.title));
        Some(offerings)
    };
    // Whose offerings these are: the publisher's organisation, or everyone's.
    let organisation = move || {
        let account = auth.account()?;
        Some(
            match account
                .organisation_id
                .and_then(|id| guide.organisation(id))
            {
                Some(org) if account.role != AccountRole::Coordinator => org.name,
                _ => i18n.t(Text::AllOrganisations).to_string(),
            },
        )
    };
    let choose = move |id: Uuid| {
        view! {
            <p><a class="button" data-testid="choose" href=format!("/mijn-aanbod/{id}/kiezen")>{i18n.t(Text::ChooseNow)}</a></p>
        }
    };
    let deleted_row = move |(id, title): (Uuid, String)| {
        view! {
            <li class="card" data-testid="my-offering">
                <h3 class="card-title">{title}</h3>
                <p class="card-facts">
                    <span class="badge">{i18n.t(Text::DeletedHere)}</span>
                    <span class="badge badge-warn" data-testid="waiting">{i18n.t(Text::NeedsDecision)}</span>
                </p>
                {choose(id)}
            </li>
        }
    };
    let row = move |o: Offering| {
        // A draft may be saved unfinished, even without a title.
        let title = match o.title.trim() {
            "" => i18n.t(Text::NoTitleYet).to_string(),
            title => title.to_owned(),
        };
        let unfinished =
            o.status == Status::Draft && !validate_offering_as(&o, Status::Published).is_empty();
        let waits = move || waiting.get().and_then(|w| w.get(&o.id).copied());
        let state = move || {
            waits().map(|w| {
                i18n.t(match w {
                    Waiting::ToSend => Text::WaitingToSend,
                    Waiting::Clash => Text::NeedsDecision,
                    Waiting::Refused => Text::Refused,
                })
            })
        };
        view! {
            <li class="card" data-testid="my-offering">
                <h3 class="card-title"><a href=format!("/mijn-aanbod/{}", o.id)>{title}</a></h3>
                <p class="card-facts">
                    <span class="badge">{o.status.label(i18n.lang())}</span>
                    {unfinished.then(|| view! { <span class="badge" data-testid="unfinished">{i18n.t(Text::DraftNotFinished)}</span> })}
                    {move || state().map(|s| view! { <span class="badge badge-warn" data-testid="waiting">{s}</span> })}
                </p>
                {move || waits().is_some_and(|w| w != Waiting::ToSend).then(|| choose(o.id))}
            </li>
        }
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::NavMyOfferings)}</h1>
            <p role="status" data-testid="after-save"
                class=move || after_save.with(|s| if s.is_some() { "notice" } else { "" })>
                {move || after_save.get()}
            </p>
            // Only for someone signed in: an offering made signed out would belong
            // to no account, and no sign-in would ever send it.
            {move || auth.account().is_some().then(|| view! {
                <p><a class="button" href="/mijn-aanbod/nieuw" data-testid="new-offering">{i18n.t(Text::NewOffering)}</a></p>
            })}
            {move || organisation().map(|name| view! { <h2>{name}</h2> })}
            {move || match mine(false) {
                None => sign_in_first(i18n).into_any(),
                Some(list) if list.is_empty() => view! { <p>{i18n.t(Text::NoOfferingsYet)}</p> }.into_any(),
                Some(list) => view! { <ul class="cards">{list.into_iter().map(row).collect_view()}</ul> }.into_any(),
            }}
            {move || mine(true).filter(|list| !list.is_empty()).map(|list| view! {
                <details class="disclosure" data-testid="archived">
                    <summary>{i18n.fill(Text::ArchivedOfferings, &[&list.len().to_string()])}</summary>
                    <ul class="cards">{list.into_iter().map(row).collect_view()}</ul>
                </details>
            })}
            {move || {
                let deleted = deleted_here.get().unwrap_or_default();
                (!deleted.is_empty()).then(|| view! {
                    <ul class="cards">{deleted.into_iter().map(deleted_row).collect_view()}</ul>
                })
            }}
        </main>
    }
}

/// Instead of the publishing tools, for someone not signed in.
pub fn sign_in_first(i18n: I18n) -> impl IntoView {
    view! {
        <p data-testid="sign-in-first">{i18n.t(Text::SignInToPublish)}</p>
        <p><a class="button" href="/inloggen">{i18n.t(Text::NavSignIn)}</a></p>
    }
}
