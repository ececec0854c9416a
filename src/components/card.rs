//! The markup of one offering in a list, from display texts only. The first screen
//! draws it from the digest the guide leaves on the device (see [`crate::front`]);
//! the guide draws it from an offering (see `offering_card`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::{Text, use_i18n};

/// What a card shows, already in the interface language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardText {
    /// Where the card leads; empty for a preview, which leads nowhere.
    pub href: String,
    pub title: String,
    pub summary: String,
    pub free: bool,
    /// What taking part costs when the participant pays: "€ 5,00 per keer".
    pub price: Option<String>,
    pub paused: bool,
    /// "Volgende keer: dinsdag 25 november, 10:00", "Afgelopen: vandaag
    /// 09:30–10:30", or "Op afspraak".
    pub next: Option<String>,
    /// The session it tells of is over: the card is greyed.
    #[serde(default)]
    pub over: bool,
    /// When the session it tells of is over (Unix seconds): the first screen
    /// leaves out a card of the digest once it is.
    #[serde(default)]
    pub ends: Option<i64>,
    /// "Niet op 24 december – 1 januari: Tussen kerst en oud en nieuw".
    #[serde(default)]
    pub closure: Option<String>,
    pub place: Option<String>,
    /// Why it matched a search, when the title does not show it.
    pub why: Option<String>,
    /// The `lang` of the title and summary when they are not in the screen's
    /// language (an offering written only in Dutch, on an English screen).
    #[serde(default)]
    pub lang: Option<String>,
}

#[component]
pub fn Card(card: CardText) -> impl IntoView {
    let i18n = use_i18n();
    let CardText {
        href,
        title,
        summary,
        free,
        price,
        paused,
        next,
        over,
        ends: _,
        closure,
        place,
        why,
        lang,
    } = card;
    view! {
        <li class=if over { "card over" } else { "card" } data-testid="card">
            // A preview (no `href`) shows the title as the card will, but leads nowhere.
            <h3 class="card-title" lang=lang.clone()>{if href.is_empty() {
                view! { <span>{title}</span> }.into_any()
            } else {
                view! { <a href=href>{title}</a> }.into_any()
            }}</h3>
            <p class="card-summary" lang=lang>{summary}</p>
            <p class="card-facts">
                {free.then(|| view! { <span class="badge">{i18n.t(Text::Free)}</span> })}
                {price.map(|p| view! { <span data-testid="card-price">{p}</span> })}
                {paused.then(|| view! { <span class="badge badge-warn">{i18n.t(Text::Paused)}</span> })}
                {next.map(|t| view! { <span data-testid="card-time">{t}</span> })}
                {place.map(|p| view! { <span lang=i18n.written()>{p}</span> })}
            </p>
            {closure.map(|c| view! { <p class="card-closure" data-testid="card-closure">{c}</p> })}
            {why.map(|why| view! { <p class="card-why">{why}</p> })}
        </li>
    }
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
