//! The visitor privacy notice of each site as a page, at a stable public URL the widget links
//! to: `/sites/{site}/privacy?lang=en|fr[&version=N]`. No origin check (anyone may read a
//! privacy notice), no script, a strict content security policy.

use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use sotto_app::compliance::notice::notice_html;
use sotto_app::{ConversationStore, MainStore};
use sotto_core::SiteId;
use tracing::instrument;

use crate::endpoints::{Endpoint, Verb};
use crate::{ApiError, AppState};

/// `GET /sites/{site}/privacy`.
pub static NOTICE_PAGE: Endpoint = Endpoint::new(
    Verb::Get,
    "/sites/{site}/privacy",
    "privacyNoticePage",
    "The site's visitor privacy notice as a page, written from the live settings, in `?lang=en|fr` (default: the site's language); `?version=N` shows an earlier version.",
)
.returns_text("text/html");

/// Nothing but the page's own inline style.
const NOTICE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// `?lang=` and `?version=`.
#[derive(Deserialize)]
pub(crate) struct NoticeQuery {
    lang: Option<String>,
    version: Option<i64>,
}

#[instrument(skip_all)]
pub(crate) async fn notice_page<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    query: Result<Query<NoticeQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(site) = site.parse::<SiteId>() else {
        return ApiError::not_found("site not found").into_response();
    };
    let Ok(Query(query)) = query else {
        return ApiError::new(
            sotto_core::ErrorCode::BadRequest,
            "lang is a language code and version a number",
        )
        .into_response();
    };
    let language = match query.lang {
        Some(language) => language,
        None => match sotto.open_site(&site).await {
            Ok(open) => open.language().to_owned(),
            Err(error) => return ApiError::from(error).into_response(),
        },
    };
    match sotto.notice_version(&site, &language, query.version).await {
        Ok(notice) => {
            let mut response = Html(notice_html(&notice)).into_response();
            let headers = response.headers_mut();
            headers.insert(
                CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(NOTICE_CSP),
            );
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}
