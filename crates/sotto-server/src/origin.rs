//! Per-site CORS. A browser may call a site's widget API only from the site's registered
//! origins, or from pages the Sotto server serves itself (the demo). Requests without an
//! `Origin` header come from outside a browser, where CORS does not apply.

use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_MAX_AGE, HOST, ORIGIN, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sotto_core::ErrorCode;

use crate::ApiError;

/// The outcome of an origin check: the origin to echo in `Access-Control-Allow-Origin`, if any.
#[derive(Debug, Clone)]
pub struct AllowedOrigin(Option<HeaderValue>);

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let end = url[after_scheme..]
        .find('/')
        .map(|i| i + after_scheme)
        .unwrap_or(url.len());
    &url[..end]
}

/// Checks the request's `Origin` against the site's origins and the server's own.
pub fn check(
    headers: &HeaderMap,
    site_origins: &[String],
    public_url: &str,
) -> Result<AllowedOrigin, ApiError> {
    let Some(origin) = headers.get(ORIGIN) else {
        return Ok(AllowedOrigin(None));
    };
    let text = origin.to_str().unwrap_or_default().to_ascii_lowercase();
    let own_by_host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|host| text == format!("http://{host}") || text == format!("https://{host}"));
    let allowed = site_origins.contains(&text) || text == origin_of(public_url) || own_by_host;
    if allowed {
        Ok(AllowedOrigin(Some(origin.clone())))
    } else {
        Err(ApiError::new(
            ErrorCode::OriginNotAllowed,
            "this origin may not use this site's assistant",
        ))
    }
}

impl AllowedOrigin {
    /// Adds the CORS headers to a response (success or error alike, so the widget can read
    /// error bodies).
    pub fn apply(&self, response: impl IntoResponse) -> Response {
        let mut response = response.into_response();
        let headers = response.headers_mut();
        headers.append(VARY, HeaderValue::from_static("origin"));
        if let Some(origin) = &self.0 {
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        }
        response
    }

    /// The answer to a CORS preflight.
    pub fn preflight(&self) -> Response {
        let mut response = self.apply(StatusCode::NO_CONTENT);
        let headers = response.headers_mut();
        headers.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, DELETE, OPTIONS"),
        );
        headers.insert(
            ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type, sotto-visitor"),
        );
        headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(HOST, HeaderValue::from_str(host).unwrap());
        if let Some(origin) = origin {
            map.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
        }
        map
    }

    #[test]
    fn only_registered_or_own_origins() {
        let site = vec!["https://shop.example".to_owned()];
        let public = "https://chat.example/";
        assert!(
            check(&headers(None, "x"), &site, public)
                .unwrap()
                .0
                .is_none()
        );
        assert!(
            check(&headers(Some("https://shop.example"), "x"), &site, public)
                .unwrap()
                .0
                .is_some()
        );
        assert!(check(&headers(Some("https://chat.example"), "x"), &site, public).is_ok());
        assert!(
            check(
                &headers(Some("http://127.0.0.1:9000"), "127.0.0.1:9000"),
                &site,
                public
            )
            .is_ok()
        );
        assert!(
            check(
                &headers(Some("https://evil.example"), "chat.example"),
                &site,
                public
            )
            .is_err()
        );
        assert!(check(&headers(Some("null"), "chat.example"), &site, public).is_err());
        assert!(
            check(
                &headers(Some("https://shop.example.evil"), "x"),
                &site,
                public
            )
            .is_err()
        );
    }

    #[test]
    fn origin_of_urls() {
        assert_eq!(
            origin_of("https://a.example:8443/x/y"),
            "https://a.example:8443"
        );
        assert_eq!(origin_of("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
    }
}
