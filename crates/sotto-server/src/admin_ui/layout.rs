//! The frame of every admin page: language, skip link, header with the member and sign-out,
//! navigation, main content; served with a strict policy (this server's stylesheet only, no
//! script at all, forms posting only here) and never cached.

use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::i18n::Lang;
use super::session::TeamSession;

/// The admin pages' policy.
const ADMIN_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The stylesheet, served at `/admin/admin.css`.
pub const ADMIN_CSS: &str = include_str!("admin.css");

/// The sections of the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Conversations.
    Inbox,
}

/// A whole page with `status`.
pub fn respond(status: StatusCode, page: Markup) -> Response {
    let mut response = (status, page).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(ADMIN_CSP));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page frame around `content`; with a session, the header and navigation too.
pub fn frame(
    lang: Lang,
    title: &str,
    team: Option<(&TeamSession, Section)>,
    content: Markup,
) -> Markup {
    let t = lang.texts();
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · " (t.product) }
                link rel="stylesheet" href="/admin/admin.css";
            }
            body {
                a.skip href="#content" { (t.skip_to_content) }
                header.top {
                    span.brand { (t.product) }
                    @if let Some((session, section)) = team {
                        nav aria-label=(t.product) {
                            a href="/admin/inbox" aria-current=[(section == Section::Inbox).then_some("page")] { (t.inbox) }
                        }
                        span.who { (t.signed_in_as) " " strong { (session.0.display_name) } " (" (session.0.caller.role.as_str()) ")" }
                        form.sign-out method="post" action="/admin/sign-out" {
                            input type="hidden" name="csrf" value=(session.csrf_token());
                            button type="submit" { (t.sign_out) }
                        }
                    }
                    a.lang href={ "/admin/language/" (lang.other().code()) } lang=(lang.other().code()) { (t.language_name) }
                }
                main #content tabindex="-1" {
                    h1 { (title) }
                    (content)
                }
            }
        }
    }
}

/// A page that only says why nothing is shown.
pub fn message_page(
    lang: Lang,
    status: StatusCode,
    title: &str,
    text: &str,
    team: Option<(&TeamSession, Section)>,
) -> Response {
    respond(
        status,
        frame(lang, title, team, html! { p.notice { (text) } }),
    )
}
