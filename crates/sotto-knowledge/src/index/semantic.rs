//! The semantic side of a site index (feature `dense`): its passage vectors, kept in
//! `vectors.bin` beside the BM25 index, and the nearest passages by meaning for a question.

use std::path::Path;
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::query::AllQuery;
use tantivy::schema::Value;
use tantivy::{DocAddress, TantivyDocument};

use super::{Hit, IndexError, SiteIndex};
use crate::dense::{Embedder, PassageVectors, TextRole, passage_text};
use crate::import::Page;

/// The vector file in a site's index folder.
const VECTORS_FILE: &str = "vectors.bin";

/// A site's passage vectors and where each passage sits in the BM25 index.
pub(super) struct SemanticSide {
    embedder: Arc<Embedder>,
    vectors: PassageVectors,
    addresses: Vec<DocAddress>,
}

/// The vectors of the index folder `dir`, if they were made by `embedder` (they may serve a
/// rebuild even when the BM25 index is stale).
pub(super) fn previous_vectors(
    dir: &Path,
    embedder: &Embedder,
) -> Result<Option<PassageVectors>, IndexError> {
    Ok(PassageVectors::read(&dir.join(VECTORS_FILE))?.filter(|v| v.made_by(embedder)))
}

/// Embeds the passages of `pages` (reusing `previous` vectors of unchanged texts), writes them
/// to `dir` and attaches them to `site`.
pub(super) fn embed_and_attach(
    site: SiteIndex,
    dir: &Path,
    embedder: &Arc<Embedder>,
    pages: &[Page],
    previous: Option<&PassageVectors>,
) -> Result<SiteIndex, IndexError> {
    let texts: Vec<String> = pages
        .iter()
        .flat_map(|page| {
            page.chunks
                .iter()
                .map(move |chunk| passage_text(&page.title, &chunk.heading, &chunk.text))
        })
        .collect();
    let vectors = PassageVectors::embed(embedder, &texts, previous)?;
    vectors.write(&dir.join(VECTORS_FILE))?;
    tracing::info!(
        passages = vectors.len(),
        embedded = vectors.embedded_now(),
        "passage vectors ready"
    );
    attach(site, embedder, vectors)
}

/// `site` with the vectors found in `dir`; `None` when they are missing, made by another
/// model or not for these passages (the index must then be rebuilt).
pub(super) fn attach_from_disk(
    site: SiteIndex,
    dir: &Path,
    embedder: &Arc<Embedder>,
) -> Result<Option<SiteIndex>, IndexError> {
    match previous_vectors(dir, embedder)? {
        Some(vectors) if vectors.len() as u64 == site.passage_count() => {
            attach(site, embedder, vectors).map(Some)
        }
        _ => Ok(None),
    }
}

fn attach(
    mut site: SiteIndex,
    embedder: &Arc<Embedder>,
    vectors: PassageVectors,
) -> Result<SiteIndex, IndexError> {
    let searcher = site.reader.searcher();
    let mut addresses = vec![DocAddress::new(0, 0); vectors.len()];
    for (_, address) in searcher.search(
        &AllQuery,
        &TopDocs::with_limit(vectors.len().max(1)).order_by_score(),
    )? {
        let doc: TantivyDocument = searcher.doc(address)?;
        let number = doc
            .get_first(site.fields.passage)
            .and_then(|v| v.as_u64())
            .unwrap_or(u64::MAX) as usize;
        if let Some(slot) = addresses.get_mut(number) {
            *slot = address;
        }
    }
    site.semantic = Some(SemanticSide {
        embedder: embedder.clone(),
        vectors,
        addresses,
    });
    Ok(site)
}

impl SiteIndex {
    /// The `limit` passages nearest to `question` by meaning (cosine similarity of their
    /// embeddings), best first; `None` when the index has no passage vectors (BM25 only).
    /// Runs the embedding model: call it where blocking is allowed.
    pub fn semantic_search(
        &self,
        question: &str,
        limit: usize,
    ) -> Result<Option<Vec<Hit>>, IndexError> {
        let Some(side) = &self.semantic else {
            return Ok(None);
        };
        let query = side
            .embedder
            .embed(&[question], TextRole::Question)?
            .pop()
            .unwrap_or_default();
        let searcher = self.reader.searcher();
        side.vectors
            .nearest(&query, limit)
            .into_iter()
            .map(|(number, similarity)| {
                let doc: TantivyDocument = searcher.doc(side.addresses[number])?;
                Ok(Hit {
                    similarity: Some(similarity),
                    ..self.hit(&doc, similarity)
                })
            })
            .collect::<Result<Vec<_>, IndexError>>()
            .map(Some)
    }

    /// Whether `hit` is close enough in meaning to the question it was found for to be worth
    /// a model's reading, by the embedding model's own scale ([`Embedder::close_similarity`]).
    pub fn close_in_meaning(&self, hit: &Hit) -> bool {
        match (&self.semantic, hit.similarity) {
            (Some(side), Some(similarity)) => similarity >= side.embedder.close_similarity(),
            _ => false,
        }
    }

    /// Whether questions are answered in the hybrid mode (the index has passage vectors).
    pub fn is_hybrid(&self) -> bool {
        self.semantic.is_some()
    }

    /// Passages the embedding model ran on when this index was built (the others' vectors
    /// were reused); 0 when it was opened from disk or has no vectors.
    pub fn passages_embedded(&self) -> usize {
        self.semantic
            .as_ref()
            .map_or(0, |side| side.vectors.embedded_now())
    }
}
