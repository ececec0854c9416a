//! Form fields for editing records: a label above each input, and the core
//! validator's message for that field under it, in the person's language, as soon
//! as they have touched it (or tried to save).

use std::collections::HashSet;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wijkgids_core::validate::Problem;
use wijkgids_core::vocab::Vocabulary;

use crate::i18n::{Text, use_i18n};

/// Puts `item` in `list` (once) or takes it out: what a tick box does to a list.
pub fn set_member<T: PartialEq>(list: &mut Vec<T>, item: T, on: bool) {
    list.retain(|t| *t != item);
    if on {
        list.push(item);
    }
}

/// The problems of the record being edited, and which fields to show them for.
#[derive(Clone, Copy)]
pub struct Checked {
    problems: Signal<Vec<Problem>>,
    touched: RwSignal<HashSet<&'static str>>,
    /// A save was tried: show every problem.
    tried: RwSignal<bool>,
}

impl Checked {
    pub fn new(problems: Signal<Vec<Problem>>) -> Checked {
        Checked {
            problems,
            touched: RwSignal::new(HashSet::new()),
            tried: RwSignal::new(false),
        }
    }

    pub fn touch(self, field: &'static str) {
        self.touched.update(|t| {
            t.insert(field);
        });
    }

    /// Whether a save was tried, so every problem shows (tracked): for editors
    /// that check parts of their own.
    pub fn tried(self) -> bool {
        self.tried.get()
    }

    /// Shows every problem; true when there are none. Otherwise the focus goes to
    /// the first field with a problem, so the person lands on what to fix.
    pub fn try_save(self) -> bool {
        self.show_all();
        let fields: Vec<String> = self
            .problems
            .with_untracked(|problems| problems.iter().map(|p| p.field.clone()).collect());
        let ok = fields.is_empty();
        if !ok {
            focus_first_problem(fields);
        }
        ok
    }

    /// Shows every problem from now on, touched or not (a save was tried).
    pub fn show_all(self) {
        self.tried.set(true);
    }

    /// The message for `field` (`nested`: or a field inside it), when it should show.
    fn message(self, field: &'static str, nested: bool) -> Option<String> {
        let lang = use_i18n().lang();
        if !self.tried.get() && !self.touched.with(|t| t.contains(field)) {
            return None;
        }
        self.problems.with(|problems| {
            problems
                .iter()
                .find(|p| {
                    p.field == field
                        || nested
                            && (p.field.starts_with(&format!("{field}."))
                                || p.field.starts_with(&format!("{field}[")))
                })
                .map(|p| p.text(lang))
        })
    }
}

/// The message line under a field, also for the fields inside it; `id` ties it to
/// the input for screen readers.
pub fn message_view(checked: Checked, field: &'static str) -> impl IntoView {
    message_line(checked, field, true)
}

/// The message line for `field` itself, where the fields inside it show their own
/// (a list of times, each with its messages).
pub fn own_message_view(checked: Checked, field: &'static str) -> impl IntoView {
    message_line(checked, field, false)
}

fn message_line(checked: Checked, field: &'static str, nested: bool) -> impl IntoView {
    view! {
        <span id=format!("{field}-error") class="error" data-testid=format!("{field}-error")>
            {move || checked.message(field, nested)}
        </span>
    }
}

/// The element that stands for the problem at `field` (a path such as
/// "contact.email" or "schedules[0].byday"): the element with that id, or else
/// with the id of the nearest field around it.
fn element_for(field: &str) -> Option<web_sys::Element> {
    let document = document();
    let mut path = field;
    loop {
        if let Some(element) = document.get_element_by_id(path) {
            return Some(element);
        }
        let cut = path.rfind(['.', '['])?;
        path = &path[..cut];
    }
}

/// Moves the focus to the control for `field` (the first control inside a group
/// of tick boxes); false when the form shows none.
pub fn focus_field(field: &str) -> bool {
    let Some(element) = element_for(field) else {
        return false;
    };
    let control = if element
        .matches("input, select, textarea, button")
        .unwrap_or(false)
    {
        Some(element)
    } else {
        element
            .query_selector("input, select, textarea, button")
            .ok()
            .flatten()
    };
    control
        .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|c| c.focus().is_ok())
}

