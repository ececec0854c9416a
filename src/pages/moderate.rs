//! "Beheer", for coordinators: offerings waiting for approval (approve, or send
//! back to draft), requests for a publisher account, and published offerings
//! nobody has checked for a long time.

use chrono::Months;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wijkgids_core::Offering;
use wijkgids_core::schedule::TIME_ZONE;
use wijkgids_core::vocab::{RecordKind, Status};

use crate::components::approve_or_refuse::ApproveOrRefuse;
use crate::components::browser::now;
use crate::guide::{Guide, use_guide};
use crate::i18n::{Text, use_i18n};
use crate::pages::account_requests::AccountRequests;

/// Published offerings not checked for this many months are listed for a look.
const STALE_MONTHS: u32 = 6;

/// Saves `offering` with `status` through the outbox (sent when online); approving
/// clears an earlier reason for sending it back.
fn set_status(guide: Guide, mut offering: Offering, status: Status, reason: Option<String>) {
    offering.status = status;
    offering.review_note = reason;
    spawn_local(async move {
        let data = serde_json::to_value(&offering).expect("an offering is JSON");
        if let Err(err) = crate::sync::edit(guide, RecordKind::Offering, offering.id, data).await {
            leptos::logging::warn!("status not saved: {err}");
        }
    });
}

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
        let limit = today
            .checked_sub_months(Months::new(STALE_MONTHS))
            .unwrap_or(today);
        let mut list = guide.offerings_where(|o| {
            o.status == Status::Published && o.checked_on.is_none_or(|d| d < limit)
        });
        list.sort_by_key(|o| o.checked_on);
        list
    };
    let review = move |o: Offering| {
        let organisation = o
            .organisation_id
            .and_then(|id| guide.organisation(id))
            .map(|org| org.name)
            .unwrap_or_default();
        let (approve, back) = (o.clone(), o.clone());
        view! {
            <li class="card" data-testid="pending">
                <h3 class="card-title"><a href=format!("/aanbod/{}", o.id)>{o.title.clone()}</a></h3>
                <p class="card-summary">{o.summary.clone()}</p>
                <p class="card-facts">{organisation}</p>
                <ApproveOrRefuse key=o.id.to_string() approve=Text::Approve reason=Text::SendBackReason
                    refuse=Text::SendBack approve_id="approve" refuse_id="send-back"
                    on_approve=move || set_status(guide, approve.clone(), Status::Published, None)
                    on_refuse=move |reason| set_status(guide, back.clone(), Status::Draft, Some(reason))/>
            </li>
        }
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
            <h2>{i18n.fill(Text::StaleHeading, &[&STALE_MONTHS])}</h2>
            <ul class="links">{move || stale().into_iter().map(old).collect_view()}</ul>
        </main>
    }
}
