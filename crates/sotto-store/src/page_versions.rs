//! Earlier versions of a site's pages. When a crawl or an import changes or removes a page,
//! the text it replaces is kept as a version, so that an answer given from it can still show
//! what the site said at the time; the retention sweep drops a version once no stored
//! conversation can have cited it. Pages are the site's public content, kept in the clear in
//! the main store like the current pages.

use sotto_core::UnixTime;

use crate::KnowledgeChunk;

/// One version of a page: the current one or a superseded one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageVersionRecord {
    /// The page's canonical URL.
    pub url: String,
    /// Its title in this version.
    pub title: String,
    /// Its declared language in this version.
    pub language: Option<String>,
    /// The digest of this version's content (the page's content hash then).
    pub digest: String,
    /// When the crawl or import stored this content.
    pub stored_at: UnixTime,
    /// When a later crawl or import replaced or removed it; `None` while it is current.
    pub superseded_at: Option<UnixTime>,
    /// Its passages in reading order.
    pub chunks: Vec<KnowledgeChunk>,
}
