//! A citation: the page an answer drew from, so the visitor can check it.

use serde::{Deserialize, Serialize};

/// One cited page of the site's own content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Citation {
    /// The page's canonical URL.
    pub url: String,
    /// The page title.
    pub title: String,
    /// The passage the answer used, shortened.
    pub snippet: String,
}
