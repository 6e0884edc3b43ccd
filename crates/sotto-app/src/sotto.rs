//! [`Sotto`]: the application handle. The backend is chosen once, when the handle is built;
//! everything after runs generic over the two store traits.

use std::sync::Arc;

use sotto_knowledge::{ExtractiveAnswerer, IndexRegistry};
use sotto_store::{ConversationStore, MainStore};
use sotto_store_postgres::{PgConversationStore, PgMainStore};
use sotto_store_sqlite::{SqliteConversationStore, SqliteMainStore};

use crate::chat::sealing::Privacy;
use crate::setup::config::Config;
use crate::setup::data_dir::DataDir;
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
}

/// Everything a use case needs: both stores, the keys, the search indexes and the answerer.
pub struct Sotto<M, C> {
    pub(crate) main: M,
    pub(crate) conversations: C,
    pub(crate) keyring: Keyring,
    pub(crate) indexes: Arc<IndexRegistry>,
    pub(crate) answerer: ExtractiveAnswerer,
    pub(crate) model: Option<crate::chat::model_answers::ModelAnswerer>,
    pub(crate) pii: crate::chat::pii_settings::PiiCache,
    pub(crate) privacy: Privacy,
    pub(crate) mailer: Option<crate::setup::mail::Mailer>,
    pub(crate) webhooks: sotto_knowledge::outbound::OutboundClient,
    limits: RateLimits,
    pub(crate) sign_ins: crate::team::sign_in_throttle::SignInThrottle,
    pub(crate) mail_limits: crate::leads::confirmation::MailLimits,
    config: Config,
}

/// The embedded default: both stores in SQLite files of the data directory.
pub type SqliteSotto = Sotto<SqliteMainStore, SqliteConversationStore>;

impl SqliteSotto {
    /// Prepares the data directory (creating it, its databases and the master key on first
    /// start) and opens both stores.
    pub async fn open(config: &Config) -> AppResult<Self> {
        let data = DataDir::prepare(&config.data_dir)?;
        let master = data.master_key()?;
        let main = SqliteMainStore::open(&data.main_db()).await?;
        let conversations = SqliteConversationStore::open(&data.conversations_db()).await?;
        Sotto::new(
            main,
            conversations,
            Keyring::new(master),
            IndexRegistry::new(data.index_dir()),
            config.clone(),
        )
    }

    /// Checkpoints the conversation store's WAL into its file.
    pub async fn checkpoint(&self) -> AppResult<()> {
        Ok(self.conversations.checkpoint().await?)
    }
}

/// The scale-out backend: both stores in PostgreSQL; the data directory keeps only the master
/// key file (unless `SOTTO_MASTER_KEY` is set) and this node's search indexes.
pub type PgSotto = Sotto<PgMainStore, PgConversationStore>;

impl PgSotto {
    /// Prepares the data directory, connects to both databases and applies pending migrations.
    pub async fn connect(
        config: &Config,
        main_url: &str,
        conversations_url: &str,
    ) -> AppResult<Self> {
        let data = DataDir::prepare(&config.data_dir)?;
        let master = data.master_key()?;
        let main = PgMainStore::connect(main_url).await?;
        let conversations = PgConversationStore::connect(conversations_url).await?;
        Sotto::new(
            main,
            conversations,
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
        keyring: Keyring,
        indexes: IndexRegistry,
        config: Config,
    ) -> AppResult<Self> {
        crate::compliance::residency::check(&config.residency, &config.llm, &config.smtp)?;
        Ok(Self {
            limits: RateLimits::new(&config.rate_limits)?,
            sign_ins: crate::team::sign_in_throttle::SignInThrottle::new()?,
            mail_limits: crate::leads::confirmation::MailLimits::new()?,
            main,
            conversations,
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
        }
    }

    /// Closes both stores once their pending work is done (graceful shutdown).
    pub async fn close(&self) {
        self.main.close().await;
        self.conversations.close().await;
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
