//! Erasure on the demo site, on SQLite: by visitor (every conversation, the key), by
//! conversation, the receipts and their verification, the register, and an erasure resumed
//! after the process stopped between recording the request and carrying it out.

mod common;

use sotto_app::chat::turn::VisitorMessage;
use sotto_app::rights::erasure::ErasedCounts;
use sotto_app::team::access::Actor;
use sotto_app::tenancy::sites::OpenSite;
use sotto_app::{AppError, Config, SqliteSotto};
use sotto_core::dsr::{Channel, RequestKind, RequestStatus, due_at};
use sotto_core::{ConversationId, RequestId, VisitorId};
use sotto_store::{ConversationStore, HeldCounts, RequestRecord, Subject};
use sotto_store_sqlite::SqliteConversationStore;

async fn demo() -> (tempfile::TempDir, Config, SqliteSotto, OpenSite) {
    let common::Demo {
        dir,
        config,
        sotto,
        site,
    } = common::demo().await;
    (dir, config, sotto, site)
}

/// Sends one message in a new conversation; returns its id.
async fn chat(sotto: &SqliteSotto, site: &OpenSite, visitor: &VisitorId) -> ConversationId {
    sotto
        .send_message(
            site,
            visitor,
            VisitorMessage {
                text: "Do you deliver to Finland?".into(),
                conversation_id: None,
                page_url: None,
            },
        )
        .await
        .unwrap()
        .conversation_id
}

#[tokio::test]
async fn a_visitor_erases_everything_and_gets_a_receipt_that_verifies() {
    let (_dir, _config, sotto, site) = demo().await;
    let (anna, ben) = (VisitorId::random(), VisitorId::random());
    chat(&sotto, &site, &anna).await;
    chat(&sotto, &site, &anna).await;
    chat(&sotto, &site, &ben).await;

    let receipt = sotto
        .erase_visitor(&site, &anna, &Actor::Visitor)
        .await
        .unwrap();
    assert_eq!(
        receipt.erased,
        ErasedCounts {
            conversations: 2,
            messages: 4,
            visitor_keys: 1
        }
    );
    assert_eq!(receipt.scope, "visitor");
    assert!(
        sotto
            .visitor_conversations(&site, &anna)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        sotto
            .visitor_conversations(&site, &ben)
            .await
            .unwrap()
            .len(),
        1
    );

    let check = sotto.verify_receipt(&receipt).await.unwrap();
    assert!(check.is_valid(), "{check:?}");
    let mut forged = receipt.clone();
    forged.erased.messages = 40;
    let check = sotto.verify_receipt(&forged).await.unwrap();
    assert!(!check.authentic && check.registered, "{check:?}");
    let mut unknown = receipt.clone();
    unknown.request_id = RequestId::random();
    assert!(!sotto.verify_receipt(&unknown).await.unwrap().is_valid());

    let register = sotto
        .request_register(site.tenant(), sotto_core::now())
        .await
        .unwrap();
    assert_eq!(register.len(), 1);
    assert_eq!(register[0].id, receipt.request_id);
    assert_eq!(register[0].status, RequestStatus::Completed);
    assert_eq!(register[0].channel, Channel::Widget);
    assert!(!register[0].overdue);

    let again = sotto
        .erase_visitor(&site, &anna, &Actor::Visitor)
        .await
        .unwrap();
    assert_eq!(
        again.erased.conversations, 0,
        "nothing left, still a receipt"
    );
}

