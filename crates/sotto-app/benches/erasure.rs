//! Erasure costs on SQLite, in one run:
//! - the latency of erasing a visitor with 1,000 messages (median of several visitors), from
//!   the request to the receipt: recording, crypto-shredding, deletion, checkpoint;
//! - the retention sweep's rate in messages erased per second, against a raw SQL `DELETE` of
//!   the same volume of rows on the same database.
//!
//! `cargo bench -p sotto-app --bench erasure`

use std::time::{Duration, Instant};

use sotto_app::chat::turn::VisitorMessage;
use sotto_app::team::access::Actor;
use sotto_app::{Config, SqliteSotto};
use sotto_core::{Pseudonym, SiteId, TenantId, VisitorId};
use sotto_store::ConversationStore;
use sotto_store::testsuite::opaque_turn;
use sotto_store_sqlite::SqliteConversationStore;
use sqlx::Connection;

/// Visitors erased for the latency figure.
const VISITORS: usize = 7;
/// Chat turns per visitor: two messages each.
const TURNS: usize = 500;
/// Idle conversations per retention round, and messages in each.
const IDLE_CONVERSATIONS: usize = 2_000;
const IDLE_MESSAGES: i64 = 10;

/// Writes idle conversations straight to the store: one visitor key each, as real visitors.
async fn write_idle(store: &SqliteConversationStore, tenant: TenantId, site: &SiteId) {
    for i in 0..IDLE_CONVERSATIONS {
        let mut bytes = [0u8; 32];
        bytes[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        let pseudonym = Pseudonym::from_bytes(bytes);
        store
            .insert_visitor_key(tenant, &pseudonym, &[9; 72], 1_000)
            .await
            .unwrap();
        store
            .record_turn(&opaque_turn(
                tenant,
                site,
                pseudonym,
                1_000 + i as i64,
                IDLE_MESSAGES,
            ))
            .await
            .unwrap();
    }
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        data_dir: dir.path().join("data"),
        ..Config::default()
    };
    let sotto = SqliteSotto::open(&config).await.unwrap();
    let demo = sotto.ensure_demo().await.unwrap();
    let site = sotto.open_site(&demo.site_id).await.unwrap();

    let mut latencies = Vec::new();
    for _ in 0..VISITORS {
        let visitor = VisitorId::random();
        let mut conversation = None;
        for turn in 0..TURNS {
            let reply = sotto
                .send_message(
                    &site,
                    &visitor,
                    VisitorMessage {
                        text: format!("Question {turn}: how long does delivery take?"),
                        conversation_id: conversation,
                        page_url: None,
                    },
                )
                .await
                .unwrap();
            conversation = Some(reply.conversation_id);
        }
        let started = Instant::now();
        let receipt = sotto
            .erase_visitor(&site, &visitor, &Actor::Cli)
            .await
            .unwrap();
        latencies.push(started.elapsed());
        assert_eq!(receipt.erased.messages, 2 * TURNS as u64);
    }
    println!(
        "erase a visitor with {} messages: median {:.1} ms over {VISITORS} visitors (min {:.1}, max {:.1})",
        2 * TURNS,
        median(latencies.clone()).as_secs_f64() * 1e3,
        latencies.iter().min().unwrap().as_secs_f64() * 1e3,
        latencies.iter().max().unwrap().as_secs_f64() * 1e3,
    );

    let database = config.data_dir.join("conversations.db");
    let store = SqliteConversationStore::open(&database).await.unwrap();
    let messages = IDLE_CONVERSATIONS as f64 * IDLE_MESSAGES as f64;

    write_idle(&store, demo.tenant_id, &demo.site_id).await;
    let started = Instant::now();
    sotto.sweep_retention(sotto_core::now()).await.unwrap();
    let sweep_rate = messages / started.elapsed().as_secs_f64();

    write_idle(&store, demo.tenant_id, &demo.site_id).await;
    let mut raw = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display()))
        .await
        .unwrap();
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut raw)
        .await
        .unwrap();
    let started = Instant::now();
    sqlx::query("DELETE FROM conversations WHERE tenant_id = ? AND site_id = ? AND updated_at < ?")
        .bind(demo.tenant_id.to_string())
        .bind(demo.site_id.as_str())
        .bind(sotto_core::now() - 730 * 86_400)
        .execute(&mut raw)
        .await
        .unwrap();
    let raw_rate = messages / started.elapsed().as_secs_f64();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages")
        .fetch_one(&mut raw)
        .await
        .unwrap();
    assert_eq!(left, 0, "the raw delete removed the same rows");
    raw.close().await.unwrap();

    println!(
        "retention sweep: {sweep_rate:.0} messages/s (batches of 500 conversations, visitor keys shredded, checkpoint)"
    );
    println!("raw SQL DELETE of the same rows: {raw_rate:.0} messages/s");
    println!("sweep / raw: {:.2} (goal >= 0.5)", sweep_rate / raw_rate);
}
