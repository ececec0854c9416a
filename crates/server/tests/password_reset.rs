//! A forgotten password: a coordinator makes a one-time link, valid for a day;
//! its holder sets a new password with it, which ends the account's sessions and
//! signs them in. A used, expired, replaced or made-up link is refused with a
//! reason, and trying many is limited per network address.

mod common;

use common::{Client, PASSWORD, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use wijkgids_core::vocab::AccountRole;
use wijkgids_server::auth::limiter::RESET_ATTEMPTS;
use wijkgids_server::auth::{RESET_LINK_VALID, new_token, token_hash};
use wijkgids_server::store::ResetState;

const NEW_PASSWORD: &str = "een nieuw en lang wachtwoord";

/// A coordinator, and a publisher signed in on one device.
async fn server_with_publisher() -> (TestServer, Client, Client, Value) {
    let server = TestServer::start_with(false).await;
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    let publisher = server
        .signed_in(AccountRole::Publisher, Some(uuid::Uuid::from_u128(5)))
        .await;
    let (_, me) = publisher.get("/api/v1/me").await;
    (server, coordinator, publisher, me)
}

async fn issue(client: &Client, account: &Value) -> (StatusCode, Value) {
    let path = format!(
        "/api/v1/accounts/{}/password-reset",
        account["id"].as_str().unwrap()
    );
    client.send(Method::POST, &path, None).await
}

async fn issued(client: &Client, account: &Value) -> String {
    let (status, link) = issue(client, account).await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    link["token"].as_str().unwrap().to_owned()
}

async fn reset(server: &TestServer, token: &str, password: &str) -> (StatusCode, Value) {
    server
        .anonymous()
        .send(
            Method::POST,
            "/api/v1/password-reset",
            Some(json!({ "token": token, "password": password })),
        )
        .await
}

async fn check(server: &TestServer, token: &str) -> (StatusCode, Value) {
    server
        .anonymous()
        .send(
            Method::POST,
            "/api/v1/password-reset/check",
            Some(json!({ "token": token })),
        )
        .await
}

async fn sign_in(server: &TestServer, email: &Value, password: &str) -> StatusCode {
    let email = email.as_str().unwrap();
    server.anonymous().try_sign_in(email, password).await.0
}

fn refused(answer: &(StatusCode, Value)) -> (StatusCode, Option<&str>, Option<&str>) {
    (
        answer.0,
        answer.1["field"].as_str(),
        answer.1["code"].as_str(),
    )
}

#[tokio::test]
async fn a_link_sets_a_new_password_once_and_ends_the_old_sessions() {
    let (server, coordinator, publisher, me) = server_with_publisher().await;
    let (status, link) = issue(&coordinator, &me).await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    let token = link["token"].as_str().unwrap();
    assert_eq!(token.len(), 64);
    let expires: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(link["expires_at"].clone()).unwrap();
    let left = expires - chrono::Utc::now();
    assert!(
        left > RESET_LINK_VALID - chrono::Duration::minutes(1) && left <= RESET_LINK_VALID,
        "valid for a day: {left}"
    );
    // Only the hash is stored.
    assert!(!server.stored_text().contains(token));

    let (status, found) = check(&server, token).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["email"], me["email"]);

    // The rules of a new password; a refusal here leaves the link working.
    let answer = reset(&server, token, "kort").await;
    assert_eq!(
        refused(&answer),
        (StatusCode::BAD_REQUEST, Some("password"), Some("too_short"))
    );

    let (status, session) = reset(&server, token, NEW_PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!(session["account"]["id"], me["id"]);
    let mut signed_in = server.anonymous();
    signed_in.token = Some(session["token"].as_str().unwrap().to_owned());
    assert_eq!(signed_in.get("/api/v1/me").await.0, StatusCode::OK);
    assert_eq!(
        publisher.get("/api/v1/me").await.0,
        StatusCode::UNAUTHORIZED,
        "the session of before has ended"
    );
    assert_eq!(
        sign_in(&server, &me["email"], PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&server, &me["email"], NEW_PASSWORD).await,
        StatusCode::OK
    );

    // Once only.
    let again = reset(&server, token, "nog een ander wachtwoord").await;
    assert_eq!(
        refused(&again),
        (StatusCode::GONE, Some("token"), Some("reset_link_used"))
    );
    assert_eq!(
        refused(&check(&server, token).await),
        (StatusCode::GONE, Some("token"), Some("reset_link_used"))
    );
    assert_eq!(
        sign_in(&server, &me["email"], NEW_PASSWORD).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_expired_or_replaced_link_is_refused() {
    let (server, coordinator, _publisher, me) = server_with_publisher().await;
    let account_id: uuid::Uuid = me["id"].as_str().unwrap().parse().unwrap();

    // A link whose day is over (the store takes its end, so the test sets it).
    let token = new_token();
    let hash = token_hash(&token);
    let past = chrono::Utc::now() - chrono::Duration::seconds(1);
    server
        .state
        .store
        .call(move |s| s.insert_password_reset(&hash, account_id, past))
        .await
        .unwrap();
    let expired = reset(&server, &token, NEW_PASSWORD).await;
    assert_eq!(
        refused(&expired),
        (StatusCode::GONE, Some("token"), Some("reset_link_expired"))
    );
    assert_eq!(
        sign_in(&server, &me["email"], PASSWORD).await,
        StatusCode::OK,
        "nothing changed"
    );

    // An issued link is valid a day, and not a moment longer (the clock pinned).
    let token = issued(&coordinator, &me).await;
    let hash = token_hash(&token);
    let at = |hours: i64, seconds: i64| {
        let hash = hash.clone();
        let now = chrono::Utc::now()
            + chrono::Duration::hours(hours)
            + chrono::Duration::seconds(seconds);
        let store = server.state.store.clone();
        async move {
            store
                .call(move |s| s.password_reset(&hash, now))
                .await
                .unwrap()
        }
    };
    assert!(matches!(at(23, 3500).await, ResetState::Valid { .. }));
    assert_eq!(at(24, 5).await, ResetState::Expired);

    // A newer link replaces it.
    let newer = issued(&coordinator, &me).await;
    assert_eq!(
        refused(&reset(&server, &token, NEW_PASSWORD).await),
        (
            StatusCode::NOT_FOUND,
            Some("token"),
            Some("reset_link_unknown")
        )
    );
    assert_eq!(check(&server, &newer).await.0, StatusCode::OK);

    // Blocked since: the link does nothing.
    let (status, _) = coordinator
        .send(
            Method::PATCH,
            &format!("/api/v1/accounts/{account_id}"),
            Some(json!({ "status": "blocked" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        refused(&reset(&server, &newer, NEW_PASSWORD).await),
        (StatusCode::FORBIDDEN, Some("token"), Some("forbidden"))
    );
}

#[tokio::test]
async fn only_coordinators_make_links_and_only_for_active_accounts() {
    let (server, coordinator, publisher, me) = server_with_publisher().await;
    assert_eq!(issue(&publisher, &me).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        issue(&server.anonymous(), &me).await.0,
        StatusCode::UNAUTHORIZED
    );
    for unknown in [
        json!({ "id": uuid::Uuid::from_u128(77) }),
        json!({ "id": "geen-id" }),
    ] {
        let (status, body) = issue(&coordinator, &unknown).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found"))
        );
    }
    let (status, pending) = server
        .anonymous()
        .send(
            Method::POST,
            "/api/v1/account-requests",
            Some(
                json!({ "email": "wacht@example.org", "password": PASSWORD, "name": "W",
                         "initiative": { "name": "De Pluk", "description": "Tuinieren" } }),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{pending}");
    let (status, body) = issue(&coordinator, &pending).await;
    assert_eq!(
        (status, body["field"].as_str(), body["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("status"),
            Some("invalid_value")
        )
    );
}

#[tokio::test]
async fn hostile_links_are_refused_and_guessing_is_limited() {
    let (server, coordinator, _publisher, me) = server_with_publisher().await;
    let real = issued(&coordinator, &me).await;
    // Strange bodies: refused before any token is looked up (and not counted).
    for (body, code) in [
        (json!({ "token": real }), "invalid_value"),
        (
            json!({ "token": real, "password": NEW_PASSWORD, "email": "x" }),
            "unknown_field",
        ),
        (
            json!({ "token": 5, "password": NEW_PASSWORD }),
            "wrong_type",
        ),
        (
            json!({ "token": " ", "password": NEW_PASSWORD }),
            "required",
        ),
    ] {
        let (status, answer) = server
            .anonymous()
            .send(Method::POST, "/api/v1/password-reset", Some(body))
            .await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some(code)),
            "{answer}"
        );
    }
    // A huge token, one of the wrong shape, a made-up one: unknown.
    let huge = "a".repeat(3 * 1024 * 1024);
    let wrong = new_token();
    for token in [
        huge.as_str(),
        "../../etc/passwd",
        &real.to_uppercase(),
        &wrong,
    ] {
        let answer = reset(&server, token, NEW_PASSWORD).await;
        assert_eq!(
            refused(&answer),
            (
                StatusCode::NOT_FOUND,
                Some("token"),
                Some("reset_link_unknown")
            )
        );
    }
    // Many tries at once from one address: no more than the limit get looked up,
    // the rest are told to wait; none changes anything.
    let bodies = (0..RESET_ATTEMPTS * 3)
        .map(|_| json!({ "token": new_token(), "password": NEW_PASSWORD }))
        .collect();
    let answers = all_at_once(&server, bodies).await;
    let looked_up = answers
        .iter()
        .filter(|(status, _)| *status == StatusCode::NOT_FOUND)
        .count();
    let limited = answers
        .iter()
        .filter(|(status, answer)| {
            *status == StatusCode::TOO_MANY_REQUESTS && answer["code"] == "too_many_attempts"
        })
        .count();
    // The four strange tokens above counted too.
    assert_eq!(looked_up, RESET_ATTEMPTS as usize - 4, "{answers:?}");
    assert_eq!(limited, answers.len() - looked_up, "{answers:?}");
    // Even the real link waits now, and the password is unchanged.
    assert_eq!(
        reset(&server, &real, NEW_PASSWORD).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        sign_in(&server, &me["email"], PASSWORD).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn of_many_uses_of_one_link_at_once_one_wins() {
    let (server, coordinator, _publisher, me) = server_with_publisher().await;
    let token = issued(&coordinator, &me).await;
    let passwords: Vec<String> = (0..6).map(|i| format!("{NEW_PASSWORD} {i}")).collect();
    let bodies = passwords
        .iter()
        .map(|password| json!({ "token": token, "password": password }))
        .collect();
    let answers = all_at_once(&server, bodies).await;
    let won: Vec<_> = (0..answers.len())
        .filter(|&i| answers[i].0 == StatusCode::OK)
        .collect();
    assert_eq!(won.len(), 1, "{answers:?}");
    for (status, answer) in &answers {
        assert!(
            *status == StatusCode::OK || answer["code"] == "reset_link_used",
            "{answers:?}"
        );
    }
    let password = &passwords[won[0]];
    assert_eq!(
        sign_in(&server, &me["email"], password).await,
        StatusCode::OK
    );
}

/// Sends every body to `/api/v1/password-reset` at once, each on its own
/// connection; the answers in the order of the bodies.
async fn all_at_once(server: &TestServer, bodies: Vec<Value>) -> Vec<(StatusCode, Value)> {
    let tasks: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let client = server.anonymous();
            tokio::spawn(async move {
                client
                    .send(Method::POST, "/api/v1/password-reset", Some(body))
                    .await
            })
        })
        .collect();
    let mut answers = Vec::with_capacity(tasks.len());
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}
