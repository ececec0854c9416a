//! What a referral slip's QR code opens: the offerings a professional picked, for
//! the person to look at on their own phone, with the slip's lines (when, where,
//! cost, how to join). Public: the link carries offering ids and the slip's
//! language only; the page opens in that language (and the device keeps it, as
//! if the person had chosen it), and the header's switch changes it after.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use wijkgids_core::refer::{
    REFERRAL_KEY, REFERRAL_LANG_KEY, parse_referral_ids, referral_lang, referral_link, slip_entry,
};
use wijkgids_core::schedule::TIME_ZONE;

use crate::components::browser::{in_place, now};
use crate::components::referral_slip::{entry_facts, entry_summary, entry_title};
use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};

#[component]
pub fn Referral() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let query = use_query_map();
    // The link's language is where the page starts, once: it is set as if the
    // person had chosen it and left out of the address, so the language switch
    // (and a reload after it) holds from then on.
    let asked = query.with_untracked(|q| q.get(REFERRAL_LANG_KEY));
    if let Some(lang) = asked.as_deref().and_then(referral_lang) {
        let navigate = use_navigate();
        let ids = query
            .with_untracked(|q| q.get(REFERRAL_KEY))
            .unwrap_or_default();
        // A link that names no offerings says so below, with its address as is.
        let without_lang = parse_referral_ids(&ids)
            .ok()
            .and_then(|ids| referral_link(&ids).ok());
        request_animation_frame(move || {
            if lang != i18n.lang() {
                i18n.set_lang(lang);
            }
            if let Some(link) = without_lang {
                navigate(&link, in_place());
            }
        });
    }
    let list = move || {
        let value = query.with(|q| q.get(REFERRAL_KEY)).unwrap_or_default();
        let Ok(ids) = parse_referral_ids(&value) else {
            return view! { <p class="notice">{i18n.t(Text::ReferralBadLink)}</p> }.into_any();
        };
        let lang = i18n.lang();
        let today: NaiveDate = now().with_timezone(&TIME_ZONE).date_naive();
        let entries: Vec<_> = ids
            .iter()
            .filter_map(|id| guide.offering(*id))
            .map(|o| slip_entry(&o, lang, today))
            .collect();
        if entries.is_empty() {
            return view! { <p>{i18n.t(Text::StatusOpening)}</p> }.into_any();
        }
        view! {
            <ul class="cards">
                {entries.into_iter().map(|entry| view! {
                    <li class="card" data-testid="referral-entry">
                        <h3 class="card-title"><a href=format!("/aanbod/{}", entry.id)>{entry_title(&entry, lang)}</a></h3>
                        {entry_summary(&entry, lang)}
                        {entry_facts(i18n, &entry, lang)}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::ReferralTitle)}</h1>
            <p class="lead">{i18n.t(Text::ReferralLead)}</p>
            <h2>{i18n.t(Text::OfferingsHeading)}</h2>
            {list}
        </main>
    }
}