#[tokio::test]
async fn a_visitor_erases_one_conversation_of_their_own_only() {
    let (_dir, _config, sotto, site) = demo().await;
    let (anna, ben) = (VisitorId::random(), VisitorId::random());
    let first = chat(&sotto, &site, &anna).await;
    let second = chat(&sotto, &site, &anna).await;
    let bens = chat(&sotto, &site, &ben).await;

    assert!(matches!(
        sotto
            .erase_visitor_conversation(&site, &anna, bens, &Actor::Visitor)
            .await,
        Err(AppError::NotFound(_))
    ));
    let receipt = sotto
        .erase_visitor_conversation(&site, &anna, first, &Actor::Visitor)
        .await
        .unwrap();
    assert_eq!(receipt.scope, "conversation");
    assert_eq!(receipt.erased.conversations, 1);
    assert_eq!(
        receipt.erased.visitor_keys, 0,
        "the visitor keeps their key"
    );
    let left = sotto.visitor_conversations(&site, &anna).await.unwrap();
    assert_eq!(left.iter().map(|c| c.id).collect::<Vec<_>>(), [second]);
    assert!(sotto.verify_receipt(&receipt).await.unwrap().is_valid());
}

#[tokio::test]
async fn an_erasure_recorded_before_a_crash_is_carried_out_on_the_next_start() {
    let (_dir, config, sotto, site) = demo().await;
    let anna = VisitorId::random();
    let conversation = chat(&sotto, &site, &anna).await;
    sotto.close().await;

    // What a process that stopped right after step 1 leaves behind: the request, recorded.
    let store = SqliteConversationStore::open(&config.data_dir.join("conversations.db"))
        .await
        .unwrap();
    let now = sotto_core::now();
    let request = RequestRecord {
        tenant_id: site.tenant(),
        id: RequestId::random(),
        kind: RequestKind::Erasure,
        subject: Subject::Conversation(conversation),
        channel: Channel::Cli,
        status: RequestStatus::InProgress,
        received_at: now,
        due_at: due_at(now),
        completed_at: None,
        counts: HeldCounts {
            conversations: 1,
            messages: 2,
            visitor_keys: 0,
        },
        receipt_mac: None,
    };
    store.record_request(&request).await.unwrap();
    store.close().await;

    let restarted = SqliteSotto::open(&config).await.unwrap();
    let resumed = restarted.resume_erasures().await.unwrap();
    assert_eq!(resumed.len(), 1);
    assert_eq!(resumed[0].request_id, request.id);
    assert_eq!(resumed[0].erased.messages, 2);
    assert!(
        restarted
            .visitor_conversations(&site, &anna)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        restarted
            .verify_receipt(&resumed[0])
            .await
            .unwrap()
            .is_valid()
    );
    assert!(
        restarted.resume_erasures().await.unwrap().is_empty(),
        "done once"
    );
}

