//! Job locks on PostgreSQL: a session-level advisory lock, so that of several `sotto serve`
//! nodes only one runs a job at a time. The key is derived from the job and the store's
//! schema, so that two installations sharing one database in different schemas never block
//! each other. PostgreSQL releases the lock when its session ends, however the node ends.

use sotto_store::{Job, StoreResult};
use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres, Row};

use crate::pool::backend;

/// A held job lock: the session that holds it.
#[derive(Debug)]
pub struct PgJobLock {
    session: Option<PoolConnection<Postgres>>,
    key: i64,
}

impl PgJobLock {
    /// Takes the lock of `job` on a session of `pool`; `None` when another session has it.
    pub(crate) async fn try_lock(pool: &PgPool, job: Job) -> StoreResult<Option<Self>> {
        let mut session = pool.acquire().await.map_err(backend)?;
        let row = sqlx::query(
            "SELECT key, pg_try_advisory_lock(key) AS locked FROM (
                 SELECT hashtextextended('sotto:' || current_schema() || ':' || $1, 0) AS key) k",
        )
        .bind(job.name())
        .fetch_one(&mut *session)
        .await
        .map_err(backend)?;
        let locked: bool = row.try_get("locked").map_err(backend)?;
        let key: i64 = row.try_get("key").map_err(backend)?;
        Ok(locked.then(|| Self {
            session: Some(session),
            key,
        }))
    }

    /// Releases the lock and gives the session back to the pool.
    pub(crate) async fn unlock(mut self) -> StoreResult<()> {
        if let Some(mut session) = self.session.take() {
            sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(self.key)
                .execute(&mut *session)
                .await
                .map_err(backend)?;
        }
        Ok(())
    }
}

impl Drop for PgJobLock {
    /// A lock dropped without [`PgJobLock::unlock`] must not go back to the pool still held:
    /// its session is closed instead, which releases it.
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            drop(session.detach());
        }
    }
}
