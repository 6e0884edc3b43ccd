//! The widget's conversation: the site's public settings, a turn (whole or streamed), the
//! visitor's conversations, and their votes on answers.

use super::access::SiteAccess;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{JsonBody, Visitor};
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use sotto_app::chat::turn::{ConversationView, TurnReply, VisitorMessage};
use sotto_app::chat::votes::{VoteInput, VoteReceipt};
use sotto_app::tenancy::sites::WidgetSettings;
use sotto_app::{ConversationStore, MainStore};
use tracing::instrument;

/// `GET /api/v1/sites/{site}/settings`.
pub static SETTINGS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/sites/{site}/settings",
    "widgetSettings",
    "What the widget shows before the first message: language and privacy notice link.",
)
.widget(false)
.returns(200, schema::<WidgetSettings>);

/// `POST /api/v1/sites/{site}/messages`.
pub static SEND_MESSAGE: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/sites/{site}/messages",
    "sendMessage",
    "One chat turn: the visitor's message in, the cited answer out.",
)
.widget(true)
.body(schema::<VisitorMessage>)
.returns(200, schema::<TurnReply>);

/// `POST /api/v1/sites/{site}/messages/stream`.
pub static STREAM_MESSAGE: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/sites/{site}/messages/stream",
    "streamMessage",
    "sendMessage as server-sent events: `delta` events ({\"text\"}) as a language model writes the answer, then one `done` event (the TurnReply as stored, authoritative) or one `error` event ({\"error\":{\"code\",\"message\"}}).",
)
.widget(true)
.body(schema::<VisitorMessage>)
.returns_text("text/event-stream");

/// `GET /api/v1/sites/{site}/me/conversations`.
pub static MY_CONVERSATIONS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/sites/{site}/me/conversations",
    "myConversations",
    "The visitor's conversations on the site, with their last messages (team members' replies included, as role `agent`), and whether the visitor's messages are stored. The widget asks again every few seconds while it is open.",
)
.widget(true)
.returns(200, schema::<Conversations>);

/// `POST /api/v1/sites/{site}/votes`.
pub static VOTE: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/sites/{site}/votes",
    "voteOnAnswer",
    "The visitor's vote on an answer they were given (`up` or `down`, after `down` an optional comment), with the answer's `vote_token`. Stored with the conversation when the visitor's messages are stored (a second vote on the same answer replaces the first), counted in the site's weekly totals in every case; nothing is stored before this request.",
)
.widget(true)
.body(schema::<VoteInput>)
.returns(200, schema::<VoteReceipt>);

/// The routes of this resource.
pub(super) fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&SETTINGS, settings::<M, C>)
        .add(&SEND_MESSAGE, send_message::<M, C>)
        .add(&STREAM_MESSAGE, stream_message::<M, C>)
        .add(&MY_CONVERSATIONS, my_conversations::<M, C>)
        .add(&VOTE, vote::<M, C>)
}

#[instrument(skip_all)]
async fn settings<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
) -> Result<Json<WidgetSettings>, ApiError> {
    Ok(Json(sotto.widget_settings(&site).await?))
}

#[instrument(skip_all)]
async fn send_message<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    Visitor(visitor): Visitor,
    JsonBody(message): JsonBody<VisitorMessage>,
) -> Result<Json<TurnReply>, ApiError> {
    Ok(Json(sotto.send_message(&site, &visitor, message).await?))
}

#[instrument(skip_all)]
async fn stream_message<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    Visitor(visitor): Visitor,
    JsonBody(message): JsonBody<VisitorMessage>,
) -> Result<Response, ApiError> {
    super::stream::stream_turn(sotto.clone(), site, visitor, message).await
}

#[instrument(skip_all)]
async fn vote<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    Visitor(visitor): Visitor,
    JsonBody(vote): JsonBody<VoteInput>,
) -> Result<Json<VoteReceipt>, ApiError> {
    Ok(Json(sotto.vote(&site, &visitor, vote).await?))
}

/// The visitor's conversations, as `{"conversations": [...], "storing": true}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Conversations {
    conversations: Vec<ConversationView>,
    /// Whether the visitor's messages are stored here. When they are, a conversation the
    /// widget remembers but that is missing here was erased (by the site's team, or by
    /// retention), and the widget forgets it too; when they are not, the browser's copy is
    /// the only one.
    storing: bool,
}

#[instrument(skip_all)]
async fn my_conversations<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    SiteAccess(site): SiteAccess,
    Visitor(visitor): Visitor,
) -> Result<Json<Conversations>, ApiError> {
    let conversations = sotto.visitor_conversations(&site, &visitor).await?;
    let storing = sotto.consent_state(&site, &visitor).await?.storing;
    Ok(Json(Conversations {
        conversations,
        storing,
    }))
}
