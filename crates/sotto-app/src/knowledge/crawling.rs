//! Crawling a site's live pages into its knowledge: the crawler of `sotto-knowledge` through
//! the installation's guarded outbound client, then the same store and index update as an
//! import. Every crawl is recorded as the site's crawl run (one at a time per site, on any
//! node), with its progress and its report, for the admin API and the scheduled recrawl.
//!
//! The pages stored before are given to the crawler with their validators, so an unchanged
//! page costs one conditional request and is kept as stored. A complete crawl with no failed
//! request replaces the site's pages (pages gone from the site leave the index); one with
//! failures, or cut short by the page limit, keeps the pages it did not reach, so that a flaky
//! network or a small limit never empties a site's knowledge. Pages the site answered "gone"
//! for leave in both cases.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sotto_core::{SiteId, UnixTime};
use sotto_knowledge::crawl::{CrawlError, CrawlOutcome, Crawler, KnownPage};
use sotto_knowledge::outbound::{OutboundClient, OutboundError};
use sotto_store::{
    ConversationStore, CrawlEnd, CrawlRunRecord, CrawlState, ImportMode, KnowledgePage, MainStore,
    SiteRecord,
};
use tokio::sync::watch;
use tracing::{info, warn};

use crate::knowledge::import::to_store;
use crate::knowledge::site_test_results::RunTrigger;
use crate::team::access::{Actor, Caller};
use crate::{AppError, AppResult, Sotto};

/// Time an outbound request may take before it is abandoned.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// A crawl still marked running this long after it started is taken for a crashed node's.
const STALE_AFTER_SECS: i64 = 6 * 3600;
/// Progress is written to the store at most this often.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// What a crawl did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
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
    /// Pages kept as stored (confirmed unchanged, or not reached by an incomplete crawl).
    pub unchanged: usize,
    /// Pages that answered "not modified" to a conditional request.
    pub not_modified: usize,
    /// Pages removed because the site no longer has them.
    pub removed: usize,
    /// Links robots.txt disallows (never requested).
    pub disallowed: usize,
    /// Duplicate pages skipped (same content, or a canonical link elsewhere).
    pub duplicates: usize,
    /// Requests that failed; when any did, only pages the site answered "gone" for were removed.
    pub failed: usize,
    /// The page limit cut the crawl short; only pages the site answered "gone" for were removed.
    pub truncated: bool,
    /// Passages now searchable on the site.
    pub passages: u64,
    /// The site's knowledge version after the crawl.
    pub knowledge_version: i64,
}

/// Where a site's latest crawl stands, as the admin API shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct CrawlStatus {
    /// The site.
    pub site_id: SiteId,
    /// `running`, `finished` or `failed`.
    pub state: String,
    /// Who started it: `cli`, `system` (the scheduled recrawl), `key:<id>` or `member:<id>`.
    pub started_by: String,
    /// Where it started.
    pub start_url: String,
    /// When it started (Unix seconds).
    pub started_at: UnixTime,
    /// When it ended.
    pub finished_at: Option<UnixTime>,
    /// Pages handled so far.
    pub pages_done: u64,
    /// Pages known so far (handled and queued).
    pub pages_known: u64,
    /// What a finished crawl did.
    pub report: Option<CrawlReport>,
    /// Why a failed crawl failed.
    pub error: Option<String>,
}

/// A crawl to start, as the admin API takes it.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrawlRequest {
    /// Where to start; the home page of the site's first origin when absent.
    pub url: Option<String>,
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

impl CrawlStatus {
    fn of(site: &SiteId, run: CrawlRunRecord) -> Self {
        Self {
            site_id: site.clone(),
            state: run.state.as_str().to_owned(),
            started_by: run.trigger,
            start_url: run.start_url,
            started_at: run.started_at,
            finished_at: run.finished_at,
            pages_done: run.pages_done,
            pages_known: run.pages_known,
            report: run.report.and_then(|json| serde_json::from_str(&json).ok()),
            error: run.error,
        }
    }
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// The guarded client every outbound request of this installation goes through.
    pub fn outbound_client(&self) -> AppResult<OutboundClient> {
        Ok(OutboundClient::new(
            self.config().outbound,
            &user_agent(),
            REQUEST_TIMEOUT,
        )?)
    }

