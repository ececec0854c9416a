//! The app: the services every page reads (guide, language, favourites), the
//! header with the sync status, and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::favourites::provide_favourites;
use crate::components::header::Header;
use crate::guide::Guide;
use crate::i18n::provide_i18n;
use crate::pages::accessibility::Accessibility;
use crate::pages::agenda::Agenda;
use crate::pages::favourites::FavouritesPage;
use crate::pages::home::Home;
use crate::pages::not_found::NotFound;
use crate::pages::offering::OfferingPage;
use crate::pages::results::Results;
use crate::pages::settings::Settings;

#[component]
pub fn App() -> impl IntoView {
    let guide = Guide::provide();
    let i18n = provide_i18n();
    provide_favourites();
    crate::sync::start(guide);
    // Everything is drawn again in the new language when it changes.
    move || {
        i18n.track();
        view! {
        <Router>
            <Header/>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Home/>
                <Route path=path!("/zoeken") view=Results/>
                <Route path=path!("/aanbod/:id") view=OfferingPage/>
                <Route path=path!("/agenda") view=Agenda/>
                <Route path=path!("/favorieten") view=FavouritesPage/>
                <Route path=path!("/instellingen") view=Settings/>
                <Route path=path!("/toegankelijkheid") view=Accessibility/>
            </Routes>
        </Router>
        }
    }
}
