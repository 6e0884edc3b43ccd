//! Stable, machine-readable error codes. The HTTP layer maps them to statuses and the CLI prints
//! them; clients may rely on the names, so they never change once released.

/// Every error a client of Sotto can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The request is malformed (bad JSON, bad field).
    BadRequest,
    /// The `Sotto-Visitor` header is missing or not a UUID.
    InvalidVisitor,
    /// The message or body is larger than allowed.
    PayloadTooLarge,
    /// The site, conversation or other object does not exist (or is not the caller's).
    NotFound,
    /// The request's origin is not one of the site's registered origins.
    OriginNotAllowed,
    /// The object already exists.
    Conflict,
    /// The caller sent the wrong content type.
    UnsupportedMediaType,
    /// No valid credentials: a missing, malformed, unknown or revoked API key.
    Unauthorized,
    /// Valid credentials whose role does not allow the operation.
    Forbidden,
    /// Too many requests; the response says when to retry.
    RateLimited,
    /// A service Sotto relies on for this request (the SMTP relay) failed; retrying later
    /// may work.
    Unavailable,
    /// A database cannot be reached or written just now (a restart, a failover, a full disk);
    /// retry after the `Retry-After` seconds. Nothing of the request was stored.
    StoreUnavailable,
    /// Something failed on the server; details are in the server log, never in the response.
    Internal,
}

impl ErrorCode {
    /// Every code, for API descriptions.
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::BadRequest,
        ErrorCode::InvalidVisitor,
        ErrorCode::PayloadTooLarge,
        ErrorCode::NotFound,
        ErrorCode::OriginNotAllowed,
        ErrorCode::Conflict,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::RateLimited,
        ErrorCode::Unavailable,
        ErrorCode::StoreUnavailable,
        ErrorCode::Internal,
    ];

    /// The stable name sent to clients.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::InvalidVisitor => "invalid_visitor",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::NotFound => "not_found",
            ErrorCode::OriginNotAllowed => "origin_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::StoreUnavailable => "store_unavailable",
            ErrorCode::Internal => "internal",
        }
    }
}
