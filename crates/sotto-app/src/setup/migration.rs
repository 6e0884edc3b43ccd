//! Applying the schema migrations of a PostgreSQL installation as the role that owns the
//! tables, so that the role Sotto runs as holds row access only and cannot switch row-level
//! security off (`sotto migrate --main-owner-url … --conversation-owner-url …
//! [--key-owner-url …]`).

use sotto_store_postgres::{PgConversationStore, PgKeyStore, PgMainStore};

use crate::AppResult;

/// A store's database as the role that owns its tables, and as the role Sotto connects as.
#[derive(Debug, Clone, Copy)]
pub struct OwnerAndApp<'a> {
    /// The owner role's URL.
    pub owner: &'a str,
    /// The application role's URL.
    pub app: &'a str,
}

/// Migrates the three stores as their owner role and gives the application URLs' role row
/// access to them; returns the schema versions (main, conversations, keys).
pub async fn migrate_as_owner(
    main: OwnerAndApp<'_>,
    conversations: OwnerAndApp<'_>,
    keys: OwnerAndApp<'_>,
) -> AppResult<(i64, i64, i64)> {
    let main = PgMainStore::migrate_as_owner(main.owner, main.app).await?;
    let conversations =
        PgConversationStore::migrate_as_owner(conversations.owner, conversations.app).await?;
    let keys = PgKeyStore::migrate_as_owner(keys.owner, keys.app).await?;
    Ok((main, conversations, keys))
}
