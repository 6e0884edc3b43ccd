//! `sotto eval approved`: the approved-answer benchmark. Each site folder's approved answers
//! are indexed as the product indexes them, every other wording of their questions (written
//! blind to the answers) must get its answer, and every other question of the benchmark must
//! get none; printed per half and kind of wording, with 95 % intervals.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use sotto_knowledge::answer::approved::ApprovedAnswers;
use sotto_knowledge::eval::answers::{self, approved, wilson};
use sotto_knowledge::visitor_data::visitor_entities;
use sotto_knowledge::{IndexRegistry, SiteIndex};
use sotto_pii::{Detector, Policy, TenantRules};

use crate::common::ReportFormat;

/// `sotto eval approved` arguments.
#[derive(Debug, Args)]
pub struct EvalApprovedArgs {
    /// The folder of sites (each with `site.toml`, `pages/`, `questions.tsv` and, for those
    /// with approved answers, `approved.tsv` and `approved-variants.tsv`).
    #[arg(default_value = "eval/answers")]
    pub sites: PathBuf,
    /// text, or json for one JSON object.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Also print the tuning half's (`dev`) misses and false matches; the held-out half's are
    /// never printed.
    #[arg(long)]
    pub failures: bool,
    /// Match by meaning too, with the embedding model at this path (the e5 image of
    /// scripts/fetch-e5.sh; builds with `--features dense`), as the hybrid mode does.
    #[cfg(feature = "dense")]
    #[arg(long, value_name = "MODEL")]
    pub hybrid: Option<PathBuf>,
}

/// What a visitor's message becomes before matching: their personal data removed, the
/// site's public names kept, as in a turn.
pub(crate) fn visitor_query(detector: &Detector, index: &SiteIndex, text: &str) -> String {
    let entities = visitor_entities(detector, index, text);
    sotto_pii::apply(text, &entities, &Policy::remove_all()).text
}

/// Runs the approved-answer benchmark.
pub fn run(args: &EvalApprovedArgs) -> Result<()> {
    let folders = answers::site_folders(&args.sites)
        .with_context(|| format!("cannot list {}", args.sites.display()))?;
    let throwaway = tempfile::tempdir().context("cannot create a temporary index folder")?;
    let registry = IndexRegistry::new(throwaway.path());
    #[cfg(feature = "dense")]
    let registry = match &args.hybrid {
        Some(model) => registry.with_embedder(std::sync::Arc::new(
            sotto_knowledge::dense::Embedder::load(model)?,
        )),
        None => registry,
    };
    let detector = Detector::new(TenantRules::new(&[], &[])?);
    let mut matched = Vec::new();
    for folder in &folders {
        let site = answers::load_site(folder)?;
        let Some(set) = approved::load(folder, &site)? else {
            continue;
        };
        let index = registry.rebuild(&site.id, site.language, 1, &site.pages)?;
        let approved_answers = ApprovedAnswers::build(site.language, set.answers.clone())?;
        #[cfg(feature = "dense")]
        let approved_answers = match registry.embedder() {
            Some(embedder) => approved_answers.with_meaning(embedder.clone(), None)?,
            None => approved_answers,
        };
        let query = |text: &str| visitor_query(&detector, &index, text);
        matched.extend(approved::run(
            &site,
            &set,
            &approved_answers,
            &index,
            &query,
        )?);
    }
    anyhow::ensure!(
        !matched.is_empty(),
        "no site folder with approved.tsv under {}",
        args.sites.display()
    );
    // half → kind → (right, total)
    let mut tallies: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for m in &matched {
        for half in [m.half.as_str(), "all"] {
            let tally = tallies
                .entry((half.to_owned(), m.kind.clone()))
                .or_default();
            tally.0 += usize::from(m.right);
            tally.1 += 1;
        }
        if m.kind != "other" {
            let tally = tallies
                .entry((m.half.clone(), "wordings".to_owned()))
                .or_default();
            tally.0 += usize::from(m.right);
            tally.1 += 1;
            let all = tallies
                .entry(("all".to_owned(), "wordings".to_owned()))
                .or_default();
            all.0 += usize::from(m.right);
            all.1 += 1;
        }
    }
    if args.format == ReportFormat::Json {
        let figures: BTreeMap<String, BTreeMap<String, (usize, usize)>> =
            tallies
                .iter()
                .fold(BTreeMap::new(), |mut out, ((half, kind), tally)| {
                    out.entry(half.clone())
                        .or_default()
                        .insert(kind.clone(), *tally);
                    out
                });
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        println!(
            "(right: the wording got its approved answer; other: another question of the benchmark got none, or one asking the same fact)"
        );
        for ((half, kind), (right, total)) in &tallies {
            let (low, high) = wilson(*right, *total);
            println!(
                "{half:<5} {kind:<12} {right:>4}/{total:<4} {:>5.1} % [{:>5.1}–{:>5.1}]",
                100.0 * *right as f64 / (*total).max(1) as f64,
                100.0 * low,
                100.0 * high
            );
        }
    }
    if args.failures {
        for m in matched.iter().filter(|m| m.half == "dev" && !m.right) {
            println!(
                "{}\t{}\t{}\texpected {}\tgot {}",
                m.site,
                m.kind,
                m.text,
                m.expected.as_deref().unwrap_or("-"),
                m.got.as_deref().unwrap_or("-")
            );
        }
    }
    Ok(())
}
