//! HTTP to our own server (and no other host): JSON over `fetch`. The sync engine
//! reaches the server only through [`Transport`], so tests can put a fake server
//! in its place.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use crate::store::RawPage;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader, Request, RequestInit, Response};
use wijkgids_core::wire::{
    self, Account, AccountDecision, AccountRequest, Health, HsdsImport, HsdsImportReport,
    PasswordReset, PushRequest, PushResponse, ResetLink, ResetLinkFor, ResetToken, Session, SignIn,
};

/// Why a request to the server did not give an answer we could use.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer at all: offline, the server is down, or the connection stalled
    /// (no sign of life within [`SILENCE_MS`]).
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
    ) -> impl Future<Output = Result<RawPage, ApiError>>;

    /// `POST /api/v1/mutations`.
    fn push(&self, request: &PushRequest) -> impl Future<Output = Result<PushResponse, ApiError>>;

    /// [`Transport::pull`], answered as soon as the server has named the next page
    /// (see [`OpenedPull`]). Without a way to see it earlier, once the page is read.
    fn open_pull(
        &self,
        cursor: Option<String>,
        limit: usize,
    ) -> impl Future<Output = Result<OpenedPull, ApiError>> {
        async move { Ok(OpenedPull::read(self.pull(cursor, limit).await?)) }
    }
}

/// A pull page whose answer has begun: the cursor to ask from next (when there is
/// more), and the page itself, still to be read. The sync engine asks for the next
/// page while it reads and stores this one, so the server makes it meanwhile.
pub struct OpenedPull {
    pub next: Option<String>,
    pub page: Pin<Box<dyn Future<Output = Result<RawPage, ApiError>>>>,
}

impl OpenedPull {
    /// A page already read.
    fn read(page: RawPage) -> OpenedPull {
        OpenedPull {
            next: page.has_more.then(|| page.cursor.clone()),
            page: Box::pin(std::future::ready(Ok(page))),
        }
    }
}

/// The real server, on the origin the app came from.
#[derive(Debug, Clone, Default)]
pub struct Http {
    /// The session's bearer token once signed in; anonymous without one.
    token: Rc<RefCell<Option<String>>>,
    /// Requests under way, to end when the token changes.
    in_flight: InFlight,
}

impl Http {
    /// Later requests carry `token`. Requests under way carried the old one and
    /// their answers belong to the old role: they are ended, so the new role's sync
    /// does not wait behind one that is slow or stalled.
    pub fn set_token(&self, token: Option<String>) {
        *self.token.borrow_mut() = token;
        for controller in self.in_flight.borrow_mut().drain(..) {
            controller.abort();
        }
    }
}

impl Transport for Http {
    async fn pull(&self, cursor: Option<String>, limit: usize) -> Result<RawPage, ApiError> {
        self.send("GET", &pull_path(cursor, limit), None).await
    }

    async fn open_pull(
        &self,
        cursor: Option<String>,
        limit: usize,
    ) -> Result<OpenedPull, ApiError> {
        let token = self.token.borrow().clone();
        let watchdog = Watchdog::new()?;
        let under_way = self.under_way(&watchdog);
        let path = pull_path(cursor, limit);
        let response = start_request("GET", &path, None, token.as_deref(), &watchdog).await?;
        let next = response
            .headers()
            .get(wire::NEXT_CURSOR_HEADER)
            .ok()
            .flatten();
        // The answer has begun: its body waits in the browser until the page
        // before it is read and stored, which on a slow line takes longer than
        // the silence allowed. The watch starts again with the first read.
        watchdog.stop();
        let page = async move {
            let _under_way = under_way;
            read_answer(&response, &watchdog).await
        };
        match next {
            Some(next) => Ok(OpenedPull {
                next: Some(next),
                page: Box::pin(page),
            }),
            // A server that does not name it, or refused (an error names no next
            // page): the next page once this one is read.
            None => Ok(OpenedPull::read(page.await?)),
        }
    }

