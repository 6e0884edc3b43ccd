//! Runs the store conformance story against PostgreSQL, each test in fresh schemas owned by an
//! owner role and used through a second plain role with row access only, so that row-level
//! security is in force exactly as in the recommended production set-up; and checks that set-up
//! itself: a superuser or `BYPASSRLS` role is refused, the application role cannot switch
//! row-level security off, and a schema its role cannot migrate is refused with advice. Needs `SOTTO_TEST_POSTGRES_URL` (e.g.
//! `postgres://postgres@127.0.0.1:5432/test`); without it the tests print that they were skipped.

use sotto_core::{ConversationId, MessageId, Phase, Pseudonym, TenantId};
use sotto_store::testsuite::jobs::job_locks;
use sotto_store::testsuite::sites::knowledge_pages;
use sotto_store::{
    ConversationRecord, ConversationStore, MessageRecord, Role, Sealing, TurnRecord,
};
use sotto_store_postgres::scratch::ScratchStores;
use sotto_store_postgres::{PgConversationStore, PgKeyStore, PgMainStore};
use sqlx::Connection;

/// The server URL, or `None` (printing why) when PostgreSQL tests are not configured.
fn server_url() -> Option<String> {
    let url = std::env::var("SOTTO_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() {
        println!("skipped: SOTTO_TEST_POSTGRES_URL is not set");
    }
    url
}

/// Fresh stores: schemas owned by an owner role that applied the migrations, used through a
/// second plain role with row access only (the production set-up the README gives).
struct TestDb {
    scratch: ScratchStores,
    /// The store under test, as the application role.
    url: String,
}

impl TestDb {
    /// `store` picks the URL of the store under test.
    async fn new(server: &str, label: &str, store: fn(&ScratchStores) -> &String) -> Self {
        let scratch = ScratchStores::create(server, label).await.unwrap();
        let url = store(&scratch).clone();
        Self { scratch, url }
    }

    /// A raw connection as the application role, for deliberately unscoped queries.
    async fn raw(&self) -> sqlx::PgConnection {
        sqlx::PgConnection::connect(&self.url).await.unwrap()
    }

    /// Drops the schemas and the roles once the test passed.
    async fn drop(self) {
        self.scratch.drop().await.unwrap();
    }
}

/// A fresh main store in its own schema, or `None` without a server.
async fn fresh_main_store() -> Option<(PgMainStore, TestDb)> {
    let db = TestDb::new(&server_url()?, "main", |s| &s.main_url).await;
    let store = PgMainStore::connect(&db.url).await.unwrap();
    Some((store, db))
}

/// A fresh conversation store in its own schema, or `None` without a server.
async fn fresh_conversation_store() -> Option<(PgConversationStore, TestDb)> {
    let db = TestDb::new(&server_url()?, "conv", |s| &s.conversations_url).await;
    let store = PgConversationStore::connect(&db.url).await.unwrap();
    Some((store, db))
}

/// A fresh key store in its own schema, or `None` without a server.
async fn fresh_key_store() -> Option<(PgKeyStore, TestDb)> {
    let db = TestDb::new(&server_url()?, "keys", |s| &s.keys_url).await;
    let store = PgKeyStore::connect(&db.url).await.unwrap();
    Some((store, db))
}

/// Drops the test's schemas and roles.
async fn drop_schema(db: TestDb) {
    db.drop().await;
}

mod main_store {
    sotto_store::main_store_conformance!(super::fresh_main_store, super::drop_schema);
}

mod conversation_store {
    sotto_store::conversation_store_conformance!(
        super::fresh_conversation_store,
        super::drop_schema
    );
}

mod key_store {
    sotto_store::key_store_conformance!(super::fresh_key_store, super::drop_schema);
}

