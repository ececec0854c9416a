use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Text, use_i18n};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::NotFoundTitle)}</h1>
            <p><A href="/">{i18n.t(Text::ToHome)}</A></p>
        </main>
    }
}
