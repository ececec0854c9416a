use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main id="main" class="page">
            <h1>"Deze pagina bestaat niet"</h1>
            <p><A href="/">"Naar de voorpagina"</A></p>
        </main>
    }
}
