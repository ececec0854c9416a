//! The limits that must hold for every server process over one database
//! (PostgreSQL), counted there through `Storage::count_shared` after the process's
//! own limiter (`limiter.rs`) let an event through: sign-in attempts per e-mail
//! and address, account requests and reset link tries per address. With SQLite
//! (one process) the store counts nothing and the limiter alone decides.

use std::net::IpAddr;
use std::time::Duration;

use super::limiter::{
    ATTEMPTS, REQUEST_WINDOW, REQUESTS, RESET_ATTEMPTS, RESET_WINDOW, WINDOW, address_key,
};
use crate::store::{Store, StoreError};

const SIGN_IN: &str = "sign_in";
const ACCOUNT_REQUEST: &str = "account_request";
const RESET: &str = "reset";

/// What an e-mail address's counts start with: a hash, so no address is kept.
fn email_prefix(email: &str) -> String {
    format!("{}:", super::token_hash(email))
}

async fn count(
    store: &Store,
    scope: &'static str,
    key: String,
    limit: u32,
    window: Duration,
) -> Result<Result<(), Duration>, StoreError> {
    store
        .call(move |s| s.count_shared(scope, &key, limit, window, chrono::Utc::now()))
        .await
}

/// Counts a sign-in attempt at `email` from `client` ([`ATTEMPTS`] per window).
pub async fn sign_in(
    store: &Store,
    email: &str,
    client: IpAddr,
) -> Result<Result<(), Duration>, StoreError> {
    let key = format!("{}{}", email_prefix(email), address_key(client));
    count(store, SIGN_IN, key, ATTEMPTS, WINDOW).await
}

/// A right password, or `user unblock`: `email`'s attempts are forgotten.
pub async fn forget_email(store: &Store, email: &str) -> Result<(), StoreError> {
    let prefix = email_prefix(email);
    store.call(move |s| s.forget_shared(SIGN_IN, &prefix)).await
}

/// Counts an account request from `client` ([`REQUESTS`] per window).
pub async fn account_request(
    store: &Store,
    client: IpAddr,
) -> Result<Result<(), Duration>, StoreError> {
    let key = address_key(client).to_string();
    count(store, ACCOUNT_REQUEST, key, REQUESTS, REQUEST_WINDOW).await
}

/// Counts a check or use of a reset link from `client` ([`RESET_ATTEMPTS`] per window).
pub async fn reset_attempt(
    store: &Store,
    client: IpAddr,
) -> Result<Result<(), Duration>, StoreError> {
    let key = address_key(client).to_string();
    count(store, RESET, key, RESET_ATTEMPTS, RESET_WINDOW).await
}
