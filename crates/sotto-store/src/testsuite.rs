//! The conformance story every backend must pass, written against the traits only. A backend's
//! tests open fresh, empty stores and call [`main_store_story`] and
//! [`conversation_store_story`]; a failing assertion names the broken promise.

use sotto_core::access::TeamRole;
use sotto_core::dsr::{Channel, RequestKind, RequestStatus, due_at};
use sotto_core::lead::LeadPurpose;
use sotto_core::{
    ConversationId, LeadId, MemberId, MessageId, Phase, PhaseCause, Pseudonym, RequestId, SiteId,
    TenantId,
};

use sotto_core::consent::ConsentPurpose;

use crate::{
    ApiKeyRecord, AuditDraft, BreachRecord, ConsentFacts, ConversationRecord, ConversationStore,
    CrawlEnd, CrawlRunRecord, CrawlState, EmailIndex, HeldCounts, ImportMode, Job, KnowledgeChunk,
    KnowledgePage, LeadRecord, MainStore, MemberRecord, MessageRecord, PhaseStep, PublishedText,
    RequestRecord, Role, SessionRecord, SiteRecord, StoreError, Subject, TenantRecord, TextKind,
    TurnRecord,
};

fn tenant(name: &str, created_at: i64) -> TenantRecord {
    TenantRecord {
        id: TenantId::random(),
        name: name.to_owned(),
        wrapped_key: vec![1, 2, 3, 4],
        created_at,
    }
}

fn site(tenant_id: TenantId, id: &str) -> SiteRecord {
    SiteRecord {
        tenant_id,
        id: id.parse().expect("valid site id"),
        origins: vec![
            "https://shop.example".into(),
            "https://www.shop.example".into(),
        ],
        privacy_notice_url: Some("https://shop.example/privacy".into()),
        language: "en".into(),
        retention_days: 30,
        knowledge_version: 0,
        created_at: 100,
    }
}

fn page(url: &str, hash: &str, texts: &[&str]) -> KnowledgePage {
    KnowledgePage {
        url: url.to_owned(),
        title: format!("Title of {url}"),
        language: Some("en".into()),
        content_hash: hash.to_owned(),
        etag: None,
        last_modified: None,
        chunks: texts
            .iter()
            .map(|t| KnowledgeChunk {
                heading: "Heading".into(),
                text: (*t).to_owned(),
            })
            .collect(),
    }
}

