//! What every sqlx backend of Sotto does the same way: applying migrations (refusing a schema
//! that a newer Sotto already migrated), mapping database errors to store errors, and every
//! store operation: [`main_store!`], [`conversation_store!`] and [`key_store!`] write them once over
//! [`Access`], the few ways in which a backend reaches its database; the `*_sql` modules hold
//! the statements and row decoders they share.

mod access;
pub mod consent_sql;
pub mod conversation_sql;
mod conversation_store;
pub mod crawl_sql;
pub mod dsr_sql;
pub mod key_store;
pub mod lead_sql;
mod main_store;
pub mod site_sql;
pub mod team_sql;

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

/// Maps a database error to a store error, keeping unique-constraint violations apart.
pub fn backend(error: impl Into<sqlx::Error>) -> StoreError {
    let error = error.into();
    if let sqlx::Error::Database(db) = &error
        && db.is_unique_violation()
    {
        return StoreError::Conflict(db.message().to_owned());
    }
    StoreError::Backend(error.to_string())
}
