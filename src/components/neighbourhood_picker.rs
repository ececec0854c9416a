//! The neighbourhood of an offering's place, chosen from the neighbourhoods the
//! guide knows (`core::neighbourhoods`), so the offering turns up under that area's
//! filter chip; "Een andere buurt…" opens a field for a name not in the list, which
//! takes a known name's spelling when it is one.

use leptos::prelude::*;
use wijkgids_core::neighbourhoods::{known_neighbourhoods, neighbourhood_name};
use wijkgids_core::search::fold;

use crate::components::form::{Checked, message_view};
use crate::guide::use_guide;
use crate::i18n::{Text, use_i18n};

const FIELD: &str = "location.neighbourhood";
/// The option that opens the field for another name (no neighbourhood is called so).
const OTHER: &str = "\u{1}other";

#[component]
pub fn NeighbourhoodPicker(
    checked: Checked,
    #[prop(into)] value: Signal<String>,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    // Kept in the arena: the field for another name comes and goes in a reactive
    // view, which must be `Send`.
    let setter = StoredValue::new_local(set);
    let set = move |name: String| setter.with_value(|set| set(name));
    let mut names: Vec<String> = guide.with_offerings(|offerings| {
        offerings
            .filter_map(|o| o.location.as_ref())
            .map(|l| l.neighbourhood.clone())
            .collect()
    });
    names.extend(
        guide
            .professionals()
            .into_iter()
            .flat_map(|p| p.neighbourhoods),
    );
    let known = StoredValue::new(known_neighbourhoods(names.iter().map(String::as_str)));
    // A name the list does not have is shown in the field for another name.
    let start = value.get_untracked();
    let is_known = |name: &str| known.with_value(|k| k.iter().any(|n| fold(n) == fold(name)));
    let other = RwSignal::new(!start.trim().is_empty() && !is_known(&start));
    let typed = RwSignal::new(if other.get_untracked() {
        start
    } else {
        String::new()
    });
    let selected = move |name: &str| {
        !other.get() && value.with(|v| !v.trim().is_empty() && fold(v) == fold(name))
    };
    let on_pick = move |ev| {
        checked.touch(FIELD);
        match event_target_value(&ev).as_str() {
            OTHER => {
                other.set(true);
                known.with_value(|k| set(neighbourhood_name(&typed.get_untracked(), k)));
            }
            name => {
                other.set(false);
                set(name.to_string());
            }
        }
    };
    let other_field = move || {
        other.get().then(|| {
            view! {
                <p class="field">
                    <label for="neighbourhood-other">{i18n.t(Text::FieldNeighbourhoodName)}</label>
                    <input id="neighbourhood-other" type="text" autocomplete="off"
                        aria-describedby=format!("{FIELD}-error")
                        prop:value=move || typed.get()
                        on:input=move |ev| {
                            checked.touch(FIELD);
                            let text = event_target_value(&ev);
                            known.with_value(|k| set(neighbourhood_name(&text, k)));
                            typed.set(text);
                        }/>
                </p>
            }
        })
    };
    view! {
        <p class="field">
            <label for=FIELD>{i18n.t(Text::FilterAreas)}</label>
            <select id=FIELD name=FIELD aria-describedby=format!("{FIELD}-error") on:change=on_pick>
                <option value="" prop:selected=move || !other.get() && value.with(|v| v.trim().is_empty())>
                    {i18n.t(Text::NeighbourhoodNone)}
                </option>
                {known.get_value().into_iter().map(|name| {
                    let shown = name.clone();
                    view! { <option value=name.clone() prop:selected=move || selected(&name)>{shown}</option> }
                }).collect_view()}
                <option value=OTHER prop:selected=move || other.get()>{i18n.t(Text::NeighbourhoodOther)}</option>
            </select>
        </p>
        {other_field}
        {message_view(checked, FIELD)}
    }
}
