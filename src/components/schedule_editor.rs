//! The publisher's schedule editor: each time an offering happens as plain inputs
//! (weekly on some days, or monthly "first Saturday"), turned into the model's
//! schedules by `core::schedule_form`, with its problems under the inputs (once
//! they were touched, or a save was tried) and a sentence saying what it means.
//! An unfinished time (no day chosen yet) is kept in a draft as far as it goes;
//! publishing needs it finished. Schedules the form cannot express are kept as
//! they are and shown as text.

use std::collections::HashSet;

use chrono::Weekday;
use leptos::prelude::*;
use wijkgids_core::schedule::{Schedule, describe};
use wijkgids_core::schedule_form::{
    FIELD_CLOSES_AT, FIELD_DAYS, FIELD_OPENS_AT, FIELD_POSITIONS, FIELD_REPEAT, FIELD_VALID_FROM,
    FIELD_VALID_TO, POSITIONS, Repeat, ScheduleForm, day_name, describe_form, from_schedule,
    position_name, to_schedule, unfinished_schedule, week,
};
use wijkgids_core::validate::Problem;

use crate::components::form::set_member;
use crate::i18n::{Text, use_i18n};

/// The schedules being edited, unfinished ones included; `valid` is false while a
/// form has a value that cannot be kept at all (an unreadable time). `tried`: a
/// save was tried, so every problem shows.
#[component]
pub fn ScheduleEditor(
    initial: Vec<Schedule>,
    set: impl Fn(Vec<Schedule>) + Copy + 'static,
    valid: RwSignal<bool>,
    #[prop(into)] tried: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (forms, fixed): (Vec<_>, Vec<_>) = initial
        .into_iter()
        .partition(|s| from_schedule(s).is_some());
    let forms = RwSignal::new(forms.iter().filter_map(from_schedule).collect::<Vec<_>>());
    let fixed = StoredValue::new(fixed);
    // Which of each form's fields the person changed: (form, field).
    let touched = RwSignal::new(HashSet::<(usize, &'static str)>::new());
    let touch = move |i: usize, field: &'static str| {
        touched.update(|t| {
            t.insert((i, field));
        })
    };
    // Each form's problems, and the schedules as far as they are filled in.
    let results = Memo::new(move |_| forms.with(|f| f.iter().map(to_schedule).collect::<Vec<_>>()));
    Effect::new(move |_| {
        let unfinished = forms.with(|f| f.iter().map(unfinished_schedule).collect::<Vec<_>>());
        valid.set(unfinished.iter().all(Option::is_some));
        let mut schedules = fixed.get_value();
        schedules.extend(unfinished.into_iter().flatten());
        set(schedules);
    });
    let edit = move |i: usize, field: &'static str, f: Box<dyn FnOnce(&mut ScheduleForm)>| {
        touch(i, field);
        forms.update(|forms| {
            if let Some(form) = forms.get_mut(i) {
                f(form);
            }
        })
    };
    let remove = move |i: usize| {
        forms.update(|f| {
            f.remove(i);
        });
        // The forms after it moved up one.
        touched.update(|t| {
            *t = t
                .iter()
                .filter(|(j, _)| *j != i)
                .map(|&(j, field)| (if j > i { j - 1 } else { j }, field))
                .collect();
        });
    };
    let problem = move |i: usize, field: &'static str| {
        if !tried.get() && !touched.with(|t| t.contains(&(i, field))) {
            return None;
        }
        results.with(|r| match r.get(i) {
            Some(Err(problems)) => problems
                .iter()
                .find(|p: &&Problem| p.field == field)
                .map(|p| p.text(i18n.lang())),
            _ => None,
        })
    };
    let message = move |i: usize, field: &'static str| {
        view! { <span class="error" id=format!("s{i}-{field}-error")>{move || problem(i, field)}</span> }
    };
    let time_input = move |i: usize,
                           field: &'static str,
                           label: Text,
                           get: fn(&ScheduleForm) -> String,
                           put: fn(&mut ScheduleForm, String),
                           kind: &'static str| {
        let id = format!("s{i}-{field}");
        view! {
            <p class="field">
                <label for=id.clone()>{i18n.t(label)}</label>
                <input id=id type=kind aria-describedby=format!("s{i}-{field}-error")
                    aria-invalid=move || problem(i, field).is_some().to_string()
                    prop:value=move || forms.with(|f| f.get(i).map(get).unwrap_or_default())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        edit(i, field, Box::new(move |form| put(form, value)));
                    }/>
                {message(i, field)}
            </p>
        }
    };
    let one = move |i: usize| {
        let monthly = move || {
            forms.with(|f| {
                f.get(i)
                    .is_some_and(|f| f.repeat == Repeat::MonthlyByPosition)
            })
        };
        // A tick box that puts `item` in or out of one of the form's lists.
        fn tick<T: Copy + PartialEq + Send + Sync + 'static>(
            forms: RwSignal<Vec<ScheduleForm>>,
            touched: RwSignal<HashSet<(usize, &'static str)>>,
            (i, field): (usize, &'static str),
            item: T,
            name: String,
            list: fn(&mut ScheduleForm) -> &mut Vec<T>,
        ) -> impl IntoView {
            let on = move || {
                forms.with(|f| {
                    f.get(i)
                        .cloned()
                        .is_some_and(|mut f| list(&mut f).contains(&item))
                })
            };
            view! {
                <label class="choice">
                    <input type="checkbox" prop:checked=on on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        touched.update(|t| { t.insert((i, field)); });
                        forms.update(|f| if let Some(form) = f.get_mut(i) { set_member(list(form), item, on) });
                    }/>
                    <span>{name}</span>
                </label>
            }
        }
        let day = move |d: Weekday| {
            tick(
                forms,
                touched,
                (i, FIELD_DAYS),
                d,
                day_name(d, i18n.lang()).to_string(),
                |f| &mut f.days,
            )
        };
        let position = move |p: i8| {
            tick(
                forms,
                touched,
                (i, FIELD_POSITIONS),
                p,
                position_name(p, i18n.lang()),
                |f| &mut f.positions,
            )
        };
        view! {
            <fieldset class="choices schedule" data-testid="schedule">
                <legend>{i18n.fill(Text::ScheduleNumber, &[&(i + 1)])}</legend>
                <label class="choice">
                    <input type="checkbox" prop:checked=monthly on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit(i, FIELD_REPEAT, Box::new(move |f| f.repeat = if on { Repeat::MonthlyByPosition } else { Repeat::Weekly }));
                    }/>
                    <span>{i18n.t(Text::ScheduleMonthly)}</span>
                </label>
                {move || monthly().then(|| view! {
                    <div>{POSITIONS.into_iter().map(position).collect_view()}{message(i, FIELD_POSITIONS)}</div>
                })}
                <div>{week().map(day).collect_view()}{message(i, FIELD_DAYS)}</div>
                {time_input(i, FIELD_OPENS_AT, Text::ScheduleFrom, |f| f.opens_at.clone(), |f, v| f.opens_at = v, "time")}
                {time_input(i, FIELD_CLOSES_AT, Text::ScheduleUntil, |f| f.closes_at.clone(), |f, v| f.closes_at = v, "time")}
                {time_input(i, FIELD_VALID_FROM, Text::ScheduleStarts, |f| f.valid_from.clone(), |f, v| f.valid_from = v, "date")}
                {time_input(i, FIELD_VALID_TO, Text::ScheduleEnds, |f| f.valid_to.clone(), |f, v| f.valid_to = v, "date")}
                <p class="field-help" data-testid="schedule-says">
                    {move || forms.with(|f| f.get(i).and_then(|f| describe_form(f, i18n.lang())))}
                </p>
                <button type="button" class="button button-secondary" data-testid="remove-schedule"
                    on:click=move |_| remove(i)>
                    {i18n.t(Text::ScheduleRemove)}
                </button>
            </fieldset>
        }
    };
    view! {
        <ul>{move || fixed.with_value(|f| f.iter().map(|s| view! { <li>{describe(s, i18n.lang())}</li> }).collect_view())}</ul>
        {move || (0..forms.with(Vec::len)).map(one).collect_view()}
        <button type="button" class="button" data-testid="add-schedule"
            on:click=move |_| forms.update(|f| f.push(ScheduleForm::default()))>
            {i18n.t(Text::ScheduleAdd)}
        </button>
    }
}
