//! A coordinator's preview of an offering waiting for approval (`/beheer/:id`):
//! the offering exactly as residents will see it once approved, what changed since
//! the version they saw last (listed with what it was, and marked on the page), and
//! the decision: approve, or send back with a reason. Both go through the outbox,
//! so they work offline; the queue then says what was decided, with an undo.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde_json::Value;
use uuid::Uuid;
use wijkgids_core::Offering;
use wijkgids_core::review::{ReviewChange, as_residents_will_see, changes};
use wijkgids_core::vocab::Status;

use crate::components::approve_or_refuse::ApproveOrRefuse;
use crate::components::browser::focus_soon;
use crate::guide::{SyncStatus, use_guide};
use crate::i18n::{I18n, Text, use_i18n};
use crate::pages::moderate::{Decided, hand_over, set_status};
use crate::pages::offering::OfferingView;

#[component]
pub fn ReviewOffering() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| Uuid::parse_str(&id).ok())
    };
    let offering = Memo::new(move |_| id().and_then(|id| guide.offering(id)));
    let waiting = Memo::new(move |_| {
        offering.with(|o| {
            o.as_ref()
                .is_some_and(|o| o.status == Status::PendingReview)
        })
    });
    // What residents saw last, as the server sent it with this version: read again
    // whenever the guide changes (a pull may bring it with the same version, after
    // an undo), shown again only when it differs.
    let read = LocalResource::new(move || {
        let id = id().filter(|id| guide.offering(*id).is_some());
        async move { crate::sync::last_published(id?).await.ok().flatten() }
    });
    let last_published = Memo::new(move |_| read.get());
    let arriving = Memo::new(move |_| {
        matches!(
            guide.status(),
            SyncStatus::Opening | SyncStatus::Syncing { .. }
        )
    });
    let preview = move || {
        let Some(pending) = offering.get().filter(|o| o.status == Status::PendingReview) else {
            let said = match offering.with(Option::is_some) {
                true => Text::NotWaiting,
                false if arriving.get() => Text::StatusOpening,
                false => Text::NotOnDevice,
            };
            return view! {
                <h1>{i18n.t(Text::NavModerate)}</h1>
                <p role="status">{i18n.t(said)}</p>
                <p><a href="/beheer" class="button">{i18n.t(Text::BackToModerate)}</a></p>
            }
            .into_any();
        };
        // Still reading it: nothing rather than "no earlier version" for a moment.
        let Some(published) = last_published.get() else {
            return ().into_any();
        };
        let found = published.as_ref().map(|p| {
            changes(
                p,
                &serde_json::to_value(&pending).unwrap_or(Value::Null),
                i18n.lang(),
            )
        });
        view! {
            <div class="preview-banner" role="note" data-testid="preview-banner">
                <p><strong>{i18n.t(Text::PreviewBadge)}</strong>" "{i18n.t(Text::PreviewExplain)}</p>
                {compared(i18n, found.as_deref())}
                <p class="no-print">
                    <a href="#decide" on:click=|_| focus_soon("decide-heading")>{i18n.t(Text::ToDecision)}</a>
                </p>
            </div>
            <OfferingView offering=as_residents_will_see(&pending) changes=found.unwrap_or_default()/>
        }
        .into_any()
    };
    view! {
        <main id="main" class="page offering review">
            {preview}
            {move || waiting.get().then(|| view! { <Decide offering/> })}
        </main>
    }
}

/// What changed since the version residents saw last, each with what it was.
fn compared(i18n: I18n, found: Option<&[ReviewChange]>) -> AnyView {
    let Some(found) = found else {
        return view! { <p data-testid="review-changes">{i18n.t(Text::ReviewNoEarlier)}</p> }
            .into_any();
    };
    if found.is_empty() {
        return view! { <p data-testid="review-changes">{i18n.t(Text::ReviewNoChanges)}</p> }
            .into_any();
    }
    let value = move |text: &Option<String>| {
        text.clone()
            .unwrap_or_else(|| i18n.t(Text::ReviewEmpty).to_string())
    };
    let rows = found
        .iter()
        .map(|change| {
            view! {
                <div data-testid="review-change">
                    <dt>{change.label.clone()}</dt>
                    <dd class="was"><strong>{i18n.t(Text::ReviewWas)}</strong>" "<del>{value(&change.was)}</del></dd>
                    <dd class="now"><strong>{i18n.t(Text::ReviewNow)}</strong>" "<ins>{value(&change.now)}</ins></dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <p>{i18n.fill(Text::ReviewChangesIntro, &[&found.len()])}</p>
        <dl class="review-changes" data-testid="review-changes">{rows}</dl>
    }
    .into_any()
}

/// Approve, or send back to draft with a reason; then back to the queue, which
/// says what was decided.
#[component]
fn Decide(offering: Memo<Option<Offering>>) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let navigate = use_navigate();
    let failed = RwSignal::new(false);
    let decide = move |status: Status, reason: Option<String>| {
        let Some(pending) = offering.get_untracked() else {
            return;
        };
        let (id, title) = (pending.id, pending.title_in(i18n.lang()).to_string());
        let navigate = navigate.clone();
        spawn_local(async move {
            let sent_back = reason.is_some();
            match set_status(guide, pending, status, reason).await {
                Ok(()) => {
                    hand_over(match sent_back {
                        true => Decided::SentBack { title },
                        false => Decided::Approved { id, title },
                    });
                    navigate("/beheer", Default::default());
                }
                Err(err) => {
                    leptos::logging::warn!("decision not saved: {err}");
                    let _ = failed.try_set(true);
                }
            }
        });
    };
    let refuse = decide.clone();
    let key = offering.with_untracked(|o| o.as_ref().map(|o| o.id.to_string()).unwrap_or_default());
    view! {
        <section id="decide" class="decide no-print" aria-labelledby="decide-heading">
            <h2 id="decide-heading" tabindex="-1">{i18n.t(Text::DecideHeading)}</h2>
            <ApproveOrRefuse key approve=Text::Approve reason=Text::SendBackReason
                refuse=Text::SendBack approve_id="approve" refuse_id="send-back"
                on_approve=move || decide(Status::Published, None)
                on_refuse=move |reason| refuse(Status::Draft, Some(reason))/>
            <p class="error" role="alert">{move || failed.get().then(|| i18n.t(Text::NotSaved))}</p>
        </section>
    }
}
