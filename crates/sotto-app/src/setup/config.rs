//! Configuration: defaults, then `sotto.toml` (or the file given with `--config`), then
//! `SOTTO_*` environment variables, then command-line flags. The master key is never read from
//! the configuration file: only from `SOTTO_MASTER_KEY` or the key file in the data directory.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use sotto_knowledge::crawl::CrawlLimits;
use sotto_knowledge::outbound::AddressPolicy;

use crate::AppError;
use crate::chat::model_answers::LlmConfig;
use crate::tenancy::rate_limits::RateLimitConfig;

/// Keys that may come from the environment as `SOTTO_<KEY>`.
const ENV_KEYS: &[&str] = &[
    "data_dir",
    "listen",
    "public_url",
    "main_database_url",
    "conversation_database_url",
    "key_database_url",
    "retention_sweep_minutes",
    "recrawl_hours",
    "trust_forwarded_for",
    "tls_cert",
    "tls_key",
    "metrics_token",
];

/// The settings of one Sotto installation. Its `Debug` leaves out the metrics token and the
/// database URLs (which may hold passwords).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the databases, the search index and the master key file live.
    pub data_dir: PathBuf,
    /// Address the server listens on.
    pub listen: SocketAddr,
    /// The URL visitors' browsers reach the server at (`http://<listen>` when unset); the
    /// widget script and the demo page use it.
    pub public_url: Option<String>,
    /// PostgreSQL URL of the main store; with `conversation_database_url`, selects the
    /// PostgreSQL backend instead of the SQLite files of the data directory.
    pub main_database_url: Option<String>,
    /// PostgreSQL URL of the conversation store (another database, or another schema owned by
    /// another role).
    pub conversation_database_url: Option<String>,
    /// PostgreSQL URL of the key store: a database of its own, backed up apart from the
    /// others and kept no longer than a month, so that an erasure reaches every backup.
    /// Unset, the keys share the conversation store's database (with a warning at start).
    pub key_database_url: Option<String>,
    /// Minutes between two retention sweeps of a running server (one node sweeps at a time);
    /// 0 turns the server's sweeps off, for operators who run `sotto retention run` instead.
    pub retention_sweep_minutes: u64,
    /// Hours between two crawls of each site that was crawled before, by a running server, from
    /// the URL its last crawl started at (one node recrawls at a time); 0 turns them off.
    pub recrawl_hours: u64,
    /// Take the client address from the last `X-Forwarded-For` hop (behind a reverse proxy
    /// that sets it) instead of the connection's peer.
    pub trust_forwarded_for: bool,
    /// PEM certificate chain: with `tls_key`, the server speaks HTTPS itself (rustls).
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of `tls_cert`.
    pub tls_key: Option<PathBuf>,
    /// Bearer token that lets a scraper read `/metrics` from anywhere; without it only loopback
    /// clients may.
    pub metrics_token: Option<String>,
    /// Requests per minute per client address, visitor, site and admin key (`[rate_limits]`).
    pub rate_limits: RateLimitConfig,
    /// Which non-public addresses outbound requests (crawler, LLM) may reach (`[outbound]`);
    /// none by default.
    pub outbound: AddressPolicy,
    /// How far and how fast the crawler goes (`[crawl]`).
    pub crawl: CrawlLimits,
    /// The language model that writes answers from the retrieved passages (`[llm]`); without
    /// a base URL and a model, the built-in extractive answerer answers alone.
    pub llm: LlmConfig,
    /// The SMTP relay that sends conversation summaries visitors ask for (`[smtp]`); without
    /// a host, the widget offers no summary by e-mail.
    pub smtp: crate::setup::mail::SmtpConfig,
    /// Where personal data may go, and who hosts the installation (`[residency]`).
    pub residency: crate::compliance::residency::ResidencyConfig,
    /// How questions find passages: BM25, or the hybrid mode with an embedding model
    /// (`[retrieval]`).
    pub retrieval: crate::knowledge::retrieval::RetrievalConfig,
    /// How analytics protect the few visitors behind a group of questions.
    #[serde(default)]
    pub analytics: crate::chat::analytics::AnalyticsConfig,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secret = |value: &Option<String>| value.as_ref().map(|_| "[redacted]");
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("listen", &self.listen)
            .field("public_url", &self.public_url)
            .field("main_database_url", &secret(&self.main_database_url))
            .field(
                "conversation_database_url",
                &secret(&self.conversation_database_url),
            )
            .field("key_database_url", &secret(&self.key_database_url))
            .field("retention_sweep_minutes", &self.retention_sweep_minutes)
            .field("recrawl_hours", &self.recrawl_hours)
            .field("trust_forwarded_for", &self.trust_forwarded_for)
            .field("tls_cert", &self.tls_cert)
            .field("tls_key", &self.tls_key)
            .field("metrics_token", &secret(&self.metrics_token))
            .field("rate_limits", &self.rate_limits)
            .field("outbound", &self.outbound)
            .field("crawl", &self.crawl)
            .field("llm", &self.llm)
            .field("smtp", &self.smtp)
            .field("residency", &self.residency)
            .field("retrieval", &self.retrieval)
            .field("analytics", &self.analytics)
            .finish()
    }
}

