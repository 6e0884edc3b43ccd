//! The hybrid mode measured (feature `dense`): the BM25 run of [`super::evaluate`], a dense
//! run (every passage and query embedded, nearest passages by cosine, a document scoring as
//! its best passage), and their reciprocal-rank fusion, scored side by side.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use crate::dense::{DenseError, DenseIndex, Embedder, RRF_K, reciprocal_rank_fusion};
use crate::index::IndexError;

use super::beir::{Document, Qrels, Query};
use super::metrics::{Ranking, score};
use super::{EvalOptions, Evaluation, PASSAGES_PER_DOCUMENT, bm25_run, index_corpus};

/// Why a hybrid evaluation failed.
#[derive(Debug, thiserror::Error)]
pub enum HybridError {
    /// The BM25 index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The embedding model failed.
    #[error(transparent)]
    Dense(#[from] DenseError),
}

/// BM25, dense and fused figures of one collection.
pub struct HybridEvaluation {
    /// BM25 alone (production).
    pub bm25: Evaluation,
    /// Dense retrieval alone.
    pub dense: Evaluation,
    /// Reciprocal-rank fusion of the two.
    pub hybrid: Evaluation,
    /// Passages embedded per second (index time).
    pub passages_embedded_per_second: f64,
}

/// Indexes `corpus` both ways, runs `queries` and scores each run against `qrels`.
pub fn evaluate_hybrid(
    corpus: &[Document],
    queries: &[Query],
    qrels: &Qrels,
    options: EvalOptions,
    index_dir: &Path,
    embedder: &Embedder,
) -> Result<HybridEvaluation, HybridError> {
    let (pages, index) = index_corpus(corpus, options, index_dir)?;
    let started = Instant::now();
    let bm25 = bm25_run(&index, queries, options.depth)?;
    let bm25_seconds = started.elapsed().as_secs_f64();

    let (owners, texts): (Vec<&str>, Vec<String>) = pages
        .iter()
        .flat_map(|page| {
            page.chunks
                .iter()
                .map(move |chunk| (page.url.as_str(), format!("{}. {}", page.title, chunk.text)))
        })
        .unzip();
    let started = Instant::now();
    let vectors = embedder.embed(&texts.iter().map(String::as_str).collect::<Vec<_>>())?;
    let passages_embedded_per_second = texts.len() as f64 / started.elapsed().as_secs_f64();
    let dense_index = DenseIndex::new(vectors);

    let started = Instant::now();
    let questions = embedder.embed(&queries.iter().map(|q| q.text.as_str()).collect::<Vec<_>>())?;
    let mut dense = HashMap::with_capacity(queries.len());
    let mut hybrid = HashMap::with_capacity(queries.len());
    for (query, vector) in queries.iter().zip(&questions) {
        let mut ranking: Ranking = Vec::new();
        for (passage, similarity) in
            dense_index.nearest(vector, options.depth * PASSAGES_PER_DOCUMENT)
        {
            if !ranking.iter().any(|(doc, _)| doc == owners[passage]) {
                ranking.push((owners[passage].to_owned(), similarity));
            }
        }
        ranking.truncate(options.depth);
        let lexical: Vec<String> = bm25[&query.id].iter().map(|(doc, _)| doc.clone()).collect();
        let semantic: Vec<String> = ranking.iter().map(|(doc, _)| doc.clone()).collect();
        let mut fused = reciprocal_rank_fusion(&[lexical, semantic], RRF_K);
        fused.truncate(options.depth);
        dense.insert(query.id.clone(), ranking);
        hybrid.insert(query.id.clone(), fused);
    }
    let dense_seconds = started.elapsed().as_secs_f64();
    let evaluation = |run: HashMap<String, Ranking>, seconds: f64| Evaluation {
        scores: score(&run, qrels),
        passages: index.passage_count(),
        queries_per_second: queries.len() as f64 / seconds.max(f64::EPSILON),
        run,
    };
    Ok(HybridEvaluation {
        bm25: evaluation(bm25, bm25_seconds),
        dense: evaluation(dense, dense_seconds),
        hybrid: evaluation(hybrid, bm25_seconds + dense_seconds),
        passages_embedded_per_second,
    })
}
