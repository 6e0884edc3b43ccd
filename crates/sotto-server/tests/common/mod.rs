//! A real Sotto server on a loopback port with the demo site, for integration tests and the
//! benchmark.

#![allow(dead_code)]

pub mod fake_model;

use std::sync::Arc;

use sotto_app::chat::sealing::Privacy;
use sotto_app::tenancy::rate_limits::RateLimitConfig;
use sotto_app::{Config, PgSotto, Sotto, SqliteSotto};
use sotto_store_postgres::scratch::ScratchStores;
use tokio::sync::oneshot;

/// Where a test server keeps its stores.
#[derive(Debug, Clone)]
pub enum Stores {
    /// SQLite files in the node's data directory.
    Sqlite,
    /// Two PostgreSQL schemas (an owner role's, used through a plain application role),
    /// shared by every node started on them.
    Postgres(Box<ScratchStores>),
}

/// A running server and its data directory.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// The data directory (removed on drop).
    pub dir: tempfile::TempDir,
    /// The demo site's admin API key (empty on a second node).
    pub api_key: String,
    /// The owner key of a second tenant, with no site (empty on a second node).
    pub other_tenant_key: String,
    stores: Stores,
    privacy: Privacy,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// Two fresh PostgreSQL schemas on `server` for one test or benchmark run.
pub async fn postgres_stores(server: &str) -> Stores {
    Stores::Postgres(Box::new(
        ScratchStores::create(server, "server").await.unwrap(),
    ))
}

/// Drops the schemas and roles made by [`postgres_stores`].
pub async fn drop_postgres_stores(stores: &Stores) {
    if let Stores::Postgres(scratch) = stores {
        ScratchStores::drop(scratch).await.unwrap();
    }
}

/// Limits no test reaches by accident (every test client shares the loopback address).
fn generous_limits() -> RateLimitConfig {
    RateLimitConfig {
        per_address: 1_000_000,
        per_visitor: 1_000_000,
        per_site: 1_000_000,
        per_key: 1_000_000,
    }
}