/// Moves the focus to whichever of `fields` comes first on the page, once the
/// messages a failed save shows are drawn: the person starts where the first thing
/// to fix is.
pub fn focus_first_problem(fields: Vec<String>) {
    request_animation_frame(move || {
        let first = fields
            .iter()
            .filter_map(|f| element_for(f).map(|e| (f, e)))
            .reduce(|first, next| {
                // DOCUMENT_POSITION_PRECEDING: `next` comes before `first`.
                if first.1.compare_document_position(&next.1) & 2 != 0 {
                    next
                } else {
                    first
                }
            });
        if let Some((field, _)) = first {
            focus_field(field);
        }
    });
}

/// A one-line (or, `lines`, multi-line) text field for `field`.
#[component]
pub fn TextField(
    checked: Checked,
    field: &'static str,
    label: Text,
    #[prop(into)] value: Signal<String>,
    set: impl Fn(String) + 'static,
    #[prop(optional)] help: Option<Text>,
    #[prop(optional)] lines: bool,
    #[prop(default = "text")] kind: &'static str,
    /// What the browser may fill in (WCAG 1.3.5): "name", "email", "new-password".
    #[prop(optional)]
    autocomplete: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let invalid = move || checked.message(field, true).is_some().to_string();
    // The help text and the message, read with the field.
    let described = match help {
        Some(_) => format!("{field}-help {field}-error"),
        None => format!("{field}-error"),
    };
    let on_input = move |ev| {
        checked.touch(field);
        set(event_target_value(&ev));
    };
    let input = if lines {
        view! {
            <textarea id=field name=field aria-invalid=invalid aria-describedby=described.clone()
                prop:value=value on:input=on_input></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=field name=field type=kind aria-invalid=invalid aria-describedby=described.clone()
                autocomplete=autocomplete prop:value=value on:input=on_input/>
        }
        .into_any()
    };
    view! {
        <p class="field">
            <label for=field>{i18n.t(label)}</label>
            {help.map(|help| view! { <span class="field-help" id=format!("{field}-help")>{i18n.t(help)}</span> })}
            {input}
            {message_view(checked, field)}
        </p>
    }
}

/// Tick boxes for a vocabulary (themes, dimensions, ...).
#[component]
pub fn Choices<V: Vocabulary + PartialEq + Send + Sync>(
    checked: Checked,
    field: &'static str,
    label: Text,
    #[prop(into)] chosen: Signal<Vec<V>>,
    set: impl Fn(V, bool) + Copy + 'static,
    /// A line that says what the choices mean, read with the group.
    #[prop(optional)]
    help: Option<Text>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choice = move |term: V| {
        let on = move || chosen.with(|c| c.contains(&term));
        view! {
            <label class="choice">
                <input type="checkbox" name=field value=term.code() prop:checked=on
                    on:change=move |ev| {
                        checked.touch(field);
                        set(term, event_target_checked(&ev));
                    }/>
                <span>{i18n.label(term)}</span>
            </label>
        }
    };
    view! {
        <fieldset class="choices" id=field aria-describedby=match help {
            Some(_) => format!("{field}-help {field}-error"),
            None => format!("{field}-error"),
        }>
            <legend>{i18n.t(label)}</legend>
            {help.map(|help| view! { <p class="field-help" id=format!("{field}-help")>{i18n.t(help)}</p> })}
            // Above the choices: seen where the focus lands after a failed save.
            {message_view(checked, field)}
            {V::ALL.iter().copied().map(choice).collect_view()}
        </fieldset>
    }
}

/// One of a vocabulary, as a drop-down list.
#[component]
pub fn Pick<V: Vocabulary + PartialEq + Send + Sync>(
    field: &'static str,
    label: Text,
    #[prop(into)] value: Signal<V>,
    set: impl Fn(V) + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="field">
            <label for=field>{i18n.t(label)}</label>
            <select id=field name=field on:change=move |ev| {
                if let Some(term) = V::from_code(&event_target_value(&ev)) {
                    set(term);
                }
            }>
                {V::ALL.iter().copied().map(|term| view! {
                    <option value=term.code() prop:selected=move || value.get() == term>{i18n.label(term)}</option>
                }).collect_view()}
            </select>
        </p>
    }
}
