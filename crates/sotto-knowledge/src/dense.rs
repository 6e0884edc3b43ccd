//! Dense retrieval for the hybrid mode (cargo feature `dense`, off by default): passages and
//! questions embedded by all-MiniLM-L6-v2 (BERT, mean pooling, unit length) with candle, from a
//! local model folder only (`config.json`, `tokenizer.json`, `model.safetensors`; see
//! `scripts/fetch-minilm.sh`), nearest passages by cosine similarity, and reciprocal-rank
//! fusion with BM25's ranking.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

/// Tokens read per text at most (the model was trained on 128-token pieces; passages are cut
/// there, questions always fit).
const MAX_TOKENS: usize = 128;
/// Texts embedded together.
const BATCH: usize = 32;
/// The usual constant of reciprocal-rank fusion.
pub const RRF_K: f32 = 60.0;

/// Why the model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum DenseError {
    /// A model file is missing or unreadable.
    #[error("cannot read the model folder: {0}")]
    Files(String),
    /// The network failed to run.
    #[error("the embedding model failed: {0}")]
    Model(#[from] candle_core::Error),
    /// The tokenizer failed.
    #[error("the tokenizer failed: {0}")]
    Tokenizer(String),
}

/// The sentence-embedding model, loaded once.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
}

impl Embedder {
    /// Loads the model from `folder`; never downloads anything.
    pub fn load(folder: &Path) -> Result<Self, DenseError> {
        let read = |name: &str| {
            std::fs::read(folder.join(name)).map_err(|e| DenseError::Files(format!("{name}: {e}")))
        };
        let config: Config = serde_json::from_slice(&read("config.json")?)
            .map_err(|e| DenseError::Files(format!("config.json: {e}")))?;
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| DenseError::Tokenizer(e.to_string()))?;
        tokenizer.with_padding(Some(PaddingParams::default()));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| DenseError::Tokenizer(e.to_string()))?;
        let weights = read("model.safetensors")?;
        let vb = VarBuilder::from_slice_safetensors(&weights, DType::F32, &Device::Cpu)?;
        let model = BertModel::load(vb, &config)?;
        Ok(Self { model, tokenizer })
    }

    /// Unit-length embeddings of `texts`, in order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, DenseError> {
        let mut vectors = Vec::with_capacity(texts.len());
        for batch in texts.chunks(BATCH) {
            vectors.extend(self.embed_batch(batch)?);
        }
        Ok(vectors)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, DenseError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| DenseError::Tokenizer(e.to_string()))?;
        let rows = |pick: fn(&tokenizers::Encoding) -> &[u32]| -> Result<Tensor, DenseError> {
            let rows = encodings
                .iter()
                .map(|e| Tensor::new(pick(e), &Device::Cpu))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Tensor::stack(&rows, 0)?)
        };
        let ids = rows(|e| e.get_ids())?;
        let types = rows(|e| e.get_type_ids())?;
        let mask = rows(|e| e.get_attention_mask())?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        // Mean of the real tokens' vectors, then unit length.
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?;
        let mean = summed.broadcast_div(&counts)?;
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
        Ok(mean.broadcast_div(&norms)?.to_vec2()?)
    }
}

/// Passage vectors for nearest-neighbour search (exhaustive: a site's passages number in the
/// thousands, where an exact scan takes well under a millisecond).
pub struct DenseIndex {
    vectors: Vec<Vec<f32>>,
}

impl DenseIndex {
    /// Holds `vectors`, one per passage, in the caller's passage order.
    pub fn new(vectors: Vec<Vec<f32>>) -> Self {
        Self { vectors }
    }

    /// The `limit` passages nearest to `query`, as (passage number, cosine similarity), best
    /// first.
    pub fn nearest(&self, query: &[f32], limit: usize) -> Vec<(usize, f32)> {
        let mut scored: Vec<(usize, f32)> = self
            .vectors
            .iter()
            .enumerate()
            .map(|(i, v)| (i, v.iter().zip(query).map(|(a, b)| a * b).sum()))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.truncate(limit);
        scored
    }
}

/// Reciprocal-rank fusion of several rankings of the same items: each item scores
/// `Σ 1 / (k + rank)` over the rankings it appears in (rank from 1). Best first; ties keep the
/// order of first appearance.
pub fn reciprocal_rank_fusion(rankings: &[Vec<String>], k: f32) -> Vec<(String, f32)> {
    let mut scores: HashMap<&str, (f32, usize)> = HashMap::new();
    let mut order = 0;
    for ranking in rankings {
        for (rank, item) in ranking.iter().enumerate() {
            let entry = scores.entry(item).or_insert_with(|| {
                order += 1;
                (0.0, order)
            });
            entry.0 += 1.0 / (k + rank as f32 + 1.0);
        }
    }
    let mut fused: Vec<(String, f32, usize)> = scores
        .into_iter()
        .map(|(item, (score, first))| (item.to_owned(), score, first))
        .collect();
    fused.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    fused
        .into_iter()
        .map(|(item, score, _)| (item, score))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fusion_rewards_agreement() {
        let bm25 = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        let dense = vec!["b".to_owned(), "d".to_owned(), "c".to_owned()];
        let fused = reciprocal_rank_fusion(&[bm25, dense], RRF_K);
        let order: Vec<&str> = fused.iter().map(|(item, _)| item.as_str()).collect();
        assert_eq!(order, ["b", "c", "a", "d"]);
        assert!((fused[0].1 - (1.0 / 62.0 + 1.0 / 61.0)).abs() < 1e-6);
    }

    #[test]
    fn nearest_passages_by_cosine() {
        let index = DenseIndex::new(vec![vec![1.0, 0.0], vec![0.0, 1.0], vec![0.6, 0.8]]);
        let nearest = index.nearest(&[0.0, 1.0], 2);
        assert_eq!(nearest.iter().map(|n| n.0).collect::<Vec<_>>(), [1, 2]);
    }
}
