//! [`MainStore`](sotto_store::MainStore) on SQLite (`main.db`): every operation as
//! [`sotto_store_sqlx::main_store!`] writes it, over [`Pools`].

use std::path::Path;

use sotto_store::StoreResult;

use crate::pools::Pools;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/main");

/// The main store in one SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteMainStore {
    pools: Pools,
}

impl SqliteMainStore {
    /// Opens or creates `main.db` at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        Ok(Self {
            pools: Pools::open(path, &MIGRATOR).await?,
        })
    }

    /// Writes a consistent copy of the store to `target` (see [`Pools::backup_into`]).
    pub async fn backup_into(&self, target: &Path) -> StoreResult<()> {
        self.pools.backup_into(target).await
    }
}

sotto_store_sqlx::main_store!(SqliteMainStore, pools: Pools {
    fn schema_version(&self) -> i64 {
        self.pools.schema_version
    }

    async fn close(&self) {
        self.pools.close().await;
    }

    async fn checkpoint(&self) -> StoreResult<()> {
        self.pools.checkpoint().await
    }
});
