//! What the previous release stored keeps working after the upgrade, on both backends: a data
//! directory written by the release before the key store (`tests/fixtures/data-c4bb24b`) and
//! PostgreSQL schemas written by it (`tests/fixtures/postgres-c4bb24b`, loaded into fresh
//! schemas as their owner), each with its README. They open with the new migrations applied
//! and a key store beside them; their conversations read as before (in the history, the
//! export), continue under the visitor key they were sealed with, and are erased; new
//! conversations get a key of their own in the key store.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use sotto_app::chat::turn::{ConversationView, VisitorMessage};
use sotto_app::setup::migration::{OwnerAndApp, migrate_as_owner};
use sotto_app::team::access::Actor;
use sotto_app::{Config, ConversationStore, MainStore, PgSotto, PgUrls, Sotto, SqliteSotto};
use sotto_core::{SiteId, VisitorId};
use sotto_store::{KeyStore, MessageRecord, Sealing};
use sotto_store_postgres::scratch::ScratchStores;
use sotto_store_postgres::{PgConversationStore, PgKeyStore};
use sotto_store_sqlite::{SqliteConversationStore, SqliteKeyStore};
use sqlx::Connection;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const ANNA: &str = "11111111-1111-4111-8111-111111111111";
const BEN: &str = "22222222-2222-4222-8222-222222222222";

/// Copies `files` of fixture `name` into `dir`; the master key made the owner's alone (Git
/// keeps no permissions but the executable bit).
fn copy_fixture(name: &str, files: &[&str], dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for file in files {
        std::fs::copy(Path::new(FIXTURES).join(name).join(file), dir.join(file)).unwrap();
    }
    std::fs::set_permissions(
        dir.join("master.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
}

fn questions(conversation: &ConversationView) -> Vec<String> {
    conversation
        .messages
        .iter()
        .filter(|m| m.role == "visitor")
        .map(|m| m.text.clone())
        .collect()
}

fn sealing(messages: &[MessageRecord]) -> Vec<Sealing> {
    messages.iter().map(|m| m.sealing).collect()
}

/// What an upgraded installation must do with the previous release's data (whose demo page
/// was served at `origin`), whatever its backend: `keys` and `conversations` are the
/// installation's stores, opened apart.
async fn reads_continues_and_erases<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    keys: &impl KeyStore,
    conversations: &impl ConversationStore,
    origin: &str,
) {
    assert!(sotto.schema_versions().keys >= 1, "the key store is made");
    let site = sotto
        .open_site(&"demo".parse::<SiteId>().unwrap())
        .await
        .unwrap();
    let (anna, ben): (VisitorId, VisitorId) = (ANNA.parse().unwrap(), BEN.parse().unwrap());

    let history = sotto.visitor_conversations(&site, &anna).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        questions(&history[0]),
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
        Some(format!("{origin}/demo/shipping").as_str()),
        "their page paths too"
    );

    let ask = |visitor: VisitorId, text: &str, conversation_id| {
        let message = VisitorMessage {
            text: text.into(),
            conversation_id,
            page_url: None,
        };
        let site = &site;
        async move { sotto.send_message(site, &visitor, message).await.unwrap() }
    };
    ask(anna, "And to Norway?", Some(old)).await;
    let fresh = ask(ben, "Can I return a plant?", None).await;
    let history = sotto.visitor_conversations(&site, &anna).await.unwrap();
    assert_eq!(
        questions(&history[0]),
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
            .any(|c| questions(c) == ["What are your opening hours?"])
    );

    let tenant = site.tenant();
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
    assert_eq!(
        sealing(&conversations.messages(tenant, old, 10).await.unwrap()),
        [Sealing::VisitorKey; 6]
    );
    assert_eq!(
        sealing(
            &conversations
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

#[tokio::test]
async fn a_data_directory_of_the_previous_release_reads_continues_and_erases() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_fixture(
        "data-c4bb24b",
        &["main.db", "conversations.db", "master.key"],
        &data,
    );
    let sotto = SqliteSotto::open(&Config {
        data_dir: data.clone(),
        ..Config::default()
    })
    .await
    .unwrap();
    assert!(
        data.join("keys.db").exists(),
        "the key store's file is made"
    );
    let keys = SqliteKeyStore::open(&data.join("keys.db")).await.unwrap();
    let conversations = SqliteConversationStore::open(&data.join("conversations.db"))
        .await
        .unwrap();
    reads_continues_and_erases(&sotto, &keys, &conversations, "http://127.0.0.1:18555").await;
}

#[tokio::test]
async fn postgres_schemas_of_the_previous_release_read_continue_and_erase() {
    let Some(server) = std::env::var("SOTTO_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        println!("skipped: SOTTO_TEST_POSTGRES_URL is not set");
        return;
    };
    let scratch = ScratchStores::create_unmigrated(&server, "release")
        .await
        .unwrap();
    let schema = |url: &str| url.rsplit("search_path%3D").next().unwrap().to_owned();
    let dump = std::fs::read_to_string(Path::new(FIXTURES).join("postgres-c4bb24b/dump.sql"))
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with("CREATE SCHEMA"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("sotto_fixture_main", &schema(&scratch.main_url))
        .replace("sotto_fixture_conv", &schema(&scratch.conversations_url));
    let mut owner = sqlx::PgConnection::connect(&scratch.main_owner_url)
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(dump))
        .execute(&mut owner)
        .await
        .unwrap();
    owner.close().await.unwrap();

    let pair = |owner, app| OwnerAndApp { owner, app };
    migrate_as_owner(
        pair(&scratch.main_owner_url, &scratch.main_url),
        pair(&scratch.conversations_owner_url, &scratch.conversations_url),
        pair(&scratch.keys_owner_url, &scratch.keys_url),
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_fixture("postgres-c4bb24b", &["master.key"], &data);
    let urls = PgUrls {
        main: &scratch.main_url,
        conversations: &scratch.conversations_url,
        keys: &scratch.keys_url,
    };
    let sotto = PgSotto::connect(
        &Config {
            data_dir: data,
            ..Config::default()
        },
        urls,
    )
    .await
    .unwrap();
    let keys = PgKeyStore::connect(&scratch.keys_url).await.unwrap();
    let conversations = PgConversationStore::connect(&scratch.conversations_url)
        .await
        .unwrap();
    reads_continues_and_erases(&sotto, &keys, &conversations, "http://127.0.0.1:18556").await;
    sotto.close().await;
    keys.close().await;
    conversations.close().await;
    scratch.drop().await.unwrap();
}