    /// Where a crawl of `site` starts when no URL is given: the home page of its first
    /// allowed origin.
    pub async fn site_start_url(&self, site: &SiteId) -> AppResult<String> {
        let record = self.site_record(site).await?;
        start_url_of(&record)
    }

    /// Crawls `start_url` into `site`'s knowledge and refreshes its index, as `actor`.
    /// `progress(done, known)` is called after each page. A crawl of the site already running
    /// is a conflict.
    pub async fn crawl_site(
        &self,
        site: &SiteId,
        start_url: &str,
        actor: &Actor,
        progress: impl FnMut(usize, usize) + Send,
    ) -> AppResult<CrawlReport> {
        let record = self.site_record(site).await?;
        let crawler = self.begin_crawl(&record, start_url, actor).await?;
        self.run_begun_crawl(&record, &crawler, start_url, progress)
            .await
    }

    /// Starts a crawl of one of the caller's sites in the background (admin API) and returns
    /// its status at once; its progress and report are read with [`Self::crawl_status`].
    pub async fn team_start_crawl(
        self: &Arc<Self>,
        caller: &Caller,
        site: &SiteId,
        request: CrawlRequest,
    ) -> AppResult<CrawlStatus> {
        caller.require(sotto_core::access::Permission::ManageSites)?;
        let record = self.caller_site(caller, site).await?;
        let start_url = match request.url {
            Some(url) => url,
            None => start_url_of(&record)?,
        };
        let crawler = self.begin_crawl(&record, &start_url, &caller.actor).await?;
        let sotto = Arc::clone(self);
        let running = record.clone();
        tokio::spawn(async move {
            let _ = sotto
                .run_begun_crawl(&running, &crawler, &start_url, |_, _| {})
                .await;
        });
        self.crawl_status(&record).await
    }

    /// Where the latest crawl of one of the caller's sites stands.
    pub async fn team_crawl_status(
        &self,
        caller: &Caller,
        site: &SiteId,
    ) -> AppResult<CrawlStatus> {
        caller.require(sotto_core::access::Permission::ReadAnalytics)?;
        let record = self.caller_site(caller, site).await?;
        self.crawl_status(&record).await
    }

    /// Where the latest crawl of `site` stands (the operator's view, `sotto crawl --status`).
    pub async fn crawl_status_of(&self, site: &SiteId) -> AppResult<CrawlStatus> {
        let record = self.site_record(site).await?;
        self.crawl_status(&record).await
    }

    /// Recrawls, as [`Actor::System`], every site whose last crawl ended more than `every`
    /// before `now`, from the URL it started at; one node at a time. Returns how many sites
    /// were crawled. A site whose crawl fails is logged and tried again at the next tick.
    pub async fn recrawl_due(&self, now: UnixTime, every: Duration) -> AppResult<usize> {
        let Some(lock) = self
            .conversations
            .try_lock_job(sotto_store::Job::Recrawl)
            .await?
        else {
            info!("recrawl skipped: another node is recrawling");
            return Ok(0);
        };
        let crawled = self.recrawl_locked(now, every).await;
        self.conversations.unlock_job(lock).await?;
        crawled
    }

