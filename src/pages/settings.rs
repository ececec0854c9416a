//! Settings: the language, the data on this device, and what this app is.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use wijkgids_core::vocab::Lang;

use crate::components::header::sync_text;
use crate::components::install_offer::InstallOffer;
use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};
use crate::pwa::build_id;

#[component]
pub fn Settings() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let failed = RwSignal::new(None::<String>);
    // The browser's estimate of the space used, again whenever the guide changes.
    let usage = LocalResource::new(move || {
        guide.offering_count();
        guide.status();
        crate::sync::usage()
    });
    let size = move || {
        let bytes = usage.get()?.ok()?.bytes?;
        Some(i18n.fill(Text::DataSize, &[&megabytes(i18n.lang(), bytes)]))
    };
    let clear = move |_| {
        let sure = window()
            .confirm_with_message(i18n.t(Text::DataClearConfirm))
            .unwrap_or(false);
        if !sure {
            return;
        }
        // Unsent edits stay: only the server's copies go, and are pulled again.
        spawn_local(async move {
            if let Err(err) = crate::sync::clear(guide, false).await {
                let _ = failed.try_set(Some(err.to_string()));
            }
        });
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::SettingsTitle)}</h1>
            <section>
                <fieldset class="choices">
                    <legend><h2>{i18n.t(Text::LanguageHeading)}</h2></legend>
                    <p>{i18n.t(Text::LanguageHelp)}</p>
                    {Lang::ALL.iter().map(|&lang| view! {
                        <label class="choice">
                            // The whole app is drawn again in the new language:
                            // the focus stays on the choice (arrow keys go on).
                            <input type="radio" name="lang" value=lang.code() id=format!("lang-{}", lang.code())
                                prop:checked=move || i18n.lang() == lang
                                on:change=move |_| {
                                    i18n.set_lang(lang);
                                    crate::components::browser::focus_soon(format!("lang-{}", lang.code()));
                                }/>
                            <span lang=lang.code()>{lang.native_name()}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
            </section>
            <section>
                <h2>{i18n.t(Text::DataHeading)}</h2>
                <p data-testid="data-count">{move || i18n.fill(Text::DataCount, &[&guide.offering_count()])}</p>
                <p>{move || i18n.fill(Text::DataStatus, &[&sync_text(i18n, &guide.status())])}</p>
                <p data-testid="data-size">{size}</p>
                <button type="button" class="button" on:click=clear>{i18n.t(Text::DataClear)}</button>
                <p role="status">{move || failed.get().map(|e| i18n.fill(Text::DataClearFailed, &[&e]))}</p>
            </section>
            <InstallOffer fallback=Text::InstallHowTo/>
            <section>
                <h2>{i18n.t(Text::AboutHeading)}</h2>
                <p>{i18n.t(Text::AboutText)}</p>
                <p data-testid="version">{i18n.fill(Text::Version, &[&wijkgids_core::VERSION, &build_id()])}</p>
                <p><A href="/toegankelijkheid">{i18n.t(Text::AccessibilityLink)}</A></p>
            </section>
        </main>
    }
}

/// "1,4 MB" in Dutch, "1.4 MB" in English.
fn megabytes(lang: Lang, bytes: f64) -> String {
    let text = format!("{:.1} MB", bytes / 1_000_000.0);
    match lang {
        Lang::Nl => text.replace('.', ","),
        _ => text,
    }
}
