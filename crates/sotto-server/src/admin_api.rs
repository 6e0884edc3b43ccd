//! The admin API, `/api/v1/admin/…`, for a tenant's team and systems. Every handler starts
//! from [`Admin`], the caller its bearer key names; the tenant is the key's, so a handler
//! cannot reach another tenant's rows. Roles are checked by the use cases.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sotto_app::chat::analytics::Analytics;
use sotto_app::chat::conversations::{
    ConversationDetail, ConversationSummary, EnteredRequest, Fulfilment, RequestFilter,
};
use sotto_app::chat::pii_settings::PiiSettings;
use sotto_app::chat::stored_message::MessageView;
use sotto_app::knowledge::crawling::{CrawlRequest, CrawlStatus};
use sotto_app::rights::erasure::Receipt;
use sotto_app::rights::export::VisitorExport;
use sotto_app::rights::requests::RequestView;
use sotto_app::team::access::Caller;
use sotto_app::team::audit::AuditView;
use sotto_app::team::members::{AddedMember, IssuedKey, KeyView, MemberView, NewKey, NewMember};
use sotto_app::team::settings::{SiteChange, TeamNewSite, TeamStats};
use sotto_app::tenancy::sites::SiteView;
use sotto_app::{AppError, AppResult, ConversationStore, MainStore};
use sotto_core::access::Permission::*;
use sotto_core::access::TeamRole;
use sotto_core::{ConversationId, MemberId, RequestId, SiteId, TenantId};
use tracing::instrument;

use crate::auth::Admin;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{IdPath, JsonBody, QueryParams};
use crate::{ApiError, AppState};

/// `GET /api/v1/admin/me`.
pub static WHOAMI: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/me",
    "whoami",
    "The caller: tenant, role and key.",
)
.team_any()
.returns(200, schema::<CallerView>);
/// `GET /api/v1/admin/stats`.
pub static STATS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/stats",
    "stats",
    "Counts of stored conversations, messages, visitors and pending requests; no content.",
)
.team(ReadAnalytics)
.returns(200, schema::<TeamStats>);
/// `GET /api/v1/admin/sites`.
pub static LIST_SITES: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/sites",
    "listSites",
    "The tenant's sites.",
)
.team(ReadAnalytics)
.returns(200, schema::<Sites<SiteView>>);
/// `POST /api/v1/admin/sites`.
pub static CREATE_SITE: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/sites",
    "createSite",
    "Creates a site.",
)
.team(ManageSites)
.body(schema::<TeamNewSite>)
.returns(201, schema::<SiteView>);
/// `PATCH /api/v1/admin/sites/{site}`.
pub static CHANGE_SITE: Endpoint = Endpoint::new(
    Verb::Patch,
    "/api/v1/admin/sites/{site}",
    "changeSite",
    "Changes a site's retention period.",
)
.team(ManageSites)
.body(schema::<SiteChange>)
.returns(200, schema::<SiteView>);
/// `POST /api/v1/admin/sites/{site}/crawl`.
pub static START_CRAWL: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/sites/{site}/crawl",
    "startCrawl",
    "Starts crawling the site's live pages into its knowledge (from `url`, or the site's first origin); follow it with getCrawl. 409 while a crawl of the site runs.",
)
.team(ManageSites)
.body(schema::<CrawlRequest>)
.returns(202, schema::<CrawlStatus>);
/// `GET /api/v1/admin/sites/{site}/crawl`.
pub static GET_CRAWL: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/sites/{site}/crawl",
    "getCrawl",
    "Where the site's latest crawl stands: progress while it runs, its report once finished.",
)
.team(ReadAnalytics)
.returns(200, schema::<CrawlStatus>);
/// `GET /api/v1/admin/settings`.
pub static GET_SETTINGS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/settings",
    "getSettings",
    "The tenant's personal-data policy and rules.",
)
.team(ManageSettings)
.returns(200, schema::<PiiSettings>);
/// `PUT /api/v1/admin/settings`.
pub static PUT_SETTINGS: Endpoint = Endpoint::new(
    Verb::Put,
    "/api/v1/admin/settings",
    "putSettings",
    "Replaces the tenant's personal-data policy and rules.",
)
.team(ManageSettings)
.body(schema::<PiiSettings>)
.returns(200, schema::<PiiSettings>);
/// `GET /api/v1/admin/members`.
pub static LIST_MEMBERS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/members",
    "listMembers",
    "The tenant's team members.",
)
.team(ManageTeam)
.returns(200, schema::<Members<MemberView>>);
/// `POST /api/v1/admin/members`.
pub static ADD_MEMBER: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/members",
    "addMember",
    "Adds a member with a role no higher than the caller's; returns a first password once.",
)
.team(ManageTeam)
.body(schema::<NewMember>)
.returns(201, schema::<AddedMember>);
/// `DELETE /api/v1/admin/members/{member}`.
pub static REMOVE_MEMBER: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/admin/members/{member}",
    "removeMember",
    "Removes a member.",
)
.team(ManageTeam);
/// `GET /api/v1/admin/keys`.
pub static LIST_KEYS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/keys",
    "listKeys",
    "The tenant's API keys, revoked ones included; never a secret.",
)
.team(ManageTeam)
.returns(200, schema::<Keys<KeyView>>);
/// `POST /api/v1/admin/keys`.
pub static CREATE_KEY: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/keys",
    "createKey",
    "Issues a key with a role no higher than the caller's; the token is shown once.",
)
.team(ManageTeam)
.body(schema::<NewKey>)
.returns(201, schema::<IssuedKey>);
/// `DELETE /api/v1/admin/keys/{key}`.
pub static REVOKE_KEY: Endpoint = Endpoint::new(
    Verb::Delete,
    "/api/v1/admin/keys/{key}",
    "revokeKey",
    "Revokes a key at once.",
)
.team(ManageTeam)
.returns(200, schema::<KeyView>);
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
/// `GET /api/v1/admin/requests`.
pub static LIST_REQUESTS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/requests",
    "listRequests",
    "The request register (`?status=all|open|overdue`).",
)
.team(HandleRequests)
.returns(200, schema::<Requests<RequestView>>);
/// `POST /api/v1/admin/requests`.
pub static ENTER_REQUEST: Endpoint = Endpoint::new(
    Verb::Post,
    "/api/v1/admin/requests",
    "enterRequest",
    "Enters a request received by e-mail or letter; it stays open until fulfilled.",
)
.team(HandleRequests)
.body(schema::<EnteredRequest>)
.returns(201, schema::<RequestView>);
/// `POST /api/v1/admin/requests/{request}/fulfil`.
pub static FULFIL_REQUEST: Endpoint = Endpoint::new(Verb::Post, "/api/v1/admin/requests/{request}/fulfil", "fulfilRequest", "Carries out an open request: an export for access, an erasure with receipt otherwise (erasures need the erase permission).")
    .team(HandleRequests)
    .returns(200, schema::<Fulfilment>);
