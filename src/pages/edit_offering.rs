//! Creating and editing an offering, for its publisher (or a coordinator): a form
//! checked by the core's validator as it is filled in, a preview of the card, and
//! the actions that make sense for its status (`core::lifecycle`). A draft may be
//! saved unfinished (what publishing still needs shows as hints); publishing needs
//! every field. Text is kept as typed and tidied by the core when saving. Leaving
//! with unsaved changes asks first. Saving works offline: the edit goes into the
//! outbox and is sent when there is a connection.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;
use wijkgids_core::Offering;
use wijkgids_core::access::{Actor, Change, RecordFacts, check_write};
use wijkgids_core::field_diff::{field_label, nearest_field_label};
use wijkgids_core::lifecycle::{Action, actions};
use wijkgids_core::model::{Cost, Location};
use wijkgids_core::schedule::TIME_ZONE;
use wijkgids_core::sync::replica::FormSave;
use wijkgids_core::validate::{Code, Problem, tidy_offering, validate_offering_as};
use wijkgids_core::vocab::{HealthDimension, OfferingKind, RecordKind, SignUp, Status, Theme};

use crate::components::browser::now;
use crate::components::card::{Card, CardText};
use crate::components::closures_editor::ClosuresEditor;
use crate::components::cost_editor::CostEditor;
use crate::components::form::{
    Checked, Choices, Pick, TextField, focus_field, own_message_view, set_member,
};
use crate::components::leave_guard::LeaveGuard;
use crate::components::neighbourhood_picker::NeighbourhoodPicker;
use crate::components::offering_card::card_text;
use crate::components::offering_details::{
    AccessibilityDetails, AudienceAndLanguages, ContactPerson, OnlineOrAtHome,
};
use crate::components::schedule_editor::ScheduleEditor;
use crate::guide::{SyncStatus, use_guide};
use crate::i18n::{I18n, Text, use_i18n};
use crate::kept_draft::KeptDraft;
use crate::pwa::use_pwa;
use crate::session::use_auth;

/// A new, empty offering of `organisation`, as a draft.
fn blank(organisation: Option<Uuid>) -> Offering {
    let mut offering: Offering = serde_json::from_value(serde_json::json!({
        "id": crate::store::new_id(),
        "status": "draft",
        "title": "",
        "summary": "",
        "kind": "informal",
        "cost": { "kind": "free" },
        "sign_up": "walk_in",
    }))
    .expect("a blank offering is well formed");
    offering.organisation_id = organisation;
    offering
}

/// The card as it will look once saved (tidied); a title (the card's link text)
/// even before one is typed.
fn preview(i18n: I18n, offering: &Offering) -> CardText {
    let mut card = card_text(i18n, offering, &[]);
    // The preview is not a way out of the form.
    card.href = String::new();
    if card.title.trim().is_empty() {
        card.title = i18n.t(Text::NoTitleYet).to_string();
    }
    card
}

