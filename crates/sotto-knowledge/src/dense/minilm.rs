//! all-MiniLM-L6-v2 (English BERT, 6 layers), loaded from a local folder (`config.json`,
//! `tokenizer.json`, `model.safetensors`; `scripts/fetch-minilm.sh`).

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

use super::DenseError;
use super::embedder::mean_pooled;

/// Tokens read per text at most: the model's own `max_seq_length`. (128 was measured too:
/// it cut SciFact abstracts in half and lost 0.02 nDCG@10 on the dense run.)
pub(super) const MAX_TOKENS: usize = 256;

/// The loaded model.
pub(super) struct MiniLm {
    model: BertModel,
    tokenizer: Tokenizer,
}

impl MiniLm {
    /// Loads the model from `folder`; returns it with the bytes that identify it.
    pub(super) fn load(folder: &Path) -> Result<(Self, Vec<Vec<u8>>), DenseError> {
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
        let vb = VarBuilder::from_slice_safetensors(&weights, DType::F32, &Device::Cpu)?;
        let model = BertModel::load(vb, &config)?;
        Ok((Self { model, tokenizer }, vec![config_bytes, weights]))
    }

    /// Unit-length embeddings of `texts`.
    pub(super) fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, DenseError> {
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
        mean_pooled(&hidden, &mask)
    }
}
