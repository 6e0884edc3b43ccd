//! The crawler: a site's public pages, fetched politely through the guarded
//! [`OutboundClient`], turned into [`Page`]s by the same extraction and chunking as an import.
//!
//! Order of work: robots.txt first (our own user agent, disallow rules, crawl-delay), then the
//! sitemaps it declares and `/sitemap.xml` (indexes followed), then the start URL, then
//! same-site links breadth first within the depth and page limits. Pages already known are
//! requested again with their ETag / Last-Modified, so an unchanged page costs one `304`. A
//! known page that now answers 404/410, is disallowed, is no longer HTML, or turned out to be a
//! duplicate is reported gone; one that failed transiently is kept.

pub mod links;
pub mod robots;
pub mod sitemap;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode, header};
use tokio::sync::Mutex;
use tokio::task::JoinSet;
use tokio::time::Instant;
use url::Url;

use crate::chunk::MAX_WORDS;
use crate::extract::html;
use crate::import::{Page, build_page};
use crate::outbound::{OutboundClient, OutboundError, read_limited};
use links::{normalize, same_site};
use robots::Robots;

/// The user agent Sotto's crawler announces and obeys robots.txt rules for.
pub const USER_AGENT: &str = "SottoBot";

/// How far and how fast a crawl goes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(default, deny_unknown_fields)]
pub struct CrawlLimits {
    /// Pages fetched at most (sitemap files and robots.txt not counted).
    pub max_pages: usize,
    /// Links followed at most this many steps from the start URL.
    pub max_depth: usize,
    /// Requests in flight at once (1 when the site asks for a crawl delay).
    pub concurrency: usize,
    /// Pause between two requests, in milliseconds, at least; a longer robots.txt
    /// `Crawl-delay` wins.
    pub min_delay_ms: u64,
    /// Largest page body read, in bytes.
    pub max_page_bytes: usize,
}

impl Default for CrawlLimits {
    fn default() -> Self {
        Self {
            max_pages: 500,
            max_depth: 6,
            concurrency: 2,
            min_delay_ms: 100,
            max_page_bytes: 5_000_000,
        }
    }
}

/// What the store knows of a page from the last crawl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownPage {
    /// Canonical URL.
    pub url: String,
    /// Content hash of its extracted text.
    pub content_hash: String,
    /// Its last `ETag`.
    pub etag: Option<String>,
    /// Its last `Last-Modified`.
    pub last_modified: Option<String>,
}

/// A page fetched with content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrawledPage {
    /// The page, ready to store and index.
    pub page: Page,
    /// The response's `ETag`.
    pub etag: Option<String>,
    /// The response's `Last-Modified`.
    pub last_modified: Option<String>,
}

/// What a crawl found.
#[derive(Debug, Default)]
pub struct CrawlOutcome {
    /// Pages fetched with content (new, changed, or the same content under new validators).
    pub fetched: Vec<CrawledPage>,
    /// Known pages confirmed unchanged (a `304`).
    pub unchanged: Vec<String>,
    /// Known pages that are gone from the site.
    pub gone: Vec<String>,
    /// URLs robots.txt disallows that the crawl met.
    pub disallowed: usize,
    /// Pages skipped as duplicates (same content as a page already kept, or a canonical link
    /// to another page).
    pub duplicates: usize,
    /// Requests that failed (network, 5xx, too large), not counting robots.txt and sitemaps.
    pub failed: usize,
    /// Page requests made.
    pub requests: usize,
    /// The page limit stopped the crawl before it met every linked page, so pages it did not
    /// reach may still exist.
    pub truncated: bool,
}

/// Why a crawl could not start.
#[derive(Debug, thiserror::Error)]
pub enum CrawlError {
    /// The start URL is not an absolute http(s) URL.
    #[error("the start URL must be an absolute http(s) URL")]
    BadStartUrl,
    /// The start URL is refused by the outbound policy.
    #[error(transparent)]
    Outbound(#[from] OutboundError),
}

/// Bodies of robots.txt and sitemap files read at most.
const MAX_META_BYTES: usize = 10_000_000;
/// Sitemap files read at most per crawl.
const MAX_SITEMAPS: usize = 50;

/// One crawl of one site.
pub struct Crawler {
    client: OutboundClient,
    limits: CrawlLimits,
}

enum Fetched {
    Page {
        page: Box<CrawledPage>,
        declared: Option<Url>,
        links: Vec<Url>,
    },
    NotModified,
    Gone,
    Failed,
}

/// Spaces requests out: each waits for its slot.
struct Pacer {
    next: Mutex<Instant>,
    delay: Duration,
}

impl Pacer {
    async fn wait(&self) {
        let mut next = self.next.lock().await;
        tokio::time::sleep_until(*next).await;
        *next = Instant::now() + self.delay;
    }
}

impl Crawler {
    /// A crawler that fetches through `client` within `limits`.
    pub fn new(client: OutboundClient, limits: CrawlLimits) -> Self {
        Self { client, limits }
    }

