//! The public widget API. The visitor is identified only by the `Sotto-Visitor` header; every
//! route checks the request origin against the site before doing anything else.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde::{Deserialize, Serialize};
use sotto_app::chat::{ConversationView, VisitorMessage};
use sotto_app::sites::OpenSite;
use sotto_app::{ConversationStore, MainStore};
use sotto_core::dsr::Channel;
use sotto_core::{ConversationId, SiteId};
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

/// Runs `handler` after the origin check, and puts the CORS headers on whatever it returns.
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
    match site_access(sotto, site, headers).await {
        Err(error) => error.into_response(),
        Ok((site, allowed)) => match handler(site).await {
            Ok(body) => allowed.apply(Json(body)),
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
    with_site(&sotto, &site, &headers, async |open| {
        let Visitor(visitor) = visitor?;
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
    with_site(&sotto, &site, &headers, async |open| {
        let Visitor(visitor) = visitor?;
        Ok(sotto
            .erase_visitor(&open, &visitor, Channel::Widget)
            .await?)
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
    with_site(&sotto, &site, &headers, async |open| {
        let Visitor(visitor) = visitor?;
        let conversation: ConversationId = conversation
            .parse()
            .map_err(|_| ApiError::not_found("conversation not found"))?;
        Ok(sotto
            .erase_visitor_conversation(&open, &visitor, conversation, Channel::Widget)
            .await?)
    })
    .await
}
