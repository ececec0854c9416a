//! Signing in and out, and who is signed in.

use axum::Json;
use axum::extract::State;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use chrono::Utc;
use wijkgids_core::vocab::AccountStatus;
use wijkgids_core::wire::{Account, Session, SignIn};

use super::{ApiError, TextJson};
use crate::AppState;
use crate::auth::{self, ClientAddress, SignedIn, shared_limits};

/// The cookie a device keeps after signing in: proofs that it signed in to these
/// accounts before, so a per-e-mail delay an attacker causes does not hold it up
/// (see [`crate::auth::limiter`]). HttpOnly and sent to the sign-in only; the
/// browser sends it by itself.
pub const DEVICE_COOKIE: &str = "wijkgids_device";
/// How long a device stays known after its last sign-in: a year.
const DEVICE_COOKIE_SECONDS: u32 = 365 * 24 * 60 * 60;

/// The value of the device cookie in the request, if any.
fn device_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == DEVICE_COOKIE)
        .map(|(_, value)| value)
}

pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    TextJson(request): TextJson<SignIn>,
) -> Result<impl IntoResponse, ApiError> {
    // No account has a longer one: refused before it is counted, kept or hashed.
    auth::check_lengths(&request.email, &request.password)?;
    let email = auth::normalise_email(&request.email);
    let had = device_cookie(&headers);
    let known = had.is_some_and(|proofs| state.devices.is_known(&email, proofs));
    // Counted before the password is checked, so that of many attempts at once
    // no more than the limit are tried, whichever server process they reach.
    let reserved = shared_limits::sign_in(&state.store, &email, client, known).await?;
    let attempt = reserved.map_err(|wait| {
        super::too_many(
            wait,
            "too_many_attempts",
            "too many attempts; try again later",
        )
    })?;
    let lookup = email.clone();
    let found = state
        .store
        .call(move |s| s.account_by_email(&lookup))
        .await?;
    let password = request.password;
    let (found, correct) = state
        .hashing
        .run(move || match found {
            Some(record) => {
                let correct = auth::verify_password(&password, &record.password_hash);
                (Some(record), correct)
            }
            None => {
                auth::verify_nothing(&password);
                (None, false)
            }
        })
        .await?;
    let record = match found {
        Some(record) if correct => record,
        _ => {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "the e-mail address or password is not right",
            ));
        }
    };
    shared_limits::succeeded(&state.store, &email, client, attempt).await?;
    // Only after a correct password, so the status of an account tells nothing to
    // someone who does not know it.
    match record.account.status {
        AccountStatus::Active => {}
        AccountStatus::Pending => {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "account_pending",
                "this account waits for a coordinator's approval",
            ));
        }
        AccountStatus::Rejected => {
            // The coordinator's reason is meant for this person: they see it here.
            let reason = record
                .account
                .reason
                .unwrap_or_else(|| "a coordinator did not approve this account request".to_owned());
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "account_rejected",
                reason,
            ));
        }
        AccountStatus::Blocked => return Err(ApiError::forbidden("this account is blocked")),
    }
    let token = auth::new_token();
    let hash = auth::token_hash(&token);
    let expires_at = Utc::now() + state.session_ttl;
    let account_id = record.account.id;
    state
        .store
        .call(move |s| s.insert_session(&hash, account_id, expires_at))
        .await?;
    let device = format!(
        "{DEVICE_COOKIE}={}; Path=/api/v1/session; Max-Age={DEVICE_COOKIE_SECONDS}; \
         HttpOnly; Secure; SameSite=Strict",
        state.devices.after_sign_in(&email, had)
    );
    let session = Session {
        token,
        expires_at,
        account: record.account,
    };
    Ok((AppendHeaders([(SET_COOKIE, device)]), Json(session)))
}

pub async fn sign_out(State(state): State<AppState>, parts: Parts) -> Result<StatusCode, ApiError> {
    let token =
        auth::bearer_token(&parts)?.ok_or_else(|| ApiError::unauthorized("sign in first"))?;
    let hash = auth::token_hash(token);
    state.store.call(move |s| s.delete_session(&hash)).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn me(SignedIn(account): SignedIn) -> Json<Account> {
    Json(account)
}
