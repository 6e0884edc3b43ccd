//! SQLite files are opened twice: a single-connection writer pool, so writers queue in memory
//! instead of spinning on the database lock, and a small reader pool that WAL lets run beside
//! the writer. [`Pools`] is how every store operation reaches the file: reads on a reader,
//! writes on the writer. A file holds one installation, so no tenant needs declaring.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sotto_core::TenantId;
use sotto_store::StoreResult;
pub(crate) use sotto_store_sqlx::backend;
use sotto_store_sqlx::{Access, Statement, migrate};
use sqlx::migrate::Migrator;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};

use crate::writer_thread::WriterThread;

/// The writer and reader pools of one database file.
#[derive(Clone, Debug)]
pub struct Pools {
    /// One connection: every write goes through it.
    pub writer: SqlitePool,
    /// Several read-only connections.
    pub reader: SqlitePool,
    /// The schema version (latest migration) in force.
    pub schema_version: i64,
    /// Where write transactions run.
    writes: WriterThread,
}

const READERS: u32 = 4;

impl Pools {
    /// Opens (creating if needed) the database at `path` and applies `migrator`.
    pub async fn open(path: &Path, migrator: &Migrator) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(backend)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("secure_delete", "ON");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(backend)?;
        let schema_version = migrate(migrator, &writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(READERS)
            .connect_with(options.read_only(true))
            .await
            .map_err(backend)?;
        let name = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Self {
            writer,
            reader,
            schema_version,
            writes: WriterThread::start(&name)?,
        })
    }

    /// Closes the readers, then the writer: the last connection to go checkpoints the WAL and
    /// removes it.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    /// Moves the WAL into the main file and truncates it, so deleted bytes leave the WAL.
    /// SQLite reports a checkpoint that readers kept from completing (`busy`); it is tried
    /// again a few times, then reported as an error rather than taken for done.
    pub async fn checkpoint(&self) -> StoreResult<()> {
        const ATTEMPTS: u32 = 20;
        for attempt in 1..=ATTEMPTS {
            let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.writer)
                .await
                .map_err(backend)?;
            if busy == 0 {
                return Ok(());
            }
            if attempt < ATTEMPTS {
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
        }
        Err(sotto_store::StoreError::Backend(
            "the write-ahead log could not be checkpointed: readers kept it busy".into(),
        ))
    }
}

impl Pools {
    /// Writes a consistent copy of the database to `target` (`VACUUM INTO`: a snapshot of one
    /// read transaction, compacted, with no WAL beside it), which must not exist yet. Runs on a
    /// reader, so writes go on meanwhile.
    pub async fn backup_into(&self, target: &Path) -> StoreResult<()> {
        if target.exists() {
            return Err(sotto_store::StoreError::Conflict(format!(
                "{} exists already",
                target.display()
            )));
        }
        let target = target.to_str().ok_or_else(|| {
            sotto_store::StoreError::Backend("the backup path is not valid UTF-8".into())
        })?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.reader)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

impl Access for Pools {
    type Db = Sqlite;
    type Reader = PoolConnection<Sqlite>;

    /// Nothing to lock: the single writer connection serializes every write.
    const LOCK_ROW: &'static str = "";

    const LOCK_VISITOR: &'static str = "";

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.reader)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn read(&self, _tenant: TenantId) -> StoreResult<Self::Reader> {
        self.reader.acquire().await.map_err(backend)
    }

    async fn lookup(&self) -> StoreResult<Self::Reader> {
        self.reader.acquire().await.map_err(backend)
    }

    async fn enter_tenant<'a>(
        &'a self,
        _reader: &'a mut Self::Reader,
        _tenant: &'a str,
    ) -> StoreResult<()> {
        Ok(())
    }

    async fn run_writes<T: Send + 'static>(
        &self,
        work: impl std::future::Future<Output = StoreResult<T>> + Send + 'static,
    ) -> StoreResult<T> {
        self.writes.run(work).await
    }

    async fn write(&self, _tenant: TenantId) -> StoreResult<Transaction<'static, Sqlite>> {
        self.writer.begin().await.map_err(backend)
    }

    async fn execute<'q>(
        &'q self,
        _tenant: TenantId,
        statement: Statement<'q, Sqlite>,
    ) -> StoreResult<u64> {
        let done = statement.execute(&self.writer).await.map_err(backend)?;
        Ok(done.rows_affected())
    }
}
