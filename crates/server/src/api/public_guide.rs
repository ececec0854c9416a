//! `GET /api/v1/public-guide`: every public offering and organisation
//! (`core::wire::PublicGuide`), for the first screen of a device that has never
//! held the guide. It searches them on the device while the guide loads, so what
//! a new visitor types never leaves the phone, and the guide starts from them
//! until its first pull ends.
//!
//! The same for everyone (only public projections), so it may be cached: the
//! answer carries an `ETag` naming its content, and a request that names it gets
//! `304`. Made once per change of the guide and sent as stored, brotli- or
//! gzip-compressed.

use std::io::Read;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::ApiError;
use crate::AppState;

pub async fn send(State(state): State<AppState>, asked: HeaderMap) -> Result<Response, ApiError> {
    let Some(body) = state.public.public_guide(&state.store).await? else {
        // Too large to be quicker than the guide itself: the first screen waits.
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "too_large",
            "The guide is too large to send at once; the app pulls it in pages.",
        ));
    };
    let etag = HeaderValue::from_str(&body.etag).expect("hex digits in quotes");
    let revalidate = HeaderValue::from_static("no-cache");
    let known = asked
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| tag.trim().trim_start_matches("W/") == body.etag);
    if known {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, revalidate)],
        )
            .into_response());
    }
    let accepts = |encoding: &str| {
        asked
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|e| e.split(';').next().is_some_and(|e| e.trim() == encoding))
    };
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ),
        (header::ETAG, etag),
        (header::CACHE_CONTROL, revalidate),
        (header::VARY, HeaderValue::from_static("accept-encoding")),
    ];
    for (name, bytes) in [("br", &body.brotli), ("gzip", &body.gzip)] {
        if accepts(name) {
            let encoding = [(header::CONTENT_ENCODING, HeaderValue::from_static(name))];
            return Ok((headers, encoding, bytes.clone()).into_response());
        }
    }
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(body.gzip.as_slice())
        .read_to_end(&mut bytes)
        .map_err(|err| ApiError::from(crate::store::StoreError::Corrupt(err.to_string())))?;
    Ok((headers, bytes).into_response())
}
