//! Query latency of the production answer path (retrieval, coverage re-ranking, sentence
//! choice) on one index of at least 10,000 passages: the SciFact and StackFAQ corpora of
//! `../shared/eval/rag/`, indexed together at the production passage size (8,416 passages),
//! topped up to 10,000 with copies of SciFact documents under new URLs (which makes every
//! posting list longer, so the figure errs on the slow side). Every query of both collections
//! is asked once to warm up, then timed one at a time; prints p50, p99 and queries/s, and
//! retrieval alone beside it.
//!
//! `cargo bench -p sotto-knowledge --bench query_latency` (skipped, with a message, when the
//! collections are not there).

use std::path::Path;
use std::time::{Duration, Instant};

use sotto_knowledge::eval::beir::{read_corpus, read_queries};
use sotto_knowledge::eval::document_page;
use sotto_knowledge::index::IndexRegistry;
use sotto_knowledge::{ExtractiveAnswerer, Language};

/// Passages the index must hold at least.
const MIN_PASSAGES: usize = 10_000;

fn percentile(sorted: &[Duration], share: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * share).round() as usize]
}

fn report(what: &str, mut latencies: Vec<Duration>) {
    latencies.sort();
    let total: Duration = latencies.iter().sum();
    println!(
        "{what:<32} p50 {:>7.3} ms   p99 {:>7.3} ms   {:>6.0} queries/s",
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.len() as f64 / total.as_secs_f64()
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/rag");
    if !root.join("scifact/corpus.jsonl").is_file() {
        println!("skipped: {} not found", root.display());
        return;
    }
    let mut pages = Vec::new();
    let mut questions = Vec::new();
    for collection in ["scifact", "stackfaq"] {
        let corpus = read_corpus(&root.join(collection).join("corpus.jsonl")).unwrap();
        pages.extend(
            corpus
                .iter()
                .filter_map(|d| document_page(d, sotto_knowledge::chunk::MAX_WORDS)),
        );
        let queries = read_queries(&root.join(collection).join("queries.jsonl")).unwrap();
        questions.extend(queries.into_iter().map(|q| q.text));
    }
    let original = pages.clone();
    let passages =
        |pages: &[sotto_knowledge::Page]| pages.iter().map(|p| p.chunks.len()).sum::<usize>();
    let mut copy = original.iter().cycle().enumerate();
    while passages(&pages) < MIN_PASSAGES {
        let (n, page) = copy.next().expect("a non-empty corpus");
        let mut again = page.clone();
        again.url = format!("{}#copy-{n}", page.url);
        pages.push(again);
    }
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let index = IndexRegistry::new(dir.path())
        .rebuild("bench", Language::En, 1, &pages)
        .unwrap();
    println!(
        "index: {} pages ({} originals), {} passages, built in {:.1} s",
        pages.len(),
        original.len(),
        index.passage_count(),
        started.elapsed().as_secs_f64()
    );
    let answerer = ExtractiveAnswerer::default();
    for question in &questions {
        answerer.answer(&index, question).unwrap();
    }
    let timed = |run: &dyn Fn(&str)| -> Vec<Duration> {
        questions
            .iter()
            .map(|question| {
                let started = Instant::now();
                run(question);
                started.elapsed()
            })
            .collect()
    };
    println!("{} queries", questions.len());
    report(
        "answer (retrieve, rerank, pick)",
        timed(&|q| {
            answerer.answer_with_passages(&index, q).unwrap();
        }),
    );
    report(
        "retrieval alone (top 5)",
        timed(&|q| {
            index.search(q, 5).unwrap();
        }),
    );
}
