//! Abuse limits, security headers, HTTPS and hostile bodies, against a real server.

mod common;

use common::TestServer;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sotto_app::tenancy::rate_limits::RateLimitConfig;

fn limits(per_address: u32, per_visitor: u32, per_key: u32) -> RateLimitConfig {
    RateLimitConfig {
        per_address,
        per_visitor,
        per_site: 1_000,
        per_key,
    }
}

async fn assert_limited(response: reqwest::Response) {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=61).contains(&wait), "{wait}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
}

#[tokio::test]
async fn visitors_and_keys_have_their_own_budgets_and_429_says_when_to_retry() {
    let server = TestServer::start_configured(|c| c.rate_limits = limits(1_000, 3, 2)).await;
    let client = reqwest::Client::new();
    let anna = common::visitor();
    for _ in 0..3 {
        let ok = common::ask(&client, &server, &anna, json!({ "text": "Shipping?" })).await;
        assert_eq!(ok.status(), StatusCode::OK);
    }
    let limited = client
        .post(server.url("/api/v1/sites/demo/messages"))
        .header("sotto-visitor", &anna)
        .header("origin", server.url(""))
        .json(&json!({ "text": "Shipping?" }))
        .send()
        .await
        .unwrap();
    assert!(
        limited
            .headers()
            .contains_key("access-control-allow-origin"),
        "the widget can read why it was refused"
    );
    assert_limited(limited).await;
    let ben = common::ask(
        &client,
        &server,
        &common::visitor(),
        json!({ "text": "Returns?" }),
    )
    .await;
    assert_eq!(
        ben.status(),
        StatusCode::OK,
        "another visitor is not held back"
    );

    let me = |key: &str| {
        client
            .get(server.url("/api/v1/admin/me"))
            .bearer_auth(key.to_owned())
            .send()
    };
    for _ in 0..2 {
        assert_eq!(me(&server.api_key).await.unwrap().status(), StatusCode::OK);
    }
    assert_limited(me(&server.api_key).await.unwrap()).await;
    assert_eq!(
        me(&server.other_tenant_key).await.unwrap().status(),
        StatusCode::OK,
        "another key is not held back"
    );
}

#[tokio::test]
async fn one_address_cannot_flood_the_server() {
    let server = TestServer::start_configured(|c| c.rate_limits = limits(5, 1_000, 1_000)).await;
    let client = reqwest::Client::new();
    for _ in 0..5 {
        let ok = client.get(server.url("/healthz")).send().await.unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
    }
    assert_limited(client.get(server.url("/healthz")).send().await.unwrap()).await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_limited() {
    let server = TestServer::start_configured(|c| {
        c.rate_limits = limits(2, 1_000, 1_000);
        c.trust_forwarded_for = true;
    })
    .await;
    let client = reqwest::Client::new();
    let from = |address: &'static str| {
        client
            .get(server.url("/healthz"))
            .header("x-forwarded-for", format!("198.51.100.1, {address}"))
            .send()
    };
    for _ in 0..2 {
        assert_eq!(from("203.0.113.5").await.unwrap().status(), StatusCode::OK);
    }
    assert_limited(from("203.0.113.5").await.unwrap()).await;
    assert_eq!(from("203.0.113.6").await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_no_cookie() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    for path in [
        "/api/v1/sites/demo/settings",
        "/api/v1/openapi.json",
        "/nowhere",
        "/widget.js",
    ] {
        let response = client.get(server.url(path)).send().await.unwrap();
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert!(
            headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
        assert!(!headers.contains_key("set-cookie"));
        assert!(
            !headers.contains_key("strict-transport-security"),
            "no HSTS over plain HTTP"
        );
    }
}

#[tokio::test]
async fn deeply_nested_bodies_are_refused_before_parsing() {
    let server = TestServer::start().await;
    let client = reqwest::Client::new();
    let body = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let response = client
        .post(server.url("/api/v1/sites/demo/messages"))
        .header("sotto-visitor", common::visitor())
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: Value = response.json().await.unwrap();
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nested deeper")
    );
}

#[tokio::test]
async fn with_a_certificate_the_server_speaks_https_with_hsts() {
    let dir = tempfile::tempdir().unwrap();
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let server = TestServer::start_configured(|c| {
        c.public_url = Some(format!("https://127.0.0.1:{}", c.listen.port()));
        c.tls_cert = Some(cert.clone());
        c.tls_key = Some(key.clone());
    })
    .await;
    assert!(server.base.starts_with("https://"));
    let client = reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(certified.cert.pem().as_bytes()).unwrap(),
        )
        .build()
        .unwrap();
    let response = client.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
    let plain = reqwest::Client::new()
        .get(server.url("/healthz").replacen("https://", "http://", 1))
        .send()
        .await;
    assert!(
        plain.is_err() || !plain.unwrap().status().is_success(),
        "no plain HTTP on the TLS port"
    );
    server.stop().await;
}
