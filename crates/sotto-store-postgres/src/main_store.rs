//! [`MainStore`](sotto_store::MainStore) on PostgreSQL: every operation as
//! [`sotto_store_sqlx::main_store!`] writes it, over [`PgDatabase`].

use sotto_store::StoreResult;

use crate::pool::PgDatabase;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/main");

/// The main store in a PostgreSQL database (or schema).
#[derive(Clone, Debug)]
pub struct PgMainStore {
    db: PgDatabase,
}

impl PgMainStore {
    /// Connects to the main store's database at `url` and applies pending migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Ok(Self {
            db: PgDatabase::connect(url, &MIGRATOR).await?,
        })
    }

    /// Applies this store's migrations as the schema's owner (`owner_url`) and gives the role
    /// Sotto connects as (`app_url`'s) row access only; see [`PgDatabase::migrate_as_owner`].
    /// Returns the schema version.
    pub async fn migrate_as_owner(owner_url: &str, app_url: &str) -> StoreResult<i64> {
        PgDatabase::migrate_as_owner(owner_url, &MIGRATOR, app_url).await
    }
}

sotto_store_sqlx::main_store!(PgMainStore, db: PgDatabase {
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
