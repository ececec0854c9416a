//! One offering: everything a resident needs to go there or get in touch, with
//! calendar, share, favourite and print. [`OfferingView`] draws it, for the
//! resident's page and for a coordinator's preview of a version waiting for review
//! (with what changed marked).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;
use wijkgids_core::ical::offering_to_ics;
use wijkgids_core::review::{PageSection, ReviewChange};
use wijkgids_core::schedule::{describe, describe_period};
use wijkgids_core::{Cost, Location, Offering};

use crate::components::browser::{self, Shared, now};
use crate::components::contact::{CallButton, MailButton};
use crate::components::favourites::FavouriteButton;
use crate::components::offering_card::place;
use crate::guide::{SyncStatus, use_guide};
use crate::i18n::{I18n, Text, hhmm, use_i18n};

#[component]
pub fn OfferingPage() -> impl IntoView {
    let guide = use_guide();
    let params = use_params_map();
    // A shared link opened on a new device: the offering may still be on its way.
    let arriving = Memo::new(move |_| {
        matches!(
            guide.status(),
            SyncStatus::Opening | SyncStatus::Syncing { .. }
        )
    });
    let offering = move || {
        let id = Uuid::parse_str(&params.with(|p| p.get("id"))?).ok()?;
        let offering = guide.offering(id)?;
        offering.is_public().then_some(offering)
    };
    let i18n = use_i18n();
    move || match offering() {
        Some(offering) => view! {
            <main id="main" class="page offering"><OfferingView offering/></main>
        }
        .into_any(),
        None if arriving.get() => view! {
            <main id="main" class="page"><p role="status">{i18n.t(Text::StatusOpening)}</p></main>
        }
        .into_any(),
        None => view! { <Missing/> }.into_any(),
    }
}

#[component]
fn Missing() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::OfferingNotFound)}</h1>
            <p>{i18n.t(Text::OfferingNotFoundHelp)}</p>
            <p><A href="/zoeken" attr:class="button">{i18n.t(Text::BackToSearch)}</A></p>
        </main>
    }
}

/// The offering as residents see it. `changes`: what a version waiting for review
/// changed since the one residents saw, marked above the part of the page it is in
/// (a referral's changes only in the preview's list: residents never see it).
#[component]
pub fn OfferingView(
    offering: Offering,
    #[prop(optional)] changes: Vec<ReviewChange>,
) -> impl IntoView {
    let i18n = use_i18n();
    let o = StoredValue::new(offering);
    let text = move |f: fn(&Offering, I18n) -> String| o.with_value(|o| f(o, i18n));
    let mark = changed_mark(i18n, changes);
    view! {
            <h1>{text(|o, i| o.title_in(i.lang()).to_string())}</h1>
            <p class="lead">{text(|o, i| o.summary_in(i.lang()).to_string())}</p>
            {o.with_value(|o| o.alert.clone()).map(|alert| view! { <p class="notice" role="note">{alert}</p> })}
            {mark(PageSection::Heading)}
            <Actions offering=o/>
            {mark(PageSection::What)}
            <section>
                <h2>{i18n.t(Text::WhatHeading)}</h2>
                {text(|o, i| o.translations.get(i.lang().code())
                    .and_then(|t| t.description.clone())
                    .unwrap_or_else(|| o.description.clone()))}
                <p class="tags">{text(|o, i| o.themes.iter().map(|t| i.label(*t)).collect::<Vec<_>>().join(" · "))}</p>
            </section>
            {mark(PageSection::ForWhom)}
            <section>
                <h2>{i18n.t(Text::ForWhomHeading)}</h2>
                <p>{text(|o, i| o.audience.iter().map(|a| i.label(*a)).collect::<Vec<_>>().join(", "))}</p>
                {text(ages)}
                {o.with_value(|o| o.eligibility.clone()).map(|e| view! { <p>{e}</p> })}
            </section>
            {mark(PageSection::When)}
            <When offering=o/>
            {mark(PageSection::Where)}
            <Where offering=o/>
            {mark(PageSection::Cost)}
            <section>
                <h2>{i18n.t(Text::CostHeading)}</h2>
                <p>{text(cost)}</p>
                {o.with_value(|o| o.cost_note.clone()).map(|n| view! { <p>{n}</p> })}
            </section>
            {mark(PageSection::Join)}
            <section>
                <h2>{i18n.t(Text::JoinHeading)}</h2>
                <p>{text(|o, i| i.label(o.sign_up).to_string())}</p>
                {o.with_value(|o| o.how_to_join.clone()).map(|h| view! { <p>{h}</p> })}
            </section>
            <Referral offering=o/>
            {mark(PageSection::Contact)}
            <Contact offering=o/>
            {mark(PageSection::Access)}
            <section>
                <h2>{i18n.t(Text::AccessHeading)}</h2>
                <p>{text(|o, i| o.accessibility.iter().map(|a| i.label(*a)).collect::<Vec<_>>().join(", "))}</p>
                {o.with_value(|o| o.accessibility_note.clone()).map(|n| view! { <p>{n}</p> })}
                <h3>{i18n.t(Text::LanguagesHeading)}</h3>
                <p>{text(|o, i| o.languages.iter().map(|l| i.label(*l)).collect::<Vec<_>>().join(", "))}</p>
            </section>
            {mark(PageSection::Organiser)}
            <Organiser offering=o/>
            {mark(PageSection::Checked)}
            <p class="checked" data-testid="checked-on">{text(|o, i| match o.checked_on {
                Some(date) => i.fill(Text::CheckedOn, &[&i.long_date(date)]),
                None => i.t(Text::NotChecked).to_string(),
            })}</p>
    }
}

