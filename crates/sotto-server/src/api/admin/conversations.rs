//! Conversations: listed without content, read (audited), answered by a team member, erased,
//! their visitor erased or exported; and the improvement analytics computed from them.

use super::auth::Admin;
use super::{id, reply};
use crate::AppState;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{IdPath, JsonBody, QueryParams};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use sotto_app::chat::analytics::Analytics;
use sotto_app::chat::conversations::{ConversationDetail, ConversationSummary};
use sotto_app::chat::stored_message::MessageView;
use sotto_app::rights::erasure::Receipt;
use sotto_app::rights::export::VisitorExport;
use sotto_app::{ConversationStore, MainStore};
use sotto_core::access::Permission::*;
use sotto_core::{ConversationId, SiteId};
use tracing::instrument;

/// `GET /api/v1/admin/conversations`.
pub static LIST_CONVERSATIONS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/conversations",
    "listConversations",
    "The most recently active conversations (`?site=`, `?limit=`), without content.",
)
.team(ReadConversations)
.returns(200, schema::<Conversations<ConversationSummary>>);

/// `GET /api/v1/admin/conversations/{conversation}`.
pub static GET_CONVERSATION: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/conversations/{conversation}",
    "getConversation",
    "One conversation with its messages; the read is audited.",
)
.team(ReadConversations)
.returns(200, schema::<ConversationDetail>);

/// `DELETE /api/v1/admin/conversations/{conversation}`.
pub static ERASE_CONVERSATION: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/admin/conversations/{conversation}",
    "eraseConversation",
    "Erases one conversation; returns the erasure receipt.",
)
.team(EraseData)
.returns(200, schema::<Receipt>);

/// `GET /api/v1/admin/analytics`.
pub static ANALYTICS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/analytics",
    "analytics",
    "Improvement analytics of the last 8 weeks (`?site=`): questions answered badly or not at all, redacted and grouped by wording with counts and trend; most cited pages; phase funnel. Nothing names a visitor.",
)
.team(ReadAnalytics)
.returns(200, schema::<Analytics>);

/// `POST /api/v1/admin/conversations/{conversation}/replies`.
pub static REPLY: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/conversations/{conversation}/replies",
    "replyToVisitor",
    "A team member's reply, sealed like every message; the visitor's widget shows it while open and on return. Audited.",
)
.team(ReplyToVisitors)
.body(schema::<NewReply>)
.returns(201, schema::<MessageView>);

/// `DELETE /api/v1/admin/conversations/{conversation}/visitor`.
pub static ERASE_VISITOR: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/admin/conversations/{conversation}/visitor",
    "eraseVisitor",
    "Erases everything the visitor of a conversation has with the tenant; returns the erasure receipt.",
)
.team(EraseData)
.returns(200, schema::<Receipt>);

/// `GET /api/v1/admin/conversations/{conversation}/export`.
pub static EXPORT_VISITOR: Endpoint = Endpoint::new(Verb::Get, "/api/v1/admin/conversations/{conversation}/export", "exportVisitor", "Everything held on the visitor of a conversation, to send them; recorded as an access request.")
    .team(HandleRequests)
    .returns(200, schema::<VisitorExport>);

/// The routes of this resource.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&LIST_CONVERSATIONS, list_conversations::<M, C>)
        .add(&GET_CONVERSATION, get_conversation::<M, C>)
        .add(&ERASE_CONVERSATION, erase_conversation::<M, C>)
        .add(&ANALYTICS, analytics::<M, C>)
        .add(&REPLY, reply_to_visitor::<M, C>)
        .add(&ERASE_VISITOR, erase_visitor::<M, C>)
        .add(&EXPORT_VISITOR, export_visitor::<M, C>)
}

/// `?site=&limit=` of the conversation list.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConversationQuery {
    site: Option<String>,
    limit: Option<usize>,
}

/// `{"conversations": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Conversations<T> {
    conversations: Vec<T>,
}

#[instrument(skip_all)]
async fn list_conversations<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    QueryParams(q): QueryParams<ConversationQuery>,
) -> Response {
    let result = async {
        let site: Option<SiteId> = q.site.map(|s| id(&s, "site")).transpose()?;
        let conversations = sotto
            .team_conversations(&caller, site.as_ref(), q.limit.unwrap_or(50))
            .await?;
        Ok(Conversations { conversations })
    };
    reply(StatusCode::OK, result.await)
}

#[instrument(skip_all)]
async fn get_conversation<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(conversation): IdPath<ConversationId>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_conversation(&caller, conversation).await,
    )
}

#[instrument(skip_all)]
async fn erase_conversation<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(conversation): IdPath<ConversationId>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_erase_conversation(&caller, conversation).await,
    )
}

/// `?site=` of the analytics.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteQuery {
    site: Option<String>,
}

#[instrument(skip_all)]
async fn analytics<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    QueryParams(q): QueryParams<SiteQuery>,
) -> Response {
    let result = async {
        let site: Option<SiteId> = q.site.map(|s| id(&s, "site")).transpose()?;
        sotto.team_analytics(&caller, site.as_ref()).await
    };
    reply(StatusCode::OK, result.await)
}

/// A reply's text.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReply {
    /// What the team member writes to the visitor.
    text: String,
}

#[instrument(skip_all)]
async fn reply_to_visitor<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(conversation): IdPath<ConversationId>,
    JsonBody(body): JsonBody<NewReply>,
) -> Response {
    reply(
        StatusCode::CREATED,
        sotto.team_reply(&caller, conversation, &body.text).await,
    )
}

#[instrument(skip_all)]
async fn erase_visitor<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(conversation): IdPath<ConversationId>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_erase_visitor(&caller, conversation).await,
    )
}

#[instrument(skip_all)]
async fn export_visitor<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(conversation): IdPath<ConversationId>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_export_visitor(&caller, conversation).await,
    )
}
