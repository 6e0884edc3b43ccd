//! Tenants: created, found by id and name, their personal-data settings and API keys; and
//! closing an account, which takes everything of the tenant and nothing of another.

use super::{page, site, tenant, tenants_with_site};
use crate::{
    ApiKeyRecord, AuditDraft, BreachRecord, ImportMode, MainStore, MemberRecord, PublishedText,
    TenantRecord, TextKind,
};
use sotto_core::access::TeamRole;
use sotto_core::{MemberId, SiteId, TenantId};

/// Tenants (names need not be unique, oldest first), their personal-data settings (per tenant,
/// `{}` until set) and API keys round-trip.
pub async fn tenants_and_api_keys<M: MainStore>(store: &M) {
    let acme = tenant("Acme", 10);
    store.create_tenant(&acme).await.expect("create tenant");
    let acme_again = tenant("Acme", 20);
    store
        .create_tenant(&acme_again)
        .await
        .expect("names are not unique");
    assert_eq!(store.tenant(acme.id).await.unwrap(), Some(acme.clone()));
    assert_eq!(store.tenant(TenantId::random()).await.unwrap(), None);
    let named = store.tenants_named("Acme").await.unwrap();
    assert_eq!(
        named,
        vec![acme.clone(), acme_again.clone()],
        "oldest first"
    );
    assert!(store.tenants_named("Nobody").await.unwrap().is_empty());

    assert_eq!(
        store.pii_settings(acme.id).await.unwrap().as_deref(),
        Some("{}"),
        "no settings until the tenant sets them"
    );
    assert!(
        store
            .set_pii_settings(acme.id, r#"{"terms":["x"]}"#)
            .await
            .unwrap()
    );
    assert_eq!(
        store.pii_settings(acme.id).await.unwrap().as_deref(),
        Some(r#"{"terms":["x"]}"#)
    );
    assert_eq!(
        store.pii_settings(acme_again.id).await.unwrap().as_deref(),
        Some("{}"),
        "settings are per tenant"
    );
    assert_eq!(store.pii_settings(TenantId::random()).await.unwrap(), None);
    assert!(
        !store
            .set_pii_settings(TenantId::random(), "{}")
            .await
            .unwrap()
    );

    let key = ApiKeyRecord {
        tenant_id: acme.id,
        key_id: "0123456789ab".into(),
        secret_hash: vec![9; 32],
        role: TeamRole::Owner,
        label: "first".into(),
        created_at: 11,
        revoked_at: None,
    };
    store.insert_api_key(&key).await.expect("insert key");
    assert_eq!(store.api_key("0123456789ab").await.unwrap(), Some(key));
    assert_eq!(store.api_key("ffffffffffff").await.unwrap(), None);

    assert_eq!(
        store.tenants().await.unwrap(),
        vec![acme.clone(), acme_again.clone()]
    );
    assert_eq!(store.api_keys_of(acme.id).await.unwrap().len(), 1);
    assert!(store.api_keys_of(acme_again.id).await.unwrap().is_empty());
}

/// Account closure: the key goes first (the row stays, keyless), then everything of the
/// tenant, and nothing of another tenant.
pub async fn tenant_closure<M: MainStore>(store: &M) {
    let (closed, other, closed_site) = populated_tenant(store).await;
    let (closed, other, closed_site) = (&closed, &other, &closed_site);
    let kept = site(other.id, "kept");
    store.create_site(&kept).await.expect("create site");
    assert!(store.shred_tenant_key(closed.id).await.unwrap());
    assert!(!store.shred_tenant_key(TenantId::random()).await.unwrap());
    let keyless = store.tenant(closed.id).await.unwrap().unwrap();
    assert!(
        keyless.wrapped_key.is_empty(),
        "the wrapped key is destroyed"
    );
    store.delete_tenant(closed.id).await.unwrap();
    assert_eq!(store.tenant(closed.id).await.unwrap(), None);
    assert_eq!(store.site(closed_site).await.unwrap(), None);
    assert!(store.sites_of(closed.id).await.unwrap().is_empty());
    assert!(
        store
            .pages(closed.id, closed_site)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.api_keys_of(closed.id).await.unwrap().is_empty());
    assert!(store.members_of(closed.id).await.unwrap().is_empty());
    assert_eq!(store.crawl_run(closed.id, closed_site).await.unwrap(), None);
    assert_eq!(
        store.settings_document(closed.id, "privacy").await.unwrap(),
        None
    );
    assert!(store.breaches_of(closed.id).await.unwrap().is_empty());
    assert!(
        store
            .published_texts(closed.id, closed_site)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .audit_entries(closed.id, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.api_key("0123456789ab").await.unwrap(), None);
    assert_eq!(
        store.audit_entries(other.id, 0, 10).await.unwrap().len(),
        1,
        "another tenant's audit log stays"
    );
    assert_eq!(
        store.tenant(other.id).await.unwrap().as_ref(),
        Some(other),
        "another tenant stays"
    );
    assert_eq!(
        store.site(&kept.id).await.unwrap().as_ref(),
        Some(&kept),
        "with its site"
    );
    store.delete_tenant(closed.id).await.expect("idempotent");
    store.checkpoint().await.expect("checkpoint");
}

/// A tenant with a row in every table a closure must empty (a site with a page, an API key, a
/// member, a crawl run, a settings document, a breach, a published text and an audit entry),
/// and another tenant with one audit entry.
async fn populated_tenant<M: MainStore>(store: &M) -> (TenantRecord, TenantRecord, SiteId) {
    let (closed, other, site) = tenants_with_site(store).await;
    store
        .upsert_pages(
            closed.id,
            &site,
            &[page("https://shop.example/a", "h1", &["alpha"])],
            ImportMode::Merge,
        )
        .await
        .unwrap();
    store
        .insert_api_key(&ApiKeyRecord {
            tenant_id: closed.id,
            key_id: "0123456789ab".into(),
            secret_hash: vec![9; 32],
            role: TeamRole::Owner,
            label: "first".into(),
            created_at: 11,
            revoked_at: None,
        })
        .await
        .unwrap();
    store
        .insert_member(&MemberRecord {
            tenant_id: closed.id,
            id: MemberId::random(),
            email: "ana@acme.example".into(),
            display_name: "Ana".into(),
            role: TeamRole::Admin,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            created_at: 15,
            must_change_password: false,
        })
        .await
        .unwrap();
    assert!(
        store
            .begin_crawl(closed.id, &site, "https://shop.example/", "cli", 1_000, 0)
            .await
            .unwrap()
    );
    store
        .put_settings_document(closed.id, "privacy", "{}", 10)
        .await
        .unwrap();
    store
        .put_breach(&BreachRecord {
            tenant_id: closed.id,
            id: "b1".into(),
            detected_at: 100,
            closed_at: None,
            updated_at: 101,
            body: "{}".into(),
        })
        .await
        .unwrap();
    store
        .publish_text(&PublishedText {
            tenant_id: closed.id,
            site_id: site.clone(),
            kind: TextKind::Notice,
            language: "en".into(),
            version: 1,
            sha256: vec![1; 32],
            body: "notice".into(),
            published_at: 21,
        })
        .await
        .unwrap();
    let seal = |_: i64, _: &[u8]| vec![1];
    for tenant in [closed.id, other.id] {
        let draft = AuditDraft {
            at: 1,
            actor: "cli".into(),
            action: "key.create".into(),
            object: "x".into(),
        };
        store.append_audit(tenant, &draft, &seal).await.unwrap();
    }
    (closed, other, site)
}