/// "Gewijzigd: Titel, Korte uitleg" above a part of the page the changes touch;
/// nothing for a part they leave alone.
fn changed_mark(i18n: I18n, changes: Vec<ReviewChange>) -> impl Fn(PageSection) -> AnyView {
    move |section| {
        let labels: Vec<&str> = changes
            .iter()
            .filter(|c| c.section == Some(section))
            .map(|c| c.label.as_str())
            .collect();
        if labels.is_empty() {
            return ().into_any();
        }
        view! {
            <p class="changed-mark" data-testid="changed-mark">
                <strong>{i18n.t(Text::ChangedMark)}</strong>" "{labels.join(", ")}
            </p>
        }
        .into_any()
    }
}

fn ages(o: &Offering, i: I18n) -> String {
    let ages = match (o.min_age, o.max_age) {
        (Some(min), Some(max)) => i.fill(Text::AgesBetween, &[&min, &max]),
        (Some(min), None) => i.fill(Text::AgesFrom, &[&min]),
        (None, Some(max)) => i.fill(Text::AgesUpTo, &[&max]),
        (None, None) => return String::new(),
    };
    i.fill(Text::Ages, &[&ages])
}

fn cost(o: &Offering, i: I18n) -> String {
    match &o.cost {
        Cost::Free => i.t(Text::Free).to_string(),
        Cost::Paid { amount_cents, unit } => {
            let euros = wijkgids_core::money::format_euros(*amount_cents, i.lang());
            format!("{euros} {}", i.label(*unit))
        }
        Cost::Covered { by } => i.fill(Text::CoveredBy, &[&i.label(*by)]),
    }
}

#[component]
fn Actions(offering: StoredValue<Offering>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, file) = offering.with_value(|o| (o.id, format!("{}.ics", o.id)));
    let copied = RwSignal::new(false);
    let calendar = move |_| {
        let ics = offering.with_value(|o| offering_to_ics(o, i18n.lang(), now()));
        let _ = browser::download(&file, "text/calendar;charset=utf-8", &ics);
    };
    let share = move |_| {
        let title = offering.with_value(|o| o.title_in(i18n.lang()).to_string());
        let url = window().location().href().unwrap_or_default();
        spawn_local(async move {
            if let Ok(Shared::Copied) = browser::share(&title, &url).await {
                let _ = copied.try_set(true);
            }
        });
    };
    view! {
        <div class="actions no-print">
            <FavouriteButton id/>
            <button type="button" class="button" data-testid="calendar" on:click=calendar>
                {i18n.t(Text::AddToCalendar)}
            </button>
            <button type="button" class="button" on:click=share>{i18n.t(Text::Share)}</button>
            <button type="button" class="button" on:click=|_| browser::print()>{i18n.t(Text::Print)}</button>
            <p class="copied" role="status">{move || copied.get().then(|| i18n.t(Text::LinkCopied))}</p>
        </div>
    }
}

