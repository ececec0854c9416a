//! What is typed before the guide runs, in headless Chromium: the text cursor is
//! put back where it was after the box is drawn anew, unless a key came in the
//! meantime (then the next key must follow that one).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use wijkgids::typed::{Caret, put_caret_back};

wasm_bindgen_test_configure!(run_in_browser);

/// A focused search box holding `value`, with the cursor at its end.
fn search_box(value: &str) -> web_sys::HtmlInputElement {
    let document = web_sys::window().unwrap().document().unwrap();
    if let Some(old) = document.get_element_by_id("q") {
        old.remove();
    }
    let input: web_sys::HtmlInputElement = document
        .create_element("input")
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_id("q");
    document.body().unwrap().append_child(&input).unwrap();
    input.set_value(value);
    input.focus().unwrap();
    input
}

/// After the next frame has been drawn.
async fn after_next_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        let after = Closure::once_into_js(move || {
            let _ = web_sys::window()
                .unwrap()
                .set_timeout_with_callback(resolve.unchecked_ref());
        });
        let _ = web_sys::window()
            .unwrap()
            .request_animation_frame(after.unchecked_ref());
    });
    wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
}

fn caret(start: u32, text: &str) -> Option<Caret> {
    Some(Caret {
        start,
        end: start,
        text: text.to_string(),
    })
}

#[wasm_bindgen_test]
async fn the_cursor_goes_back_to_the_slip_being_mended() {
    let input = search_box("wamdel");
    put_caret_back(caret(3, "wamdel"));
    after_next_frame().await;
    assert_eq!(input.selection_start().unwrap(), Some(3));
}

#[wasm_bindgen_test]
async fn a_key_typed_while_the_box_was_drawn_keeps_the_cursor_after_it() {
    // "samen wandelen in het mo" when the box was drawn anew, and an "o" came
    // before the cursor was put back.
    let input = search_box("samen wandelen in het moo");
    put_caret_back(caret(24, "samen wandelen in het mo"));
    after_next_frame().await;
    assert_eq!(input.selection_start().unwrap(), Some(25));
}
