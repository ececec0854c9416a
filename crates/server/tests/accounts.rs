//! Signing in and out, sessions, the attempt limit, and accounts made by coordinators.

mod common;

use common::{PASSWORD, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;
use wijkgids_core::vocab::{AccountRole, AccountStatus};

#[tokio::test]
async fn sign_in_me_and_sign_out() {
    let server = TestServer::start_with(false).await;
    let client = server.signed_in(AccountRole::Professional, None).await;
    let (status, me) = client.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["role"], "professional");
    assert_eq!(me["status"], "active");
    assert!(me.get("password_hash").is_none());

    let (status, _) = client.send(Method::DELETE, "/api/v1/session", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = client.get("/api/v1/me").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let (status, _) = server.anonymous().get("/api/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    let server = TestServer::start_with(false).await;
    let client = server.signed_in(AccountRole::Professional, None).await;
    let (_, me) = client.get("/api/v1/me").await;
    let anonymous = server.anonymous();
    let attempt = |email: &str, password: &str| json!({ "email": email, "password": password });
    let (status, wrong) = anonymous
        .send(
            Method::POST,
            "/api/v1/session",
            Some(attempt(
                me["email"].as_str().unwrap(),
                "verkeerd wachtwoord",
            )),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, unknown) = anonymous
        .send(
            Method::POST,
            "/api/v1/session",
            Some(attempt("niemand@example.org", PASSWORD)),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong, unknown);
    assert_eq!(wrong["code"], "invalid_credentials");
    // Case and spaces around the address do not matter.
    let email = format!("  {}  ", me["email"].as_str().unwrap().to_uppercase());
    let (status, _) = anonymous
        .send(
            Method::POST,
            "/api/v1/session",
            Some(attempt(&email, PASSWORD)),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn too_many_failed_attempts_are_refused_for_a_while() {
    let server = TestServer::start_with(false).await;
    let anonymous = server.anonymous();
    let body = json!({ "email": "raden@example.org", "password": "nog een gok" });
    for _ in 0..wijkgids_server::auth::limiter::ATTEMPTS {
        let (status, _) = anonymous
            .send(Method::POST, "/api/v1/session", Some(body.clone()))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let response = anonymous
        .http
        .post(format!("{}/api/v1/session", server.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 0);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");
}

#[tokio::test]
async fn blocking_an_account_ends_its_sessions() {
    let server = TestServer::start_with(false).await;
    let client = server
        .signed_in(AccountRole::Publisher, Some(uuid::Uuid::from_u128(5)))
        .await;
    let (_, me) = client.get("/api/v1/me").await;
    let email = me["email"].as_str().unwrap().to_owned();
    let blocked = email.clone();
    server
        .state
        .store
        .call(move |s| s.set_account_status(&blocked, AccountStatus::Blocked))
        .await
        .unwrap();
    let (status, _) = client.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = server
        .anonymous()
        .send(
            Method::POST,
            "/api/v1/session",
            Some(json!({ "email": email, "password": PASSWORD })),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
}

#[tokio::test]
async fn coordinators_create_accounts_others_may_not() {
    let server = TestServer::start_with(false).await;
    let coordinator = server.signed_in(AccountRole::Coordinator, None).await;
    let new = json!({ "email": "Sporten@Example.org", "password": "een goed wachtwoord",
                      "role": "publisher", "organisation_id": uuid::Uuid::from_u128(9) });
    let (status, account) = coordinator
        .send(Method::POST, "/api/v1/accounts", Some(new.clone()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{account}");
    assert_eq!(account["email"], "sporten@example.org");
    let (status, body) = coordinator
        .send(Method::POST, "/api/v1/accounts", Some(new.clone()))
        .await;
    assert_eq!(
        (status, body["code"].as_str(), body["field"].as_str()),
        (StatusCode::CONFLICT, Some("email_taken"), Some("email"))
    );
    let (status, list) = coordinator.get("/api/v1/accounts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|a| a["email"] == "sporten@example.org")
    );

    let (status, _) = server
        .anonymous()
        .send(
            Method::POST,
            "/api/v1/session",
            Some(json!({ "email": "sporten@example.org", "password": "een goed wachtwoord" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the new account signs in");

    let bad = [
        (
            json!({ "email": "geen adres", "password": "een goed wachtwoord", "role": "professional" }),
            "email",
            "invalid_email",
        ),
        (
            json!({ "email": "a@example.org", "password": "kort", "role": "professional" }),
            "password",
            "too_short",
        ),
        (
            json!({ "email": "b@example.org", "password": "een goed wachtwoord", "role": "publisher" }),
            "organisation_id",
            "required",
        ),
        (
            json!({ "email": "c@example.org", "password": "een goed wachtwoord", "role": "king" }),
            "role",
            "unknown_code",
        ),
    ];
    for (body, field, code) in bad {
        let (status, error) = coordinator
            .send(Method::POST, "/api/v1/accounts", Some(body))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
        assert_eq!(
            (error["field"].as_str(), error["code"].as_str()),
            (Some(field), Some(code)),
            "{error}"
        );
    }

    let publisher = server
        .signed_in(AccountRole::Publisher, Some(uuid::Uuid::from_u128(9)))
        .await;
    let (status, body) = publisher
        .send(Method::POST, "/api/v1/accounts", Some(new))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let (status, _) = publisher.get("/api/v1/accounts").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let server = TestServer::start_with(false).await;
    let client = server.signed_in(AccountRole::Professional, None).await;
    let (_, me) = client.get("/api/v1/me").await;
    let account_id: uuid::Uuid = me["id"].as_str().unwrap().parse().unwrap();
    let token = wijkgids_server::auth::new_token();
    let hash = wijkgids_server::auth::token_hash(&token);
    let past = chrono::Utc::now() - chrono::Duration::seconds(1);
    server
        .state
        .store
        .call(move |s| s.insert_session(&hash, account_id, past))
        .await
        .unwrap();
    let mut expired = server.anonymous();
    expired.token = Some(token);
    let (status, body) = expired.get("/api/v1/me").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let (status, _) = client.get("/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "the live session is unaffected");
}
