//! The referral slip: the chosen offerings with what a patient needs to go there
//! (when, where, cost, how to join, whom to ask), the date, the practice's name,
//! and a QR code with a caption that opens them in the public app, in the
//! patient's language. Printed on its own, or its link shared.
//!
//! Also the list of the same lines on the page the link opens (`referral.rs`).
//!
//! Phone numbers and e-mail addresses can be tapped (and print as plain text).
//! The publisher's words are Dutch: on an English slip they carry `lang="nl"`, so
//! a screen reader pronounces them as Dutch.

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;
use wijkgids_core::qr::qr_svg;
use wijkgids_core::refer::{
    SlipClosure, SlipEntry, Worded, referral_link_in, slip_date, slip_entry,
};
use wijkgids_core::schedule::TIME_ZONE;
use wijkgids_core::vocab::Lang;

use crate::components::browser::{self, Shared, now};
use crate::components::contact::{mail_href, tel_href};
use crate::guide::use_guide;
use crate::i18n::{I18n, Text, use_i18n};
use crate::refer_visit::{self, ReferVisit};

/// `text` in `lang`, marked as such where the text around it is in another
/// language (`around`).
fn in_lang(text: String, lang: Lang, around: Lang) -> impl IntoView + use<> {
    view! { <span lang=(lang != around).then_some(lang.code())>{text}</span> }
}

/// A publisher's Dutch words.
fn dutch(text: String, around: Lang) -> impl IntoView + use<> {
    in_lang(text, Lang::Nl, around)
}

/// An offering's title and summary, in the slip's language where they have it.
pub fn entry_title(entry: &SlipEntry, lang: Lang) -> impl IntoView + use<> {
    let Worded { text, lang: own } = entry.title.clone();
    in_lang(text, own, lang)
}

pub fn entry_summary(entry: &SlipEntry, lang: Lang) -> impl IntoView + use<> {
    let Worded { text, lang: own } = entry.summary.clone();
    view! { <p class="card-summary">{in_lang(text, own, lang)}</p> }
}

/// One offering's lines (when, where, cost, how to join, whom to ask), labelled
/// in `lang`.
pub fn entry_facts(i18n: I18n, entry: &SlipEntry, lang: Lang) -> impl IntoView + use<> {
    let row = move |label: Text, value: AnyView| {
        view! { <div><dt>{i18n.t_in(label, lang)}</dt><dd>{value}</dd></div> }
    };
    // "Gratis. De eerste drie keer zijn gratis.": the label, then the publisher's words.
    let then_dutch = move |text: String, more: Option<String>| {
        view! { {text}{more.map(|more| view! { ". "{dutch(more, lang)} })} }.into_any()
    };
    let place = entry.place.clone().map(|Worded { text, lang: own }| {
        row(Text::SlipWhere, in_lang(text, own, lang).into_any())
    });
    let contact = (entry.contact_name.is_some() || entry.phone.is_some() || entry.email.is_some())
        .then(|| {
            let parts = [
                entry
                    .contact_name
                    .clone()
                    .map(|name| dutch(name, lang).into_any()),
                entry.phone.clone().map(|phone| {
                    let href = tel_href(&phone);
                    view! { <a href=href>{phone}</a> }.into_any()
                }),
                entry.email.clone().map(|email| {
                    let href = mail_href(&email);
                    view! { <a href=href>{email}</a> }.into_any()
                }),
            ];
            let parts: Vec<AnyView> = parts.into_iter().flatten().collect();
            let mut line = Vec::new();
            for (i, part) in parts.into_iter().enumerate() {
                if i > 0 {
                    line.push(" · ".into_any());
                }
                line.push(part);
            }
            row(Text::SlipContact, line.into_any())
        });
    // Closures in the coming weeks, each on a line of its own under the pattern:
    // "Gesloten van maandag 28 december tot en met vrijdag 1 januari: Kerstvakantie".
    let closed = entry
        .closed
        .iter()
        .map(|SlipClosure { text, note }| {
            let note = note.clone().map(|note| view! { ": "{dutch(note, lang)} });
            view! { <span class="slip-closed" data-testid="slip-closed">{text.clone()}{note}</span> }
        })
        .collect_view();
    let when = view! { {entry.when.join("; ")}{closed} }.into_any();
    view! {
        <dl class="slip-facts">
            {row(Text::SlipWhen, when)}
            {place}
            {row(Text::SlipCost, then_dutch(entry.cost.clone(), entry.cost_note.clone()))}
            {row(Text::SlipJoin, then_dutch(entry.join.clone(), entry.join_steps.clone()))}
            {contact}
        </dl>
    }
}

