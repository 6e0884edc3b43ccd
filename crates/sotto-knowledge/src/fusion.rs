//! Fusion of a lexical (BM25) and a semantic (dense) ranking of the same passages into one:
//! the hybrid retrieval mode. Pure arithmetic, compiled in every build so that it is tested
//! without the neural-network runtime.
//!
//! Two rules are offered because the literature disagrees and our measurements decide:
//! reciprocal-rank fusion (Cormack et al. 2009) only looks at ranks; the convex combination of
//! min-max normalised scores (Bruch et al. 2023, "An Analysis of Fusion Functions for Hybrid
//! Retrieval") also keeps how far apart the scores are. [`HYBRID_FUSION`] is the rule that
//! SciFact's training split chose (see `BENCHMARKS.md`).

use std::collections::HashMap;
use std::hash::Hash;

/// How two rankings are fused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fusion {
    /// Each item scores `Σ 1 / (k + rank)` over the rankings it appears in (rank from 1).
    ReciprocalRank {
        /// The smoothing constant (60 in the original paper).
        k: f32,
    },
    /// Each ranking's scores are scaled to 0..1 by its own minimum and maximum; an item scores
    /// `w · lexical + (1 − w) · semantic`, 0 for a ranking it is missing from.
    Convex {
        /// The weight `w` of the lexical ranking.
        lexical_weight: f32,
    },
}

/// The fusion of production and of the reported hybrid figures, chosen on SciFact's training
/// split (`BENCHMARKS.md`, "Hybrid mode").
pub const HYBRID_FUSION: Fusion = Fusion::Convex {
    lexical_weight: 0.6,
};

impl std::fmt::Display for Fusion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ReciprocalRank { k } => write!(f, "rrf k={k}"),
            Self::Convex { lexical_weight } => write!(f, "convex w={lexical_weight}"),
        }
    }
}

/// Fuses two rankings (each best first, with its own scores) into one, best first. Ties keep
/// the order in which items first appear, lexical ranking first.
pub fn fuse<K: Clone + Eq + Hash>(
    lexical: &[(K, f32)],
    semantic: &[(K, f32)],
    fusion: Fusion,
) -> Vec<(K, f32)> {
    let (lexical_share, semantic_share) = match fusion {
        Fusion::ReciprocalRank { .. } => (1.0, 1.0),
        Fusion::Convex { lexical_weight } => (lexical_weight, 1.0 - lexical_weight),
    };
    let mut scores: HashMap<&K, (f32, usize)> = HashMap::new();
    for (ranking, share) in [(lexical, lexical_share), (semantic, semantic_share)] {
        for ((item, _), contribution) in ranking.iter().zip(contributions(ranking, fusion)) {
            let first_seen = scores.len();
            scores.entry(item).or_insert((0.0, first_seen)).0 += share * contribution;
        }
    }
    let mut fused: Vec<(K, f32, usize)> = scores
        .into_iter()
        .map(|(item, (score, first))| (item.clone(), score, first))
        .collect();
    fused.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    fused
        .into_iter()
        .map(|(item, score, _)| (item, score))
        .collect()
}

/// What each item of `ranking` adds to its fused score, before the ranking's share.
fn contributions<K>(ranking: &[(K, f32)], fusion: Fusion) -> Vec<f32> {
    match fusion {
        Fusion::ReciprocalRank { k } => (0..ranking.len())
            .map(|rank| 1.0 / (k + rank as f32 + 1.0))
            .collect(),
        Fusion::Convex { .. } => min_max(ranking),
    }
}

/// The ranking's scores scaled to 0..1 (all 1 when they are equal).
fn min_max<K>(ranking: &[(K, f32)]) -> Vec<f32> {
    let (low, high) = ranking
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(low, high), (_, s)| {
            (low.min(*s), high.max(*s))
        });
    ranking
        .iter()
        .map(|(_, s)| {
            if high > low {
                (s - low) / (high - low)
            } else {
                1.0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranking(items: &[(&'static str, f32)]) -> Vec<(&'static str, f32)> {
        items.to_vec()
    }

    #[test]
    fn reciprocal_rank_rewards_agreement() {
        let bm25 = ranking(&[("a", 9.0), ("b", 8.0), ("c", 1.0)]);
        let dense = ranking(&[("b", 0.9), ("d", 0.8), ("c", 0.7)]);
        let fused = fuse(&bm25, &dense, Fusion::ReciprocalRank { k: 60.0 });
        let order: Vec<&str> = fused.iter().map(|(item, _)| *item).collect();
        assert_eq!(order, ["b", "c", "a", "d"]);
        assert!((fused[0].1 - (1.0 / 62.0 + 1.0 / 61.0)).abs() < 1e-6);
    }

    #[test]
    fn convex_combination_keeps_score_gaps() {
        // BM25 is sure of "a" (far ahead); the dense side barely prefers "b" and "d" to "a".
        let bm25 = ranking(&[("a", 20.0), ("b", 5.0), ("c", 4.0)]);
        let dense = ranking(&[("b", 0.80), ("d", 0.795), ("a", 0.79), ("c", 0.30)]);
        let fused = fuse(
            &bm25,
            &dense,
            Fusion::Convex {
                lexical_weight: 0.5,
            },
        );
        let order: Vec<&str> = fused.iter().map(|(item, _)| *item).collect();
        assert_eq!(order, ["a", "b", "d", "c"]);
        // a: 0.5·1 + 0.5·(0.49/0.5); c is last on both sides: 0.
        assert!((fused[0].1 - (0.5 + 0.5 * 0.98)).abs() < 1e-4);
        assert_eq!(fused[3].1, 0.0);
        // Reciprocal-rank fusion only sees ranks and lets "b" win.
        let by_rank = fuse(&bm25, &dense, Fusion::ReciprocalRank { k: 60.0 });
        assert_eq!(by_rank[0].0, "b");
    }

    #[test]
    fn the_weight_moves_the_balance_and_missing_items_score_zero_on_that_side() {
        let bm25 = ranking(&[("a", 3.0), ("b", 1.0)]);
        let dense = ranking(&[("c", 0.9), ("a", 0.1)]);
        let lexical_only = fuse(
            &bm25,
            &dense,
            Fusion::Convex {
                lexical_weight: 1.0,
            },
        );
        assert_eq!(lexical_only[0], ("a", 1.0));
        let semantic_only = fuse(
            &bm25,
            &dense,
            Fusion::Convex {
                lexical_weight: 0.0,
            },
        );
        assert_eq!(semantic_only[0], ("c", 1.0));
        assert_eq!(semantic_only.len(), 3, "every item of either side is kept");
    }

    #[test]
    fn equal_scores_normalise_to_one_and_empty_sides_are_fine() {
        let bm25 = ranking(&[("a", 2.0), ("b", 2.0)]);
        let fused = fuse(&bm25, &[], HYBRID_FUSION);
        assert_eq!(fused.iter().map(|f| f.0).collect::<Vec<_>>(), ["a", "b"]);
        assert!(fuse::<&str>(&[], &[], HYBRID_FUSION).is_empty());
    }
}
