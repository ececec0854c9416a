//! The parts of the offering form residents filter and decide on: for whom and in
//! which languages, how accessible, online or at people's homes, and the contact
//! person. Each edits the form's draft through its `change`, as the form's own
//! fields do, so what is typed is kept and checked the same way.

use leptos::prelude::*;
use wijkgids_core::Offering;
use wijkgids_core::vocab::{AccessibilityFeature, Audience, Language};

use crate::components::form::{Checked, Choices, TextField, set_member};
use crate::i18n::{Text, use_i18n};
use crate::pages::edit_offering::optional;

/// "Voor wie?" and the languages it is given in.
#[component]
pub fn AudienceAndLanguages(
    checked: Checked,
    draft: RwSignal<Offering>,
    change: impl Fn(Box<dyn FnOnce(&mut Offering)>) + Copy + 'static,
) -> impl IntoView {
    view! {
        <Choices checked field="audience" label=Text::ForWhomHeading
            chosen=Signal::derive(move || draft.with(|o| o.audience.clone()))
            set=move |a: Audience, on: bool| change(Box::new(move |o| set_member(&mut o.audience, a, on)))/>
        <Choices checked field="languages" label=Text::FieldLanguages
            chosen=Signal::derive(move || draft.with(|o| o.languages.clone()))
            set=move |l: Language, on: bool| change(Box::new(move |o| set_member(&mut o.languages, l, on)))/>
    }
}

/// What makes it accessible, and a note.
#[component]
pub fn AccessibilityDetails(
    checked: Checked,
    draft: RwSignal<Offering>,
    change: impl Fn(Box<dyn FnOnce(&mut Offering)>) + Copy + 'static,
) -> impl IntoView {
    view! {
        <Choices checked field="accessibility" label=Text::AccessHeading
            chosen=Signal::derive(move || draft.with(|o| o.accessibility.clone()))
            set=move |f: AccessibilityFeature, on: bool| change(Box::new(move |o| set_member(&mut o.accessibility, f, on)))/>
        <TextField checked field="accessibility_note" label=Text::FieldAccessibilityNote lines=true
            value=Signal::derive(move || draft.with(|o| o.accessibility_note.clone().unwrap_or_default()))
            set=move |v| change(Box::new(move |o| o.accessibility_note = optional(v)))/>
    }
}

/// Besides (or instead of) a place: online, or at people's homes.
#[component]
pub fn OnlineOrAtHome(
    draft: RwSignal<Offering>,
    change: impl Fn(Box<dyn FnOnce(&mut Offering)>) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let tick = move |id: &'static str,
                     label: Text,
                     get: fn(&Offering) -> bool,
                     put: fn(&mut Offering, bool)| {
        view! {
            <label class="choice">
                <input type="checkbox" id=id prop:checked=move || draft.with(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        change(Box::new(move |o| put(o, on)));
                    }/>
                <span>{i18n.t(label)}</span>
            </label>
        }
    };
    view! {
        {tick("online", Text::FieldOnline, |o| o.online, |o, on| o.online = on)}
        {tick("at_home", Text::FieldAtHome, |o| o.at_home, |o, on| o.at_home = on)}
    }
}

/// The person to ask for, shown to residents with the contact details.
#[component]
pub fn ContactPerson(
    checked: Checked,
    draft: RwSignal<Offering>,
    change: impl Fn(Box<dyn FnOnce(&mut Offering)>) + Copy + 'static,
) -> impl IntoView {
    view! {
        <TextField checked field="contact.name" label=Text::FieldContactName autocomplete="off"
            value=Signal::derive(move || draft.with(|o| o.contact.name.clone().unwrap_or_default()))
            set=move |v| change(Box::new(move |o| o.contact.name = optional(v)))/>
    }
}
