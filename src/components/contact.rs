//! Tap to call, tap to mail: the same buttons wherever a number or address shows.

use leptos::prelude::*;

use crate::i18n::{Text, use_i18n};

/// "Bel 020 123 4567", opening the phone app.
#[component]
pub fn CallButton(phone: String) -> impl IntoView {
    let i18n = use_i18n();
    view! { <a class="button" href=tel_href(&phone)>{i18n.fill(Text::Call, &[&phone])}</a> }
}

/// "Mail naar ...", opening the mail app.
#[component]
pub fn MailButton(email: String) -> impl IntoView {
    let i18n = use_i18n();
    view! { <a class="button" href=mail_href(&email)>{i18n.fill(Text::Mail, &[&email])}</a> }
}

/// The link that dials `phone` ("tel:0201234567").
pub fn tel_href(phone: &str) -> String {
    format!("tel:{}", phone.replace([' ', '-'], ""))
}

/// The link that writes to `email`, with nothing a mail app reads as headers.
pub fn mail_href(email: &str) -> String {
    wijkgids_core::validate::mailto_href(email)
}
