//! The front page: the search box and the state of the guide on this device.

use leptos::prelude::*;

use crate::api;
use crate::store::Store;

#[component]
pub fn Home() -> impl IntoView {
    // How many offerings this device holds, read from IndexedDB.
    let on_device = LocalResource::new(|| async {
        let store = Store::open().await?;
        store.offering_count().await
    });
    // Whether the server answers; offline is normal, not an error.
    let server = LocalResource::new(api::health);

    view! {
        <main id="main" class="page">
            <h1>"Wijkgids"</h1>
            <p class="lead">"Wat is er te doen in de wijk? Zoek iets voor jezelf of voor een ander."</p>
            <form role="search" class="search" on:submit=|ev| ev.prevent_default()>
                <label for="q">"Zoek in de wijkgids"</label>
                <input id="q" name="q" type="search" autocomplete="off"
                    placeholder="Bijvoorbeeld: wandelen, taal, geld"/>
            </form>
            <section class="status" aria-live="polite" data-testid="app-status">
                <p data-testid="on-device">
                    {move || match on_device.get() {
                        None => "De gids wordt geladen…".to_string(),
                        Some(Ok(n)) => format!("Op dit apparaat: {n} aanbod."),
                        Some(Err(_)) => "De gids op dit apparaat kan niet worden geopend.".to_string(),
                    }}
                </p>
                <p data-testid="server">
                    {move || match server.get() {
                        None => "Verbinding zoeken…".to_string(),
                        Some(Ok(h)) => format!("Online: server versie {}.", h.version),
                        Some(Err(_)) => "Offline: je ziet wat er op dit apparaat staat.".to_string(),
                    }}
                </p>
            </section>
            <footer class="footer">
                <p>{format!("Wijkgids {}", wijkgids_core::VERSION)}</p>
            </footer>
        </main>
    }
}
