//! One error type for every handler. Clients get `{"error":{"code","message"}}` with a status
//! that matches the code; causes of internal errors go to the log, never to the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sotto_app::AppError;
use sotto_core::ErrorCode;

/// An error as the client sees it.
#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    message: String,
    retry_after_secs: Option<u64>,
}

impl ApiError {
    /// An error with a code and a client-safe message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            retry_after_secs: None,
        }
    }

    /// 404 with a message.
    pub fn not_found(message: &str) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    /// The HTTP status of an error code.
    pub fn status(code: ErrorCode) -> StatusCode {
        match code {
            ErrorCode::BadRequest | ErrorCode::InvalidVisitor => StatusCode::BAD_REQUEST,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::OriginNotAllowed => StatusCode::FORBIDDEN,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::Unavailable => StatusCode::BAD_GATEWAY,
            ErrorCode::StoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let code = error.code();
        if code == ErrorCode::Internal {
            tracing::error!(error = %error, "request failed");
        }
        let retry_after_secs = match error {
            AppError::RateLimited { retry_after_secs }
            | AppError::StoreUnavailable { retry_after_secs } => Some(retry_after_secs),
            _ => None,
        };
        Self {
            retry_after_secs,
            ..Self::new(code, error.public_message())
        }
    }
}

impl ApiError {
    /// The error's JSON body, `{"error":{"code","message"}}`, also sent as the `error` event
    /// of a stream.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({ "error": { "code": self.code.as_str(), "message": self.message } })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (Self::status(self.code), Json(self.body())).into_response();
        if let Some(secs) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}