/// Tenants, API keys, sites and knowledge round-trip, and site ids are unique.
pub async fn main_store_story<M: MainStore>(store: &M) {
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
    team_story(store, &acme, &acme_again).await;
    let shop = site(acme.id, "shop");
    store.create_site(&shop).await.expect("create site");
    assert_eq!(store.site(&shop.id).await.unwrap(), Some(shop.clone()));
    let duplicate = site(acme_again.id, "shop");
    assert!(matches!(
        store.create_site(&duplicate).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.sites_of(acme.id).await.unwrap(), vec![shop.clone()]);
    assert!(
        store.sites_of(acme_again.id).await.unwrap().is_empty(),
        "the refused duplicate left nothing"
    );
    let unknown: SiteId = "nope".parse().unwrap();
    assert_eq!(store.site(&unknown).await.unwrap(), None);

    assert!(store.set_retention(acme.id, &shop.id, 90).await.unwrap());
    assert_eq!(
        store
            .site(&shop.id)
            .await
            .unwrap()
            .map(|s| s.retention_days),
        Some(90)
    );
    assert!(
        !store
            .set_retention(acme_again.id, &shop.id, 1)
            .await
            .unwrap(),
        "another tenant cannot change the site"
    );
    assert!(!store.set_retention(acme.id, &unknown, 1).await.unwrap());
    store.set_retention(acme.id, &shop.id, 30).await.unwrap();

    let moved = [
        "https://www.shop.example".to_string(),
        "https://shop.example".to_string(),
    ];
    assert!(store.set_origins(acme.id, &shop.id, &moved).await.unwrap());
    let origins_now = || async { store.site(&shop.id).await.unwrap().unwrap().origins };
    assert_eq!(origins_now().await, moved, "replaced, in order");
    assert!(
        !store
            .set_origins(acme_again.id, &shop.id, &["https://evil.example".into()])
            .await
            .unwrap(),
        "another tenant cannot change them"
    );
    assert!(!store.set_origins(acme.id, &unknown, &moved).await.unwrap());
    assert_eq!(origins_now().await, moved);
    assert!(
        store
            .set_origins(acme.id, &shop.id, &shop.origins)
            .await
            .unwrap()
    );

    let first = store
        .upsert_pages(
            acme.id,
            &shop.id,
            &[
                page("https://shop.example/a", "h1", &["alpha one", "alpha two"]),
                page("https://shop.example/b", "h2", &["beta"]),
            ],
            ImportMode::Merge,
        )
        .await
        .expect("first import");
    assert_eq!((first.added, first.updated, first.unchanged), (2, 0, 0));
    assert_eq!(first.knowledge_version, 1);

    let again = store
        .upsert_pages(
            acme.id,
            &shop.id,
            &[page(
                "https://shop.example/a",
                "h1",
                &["alpha one", "alpha two"],
            )],
            ImportMode::Merge,
        )
        .await
        .unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 1));
    assert_eq!(again.knowledge_version, 1, "no change, no new version");

    let changed = store
        .upsert_pages(
            acme.id,
            &shop.id,
            &[page("https://shop.example/b", "h3", &["beta new"])],
            ImportMode::Merge,
        )
        .await
        .unwrap();
    assert_eq!((changed.added, changed.updated), (0, 1));
    assert_eq!(changed.knowledge_version, 2);
    assert_eq!(
        store
            .site(&shop.id)
            .await
            .unwrap()
            .unwrap()
            .knowledge_version,
        2
    );

    let pages = store.pages(acme.id, &shop.id).await.unwrap();
    assert_eq!(pages.len(), 2);
    let a = pages.iter().find(|p| p.url.ends_with("/a")).unwrap();
    assert_eq!(
        a.chunks.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        ["alpha one", "alpha two"]
    );
    let b = pages.iter().find(|p| p.url.ends_with("/b")).unwrap();
    assert_eq!(b.chunks.len(), 1);
    assert_eq!(b.chunks[0].text, "beta new");

    assert!(
        store
            .pages(acme_again.id, &shop.id)
            .await
            .unwrap()
            .is_empty(),
        "another tenant sees no knowledge of this site"
    );

    let final_pages = [
        page("https://shop.example/b", "h3", &["beta new"]),
        page("https://shop.example/c", "h4", &["gamma"]),
    ];
    let replaced = store
        .upsert_pages(acme.id, &shop.id, &final_pages, ImportMode::Replace)
        .await
        .unwrap();
    assert_eq!(
        (
            replaced.added,
            replaced.updated,
            replaced.unchanged,
            replaced.removed
        ),
        (1, 0, 1, 1)
    );
    assert_eq!(replaced.knowledge_version, 3);
    let urls: Vec<String> = store
        .pages(acme.id, &shop.id)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.url)
        .collect();
    assert_eq!(urls.len(), 2);
    assert!(
        !urls.iter().any(|u| u.ends_with("/a")),
        "replace removed page a"
    );
    let same = store
        .upsert_pages(acme.id, &shop.id, &final_pages, ImportMode::Replace)
        .await
        .unwrap();
    assert_eq!(
        (same.removed, same.knowledge_version),
        (0, 3),
        "an identical replace changes nothing"
    );
    validators_story(store, &acme, &shop.id).await;
    crawl_run_story(store, &acme, &acme_again, &shop.id).await;
    privacy_documents_story(store, &acme, &acme_again, &shop.id).await;
    breach_story(store, &acme, &acme_again).await;
    closure_story(store, &acme, &acme_again, &shop.id).await;
}

/// A page's `ETag` and `Last-Modified` are stored, and refreshed even when its content is not.
async fn validators_story<M: MainStore>(store: &M, acme: &TenantRecord, site: &SiteId) {
    let mut validated = page("https://shop.example/c", "h4", &["gamma"]);
    validated.etag = Some("\"v1\"".into());
    validated.last_modified = Some("Tue, 01 Sep 2026 10:00:00 GMT".into());
    let outcome = store
        .upsert_pages(
            acme.id,
            site,
            std::slice::from_ref(&validated),
            ImportMode::Merge,
        )
        .await
        .unwrap();
    assert_eq!(
        (outcome.unchanged, outcome.knowledge_version),
        (1, 3),
        "new validators alone are no knowledge change"
    );
    let stored = store.pages(acme.id, site).await.unwrap();
    let c = stored.iter().find(|p| p.url.ends_with("/c")).unwrap();
    assert_eq!(c.etag.as_deref(), Some("\"v1\""));
    assert_eq!(c.last_modified, validated.last_modified);

    validated.etag = Some("\"v2\"".into());
    validated.last_modified = None;
    validated.content_hash = "h5".into();
    let changed = store
        .upsert_pages(acme.id, site, &[validated], ImportMode::Merge)
        .await
        .unwrap();
    assert_eq!((changed.updated, changed.knowledge_version), (1, 4));
    let stored = store.pages(acme.id, site).await.unwrap();
    let c = stored.iter().find(|p| p.url.ends_with("/c")).unwrap();
    assert_eq!(
        (c.etag.as_deref(), c.last_modified.as_deref()),
        (Some("\"v2\""), None)
    );
}

