//! Documents kept per tenant: settings documents, the published texts of notices and consent
//! questions, the breach register, the answers a site's team approved, and a site's answer
//! tests with their runs.

use super::{tenants_with_site, two_tenants};
use crate::{
    ApprovedAnswerRecord, BreachRecord, MainStore, PublishedText, SiteTestRecord,
    SiteTestRunRecord, StoreError, TextKind,
};
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

/// A site's answer tests are written once per id, replaced and deleted by their tenant only,
/// listed oldest first; runs come back newest first and only the newest few are kept.
pub async fn site_tests<M: MainStore>(store: &M) {
    let (acme, other, site) = tenants_with_site(store).await;
    let test = |tenant, id: &str, body: &str, at: i64| SiteTestRecord {
        tenant_id: tenant,
        site_id: site.clone(),
        id: id.to_owned(),
        body: body.to_owned(),
        created_at: at,
        updated_at: at,
    };
    assert!(
        store
            .insert_site_test(&test(acme.id, "b", "{\"v\":1}", 20))
            .await
            .unwrap()
    );
    assert!(
        store
            .insert_site_test(&test(acme.id, "a", "{\"v\":2}", 10))
            .await
            .unwrap()
    );
    assert!(
        !store
            .insert_site_test(&test(acme.id, "a", "{\"v\":9}", 11))
            .await
            .unwrap(),
        "an id is taken once"
    );
    assert!(
        !store
            .insert_site_test(&test(other.id, "c", "{}", 12))
            .await
            .unwrap(),
        "only on a site of the tenant"
    );
    let listed = store.site_tests(acme.id, &site).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|t| (t.id.as_str(), t.body.as_str()))
            .collect::<Vec<_>>(),
        [("a", "{\"v\":2}"), ("b", "{\"v\":1}")],
        "oldest first"
    );
    assert!(store.site_tests(other.id, &site).await.unwrap().is_empty());
    let mut changed = test(acme.id, "a", "{\"v\":3}", 10);
    changed.updated_at = 30;
    assert!(store.update_site_test(&changed).await.unwrap());
    assert!(
        !store
            .update_site_test(&SiteTestRecord {
                tenant_id: other.id,
                ..changed.clone()
            })
            .await
            .unwrap()
    );
    let a = store.site_tests(acme.id, &site).await.unwrap().remove(0);
    assert_eq!(
        (a.body.as_str(), a.created_at, a.updated_at),
        ("{\"v\":3}", 10, 30)
    );
    assert!(!store.delete_site_test(other.id, &site, "a").await.unwrap());
    assert!(store.delete_site_test(acme.id, &site, "a").await.unwrap());
    assert!(!store.delete_site_test(acme.id, &site, "a").await.unwrap());
    assert!(
        !store.update_site_test(&changed).await.unwrap(),
        "a deleted test stays deleted"
    );

    let run = |tenant, id: &str, at: i64| SiteTestRunRecord {
        tenant_id: tenant,
        site_id: site.clone(),
        id: id.to_owned(),
        ran_at: at,
        body: format!("{{\"at\":{at}}}"),
    };
    for (id, at) in [("r1", 100), ("r2", 200), ("r3", 300)] {
        assert!(
            store
                .record_site_test_run(&run(acme.id, id, at), 2)
                .await
                .unwrap()
        );
    }
    assert!(
        !store
            .record_site_test_run(&run(other.id, "r9", 400), 2)
            .await
            .unwrap()
    );
    let runs = store.site_test_runs(acme.id, &site, 10).await.unwrap();
    assert_eq!(
        runs.iter()
            .map(|r| (r.id.as_str(), r.ran_at))
            .collect::<Vec<_>>(),
        [("r3", 300), ("r2", 200)],
        "newest first, the two newest kept"
    );
    assert_eq!(
        store.site_test_runs(acme.id, &site, 1).await.unwrap().len(),
        1
    );
    assert!(
        store
            .site_test_runs(other.id, &site, 10)
            .await
            .unwrap()
            .is_empty()
    );
}
