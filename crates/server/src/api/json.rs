//! Request documents, read strictly: a body that is too large, not JSON, of the
//! wrong shape or with fields we do not know is refused with the field named.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use wijkgids_core::validate::structural_problem;

use super::ApiError;

/// Like `axum::Json`, with every rejection as an [`ApiError`].
pub struct StrictJson<T>(pub T);

impl<S, T> FromRequest<S> for StrictJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        parse(&body(request, state).await?).map(StrictJson)
    }
}

/// The request's body, if it says it is JSON and arrives in time and size.
async fn body<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, ApiError> {
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim() == "application/json")
        });
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the request body as application/json",
        ));
    }
    let bytes = Bytes::from_request(request, state)
        .await
        .map_err(|rejection| match rejection.status() {
            _ if paused_too_long(&rejection) => crate::serving::timed_out(),
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the request body is larger than {} bytes", super::BODY_MAX),
            ),
            status => ApiError::new(status, "unreadable_body", rejection.body_text()),
        })?;
    Ok(bytes)
}

/// [`StrictJson`] for documents whose texts go to the database as they are
/// (sign-in, accounts, reset links): a U+0000 anywhere in them, which
/// PostgreSQL refuses in text and SQLite keeps, is refused first, alike on
/// both backends, with the field named (`invalid_characters`).
pub struct TextJson<T>(pub T);

impl<S, T> FromRequest<S> for TextJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = body(request, state).await?;
        let value = parse(&bytes)?;
        // U+0000 in a JSON text is the escape `\u0000` (a raw one is not JSON).
        if bytes.windows(6).any(|w| w == b"\\u0000") {
            let parsed = parse::<serde_json::Value>(&bytes)?;
            if let Some(field) = nul_at(&parsed, String::new()) {
                return Err(ApiError::bad_request(
                    &field,
                    "invalid_characters",
                    "a text may not hold the character U+0000",
                ));
            }
        }
        Ok(TextJson(value))
    }
}

/// Where `value` first holds U+0000 (in a text or a name), as `a.b[0].c`.
fn nul_at(value: &serde_json::Value, at: String) -> Option<String> {
    let here = |at: String| Some(if at.is_empty() { "$".into() } else { at });
    match value {
        serde_json::Value::String(text) if text.contains('\0') => here(at),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| nul_at(item, format!("{at}[{i}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(name, item)| {
            let path = if at.is_empty() {
                name.clone()
            } else {
                format!("{at}.{name}")
            };
            if name.contains('\0') {
                here(path)
            } else {
                nul_at(item, path)
            }
        }),
        _ => None,
    }
}

/// Whether reading the body failed because the client paused too long.
fn paused_too_long(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = error.source();
    }
    false
}

/// Reads `bytes` as a `T`, naming the field of the first problem.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        if error.inner().is_syntax() || error.inner().is_eof() {
            ApiError::bad_request("$", "invalid_json", format!("not JSON: {}", error.inner()))
        } else {
            ApiError::from_problem(StatusCode::BAD_REQUEST, &structural_problem(&error))
        }
    })?;
    deserializer
        .end()
        .map_err(|_| ApiError::bad_request("$", "invalid_json", "text after the JSON document"))?;
    Ok(value)
}
