//! Documents kept per tenant: settings documents, the published texts of notices and consent
//! questions, the breach register, and the answers a site's team approved.

use super::{tenants_with_site, two_tenants};
use crate::{ApprovedAnswerRecord, BreachRecord, MainStore, PublishedText, StoreError, TextKind};
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

/// Approved answers are created, replaced, listed oldest first and deleted, each change
/// bumping the site's answers version; a second insert under the same id and an update of a
/// deleted answer change nothing; they are scoped to their tenant and site, refused on a site
/// the tenant does not have, and go with the tenant.
pub async fn approved_answers<M: MainStore>(store: &M) {
    let (acme, other, site) = tenants_with_site(store).await;
    let answer = |id: &str, body: &str, at: i64| ApprovedAnswerRecord {
        tenant_id: acme.id,
        site_id: site.clone(),
        id: id.to_owned(),
        enabled: true,
        body: body.to_owned(),
        created_at: at,
        updated_at: at,
    };
    assert_eq!(answers_version(store, &site).await, 0);
    assert!(
        store
            .insert_approved_answer(&answer("b", "{\"v\":1}", 20))
            .await
            .unwrap()
    );
    assert!(
        store
            .insert_approved_answer(&answer("a", "{\"v\":2}", 10))
            .await
            .unwrap()
    );
    assert!(
        !store
            .insert_approved_answer(&answer("a", "{\"v\":9}", 11))
            .await
            .unwrap(),
        "an id is taken once"
    );
    assert_eq!(answers_version(store, &site).await, 2);
    let mut edited = answer("b", "{\"v\":3}", 99);
    edited.enabled = false;
    edited.updated_at = 30;
    assert!(store.update_approved_answer(&edited).await.unwrap());
    let listed = store.approved_answers(acme.id, &site).await.unwrap();
    assert_eq!(
        listed.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"],
        "oldest first"
    );
    assert_eq!(listed[0].body, "{\"v\":2}");
    assert_eq!(
        (
            listed[1].enabled,
            listed[1].body.as_str(),
            listed[1].created_at,
            listed[1].updated_at
        ),
        (false, "{\"v\":3}", 20, 30),
        "an update replaces all but the creation time"
    );
    assert_eq!(answers_version(store, &site).await, 3);

    let mut foreign = answer("c", "{}", 40);
    foreign.tenant_id = other.id;
    assert!(
        !store.insert_approved_answer(&foreign).await.unwrap(),
        "another tenant's site"
    );
    let mut foreign_edit = answer("a", "{}", 40);
    foreign_edit.tenant_id = other.id;
    assert!(!store.update_approved_answer(&foreign_edit).await.unwrap());
    assert!(
        store
            .approved_answers(other.id, &site)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !store
            .delete_approved_answer(other.id, &site, "a")
            .await
            .unwrap()
    );
    assert_eq!(
        answers_version(store, &site).await,
        3,
        "a refused change bumps nothing"
    );

    assert!(
        store
            .delete_approved_answer(acme.id, &site, "a")
            .await
            .unwrap()
    );
    assert!(
        !store
            .delete_approved_answer(acme.id, &site, "a")
            .await
            .unwrap()
    );
    assert!(
        !store
            .update_approved_answer(&answer("a", "{}", 50))
            .await
            .unwrap(),
        "a deleted answer stays deleted"
    );
    assert_eq!(answers_version(store, &site).await, 4);
    assert_eq!(
        store.approved_answers(acme.id, &site).await.unwrap().len(),
        1
    );

    store.shred_tenant_key(acme.id).await.unwrap();
    store.delete_tenant(acme.id).await.unwrap();
    assert!(
        store
            .approved_answers(acme.id, &site)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn answers_version<M: MainStore>(store: &M, site: &sotto_core::SiteId) -> i64 {
    store.site(site).await.unwrap().unwrap().answers_version
}
