//! The admin API of e-mail capture: the leads visitors left (every read audited), each site's
//! webhook signing key and its rotation, and erasure by e-mail address.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use sotto_app::leads::capture::LeadView;
use sotto_app::leads::webhook::WebhookKey;
use sotto_app::rights::erasure::Receipt;
use sotto_app::{ConversationStore, MainStore};
use sotto_core::SiteId;
use sotto_core::access::Permission::*;
use tracing::instrument;

use super::auth::Admin;
use super::reply;
use crate::AppState;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{IdPath, JsonBody, QueryParams};

/// `GET /api/v1/admin/leads`.
pub static LIST_LEADS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/leads",
    "listLeads",
    "The e-mail addresses visitors left (of one site with `?site=`), most recent first, each with its purpose, the visitor's current answers (may_contact, marketing) and the conversation; every lead read is written to the audit log.",
)
.team(ReadConversations)
.returns(200, schema::<Leads>);
/// `GET /api/v1/admin/sites/{site}/webhook`.
pub static WEBHOOK_KEY: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/sites/{site}/webhook",
    "webhookKey",
    "The site's lead webhook and the key its calls are signed with (`Sotto-Signature: t=<unix time>,v1=<hex HMAC-SHA256(key, \"<t>.<body>\")>`); the read is audited.",
)
.team(ManageSettings)
.returns(200, schema::<WebhookKey>);
/// `POST /api/v1/admin/sites/{site}/webhook/rotate`.
pub static ROTATE_WEBHOOK_KEY: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/sites/{site}/webhook/rotate",
    "rotateWebhookKey",
    "Replaces the site's webhook signing key with the next one; the old key stops verifying.",
)
.team(ManageSettings)
.returns(200, schema::<WebhookKey>);
/// `POST /api/v1/admin/erasures/email`.
pub static ERASE_EMAIL: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/erasures/email",
    "eraseEmail",
    "Erases everyone who left this e-mail address (found through its blind index), whole, with receipt; `404` when nobody did.",
)
.team(EraseData)
.body(schema::<EmailSubject>)
.returns(200, schema::<Receipt>);

/// `{"leads": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Leads {
    /// Most recent first.
    pub leads: Vec<LeadView>,
}

/// The address an erasure is about.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailSubject {
    /// The address, as the visitor gave it (case and spaces do not matter).
    pub email: String,
}

/// `?site=` of the lead list.
#[derive(Deserialize)]
struct LeadFilter {
    site: Option<SiteId>,
}

/// The routes of this module.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&LIST_LEADS, list_leads::<M, C>)
        .add(&WEBHOOK_KEY, webhook_key::<M, C>)
        .add(&ROTATE_WEBHOOK_KEY, rotate_webhook_key::<M, C>)
        .add(&ERASE_EMAIL, erase_email::<M, C>)
}

#[instrument(skip_all)]
async fn list_leads<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    QueryParams(filter): QueryParams<LeadFilter>,
) -> Response {
    let leads = sotto.team_leads(&caller, filter.site.as_ref()).await;
    reply(StatusCode::OK, leads.map(|leads| Leads { leads }))
}

#[instrument(skip_all)]
async fn webhook_key<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
) -> Response {
    reply(StatusCode::OK, sotto.team_webhook_key(&caller, &site).await)
}

#[instrument(skip_all)]
async fn rotate_webhook_key<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_rotate_webhook_key(&caller, &site).await,
    )
}

#[instrument(skip_all)]
async fn erase_email<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    JsonBody(subject): JsonBody<EmailSubject>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_erase_email(&caller, &subject.email).await,
    )
}
