//! Crawling a site's live pages into its knowledge: the crawler of `sotto-knowledge` through
//! the installation's guarded outbound client, then the same store and index update as an
//! import. A complete crawl with no failed request replaces the site's pages (pages gone from
//! the site leave the index); one with failures, or cut short by the page limit, only adds and
//! updates, so that a flaky network or a small limit never empties a site's knowledge.

use std::time::Duration;

use serde::Serialize;
use sotto_core::SiteId;
use sotto_knowledge::crawl::{CrawlError, Crawler};
use sotto_knowledge::outbound::{OutboundClient, OutboundError};
use sotto_store::{ConversationStore, ImportMode, KnowledgePage, MainStore};
use tracing::info;

use crate::knowledge::to_store;
use crate::{AppError, AppResult, Sotto};

/// Time an outbound request may take before it is abandoned.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// What a crawl did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct CrawlReport {
    /// Site crawled.
    pub site_id: SiteId,
    /// Where the crawl started.
    pub start_url: String,
    /// Page requests made.
    pub requests: usize,
    /// Pages read with content.
    pub pages: usize,
    /// New pages.
    pub added: usize,
    /// Changed pages.
    pub updated: usize,
    /// Pages stored unchanged.
    pub unchanged: usize,
    /// Pages removed because the site no longer has them.
    pub removed: usize,
    /// Links robots.txt disallows (never requested).
    pub disallowed: usize,
    /// Duplicate pages skipped (same content, or a canonical link elsewhere).
    pub duplicates: usize,
    /// Requests that failed; when any did, no page was removed.
    pub failed: usize,
    /// The page limit cut the crawl short; no page was removed.
    pub truncated: bool,
    /// Passages now searchable on the site.
    pub passages: u64,
    /// The site's knowledge version after the crawl.
    pub knowledge_version: i64,
}

impl From<OutboundError> for AppError {
    fn from(error: OutboundError) -> Self {
        AppError::Invalid(error.to_string())
    }
}

impl From<CrawlError> for AppError {
    fn from(error: CrawlError) -> Self {
        AppError::Invalid(error.to_string())
    }
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// The guarded client every outbound request of this installation goes through.
    pub fn outbound_client(&self) -> AppResult<OutboundClient> {
        let agent = format!(
            "{}/{} (self-hosted website assistant)",
            sotto_knowledge::crawl::USER_AGENT,
            env!("CARGO_PKG_VERSION")
        );
        Ok(OutboundClient::new(
            self.config().outbound,
            &agent,
            REQUEST_TIMEOUT,
        )?)
    }

    /// Where a crawl of `site` starts when no URL is given: the home page of its first
    /// allowed origin.
    pub async fn site_start_url(&self, site: &SiteId) -> AppResult<String> {
        let record = self.site_record(site).await?;
        record
            .origins
            .first()
            .map(|origin| format!("{}/", origin.trim_end_matches('/')))
            .ok_or_else(|| AppError::Invalid("the site has no origin: pass --url".to_owned()))
    }

    /// Crawls `start_url` into `site`'s knowledge and refreshes its index.
    /// `progress(done, known)` is called after each page.
    pub async fn crawl_site(
        &self,
        site: &SiteId,
        start_url: &str,
        progress: impl FnMut(usize, usize) + Send,
    ) -> AppResult<CrawlReport> {
        let record = self.site_record(site).await?;
        let crawler = Crawler::new(self.outbound_client()?, self.config().crawl);
        let outcome = crawler.crawl(start_url, &[], progress).await?;
        let pages: Vec<KnowledgePage> = outcome
            .fetched
            .into_iter()
            .map(|p| to_store(p.page))
            .collect();
        let mode = if outcome.failed == 0 && !outcome.truncated {
            ImportMode::Replace
        } else {
            ImportMode::Merge
        };
        let stored = self
            .main
            .upsert_pages(record.tenant_id, site, &pages, mode)
            .await?;
        let record = self.site_record(site).await?;
        let index = self.site_index(&record).await?;
        info!(site = %site, pages = pages.len(), failed = outcome.failed, version = stored.knowledge_version, "site crawled");
        Ok(CrawlReport {
            site_id: site.clone(),
            start_url: start_url.to_owned(),
            requests: outcome.requests,
            pages: pages.len(),
            added: stored.added,
            updated: stored.updated,
            unchanged: stored.unchanged,
            removed: stored.removed,
            disallowed: outcome.disallowed,
            duplicates: outcome.duplicates,
            failed: outcome.failed,
            truncated: outcome.truncated,
            passages: index.passage_count(),
            knowledge_version: stored.knowledge_version,
        })
    }
}
