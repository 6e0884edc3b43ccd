//! Sotto's HTTP server: the public widget API, the widget script, and the demo website. Thin
//! over `sotto-app`: handlers parse, check the origin, call one use case and shape the reply.
//!
//! # Layout
//! - [`error`]: [`ApiError`], the JSON error body and status of every failure.
//! - [`extract`]: request extractors (visitor header, strict JSON bodies).
//! - [`origin`]: per-site CORS: only a site's registered origins (and the server itself).
//! - [`widget_api`]: `/api/v1/sites/{site}/…` handlers.
//! - [`assets`]: `/widget.js`, the demo pages and their stylesheet.
//! - [`headers`]: security headers added to every response.

pub mod assets;
pub mod error;
pub mod extract;
pub mod headers;
pub mod origin;
pub mod widget_api;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use sotto_app::Sotto;
use sotto_app::{ConversationStore, MainStore};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use error::ApiError;

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Shared state of every handler.
pub type AppState<M, C> = Arc<Sotto<M, C>>;

/// Every route of the server.
pub fn router<M: MainStore, C: ConversationStore>(sotto: AppState<M, C>) -> Router {
    Router::new()
        .route(
            "/healthz",
            get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }),
        )
        .merge(assets::routes())
        .merge(widget_api::routes())
        .fallback(|| async { ApiError::not_found("no such route") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .layer(TraceLayer::new_for_http())
        .with_state(sotto)
}

/// Serves until `shutdown` completes, then closes the stores once the last request is done.
/// Retention sweeps run meanwhile, every `retention_sweep_minutes` of the configuration.
pub async fn serve<M: MainStore, C: ConversationStore>(
    sotto: AppState<M, C>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let minutes = sotto.config().retention_sweep_minutes;
    let sweeps = (minutes > 0).then(|| {
        tokio::spawn(
            sotto
                .clone()
                .sweep_retention_every(std::time::Duration::from_secs(minutes * 60)),
        )
    });
    let served = axum::serve(listener, router(sotto.clone()))
        .with_graceful_shutdown(shutdown)
        .await;
    if let Some(sweeps) = sweeps {
        sweeps.abort();
        let _ = sweeps.await;
    }
    sotto.close().await;
    served
}