#[component]
pub fn Slip(
    visit: RwSignal<ReferVisit>,
    /// Takes an offering (id, title) off the slip, and moves the focus.
    take_off: Callback<(Uuid, String)>,
    /// Clears everything for the next person.
    start_over: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let practice = RwSignal::new(refer_visit::practice_name());
    let shared = RwSignal::new(String::new());
    // Only what the slip shows: ticking criteria does not draw it again.
    let chosen = Memo::new(move |_| visit.with(|v| v.chosen.clone()));
    let slip_lang = Memo::new(move |_| visit.with(|v| Lang::from_code(&v.slip_lang)));
    let lang = move || slip_lang.get().unwrap_or(i18n.lang());
    let set_lang = move |to: Lang| visit.update(|v| v.slip_lang = to.code().to_string());
    let url = move || {
        let link = chosen.with(|ids| referral_link_in(ids, lang())).ok()?;
        let origin = window().location().origin().unwrap_or_default();
        Some(format!("{origin}{link}"))
    };
    let share = move |_| {
        let Some(url) = url() else {
            return;
        };
        let title = i18n.t_in(Text::SlipTitle, lang()).to_string();
        spawn_local(async move {
            if let Ok(Shared::Copied) = browser::share(&title, &url).await {
                shared.try_set(i18n.t(Text::LinkCopied).to_string());
            }
        });
    };
    let language_choice = move |choice: Lang| {
        view! {
            <label class="choice">
                <input type="radio" name="slip-lang" value=choice.code()
                    prop:checked=move || lang() == choice
                    on:change=move |_| set_lang(choice)/>
                <span lang=choice.code()>{choice.native_name()}</span>
            </label>
        }
    };
    let paper = move || {
        let lang = lang();
        let today = now().with_timezone(&TIME_ZONE).date_naive();
        // Each with its title in the interface's language, for the buttons.
        let entries: Vec<(String, SlipEntry)> = chosen
            .get()
            .into_iter()
            .filter_map(|id| guide.offering(id))
            .map(|o| {
                (
                    o.title_in(i18n.lang()).to_string(),
                    slip_entry(&o, lang, today),
                )
            })
            .collect();
        let url = url()?;
        let qr = qr_svg(&url, i18n.t_in(Text::SlipQrLabel, lang)).ok();
        let name = practice.get();
        Some(view! {
            <div class="slip-paper" lang=lang.code() data-testid="slip-paper">
                {(!name.trim().is_empty()).then(|| view! { <p class="slip-practice" data-testid="slip-practice">{name.clone()}</p> })}
                <p class="slip-heading">{i18n.t_in(Text::SlipTitle, lang)}</p>
                <p class="slip-date" data-testid="slip-date">{slip_date(today, lang)}</p>
                <ol class="slip-entries">
                    {entries.into_iter().map(|(title, entry)| {
                        let id = entry.id;
                        let remove = i18n.fill(Text::SlipRemove, &[&title]);
                        view! {
                            <li data-testid="slip-entry">
                                <h3>{entry_title(&entry, lang)}</h3>
                                {entry_summary(&entry, lang)}
                                {entry_facts(i18n, &entry, lang)}
                                <button type="button" class="button button-secondary no-print slip-remove"
                                    on:click=move |_| take_off.run((id, title.clone()))>
                                    {remove}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <figure class="slip-qr">
                    <div class="qr" data-testid="qr" inner_html=qr.unwrap_or_default()></div>
                    <figcaption data-testid="qr-caption">{i18n.t_in(Text::SlipQrCaption, lang)}</figcaption>
                </figure>
                <p class="slip-link">{url}</p>
            </div>
        })
    };
    let any = Memo::new(move |_| chosen.with(|c| !c.is_empty()));
    move || {
        any.get().then(|| view! {
            <section class="slip" data-testid="slip" aria-labelledby="slip-title">
                <h2 id="slip-title" tabindex="-1" class="no-print">{i18n.t(Text::SlipTitle)}</h2>
                <div class="slip-options no-print">
                    <fieldset class="choices">
                        <legend>{i18n.t(Text::SlipLanguage)}</legend>
                        {language_choice(Lang::Nl)}
                        {language_choice(Lang::En)}
                    </fieldset>
                    <p class="field">
                        <label for="practice">{i18n.t(Text::SlipPractice)}</label>
                        <input id="practice" type="text" autocomplete="organization" prop:value=practice
                            on:input=move |ev| {
                                let name = event_target_value(&ev);
                                refer_visit::keep_practice_name(&name);
                                practice.set(name);
                            }/>
                    </p>
                </div>
                {paper}
                <div class="slip-actions no-print">
                    <button type="button" class="button" on:click=|_| browser::print()>{i18n.t(Text::Print)}</button>
                    <button type="button" class="button button-secondary" data-testid="share-slip" on:click=share>{i18n.t(Text::SlipShare)}</button>
                    <button type="button" class="button button-secondary" data-testid="slip-new"
                        on:click=move |_| start_over.run(())>{i18n.t(Text::ReferNew)}</button>
                </div>
                <p class="result no-print" role="status" data-testid="slip-shared">{move || shared.get()}</p>
            </section>
        })
    }
}
