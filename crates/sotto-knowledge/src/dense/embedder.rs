//! The sentence-embedding model (all-MiniLM-L6-v2: BERT, mean pooling, unit length), loaded
//! once from a local folder (`config.json`, `tokenizer.json`, `model.safetensors`) and never
//! downloaded.

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use sha2::{Digest, Sha256};
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

use super::DenseError;

/// Tokens read per text at most: the model's own `max_seq_length`. (128 was measured too:
/// it cut SciFact abstracts in half and lost 0.02 nDCG@10 on the dense run.)
const MAX_TOKENS: usize = 256;
/// Texts embedded together. Texts are sorted by length first, so a batch pads little.
const BATCH: usize = 16;

/// The text embedded for a passage: where it sits (page title, section heading) and what it
/// says, as a reader would see it.
pub fn passage_text(title: &str, heading: &str, text: &str) -> String {
    [title, heading, text]
        .iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(". ")
}

/// The sentence-embedding model, loaded once.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    fingerprint: [u8; 32],
}

impl Embedder {
    /// Loads the model from `folder`; never downloads anything.
    pub fn load(folder: &Path) -> Result<Self, DenseError> {
        let read = |name: &str| {
            std::fs::read(folder.join(name)).map_err(|e| DenseError::Files(format!("{name}: {e}")))
        };
        let config_bytes = read("config.json")?;
        let config: Config = serde_json::from_slice(&config_bytes)
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
        let fingerprint = Sha256::new()
            .chain_update(&config_bytes)
            .chain_update(&weights)
            .chain_update(MAX_TOKENS.to_le_bytes())
            .finalize()
            .into();
        let vb = VarBuilder::from_slice_safetensors(&weights, DType::F32, &Device::Cpu)?;
        let model = BertModel::load(vb, &config)?;
        Ok(Self {
            model,
            tokenizer,
            fingerprint,
        })
    }

    /// What identifies this model and its settings: vectors made by another model are never
    /// reused.
    pub fn fingerprint(&self) -> &[u8; 32] {
        &self.fingerprint
    }

    /// Unit-length embeddings of `texts`, in order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, DenseError> {
        let mut by_length: Vec<usize> = (0..texts.len()).collect();
        by_length.sort_by_key(|&i| texts[i].len());
        let mut vectors = vec![Vec::new(); texts.len()];
        for batch in by_length.chunks(BATCH) {
            let batch_texts: Vec<&str> = batch.iter().map(|&i| texts[i]).collect();
            for (&i, vector) in batch.iter().zip(self.embed_batch(&batch_texts)?) {
                vectors[i] = vector;
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passage_text_skips_empty_parts() {
        assert_eq!(
            passage_text("Shipping", "", " We ship. "),
            "Shipping. We ship."
        );
        assert_eq!(passage_text("A", "B", "C"), "A. B. C");
    }
}
