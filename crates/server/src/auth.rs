//! Accounts and sessions: Argon2id password hashes, bearer tokens that expire (only
//! their SHA-256 is stored, so a copied database holds no usable session), and a
//! limit on sign-in attempts.

pub mod address;
pub mod hashing;
pub mod limiter;
pub mod shared_limits;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use wijkgids_core::access::Actor;
use wijkgids_core::validate::{EMAIL_MAX, is_valid_email};
use wijkgids_core::wire::Account;

use crate::AppState;
use crate::api::ApiError;
use crate::store::actor_of;

pub use address::{ClientAddress, Proxies};
pub use hashing::HashGate;
pub use limiter::DeviceProofs;

pub use wijkgids_core::validate::{PASSWORD_MAX, PASSWORD_MIN};

/// An Argon2id hash (PHC string) of `password` with a fresh salt.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 with default parameters hashes any password")
        .to_string()
}

/// Whether `password` matches `hash`. A malformed hash matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Spends the time of a real check when there is no account, so that response times
/// do not tell which e-mail addresses have one.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not a password anyone has"));
    verify_password(password, hash);
}

/// E-mail addresses are compared without case and surrounding spaces.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Refuses an e-mail address or password longer than any account has (400), before
/// anything else is done with it.
pub fn check_lengths(email: &str, password: &str) -> Result<(), ApiError> {
    // No address has them, and PostgreSQL refuses U+0000 in text: refused
    // alike on both backends, before the database (issue 23's attack).
    if email.chars().any(char::is_control) || password.contains('\0') {
        let field = if password.contains('\0') && !email.chars().any(char::is_control) {
            "password"
        } else {
            "email"
        };
        return Err(ApiError::bad_request(
            field,
            "invalid_characters",
            "an e-mail address has no control characters, a password no U+0000",
        ));
    }
    if email.trim().chars().count() > EMAIL_MAX {
        return Err(ApiError::bad_request(
            "email",
            "too_long",
            format!("an e-mail address has at most {EMAIL_MAX} characters"),
        ));
    }
    if password.chars().count() > PASSWORD_MAX {
        return Err(ApiError::bad_request(
            "password",
            "too_long",
            format!("a password has at most {PASSWORD_MAX} characters"),
        ));
    }
    Ok(())
}

/// Checks a new account's e-mail address and password, naming the field at fault.
pub fn check_new_credentials(email: &str, password: &str) -> Result<(), ApiError> {
    if !is_valid_email(email) {
        return Err(ApiError::bad_request(
            "email",
            "invalid_email",
            "not a valid e-mail address",
        ));
    }
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err(ApiError::bad_request(
            "password",
            "too_short",
            format!("a password has at least {PASSWORD_MIN} characters"),
        ));
    }
    if length > PASSWORD_MAX {
        return Err(ApiError::bad_request(
            "password",
            "too_long",
            format!("a password has at most {PASSWORD_MAX} characters"),
        ));
    }
    Ok(())
}

/// A new random session token (256 bits, hex).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    hex(&bytes)
}

/// Whether `token` looks like one [`new_token`] made: anything else (empty, a
/// megabyte, another alphabet) is not looked up at all.
pub fn is_token_shaped(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// How long a password reset link works: a day, time enough to pass it on and
/// use it, short enough that a forgotten one does little harm.
pub const RESET_LINK_VALID: chrono::Duration = chrono::Duration::hours(24);

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Bytes as lower-case hexadecimal (token hashes, cursor tags, keys).
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The caller's bearer token, if they sent one.
pub fn bearer_token(parts: &Parts) -> Result<Option<&str>, ApiError> {
    let Some(value) = parts.headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|token| Some(token.trim()))
        .ok_or_else(|| ApiError::unauthorized("the Authorization header is not \"Bearer <token>\""))
}

/// The account behind the request, or `None` when no token was sent. A token that
/// is unknown, expired or of a blocked account is refused (401), so a client
/// learns that its session ended instead of silently reading as anonymous.
pub struct Viewer(pub Option<Account>);

impl Viewer {
    pub fn actor(&self) -> Option<Actor> {
        self.0.as_ref().map(actor_of)
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = bearer_token(parts)? else {
            return Ok(Viewer(None));
        };
        let hash = token_hash(token);
        let now = chrono::Utc::now();
        let account = state
            .store
            .call(move |s| s.session_account(&hash, now))
            .await?
            .ok_or_else(|| ApiError::unauthorized("the session has ended; sign in again"))?;
        Ok(Viewer(Some(account)))
    }
}

/// A signed-in account: the request is refused (401) without one.
pub struct SignedIn(pub Account);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match Viewer::from_request_parts(parts, state).await?.0 {
            Some(account) => Ok(SignedIn(account)),
            None => Err(ApiError::unauthorized("sign in first")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse battery");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("correct horse battery", "not a hash"));
        assert_ne!(hash, hash_password("correct horse battery"), "salted");
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let token = new_token();
        assert_eq!(token.len(), 64);
        assert_ne!(token, new_token());
        assert_eq!(token_hash(&token), token_hash(&token));
        assert_ne!(token_hash(&token), token);
        assert!(is_token_shaped(&token));
        for other in [
            "",
            "abc",
            &token.to_uppercase(),
            &format!("{token}0"),
            &"g".repeat(64),
        ] {
            assert!(!is_token_shaped(other), "{other}");
        }
    }
}
