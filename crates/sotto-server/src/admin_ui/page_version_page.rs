//! A page of the site as an answer cited it: the version a citation names, with when it was
//! stored and when it was replaced, linked from each source on a conversation page and from
//! a failing answer test. Pages are the site's public content, so every role may look.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::knowledge::inspect::PageVersionView;
use sotto_app::{AppError, ConversationStore, MainStore};
use sotto_core::SiteId;

use super::dates::when;
use super::i18n::{Lang, Texts};
use super::layout::{Section, failure, frame, respond};
use super::session::TeamSession;
use crate::AppState;

/// `?site=&url=&digest=`: a page version a citation names.
#[derive(Deserialize)]
pub struct VersionChoice {
    #[serde(default)]
    site: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    digest: String,
}

/// The address of the page showing version `digest` of page `url` of `site`.
pub fn version_link(site: &str, url: &str, digest: &str) -> String {
    let query = serde_urlencoded::to_string([("site", site), ("url", url), ("digest", digest)])
        .unwrap_or_default();
    format!("/admin/knowledge/version?{query}")
}

fn version_page(t: &Texts, version: &PageVersionView) -> Markup {
    html! {
        p { a href=(version.url) rel="noreferrer noopener" { (version.url) } }
        p.notice { (t.page_as_cited_explained) }
        dl.version {
            dt { (t.version_stored) } dd { (when(version.stored_at)) }
            @if let Some(superseded) = version.superseded_at {
                dt { (t.version_superseded) } dd { (when(superseded)) }
            }
            dt { (t.version_digest) } dd { code { (version.digest) } }
        }
        @if version.superseded_at.is_none() { p { (t.version_current) } }
        article.page-version lang=[version.language.as_deref()] {
            @for passage in &version.passages {
                @if !passage.heading.is_empty() { h3 { (passage.heading) } }
                p { (passage.text) }
            }
        }
    }
}

/// `GET /admin/knowledge/version`: a page as an answer cited it.
pub async fn page_version<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    session: TeamSession,
    Query(choice): Query<VersionChoice>,
) -> Response {
    let lang = Lang::of(&headers);
    let t = lang.texts();
    let Ok(site) = choice.site.parse::<SiteId>() else {
        return failure(
            lang,
            &session,
            Section::Knowledge,
            AppError::NotFound("site"),
        );
    };
    let version = sotto
        .team_page_version(&session.0.caller, &site, &choice.url, &choice.digest)
        .await;
    match version {
        Ok(version) => respond(
            StatusCode::OK,
            frame(
                lang,
                &format!("{} · {}", t.page_as_cited, version.title),
                Some((&session, Section::Knowledge)),
                version_page(t, &version),
            ),
        ),
        Err(error) => failure(lang, &session, Section::Knowledge, error),
    }
}