fn spawn<M: sotto_app::MainStore, C: sotto_app::ConversationStore>(
    sotto: Sotto<M, C>,
    listener: tokio::net::TcpListener,
) -> (oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        sotto_server::serve(Arc::new(sotto), listener, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    (stop, task)
}

impl TestServer {
    /// Starts a server on SQLite with the demo set up.
    pub async fn start() -> Self {
        Self::start_with(Privacy::On).await
    }

    /// Starts a server on SQLite with the demo set up and the given privacy mode (benchmarks
    /// compare both).
    pub async fn start_with(privacy: Privacy) -> Self {
        Self::launch(Stores::Sqlite, privacy, None, |_| {}).await
    }

    /// Starts a server on SQLite with the demo set up and its configuration changed by
    /// `tweak` (limits, TLS, …).
    pub async fn start_configured(tweak: impl FnOnce(&mut Config)) -> Self {
        Self::launch(Stores::Sqlite, Privacy::On, None, tweak).await
    }

    /// Starts a server on SQLite with the demo set up whose answers a language model at
    /// `model_base` writes (loopback allowed; one second and one retry per request).
    pub async fn start_with_model(model_base: &str) -> Self {
        Self::start_with_model_configured(model_base, |_| {}).await
    }

    /// [`Self::start_with_model`], with the configuration then changed by `tweak`.
    pub async fn start_with_model_configured(
        model_base: &str,
        tweak: impl FnOnce(&mut Config),
    ) -> Self {
        let base = model_base.to_owned();
        Self::start_configured(move |config| {
            config.outbound.allow_loopback = true;
            config.llm.base_url = Some(base);
            config.llm.model = Some("test-model".into());
            config.llm.country = Some("FI".into());
            config.llm.timeout_seconds = 1;
            config.llm.retries = 1;
            tweak(config);
        })
        .await
    }

    /// Starts a server on the given stores with the demo set up.
    pub async fn start_on(stores: Stores) -> Self {
        Self::launch(stores, Privacy::On, None, |_| {}).await
    }

    /// Starts another node on this node's stores, with a copy of its master key file.
    pub async fn another_node(&self) -> Self {
        Self::launch(
            self.stores.clone(),
            self.privacy,
            Some(self.data_dir().join("master.key")),
            |_| {},
        )
        .await
    }

    async fn launch(
        stores: Stores,
        privacy: Privacy,
        master_key: Option<std::path::PathBuf>,
        tweak: impl FnOnce(&mut Config),
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut config = Config {
            data_dir: dir.path().join("data"),
            listen: listener.local_addr().unwrap(),
            rate_limits: generous_limits(),
            ..Config::default()
        };
        tweak(&mut config);
        if let Some(key) = &master_key {
            use std::os::unix::fs::PermissionsExt;
            std::fs::create_dir_all(&config.data_dir).unwrap();
            std::fs::copy(key, config.data_dir.join("master.key")).unwrap();
            std::fs::set_permissions(
                config.data_dir.join("master.key"),
                std::fs::Permissions::from_mode(0o600),
            )
            .unwrap();
        }
        let first_node = master_key.is_none();
        let (api_key, other_tenant_key, (stop, task)) = match &stores {
            Stores::Sqlite => {
                let sotto = SqliteSotto::open(&config)
                    .await
                    .unwrap()
                    .with_privacy(privacy);
                let api_key = sotto.ensure_demo().await.unwrap().api_key;
                let other = sotto.create_tenant("Other").await.unwrap().api_key;
                (api_key, other, spawn(sotto, listener))
            }
            Stores::Postgres(scratch) => {
                let urls = sotto_app::PgUrls {
                    main: &scratch.main_url,
                    conversations: &scratch.conversations_url,
                    keys: &scratch.keys_url,
                };
                let sotto = PgSotto::connect(&config, urls)
                    .await
                    .unwrap()
                    .with_privacy(privacy);
                let (api_key, other) = if first_node {
                    (
                        sotto.ensure_demo().await.unwrap().api_key,
                        sotto.create_tenant("Other").await.unwrap().api_key,
                    )
                } else {
                    (String::new(), String::new())
                };
                (api_key, other, spawn(sotto, listener))
            }
        };
        Self {
            base: config.public_url(),
            dir,
            api_key,
            other_tenant_key,
            stores,
            privacy,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// The stores this node runs on.
    pub fn stores(&self) -> &Stores {
        &self.stores
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET path` on the admin API with the demo tenant's owner key, as JSON.
    pub async fn admin_json(&self, path: &str) -> serde_json::Value {
        reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(&self.api_key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The data directory.
    pub fn data_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("data")
    }

    /// Stops the server, waits until it has let go of its stores, and hands back the data
    /// directory (deleted when the returned value drops).
    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
        self.dir
    }
}

impl TestServer {
    /// Adds a member with `role` to the demo tenant through the admin API:
    /// (workspace, address, first password).
    pub async fn new_member(&self, role: &str) -> (String, String, String) {
        let api = reqwest::Client::new();
        let email = format!("{role}@maison-verte.example");
        let added: serde_json::Value = api
            .post(self.url("/api/v1/admin/members"))
            .bearer_auth(&self.api_key)
            .json(&serde_json::json!({ "email": email, "display_name": format!("Camille ({role})"), "role": role }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let me: serde_json::Value = api
            .get(self.url("/api/v1/admin/me"))
            .bearer_auth(&self.api_key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (
            me["tenant_id"].as_str().unwrap().to_owned(),
            email,
            added["initial_password"].as_str().unwrap().to_owned(),
        )
    }
}

/// A fresh visitor id as the widget would make it.
pub fn visitor() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// POSTs a chat message.
pub async fn ask(
    client: &reqwest::Client,
    server: &TestServer,
    visitor: &str,
    body: serde_json::Value,
) -> reqwest::Response {
    client
        .post(server.url("/api/v1/sites/demo/messages"))
        .header("sotto-visitor", visitor)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// The visitor's conversations on the demo site, as the widget API returns them.
pub async fn my_conversations(
    client: &reqwest::Client,
    server: &TestServer,
    visitor: &str,
) -> serde_json::Value {
    client
        .get(server.url("/api/v1/sites/demo/me/conversations"))
        .header("sotto-visitor", visitor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
