//! What the previous release stored keeps working after the upgrade: a data directory written
//! by the release before the key store (`tests/fixtures/data-c4bb24b`, see its README) opens
//! with its migrations applied and a `keys.db` beside it; its conversations read as before (in
//! the history, the export), continue under the visitor key they were sealed with, and are
//! erased; new conversations get a key of their own in the key store.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use sotto_app::chat::turn::VisitorMessage;
use sotto_app::team::access::Actor;
use sotto_app::{Config, SqliteSotto};
use sotto_core::{SiteId, VisitorId};
use sotto_store::{ConversationStore, KeyStore, Sealing};
use sotto_store_sqlite::{SqliteConversationStore, SqliteKeyStore};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/data-c4bb24b");
const ANNA: &str = "11111111-1111-4111-8111-111111111111";
const BEN: &str = "22222222-2222-4222-8222-222222222222";

/// The fixture copied into `dir`, as the previous release left it.
fn previous_release_data(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for file in ["main.db", "conversations.db", "master.key"] {
        std::fs::copy(Path::new(FIXTURE).join(file), dir.join(file)).unwrap();
    }
    // Git keeps no permissions but the executable bit; the key file must be the owner's.
    std::fs::set_permissions(
        dir.join("master.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
}

fn texts(conversation: &sotto_app::chat::turn::ConversationView) -> Vec<String> {
    conversation
        .messages
        .iter()
        .filter(|m| m.role == "visitor")
        .map(|m| m.text.clone())
        .collect()
}

#[tokio::test]
async fn data_of_the_previous_release_reads_continues_and_erases() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    previous_release_data(&data);
    let config = Config {
        data_dir: data.clone(),
        ..Config::default()
    };
    let sotto = SqliteSotto::open(&config).await.unwrap();
    assert!(data.join("keys.db").exists(), "the key store is created");
    assert!(sotto.schema_versions().keys >= 1);
    let site = sotto
        .open_site(&"demo".parse::<SiteId>().unwrap())
        .await
        .unwrap();
    let (anna, ben): (VisitorId, VisitorId) = (ANNA.parse().unwrap(), BEN.parse().unwrap());

    let history = sotto.visitor_conversations(&site, &anna).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        texts(&history[0]),
        ["Do you deliver to Finland?", "How long does delivery take?"],
        "messages sealed by the previous release open"
    );
    let old = history[0].id;
    let export = sotto
        .export_visitor(&site, &anna, &Actor::Visitor)
        .await
        .unwrap();
    assert_eq!(
        export.conversations[0].messages[0].page_url.as_deref(),
        Some("http://127.0.0.1:18555/demo/shipping"),
        "their page paths too"
    );

    sotto
        .send_message(
            &site,
            &anna,
            VisitorMessage {
                text: "And to Norway?".into(),
                conversation_id: Some(old),
                page_url: None,
            },
        )
        .await
        .unwrap();
    let fresh = sotto
        .send_message(
            &site,
            &ben,
            VisitorMessage {
                text: "Can I return a plant?".into(),
                conversation_id: None,
                page_url: None,
            },
        )
        .await
        .unwrap();
    let history = sotto.visitor_conversations(&site, &anna).await.unwrap();
    assert_eq!(
        texts(&history[0]),
        [
            "Do you deliver to Finland?",
            "How long does delivery take?",
            "And to Norway?"
        ],
        "an old conversation continues"
    );
    let bens = sotto.visitor_conversations(&site, &ben).await.unwrap();
    assert_eq!(bens.len(), 2);
    assert!(
        bens.iter()
            .any(|c| texts(c) == ["What are your opening hours?"])
    );

    let tenant = site.tenant();
    let keys = SqliteKeyStore::open(&data.join("keys.db")).await.unwrap();
    assert!(
        keys.conversation_key(tenant, old).await.unwrap().is_none(),
        "an old conversation keeps its visitor key"
    );
    assert!(
        keys.conversation_key(tenant, fresh.conversation_id)
            .await
            .unwrap()
            .is_some(),
        "a new one has a key of its own"
    );
    let conversations = SqliteConversationStore::open(&data.join("conversations.db"))
        .await
        .unwrap();
    let sealing = |messages: Vec<sotto_store::MessageRecord>| {
        messages.iter().map(|m| m.sealing).collect::<Vec<_>>()
    };
    assert_eq!(
        sealing(conversations.messages(tenant, old, 10).await.unwrap()),
        [Sealing::VisitorKey; 6]
    );
    assert_eq!(
        sealing(
            conversations
                .messages(tenant, fresh.conversation_id, 10)
                .await
                .unwrap()
        ),
        [Sealing::ConversationKey; 2]
    );

    let receipt = sotto
        .erase_visitor(&site, &ben, &Actor::Visitor)
        .await
        .unwrap();
    assert_eq!(receipt.erased.conversations, 2);
    assert!(
        sotto
            .visitor_conversations(&site, &ben)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        keys.conversation_key(tenant, fresh.conversation_id)
            .await
            .unwrap()
            .is_none(),
        "erasing shreds the key"
    );
}
