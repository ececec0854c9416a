//! A coordinator's two answers to something waiting for them (an offering, a
//! request for an account): approve it, or refuse it with a reason the other
//! person will read, which must be written first.

use leptos::prelude::*;

use crate::i18n::{Text, use_i18n};

#[component]
pub fn ApproveOrRefuse(
    /// Unique on the page: names the reason box.
    key: String,
    approve: Text,
    reason: Text,
    refuse: Text,
    /// Test ids of the two buttons.
    approve_id: &'static str,
    refuse_id: &'static str,
    on_approve: impl Fn() + 'static,
    /// Called with the reason, trimmed.
    on_refuse: impl Fn(String) + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let written = RwSignal::new(String::new());
    let box_id = format!("reason-{key}");
    view! {
        <div class="actions">
            <button type="button" class="button" data-testid=approve_id on:click=move |_| on_approve()>
                {i18n.t(approve)}
            </button>
        </div>
        <p class="field">
            <label for=box_id.clone()>{i18n.t(reason)}</label>
            <textarea id=box_id prop:value=written on:input=move |ev| written.set(event_target_value(&ev))></textarea>
        </p>
        <button type="button" class="button button-secondary" data-testid=refuse_id
            prop:disabled=move || written.with(|r| r.trim().is_empty())
            on:click=move |_| on_refuse(written.get_untracked().trim().to_string())>
            {i18n.t(refuse)}
        </button>
    }
}