/// Where the stores live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// `main.db`, `conversations.db` and `keys.db` in the data directory.
    Sqlite,
    /// PostgreSQL databases or schemas.
    Postgres {
        /// Main store URL.
        main: String,
        /// Conversation store URL.
        conversations: String,
        /// Key store URL (the conversation store's when none is set).
        keys: String,
    },
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./sotto-data"),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
            main_database_url: None,
            conversation_database_url: None,
            key_database_url: None,
            retention_sweep_minutes: 60,
            recrawl_hours: 24,
            trust_forwarded_for: false,
            tls_cert: None,
            tls_key: None,
            metrics_token: None,
            rate_limits: RateLimitConfig::default(),
            outbound: AddressPolicy::default(),
            crawl: CrawlLimits::default(),
            llm: LlmConfig::default(),
            smtp: crate::setup::mail::SmtpConfig::default(),
            residency: crate::compliance::residency::ResidencyConfig::default(),
            retrieval: crate::knowledge::retrieval::RetrievalConfig::default(),
            analytics: crate::chat::analytics::AnalyticsConfig::default(),
        }
    }
}

impl Config {
    /// Loads defaults, then the TOML file (`file`, or `./sotto.toml` when it exists), then the
    /// environment.
    pub fn load(file: Option<&Path>) -> Result<Self, AppError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) if !path.exists() => {
                return Err(AppError::Setup(format!(
                    "configuration file {} does not exist",
                    path.display()
                )));
            }
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new("sotto.toml").exists() => {
                figment = figment.merge(Toml::file_exact("sotto.toml"))
            }
            None => {}
        }
        figment
            .merge(Env::prefixed("SOTTO_").only(ENV_KEYS))
            .merge(
                Env::prefixed("SOTTO_LLM_")
                    .only(&["base_url", "model", "country"])
                    .map(|key| format!("llm.{key}").into()),
            )
            .extract::<Config>()
            .map_err(|e| AppError::Setup(format!("invalid configuration: {e}")))
            .and_then(Config::checked)
    }

    /// Refuses settings that would weaken a promise.
    fn checked(self) -> Result<Self, AppError> {
        let least = crate::chat::analytics::AnalyticsConfig::LEAST;
        if self.analytics.min_visitors < least {
            return Err(AppError::Setup(format!(
                "invalid configuration: analytics.min_visitors must be at least {least}"
            )));
        }
        Ok(self)
    }

    /// The backend the two database URLs select: both set means PostgreSQL, neither means
    /// SQLite, one alone is an error (the stores are never split across backends).
    pub fn backend(&self) -> Result<Backend, AppError> {
        let is_postgres =
            |url: &str| url.starts_with("postgres://") || url.starts_with("postgresql://");
        match (&self.main_database_url, &self.conversation_database_url) {
            (None, None) => Ok(Backend::Sqlite),
            (Some(main), Some(conversations))
                if is_postgres(main) && is_postgres(conversations) =>
            {
                if main == conversations {
                    return Err(AppError::Setup(
                        "main_database_url and conversation_database_url must name two different databases or schemas".into(),
                    ));
                }
                let keys = match &self.key_database_url {
                    None => conversations.clone(),
                    Some(keys) if !is_postgres(keys) => {
                        return Err(AppError::Setup(
                            "key_database_url must start with postgres://".into(),
                        ));
                    }
                    Some(keys) if keys == main => {
                        return Err(AppError::Setup(
                            "key_database_url must not be the main store's database".into(),
                        ));
                    }
                    Some(keys) => keys.clone(),
                };
                Ok(Backend::Postgres {
                    main: main.clone(),
                    conversations: conversations.clone(),
                    keys,
                })
            }
            (Some(_), Some(_)) => Err(AppError::Setup(
                "database URLs must start with postgres://".into(),
            )),
            _ => Err(AppError::Setup(
                "set both main_database_url and conversation_database_url, or neither".into(),
            )),
        }
    }

    /// The URL the server is reached at, without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None if self.tls_cert.is_some() => format!("https://{}", self.listen),
            None => format!("http://{}", self.listen),
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::result_large_err,
    reason = "figment::Jail closures must return figment's own error type"
)]
mod tests {
    use super::*;

