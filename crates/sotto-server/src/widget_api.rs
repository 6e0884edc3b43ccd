//! The public widget API. The visitor is identified only by the `Sotto-Visitor` header; every
//! route checks the request origin against the site before doing anything else.

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_DISPOSITION;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde::{Deserialize, Serialize};
use sotto_app::chat::{ConversationView, VisitorMessage};
use sotto_app::sites::OpenSite;
use sotto_app::{AppError, ConversationStore, MainStore};
use sotto_core::dsr::Channel;
use sotto_core::{ConversationId, SiteId, VisitorId};
use tracing::instrument;

use crate::extract::{JsonBody, Visitor};
use crate::origin::{self, AllowedOrigin};
use crate::{ApiError, AppState};

/// The widget API routes.
pub fn routes<M: MainStore, C: ConversationStore>() -> Router<AppState<M, C>> {
    Router::new()
        .route(
            "/api/v1/sites/{site}/settings",
            get(settings::<M, C>).options(preflight::<M, C>),
        )
        .route(
            "/api/v1/sites/{site}/messages",
            post(send_message::<M, C>).options(preflight::<M, C>),
        )
        .route(
            "/api/v1/sites/{site}/me/conversations",
            get(my_conversations::<M, C>).options(preflight::<M, C>),
        )
        .route(
            "/api/v1/sites/{site}/me",
            delete(erase_me::<M, C>).options(preflight::<M, C>),
        )
        .route(
            "/api/v1/sites/{site}/me/objection",
            post(objection::<M, C, true>)
                .delete(objection::<M, C, false>)
                .options(preflight::<M, C>),
        )
        .route(
            "/api/v1/sites/{site}/me/export",
            get(export_me::<M, C>).options(preflight::<M, C>),
        )
        .route(
            "/api/v1/sites/{site}/me/conversations/{conversation}",
            delete(erase_my_conversation::<M, C>).options(preflight::<M, C>),
        )
}

/// The site of any widget route; other path parameters are left to each route.
#[derive(Deserialize)]
struct SitePath {
    site: String,
}

/// Resolves the site (once per request) and checks the request origin against it.
async fn site_access<M: MainStore, C: ConversationStore>(
    sotto: &AppState<M, C>,
    site: &str,
    headers: &HeaderMap,
) -> Result<(OpenSite, AllowedOrigin), ApiError> {
    let site_id: SiteId = site
        .parse()
        .map_err(|_| ApiError::not_found("site not found"))?;
    let open = sotto.open_site(&site_id).await?;
    let allowed = origin::check(headers, open.origins(), &sotto.config().public_url())?;
    Ok((open, allowed))
}

/// Runs `handler` after the origin check, and puts the CORS headers on the JSON it returns.
async fn with_site<M, C, T, F>(
    sotto: &AppState<M, C>,
    site: &str,
    headers: &HeaderMap,
    handler: F,
) -> Response
where
    M: MainStore,
    C: ConversationStore,
    T: Serialize,
    F: AsyncFnOnce(OpenSite) -> Result<T, ApiError>,
{
    with_site_response(sotto, site, headers, async |open| {
        handler(open).await.map(|body| Json(body).into_response())
    })
    .await
}

/// [`with_site`] for handlers that act for the visitor named by the `Sotto-Visitor` header.
async fn with_visitor<M, C, T, F>(
    sotto: &AppState<M, C>,
    site: &str,
    headers: &HeaderMap,
    visitor: Result<Visitor, ApiError>,
    handler: F,
) -> Response
where
    M: MainStore,
    C: ConversationStore,
    T: Serialize,
    F: AsyncFnOnce(OpenSite, VisitorId) -> Result<T, AppError>,
{
    with_site(sotto, site, headers, async |open| {
        let Visitor(visitor) = visitor?;
        Ok(handler(open, visitor).await?)
    })
    .await
}

/// [`with_site`] for handlers that shape their own response.
async fn with_site_response<M, C, F>(
    sotto: &AppState<M, C>,
    site: &str,
    headers: &HeaderMap,
    handler: F,
) -> Response
where
    M: MainStore,
    C: ConversationStore,
    F: AsyncFnOnce(OpenSite) -> Result<Response, ApiError>,
{
    match site_access(sotto, site, headers).await {
        Err(error) => error.into_response(),
        Ok((site, allowed)) => match handler(site).await {
            Ok(response) => allowed.apply(response),
            Err(error) => allowed.apply(error),
        },
    }
}

