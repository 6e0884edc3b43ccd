//! What the hybrid mode's embedding models cost on this machine: a question embedded one at a
//! time (what every chat turn pays), and passages embedded in batches (what building a site's
//! index pays), for each model whose files are there (`scripts/fetch-e5.sh`,
//! `scripts/fetch-minilm.sh`). Questions are the answer benchmark's (`eval/answers`, both
//! halves: only their text is read), passages the first of SciFact's abstracts.
//!
//! `cargo bench -p sotto-knowledge --features dense --bench embedding`

use std::path::Path;
use std::time::{Duration, Instant};

use sotto_knowledge::dense::{Embedder, TextRole};
use sotto_knowledge::eval::answers::{load_site, site_folders};
use sotto_knowledge::eval::beir::read_corpus;

/// Abstracts embedded for the passage rate.
const PASSAGES: usize = 64;

fn percentile(sorted: &[Duration], share: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * share).round() as usize].as_secs_f64() * 1e3
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let questions: Vec<String> = site_folders(&root.join("eval/answers"))
        .unwrap()
        .iter()
        .flat_map(|folder| load_site(folder).unwrap().questions)
        .map(|q| q.text)
        .collect();
    let scifact = root.join("../shared/eval/rag/scifact/corpus.jsonl");
    let passages: Vec<String> = if scifact.is_file() {
        read_corpus(&scifact)
            .unwrap()
            .into_iter()
            .take(PASSAGES)
            .map(|d| format!("{}. {}", d.title, d.text))
            .collect()
    } else {
        Vec::new()
    };
    for (name, path) in [
        ("multilingual-e5-small", "models/multilingual-e5-small"),
        ("all-MiniLM-L6-v2", "models/all-minilm-l6-v2"),
    ] {
        let path = root.join(path);
        if !path.exists() {
            println!("{name}: skipped, no model in {}", path.display());
            continue;
        }
        let started = Instant::now();
        let embedder = Embedder::load(&path).unwrap();
        println!("{name}: loaded in {:.2} s", started.elapsed().as_secs_f64());
        embedder
            .embed(&[questions[0].as_str()], TextRole::Question)
            .unwrap();
        let mut latencies: Vec<Duration> = questions
            .iter()
            .map(|question| {
                let started = Instant::now();
                embedder
                    .embed(&[question.as_str()], TextRole::Question)
                    .unwrap();
                started.elapsed()
            })
            .collect();
        latencies.sort();
        println!(
            "  one question ({} questions): p50 {:.1} ms, p99 {:.1} ms",
            latencies.len(),
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.99)
        );
        if !passages.is_empty() {
            let texts: Vec<&str> = passages.iter().map(String::as_str).collect();
            let started = Instant::now();
            embedder.embed(&texts, TextRole::Passage).unwrap();
            println!(
                "  passages (SciFact abstracts, {} in batches): {:.1} per second",
                texts.len(),
                texts.len() as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
}
