//! The hybrid mode measured (feature `dense`): the collection indexed by the production
//! registry with an embedder, then three runs scored side by side: BM25 alone, dense alone
//! and the production fusion ([`SiteIndex::retrieve`]), plus a table of other fusion settings
//! computed from the same two candidate lists, which is how
//! [`crate::fusion::HYBRID_FUSION`] was chosen on a
//! training split.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::dense::{DenseError, Embedder, TextRole, passage_text};
use crate::fusion::Fusion;
use crate::import::Page;
use crate::index::{IndexError, IndexRegistry, SiteIndex, fuse_hits};

use super::beir::{Document, Qrels, Query};
use super::metrics::{Ranking, Scores, score};
use super::{
    EvalOptions, Evaluation, PASSAGES_PER_DOCUMENT, bm25_run, document_page, document_ranking,
};

/// The fusion settings compared besides the production one.
pub const FUSION_SWEEP: &[Fusion] = &[
    Fusion::ReciprocalRank { k: 10.0 },
    Fusion::ReciprocalRank { k: 60.0 },
    Fusion::Convex {
        lexical_weight: 0.3,
    },
    Fusion::Convex {
        lexical_weight: 0.4,
    },
    Fusion::Convex {
        lexical_weight: 0.5,
    },
    Fusion::Convex {
        lexical_weight: 0.6,
    },
    Fusion::Convex {
        lexical_weight: 0.7,
    },
    Fusion::Convex {
        lexical_weight: 0.8,
    },
];

/// Passages embedded to measure the embedding rate.
const RATE_SAMPLE: usize = 64;

/// BM25, dense, hybrid and the fusion table of one collection.
pub struct HybridEvaluation {
    /// BM25 alone (production without the feature).
    pub bm25: Evaluation,
    /// Dense retrieval alone.
    pub dense: Evaluation,
    /// The production hybrid mode.
    pub hybrid: Evaluation,
    /// Scores of each setting of [`FUSION_SWEEP`].
    pub sweep: Vec<(Fusion, Scores)>,
    /// Passages embedded per second, measured on a sample.
    pub passages_embedded_per_second: f64,
}

/// Indexes `corpus` in `index_dir` with `embedder` (reusing the vectors of a previous run in
/// the same folder), runs `queries` every way and scores each run against `qrels`.
pub fn evaluate_hybrid(
    corpus: &[Document],
    queries: &[Query],
    qrels: &Qrels,
    options: EvalOptions,
    index_dir: &Path,
    embedder: Arc<Embedder>,
) -> Result<HybridEvaluation, IndexError> {
    let pages: Vec<Page> = corpus
        .iter()
        .filter_map(|d| document_page(d, options.chunk_words))
        .collect();
    let passages_embedded_per_second = embedding_rate(&embedder, &pages)?;
    let index = IndexRegistry::new(index_dir)
        .with_embedder(embedder)
        .rebuild("eval", options.language, collection_version(&pages), &pages)?;

    let started = Instant::now();
    let bm25 = bm25_run(&index, queries, options.depth)?;
    let bm25_seconds = started.elapsed().as_secs_f64();
    let depth = options.depth * PASSAGES_PER_DOCUMENT;

    let mut candidates = Vec::with_capacity(queries.len());
    let started = Instant::now();
    for query in queries {
        let semantic = index
            .semantic_search(&query.text, depth)?
            .unwrap_or_default();
        candidates.push(semantic);
    }
    let dense_seconds = started.elapsed().as_secs_f64();
    let dense: HashMap<String, Ranking> = queries
        .iter()
        .zip(&candidates)
        .map(|(q, hits)| (q.id.clone(), document_ranking(hits, options.depth)))
        .collect();

    let started = Instant::now();
    let hybrid = production_run(&index, queries, options.depth)?;
    let hybrid_seconds = started.elapsed().as_secs_f64();

    let lexical: Vec<_> = queries
        .iter()
        .map(|q| index.search(&q.text, depth))
        .collect::<Result<_, _>>()?;
    let sweep = FUSION_SWEEP
        .iter()
        .map(|&fusion| {
            let run: HashMap<String, Ranking> = queries
                .iter()
                .zip(lexical.iter().zip(&candidates))
                .map(|(q, (lexical, semantic))| {
                    let fused = fuse_hits(lexical, semantic, fusion, depth);
                    (q.id.clone(), document_ranking(&fused, options.depth))
                })
                .collect();
            (fusion, score(&run, qrels))
        })
        .collect();

    let evaluation = |run: HashMap<String, Ranking>, seconds: f64| Evaluation {
        scores: score(&run, qrels),
        passages: index.passage_count(),
        queries_per_second: queries.len() as f64 / seconds.max(f64::EPSILON),
        run,
    };
    Ok(HybridEvaluation {
        bm25: evaluation(bm25, bm25_seconds),
        dense: evaluation(dense, dense_seconds),
        hybrid: evaluation(hybrid, hybrid_seconds),
        sweep,
        passages_embedded_per_second,
    })
}

/// Each query's documents through the production path, [`SiteIndex::retrieve`], which fuses
/// with [`crate::fusion::HYBRID_FUSION`].
fn production_run(
    index: &SiteIndex,
    queries: &[Query],
    depth: usize,
) -> Result<HashMap<String, Ranking>, IndexError> {
    let mut run = HashMap::with_capacity(queries.len());
    for query in queries {
        let terms = crate::index::unweighted(index.analyze(&query.text));
        let hits = index.retrieve(&query.text, &terms, depth * PASSAGES_PER_DOCUMENT)?;
        run.insert(query.id.clone(), document_ranking(&hits, depth));
    }
    Ok(run)
}

/// A version number that changes with the collection's passages, so that a kept index folder
/// is reopened only for the same collection cut the same way.
fn collection_version(pages: &[Page]) -> i64 {
    let mut hash = Sha256::new();
    for page in pages {
        hash.update(page.url.as_bytes());
        for chunk in &page.chunks {
            hash.update(chunk.text.as_bytes());
        }
    }
    let digest = hash.finalize();
    i64::from_le_bytes(digest[..8].try_into().unwrap_or_default()) & i64::MAX
}

/// Passages per second of the embedder on the collection's first passages.
fn embedding_rate(embedder: &Embedder, pages: &[Page]) -> Result<f64, DenseError> {
    let sample: Vec<String> = pages
        .iter()
        .flat_map(|p| {
            p.chunks
                .iter()
                .map(|c| passage_text(&p.title, &c.heading, &c.text))
        })
        .take(RATE_SAMPLE)
        .collect();
    let started = Instant::now();
    embedder.embed(
        &sample.iter().map(String::as_str).collect::<Vec<_>>(),
        TextRole::Passage,
    )?;
    Ok(sample.len() as f64 / started.elapsed().as_secs_f64().max(f64::EPSILON))
}
