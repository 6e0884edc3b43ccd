//! Retrieval metrics with trec_eval's conventions, so that our figures compare with published
//! ones: documents ordered by score then by id (both descending), a document counted once per
//! query, the mean taken over every judged query (a query missing from the run scores 0),
//! linear gain and `log2(rank + 1)` discount for nDCG.

use std::collections::{HashMap, HashSet};

use super::beir::Qrels;

/// One query's ranked documents with their scores.
pub type Ranking = Vec<(String, f32)>;

/// Mean figures over a query set.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Scores {
    /// nDCG@10.
    pub ndcg_at_10: f64,
    /// MRR@10.
    pub mrr_at_10: f64,
    /// Recall@10.
    pub recall_at_10: f64,
    /// Recall@100.
    pub recall_at_100: f64,
    /// Judged queries the means are taken over.
    pub queries: usize,
}

/// Orders a ranking as trec_eval reads a run and keeps each document's first line.
pub fn trec_order(ranking: &mut Ranking) {
    ranking.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    let mut seen = HashSet::new();
    ranking.retain(|(doc, _)| seen.insert(doc.clone()));
}

fn score_query(ranked: &[&str], judged: &HashMap<String, i32>) -> [f64; 4] {
    let gain = |doc: &str| judged.get(doc).copied().unwrap_or(0).max(0) as f64;
    let discount = |i: usize| (i as f64 + 2.0).log2();
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, d)| gain(d) / discount(i))
        .sum();
    let mut ideal: Vec<f64> = judged
        .values()
        .filter(|r| **r > 0)
        .map(|r| *r as f64)
        .collect();
    ideal.sort_by(|a, b| b.total_cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, g)| g / discount(i))
        .sum();
    let relevant = |d: &&str| judged.get(*d).is_some_and(|r| *r > 0);
    let mrr = ranked
        .iter()
        .take(10)
        .position(&relevant)
        .map_or(0.0, |i| 1.0 / (i as f64 + 1.0));
    let total = judged.values().filter(|r| **r > 0).count() as f64;
    let recall = |k: usize| ranked.iter().take(k).filter(|d| relevant(d)).count() as f64 / total;
    [
        if idcg > 0.0 { dcg / idcg } else { 0.0 },
        mrr,
        recall(10),
        recall(100),
    ]
}

/// The mean scores of `run` (already in [`trec_order`]) against `qrels`.
pub fn score(run: &HashMap<String, Ranking>, qrels: &Qrels) -> Scores {
    let judged: Vec<(&String, &HashMap<String, i32>)> = qrels
        .iter()
        .filter(|(_, docs)| docs.values().any(|r| *r > 0))
        .collect();
    let mut sums = [0.0f64; 4];
    for (query, docs) in &judged {
        let ranked: Vec<&str> = run
            .get(*query)
            .map(|r| r.iter().map(|(d, _)| d.as_str()).collect())
            .unwrap_or_default();
        for (sum, value) in sums.iter_mut().zip(score_query(&ranked, docs)) {
            *sum += value;
        }
    }
    let n = judged.len().max(1) as f64;
    Scores {
        ndcg_at_10: sums[0] / n,
        mrr_at_10: sums[1] / n,
        recall_at_10: sums[2] / n,
        recall_at_100: sums[3] / n,
        queries: judged.len(),
    }
}

/// Writes a run in TREC format (`qid Q0 docid rank score tag`), queries in id order.
pub fn write_trec(
    run: &HashMap<String, Ranking>,
    tag: &str,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut queries: Vec<&String> = run.keys().collect();
    queries.sort();
    for query in queries {
        for (rank, (doc, score)) in run[query].iter().enumerate() {
            writeln!(out, "{query} Q0 {doc} {} {score:.6} {tag}", rank + 1)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qrels(rows: &[(&str, &str, i32)]) -> Qrels {
        let mut q = Qrels::new();
        for (query, doc, rel) in rows {
            q.entry((*query).into())
                .or_default()
                .insert((*doc).into(), *rel);
        }
        q
    }

    fn ranking(docs: &[(&str, f32)]) -> Ranking {
        docs.iter().map(|(d, s)| ((*d).into(), *s)).collect()
    }

    #[test]
    fn hand_computed_figures() {
        let qrels = qrels(&[("a", "d1", 1), ("a", "d3", 1), ("b", "x", 1), ("c", "n", 0)]);
        let mut run = HashMap::new();
        run.insert(
            "a".into(),
            ranking(&[("d2", 3.0), ("d1", 2.0), ("d3", 1.0)]),
        );
        let scores = score(&run, &qrels);
        assert_eq!(
            scores.queries, 2,
            "c has no relevant document, b counts as 0"
        );
        let dcg = 1.0 / 3f64.log2() + 1.0 / 4f64.log2();
        let idcg = 1.0 + 1.0 / 3f64.log2();
        assert!((scores.ndcg_at_10 - dcg / idcg / 2.0).abs() < 1e-12);
        assert!((scores.mrr_at_10 - 0.25).abs() < 1e-12);
        assert!((scores.recall_at_10 - 0.5).abs() < 1e-12);
    }

    #[test]
    fn ties_break_by_id_descending_and_duplicates_count_once() {
        let mut r = ranking(&[("a", 1.0), ("c", 1.0), ("b", 2.0), ("c", 0.5)]);
        trec_order(&mut r);
        assert_eq!(r, ranking(&[("b", 2.0), ("c", 1.0), ("a", 1.0)]));
    }

    #[test]
    fn trec_lines() {
        let mut run = HashMap::new();
        run.insert("q".into(), ranking(&[("d", 1.5)]));
        let mut out = Vec::new();
        write_trec(&run, "sotto", &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "q Q0 d 1 1.500000 sotto\n");
    }
}
