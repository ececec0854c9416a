//! `/api/v1/accounts`: coordinators list, create, approve, reject and block
//! accounts; `/api/v1/account-requests`: anyone asks for a publisher account.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use uuid::Uuid;
use wijkgids_core::validate::{validate_account_decision, validate_account_request};
use wijkgids_core::vocab::{AccountRole, AccountStatus, Vocabulary};
use wijkgids_core::wire::{Account, AccountDecision, AccountRequest, NewAccount};

use super::{ApiError, TextJson};
use crate::AppState;
use crate::auth::{self, ClientAddress, SignedIn};
use crate::store::{AccountRequestRecord, NewAccountRecord, RequestedFor, StoreError};

pub(super) fn coordinator(account: &Account) -> Result<(), ApiError> {
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
    TextJson(request): TextJson<NewAccount>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    coordinator(&account)?;
    let (checked, password) = checked_new_account(request)?;
    let new = NewAccountRecord {
        password_hash: super::hashed(&state, password).await?,
        ..checked
    };
    let created = state
        .store
        .call(move |s| s.insert_account(&new))
        .await
        .map_err(store_error)?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The store's refusals as the caller sees them.
fn store_error(err: StoreError) -> ApiError {
    match err {
        StoreError::EmailTaken => {
            ApiError::new(StatusCode::CONFLICT, "email_taken", err.to_string()).at("email")
        }
        StoreError::UnknownOrganisation => {
            ApiError::bad_request("organisation_id", "not_found", err.to_string())
        }
        // The form suggests the organisation of that name instead.
        StoreError::OrganisationExists { .. } | StoreError::InitiativeRequested => {
            ApiError::new(StatusCode::CONFLICT, "duplicate", err.to_string()).at("initiative.name")
        }
        other => other.into(),
    }
}

/// `POST /api/v1/account-requests`: a `pending` publisher account that cannot sign
/// in until a coordinator approves it, for an organisation in the guide or a new
/// initiative (which enters the guide with the approval).
pub async fn request(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    TextJson(request): TextJson<AccountRequest>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    let counted = crate::auth::shared_limits::account_request(&state.store, client).await?;
    if let Err(wait) = counted {
        return Err(super::too_many(
            wait,
            "too_many_requests",
            "too many account requests from this address; try again later",
        ));
    }
    // The checks the applicant's form made as they typed, made again.
    if let Some(problem) = validate_account_request(&request).first() {
        return Err(ApiError::from_problem(StatusCode::BAD_REQUEST, problem));
    }
    let organisation = match (request.initiative, request.organisation_id) {
        (Some(initiative), None) => RequestedFor::Initiative {
            organisation_id: Uuid::new_v4(),
            initiative,
        },
        (None, Some(id)) => RequestedFor::Organisation(id),
        // Both, or neither: refused by the checks above.
        _ => {
            return Err(ApiError::bad_request(
                "organisation_id",
                "required",
                "name an organisation in the guide, or a new initiative",
            ));
        }
    };
    let email = auth::normalise_email(&request.email);
    let name = request.name.trim().to_string();
    let message = trimmed(request.message.as_deref());
    let password_hash = super::hashed(&state, request.password).await?;
    let new = AccountRequestRecord {
        email,
        password_hash,
        name,
        organisation,
        message,
    };
    let created = state
        .store
        .call(move |s| s.request_account(&new))
        .await
        .map_err(store_error)?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// `PATCH /api/v1/accounts/{id}`: a coordinator's decision on an account.
pub async fn decide(
    State(state): State<AppState>,
    SignedIn(coordinator_account): SignedIn,
    Path(id): Path<String>,
    TextJson(decision): TextJson<AccountDecision>,
) -> Result<Json<Account>, ApiError> {
    coordinator(&coordinator_account)?;
    let unknown = || ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such account");
    // Not a UUID: no account has that id.
    let id = Uuid::parse_str(&id).map_err(|_| unknown())?;
    let current = state
        .store
        .call(move |s| s.account_by_id(id))
        .await?
        .ok_or_else(unknown)?;
    if current.id == coordinator_account.id {
        return Err(unprocessable(
            "status",
            "own_account",
            "a coordinator cannot decide on their own account",
        ));
    }
    if let Some(problem) = validate_account_decision(&decision).first() {
        return Err(ApiError::from_problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            problem,
        ));
    }
    let from = current.status;
    let to = decision.status;
    let reason = reason_for(from, to, decision.reason.as_deref())?;
    let decided = state
        .store
        .call(move |s| s.decide_account(id, from, to, reason.as_deref()))
        .await?;
    if let Some(account) = decided
        .as_ref()
        .filter(|a| a.status == AccountStatus::Active)
    {
        // Unblocked or approved: earlier attempts at its password count no more.
        crate::auth::shared_limits::forget_email(&state.store, &account.email).await?;
    }
    decided.map(Json).ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            "conflict",
            "someone else changed this account meanwhile; reload and decide again",
        )
    })
}

/// Whether a coordinator may move an account from `from` to `to`, and the reason
/// to store: required for a rejection, kept for a block, cleared when the account
/// becomes active.
fn reason_for(
    from: AccountStatus,
    to: AccountStatus,
    reason: Option<&str>,
) -> Result<Option<String>, ApiError> {
    use AccountStatus::{Active, Blocked, Pending, Rejected};
    let allowed = matches!(
        (from, to),
        (Pending, Active) | (Pending, Rejected) | (Active, Blocked) | (Blocked | Rejected, Active)
    );
    if !allowed {
        return Err(unprocessable(
            "status",
            "invalid_value",
            format!(
                "an account that is {} cannot become {}",
                from.code(),
                to.code()
            ),
        ));
    }
    // Kept with a rejection or a block, so the person can be told why.
    let reason = trimmed(reason).filter(|_| to != Active);
    if to == Rejected && reason.is_none() {
        return Err(unprocessable(
            "reason",
            "required",
            "say why, so the person knows what to do",
        ));
    }
    Ok(reason)
}

fn unprocessable(field: &str, code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message).at(field)
}

/// A free text trimmed, `None` when empty.
fn trimmed(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
}

/// Checks and hashes a new account, for the command line: the hash is made here,
/// when `gate` has a turn.
pub fn new_account_record(
    request: NewAccount,
    gate: &auth::HashGate,
) -> Result<NewAccountRecord, ApiError> {
    let (checked, password) = checked_new_account(request)?;
    let password_hash = gate.run_now(|| auth::hash_password(&password))?;
    Ok(NewAccountRecord {
        password_hash,
        ..checked
    })
}

/// Checks a new account: the record without its hash, and the password to hash.
fn checked_new_account(request: NewAccount) -> Result<(NewAccountRecord, String), ApiError> {
    let email = auth::normalise_email(&request.email);
    auth::check_new_credentials(&email, &request.password)?;
    if request.role == AccountRole::Publisher && request.organisation_id.is_none() {
        return Err(ApiError::bad_request(
            "organisation_id",
            "required",
            "a publisher publishes for an organisation",
        ));
    }
    let record = NewAccountRecord {
        email,
        password_hash: String::new(),
        role: request.role,
        organisation_id: request.organisation_id,
    };
    Ok((record, request.password))
}
