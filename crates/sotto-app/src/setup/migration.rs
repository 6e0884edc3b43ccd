//! Applying the schema migrations of a PostgreSQL installation as the role that owns the
//! tables, so that the role Sotto runs as holds row access only and cannot switch row-level
//! security off (`sotto migrate --main-owner-url … --conversation-owner-url …`).

use sotto_store_postgres::{PgConversationStore, PgMainStore};

use crate::AppResult;

/// Migrates both stores as their owner role (`(owner URL, application URL)` for each) and gives
/// the application URLs' role row access to them; returns the two schema versions.
pub async fn migrate_as_owner(
    (main_owner, main_app): (&str, &str),
    (conversations_owner, conversations_app): (&str, &str),
) -> AppResult<(i64, i64)> {
    let main = PgMainStore::migrate_as_owner(main_owner, main_app).await?;
    let conversations =
        PgConversationStore::migrate_as_owner(conversations_owner, conversations_app).await?;
    Ok((main, conversations))
}
