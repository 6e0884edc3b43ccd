//! Connecting to PostgreSQL and applying a store's migrations.

use std::str::FromStr;

use sotto_core::TenantId;
use sotto_store::StoreResult;
pub(crate) use sotto_store_sqlx::backend;
use sotto_store_sqlx::migrate;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};

/// Connections per node and store.
const MAX_CONNECTIONS: u32 = 10;

/// Connects to `url` and applies `migrator`. The URL may carry
/// `?options=-c%20search_path%3D<schema>` to place the store in its own schema.
pub async fn connect(url: &str, migrator: &Migrator) -> StoreResult<(PgPool, i64)> {
    let options = PgConnectOptions::from_str(url).map_err(backend)?;
    let pool = PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .connect_with(options)
        .await
        .map_err(backend)?;
    let schema_version = migrate(migrator, &pool).await?;
    Ok((pool, schema_version))
}

/// A transaction that sees one tenant's rows only: row-level security compares every row's
/// `tenant_id` with the transaction-local `sotto.tenant_id`. Reads may simply drop it (rolled
/// back); writes commit it.
pub(crate) async fn scoped(
    pool: &PgPool,
    tenant: TenantId,
) -> StoreResult<Transaction<'static, Postgres>> {
    let mut tx = pool.begin().await.map_err(backend)?;
    declare_tenant(&mut tx, &tenant.to_string()).await?;
    Ok(tx)
}

/// Runs one write statement in a transaction scoped to `tenant` and commits it; returns the
/// number of rows it touched.
pub(crate) async fn execute_scoped(
    pool: &PgPool,
    tenant: TenantId,
    statement: sqlx::query::Query<'_, Postgres, sqlx::postgres::PgArguments>,
) -> StoreResult<u64> {
    let mut tx = scoped(pool, tenant).await?;
    let done = statement.execute(&mut *tx).await.map_err(backend)?;
    tx.commit().await.map_err(backend)?;
    Ok(done.rows_affected())
}

/// Declares the tenant of a transaction (after a lookup found it).
pub(crate) async fn declare_tenant(
    tx: &mut Transaction<'static, Postgres>,
    tenant: &str,
) -> StoreResult<()> {
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
pub(crate) async fn lookup(pool: &PgPool) -> StoreResult<Transaction<'static, Postgres>> {
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
