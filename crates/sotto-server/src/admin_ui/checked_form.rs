//! [`CheckedForm`]: every form a signed-in member posts, read with its session and let through
//! only when it carries that session's CSRF token.

use axum::Form;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use sotto_app::{ConversationStore, MainStore};

use super::i18n::Lang;
use super::session::TeamSession;
use crate::AppState;

/// A form posted by a signed-in member, with their session. Without a session the answer is
/// the sign-in page; a form the server cannot read is refused as `Form` refuses it; a form
/// without this session's CSRF token gets the page saying the form expired.
pub struct CheckedForm<T>(pub TeamSession, pub T);

/// A form that carries nothing but its CSRF token (signing out, fulfilling a request,
/// exporting a visitor's data).
#[derive(Deserialize)]
pub struct TokenOnly {}

/// The one field every form carries.
#[derive(Deserialize)]
struct Token {
    csrf: String,
}

impl<M, C, T> FromRequest<AppState<M, C>> for CheckedForm<T>
where
    M: MainStore,
    C: ConversationStore,
    T: DeserializeOwned + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, sotto: &AppState<M, C>) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let session = TeamSession::from_request_parts(&mut parts, sotto).await?;
        let lang = Lang::of(&parts.headers);
        let (method, uri, headers) = (
            parts.method.clone(),
            parts.uri.clone(),
            parts.headers.clone(),
        );
        let bytes = Bytes::from_request(Request::from_parts(parts, body), sotto)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut again = Request::new(Body::from(bytes.clone()));
        *again.method_mut() = method;
        *again.uri_mut() = uri;
        *again.headers_mut() = headers;
        let Form(form) = Form::<T>::from_request(again, sotto)
            .await
            .map_err(IntoResponse::into_response)?;
        let presented = serde_urlencoded::from_bytes::<Token>(&bytes)
            .map(|token| token.csrf)
            .unwrap_or_default();
        if !session.csrf_ok(&presented) {
            return Err(super::refuse_form(lang, &session));
        }
        Ok(Self(session, form))
    }
}
