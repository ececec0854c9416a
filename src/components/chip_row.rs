//! One row of chips that scrolls sideways on a phone, with a cue that there is
//! more: the edge that has more chips behind it fades out under a "›" (or "‹"),
//! and goes when the row is scrolled to that end. A thin scrollbar shows too,
//! where the browser draws one. Without overflow (a wide screen, few chips) there
//! is no cue.

use leptos::prelude::*;

/// The chips in `children`, in a row that says when it scrolls. `changes`: read
/// when the chips may have changed (their counts, which chips), to look again.
#[component]
pub fn ChipRow(#[prop(into)] changes: Signal<()>, children: Children) -> impl IntoView {
    let scroller = NodeRef::<leptos::html::Div>::new();
    let before = RwSignal::new(false);
    let after = RwSignal::new(false);
    let measure = move || {
        if let Some(row) = scroller.get_untracked() {
            let left = row.scroll_left();
            let hidden = row.scroll_width() - row.client_width();
            // Within a pixel counts as the end (sub-pixel widths at large text).
            before.set(left > 1);
            after.set(hidden - left > 1);
        }
    };
    Effect::new(move |_| {
        changes.track();
        request_animation_frame(measure);
    });
    let resized = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resized.remove());
    view! {
        <div class="chip-row" class:more-before=before class:more-after=after>
            <div class="chip-scroller" node_ref=scroller on:scroll=move |_| measure()>
                {children()}
            </div>
        </div>
    }
}
