//! The favourites kept on this device.

use leptos::prelude::*;

use crate::components::favourites::use_favourites;
use crate::components::offering_card::OfferingCard;
use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};

#[component]
pub fn FavouritesPage() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let favourites = use_favourites();
    let list = move || {
        let ids = favourites.ids();
        if ids.is_empty() {
            return view! { <p>{i18n.t(Text::FavouritesNone)}</p> }.into_any();
        }
        // Until the cards' chunks of the guide's snapshot are read: drawn whole after.
        let Some(cards) = guide.cards_of(ids) else {
            return ().into_any();
        };
        view! {
            <ul class="cards" data-testid="favourites">
                {cards.into_iter().map(|card| match card {
                    Some(offering) => view! { <OfferingCard offering/> }.into_any(),
                    None => view! { <li class="card">{i18n.t(Text::FavouriteGone)}</li> }.into_any(),
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::FavouritesTitle)}</h1>
            <p class="lead">{i18n.t(Text::FavouritesLead)}</p>
            {list}
        </main>
    }
}
