//! Security headers on every response. No response of Sotto ever sets a cookie.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of every response that does not set its own (the demo pages do): nothing loads,
/// nothing frames it. Inline style is allowed for the downloadable export page.
const DEFAULT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Whether the server speaks HTTPS itself, and so sends `Strict-Transport-Security`.
#[derive(Debug, Clone, Copy)]
pub struct Hsts(pub bool);

/// Adds `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, a default
/// `Content-Security-Policy`, `X-Frame-Options: DENY`, HSTS under TLS, and removes any
/// `Set-Cookie` that a layer might have added.
pub async fn security_headers(
    State(Hsts(hsts)): State<Hsts>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        );
    }
    if hsts {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    headers.remove(axum::http::header::SET_COOKIE);
    response
}