    /// The normalized start URL, or why a crawl cannot start there (not an absolute http(s)
    /// URL, or an address the outbound policy refuses), so that a caller can refuse a crawl
    /// before starting it in the background.
    pub fn check_start(&self, start: &str) -> Result<Url, CrawlError> {
        let start = Url::parse(start).map_err(|_| CrawlError::BadStartUrl)?;
        if !matches!(start.scheme(), "http" | "https") || start.host_str().is_none() {
            return Err(CrawlError::BadStartUrl);
        }
        crate::outbound::check_url(&start, self.client.policy())?;
        Ok(normalize(start))
    }

    /// Crawls the site of `start`. `known` are the pages stored from earlier crawls;
    /// `progress(done, queued)` is called after each page.
    pub async fn crawl(
        &self,
        start: &str,
        known: &[KnownPage],
        mut progress: impl FnMut(usize, usize) + Send,
    ) -> Result<CrawlOutcome, CrawlError> {
        let start = self.check_start(start)?;
        let robots = self.robots(&start).await;
        let delay = Duration::from_millis(self.limits.min_delay_ms).max(
            robots
                .delay()
                .map_or(Duration::ZERO, |s| Duration::from_secs_f32(s.min(60.0))),
        );
        let concurrency = if robots.delay().is_some() {
            1
        } else {
            self.limits.concurrency.max(1)
        };
        let pacer = Arc::new(Pacer {
            next: Mutex::new(Instant::now()),
            delay,
        });

        let known_by_url: HashMap<&str, &KnownPage> =
            known.iter().map(|k| (k.url.as_str(), k)).collect();
        let mut queue: VecDeque<(Url, usize)> = VecDeque::new();
        let mut queued: HashSet<String> = HashSet::new();
        let mut truncated = false;
        let mut enqueue = |url: Url, depth: usize, queue: &mut VecDeque<(Url, usize)>| {
            let key = url.to_string();
            if queued.contains(&key) {
                return;
            }
            if queued.len() < self.limits.max_pages {
                queued.insert(key);
                queue.push_back((url, depth));
            } else {
                truncated = true;
            }
        };
        enqueue(start.clone(), 0, &mut queue);
        for url in self.sitemap_pages(&start, &robots, &pacer).await {
            enqueue(url, 1, &mut queue);
        }
        for page in known {
            if let Ok(url) = Url::parse(&page.url)
                && same_site(&url, &start)
            {
                enqueue(normalize(url), 1, &mut queue);
            }
        }

        let mut outcome = CrawlOutcome::default();
        let mut kept_hashes: HashMap<String, String> = known
            .iter()
            .map(|k| (k.content_hash.clone(), k.url.clone()))
            .collect();
        let mut kept_urls: HashSet<String> = HashSet::new();
        let mut settled: HashSet<String> = HashSet::new();
        let mut tasks: JoinSet<(Url, usize, Fetched)> = JoinSet::new();
        let mut done = 0usize;
        loop {
            while tasks.len() < concurrency
                && let Some((url, depth)) = queue.pop_front()
            {
                if !robots.allowed(url.as_str()) {
                    outcome.disallowed += 1;
                    continue;
                }
                let validators = known_by_url.get(url.as_str()).map(|k| (*k).clone());
                let client = self.client.clone();
                let pacer = pacer.clone();
                let site = start.clone();
                let max_bytes = self.limits.max_page_bytes;
                outcome.requests += 1;
                tasks.spawn(async move {
                    pacer.wait().await;
                    let fetched = fetch_page(&client, &url, &site, validators, max_bytes).await;
                    (url, depth, fetched)
                });
            }
            let Some(joined) = tasks.join_next().await else {
                break;
            };
            let Ok((url, depth, fetched)) = joined else {
                outcome.failed += 1;
                continue;
            };
            done += 1;
            match fetched {
                Fetched::NotModified => {
                    settled.insert(url.to_string());
                    outcome.unchanged.push(url.to_string());
                }
                Fetched::Gone => {}
                Fetched::Failed => {
                    outcome.failed += 1;
                    settled.insert(url.to_string());
                }
                Fetched::Page {
                    page,
                    declared,
                    links,
                } => {
                    if depth < self.limits.max_depth {
                        for link in links {
                            enqueue(link, depth + 1, &mut queue);
                        }
                    }
                    let canonical = declared
                        .filter(|d| same_site(d, &start) && *d != url)
                        .map(normalize);
                    if let Some(canonical) = canonical {
                        outcome.duplicates += 1;
                        enqueue(canonical, depth, &mut queue);
                        continue;
                    }
                    let hash = page.page.content_hash.clone();
                    if kept_hashes.get(&hash).is_some_and(|u| *u != url.as_str()) {
                        outcome.duplicates += 1;
                        continue;
                    }
                    kept_hashes.insert(hash, url.to_string());
                    kept_urls.insert(url.to_string());
                    settled.insert(url.to_string());
                    outcome.fetched.push(*page);
                }
            }
            progress(done, done + queue.len() + tasks.len());
        }
        outcome.truncated = truncated;
        outcome.gone = known
            .iter()
            .filter(|k| queued.contains(&k.url) || !same_site_str(&k.url, &start))
            .filter(|k| !settled.contains(&k.url) && !kept_urls.contains(&k.url))
            .map(|k| k.url.clone())
            .collect();
        Ok(outcome)
    }