    /// Runs [`Self::recrawl_due`] every `tick`, forever (the server aborts it on shutdown).
    pub async fn recrawl_every(self: Arc<Self>, tick: Duration, every: Duration) {
        let mut ticks = tokio::time::interval(tick);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = self.recrawl_due(sotto_core::now(), every).await {
                warn!(%error, "scheduled recrawl failed");
            }
        }
    }

    async fn recrawl_locked(&self, now: UnixTime, every: Duration) -> AppResult<usize> {
        let due_before = now - i64::try_from(every.as_secs()).unwrap_or(i64::MAX);
        let mut crawled = 0;
        for tenant in self.main.tenants().await? {
            for site in self.main.sites_of(tenant.id).await? {
                let Some(run) = self.main.crawl_run(tenant.id, &site.id).await? else {
                    continue;
                };
                let due = run.state != CrawlState::Running
                    && run.finished_at.is_some_and(|at| at <= due_before);
                if !due {
                    continue;
                }
                match self
                    .crawl_site(&site.id, &run.start_url, &Actor::System, |_, _| {})
                    .await
                {
                    Ok(_) => crawled += 1,
                    Err(error) => {
                        warn!(site = %site.id, %error, "scheduled recrawl of a site failed")
                    }
                }
            }
        }
        Ok(crawled)
    }

    /// One of the caller's tenant's sites; another tenant's is not found.
    pub(crate) async fn caller_site(
        &self,
        caller: &Caller,
        site: &SiteId,
    ) -> AppResult<SiteRecord> {
        let record = self.site_record(site).await?;
        if record.tenant_id != caller.tenant {
            return Err(AppError::NotFound("site"));
        }
        Ok(record)
    }

    async fn crawl_status(&self, record: &SiteRecord) -> AppResult<CrawlStatus> {
        let run = self
            .main
            .crawl_run(record.tenant_id, &record.id)
            .await?
            .ok_or(AppError::NotFound("crawl"))?;
        Ok(CrawlStatus::of(&record.id, run))
    }

    /// Checks the start URL, then records the crawl as running (a conflict when one is) and
    /// audits who started it.
    async fn begin_crawl(
        &self,
        record: &SiteRecord,
        start_url: &str,
        actor: &Actor,
    ) -> AppResult<Crawler> {
        let crawler = Crawler::new(self.outbound_client()?, self.config().crawl);
        crawler.check_start(start_url)?;
        let now = sotto_core::now();
        let begun = self
            .main
            .begin_crawl(
                record.tenant_id,
                &record.id,
                start_url,
                &actor.audit_name(),
                now,
                now - STALE_AFTER_SECS,
            )
            .await?;
        if !begun {
            return Err(AppError::Conflict(
                "a crawl of this site is already running".to_owned(),
            ));
        }
        self.audit(record.tenant_id, actor, "site.crawl", record.id.as_str())
            .await?;
        Ok(crawler)
    }

    /// Runs a begun crawl and records how it ended.
    async fn run_begun_crawl(
        &self,
        record: &SiteRecord,
        crawler: &Crawler,
        start_url: &str,
        progress: impl FnMut(usize, usize) + Send,
    ) -> AppResult<CrawlReport> {
        let result = self
            .crawl_and_store(record, crawler, start_url, progress)
            .await;
        let report_json = result
            .as_ref()
            .ok()
            .map(|report| serde_json::to_string(report).unwrap_or_default());
        let error_text = result.as_ref().err().map(ToString::to_string);
        let end = match (&report_json, &error_text) {
            (Some(report), _) => CrawlEnd::Finished { report },
            (None, error) => CrawlEnd::Failed {
                error: error.as_deref().unwrap_or_default(),
            },
        };
        // The site's answer tests run before the crawl is reported finished, so that whoever
        // waits for the crawl reads their results with it.
        if result.is_ok() {
            self.run_site_tests_after(record, RunTrigger::Crawl).await;
        }
        self.main
            .finish_crawl(record.tenant_id, &record.id, sotto_core::now(), end)
            .await?;
        result
    }

    async fn crawl_and_store(
        &self,
        record: &SiteRecord,
        crawler: &Crawler,
        start_url: &str,
        mut progress: impl FnMut(usize, usize) + Send,
    ) -> AppResult<CrawlReport> {
        let stored = self.main.pages(record.tenant_id, &record.id).await?;
        let known: Vec<KnownPage> = stored.iter().map(known_page).collect();
        let (sender, receiver) = watch::channel((0, 0));
        let crawl = async move {
            let outcome = crawler
                .crawl(start_url, &known, |done, total| {
                    progress(done, total);
                    sender.send_replace((done, total));
                })
                .await;
            drop(sender);
            outcome
        };
        let (outcome, ()) = tokio::join!(crawl, self.record_progress(record, receiver));
        let mut outcome = outcome?;
        let (pages, fetched) = pages_after(stored, &mut outcome);
        let stored = self
            .main
            .upsert_pages(record.tenant_id, &record.id, &pages, ImportMode::Replace)
            .await?;
        let record = self.site_record(&record.id).await?;
        let index = self.site_index(&record).await?;
        info!(site = %record.id, pages = fetched, failed = outcome.failed, version = stored.knowledge_version, "site crawled");
        Ok(CrawlReport {
            site_id: record.id.clone(),
            start_url: start_url.to_owned(),
            requests: outcome.requests,
            pages: fetched,
            added: stored.added,
            updated: stored.updated,
            unchanged: stored.unchanged,
            not_modified: outcome.unchanged.len(),
            removed: stored.removed,
            disallowed: outcome.disallowed,
            duplicates: outcome.duplicates,
            failed: outcome.failed,
            truncated: outcome.truncated,
            passages: index.passage_count(),
            knowledge_version: stored.knowledge_version,
        })
    }

    /// Writes the crawl's progress to the store, at most every [`PROGRESS_EVERY`] and once
    /// more at the end, until the crawl drops its sender.
    async fn record_progress(
        &self,
        record: &SiteRecord,
        mut progress: watch::Receiver<(usize, usize)>,
    ) {
        let mut last_write: Option<Instant> = None;
        let mut unwritten = false;
        while progress.changed().await.is_ok() {
            unwritten = true;
            if last_write.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
                let latest = *progress.borrow_and_update();
                self.write_progress(record, latest).await;
                last_write = Some(Instant::now());
                unwritten = false;
            }
        }
        if unwritten {
            let latest = *progress.borrow();
            self.write_progress(record, latest).await;
        }
    }

    async fn write_progress(&self, record: &SiteRecord, (done, known): (usize, usize)) {
        let written = self
            .main
            .record_crawl_progress(record.tenant_id, &record.id, done as u64, known as u64)
            .await;
        if let Err(error) = written {
            warn!(site = %record.id, %error, "crawl progress not recorded");
        }
    }
}

