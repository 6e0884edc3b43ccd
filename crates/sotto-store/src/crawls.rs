//! Where each site's crawl stands. One record per site, the latest run: it tells the admin API
//! how far a crawl has come, stops two nodes from crawling the same site at once, and tells
//! the scheduled recrawl which sites to refresh and from which URL.

use sotto_core::UnixTime;

/// The state of a site's latest crawl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrawlState {
    /// A node is crawling the site now.
    Running,
    /// The crawl ended and its report is stored.
    Finished,
    /// The crawl could not run (bad start URL, unreachable robots.txt, store error).
    Failed,
}

impl CrawlState {
    /// Stable column value.
    pub fn as_str(self) -> &'static str {
        match self {
            CrawlState::Running => "running",
            CrawlState::Finished => "finished",
            CrawlState::Failed => "failed",
        }
    }

    /// Reads a column value back.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "running" => Some(CrawlState::Running),
            "finished" => Some(CrawlState::Finished),
            "failed" => Some(CrawlState::Failed),
            _ => None,
        }
    }
}

/// A site's latest crawl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrawlRunRecord {
    /// Where the crawl started; the scheduled recrawl starts there again.
    pub start_url: String,
    /// Who started it: `cli`, `api` or `schedule`.
    pub trigger: String,
    /// Where it stands.
    pub state: CrawlState,
    /// When it started.
    pub started_at: UnixTime,
    /// When it ended; `None` while running.
    pub finished_at: Option<UnixTime>,
    /// Pages handled so far.
    pub pages_done: u64,
    /// Pages known so far (handled and queued).
    pub pages_known: u64,
    /// The finished crawl's report, a JSON document owned by the app layer.
    pub report: Option<String>,
    /// Why a failed crawl failed (never personal data: URLs of the site and error kinds).
    pub error: Option<String>,
}

/// How a crawl ended, as [`crate::MainStore::finish_crawl`] records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrawlEnd<'a> {
    /// It ran; `report` is its JSON report.
    Finished {
        /// The JSON report.
        report: &'a str,
    },
    /// It could not run.
    Failed {
        /// Why.
        error: &'a str,
    },
}
