//! The admin API's credentials: `Authorization: Bearer <key>`. The extractor turns the token
//! into a [`Caller`] whose tenant comes from the key alone; handlers never read a tenant id
//! from the request.

use axum::extract::FromRequestParts;
use axum::http::HeaderValue;
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use sotto_app::team::access::{Actor, Caller};
use sotto_app::{AppError, ConversationStore, MainStore};

use crate::{ApiError, AppState};

/// The authenticated caller of an admin route.
pub struct Admin(pub Caller);

/// A 401 that tells the client which scheme to use.
pub struct Unauthenticated(ApiError);

impl IntoResponse for Unauthenticated {
    fn into_response(self) -> Response {
        let mut response = self.0.into_response();
        if response.status() == axum::http::StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl<M: MainStore, C: ConversationStore> FromRequestParts<AppState<M, C>> for Admin {
    type Rejection = Unauthenticated;

    async fn from_request_parts(
        parts: &mut Parts,
        sotto: &AppState<M, C>,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| {
                value
                    .strip_prefix("Bearer ")
                    .or_else(|| value.strip_prefix("bearer "))
            })
            .ok_or(Unauthenticated(AppError::Unauthorized.into()))?;
        let caller = sotto
            .authenticate(token)
            .await
            .map_err(|e| Unauthenticated(e.into()))?;
        if let Actor::Key(key_id) = &caller.actor {
            sotto
                .limits()
                .check_key(key_id)
                .map_err(|e| Unauthenticated(e.into()))?;
        }
        Ok(Admin(caller))
    }
}
