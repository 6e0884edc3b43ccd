//! The key store: each conversation's key, wrapped by its visitor's key, kept apart from the
//! content (its own SQLite file, or its own PostgreSQL database), so that it can be backed up
//! on its own, shorter schedule. Erasing a conversation, a visitor or a tenant, and every
//! retention sweep, deletes the keys of what goes: a backup of the content taken before, put
//! back beside the key store as it stands after, cannot read what was erased. The key store
//! holds no visitor identifier: a conversation id, a wrapped key and a time.

use std::future::Future;

use sotto_core::{ConversationId, TenantId, UnixTime};

use crate::StoreResult;

/// One conversation's key as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationKeyRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// The conversation whose messages it seals.
    pub conversation_id: ConversationId,
    /// The key, wrapped by the visitor key.
    pub wrapped_key: Vec<u8>,
    /// When it was made.
    pub created_at: UnixTime,
}

/// Which keys a shredding destroys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeysToShred<'a> {
    /// Those of these conversations.
    Conversations(&'a [ConversationId]),
    /// Every key of the tenant (account closure).
    Tenant,
}

/// Persistence of conversation keys, apart from the conversations they seal. Every method is
/// scoped to one tenant.
pub trait KeyStore: Send + Sync + 'static {
    /// The schema version (latest applied migration) of this store.
    fn schema_version(&self) -> i64;
    /// Whether the database answers now (health checks); fails with
    /// [`StoreError::Unavailable`](crate::StoreError::Unavailable) when it cannot be reached.
    fn ping(&self) -> impl Future<Output = StoreResult<()>> + Send;
    /// Closes every connection once its work is done (graceful shutdown).
    fn close(&self) -> impl Future<Output = ()> + Send;
    /// Makes shredding final on disk (SQLite: the WAL into the file, whose freed pages
    /// `secure_delete` zeroed, and truncated; PostgreSQL: nothing, see the README).
    fn checkpoint(&self) -> impl Future<Output = StoreResult<()>> + Send;
    /// The wrapped key of a conversation, if it has one (conversations stored before the key
    /// store have none; erased ones have none left).
    fn conversation_key(
        &self,
        tenant: TenantId,
        conversation: ConversationId,
    ) -> impl Future<Output = StoreResult<Option<Vec<u8>>>> + Send;
    /// Stores a new conversation's key; a key already stored for it is kept (and returned),
    /// so two turns starting the same conversation agree on one key.
    fn insert_conversation_key(
        &self,
        key: &ConversationKeyRecord,
    ) -> impl Future<Output = StoreResult<Vec<u8>>> + Send;
    /// Destroys keys; returns how many went.
    fn shred(
        &self,
        tenant: TenantId,
        keys: KeysToShred<'_>,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Up to `limit` of a tenant's keys made before `created_before`, in conversation order
    /// after `after`: how the sweep for keys whose conversation is gone (a crash between
    /// deleting and shredding, a turn refused after its key was stored) and `sotto db copy`
    /// page through them.
    fn keys_page(
        &self,
        tenant: TenantId,
        created_before: UnixTime,
        after: Option<ConversationId>,
        limit: u32,
    ) -> impl Future<Output = StoreResult<Vec<ConversationKeyRecord>>> + Send;
}
