//! Data subject rights in the conversation store: objections, and erasure by visitor,
//! conversation, e-mail address and tenant with the request register that records it.

use super::{held, shop, visitor_with};
use crate::{ConversationStore, RequestRecord, Subject, UnrecordedRequests};
use sotto_core::dsr::{Channel, RequestKind, RequestStatus, due_at};
use sotto_core::{Pseudonym, RequestId, TenantId};

/// Objections: recorded once, listed per tenant, withdrawn.
pub async fn objections<C: ConversationStore>(store: &C) {
    let (tenant, other_tenant) = (TenantId::random(), TenantId::random());
    let (visitor, other_visitor) = (
        &Pseudonym::from_bytes([7; 32]),
        &Pseudonym::from_bytes([8; 32]),
    );
    assert_eq!(store.objection_since(tenant, visitor).await.unwrap(), None);
    store.record_objection(tenant, visitor, 40).await.unwrap();
    store.record_objection(tenant, visitor, 41).await.unwrap();
    store
        .record_objection(tenant, other_visitor, 42)
        .await
        .unwrap();
    assert_eq!(
        store.objection_since(tenant, visitor).await.unwrap(),
        Some(40),
        "the first objection counts"
    );
    assert_eq!(
        store.objections_of(tenant).await.unwrap(),
        vec![(*visitor, 40), (*other_visitor, 42)]
    );
    assert!(store.objections_of(other_tenant).await.unwrap().is_empty());
    store
        .withdraw_objection(tenant, other_visitor)
        .await
        .unwrap();
    store.withdraw_objection(tenant, visitor).await.unwrap();
    assert!(store.objections_of(tenant).await.unwrap().is_empty());
}

/// Erasure by visitor (across sites), conversation and tenant, each scoped to its tenant, and
/// the request register that records them.
pub async fn erasure_by_subject<C: ConversationStore>(store: &C) {
    let (t1, t2) = (TenantId::random(), TenantId::random());
    let (anna, ben) = (
        Pseudonym::from_bytes([1; 32]),
        Pseudonym::from_bytes([2; 32]),
    );
    visitor_with(store, t1, anna, &[2, 1]).await;
    let bens = visitor_with(store, t1, ben, &[3]).await;
    visitor_with(store, t2, anna, &[1]).await;

    assert_eq!(
        store.count_held(t1, &Subject::Visitor(anna)).await.unwrap(),
        held(2, 3, 1),
        "a visitor's data spans the tenant's sites"
    );
    assert_eq!(
        store
            .count_held(t1, &Subject::Conversation(bens[0]))
            .await
            .unwrap(),
        held(1, 3, 0)
    );
    assert_eq!(
        store.count_held(t1, &Subject::Tenant).await.unwrap(),
        held(3, 6, 2)
    );
    assert_eq!(
        store
            .conversation_ids(t1, &Subject::Visitor(anna))
            .await
            .unwrap()
            .len(),
        2,
        "an erasure finds the conversations whose keys it shreds"
    );
    assert_eq!(
        store
            .conversation_ids(t1, &Subject::Conversation(bens[0]))
            .await
            .unwrap(),
        bens
    );
    assert_eq!(
        store
            .conversation_ids(t1, &Subject::Tenant)
            .await
            .unwrap()
            .len(),
        3
    );

    let request = RequestRecord {
        tenant_id: t1,
        id: RequestId::random(),
        kind: RequestKind::Erasure,
        subject: Subject::Visitor(anna),
        channel: Channel::Widget,
        status: RequestStatus::InProgress,
        received_at: 1_000,
        due_at: due_at(1_000),
        completed_at: None,
        counts: held(2, 3, 1),
        receipt_mac: None,
    };
    store.record_request(&request).await.unwrap();
    assert_eq!(
        store.request(t1, request.id).await.unwrap().as_ref(),
        Some(&request)
    );
    assert_eq!(store.request(t2, request.id).await.unwrap(), None);
    assert_eq!(
        store.unfinished_erasures(t1).await.unwrap(),
        std::slice::from_ref(&request)
    );
    assert!(store.unfinished_erasures(t2).await.unwrap().is_empty());

    assert_eq!(
        store.shred_keys(t1, &Subject::Visitor(anna)).await.unwrap(),
        1
    );
    assert_eq!(store.visitor_key(t1, &anna).await.unwrap(), None);
    assert!(store.visitor_key(t1, &ben).await.unwrap().is_some());
    assert!(store.visitor_key(t2, &anna).await.unwrap().is_some());
    let visitor = Subject::Visitor(anna);
    assert_eq!(store.erase_conversations(t1, &visitor, 1).await.unwrap(), 1);
    assert_eq!(store.erase_conversations(t1, &visitor, 1).await.unwrap(), 1);
    assert_eq!(store.erase_conversations(t1, &visitor, 1).await.unwrap(), 0);
    assert_eq!(store.count_held(t1, &visitor).await.unwrap(), held(0, 0, 0));
    assert_eq!(store.count_held(t2, &visitor).await.unwrap(), held(1, 1, 1));

    assert!(
        store
            .complete_request(t1, request.id, 1_005, b"mac")
            .await
            .unwrap()
    );
    assert!(
        !store
            .complete_request(t1, request.id, 1_009, b"other")
            .await
            .unwrap(),
        "a request is completed once: the first receipt stays"
    );
    let done = store.request(t1, request.id).await.unwrap().unwrap();
    assert_eq!(done.status, RequestStatus::Completed);
    assert_eq!(done.completed_at, Some(1_005));
    assert_eq!(done.receipt_mac.as_deref(), Some(&b"mac"[..]));
    assert!(store.unfinished_erasures(t1).await.unwrap().is_empty());
    assert_eq!(store.requests_of(t1).await.unwrap(), [done]);
    assert!(store.requests_of(t2).await.unwrap().is_empty());

    let one = Subject::Conversation(bens[0]);
    assert_eq!(
        store.shred_keys(t1, &one).await.unwrap(),
        0,
        "a conversation has no key"
    );
    assert_eq!(store.erase_conversations(t2, &one, 10).await.unwrap(), 0);
    assert_eq!(store.erase_conversations(t1, &one, 10).await.unwrap(), 1);
    assert!(store.visitor_key(t1, &ben).await.unwrap().is_some());

    assert_eq!(store.shred_keys(t2, &Subject::Tenant).await.unwrap(), 1);
    assert_eq!(
        store
            .erase_conversations(t2, &Subject::Tenant, 10)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store.count_held(t2, &Subject::Tenant).await.unwrap(),
        held(0, 0, 0)
    );
    assert_eq!(
        store.count_held(t1, &Subject::Tenant).await.unwrap(),
        held(0, 0, 1)
    );
    store.checkpoint().await.expect("checkpoint");
}

