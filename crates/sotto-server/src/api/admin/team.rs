//! The team: members and API keys, with their roles.

use super::auth::Admin;
use super::{no_content, reply};
use crate::AppState;
use crate::endpoints::{Api, Endpoint, Verb, schema};
use crate::extract::{IdPath, JsonBody};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use sotto_app::team::members::{AddedMember, IssuedKey, KeyView, MemberView, NewKey, NewMember};
use sotto_app::{ConversationStore, MainStore};
use sotto_core::MemberId;
use sotto_core::access::Permission::*;
use tracing::instrument;

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

/// The routes of this resource.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .add(&LIST_MEMBERS, list_members::<M, C>)
        .add(&ADD_MEMBER, add_member::<M, C>)
        .add(&REMOVE_MEMBER, remove_member::<M, C>)
        .add(&LIST_KEYS, list_keys::<M, C>)
        .add(&CREATE_KEY, create_key::<M, C>)
        .add(&REVOKE_KEY, revoke_key::<M, C>)
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
    no_content(sotto.remove_member(&caller, member).await)
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
