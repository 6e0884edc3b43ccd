//! The register of data subject requests: listed, entered (requests that reached the tenant
//! by e-mail or letter) and fulfilled.

use super::auth::Admin;
use super::reply;
use crate::AppState;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{IdPath, JsonBody, QueryParams};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use sotto_app::chat::conversations::{EnteredRequest, Fulfilment, RequestFilter};
use sotto_app::rights::requests::{RequestView, UnrecordedView};
use sotto_app::{ConversationStore, MainStore};
use sotto_core::RequestId;
use sotto_core::access::Permission::*;
use tracing::instrument;

/// `GET /api/v1/admin/requests`.
pub static LIST_REQUESTS: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/admin/requests",
    "listRequests",
    "The request register (`?status=all|open|overdue`), with the counts of requests from visitors who held nothing (answered, not registered one by one).",
)
.team(HandleRequests)
.returns(200, schema::<Register>);

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

/// The routes of this resource.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&LIST_REQUESTS, list_requests::<M, C>)
        .add(&ENTER_REQUEST, enter_request::<M, C>)
        .add(&FULFIL_REQUEST, fulfil_request::<M, C>)
}

/// `?status=` of the request list.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestQuery {
    #[serde(default)]
    status: RequestFilter,
}

/// `{"requests": [...], "unrecorded": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
struct Register {
    /// The registered requests, most recently received first.
    requests: Vec<RequestView>,
    /// Requests from visitors who held nothing, counted per site, day and kind.
    unrecorded: Vec<UnrecordedView>,
}

#[instrument(skip_all)]
async fn list_requests<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    Admin(caller): Admin,
    QueryParams(q): QueryParams<RequestQuery>,
) -> Response {
    let register: sotto_app::AppResult<Register> = async {
        Ok(Register {
            requests: sotto.team_requests(&caller, q.status).await?,
            unrecorded: sotto.unrecorded_requests(caller.tenant).await?,
        })
    }
    .await;
    reply(StatusCode::OK, register)
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
