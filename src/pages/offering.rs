//! One offering: everything a resident needs to go there or get in touch, with
//! calendar, share, favourite and print. [`OfferingView`] draws it, for the
//! resident's page and for a coordinator's preview of a version waiting for review
//! (with what changed marked).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;
use wijkgids_core::access::sees_referrals;
use wijkgids_core::closures::upcoming_closures;
use wijkgids_core::ical::offering_to_ics;
use wijkgids_core::model::{at_home_label, online_label};
use wijkgids_core::review::{PageSection, ReviewChange};
use wijkgids_core::schedule::{TIME_ZONE, describe, describe_period};
use wijkgids_core::{Cost, Location, Offering};

use crate::components::browser::{self, Shared, now};
use crate::components::contact::{CallButton, MailButton};
use crate::components::favourites::FavouriteButton;
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
    let translated = o.with_value(|o| i18n.lang_of(o.is_translated_into(i18n.lang())));
    // The description in the interface's language when there is one.
    let description = o.with_value(|o| {
        match o
            .translations
            .get(i18n.lang().code())
            .and_then(|t| t.description.clone())
        {
            Some(translated) => (translated, true),
            None => (
                o.description.clone(),
                i18n.lang() == wijkgids_core::vocab::Lang::Nl,
            ),
        }
    });
    view! {
            // Texts the authors wrote only in Dutch say so (`lang`), for the voice.
            <h1 lang=translated>{text(|o, i| o.title_in(i.lang()).to_string())}</h1>
            <p class="lead" lang=translated>{text(|o, i| o.summary_in(i.lang()).to_string())}</p>
            {o.with_value(|o| o.alert.clone()).map(|alert| view! { <p class="notice" role="note" lang=i18n.written()>{alert}</p> })}
            {mark(PageSection::Heading)}
            <Actions offering=o/>
            {mark(PageSection::What)}
            {section(i18n, Text::WhatHeading, [
                written_line(i18n, description.1, description.0),
                line("tags", text(|o, i| labels(&o.themes, i, " · "))),
            ])}
            {mark(PageSection::ForWhom)}
            {section(i18n, Text::ForWhomHeading, [
                line("", text(|o, i| labels(&o.audience, i, ", "))),
                line("", text(ages)),
                written_line(i18n, false, text(|o, _| o.eligibility.clone().unwrap_or_default())),
            ])}
            {mark(PageSection::When)}
            <When offering=o/>
            {mark(PageSection::Where)}
            <Where offering=o/>
            {mark(PageSection::Cost)}
            <section>
                <h2>{i18n.t(Text::CostHeading)}</h2>
                <p>{text(cost)}</p>
                {o.with_value(|o| o.cost_note.clone()).map(|n| view! { <p lang=i18n.written()>{n}</p> })}
            </section>
            {mark(PageSection::Join)}
            <section>
                <h2>{i18n.t(Text::JoinHeading)}</h2>
                <p>{text(|o, i| i.label(o.sign_up).to_string())}</p>
                {o.with_value(|o| o.how_to_join.clone()).map(|h| view! { <p lang=i18n.written()>{h}</p> })}
            </section>
            <Referral offering=o/>
            {mark(PageSection::Contact)}
            <Contact offering=o/>
            {mark(PageSection::Access)}
            {section(i18n, Text::AccessHeading, [
                line("", text(|o, i| labels(&o.accessibility, i, ", "))),
                written_line(i18n, false, text(|o, _| o.accessibility_note.clone().unwrap_or_default())),
            ])}
            {section(i18n, Text::LanguagesHeading, [line("", text(|o, i| labels(&o.languages, i, ", ")))])}
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

/// A section under `heading` with the `parts` that say something, or nothing when
/// none does: a heading never stands alone over nothing.
fn section<const N: usize>(
    i18n: I18n,
    heading: Text,
    parts: [Option<AnyView>; N],
) -> Option<AnyView> {
    let parts: Vec<AnyView> = parts.into_iter().flatten().collect();
    (!parts.is_empty())
        .then(|| view! { <section><h2>{i18n.t(heading)}</h2>{parts}</section> }.into_any())
}

/// A paragraph of `text` (of `class`), or nothing when it is blank.
fn line(class: &'static str, text: String) -> Option<AnyView> {
    (!text.trim().is_empty()).then(|| {
        let class = (!class.is_empty()).then_some(class);
        view! { <p class=class>{text}</p> }.into_any()
    })
}

/// A paragraph of `text` as its author wrote it (`translated`: or in the
/// interface's language), or nothing when it is blank.
fn written_line(i18n: I18n, translated: bool, text: String) -> Option<AnyView> {
    (!text.trim().is_empty())
        .then(|| view! { <p lang=i18n.lang_of(translated)>{text}</p> }.into_any())
}

/// The labels of vocabulary terms in the vocabulary's order (Dutch first of the
/// languages, whatever order they were ticked in), joined.
fn labels<V: wijkgids_core::Vocabulary + PartialEq>(
    terms: &[V],
    i: I18n,
    separator: &str,
) -> String {
    let terms = V::ALL.iter().filter(|t| terms.contains(t));
    terms
        .map(|t| i.label(*t))
        .collect::<Vec<_>>()
        .join(separator)
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
    let id = offering.with_value(|o| o.id);
    // What the last action did, said in one status line that is there before it
    // is filled (so a screen reader announces it).
    let said = RwSignal::new(None::<String>);
    // Only sessions go in a calendar: opening hours, or no dates, make no entry.
    let has_dates =
        offering.with_value(|o| o.has_sessions() && !o.next_occurrences(now(), 1).is_empty());
    let calendar = move |_| {
        let (file, ics) = offering.with_value(|o| {
            (
                calendar_file_name(o),
                offering_to_ics(o, i18n.lang(), now()),
            )
        });
        said.set(Some(
            match browser::download(&file, "text/calendar;charset=utf-8", &ics) {
                Ok(()) => i18n.fill(Text::CalendarDownloaded, &[&file]),
                Err(_) => i18n.t(Text::CalendarFailed).to_string(),
            },
        ));
    };
    let share = move |_| {
        let title = offering.with_value(|o| o.title_in(i18n.lang()).to_string());
        let url = window().location().href().unwrap_or_default();
        spawn_local(async move {
            if let Ok(Shared::Copied) = browser::share(&title, &url).await {
                let _ = said.try_set(Some(i18n.t(Text::LinkCopied).to_string()));
            }
        });
    };
    view! {
        <div class="actions no-print">
            <FavouriteButton id/>
            {has_dates.then(|| view! {
                <button type="button" class="button" data-testid="calendar" on:click=calendar>
                    {i18n.t(Text::AddToCalendar)}
                </button>
            })}
            <button type="button" class="button" on:click=share>{i18n.t(Text::Share)}</button>
            <button type="button" class="button" on:click=|_| browser::print()>{i18n.t(Text::Print)}</button>
            <p class="copied" role="status" data-testid="actions-status">{move || said.get()}</p>
        </div>
    }
}

/// "wandelen-met-de-huisarts.ics": a name a person recognises in their downloads.
fn calendar_file_name(offering: &Offering) -> String {
    let folded = wijkgids_core::search::fold(&offering.title);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    match words.is_empty() {
        true => format!("{}.ics", offering.id),
        false => format!("{}.ics", words.join("-")),
    }
}

#[component]
fn When(offering: StoredValue<Offering>) -> impl IntoView {
    let i18n = use_i18n();
    let patterns = move || {
        offering.with_value(|o| {
            let lang = i18n.lang();
            let lines: Vec<String> = o
                .schedules
                .iter()
                .map(|s| {
                    let period = describe_period(s, lang)
                        .map(|p| format!(" ({p})"))
                        .unwrap_or_default();
                    format!("{}{period}", describe(s, lang))
                })
                .collect();
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
    // Closures with their notes: "Gesloten op donderdag 24 december: Kerstavond".
    let closures = move || {
        let today = now().with_timezone(&TIME_ZONE).date_naive();
        let closures = offering.with_value(|o| upcoming_closures(&o.exceptions, today));
        (!closures.is_empty()).then(|| {
            let items = closures.into_iter().map(|c| {
                let text = if c.is_one_day() {
                    i18n.fill(Text::ClosedOn, &[&i18n.date(c.first)])
                } else {
                    i18n.fill(
                        Text::ClosedFromTo,
                        &[&i18n.date(c.first), &i18n.date(c.last)],
                    )
                };
                let note = c
                    .note
                    .clone()
                    .map(|note| view! { ": "<span lang=i18n.written()>{note}</span> });
                view! { <li>{text}{note}</li> }
            });
            view! { <ul class="closures" data-testid="closures">{items.collect_view()}</ul> }
        })
    };
    // Opening hours: whether it is open now, and how to get an appointment; no
    // dates to go to.
    if offering.with_value(|o| !o.has_sessions()) {
        let open_now =
            offering.with_value(|o| (!o.schedules.is_empty()).then(|| o.is_open_at(now())));
        return view! {
            <section data-testid="when">
                <h2>{i18n.t(Text::WhenHeading)}</h2>
                <p><strong>{i18n.t(Text::ByAppointment)}</strong>". "{i18n.t(Text::ByAppointmentHelp)}</p>
                {open_now.map(|open| view! {
                    <h3>{i18n.t(Text::OpeningHours)}</h3>
                    <p class=if open { "open-now open" } else { "open-now" } data-testid="open-now">
                        {i18n.t(if open { Text::OpenNow } else { Text::ClosedNow })}
                    </p>
                })}
                {patterns()}
                {closures()}
            </section>
        }
        .into_any();
    }
    view! {
        <section data-testid="when">
            <h2>{i18n.t(Text::WhenHeading)}</h2>
            {patterns()}
            {closures()}
            <h3>{i18n.t(Text::NextDates)}</h3>
            {next()}
        </section>
    }
    .into_any()
}

#[component]
fn Where(offering: StoredValue<Offering>) -> impl IntoView {
    let i18n = use_i18n();
    let location = offering.with_value(|o| o.location.clone());
    let (online, at_home) = offering.with_value(|o| (o.online, o.at_home));
    if location.is_none() && !online && !at_home {
        return None;
    }
    Some(view! {
        <section>
            <h2>{i18n.t(Text::WhereHeading)}</h2>
            {location.map(|l| {
                let map = map_link(&l);
                let town = format!("{} {}", l.postcode, l.city).trim().to_string();
                let address = (!l.address.trim().is_empty() || !town.is_empty())
                    .then(|| view! { <p lang=i18n.written()>{l.address.clone()}<br/>{town}</p> });
                view! {
                    <p lang=i18n.written()>{offering.with_value(|o| o.place_text(i18n.lang()))}</p>
                    {address}
                    {l.transport.clone().map(|t| view! { <p lang=i18n.written()>{t}</p> })}
                    {map.map(|map| view! {
                        <p class="jump no-print"><a href=map rel="noopener">{i18n.t(Text::OnMap)}</a></p>
                    })}
                }
            })}
            {online.then(|| view! { <p>{online_label(i18n.lang())}</p> })}
            {at_home.then(|| view! { <p>{at_home_label(i18n.lang())}</p> })}
        </section>
    })
}

/// OpenStreetMap at the spot, or a search for the address; nothing when there is
/// neither (a search for nothing finds nothing).
fn map_link(location: &Location) -> Option<String> {
    Some(match (location.latitude, location.longitude) {
        (Some(lat), Some(lon)) => {
            // The browser writes the numbers: Rust's float formatting weighs ~10 KB.
            let (lat, lon) = (js_number(lat), js_number(lon));
            format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}")
        }
        _ if [&location.address, &location.postcode, &location.city]
            .iter()
            .all(|part| part.trim().is_empty()) =>
        {
            return None;
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
    })
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
    if contact == wijkgids_core::Contact::default() {
        return None;
    }
    Some(view! {
        <section>
            <h2>{i18n.t(Text::ContactHeading)}</h2>
            {contact.name.clone().map(|n| view! { <p lang=i18n.written()>{i18n.fill(Text::ContactPerson, &[&n])}</p> })}
            {(contact.phone.is_some() || contact.email.is_some() || contact.website.is_some()).then(|| view! {
                <ul class="contact">
                    {contact.phone.clone().map(|phone| view! { <li><CallButton phone/></li> })}
                    {contact.email.clone().map(|email| view! { <li><MailButton email/></li> })}
                    {contact.website.clone().map(|site| {
                        // Where the link goes, in view: a look-alike address shows itself.
                        let host = wijkgids_core::validate::url_host(&site).map(str::to_owned);
                        view! {
                            <li><a class="button" href=site.clone() rel="noopener">{i18n.t(Text::Website)}
                                {host.map(|host| view! { " " <span class="link-host">{host}</span> })}</a>
                            <span class="print-only">{site}</span></li>
                        }
                    })}
                </ul>
            })}
        </section>
    })
}

/// How a professional refers someone: only in the records of signed-in
/// professionals (the server never sends it to anyone else), and shown only to a
/// role that may see it, whatever the device still holds.
#[component]
fn Referral(offering: StoredValue<Offering>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = crate::session::use_auth();
    move || {
        sees_referrals(auth.role())
            .then(|| referral(i18n, offering))
            .flatten()
    }
}

fn referral(i18n: I18n, offering: StoredValue<Offering>) -> Option<impl IntoView + use<>> {
    offering.with_value(|o| o.referral.clone()).map(|r| {
        let line = |label: Text, value: Option<String>| {
            value.map(|v| view! { <p><strong>{i18n.t(label)}": "</strong><span lang=i18n.written()>{v}</span></p> })
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
                {(!r.procedure.is_empty()).then(|| view! { <p lang=i18n.written()>{r.procedure.clone()}</p> })}
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
                    <p><strong lang=i18n.written()>{org.name.clone()}</strong>{format!(" · {}", i18n.label(org.kind))}</p>
                    <p lang=i18n.written()>{org.description.clone()}</p>
                    {org.phone.clone().map(|p| view! { <p class="jump"><a href=crate::components::contact::tel_href(&p)>{p.clone()}</a></p> })}
                    {org.website.clone().map(|w| view! { <p class="jump"><a href=w.clone() rel="noopener">{w.clone()}</a></p> })}
                </section>
            }
        })
    }
}
