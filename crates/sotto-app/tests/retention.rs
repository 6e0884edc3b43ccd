//! The retention sweep on the demo site, on SQLite: what outlives its site's retention goes,
//! with its key in the key store, nothing else does, and a held job lock makes a sweep step
//! aside.

mod common;

use sotto_app::AppError;
use sotto_app::chat::turn::VisitorMessage;
use sotto_app::rights::retention::SweepOutcome;
use sotto_app::team::access::Actor;
use sotto_core::{ConversationId, VisitorId};
use sotto_store::{ConversationKeyRecord, ConversationStore, Job, KeyStore};
use sotto_store_sqlite::{SqliteConversationStore, SqliteKeyStore};

const DAY: i64 = 86_400;

#[tokio::test]
async fn conversations_outliving_their_retention_are_erased_once() {
    let common::Demo {
        dir: _dir,
        config,
        sotto,
        site,
    } = common::demo().await;
    let visitor = VisitorId::random();
    let reply = sotto
        .send_message(
            &site,
            &visitor,
            VisitorMessage {
                text: "Do you deliver to Finland?".into(),
                conversation_id: None,
                page_url: None,
            },
        )
        .await
        .unwrap();
    let now = sotto_core::now();

    assert_eq!(
        sotto.sweep_retention(now + 729 * DAY).await.unwrap(),
        SweepOutcome::Swept {
            conversations: 0,
            visitors: 0,
            stray_keys: 0,
            page_versions: 0
        },
        "the default two years have not passed"
    );
    let keys = SqliteKeyStore::open(&config.data_dir.join("keys.db"))
        .await
        .unwrap();
    let tenant = site.tenant();
    assert!(
        keys.conversation_key(tenant, reply.conversation_id)
            .await
            .unwrap()
            .is_some(),
        "the conversation's key is in the key store"
    );
    // A key whose conversation was never stored (a crash after the key, before the turn).
    let stray = ConversationId::random();
    keys.insert_conversation_key(&ConversationKeyRecord {
        tenant_id: tenant,
        conversation_id: stray,
        wrapped_key: vec![7; 72],
        created_at: now,
    })
    .await
    .unwrap();
    assert_eq!(
        sotto
            .visitor_conversations(&site, &visitor)
            .await
            .unwrap()
            .len(),
        1
    );

    assert!(matches!(
        sotto.set_retention(site.id(), 0, &Actor::Cli).await,
        Err(AppError::Invalid(_))
    ));
    let changed = sotto
        .set_retention(site.id(), 30, &Actor::Cli)
        .await
        .unwrap();
    assert_eq!(changed.retention_days, 30);

    let other_process = SqliteConversationStore::open(&config.data_dir.join("conversations.db"))
        .await
        .unwrap();
    let held = other_process
        .try_lock_job(Job::RetentionSweep)
        .await
        .unwrap()
        .expect("lock is free");
    assert_eq!(
        sotto.sweep_retention(now + 31 * DAY).await.unwrap(),
        SweepOutcome::Skipped,
        "another process is sweeping"
    );
    other_process.unlock_job(held).await.unwrap();
    other_process.close().await;

    let dry_run = sotto.retention_dry_run(now + 31 * DAY).await.unwrap();
    assert_eq!(dry_run.len(), 1);
    assert_eq!(
        (
            dry_run[0].retention_days,
            dry_run[0].conversations,
            dry_run[0].messages
        ),
        (30, 1, 2),
        "what a sweep would erase"
    );
    assert_eq!(
        sotto
            .visitor_conversations(&site, &visitor)
            .await
            .unwrap()
            .len(),
        1,
        "a dry run erases nothing"
    );

    assert_eq!(
        sotto.sweep_retention(now + 31 * DAY).await.unwrap(),
        SweepOutcome::Swept {
            conversations: 1,
            visitors: 1,
            stray_keys: 1,
            page_versions: 0
        }
    );
    for shredded in [reply.conversation_id, stray] {
        assert_eq!(
            keys.conversation_key(tenant, shredded).await.unwrap(),
            None,
            "the sweep shreds the keys of what it erased, and keys left without a conversation"
        );
    }
    assert!(
        sotto
            .visitor_conversations(&site, &visitor)
            .await
            .unwrap()
            .is_empty()
    );
    let again = sotto
        .send_message(
            &site,
            &visitor,
            VisitorMessage {
                text: "Hello again".into(),
                conversation_id: Some(reply.conversation_id),
                page_url: None,
            },
        )
        .await;
    assert!(
        matches!(again, Err(AppError::NotFound(_))),
        "an erased conversation cannot be continued"
    );
}
