//! The retention sweep on the demo site, on SQLite: what outlives its site's retention goes,
//! nothing else does, and a held job lock makes a sweep step aside.

mod common;

use sotto_app::AppError;
use sotto_app::chat::turn::VisitorMessage;
use sotto_app::rights::retention::SweepOutcome;
use sotto_app::team::access::Actor;
use sotto_core::VisitorId;
use sotto_store::{ConversationStore, Job};
use sotto_store_sqlite::SqliteConversationStore;

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
            visitors: 0
        },
        "the default two years have not passed"
    );
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
            visitors: 1
        }
    );
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
