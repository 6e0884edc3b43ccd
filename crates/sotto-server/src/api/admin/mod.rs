//! The admin API, `/api/v1/admin/…`, for a tenant's team and systems. Every handler starts
//! from [`Admin`], the caller its bearer key names; the tenant is the key's, so a handler
//! cannot reach another tenant's rows. Roles are checked by the use cases.
//!
//! One file per resource: [`account`], [`sites`], [`answers`], [`site_tests`], [`team`],
//! [`conversations`],
//! [`requests`], [`privacy`], [`leads`]; [`auth`] turns a bearer key into the caller.

pub mod account;
pub mod answers;
pub mod auth;
pub mod conversations;
pub mod leads;
pub mod privacy;
pub mod requests;
pub mod site_tests;
pub mod sites;
pub mod team;

use crate::endpoints::Api;
use crate::{ApiError, AppState};
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sotto_app::{AppError, AppResult, ConversationStore, MainStore};

/// Every admin route.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    Api::default()
        .merge(account::api())
        .merge(sites::api())
        .merge(answers::api())
        .merge(site_tests::api())
        .merge(team::api())
        .merge(conversations::api())
        .merge(requests::api())
        .merge(privacy::api())
        .merge(leads::api())
}

/// A use case's result as a response with `status` on success.
pub(crate) fn reply<T: Serialize>(status: StatusCode, result: AppResult<T>) -> Response {
    match result {
        Ok(body) => (status, Json(body)).into_response(),
        Err(error) => ApiError::from(error).into_response(),
    }
}

/// A use case's result as `204 No Content` on success.
pub(crate) fn no_content(result: AppResult<()>) -> Response {
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError::from(error).into_response(),
    }
}

/// Parses a path id; anything malformed is simply not found.
fn id<T: std::str::FromStr>(text: &str, what: &'static str) -> AppResult<T> {
    text.parse().map_err(|_| AppError::NotFound(what))
}
