//! `/api/v1/accounts`: coordinators list and create accounts.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use wijkgids_core::vocab::AccountRole;
use wijkgids_core::wire::{Account, NewAccount};

use super::{ApiError, StrictJson};
use crate::AppState;
use crate::auth::{self, SignedIn};
use crate::store::{NewAccountRecord, StoreError};

fn coordinator(account: &Account) -> Result<(), ApiError> {
    if account.role == AccountRole::Coordinator {
        Ok(())
    } else {
        Err(ApiError::forbidden("only coordinators manage accounts"))
    }
}

pub async fn list(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
) -> Result<Json<Vec<Account>>, ApiError> {
    coordinator(&account)?;
    Ok(Json(state.store.call(|s| s.accounts()).await?))
}

pub async fn create(
    State(state): State<AppState>,
    SignedIn(account): SignedIn,
    StrictJson(request): StrictJson<NewAccount>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    coordinator(&account)?;
    let new = new_account_record(request)?;
    let created = state
        .store
        .call(move |s| s.insert_account(&new))
        .await
        .map_err(|err| match err {
            StoreError::EmailTaken => {
                ApiError::new(StatusCode::CONFLICT, "email_taken", err.to_string()).at("email")
            }
            other => other.into(),
        })?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Checks and hashes a new account, for the API and the command line alike.
pub fn new_account_record(request: NewAccount) -> Result<NewAccountRecord, ApiError> {
    let email = auth::normalise_email(&request.email);
    auth::check_new_credentials(&email, &request.password)?;
    if request.role == AccountRole::Publisher && request.organisation_id.is_none() {
        return Err(ApiError::bad_request(
            "organisation_id",
            "required",
            "a publisher publishes for an organisation",
        ));
    }
    Ok(NewAccountRecord {
        email,
        password_hash: auth::hash_password(&request.password),
        role: request.role,
        organisation_id: request.organisation_id,
    })
}
