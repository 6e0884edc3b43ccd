//! Sotto's use cases, each written once: the HTTP server and the CLI are two faces of the same
//! functions. This is the one crate that combines the stores, the key hierarchy and the
//! knowledge index; the faces never touch those directly.
//!
//! # Layout
//! - [`config`]: `sotto.toml` + `SOTTO_*` environment + command-line overrides.
//! - [`data_dir`]: the data directory, its database files and the master key file.
//! - [`error`]: [`AppError`] and its stable error codes.
//! - [`sotto`]: [`Sotto`], the application handle generic over both stores.
//! - [`keyring`]: tenant keys unwrapped once and kept in memory (zeroized on drop).
//! - [`access`]: who acts ([`access::Actor`]) and authenticated team callers ([`access::Caller`]).
//! - [`breaches`]: the breach register, its 72-hour deadline and the drafted notifications.
//! - [`audit`]: the hash-chained audit log, and its verification.
//! - [`team`]: members and admin API keys, with roles.
//! - [`sign_in`]: members signing in to the admin UI; sessions, their expiry and sign-out.
//! - [`team_settings`]: the team's sites, settings and figures.
//! - [`team_conversations`]: the team's conversations, replies and request register (reads
//!   audited).
//! - [`team_knowledge`]: a site's indexed pages, and a question tried with its scores.
//! - [`analytics`]: what the site fails to answer (redacted, grouped), cited pages, funnel.
//! - [`tenants`], [`sites`], [`knowledge`]: administration use cases.
//! - [`chat`]: one chat turn, and a visitor's history.
//! - [`stored_message`]: a message's sealed form, sealed and opened (chat, team, export, leads,
//!   analytics).
//! - [`model_answers`]: answers written by the configured language model, checked, with fallback.
//! - [`crawling`]: a live site into its knowledge; crawl runs and the scheduled recrawl.
//! - [`retrieval`]: `[retrieval]`, BM25 alone or the hybrid mode with an embedding model.
//! - [`erasure`]: erasure of a visitor, a conversation or a tenant, crash-safe, with receipts.
//! - [`export`], [`export_html`]: everything held on a visitor, as JSON and as a readable page.
//! - [`html`]: escaped text and dates for the pages Sotto renders.
//! - [`leads`]: addresses visitors leave for a stated purpose; summaries by e-mail; the team's leads.
//! - [`lead_webhook`]: each new lead posted to the tenant's webhook, signed with HMAC.
//! - [`mail`]: the SMTP relay (`[smtp]`) that sends what visitors ask for.
//! - [`objection`]: a visitor switching storage off (and on again).
//! - [`consent`]: the hash-chained consent ledger, consent state, proofs and their check.
//! - [`privacy_settings`]: the tenant's privacy profile and each site's consent mode.
//! - [`notice`], [`notice_text`]: the visitor privacy notice and consent questions, versioned.
//! - [`register`]: the register of processing activities (art. 30), from the live configuration.
//! - [`residency`]: where personal data may go; a model outside the allowed regions is refused.
//! - [`request_register`]: the register of data subject requests, with due dates.
//! - [`pii_settings`]: each tenant's personal-data policy and rules, compiled and cached.
//! - [`rate_limits`]: in-memory abuse limits per address, visitor, site and admin key.
//! - [`retention`]: the retention sweep, erasing conversations idle for longer than their site keeps them.
//! - [`sealing`]: how message fields are sealed (and, in benchmark builds only, not).
//! - [`demo`]: the demo tenant, site and website shipped in the binary.
//! - [`db_copy`]: moving an installation between backends without decrypting anything.

pub mod access;
pub mod analytics;
pub mod audit;
pub mod breaches;
pub mod chat;
pub mod config;
pub mod consent;
pub mod crawling;
pub mod data_dir;
pub mod db_copy;
pub mod demo;
pub mod erasure;
pub mod error;
pub mod export;
pub mod export_html;
pub mod html;
pub mod keyring;
pub mod knowledge;
pub mod lead_webhook;
pub mod leads;
pub mod mail;
pub mod model_answers;
pub mod notice;
pub mod notice_text;
pub mod objection;
pub mod pii_settings;
pub mod privacy_settings;
pub mod rate_limits;
pub mod register;
pub mod request_register;
pub mod residency;
pub mod retention;
pub mod retrieval;
pub mod sealing;
pub mod sign_in;
pub mod sites;
pub mod sotto;
pub mod stored_message;
pub mod team;
pub mod team_conversations;
pub mod team_knowledge;
pub mod team_settings;
pub mod tenants;

pub use config::{Backend, Config};
pub use error::AppError;
pub use sotto::{PgSotto, Sotto, SqliteSotto};
pub use sotto_store::{ConversationStore, MainStore};

/// Result of a use case.
pub type AppResult<T> = Result<T, AppError>;
