//! How a backend reaches its database for one operation: the part of a store that differs
//! between SQLite (one writer connection and a pool of readers) and PostgreSQL (every
//! statement in a transaction that row-level security scopes to one tenant). The store
//! operations are written once, in [`crate::main_store!`] and [`crate::conversation_store!`],
//! over this trait.

use std::future::Future;
use std::ops::DerefMut;

use sotto_core::TenantId;
use sotto_store::StoreResult;
use sqlx::{Database, Transaction};

/// One write statement, ready to run.
pub type Statement<'q, Db> = sqlx::query::Query<'q, Db, <Db as Database>::Arguments>;

/// A backend's ways into its database.
pub trait Access: Sync {
    /// The database driver.
    type Db: Database;
    /// A connection reads run on (a transaction where a tenant must be declared).
    type Reader: DerefMut<Target = <Self::Db as Database>::Connection> + Send;

    /// What a `SELECT` appends to lock the row it reads until the transaction ends, where
    /// several nodes may write at once (empty where one writer serializes every write).
    const LOCK_ROW: &'static str;

    /// A statement (`$1` tenant, `$2` pseudonym) that holds one visitor's lock until the
    /// transaction ends, so that a turn and an erasure of that visitor on different nodes
    /// take turns; empty where one writer serializes every write.
    const LOCK_VISITOR: &'static str;

    /// Whether the database answers: one trivial statement on a fresh or pooled connection.
    fn ping(&self) -> impl Future<Output = StoreResult<()>> + Send;

    /// A connection that reads `tenant`'s rows.
    fn read(&self, tenant: TenantId) -> impl Future<Output = StoreResult<Self::Reader>> + Send;

    /// A read-only connection for the lookups that establish a tenant (a site by id, an API key
    /// by id, tenants by name).
    fn lookup(&self) -> impl Future<Output = StoreResult<Self::Reader>> + Send;

    /// Declares, on a lookup's connection, the tenant it found, so that it may read that
    /// tenant's rows too.
    fn enter_tenant<'a>(
        &'a self,
        reader: &'a mut Self::Reader,
        tenant: &'a str,
    ) -> impl Future<Output = StoreResult<()>> + Send + 'a;

    /// A transaction that writes `tenant`'s rows; committed by the caller.
    fn write(
        &self,
        tenant: TenantId,
    ) -> impl Future<Output = StoreResult<Transaction<'static, Self::Db>>> + Send;

    /// Runs `work`, a whole write transaction of several statements, where they follow one
    /// another fastest. SQLite has one writer connection, so a transaction holds every other
    /// writer back until it commits; if the task running it waited, between two statements,
    /// behind other requests on the async workers, every write would wait with it. There it
    /// runs on a thread of its own (the SQLite backend's writer thread); elsewhere where it is.
    fn run_writes<T: Send + 'static>(
        &self,
        work: impl Future<Output = StoreResult<T>> + Send + 'static,
    ) -> impl Future<Output = StoreResult<T>> + Send {
        work
    }

    /// Runs one write statement for `tenant` and returns the number of rows it touched.
    fn execute<'q>(
        &'q self,
        tenant: TenantId,
        statement: Statement<'q, Self::Db>,
    ) -> impl Future<Output = StoreResult<u64>> + Send + 'q;
}
