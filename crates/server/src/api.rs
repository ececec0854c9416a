//! The JSON endpoint under /api/v1/: sync (pull and push), sessions, accounts,
//! password reset links and coordinators' HSDS import.
//! Every error is JSON `{code, field, message}` (see [`ApiError`]).

mod accounts;
mod changes;
mod error;
mod hsds_import;
mod json;
mod mutations;
mod password_reset;
mod public_guide;
mod push_queue;
mod session;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, header};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use wijkgids_core::vocab::RecordKind;
use wijkgids_core::wire::Health;

use crate::AppState;

pub use accounts::new_account_record;
pub use changes::{PULL_ROWS, PullGate};
pub use error::ApiError;
pub use json::{StrictJson, TextJson};
pub use push_queue::PushQueue;

/// The largest request body: a push of [`wijkgids_core::sync::PUSH_MAX`] large
/// offerings fits, and an HSDS import of some 500 full services; anything bigger
/// is refused with 413 before it is read.
pub const BODY_MAX: usize = wijkgids_core::wire::BODY_MAX;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/changes", get(changes::pull))
        .route("/public-guide", get(public_guide::send))
        .route("/mutations", post(mutations::push))
        .route("/session", post(session::sign_in).delete(session::sign_out))
        .route("/me", get(session::me))
        .route("/accounts", get(accounts::list).post(accounts::create))
        .route("/accounts/{id}", patch(accounts::decide))
        .route("/accounts/{id}/password-reset", post(password_reset::issue))
        .route("/account-requests", post(accounts::request))
        .route("/hsds-import", post(hsds_import::run))
        .route("/password-reset", post(password_reset::reset))
        .route("/password-reset/check", post(password_reset::check))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_MAX))
        // Pull pages are large and made per request: the fastest level compresses
        // them several times faster than the default for a few percent more bytes.
        // The app's layer leaves responses that are already encoded alone.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(1)))
        // Answers depend on who asks and change with every write: never cache them.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let offerings = state
        .store
        .call(|s| s.count_live(RecordKind::Offering))
        .await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: wijkgids_core::VERSION.into(),
        offerings,
    }))
}

/// The Argon2id hash of `password`, made off the async threads (it takes tens of
/// milliseconds of CPU) when the server's [`crate::auth::HashGate`] has a turn.
async fn hashed(state: &AppState, password: String) -> Result<String, ApiError> {
    state
        .hashing
        .run(move || crate::auth::hash_password(&password))
        .await
}

/// 429 with the seconds to wait, for the limits on anonymous callers.
fn too_many(wait: std::time::Duration, code: &str, message: &str) -> ApiError {
    ApiError {
        retry_after: Some(wait.as_secs().max(1)),
        ..ApiError::new(axum::http::StatusCode::TOO_MANY_REQUESTS, code, message)
    }
}

async fn not_found() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        "not_found",
        "no such endpoint",
    )
}

pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not take this method",
    )
}
