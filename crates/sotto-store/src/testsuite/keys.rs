//! The key store: conversation keys stored once per conversation and tenant, shredded by
//! conversation or by tenant, and paged through for the sweep of keys whose conversation is
//! gone.

use crate::{ConversationKeyRecord, KeyStore, KeysToShred};
use sotto_core::{ConversationId, TenantId};

fn key(
    tenant_id: TenantId,
    conversation_id: ConversationId,
    byte: u8,
    at: i64,
) -> ConversationKeyRecord {
    ConversationKeyRecord {
        tenant_id,
        conversation_id,
        wrapped_key: vec![byte; 72],
        created_at: at,
    }
}

/// A conversation's key is stored once (the first wins), read back per tenant only.
pub async fn conversation_keys<K: KeyStore>(store: &K) {
    let (t1, t2) = (TenantId::random(), TenantId::random());
    let conversation = ConversationId::random();
    assert_eq!(
        store.conversation_key(t1, conversation).await.unwrap(),
        None
    );
    let first = store
        .insert_conversation_key(&key(t1, conversation, 1, 10))
        .await
        .unwrap();
    assert_eq!(first, vec![1; 72]);
    let again = store
        .insert_conversation_key(&key(t1, conversation, 2, 11))
        .await
        .unwrap();
    assert_eq!(
        again,
        vec![1; 72],
        "two turns starting one conversation agree"
    );
    assert_eq!(
        store.conversation_key(t1, conversation).await.unwrap(),
        Some(vec![1; 72])
    );
    assert_eq!(
        store.conversation_key(t2, conversation).await.unwrap(),
        None,
        "another tenant sees nothing"
    );
    store
        .insert_conversation_key(&key(t2, conversation, 3, 10))
        .await
        .unwrap();
    assert_eq!(
        store.conversation_key(t1, conversation).await.unwrap(),
        Some(vec![1; 72]),
        "the same id under another tenant is another key"
    );
}

/// Shredding by conversation takes those keys only, by tenant every key of the tenant; pages
/// walk a tenant's keys older than a cut-off in order.
pub async fn shredding<K: KeyStore>(store: &K) {
    let (t1, t2) = (TenantId::random(), TenantId::random());
    let mut ids: Vec<ConversationId> = (0..5).map(|_| ConversationId::random()).collect();
    ids.sort_by_key(|id| id.to_string());
    for (i, id) in ids.iter().enumerate() {
        store
            .insert_conversation_key(&key(t1, *id, 1, 100 + i as i64))
            .await
            .unwrap();
    }
    store
        .insert_conversation_key(&key(t2, ids[0], 9, 100))
        .await
        .unwrap();

    let page = store.keys_page(t1, 103, None, 2).await.unwrap();
    assert_eq!(
        page.iter().map(|k| k.conversation_id).collect::<Vec<_>>(),
        ids[..2]
    );
    let rest = store.keys_page(t1, 103, Some(ids[1]), 2).await.unwrap();
    assert_eq!(
        rest.iter().map(|k| k.conversation_id).collect::<Vec<_>>(),
        ids[2..3],
        "only keys made before the cut-off"
    );
    assert_eq!(rest[0].wrapped_key, vec![1; 72]);

    assert_eq!(
        store
            .shred(t1, KeysToShred::Conversations(&ids[..2]))
            .await
            .unwrap(),
        2
    );
    assert_eq!(store.conversation_key(t1, ids[0]).await.unwrap(), None);
    assert!(store.conversation_key(t1, ids[2]).await.unwrap().is_some());
    assert!(
        store.conversation_key(t2, ids[0]).await.unwrap().is_some(),
        "another tenant's key of the same id stays"
    );
    assert_eq!(
        store
            .shred(t1, KeysToShred::Conversations(&[]))
            .await
            .unwrap(),
        0
    );
    assert_eq!(store.shred(t1, KeysToShred::Tenant).await.unwrap(), 3);
    assert!(
        store
            .keys_page(t1, i64::MAX, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.keys_page(t2, i64::MAX, None, 10).await.unwrap().len(),
        1
    );
}
