//! The favourites kept on this device, each with a way to take it out again
//! (also one no longer in the guide, which would otherwise stay for good).

use leptos::prelude::*;
use uuid::Uuid;

use crate::components::browser::element;
use crate::components::favourites::use_favourites;
use crate::components::offering_card::card_text;
use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};

#[component]
pub fn FavouritesPage() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let favourites = use_favourites();
    // What the last removal did, said (the row itself is gone).
    let said = RwSignal::new(false);
    let heading = NodeRef::<leptos::html::H1>::new();
    let remove = move |id: Uuid, at: usize| {
        favourites.toggle(id);
        // Said again at every removal: the same text set anew is not announced.
        said.set(false);
        let left = favourites.ids().len();
        // The focus goes to the next one's button (or the last one's), or to the
        // heading when none is left, not to the page's start with the button.
        request_animation_frame(move || {
            said.set(true);
            let next = (left > 0).then(|| {
                element(&format!(
                    "[data-testid=favourites] > li:nth-child({}) [data-testid=favourite-remove]",
                    at.min(left - 1) + 1
                ))
            });
            match next.flatten() {
                Some(button) => _ = button.focus(),
                None => _ = heading.get_untracked().map(|h| h.focus()),
            }
        });
    };
    let list = move || {
        let ids = favourites.ids();
        if ids.is_empty() {
            return view! { <p>{i18n.t(Text::FavouritesNone)}</p> }.into_any();
        }
        // Until the cards' chunks of the guide's snapshot are read: drawn whole after.
        let Some(cards) = guide.cards_of(ids.clone()) else {
            return ().into_any();
        };
        // One the guide does not show yet may still come (its records are read,
        // or it arrives): not called gone, nor the list drawn twice.
        if cards.iter().any(Option::is_none) && !guide.complete() {
            return view! { <p role="status">{i18n.t(Text::StatusOpening)}</p> }.into_any();
        }
        let lang = i18n.lang();
        view! {
            <ul class="cards" data-testid="favourites">
                {ids.into_iter().zip(cards).enumerate().map(|(at, (id, card))| {
                    let (class, shown, title) = match card {
                        Some(offering) => {
                            let card = card_text(i18n, &offering, &[]);
                            (card.class(), card.inner_html(lang), offering.title)
                        }
                        None => {
                            let gone = i18n.t(Text::FavouriteGone).to_string();
                            ("card", format!("<p class=\"card-summary\">{gone}</p>"), gone)
                        }
                    };
                    view! {
                        <li class=class data-testid="card">
                            <div inner_html=shown></div>
                            <button type="button" class="button button-secondary"
                                data-testid="favourite-remove" on:click=move |_| remove(id, at)>
                                {i18n.t(Text::FavouriteRemove)}
                                <span class="visually-hidden">{format!(": {title}")}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <main id="main" class="page">
            <h1 tabindex="-1" node_ref=heading>{i18n.t(Text::FavouritesTitle)}</h1>
            <p class="lead">{i18n.t(Text::FavouritesLead)}</p>
            {list}
            <p class="visually-hidden" role="status" data-testid="favourite-said">
                {move || said.get().then(|| i18n.t(Text::FavouriteRemoved))}
            </p>
        </main>
    }
}
