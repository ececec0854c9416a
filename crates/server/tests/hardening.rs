//! The server under hostile load (issue 20): attempts counted before the expensive
//! work, bounded password hashing, search and connection limits.

mod common;

use common::{PASSWORD, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use wijkgids_core::vocab::AccountRole;
use wijkgids_server::auth::limiter::ATTEMPTS;

/// Many guesses at once from one address: no more than the limit reach the
/// password check, the rest are refused before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_sign_ins_are_counted_before_the_password_is_checked() {
    let server = TestServer::start_with(false).await;
    let client = server.signed_in(AccountRole::Coordinator, None).await;
    let (_, me) = client.get("/api/v1/me").await;
    let email = me["email"].as_str().unwrap().to_owned();
    let guesses = (0..60).map(|n| {
        let anonymous = server.anonymous();
        let email = email.clone();
        async move {
            let password = if n == 59 {
                PASSWORD.to_owned()
            } else {
                format!("gok nummer {n}")
            };
            anonymous.try_sign_in(&email, &password).await.0
        }
    });
    let statuses: Vec<StatusCode> = futures_join_all(guesses).await;
    let tried = statuses
        .iter()
        .filter(|s| **s != StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(
        tried <= ATTEMPTS as usize,
        "{tried} attempts reached the password check: {statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| matches!(
            *s,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::UNAUTHORIZED | StatusCode::OK
        )),
        "{statuses:?}"
    );
}

/// Runs the futures at once (spawned, so they race on the server for real).
async fn futures_join_all<T: Send + 'static>(
    futures: impl IntoIterator<Item = impl std::future::Future<Output = T> + Send + 'static>,
) -> Vec<T> {
    let tasks: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

/// An e-mail address or password longer than any account's is refused before it
/// is counted, kept or hashed.
#[tokio::test]
async fn over_long_credentials_are_refused_before_the_limiter() {
    let server = TestServer::start_with(false).await;
    let anonymous = server.anonymous();
    let huge = format!("{}@example.org", "a".repeat(1 << 20));
    for _ in 0..ATTEMPTS + 2 {
        let (status, error) = anonymous.try_sign_in(&huge, PASSWORD).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(
            (error["field"].as_str(), error["code"].as_str()),
            (Some("email"), Some("too_long"))
        );
    }
    let (status, error) = anonymous
        .try_sign_in("iemand@example.org", &"x".repeat(100_000))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["field"], "password");
    // Nothing was counted: the address may still try.
    let (status, _) = anonymous.try_sign_in("iemand@example.org", PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// When every turn to hash a password is taken, sign-ins and account requests are
/// told to come back (503 with Retry-After) instead of queueing without bound.
#[tokio::test]
async fn password_hashing_is_bounded() {
    let server = TestServer::with_sample_organisation().await;
    let gate = &server.state.hashing;
    let all = gate.permits().available_permits() as u32;
    let _held = gate.permits().acquire_many(all).await.unwrap();
    let anonymous = server.anonymous();
    let response = anonymous
        .http
        .post(format!("{}/api/v1/session", server.base))
        .json(&json!({ "email": "iemand@example.org", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key("retry-after"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "busy");
    let request = json!({
        "email": "nieuw@example.org", "password": PASSWORD, "name": "Nieuw",
        "organisation_id": wijkgids_core::sample::SAMPLE_ORGANISATION_ID,
    });
    let (status, body) = anonymous
        .send(Method::POST, "/api/v1/account-requests", Some(request))
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
}
