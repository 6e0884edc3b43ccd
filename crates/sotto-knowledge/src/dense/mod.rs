//! Dense retrieval for the hybrid mode (cargo feature `dense`): passages and questions embedded
//! with candle by multilingual-e5-small (`scripts/fetch-e5.sh`) or all-MiniLM-L6-v2
//! (`scripts/fetch-minilm.sh`), from local files only, and each site's passage vectors kept on disk beside its BM25
//! index so that a rebuild embeds only the passages whose text changed. The two rankings are
//! fused by [`crate::fusion`].

mod e5;
mod embedder;
mod minilm;
mod vectors;

pub use embedder::{E5_IMAGE, Embedder, TextRole, passage_text};
pub use vectors::PassageVectors;

/// Why the model could not be loaded or run, or the vectors not kept.
#[derive(Debug, thiserror::Error)]
pub enum DenseError {
    /// A model file is missing or unreadable.
    #[error("cannot read the model folder: {0}")]
    Files(String),
    /// The network failed to run.
    #[error("the embedding model failed: {0}")]
    Model(#[from] candle_core::Error),
    /// The tokenizer failed.
    #[error("the tokenizer failed: {0}")]
    Tokenizer(String),
    /// The vector file could not be read or written.
    #[error("passage vectors: {0}")]
    Io(#[from] std::io::Error),
}
