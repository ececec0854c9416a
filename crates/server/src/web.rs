//! How the built app (trunk's `dist/`) is served: each file with its type and a
//! cache lifetime that fits its name, `index.html` for client-side routes, and the
//! security headers that every response of the server carries.

use std::convert::Infallible;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use wijkgids_core::Offering;
use wijkgids_core::vocab::RecordKind;

use crate::store::Store;

mod inline_script;
mod offering_page;
mod page_fill;
mod public_index;
mod search_page;
mod security;

pub use public_index::{PUBLIC_GUIDE_MAX, PublicGuideBody, PublicIndex};
pub use security::{SecurityHeaders, add_security_headers};

/// Files whose name carries a hash of their content never change under that name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else may change with the next release: ask the server every time
/// (a 304 when unchanged), so that a new `index.html` points at the new files.
const REVALIDATE: &str = "no-cache";

/// The built app in one folder, and the headers that go with it.
#[derive(Clone)]
pub struct App {
    dir: PathBuf,
    security_headers: SecurityHeaders,
    /// Where the pages of a shared offering or search get their content from
    /// (none: plain pages).
    store: Option<Store>,
    search: PublicIndex,
}

impl App {
    /// A folder without `index.html` (no app built yet) still serves the API,
    /// and the app once it is built there.
    pub fn load(dir: &Path) -> App {
        App {
            dir: dir.to_path_buf(),
            security_headers: SecurityHeaders::for_page(dir.join("index.html")),
            store: None,
            search: Default::default(),
        }
    }

    /// Sends `/aanbod/<id>` and `/zoeken?...` with the offering or the results
    /// from `store` already in the page.
    pub fn with_offerings_from(mut self, store: Store, public: PublicIndex) -> App {
        self.store = Some(store);
        self.search = public;
        self
    }

    /// The app's files, with `index.html` for any path that names no file, so
    /// that a client-side route survives a reload.
    pub fn files(&self) -> Router {
        let index = ServeFile::new(self.dir.join("index.html"))
            .precompressed_br()
            .precompressed_gzip();
        let (dir, store, search) = (self.dir.clone(), self.store.clone(), self.search.clone());
        let pages = tower::service_fn(move |request: Request| {
            let (index, dir, store, search) =
                (index.clone(), dir.clone(), store.clone(), search.clone());
            async move {
                let filled = match &store {
                    Some(store) if request.method() == Method::GET => {
                        filled_page(&dir, store, &search, request.uri().clone()).await
                    }
                    _ => None,
                };
                Ok::<_, Infallible>(match filled {
                    Some(page) => page_response(page),
                    None => navigation(index, request).await,
                })
            }
        });
        let files = ServeDir::new(&self.dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(pages);
        Router::new()
            .fallback_service(files)
            .layer(middleware::from_fn(set_cache_control))
    }

    /// The headers for [`add_security_headers`].
    pub fn security_headers(&self) -> SecurityHeaders {
        self.security_headers.clone()
    }
}

/// A path that misses: `index.html` when it looks like a page (a client-side
/// route), 404 when it looks like a file, so that a missing script or stylesheet
/// fails as such instead of arriving as HTML.
async fn navigation(index: ServeFile, request: Request) -> Response {
    let is_page = matches!(*request.method(), Method::GET | Method::HEAD)
        && !file_name(request.uri().path()).contains('.');
    if !is_page {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut response = index.oneshot(request).await.into_response();
    // Whatever the route looks like, this is the page, not a hashed file.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    response
}

/// The page with its content in it, for an offering or a search; `None` (the
/// plain page) for other paths, an offering nobody may see, or no page to fill.
async fn filled_page(
    dir: &Path,
    store: &Store,
    search: &PublicIndex,
    uri: axum::http::Uri,
) -> Option<String> {
    let index = || async { tokio::fs::read_to_string(dir.join("index.html")).await.ok() };
    if uri.path() == "/zoeken" {
        let query = uri.query().unwrap_or_default();
        return search_page::render(&index().await?, search, store, query).await;
    }
    let id = offering_page::offering_id(uri.path())?;
    let record = store
        .call(move |s| s.record(RecordKind::Offering, id))
        .await
        .ok()??;
    let json = record.change_for(None).data?.to_owned();
    let offering: Offering = serde_json::from_str(&json).ok()?;
    offering_page::render(&index().await?, &offering, &json)
}

fn page_response(page: String) -> Response {
    let mut response = page.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    response
}

/// Long caching for a file found under a hashed name; revalidation for the rest.
async fn set_cache_control(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let policy = if hashed && found {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    response
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether trunk put a content hash in the path: `name-<hex digits>` followed by
/// the end of a segment, a `.` or a `_`, as in `wijkgids-0123456789abcdef_bg.wasm`,
/// `main-36eb7254cff469e.css` or the folder `snippets/wijkgids-0123456789abcdef/`.
/// Trunk writes a 64-bit hash without leading zeros: 16 digits, or rarely fewer;
/// 12 are too few, as in the last group of a UUID.
/// A name taken for unhashed is only revalidated more often than it needs.
fn is_content_hashed(path: &str) -> bool {
    const DIGITS: std::ops::RangeInclusive<usize> = 13..=16;
    path.split('/').any(|segment| {
        segment.match_indices('-').any(|(dash, _)| {
            let rest = &segment[dash + 1..];
            let end = rest.find(['.', '_']).unwrap_or(rest.len());
            DIGITS.contains(&end) && rest[..end].bytes().all(|b| b.is_ascii_hexdigit())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_names_are_hashed_and_copied_files_are_not() {
        for hashed in [
            "/wijkgids-2f1c0e9d8b7a6543_bg.wasm",
            "/wijkgids-2f1c0e9d8b7a6543.js",
            "/main-00ff00ff00ff00ff.css",
            "/main-36eb7254cff469e.css", // a hash with a leading zero
            "/snippets/wijkgids-2f1c0e9d8b7a6543/inline0.js",
        ] {
            assert!(is_content_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/sw.js",
            "/manifest.webmanifest",
            "/robots.txt",
            "/favicon.svg",
            "/wijkgids-2f1c0e9d8b7a.js",      // too short for a hash
            "/wijkgids-2f1c0e9d8b7a65430.js", // too long
            "/wijkgids-2f1c0e9d8b7a6543x.js", // more than a hash
            "/wijkgids-2f1c0e9d8b7a654g.js",  // not hex
            "/face-2f1c0e9d8b7a6543-x.js",
            "/aanbod/3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        ] {
            assert!(!is_content_hashed(plain), "{plain}");
        }
    }
}
