//! `[retrieval]`: how questions find passages. BM25 alone by default; with an embedding model
//! folder (builds with the cargo feature `dense`), the hybrid mode fuses BM25 with the
//! passages nearest by meaning.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sotto_knowledge::IndexRegistry;

use crate::{AppError, AppResult};

/// The retrieval settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RetrievalConfig {
    /// Folder of the all-MiniLM-L6-v2 model (`scripts/fetch-minilm.sh`): turns on the hybrid
    /// mode. Only builds with the `dense` feature accept it; others refuse to start rather
    /// than silently answer from BM25 alone.
    pub embedding_model: Option<PathBuf>,
}

/// `indexes` in the mode the configuration asks for.
pub(crate) fn configured(
    indexes: IndexRegistry,
    config: &RetrievalConfig,
) -> AppResult<IndexRegistry> {
    let Some(folder) = &config.embedding_model else {
        return Ok(indexes);
    };
    #[cfg(feature = "dense")]
    {
        let embedder = sotto_knowledge::dense::Embedder::load(folder)
            .map_err(|error| AppError::Setup(format!("[retrieval] embedding_model: {error}")))?;
        tracing::info!("hybrid retrieval on: passages are embedded when a site index is built");
        Ok(indexes.with_embedder(std::sync::Arc::new(embedder)))
    }
    #[cfg(not(feature = "dense"))]
    Err(AppError::Setup(format!(
        "[retrieval] embedding_model is set ({}) but this build has no hybrid mode: build with --features dense",
        folder.display()
    )))
}
