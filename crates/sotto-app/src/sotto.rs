//! [`Sotto`]: the application handle. The backend is chosen once, when the handle is built;
//! everything after runs generic over the two store traits.

use std::sync::Arc;

use sotto_knowledge::{ExtractiveAnswerer, IndexRegistry};
use sotto_store::{ConversationStore, KeyStore, MainStore};
use sotto_store_postgres::{PgConversationStore, PgKeyStore, PgMainStore};
use sotto_store_sqlite::{SqliteConversationStore, SqliteKeyStore, SqliteMainStore};

use crate::chat::sealing::Privacy;
use crate::setup::config::Config;
use crate::setup::data_dir::DataDir;
use crate::setup::key_store::InstalledKeyStore;
use crate::setup::keyring::Keyring;
use crate::tenancy::rate_limits::RateLimits;
use crate::{AppError, AppResult};

/// The schema version of each store.
#[derive(Debug, Clone, Copy, serde::Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct SchemaVersions {
    /// Main store.
    pub main: i64,
    /// Conversation store.
    pub conversations: i64,
    /// Key store.
    pub keys: i64,
}

/// Whether each store answers, for `/healthz`.
#[derive(Debug, Clone, Copy, serde::Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct StoreHealth {
    /// Main store.
    pub main: bool,
    /// Conversation store.
    pub conversations: bool,
    /// Key store.
    pub keys: bool,
}

impl StoreHealth {
    /// Whether every store answers.
    pub fn all_up(&self) -> bool {
        self.main && self.conversations && self.keys
    }
}

/// Everything a use case needs: the stores, the keys, the search indexes and the answerer.
pub struct Sotto<M, C> {
    pub(crate) main: M,
    pub(crate) conversations: C,
    pub(crate) keys: InstalledKeyStore,
    pub(crate) keyring: Keyring,
    pub(crate) indexes: Arc<IndexRegistry>,
    pub(crate) answerer: ExtractiveAnswerer,
    pub(crate) model: Option<crate::chat::model_answers::ModelAnswerer>,
    pub(crate) pii: crate::chat::pii_settings::PiiCache,
    pub(crate) privacy: Privacy,
    pub(crate) mailer: Option<crate::setup::mail::Mailer>,
    pub(crate) webhooks: sotto_knowledge::outbound::OutboundClient,
    /// Webhook deliveries in flight, waited for when the handle closes, so that a command
    /// that ends at once still delivers what it posted.
    pub(crate) deliveries: tokio_util::task::TaskTracker,
    limits: RateLimits,
    pub(crate) sign_ins: crate::team::sign_in_throttle::SignInThrottle,
    pub(crate) mail_limits: crate::leads::confirmation::MailLimits,
    pub(crate) unstored_votes: crate::chat::votes::UnstoredVotes,
    pub(crate) approved: crate::knowledge::approved::ApprovedCache,
    /// One lock per site, held while its answer tests run.
    pub(crate) site_test_runs: crate::tenancy::site_locks::SiteLocks,
    config: Config,
}

/// The embedded default: every store in a SQLite file of the data directory.
pub type SqliteSotto = Sotto<SqliteMainStore, SqliteConversationStore>;

impl SqliteSotto {
    /// Prepares the data directory (creating it, its databases and the master key on first
    /// start) and opens the stores.
    pub async fn open(config: &Config) -> AppResult<Self> {
        let data = DataDir::prepare(&config.data_dir)?;
        let master = data.master_key()?;
        let main = SqliteMainStore::open(&data.main_db()).await?;
        let conversations = SqliteConversationStore::open(&data.conversations_db()).await?;
        let keys = SqliteKeyStore::open(&data.keys_db()).await?;
        Sotto::new(
            main,
            conversations,
            InstalledKeyStore::Sqlite(keys),
            Keyring::new(master),
            IndexRegistry::new(data.index_dir()),
            config.clone(),
        )
    }

    /// Checkpoints the conversation and key stores' WALs into their files.
    pub async fn checkpoint(&self) -> AppResult<()> {
        self.conversations.checkpoint().await?;
        Ok(self.keys.checkpoint().await?)
    }
}

/// The scale-out backend: every store in PostgreSQL; the data directory keeps only the master
/// key file (unless `SOTTO_MASTER_KEY` is set) and this node's search indexes.
pub type PgSotto = Sotto<PgMainStore, PgConversationStore>;

