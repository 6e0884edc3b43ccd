//! The caller and the tenant at a glance: who the key is (`/me`), figures without content
//! (`/stats`), and the audit log.

use super::auth::Admin;
use super::reply;
use crate::AppState;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::QueryParams;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use sotto_app::team::access::Caller;
use sotto_app::team::audit::AuditView;
use sotto_app::team::settings::TeamStats;
use sotto_app::{ConversationStore, MainStore};
use sotto_core::TenantId;
use sotto_core::access::Permission::*;
use sotto_core::access::TeamRole;
use tracing::instrument;

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

/// `GET /api/v1/admin/audit`.
pub static AUDIT_LOG: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/audit",
    "auditLog",
    "The audit log (`?after=`, `?limit=`), owners only.",
)
.team(ReadAudit)
.returns(200, schema::<Entries<AuditView>>);

/// The routes of this resource.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&WHOAMI, whoami)
        .add(&STATS, stats::<M, C>)
        .add(&AUDIT_LOG, audit_log::<M, C>)
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
