//! A citation: the page an answer drew from, so the visitor can check it, and the version of
//! that page the answer read, so the business can show later what its site said at the time.

use serde::{Deserialize, Serialize};

use crate::UnixTime;

/// One cited page of the site's own content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Citation {
    /// The page's canonical URL.
    pub url: String,
    /// The page title.
    pub title: String,
    /// The passage the answer used, shortened.
    pub snippet: String,
    /// The version of the page the answer read; absent on answers given before versions were
    /// recorded, and on pages an index was built from without storing them (unit tests, the
    /// benchmark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<PageVersion>,
}

/// One version of a site's page: the digest of its extracted content and when Sotto took it
/// (the crawl or import that stored it). An answer keeps the version it read; the page's later
/// changes do not move it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PageVersion {
    /// SHA-256 (hex) of the page's title and passages.
    pub digest: String,
    /// When the crawl or import stored this content (Unix seconds).
    pub stored_at: UnixTime,
}
