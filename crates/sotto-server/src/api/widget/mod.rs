//! The public widget API, `/api/v1/sites/{site}/…`. The visitor is identified only by the
//! `Sotto-Visitor` header; every route starts from [`access::SiteAccess`], which checks the
//! request origin against the site before anything else, and answers with the site's CORS
//! headers.
//!
//! One file per resource: [`chat`] (settings, turns, history; [`stream`] for turns as
//! server-sent events), [`rights`] (erasure, export, objection), [`consent`] (privacy texts,
//! consents, e-mail).

pub mod access;
pub mod chat;
pub mod consent;
pub mod rights;
mod stream;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use sotto_app::{ConversationStore, MainStore};
use tracing::instrument;

use crate::AppState;
use crate::endpoints::Api;
use access::{SitePath, site_access};

/// The widget API routes, each with its CORS preflight, behind the [`access::cors`] layer.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    let api = Api::default()
        .merge(chat::api())
        .merge(rights::api())
        .merge(consent::api())
        .route_layer(axum::middleware::from_fn(access::cors));
    let mut paths: Vec<&'static str> = api.endpoints().iter().map(|e| e.path).collect();
    paths.sort_unstable();
    paths.dedup();
    paths
        .into_iter()
        .fold(api, |api, path| api.preflight(path, preflight::<M, C>))
}

/// The answer to a CORS preflight of any widget route.
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
