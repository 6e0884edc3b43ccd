//! Connecting to PostgreSQL, applying a store's migrations, and [`PgDatabase`]: how every
//! operation reaches the database, in a transaction that row-level security scopes to one
//! tenant.

use std::str::FromStr;

use sotto_core::TenantId;
use sotto_store::StoreResult;
pub(crate) use sotto_store_sqlx::backend;
use sotto_store_sqlx::{Access, Statement, migrate};
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};

/// Connections per node and store.
const MAX_CONNECTIONS: u32 = 10;

/// One store's database: its connection pool and the schema version in force.
#[derive(Clone, Debug)]
pub struct PgDatabase {
    /// The store's connections.
    pub pool: PgPool,
    /// The schema version (latest migration) in force.
    pub schema_version: i64,
}

impl PgDatabase {
    /// Connects to `url` and applies `migrator`. The URL may carry
    /// `?options=-c%20search_path%3D<schema>` to place the store in its own schema.
    pub async fn connect(url: &str, migrator: &Migrator) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url).map_err(backend)?;
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await
            .map_err(backend)?;
        let schema_version = migrate(migrator, &pool).await?;
        Ok(Self {
            pool,
            schema_version,
        })
    }
}

impl Access for PgDatabase {
    type Db = Postgres;
    type Reader = Transaction<'static, Postgres>;

    /// The row lock serializes appends to a chain across every node.
    const LOCK_ROW: &'static str = " FOR UPDATE";

    const LOCK_VISITOR: &'static str = "SELECT pg_advisory_xact_lock(hashtextextended('sotto:visitor:' || $1 || ':' || encode($2, 'hex'), 0))";

    async fn read(&self, tenant: TenantId) -> StoreResult<Self::Reader> {
        scoped(&self.pool, tenant).await
    }

    async fn lookup(&self) -> StoreResult<Self::Reader> {
        lookup(&self.pool).await
    }

    async fn enter_tenant<'a>(
        &'a self,
        reader: &'a mut Self::Reader,
        tenant: &'a str,
    ) -> StoreResult<()> {
        declare_tenant(reader, tenant).await
    }

    async fn write(&self, tenant: TenantId) -> StoreResult<Transaction<'static, Postgres>> {
        scoped(&self.pool, tenant).await
    }

    async fn execute<'q>(
        &'q self,
        tenant: TenantId,
        statement: Statement<'q, Postgres>,
    ) -> StoreResult<u64> {
        let mut tx = scoped(&self.pool, tenant).await?;
        let done = statement.execute(&mut *tx).await.map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(done.rows_affected())
    }
}

/// A transaction that sees one tenant's rows only: row-level security compares every row's
/// `tenant_id` with the transaction-local `sotto.tenant_id`. Reads may simply drop it (rolled
/// back); writes commit it.
async fn scoped(pool: &PgPool, tenant: TenantId) -> StoreResult<Transaction<'static, Postgres>> {
    let mut tx = pool.begin().await.map_err(backend)?;
    declare_tenant(&mut tx, &tenant.to_string()).await?;
    Ok(tx)
}

/// Declares the tenant of a transaction (after a lookup found it).
async fn declare_tenant(tx: &mut Transaction<'static, Postgres>, tenant: &str) -> StoreResult<()> {
    sqlx::query("SELECT set_config('sotto.tenant_id', $1, true)")
        .bind(tenant)
        .execute(&mut **tx)
        .await
        .map_err(backend)?;
    Ok(())
}

/// A read-only transaction for the lookups that establish a tenant (a site id from a public
/// URL, an API key id from a bearer token, a tenant by name): the `tenant_lookup` policies let it
/// read tenants, sites and API keys, and nothing else.
async fn lookup(pool: &PgPool) -> StoreResult<Transaction<'static, Postgres>> {
    let mut tx = pool.begin().await.map_err(backend)?;
    sqlx::query("SET TRANSACTION READ ONLY")
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    sqlx::query("SELECT set_config('sotto.lookup', 'on', true)")
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    Ok(tx)
}
