//! Connecting to PostgreSQL, applying a store's migrations, and [`PgDatabase`]: how every
//! operation reaches the database, in a transaction that row-level security scopes to one
//! tenant.

use std::str::FromStr;

use sotto_core::TenantId;
use sotto_store::{StoreError, StoreResult};
pub(crate) use sotto_store_sqlx::backend;
use sotto_store_sqlx::{Access, Statement, migrate};
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};

/// Connections per node and store.
const MAX_CONNECTIONS: u32 = 10;

/// How long an operation waits for a connection (a new one, when the database restarted)
/// before it fails as unavailable: a request answers `503` rather than hang past its timeout.
const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// One store's database: its connection pool and the schema version in force.
#[derive(Clone, Debug)]
pub struct PgDatabase {
    /// The store's connections.
    pub pool: PgPool,
    /// The schema version (latest migration) in force.
    pub schema_version: i64,
}

impl PgDatabase {
    /// Connects to `url` as the application's role. The URL may carry
    /// `?options=-c%20search_path%3D<schema>` to place the store in its own schema.
    ///
    /// Refuses a role that row-level security does not bind (a superuser, or one with
    /// `BYPASSRLS`). Applies pending migrations when the role may (a set-up with one role that
    /// owns the schema); where the tables belong to an owner role, their migrations are that
    /// role's ([`Self::migrate_as_owner`], `sotto migrate`), and a schema left behind is
    /// refused with that advice.
    pub async fn connect(url: &str, migrator: &Migrator) -> StoreResult<Self> {
        let pool = pool(url).await?;
        refuse_unbound_role(&pool).await?;
        let known = latest(migrator);
        let schema_version = match applied(&pool, migrator).await? {
            Some(version) if version == known => known,
            Some(version) if version > known => {
                return Err(StoreError::SchemaTooNew {
                    found: version,
                    known,
                });
            }
            _ => migrate(migrator, &pool).await.map_err(|error| match error {
                StoreError::Backend(message)
                    if ["permission denied", "must be owner", "no schema has been selected"]
                        .iter()
                        .any(|refusal| message.contains(refusal)) =>
                {
                    StoreError::Deployment(
                        "the schema needs migrations this role may not apply: run `sotto migrate` with the owner role's URLs (README, \"Scaling out on PostgreSQL\")".into(),
                    )
                }
                other => other,
            })?,
        };
        if owns_tables(&pool).await? {
            tracing::warn!(
                "the database role owns Sotto's tables, so it could switch row-level security off: give the tables to an owner role (README, \"Scaling out on PostgreSQL\")"
            );
        }
        Ok(Self {
            pool,
            schema_version,
        })
    }

    /// Applies `migrator` as the schema's owner (the role of `owner_url`, which may be a
    /// superuser) and gives the role of `app_url` what the application needs and no more: use
    /// of the schema and row access to its tables (row-level security still binds it, and it
    /// can change no table, policy or migration record). Returns the schema version.
    pub async fn migrate_as_owner(
        owner_url: &str,
        migrator: &Migrator,
        app_url: &str,
    ) -> StoreResult<i64> {
        let app_role = PgConnectOptions::from_str(app_url)
            .map_err(backend)?
            .get_username()
            .to_owned();
        let pool = pool(owner_url).await?;
        let version = migrate(migrator, &pool).await?;
        let schema: String = sqlx::query_scalar("SELECT current_schema()")
            .fetch_one(&pool)
            .await
            .map_err(backend)?;
        let (schema, app) = (quoted(&schema), quoted(&app_role));
        for grant in [
            format!("GRANT USAGE ON SCHEMA {schema} TO {app}"),
            format!(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}"
            ),
            format!(
                "REVOKE INSERT, UPDATE, DELETE ON {schema}.{} FROM {app}",
                quoted(&migrator.table_name)
            ),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(grant))
                .execute(&pool)
                .await
                .map_err(backend)?;
        }
        pool.close().await;
        Ok(version)
    }
}

/// A pool on `url`.
async fn pool(url: &str) -> StoreResult<PgPool> {
    let options = PgConnectOptions::from_str(url).map_err(backend)?;
    PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(backend)
}

/// Refuses a role that row-level security does not bind.
async fn refuse_unbound_role(pool: &PgPool) -> StoreResult<()> {
    let (role, superuser, bypass): (String, bool, bool) = sqlx::query_as(
        "SELECT rolname::text, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
    )
    .fetch_one(pool)
    .await
    .map_err(backend)?;
    if superuser || bypass {
        let why = if superuser {
            "a superuser"
        } else {
            "BYPASSRLS"
        };
        return Err(StoreError::Deployment(format!(
            "the database role {role} is {why}, so row-level security would not confine tenants: connect Sotto with a plain role (README, \"Scaling out on PostgreSQL\")"
        )));
    }
    Ok(())
}

/// The newest migration of `migrator`.
fn latest(migrator: &Migrator) -> i64 {
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The newest of `migrator`'s migrations applied to the schema, if any (each store records
/// its own in a table of its own, so that two stores may share a schema).
async fn applied(pool: &PgPool, migrator: &Migrator) -> StoreResult<Option<i64>> {
    let table = quoted(&migrator.table_name);
    let exists: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
        .bind(&table)
        .fetch_one(pool)
        .await
        .map_err(backend)?;
    if !exists {
        return Ok(None);
    }
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT max(version) FROM {table} WHERE success"
    )))
    .fetch_one(pool)
    .await
    .map_err(backend)
}

/// Whether the connected role owns any table of its schema.
async fn owns_tables(pool: &PgPool) -> StoreResult<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tableowner = current_user)",
    )
    .fetch_one(pool)
    .await
    .map_err(backend)
}

/// `name` as a quoted SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Access for PgDatabase {
    type Db = Postgres;
    type Reader = Transaction<'static, Postgres>;

    /// The row lock serializes appends to a chain across every node.
    const LOCK_ROW: &'static str = " FOR UPDATE";

    const LOCK_VISITOR: &'static str = "SELECT pg_advisory_xact_lock(hashtextextended('sotto:visitor:' || $1 || ':' || encode($2, 'hex'), 0))";

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

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
