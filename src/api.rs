//! HTTP to our own server (and no other host): JSON over `fetch`.

use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};
use wijkgids_core::wire::Health;

/// Why a request to the server did not give an answer we could use.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer at all: offline, or the server is down.
    #[error("no connection to the server")]
    Offline,
    #[error("server answered {status}")]
    Status { status: u16 },
    #[error("unexpected answer: {0}")]
    Decode(String),
}

/// `GET` a JSON document from a path on our own origin, e.g. `/api/v1/health`.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let init = RequestInit::new();
    init.set_method("GET");
    let request = Request::new_with_str_and_init(path, &init).map_err(|_| ApiError::Offline)?;
    request
        .headers()
        .set("Accept", "application/json")
        .map_err(|_| ApiError::Offline)?;
    let window = web_sys::window().ok_or(ApiError::Offline)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiError::Offline)?
        .unchecked_into();
    if !response.ok() {
        return Err(ApiError::Status {
            status: response.status(),
        });
    }
    let text = JsFuture::from(response.text().map_err(|_| ApiError::Offline)?)
        .await
        .map_err(|_| ApiError::Offline)?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&text).map_err(|err| ApiError::Decode(err.to_string()))
}

pub async fn health() -> Result<Health, ApiError> {
    get_json("/api/v1/health").await
}