#[component]
fn When(offering: StoredValue<Offering>) -> impl IntoView {
    let i18n = use_i18n();
    let patterns = move || {
        offering.with_value(|o| {
            let lang = i18n.lang();
            let mut lines: Vec<String> = o
                .schedules
                .iter()
                .map(|s| {
                    let period = describe_period(s, lang)
                        .map(|p| format!(" ({p})"))
                        .unwrap_or_default();
                    format!("{}{period}", describe(s, lang))
                })
                .collect();
            if o.by_appointment {
                lines.push(i18n.t(Text::ByAppointment).to_string());
            }
            lines
                .into_iter()
                .map(|l| view! { <p>{l}</p> })
                .collect_view()
        })
    };
    let next = move || {
        let dates: Vec<String> = offering
            .with_value(|o| o.next_occurrences(now(), 4))
            .into_iter()
            .map(|n| match n.all_day {
                true => i18n.date(n.date),
                false => format!("{}, {}", i18n.date(n.date), hhmm(n.start)),
            })
            .collect();
        if dates.is_empty() {
            return view! { <p>{i18n.t(Text::NoNextDates)}</p> }.into_any();
        }
        view! { <ul>{dates.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul> }
            .into_any()
    };
    view! {
        <section>
            <h2>{i18n.t(Text::WhenHeading)}</h2>
            {patterns()}
            <h3>{i18n.t(Text::NextDates)}</h3>
            {next()}
        </section>
    }
}

#[component]
fn Where(offering: StoredValue<Offering>) -> impl IntoView {
    let i18n = use_i18n();
    let location = offering.with_value(|o| o.location.clone());
    let online = offering.with_value(|o| o.online);
    view! {
        <section>
            <h2>{i18n.t(Text::WhereHeading)}</h2>
            {location.map(|l| {
                let map = map_link(&l);
                view! {
                    <p>{offering.with_value(|o| place(i18n, o))}</p>
                    <p>{l.address.clone()}<br/>{format!("{} {}", l.postcode, l.city)}</p>
                    {l.transport.clone().map(|t| view! { <p>{t}</p> })}
                    <p class="no-print"><a href=map rel="noopener">{i18n.t(Text::OnMap)}</a></p>
                }
            })}
            {online.then(|| view! { <p>{i18n.t(Text::Online)}</p> })}
        </section>
    }
}

/// OpenStreetMap at the spot, or a search for the address.
fn map_link(location: &Location) -> String {
    match (location.latitude, location.longitude) {
        (Some(lat), Some(lon)) => {
            // The browser writes the numbers: Rust's float formatting weighs ~10 KB.
            let (lat, lon) = (js_number(lat), js_number(lon));
            format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}")
        }
        _ => {
            let address = format!(
                "{}, {} {}",
                location.address, location.postcode, location.city
            );
            format!(
                "https://www.openstreetmap.org/search?query={}",
                js_sys::encode_uri_component(&address)
            )
        }
    }
}

fn js_number(x: f64) -> String {
    js_sys::Number::from(x)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

#[component]
fn Contact(offering: StoredValue<Offering>) -> impl IntoView {
    let i18n = use_i18n();
    let contact = offering.with_value(|o| o.contact.clone());
    view! {
        <section>
            <h2>{i18n.t(Text::ContactHeading)}</h2>
            {contact.name.clone().map(|n| view! { <p>{n}</p> })}
            <ul class="contact">
                {contact.phone.clone().map(|phone| view! { <li><CallButton phone/></li> })}
                {contact.email.clone().map(|email| view! { <li><MailButton email/></li> })}
                {contact.website.clone().map(|site| view! {
                    <li><a class="button" href=site.clone() rel="noopener">{i18n.t(Text::Website)}</a>
                    <span class="print-only">{site}</span></li>
                })}
            </ul>
        </section>
    }
}

/// How a professional refers someone: only in the records of signed-in
/// professionals (the server never sends it to anyone else).
#[component]
fn Referral(offering: StoredValue<Offering>) -> impl IntoView {
    let i18n = use_i18n();
    offering.with_value(|o| o.referral.clone()).map(|r| {
        let line = |label: Text, value: Option<String>| {
            value.map(|v| view! { <p><strong>{i18n.t(label)}": "</strong>{v}</p> })
        };
        let intake = if r.intake_required {
            Text::IntakeRequired
        } else {
            Text::NoIntake
        };
        let contact = [r.contact_name.clone(), r.contact_role.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <section class="referral" data-testid="referral">
                <h2>{i18n.t(Text::ReferralHeading)}</h2>
                {(!r.procedure.is_empty()).then(|| view! { <p>{r.procedure.clone()}</p> })}
                <p>{i18n.t(intake)}</p>
                {line(Text::WaitingTime, r.waiting_time.clone())}
                {line(Text::Coverage, r.coverage_note.clone())}
                {line(Text::ReferralContact, (!contact.is_empty()).then_some(contact))}
                <ul class="contact">
                    {r.contact_phone.clone().map(|phone| view! { <li><CallButton phone/></li> })}
                    {r.contact_email.clone().map(|email| view! { <li><MailButton email/></li> })}
                </ul>
            </section>
        }
    })
}

#[component]
fn Organiser(offering: StoredValue<Offering>) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let organisation = move || {
        let id = offering.with_value(|o| o.organisation_id)?;
        guide.organisation(id)
    };
    move || {
        organisation().map(|org| {
            view! {
                <section>
                    <h2>{i18n.t(Text::OrganiserHeading)}</h2>
                    <p><strong>{org.name.clone()}</strong>{format!(" · {}", i18n.label(org.kind))}</p>
                    <p>{org.description.clone()}</p>
                    {org.phone.clone().map(|p| view! { <p><a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a></p> })}
                    {org.website.clone().map(|w| view! { <p><a href=w.clone() rel="noopener">{w.clone()}</a></p> })}
                </section>
            }
        })
    }
}
