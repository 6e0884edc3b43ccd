//! What every sqlx backend of Sotto does the same way: applying migrations (refusing a schema
//! that a newer Sotto already migrated), mapping database errors to store errors, and every
//! store operation: [`main_store!`], [`conversation_store!`] and [`key_store!`] write them once over
//! [`Access`], the few ways in which a backend reaches its database; the `*_sql` modules hold
//! the statements and row decoders they share.

mod access;
pub mod approved_sql;
pub mod consent_sql;
pub mod conversation_sql;
mod conversation_store;
pub mod crawl_sql;
pub mod dsr_sql;
pub mod key_store;
pub mod lead_sql;
mod main_store;
pub mod page_version_sql;
pub mod site_sql;
pub mod site_test_sql;
pub mod team_sql;
pub mod vote_sql;

pub use access::{Access, Statement};
use sotto_store::{StoreError, StoreResult};
use sqlx::migrate::{MigrateError, Migrator};

/// Applies `migrator`, refusing a database that a newer Sotto already migrated further, and
/// returns the schema version in force.
pub async fn migrate<'a, A>(migrator: &Migrator, connection: A) -> StoreResult<i64>
where
    A: sqlx::Acquire<'a>,
    <A::Connection as std::ops::Deref>::Target: sqlx::migrate::Migrate,
{
    let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    match migrator.run(connection).await {
        Ok(()) => Ok(known),
        Err(MigrateError::VersionMissing(found)) if found > known => {
            Err(StoreError::SchemaTooNew { found, known })
        }
        Err(error) => Err(backend(error)),
    }
}

/// Maps a database error to a store error, keeping unique-constraint violations and an
/// unreachable or full database (which a client may retry) apart from the rest.
pub fn backend(error: impl Into<sqlx::Error>) -> StoreError {
    let error = error.into();
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict(db.message().to_owned())
        }
        sqlx::Error::Database(db) if db.code().as_deref().is_some_and(unavailable_code) => {
            StoreError::Unavailable(db.message().to_owned())
        }
        // A connection that could not be made, broke, or ended mid-handshake (a server going
        // down answers with nothing where the protocol expects a reply).
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::WorkerCrashed => StoreError::Unavailable(error.to_string()),
        _ => StoreError::Backend(error.to_string()),
    }
}

/// Whether a database's error code says it cannot serve now rather than that the statement
/// is wrong: PostgreSQL's connection exceptions (`08…`), insufficient resources (`53…`, a
/// full disk among them) and a server shutting down or starting (`57P01`–`57P03`); SQLite's
/// `SQLITE_FULL` (13: the disk, or the page limit, is full).
fn unavailable_code(code: &str) -> bool {
    code.starts_with("08")
        || code.starts_with("53")
        || matches!(code, "57P01" | "57P02" | "57P03" | "13")
}
