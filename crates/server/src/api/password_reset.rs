//! Password reset links, for someone who forgot their password: a coordinator
//! makes a one-time link (`POST /accounts/{id}/password-reset`) and passes it on
//! (by e-mail once the server sends mail); its holder checks it
//! (`POST /password-reset/check`) and sets a new password with it
//! (`POST /password-reset`), which ends every session of the account and starts
//! a new one. Only the token's hash is stored; every check or use is counted per
//! network address before the token is looked up.

use std::net::IpAddr;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use uuid::Uuid;
use wijkgids_core::validate::validate_password_reset;
use wijkgids_core::wire::{PasswordReset, ResetLink, ResetLinkFor, ResetToken, Session};

use super::{ApiError, TextJson};
use crate::AppState;
use crate::auth::{self, ClientAddress, RESET_LINK_VALID, SignedIn};
use crate::store::{NewSession, ResetState};

/// `POST /api/v1/accounts/{id}/password-reset` (coordinators): a new link for an
/// active account, replacing its earlier ones.
pub async fn issue(
    State(state): State<AppState>,
    SignedIn(coordinator): SignedIn,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<ResetLink>), ApiError> {
    super::accounts::coordinator(&coordinator)?;
    let unknown = || ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such account");
    let id = Uuid::parse_str(&id).map_err(|_| unknown())?;
    let token = auth::new_token();
    let hash = auth::token_hash(&token);
    let expires_at = Utc::now() + RESET_LINK_VALID;
    let stored = state
        .store
        .call(move |s| s.insert_password_reset(&hash, id, expires_at))
        .await?;
    if !stored {
        state
            .store
            .call(move |s| s.account_by_id(id))
            .await?
            .ok_or_else(unknown)?;
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
            "only an active account gets a reset link",
        )
        .at("status"));
    }
    tracing::info!(
        "coordinator {} made a password reset link for account {id}",
        coordinator.id
    );
    Ok((StatusCode::CREATED, Json(ResetLink { token, expires_at })))
}

/// `POST /api/v1/password-reset/check`: whose password the link sets, while it
/// works.
pub async fn check(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    TextJson(request): TextJson<ResetToken>,
) -> Result<Json<ResetLinkFor>, ApiError> {
    let hash = counted_hash(&state, client, &request.token).await?;
    let now = Utc::now();
    match state
        .store
        .call(move |s| s.password_reset(&hash, now))
        .await?
    {
        ResetState::Valid {
            account,
            expires_at,
        } => Ok(Json(ResetLinkFor {
            email: account.email,
            expires_at,
        })),
        other => Err(refusal(other)),
    }
}

/// `POST /api/v1/password-reset`: sets the new password and signs in.
pub async fn reset(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    TextJson(request): TextJson<PasswordReset>,
) -> Result<Json<Session>, ApiError> {
    // The rules first: a password too short costs no attempt.
    if let Some(problem) = validate_password_reset(&request).first() {
        return Err(ApiError::from_problem(StatusCode::BAD_REQUEST, problem));
    }
    let hash = counted_hash(&state, client, &request.token).await?;
    // Argon2 only for a link that works.
    let lookup = hash.clone();
    let now = Utc::now();
    let found = state
        .store
        .call(move |s| s.password_reset(&lookup, now))
        .await?;
    if !matches!(found, ResetState::Valid { .. }) {
        return Err(refusal(found));
    }
    let password_hash = super::hashed(&state, request.password).await?;
    let token = auth::new_token();
    let session = NewSession {
        token_hash: auth::token_hash(&token),
        expires_at: Utc::now() + state.session_ttl,
    };
    let expires_at = session.expires_at;
    // Checked again in the writing transaction: of two uses at once, one wins.
    let used = state
        .store
        .call(move |s| s.use_password_reset(&hash, &password_hash, &session, Utc::now()))
        .await?;
    let ResetState::Valid { account, .. } = used else {
        return Err(refusal(used));
    };
    // Earlier failed sign-ins with the forgotten password no longer count.
    crate::auth::shared_limits::forget_email(&state.store, &account.email).await?;
    tracing::info!(
        "account {} set a new password with a reset link",
        account.id
    );
    Ok(Json(Session {
        token,
        expires_at,
        account,
    }))
}

/// Counts the attempt from `peer`, then the hash to look up (a token of the
/// wrong shape is no link's).
async fn counted_hash(state: &AppState, client: IpAddr, token: &str) -> Result<String, ApiError> {
    let counted = crate::auth::shared_limits::reset_attempt(&state.store, client).await?;
    if let Err(wait) = counted {
        return Err(super::too_many(
            wait,
            "too_many_attempts",
            "too many tries with reset links; try again later",
        ));
    }
    if !auth::is_token_shaped(token) {
        return Err(refusal(ResetState::Unknown));
    }
    Ok(auth::token_hash(token))
}

/// Why a link does not work, for its holder to be told.
fn refusal(found: ResetState) -> ApiError {
    let (status, code, message) = match found {
        ResetState::Used => (
            StatusCode::GONE,
            "reset_link_used",
            "this link was used already: a link works once; ask a coordinator for a new one",
        ),
        ResetState::Expired => (
            StatusCode::GONE,
            "reset_link_expired",
            "this link worked for a day, which is over; ask a coordinator for a new one",
        ),
        ResetState::Inactive => (
            StatusCode::FORBIDDEN,
            "forbidden",
            "this account is blocked; ask a coordinator",
        ),
        ResetState::Unknown | ResetState::Valid { .. } => (
            StatusCode::NOT_FOUND,
            "reset_link_unknown",
            "this link is not known, or a newer one replaced it; ask a coordinator for a new one",
        ),
    };
    ApiError::new(status, code, message).at("token")
}
