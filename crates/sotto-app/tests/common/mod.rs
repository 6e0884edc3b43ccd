//! The demo installation in a fresh data directory, shared by the use-case tests.

#![allow(dead_code)]

pub mod fake_smtp;
pub mod webhook;

use sotto_app::chat::turn::{TurnReply, VisitorMessage};
use sotto_app::tenancy::sites::OpenSite;
use sotto_app::{Config, SqliteSotto};
use sotto_core::VisitorId;

/// A fresh SQLite installation with the demo site (removed when the `TempDir` drops).
pub struct Demo {
    /// Holds the data directory.
    pub dir: tempfile::TempDir,
    /// The configuration it was opened with.
    pub config: Config,
    /// The application handle.
    pub sotto: SqliteSotto,
    /// The demo site.
    pub site: OpenSite,
}

/// Opens a fresh installation and sets up the demo.
pub async fn demo() -> Demo {
    demo_with(Config::default()).await
}

/// [`demo`] with `config` (its data directory is replaced by a fresh one).
pub async fn demo_with(config: Config) -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        data_dir: dir.path().join("data"),
        ..config
    };
    let sotto = SqliteSotto::open(&config).await.unwrap();
    let setup = sotto.ensure_demo().await.unwrap();
    assert!(setup.import.pages >= 20);
    let site = sotto.open_site(&setup.site_id).await.unwrap();
    Demo {
        dir,
        config,
        sotto,
        site,
    }
}

/// One turn of `visitor` asking `text` in a new conversation.
pub async fn ask(
    sotto: &SqliteSotto,
    site: &OpenSite,
    visitor: &VisitorId,
    text: &str,
) -> TurnReply {
    sotto
        .send_message(
            site,
            visitor,
            VisitorMessage {
                text: text.into(),
                conversation_id: None,
                page_url: None,
            },
        )
        .await
        .unwrap()
}
