//! SQLite backend of Sotto's stores: the embedded default. Each store is its own database
//! file (`main.db`, `conversations.db`, `keys.db`) in WAL mode with `secure_delete` on, so no
//! two can be joined through one connection, each can be backed up on its own schedule, and
//! deleted bytes are overwritten.
//!
//! # Layout
//! - [`pools`]: opening a database file with the right pragmas, one writer and several readers;
//!   how every operation of `sotto-store-sqlx` reaches the file.
//! - `main_store`: the main store, [`SqliteMainStore`] (its operations written once in
//!   `sotto_store_sqlx::main_store!`).
//! - `conversation_store`: the conversation store, [`SqliteConversationStore`] (likewise).
//! - `key_store`: the key store, [`SqliteKeyStore`] (likewise).
//! - `job_lock`: once-at-a-time background jobs through a lock file, [`JobLockFile`].
//! - `writer_thread`: the thread each file's multi-statement write transactions run on.

mod conversation_store;
mod job_lock;
mod key_store;
mod main_store;
pub mod pools;
mod writer_thread;

pub use conversation_store::SqliteConversationStore;
pub use job_lock::JobLockFile;
pub use key_store::SqliteKeyStore;
pub use main_store::SqliteMainStore;