/// A site's crawl is begun once at a time, reports progress, ends with a report or an error,
/// and is visible to its tenant only; a run left running too long is taken over.
async fn crawl_run_story<M: MainStore>(
    store: &M,
    acme: &TenantRecord,
    other: &TenantRecord,
    site: &SiteId,
) {
    assert_eq!(store.crawl_run(acme.id, site).await.unwrap(), None);
    let start = "https://shop.example/";
    assert!(
        store
            .begin_crawl(acme.id, site, start, "cli", 1_000, 0)
            .await
            .unwrap()
    );
    assert!(
        !store
            .begin_crawl(acme.id, site, start, "api", 1_010, 500)
            .await
            .unwrap(),
        "one crawl of a site at a time"
    );
    assert!(
        !store
            .begin_crawl(other.id, site, start, "api", 1_010, 0)
            .await
            .unwrap(),
        "another tenant cannot crawl the site"
    );
    store
        .record_crawl_progress(acme.id, site, 3, 7)
        .await
        .unwrap();
    let running = store.crawl_run(acme.id, site).await.unwrap().unwrap();
    assert_eq!(
        running,
        CrawlRunRecord {
            start_url: start.into(),
            trigger: "cli".into(),
            state: CrawlState::Running,
            started_at: 1_000,
            finished_at: None,
            pages_done: 3,
            pages_known: 7,
            report: None,
            error: None,
        }
    );
    assert_eq!(store.crawl_run(other.id, site).await.unwrap(), None);
    store
        .finish_crawl(
            acme.id,
            site,
            1_020,
            CrawlEnd::Finished {
                report: "{\"pages\":7}",
            },
        )
        .await
        .unwrap();
    let finished = store.crawl_run(acme.id, site).await.unwrap().unwrap();
    assert_eq!(finished.state, CrawlState::Finished);
    assert_eq!(finished.finished_at, Some(1_020));
    assert_eq!(finished.report.as_deref(), Some("{\"pages\":7}"));

    assert!(
        store
            .begin_crawl(acme.id, site, start, "schedule", 2_000, 0)
            .await
            .unwrap()
    );
    let restarted = store.crawl_run(acme.id, site).await.unwrap().unwrap();
    assert_eq!(
        (
            restarted.trigger.as_str(),
            restarted.pages_done,
            restarted.finished_at,
            restarted.report
        ),
        ("schedule", 0, None, None),
        "a new run starts afresh"
    );
    assert!(
        store
            .begin_crawl(acme.id, site, start, "api", 9_000, 5_000)
            .await
            .unwrap(),
        "a run that started before the stale limit is taken over"
    );
    store
        .finish_crawl(
            acme.id,
            site,
            9_001,
            CrawlEnd::Failed {
                error: "robots.txt unreachable",
            },
        )
        .await
        .unwrap();
    let failed = store.crawl_run(acme.id, site).await.unwrap().unwrap();
    assert_eq!(
        (
            failed.state,
            failed.error.as_deref(),
            failed.trigger.as_str()
        ),
        (CrawlState::Failed, Some("robots.txt unreachable"), "api")
    );
}