    async fn push(&self, request: &PushRequest) -> Result<PushResponse, ApiError> {
        let body = serde_json::to_string(request).map_err(|e| ApiError::Decode(e.to_string()))?;
        self.send("POST", "/api/v1/mutations", Some(body)).await
    }
}

/// `GET /api/v1/changes`' path and query.
fn pull_path(cursor: Option<String>, limit: usize) -> String {
    let mut path = format!("/api/v1/changes?limit={limit}");
    if let Some(cursor) = cursor {
        path.push_str("&cursor=");
        path.push_str(&String::from(js_sys::encode_uri_component(&cursor)));
    }
    path
}

impl Http {
    async fn send<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        let token = self.token.borrow().clone();
        let watchdog = Watchdog::new()?;
        let _under_way = self.under_way(&watchdog);
        request_watched(method, path, body, token.as_deref(), &watchdog).await
    }

    /// Counts `watchdog`'s request as under way until the answer is dropped.
    fn under_way(&self, watchdog: &Watchdog) -> UnderWay {
        let controller = watchdog.controller.clone();
        self.in_flight.borrow_mut().push(controller.clone());
        UnderWay {
            in_flight: self.in_flight.clone(),
            controller,
        }
    }
}

/// A request in [`Http`]'s list of those under way, for as long as this lives.
struct UnderWay {
    in_flight: InFlight,
    controller: AbortController,
}

impl Drop for UnderWay {
    fn drop(&mut self) {
        self.in_flight
            .borrow_mut()
            .retain(|c| !js_sys::Object::is(c, &self.controller));
    }
}

/// How long a request may go without a sign of life from the server before it is
/// given up (aborted, and counted as [`ApiError::Offline`], which the sync engine's
/// back-off tries again): first until the answer's headers arrive, then between two
/// pieces of its body. A limit on silence, not on the whole request, so a large pull
/// page over a slow but moving 2G line (a minute or more for 1,000 records) is never
/// cut, while a stalled connection is let go after 15 s: far above a healthy
/// answer's time (milliseconds here, a few seconds on a busy phone network), short
/// enough that the status line soon says offline rather than syncing forever.
pub const SILENCE_MS: u32 = 15_000;
/// Before its answer can start, a request's body has to go up, and `fetch` reports
/// no upload progress: allow it this rate (64 kbit/s, a poor 2G uplink), so a full
/// push of 500 edits is not cut while it is still being sent.
const UPLOAD_BYTES_PER_S: usize = 8_000;

/// Requests of one [`Http`] under way.
type InFlight = Rc<RefCell<Vec<AbortController>>>;

/// Aborts a request that has been silent for longer than it was given (see
/// [`SILENCE_MS`]); each sign of life sets the count going again.
struct Watchdog {
    controller: AbortController,
    abort: Closure<dyn FnMut()>,
    timer: Cell<Option<i32>>,
}

impl Watchdog {
    fn new() -> Result<Watchdog, ApiError> {
        let controller = AbortController::new().map_err(|_| ApiError::Offline)?;
        let aborting = controller.clone();
        Ok(Watchdog {
            controller,
            abort: Closure::new(move || aborting.abort()),
            timer: Cell::new(None),
        })
    }

    /// Aborts the request unless [`Watchdog::wait`] is called again within `ms`.
    fn wait(&self, ms: u32) {
        self.stop();
        let ms = i32::try_from(ms).unwrap_or(i32::MAX);
        self.timer.set(web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                self.abort.as_ref().unchecked_ref(),
                ms,
            )
            .ok()
        }));
    }

    fn stop(&self) {
        if let (Some(timer), Some(window)) = (self.timer.take(), web_sys::window()) {
            window.clear_timeout_with_handle(timer);
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // The closure goes with the watchdog: its timer must not fire after.
        self.stop();
    }
}

/// Sends one request and reads a JSON answer, within the time limits.
async fn request<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
) -> Result<T, ApiError> {
    request_watched(method, path, body, token, &Watchdog::new()?).await
}

