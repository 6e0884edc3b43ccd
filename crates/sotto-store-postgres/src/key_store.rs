//! [`KeyStore`](sotto_store::KeyStore) on PostgreSQL: every operation as
//! [`sotto_store_sqlx::key_store!`] writes it, over [`PgDatabase`]. Its own database (or
//! schema) is what keeps the keys out of the content's backups; it records its migrations in a
//! table of its own, so that an installation that has not given it one yet can keep it in the
//! conversation store's schema (its backups then hold the keys: the README says so).

use std::sync::LazyLock;

use sotto_store::StoreResult;
use sqlx::migrate::Migrator;

use crate::pool::PgDatabase;

/// The key store's migrations, recorded in `_sqlx_key_migrations`.
static MIGRATOR: LazyLock<Migrator> = LazyLock::new(|| {
    let mut migrator = sqlx::migrate!("./migrations/keys");
    migrator.table_name = "_sqlx_key_migrations".into();
    migrator
});

/// The key store in a PostgreSQL database (or schema), apart from the content it unlocks.
#[derive(Clone, Debug)]
pub struct PgKeyStore {
    db: PgDatabase,
}

impl PgKeyStore {
    /// Connects to the key store's database at `url` and applies pending migrations. Warns
    /// when autovacuum is off: deleted keys would then stay in the table's pages until a
    /// manual `VACUUM` (README, "Backups").
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let db = PgDatabase::connect(url, &MIGRATOR).await?;
        let autovacuum: bool = sqlx::query_scalar("SELECT current_setting('autovacuum') = 'on'")
            .fetch_one(&db.pool)
            .await
            .map_err(crate::pool::backend)?;
        if !autovacuum {
            tracing::warn!(
                "autovacuum is off: shredded keys stay in the key store's pages until VACUUM runs (README, \"Backups\")"
            );
        }
        Ok(Self { db })
    }

    /// Applies this store's migrations as the schema's owner; see
    /// [`PgDatabase::migrate_as_owner`]. Returns the schema version.
    pub async fn migrate_as_owner(owner_url: &str, app_url: &str) -> StoreResult<i64> {
        PgDatabase::migrate_as_owner(owner_url, &MIGRATOR, app_url).await
    }
}

sotto_store_sqlx::key_store!(PgKeyStore, db: PgDatabase {
    fn schema_version(&self) -> i64 {
        self.db.schema_version
    }

    async fn close(&self) {
        self.db.pool.close().await;
    }

    async fn checkpoint(&self) -> StoreResult<()> {
        Ok(())
    }
});