/// `GET /api/v1/admin/audit`.
pub static AUDIT_LOG: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/audit",
    "auditLog",
    "The audit log (`?after=`, `?limit=`), owners only.",
)
.team(ReadAudit)
.returns(200, schema::<Entries<AuditView>>);

/// The admin routes.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&WHOAMI, whoami)
        .add(&STATS, stats::<M, C>)
        .add(&LIST_SITES, list_sites::<M, C>)
        .add(&CREATE_SITE, create_site::<M, C>)
        .add(&CHANGE_SITE, change_site::<M, C>)
        .add(&START_CRAWL, start_crawl::<M, C>)
        .add(&GET_CRAWL, get_crawl::<M, C>)
        .add(&GET_SETTINGS, get_settings::<M, C>)
        .add(&PUT_SETTINGS, put_settings::<M, C>)
        .add(&LIST_MEMBERS, list_members::<M, C>)
        .add(&ADD_MEMBER, add_member::<M, C>)
        .add(&REMOVE_MEMBER, remove_member::<M, C>)
        .add(&LIST_KEYS, list_keys::<M, C>)
        .add(&CREATE_KEY, create_key::<M, C>)
        .add(&REVOKE_KEY, revoke_key::<M, C>)
        .add(&LIST_CONVERSATIONS, list_conversations::<M, C>)
        .add(&GET_CONVERSATION, get_conversation::<M, C>)
        .add(&ERASE_CONVERSATION, erase_conversation::<M, C>)
        .add(&REPLY, reply_to_visitor::<M, C>)
        .add(&ANALYTICS, analytics::<M, C>)
        .add(&ERASE_VISITOR, erase_visitor::<M, C>)
        .add(&EXPORT_VISITOR, export_visitor::<M, C>)
        .add(&LIST_REQUESTS, list_requests::<M, C>)
        .add(&ENTER_REQUEST, enter_request::<M, C>)
        .add(&FULFIL_REQUEST, fulfil_request::<M, C>)
        .add(&AUDIT_LOG, audit_log::<M, C>)
}

/// A use case's result as a response with `status` on success.
pub(crate) fn reply<T: Serialize>(status: StatusCode, result: AppResult<T>) -> Response {
    match result {
        Ok(body) => (status, Json(body)).into_response(),
        Err(error) => ApiError::from(error).into_response(),
    }
}

/// Parses a path id; anything malformed is simply not found.
fn id<T: std::str::FromStr>(text: &str, what: &'static str) -> AppResult<T> {
    text.parse().map_err(|_| AppError::NotFound(what))
}

/// The caller, as `GET /me` shows it.
#[derive(Serialize, schemars::JsonSchema)]
struct CallerView {
    tenant_id: TenantId,
    role: TeamRole,
    actor: String,
}

