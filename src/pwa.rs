//! The installable app around the guide: the service worker that keeps the app
//! shell on the device (`public/sw.js`), the notice when a new version waits, the
//! browser's offer to install, and persistent storage so that the browser does
//! not throw the guide away when space runs low.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

/// The app as installed and updated, provided as context by [`provide_pwa`].
#[derive(Clone, Copy)]
pub struct Pwa {
    /// A new version is installed and waits for the person's agreement.
    waiting: RwSignal<Option<ServiceWorker>, LocalStorage>,
    /// The browser's install offer (its `beforeinstallprompt` event), kept until used.
    install_offer: RwSignal<Option<web_sys::Event>, LocalStorage>,
    /// Edits in progress: a new version is not loaded while there are any.
    editing: RwSignal<u32>,
    /// The person chose to load the waiting version.
    updating: RwSignal<bool>,
}

/// Registers the service worker and listens for updates and install offers.
pub fn provide_pwa() -> Pwa {
    let pwa = Pwa {
        waiting: RwSignal::new_local(None),
        install_offer: RwSignal::new_local(None),
        editing: RwSignal::new(0),
        updating: RwSignal::new(false),
    };
    provide_context(pwa);
    listen_for_install_offer(pwa);
    let navigator = window().navigator();
    // Only in a secure context (https, or this machine) is there a service worker.
    if js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        let container = navigator.service_worker();
        // The new version took over after "reload" was chosen: start it. (The
        // first visit's worker also takes control when it starts: no reload then.)
        on(&container, "controllerchange", move |_| {
            if pwa.updating.get_untracked() {
                let _ = window().location().reload();
            }
        });
        leptos::task::spawn_local(async move {
            if let Ok(registration) = JsFuture::from(container.register("/sw.js")).await {
                watch_for_updates(pwa, registration.unchecked_into());
            }
            let Ok(ready) = container.ready() else {
                return;
            };
            let Ok(registration) = JsFuture::from(ready).await else {
                return;
            };
            let registration: ServiceWorkerRegistration = registration.unchecked_into();
            let Some(worker) = registration.active() else {
                return;
            };
            // A page whose load began just before the first worker took over is
            // skipped by the worker's `claim` (it was not ready yet): it asks, so
            // that it works offline without a reload.
            if container.controller().is_none() {
                // Taken over by a version that a newer one already waits behind
                // (after a hard reload): the notice offers the newer one, as on
                // every page that version controls.
                on(&container, "controllerchange", move |_| {
                    offer_waiting(pwa, &registration);
                });
                let _ = worker.post_message(&CLAIM.into());
            }
            // The guide with the tools asks the worker to keep it for offline use
            // (its files may have come before the worker took control).
            #[cfg(feature = "tools")]
            let _ = worker.post_message(&KEEP_TOOLS.into());
        });
    }
    if is_standalone() {
        persist_storage();
    }
    pwa
}

/// The message that asks the service worker to control this page (`public/sw.js`).
const CLAIM: &str = "claim";

/// The message to the service worker that keeps the tools' files (`public/sw.js`).
#[cfg(feature = "tools")]
const KEEP_TOOLS: &str = "keep-tools";

pub fn use_pwa() -> Pwa {
    expect_context::<Pwa>()
}

impl Pwa {
    /// Whether a new version waits to be loaded.
    pub fn update_waiting(self) -> bool {
        self.waiting.with(Option::is_some)
    }

    /// Whether an edit is in progress, so the new version must wait.
    pub fn editing(self) -> bool {
        self.editing.get() > 0
    }

    /// Loads the new version: the waiting worker takes over, and the page reloads
    /// when it has (`controllerchange`). Not while an edit is in progress.
    pub fn update_now(self) {
        if self.editing.get_untracked() > 0 {
            return;
        }
        if let Some(worker) = self.waiting.get_untracked() {
            self.updating.set(true);
            let _ = worker.post_message(&"skip-waiting".into());
        }
    }

    /// Marks an edit in progress until the returned guard is dropped.
    pub fn start_editing(self) -> EditGuard {
        self.editing.update(|n| *n += 1);
        EditGuard(self)
    }

    /// Whether the browser offers to install the app.
    pub fn can_install(self) -> bool {
        self.install_offer.with(Option::is_some)
    }

    /// Shows the browser's install dialog (once per offer).
    pub fn install(self) {
        let Some(offer) = self.install_offer.get_untracked() else {
            return;
        };
        self.install_offer.set(None);
        if let Ok(prompt) = js_sys::Reflect::get(&offer, &"prompt".into())
            && let Some(prompt) = prompt.dyn_ref::<js_sys::Function>()
        {
            let _ = prompt.call0(&offer);
        }
    }
}

/// An edit in progress (see [`Pwa::start_editing`]).
pub struct EditGuard(Pwa);

impl Drop for EditGuard {
    fn drop(&mut self) {
        self.0.editing.try_update(|n| *n = n.saturating_sub(1));
    }
}

/// Asks the browser to keep the guide's storage even when space runs low: after
/// installation or sign-in, when the person has shown they rely on the app.
pub fn persist_storage() {
    let storage = window().navigator().storage();
    leptos::task::spawn_local(async move {
        if let Ok(promise) = storage.persist() {
            let _ = JsFuture::from(promise).await;
        }
    });
}

/// The build's version, from index.html (written by `scripts/precache.sh`).
pub fn build_id() -> String {
    document()
        .query_selector("meta[name=wijkgids-build]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_default()
}

/// Whether the app runs installed, in its own window.
fn is_standalone() -> bool {
    window()
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

fn listen_for_install_offer(pwa: Pwa) {
    on(&window(), "beforeinstallprompt", move |event| {
        // Keep the offer for the install button instead of the browser's own bar.
        event.prevent_default();
        pwa.install_offer.set(Some(event));
    });
    on(&window(), "appinstalled", move |_| {
        pwa.install_offer.set(None);
        persist_storage();
    });
}

/// Notes a version that is installed and waiting, now or when one arrives. Only
/// an update waits: on the first visit there is no controller yet.
fn watch_for_updates(pwa: Pwa, registration: ServiceWorkerRegistration) {
    let has_controller = || window().navigator().service_worker().controller().is_some();
    offer_waiting(pwa, &registration);
    let found = registration.clone();
    on(&registration, "updatefound", move |_| {
        let Some(worker) = found.installing() else {
            return;
        };
        let installed = worker.clone();
        on(&worker, "statechange", move |_| {
            if installed.state() == ServiceWorkerState::Installed && has_controller() {
                pwa.waiting.set(Some(installed.clone()));
            }
        });
    });
}

/// Offers the version that waits, if one does and this page is controlled (on a
/// first visit there is nothing to update from).
fn offer_waiting(pwa: Pwa, registration: &ServiceWorkerRegistration) {
    if let Some(worker) = registration.waiting()
        && window().navigator().service_worker().controller().is_some()
    {
        pwa.waiting.set(Some(worker));
    }
}

/// Listens for `event` on `target` for the life of the page.
fn on(target: &web_sys::EventTarget, event: &str, handler: impl Fn(web_sys::Event) + 'static) {
    let handler = Closure::<dyn Fn(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    handler.forget();
}