/// Text of an optional field as typed (spaces kept while typing; blank means
/// none): tidied when saved, by the core.
pub(crate) fn optional(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

/// The problems as links to their fields, each field once: "Titel: Vul een titel
/// in." (`with_message`) or just "Titel".
fn problem_links(i18n: I18n, problems: &[Problem], with_message: bool) -> impl IntoView + use<> {
    let mut seen = Vec::new();
    let mut links = Vec::new();
    for problem in problems {
        let label = nearest_field_label(&problem.field, i18n.lang());
        if seen.contains(&label) {
            continue;
        }
        seen.push(label.clone());
        let text = if with_message {
            format!("{label}: {}", problem.text(i18n.lang()))
        } else {
            label
        };
        let field = problem.field.clone();
        links.push(view! {
            <li><a href=format!("#{field}") on:click=move |ev| {
                ev.prevent_default();
                focus_field(&field);
            }>{text}</a></li>
        });
    }
    view! { <ul>{links}</ul> }
}

/// The status the server will give `offering` saved by `actor` over the version the
/// form opened (a publisher's new offering waits for review), by the core's rules.
fn where_it_goes(
    actor: Option<Actor>,
    opened: Option<serde_json::Value>,
    offering: &Offering,
) -> Status {
    let before = opened.and_then(|v| serde_json::from_value::<Offering>(v).ok());
    let before = before.as_ref().map(RecordFacts::of_offering);
    let after = RecordFacts::of_offering(offering);
    actor
        .and_then(|actor| {
            let change = Change {
                current: before.as_ref(),
                proposed: Some(&after),
            };
            check_write(&actor, change).ok().flatten()
        })
        .unwrap_or(offering.status)
}

/// "Zaalvoetbal: opgeslagen als concept.", said on "Mijn aanbod" after a save.
fn saved_notice(i18n: I18n, action: Action, status: Status, title: &str) -> String {
    let text = match (action, status) {
        (Action::StillCurrent, _) => Text::SavedStillCurrent,
        (_, Status::Draft) => Text::SavedDraft,
        (_, Status::PendingReview) => Text::SavedForReview,
        (_, Status::Published) => Text::SavedPublished,
        (_, Status::Paused) => Text::SavedPaused,
        (_, Status::Archived) => Text::SavedArchived,
    };
    let title = if title.trim().is_empty() {
        i18n.t(Text::NoTitleYet)
    } else {
        title
    };
    i18n.fill(text, &[&title])
}

/// The label of an action's button; saving a draft says it stays one.
fn action_label(action: Action, status: Status) -> Text {
    match action {
        Action::Save if status == Status::Draft => Text::SaveDraft,
        Action::Save => Text::Save,
        Action::Publish => Text::Publish,
        Action::StillCurrent => Text::StillCurrent,
        Action::Pause => Text::Pause,
        Action::Archive => Text::Archive,
    }
}

fn action_testid(action: Action) -> &'static str {
    match action {
        Action::Save => "save",
        Action::Publish => "publish",
        Action::StillCurrent => "still-current",
        Action::Pause => "pause",
        Action::Archive => "archive",
    }
}

/// The form, once the device's records are read (the offering to edit is among them).
#[component]
pub fn EditOffering() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let loaded = Memo::new(move |_| guide.status() != SyncStatus::Opening);
    // Raised to draw the form afresh, e.g. after throwing away kept work.
    let fresh = RwSignal::new(0u32);
    // Read once: a session that ends while the form is open keeps the form (and
    // what is typed in it) until its author signs in again.
    let signed_in = untrack(|| use_auth().account().is_some());
    move || {
        if !signed_in {
            view! { <main id="main" class="page"><h1>{i18n.t(Text::NavMyOfferings)}</h1>{crate::pages::my_offerings::sign_in_first(i18n)}</main> }
                .into_any()
        } else if loaded.get() {
            fresh.track();
            view! { <OfferingForm fresh/> }.into_any()
        } else {
            view! { <main id="main" class="page"><p>{i18n.t(Text::StatusOpening)}</p></main> }
                .into_any()
        }
    }
}

