//! Throw-away PostgreSQL stores for tests and benchmarks, set up as the README recommends for
//! production: three schemas (main, conversation, keys) that belong to an owner role, which applies
//! the migrations, and a second plain role that Sotto connects as, with row access only, so
//! that row-level security is what the tests exercise. Made and dropped through a server URL
//! whose role may create roles (the tests' `SOTTO_TEST_POSTGRES_URL`).

use sotto_store::{StoreError, StoreResult};
use sqlx::Connection;

use crate::pool::backend;
use crate::{PgConversationStore, PgKeyStore, PgMainStore};

/// Fresh schemas, one per store, with their two roles.
#[derive(Debug, Clone)]
pub struct ScratchStores {
    server: String,
    /// The role that owns the schemas and their tables.
    pub owner: String,
    /// The plain role Sotto connects as.
    pub app: String,
    /// The main store, as the application role.
    pub main_url: String,
    /// The conversation store, as the application role.
    pub conversations_url: String,
    /// The key store, as the application role.
    pub keys_url: String,
    /// The main store, as the owner.
    pub main_owner_url: String,
    /// The conversation store, as the owner.
    pub conversations_owner_url: String,
    /// The key store, as the owner.
    pub keys_owner_url: String,
}

impl ScratchStores {
    /// Creates the two roles and the three schemas on `server`, and applies every store's
    /// migrations as the owner. `label` names them (with a random suffix).
    pub async fn create(server: &str, label: &str) -> StoreResult<Self> {
        let stores = Self::create_unmigrated(server, label).await?;
        PgMainStore::migrate_as_owner(&stores.main_owner_url, &stores.main_url).await?;
        PgConversationStore::migrate_as_owner(
            &stores.conversations_owner_url,
            &stores.conversations_url,
        )
        .await?;
        PgKeyStore::migrate_as_owner(&stores.keys_owner_url, &stores.keys_url).await?;
        Ok(stores)
    }

    /// Creates the two roles and the three empty schemas, for a test that migrates them itself
    /// (`sotto migrate` with the owner's URLs).
    pub async fn create_unmigrated(server: &str, label: &str) -> StoreResult<Self> {
        let stem = format!("sotto_{label}_{}", uuid::Uuid::new_v4().simple());
        let (owner, app) = (format!("{stem}_owner"), format!("{stem}_app"));
        let (main, conversations, keys) = (
            format!("{stem}_main"),
            format!("{stem}_conv"),
            format!("{stem}_keys"),
        );
        run(
            server,
            &[
                format!("CREATE ROLE {owner} LOGIN NOSUPERUSER NOBYPASSRLS"),
                format!("CREATE ROLE {app} LOGIN NOSUPERUSER NOBYPASSRLS"),
                format!("CREATE SCHEMA {main} AUTHORIZATION {owner}"),
                format!("CREATE SCHEMA {conversations} AUTHORIZATION {owner}"),
                format!("CREATE SCHEMA {keys} AUTHORIZATION {owner}"),
            ],
        )
        .await?;
        Ok(Self {
            server: server.to_owned(),
            main_url: url_as(server, &app, &main)?,
            conversations_url: url_as(server, &app, &conversations)?,
            keys_url: url_as(server, &app, &keys)?,
            main_owner_url: url_as(server, &owner, &main)?,
            conversations_owner_url: url_as(server, &owner, &conversations)?,
            keys_owner_url: url_as(server, &owner, &keys)?,
            owner,
            app,
        })
    }

    /// Drops the schemas and both roles.
    pub async fn drop(&self) -> StoreResult<()> {
        let schema_of = |url: &str| {
            url.rsplit("search_path%3D")
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        run(
            &self.server,
            &[
                format!("DROP SCHEMA {} CASCADE", schema_of(&self.main_url)),
                format!("DROP SCHEMA {} CASCADE", schema_of(&self.conversations_url)),
                format!("DROP SCHEMA {} CASCADE", schema_of(&self.keys_url)),
                format!("DROP OWNED BY {}, {}", self.owner, self.app),
                format!("DROP ROLE {}", self.app),
                format!("DROP ROLE {}", self.owner),
            ],
        )
        .await
    }
}

/// `server` with `role` as the user (no password: the tests' server trusts local roles) and
/// `schema` as the search path.
fn url_as(server: &str, role: &str, schema: &str) -> StoreResult<String> {
    let mut url = url::Url::parse(server).map_err(|e| StoreError::Backend(e.to_string()))?;
    url.set_username(role)
        .and_then(|()| url.set_password(None))
        .map_err(|()| StoreError::Backend("a server URL without a host".into()))?;
    let separator = if url.query().is_some() { '&' } else { '?' };
    Ok(format!(
        "{url}{separator}options=-c%20search_path%3D{schema}"
    ))
}

/// Runs `statements` on `server`, in order.
async fn run(server: &str, statements: &[String]) -> StoreResult<()> {
    let mut admin = sqlx::PgConnection::connect(server).await.map_err(backend)?;
    for statement in statements {
        sqlx::query(sqlx::AssertSqlSafe(statement.as_str()))
            .execute(&mut admin)
            .await
            .map_err(backend)?;
    }
    admin.close().await.map_err(backend)
}
