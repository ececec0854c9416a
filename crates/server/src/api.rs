//! The JSON endpoint under /api/v1/: sync (pull and push), sessions and accounts.
//! Every error is JSON `{code, field, message}` (see [`ApiError`]).

mod accounts;
mod changes;
mod error;
mod json;
mod mutations;
mod session;

use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use wijkgids_core::vocab::RecordKind;
use wijkgids_core::wire::Health;

use crate::AppState;

pub use accounts::new_account_record;
pub use error::ApiError;
pub use json::StrictJson;

/// The largest request body: a push of [`wijkgids_core::sync::PUSH_MAX`] large
/// offerings fits; anything bigger is refused with 413 before it is read.
pub const BODY_MAX: usize = 4 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/changes", get(changes::pull))
        .route("/mutations", post(mutations::push))
        .route("/session", post(session::sign_in).delete(session::sign_out))
        .route("/me", get(session::me))
        .route("/accounts", get(accounts::list).post(accounts::create))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_MAX))
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

async fn not_found() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        "not_found",
        "no such endpoint",
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not take this method",
    )
}