#[component]
fn OfferingForm(fresh: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let auth = use_auth();
    let params = use_params_map();
    let navigate = use_navigate();
    let pwa = use_pwa();
    let id = params
        .with_untracked(|p| p.get("id"))
        .and_then(|id| Uuid::parse_str(&id).ok());
    let existing = id.and_then(|id| guide.offering(id));
    let is_new = existing.is_none();
    // Saved before (on this device or the server): more than "save" and "publish".
    let saved_before = !is_new;
    let account = auth.account();
    let keeper = StoredValue::new(KeptDraft::new(
        "offering",
        account.as_ref().map(|a| a.id),
        id,
    ));
    // Work typed here before and not saved (a reload, the app closed, another
    // screen opened): it comes back, with the base it was typed on.
    let kept = keeper.with_value(KeptDraft::load::<Offering>);
    let restored = RwSignal::new(kept.is_some());
    // The record as the form opened it: a save merges what a pull brought since
    // (or asks its author), instead of sending these old values on a newer version.
    let opened = StoredValue::new(match &kept {
        Some(kept) => kept.opened.clone(),
        None => existing
            .as_ref()
            .map(|o| serde_json::to_value(o).expect("an offering is JSON")),
    });
    let merged_in = RwSignal::new(Vec::<String>::new());
    let actor = account.as_ref().map(Actor::of);
    let organisation = account.and_then(|a| a.organisation_id);
    let start = match kept {
        Some(kept) => kept.draft,
        None => existing.unwrap_or_else(|| blank(organisation)),
    };
    let draft = RwSignal::new(start);
    // Typed but not saved: kept on the device at every change.
    let unsaved = StoredValue::new(restored.get_untracked());
    Effect::watch(
        move || draft.get(),
        move |offering, _, _| {
            if unsaved.get_value() {
                keeper.with_value(|k| k.keep(opened.get_value().as_ref(), offering));
            }
        },
        false,
    );
    // What publishing needs, shown under the fields as they are touched: for a
    // draft these are hints, for what readers see they must be fixed.
    let needed = Memo::new(move |_| draft.with(|o| validate_offering_as(o, Status::Published)));
    let checked = Checked::new(needed.into());
    let saved = RwSignal::new(None::<Text>);
    let schedules_valid = RwSignal::new(true);
    let closures_valid = RwSignal::new(true);
    // What stops `action` now: "Opslaan" of a draft only what no draft may hold,
    // "Publiceren" everything. The form's status changes only once it is saved.
    let stopping = move |action: Action| {
        let mut problems = draft.with(|o| validate_offering_as(o, action.result(o.status)));
        if !schedules_valid.get() {
            problems.push(Problem::new("schedules", Code::InvalidTime));
        }
        // A closure with a problem would be lost on saving: it is fixed first.
        if !closures_valid.get() {
            problems.push(Problem::new("exceptions", Code::ScheduleDates));
        }
        problems
    };
    // The action whose save failed: what stops it is listed until it is fixed.
    let failed = RwSignal::new(None::<Action>);
    let to_fix = Memo::new(move |_| failed.get().map(stopping).unwrap_or_default());
    // While the form has changes, a new version of the app does not reload it away.
    let editing = StoredValue::new_local(None);
    if restored.get_untracked() {
        editing.set_value(Some(pwa.start_editing()));
    }
    let said = RwSignal::new(false);
    request_animation_frame(move || {
        let _ = said.try_set(true);
    });
    // A newer version arrived while nothing was typed here (a reload opens the
    // form on the device's copy; the first pull may bring a newer one): the form
    // starts again from it rather than offer old text to edit.
    if let Some(id) = id {
        Effect::new(move |_| {
            let arrived = guide.offering(id).map(|o| o.version);
            let shown = opened.with_value(|o| o.as_ref().and_then(|v| v["version"].as_u64()));
            if arrived.is_some() && arrived != shown && !unsaved.get_value() {
                fresh.update(|n| *n += 1);
            }
        });
    }
    let change = move |f: Box<dyn FnOnce(&mut Offering)>| {
        unsaved.set_value(true);
        draft.update(|o| f(o));
        saved.set(None);
        if editing.with_value(Option::is_none) {
            editing.set_value(Some(pwa.start_editing()));
        }
    };
    let text = move |get: fn(&Offering) -> String| Signal::derive(move || draft.with(get));

    let save = move |action: Action| {
        let navigate = navigate.clone();
        // Residents stop seeing it, and showing it again waits for a coordinator:
        // asked first, so a slip of the thumb costs nothing.
        if action == Action::Archive
            && !window()
                .confirm_with_message(i18n.t(Text::ArchiveConfirm))
                .unwrap_or(false)
        {
            return;
        }
        checked.show_all();
        saved.set(None);
        // A save that fails changes nothing: not the status, not the form. The
        // focus goes to the first thing to fix.
        let problems = untrack(|| stopping(action));
        if !problems.is_empty() {
            failed.set(Some(action));
            crate::components::browser::focus_soon("error-summary");
            return;
        }
        failed.set(None);
        let mut offering = tidy_offering(draft.get_untracked());
        if let Some(status) = action.status() {
            offering.status = status;
        }
        if action == Action::Publish {
            // Published again: the coordinator's reason has been dealt with.
            offering.review_note = None;
        }
        if action.confirms() {
            offering.checked_on = Some(now().with_timezone(&TIME_ZONE).date_naive());
        }
        // What "Mijn aanbod" says once it is saved: where it now stands.
        let said_after = saved_notice(
            i18n,
            action,
            where_it_goes(actor, opened.get_value(), &offering),
            &offering.title,
        );
        // Saved: the form's work is in the outbox now, not only on this screen.
        let done = move || {
            editing.set_value(None);
            unsaved.set_value(false);
            keeper.with_value(KeptDraft::forget);
        };
        spawn_local(async move {
            let data = serde_json::to_value(&offering).expect("an offering is JSON");
            let from = opened.get_value();
            let id = offering.id;
            let saving =
                crate::sync::save_form(guide, RecordKind::Offering, id, from.as_ref(), data);
            match saving.await {
                Ok(FormSave::Queue {
                    merged_in: others, ..
                }) if others.is_empty() => {
                    done();
                    crate::pages::my_offerings::say_after_save(said_after);
                    navigate("/mijn-aanbod", Default::default());
                }
                // Saved with someone else's changes of other fields: the form shows
                // the record as saved and names what they changed.
                Ok(FormSave::Queue {
                    data,
                    merged_in: others,
                }) => {
                    done();
                    if let Ok(saved_record) = serde_json::from_value::<Offering>(data.clone()) {
                        draft.set(saved_record);
                    }
                    opened.set_value(Some(data));
                    merged_in.set(others);
                    saved.set(Some(Text::SavedWithOthers));
                }
                // Both changed the same field, or it was removed meanwhile: the
                // choice page shows both versions.
                Ok(FormSave::Decide) => {
                    done();
                    navigate(&format!("/mijn-aanbod/{id}/kiezen"), Default::default());
                }
                Err(err) => {
                    leptos::logging::warn!("edit not saved: {err}");
                    let _ = saved.try_set(Some(Text::NotSaved));
                }
            }
        });
    };
    let button = move |action: Action| {
        let save = save.clone();
        let status = draft.with_untracked(|o| o.status);
        let class = match action {
            Action::Pause | Action::Archive => "button button-secondary",
            _ => "button",
        };
        view! {
            <button type="button" class=class data-testid=action_testid(action)
                on:click=move |_| save(action)>
                {i18n.t(action_label(action, status))}
            </button>
        }
    };

    let location = move |f: fn(&mut Location, String)| {
        move |value: String| {
            change(Box::new(move |o| {
                let mut location = o.location.take().unwrap_or_default();
                f(&mut location, value);
                o.location = (location != Location::default()).then_some(location);
            }))
        }
    };
    let location_text = move |get: fn(&Location) -> String| {
        Signal::derive(move || draft.with(|o| o.location.as_ref().map(get).unwrap_or_default()))
    };
    let age = move |get: fn(&Offering) -> Option<u8>| {
        Signal::derive(move || draft.with(|o| get(o).map(|a| a.to_string()).unwrap_or_default()))
    };

    view! {
        <main id="main" class="page">
            <h1 id="form-heading" tabindex="-1">{i18n.t(if is_new { Text::NewOffering } else { Text::EditOfferingTitle })}</h1>
            // The notice fills a status region that is already there, so a screen
            // reader announces it (a region that arrives filled is often not read).
            <div role="status">{move || (restored.get() && said.get()).then(|| view! {
                <div class="notice" data-testid="kept-draft">
                    <p>{i18n.t(Text::KeptDraftBack)}</p>
                    <button type="button" class="button button-secondary" data-testid="discard-kept"
                        on:click=move |_| {
                            keeper.with_value(KeptDraft::forget);
                            fresh.update(|n| *n += 1);
                            crate::components::browser::focus_soon("form-heading");
                        }>
                        {i18n.t(Text::KeptDraftDiscard)}
                    </button>
                </div>
            })}</div>
            <p class="lead">{move || i18n.fill(Text::CurrentStatus, &[&i18n.label(draft.with(|o| o.status))])}</p>
            // A saved draft says what publishing it still needs: hints, not a refusal.
            {move || {
                let draft_needs = saved_before && draft.with(|o| o.status == Status::Draft);
                needed.with(|needs| (draft_needs && !needs.is_empty()).then(|| view! {
                    <div class="notice" data-testid="draft-hints">
                        <p>{i18n.t(Text::DraftStillNeeds)}</p>
                        {problem_links(i18n, needs, false)}
                    </div>
                }))
            }}
            {move || draft.with(|o| o.review_note.clone()).map(|note| view! {
                <p class="notice" data-testid="review-note">{i18n.fill(Text::SentBackBecause, &[&note])}</p>
            })}
            <form class="form" novalidate on:submit=|ev| ev.prevent_default()>
                <TextField checked field="title" label=Text::FieldTitle value=text(|o| o.title.clone())
                    set=move |v| change(Box::new(move |o| o.title = v))/>
                <TextField checked field="summary" label=Text::FieldSummary help=Text::FieldSummaryHelp
                    value=text(|o| o.summary.clone()) set=move |v| change(Box::new(move |o| o.summary = v))/>
                <TextField checked field="description" label=Text::FieldDescription lines=true
                    value=text(|o| o.description.clone()) set=move |v| change(Box::new(move |o| o.description = v))/>
                <Pick field="kind" label=Text::FilterKind value=Signal::derive(move || draft.with(|o| o.kind))
                    set=move |v: OfferingKind| change(Box::new(move |o| o.kind = v))/>
                <Choices checked field="themes" label=Text::FilterThemes chosen=Signal::derive(move || draft.with(|o| o.themes.clone()))
                    set=move |t: Theme, on: bool| change(Box::new(move |o| set_member(&mut o.themes, t, on)))/>
                <Choices checked field="health_dimensions" label=Text::FieldDimensions help=Text::FieldDimensionsHelp
                    chosen=Signal::derive(move || draft.with(|o| o.health_dimensions.clone()))
                    set=move |d: HealthDimension, on: bool| change(Box::new(move |o| set_member(&mut o.health_dimensions, d, on)))/>
                <TextField checked field="min_age" label=Text::FieldMinAge kind="number" value=age(|o| o.min_age)
                    set=move |v| change(Box::new(move |o| o.min_age = v.trim().parse().ok()))/>
                <TextField checked field="max_age" label=Text::FieldMaxAge kind="number" value=age(|o| o.max_age)
                    set=move |v| change(Box::new(move |o| o.max_age = v.trim().parse().ok()))/>
                <AudienceAndLanguages checked draft change/>
                <CostEditor checked initial=draft.with_untracked(|o| o.cost.clone())
                    set=move |cost: Cost| change(Box::new(move |o| o.cost = cost))/>
                <TextField checked field="cost_note" label=Text::FieldCostNote lines=true
                    value=text(|o| o.cost_note.clone().unwrap_or_default())
                    set=move |v| change(Box::new(move |o| o.cost_note = Some(v)))/>
                <Pick field="sign_up" label=Text::FieldSignUp value=Signal::derive(move || draft.with(|o| o.sign_up))
                    set=move |v: SignUp| change(Box::new(move |o| o.sign_up = v))/>
                <TextField checked field="how_to_join" label=Text::FieldHowToJoin lines=true
                    value=text(|o| o.how_to_join.clone().unwrap_or_default())
                    set=move |v| change(Box::new(move |o| o.how_to_join = Some(v)))/>
                <AccessibilityDetails checked draft change/>
                <fieldset class="choices">
                    <legend>{i18n.t(Text::WhereHeading)}</legend>
                    <OnlineOrAtHome draft change/>
                    <TextField checked field="location.name" label=Text::FieldPlaceName value=location_text(|l| l.name.clone())
                        set=location(|l, v| l.name = v)/>
                    <TextField checked field="location.address" label=Text::FieldAddress value=location_text(|l| l.address.clone())
                        set=location(|l, v| l.address = v)/>
                    <TextField checked field="location.postcode" label=Text::FieldPostcode value=location_text(|l| l.postcode.clone())
                        set=location(|l, v| l.postcode = v)/>
                    <TextField checked field="location.city" label=Text::FieldCity value=location_text(|l| l.city.clone())
                        set=location(|l, v| l.city = v)/>
                    <NeighbourhoodPicker checked value=location_text(|l| l.neighbourhood.clone())
                        set=location(|l, v| l.neighbourhood = v)/>
                </fieldset>
                <fieldset class="choices" id="contact" aria-describedby="contact-error">
                    <legend>{i18n.t(Text::ContactHeading)}</legend>
                    {own_message_view(checked, "contact")}
                    <TextField checked field="contact.phone" label=Text::FieldPhone kind="tel"
                        value=text(|o| o.contact.phone.clone().unwrap_or_default())
                        set=move |v| change(Box::new(move |o| o.contact.phone = Some(v)))/>
                    <TextField checked field="contact.email" label=Text::SignInEmail kind="email"
                        value=text(|o| o.contact.email.clone().unwrap_or_default())
                        set=move |v| change(Box::new(move |o| o.contact.email = Some(v)))/>
                    <TextField checked field="contact.website" label=Text::Website kind="url"
                        value=text(|o| o.contact.website.clone().unwrap_or_default())
                        set=move |v| change(Box::new(move |o| o.contact.website = Some(v)))/>
                    // Who to ask for comes after how: the group's link in the list of
                    // what to fix lands on the phone, which fixes it.
                    <ContactPerson checked draft change/>
                </fieldset>
                <section id="schedules">
                    <h2>{i18n.t(Text::WhenHeading)}</h2>
                    <ScheduleEditor initial=draft.with_untracked(|o| o.schedules.clone())
                        set=move |schedules| {
                            if draft.with_untracked(|o| o.schedules != schedules) {
                                unsaved.set_value(true);
                                draft.update(|o| o.schedules = schedules);
                            }
                        }
                        valid=schedules_valid tried=Signal::derive(move || checked.tried())/>
                    <label class="choice">
                        <input type="checkbox" id="by_appointment" prop:checked=move || draft.with(|o| o.by_appointment)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                change(Box::new(move |o| o.by_appointment = on));
                            }/>
                        <span>{i18n.t(Text::ByAppointment)}</span>
                    </label>
                    {own_message_view(checked, "schedules")}
                    <ClosuresEditor checked draft change valid=closures_valid/>
                </section>
                <section>
                    <h2>{i18n.t(Text::Preview)}</h2>
                    <ul class="cards" data-testid="preview">{move || view! { <Card card=preview(i18n, &tidy_offering(draft.get()))/> }}</ul>
                </section>
                // What stops the save, said plainly (no colour named), each a link to
                // its field, and gone once fixed. A failed save puts the focus here,
                // beside the button pressed, so a screen reader reads the list.
                {move || to_fix.with(|problems| (!problems.is_empty()).then(|| view! {
                    <div class="error-summary" id="error-summary" tabindex="-1"
                        aria-labelledby="error-summary-heading" data-testid="error-summary">
                        <p id="error-summary-heading">{i18n.t(Text::FormFixFirst)}</p>
                        {problem_links(i18n, problems, true)}
                    </div>
                }))}
                // How the save went.
                <div role="status" data-testid="save-status">
                    {move || saved.get().map(|t| {
                        let fields = merged_in.with(|names| {
                            names.iter().map(|n| field_label(n, i18n.lang())).collect::<Vec<_>>().join(", ")
                        });
                        let class = if t == Text::SavedWithOthers { "notice" } else { "error" };
                        let text = if t == Text::SavedWithOthers { i18n.fill(t, &[&fields]) } else { i18n.t(t).to_string() };
                        view! { <p class=class>{text}</p> }
                    })}
                </div>
                <div class="actions">
                    {move || {
                        let button = button.clone();
                        actions(draft.with(|o| o.status), saved_before).iter().copied().map(button).collect_view()
                    }}
                </div>
            </form>
            <LeaveGuard dirty=move || unsaved.try_get_value().unwrap_or(false)/>
        </main>
    }
}