    #[test]
    fn file_then_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "custom.toml",
                "data_dir = \"/tmp/x\"\nlisten = \"127.0.0.1:9000\"\n",
            )?;
            let config = Config::load(Some(Path::new("custom.toml"))).unwrap();
            assert_eq!(config.data_dir, PathBuf::from("/tmp/x"));
            assert_eq!(config.public_url(), "http://127.0.0.1:9000");
            jail.set_env("SOTTO_LISTEN", "0.0.0.0:7000");
            jail.set_env("SOTTO_PUBLIC_URL", "https://chat.example/");
            jail.set_env("SOTTO_UNRELATED_SETTING", "ignored");
            let config = Config::load(Some(Path::new("custom.toml"))).unwrap();
            assert_eq!(config.listen.port(), 7000);
            assert_eq!(config.public_url(), "https://chat.example");
            assert_eq!(config.backend().unwrap(), Backend::Sqlite);
            jail.set_env("SOTTO_MAIN_DATABASE_URL", "postgres://db/main");
            assert!(
                Config::load(Some(Path::new("custom.toml")))
                    .unwrap()
                    .backend()
                    .is_err(),
                "one URL alone"
            );
            jail.set_env(
                "SOTTO_CONVERSATION_DATABASE_URL",
                "postgres://db/conversations",
            );
            assert_eq!(
                Config::load(Some(Path::new("custom.toml")))
                    .unwrap()
                    .backend()
                    .unwrap(),
                Backend::Postgres {
                    main: "postgres://db/main".into(),
                    conversations: "postgres://db/conversations".into(),
                    keys: "postgres://db/conversations".into()
                },
                "the keys share the conversation store's database until given their own"
            );
            jail.set_env("SOTTO_KEY_DATABASE_URL", "postgres://db/keys");
            assert_eq!(
                Config::load(Some(Path::new("custom.toml")))
                    .unwrap()
                    .backend()
                    .unwrap(),
                Backend::Postgres {
                    main: "postgres://db/main".into(),
                    conversations: "postgres://db/conversations".into(),
                    keys: "postgres://db/keys".into()
                }
            );
            jail.set_env("SOTTO_KEY_DATABASE_URL", "postgres://db/main");
            assert!(
                Config::load(Some(Path::new("custom.toml")))
                    .unwrap()
                    .backend()
                    .is_err(),
                "keys beside the main store"
            );
            jail.set_env("SOTTO_KEY_DATABASE_URL", "postgres://db/keys");
            jail.set_env("SOTTO_CONVERSATION_DATABASE_URL", "postgres://db/main");
            assert!(
                Config::load(Some(Path::new("custom.toml")))
                    .unwrap()
                    .backend()
                    .is_err(),
                "same database twice"
            );
            Ok(())
        });
    }

    #[test]
    fn the_model_from_the_file_or_the_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "sotto.toml",
                "[llm]\nbase_url = \"https://llm.example/v1\"\nretries = 0\n",
            )?;
            let config = Config::load(None).unwrap();
            assert_eq!(
                config.llm.base_url.as_deref(),
                Some("https://llm.example/v1")
            );
            assert_eq!((config.llm.retries, config.llm.timeout_seconds), (0, 30));
            jail.set_env("SOTTO_LLM_MODEL", "mistral-small-latest");
            jail.set_env("SOTTO_LLM_BASE_URL", "http://10.0.0.5:8000/v1");
            jail.set_env("SOTTO_LLM_API_KEY", "never-in-the-configuration");
            let config = Config::load(None).unwrap();
            assert_eq!(config.llm.model.as_deref(), Some("mistral-small-latest"));
            assert_eq!(
                config.llm.base_url.as_deref(),
                Some("http://10.0.0.5:8000/v1")
            );
            assert_eq!(config.llm.retries, 0, "the file's other settings stay");
            Ok(())
        });
    }

    #[test]
    fn debug_output_holds_no_token_or_database_url() {
        let config = Config {
            metrics_token: Some("metrics-secret".into()),
            main_database_url: Some("postgres://sotto:pw-main@db/main".into()),
            conversation_database_url: Some("postgres://sotto:pw-conv@db/conv".into()),
            key_database_url: Some("postgres://sotto:pw-keys@db/keys".into()),
            ..Config::default()
        };
        let printed = format!("{config:?}");
        for secret in ["metrics-secret", "pw-main", "pw-conv", "pw-keys"] {
            assert!(!printed.contains(secret), "{printed}");
        }
        assert!(printed.contains("[redacted]") && printed.contains("data_dir"));
    }

    #[test]
    fn analytics_never_show_wordings_of_fewer_than_three_visitors() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("sotto.toml", "[analytics]\nmin_visitors = 5\n")?;
            assert_eq!(Config::load(None).unwrap().analytics.min_visitors, 5);
            jail.create_file("sotto.toml", "[analytics]\nmin_visitors = 2\n")?;
            let refused = Config::load(None).unwrap_err().to_string();
            assert!(refused.contains("at least 3"), "{refused}");
            Ok(())
        });
    }

    #[test]
    fn defaults_without_a_file_and_errors_for_bad_ones() {
        figment::Jail::expect_with(|jail| {
            assert_eq!(Config::load(None).unwrap(), Config::default());
            assert!(Config::load(Some(Path::new("missing.toml"))).is_err());
            jail.create_file("sotto.toml", "listen = \"nonsense\"")?;
            assert!(Config::load(None).is_err());
            jail.create_file("sotto.toml", "unknown_key = 1")?;
            assert!(
                Config::load(None).is_err(),
                "typos are reported, not ignored"
            );
            Ok(())
        });
    }
}
