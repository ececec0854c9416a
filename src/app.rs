//! The app: the services every page reads (guide, language, favourites), the
//! header with the sync status, and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use wijkgids_core::schedule::TIME_ZONE;

use crate::components::browser::now;
use crate::components::decision_notice::DecisionNotice;
use crate::components::favourites::provide_favourites;
use crate::components::header::{Header, sync_text};
use crate::components::page_change::FocusOnNewScreen;
use crate::components::sync_line::status_with_retry;
use crate::components::update_notice::UpdateNotice;
use crate::front::{FrontDigest, keep_digest};
use crate::guide::{Guide, SyncStatus};
use crate::i18n::provide_i18n;
use crate::i18n::{I18n, Text};
use crate::pages::accessibility::Accessibility;
use crate::pages::account::tools;
use crate::pages::agenda::{Agenda, ComingUp, use_coming_up};
use crate::pages::favourites::FavouritesPage;
use crate::pages::home::{Home, TODAY_LIMIT};
use crate::pages::not_found::NotFound;
use crate::pages::offering::OfferingPage;
use crate::pages::referral::Referral;
use crate::pages::results::Results;
use crate::pages::settings::Settings;
use crate::pwa::provide_pwa;
use crate::session::provide_auth;
use wijkgids_core::vocab::Vocabulary;

/// A signed-in tool's page: in the resident's guide (built without the `tools`
/// feature), the page that loads the tools instead (`crate::tools`).
#[cfg(feature = "tools")]
macro_rules! tool {
    ($page:path) => {{
        use crate::pages::*;
        $page
    }};
}
#[cfg(not(feature = "tools"))]
macro_rules! tool {
    ($page:path) => {
        crate::tools::LoadTools
    };
}

#[component]
pub fn App(
    /// The guide, with what was shown before the device's own records in it
    /// (`crate::start`).
    guide: Guide,
) -> impl IntoView {
    provide_context(guide);
    let i18n = provide_i18n();
    provide_favourites();
    provide_pwa();
    ComingUp::provide(TODAY_LIMIT);
    // Before the router: the window calls the leave guard's `popstate` listener
    // first only if it was added first.
    crate::components::leave_guard::install();
    let auth = provide_auth(guide);
    crate::sync::start(guide);
    keep_front_digest(guide, i18n);
    crate::components::page_change::keep_title(move || i18n.t(Text::AppName));
    // A retry while offline is no news until it brings something: the line keeps
    // saying offline (a walkthrough heard the offline notice again at every
    // retry, and saw "Bijwerken…" flash).
    let (status, retry) = status_with_retry(guide, i18n);
    // Everything is drawn again in the new language when it changes.
    move || {
        i18n.track();
        view! {
        <Router>
            <Header status=Signal::derive(move || status.with(|s| sync_text(i18n, s)))
                spoken=retry.spoken
                path=Signal::derive(move || use_location().pathname.get())
                role=Signal::derive(move || auth.role().map(|r| r.label(i18n.lang())))
                tools=Signal::derive(move || tools(auth.role()))
                retry/>
            <FocusOnNewScreen/>
            <UpdateNotice/>
            <DecisionNotice/>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Home/>
                <Route path=path!("/zoeken") view=Results/>
                <Route path=path!("/aanbod/:id") view=OfferingPage/>
                <Route path=path!("/agenda") view=Agenda/>
                <Route path=path!("/favorieten") view=FavouritesPage/>
                <Route path=path!("/instellingen") view=Settings/>
                <Route path=path!("/toegankelijkheid") view=Accessibility/>
                <Route path=path!("/inloggen") view=tool!(sign_in::SignInPage)/>
                <Route path=path!("/aanmelden") view=tool!(apply::Apply)/>
                // wijkgids_core::wire::RESET_LINK_PATH, where reset links open.
                <Route path=path!("/nieuw-wachtwoord") view=tool!(reset_password::ResetPassword)/>
                <Route path=path!("/account") view=tool!(account::AccountPage)/>
                <Route path=path!("/professionals") view=tool!(directory::Directory)/>
                <Route path=path!("/mijn-aanbod") view=tool!(my_offerings::MyOfferings)/>
                <Route path=path!("/mijn-aanbod/:id") view=tool!(edit_offering::EditOffering)/>
                <Route path=path!("/mijn-aanbod/:id/kiezen") view=tool!(resolve::ResolveConflict)/>
                <Route path=path!("/beheer") view=tool!(moderate::Moderate)/>
                <Route path=path!("/beheer/:id") view=tool!(review::ReviewOffering)/>
                <Route path=path!("/verwijzen") view=tool!(refer::Refer)/>
                <Route path=path!("/verwijzing") view=Referral/>
            </Routes>
        </Router>
        }
    }
}

/// Leaves what is on today for the first screen of the next start, whenever the
/// guide's records or language change (once the device's records are read).
fn keep_front_digest(guide: Guide, i18n: I18n) {
    let loaded = Memo::new(move |_| guide.status() != SyncStatus::Opening);
    // Not at every page of a pull, but when it ends.
    let pulling = Memo::new(move |_| matches!(guide.status(), SyncStatus::Syncing { .. }));
    let coming = use_coming_up();
    Effect::new(move |_| {
        i18n.track();
        if !loaded.get() || pulling.get() {
            return;
        }
        // Not while the cards of the guide's snapshot are still being read.
        let (Some((today, _)), Some(tomorrow)) = (coming.today.get(), coming.tomorrow.get()) else {
            return;
        };
        keep_digest(&FrontDigest {
            lang: i18n.lang().code().to_string(),
            date: now().with_timezone(&TIME_ZONE).date_naive().to_string(),
            // Not yet over when made; the first screen leaves out those over since.
            today,
            tomorrow,
        });
    });
}
