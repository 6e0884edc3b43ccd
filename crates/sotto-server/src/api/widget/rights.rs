//! The visitor's rights from the widget: erasure (everything, or one conversation) with its
//! receipt, export as JSON or a readable page, and objection to storage.

use super::access::SiteAccess;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::Visitor;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_DISPOSITION;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use sotto_app::rights::erasure::Receipt;
use sotto_app::rights::export::VisitorExport;
use sotto_app::rights::objection::ObjectionState;
use sotto_app::team::access::Actor;
use sotto_app::{AppError, ConversationStore, MainStore};
use sotto_core::ConversationId;
use tracing::instrument;

/// `DELETE /api/v1/sites/{site}/me`.
pub static ERASE_ME: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/sites/{site}/me",
    "eraseMe",
    "Erases everything the visitor has with the site's owner, at once; returns the receipt.",
)
.widget(true)
.returns(200, schema::<Receipt>);

/// `POST /api/v1/sites/{site}/me/objection`.
pub static OBJECT: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/sites/{site}/me/objection",
    "object",
    "The visitor objects to storage: nothing more is stored, and what was is erased.",
)
.widget(true)
.returns(200, schema::<ObjectionState>);

/// `DELETE /api/v1/sites/{site}/me/objection`.
pub static WITHDRAW_OBJECTION: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/sites/{site}/me/objection",
    "withdrawObjection",
    "The visitor withdraws their objection: their next messages are stored again.",
)
.widget(true)
.returns(200, schema::<ObjectionState>);

/// `GET /api/v1/sites/{site}/me/export`.
pub static EXPORT_ME: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/sites/{site}/me/export",
    "exportMe",
    "Everything held on the visitor, as a JSON download, or a readable page with `?format=html`.",
)
.widget(true)
.returns(200, schema::<VisitorExport>);

/// `DELETE /api/v1/sites/{site}/me/conversations/{conversation}`.
pub static ERASE_MY_CONVERSATION: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/sites/{site}/me/conversations/{conversation}",
    "eraseMyConversation",
    "Erases one of the visitor's conversations; returns the receipt.",
)
.widget(true)
.returns(200, schema::<Receipt>);

/// The routes of this resource.
pub(super) fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&ERASE_ME, erase_me::<M, C>)
        .add(&OBJECT, objection::<M, C, true>)
        .add(&WITHDRAW_OBJECTION, objection::<M, C, false>)
        .add(&EXPORT_ME, export_me::<M, C>)
        .add(&ERASE_MY_CONVERSATION, erase_my_conversation::<M, C>)
}

/// Erases everything the visitor has with the site's owner, at once; returns the receipt.
#[instrument(skip_all)]
async fn erase_me<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    Visitor(visitor): Visitor,
) -> Result<Json<Receipt>, ApiError> {
    Ok(Json(
        sotto
            .erase_visitor(&site, &visitor, &Actor::Visitor)
            .await?,
    ))
}

/// Erases one of the visitor's conversations; returns the receipt.
#[instrument(skip_all)]
async fn erase_my_conversation<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    Path((_, conversation)): Path<(String, String)>,
    Visitor(visitor): Visitor,
) -> Result<Json<Receipt>, ApiError> {
    let conversation: ConversationId = conversation
        .parse()
        .map_err(|_| AppError::NotFound("conversation"))?;
    Ok(Json(
        sotto
            .erase_visitor_conversation(&site, &visitor, conversation, &Actor::Visitor)
            .await?,
    ))
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
    SiteAccess(site): SiteAccess,
    Visitor(visitor): Visitor,
    format: Result<Query<ExportFormat>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
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
        .export_visitor(&site, &visitor, &Actor::Visitor)
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
}

/// The visitor objects to storage (`POST`: nothing more is stored, and what was is erased)
/// or withdraws their objection (`DELETE`: their next messages are stored again).
#[instrument(skip_all)]
async fn objection<M: MainStore, C: ConversationStore, const OBJECTING: bool>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    Visitor(visitor): Visitor,
) -> Result<Json<ObjectionState>, ApiError> {
    Ok(Json(
        sotto
            .set_objection(&site, &visitor, OBJECTING, &Actor::Visitor)
            .await?,
    ))
}
