//! SQLite backend of Sotto's two stores: the embedded default. Each store is its own database
//! file (`main.db`, `conversations.db`) in WAL mode with `secure_delete` on, so the two can never
//! be joined through one connection and deleted bytes are overwritten.
//!
//! # Layout
//! - [`pools`]: opening a database file with the right pragmas, one writer and several readers;
//!   how every operation of `sotto-store-sqlx` reaches the file.
//! - `main_store`: the main store, [`SqliteMainStore`] (its operations written once in
//!   `sotto_store_sqlx::main_store!`).
//! - `conversation_store`: the conversation store, [`SqliteConversationStore`] (likewise).
//! - `job_lock`: once-at-a-time background jobs through a lock file, [`JobLockFile`].

mod conversation_store;
mod job_lock;
mod main_store;
pub mod pools;

pub use conversation_store::SqliteConversationStore;
pub use job_lock::JobLockFile;
pub use main_store::SqliteMainStore;
