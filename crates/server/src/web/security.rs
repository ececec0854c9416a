//! Headers on every response of the server, API included: a Content-Security-Policy
//! that allows our own origin only, and the usual hardening headers.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::State;
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::response::Response;

use super::inline_script;

/// What [`add_security_headers`] adds. The CSP follows the app's `index.html`:
/// a new build has a new inline loader script, so the policy is brought up to
/// date whenever a page is served and the file has changed since.
#[derive(Clone)]
pub struct SecurityHeaders {
    fixed: Arc<HeaderMap>,
    policy: Arc<PagePolicy>,
}

impl SecurityHeaders {
    pub(super) fn for_page(index: PathBuf) -> SecurityHeaders {
        let fixed = [
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            // The guide is about help people look for (debts, care, language):
            // links out must not tell other sites which page someone was on.
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (
                HeaderName::from_static("permissions-policy"),
                PERMISSIONS_POLICY,
            ),
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                "same-origin",
            ),
            (
                HeaderName::from_static("cross-origin-resource-policy"),
                "same-origin",
            ),
        ]
        .into_iter()
        .map(|(name, value)| (name, HeaderValue::from_static(value)))
        .collect();
        let current = Current::read(&index, Stamp::of(&index));
        SecurityHeaders {
            fixed: Arc::new(fixed),
            policy: Arc::new(PagePolicy {
                index,
                current: Mutex::new(current),
            }),
        }
    }

    async fn content_security_policy(&self, for_page: bool) -> HeaderValue {
        if !for_page {
            return self.policy.current().csp;
        }
        let policy = Arc::clone(&self.policy);
        tokio::task::spawn_blocking(move || policy.refreshed())
            .await
            .unwrap_or_else(|_| self.policy.current().csp)
    }
}

/// Middleware for [`axum::middleware::map_response_with_state`] with
/// [`super::App::security_headers`]. A response that set one of these headers
/// itself keeps its own.
pub async fn add_security_headers(
    State(security): State<SecurityHeaders>,
    mut response: Response,
) -> Response {
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    let csp = security.content_security_policy(is_page).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(csp);
    for (name, value) in security.fixed.iter() {
        headers.entry(name).or_insert_with(|| value.clone());
    }
    response
}

/// Powerful features the app has no use for, switched off for it and any frame.
const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), \
    display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), \
    microphone=(), midi=(), payment=(), publickey-credentials-get=(), serial=(), \
    usb=(), xr-spatial-tracking=()";

/// Our own origin only. WASM needs `'wasm-unsafe-eval'` to compile (not `eval`),
/// and each inline script of `index.html` (trunk's loader) is allowed by its hash
/// rather than by allowing every inline script.
pub fn content_security_policy(inline_scripts: &[String]) -> String {
    let script_src = ["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()]
        .into_iter()
        .chain(
            inline_scripts
                .iter()
                .map(|text| inline_script::hash_source(text)),
        )
        .collect::<Vec<_>>()
        .join(" ");
    [
        ("default-src", "'self'"),
        ("script-src", &script_src),
        ("style-src", "'self'"),
        ("img-src", "'self' data:"),
        ("connect-src", "'self'"),
        ("manifest-src", "'self'"),
        ("worker-src", "'self'"),
        ("object-src", "'none'"),
        ("base-uri", "'self'"),
        ("form-action", "'self'"),
        ("frame-ancestors", "'none'"),
    ]
    .map(|(directive, sources)| format!("{directive} {sources}"))
    .join("; ")
}

/// The CSP for the `index.html` as it was when last looked at.
struct PagePolicy {
    index: PathBuf,
    current: Mutex<Current>,
}

#[derive(Clone)]
struct Current {
    stamp: Option<Stamp>,
    csp: HeaderValue,
}

/// Enough to tell that a file was replaced.
#[derive(Clone, Copy, PartialEq)]
struct Stamp {
    modified: SystemTime,
    len: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Stamp {
            modified: metadata.modified().ok()?,
            len: metadata.len(),
        })
    }
}

impl PagePolicy {
    fn current(&self) -> Current {
        self.current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Blocking: looks at the file, and reads it again when it has changed.
    fn refreshed(&self) -> HeaderValue {
        let stamp = Stamp::of(&self.index);
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.stamp != stamp {
            *current = Current::read(&self.index, stamp);
            tracing::info!(
                "{} changed: content security policy updated",
                self.index.display()
            );
        }
        current.csp.clone()
    }
}

impl Current {
    /// `stamp` is taken before reading, so a change during the read is seen next time.
    fn read(index: &Path, stamp: Option<Stamp>) -> Current {
        let inline_scripts = match std::fs::read_to_string(index) {
            Ok(html) => inline_script::texts(&html),
            Err(error) => {
                tracing::warn!("no app page to serve: {}: {error}", index.display());
                Vec::new()
            }
        };
        let csp = HeaderValue::from_str(&content_security_policy(&inline_scripts))
            .expect("a policy of quoted ASCII sources is a valid header value");
        Current { stamp, csp }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_allows_own_origin_wasm_and_the_listed_scripts_only() {
        let policy = content_security_policy(&["run()".to_owned()]);
        let script_src = policy
            .split("; ")
            .find_map(|d| d.strip_prefix("script-src "))
            .unwrap();
        assert_eq!(
            script_src,
            format!(
                "'self' 'wasm-unsafe-eval' {}",
                inline_script::hash_source("run()")
            )
        );
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    }
}
