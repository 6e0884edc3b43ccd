//! Security headers on every response. No response of Sotto ever sets a cookie.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::middleware::Next;
use axum::response::Response;

/// Adds `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`, and removes any
/// `Set-Cookie` that a layer might have added.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.remove(axum::http::header::SET_COOKIE);
    response
}
