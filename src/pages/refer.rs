//! "Verwijzen", for professionals: choose what matters to the person (Positive
//! Health dimensions, themes) and their practical limits, get the offerings that
//! fit best first, pick a few, and print or show a referral slip with a QR code
//! that opens them in the public app. What is chosen about the person lives only in
//! this screen's memory: nothing is stored or sent, not even on the device.

use chrono::Weekday;
use leptos::prelude::*;
use uuid::Uuid;
use wijkgids_core::qr::qr_svg;
use wijkgids_core::refer::{Fit, ReferralNeeds, rank, referral_link};
use wijkgids_core::schedule_form::{day_name, week};
use wijkgids_core::vocab::{HealthDimension, Language, Theme, Vocabulary};

use crate::components::browser::{self, now};
use crate::components::card::CardText;
use crate::components::form::set_member;
use crate::components::offering_card::card_text;
use crate::guide::use_guide;
use crate::i18n::{I18n, Text, use_i18n};

/// How many fits the screen lists.
const LIMIT: usize = 30;

/// Tick boxes that add to or take from a list in `needs`.
fn ticks<T: Copy + PartialEq + Send + Sync + 'static>(
    needs: RwSignal<ReferralNeeds, LocalStorage>,
    legend: Text,
    items: Vec<(T, String)>,
    list: fn(&mut ReferralNeeds) -> &mut Vec<T>,
    i18n: I18n,
) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend>{i18n.t(legend)}</legend>
            {items.into_iter().map(|(item, name)| view! {
                <label class="choice">
                    <input type="checkbox" on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        needs.update(|n| set_member(list(n), item, on));
                    }/>
                    <span>{name}</span>
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// One yes/no limit in `needs`, as a tick box.
fn flag(
    needs: RwSignal<ReferralNeeds, LocalStorage>,
    label: Text,
    field: fn(&mut ReferralNeeds) -> &mut bool,
    i18n: I18n,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input type="checkbox" on:change=move |ev| {
                let on = event_target_checked(&ev);
                needs.update(|n| *field(n) = on);
            }/>
            <span>{i18n.t(label)}</span>
        </label>
    }
}

fn terms<V: Vocabulary>(i18n: I18n) -> Vec<(V, String)> {
    V::ALL
        .iter()
        .map(|&v| (v, v.label(i18n.lang()).to_string()))
        .collect()
}

#[component]
pub fn Refer() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let needs = RwSignal::new_local(ReferralNeeds::default());
    let chosen = RwSignal::new(Vec::<Uuid>::new());
    let fits =
        move || needs.with(|n| guide.with_offerings(|offerings| rank(offerings, n, now(), LIMIT)));
    let fit_view = move |fit: Fit| {
        let offering = guide.offering(fit.id)?;
        let card = card_text(i18n, &offering, &[]);
        let covers = fit.covers(i18n.lang()).join(", ");
        let id = fit.id;
        Some(view! {
            <li class="card" data-testid="fit">
                <h3 class="card-title"><a href=card.href.clone()>{card.title.clone()}</a></h3>
                <p class="card-summary">{card.summary.clone()}</p>
                {(!covers.is_empty()).then(|| view! { <p class="card-why">{i18n.fill(Text::Covers, &[&covers])}</p> })}
                <p class="card-facts">{card.next.clone()}</p>
                <label class="choice">
                    <input type="checkbox" data-testid="pick" prop:checked=move || chosen.with(|c| c.contains(&id))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| set_member(c, id, on));
                        }/>
                    <span>{i18n.t(Text::OnTheSlip)}</span>
                </label>
            </li>
        })
    };
    let days: Vec<(Weekday, String)> = week()
        .map(|d| (d, day_name(d, i18n.lang()).to_string()))
        .collect();
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::NavRefer)}</h1>
            <p class="lead no-print">{i18n.t(Text::ReferLead)}</p>
            <form class="form no-print" on:submit=|ev| ev.prevent_default()>
                {ticks(needs, Text::FieldDimensions, terms::<HealthDimension>(i18n), |n| &mut n.dimensions, i18n)}
                {ticks(needs, Text::FilterThemes, terms::<Theme>(i18n), |n| &mut n.themes, i18n)}
                <fieldset class="choices">
                    <legend>{i18n.t(Text::ReferLimits)}</legend>
                    {flag(needs, Text::Free, |n| &mut n.free, i18n)}
                    {flag(needs, Text::FilterWheelchair, |n| &mut n.wheelchair, i18n)}
                    <p class="field">
                        <label for="age">{i18n.t(Text::ReferAge)}</label>
                        <input id="age" type="number" min="0" max="120" inputmode="numeric"
                            on:input=move |ev| {
                                let age = event_target_value(&ev).trim().parse().ok();
                                needs.update(|n| n.age = age);
                            }/>
                    </p>
                </fieldset>
                {ticks(needs, Text::ReferDays, days, |n| &mut n.days, i18n)}
                {ticks(needs, Text::LanguagesHeading, terms::<Language>(i18n), |n| &mut n.languages, i18n)}
            </form>
            <section class="no-print" aria-live="polite">
                <h2>{i18n.t(Text::ReferFits)}</h2>
                {move || {
                    let found = fits();
                    view! {
                        <p class="count">{i18n.fill(Text::ResultsCount, &[&found.total])}</p>
                        <ul class="cards">{found.fits.into_iter().filter_map(fit_view).collect_view()}</ul>
                    }
                }}
            </section>
            <Slip chosen=chosen.into()/>
        </main>
    }
}

/// The referral slip: the chosen offerings with how to reach them, and a QR code
/// that opens them in the public app. Printed on its own.
#[component]
fn Slip(chosen: Signal<Vec<Uuid>>) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let slip = move || {
        let ids = chosen.get();
        let link = referral_link(&ids).ok()?;
        let origin = window().location().origin().unwrap_or_default();
        let url = format!("{origin}{link}");
        let qr = qr_svg(&url, i18n.t(Text::SlipQrLabel)).ok();
        let cards: Vec<CardText> = ids
            .iter()
            .filter_map(|id| guide.offering(*id))
            .map(|o| card_text(i18n, &o, &[]))
            .collect();
        let contacts: Vec<String> = ids
            .iter()
            .filter_map(|id| guide.offering(*id))
            .map(|o| {
                [o.contact.phone.clone(), o.contact.email.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
            .collect();
        Some(view! {
            <section class="slip" data-testid="slip">
                <h2>{i18n.t(Text::SlipTitle)}</h2>
                <ol>
                    {cards.into_iter().zip(contacts).map(|(card, contact)| view! {
                        <li>
                            <strong>{card.title}</strong>
                            <p>{card.summary}</p>
                            {card.next.map(|n| view! { <p>{n}</p> })}
                            {card.place.map(|p| view! { <p>{p}</p> })}
                            {(!contact.is_empty()).then(|| view! { <p>{contact}</p> })}
                        </li>
                    }).collect_view()}
                </ol>
                <div class="qr" data-testid="qr" inner_html=qr.unwrap_or_default()></div>
                <p class="slip-link">{url}</p>
                <button type="button" class="button no-print" on:click=|_| browser::print()>{i18n.t(Text::Print)}</button>
            </section>
        })
    };
    view! { {slip} }
}
