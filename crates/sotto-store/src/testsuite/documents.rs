//! Documents kept per tenant: settings documents, the published texts of notices and consent
//! questions, and the breach register.

use super::{tenants_with_site, two_tenants};
use crate::{BreachRecord, MainStore, PublishedText, StoreError, TextKind};
use sotto_core::consent::ConsentPurpose;

/// Settings documents are created, replaced and scoped to their tenant; published texts keep
/// every version, refuse a version twice, and are listed in order.
pub async fn settings_and_published_texts<M: MainStore>(store: &M) {
    let (acme, other, site) = tenants_with_site(store).await;
    let (acme, other, site) = (&acme, &other, &site);
    assert_eq!(
        store.settings_document(acme.id, "privacy").await.unwrap(),
        None
    );
    store
        .put_settings_document(acme.id, "privacy", r#"{"dpo":"a"}"#, 10)
        .await
        .unwrap();
    store
        .put_settings_document(acme.id, "privacy", r#"{"dpo":"b"}"#, 11)
        .await
        .unwrap();
    assert_eq!(
        store
            .settings_document(acme.id, "privacy")
            .await
            .unwrap()
            .as_deref(),
        Some(r#"{"dpo":"b"}"#),
        "the second put replaces the first"
    );
    assert_eq!(
        store.settings_document(other.id, "privacy").await.unwrap(),
        None
    );

    let text = |kind: TextKind, version: i64, body: &str| PublishedText {
        tenant_id: acme.id,
        site_id: site.clone(),
        kind,
        language: "en".into(),
        version,
        sha256: vec![version as u8; 32],
        body: body.into(),
        published_at: 20 + version,
    };
    let storage = TextKind::Consent(ConsentPurpose::ConversationStorage);
    let first = text(TextKind::Notice, 1, "notice one");
    let second = text(TextKind::Notice, 2, "notice two");
    let question = text(storage, 1, "may we keep it?");
    for published in [&second, &first, &question] {
        store.publish_text(published).await.unwrap();
    }
    assert!(
        matches!(
            store
                .publish_text(&text(TextKind::Notice, 2, "a rival"))
                .await,
            Err(StoreError::Conflict(_))
        ),
        "a version is published once"
    );
    let mut expected = vec![first, second, question];
    expected.sort_by(|a, b| (a.kind.as_str(), a.version).cmp(&(b.kind.as_str(), b.version)));
    assert_eq!(
        store.published_texts(acme.id, site).await.unwrap(),
        expected
    );
    assert!(
        store
            .published_texts(other.id, site)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Breaches are recorded, replaced by id, listed most recently detected first, per tenant.
pub async fn breaches<M: MainStore>(store: &M) {
    let (acme, other) = two_tenants(store).await;
    let breach = |id: &str, detected_at: i64, closed_at: Option<i64>| BreachRecord {
        tenant_id: acme.id,
        id: id.into(),
        detected_at,
        closed_at,
        updated_at: detected_at + 1,
        body: format!(r#"{{"what":"{id}"}}"#),
    };
    store.put_breach(&breach("older", 100, None)).await.unwrap();
    store.put_breach(&breach("newer", 200, None)).await.unwrap();
    let closed = breach("older", 100, Some(300));
    store.put_breach(&closed).await.unwrap();
    assert_eq!(
        store.breaches_of(acme.id).await.unwrap(),
        vec![breach("newer", 200, None), closed],
        "replaced by id, most recently detected first"
    );
    assert!(store.breaches_of(other.id).await.unwrap().is_empty());
}
