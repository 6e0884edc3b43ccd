//! The sentence-embedding model, loaded once from local files and never downloaded: either
//! multilingual-e5-small (the 4-bit image `e5-small-q4.bin`, `scripts/fetch-e5.sh`; questions
//! in any of the sites' languages meet passages in another) or the English all-MiniLM-L6-v2
//! (a folder, `scripts/fetch-minilm.sh`). Both are BERT encoders whose token vectors are
//! averaged and brought to unit length.

use std::path::Path;

use candle_core::{DType, Tensor};
use sha2::{Digest, Sha256};

use super::DenseError;
use super::e5::E5;
use super::minilm::{self, MiniLm};

/// Texts embedded together. Texts are sorted by length first, so a batch pads little.
const BATCH: usize = 16;
/// The file name of the multilingual model's image.
pub const E5_IMAGE: &str = "e5-small-q4.bin";

/// What a text is to the model: e5 reads questions and passages differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRole {
    /// A visitor's question.
    Question,
    /// A passage of a site.
    Passage,
}

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

enum Network {
    E5(Box<E5>),
    MiniLm(Box<MiniLm>),
}

/// The sentence-embedding model, loaded once.
pub struct Embedder {
    network: Network,
    fingerprint: [u8; 32],
}

impl Embedder {
    /// Loads the model at `path`: the e5 image (the file, or a folder holding it) or the
    /// all-MiniLM-L6-v2 folder. Never downloads anything.
    pub fn load(path: &Path) -> Result<Self, DenseError> {
        let image = if path.is_file() {
            Some(path.to_path_buf())
        } else {
            Some(path.join(E5_IMAGE)).filter(|p| p.is_file())
        };
        let mut fingerprint = Sha256::new();
        let network = match image {
            Some(image) => {
                let bytes = std::fs::read(&image)
                    .map_err(|e| DenseError::Files(format!("{}: {e}", image.display())))?;
                fingerprint.update(b"e5");
                fingerprint.update(&bytes);
                Network::E5(Box::new(E5::load(&bytes)?))
            }
            None => {
                let (model, files) = MiniLm::load(path)?;
                for file in files {
                    fingerprint.update(file);
                }
                fingerprint.update(minilm::MAX_TOKENS.to_le_bytes());
                Network::MiniLm(Box::new(model))
            }
        };
        Ok(Self {
            network,
            fingerprint: fingerprint.finalize().into(),
        })
    }

    /// What identifies this model and its settings: vectors made by another model are never
    /// reused.
    pub fn fingerprint(&self) -> &[u8; 32] {
        &self.fingerprint
    }

    /// Whether questions in one language find passages in another (the multilingual model).
    pub fn is_multilingual(&self) -> bool {
        matches!(self.network, Network::E5(_))
    }

    /// The cosine similarity from which a passage is close enough in meaning to a question to
    /// be handed to a language model although few of its words match. Each model has its own
    /// scale. all-MiniLM-L6-v2: 0.4, because on hand-made pairs (`tests/dense.rs`) passages
    /// answering a reworded question scored 0.47 to 0.65 and the best passage for an unrelated
    /// one at most 0.31. multilingual-e5-small gives every pair of texts 0.7 or more: 0.87,
    /// above the best passage of every off-topic question of the answer benchmark's tuning
    /// half (at most 0.863; answerable questions' best passages: median 0.863).
    pub fn close_similarity(&self) -> f32 {
        match self.network {
            Network::E5(_) => 0.87,
            Network::MiniLm(_) => 0.4,
        }
    }

    /// Unit-length embeddings of `texts`, in order.
    pub fn embed(&self, texts: &[&str], role: TextRole) -> Result<Vec<Vec<f32>>, DenseError> {
        let mut by_length: Vec<usize> = (0..texts.len()).collect();
        by_length.sort_by_key(|&i| texts[i].len());
        let mut vectors = vec![Vec::new(); texts.len()];
        for batch in by_length.chunks(BATCH) {
            let batch_texts: Vec<&str> = batch.iter().map(|&i| texts[i]).collect();
            let embedded = match &self.network {
                Network::E5(model) => model.embed_batch(&batch_texts, role)?,
                Network::MiniLm(model) => model.embed_batch(&batch_texts)?,
            };
            for (&i, vector) in batch.iter().zip(embedded) {
                vectors[i] = vector;
            }
        }
        Ok(vectors)
    }
}

/// The mean of the real tokens' vectors (`mask` 1), brought to unit length: one row per text.
pub(super) fn mean_pooled(hidden: &Tensor, mask: &Tensor) -> Result<Vec<Vec<f32>>, DenseError> {
    let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
    let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
    let counts = mask.sum(1)?;
    let mean = summed.broadcast_div(&counts)?;
    let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
    Ok(mean.broadcast_div(&norms)?.to_vec2()?)
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
