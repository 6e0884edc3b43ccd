//! The crawler against a small site that this test serves on loopback: robots.txt rules,
//! sitemaps, links, duplicates, canonical links, conditional requests on a recrawl, a page that
//! changes and a page that disappears; and the outbound guard refusing loopback by default.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sotto_knowledge::crawl::{CrawlError, CrawlLimits, Crawler, KnownPage};
use sotto_knowledge::outbound::{AddressPolicy, OutboundClient};

#[derive(Clone, Default)]
struct Site {
    version: Arc<AtomicU32>,
    log: Arc<Mutex<Vec<(String, u16)>>>,
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><title>{title}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav>\
         <main><h1>{title}</h1>{body}</main><footer>© Shop</footer></body></html>"
    )
}

fn html(etag: &str, headers: &HeaderMap, body: String) -> Response {
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag.to_owned())]).into_response();
    }
    (
        [
            (header::ETAG, etag.to_owned()),
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
        ],
        body,
    )
        .into_response()
}

async fn serve(State(site): State<Site>, request: Request) -> Response {
    let version = site.version.load(Ordering::SeqCst);
    let path = request.uri().path().to_owned();
    let headers = request.headers().clone();
    let response = match path.as_str() {
        "/robots.txt" => "User-agent: *\nDisallow: /admin/\n\nUser-agent: SottoBot\nDisallow: /private/\n\nSitemap: /sitemap-index.xml\n".into_response(),
        "/sitemap-index.xml" => "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>SITE/sitemap-pages.xml</loc></sitemap></sitemapindex>".into_response(),
        "/sitemap-pages.xml" => "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>SITE/orphan</loc></url><url><loc>https://elsewhere.example/x</loc></url></urlset>".into_response(),
        "/" => {
            let gone_link = if version == 1 { "<a href=\"/gone\">Old offer</a>" } else { "" };
            html(&format!("\"home-{version}\""), &headers, page("Welcome", &format!(
                "<p>Welcome to the shop. Version {version}.</p>\
                 <p><a href=\"/about\">About us</a> <a href=\"/private/secret\">Secret</a> \
                 <a href=\"/changing\">Prices</a> <a href=\"/dup\">Copy</a> <a href=\"/alias\">Alias</a> \
                 <a href=\"/manual.pdf\">Manual</a> <a href=\"https://elsewhere.example/\">Partner</a> {gone_link}</p>")))
        }
        "/about" | "/dup" => html("\"about\"", &headers, page("About", "<p>We sell handmade ceramics from Tampere since 1998.</p>")),
        "/alias" => html("\"alias\"", &headers, String::from(
            "<html><head><link rel=\"canonical\" href=\"/about\"><title>About</title></head><body><p>We sell handmade ceramics.</p></body></html>")),
        "/orphan" => html("\"orphan\"", &headers, page("Care guide", "<p>Wash glazed bowls by hand in warm water.</p>")),
        "/changing" => html(&format!("\"prices-{version}\""), &headers, page("Prices", &format!(
            "<p>A large bowl costs {} euros.</p>", 30 + version))),
        "/gone" if version == 1 => html("\"gone\"", &headers, page("Old offer", "<p>Winter sale on mugs.</p>")),
        "/private/secret" => html("\"secret\"", &headers, page("Secret", "<p>Internal margins.</p>")),
        _ => StatusCode::NOT_FOUND.into_response(),
    };
    site.log
        .lock()
        .unwrap()
        .push((path, response.status().as_u16()));
    response
}

async fn start_site() -> (Site, String) {
    let site = Site::default();
    site.version.store(1, Ordering::SeqCst);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let replace_base = base.clone();
    let app = Router::new()
        .fallback(serve)
        .with_state(site.clone())
        .layer(axum::middleware::map_response(move |response: Response| {
            let base = replace_base.clone();
            async move { with_site_base(response, &base).await }
        }));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (site, base)
}

/// Sitemaps need absolute URLs: `SITE` in a body becomes the test server's base.
async fn with_site_base(response: Response, base: &str) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let text = String::from_utf8_lossy(&bytes).replace("SITE", base);
    let mut parts = parts;
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(text))
}

fn client(policy: AddressPolicy) -> OutboundClient {
    OutboundClient::new(policy, "SottoBot/test", Duration::from_secs(10)).unwrap()
}

fn loopback() -> AddressPolicy {
    AddressPolicy {
        allow_loopback: true,
        ..AddressPolicy::default()
    }
}

fn limits() -> CrawlLimits {
    CrawlLimits {
        min_delay_ms: 0,
        ..CrawlLimits::default()
    }
}

