//! The key store an installation runs on: [`InstalledKeyStore`], the SQLite file `keys.db` of
//! the data directory or a PostgreSQL database, chosen once at start like the other stores.
//! It is a handle of its own (not a third type parameter of [`crate::Sotto`]) because nothing
//! else depends on which one it is.

use sotto_core::{ConversationId, TenantId, UnixTime};
use sotto_store::{ConversationKeyRecord, KeyStore, KeysToShred, StoreResult};
use sotto_store_postgres::PgKeyStore;
use sotto_store_sqlite::SqliteKeyStore;

/// The installation's key store.
#[derive(Debug, Clone)]
pub enum InstalledKeyStore {
    /// `keys.db` in the data directory.
    Sqlite(SqliteKeyStore),
    /// A PostgreSQL database (or schema).
    Postgres(PgKeyStore),
}

/// Runs the same call on whichever store is installed.
macro_rules! on_store {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            InstalledKeyStore::Sqlite($store) => $call,
            InstalledKeyStore::Postgres($store) => $call,
        }
    };
}

impl KeyStore for InstalledKeyStore {
    fn schema_version(&self) -> i64 {
        on_store!(self, store => store.schema_version())
    }

    async fn ping(&self) -> StoreResult<()> {
        on_store!(self, store => store.ping().await)
    }

    async fn close(&self) {
        on_store!(self, store => store.close().await)
    }

    async fn checkpoint(&self) -> StoreResult<()> {
        on_store!(self, store => store.checkpoint().await)
    }

    async fn conversation_key(
        &self,
        tenant: TenantId,
        conversation: ConversationId,
    ) -> StoreResult<Option<Vec<u8>>> {
        on_store!(self, store => store.conversation_key(tenant, conversation).await)
    }

    async fn insert_conversation_key(&self, key: &ConversationKeyRecord) -> StoreResult<Vec<u8>> {
        on_store!(self, store => store.insert_conversation_key(key).await)
    }

    async fn shred(&self, tenant: TenantId, keys: KeysToShred<'_>) -> StoreResult<u64> {
        on_store!(self, store => store.shred(tenant, keys).await)
    }

    async fn keys_page(
        &self,
        tenant: TenantId,
        created_before: UnixTime,
        after: Option<ConversationId>,
        limit: u32,
    ) -> StoreResult<Vec<ConversationKeyRecord>> {
        on_store!(self, store => store.keys_page(tenant, created_before, after, limit).await)
    }
}
