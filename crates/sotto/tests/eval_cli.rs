//! `sotto eval retrieval` end to end: the slice in the repository, the published SciFact bar
//! when the shared collections are on the machine, and clear errors on bad input.

mod common;

use common::json_of;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn eval(collection: &Path, queries: &str, qrels: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sotto"))
        .args(["eval", "retrieval", "--corpus"])
        .arg(collection.join("corpus.jsonl"))
        .arg("--queries")
        .arg(collection.join(queries))
        .arg("--qrels")
        .arg(collection.join(qrels))
        .args(extra)
        .output()
        .expect("the binary runs")
}

#[test]
fn the_slice_scores_and_writes_a_trec_run() {
    let slice = workspace().join("eval/retrieval/scifact-slice");
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("slice.trec");
    let output = eval(
        &slice,
        "queries.jsonl",
        "qrels.tsv",
        &["--format", "json", "--run", run.to_str().unwrap()],
    );
    let figures = json_of(&output);
    assert_eq!(figures["queries"], 50);
    assert_eq!(figures["documents"], 503);
    assert!(figures["ndcg@10"].as_f64().unwrap() >= 0.85, "{figures}");
    assert!(figures["recall@100"].as_f64().unwrap() >= 0.98, "{figures}");

    let run = std::fs::read_to_string(run).unwrap();
    let mut per_query = std::collections::HashMap::<&str, usize>::new();
    for line in run.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        assert_eq!(parts.len(), 6, "{line}");
        assert_eq!(parts[1], "Q0");
        parts[4].parse::<f64>().expect("a score");
        *per_query.entry(parts[0]).or_default() += 1;
    }
    assert_eq!(per_query.len(), 50);
    assert!(per_query.values().all(|n| *n <= 100));
}

/// The published single-field BM25 figure on SciFact's test split (Anserini, flat) is 0.6789;
/// Sotto's production retrieval must beat it.
#[test]
fn beats_published_bm25_on_scifact_test() {
    let scifact = workspace().join("../shared/eval/rag/scifact");
    if !scifact.join("corpus.jsonl").exists() {
        eprintln!("skipped: {} is not on this machine", scifact.display());
        return;
    }
    let figures = json_of(&eval(
        &scifact,
        "queries.jsonl",
        "qrels.tsv",
        &["--format", "json"],
    ));
    assert_eq!(figures["queries"], 300);
    assert!(figures["ndcg@10"].as_f64().unwrap() > 0.6789, "{figures}");
}

#[test]
fn bad_input_is_one_line_and_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("corpus.jsonl"),
        "{\"_id\":\"d\",\"text\":\"x\"}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("queries.jsonl"), "not json\n").unwrap();
    std::fs::write(dir.path().join("qrels.tsv"), "q\td\t1\n").unwrap();
    let output = eval(dir.path(), "queries.jsonl", "qrels.tsv", &[]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("queries.jsonl:1:"), "{stderr}");

    let output = eval(dir.path(), "missing.jsonl", "qrels.tsv", &[]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));
}
