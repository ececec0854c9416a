//! The limits of `limiter.rs` as handlers count them: in the database
//! (`store::limits`), so they hold for every server process over it together.

use std::net::IpAddr;
use std::time::Duration;

use crate::store::{AddressLimit, SignInAttempt, Store, StoreError};

/// Counts a sign-in attempt at `email` (normalised) from `client` before its
/// password is checked; `Err(wait)` when it must not be tried now.
pub async fn sign_in(
    store: &Store,
    email: &str,
    client: IpAddr,
    known_device: bool,
) -> Result<Result<SignInAttempt, Duration>, StoreError> {
    let email = email.to_owned();
    let now = chrono::Utc::now();
    store
        .call(move |s| s.reserve_sign_in(&email, client, known_device, now))
        .await
}

/// A right password after `attempt`: its client's failures are forgotten.
pub async fn succeeded(
    store: &Store,
    email: &str,
    client: IpAddr,
    attempt: SignInAttempt,
) -> Result<(), StoreError> {
    let email = email.to_owned();
    store
        .call(move |s| s.sign_in_succeeded(&email, client, attempt))
        .await
}

/// A new password or an approval: `email`'s attempts are forgotten.
pub async fn forget_email(store: &Store, email: &str) -> Result<(), StoreError> {
    let email = email.to_owned();
    store.call(move |s| s.forget_sign_ins(&email)).await
}

async fn per_address(
    store: &Store,
    limit: AddressLimit,
    client: IpAddr,
) -> Result<Result<(), Duration>, StoreError> {
    let now = chrono::Utc::now();
    store
        .call(move |s| s.count_per_address(limit, client, now))
        .await
}

/// Counts an account request from `client` (`limiter::REQUESTS` per window).
pub async fn account_request(
    store: &Store,
    client: IpAddr,
) -> Result<Result<(), Duration>, StoreError> {
    per_address(store, AddressLimit::AccountRequest, client).await
}

/// Counts a check or use of a reset link from `client` (`limiter::RESET_ATTEMPTS`
/// per window).
pub async fn reset_attempt(
    store: &Store,
    client: IpAddr,
) -> Result<Result<(), Duration>, StoreError> {
    per_address(store, AddressLimit::ResetLink, client).await
}