#[tokio::test]
async fn postgres_job_locks_are_held_by_one_node_at_a_time() {
    let Some(server) = server_url() else { return };
    let db = TestDb::new(&server, "lock", |s| &s.conversations_url).await;
    let node_a = PgConversationStore::connect(&db.url).await.unwrap();
    let node_b = PgConversationStore::connect(&db.url).await.unwrap();
    job_locks(&node_a, &node_b).await;
    {
        use sotto_store::{ConversationStore, Job};
        let dropped = node_a.try_lock_job(Job::RetentionSweep).await.unwrap();
        assert!(dropped.is_some());
        drop(dropped);
        let mut retaken = None;
        for _ in 0..100 {
            retaken = node_b.try_lock_job(Job::RetentionSweep).await.unwrap();
            if retaken.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(
            retaken.is_some(),
            "a lock dropped without unlocking is released with its session"
        );
    }
    node_a.close().await;
    node_b.close().await;
    db.drop().await;
}

async fn count(connection: &mut sqlx::PgConnection, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(connection).await.unwrap()
}

#[tokio::test]
async fn row_level_security_hides_other_tenants_from_unscoped_queries() {
    let Some(server) = server_url() else { return };
    let db = TestDb::new(&server, "rls", |s| &s.conversations_url).await;
    let store = PgConversationStore::connect(&db.url).await.unwrap();
    let (a, b) = (TenantId::random(), TenantId::random());
    for tenant in [a, b] {
        let conversation = ConversationRecord {
            tenant_id: tenant,
            id: ConversationId::random(),
            site_id: "shop".parse().unwrap(),
            pseudonym: Pseudonym::from_bytes([1; 32]),
            phase: Phase::Exploring,
            created_at: 1,
            updated_at: 1,
        };
        let message = MessageRecord {
            id: MessageId::random(),
            seq: 0,
            role: Role::Visitor,
            body: vec![9],
            page_path: None,
            sealing: Sealing::ConversationKey,
            created_at: 1,
        };
        store
            .record_turn(&TurnRecord {
                phase_steps: Vec::new(),
                conversation,
                messages: vec![message],
                guard: None,
            })
            .await
            .unwrap();
    }

    let mut raw = db.raw().await;
    assert_eq!(
        count(&mut raw, "SELECT COUNT(*) FROM conversations").await,
        0,
        "an unscoped query sees nothing"
    );
    assert_eq!(count(&mut raw, "SELECT COUNT(*) FROM messages").await, 0);

    let mut tx = raw.begin().await.unwrap();
    sqlx::query("SELECT set_config('sotto.tenant_id', $1, true)")
        .bind(a.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(
        count(&mut tx, "SELECT COUNT(*) FROM conversations").await,
        1,
        "tenant A sees its own row only"
    );
    let forged = sqlx::query("INSERT INTO visitors (tenant_id, pseudonym, wrapped_key, created_at) VALUES ($1, $2, $3, 1)")
        .bind(b.to_string())
        .bind(vec![2u8; 32])
        .bind(vec![3u8])
        .execute(&mut *tx)
        .await;
    assert!(
        forged.is_err(),
        "a row of tenant B cannot be written while scoped to tenant A"
    );
    tx.rollback().await.unwrap();

    let mut lookup = raw.begin().await.unwrap();
    sqlx::query("SELECT set_config('sotto.lookup', 'on', true)")
        .execute(&mut *lookup)
        .await
        .unwrap();
    assert_eq!(
        count(&mut lookup, "SELECT COUNT(*) FROM conversations").await,
        0,
        "the lookup flag opens no conversation"
    );
    lookup.rollback().await.unwrap();
    raw.close().await.unwrap();
    drop(store);
    db.drop().await;
}

#[tokio::test]
async fn row_level_security_in_the_main_store() {
    let Some(server) = server_url() else { return };
    let db = TestDb::new(&server, "rlsmain", |s| &s.main_url).await;
    let store = PgMainStore::connect(&db.url).await.unwrap();
    knowledge_pages(&store).await;
    let mut raw = db.raw().await;
    for table in [
        "SELECT COUNT(*) FROM tenants",
        "SELECT COUNT(*) FROM sites",
        "SELECT COUNT(*) FROM knowledge_chunks",
    ] {
        assert_eq!(count(&mut raw, table).await, 0, "unscoped: {table}");
    }
    let mut lookup = raw.begin().await.unwrap();
    sqlx::query("SELECT set_config('sotto.lookup', 'on', true)")
        .execute(&mut *lookup)
        .await
        .unwrap();
    assert!(
        count(&mut lookup, "SELECT COUNT(*) FROM sites").await > 0,
        "lookups find sites"
    );
    assert_eq!(
        count(&mut lookup, "SELECT COUNT(*) FROM knowledge_chunks").await,
        0,
        "but no knowledge"
    );
    assert_eq!(
        count(&mut lookup, "SELECT COUNT(*) FROM site_origins").await,
        0,
        "and no origins"
    );
    lookup.rollback().await.unwrap();
    raw.close().await.unwrap();
    drop(store);
    db.drop().await;
}

#[tokio::test]
async fn a_role_that_row_level_security_does_not_bind_is_refused() {
    let Some(server) = server_url() else { return };
    let db = TestDb::new(&server, "roles", |s| &s.main_url).await;
    let superuser = format!(
        "{server}{}options=-c%20search_path%3D{}",
        if server.contains('?') { '&' } else { '?' },
        db.url.rsplit("search_path%3D").next().unwrap()
    );
    let refused = PgMainStore::connect(&superuser)
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("superuser"), "{refused}");

    let bypass = db
        .url
        .replace(&db.scratch.app, &format!("{}_bypass", db.scratch.app));
    let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE ROLE {}_bypass LOGIN BYPASSRLS",
        db.scratch.app
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    let refused = PgMainStore::connect(&bypass).await.unwrap_err().to_string();
    assert!(refused.contains("BYPASSRLS"), "{refused}");
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP ROLE {}_bypass",
        db.scratch.app
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    admin.close().await.unwrap();

    let store = PgMainStore::connect(&db.url).await.expect("the plain role");
    let mut raw = db.raw().await;
    for statement in [
        "ALTER TABLE tenants DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY tenant_isolation ON tenants",
        "DELETE FROM _sqlx_migrations",
    ] {
        assert!(
            sqlx::query(statement).execute(&mut raw).await.is_err(),
            "the application role may not: {statement}"
        );
    }
    raw.close().await.unwrap();
    drop(store);
    db.drop().await;
}

#[tokio::test]
async fn a_schema_the_role_may_not_migrate_is_refused_with_advice() {
    let Some(server) = server_url() else { return };
    let db = TestDb::new(&server, "stale", |s| &s.conversations_url).await;
    let mut owner = sqlx::PgConnection::connect(&db.scratch.conversations_owner_url)
        .await
        .unwrap();
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)",
    )
    .execute(&mut owner)
    .await
    .unwrap();
    owner.close().await.unwrap();
    let refused = PgConversationStore::connect(&db.url)
        .await
        .unwrap_err()
        .to_string();
    assert!(refused.contains("sotto migrate"), "{refused}");
    db.drop().await;
}
