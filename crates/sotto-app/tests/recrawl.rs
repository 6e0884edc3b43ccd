//! The scheduled recrawl: a site crawled before is crawled again, from the same URL and as
//! Sotto itself, once its last crawl is older than the interval, and picks up what changed.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use sotto_app::team::access::Actor;
use sotto_app::{Config, SqliteSotto};

async fn home(State(changed): State<Arc<AtomicBool>>) -> Html<&'static str> {
    Html(if changed.load(Ordering::SeqCst) {
        "<html lang=\"en\"><main><h1>Opening hours</h1><p>The studio opens on Sundays from noon.</p></main></html>"
    } else {
        "<html lang=\"en\"><main><h1>Opening hours</h1><p>The studio is closed on Sundays.</p></main></html>"
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_site_is_recrawled_once_its_last_crawl_is_older_than_the_interval() {
    let changed = Arc::new(AtomicBool::new(false));
    let app = Router::new()
        .route("/", get(home))
        .with_state(changed.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let mut config = Config {
        data_dir: dir.path().join("data"),
        ..Config::default()
    };
    config.outbound.allow_loopback = true;
    config.crawl.min_delay_ms = 0;
    let sotto = SqliteSotto::open(&config).await.unwrap();
    let tenant = sotto.create_tenant("Studio").await.unwrap();
    let site = sotto
        .create_site(
            sotto_app::tenancy::sites::NewSite {
                tenant: tenant.tenant_id,
                id: Some("studio".parse().unwrap()),
                origins: vec![base.clone()],
                privacy_notice_url: None,
                language: None,
                retention_days: None,
            },
            &Actor::Cli,
        )
        .await
        .unwrap();
    let start = format!("{base}/");
    let first = sotto
        .crawl_site(&site.site_id, &start, &Actor::Cli, |_, _| {})
        .await
        .unwrap();
    assert_eq!(first.added, 1);

    let day = Duration::from_secs(24 * 3600);
    let now = sotto_core::now();
    changed.store(true, Ordering::SeqCst);
    assert_eq!(
        sotto.recrawl_due(now + 3600, day).await.unwrap(),
        0,
        "not due an hour later"
    );
    assert_eq!(
        sotto.recrawl_due(now + 25 * 3600, day).await.unwrap(),
        1,
        "due a day later"
    );
    let status = sotto.crawl_status_of(&site.site_id).await.unwrap();
    assert_eq!(
        (
            status.state.as_str(),
            status.started_by.as_str(),
            status.start_url.as_str()
        ),
        ("finished", "system", start.as_str())
    );
    assert_eq!(
        status.report.map(|report| report.updated),
        Some(1),
        "the changed page was refetched"
    );
}
