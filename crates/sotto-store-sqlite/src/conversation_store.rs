//! [`ConversationStore`](sotto_store::ConversationStore) on SQLite (`conversations.db`): every
//! operation as [`sotto_store_sqlx::conversation_store!`] writes it, over [`Pools`], with job
//! locks held as lock files beside the database.

use std::path::{Path, PathBuf};

use sotto_store::{Job, StoreResult};

use crate::job_lock::JobLockFile;
use crate::pools::Pools;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/conversation");

/// The conversation store in one SQLite file, separate from the main store's.
#[derive(Clone, Debug)]
pub struct SqliteConversationStore {
    pools: Pools,
    path: PathBuf,
}

impl SqliteConversationStore {
    /// Opens or creates `conversations.db` at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        Ok(Self {
            pools: Pools::open(path, &MIGRATOR).await?,
            path: path.to_owned(),
        })
    }

    /// Writes a consistent copy of the store to `target` (see [`Pools::backup_into`]).
    pub async fn backup_into(&self, target: &Path) -> StoreResult<()> {
        self.pools.backup_into(target).await
    }
}

sotto_store_sqlx::conversation_store!(SqliteConversationStore, pools: Pools {
    fn schema_version(&self) -> i64 {
        self.pools.schema_version
    }

    async fn close(&self) {
        self.pools.close().await;
    }

    async fn checkpoint(&self) -> StoreResult<()> {
        self.pools.checkpoint().await
    }

    type JobLock = JobLockFile;

    async fn try_lock_job(&self, job: Job) -> StoreResult<Option<JobLockFile>> {
        JobLockFile::try_lock(&self.path, job)
    }

    async fn unlock_job(&self, lock: JobLockFile) -> StoreResult<()> {
        lock.unlock()
    }
});
