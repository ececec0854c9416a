//! HTTP to our own server (and no other host): JSON over `fetch`. The sync engine
//! reaches the server only through [`Transport`], so tests can put a fake server
//! in its place.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};
use wijkgids_core::wire::{
    self, Account, AccountDecision, AccountRequest, ChangesPage, Health, PushRequest, PushResponse,
    Session, SignIn,
};

/// Why a request to the server did not give an answer we could use.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer at all: offline, or the server is down.
    #[error("no connection to the server")]
    Offline,
    /// The server answered with an error; `answer` is its JSON explanation (a
    /// stable code, the field, a sentence), when it sent one.
    #[error("server answered {status}")]
    Status {
        status: u16,
        answer: Option<Box<wire::ApiError>>,
    },
    #[error("unexpected answer: {0}")]
    Decode(String),
}

/// The two sync endpoints (SYNC.md "Pull" and "Push").
pub trait Transport {
    /// `GET /api/v1/changes`: the page after `cursor` (from the start without one).
    fn pull(
        &self,
        cursor: Option<String>,
        limit: usize,
    ) -> impl Future<Output = Result<ChangesPage, ApiError>>;

    /// `POST /api/v1/mutations`.
    fn push(&self, request: &PushRequest) -> impl Future<Output = Result<PushResponse, ApiError>>;
}

/// The real server, on the origin the app came from.
#[derive(Debug, Clone, Default)]
pub struct Http {
    /// The session's bearer token once signed in; anonymous without one.
    token: Rc<RefCell<Option<String>>>,
}

impl Http {
    pub fn set_token(&self, token: Option<String>) {
        *self.token.borrow_mut() = token;
    }
}

impl Transport for Http {
    async fn pull(&self, cursor: Option<String>, limit: usize) -> Result<ChangesPage, ApiError> {
        let mut path = format!("/api/v1/changes?limit={limit}");
        if let Some(cursor) = cursor {
            path.push_str("&cursor=");
            path.push_str(&String::from(js_sys::encode_uri_component(&cursor)));
        }
        self.send("GET", &path, None).await
    }

    async fn push(&self, request: &PushRequest) -> Result<PushResponse, ApiError> {
        let body = serde_json::to_string(request).map_err(|e| ApiError::Decode(e.to_string()))?;
        self.send("POST", "/api/v1/mutations", Some(body)).await
    }
}

impl Http {
    async fn send<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        let token = self.token.borrow().clone();
        request(method, path, body, token.as_deref()).await
    }
}

/// Sends one request and reads a JSON answer.
async fn request<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
) -> Result<T, ApiError> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = &body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(path, &init).map_err(|_| ApiError::Offline)?;
    let headers = request.headers();
    let set = |name: &str, value: &str| headers.set(name, value).map_err(|_| ApiError::Offline);
    set("Accept", "application/json")?;
    if body.is_some() {
        set("Content-Type", "application/json")?;
    }
    if let Some(token) = token {
        set("Authorization", &format!("Bearer {token}"))?;
    }
    let window = web_sys::window().ok_or(ApiError::Offline)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiError::Offline)?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(|_| ApiError::Offline)?)
        .await
        .map_err(|_| ApiError::Offline)?
        .as_string()
        .unwrap_or_default();
    if !response.ok() {
        return Err(ApiError::Status {
            status: response.status(),
            answer: serde_json::from_str(&text).ok().map(Box::new),
        });
    }
    serde_json::from_str(&text).map_err(|err| ApiError::Decode(err.to_string()))
}

/// `POST /api/v1/session`: signs in, answering the session to keep.
pub async fn sign_in(details: &SignIn) -> Result<Session, ApiError> {
    let body = serde_json::to_string(details).map_err(|e| ApiError::Decode(e.to_string()))?;
    request("POST", "/api/v1/session", Some(body), None).await
}

/// `DELETE /api/v1/session`: ends the session on the server too.
pub async fn sign_out(token: &str) -> Result<(), ApiError> {
    let answer = request::<serde_json::Value>("DELETE", "/api/v1/session", None, Some(token)).await;
    match answer {
        // No JSON body is fine: the session is gone.
        Ok(_) | Err(ApiError::Decode(_)) => Ok(()),
        Err(err) => Err(err),
    }
}

/// `POST /api/v1/account-requests`: asks for a publisher account, which waits for
/// a coordinator's approval.
pub async fn request_account(details: &AccountRequest) -> Result<Account, ApiError> {
    let body = serde_json::to_string(details).map_err(|e| ApiError::Decode(e.to_string()))?;
    request("POST", "/api/v1/account-requests", Some(body), None).await
}

/// `GET /api/v1/accounts` (coordinators).
pub async fn accounts(token: &str) -> Result<Vec<Account>, ApiError> {
    request("GET", "/api/v1/accounts", None, Some(token)).await
}

/// `PATCH /api/v1/accounts/{id}` (coordinators): approve, reject, block.
pub async fn decide_account(
    token: &str,
    id: uuid::Uuid,
    decision: &AccountDecision,
) -> Result<Account, ApiError> {
    let body = serde_json::to_string(decision).map_err(|e| ApiError::Decode(e.to_string()))?;
    request(
        "PATCH",
        &format!("/api/v1/accounts/{id}"),
        Some(body),
        Some(token),
    )
    .await
}

/// `GET` a JSON document from a path on our own origin, e.g. `/api/v1/health`.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    request("GET", path, None, None).await
}

pub async fn health() -> Result<Health, ApiError> {
    get_json("/api/v1/health").await
}