/// API keys with roles and revocation, members, and the audit chain, each tenant apart.
async fn team_story<M: MainStore>(store: &M, acme: &TenantRecord, other: &TenantRecord) {
    let agent_key = ApiKeyRecord {
        tenant_id: acme.id,
        key_id: "aaaaaaaaaaaa".into(),
        secret_hash: vec![7; 32],
        role: TeamRole::Agent,
        label: "helpdesk".into(),
        created_at: 12,
        revoked_at: None,
    };
    store.insert_api_key(&agent_key).await.expect("insert key");
    assert!(
        !store
            .revoke_api_key(other.id, "aaaaaaaaaaaa", 13)
            .await
            .unwrap(),
        "another tenant cannot revoke it"
    );
    assert!(
        store
            .revoke_api_key(acme.id, "aaaaaaaaaaaa", 13)
            .await
            .unwrap()
    );
    assert!(
        !store
            .revoke_api_key(acme.id, "aaaaaaaaaaaa", 14)
            .await
            .unwrap(),
        "revoked once"
    );
    let revoked = store.api_key("aaaaaaaaaaaa").await.unwrap().unwrap();
    assert_eq!(revoked.revoked_at, Some(13));
    assert_eq!(revoked.role, TeamRole::Agent);
    assert_eq!(revoked.label, "helpdesk");

    let member = MemberRecord {
        tenant_id: acme.id,
        id: MemberId::random(),
        email: "ana@acme.example".into(),
        display_name: "Ana".into(),
        role: TeamRole::Admin,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        created_at: 15,
    };
    store.insert_member(&member).await.expect("insert member");
    let twin = MemberRecord {
        id: MemberId::random(),
        ..member.clone()
    };
    assert!(
        matches!(
            store.insert_member(&twin).await,
            Err(StoreError::Conflict(_))
        ),
        "an e-mail is unique within a tenant"
    );
    let elsewhere = MemberRecord {
        tenant_id: other.id,
        id: MemberId::random(),
        ..member.clone()
    };
    store
        .insert_member(&elsewhere)
        .await
        .expect("the same e-mail in another tenant");
    assert_eq!(
        store.members_of(acme.id).await.unwrap(),
        vec![member.clone()]
    );
    session_story(store, &member, &elsewhere).await;
    assert!(!store.delete_member(acme.id, elsewhere.id).await.unwrap());
    assert!(store.delete_member(other.id, elsewhere.id).await.unwrap());
    assert!(store.members_of(other.id).await.unwrap().is_empty());
    assert!(
        store
            .session(other.id, "0e1a5e55e55e55e55e55e55e")
            .await
            .unwrap()
            .is_none(),
        "a member's sessions go with them"
    );

    let seal = |seq: i64, previous: &[u8]| {
        let mut mac = seq.to_be_bytes().to_vec();
        mac.extend_from_slice(previous);
        mac
    };
    assert_eq!(store.audit_head(acme.id).await.unwrap(), 0);
    for n in 1..=3 {
        let draft = AuditDraft {
            at: 100 + n,
            actor: "key:0123456789ab".into(),
            action: "conversation.read".into(),
            object: format!("object-{n}"),
        };
        let entry = store.append_audit(acme.id, &draft, &seal).await.unwrap();
        assert_eq!(entry.seq, n);
        assert_eq!(entry.draft, draft);
    }
    let first = store
        .append_audit(
            other.id,
            &AuditDraft {
                at: 1,
                actor: "cli".into(),
                action: "key.create".into(),
                object: "x".into(),
            },
            &seal,
        )
        .await
        .unwrap();
    assert_eq!(first.seq, 1, "each tenant has its own chain");
    assert_eq!(first.mac, seal(1, &[]));
    assert!(matches!(
        store
            .append_audit(TenantId::random(), &first.draft, &seal)
            .await,
        Err(StoreError::UnknownTenant)
    ));
    assert_eq!(store.audit_head(acme.id).await.unwrap(), 3);
    let all = store.audit_entries(acme.id, 0, 100).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        all[2].mac,
        seal(3, &all[1].mac),
        "each MAC chains the one before"
    );
    let page = store.audit_entries(acme.id, 1, 1).await.unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].seq, 2);
    assert!(
        store
            .audit_entries(acme.id, 3, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Settings documents are created, replaced and scoped to their tenant; published texts keep
/// every version, refuse a version twice, and are listed in order.
async fn privacy_documents_story<M: MainStore>(
    store: &M,
    acme: &TenantRecord,
    other: &TenantRecord,
    site: &SiteId,
) {
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
async fn breach_story<M: MainStore>(store: &M, acme: &TenantRecord, other: &TenantRecord) {
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

/// Account closure: the key goes first (the row stays, keyless), then everything of the
/// tenant, and nothing of another tenant.
async fn closure_story<M: MainStore>(
    store: &M,
    closed: &TenantRecord,
    other: &TenantRecord,
    closed_site: &SiteId,
) {
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

fn conversation(
    tenant_id: TenantId,
    site_id: &SiteId,
    pseudonym: Pseudonym,
    at: i64,
) -> ConversationRecord {
    ConversationRecord {
        tenant_id,
        id: ConversationId::random(),
        site_id: site_id.clone(),
        pseudonym,
        phase: Phase::Exploring,
        created_at: at,
        updated_at: at,
    }
}

fn message(seq: i64, role: Role, body: &[u8], page: Option<&[u8]>) -> MessageRecord {
    MessageRecord {
        id: MessageId::random(),
        seq,
        role,
        body: body.to_vec(),
        page_path: page.map(<[u8]>::to_vec),
        created_at: 1000 + seq,
    }
}

/// A conversation of `messages` messages with opaque 300-byte bodies, last active at `at`:
/// bulk data for erasure tests and benchmarks, which never decrypt.
pub fn opaque_turn(
    tenant: TenantId,
    site: &SiteId,
    pseudonym: Pseudonym,
    at: i64,
    messages: i64,
) -> TurnRecord {
    TurnRecord {
        phase_steps: Vec::new(),
        conversation: conversation(tenant, site, pseudonym, at),
        messages: (0..messages)
            .map(|seq| message(seq, Role::Visitor, &[7; 300], None))
            .collect(),
    }
}

/// Sign-in sessions: found with their member only in their tenant, expired ones dropped at
/// the next sign-in, ended by sign-out.
async fn session_story<M: MainStore>(store: &M, member: &MemberRecord, elsewhere: &MemberRecord) {
    let session = SessionRecord {
        tenant_id: member.tenant_id,
        session_id: "5e55105e55105e55105e5510".into(),
        member_id: member.id,
        secret_hash: vec![7; 32],
        created_at: 100,
        expires_at: 200,
    };
    store
        .insert_session(&session)
        .await
        .expect("open a session");
    let (found, signed_in) = store
        .session(member.tenant_id, &session.session_id)
        .await
        .unwrap()
        .expect("the session");
    assert_eq!(found, session);
    assert_eq!(&signed_in, member);
    assert!(
        store
            .session(elsewhere.tenant_id, &session.session_id)
            .await
            .unwrap()
            .is_none(),
        "another tenant sees no session of this one"
    );
    let other_session = SessionRecord {
        tenant_id: elsewhere.tenant_id,
        session_id: "0e1a5e55e55e55e55e55e55e".into(),
        member_id: elsewhere.id,
        created_at: 300,
        expires_at: 400,
        ..session.clone()
    };
    store.insert_session(&other_session).await.unwrap();
    assert!(
        store
            .session(member.tenant_id, &session.session_id)
            .await
            .unwrap()
            .is_some(),
        "a sign-in elsewhere drops only its own tenant's expired sessions"
    );
    let later = SessionRecord {
        session_id: "1a7e5e55105e55105e551010".into(),
        created_at: 250,
        expires_at: 350,
        ..session.clone()
    };
    store.insert_session(&later).await.unwrap();
    assert!(
        store
            .session(member.tenant_id, &session.session_id)
            .await
            .unwrap()
            .is_none(),
        "the expired session was dropped"
    );
    assert!(
        !store
            .delete_session(elsewhere.tenant_id, &later.session_id)
            .await
            .unwrap()
    );
    assert!(
        store
            .delete_session(member.tenant_id, &later.session_id)
            .await
            .unwrap()
    );
    assert!(
        store
            .session(member.tenant_id, &later.session_id)
            .await
            .unwrap()
            .is_none()
    );
}

/// Visitor keys, turns, listings and tenant scoping.
pub async fn conversation_store_story<C: ConversationStore>(store: &C) {
    let (t1, t2) = (TenantId::random(), TenantId::random());
    let site: SiteId = "shop".parse().unwrap();
    let visitor = Pseudonym::from_bytes([7; 32]);
    let other_visitor = Pseudonym::from_bytes([8; 32]);

    assert_eq!(store.visitor_key(t1, &visitor).await.unwrap(), None);
    let stored = store
        .insert_visitor_key(t1, &visitor, b"key-one", 5)
        .await
        .unwrap();
    assert_eq!(stored, b"key-one");
    let kept = store
        .insert_visitor_key(t1, &visitor, b"key-two", 6)
        .await
        .unwrap();
    assert_eq!(kept, b"key-one", "the first stored key wins");
    objection_story(store, t1, t2, &visitor, &other_visitor).await;
    assert_eq!(
        store.visitor_key(t1, &visitor).await.unwrap(),
        Some(b"key-one".to_vec())
    );
    assert_eq!(
        store.visitor_key(t2, &visitor).await.unwrap(),
        None,
        "keys are per tenant"
    );

    let mut older = conversation(t1, &site, visitor, 100);
    store
        .record_turn(&TurnRecord {
            phase_steps: vec![PhaseStep {
                phase: Phase::Exploring,
                cause: PhaseCause::Started,
                at: 100,
            }],
            conversation: older.clone(),
            messages: vec![
                message(0, Role::Visitor, b"q1", Some(b"p")),
                message(1, Role::Assistant, b"a1", None),
            ],
        })
        .await
        .expect("first turn");
    older.phase = Phase::Learning;
    older.updated_at = 150;
    store
        .record_turn(&TurnRecord {
            phase_steps: vec![
                PhaseStep {
                    phase: Phase::Learning,
                    cause: PhaseCause::Answered,
                    at: 150,
                },
                PhaseStep {
                    phase: Phase::Exploring,
                    cause: PhaseCause::Model,
                    at: 150,
                },
            ],
            conversation: older.clone(),
            messages: vec![
                message(2, Role::Visitor, b"q2", None),
                message(3, Role::Agent, b"a2", None),
            ],
        })
        .await
        .expect("second turn");
    let newer = conversation(t1, &site, visitor, 200);
    store
        .record_turn(&TurnRecord {
            phase_steps: Vec::new(),
            conversation: newer.clone(),
            messages: vec![message(0, Role::Visitor, b"q3", None)],
        })
        .await
        .unwrap();
    let foreign = conversation(t1, &site, other_visitor, 300);
    store
        .record_turn(&TurnRecord {
            phase_steps: Vec::new(),
            conversation: foreign.clone(),
            messages: vec![message(0, Role::Visitor, b"x", None)],
        })
        .await
        .unwrap();

    let visitors = store.visitors_of(t1).await.unwrap();
    assert_eq!(visitors.len(), 1);
    assert_eq!(visitors[0].pseudonym, visitor);
    assert_eq!(visitors[0].wrapped_key, b"key-one");
    assert!(store.visitors_of(t2).await.unwrap().is_empty());
    let all_of_t1 = store.conversations_of_tenant(t1).await.unwrap();
    assert_eq!(
        all_of_t1.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![older.id, newer.id, foreign.id],
        "oldest first"
    );
    assert!(store.conversations_of_tenant(t2).await.unwrap().is_empty());
    let read = store
        .conversation(t1, older.id)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(read, older, "phase and updated_at follow the last turn");
    assert_eq!(
        store.conversation(t2, older.id).await.unwrap(),
        None,
        "scoped to the tenant"
    );
    assert_eq!(store.message_count(t1, older.id).await.unwrap(), 4);
    assert_eq!(
        store.phase_steps(t1, older.id).await.unwrap(),
        [
            PhaseStep {
                phase: Phase::Exploring,
                cause: PhaseCause::Started,
                at: 100
            },
            PhaseStep {
                phase: Phase::Learning,
                cause: PhaseCause::Answered,
                at: 150
            },
        ],
        "each phase is entered once, in order"
    );
    assert!(store.phase_steps(t2, older.id).await.unwrap().is_empty());
    assert_eq!(store.message_count(t2, older.id).await.unwrap(), 0);

    let mine = store.conversations_of(t1, &site, &visitor).await.unwrap();
    assert_eq!(
        mine.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![newer.id, older.id]
    );
    assert!(
        store
            .conversations_of(t2, &site, &visitor)
            .await
            .unwrap()
            .is_empty()
    );
    let other_site: SiteId = "other".parse().unwrap();
    assert!(
        store
            .conversations_of(t1, &other_site, &visitor)
            .await
            .unwrap()
            .is_empty()
    );

    let all = store.messages(t1, older.id, 50).await.unwrap();
    assert_eq!(
        all.iter().map(|m| m.body.as_slice()).collect::<Vec<_>>(),
        [b"q1", b"a1", b"q2", b"a2"]
    );
    assert_eq!(all[0].page_path.as_deref(), Some(&b"p"[..]));
    assert_eq!(all[1].role, Role::Assistant);
    assert_eq!(
        all[3].role,
        Role::Agent,
        "a team member's reply keeps its author"
    );
    let last_two = store.messages(t1, older.id, 2).await.unwrap();
    assert_eq!(
        last_two.iter().map(|m| m.seq).collect::<Vec<_>>(),
        [2, 3],
        "the last ones, in order"
    );
    assert!(store.messages(t2, older.id, 50).await.unwrap().is_empty());

    retention_story(store, t1, t2, &site, [older.id, newer.id, foreign.id]).await;
    erasure_story(store).await;
    consent_story(store).await;
    lead_story(store).await;
}

fn lead(
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
    }
}

/// Leads: listed per tenant and visitor, gone with their conversation, their visitor, their
/// address (which reaches every visitor who left it, whole) and their age; a visitor who only
/// left an address is no orphan.
async fn lead_story<C: ConversationStore>(store: &C) {
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

/// Stores a visitor's key and one conversation per entry of `messages_per_conversation`.
async fn visitor_with<C: ConversationStore>(
    store: &C,
    tenant: TenantId,
    pseudonym: Pseudonym,
    messages_per_conversation: &[i64],
) -> Vec<ConversationId> {
    store
        .insert_visitor_key(tenant, &pseudonym, b"wrapped", 10)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (i, count) in messages_per_conversation.iter().enumerate() {
        let site: SiteId = if i % 2 == 0 { "shop" } else { "blog" }.parse().unwrap();
        let record = conversation(tenant, &site, pseudonym, 100 + i as i64);
        ids.push(record.id);
        store
            .record_turn(&TurnRecord {
                phase_steps: Vec::new(),
                conversation: record,
                messages: (0..*count)
                    .map(|seq| message(seq, Role::Visitor, b"sealed", None))
                    .collect(),
            })
            .await
            .unwrap();
    }
    ids
}

fn held(conversations: u64, messages: u64, visitor_keys: u64) -> HeldCounts {
    HeldCounts {
        conversations,
        messages,
        visitor_keys,
    }
}

/// Erasure by visitor (across sites), conversation and tenant, each scoped to its tenant, and
/// the request register that records them.
/// Objections: recorded once, listed per tenant, withdrawn.
async fn objection_story<C: ConversationStore>(
    store: &C,
    tenant: TenantId,
    other_tenant: TenantId,
    visitor: &Pseudonym,
    other_visitor: &Pseudonym,
) {
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

async fn erasure_story<C: ConversationStore>(store: &C) {
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

    store
        .complete_request(t1, request.id, 1_005, b"mac")
        .await
        .unwrap();
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

/// Idle conversations go in batches, scoped to tenant and site; visitors left without any
/// conversation go after them.
async fn retention_story<C: ConversationStore>(
    store: &C,
    t1: TenantId,
    t2: TenantId,
    site: &SiteId,
    [older, newer, foreign]: [ConversationId; 3],
) {
    let other_site: SiteId = "other".parse().unwrap();
    assert_eq!(
        store.count_idle_conversations(t1, site, 250).await.unwrap(),
        HeldCounts {
            conversations: 2,
            messages: 5,
            visitor_keys: 0
        },
        "a dry run counts what a sweep would erase"
    );
    assert_eq!(
        store
            .count_idle_conversations(t2, site, 250)
            .await
            .unwrap()
            .conversations,
        0
    );
    assert_eq!(
        store
            .erase_idle_conversations(t2, site, 1_000, 10)
            .await
            .unwrap(),
        0,
        "another tenant erases nothing"
    );
    assert_eq!(
        store
            .erase_idle_conversations(t1, &other_site, 1_000, 10)
            .await
            .unwrap(),
        0,
        "another site erases nothing"
    );
    assert_eq!(
        store.erase_orphan_visitors(t1, 1_000).await.unwrap(),
        0,
        "a visitor with conversations stays"
    );
    assert_eq!(
        store
            .erase_idle_conversations(t1, site, 250, 1)
            .await
            .unwrap(),
        1,
        "one batch of one"
    );
    assert_eq!(
        store
            .erase_idle_conversations(t1, site, 250, 1)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .erase_idle_conversations(t1, site, 250, 1)
            .await
            .unwrap(),
        0,
        "only conversations idle since before the cut-off"
    );
    for erased in [older, newer] {
        assert_eq!(store.conversation(t1, erased).await.unwrap(), None);
        assert_eq!(store.message_count(t1, erased).await.unwrap(), 0);
    }
    assert!(store.conversation(t1, foreign).await.unwrap().is_some());
    let visitor = Pseudonym::from_bytes([7; 32]);
    assert_eq!(
        store.erase_orphan_visitors(t1, 5).await.unwrap(),
        0,
        "only visitors created before the cut-off"
    );
    assert_eq!(store.erase_orphan_visitors(t1, 6).await.unwrap(), 1);
    assert_eq!(store.visitor_key(t1, &visitor).await.unwrap(), None);
    store.checkpoint().await.expect("checkpoint");
}

/// A job lock is held by one handle at a time, across two handles on the same store (two
/// processes or nodes), and comes back once released.
pub async fn job_lock_story<C: ConversationStore>(first: &C, second: &C) {
    let held = first
        .try_lock_job(Job::RetentionSweep)
        .await
        .unwrap()
        .expect("a free lock is taken");
    assert!(
        second
            .try_lock_job(Job::RetentionSweep)
            .await
            .unwrap()
            .is_none(),
        "another handle cannot take a held lock"
    );
    assert!(
        first
            .try_lock_job(Job::RetentionSweep)
            .await
            .unwrap()
            .is_none(),
        "nor can the holder's own store twice"
    );
    first.unlock_job(held).await.unwrap();
    let taken_over = second
        .try_lock_job(Job::RetentionSweep)
        .await
        .unwrap()
        .expect("a released lock can be taken");
    second.unlock_job(taken_over).await.unwrap();
}

fn consent_facts(
    pseudonym: Pseudonym,
    purpose: ConsentPurpose,
    granted: bool,
    at: i64,
) -> ConsentFacts {
    ConsentFacts {
        site_id: "shop".parse().unwrap(),
        pseudonym,
        purpose,
        granted,
        language: "fr".into(),
        text_version: 3,
        text_sha256: vec![9; 32],
        at,
        salt: vec![at as u8; 16],
    }
}

/// The consent ledger: events get consecutive numbers per tenant and their link from the one
/// before; a visitor's events are listed; forgetting a visitor keeps digests and links; a
/// tenant's ledger goes whole.
async fn consent_story<C: ConversationStore>(store: &C) {
    let (t1, t2) = (TenantId::random(), TenantId::random());
    let (alice, bob) = (
        Pseudonym::from_bytes([21; 32]),
        Pseudonym::from_bytes([22; 32]),
    );
    assert_eq!(store.consent_head(t1).await.unwrap(), 0);
    let linker = |seq: i64, previous: &[u8]| {
        let mut link = previous.to_vec();
        link.push(seq as u8);
        link
    };
    let storage = ConsentPurpose::ConversationStorage;
    let events = [
        (t1, consent_facts(alice, storage, true, 100)),
        (t1, consent_facts(bob, storage, true, 101)),
        (t2, consent_facts(alice, storage, true, 102)),
        (
            t1,
            consent_facts(alice, ConsentPurpose::Marketing, false, 103),
        ),
    ];
    for (tenant, facts) in &events {
        store
            .append_consent(*tenant, facts, &[facts.at as u8], &linker)
            .await
            .unwrap();
    }
    assert_eq!(store.consent_head(t1).await.unwrap(), 3);
    assert_eq!(store.consent_head(t2).await.unwrap(), 1);
    let ledger = store.consent_events(t1, 0, 10).await.unwrap();
    assert_eq!(
        ledger
            .iter()
            .map(|e| (e.seq, e.link.clone()))
            .collect::<Vec<_>>(),
        vec![(1, vec![1]), (2, vec![1, 2]), (3, vec![1, 2, 3])],
        "each link is computed from the one before"
    );
    assert_eq!(ledger[1].facts.as_ref(), Some(&events[1].1));
    assert_eq!(ledger[1].digest, vec![101]);
    assert_eq!(
        store.consent_events(t1, 1, 1).await.unwrap()[0].seq,
        2,
        "paged"
    );
    let of_alice = store.consents_of(t1, &alice).await.unwrap();
    assert_eq!(
        of_alice.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 3],
        "a visitor's events, in this tenant only"
    );
    assert_eq!(store.consents_of(t2, &alice).await.unwrap().len(), 1);

    assert_eq!(
        store
            .forget_consents(t1, &Subject::Visitor(alice))
            .await
            .unwrap(),
        2
    );
    assert!(store.consents_of(t1, &alice).await.unwrap().is_empty());
    let ledger = store.consent_events(t1, 0, 10).await.unwrap();
    assert_eq!(ledger.len(), 3, "forgotten events keep their place");
    assert!(ledger[0].facts.is_none() && ledger[2].facts.is_none());
    assert_eq!(
        (ledger[0].digest.clone(), ledger[2].link.clone()),
        (vec![100], vec![1, 2, 3])
    );
    assert_eq!(ledger[1].facts.as_ref(), Some(&events[1].1), "bob's stays");
    assert_eq!(
        store.consents_of(t2, &alice).await.unwrap().len(),
        1,
        "other tenant"
    );
    let conversation = Subject::Conversation(ConversationId::random());
    assert_eq!(store.forget_consents(t1, &conversation).await.unwrap(), 0);

    let next = store
        .append_consent(
            t1,
            &consent_facts(bob, storage, false, 104),
            &[104],
            &linker,
        )
        .await
        .unwrap();
    assert_eq!((next.seq, next.link), (4, vec![1, 2, 3, 4]));

    store.forget_consents(t1, &Subject::Tenant).await.unwrap();
    assert!(store.consent_events(t1, 0, 10).await.unwrap().is_empty());
    assert_eq!(store.consent_head(t1).await.unwrap(), 0);
    assert_eq!(store.consent_head(t2).await.unwrap(), 1);
}
