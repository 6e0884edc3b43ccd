//! A site's own answer tests: questions the team keeps with the fact a right answer must
//! state, and the runs that asked them after each crawl or import. Like approved answers they
//! are the team's words about the business, kept in the main store in the clear; their
//! content and each run's results are JSON documents of the app layer.

use sotto_core::{SiteId, TenantId, UnixTime};

/// One answer test of a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteTestRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// The site it tests.
    pub site_id: SiteId,
    /// Its identifier within the site.
    pub id: String,
    /// Its content (JSON of the app layer).
    pub body: String,
    /// When it was written.
    pub created_at: UnixTime,
    /// When it last changed.
    pub updated_at: UnixTime,
}

/// One run of a site's answer tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteTestRunRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// The site whose tests ran.
    pub site_id: SiteId,
    /// Its identifier within the site.
    pub id: String,
    /// When it ran.
    pub ran_at: UnixTime,
    /// Its results (JSON of the app layer).
    pub body: String,
}
