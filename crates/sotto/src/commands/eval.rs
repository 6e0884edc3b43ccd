//! `sotto eval`: retrieval figures on a BEIR-form collection, indexed in a throwaway folder
//! with the same pipeline as production, and the answer benchmark over a folder of sites.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use sotto_knowledge::Language;
use sotto_knowledge::eval::{EvalOptions, beir, evaluate, metrics::write_trec};

use clap::{Args, Subcommand};

use crate::common::ReportFormat;

/// Evaluation commands.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Index a BEIR-form corpus with the production pipeline, run the queries and print
    /// nDCG@10, MRR@10, Recall@10, Recall@100 and queries/s.
    Retrieval(EvalRetrievalArgs),
    /// Answer every question of a folder of benchmark sites through the visitor's path and
    /// print, per question type and in all, with 95 % intervals: right, confidently wrong and
    /// off-topic declined, for the built-in answerer and with a reading test double in place
    /// of a language model; the tuning half (`dev`) and the held-out half (`test`) apart.
    Answers(EvalAnswersArgs),
    /// Match other wordings of approved questions (paraphrases, typing mistakes,
    /// translations, written blind to the answers) and every other benchmark question against
    /// each site's approved answers, and print how many got the right one (and how many other
    /// questions got one they should not), per half.
    Approved(super::eval_approved::EvalApprovedArgs),
}

/// `sotto eval answers` arguments.
#[derive(Debug, Args)]
pub struct EvalAnswersArgs {
    /// The folder of sites (each with `site.toml`, `pages/` and `questions.tsv`).
    #[arg(default_value = "eval/answers")]
    pub sites: PathBuf,
    /// text, or json for one JSON object.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// The previous release's spelling of `--format json` (hidden).
    #[arg(long, hide = true)]
    pub json: bool,
    /// Also print every wrong or declined answer of the tuning half (`dev`); the held-out
    /// half's are never printed, so that nobody tunes on them.
    #[arg(long)]
    pub failures: bool,
    /// Give each site's approved answers (its `approved.tsv`) first, as the product does.
    #[arg(long)]
    pub with_approved: bool,
    /// The relevance below which the built-in answerer declines (a tuning aid: the default is
    /// the product's).
    #[arg(long)]
    pub min_confidence: Option<f32>,
    /// Answer in the hybrid mode with the embedding model at this path (the e5 image of
    /// scripts/fetch-e5.sh or the all-MiniLM-L6-v2 folder; builds with `--features dense`).
    #[cfg(feature = "dense")]
    #[arg(long, value_name = "MODEL")]
    pub hybrid: Option<PathBuf>,
}

/// `sotto eval retrieval` arguments.
#[derive(Debug, Args)]
pub struct EvalRetrievalArgs {
    /// Corpus, JSON Lines `{"_id"|"id","title","text"}`.
    #[arg(long)]
    pub corpus: PathBuf,
    /// Queries, JSON Lines `{"_id"|"id","text"}`.
    #[arg(long)]
    pub queries: PathBuf,
    /// Relevance judgements, `query-id corpus-id score` with a header line.
    #[arg(long)]
    pub qrels: PathBuf,
    /// Write the run in TREC format here.
    #[arg(long)]
    pub run: Option<PathBuf>,
    /// Content language of the corpus (stemming and stop words).
    #[arg(long, default_value = "en")]
    pub language: String,
    /// Passage size in words (production uses the default).
    #[arg(long, default_value_t = sotto_knowledge::chunk::MAX_WORDS)]
    pub chunk_words: usize,
    /// text, or json for one JSON object.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// The previous release's spelling of `--format json` (hidden).
    #[arg(long, hide = true)]
    pub json: bool,
    /// Keep the index in this folder instead of a throwaway one; a later run on the same
    /// collection reopens it, and the hybrid mode reuses the passage vectors already made.
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Also measure dense retrieval and the hybrid mode with the all-MiniLM-L6-v2 model in
    /// this folder (builds with `--features dense`; scripts/fetch-minilm.sh fetches it).
    #[cfg(feature = "dense")]
    #[arg(long, value_name = "MODEL_DIR")]
    pub hybrid: Option<PathBuf>,
}

/// Runs an evaluation command.
pub fn run(command: &EvalCommand) -> Result<()> {
    match command {
        EvalCommand::Retrieval(args) => retrieval(args),
        EvalCommand::Answers(args) => answers(args),
        EvalCommand::Approved(args) => super::eval_approved::run(args),
    }
}

