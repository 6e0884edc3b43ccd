//! The admin web UI at `/admin`: server-rendered pages (maud; no script, no external asset)
//! in English and French, for team members signed in with their password. Every page calls
//! the same use cases as the admin API, with the member as the caller, so roles, tenant
//! scoping and audit entries are the API's.
//!
//! - [`session`]: the cookies, the signed-in extractor and CSRF checks.
//! - [`i18n`]: the two languages and every text.
//! - [`layout`]: the frame of every page and its security headers.
//! - [`sign_in_page`]: signing in and out.
//! - [`inbox`]: conversations and one conversation.

mod i18n;
mod inbox;
mod layout;
mod session;
mod sign_in_page;

use axum::Router;
use axum::extract::Path;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use sotto_app::{ConversationStore, MainStore};

use crate::AppState;
use i18n::{LANG_COOKIE, Lang};
use layout::{ADMIN_CSS, Section, message_page};
use session::{TeamSession, redirect, set_cookie};

/// The only cookies Sotto sets: the admin UI's own, on its own pages
/// ([`crate::headers::security_headers`] drops every other `Set-Cookie`).
pub(crate) const ADMIN_COOKIES: [&str; 3] = [
    session::SESSION_COOKIE,
    session::SIGN_IN_COOKIE,
    LANG_COOKIE,
];

/// The admin UI's routes.
pub fn routes<M: MainStore, C: ConversationStore>() -> Router<AppState<M, C>> {
    Router::new()
        .route("/admin", get(|| async { redirect("/admin/inbox", &[]) }))
        .route("/admin/", get(|| async { redirect("/admin/inbox", &[]) }))
        .route(
            "/admin/sign-in",
            get(sign_in_page::show).post(sign_in_page::submit::<M, C>),
        )
        .route("/admin/sign-out", post(sign_in_page::sign_out::<M, C>))
        .route("/admin/inbox", get(inbox::inbox::<M, C>))
        .route(
            "/admin/conversations/{id}",
            get(inbox::conversation::<M, C>),
        )
        .route("/admin/language/{code}", get(switch_language))
        .route("/admin/admin.css", get(stylesheet))
}

/// The answer to a form posted without this session's CSRF token.
fn refuse_form(lang: Lang, session: &TeamSession) -> Response {
    let t = lang.texts();
    message_page(
        lang,
        StatusCode::FORBIDDEN,
        t.expired_form_title,
        t.expired_form,
        Some((session, Section::Inbox)),
    )
}

/// `GET /admin/language/{code}`: remembers the language for a year, back to the inbox.
async fn switch_language(Path(code): Path<String>) -> Response {
    let lang = Lang::parse(&code).unwrap_or(Lang::En);
    redirect(
        "/admin/inbox",
        &[set_cookie(LANG_COOKIE, lang.code(), 365 * 24 * 3600)],
    )
}

async fn stylesheet() -> Response {
    (
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/css; charset=utf-8"),
        )],
        ADMIN_CSS,
    )
        .into_response()
}
