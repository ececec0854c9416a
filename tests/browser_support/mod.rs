//! Helpers shared by the browser tests.

use serde_json::{Value, json};
use uuid::Uuid;
use wijkgids_core::sample::sample_offering;

/// The core's sample offering as JSON, under another id, title and version.
pub fn offering(id: Uuid, title: &str, version: u64) -> Value {
    let mut value = serde_json::to_value(sample_offering()).unwrap();
    value["id"] = json!(id);
    value["title"] = json!(title);
    value["version"] = json!(version);
    value
}

/// Waits `ms` milliseconds on the browser's timer: long enough for IndexedDB's
/// answers, which a yield (`scheduler.yield`, ahead of other tasks) may not be.
#[allow(dead_code)]
pub async fn pause(ms: i32) {
    use wasm_bindgen::JsCast;
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms);
    });
    wasm_bindgen_futures::JsFuture::from(timer)
        .await
        .expect("a timer");
}
