//! The admin web UI at `/admin`: server-rendered pages (maud; no script, no external asset)
//! in English and French, for team members signed in with their password. Every page calls
//! the same use cases as the admin API, with the member as the caller, so roles, tenant
//! scoping and audit entries are the API's.
//!
//! - [`session`]: the cookies, the signed-in extractor and CSRF tokens.
//! - [`checked_form`]: every posted form, with its session, let through only with its CSRF token.
//! - [`i18n`]: the two languages and every text.
//! - [`layout`]: the frame of every page and its security headers.
//! - [`dates`]: dates shown and typed.
//! - [`sign_in_page`]: signing in and out.
//! - [`inbox`]: conversations, one conversation, leads.
//! - [`conversation_actions`]: replying to a visitor, erasing with a receipt.
//! - [`requests`]: the data subject request register and its forms.
//! - [`knowledge_page`]: indexed pages, crawls, trying a question.
//! - [`site_tests_box`]: the site's answer tests on the knowledge page, and their forms.
//! - [`page_version_page`]: a page as an answer cited it.
//! - [`answers_page`]: the answers the team approved, written, edited, switched off, deleted.
//! - [`analytics_page`]: what the site fails to answer, cited pages, funnel.
//! - [`settings_page`]: notice fields, site privacy, personal-data policy, language model.
//! - [`appearance_form`]: how a site's widget looks and greets, on the settings page.
//! - [`settings_outcome`]: where a settings form ends, saved or refused.
//! - [`compliance_page`]: register, notices, breaches, audit log.

mod analytics_page;
mod answers_page;
mod appearance_form;
mod checked_form;
mod compliance_page;
mod conversation_actions;
mod dates;
mod i18n;
mod inbox;
mod knowledge_page;
mod layout;
mod page_version_page;
mod password_page;
mod requests;
mod session;
mod settings_outcome;
mod settings_page;
mod sign_in_page;
mod site_tests_box;

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
/// (`security_headers`, in the `headers` module, drops every other `Set-Cookie`).
pub(crate) const ADMIN_COOKIES: [&str; 3] = [
    session::SESSION_COOKIE,
    session::SIGN_IN_COOKIE,
    LANG_COOKIE,
];

/// The admin UI's routes.
pub fn routes<M: MainStore, C: ConversationStore>() -> Router<AppState<M, C>> {
    Router::new()
        .route("/admin", get(home))
        .route("/admin/", get(home))
        .route(
            "/admin/sign-in",
            get(sign_in_page::show).post(sign_in_page::submit::<M, C>),
        )
        .route("/admin/sign-out", post(sign_in_page::sign_out::<M, C>))
        .route(
            session::PASSWORD_PATH,
            get(password_page::show).post(password_page::change::<M, C>),
        )
        .route("/admin/inbox", get(inbox::inbox::<M, C>))
        .route("/admin/leads", get(inbox::leads::<M, C>))
        .route(
            "/admin/conversations/{id}",
            get(inbox::conversation::<M, C>),
        )
        .route(
            "/admin/conversations/{id}/reply",
            post(conversation_actions::reply::<M, C>),
        )
        .route(
            "/admin/conversations/{id}/erase",
            post(conversation_actions::erase::<M, C>),
        )
        .route(
            "/admin/conversations/{id}/export",
            post(requests::export_visitor::<M, C>),
        )
        .route(
            "/admin/requests",
            get(requests::register::<M, C>).post(requests::record::<M, C>),
        )
        .route(
            "/admin/requests/{id}/fulfil",
            post(requests::fulfil::<M, C>),
        )
        .route(
            "/admin/requests/erase-email",
            post(requests::erase_email::<M, C>),
        )
        .route("/admin/knowledge", get(knowledge_page::knowledge::<M, C>))
        .route(
            "/admin/knowledge/try",
            post(knowledge_page::try_question::<M, C>),
        )
        .route(
            "/admin/knowledge/version",
            get(page_version_page::page_version::<M, C>),
        )
        .route(
            "/admin/knowledge/tests/add",
            post(site_tests_box::add_test::<M, C>),
        )
        .route(
            "/admin/knowledge/tests/delete",
            post(site_tests_box::delete_test::<M, C>),
        )
        .route(
            "/admin/knowledge/tests/run",
            post(site_tests_box::run_tests::<M, C>),
        )
        .route(
            "/admin/knowledge/tests/seed",
            post(site_tests_box::seed_tests::<M, C>),
        )
        .route(
            "/admin/knowledge/tests/draft",
            post(knowledge_page::draft_test::<M, C>),
        )
        .route(
            "/admin/knowledge/recrawl",
            post(knowledge_page::recrawl::<M, C>),
        )
        .route("/admin/answers", get(answers_page::answers::<M, C>))
        .route("/admin/answers/draft", post(answers_page::draft::<M, C>))
        .route("/admin/answers/save", post(answers_page::save::<M, C>))
        .route("/admin/answers/switch", post(answers_page::switch::<M, C>))
        .route("/admin/answers/delete", post(answers_page::delete::<M, C>))
        .route("/admin/analytics", get(analytics_page::analytics::<M, C>))
        .route("/admin/settings", get(settings_page::settings::<M, C>))
        .route(
            "/admin/settings/profile",
            post(settings_page::save_profile::<M, C>),
        )
        .route(
            "/admin/settings/site",
            post(settings_page::save_site::<M, C>),
        )
        .route(
            "/admin/settings/model",
            post(settings_page::save_model::<M, C>),
        )
        .route("/admin/settings/pii", post(settings_page::save_pii::<M, C>))
        .route(
            "/admin/settings/appearance",
            post(appearance_form::save_appearance::<M, C>),
        )
        .route(
            "/admin/compliance",
            get(compliance_page::compliance::<M, C>),
        )
        .route(
            "/admin/compliance/breaches",
            post(compliance_page::record_breach::<M, C>),
        )
        .route("/admin/language/{code}", get(switch_language))
        .route("/admin/admin.css", get(stylesheet))
}

/// The id of the thing (a conversation, a request, a site) a checked form acts on, from the
/// path or the form; or the page saying there is no such thing.
fn form_target<T: std::str::FromStr>(
    lang: Lang,
    session: &TeamSession,
    section: Section,
    id: &str,
    what: &'static str,
) -> Result<T, Box<Response>> {
    id.trim().parse().map_err(|_| {
        Box::new(layout::failure(
            lang,
            session,
            section,
            sotto_app::AppError::NotFound(what),
        ))
    })
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

/// `GET /admin`: the member's start page (the inbox, or analytics for a viewer).
async fn home(session: TeamSession) -> Response {
    redirect(Section::home(&session).path(), &[])
}

/// `GET /admin/language/{code}`: remembers the language for a year, back to the start page.
async fn switch_language(Path(code): Path<String>) -> Response {
    let lang = Lang::parse(&code).unwrap_or(Lang::En);
    redirect(
        "/admin",
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
