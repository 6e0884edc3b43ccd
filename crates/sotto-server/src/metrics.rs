//! Prometheus metrics at `/metrics`: request counts and durations by route template, method
//! and status. Labels are route templates (`/api/v1/sites/{site}/messages`), never the values
//! in a path, so no id, visitor or address reaches a metric. Served to loopback clients, or to
//! anyone presenting `metrics_token` as a bearer token.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use sotto_app::{ConversationStore, MainStore};
use subtle::ConstantTimeEq;

use crate::endpoints::{Endpoint, Verb};
use crate::{ApiError, AppState};

/// `GET /metrics`.
pub static METRICS: Endpoint = Endpoint::new(
    Verb::Get,
    "/metrics",
    "metrics",
    "Prometheus metrics (loopback clients, or the configured metrics token).",
)
.returns_text("text/plain; version=0.0.4");

/// The process-wide recorder (metrics are per process, whatever the number of servers).
fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| PrometheusBuilder::new().install_recorder().ok())
        .as_ref()
}

/// Counts every request by route template, method and status, and times it.
pub async fn record(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("sotto_http_requests_total", &labels).increment(1);
    metrics::histogram!("sotto_http_request_duration_seconds", &labels[..2])
        .record(started.elapsed().as_secs_f64());
    response
}

/// Whether the request may read the metrics.
fn allowed(request: &Request, token: Option<&str>) -> bool {
    match token {
        Some(token) => request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| bool::from(given.as_bytes().ct_eq(token.as_bytes()))),
        None => {
            let forwarded = request.headers().contains_key("x-forwarded-for");
            let loopback = request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .is_some_and(|ConnectInfo(peer)| peer.ip().is_loopback());
            loopback && !forwarded
        }
    }
}

/// `GET /metrics`: 404 to whoever may not read them, so their existence is not advertised.
pub async fn serve_metrics<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    request: Request,
) -> Response {
    if !allowed(&request, sotto.config().metrics_token.as_deref()) {
        return ApiError::not_found("no such route").into_response();
    }
    let text = handle().map(PrometheusHandle::render).unwrap_or_default();
    ([(CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}

/// Installs the recorder; called when the router is built.
pub fn install() {
    handle();
}
