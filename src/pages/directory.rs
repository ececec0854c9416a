//! The neighbourhood's professionals, for professionals: find a colleague by name,
//! role, organisation or neighbourhood, and call or mail them. The directory is
//! only on the devices of signed-in professionals (the server sends it to no one
//! else).

use leptos::prelude::*;
use wijkgids_core::model::Professional;
use wijkgids_core::search::fold;
use wijkgids_core::vocab::Vocabulary;

use crate::components::contact::{CallButton, MailButton};
use crate::guide::use_guide;
use crate::i18n::{I18n, Text, use_i18n};
use crate::session::use_auth;

/// What a person can be found by, in one text folded like the search index folds
/// (case and accents), so "ozturk" finds "Öztürk".
fn haystack(i18n: I18n, professional: &Professional, organisation: Option<String>) -> String {
    let mut text = vec![
        professional.name.clone(),
        professional.role.label(i18n.lang()).to_string(),
        organisation.unwrap_or_default(),
    ];
    text.extend(professional.neighbourhoods.iter().cloned());
    fold(&text.join(" "))
}

#[component]
pub fn Directory() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let auth = use_auth();
    let query = RwSignal::new(String::new());
    let organisation = move |p: &Professional| {
        p.organisation_id
            .and_then(|id| guide.organisation(id))
            .map(|o| o.name)
    };
    let found = move || {
        let words: Vec<String> = fold(&query.get())
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let mut people: Vec<(Professional, Option<String>)> = guide
            .professionals()
            .into_iter()
            .map(|p| {
                let org = organisation(&p);
                (p, org)
            })
            .filter(|(p, org)| {
                let text = haystack(i18n, p, org.clone());
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .collect();
        people.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        people
    };
    let person = move |(p, org): (Professional, Option<String>)| {
        let facts = [
            Some(p.role.label(i18n.lang()).to_string()),
            org,
            p.available.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        view! {
            <li class="card" data-testid="professional">
                <h3 class="card-title">{p.name.clone()}</h3>
                <p class="card-summary">{facts}</p>
                {(!p.neighbourhoods.is_empty()).then(|| view! { <p class="card-facts">{p.neighbourhoods.join(", ")}</p> })}
                <ul class="contact">
                    {p.phone.clone().map(|phone| view! { <li><CallButton phone/></li> })}
                    {p.email.clone().map(|email| view! { <li><MailButton email/></li> })}
                </ul>
            </li>
        }
    };
    let list = move || {
        if auth.role().is_none() {
            return view! { <p>{i18n.t(Text::DirectoryOnlyForProfessionals)}" "<a href="/inloggen">{i18n.t(Text::NavSignIn)}</a></p> }.into_any();
        }
        let people = found();
        view! {
            <p class="count" role="status">{i18n.fill(Text::ResultsCount, &[&people.len()])}</p>
            <ul class="cards">{people.into_iter().map(person).collect_view()}</ul>
        }
        .into_any()
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::DirectoryTitle)}</h1>
            <p class="field">
                <label for="who">{i18n.t(Text::DirectorySearch)}</label>
                <input id="who" type="search" autocomplete="off" prop:value=query
                    on:input=move |ev| query.set(event_target_value(&ev))/>
            </p>
            {list}
        </main>
    }
}
