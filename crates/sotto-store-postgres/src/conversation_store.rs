//! [`ConversationStore`](sotto_store::ConversationStore) on PostgreSQL: every operation as
//! [`sotto_store_sqlx::conversation_store!`] writes it, over [`PgDatabase`], with job locks
//! held as advisory locks.

use sotto_store::{Job, StoreResult};

use crate::job_lock::PgJobLock;
use crate::pool::PgDatabase;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/conversation");

/// The conversation store in a PostgreSQL database (or schema), separate from the main store's.
#[derive(Clone, Debug)]
pub struct PgConversationStore {
    db: PgDatabase,
}

impl PgConversationStore {
    /// Connects to the conversation store's database at `url` and applies pending migrations.
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

sotto_store_sqlx::conversation_store!(PgConversationStore, db: PgDatabase {
    fn schema_version(&self) -> i64 {
        self.db.schema_version
    }

    async fn close(&self) {
        self.db.pool.close().await;
    }

    async fn checkpoint(&self) -> StoreResult<()> {
        Ok(())
    }

    type JobLock = PgJobLock;

    async fn try_lock_job(&self, job: Job) -> StoreResult<Option<PgJobLock>> {
        PgJobLock::try_lock(&self.db.pool, job).await
    }

    async fn unlock_job(&self, lock: PgJobLock) -> StoreResult<()> {
        lock.unlock().await
    }
});
