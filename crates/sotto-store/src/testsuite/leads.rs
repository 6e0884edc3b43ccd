//! Leads in the conversation store: listed, and gone with what they belong to.

use super::{held, visitor_with};
use crate::{
    ConversationStore, EmailIndex, LeadRecord, RequestRecord, Sealing, StoreError, Subject,
};
use sotto_core::dsr::{Channel, RequestKind, RequestStatus, due_at};
use sotto_core::lead::LeadPurpose;
use sotto_core::{ConversationId, LeadId, Pseudonym, RequestId, TenantId};

/// A lead of `pseudonym` at site `shop`, its address and blind index made of `index`.
pub(super) fn lead(
    tenant_id: TenantId,
    pseudonym: Pseudonym,
    conversation_id: Option<ConversationId>,
    index: u8,
    created_at: i64,
) -> LeadRecord {
    LeadRecord {
        tenant_id,
        id: LeadId::random(),
        site_id: "shop".parse().unwrap(),
        conversation_id,
        pseudonym,
        purpose: LeadPurpose::Contact,
        email: vec![index; 40],
        email_index: EmailIndex([index; 32]),
        created_at,
        sealing: if conversation_id.is_some() {
            Sealing::ConversationKey
        } else {
            Sealing::VisitorKey
        },
    }
}

/// Leads: listed per tenant and visitor, gone with their conversation, their visitor, their
/// address (which reaches every visitor who left it, whole) and their age; a visitor who only
/// left an address is no orphan.
pub async fn leads<C: ConversationStore>(store: &C) {
    let (t1, t2) = (TenantId::random(), TenantId::random());
    let (anna, ben, cleo) = (
        Pseudonym::from_bytes([21; 32]),
        Pseudonym::from_bytes([22; 32]),
        Pseudonym::from_bytes([23; 32]),
    );
    let annas = visitor_with(store, t1, anna, &[2, 1]).await;
    visitor_with(store, t1, ben, &[3]).await;
    let cleos = visitor_with(store, t1, cleo, &[1]).await;
    visitor_with(store, t2, anna, &[1]).await;
    let shared = 5;
    let annas_lead = lead(t1, anna, Some(annas[0]), shared, 300);
    let bens_lead = lead(t1, ben, None, shared, 310);
    let cleos_lead = lead(t1, cleo, Some(cleos[0]), 6, 320);
    for record in [&annas_lead, &bens_lead, &cleos_lead] {
        store.record_lead(record).await.unwrap();
    }
    store
        .record_lead(&lead(t2, anna, None, shared, 330))
        .await
        .unwrap();
    assert_eq!(
        store.leads(t1, None).await.unwrap(),
        [cleos_lead.clone(), bens_lead.clone(), annas_lead.clone()],
        "most recent first"
    );
    assert_eq!(store.leads(t1, Some(&anna)).await.unwrap(), [annas_lead]);
    assert_eq!(store.leads(t2, None).await.unwrap().len(), 1);

    let by_address = Subject::Email(EmailIndex([shared; 32]));
    assert_eq!(
        store.count_held(t1, &by_address).await.unwrap(),
        held(3, 6, 2),
        "an address reaches every visitor who left it, whole"
    );
    let request = RequestRecord {
        tenant_id: t1,
        id: RequestId::random(),
        kind: RequestKind::Erasure,
        subject: by_address,
        channel: Channel::Cli,
        status: RequestStatus::InProgress,
        received_at: 2_000,
        due_at: due_at(2_000),
        completed_at: None,
        counts: held(3, 6, 2),
        receipt_mac: None,
    };
    store.record_request(&request).await.unwrap();
    assert_eq!(
        store.request(t1, request.id).await.unwrap(),
        Some(request),
        "the register keeps the blind index, nothing more"
    );
    assert_eq!(store.shred_keys(t1, &by_address).await.unwrap(), 2);
    assert_eq!(
        store.erase_conversations(t1, &by_address, 2).await.unwrap(),
        2
    );
    assert_eq!(
        store.count_held(t1, &by_address).await.unwrap(),
        held(1, 3, 0),
        "an interrupted erasure still finds its visitors through their leads"
    );
    assert_eq!(
        store.erase_conversations(t1, &by_address, 2).await.unwrap(),
        1
    );
    assert_eq!(store.erase_leads(t1, &by_address).await.unwrap(), 2);
    assert_eq!(
        store.conversations_of_tenant(t1).await.unwrap().len(),
        1,
        "only cleo's conversation is left"
    );
    assert_eq!(
        store.leads(t1, None).await.unwrap(),
        std::slice::from_ref(&cleos_lead)
    );
    assert_eq!(store.leads(t2, None).await.unwrap().len(), 1, "scoped");

    assert_eq!(
        store.erase_orphan_visitors(t1, 1_000).await.unwrap(),
        0,
        "cleo has a conversation and a lead"
    );
    let cleos_conversation = Subject::Conversation(cleos[0]);
    store
        .erase_conversations(t1, &cleos_conversation, 10)
        .await
        .unwrap();
    assert_eq!(
        store.erase_orphan_visitors(t1, 1_000).await.unwrap(),
        0,
        "a visitor with a lead is no orphan"
    );
    assert_eq!(
        store
            .erase_old_leads(t1, &"blog".parse().unwrap(), 1_000)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .erase_old_leads(t1, &"shop".parse().unwrap(), 320)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .erase_old_leads(t1, &"shop".parse().unwrap(), 321)
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.erase_orphan_visitors(t1, 1_000).await.unwrap(), 1);

    let again = lead(t1, cleo, Some(cleos[0]), 7, 400);
    store.record_lead(&again).await.unwrap();
    assert!(
        matches!(
            store.record_lead(&again).await,
            Err(StoreError::Conflict(_))
        ),
        "a lead is stored once"
    );
    assert_eq!(store.erase_leads(t1, &cleos_conversation).await.unwrap(), 1);
    assert_eq!(store.erase_leads(t2, &Subject::Tenant).await.unwrap(), 1);
    assert!(store.leads(t2, None).await.unwrap().is_empty());
}
