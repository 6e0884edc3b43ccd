//! One lock per site, for work that must not run twice at once on one site in this process
//! (indexing its approved answers, running its answer tests) while other sites go on.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sotto_core::SiteId;

/// A lazily made async lock per site.
#[derive(Default)]
pub(crate) struct SiteLocks(Mutex<HashMap<SiteId, Arc<tokio::sync::Mutex<()>>>>);

impl SiteLocks {
    /// The lock of `site`.
    pub(crate) fn of(&self, site: &SiteId) -> Arc<tokio::sync::Mutex<()>> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(site.clone())
            .or_default()
            .clone()
    }

    /// Drops `site`'s lock (the site or its tenant is gone).
    pub(crate) fn forget(&self, site: &SiteId) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(site);
    }
}
