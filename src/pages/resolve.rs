//! When a publisher's edit and someone else's change to the same offering crossed:
//! the fields that differ side by side, the ones changed on one side only merged
//! already, and a choice per field where both changed. No edit is lost: until the
//! publisher chooses, their edit stays on the device, waiting.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;
use wijkgids_core::field_diff::{Change, FieldDiff, FieldDiffs, Side, diff_values};
use wijkgids_core::sync::replica::Resolution;
use wijkgids_core::vocab::RecordKind;

use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};

#[component]
pub fn ResolveConflict() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let navigate = use_navigate();
    let params = use_params_map();
    let id = params
        .with_untracked(|p| p.get("id"))
        .and_then(|id| Uuid::parse_str(&id).ok());
    let clash = LocalResource::new(move || {
        guide.status();
        async move {
            let id = id?;
            let clash = crate::sync::clash(id).await.ok()??;
            Some(diff_values(
                clash.base.as_ref(),
                &clash.mine,
                &clash.theirs,
                i18n.lang(),
            ))
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
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::ConflictTitle)}</h1>
            <p class="lead">{i18n.t(Text::ConflictLead)}</p>
            {move || match clash.get().flatten() {
                Some(diffs) => form(diffs).into_any(),
                None => view! { <p>{i18n.t(Text::NoConflict)}</p> }.into_any(),
            }}
        </main>
    }
}
