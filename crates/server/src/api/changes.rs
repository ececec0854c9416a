//! `GET /api/v1/changes`: the paged pull (SYNC.md, "Pull").

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wijkgids_core::access::{Actor, can_ever_see};
use wijkgids_core::sync::{Cursor, PAGE_DEFAULT, PAGE_MAX};
use wijkgids_core::validate::structural_problem;
use wijkgids_core::vocab::Vocabulary;
use wijkgids_core::wire::NEXT_CURSOR_HEADER;

use super::ApiError;
use crate::AppState;
use crate::auth::Viewer;
use crate::store::{SEQ_MAX, StoredRecord, Texts};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PullQuery {
    cursor: Option<String>,
    /// Records per page; larger asks are served [`PAGE_MAX`].
    limit: Option<usize>,
}

/// Rows of stored records that pulls of this process hold at once: four full
/// pages. Each pull takes as many turns as rows it may fetch (its page and one
/// more) before it reads the database and gives them back when its page is
/// written; others wait their turn (within the request's time limit). 150
/// concurrent full-page pulls grew a process by gigabytes that it kept.
pub const PULL_ROWS: usize = 4 * (PAGE_MAX + 1);

/// Bounds the rows pulls hold at once ([`PULL_ROWS`]).
pub struct PullGate {
    turns: std::sync::Arc<tokio::sync::Semaphore>,
    held: AtomicUsize,
    most: AtomicUsize,
}

impl Default for PullGate {
    fn default() -> PullGate {
        PullGate {
            turns: std::sync::Arc::new(tokio::sync::Semaphore::new(PULL_ROWS)),
            held: AtomicUsize::new(0),
            most: AtomicUsize::new(0),
        }
    }
}

/// Turns for `rows` rows, given back when dropped (by the blocking task that
/// reads them, should the request be dropped first).
struct PullTurns {
    gate: std::sync::Arc<PullGate>,
    rows: usize,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl PullGate {
    async fn enter(self: &std::sync::Arc<Self>, rows: usize) -> PullTurns {
        let rows = rows.min(PULL_ROWS);
        let permit = std::sync::Arc::clone(&self.turns)
            .acquire_many_owned(rows as u32)
            .await
            .expect("the gate is never closed");
        let held = self.held.fetch_add(rows, Ordering::SeqCst) + rows;
        self.most.fetch_max(held, Ordering::SeqCst);
        PullTurns {
            gate: std::sync::Arc::clone(self),
            rows,
            _permit: permit,
        }
    }

    /// The most rows held at once so far, for tests.
    pub fn most_held(&self) -> usize {
        self.most.load(Ordering::SeqCst)
    }
}

impl Drop for PullTurns {
    fn drop(&mut self) {
        self.gate.held.fetch_sub(self.rows, Ordering::SeqCst);
    }
}

pub async fn pull(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let query = parse_query(query.as_deref().unwrap_or(""))?;
    let limit = query.limit.unwrap_or(PAGE_DEFAULT).clamp(1, PAGE_MAX);
    let invalid = || {
        ApiError::bad_request(
            "cursor",
            "invalid_cursor",
            "not a cursor this server handed out",
        )
    };
    let cursor = match &query.cursor {
        None => None,
        Some(text) => Some(text.parse::<Cursor>().map_err(|_| invalid())?),
    };
    // SQLite holds change numbers up to 2^63 - 1: no server ever handed out a
    // larger one, so it is malformed (400), neither a storage failure nor taken
    // as evidence of a rollback (below): nobody can make the history switch with
    // a made-up number.
    if cursor.as_ref().is_some_and(|c| c.seq > SEQ_MAX) {
        return Err(invalid());
    }
    let after = cursor.as_ref().map_or(0, |c| c.seq);
    // One more than asked for tells whether there is more. Held until the page
    // is written (the rows are dropped with it).
    let turns = state.pulls.enter(limit + 1).await;
    let texts = Texts::for_viewer(viewer.actor().as_ref());
    let ((epoch, latest, mut rows), turns) = state
        .store
        .call(move |s| Ok((s.pull(after, limit + 1, texts)?, turns)))
        .await?;
    // A cursor of the current history must carry this server's tag, if it has
    // one: one that does not verify is 410 and changes nothing, like one of
    // another history (410 whatever its tag). A tag signed with another key (a
    // process started with another key file, a key lost) cannot be told from a
    // made-up one, and only 410 gets its device going again (it pulls from the
    // start); a made-up one gains nothing a made-up epoch would not.
    // An app built before cursors were signed cannot read a tagged one: a pull
    // from an untagged cursor is answered with an untagged one, so such an app
    // keeps syncing until it is updated; a pull from the start gets a tag.
    let untagged = cursor.as_ref().is_some_and(|c| c.tag.is_none());
    let genuine = match &cursor {
        Some(c) if c.epoch == epoch && c.tag.is_some() => {
            if !state.cursor_key.verifies(c) {
                return Err(gone());
            }
            true
        }
        _ => false,
    };
    // Another history, or beyond the last change of this one: the database was
    // restored or rolled back since this cursor was handed out.
    if let Some(cursor) = cursor.filter(|c| c.epoch != epoch || c.seq > latest) {
        // Beyond the last change of the current history: a rollback the start-up
        // checks could not see. Give the history a new epoch now, or once new
        // changes pass that number the old cursor would be served again and miss
        // them. Only a cursor this server signed counts (from anyone: nobody else
        // can make one); an untagged one, from before cursors were signed, is
        // answered 410 but switches nothing, so that no caller can make every
        // device pull the whole guide again with a made-up number.
        if genuine {
            state.store.call(move |s| s.rolled_back(&cursor)).await?;
        }
        return Err(gone());
    }
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    let last_seq = rows.last().map_or(after, |row| row.seq);
    let cursor = Cursor::new(epoch, last_seq);
    let cursor = if untagged {
        cursor
    } else {
        state.cursor_key.sign(cursor)
    };
    let cursor = cursor.to_string();
    let body = page_json(viewer.actor().as_ref(), &rows, &cursor, has_more);
    drop(rows);
    drop(turns);
    let mut response = ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    if has_more {
        // A cursor is base64url and digits: always a valid header value.
        if let Ok(next) = HeaderValue::from_str(&cursor) {
            response.headers_mut().insert(NEXT_CURSOR_HEADER, next);
        }
    }
    Ok(response)
}

fn gone() -> ApiError {
    ApiError::new(
        StatusCode::GONE,
        "cursor_expired",
        "this guide's history was replaced; pull again from the start",
    )
    .at("cursor")
}

fn parse_query(query: &str) -> Result<PullQuery, ApiError> {
    let pairs = form_urlencoded::parse(query.as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs)).map_err(|error| {
        ApiError::from_problem(StatusCode::BAD_REQUEST, &structural_problem(&error))
    })
}