/// [`request`], aborted by `watchdog`.
async fn request_watched<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
    watchdog: &Watchdog,
) -> Result<T, ApiError> {
    let response = start_request(method, path, body, token, watchdog).await?;
    read_answer(&response, watchdog).await
}

/// Sends one request, answering once its headers have arrived.
async fn start_request(
    method: &str,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
    watchdog: &Watchdog,
) -> Result<Response, ApiError> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_signal(Some(&watchdog.controller.signal()));
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
    let upload = body.as_ref().map_or(0, String::len) * 1000 / UPLOAD_BYTES_PER_S;
    watchdog.wait(SILENCE_MS.saturating_add(u32::try_from(upload).unwrap_or(u32::MAX)));
    Ok(JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiError::Offline)?
        .unchecked_into())
}

/// The answer's JSON, or the server's error.
async fn read_answer<T: DeserializeOwned>(
    response: &Response,
    watchdog: &Watchdog,
) -> Result<T, ApiError> {
    let text = read_text(response, watchdog).await?;
    if !response.ok() {
        return Err(ApiError::Status {
            status: response.status(),
            answer: serde_json::from_str(&text).ok().map(Box::new),
        });
    }
    serde_json::from_str(&text).map_err(|err| ApiError::Decode(err.to_string()))
}

/// The answer's body as text, read piece by piece: every piece tells `watchdog`
/// that the answer still moves.
async fn read_text(response: &Response, watchdog: &Watchdog) -> Result<String, ApiError> {
    let Some(body) = response.body() else {
        return Ok(String::new());
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        watchdog.wait(SILENCE_MS);
        let piece = JsFuture::from(reader.read())
            .await
            .map_err(|_| ApiError::Offline)?;
        let field = |name: &str| js_sys::Reflect::get(&piece, &JsValue::from_str(name));
        if field("done").map_or(true, |done| done.is_truthy()) {
            break;
        }
        let value: js_sys::Uint8Array = field("value")
            .map_err(|_| ApiError::Offline)?
            .unchecked_into();
        let start = bytes.len();
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
    }
    watchdog.stop();
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned()))
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

/// A request document as JSON text.
fn json_body(value: &impl serde::Serialize) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| ApiError::Decode(e.to_string()))
}

/// `POST /api/v1/accounts/{id}/password-reset` (coordinators): a one-time link for
/// someone who forgot their password.
pub async fn make_reset_link(token: &str, id: uuid::Uuid) -> Result<ResetLink, ApiError> {
    let path = format!("/api/v1/accounts/{id}/password-reset");
    request("POST", &path, None, Some(token)).await
}

/// `POST /api/v1/password-reset/check`: whether a reset link still works.
pub async fn check_reset_link(details: &ResetToken) -> Result<ResetLinkFor, ApiError> {
    let body = json_body(details)?;
    request("POST", "/api/v1/password-reset/check", Some(body), None).await
}

/// `POST /api/v1/password-reset`: sets a new password with a reset link, answering
/// a new session.
pub async fn reset_password(details: &PasswordReset) -> Result<Session, ApiError> {
    let body = json_body(details)?;
    request("POST", "/api/v1/password-reset", Some(body), None).await
}

/// `POST /api/v1/hsds-import` (coordinators): checks HSDS files (a dry run) or
/// imports them; the answer is the report. The body, `import` as JSON, must fit
/// [`wire::BODY_MAX`].
pub async fn import_hsds(token: &str, body: String) -> Result<HsdsImportReport, ApiError> {
    request("POST", "/api/v1/hsds-import", Some(body), Some(token)).await
}

/// [`HsdsImport`] as the request body [`import_hsds`] sends.
pub fn hsds_import_body(import: &HsdsImport) -> Result<String, ApiError> {
    json_body(import)
}

/// `GET` a JSON document from a path on our own origin, e.g. `/api/v1/health`.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    request("GET", path, None, None).await
}

pub async fn health() -> Result<Health, ApiError> {
    get_json("/api/v1/health").await
}
