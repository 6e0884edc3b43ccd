//! Who may use a site's widget routes. [`SiteAccess`] lets a request through once its site
//! exists, its origin is one the site allows and the widget limits are not reached; [`cors`],
//! the layer of every widget route, then puts the site's CORS headers on whatever the route
//! answers, errors included, so that the widget can read them. A request refused before its
//! origin was found allowed gets no CORS headers.

use std::sync::{Arc, Mutex};

use axum::extract::{FromRequestParts, Path, Request};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use serde::Deserialize;
use sotto_app::tenancy::sites::OpenSite;
use sotto_app::{ConversationStore, MainStore};
use sotto_core::{SiteId, VisitorId};

use crate::extract::VISITOR_HEADER;
use crate::origin::{self, AllowedOrigin};
use crate::{ApiError, AppState};

/// The site of any widget route; other path parameters are left to each route.
#[derive(Deserialize)]
pub(super) struct SitePath {
    pub(super) site: String,
}

/// Where [`SiteAccess`] leaves the allowed origin for [`cors`] to put on the response.
#[derive(Clone, Default)]
struct AllowedSlot(Arc<Mutex<Option<AllowedOrigin>>>);

/// The layer of every widget route: runs the route, then adds the CORS headers of the origin
/// [`SiteAccess`] allowed, if it allowed one.
pub async fn cors(mut request: Request, next: Next) -> Response {
    let slot = AllowedSlot::default();
    request.extensions_mut().insert(slot.clone());
    let response = next.run(request).await;
    let allowed = slot.0.lock().ok().and_then(|mut held| held.take());
    match allowed {
        Some(allowed) => allowed.apply(response),
        None => response,
    }
}

/// A widget request that may go on: the open site it is for.
pub struct SiteAccess(pub OpenSite);

impl<M: MainStore, C: ConversationStore> FromRequestParts<AppState<M, C>> for SiteAccess {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        sotto: &AppState<M, C>,
    ) -> Result<Self, ApiError> {
        let Path(SitePath { site }) = Path::<SitePath>::from_request_parts(parts, sotto)
            .await
            .map_err(|_| ApiError::not_found("site not found"))?;
        let (site, allowed) = site_access(sotto, &site, &parts.headers).await?;
        if let Some(slot) = parts.extensions.get::<AllowedSlot>()
            && let Ok(mut held) = slot.0.lock()
        {
            *held = Some(allowed);
        }
        let visitor = parts
            .headers
            .get(VISITOR_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<VisitorId>().ok());
        sotto.limits().check_widget(site.id(), visitor.as_ref())?;
        Ok(Self(site))
    }
}

/// Resolves the site (once per request) and checks the request origin against it.
pub(super) async fn site_access<M: MainStore, C: ConversationStore>(
    sotto: &AppState<M, C>,
    site: &str,
    headers: &HeaderMap,
) -> Result<(OpenSite, AllowedOrigin), ApiError> {
    let site_id: SiteId = site
        .parse()
        .map_err(|_| ApiError::not_found("site not found"))?;
    let open = sotto.open_site(&site_id).await?;
    let allowed = origin::check(headers, open.origins(), &sotto.config().public_url())?;
    Ok((open, allowed))
}