#[instrument(skip_all)]
async fn whoami(Admin(caller): Admin) -> Response {
    let Caller {
        tenant,
        role,
        actor,
    } = caller;
    reply(
        StatusCode::OK,
        Ok(CallerView {
            tenant_id: tenant,
            role,
            actor: actor.audit_name(),
        }),
    )
}

#[instrument(skip_all)]
async fn stats<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
) -> Response {
    reply(StatusCode::OK, sotto.team_stats(&caller).await)
}

/// `{"sites": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Sites<T> {
    sites: Vec<T>,
}

#[instrument(skip_all)]
async fn list_sites<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
) -> Response {
    let sites = sotto.team_sites(&caller).await.map(|sites| Sites { sites });
    reply(StatusCode::OK, sites)
}

#[instrument(skip_all)]
async fn create_site<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    JsonBody(new): JsonBody<TeamNewSite>,
) -> Response {
    reply(
        StatusCode::CREATED,
        sotto.team_create_site(&caller, new).await,
    )
}

#[instrument(skip_all)]
async fn change_site<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
    JsonBody(change): JsonBody<SiteChange>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_change_site(&caller, &site, change).await,
    )
}

#[instrument(skip_all)]
async fn start_crawl<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
    JsonBody(request): JsonBody<CrawlRequest>,
) -> Response {
    reply(
        StatusCode::ACCEPTED,
        sotto.team_start_crawl(&caller, &site, request).await,
    )
}

#[instrument(skip_all)]
async fn get_crawl<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(site): IdPath<SiteId>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_crawl_status(&caller, &site).await,
    )
}

#[instrument(skip_all)]
async fn get_settings<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
) -> Response {
    reply(StatusCode::OK, sotto.team_settings(&caller).await)
}

#[instrument(skip_all)]
async fn put_settings<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    JsonBody(settings): JsonBody<PiiSettings>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_change_settings(&caller, settings).await,
    )
}

/// `{"members": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Members<T> {
    members: Vec<T>,
}

#[instrument(skip_all)]
async fn list_members<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
) -> Response {
    let members = sotto
        .members(&caller)
        .await
        .map(|members| Members { members });
    reply(StatusCode::OK, members)
}

#[instrument(skip_all)]
async fn add_member<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    JsonBody(new): JsonBody<NewMember>,
) -> Response {
    reply(
        StatusCode::CREATED,
        sotto.add_member(&caller, new, None).await,
    )
}

#[instrument(skip_all)]
async fn remove_member<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(member): IdPath<MemberId>,
) -> Response {
    match sotto.remove_member(&caller, member).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError::from(error).into_response(),
    }
}

/// `{"keys": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Keys<T> {
    keys: Vec<T>,
}

#[instrument(skip_all)]
async fn list_keys<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
) -> Response {
    let keys = sotto.keys(&caller).await.map(|keys| Keys { keys });
    reply(StatusCode::OK, keys)
}

#[instrument(skip_all)]
async fn create_key<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    JsonBody(new): JsonBody<NewKey>,
) -> Response {
    reply(StatusCode::CREATED, sotto.create_key(&caller, new).await)
}

#[instrument(skip_all)]
async fn revoke_key<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(key): IdPath<String>,
) -> Response {
    reply(StatusCode::OK, sotto.revoke_key(&caller, &key).await)
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

/// `?status=` of the request list.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestQuery {
    #[serde(default)]
    status: RequestFilter,
}

/// `{"requests": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Requests<T> {
    requests: Vec<T>,
}

#[instrument(skip_all)]
async fn list_requests<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    QueryParams(q): QueryParams<RequestQuery>,
) -> Response {
    let requests = sotto.team_requests(&caller, q.status).await;
    reply(
        StatusCode::OK,
        requests.map(|requests| Requests { requests }),
    )
}

#[instrument(skip_all)]
async fn enter_request<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    JsonBody(entered): JsonBody<EnteredRequest>,
) -> Response {
    reply(
        StatusCode::CREATED,
        sotto.team_enter_request(&caller, entered).await,
    )
}

#[instrument(skip_all)]
async fn fulfil_request<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    IdPath(request): IdPath<RequestId>,
) -> Response {
    reply(
        StatusCode::OK,
        sotto.team_fulfil_request(&caller, request).await,
    )
}

/// `?after=&limit=` of the audit log.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditQuery {
    #[serde(default)]
    after: i64,
    limit: Option<usize>,
}

/// `{"entries": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Entries<T> {
    entries: Vec<T>,
}

#[instrument(skip_all)]
async fn audit_log<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    QueryParams(q): QueryParams<AuditQuery>,
) -> Response {
    let entries = sotto
        .audit_log(&caller, q.after, q.limit.unwrap_or(100))
        .await;
    reply(StatusCode::OK, entries.map(|entries| Entries { entries }))
}
