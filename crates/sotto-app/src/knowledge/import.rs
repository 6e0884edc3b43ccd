//! Knowledge use cases: importing a folder of pages into a site, and getting a site's search
//! index up to date with the stored knowledge version (rebuilding it when it is stale, e.g. after
//! an import made by another node).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use sotto_core::SiteId;
use sotto_knowledge::{Language, Page, PageChunk, SiteIndex};
use sotto_store::{
    ConversationStore, ImportMode, KnowledgeChunk, KnowledgePage, MainStore, SiteRecord,
};
use tracing::info;

use crate::knowledge::site_test_results::{RunSummary, RunTrigger};
use crate::{AppError, AppResult, Sotto};

/// What an import did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct ImportReport {
    /// Site imported into.
    pub site_id: SiteId,
    /// Pages read from the folder.
    pub pages: usize,
    /// New pages.
    pub added: usize,
    /// Changed pages.
    pub updated: usize,
    /// Pages already stored unchanged.
    pub unchanged: usize,
    /// Pages removed (replace mode).
    pub removed: usize,
    /// Passages now searchable on the site.
    pub passages: u64,
    /// The site's knowledge version after the import.
    pub knowledge_version: i64,
    /// The run of the site's answer tests that followed, when it has tests.
    pub tests: Option<RunSummary>,
}

/// A page as the main store keeps it.
pub(crate) fn to_store(page: Page) -> KnowledgePage {
    KnowledgePage {
        url: page.url,
        title: page.title,
        language: page.language,
        content_hash: page.content_hash,
        stored_at: page.stored_at,
        etag: None,
        last_modified: None,
        chunks: page
            .chunks
            .into_iter()
            .map(|c| KnowledgeChunk {
                heading: c.heading,
                text: c.text,
            })
            .collect(),
    }
}

fn from_store(page: KnowledgePage) -> Page {
    Page {
        url: page.url,
        title: page.title,
        language: page.language,
        content_hash: page.content_hash,
        stored_at: page.stored_at,
        chunks: page
            .chunks
            .into_iter()
            .map(|c| PageChunk {
                heading: c.heading,
                text: c.text,
            })
            .collect(),
    }
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Imports every HTML and Markdown file under `folder` into `site`, then refreshes its
    /// index. `progress(done, total)` is called after each file.
    pub async fn import_folder(
        &self,
        site: &SiteId,
        folder: &Path,
        base_url: Option<&str>,
        mode: ImportMode,
        progress: impl FnMut(usize, usize) + Send + 'static,
    ) -> AppResult<ImportReport> {
        let record = self.site_record(site).await?;
        let folder: PathBuf = folder.to_owned();
        let base_url = base_url.map(str::to_owned);
        let pages = tokio::task::spawn_blocking(move || {
            sotto_knowledge::import::import_folder(&folder, base_url.as_deref(), progress)
        })
        .await
        .map_err(|e| AppError::Setup(format!("import task failed: {e}")))??;
        let page_count = pages.len();
        let pages: Vec<KnowledgePage> = pages.into_iter().map(to_store).collect();
        let outcome = self
            .main
            .upsert_pages(record.tenant_id, site, &pages, mode)
            .await?;
        let record = self.site_record(site).await?;
        let index = self.site_index(&record).await?;
        info!(site = %site, pages = page_count, version = outcome.knowledge_version, "knowledge imported");
        let tests = self.run_site_tests_after(&record, RunTrigger::Import).await;
        Ok(ImportReport {
            site_id: site.clone(),
            pages: page_count,
            added: outcome.added,
            updated: outcome.updated,
            unchanged: outcome.unchanged,
            removed: outcome.removed,
            passages: index.passage_count(),
            knowledge_version: outcome.knowledge_version,
            tests,
        })
    }

    /// The site's search index at the stored knowledge version, rebuilt from the stored pages
    /// when it is missing or stale.
    pub(crate) async fn site_index(&self, site: &SiteRecord) -> AppResult<Arc<SiteIndex>> {
        let language = Language::from_tag(&site.language).unwrap_or_default();
        let name = site.id.as_str();
        if let Some(index) = self
            .indexes
            .current(name, language, site.knowledge_version)?
        {
            return Ok(index);
        }
        let pages: Vec<Page> = self
            .main
            .pages(site.tenant_id, &site.id)
            .await?
            .into_iter()
            .map(from_store)
            .collect();
        let registry = self.indexes.clone();
        let (name, version) = (name.to_owned(), site.knowledge_version);
        let index =
            tokio::task::spawn_blocking(move || registry.rebuild(&name, language, version, &pages))
                .await
                .map_err(|e| AppError::Setup(format!("index task failed: {e}")))??;
        Ok(index)
    }
}
