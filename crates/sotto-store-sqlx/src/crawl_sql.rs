//! The SQL of crawl runs and page validators, written once for both backends in PostgreSQL's
//! `$n` placeholders (which SQLite binds too), with the row
//! decoder both share.

use sotto_store::{CrawlEnd, CrawlRunRecord, CrawlState, StoreError, StoreResult};
use sqlx::{ColumnIndex, Decode, Row, Type};

use crate::backend;

/// Starts a run unless one is running that started at or after `$6`: `$1` tenant, `$2` site,
/// `$3` start URL, `$4` trigger, `$5` time. Affects no row when refused (or when the tenant
/// has no such site).
pub const BEGIN_CRAWL: &str = "INSERT INTO crawl_runs (tenant_id, site_id, start_url, started_by, state, started_at, finished_at, pages_done, pages_known, report, error)
     SELECT $1, $2, $3, $4, 'running', $5, NULL, 0, 0, NULL, NULL
     WHERE EXISTS (SELECT 1 FROM sites WHERE tenant_id = $1 AND site_id = $2)
     ON CONFLICT (tenant_id, site_id) DO UPDATE SET start_url = excluded.start_url, started_by = excluded.started_by,
         state = 'running', started_at = excluded.started_at, finished_at = NULL, pages_done = 0, pages_known = 0,
         report = NULL, error = NULL
     WHERE crawl_runs.state <> 'running' OR crawl_runs.started_at < $6";
/// Progress of the running crawl: `$1` tenant, `$2` site, `$3` done, `$4` known.
pub const CRAWL_PROGRESS: &str = "UPDATE crawl_runs SET pages_done = $3, pages_known = $4 WHERE tenant_id = $1 AND site_id = $2 AND state = 'running'";
/// Ends the running crawl: `$1` tenant, `$2` site, `$3` state, `$4` time, `$5` report, `$6`
/// error.
pub const FINISH_CRAWL: &str = "UPDATE crawl_runs SET state = $3, finished_at = $4, report = $5, error = $6 WHERE tenant_id = $1 AND site_id = $2 AND state = 'running'";
/// A site's latest run: `$1` tenant, `$2` site.
pub const CRAWL_RUN: &str = "SELECT start_url, started_by, state, started_at, finished_at, pages_done, pages_known, report, error FROM crawl_runs WHERE tenant_id = $1 AND site_id = $2";
/// Refreshes the validators of a page whose content is unchanged: `$1` tenant, `$2` site,
/// `$3` URL, `$4` ETag, `$5` Last-Modified.
pub const SET_VALIDATORS: &str = "UPDATE knowledge_pages SET etag = $4, last_modified = $5 WHERE tenant_id = $1 AND site_id = $2 AND url = $3";

/// A page count as a column value (counts never reach `i64::MAX`; saturates if one did).
pub fn count_column(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// The state, report and error columns of how a crawl ended.
pub fn end_columns(end: CrawlEnd<'_>) -> (&'static str, Option<&str>, Option<&str>) {
    match end {
        CrawlEnd::Finished { report } => (CrawlState::Finished.as_str(), Some(report), None),
        CrawlEnd::Failed { error } => (CrawlState::Failed.as_str(), None, Some(error)),
    }
}

/// Reads a crawl run row of either backend.
pub fn crawl_run<R>(row: &R) -> StoreResult<CrawlRunRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    let state: String = row.try_get("state").map_err(backend)?;
    let count = |column: &str| -> StoreResult<u64> {
        let value: i64 = row.try_get(column).map_err(backend)?;
        u64::try_from(value).map_err(|_| StoreError::Corrupt(format!("{column} column")))
    };
    Ok(CrawlRunRecord {
        start_url: row.try_get("start_url").map_err(backend)?,
        trigger: row.try_get("started_by").map_err(backend)?,
        state: CrawlState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt("crawl state column".into()))?,
        started_at: row.try_get("started_at").map_err(backend)?,
        finished_at: row.try_get("finished_at").map_err(backend)?,
        pages_done: count("pages_done")?,
        pages_known: count("pages_known")?,
        report: row.try_get("report").map_err(backend)?,
        error: row.try_get("error").map_err(backend)?,
    })
}
