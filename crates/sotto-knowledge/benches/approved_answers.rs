//! What approved answers cost a turn: a site with 1,000 of them. The site is StackFAQ's corpus
//! (`../shared/eval/rag/stackfaq`, 719 answers); its approved answers are 1,000 of its
//! paraphrased help questions, each approved with the text of the answer it has in the
//! relevance judgements. Every other question of the collection (and SciFact's claims, on
//! other subjects) is then matched against them, one at a time after a warm-up, beside the
//! built-in answer of the same question on the same site: what the check adds to a turn, and
//! how long indexing 1,000 approved answers takes (what a node pays once per change). With
//! `--features dense` and the e5 image in `models/multilingual-e5-small/`, the hybrid mode's
//! matching by meaning is timed too.
//!
//! `cargo bench -p sotto-knowledge --bench approved_answers [--features dense]` (skipped, with
//! a message, when the collections are not there).

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use sotto_knowledge::answer::approved::{ApprovedAnswer, ApprovedAnswers, ApprovedReply};
use sotto_knowledge::eval::beir::{read_corpus, read_qrels, read_queries};
use sotto_knowledge::eval::document_page;
use sotto_knowledge::index::IndexRegistry;
use sotto_knowledge::{ExtractiveAnswerer, Language};

/// Approved answers on the site.
const APPROVED: usize = 1_000;

fn percentile(sorted: &[Duration], share: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * share).round() as usize].as_secs_f64() * 1e3
}

fn report(what: &str, mut latencies: Vec<Duration>) -> f64 {
    latencies.sort();
    let p50 = percentile(&latencies, 0.50);
    println!(
        "{what:<44} p50 {p50:>7.3} ms   p99 {:>7.3} ms",
        percentile(&latencies, 0.99)
    );
    p50
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/rag");
    let stackfaq = root.join("stackfaq");
    if !stackfaq.join("corpus.jsonl").is_file() {
        println!("skipped: {} not found", stackfaq.display());
        return;
    }
    let corpus = read_corpus(&stackfaq.join("corpus.jsonl")).unwrap();
    let texts: HashMap<&str, &str> = corpus
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    let pages: Vec<_> = corpus
        .iter()
        .filter_map(|d| document_page(d, sotto_knowledge::chunk::MAX_WORDS))
        .collect();
    let queries = read_queries(&stackfaq.join("queries.jsonl")).unwrap();
    let qrels = read_qrels(&stackfaq.join("qrels.tsv")).unwrap();
    let approved: Vec<ApprovedAnswer> = queries
        .iter()
        .filter_map(|q| {
            let answer = qrels.get(&q.id)?.keys().next()?;
            Some(ApprovedAnswer {
                id: q.id.clone(),
                questions: vec![q.text.clone()],
                replies: vec![ApprovedReply {
                    language: Language::En,
                    text: texts.get(answer.as_str())?.to_string(),
                }],
                citations: Vec::new(),
            })
        })
        .take(APPROVED)
        .collect();
    assert_eq!(approved.len(), APPROVED, "StackFAQ has enough questions");
    let mut asked: Vec<String> = queries
        .iter()
        .skip(APPROVED)
        .map(|q| q.text.clone())
        .collect();
    if let Ok(claims) = read_queries(&root.join("scifact/queries.jsonl")) {
        asked.extend(claims.into_iter().take(300).map(|q| q.text));
    }

    let dir = tempfile::tempdir().unwrap();
    let index = IndexRegistry::new(dir.path())
        .rebuild("bench", Language::En, 1, &pages)
        .unwrap();
    let started = Instant::now();
    let answers = ApprovedAnswers::build(Language::En, approved.clone()).unwrap();
    println!(
        "site: {} passages; {} approved answers indexed in {:.0} ms",
        index.passage_count(),
        answers.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let answerer = ExtractiveAnswerer::default();
    let timed = |run: &dyn Fn(&str)| -> Vec<Duration> {
        for question in &asked {
            run(question);
        }
        asked
            .iter()
            .map(|question| {
                let started = Instant::now();
                run(question);
                started.elapsed()
            })
            .collect()
    };
    println!("{} questions, one at a time", asked.len());
    let answer = report(
        "built-in answer (retrieve, rerank, pick)",
        timed(&|q| {
            answerer.answer_with_passages(&index, q).unwrap();
        }),
    );
    let matched = asked
        .iter()
        .filter(|q| answers.find(&index, q).unwrap().is_some())
        .count();
    let check = report(
        "approved-answer check, 1,000 answers",
        timed(&|q| {
            answers.find(&index, q).unwrap();
        }),
    );
    println!(
        "the check adds {:.0} % to the built-in answer's time; {matched} of the {} questions got an approved answer",
        100.0 * check / answer,
        asked.len()
    );
    #[cfg(feature = "dense")]
    {
        let model =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/multilingual-e5-small");
        if !model.exists() {
            println!("hybrid: skipped, no model in {}", model.display());
            return;
        }
        let embedder = std::sync::Arc::new(sotto_knowledge::dense::Embedder::load(&model).unwrap());
        let started = Instant::now();
        let answers = ApprovedAnswers::build(Language::En, approved)
            .unwrap()
            .with_meaning(embedder, None)
            .unwrap();
        println!(
            "hybrid: 1,000 approved answers indexed and embedded in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let hybrid = report(
            "approved-answer check by words and meaning",
            timed(&|q| {
                answers.find(&index, q).unwrap();
            }),
        );
        println!(
            "the hybrid check adds {:.0} % to the built-in answer's time",
            100.0 * hybrid / answer
        );
    }
}
