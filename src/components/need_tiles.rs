//! The needs in plain words as tiles, each a search for that need: on the front
//! page, and where a search found nothing.

use leptos::prelude::*;
use wijkgids_core::search::{Filters, Need};
use wijkgids_core::vocab::Vocabulary;

use crate::components::search_box::search_href;
use crate::i18n::use_i18n;

#[component]
pub fn NeedTiles() -> impl IntoView {
    let i18n = use_i18n();
    let tile = move |need: Need| {
        let filters = Filters {
            need: Some(need),
            ..Filters::default()
        };
        view! {
            <li><a href=search_href("", &filters) class="tile">{i18n.label(need)}</a></li>
        }
    };
    view! { <ul class="tiles">{Need::ALL.iter().copied().map(tile).collect_view()}</ul> }
}
