//! Approved answers: the replies a site's team wrote for questions its pages answered badly.
//! They are the team's words about the business, not a visitor's data, so they are kept in
//! the main store in the clear, beside the pages they cite; their content (questions, replies
//! in each language, citations, where they came from) is a JSON document of the app layer.

use sotto_core::{SiteId, TenantId, UnixTime};

/// One approved answer of a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedAnswerRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// The site it answers on.
    pub site_id: SiteId,
    /// Its identifier within the site.
    pub id: String,
    /// Whether visitors get it; a switched-off answer is kept for the team to edit.
    pub enabled: bool,
    /// Its content (JSON of the app layer).
    pub body: String,
    /// When it was written.
    pub created_at: UnixTime,
    /// When it last changed.
    pub updated_at: UnixTime,
}
