//! What a publisher decides about an edit the server did not take. When their edit
//! and someone else's change to the same offering crossed: the fields that differ
//! side by side, the ones changed on one side only merged already, and a choice per
//! field where both changed. When the server refused it: why, and either fix it in
//! the form or let it go. No edit is lost: until the publisher chooses, their edit
//! stays on the device, waiting.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;
use wijkgids_core::field_diff::{Change, FieldDiff, FieldDiffs, Side, diff_values};
use wijkgids_core::sync::replica::Resolution;
use wijkgids_core::vocab::RecordKind;
use wijkgids_core::wire::Rejection;

use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};
use crate::sync::Decision;

/// The decision as the page shows it.
#[derive(Clone)]
enum Shown {
    Clash(FieldDiffs),
    Refused(Rejection),
}

#[component]
pub fn ResolveConflict() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let navigate = use_navigate();
    let params = use_params_map();
    let id = params
        .with_untracked(|p| p.get("id"))
        .and_then(|id| Uuid::parse_str(&id).ok());
    let decision = LocalResource::new(move || {
        guide.status();
        async move {
            Some(match crate::sync::decision(id?).await.ok()?? {
                Decision::Clash(clash) => Shown::Clash(diff_values(
                    clash.base.as_ref(),
                    &clash.mine,
                    &clash.theirs,
                    i18n.lang(),
                )),
                Decision::Refused(rejection) => Shown::Refused(rejection),
            })
        }
    });
    let choices = RwSignal::new(BTreeMap::<String, Side>::new());
    let failed = RwSignal::new(None::<Text>);
    let finish = move |resolution: Resolution| {
        let navigate = navigate.clone();
        let Some(id) = id else { return };
        spawn_local(async move {
            match crate::sync::resolve(RecordKind::Offering, id, resolution).await {
                Ok(_) => navigate("/mijn-aanbod", Default::default()),
                Err(_) => {
                    let _ = failed.try_set(Some(Text::NotSaved));
                }
            }
        });
    };
    let row = move |field: FieldDiff| {
        let key = field.key.clone();
        let choice = move |side: Side, text: Option<String>| {
            let key = key.clone();
            let name = format!("choice-{key}");
            let checked = {
                let key = key.clone();
                move || choices.with(|c| c.get(&key) == Some(&side))
            };
            view! {
                <label class="choice">
                    <input type="radio" name=name data-testid=format!("{key}-{}", if side == Side::Mine { "mine" } else { "theirs" })
                        prop:checked=checked
                        on:change=move |_| choices.update(|c| { c.insert(key.clone(), side); })/>
                    <span>{i18n.t(if side == Side::Mine { Text::YourVersion } else { Text::ServerVersion })}": "{text.unwrap_or_else(|| "—".into())}</span>
                </label>
            }
        };
        let body = match field.change {
            Change::Conflict => view! {
                <fieldset class="choices" data-testid="clash">
                    <legend>{field.label.clone()}</legend>
                    {choice(Side::Mine, field.mine.clone())}
                    {choice(Side::Theirs, field.theirs.clone())}
                </fieldset>
            }
            .into_any(),
            Change::Mine | Change::Theirs => {
                let (who, value) = if field.change == Change::Mine {
                    (Text::YourVersion, field.mine.clone())
                } else {
                    (Text::ServerVersion, field.theirs.clone())
                };
                view! {
                    <p data-testid="merged"><strong>{field.label.clone()}": "</strong>
                        {value.unwrap_or_else(|| "—".into())}" ("{i18n.t(who)}")"</p>
                }
                .into_any()
            }
        };
        view! { <li>{body}</li> }
    };
    let finish_refused = finish.clone();
    let form = move |diffs: FieldDiffs| {
        let finish = finish.clone();
        let merged = diffs.clone();
        let save = move |_| match merged.resolve(&choices.get_untracked()) {
            Ok(value) => finish(Resolution::Merge(value)),
            Err(_) => failed.set(Some(Text::ChooseEveryField)),
        };
        view! {
            <ul class="links">{diffs.fields.into_iter().map(row).collect_view()}</ul>
            <p role="status" class="error">{move || failed.get().map(|t| i18n.t(t))}</p>
            <div class="actions">
                <button type="button" class="button" data-testid="resolve" on:click=save>{i18n.t(Text::SaveChoices)}</button>
            </div>
        }
    };
    let refused = move |rejection: Rejection| {
        let finish = finish_refused.clone();
        let reasons = rejection.all_problems();
        view! {
            <ul class="reasons" data-testid="refusal">
                {reasons.into_iter().map(|p| view! { <li>{p.text(i18n.lang())}</li> }).collect_view()}
            </ul>
            <p role="status" class="error">{move || failed.get().map(|t| i18n.t(t))}</p>
            <div class="actions">
                {rejection.fixable().then(|| view! {
                    <a class="button" data-testid="fix" href=format!("/mijn-aanbod/{}", id.unwrap_or_default())>{i18n.t(Text::FixEdit)}</a>
                })}
                <button type="button" class="button button-secondary" data-testid="discard"
                    on:click=move |_| finish(Resolution::TakeTheirs)>{i18n.t(Text::DiscardEdit)}</button>
            </div>
        }
    };
    view! {
        <main id="main" class="page">
            {move || match decision.get().flatten() {
                Some(Shown::Refused(_)) => view! {
                    <h1>{i18n.t(Text::RefusedTitle)}</h1>
                    <p class="lead">{i18n.t(Text::RefusedLead)}</p>
                }.into_any(),
                _ => view! {
                    <h1>{i18n.t(Text::ConflictTitle)}</h1>
                    <p class="lead">{i18n.t(Text::ConflictLead)}</p>
                }.into_any(),
            }}
            {move || match decision.get().flatten() {
                Some(Shown::Clash(diffs)) => form(diffs).into_any(),
                Some(Shown::Refused(rejection)) => refused(rejection).into_any(),
                None => view! { <p>{i18n.t(Text::NoConflict)}</p> }.into_any(),
            }}
        </main>
    }
}
