//! "Aanmelden als aanbieder": someone who runs an activity asks for a publisher
//! account for their organisation, or for their initiative when it is not in the
//! guide yet (its name and what it does; a name the guide has points them at that
//! organisation instead). The core checks the form as they type; the server
//! checks it again and keeps the account (and a new initiative) waiting until a
//! coordinator approves it. Needs the internet: nothing is queued, as a password
//! is involved.

use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;
use wijkgids_core::validate::{
    Code, Problem, initiative_name_in_guide, organisation_named, validate_account_request,
};
use wijkgids_core::wire::{AccountRequest, Initiative};

use crate::api::{self, ApiError};
use crate::components::form::{Checked, TextField, message_view};
use crate::guide::{SyncStatus, use_guide};
use crate::i18n::{Text, use_i18n};

/// The server's answer as a problem at its field, so it shows where the form's own
/// messages do; `None` when the server gave no field.
fn server_problem(err: &ApiError) -> Option<Problem> {
    let ApiError::Status {
        answer: Some(answer),
        ..
    } = err
    else {
        return None;
    };
    let problem = Problem::from_answer(answer.field.clone()?, &answer.code);
    // A name the server knows and this device does not (yet): an organisation, or
    // another request's initiative.
    if problem.field == "initiative.name" && problem.is(Code::Duplicate) {
        return Some(problem.about("initiative"));
    }
    Some(problem)
}

/// Changes the request's initiative, when it has one.
fn edit_initiative(request: &mut AccountRequest, edit: impl FnOnce(&mut Initiative)) {
    if let Some(initiative) = request.initiative.as_mut() {
        edit(initiative);
    }
}

