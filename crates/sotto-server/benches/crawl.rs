//! Crawl-and-index speed: a Sotto server serves the demo website on loopback; another
//! installation crawls it (robots.txt, sitemap, links, extraction, store, index) into a fresh
//! site, then recrawls it (every page unchanged: read, hashed, skipped). The demo website
//! has no sitemap and its navigation links only some of its pages: the crawl finds those. No politeness delay,
//! two requests in flight, so the figure is the crawler's own cost, not a site's patience.
//!
//! `cargo bench -p sotto-server --bench crawl`. Environment: `SOTTO_BENCH_ROUNDS` (default 5;
//! each round crawls into a new site).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use common::TestServer;
use sotto_app::team::access::Actor;
use sotto_app::tenancy::sites::NewSite;
use sotto_app::{Config, SqliteSotto};

fn rounds() -> usize {
    std::env::var("SOTTO_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

#[tokio::main]
async fn main() {
    let website = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config {
        data_dir: dir.path().join("data"),
        ..Config::default()
    };
    config.outbound.allow_loopback = true;
    config.crawl.min_delay_ms = 0;
    let sotto = SqliteSotto::open(&config).await.unwrap();
    let tenant = sotto.create_tenant("Bench").await.unwrap().tenant_id;
    let start = website.url("/demo/");

    let (mut first, mut again) = (Vec::new(), Vec::new());
    let mut pages = 0;
    for round in 0..rounds() {
        let site = sotto
            .create_site(
                NewSite {
                    tenant,
                    id: Some(format!("crawl-{round}").parse().unwrap()),
                    origins: vec![website.base.clone()],
                    privacy_notice_url: None,
                    language: None,
                    retention_days: None,
                },
                &Actor::Cli,
            )
            .await
            .unwrap()
            .site_id;
        let started = Instant::now();
        let report = sotto
            .crawl_site(&site, &start, &Actor::Cli, |_, _| {})
            .await
            .unwrap();
        first.push(report.pages as f64 / started.elapsed().as_secs_f64());
        pages = report.pages;
        assert!(pages > 1 && report.failed == 0, "{report:?}");

        let started = Instant::now();
        let report = sotto
            .crawl_site(&site, &start, &Actor::Cli, |_, _| {})
            .await
            .unwrap();
        assert_eq!(report.unchanged, pages, "{report:?}");
        again.push(report.pages as f64 / started.elapsed().as_secs_f64());
    }
    let best = |rates: &[f64]| rates.iter().copied().fold(0.0, f64::max);
    let median = |rates: &[f64]| {
        let mut sorted = rates.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted[sorted.len() / 2]
    };
    println!("demo website: {pages} pages, {} rounds", first.len());
    println!(
        "first crawl (fetch, extract, store, index): median {:.0} pages/s, best {:.0}",
        median(&first),
        best(&first)
    );
    println!(
        "recrawl (every page unchanged):             median {:.0} pages/s, best {:.0}",
        median(&again),
        best(&again)
    );
    println!(
        "recrawl / first crawl: {:.2}",
        median(&again) / median(&first)
    );
}
