//! What a referral slip's QR code opens: the offerings a professional picked, for
//! the person to look at on their own phone. Public: it carries offering ids only.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wijkgids_core::refer::{REFERRAL_KEY, parse_referral_ids};

use crate::components::card::CardList;
use crate::components::offering_card::card_text;
use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};

#[component]
pub fn Referral() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let query = use_query_map();
    let list = move || {
        let value = query.with(|q| q.get(REFERRAL_KEY)).unwrap_or_default();
        let Ok(ids) = parse_referral_ids(&value) else {
            return view! { <p class="notice">{i18n.t(Text::ReferralBadLink)}</p> }.into_any();
        };
        let cards = ids
            .iter()
            .filter_map(|id| guide.offering(*id))
            .map(|o| card_text(i18n, &o, &[]))
            .collect();
        view! { <CardList cards empty=Text::StatusOpening/> }.into_any()
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
