//! The per-address abuse limit, applied before any route runs. The address comes from the
//! connection, or from the last `X-Forwarded-For` hop when the configuration trusts a reverse
//! proxy; it is hashed at once (see `sotto_app::tenancy::rate_limits`) and never stored or logged.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sotto_app::{ConversationStore, MainStore};

use crate::{ApiError, AppState};

/// The client address of a request, if known.
fn client_address(request: &Request, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for
        && let Some(forwarded) = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|hop| hop.trim().parse().ok())
    {
        return Some(forwarded);
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip())
}

/// The client address, for the handlers that brake by network (sign-in); never stored or
/// logged.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

/// Refuses the request with 429 when its address is over its limit; otherwise hands the
/// address on to the handler.
pub async fn limit_per_address<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(address) = client_address(&request, sotto.config().trust_forwarded_for) {
        if let Err(limited) = sotto.limits().check_address(address) {
            return ApiError::from(limited).into_response();
        }
        request.extensions_mut().insert(ClientAddress(address));
    }
    next.run(request).await
}
