//! Tap to call, tap to mail: the same buttons wherever a number or address shows.

use leptos::prelude::*;

use crate::i18n::{Text, use_i18n};

/// "Bel 020 123 4567", opening the phone app.
#[component]
pub fn CallButton(phone: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("tel:{}", phone.replace([' ', '-'], ""));
    view! { <a class="button" href=href>{i18n.fill(Text::Call, &[&phone])}</a> }
}

/// "Mail naar ...", opening the mail app.
#[component]
pub fn MailButton(email: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("mailto:{email}");
    view! { <a class="button" href=href>{i18n.fill(Text::Mail, &[&email])}</a> }
}