/// The page as `viewer` may see it, as the JSON of a `wire::ChangesPage`. Written
/// by hand because stored records are JSON already: copying them is several times
/// faster than parsing and printing them again, and pages are large.
fn page_json(
    viewer: Option<&Actor>,
    rows: &[StoredRecord],
    cursor: &str,
    has_more: bool,
) -> Vec<u8> {
    let size: usize = rows.iter().map(|r| r.data.len() + 120).sum();
    let mut out = Vec::with_capacity(size + 100);
    out.extend_from_slice(b"{\"changes\":[");
    // Kinds a viewer can never see are left out rather than sent as tombstones:
    // nothing of them, not even their number, reaches them.
    let visible = rows.iter().filter(|row| can_ever_see(viewer, row.kind));
    for (index, row) in visible.enumerate() {
        if index > 0 {
            out.push(b',');
        }
        let change = row.change_for(viewer);
        // Codes, UUIDs and numbers never need escaping.
        let _ = write!(
            out,
            "{{\"kind\":\"{}\",\"id\":\"{}\",\"version\":{},\"seq\":{},\"deleted\":{}",
            change.kind.code(),
            change.id,
            change.version,
            change.seq,
            change.deleted
        );
        if let Some(data) = change.data {
            out.extend_from_slice(b",\"data\":");
            out.extend_from_slice(data.as_bytes());
        }
        if let Some(published) = change.last_published {
            out.extend_from_slice(b",\"last_published\":");
            out.extend_from_slice(published.as_bytes());
        }
        out.push(b'}');
    }
    let _ = write!(out, "],\"cursor\":\"{cursor}\",\"has_more\":{has_more}}}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wijkgids_core::record::Record;
    use wijkgids_core::sample::{sample_offering, sample_professional};
    use wijkgids_core::wire::ChangesPage;

    fn row(record: Record, seq: u64, deleted: bool) -> StoredRecord {
        let facts = record.facts();
        StoredRecord {
            kind: record.kind(),
            id: record.id(),
            version: record.version(),
            seq,
            deleted,
            status: facts.status,
            organisation_id: facts.organisation_id,
            data: record.to_json().to_string(),
            public_data: record.public().map(|p| p.to_json().to_string()),
            shared_data: record.shared().map(|s| s.to_json().to_string()),
            last_published: None,
        }
    }

    #[test]
    fn the_written_page_is_a_changes_page() {
        let offering = Record::Offering(Box::new(sample_offering()));
        let professional = Record::Professional(sample_professional());
        let rows = [
            row(offering.clone(), 3, false),
            row(professional, 4, false),
            row(offering, 5, true),
        ];
        let text = page_json(None, &rows, "e.5", true);
        let page: ChangesPage = serde_json::from_slice(&text).unwrap();
        assert_eq!(page.cursor, "e.5");
        assert!(page.has_more);
        assert_eq!(page.changes.len(), 2, "no directory for anonymous readers");
        let public = page.changes[0].data.as_ref().unwrap();
        assert_eq!(public["title"], sample_offering().title);
        assert!(public.get("referral").is_none());
        assert!(page.changes[1].deleted && page.changes[1].data.is_none());
    }

    /// What `Texts::PublicOnly` reads: the texts an anonymous reader never sees
    /// left out.
    fn public_only(row: &StoredRecord) -> StoredRecord {
        StoredRecord {
            data: String::new(),
            shared_data: None,
            last_published: None,
            ..row.clone()
        }
    }

    #[test]
    fn an_anonymous_page_is_the_same_from_the_public_texts_alone() {
        use wijkgids_core::sample::sample_organisation;
        use wijkgids_core::vocab::Status;
        let offering_in = |status: Status| {
            let mut offering = sample_offering();
            offering.status = status;
            Record::Offering(Box::new(offering))
        };
        let mut pending = row(offering_in(Status::PendingReview), 6, false);
        pending.last_published = Some(row(offering_in(Status::Published), 1, false).data);
        let rows = vec![
            row(offering_in(Status::Published), 3, false),
            row(offering_in(Status::Draft), 4, false),
            row(Record::Organisation(sample_organisation()), 5, false),
            pending,
            row(Record::Professional(sample_professional()), 7, false),
            row(offering_in(Status::Published), 8, true),
        ];
        assert_eq!(Texts::for_viewer(None), Texts::PublicOnly);
        let slim: Vec<_> = rows.iter().map(public_only).collect();
        let whole = page_json(None, &rows, "e.8", false);
        assert_eq!(page_json(None, &slim, "e.8", false), whole);
        let page: ChangesPage = serde_json::from_slice(&whole).unwrap();
        assert_eq!(page.changes.len(), 5, "every kind but the directory");
    }
}
