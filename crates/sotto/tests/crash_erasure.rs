//! An erasure killed in the middle (SIGKILL, no chance to clean up) completes on the next
//! start of Sotto: the request was recorded first, and every later step is idempotent.

use std::process::{Command, Stdio};
use std::time::Duration;

use sotto_app::chat::turn::VisitorMessage;
use sotto_app::{Config, SqliteSotto};
use sotto_core::VisitorId;
use sotto_store::ConversationStore;
use sotto_store::testsuite::opaque_turn;
use sotto_store_sqlite::SqliteConversationStore;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

/// Conversations and messages per conversation given to the visitor: enough that the erasure
/// takes many batches.
const CONVERSATIONS: usize = 3_000;
const MESSAGES: i64 = 20;

fn sotto(data_dir: &std::path::Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sotto"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("SOTTO_MASTER_KEY")
        .env_remove("SOTTO_DATA_DIR");
    command
}

/// Runs one read-only query on the conversation store, while another process writes it.
async fn read<T>(database: &std::path::Path, sql: &'static str) -> Option<T>
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
{
    let mut connection = SqliteConnectOptions::new()
        .filename(database)
        .read_only(true)
        .connect()
        .await
        .ok()?;
    let value = sqlx::query_scalar(sql)
        .fetch_optional(&mut connection)
        .await
        .ok()
        .flatten();
    connection.close().await.ok();
    value
}

/// The status of the only request in the register, if it is there yet.
async fn request_status(database: &std::path::Path) -> Option<String> {
    read(database, "SELECT status FROM requests").await
}

#[tokio::test]
async fn an_erasure_killed_midway_completes_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = Config {
        data_dir: data.clone(),
        ..Config::default()
    };
    let sotto_app = SqliteSotto::open(&config).await.unwrap();
    let demo = sotto_app.ensure_demo().await.unwrap();
    let site = sotto_app.open_site(&demo.site_id).await.unwrap();
    let visitor_text = uuid::Uuid::new_v4().to_string();
    let visitor: VisitorId = visitor_text.parse().unwrap();
    sotto_app
        .send_message(
            &site,
            &visitor,
            VisitorMessage {
                text: "Do you ship to Finland?".into(),
                conversation_id: None,
                page_url: None,
            },
        )
        .await
        .unwrap();
    sotto_app.close().await;

    // Many more conversations under the same pseudonym, written straight to the store.
    let database = data.join("conversations.db");
    let store = SqliteConversationStore::open(&database).await.unwrap();
    let pseudonym = store.visitors_of(demo.tenant_id).await.unwrap()[0].pseudonym;
    for i in 0..CONVERSATIONS {
        store
            .record_turn(&opaque_turn(
                demo.tenant_id,
                &demo.site_id,
                pseudonym,
                1_000 + i as i64,
                MESSAGES,
            ))
            .await
            .unwrap();
    }
    store.close().await;

    let tenant = demo.tenant_id.to_string();
    let mut erasing = sotto(
        &data,
        &[
            "visitor",
            "erase",
            "--tenant",
            &tenant,
            "--visitor",
            &visitor_text,
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    // Killed once the key is gone and some batches of rows are deleted, others not.
    let total = CONVERSATIONS as i64 + 1;
    loop {
        let left: Option<i64> = read(&database, "SELECT COUNT(*) FROM conversations").await;
        if left.is_some_and(|left| left < total) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    erasing.kill().unwrap();
    erasing.wait().unwrap();
    assert_eq!(
        request_status(&database).await.as_deref(),
        Some("in_progress"),
        "killed after the request was recorded and before it completed"
    );
    let left: i64 = read(&database, "SELECT COUNT(*) FROM conversations")
        .await
        .unwrap();
    assert!(left > 0, "some rows were left to erase");
    assert_eq!(
        read::<i64>(&database, "SELECT COUNT(*) FROM visitors").await,
        Some(0),
        "the key went first"
    );
    println!("killed with {left} of {total} conversations left");

    // Any start of Sotto carries it out; `dsr list` is one.
    let register = sotto(&data, &["dsr", "list", "--tenant", &tenant])
        .output()
        .unwrap();
    assert!(register.status.success());
    let register: serde_json::Value = serde_json::from_slice(&register.stdout).unwrap();
    assert_eq!(register[0]["status"], "completed");
    assert_eq!(
        register[0]["held"]["conversations"],
        CONVERSATIONS as u64 + 1,
        "the counts taken before the crash"
    );

    let store = SqliteConversationStore::open(&database).await.unwrap();
    assert!(store.visitors_of(demo.tenant_id).await.unwrap().is_empty());
    assert!(
        store
            .conversations_of_tenant(demo.tenant_id)
            .await
            .unwrap()
            .is_empty()
    );
    store.close().await;
}
