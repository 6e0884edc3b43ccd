//! Runs the store conformance suite against fresh SQLite files, one test per story.

use sotto_store::testsuite::jobs::job_locks;
use sotto_store_sqlite::{SqliteConversationStore, SqliteKeyStore, SqliteMainStore};
use tempfile::TempDir;

/// A fresh main store in a new temporary folder.
async fn fresh_main_store() -> Option<(SqliteMainStore, TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteMainStore::open(&dir.path().join("main.db"))
        .await
        .unwrap();
    Some((store, dir))
}

/// A fresh conversation store in a new temporary folder.
async fn fresh_conversation_store() -> Option<(SqliteConversationStore, TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteConversationStore::open(&dir.path().join("conversations.db"))
        .await
        .unwrap();
    Some((store, dir))
}

/// A fresh key store in a new temporary folder.
async fn fresh_key_store() -> Option<(SqliteKeyStore, TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteKeyStore::open(&dir.path().join("keys.db"))
        .await
        .unwrap();
    Some((store, dir))
}

/// Removes the temporary folder.
async fn remove(dir: TempDir) {
    dir.close().unwrap();
}

mod main_store {
    sotto_store::main_store_conformance!(super::fresh_main_store, super::remove);
}

mod conversation_store {
    sotto_store::conversation_store_conformance!(super::fresh_conversation_store, super::remove);
}

mod key_store {
    sotto_store::key_store_conformance!(super::fresh_key_store, super::remove);
}

#[tokio::test]
async fn sqlite_job_locks_are_held_by_one_process_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conversations.db");
    let server = SqliteConversationStore::open(&path).await.unwrap();
    let cli = SqliteConversationStore::open(&path).await.unwrap();
    job_locks(&server, &cli).await;
}

#[tokio::test]
async fn closing_settles_the_wal_and_reopening_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("main.db");
    let tenant = sotto_store::TenantRecord {
        id: sotto_core::TenantId::random(),
        name: "Reopen".into(),
        wrapped_key: vec![1],
        created_at: 1,
    };
    {
        use sotto_store::MainStore;
        let store = SqliteMainStore::open(&path).await.unwrap();
        store.create_tenant(&tenant).await.unwrap();
        assert!(dir.path().join("main.db-wal").exists(), "WAL mode is on");
        store.close().await;
        assert!(
            !dir.path().join("main.db-wal").exists(),
            "closing settles the WAL into the file"
        );
    }
    use sotto_store::MainStore;
    let store = SqliteMainStore::open(&path).await.unwrap();
    assert_eq!(store.tenant(tenant.id).await.unwrap(), Some(tenant));
}

#[tokio::test]
async fn a_schema_from_a_newer_sotto_is_refused() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("conversations.db");
    drop(SqliteConversationStore::open(&path).await.unwrap());
    let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'future', 1, x'00', 0)",
    )
    .execute(&mut connection)
    .await
    .unwrap();
    connection.close().await.unwrap();
    match SqliteConversationStore::open(&path).await {
        Err(sotto_store::StoreError::SchemaTooNew { found, known }) => {
            assert_eq!(found, 9999);
            assert!(known < 9999);
        }
        other => panic!("expected SchemaTooNew, got {:?}", other.map(|_| ())),
    }
}
