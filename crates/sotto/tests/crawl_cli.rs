//! `sotto crawl` end to end: a site served on loopback by this test is crawled into a site's
//! knowledge (robots-disallowed page left out); on the next crawl the unchanged pages cost one
//! conditional request each (their stored `ETag` answered with `304`) and a page removed from
//! the site leaves; without `[outbound] allow_loopback` the crawl is refused in one line.

mod common;

use common::json_of;
use serde_json::Value;
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

fn sotto(dir: &std::path::Path, config: &str, args: &[&str]) -> Output {
    let config_file = dir.join("sotto.toml");
    std::fs::write(&config_file, config).unwrap();
    Command::new(env!("CARGO_BIN_EXE_sotto"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--config")
        .arg(&config_file)
        .args(args)
        .env_remove("SOTTO_MASTER_KEY")
        .output()
        .expect("the binary runs")
}

async fn page(
    State(offer_live): State<Arc<AtomicBool>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let body = match name.as_str() {
        "robots.txt" => return "User-agent: SottoBot\nDisallow: /internal\n".into_response(),
        "home" => {
            "<h1>Ceramics shop</h1><p>Handmade bowls. <a href=\"/delivery\">Delivery</a> <a href=\"/internal\">Staff</a> <a href=\"/offer\">Offer</a></p>"
        }
        "delivery" => "<h1>Delivery</h1><p>We deliver to Finland in three working days.</p>",
        "internal" => "<h1>Staff only</h1><p>Margins are confidential.</p>",
        "offer" if offer_live.load(Ordering::SeqCst) => "<h1>Offer</h1><p>Winter sale on mugs.</p>",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let etag = format!("\"{name}-{}\"", body.len());
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|sent| sent.as_bytes() == etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        [(header::ETAG, etag)],
        Html(format!(
            "<html lang=\"en\"><body><main>{body}</main></body></html>"
        )),
    )
        .into_response()
}

#[tokio::test(flavor = "multi_thread")]
async fn crawls_a_loopback_site_into_a_sites_knowledge() {
    let offer_live = Arc::new(AtomicBool::new(true));
    let app = Router::new()
        .route(
            "/",
            get(|state, headers| page(state, Path("home".to_owned()), headers)),
        )
        .route("/{name}", get(page))
        .with_state(offer_live.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let allowed = "[outbound]\nallow_loopback = true\n\n[crawl]\nmin_delay_ms = 0\n";
    let path = dir.path().to_owned();
    let run = move |config: &'static str, args: Vec<String>| {
        let path = path.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                sotto(&path, config, &args)
            })
            .await
            .unwrap()
        }
    };
    let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let tenant = json_of(&run(allowed, args(&["tenant", "create", "--name", "Shop"])).await);
    let tenant_id = tenant["tenant_id"].as_str().unwrap();
    let site = json_of(
        &run(
            allowed,
            args(&[
                "site", "create", "--tenant", tenant_id, "--origin", &base, "--id", "shop",
            ]),
        )
        .await,
    );
    assert_eq!(site["site_id"], "shop");

    let report = json_of(&run(allowed, args(&["crawl", "start", "--site", "shop"])).await);
    assert_eq!(
        report["start_url"],
        format!("{base}/"),
        "starts at the origin"
    );
    assert_eq!(report["pages"], 3, "{report}");
    assert_eq!(report["added"], 3);
    assert_eq!(report["disallowed"], 1);
    assert!(report["passages"].as_u64().unwrap() >= 3);

    offer_live.store(false, Ordering::SeqCst);
    let again = json_of(
        &run(
            allowed,
            args(&[
                "crawl",
                "start",
                "--site",
                "shop",
                "--url",
                &format!("{base}/"),
            ]),
        )
        .await,
    );
    assert_eq!(again["removed"], 1, "{again}");
    assert_eq!(again["unchanged"], 2);
    assert_eq!(
        (again["not_modified"].as_u64(), again["pages"].as_u64()),
        (Some(2), Some(0)),
        "unchanged pages are confirmed by their ETag, not downloaded: {again}"
    );
    assert_eq!(again["requests"], 3, "home, delivery and the gone offer");
    assert_eq!(again["failed"], 0);

    let status = json_of(&run(allowed, args(&["crawl", "status", "--site", "shop"])).await);
    assert_eq!(
        (
            &status["state"],
            &status["started_by"],
            &status["report"]["removed"]
        ),
        (
            &Value::from("finished"),
            &Value::from("cli"),
            &Value::from(1)
        ),
        "{status}"
    );

    let refused = run("", args(&["crawl", "start", "--site", "shop"])).await;
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not a public address"), "{stderr}");
}
