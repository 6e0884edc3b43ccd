//! Sotto's use cases, each written once: the HTTP server and the CLI are two faces of the same
//! functions. This is the one crate that combines the stores, the key hierarchy and the
//! knowledge index; the faces never touch those directly.
//!
//! # Layout
//! One folder per domain; the `team_*` use cases live beside the domain they act on.
//! - [`chat`]: a chat turn, the stored message, the model's answers, personal-data settings,
//!   the team's conversations and the improvement analytics.
//! - [`knowledge`]: importing and crawling pages, retrieval settings, what the team sees of them.
//! - [`team`]: members, API keys, sign-in, who acts ([`team::access`]) and the audit log.
//! - [`tenancy`]: tenants, sites and the abuse limits that protect them.
//! - [`rights`]: erasure, export, objection, the request register and retention.
//! - [`consent`]: the consent ledger and each site's privacy settings.
//! - [`compliance`]: the register of processing, the privacy notice, breaches and residency.
//! - [`leads`]: addresses visitors leave for a stated purpose, and the lead webhook.
//! - [`setup`]: configuration, the data directory, the keyring, the mail relay, the demo and
//!   moving between backends.
//! - [`sotto`]: [`Sotto`], the application handle generic over both stores.
//! - [`error`]: [`AppError`] and its stable error codes.

pub mod chat;
pub mod compliance;
pub mod consent;
pub mod error;
pub mod knowledge;
pub mod leads;
pub mod rights;
pub mod setup;
pub mod sotto;
pub mod team;
pub mod tenancy;

pub use error::AppError;
pub use setup::config::{Backend, Config};
pub use sotto::{PgSotto, PgUrls, Sotto, SqliteSotto, StoreHealth};
pub use sotto_store::{ConversationStore, MainStore};

/// Result of a use case.
pub type AppResult<T> = Result<T, AppError>;
