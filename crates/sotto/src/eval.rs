//! `sotto eval retrieval`: retrieval figures on a BEIR-form collection, indexed in a throwaway
//! folder with the same pipeline as production.

use std::io::Write;

use anyhow::{Context, Result};
use sotto_knowledge::Language;
use sotto_knowledge::eval::{EvalOptions, beir, evaluate, metrics::write_trec};

use crate::cli::{EvalCommand, EvalRetrievalArgs};

/// Runs an evaluation command.
pub fn run(command: &EvalCommand) -> Result<()> {
    match command {
        EvalCommand::Retrieval(args) => retrieval(args),
    }
}

fn retrieval(args: &EvalRetrievalArgs) -> Result<()> {
    let language = Language::from_tag(&args.language)
        .with_context(|| format!("unsupported language {:?}", args.language))?;
    anyhow::ensure!(args.chunk_words > 0, "--chunk-words must be at least 1");
    let corpus = beir::read_corpus(&args.corpus)?;
    let queries = beir::read_queries(&args.queries)?;
    let qrels = beir::read_qrels(&args.qrels)?;
    let throwaway = tempfile::tempdir().context("cannot create a temporary index folder")?;
    let index_dir = match &args.index_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            dir.as_path()
        }
        None => throwaway.path(),
    };
    let options = EvalOptions {
        language,
        chunk_words: args.chunk_words,
        ..EvalOptions::default()
    };
    #[cfg(feature = "dense")]
    if let Some(model) = &args.hybrid {
        return hybrid(args, model, &corpus, &queries, &qrels, options, index_dir);
    }
    let evaluation = evaluate(&corpus, &queries, &qrels, options, index_dir)?;
    if let Some(path) = &args.run {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        write_trec(&evaluation.run, "sotto-bm25", &mut out)?;
        out.flush()?;
    }
    let s = evaluation.scores;
    if args.json {
        let figures = serde_json::json!({
            "ndcg@10": s.ndcg_at_10,
            "mrr@10": s.mrr_at_10,
            "recall@10": s.recall_at_10,
            "recall@100": s.recall_at_100,
            "queries": s.queries,
            "documents": corpus.len(),
            "passages": evaluation.passages,
            "queries_per_second": evaluation.queries_per_second,
        });
        println!("{figures}");
    } else {
        println!(
            "documents: {} ({} passages), judged queries: {}",
            corpus.len(),
            evaluation.passages,
            s.queries
        );
        println!("nDCG@10    {:.4}", s.ndcg_at_10);
        println!("MRR@10     {:.4}", s.mrr_at_10);
        println!("Recall@10  {:.4}", s.recall_at_10);
        println!("Recall@100 {:.4}", s.recall_at_100);
        println!("queries/s  {:.0}", evaluation.queries_per_second);
    }
    Ok(())
}

/// BM25, dense and hybrid figures side by side; the run written is the hybrid one.
#[cfg(feature = "dense")]
fn hybrid(
    args: &EvalRetrievalArgs,
    model: &std::path::Path,
    corpus: &[beir::Document],
    queries: &[beir::Query],
    qrels: &beir::Qrels,
    options: EvalOptions,
    index_dir: &std::path::Path,
) -> Result<()> {
    use sotto_knowledge::dense::Embedder;
    use sotto_knowledge::eval::hybrid::evaluate_hybrid;

    let embedder = std::sync::Arc::new(Embedder::load(model)?);
    eprintln!("embedding the passages not embedded yet in the index folder: minutes on a CPU");
    let measured = evaluate_hybrid(corpus, queries, qrels, options, index_dir, embedder)?;
    if let Some(path) = &args.run {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        write_trec(&measured.hybrid.run, "sotto-hybrid", &mut out)?;
        out.flush()?;
    }
    println!(
        "documents: {} ({} passages, embedded at {:.0}/s), judged queries: {}",
        corpus.len(),
        measured.bm25.passages,
        measured.passages_embedded_per_second,
        measured.bm25.scores.queries
    );
    println!("mode    nDCG@10  MRR@10  Recall@10  Recall@100  queries/s");
    for (mode, e) in [
        ("bm25", &measured.bm25),
        ("dense", &measured.dense),
        ("hybrid", &measured.hybrid),
    ] {
        let s = e.scores;
        println!(
            "{mode:<7} {:.4}   {:.4}  {:.4}     {:.4}      {:.0}",
            s.ndcg_at_10, s.mrr_at_10, s.recall_at_10, s.recall_at_100, e.queries_per_second
        );
    }
    println!(
        "fusion settings (production: {}):",
        sotto_knowledge::fusion::HYBRID_FUSION
    );
    for (fusion, s) in &measured.sweep {
        println!(
            "  {:<16} {:.4}   {:.4}  {:.4}     {:.4}",
            fusion.to_string(),
            s.ndcg_at_10,
            s.mrr_at_10,
            s.recall_at_10,
            s.recall_at_100
        );
    }
    Ok(())
}
