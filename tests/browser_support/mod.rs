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
