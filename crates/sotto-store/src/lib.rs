//! The two stores of Sotto, as traits, with the domain records they hold and a conformance
//! suite every backend must pass.
//!
//! - [`MainStore`]: tenants, sites, API-key hashes and knowledge. It holds no visitor
//!   identifier of any kind.
//! - [`ConversationStore`]: visitor pseudonyms, wrapped visitor keys, conversations and
//!   encrypted messages.
//! - [`KeyStore`]: each conversation's key, apart from the content it seals, so that erasing
//!   shreds what backups of the content hold.
//!
//! They are separate traits on separate connections: code holding one cannot reach another
//! through it, and nothing joins them.
//!
//! # Layout
//! - [`main_store`]: the main store trait and its records.
//! - [`approved`]: the answers a site's team approved.
//! - [`page_versions`]: the earlier versions of a site's pages that answers cited.
//! - [`site_tests`]: a site's own answer tests and their runs.
//! - [`conversation`]: the conversation store trait and its records.
//! - [`breaches`]: the breach register.
//! - [`consent`]: the consent ledger and the versioned texts shown to visitors.
//! - [`crawls`]: where each site's crawl stands.
//! - [`decode`]: stored columns to domain values, shared by the backends.
//! - [`keys`]: the key store trait and its record.
//! - [`leads`]: e-mail addresses visitors left, sealed, with their blind index.
//! - [`jobs`]: the background jobs that run on one node at a time.
//! - [`requests`]: the request register and the subjects of erasures.
//! - `testsuite` (feature `testsuite`): the conformance suite run against every backend, a story a test.

pub mod approved;
pub mod breaches;
pub mod consent;
pub mod conversation;
pub mod crawls;
pub mod decode;
pub mod jobs;
pub mod keys;
pub mod leads;
pub mod main_store;
pub mod page_versions;
pub mod requests;
pub mod site_tests;
#[cfg(feature = "testsuite")]
pub mod testsuite;
pub mod votes;

pub use approved::ApprovedAnswerRecord;
pub use breaches::BreachRecord;
pub use consent::{ConsentEvent, ConsentFacts, ConsentLinker, PublishedText, TextKind};
pub use conversation::{
    ConversationRecord, ConversationStore, MessageRecord, PhaseStep, Role, Sealing, TurnContext,
    TurnGuard, TurnRecord, VisitorRecord,
};
pub use crawls::{CrawlEnd, CrawlRunRecord, CrawlState};
pub use jobs::Job;
pub use keys::{ConversationKeyRecord, KeyStore, KeysToShred};
pub use leads::LeadRecord;
pub use main_store::{
    ApiKeyRecord, AuditDraft, AuditEntry, AuditSeal, ImportMode, ImportOutcome, KnowledgeChunk,
    KnowledgePage, MainStore, MemberRecord, SessionRecord, SiteRecord, TenantRecord,
};
pub use page_versions::PageVersionRecord;
pub use requests::{EmailIndex, HeldCounts, RequestRecord, Subject, UnrecordedRequests};
pub use site_tests::{SiteTestRecord, SiteTestRunRecord};
pub use votes::{VoteRecord, VoteTally, week_of};

/// What a store operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A record with the same identity exists.
    #[error("already exists: {0}")]
    Conflict(String),
    /// The database refused or failed; the message is for logs, never for clients.
    #[error("database error: {0}")]
    Backend(String),
    /// The database was migrated by a newer Sotto: this binary must not touch it.
    #[error(
        "the database schema has migration {found}, newer than this Sotto knows (up to {known}); upgrade Sotto before starting it on this database"
    )]
    SchemaTooNew {
        /// The unknown migration found in the database.
        found: i64,
        /// The newest migration this binary knows.
        known: i64,
    },
    /// The database is set up in a way Sotto refuses to run on (a role that row-level security
    /// does not bind) or cannot run on yet (migrations its role may not apply).
    #[error("database set-up: {0}")]
    Deployment(String),
    /// The database cannot be reached or take the write just now (connection refused or lost,
    /// no connection free in time, a server shutting down, a full disk); trying again later
    /// may succeed. Nothing of the operation was written.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The tenant an operation needs does not exist.
    #[error("no such tenant")]
    UnknownTenant,
    /// A stored value could not be read back into a domain value (corruption or a bug).
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;
