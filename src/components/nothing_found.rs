//! What a search that found nothing offers instead of an empty page: the needs in
//! plain words, and how to reach the neighbourhood team, who help with any
//! question (the guide's offering tagged "wijkteam"; see the core's `fallback`).

use leptos::prelude::*;
use wijkgids_core::search::neighbourhood_team;

use crate::components::contact::CallButton;
use crate::components::need_tiles::NeedTiles;
use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};

#[component]
pub fn NothingFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="nothing-found" aria-labelledby="needs-heading" data-testid="nothing-found">
            <h2 id="needs-heading">{i18n.t(Text::NothingFoundNeeds)}</h2>
            <NeedTiles/>
        </section>
        <TeamContact heading=Text::NothingFoundTeam lead=Text::NothingFoundTeamLead/>
    }
}

/// How to reach the neighbourhood team under `heading` and `lead`: a call button
/// (when there is a phone number) and their page in the guide; nothing when the
/// guide has no team.
#[component]
pub fn TeamContact(heading: Text, lead: Text) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let team = Memo::new(move |_| guide.with_offerings(|all| neighbourhood_team(all).cloned()));
    move || {
        team.get().map(|team| {
            let phone = team.contact.phone.clone().or_else(|| {
                team.organisation_id
                    .and_then(|id| guide.organisation(id))
                    .and_then(|o| o.phone)
            });
            let href = format!("/aanbod/{}", team.id);
            let title = team.title_in(i18n.lang()).to_string();
            view! {
                <section class="team" aria-labelledby="team-heading" data-testid="neighbourhood-team">
                    <h2 id="team-heading">{i18n.t(heading)}</h2>
                    <p>{i18n.t(lead)}</p>
                    <p class="actions">
                        {phone.map(|phone| view! { <CallButton phone/> })}
                        <a href=href class="button button-secondary">{title}</a>
                    </p>
                </section>
            }
        })
    }
}
