//! One offering in a list, from display texts only. The first screen draws it
//! from the digest the guide leaves on the device (see [`crate::front`]); the
//! guide draws it from an offering (see `offering_card`).

use leptos::prelude::*;
pub use wijkgids_core::card::CardText;

use crate::i18n::{Text, use_i18n};

/// One card, in the markup every screen shares (`wijkgids_core::card`).
#[component]
pub fn Card(card: CardText) -> impl IntoView {
    let lang = use_i18n().lang();
    view! { <li class=card.class() data-testid="card" inner_html=card.inner_html(lang)></li> }
}

/// A list of cards, or the `empty` text when there are none.
#[component]
pub fn CardList(cards: Vec<CardText>, empty: Text) -> impl IntoView {
    let i18n = use_i18n();
    if cards.is_empty() {
        return view! { <p>{i18n.t(empty)}</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {cards.into_iter().map(|card| view! { <Card card/> }).collect_view()}
        </ul>
    }
    .into_any()
}