#[component]
pub fn Apply() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let request = RwSignal::new(AccountRequest {
        email: String::new(),
        password: String::new(),
        name: String::new(),
        organisation_id: None,
        initiative: None,
        message: None,
    });
    // What the server said about a field, until that field changes.
    let refused = RwSignal::new(Vec::<Problem>::new());
    // The organisation in the guide a new initiative's name is, to choose instead.
    let named_in_guide = Memo::new(move |_| {
        let name = request.with(|r| r.initiative.as_ref().map(|i| i.name.clone()))?;
        organisation_named(&name, &guide.organisations()).cloned()
    });
    let problems = Signal::derive(move || {
        let mut problems = request.with(validate_account_request);
        if named_in_guide.with(Option::is_some) {
            problems.push(initiative_name_in_guide());
        }
        problems.extend(refused.get());
        problems
    });
    let checked = Checked::new(problems);
    let error = RwSignal::new(None::<Text>);
    let sent = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let set = move |field: &'static str, f: fn(&mut AccountRequest, String)| {
        move |value: String| {
            request.update(|r| f(r, value));
            refused.update(|p| p.retain(|p| p.field != field));
        }
    };
    let text = move |get: fn(&AccountRequest) -> String| Signal::derive(move || request.with(get));
    let initiative_text = move |get: fn(&Initiative) -> String| {
        Signal::derive(move || request.with(|r| r.initiative.as_ref().map(get).unwrap_or_default()))
    };
    // What was typed for an initiative stays when the box is unticked and ticked again.
    let kept_initiative = StoredValue::new(Initiative {
        name: String::new(),
        description: String::new(),
    });
    let new_initiative = move |on: bool| {
        request.update(|r| {
            if on {
                r.organisation_id = None;
                r.initiative = Some(kept_initiative.get_value());
            } else if let Some(initiative) = r.initiative.take() {
                kept_initiative.set_value(initiative);
            }
        });
        refused.update(|p| {
            p.retain(|p| !p.field.starts_with("initiative") && p.field != "organisation_id")
        });
        if on {
            crate::components::browser::focus_soon("initiative.name");
        }
    };
    // "Kies ...": the organisation the guide has, instead of a new initiative.
    let choose_existing = move |id: Uuid| {
        new_initiative(false);
        request.update(|r| r.organisation_id = Some(id));
        crate::components::browser::focus_soon("organisation_id");
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !checked.try_save() {
            error.set(Some(Text::FixProblems));
            return;
        }
        busy.set(true);
        error.set(None);
        let mut details = request.get_untracked();
        details.email = details.email.trim().to_string();
        details.message = details.message.filter(|m| !m.trim().is_empty());
        spawn_local(async move {
            let answer = api::request_account(&details).await;
            let _ = busy.try_set(false);
            match answer {
                Ok(_) => {
                    let _ = sent.try_set(true);
                }
                Err(err) => {
                    let problem = server_problem(&err);
                    let _ = error.try_set(Some(match (&err, &problem) {
                        (ApiError::Offline, _) => Text::ApplyOffline,
                        (ApiError::Status { status: 429, .. }, _) => Text::SignInTooMany,
                        (_, Some(_)) => Text::FixProblems,
                        _ => Text::ApplyFailed,
                    }));
                    if let Some(problem) = problem {
                        let _ = refused.try_update(|p| p.push(problem));
                    }
                }
            }
        });
    };
    let organisations = move || {
        guide.organisations().into_iter().map(|o| {
            let id = o.id;
            view! {
                <option value=id.to_string()
                    prop:selected=move || request.with(|r| r.organisation_id == Some(id))>{o.name}</option>
            }
        })
        .collect_view()
    };
    let form = move || {
        view! {
            <form class="form" on:submit=submit novalidate>
                <TextField checked field="name" label=Text::ApplyName autocomplete="name"
                    value=text(|r| r.name.clone()) set=set("name", |r, v| r.name = v)/>
                <TextField checked field="email" label=Text::SignInEmail kind="email" autocomplete="email"
                    value=text(|r| r.email.clone()) set=set("email", |r, v| r.email = v)/>
                <TextField checked field="password" label=Text::SignInPassword kind="password"
                    autocomplete="new-password" help=Text::ApplyPasswordHelp
                    value=text(|r| r.password.clone()) set=set("password", |r, v| r.password = v)/>
                <Show when=move || request.with(|r| r.initiative.is_none())>
                    <p class="field">
                        <label for="organisation_id">{i18n.t(Text::ApplyOrganisation)}</label>
                        <select id="organisation_id" name="organisation_id"
                            aria-describedby="organisation_id-error"
                            on:change=move |ev| {
                                checked.touch("organisation_id");
                                // The first option ("choose") has no id: none, which the core flags.
                                set("organisation_id", |r, v| r.organisation_id = Uuid::parse_str(&v).ok())(event_target_value(&ev));
                            }>
                            <option value="">{i18n.t(Text::ApplyChooseOrganisation)}</option>
                            {organisations}
                        </select>
                        {message_view(checked, "organisation_id")}
                    </p>
                </Show>
                <label class="choice">
                    <input type="checkbox" id="new-initiative" data-testid="new-initiative"
                        prop:checked=move || request.with(|r| r.initiative.is_some())
                        on:change=move |ev| new_initiative(event_target_checked(&ev))/>
                    <span>{i18n.t(Text::ApplyNewInitiative)}</span>
                </label>
                <Show when=move || request.with(|r| r.initiative.is_some())>
                    <fieldset class="choices" data-testid="initiative">
                        <legend><h2>{i18n.t(Text::ApplyInitiativeHeading)}</h2></legend>
                        <p>{i18n.t(Text::ApplyInitiativeLead)}</p>
                        <TextField checked field="initiative.name" label=Text::ApplyInitiativeName
                            value=initiative_text(|i| i.name.clone())
                            set=set("initiative.name", |r, v| edit_initiative(r, |i| i.name = v))/>
                        {move || named_in_guide.get().map(|organisation| {
                            let id = organisation.id;
                            view! {
                                <p><button type="button" class="button button-secondary" data-testid="choose-existing"
                                    on:click=move |_| choose_existing(id)>
                                    {i18n.fill(Text::ApplyChooseExisting, &[&organisation.name])}
                                </button></p>
                            }
                        })}
                        <TextField checked field="initiative.description" label=Text::ApplyInitiativeDescription
                            lines=true help=Text::ApplyInitiativeDescriptionHelp
                            value=initiative_text(|i| i.description.clone())
                            set=set("initiative.description", |r, v| edit_initiative(r, |i| i.description = v))/>
                    </fieldset>
                </Show>
                <TextField checked field="message" label=Text::ApplyMessage lines=true help=Text::ApplyMessageHelp
                    value=text(|r| r.message.clone().unwrap_or_default())
                    set=set("message", |r, v| r.message = Some(v))/>
                <p role="alert" class="error" data-testid="apply-error">{move || error.get().map(|t| i18n.t(t))}</p>
                <button type="submit" class="button" data-testid="apply" prop:disabled=busy>{i18n.t(Text::ApplySend)}</button>
            </form>
        }
    };
    view! {
        <main id="main" class="page">
            <h1>{i18n.t(Text::ApplyTitle)}</h1>
            {move || if sent.get() {
                view! {
                    <div role="status" data-testid="apply-sent">
                        <p class="lead">{i18n.t(Text::ApplySent)}</p>
                        <p><a class="button" href="/inloggen">{i18n.t(Text::NavSignIn)}</a></p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <p class="lead">{i18n.t(Text::ApplyLead)}</p>
                    {move || if guide.status() == SyncStatus::Opening {
                        view! { <p>{i18n.t(Text::StatusOpening)}</p> }.into_any()
                    } else {
                        form().into_any()
                    }}
                }.into_any()
            }}
        </main>
    }
}
