//! "Wat kost het?" in the offering form: free, an amount per time, month, course
//! or year, or paid for by someone else (municipality, insurance), and a note. The
//! amount keeps what was typed until it reads as euro (`core::money`), so "5,5"
//! can become "5,50" without the field rewriting itself.

use leptos::prelude::*;
use wijkgids_core::model::Cost;
use wijkgids_core::money::{edit_euros, parse_euros};
use wijkgids_core::vocab::{CostUnit, CoveredBy};

use crate::components::form::{Checked, Pick, TextField};
use crate::i18n::{Text, use_i18n};

/// Which of the three the person chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Free,
    Paid,
    Covered,
}

/// A setter that keeps the value in `signal` and then hands the whole cost on.
fn keep<T: Send + Sync + 'static>(signal: RwSignal<T>, publish: impl Fn()) -> impl Fn(T) {
    move |value| {
        signal.set(value);
        publish();
    }
}

#[component]
pub fn CostEditor(
    checked: Checked,
    /// The cost as the form opened it.
    initial: Cost,
    set: impl Fn(Cost) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    // What each choice last held, so switching back and forth loses nothing.
    let (kind, amount, unit, by) = match &initial {
        Cost::Free => (
            Kind::Free,
            String::new(),
            CostUnit::PerSession,
            CoveredBy::Municipality,
        ),
        Cost::Paid { amount_cents, unit } => (
            Kind::Paid,
            edit_euros(*amount_cents, i18n.lang()),
            *unit,
            CoveredBy::Municipality,
        ),
        Cost::Covered { by } => (Kind::Covered, String::new(), CostUnit::PerSession, *by),
    };
    let (kind, amount, unit, by) = (
        RwSignal::new(kind),
        RwSignal::new(amount),
        RwSignal::new(unit),
        RwSignal::new(by),
    );
    let publish = move || {
        let cost = match kind.get_untracked() {
            Kind::Free => Cost::Free,
            Kind::Paid => Cost::Paid {
                // Not understood yet: 0, which the validator names at the field.
                amount_cents: amount.with_untracked(|a| parse_euros(a)).unwrap_or(0),
                unit: unit.get_untracked(),
            },
            Kind::Covered => Cost::Covered {
                by: by.get_untracked(),
            },
        };
        set(cost);
    };
    let choice = {
        let publish = publish.clone();
        move |value: Kind, text: Text, testid: &'static str| {
            let publish = publish.clone();
            view! {
                <label class="choice">
                    <input type="radio" name="cost_kind" data-testid=testid
                        prop:checked=move || kind.get() == value
                        on:change=move |_| {
                            kind.set(value);
                            publish();
                        }/>
                    <span>{i18n.t(text)}</span>
                </label>
            }
        }
    };
    let details = {
        let publish = publish.clone();
        move || {
            let publish = publish.clone();
            match kind.get() {
                Kind::Free => None,
                Kind::Paid => Some(
                    view! {
                        <TextField checked field="cost.amount_cents" label=Text::FieldAmount
                            help=Text::FieldAmountHelp value=amount
                            set=keep(amount, publish.clone())/>
                        <Pick field="cost.unit" label=Text::FieldCostUnit value=unit
                            set=keep(unit, publish)/>
                    }
                    .into_any(),
                ),
                Kind::Covered => Some(
                    view! {
                        <Pick field="cost.by" label=Text::FieldCoveredBy value=by
                            set=keep(by, publish)/>
                    }
                    .into_any(),
                ),
            }
        }
    };
    view! {
        <fieldset class="choices" id="cost">
            <legend>{i18n.t(Text::CostHeading)}</legend>
            {choice(Kind::Free, Text::Free, "cost-free")}
            {choice(Kind::Paid, Text::CostPaid, "cost-paid")}
            {choice(Kind::Covered, Text::CostCovered, "cost-covered")}
            {details}
        </fieldset>
    }
}
