//! The front page: the search box, needs in plain words, and what is on today.
//! `index.html` paints the same heading, box and tiles before any WASM has loaded;
//! the first screen's small app ([`crate::front`]) and then the guide take it over.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wijkgids_core::search::Filters;

use crate::components::card::{CardList, CardText};
use crate::components::install_offer::InstallOffer;
use crate::components::need_tiles::NeedTiles;
use crate::components::search_box::{SearchBox, keep_typing, search_href};
use crate::i18n::{Text, use_i18n};
use crate::pages::agenda::HappeningList;

/// The front page in the guide: typing goes straight to the results.
#[component]
pub fn Home() -> impl IntoView {
    let navigate = use_navigate();
    let on_text = move |text: String| {
        keep_typing();
        navigate(&search_href(&text, &Filters::default()), Default::default());
    };
    let on_submit = Callback::new(on_text.clone());
    view! {
        <FrontPage on_text on_submit below=|| view! { <InstallOffer/> }>
            <HappeningList/>
        </FrontPage>
    }
}

/// How many of today's offerings the front page lists.
pub const TODAY_LIMIT: usize = 5;

/// The front page around `children`, the list of what is on today, with `below`
/// at its end.
#[component]
pub fn FrontPage(
    /// What the box starts with (the first screen: what was typed before it ran).
    #[prop(optional, into)]
    text: Option<Signal<String>>,
    /// The box takes the focus (see [`SearchBox`]).
    #[prop(optional)]
    continues: bool,
    on_text: impl Fn(String) + 'static,
    /// Sending the search form stays in the app (see [`SearchBox`]).
    #[prop(optional, into)]
    on_submit: Option<Callback<String>>,
    /// A place right under the box for a new visitor's results, which the
    /// finder draws (`crate::finder`) while the guide loads.
    #[prop(optional)]
    results_place: bool,
    #[prop(optional, into)] below: ViewFn,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::AppName)}</h1>
            <p class="lead">{i18n.t(Text::HomeLead)}</p>
            <SearchBox text=text.unwrap_or_else(|| Signal::stored(String::new())) on_text
                continues on_submit/>
            {results_place.then(|| view! { <div class="first-results"></div> })}
            <h2>{i18n.t(Text::NeedsHeading)}</h2>
            <NeedTiles/>
            <Today>{children()}</Today>
            {below.run()}
        </main>
    }
}

/// What is on tomorrow, under its own heading, with a link to all of it: what
/// the front page shows when nothing more is on today (in the guide and on the
/// first screen, from its digest).
#[component]
pub fn TomorrowList(cards: Vec<CardText>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2 data-testid="tomorrow-heading">{i18n.t(Text::TomorrowHeading)}</h2>
        <CardList cards empty=Text::NothingTomorrow/>
        // The results for the time filter "tomorrow" (`When::Tomorrow`).
        <p class="jump"><a href="/zoeken?when=tomorrow">{i18n.t(Text::AllOfTomorrow)}</a></p>
    }
}

/// "Vandaag in de wijk" around `children` (the list), with a link to the agenda.
#[component]
pub fn Today(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2>{i18n.t(Text::TodayHeading)}</h2>
        {children()}
        <p class="jump"><a href="/agenda">{i18n.t(Text::WholeAgenda)}</a></p>
    }
}