#[tokio::test]
async fn crawls_then_recrawls_incrementally() {
    let (site, base) = start_site().await;
    let crawler = Crawler::new(client(loopback()), limits());
    let mut calls = 0;
    let first = crawler
        .crawl(&format!("{base}/"), &[], |_, _| calls += 1)
        .await
        .unwrap();
    let urls: Vec<String> = first
        .fetched
        .iter()
        .map(|p| p.page.url.replace(&base, ""))
        .collect();
    let mut sorted = urls.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["/", "/about", "/changing", "/gone", "/orphan"],
        "{urls:?}"
    );
    assert!(calls >= 5, "progress reported");
    assert_eq!(first.disallowed, 1);
    assert!(!first.truncated);
    assert_eq!(first.duplicates, 2, "the copy and the canonical alias");
    let log = site.log.lock().unwrap().clone();
    assert!(
        !log.iter().any(|(p, _)| p.starts_with("/private")),
        "robots-disallowed page never requested"
    );
    assert!(!log.iter().any(|(p, _)| p.ends_with(".pdf")));
    let about = first
        .fetched
        .iter()
        .find(|p| p.page.url.ends_with("/about"))
        .unwrap();
    assert_eq!(about.page.title, "About");
    assert_eq!(about.page.language.as_deref(), Some("en"));
    assert_eq!(about.etag.as_deref(), Some("\"about\""));
    let text: String = about.page.chunks.iter().map(|c| c.text.as_str()).collect();
    assert!(text.contains("handmade ceramics"));
    assert!(!text.contains("© Shop"), "footer dropped");

    let known: Vec<KnownPage> = first
        .fetched
        .iter()
        .map(|p| KnownPage {
            url: p.page.url.clone(),
            content_hash: p.page.content_hash.clone(),
            etag: p.etag.clone(),
            last_modified: p.last_modified.clone(),
        })
        .collect();
    site.version.store(2, Ordering::SeqCst);
    site.log.lock().unwrap().clear();
    let second = crawler
        .crawl(&format!("{base}/"), &known, |_, _| {})
        .await
        .unwrap();
    let mut unchanged: Vec<String> = second
        .unchanged
        .iter()
        .map(|u| u.replace(&base, ""))
        .collect();
    unchanged.sort();
    assert_eq!(unchanged, ["/about", "/orphan"]);
    let mut refetched: Vec<String> = second
        .fetched
        .iter()
        .map(|p| p.page.url.replace(&base, ""))
        .collect();
    refetched.sort();
    assert_eq!(refetched, ["/", "/changing"]);
    let prices = second
        .fetched
        .iter()
        .find(|p| p.page.url.ends_with("/changing"))
        .unwrap();
    assert!(prices.page.chunks[0].text.contains("32 euros"));
    let gone: Vec<String> = second.gone.iter().map(|u| u.replace(&base, "")).collect();
    assert_eq!(gone, ["/gone"]);
    let log = site.log.lock().unwrap().clone();
    let about_requests: Vec<u16> = log
        .iter()
        .filter(|(p, _)| p == "/about")
        .map(|(_, s)| *s)
        .collect();
    assert_eq!(
        about_requests,
        [304],
        "an unchanged page costs one conditional request"
    );
}

#[tokio::test]
async fn page_and_depth_limits_hold() {
    let (_site, base) = start_site().await;
    let crawler = Crawler::new(
        client(loopback()),
        CrawlLimits {
            max_depth: 0,
            ..limits()
        },
    );
    let outcome = crawler
        .crawl(&format!("{base}/"), &[], |_, _| {})
        .await
        .unwrap();
    let mut urls: Vec<String> = outcome
        .fetched
        .iter()
        .map(|p| p.page.url.replace(&base, ""))
        .collect();
    urls.sort();
    assert_eq!(
        urls,
        ["/", "/orphan"],
        "only the start and the sitemap's pages"
    );

    let crawler = Crawler::new(
        client(loopback()),
        CrawlLimits {
            max_pages: 2,
            ..limits()
        },
    );
    let outcome = crawler
        .crawl(&format!("{base}/"), &[], |_, _| {})
        .await
        .unwrap();
    assert!(outcome.requests <= 2, "{}", outcome.requests);
    assert!(
        outcome.truncated,
        "more pages were linked than the limit allows"
    );
}

#[tokio::test]
async fn loopback_is_refused_unless_allowed() {
    let (site, base) = start_site().await;
    let crawler = Crawler::new(client(AddressPolicy::default()), limits());
    let refused = crawler.crawl(&format!("{base}/"), &[], |_, _| {}).await;
    assert!(
        matches!(refused, Err(CrawlError::Outbound(_))),
        "literal 127.0.0.1"
    );

    let port = base.rsplit(':').next().unwrap();
    let by_name = crawler
        .crawl(&format!("http://localhost:{port}/"), &[], |_, _| {})
        .await
        .unwrap();
    assert!(
        by_name.fetched.is_empty(),
        "a name resolving to loopback is refused too"
    );
    assert!(
        site.log.lock().unwrap().is_empty(),
        "no request reached the server"
    );

    let direct = client(AddressPolicy::default());
    let url = url::Url::parse(&format!("http://localhost:{port}/")).unwrap();
    let request = direct.request(reqwest::Method::GET, &url).unwrap();
    let error = direct.send(request).await.unwrap_err().to_string();
    assert!(!error.is_empty());
    assert!(site.log.lock().unwrap().is_empty());
}
