//! The errors of the use cases. Each maps to a stable [`ErrorCode`]; the message of an internal
//! error stays in the server log and never reaches a client.

use sotto_core::ErrorCode;
use sotto_core::limits::MAX_MESSAGE_CHARS;
use sotto_crypto::CryptoError;
use sotto_knowledge::{ImportError, IndexError};
use sotto_store::StoreError;

/// How long a client is asked to wait when a database is unavailable: about the time a
/// PostgreSQL restart or a failover takes.
pub const STORE_RETRY_AFTER_SECS: u64 = 5;

/// Why a use case failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The object does not exist, or is not the caller's.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The input is invalid; the message says why and holds no personal data.
    #[error("{0}")]
    Invalid(String),
    /// A message is longer than allowed.
    #[error("the message is longer than {MAX_MESSAGE_CHARS} characters")]
    MessageTooLong,
    /// The object already exists.
    #[error("{0}")]
    Conflict(String),
    /// The caller presented no valid credentials.
    #[error("a valid admin API key is required")]
    Unauthorized,
    /// Too many requests; retry after this many seconds.
    #[error("too many requests; retry in {retry_after_secs} s")]
    RateLimited {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// The caller's role does not allow this.
    #[error("your role does not allow this: {0}")]
    Forbidden(&'static str),
    /// A service this request relies on (the SMTP relay) failed; the message holds no
    /// personal data.
    #[error("{0}")]
    Unavailable(String),
    /// A database cannot be reached or written just now; the client may retry after this many
    /// seconds.
    #[error("the service is unavailable for a moment; retry in {retry_after_secs} s")]
    StoreUnavailable {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// The configuration or data directory is unusable.
    #[error("{0}")]
    Setup(String),
    /// A store failed.
    #[error(transparent)]
    Store(StoreError),
    /// Decryption or key handling failed.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    /// The search index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// Reading content to import failed.
    #[error(transparent)]
    Import(#[from] ImportError),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(what) => AppError::Conflict(what),
            StoreError::UnknownTenant => AppError::NotFound("tenant"),
            StoreError::Unavailable(why) => {
                tracing::warn!(error = %why, "a database is unavailable");
                AppError::StoreUnavailable {
                    retry_after_secs: STORE_RETRY_AFTER_SECS,
                }
            }
            other => AppError::Store(other),
        }
    }
}

impl AppError {
    /// The stable code clients see.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::Invalid(_) | AppError::Import(_) => ErrorCode::BadRequest,
            AppError::MessageTooLong => ErrorCode::PayloadTooLarge,
            AppError::Conflict(_) => ErrorCode::Conflict,
            AppError::Unauthorized => ErrorCode::Unauthorized,
            AppError::Forbidden(_) => ErrorCode::Forbidden,
            AppError::RateLimited { .. } => ErrorCode::RateLimited,
            AppError::Unavailable(_) => ErrorCode::Unavailable,
            AppError::StoreUnavailable { .. } => ErrorCode::StoreUnavailable,
            AppError::Setup(_) | AppError::Store(_) | AppError::Crypto(_) | AppError::Index(_) => {
                ErrorCode::Internal
            }
        }
    }

    /// The message a client may see: the error itself for client errors, a generic sentence
    /// for internal ones.
    pub fn public_message(&self) -> String {
        match self.code() {
            ErrorCode::Internal => "internal error".to_owned(),
            _ => self.to_string(),
        }
    }
}
