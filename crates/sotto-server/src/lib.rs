//! Sotto's HTTP server: the public widget API, the widget script, and the demo website. Thin
//! over `sotto-app`: handlers parse, check the origin, call one use case and shape the reply.
//!
//! # Layout
//! - [`error`]: [`ApiError`], the JSON error body and status of every failure.
//! - [`extract`]: request extractors (visitor header, strict JSON bodies).
//! - [`origin`]: per-site CORS: only a site's registered origins (and the server itself).
//! - [`api`]: the JSON API by audience and resource: `api::widget` (`/api/v1/sites/{site}/…`,
//!   behind the site-access extractor) and `api::admin` (`/api/v1/admin/…`, for a tenant's
//!   team, behind the bearer-key extractor).
//! - [`endpoints`]: every route declared once; [`openapi`] describes them.
//! - [`assets`]: `/widget.js`, the demo pages and their stylesheet.
//! - [`headers`]: security headers added to every response.
//! - [`tls`]: HTTPS with rustls when a certificate is configured.
//! - [`client_address`]: the per-address abuse limit.
//! - [`metrics`]: Prometheus metrics without ids, visitors or addresses.
//! - [`notice_page`]: each site's visitor privacy notice as a public page.
//! - `admin_ui`: the team's web UI at `/admin` (sign-in, inbox, conversations).

mod admin_ui;
pub mod api;
pub mod assets;
pub mod client_address;
pub mod endpoints;
pub mod error;
pub mod extract;
pub mod headers;
pub mod metrics;
pub mod notice_page;
pub mod openapi;
pub mod origin;
pub mod tls;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use sotto_app::Sotto;
use sotto_app::{ConversationStore, MainStore};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use endpoints::Api;
pub use error::ApiError;

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Shared state of every handler.
pub type AppState<M, C> = Arc<Sotto<M, C>>;

/// Every API endpoint the router mounts, in the order the OpenAPI document lists them.
pub fn api<M: MainStore, C: ConversationStore>() -> Api<AppState<M, C>> {
    let meta = Api::default()
        .add(&openapi::HEALTH, health::<M, C>)
        .add(&openapi::OPENAPI, openapi_json::<M, C>)
        .add(&metrics::METRICS, metrics::serve_metrics::<M, C>)
        .add(&notice_page::NOTICE_PAGE, notice_page::notice_page::<M, C>);
    meta.merge(api::widget::api()).merge(api::admin::api())
}

/// `/healthz`: `200 {"status":"ok","stores":{…}}` when every store answers, `503
/// {"status":"store_unavailable","stores":{…}}` with `Retry-After` when one does not (a load
/// balancer takes the node out until it answers again; it reconnects by itself).
async fn health<M: MainStore, C: ConversationStore>(
    axum::extract::State(sotto): axum::extract::State<AppState<M, C>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let stores = sotto.store_health().await;
    if stores.all_up() {
        return axum::Json(serde_json::json!({ "status": "ok", "stores": stores })).into_response();
    }
    (
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        [(
            axum::http::header::RETRY_AFTER,
            sotto_app::error::STORE_RETRY_AFTER_SECS.to_string(),
        )],
        axum::Json(serde_json::json!({ "status": "store_unavailable", "stores": stores })),
    )
        .into_response()
}

/// Serves the OpenAPI document of [`api`].
async fn openapi_json<M: MainStore, C: ConversationStore>() -> axum::Json<serde_json::Value> {
    axum::Json(openapi::document(api::<M, C>().endpoints()))
}

/// Every route of the server.
pub fn router<M: MainStore, C: ConversationStore>(sotto: AppState<M, C>) -> Router {
    metrics::install();
    let (api, _) = api::<M, C>().into_parts();
    Router::new()
        .merge(api)
        .merge(assets::routes())
        .merge(admin_ui::routes::<M, C>())
        .layer(axum::middleware::from_fn(metrics::record))
        .fallback(|| async { ApiError::not_found("no such route") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            sotto.clone(),
            client_address::limit_per_address::<M, C>,
        ))
        .layer(axum::middleware::from_fn_with_state(
            headers::Hsts(sotto.config().tls_cert.is_some()),
            headers::security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(sotto)
}

/// How often a running server looks for sites due for a recrawl.
pub const RECRAWL_CHECK: std::time::Duration = std::time::Duration::from_secs(600);

/// Serves until `shutdown` completes, then closes the stores once the last request is done.
/// Retention sweeps run meanwhile, every `retention_sweep_minutes` of the configuration, and
/// sites are recrawled every `recrawl_hours` (checked every [`RECRAWL_CHECK`]).
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
    let hours = sotto.config().recrawl_hours;
    let recrawls = (hours > 0).then(|| {
        tokio::spawn(
            sotto
                .clone()
                .recrawl_every(RECRAWL_CHECK, std::time::Duration::from_secs(hours * 3600)),
        )
    });
    let app = router(sotto.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let served = match tls::configured(sotto.config()).await? {
        None => {
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        }
        Some(tls) => tls::serve(listener, tls, app, shutdown).await,
    };
    for job in [sweeps, recrawls].into_iter().flatten() {
        job.abort();
        let _ = job.await;
    }
    sotto.close().await;
    served
}
