//! The frame of every admin page: language, skip link, header with the member and sign-out,
//! navigation, main content; served with a strict policy (this server's stylesheet only, no
//! script at all, forms posting only here) and never cached.

use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use sotto_app::AppError;
use sotto_core::access::Permission;

use super::i18n::{Lang, Texts};
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
    /// The data subject request register.
    Requests,
    /// Indexed pages, crawls, trying a question.
    Knowledge,
    /// The answers the team approved.
    Answers,
    /// What the bot cannot answer, most cited pages, the funnel.
    Analytics,
    /// The tenant's privacy settings.
    Settings,
    /// Register of processing, notices, breaches, audit log.
    Compliance,
    /// The member's own account (their password): reached from the header, not the
    /// navigation, whose entries it leaves unmarked.
    Account,
}

impl Section {
    const ALL: [Section; 7] = [
        Section::Inbox,
        Section::Requests,
        Section::Analytics,
        Section::Knowledge,
        Section::Answers,
        Section::Settings,
        Section::Compliance,
    ];

    /// Where the section starts.
    pub fn path(self) -> &'static str {
        match self {
            Section::Inbox => "/admin/inbox",
            Section::Requests => "/admin/requests",
            Section::Knowledge => "/admin/knowledge",
            Section::Answers => "/admin/answers",
            Section::Analytics => "/admin/analytics",
            Section::Settings => "/admin/settings",
            Section::Compliance => "/admin/compliance",
            Section::Account => super::session::PASSWORD_PATH,
        }
    }

    /// What a member needs to see the section in the navigation.
    pub fn permission(self) -> Permission {
        match self {
            Section::Inbox => Permission::ReadConversations,
            Section::Requests => Permission::HandleRequests,
            // Every role reads the analytics, and every member has an account.
            Section::Knowledge
            | Section::Answers
            | Section::Analytics
            | Section::Compliance
            | Section::Account => Permission::ReadAnalytics,
            Section::Settings => Permission::ManageSettings,
        }
    }

    fn name(self, t: &Texts) -> &'static str {
        match self {
            Section::Inbox => t.inbox,
            Section::Requests => t.requests,
            Section::Knowledge => t.knowledge,
            Section::Answers => t.answers,
            Section::Analytics => t.analytics,
            Section::Settings => t.settings,
            Section::Compliance => t.compliance,
            Section::Account => t.change_password,
        }
    }

    /// The first section a member may see: their start page.
    pub fn home(session: &TeamSession) -> Section {
        Section::ALL
            .into_iter()
            .find(|s| session.may(s.permission()))
            .unwrap_or(Section::Analytics)
    }
}

/// The hidden field every form of a signed-in page carries.
pub fn csrf_field(session: &TeamSession) -> Markup {
    html! { input type="hidden" name="csrf" value=(session.csrf_token()); }
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
                            @for item in Section::ALL.into_iter().filter(|s| session.may(s.permission())) {
                                a href=(item.path()) aria-current=[(section == item).then_some("page")] { (item.name(t)) }
                            }
                        }
                        span.who { (t.signed_in_as) " " strong { (session.0.display_name) } " (" (session.0.caller.role.as_str()) ")" }
                        a.password href=(Section::Account.path()) aria-current=[(section == Section::Account).then_some("page")] { (Section::Account.name(t)) }
                        form.sign-out method="post" action="/admin/sign-out" {
                            (csrf_field(session))
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

/// What a failed use case shows: the reason in the page's language for refusals and missing
/// things, the use case's own message for invalid input, the API's JSON error otherwise.
pub fn failure(lang: Lang, session: &TeamSession, section: Section, error: AppError) -> Response {
    let t = lang.texts();
    let page = |status, title, text: &str| {
        message_page(lang, status, title, text, Some((session, section)))
    };
    match error {
        AppError::Forbidden(_) => page(StatusCode::FORBIDDEN, t.forbidden_title, t.forbidden_role),
        AppError::NotFound(_) => page(StatusCode::NOT_FOUND, t.not_found, t.not_found),
        AppError::Invalid(message) => page(StatusCode::BAD_REQUEST, t.invalid_title, &message),
        AppError::MessageTooLong => {
            page(StatusCode::PAYLOAD_TOO_LARGE, t.invalid_title, t.too_long)
        }
        AppError::Conflict(what) => page(StatusCode::CONFLICT, t.invalid_title, &what),
        other => axum::response::IntoResponse::into_response(crate::ApiError::from(other)),
    }
}
