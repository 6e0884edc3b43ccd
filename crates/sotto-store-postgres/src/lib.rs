//! PostgreSQL backend of Sotto's two stores: the scale-out option. The main store and the
//! conversation store live in two databases (or two schemas owned by two roles), so that no
//! single role can join them; several stateless `sotto serve` nodes share them.
//!
//! # Layout
//! - [`pool`]: connecting, applying migrations, and [`pool::PgDatabase`], how every operation
//!   of `sotto-store-sqlx` reaches the database (transactions scoped to one tenant).
//! - `main_store`: the main store, [`PgMainStore`] (its operations written once in
//!   `sotto_store_sqlx::main_store!`).
//! - `conversation_store`: the conversation store, [`PgConversationStore`] (likewise).
//! - `job_lock`: once-at-a-time background jobs through advisory locks, [`PgJobLock`].
//! - [`scratch`]: throw-away stores with an owner and an application role, for tests and
//!   benchmarks.

mod conversation_store;
mod job_lock;
mod main_store;
pub mod pool;
pub mod scratch;

pub use conversation_store::PgConversationStore;
pub use job_lock::PgJobLock;
pub use main_store::PgMainStore;
