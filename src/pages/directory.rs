//! The neighbourhood's professionals, for professionals: find a colleague by name,
//! role, organisation or neighbourhood (with the search's forgiveness: "joice"
//! finds Joyce, see `core::directory`), and call or mail them. What was typed is in
//! the URL (`?q=`), so a reload or "back" keeps it. The directory is only on the
//! devices of signed-in professionals (the server sends it to no one else).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use wijkgids_core::access::sees_directory;
use wijkgids_core::directory::find;
use wijkgids_core::model::Professional;
use wijkgids_core::vocab::Vocabulary;

use crate::components::announcer::Announcer;
use crate::components::contact::{CallButton, MailButton};
use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};
use crate::session::use_auth;

/// The URL key of what was typed.
const QUERY_KEY: &str = "q";

#[component]
pub fn Directory() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let auth = use_auth();
    let query_map = use_query_map();
    let typed = Memo::new(move |_| query_map.with(|q| q.get(QUERY_KEY).unwrap_or_default()));
    let navigate = use_navigate();
    // Typing replaces the history entry: "back" leaves the directory, not a letter.
    let on_input = move |ev| {
        let text: String = event_target_value(&ev);
        let query = if text.is_empty() {
            String::new()
        } else {
            ParamsMap::from_iter([(QUERY_KEY, text)]).to_query_string()
        };
        navigate(
            &format!("/professionals{query}"),
            crate::components::browser::in_place(),
        );
    };
    let found = Memo::new(move |_| {
        let people: Vec<(Professional, Option<String>)> = guide
            .professionals()
            .into_iter()
            .map(|p| {
                let organisation = p
                    .organisation_id
                    .and_then(|id| guide.organisation(id))
                    .map(|o| o.name);
                (p, organisation)
            })
            .collect();
        let query = typed.get();
        find(
            people.iter().map(|(p, o)| (p, o.as_deref())),
            &query,
            i18n.lang(),
        )
        .into_iter()
        .map(|(p, o)| (p.clone(), o.map(str::to_string)))
        .collect::<Vec<_>>()
    });
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
        // Only for a role that may see the directory, whatever the device holds.
        if !sees_directory(auth.role()) {
            return view! { <p>{i18n.t(Text::DirectoryOnlyForProfessionals)}" "<a href="/inloggen">{i18n.t(Text::NavSignIn)}</a></p> }.into_any();
        }
        let people = found.get();
        // Seen at once; heard (by the announcer below) once the typing has settled.
        view! {
            <p class="count" data-testid="directory-count" aria-hidden="true">{i18n.fill(Text::ResultsCount, &[&people.len()])}</p>
            <ul class="cards">{people.into_iter().map(person).collect_view()}</ul>
        }
        .into_any()
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::DirectoryTitle)}</h1>
            <p class="field">
                <label for="who">{i18n.t(Text::DirectorySearch)}</label>
                <input id="who" type="search" autocomplete="off" prop:value=typed on:input=on_input/>
            </p>
            {list}
            <Announcer text=Signal::derive(move || {
                if sees_directory(auth.role()) {
                    i18n.fill(Text::ResultsCount, &[&found.with(Vec::len)])
                } else {
                    String::new()
                }
            }) testid="directory-announced"/>
        </main>
    }
}
