//! `POST /api/v1/mutations`: the push (SYNC.md, "Push"). The rules are the core's;
//! this checks the caller and the size, and hands the batch to the store.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use wijkgids_core::sync::PUSH_MAX;
use wijkgids_core::wire::{PushRequest, PushResponse};

use super::{ApiError, StrictJson};
use crate::AppState;
use crate::auth::SignedIn;
use crate::store::actor_of;

pub async fn push(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    StrictJson(request): StrictJson<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    if request.mutations.len() > PUSH_MAX {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many",
            format!("send at most {PUSH_MAX} mutations at a time"),
        )
        .at("mutations"));
    }
    let actor = actor_of(&account);
    // The epoch the answers were decided on (a push may notice a rollback and
    // give the history a new one).
    let (epoch, results) = state
        .pushes
        .push(&state.store, actor, request.mutations)
        .await?;
    Ok(Json(PushResponse {
        results,
        epoch: Some(epoch),
    }))
}
