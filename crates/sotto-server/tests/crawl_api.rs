//! Crawling through the admin API, against a site this test serves on loopback: the crawl runs
//! in the background, its status shows it running (a second start is a conflict), then
//! finished with its report; visitors' answers cite the crawled pages at once; a page that
//! changes is refetched on the next crawl while the unchanged one costs a `304`, and an answer
//! given before keeps citing the version it read, whose text the team still opens, and an
//! answer test of the old text turns red after the crawl, naming the changed page; the start
//! is audited.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use common::TestServer;
use reqwest::Client;
use serde_json::{Value, json};
use tokio::sync::watch;

/// The test site: robots.txt, a home page, a delivery page that changes when `changed` is set,
/// and a disallowed staff page. Every page waits until `open` is true.
#[derive(Clone)]
struct Site {
    open: watch::Receiver<bool>,
    changed: Arc<AtomicBool>,
}

async fn page(State(site): State<Site>, Path(name): Path<String>, headers: HeaderMap) -> Response {
    let mut open = site.open.clone();
    open.wait_for(|open| *open).await.unwrap();
    let body = match name.as_str() {
        "robots.txt" => return "User-agent: *\nDisallow: /staff\n".into_response(),
        "home" => {
            "<h1>Ceramics</h1><p>Handmade bowls and mugs. <a href=\"/delivery\">Delivery</a> <a href=\"/staff\">Staff</a></p>"
        }
        "delivery" if site.changed.load(Ordering::SeqCst) => {
            "<h1>Delivery</h1><p>Parcels to Finland now arrive in two working days.</p>"
        }
        "delivery" => "<h1>Delivery</h1><p>Parcels to Finland arrive in five working days.</p>",
        "staff" => "<h1>Staff</h1><p>Supplier margins are confidential.</p>",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let etag = format!("\"{}\"", body.len());
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|sent| sent.as_bytes() == etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let html = format!("<html lang=\"en\"><body><main>{body}</main></body></html>");
    ([(header::ETAG, etag)], Html(html)).into_response()
}

async fn serve_site(site: Site) -> String {
    let app = Router::new()
        .route(
            "/",
            get(|state, headers| page(state, Path("home".to_owned()), headers)),
        )
        .route("/{name}", get(page))
        .with_state(site);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

struct Admin<'a> {
    client: Client,
    server: &'a TestServer,
}

impl Admin<'_> {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, self.server.url(path))
            .bearer_auth(&self.server.api_key);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    async fn start(&self, url: &str) -> (u16, Value) {
        self.call(
            reqwest::Method::POST,
            "/api/v1/admin/sites/demo/crawl",
            Some(json!({ "url": url })),
        )
        .await
    }

    async fn status(&self) -> Value {
        let (status, body) = self
            .call(reqwest::Method::GET, "/api/v1/admin/sites/demo/crawl", None)
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// Polls the status until the crawl is no longer running (bounded by a number of polls).
    async fn finished(&self) -> Value {
        for _ in 0..600 {
            let status = self.status().await;
            if status["state"] != "running" {
                return status;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the crawl never finished");
    }
}

/// The answer given before the delivery page changed still names the version it read, whose
/// text the team opens; the answer after names the current one; an unknown version is a 404.
async fn page_versions_story(admin: &Admin<'_>, before: &Value, after: &Value) {
    let cited = |reply: &Value| reply["message"]["citations"][0].clone();
    let (old, new) = (cited(before), cited(after));
    assert_eq!(old["url"], new["url"]);
    assert_ne!(old["version"]["digest"], new["version"]["digest"]);
    let version = |citation: &Value, digest: &str| {
        let query = serde_urlencoded::to_string([
            ("url", citation["url"].as_str().unwrap()),
            ("digest", digest),
        ])
        .unwrap();
        format!("/api/v1/admin/sites/demo/page-versions?{query}")
    };
    let conversation = before["conversation_id"].as_str().unwrap();
    let (status, stored) = admin
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/admin/conversations/{conversation}"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        stored["messages"][1]["citations"][0]["version"],
        old["version"]
    );
    let (status, as_read) = admin
        .call(
            reqwest::Method::GET,
            &version(&old, old["version"]["digest"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(status, 200, "{as_read}");
    assert!(
        as_read.to_string().contains("five working days"),
        "{as_read}"
    );
    assert!(as_read["superseded_at"].is_i64());
    assert_eq!(as_read["stored_at"], old["version"]["stored_at"]);
    let (_, current) = admin
        .call(
            reqwest::Method::GET,
            &version(&new, new["version"]["digest"].as_str().unwrap()),
            None,
        )
        .await;
    assert!(current["superseded_at"].is_null(), "{current}");
    let (status, missing) = admin
        .call(reqwest::Method::GET, &version(&old, "0000"), None)
        .await;
    assert_eq!(
        (status, missing["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
}

/// A visitor's question the delivery page answers.
async fn ask_about_delivery(server: &TestServer) -> Value {
    common::ask(
        &Client::new(),
        server,
        &common::visitor(),
        json!({ "text": "When do parcels to Finland arrive?" }),
    )
    .await
    .json()
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crawl_started_through_the_admin_api_runs_reports_and_refreshes() {
    let (open, gate) = watch::channel(false);
    let changed = Arc::new(AtomicBool::new(false));
    let base = serve_site(Site {
        open: gate,
        changed: changed.clone(),
    })
    .await;
    let server = TestServer::start_configured(|config| {
        config.outbound.allow_loopback = true;
        config.crawl.min_delay_ms = 0;
    })
    .await;
    let admin = Admin {
        client: Client::new(),
        server: &server,
    };

    let (status, none) = admin
        .call(reqwest::Method::GET, "/api/v1/admin/sites/demo/crawl", None)
        .await;
    assert_eq!(
        (status, none["error"]["code"].as_str()),
        (404, Some("not_found"))
    );

    let start = format!("{base}/");
    let (status, begun) = admin.start(&start).await;
    assert_eq!(status, 202, "{begun}");
    assert_eq!(begun["state"], "running");
    assert_eq!(begun["start_url"], start);
    assert!(begun["started_by"].as_str().unwrap().starts_with("key:"));
    let (status, conflict) = admin.start(&start).await;
    assert_eq!(status, 409, "one crawl of a site at a time: {conflict}");
    assert_eq!(admin.status().await["state"], "running");

    open.send_replace(true);
    let first = admin.finished().await;
    assert_eq!(first["state"], "finished", "{first}");
    let report = &first["report"];
    assert_eq!(
        (report["pages"].as_u64(), report["disallowed"].as_u64()),
        (Some(2), Some(1)),
        "{report}"
    );
    assert!(
        report["removed"].as_u64().unwrap() > 0,
        "the demo pages are replaced"
    );
    assert_eq!(first["pages_done"].as_u64(), first["pages_known"].as_u64());

    let reply = ask_about_delivery(&server).await;
    let text = reply["message"]["text"].as_str().unwrap_or_default();
    assert!(text.contains("five working days"), "{reply}");
    let before = reply.clone();
    let (status, test) = admin
        .call(
            reqwest::Method::POST,
            "/api/v1/admin/sites/demo/tests",
            Some(json!({ "question": "When do parcels to Finland arrive?", "fact": "five working days" })),
        )
        .await;
    assert_eq!(status, 201, "{test}");
    let (status, run) = admin
        .call(
            reqwest::Method::POST,
            "/api/v1/admin/sites/demo/tests/run",
            None,
        )
        .await;
    assert_eq!((status, run["passed"].as_u64()), (200, Some(1)), "{run}");
    assert!(
        reply.to_string().contains(&format!("{base}/delivery")),
        "cites the crawled page: {reply}"
    );
    assert!(
        !reply.to_string().contains("margins"),
        "the disallowed page is not indexed"
    );

    changed.store(true, Ordering::SeqCst);
    let (status, _) = admin.start(&start).await;
    assert_eq!(status, 202);
    let second = admin.finished().await;
    let report = &second["report"];
    assert_eq!(
        (
            report["updated"].as_u64(),
            report["not_modified"].as_u64(),
            report["removed"].as_u64()
        ),
        (Some(1), Some(1), Some(0)),
        "the changed page is refetched, the unchanged one confirmed: {report}"
    );
    let reply = ask_about_delivery(&server).await;
    assert!(reply.to_string().contains("two working days"), "{reply}");
    page_versions_story(&admin, &before, &reply).await;
    let (_, tests) = admin
        .call(reqwest::Method::GET, "/api/v1/admin/sites/demo/tests", None)
        .await;
    let result = &tests["tests"][0]["result"];
    assert_eq!(result["passed"], false, "the crawl ran the test: {tests}");
    assert_eq!(result["changes"][0]["change"], "changed", "{result}");
    assert_eq!(result["changes"][0]["url"], format!("{base}/delivery"));
    assert_eq!(tests["runs"][0]["trigger"], "crawl", "{tests}");

    let (_, audit) = admin
        .call(reqwest::Method::GET, "/api/v1/admin/audit?limit=500", None)
        .await;
    let crawls = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["action"] == "site.crawl")
        .count();
    assert_eq!(crawls, 2, "each start is audited, the refused one is not");
}
