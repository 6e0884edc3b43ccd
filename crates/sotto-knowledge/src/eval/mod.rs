//! Retrieval evaluation on public collections: index a BEIR-form corpus with exactly the
//! production pipeline (extraction to sections, chunking, analysis, BM25 with field boosts),
//! run every query, and score the run with trec_eval's conventions. [`answers`] measures whole
//! answers on folders of small websites with their visitors' questions.

pub mod answers;
pub mod beir;
#[cfg(feature = "dense")]
pub mod hybrid;
pub mod metrics;

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use crate::extract::{ExtractedPage, Section};
use crate::import::{Page, build_page};
use crate::index::{IndexError, IndexRegistry, SiteIndex};
use crate::language::Language;
use beir::{Document, Qrels, Query};
use metrics::{Ranking, Scores, score, trec_order};

/// How to index and query.
#[derive(Debug, Clone, Copy)]
pub struct EvalOptions {
    /// Content language (stemmer and stop words).
    pub language: Language,
    /// Passage size in words, as in production's chunker.
    pub chunk_words: usize,
    /// Documents kept per query in the run.
    pub depth: usize,
}

impl Default for EvalOptions {
    fn default() -> Self {
        Self {
            language: Language::En,
            chunk_words: crate::chunk::MAX_WORDS,
            depth: 100,
        }
    }
}

/// What an evaluation measured.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Each query's ranked documents (max-passage: a document scores as its best passage).
    pub run: HashMap<String, Ranking>,
    /// Mean figures.
    pub scores: Scores,
    /// Passages indexed.
    pub passages: u64,
    /// Queries answered per second (retrieval only, one thread).
    pub queries_per_second: f64,
}

/// A collection's document as a page, through the production pipeline (one section, passages
/// of `chunk_words`); `None` for an empty document.
pub fn document_page(document: &Document, chunk_words: usize) -> Option<Page> {
    let extracted = ExtractedPage {
        title: document.title.clone(),
        language: None,
        declared_url: None,
        sections: vec![Section {
            heading: String::new(),
            paragraphs: vec![crate::extract::normalize_space(&document.text)],
        }],
    };
    build_page(extracted, &document.id, "", chunk_words)
}

/// Passages fetched per kept document, so that max-passage still leaves `depth` documents.
const PASSAGES_PER_DOCUMENT: usize = 5;

/// Indexes `corpus` under `index_dir`, runs `queries` and scores them against `qrels`.
pub fn evaluate(
    corpus: &[Document],
    queries: &[Query],
    qrels: &Qrels,
    options: EvalOptions,
    index_dir: &Path,
) -> Result<Evaluation, IndexError> {
    let (_, index) = index_corpus(corpus, options, index_dir)?;
    let started = Instant::now();
    let run = bm25_run(&index, queries, options.depth)?;
    let elapsed = started.elapsed().as_secs_f64().max(f64::EPSILON);
    Ok(Evaluation {
        scores: score(&run, qrels),
        passages: index.passage_count(),
        queries_per_second: queries.len() as f64 / elapsed,
        run,
    })
}

/// The corpus as pages, and their BM25 index under `index_dir`.
fn index_corpus(
    corpus: &[Document],
    options: EvalOptions,
    index_dir: &Path,
) -> Result<(Vec<Page>, std::sync::Arc<SiteIndex>), IndexError> {
    let pages: Vec<Page> = corpus
        .iter()
        .filter_map(|d| document_page(d, options.chunk_words))
        .collect();
    let index = IndexRegistry::new(index_dir).rebuild("eval", options.language, 1, &pages)?;
    Ok((pages, index))
}

/// Each query's BM25 ranking of documents, `depth` deep.
fn bm25_run(
    index: &SiteIndex,
    queries: &[Query],
    depth: usize,
) -> Result<HashMap<String, Ranking>, IndexError> {
    let mut run = HashMap::with_capacity(queries.len());
    for query in queries {
        let hits = index.search(&query.text, depth * PASSAGES_PER_DOCUMENT)?;
        run.insert(query.id.clone(), document_ranking(&hits, depth));
    }
    Ok(run)
}

/// Passages to documents: a document scores as its best passage; `depth` documents kept.
fn document_ranking(hits: &[crate::index::Hit], depth: usize) -> Ranking {
    let mut ranking: Ranking = hits.iter().map(|h| (h.url.clone(), h.score)).collect();
    trec_order(&mut ranking);
    ranking.truncate(depth);
    ranking
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            title: title.into(),
            text: text.into(),
        }
    }

    #[test]
    fn finds_the_relevant_documents_of_a_tiny_collection() {
        let corpus = vec![
            doc(
                "d1",
                "Vitamin D and bone density",
                "Vitamin D supplements raise bone mineral density in older adults.",
            ),
            doc(
                "d2",
                "Aspirin",
                "Aspirin lowers the risk of a second heart attack.",
            ),
            doc(
                "d3",
                "Sleep",
                "Short sleep is linked to obesity in children.",
            ),
        ];
        let queries = vec![
            Query {
                id: "q1".into(),
                text: "aspirin prevents heart attacks".into(),
            },
            Query {
                id: "q2".into(),
                text: "children who sleep little become obese".into(),
            },
        ];
        let mut qrels = Qrels::new();
        qrels.entry("q1".into()).or_default().insert("d2".into(), 1);
        qrels.entry("q2".into()).or_default().insert("d3".into(), 1);
        let dir = tempfile::tempdir().unwrap();
        let evaluation = evaluate(
            &corpus,
            &queries,
            &qrels,
            EvalOptions::default(),
            dir.path(),
        )
        .unwrap();
        assert_eq!(evaluation.scores.queries, 2);
        assert_eq!(evaluation.scores.mrr_at_10, 1.0);
        assert_eq!(evaluation.passages, 3);
        assert_eq!(evaluation.run["q1"][0].0, "d2");
    }
}
