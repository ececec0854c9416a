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

/// The window property where the first screen's status lines (the finder's,
/// `crate::finder`) leave what they last said, by `testid`: the guide's line of
/// the same name starts from it, so a count the person heard before the guide
/// took over is not said again.
const SAID_BEFORE_GUIDE: &str = "wijkgidsSaid";

/// Says `text` (visually hidden) once it has not changed for [`SETTLE`].
#[component]
pub fn Announcer(
    #[prop(into)] text: Signal<String>,
    /// Names the region for tests, and for the handover from the first screen.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    // What was last said, here or (handed over) on the first screen; the region
    // itself starts empty, as what it holds when it appears is not news.
    let last = StoredValue::new(said_before_guide(testid).unwrap_or_default());
    let said = RwSignal::new(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let next = text.get();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let say = move || {
            // The same fact again is no news (and no change for a screen reader).
            if last.get_value() != next {
                last.set_value(next.clone());
                said.set(next);
            }
        };
        let handle = set_timeout_with_handle(say, SETTLE).ok();
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

/// What the first screen's line named `testid` last said, taken (once).
fn said_before_guide(testid: &str) -> Option<String> {
    let window = web_sys::window()?;
    let said = js_sys::Reflect::get(&window, &SAID_BEFORE_GUIDE.into()).ok()?;
    if said.is_undefined() {
        return None;
    }
    let text = js_sys::Reflect::get(&said, &testid.into())
        .ok()?
        .as_string();
    let _ = js_sys::Reflect::delete_property(&said.into(), &testid.into());
    text
}

/// Leaves `text` as what the line named `testid` last said, for the guide's.
pub fn leave_for_guide(testid: &str, text: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let said = js_sys::Reflect::get(&window, &SAID_BEFORE_GUIDE.into())
        .ok()
        .filter(|said| said.is_object())
        .unwrap_or_else(|| js_sys::Object::new().into());
    let _ = js_sys::Reflect::set(&said, &testid.into(), &text.into());
    let _ = js_sys::Reflect::set(&window, &SAID_BEFORE_GUIDE.into(), &said);
}