#[tokio::test]
async fn closing_an_account_removes_the_tenant_and_keeps_a_verifiable_receipt() {
    let (_dir, config, sotto, site) = demo().await;
    chat(&sotto, &site, &VisitorId::random()).await;
    chat(&sotto, &site, &VisitorId::random()).await;
    let tenant = site.tenant();
    let index = config.data_dir.join("index").join(site.id().as_str());
    assert!(index.is_dir(), "the site's search index is on disk");

    let receipt = sotto.close_tenant(tenant, &Actor::Cli).await.unwrap();
    assert_eq!(receipt.scope, "tenant");
    assert_eq!(
        receipt.erased,
        ErasedCounts {
            conversations: 2,
            messages: 4,
            visitor_keys: 2
        }
    );
    assert!(matches!(
        sotto.open_site(site.id()).await,
        Err(AppError::NotFound(_))
    ));
    assert!(!index.exists(), "the search index is deleted");
    assert!(
        sotto.verify_receipt(&receipt).await.unwrap().is_valid(),
        "the register outlives the tenant"
    );
    assert!(matches!(
        sotto.close_tenant(tenant, &Actor::Cli).await,
        Err(AppError::NotFound(_))
    ));
    assert!(sotto.resume_erasures().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_visitor_who_holds_nothing_is_answered_alike_and_only_counted() {
    let (_dir, _config, sotto, site) = demo().await;
    let nobody = VisitorId::random();
    let receipt = sotto
        .erase_visitor(&site, &nobody, &Actor::Visitor)
        .await
        .unwrap();
    assert_eq!(receipt.scope, "visitor");
    assert_eq!(receipt.erased.conversations, 0);
    assert!(
        sotto.verify_receipt(&receipt).await.unwrap().is_valid(),
        "the receipt of nothing verifies like any other"
    );
    let mut inflated = receipt.clone();
    inflated.erased.messages = 3;
    assert!(!sotto.verify_receipt(&inflated).await.unwrap().is_valid());

    let objection = sotto
        .set_objection(&site, &nobody, true, &Actor::Visitor)
        .await
        .unwrap();
    assert!(objection.objecting && objection.since.is_some());
    assert!(objection.erasure.is_some());
    let export = sotto
        .export_visitor(&site, &nobody, &Actor::Visitor)
        .await
        .unwrap();
    assert!(export.conversations.is_empty() && export.requests.is_empty());
    assert_eq!(export.objecting_since, objection.since);

    assert!(
        sotto
            .request_register(site.tenant(), sotto_core::now())
            .await
            .unwrap()
            .is_empty(),
        "nothing registered"
    );
    let counted: Vec<(RequestKind, i64)> = sotto
        .unrecorded_requests(site.tenant())
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.kind, c.count))
        .collect();
    assert_eq!(counted.len(), 3);
    for kind in [
        RequestKind::Erasure,
        RequestKind::Objection,
        RequestKind::Access,
    ] {
        assert!(counted.contains(&(kind, 1)), "{counted:?}");
    }

    chat(&sotto, &site, &nobody).await;
    assert!(
        sotto
            .visitor_conversations(&site, &nobody)
            .await
            .unwrap()
            .is_empty(),
        "the objection's marker holds"
    );

    let someone = VisitorId::random();
    chat(&sotto, &site, &someone).await;
    sotto
        .erase_visitor(&site, &someone, &Actor::Visitor)
        .await
        .unwrap();
    assert_eq!(
        sotto
            .request_register(site.tenant(), sotto_core::now())
            .await
            .unwrap()
            .len(),
        1,
        "a visitor who held something is registered in full"
    );
}

#[tokio::test]
async fn a_team_erasure_interrupted_is_resumed_once_with_one_receipt() {
    let (_dir, config, sotto, site) = demo().await;
    let anna = VisitorId::random();
    let conversation = chat(&sotto, &site, &anna).await;
    let caller = sotto_app::team::access::Caller::operator(site.tenant());
    let entered = sotto
        .team_enter_request(
            &caller,
            sotto_app::chat::conversations::EnteredRequest {
                kind: RequestKind::Erasure,
                conversation_id: conversation,
                received_at: None,
            },
        )
        .await
        .unwrap();
    sotto.close().await;

    // What a process that stopped while fulfilling the entered request leaves behind.
    let store = SqliteConversationStore::open(&config.data_dir.join("conversations.db"))
        .await
        .unwrap();
    let held = HeldCounts {
        conversations: 1,
        messages: 2,
        visitor_keys: 1,
    };
    assert!(
        store
            .start_request(site.tenant(), entered.id, held)
            .await
            .unwrap()
    );
    store.close().await;

    let (first, second) = (
        SqliteSotto::open(&config).await.unwrap(),
        SqliteSotto::open(&config).await.unwrap(),
    );
    let (a, b) = tokio::join!(first.resume_erasures(), second.resume_erasures());
    let receipts: Vec<_> = a.unwrap().into_iter().chain(b.unwrap()).collect();
    assert!(!receipts.is_empty(), "the team's erasure is resumed");
    for receipt in &receipts {
        assert_eq!(receipt.request_id, entered.id);
        assert_eq!(receipt.mac, receipts[0].mac, "one receipt");
        assert!(first.verify_receipt(receipt).await.unwrap().is_valid());
    }
    assert!(
        first
            .visitor_conversations(&site, &anna)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        first.team_fulfil_request(&caller, entered.id).await,
        Err(AppError::NotFound(_))
    ));
    assert!(first.resume_erasures().await.unwrap().is_empty());
}
