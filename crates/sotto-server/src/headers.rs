//! Security headers on every response. Visitors never get a cookie: only the admin UI's pages
//! may set one, and only the admin UI's own (team session, sign-in form token, language).

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, SET_COOKIE, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
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
/// `Content-Security-Policy`, `X-Frame-Options: DENY`, HSTS under TLS, and removes every
/// `Set-Cookie` but the admin UI's own cookies on its own pages.
pub async fn security_headers(
    State(Hsts(hsts)): State<Hsts>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let admin_page = path == "/admin" || path.starts_with("/admin/");
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
    let cookies: Vec<HeaderValue> = headers
        .get_all(SET_COOKIE)
        .iter()
        .filter(|cookie| {
            admin_page
                && cookie
                    .to_str()
                    .ok()
                    .and_then(|c| c.split_once('='))
                    .is_some_and(|(name, _)| crate::admin_ui::ADMIN_COOKIES.contains(&name))
        })
        .cloned()
        .collect();
    headers.remove(SET_COOKIE);
    for cookie in cookies {
        headers.append(SET_COOKIE, cookie);
    }
    response
}