#[instrument(skip_all)]
async fn preflight<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(SitePath { site }): Path<SitePath>,
    headers: HeaderMap,
) -> Response {
    match site_access(&sotto, &site, &headers).await {
        Ok((_, allowed)) => allowed.preflight(),
        Err(error) => error.into_response(),
    }
}

#[instrument(skip_all)]
async fn settings<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
) -> Response {
    with_site(&sotto, &site, &headers, async |open| {
        Ok(open.widget_settings())
    })
    .await
}

#[instrument(skip_all)]
async fn send_message<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
    body: Result<JsonBody<VisitorMessage>, ApiError>,
) -> Response {
    with_site(&sotto, &site, &headers, async |open| {
        let Visitor(visitor) = visitor?;
        let JsonBody(message) = body?;
        Ok(sotto.send_message(&open, &visitor, message).await?)
    })
    .await
}

/// The visitor's conversations, as `{"conversations": [...]}`.
#[derive(Serialize)]
struct Conversations {
    conversations: Vec<ConversationView>,
}

#[instrument(skip_all)]
async fn my_conversations<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
) -> Response {
    with_visitor(&sotto, &site, &headers, visitor, async |open, visitor| {
        let conversations = sotto.visitor_conversations(&open, &visitor).await?;
        Ok(Conversations { conversations })
    })
    .await
}

/// Erases everything the visitor has with the site's owner, at once; returns the receipt.
#[instrument(skip_all)]
async fn erase_me<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
) -> Response {
    with_visitor(&sotto, &site, &headers, visitor, async |open, visitor| {
        sotto.erase_visitor(&open, &visitor, Channel::Widget).await
    })
    .await
}

/// Erases one of the visitor's conversations; returns the receipt.
#[instrument(skip_all)]
async fn erase_my_conversation<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path((site, conversation)): Path<(String, String)>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
) -> Response {
    with_visitor(&sotto, &site, &headers, visitor, async |open, visitor| {
        let conversation: ConversationId = conversation
            .parse()
            .map_err(|_| AppError::NotFound("conversation"))?;
        sotto
            .erase_visitor_conversation(&open, &visitor, conversation, Channel::Widget)
            .await
    })
    .await
}

/// `?format=html` for the readable page; JSON otherwise.
#[derive(Deserialize)]
struct ExportFormat {
    #[serde(default)]
    format: Option<String>,
}

/// Everything held on the visitor, as a download: JSON, or HTML with `?format=html`.
#[instrument(skip_all)]
async fn export_me<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
    format: Result<Query<ExportFormat>, axum::extract::rejection::QueryRejection>,
) -> Response {
    with_site_response(&sotto, &site, &headers, async |open| {
        let Visitor(visitor) = visitor?;
        let html = match format.ok().and_then(|Query(f)| f.format).as_deref() {
            None | Some("json") => false,
            Some("html") => true,
            Some(_) => {
                return Err(ApiError::new(
                    sotto_core::ErrorCode::BadRequest,
                    "format is json or html",
                ));
            }
        };
        let export = sotto
            .export_visitor(&open, &visitor, Channel::Widget)
            .await?;
        Ok(if html {
            (
                [(CONTENT_DISPOSITION, "attachment; filename=\"my-data.html\"")],
                Html(export.to_html()),
            )
                .into_response()
        } else {
            (
                [(CONTENT_DISPOSITION, "attachment; filename=\"my-data.json\"")],
                Json(export),
            )
                .into_response()
        })
    })
    .await
}

/// The visitor objects to storage (`POST`: nothing more is stored, and what was is erased)
/// or withdraws their objection (`DELETE`: their next messages are stored again).
#[instrument(skip_all)]
async fn objection<M: MainStore, C: ConversationStore, const OBJECTING: bool>(
    State(sotto): State<AppState<M, C>>,
    Path(site): Path<String>,
    headers: HeaderMap,
    visitor: Result<Visitor, ApiError>,
) -> Response {
    with_visitor(&sotto, &site, &headers, visitor, async |open, visitor| {
        sotto
            .set_objection(&open, &visitor, OBJECTING, Channel::Widget)
            .await
    })
    .await
}
