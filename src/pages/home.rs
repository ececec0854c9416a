//! The front page: the search box, needs in plain words, and what is on today.
//! `index.html` paints the same heading, box and tiles before the app has loaded.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wijkgids_core::search::{Filters, Need, When};
use wijkgids_core::vocab::Vocabulary;

use crate::components::search_box::{SearchBox, keep_typing, search_href};
use crate::i18n::{Text, use_i18n};
use crate::pages::agenda::HappeningList;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let on_text = move |text: String| {
        keep_typing();
        navigate(&search_href(&text, &Filters::default()), Default::default());
    };
    let tile = move |need: Need| {
        let filters = Filters {
            need: Some(need),
            ..Filters::default()
        };
        view! {
            <li><A href=search_href("", &filters) attr:class="tile">{i18n.label(need)}</A></li>
        }
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::AppName)}</h1>
            <p class="lead">{i18n.t(Text::HomeLead)}</p>
            <SearchBox text=Signal::stored(String::new()) on_text/>
            <h2>{i18n.t(Text::NeedsHeading)}</h2>
            <ul class="tiles">{Need::ALL.iter().copied().map(tile).collect_view()}</ul>
            <h2>{i18n.t(Text::TodayHeading)}</h2>
            <HappeningList when=When::Today limit=5 empty=Text::NothingToday/>
            <p><A href="/agenda">{i18n.t(Text::WholeAgenda)}</A></p>
        </main>
    }
}
