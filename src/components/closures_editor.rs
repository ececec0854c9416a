//! "Dagen dat het niet doorgaat": a publisher's closures (one day, or several in a
//! row, with a note residents see), turned into the offering's closed exceptions by
//! `core::closures`, with each input's problem under it. Exceptions the editor does
//! not show (other times on a day, closures already over) are kept as they are.
//! `valid` is false while a closure has a problem, so the form does not save
//! without it.

use std::collections::HashSet;

use leptos::prelude::*;
use wijkgids_core::Offering;
use wijkgids_core::closures::{
    Closure, ClosureForm, FIELD_FIRST, FIELD_LAST, FIELD_NOTE, closure_forms, to_closures,
    with_closures,
};
use wijkgids_core::schedule::TIME_ZONE;
use wijkgids_core::validate::Problem;

use crate::components::browser::now;
use crate::components::form::{Checked, message_view};
use crate::i18n::{Text, use_i18n};

#[component]
pub fn ClosuresEditor(
    checked: Checked,
    draft: RwSignal<Offering>,
    change: impl Fn(Box<dyn FnOnce(&mut Offering)>) + Copy + 'static,
    valid: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let today = now().with_timezone(&TIME_ZONE).date_naive();
    let (kept, forms) = draft.with_untracked(|o| closure_forms(&o.exceptions, today));
    let kept = StoredValue::new(kept);
    // Each form under a key of its own, so removing one leaves the others' inputs be.
    let next_key = StoredValue::new(forms.len());
    let forms = RwSignal::new(forms.into_iter().enumerate().collect::<Vec<_>>());
    let touched = RwSignal::new(HashSet::<usize>::new());
    let results = Memo::new(move |_| {
        forms.with(|f| {
            let plain: Vec<ClosureForm> = f.iter().map(|(_, form)| form.clone()).collect();
            kept.with_value(|k| to_closures(&plain, k, today))
        })
    });
    Effect::new(move |_| valid.set(results.with(|r| r.iter().all(Result::is_ok))));
    // Only changes are handed on: opening the form changes nothing.
    Effect::watch(
        move || results.get(),
        move |results, _, _| {
            let closures: Vec<Closure> = results.iter().filter_map(|r| r.clone().ok()).collect();
            let exceptions = kept.with_value(|k| with_closures(k, &closures));
            if draft.with_untracked(|o| o.exceptions != exceptions) {
                change(Box::new(move |o| o.exceptions = exceptions));
            }
        },
        false,
    );
    let position = move |key: usize| forms.with(|f| f.iter().position(|(k, _)| *k == key));
    let edit = move |key: usize, put: fn(&mut ClosureForm, String), value: String| {
        touched.update(|t| {
            t.insert(key);
        });
        forms.update(|f| {
            if let Some((_, form)) = f.iter_mut().find(|(k, _)| *k == key) {
                put(form, value);
            }
        });
    };
    let problem = move |key: usize, field: &'static str| {
        if !checked.tried() && !touched.with(|t| t.contains(&key)) {
            return None;
        }
        let at = position(key)?;
        results.with(|r| match r.get(at) {
            Some(Err(problems)) => problems
                .iter()
                .find(|p: &&Problem| p.field == field)
                .map(|p| p.text(i18n.lang())),
            _ => None,
        })
    };
    let input = move |key: usize,
                      field: &'static str,
                      label: Text,
                      kind: &'static str,
                      get: fn(&ClosureForm) -> String,
                      put: fn(&mut ClosureForm, String)| {
        let id = format!("c{key}-{field}");
        let error = format!("{id}-error");
        view! {
            <p class="field">
                <label for=id.clone()>{i18n.t(label)}</label>
                <input id=id type=kind aria-describedby=error.clone()
                    aria-invalid=move || problem(key, field).is_some().to_string()
                    prop:value=move || forms.with(|f| f.iter().find(|(k, _)| *k == key).map(|(_, form)| get(form)).unwrap_or_default())
                    on:input=move |ev| edit(key, put, event_target_value(&ev))/>
                <span class="error" id=error>{move || problem(key, field)}</span>
            </p>
        }
    };
    let one = move |key: usize| {
        view! {
            <fieldset class="choices closure" data-testid="closure">
                <legend>{move || i18n.fill(Text::ClosureNumber, &[&(position(key).unwrap_or(0) + 1)])}</legend>
                {input(key, FIELD_FIRST, Text::ClosureFirst, "date", |f| f.first.clone(), |f, v| f.first = v)}
                {input(key, FIELD_LAST, Text::ClosureLast, "date", |f| f.last.clone(), |f, v| f.last = v)}
                {input(key, FIELD_NOTE, Text::ClosureNote, "text", |f| f.note.clone(), |f, v| f.note = v)}
                <button type="button" class="button button-secondary" data-testid="remove-closure"
                    on:click=move |_| forms.update(|f| f.retain(|(k, _)| *k != key))>
                    {i18n.t(Text::ClosureRemove)}
                </button>
            </fieldset>
        }
    };
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        forms.update(|f| f.push((key, ClosureForm::default())));
        crate::components::browser::focus_soon(format!("c{key}-{FIELD_FIRST}"));
    };
    view! {
        <section class="closures" id="exceptions" aria-labelledby="closures-heading">
            <h3 id="closures-heading">{i18n.t(Text::ClosuresHeading)}</h3>
            <p class="field-help">{i18n.t(Text::ClosuresHelp)}</p>
            <For each=move || forms.with(|f| f.iter().map(|(k, _)| *k).collect::<Vec<_>>())
                key=|key| *key children=one/>
            {message_view(checked, "exceptions")}
            <button type="button" class="button button-secondary" data-testid="add-closure" on:click=add>
                {i18n.t(Text::ClosureAdd)}
            </button>
        </section>
    }
}
