//! Sites and their knowledge: site ids unique across tenants, retention and allowed origins
//! changed by their tenant only, pages imported (merge and replace) with their validators,
//! the versions of pages kept when they change, and crawl runs.

use super::{page, site, tenants_with_site, two_tenants};
use crate::{
    CrawlEnd, CrawlRunRecord, CrawlState, ImportMode, MainStore, PageVersionRecord, StoreError,
    TenantRecord,
};
use sotto_core::SiteId;

/// Sites are unique across tenants; retention and origins are changed by their tenant only.
pub async fn sites_and_origins<M: MainStore>(store: &M) {
    let (acme, acme_again) = two_tenants(store).await;
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
}

/// Pages are merged and replaced with a new knowledge version only when something changed;
/// their chunks come back in order and only to their tenant.
pub async fn knowledge_pages<M: MainStore>(store: &M) {
    let (acme, acme_again, shop) = tenants_with_site(store).await;
    let shop = store.site(&shop).await.unwrap().unwrap();
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
}

/// A page changed or removed is kept as a version with its text, its storage time and when
/// it was superseded, readable by its tenant only; a copy keeps the storage time given; the
/// versions are copied between stores and pruned by the time they were superseded.
pub async fn page_versions<M: MainStore>(store: &M) {
    let (acme, other, shop) = tenants_with_site(store).await;
    let (acme, other, shop) = (&acme, &other, &shop);
    let mut first = page(
        "https://shop.example/a",
        "h1",
        &["price 10 euros", "open daily"],
    );
    first.stored_at = Some(1_000);
    let b = page("https://shop.example/b", "hb", &["beta"]);
    store
        .upsert_pages(
            acme.id,
            shop,
            &[first.clone(), b.clone()],
            ImportMode::Merge,
        )
        .await
        .unwrap();
    let stored = store.pages(acme.id, shop).await.unwrap();
    assert_eq!(
        stored[0].stored_at,
        Some(1_000),
        "a given storage time is kept"
    );
    let b_stored_at = stored[1].stored_at.expect("a new page is stamped");
    let version = |tenant, url: &'static str, digest: &'static str| async move {
        store.page_version(tenant, shop, url, digest).await.unwrap()
    };
    let current = version(acme.id, "https://shop.example/a", "h1")
        .await
        .unwrap();
    assert_eq!((current.stored_at, current.superseded_at), (1_000, None));
    assert_eq!(current.chunks.len(), 2);
    assert_eq!(version(acme.id, "https://shop.example/a", "h9").await, None);

    let changed = page("https://shop.example/a", "h2", &["price 12 euros"]);
    store
        .upsert_pages(acme.id, shop, &[changed], ImportMode::Merge)
        .await
        .unwrap();
    let old = version(acme.id, "https://shop.example/a", "h1")
        .await
        .expect("the replaced text is kept");
    assert_eq!(old.stored_at, 1_000);
    assert!(old.superseded_at.is_some());
    assert_eq!(
        old.chunks
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>(),
        ["price 10 euros", "open daily"],
        "the old text, in order"
    );
    assert_eq!(old.title, first.title);
    let new = version(acme.id, "https://shop.example/a", "h2")
        .await
        .unwrap();
    assert_eq!((new.superseded_at, new.chunks.len()), (None, 1));
    assert_eq!(
        version(other.id, "https://shop.example/a", "h1").await,
        None,
        "another tenant reads no version"
    );

    store
        .upsert_pages(
            acme.id,
            shop,
            &[page("https://shop.example/a", "h2", &["price 12 euros"])],
            ImportMode::Replace,
        )
        .await
        .unwrap();
    let removed = version(acme.id, "https://shop.example/b", "hb")
        .await
        .expect("a removed page is kept as a version");
    assert_eq!(removed.stored_at, b_stored_at);
    assert!(
        store
            .superseded_page_versions(other.id, shop)
            .await
            .unwrap()
            .is_empty()
    );
    let kept = store.superseded_page_versions(acme.id, shop).await.unwrap();
    assert_eq!(
        kept.iter()
            .map(|v| (v.url.as_str(), v.digest.as_str()))
            .collect::<Vec<_>>(),
        [
            ("https://shop.example/a", "h1"),
            ("https://shop.example/b", "hb")
        ]
    );

    assert_eq!(
        store
            .prune_page_versions(other.id, shop, i64::MAX)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store.prune_page_versions(acme.id, shop, 0).await.unwrap(),
        0,
        "none older"
    );
    assert_eq!(
        store
            .prune_page_versions(acme.id, shop, i64::MAX)
            .await
            .unwrap(),
        2
    );
    assert_eq!(version(acme.id, "https://shop.example/a", "h1").await, None);
    assert!(
        version(acme.id, "https://shop.example/a", "h2")
            .await
            .is_some(),
        "the current page stays"
    );

    let copied = PageVersionRecord {
        superseded_at: Some(2_000),
        ..kept[0].clone()
    };
    store
        .keep_page_versions(acme.id, shop, std::slice::from_ref(&copied))
        .await
        .unwrap();
    store
        .keep_page_versions(acme.id, shop, std::slice::from_ref(&copied))
        .await
        .unwrap();
    assert_eq!(
        store.superseded_page_versions(acme.id, shop).await.unwrap(),
        [copied],
        "a copied version comes back as given, once"
    );
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
pub async fn crawl_runs<M: MainStore>(store: &M) {
    let (acme, other, site) = tenants_with_site(store).await;
    let (acme, other, site) = (&acme, &other, &site);
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