fn answers(args: &EvalAnswersArgs) -> Result<()> {
    use super::eval_approved::visitor_query;
    use sotto_knowledge::answer::approved::ApprovedAnswers;
    use sotto_knowledge::eval::answers::{self, QuestionType, Report, Tally, wilson};
    use sotto_knowledge::{ExtractiveAnswerer, IndexRegistry};
    use sotto_pii::{Detector, TenantRules};

    let folders = answers::site_folders(&args.sites)
        .with_context(|| format!("cannot list {}", args.sites.display()))?;
    anyhow::ensure!(
        !folders.is_empty(),
        "no site folder (with site.toml) under {}",
        args.sites.display()
    );
    let throwaway = tempfile::tempdir().context("cannot create a temporary index folder")?;
    let registry = IndexRegistry::new(throwaway.path());
    #[cfg(feature = "dense")]
    let registry = match &args.hybrid {
        Some(model) => registry.with_embedder(std::sync::Arc::new(
            sotto_knowledge::dense::Embedder::load(model)?,
        )),
        None => registry,
    };
    let mut answerer = ExtractiveAnswerer::default();
    if let Some(threshold) = args.min_confidence {
        answerer.min_confidence = threshold;
    }
    let detector = Detector::new(TenantRules::new(&[], &[])?);
    let mut judged = Vec::new();
    for folder in &folders {
        let site = answers::load_site(folder)?;
        let approved = if args.with_approved {
            answers::approved::load(folder, &site)?.map(|set| set.answers)
        } else {
            None
        };
        let approved = ApprovedAnswers::build(site.language, approved.unwrap_or_default())?;
        #[cfg(feature = "dense")]
        let approved = match registry.embedder() {
            Some(embedder) => approved.with_meaning(embedder.clone(), None)?,
            None => approved,
        };
        // The visitor's path: their personal data removed, the site's public names kept, the
        // site's approved answers first.
        let path = |index: &sotto_knowledge::SiteIndex, text: &str| {
            let query = visitor_query(&detector, index, text);
            if let Some(found) = approved.find(index, &query)? {
                return Ok((found.to_answer(), Vec::new()));
            }
            answerer.answer_with_passages(index, &query)
        };
        judged.extend(answers::run_site(&site, &registry, &answerer, &path)?);
    }
    let halves = ["dev", "test"];
    let reports: Vec<(&str, Report)> = halves
        .iter()
        .map(|half| (*half, Report::of(judged.iter().filter(|j| j.half == *half))))
        .chain(std::iter::once(("all", Report::of(&judged))))
        .collect();
    if args.json || args.format == ReportFormat::Json {
        let figures: serde_json::Map<String, serde_json::Value> = reports
            .iter()
            .map(|(half, report)| {
                (
                    half.to_string(),
                    serde_json::to_value(report).unwrap_or_default(),
                )
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        let percent = |t: &Tally| {
            let (low, high) = wilson(t.right, t.questions);
            format!(
                "{:>3}/{:<3} {:>5.1} % [{:>4.1}–{:>5.1}]  wrong {:>4.1} %",
                t.right,
                t.questions,
                100.0 * t.right as f64 / t.questions.max(1) as f64,
                100.0 * low,
                100.0 * high,
                100.0 * t.wrong as f64 / t.questions.max(1) as f64
            )
        };
        for (half, report) in &reports {
            println!("== {half} half");
            println!(
                "{:<15} {:<46} reading double as the model",
                "type", "built-in answerer"
            );
            for kind in QuestionType::ALL {
                if let (Some(b), Some(m)) =
                    (report.built_in.get(&kind), report.with_model.get(&kind))
                {
                    println!("{:<15} {:<46} {}", kind.name(), percent(b), percent(m));
                }
            }
            let (b, m) = (
                Report::answerable(&report.built_in),
                Report::answerable(&report.with_model),
            );
            println!("{:<15} {:<46} {}", "answerable", percent(&b), percent(&m));
            let off_topic = report.built_in.get(&QuestionType::OffTopic);
            let called = report.model_called.get(&QuestionType::OffTopic);
            if let (Some(off_topic), Some(called)) = (off_topic, called) {
                println!(
                    "off-topic questions handed to a model: {called}/{}",
                    off_topic.questions
                );
            }
        }
        println!("(off_topic: right = declined, wrong = answered)");
    }
    if args.failures {
        for j in judged.iter().filter(|j| j.half == "dev") {
            if j.built_in != answers::Verdict::Right || j.with_model != answers::Verdict::Right {
                println!(
                    "{:?}\t{:?}\t{}\t{:?}\t{}\t{:.2}\t{}\t{}",
                    j.built_in,
                    j.with_model,
                    j.id,
                    j.kind,
                    j.question,
                    j.confidence,
                    j.cited.as_deref().unwrap_or("-"),
                    j.reply.replace('\n', " / ")
                );
            }
        }
    }
    Ok(())
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
    if args.json || args.format == ReportFormat::Json {
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