    async fn get_meta(&self, url: &Url, pacer: &Pacer) -> Option<(StatusCode, Vec<u8>)> {
        pacer.wait().await;
        let request = self.client.request(Method::GET, url).ok()?;
        let response = self.client.send(request).await.ok()?;
        let status = response.status();
        let body = read_limited(response, MAX_META_BYTES).await.ok()?;
        Some((status, body))
    }

    async fn robots(&self, start: &Url) -> Robots {
        let Ok(url) = start.join("/robots.txt") else {
            return Robots::AllowAll;
        };
        let pacer = Pacer {
            next: Mutex::new(Instant::now()),
            delay: Duration::ZERO,
        };
        match self.get_meta(&url, &pacer).await {
            Some((status, body)) if status.is_success() => Robots::parse(USER_AGENT, &body),
            Some((status, _)) if status.is_client_error() => Robots::AllowAll,
            _ => Robots::DisallowAll,
        }
    }

    async fn sitemap_pages(&self, start: &Url, robots: &Robots, pacer: &Pacer) -> Vec<Url> {
        let mut to_read: VecDeque<Url> = robots
            .sitemaps()
            .iter()
            .filter_map(|s| start.join(s).ok())
            .collect();
        if let Ok(default) = start.join("/sitemap.xml")
            && !to_read.contains(&default)
        {
            to_read.push_back(default);
        }
        let mut read = 0;
        let mut pages = Vec::new();
        while let Some(url) = to_read.pop_front() {
            if read == MAX_SITEMAPS {
                break;
            }
            if !same_site(&url, start) {
                continue;
            }
            read += 1;
            let Some((status, body)) = self.get_meta(&url, pacer).await else {
                continue;
            };
            if !status.is_success() {
                continue;
            }
            let Some(sitemap) = sitemap::parse(&String::from_utf8_lossy(&body)) else {
                continue;
            };
            to_read.extend(sitemap.sitemaps.iter().filter_map(|s| url.join(s).ok()));
            pages.extend(
                sitemap
                    .pages
                    .iter()
                    .filter_map(|p| url.join(p).ok())
                    .filter(|p| same_site(p, start))
                    .map(normalize),
            );
        }
        pages
    }
}

fn same_site_str(url: &str, site: &Url) -> bool {
    Url::parse(url).is_ok_and(|u| same_site(&u, site))
}

fn header_text(response: &reqwest::Response, name: header::HeaderName) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

async fn fetch_page(
    client: &OutboundClient,
    url: &Url,
    site: &Url,
    known: Option<KnownPage>,
    max_bytes: usize,
) -> Fetched {
    let Ok(mut request) = client.request(Method::GET, url) else {
        return Fetched::Gone;
    };
    request = request.header(header::ACCEPT, "text/html,application/xhtml+xml");
    if let Some(known) = &known {
        if let Some(etag) = &known.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &known.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, modified);
        }
    }
    let Ok(response) = client.send(request).await else {
        return Fetched::Failed;
    };
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED && known.is_some() {
        return Fetched::NotModified;
    }
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        return Fetched::Failed;
    }
    if !status.is_success() || !same_site(response.url(), site) {
        return Fetched::Gone;
    }
    let is_html = header_text(&response, header::CONTENT_TYPE)
        .is_none_or(|t| t.to_ascii_lowercase().contains("html"));
    if !is_html {
        return Fetched::Gone;
    }
    let final_url = normalize(response.url().clone());
    let etag = header_text(&response, header::ETAG);
    let last_modified = header_text(&response, header::LAST_MODIFIED);
    let content_language = header_text(&response, header::CONTENT_LANGUAGE);
    let Ok(body) = read_limited(response, max_bytes).await else {
        return Fetched::Failed;
    };
    let text = String::from_utf8_lossy(&body);
    let mut extracted = html::extract(&text);
    let declared = extracted
        .declared_url
        .take()
        .and_then(|d| final_url.join(&d).ok());
    if extracted.language.is_none() {
        extracted.language = content_language;
    }
    let links = links::links(&text, &final_url, site);
    let fallback_title = final_url.path().to_owned();
    let Some(page) = build_page(extracted, url.as_str(), &fallback_title, MAX_WORDS) else {
        return Fetched::Gone;
    };
    Fetched::Page {
        page: Box::new(CrawledPage {
            page,
            etag,
            last_modified,
        }),
        declared,
        links,
    }
}
