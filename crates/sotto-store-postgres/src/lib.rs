//! PostgreSQL backend of Sotto's stores: the scale-out option. The main store, the
//! conversation store and the key store live in their own databases (or schemas), so that no
//! query can join them and each is backed up on its own schedule; several stateless
//! `sotto serve` nodes share them.
//!
//! # Layout
//! - [`pool`]: connecting, applying migrations, and [`pool::PgDatabase`], how every operation
//!   of `sotto-store-sqlx` reaches the database (transactions scoped to one tenant).
//! - `main_store`: the main store, [`PgMainStore`] (its operations written once in
//!   `sotto_store_sqlx::main_store!`).
//! - `conversation_store`: the conversation store, [`PgConversationStore`] (likewise).
//! - `key_store`: the key store, [`PgKeyStore`] (likewise).
//! - `job_lock`: once-at-a-time background jobs through advisory locks, [`PgJobLock`].
//! - [`scratch`]: throw-away stores with an owner and an application role, for tests and
//!   benchmarks.

mod conversation_store;
mod job_lock;
mod key_store;
mod main_store;
pub mod pool;
pub mod scratch;

pub use conversation_store::PgConversationStore;
pub use job_lock::PgJobLock;
pub use key_store::PgKeyStore;
pub use main_store::PgMainStore;