/// A request entered by the team is started once (then resumable) and completed once; a
/// visitor who holds nothing is told apart from one who holds something, and their requests
/// are only counted, per tenant.
pub async fn requests_started_once_and_counted<C: ConversationStore>(store: &C) {
    let (t1, t2) = (TenantId::random(), TenantId::random());
    let (anna, ben) = (
        Pseudonym::from_bytes([21; 32]),
        Pseudonym::from_bytes([22; 32]),
    );
    let entered = RequestRecord {
        tenant_id: t1,
        id: RequestId::random(),
        kind: RequestKind::Objection,
        subject: Subject::Visitor(anna),
        channel: Channel::Email,
        status: RequestStatus::Open,
        received_at: 2_000,
        due_at: due_at(2_000),
        completed_at: None,
        counts: held(0, 0, 0),
        receipt_mac: None,
    };
    store.record_request(&entered).await.unwrap();
    assert!(store.unfinished_erasures(t1).await.unwrap().is_empty());
    assert!(
        !store
            .start_request(t2, entered.id, held(1, 2, 1))
            .await
            .unwrap()
    );
    assert!(
        store
            .start_request(t1, entered.id, held(1, 2, 1))
            .await
            .unwrap()
    );
    assert!(
        !store
            .start_request(t1, entered.id, held(0, 0, 0))
            .await
            .unwrap(),
        "started once"
    );
    let started = store.unfinished_erasures(t1).await.unwrap();
    assert_eq!(started.len(), 1, "an objection in progress is resumed");
    assert_eq!(started[0].status, RequestStatus::InProgress);
    assert_eq!(started[0].counts, held(1, 2, 1));

    assert!(!store.holds_anything(t1, &anna).await.unwrap());
    store.record_objection(t1, &anna, 2_001).await.unwrap();
    assert!(
        !store.holds_anything(t1, &anna).await.unwrap(),
        "an objection marker is not data held"
    );
    visitor_with(store, t1, ben, &[]).await;
    assert!(store.holds_anything(t1, &ben).await.unwrap(), "a key");
    assert!(!store.holds_anything(t2, &ben).await.unwrap());
    visitor_with(store, t2, anna, &[1]).await;
    store.shred_keys(t2, &Subject::Visitor(anna)).await.unwrap();
    assert!(
        store.holds_anything(t2, &anna).await.unwrap(),
        "a conversation"
    );

    let counted = |day: i64, kind: RequestKind| UnrecordedRequests {
        site_id: shop(),
        day,
        kind,
        count: 1,
    };
    for request in [
        counted(20_000, RequestKind::Erasure),
        counted(20_001, RequestKind::Erasure),
        counted(20_001, RequestKind::Erasure),
        counted(20_001, RequestKind::Objection),
    ] {
        store.count_unrecorded_request(t1, &request).await.unwrap();
    }
    let counts: Vec<(i64, RequestKind, i64)> = store
        .unrecorded_requests(t1)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.day, c.kind, c.count))
        .collect();
    assert_eq!(
        counts,
        [
            (20_001, RequestKind::Erasure, 2),
            (20_001, RequestKind::Objection, 1),
            (20_000, RequestKind::Erasure, 1),
        ]
    );
    assert!(store.unrecorded_requests(t2).await.unwrap().is_empty());
}