/// Where the PostgreSQL stores are.
#[derive(Debug, Clone, Copy)]
pub struct PgUrls<'a> {
    /// The main store's.
    pub main: &'a str,
    /// The conversation store's.
    pub conversations: &'a str,
    /// The key store's (the conversation store's, with a warning, until the operator gives it
    /// one of its own).
    pub keys: &'a str,
}

impl PgSotto {
    /// Prepares the data directory, connects to the databases and applies pending migrations.
    pub async fn connect(config: &Config, urls: PgUrls<'_>) -> AppResult<Self> {
        let data = DataDir::prepare(&config.data_dir)?;
        let master = data.master_key()?;
        let main = PgMainStore::connect(urls.main).await?;
        let conversations = PgConversationStore::connect(urls.conversations).await?;
        if urls.keys == urls.conversations {
            tracing::warn!(
                "the key store shares the conversation store's database, so backups of it can read what was erased since: set key_database_url (README, \"Backups\")"
            );
        }
        let keys = PgKeyStore::connect(urls.keys).await?;
        Sotto::new(
            main,
            conversations,
            InstalledKeyStore::Postgres(keys),
            Keyring::new(master),
            IndexRegistry::new(data.index_dir()),
            config.clone(),
        )
    }
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Assembles a handle from opened parts.
    pub fn new(
        main: M,
        conversations: C,
        keys: InstalledKeyStore,
        keyring: Keyring,
        indexes: IndexRegistry,
        config: Config,
    ) -> AppResult<Self> {
        crate::compliance::residency::check(&config.residency, &config.llm, &config.smtp)?;
        Ok(Self {
            limits: RateLimits::new(&config.rate_limits)?,
            sign_ins: crate::team::sign_in_throttle::SignInThrottle::new()?,
            mail_limits: crate::leads::confirmation::MailLimits::new()?,
            unstored_votes: Default::default(),
            approved: Default::default(),
            site_test_runs: Default::default(),
            main,
            conversations,
            keys,
            keyring,
            indexes: Arc::new(crate::knowledge::retrieval::configured(
                indexes,
                &config.retrieval,
            )?),
            answerer: ExtractiveAnswerer::default(),
            model: crate::chat::model_answers::ModelAnswerer::configured(
                &config.llm,
                config.outbound,
            )?,
            pii: crate::chat::pii_settings::PiiCache::default(),
            privacy: Privacy::On,
            mailer: crate::setup::mail::Mailer::configured(&config.smtp)?,
            webhooks: sotto_knowledge::outbound::OutboundClient::new(
                config.outbound,
                &crate::knowledge::crawling::user_agent(),
                std::time::Duration::from_secs(10),
            )
            .map_err(|error| AppError::Setup(format!("outbound client: {error}")))?,
            deliveries: tokio_util::task::TaskTracker::new(),
            config,
        })
    }

    /// This node's abuse limits.
    pub fn limits(&self) -> &RateLimits {
        &self.limits
    }

    /// The schema versions in force, after the migrations applied when the stores opened.
    pub fn schema_versions(&self) -> SchemaVersions {
        SchemaVersions {
            main: self.main.schema_version(),
            conversations: self.conversations.schema_version(),
            keys: self.keys.schema_version(),
        }
    }

    /// Asks each store whether it answers (all three at once; each waits at most for a
    /// connection's timeout).
    pub async fn store_health(&self) -> StoreHealth {
        let (main, conversations, keys) = tokio::join!(
            self.main.ping(),
            self.conversations.ping(),
            self.keys.ping()
        );
        StoreHealth {
            main: main.is_ok(),
            conversations: conversations.is_ok(),
            keys: keys.is_ok(),
        }
    }

    /// Waits for the webhook deliveries in flight (each gives up after its last attempt),
    /// then closes the stores once their pending work is done: graceful shutdown, and the end
    /// of every command.
    pub async fn close(&self) {
        self.deliveries.close();
        self.deliveries.wait().await;
        self.main.close().await;
        self.conversations.close().await;
        self.keys.close().await;
    }

    /// The configuration the handle was opened with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Switches pseudonymization and encryption off, to measure their cost (benchmark builds
    /// only).
    #[cfg(feature = "bench-privacy-off")]
    pub fn with_privacy(mut self, privacy: Privacy) -> Self {
        self.privacy = privacy;
        self
    }
}
