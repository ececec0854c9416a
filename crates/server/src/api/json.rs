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
        let bytes =
            Bytes::from_request(request, state)
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
        parse(&bytes).map(StrictJson)
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