/// How every outbound request of this installation (crawler, model) names itself.
pub(crate) fn user_agent() -> String {
    format!(
        "{}/{} (self-hosted website assistant)",
        sotto_knowledge::crawl::USER_AGENT,
        env!("CARGO_PKG_VERSION")
    )
}

/// Where a crawl of a site starts when no URL is given: the home page of its first origin.
fn start_url_of(record: &SiteRecord) -> AppResult<String> {
    record
        .origins
        .first()
        .map(|origin| format!("{}/", origin.trim_end_matches('/')))
        .ok_or_else(|| AppError::Invalid("the site has no origin: give a start URL".to_owned()))
}

/// A stored page as the crawler knows it.
fn known_page(page: &KnowledgePage) -> KnownPage {
    KnownPage {
        url: page.url.clone(),
        content_hash: page.content_hash.clone(),
        etag: page.etag.clone(),
        last_modified: page.last_modified.clone(),
    }
}

/// The site's pages after a crawl, and how many were fetched with content: the fetched pages
/// with their new validators; the stored pages confirmed unchanged; and, when the crawl was
/// incomplete, every other stored page the site did not answer "gone" for.
fn pages_after(
    stored: Vec<KnowledgePage>,
    outcome: &mut CrawlOutcome,
) -> (Vec<KnowledgePage>, usize) {
    let complete = outcome.failed == 0 && !outcome.truncated;
    let gone: HashSet<&str> = outcome.gone.iter().map(String::as_str).collect();
    let not_modified: HashSet<&str> = outcome.unchanged.iter().map(String::as_str).collect();
    let mut pages: HashMap<String, KnowledgePage> = stored
        .into_iter()
        .filter(|page| !gone.contains(page.url.as_str()))
        .filter(|page| !complete || not_modified.contains(page.url.as_str()))
        .map(|page| (page.url.clone(), page))
        .collect();
    let fetched = std::mem::take(&mut outcome.fetched);
    let count = fetched.len();
    for crawled in fetched {
        let mut page = to_store(crawled.page);
        page.etag = crawled.etag;
        page.last_modified = crawled.last_modified;
        pages.insert(page.url.clone(), page);
    }
    let mut pages: Vec<KnowledgePage> = pages.into_values().collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    (pages, count)
}
