//! A status line for screen readers that says a changing fact once it has
//! settled: typing "wandelen" changes the count with every letter, and a screen
//! reader that read each one would still be talking long after the typing ended.
//! The region exists before it is filled (a live region added with its text is
//! not read out).

use std::time::Duration;

use leptos::prelude::*;

/// How long `text` must stay the same before it is said: longer than the pause
/// between two keys of someone typing slowly (a walkthrough typing at 0.6 s a key
/// heard a count per letter at 600 ms).
pub const SETTLE: Duration = Duration::from_millis(1000);

/// Says `text` (visually hidden) once it has not changed for [`SETTLE`].
#[component]
pub fn Announcer(
    #[prop(into)] text: Signal<String>,
    /// Names the region for tests.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    let said = RwSignal::new(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let next = text.get();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || said.set(next), SETTLE).ok();
        pending.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
    });
    view! {
        <p class="visually-hidden" role="status" data-testid=(!testid.is_empty()).then_some(testid)>
            {move || said.get()}
        </p>
    }
}
