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

#[cfg(test)]
mod tests {
    use sotto_core::{ConversationId, MessageId, Phase, Pseudonym, TenantId};
    use sotto_store::{
        ConversationRecord, ConversationStore, MessageRecord, Role, Sealing, StoreError, TurnRecord,
    };

    use super::SqliteConversationStore;

    fn turn(tenant: TenantId, conversation: ConversationId, seq: i64, bytes: usize) -> TurnRecord {
        TurnRecord {
            conversation: ConversationRecord {
                tenant_id: tenant,
                id: conversation,
                site_id: "shop".parse().unwrap(),
                pseudonym: Pseudonym::from_bytes([3; 32]),
                phase: Phase::Exploring,
                created_at: 1,
                updated_at: 1 + seq,
            },
            messages: (0..2)
                .map(|i| MessageRecord {
                    id: MessageId::random(),
                    seq: seq + i,
                    role: Role::Visitor,
                    body: vec![7; bytes],
                    page_path: None,
                    sealing: Sealing::ConversationKey,
                    created_at: 1 + seq,
                })
                .collect(),
            phase_steps: Vec::new(),
            guard: None,
        }
    }

    /// A database file that cannot grow (a full disk, here the page limit) refuses a turn as
    /// unavailable, which clients see as `503`, and keeps nothing of it; once there is room
    /// again, turns are stored.
    #[tokio::test]
    async fn a_full_database_refuses_a_turn_whole_and_recovers() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteConversationStore::open(&dir.path().join("conversations.db"))
            .await
            .unwrap();
        let (tenant, conversation) = (TenantId::random(), ConversationId::random());
        assert!(
            store
                .record_turn(&turn(tenant, conversation, 0, 100))
                .await
                .unwrap()
        );
        let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&store.pools.writer)
            .await
            .unwrap();
        // The writer is one connection, so the limit holds for every write that follows.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA max_page_count = {}",
            pages + 2
        )))
        .execute(&store.pools.writer)
        .await
        .unwrap();
        let refused = store
            .record_turn(&turn(tenant, conversation, 2, 200_000))
            .await;
        assert!(
            matches!(refused, Err(StoreError::Unavailable(_))),
            "{refused:?}"
        );
        assert_eq!(
            store.message_count(tenant, conversation).await.unwrap(),
            2,
            "nothing of the refused turn is kept"
        );
        sqlx::query("PRAGMA max_page_count = 1073741823")
            .execute(&store.pools.writer)
            .await
            .unwrap();
        assert!(
            store
                .record_turn(&turn(tenant, conversation, 2, 200_000))
                .await
                .unwrap()
        );
        assert_eq!(store.message_count(tenant, conversation).await.unwrap(), 4);
    }
}
