//! `GET /api/v1/changes`: the paged pull (SYNC.md, "Pull").

use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::value::RawValue;
use wijkgids_core::access::{Actor, can_ever_see};
use wijkgids_core::sync::{Cursor, PAGE_DEFAULT, PAGE_MAX};
use wijkgids_core::validate::structural_problem;
use wijkgids_core::wire::{Change, ChangesPage};

use super::ApiError;
use crate::AppState;
use crate::auth::Viewer;
use crate::store::StoredRecord;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PullQuery {
    cursor: Option<String>,
    /// Records per page; larger asks are served [`PAGE_MAX`].
    limit: Option<usize>,
}

pub async fn pull(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let query = parse_query(query.as_deref().unwrap_or(""))?;
    let limit = query.limit.unwrap_or(PAGE_DEFAULT).clamp(1, PAGE_MAX);
    let cursor = match &query.cursor {
        None => None,
        Some(text) => Some(text.parse::<Cursor>().map_err(|_| {
            ApiError::bad_request(
                "cursor",
                "invalid_cursor",
                "not a cursor this server handed out",
            )
        })?),
    };
    let after = cursor.as_ref().map_or(0, |c| c.seq);
    // One more than asked for tells whether there is more.
    let (epoch, mut rows) = state
        .store
        .call(move |s| Ok((s.epoch()?, s.changes_after(after, limit + 1)?)))
        .await?;
    if cursor.is_some_and(|c| c.epoch != epoch) {
        return Err(ApiError::new(
            StatusCode::GONE,
            "cursor_expired",
            "this guide's history was replaced; pull again from the start",
        )
        .at("cursor"));
    }
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    let last_seq = rows.last().map_or(after, |row| row.seq);
    let page = ChangesPage {
        changes: changes_for(viewer.actor().as_ref(), &rows)?,
        cursor: Cursor::new(epoch, last_seq).to_string(),
        has_more,
    };
    let body =
        serde_json::to_vec(&page).map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

fn parse_query(query: &str) -> Result<PullQuery, ApiError> {
    let pairs = form_urlencoded::parse(query.as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs)).map_err(|error| {
        ApiError::from_problem(StatusCode::BAD_REQUEST, &structural_problem(&error))
    })
}

/// The page as `viewer` may see it. Kinds a viewer can never see are left out rather
/// than sent as tombstones: nothing of them, not even their number, reaches them.
fn changes_for(
    viewer: Option<&Actor>,
    rows: &[StoredRecord],
) -> Result<Vec<Change<Box<RawValue>>>, ApiError> {
    rows.iter()
        .filter(|row| can_ever_see(viewer, row.kind))
        .map(|row| {
            let change = row.change_for(viewer);
            let data = match change.data {
                Some(text) => Some(
                    RawValue::from_string(text.to_owned())
                        .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?,
                ),
                None => None,
            };
            Ok(Change {
                kind: change.kind,
                id: change.id,
                version: change.version,
                seq: change.seq,
                deleted: change.deleted,
                data,
            })
        })
        .collect()
}
