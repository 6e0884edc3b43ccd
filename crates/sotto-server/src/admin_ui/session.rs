//! The admin UI's cookies and the checks every page makes: the team session (`sotto_team`:
//! `HttpOnly; Secure; SameSite=Strict`, scoped to `/admin`), the CSRF token every form
//! carries, and the sign-in form's own token (double-submitted in a short-lived cookie, so
//! that another site cannot sign a browser in to an account of its choosing).

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, HeaderName, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sotto_app::team::sign_in::Session;
use sotto_app::{ConversationStore, MainStore};

use crate::AppState;

/// The team's session cookie.
pub const SESSION_COOKIE: &str = "sotto_team";
/// The sign-in form's double-submit cookie.
pub const SIGN_IN_COOKIE: &str = "sotto_signin";
/// Where the admin UI starts when nobody is signed in.
pub const SIGN_IN_PATH: &str = "/admin/sign-in";
/// Where a member changes their password (and must go first when someone else chose it).
pub const PASSWORD_PATH: &str = "/admin/account/password";

/// The value of cookie `name` in the `header` headers (the request's `Cookie`).
pub fn cookie_value(headers: &HeaderMap, header: HeaderName, name: &str) -> Option<String> {
    headers
        .get_all(header)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A `Set-Cookie` value for the admin UI: never readable by scripts, sent only over HTTPS
/// (browsers treat loopback as secure), only to `/admin`, never from another site.
pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/admin; Max-Age={max_age_seconds}; HttpOnly; Secure; SameSite=Strict"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("sotto_invalid=; Max-Age=0"))
}

/// A `303 See Other` to `location`, with cookies to set.
pub fn redirect(location: &str, cookies: &[HeaderValue]) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, location);
    }
    for cookie in cookies {
        response.headers_mut().append(SET_COOKIE, cookie.clone());
    }
    response
}

/// A signed-in team member; a page that needs one sends everyone else to the sign-in form.
pub struct TeamSession(pub Session);

impl<M: MainStore, C: ConversationStore> FromRequestParts<AppState<M, C>> for TeamSession {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        sotto: &AppState<M, C>,
    ) -> Result<Self, Self::Rejection> {
        let signed_out = || redirect(SIGN_IN_PATH, &[set_cookie(SESSION_COOKIE, "", 0)]);
        let value = cookie_value(&parts.headers, COOKIE, SESSION_COOKIE).ok_or_else(signed_out)?;
        let session = sotto.session(&value).await.map_err(|_| signed_out())?;
        // A password someone else chose is changed before anything else can be done.
        let path = parts.uri.path();
        if session.must_change_password && path != PASSWORD_PATH && path != "/admin/sign-out" {
            return Err(redirect(PASSWORD_PATH, &[]));
        }
        Ok(TeamSession(session))
    }
}

impl TeamSession {
    /// The token this session's forms carry.
    pub fn csrf_token(&self) -> String {
        self.0.cookie.csrf_token()
    }

    /// Whether the member's role allows `permission` (what the pages show; the use cases
    /// check again).
    pub fn may(&self, permission: sotto_core::access::Permission) -> bool {
        self.0.caller.role.allows(permission)
    }

    /// Whether a posted form carries this session's token.
    pub fn csrf_ok(&self, presented: &str) -> bool {
        self.0.cookie.csrf_matches(presented)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; sotto_team=t.s.x; sotto_lang=fr"),
        );
        assert_eq!(
            cookie_value(&headers, COOKIE, SESSION_COOKIE).as_deref(),
            Some("t.s.x")
        );
        assert_eq!(cookie_value(&headers, COOKIE, "missing"), None);
        let set = set_cookie(SESSION_COOKIE, "v", 60);
        let set = set.to_str().unwrap();
        for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/admin"] {
            assert!(set.contains(attribute), "{set}");
        }
    }
}
