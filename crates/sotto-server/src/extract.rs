//! Request extractors that fail with JSON errors instead of axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use sotto_core::{ErrorCode, VisitorId};

use crate::ApiError;

/// Header that carries the visitor's browser UUID. Never in a URL, where it would reach logs
/// and referrers.
pub const VISITOR_HEADER: &str = "sotto-visitor";

/// The visitor id from the `Sotto-Visitor` header; 400 when missing or malformed.
pub struct Visitor(pub VisitorId);

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let value = parts.headers.get(VISITOR_HEADER).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidVisitor,
                "the Sotto-Visitor header is missing",
            )
        })?;
        value
            .to_str()
            .ok()
            .and_then(|v| v.parse().ok())
            .map(Visitor)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidVisitor,
                    "the Sotto-Visitor header must be a UUID",
                )
            })
    }
}

/// The one path parameter of a route, parsed; anything that does not parse is `404`, since
/// no object has such an id.
pub struct IdPath<T>(pub T);

impl<T: std::str::FromStr + Send, S: Send + Sync> FromRequestParts<S> for IdPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(text) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found("not found"))?;
        text.parse()
            .map(IdPath)
            .map_err(|_| ApiError::not_found("not found"))
    }
}

/// The two path parameters of a route (`/…/{a}/…/{b}`), as typed; a path that does not
/// decode is `404`, since no object has such an id.
pub struct IdPaths(pub String, pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdPaths {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path((first, second)) = Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found("not found"))?;
        Ok(IdPaths(first, second))
    }
}

/// Query parameters, or a JSON `400` naming none of them.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(params)| QueryParams(params))
            .map_err(|_| ApiError::new(ErrorCode::BadRequest, "invalid query parameters"))
    }
}

/// A JSON body: 415 without a JSON content type, 413 above the body limit, 400 when it does
/// not parse or has unknown fields.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "the body must be application/json",
            ));
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|_| {
            ApiError::new(ErrorCode::PayloadTooLarge, "the request body is too large")
        })?;
        if nesting_depth(&bytes) > MAX_JSON_DEPTH {
            return Err(ApiError::new(
                ErrorCode::BadRequest,
                format!("invalid JSON body: nested deeper than {MAX_JSON_DEPTH} levels"),
            ));
        }
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            ApiError::new(
                ErrorCode::BadRequest,
                format!("invalid JSON body: {}", json_error_summary(&e)),
            )
        })
    }
}

/// Deepest nesting of arrays and objects a body may have; no Sotto body needs more than 4.
pub const MAX_JSON_DEPTH: usize = 32;

/// The deepest nesting of `[` and `{` in a JSON text, outside strings (counted on the raw
/// bytes, before parsing, so a hostile body costs one linear scan).
fn nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &byte in bytes {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Describes a JSON error for the client that sent it (client errors are never logged).
fn json_error_summary(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match error.classify() {
        Category::Data => {
            let text = error.to_string();
            text.split(" at line")
                .next()
                .unwrap_or("wrong field type")
                .to_owned()
        }
        Category::Syntax | Category::Eof => format!(
            "malformed JSON at line {} column {}",
            error.line(),
            error.column()
        ),
        Category::Io => "unreadable body".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_brackets_outside_strings_only() {
        assert_eq!(nesting_depth(br#"{"a":[1,{"b":2}]}"#), 3);
        assert_eq!(nesting_depth(br#"{"text":"[[[[{{{{"}"#), 1);
        assert_eq!(nesting_depth(br#"{"text":"a \" [[["}"#), 1);
        assert_eq!(nesting_depth(b"1"), 0);
        assert_eq!(nesting_depth(&[b'['; 10_000]), 10_000);
    }
}
