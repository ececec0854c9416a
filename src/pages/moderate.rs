//! "Beheer", for coordinators: offerings waiting for approval (each opens its
//! preview, `pages/review.rs`, where the coordinator approves it or sends it back;
//! what they decided is said here, and an approval can be undone), requests for a
//! publisher account, published offerings nobody has checked for a long time, and
//! an import of another system's social map (`pages/hsds_import.rs`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;
use wijkgids_core::Offering;
use wijkgids_core::lifecycle::{STALE_MONTHS, needs_a_look};
use wijkgids_core::schedule::TIME_ZONE;
use wijkgids_core::vocab::{RecordKind, Status};

use crate::components::browser::{focus_soon, now};
use crate::guide::{Guide, use_guide};
use crate::i18n::{Text, use_i18n};
use crate::pages::account_requests::AccountRequests;
use crate::pages::hsds_import::{self, HsdsImportSection};
use crate::sync::EditError;

/// Saves `offering` with `status` through the outbox (sent when online, so it
/// works offline too); approving clears an earlier reason for sending it back.
pub async fn set_status(
    guide: Guide,
    mut offering: Offering,
    status: Status,
    reason: Option<String>,
) -> Result<(), EditError> {
    offering.status = status;
    offering.review_note = reason;
    let data = serde_json::to_value(&offering).expect("an offering is JSON");
    crate::sync::edit(guide, RecordKind::Offering, offering.id, data).await?;
    Ok(())
}

/// What the coordinator just decided, said at the top of the queue.
#[derive(Debug, Clone, PartialEq)]
pub enum Decided {
    /// Approved: can be undone while it is still published.
    Approved {
        id: Uuid,
        title: String,
    },
    SentBack {
        title: String,
    },
    /// An approval undone: waiting for review again.
    Undone {
        title: String,
    },
    /// Saving the undo failed.
    Failed,
}

/// Hands `decided` (made on the preview) to the queue, which says it when it
/// opens next.
pub fn hand_over(decided: Decided) {
    crate::components::handover::leave(decided);
}

/// The id of the status line that says what was decided.
const NOTICE: &str = "review-notice";

#[component]
pub fn Moderate() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let pending = move || {
        let mut list = guide.offerings_where(|o| o.status == Status::PendingReview);
        list.sort_by(|a, b| a.title.cmp(&b.title));
        list
    };
    let stale = move || {
        let today = now().with_timezone(&TIME_ZONE).date_naive();
        let mut list = guide.offerings_where(|o| needs_a_look(o, today));
        list.sort_by_key(|o| o.checked_on);
        list
    };
    let review = move |o: Offering| {
        let organisation = o
            .organisation_id
            .and_then(|id| guide.organisation(id))
            .map(|org| org.name)
            .unwrap_or_default();
        view! {
            <li class="card" data-testid="pending">
                <h3 class="card-title"><a href=format!("/beheer/{}", o.id)>{o.title.clone()}</a></h3>
                <p class="card-summary">{o.summary.clone()}</p>
                <p class="card-facts">{organisation}</p>
            </li>
        }
    };
    // Filled after the page is drawn, so the status line exists before it speaks;
    // the focus goes to it, with "Ongedaan maken" next.
    let decided = RwSignal::new(None::<Decided>);
    Effect::new(move |_| {
        if let Some(d) = crate::components::handover::take::<Decided>() {
            decided.set(Some(d));
            focus_soon(NOTICE);
        }
    });
    let notice = move || {
        decided.get().map(|d| match d {
            Decided::Approved { title, .. } => i18n.fill(Text::ApprovedNotice, &[&title]),
            Decided::Undone { title } => i18n.fill(Text::UndoneNotice, &[&title]),
            Decided::SentBack { title } => i18n.fill(Text::SentBackNotice, &[&title]),
            Decided::Failed => i18n.t(Text::NotSaved).to_string(),
        })
    };
    // Undone while still published (not once it changed again meanwhile): back to
    // waiting for review, through the outbox as the approval went.
    let undoable = move || match decided.get() {
        Some(Decided::Approved { id, .. }) => {
            guide.offering(id).filter(|o| o.status == Status::Published)
        }
        _ => None,
    };
    let undo = move |offering: Offering| {
        let title = offering.title_in(i18n.lang()).to_string();
        spawn_local(async move {
            let done = set_status(guide, offering, Status::PendingReview, None).await;
            let said = match done {
                Ok(()) => Decided::Undone { title },
                Err(err) => {
                    leptos::logging::warn!("undo not saved: {err}");
                    Decided::Failed
                }
            };
            if decided.try_set(Some(said)).is_none() {
                focus_soon(NOTICE);
            }
        });
    };
    let old = move |o: Offering| {
        let checked = o
            .checked_on
            .map(|d| i18n.fill(Text::CheckedOn, &[&i18n.long_date(d)]))
            .unwrap_or_else(|| i18n.t(Text::NotChecked).to_string());
        view! {
            <li><a href=format!("/mijn-aanbod/{}", o.id)>{o.title.clone()}</a>" · "{checked}</li>
        }
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::NavModerate)}</h1>
            // The import sits below the lists of what waits (walkthrough: 47 Tab
            // presses away): a link near the top takes the focus to its heading.
            <p class="jump">
                <a href=format!("#{}", hsds_import::HEADING) data-testid="import-jump"
                    on:click=move |ev: leptos::ev::MouseEvent| {
                        ev.prevent_default();
                        focus_soon(hsds_import::HEADING);
                    }>{i18n.t(Text::ImportJump)}</a>
            </p>
            <div class="review-notice">
                <p id=NOTICE role="status" tabindex="-1" data-testid="review-notice">{notice}</p>
                {move || undoable().map(|offering| view! {
                    <button type="button" class="button button-secondary" data-testid="undo"
                        on:click=move |_| undo(offering.clone())>{i18n.t(Text::Undo)}</button>
                })}
            </div>
            <h2>{i18n.t(Text::PendingHeading)}</h2>
            {move || {
                let list = pending();
                if list.is_empty() {
                    view! { <p>{i18n.t(Text::NothingPending)}</p> }.into_any()
                } else {
                    view! { <ul class="cards">{list.into_iter().map(review).collect_view()}</ul> }.into_any()
                }
            }}
            <AccountRequests/>
            // The import before the long list below it: what the list gains
            // never pushes the import's message out of view (walkthrough: at
            // 360 px "Geïmporteerd" slid off the screen).
            <HsdsImportSection/>
            <h2>{i18n.fill(Text::StaleHeading, &[&STALE_MONTHS])}</h2>
            // Never a heading over nothing: what is empty, in words.
            {move || {
                let list = stale();
                if list.is_empty() {
                    view! { <p data-testid="nothing-stale">{i18n.fill(Text::NothingStale, &[&STALE_MONTHS])}</p> }.into_any()
                } else {
                    view! { <ul class="links">{list.into_iter().map(old).collect_view()}</ul> }.into_any()
                }
            }}
        </main>
    }
}
