//! What a publisher decides about an edit the server did not take. When their edit
//! and someone else's change to the same offering crossed: the fields that differ
//! side by side, the ones changed on one side only merged already, and a choice per
//! field where both changed. When their edit crossed a delete: bring it back with
//! their changes, or let it go (and the offering leaves the device); when their
//! delete crossed an edit: delete it anyway, or keep the other version. When the
//! server refused it: why, and either fix it in the form or let it go. No edit is
//! lost: until the publisher chooses, their edit stays on the device, waiting.

use std::collections::BTreeMap;

use leptos::html::H1;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;
use wijkgids_core::access::{Actor, may_write};
use wijkgids_core::field_diff::{Change, FieldDiff, FieldDiffs, Side, changed_fields, diff_values};
use wijkgids_core::sync::replica::Resolution;
use wijkgids_core::vocab::RecordKind;
use wijkgids_core::wire::Rejection;

use crate::guide::use_guide;
use crate::i18n::{I18n, Text, use_i18n};
use crate::session::use_auth;
use crate::sync::{Crossed, Decision};

/// The decision as the page shows it.
#[derive(Clone)]
enum Shown {
    Clash(FieldDiffs),
    Crossed(CrossedDelete),
    Refused(Rejection),
}

/// Which side removed the offering.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Removed {
    /// The server's side, while this device changed it.
    ByThem,
    /// This device, while the server's side changed it.
    ByMe,
    Both,
}

/// An edit and a delete that crossed, as the page shows it.
#[derive(Clone)]
struct CrossedDelete {
    removed: Removed,
    /// The title of the version that still exists somewhere.
    title: String,
    /// What that version changed since the edit's base.
    changes: Vec<FieldDiff>,
    /// Whether this person may send their side (bring it back, or delete).
    may_send: bool,
}

impl CrossedDelete {
    fn new(crossed: Crossed, actor: Option<Actor>, i18n: I18n) -> CrossedDelete {
        let Crossed { base, mine, theirs } = crossed;
        let (removed, survivor) = match (&mine, &theirs) {
            (Some(mine), _) => (Removed::ByThem, Some(mine)),
            (None, Some(theirs)) => (Removed::ByMe, Some(theirs)),
            (None, None) => (Removed::Both, base.as_ref()),
        };
        let title = survivor
            .or(base.as_ref())
            .and_then(|v| v["title"].as_str())
            .unwrap_or_default()
            .to_string();
        let changes = match (removed, survivor) {
            (Removed::Both, _) | (_, None) => Vec::new(),
            (_, Some(version)) => changed_fields(base.as_ref(), version, i18n.lang()),
        };
        // On the server a removed offering is a tombstone holding its last data:
        // the version the edit started from is the best guess of it here.
        let current = theirs.as_ref().or(base.as_ref());
        let may_send = removed == Removed::Both
            || actor.is_some_and(|actor| {
                may_write(&actor, RecordKind::Offering, current, mine.as_ref())
            });
        CrossedDelete {
            removed,
            title,
            changes,
            may_send,
        }
    }

    /// The heading and the line under it.
    fn texts(&self) -> (Text, Text) {
        match self.removed {
            Removed::ByThem => (Text::RemovedTitle, Text::RemovedLead),
            Removed::ByMe => (Text::ChangedTitle, Text::ChangedLead),
            Removed::Both => (Text::BothRemovedTitle, Text::BothRemovedLead),
        }
    }

    /// The choices offered, each with what is announced once it is made.
    fn choices(&self) -> Vec<(Resolution, Text, Text, &'static str)> {
        let send = (Resolution::KeepMine, "keep-mine");
        let drop = (Resolution::TakeTheirs, "take-theirs");
        let choices = match self.removed {
            Removed::ByThem => [
                (send, Text::BringBack, Text::BroughtBack),
                (drop, Text::LetGo, Text::LetGone),
            ],
            Removed::ByMe => [
                (send, Text::DeleteAnyway, Text::DeletedAnyway),
                (drop, Text::KeepTheirs, Text::KeptTheirs),
            ],
            Removed::Both => return vec![(send.0, Text::Done, Text::BothRemovedDone, send.1)],
        };
        choices
            .into_iter()
            .filter(|((resolution, _), _, _)| self.may_send || *resolution != Resolution::KeepMine)
            .map(|((resolution, id), label, result)| (resolution, label, result, id))
            .collect()
    }
}

