//! "Installeer de app": the browser's offer to put the guide on the home screen,
//! shown where it helps (front page, settings) when the browser makes it.

use leptos::prelude::*;

use crate::i18n::{Text, use_i18n};
use crate::pwa::use_pwa;

/// The install button when the browser offers installation; otherwise `fallback`.
#[component]
pub fn InstallOffer(#[prop(optional)] fallback: Option<Text>) -> impl IntoView {
    let i18n = use_i18n();
    let pwa = use_pwa();
    move || {
        if pwa.can_install() {
            view! {
                <section class="install">
                    <h2>{i18n.t(Text::InstallHeading)}</h2>
                    <p>{i18n.t(Text::InstallHelp)}</p>
                    <button type="button" class="button" data-testid="install"
                        on:click=move |_| pwa.install()>
                        {i18n.t(Text::InstallButton)}
                    </button>
                </section>
            }
            .into_any()
        } else {
            fallback
                .map(|text| {
                    view! {
                        <section class="install">
                            <h2>{i18n.t(Text::InstallHeading)}</h2>
                            <p>{i18n.t(Text::InstallHelp)}</p>
                            <p>{i18n.t(text)}</p>
                        </section>
                    }
                })
                .into_any()
        }
    }
}