#[component]
pub fn ResolveConflict() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let auth = use_auth();
    let navigate = use_navigate();
    let params = use_params_map();
    let id = params
        .with_untracked(|p| p.get("id"))
        .and_then(|id| Uuid::parse_str(&id).ok());
    let decision = LocalResource::new(move || {
        guide.status();
        let actor = auth.account().map(|account| Actor::of(&account));
        async move {
            Some(match crate::sync::decision(id?).await.ok()?? {
                Decision::Clash(clash) => Shown::Clash(diff_values(
                    clash.base.as_ref(),
                    &clash.mine,
                    &clash.theirs,
                    i18n.lang(),
                )),
                Decision::Crossed(crossed) => {
                    Shown::Crossed(CrossedDelete::new(crossed, actor, i18n))
                }
                Decision::Refused(rejection) => Shown::Refused(rejection),
            })
        }
    });
    let choices = RwSignal::new(BTreeMap::<String, Side>::new());
    let failed = RwSignal::new(None::<Text>);
    // A choice made on this page: its heading stays, with what it did.
    let chosen = RwSignal::new(None::<(Text, Text)>);
    // The heading gets the focus once the decision is there, and after a choice.
    let heading = NodeRef::<H1>::new();
    let focus_heading = move || {
        if let Some(h1) = heading.get_untracked() {
            let _ = h1.focus();
        }
    };
    let focused = StoredValue::new(false);
    Effect::new(move |_| {
        if decision.get().is_some() && !focused.get_value() {
            focused.set_value(true);
            focus_heading();
        }
    });
    // Sends the choice; then shows `after` (heading, result) on this page, or goes
    // back to the list.
    let finish = move |resolution: Resolution, after: Option<(Text, Text)>| {
        let navigate = navigate.clone();
        let Some(id) = id else { return };
        spawn_local(async move {
            match (
                crate::sync::resolve(RecordKind::Offering, id, resolution).await,
                after,
            ) {
                (Ok(_), Some(after)) => {
                    let _ = failed.try_set(None);
                    let _ = chosen.try_set(Some(after));
                    focus_heading();
                }
                (Ok(_), None) => navigate("/mijn-aanbod", Default::default()),
                (Err(_), _) => {
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
                        on:change=move |_| {
                            choices.update(|c| { c.insert(key.clone(), side); });
                            // "Choose every part" is answered part by part: it goes once done.
                            failed.update(|f| if *f == Some(Text::ChooseEveryField) { *f = None });
                        }/>
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
            Change::Mine | Change::Theirs | Change::Both => {
                let who = match field.change {
                    Change::Mine => Text::YourVersion,
                    Change::Theirs => Text::ServerVersion,
                    _ => Text::BothVersions,
                };
                view! {
                    <p data-testid="merged"><strong>{field.label.clone()}": "</strong>
                        {field.merged.clone().unwrap_or_else(|| "—".into())}" ("{i18n.t(who)}")"</p>
                }
                .into_any()
            }
        };
        view! { <li>{body}</li> }
    };
    let status = move || view! { <p role="status" class="error">{move || failed.get().map(|t| i18n.t(t))}</p> };
    let form = {
        let finish = finish.clone();
        move |diffs: FieldDiffs| {
            let finish = finish.clone();
            let merged = diffs.clone();
            let save = move |_| match merged.resolve(&choices.get_untracked()) {
                Ok(value) => finish(
                    Resolution::Merge(value),
                    Some((Text::ConflictTitle, Text::ChoicesSaved)),
                ),
                Err(_) => failed.set(Some(Text::ChooseEveryField)),
            };
            view! {
                <ul class="plain">{diffs.fields.into_iter().map(row).collect_view()}</ul>
                {status()}
                <div class="actions">
                    <button type="button" class="button" data-testid="resolve" on:click=save>{i18n.t(Text::SaveChoices)}</button>
                </div>
            }
        }
    };
    let crossed = {
        let finish = finish.clone();
        move |crossed: CrossedDelete| {
            let (heading, _) = crossed.texts();
            let (side, changed) = match crossed.removed {
                Removed::ByThem => (Text::YourVersion, Text::WhatYouChanged),
                _ => (Text::ServerVersion, Text::WhatTheyChanged),
            };
            let version = (crossed.removed != Removed::Both).then(|| {
                let changes = crossed.changes.clone();
                view! {
                    <section data-testid="version">
                        <h2>{i18n.t(side)}": "{crossed.title.clone()}</h2>
                        {(!changes.is_empty()).then(|| view! {
                            <h3>{i18n.t(changed)}</h3>
                            <dl class="version">
                                {changes.into_iter().map(|f| view! {
                                    <dt>{f.label}</dt>
                                    <dd>{f.mine.unwrap_or_else(|| "—".into())}</dd>
                                }).collect_view()}
                            </dl>
                        })}
                    </section>
                }
            });
            let refusal = (!crossed.may_send).then(|| {
                let text = match crossed.removed {
                    Removed::ByThem => Text::MayNotBringBack,
                    _ => Text::MayNotDelete,
                };
                view! { <p data-testid="may-not">{i18n.t(text)}</p> }
            });
            let buttons = crossed.choices().into_iter().enumerate().map(|(n, (resolution, label, result, testid))| {
                let finish = finish.clone();
                let class = if n == 0 { "button" } else { "button button-secondary" };
                view! {
                    <button type="button" class=class data-testid=testid
                        on:click=move |_| finish(resolution.clone(), Some((heading, result)))>{i18n.t(label)}</button>
                }
            }).collect_view();
            let help = (crossed.removed == Removed::ByThem)
                .then(|| view! { <p>{i18n.t(Text::LetGoHelp)}</p> });
            view! {
                {version}
                {refusal}
                {status()}
                <div class="actions">{buttons}</div>
                {help}
            }
        }
    };
    let refused = move |rejection: Rejection| {
        let finish = finish.clone();
        let reasons = rejection.all_problems();
        view! {
            <ul class="reasons" data-testid="refusal">
                {reasons.into_iter().map(|p| view! { <li>{p.text(i18n.lang())}</li> }).collect_view()}
            </ul>
            {status()}
            <div class="actions">
                {rejection.fixable().then(|| view! {
                    <a class="button" data-testid="fix" href=format!("/mijn-aanbod/{}", id.unwrap_or_default())>{i18n.t(Text::FixEdit)}</a>
                })}
                <button type="button" class="button button-secondary" data-testid="discard"
                    on:click=move |_| finish(Resolution::TakeTheirs, None)>{i18n.t(Text::DiscardEdit)}</button>
            </div>
        }
    };
    let texts = move || match (chosen.get(), decision.get().flatten()) {
        (Some((heading, _)), _) => (heading, None),
        (None, Some(Shown::Refused(_))) => (Text::RefusedTitle, Some(Text::RefusedLead)),
        (None, Some(Shown::Crossed(crossed))) => {
            let (heading, lead) = crossed.texts();
            (heading, Some(lead))
        }
        (None, _) => (Text::ConflictTitle, Some(Text::ConflictLead)),
    };
    view! {
        <main id="main" class="page">
            <h1 tabindex="-1" node_ref=heading>{move || i18n.t(texts().0)}</h1>
            {move || texts().1.map(|lead| view! { <p class="lead">{i18n.t(lead)}</p> })}
            // Always there, so what a choice did is announced when it appears.
            <p role="status" class="result" data-testid="result">{move || chosen.get().map(|(_, result)| i18n.t(result))}</p>
            {move || match (chosen.get(), decision.get().flatten()) {
                (Some(_), _) => view! {
                    <p><a class="button" href="/mijn-aanbod">{i18n.t(Text::BackToMyOfferings)}</a></p>
                }.into_any(),
                (None, Some(Shown::Clash(diffs))) => form(diffs).into_any(),
                (None, Some(Shown::Crossed(c))) => crossed(c).into_any(),
                (None, Some(Shown::Refused(rejection))) => refused(rejection).into_any(),
                (None, None) => view! { <p>{i18n.t(Text::NoConflict)}</p> }.into_any(),
            }}
        </main>
    }
}
