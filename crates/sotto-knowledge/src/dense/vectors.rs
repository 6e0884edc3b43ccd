//! A site's passage vectors, in passage order, kept in a file beside its BM25 index. Each
//! vector is stored with the hash of the model fingerprint and the text it was made from, so
//! that a rebuild embeds only new or changed passages (embedding is the slow part: a few
//! passages per second per core), and a file written by another model is never used.

use std::collections::HashMap;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{DenseError, Embedder};

const MAGIC: &[u8; 8] = b"SOTTOVEC";
const FORMAT: u32 = 1;

/// The vectors of a site's passages, passage `i` at position `i`.
pub struct PassageVectors {
    fingerprint: [u8; 32],
    keys: Vec<[u8; 32]>,
    vectors: Vec<Vec<f32>>,
    embedded_now: usize,
}

fn key(fingerprint: &[u8; 32], text: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(fingerprint)
        .chain_update(text.as_bytes())
        .finalize()
        .into()
}

impl PassageVectors {
    /// Vectors of `texts` (passage order), taking each from `previous` when the same model
    /// already embedded the same text, and embedding the rest.
    pub fn embed(
        embedder: &Embedder,
        texts: &[String],
        previous: Option<&PassageVectors>,
    ) -> Result<Self, DenseError> {
        let fingerprint = *embedder.fingerprint();
        let known: HashMap<&[u8; 32], &Vec<f32>> = previous
            .filter(|p| p.fingerprint == fingerprint)
            .map(|p| p.keys.iter().zip(&p.vectors).collect())
            .unwrap_or_default();
        let keys: Vec<[u8; 32]> = texts.iter().map(|t| key(&fingerprint, t)).collect();
        let missing: Vec<usize> = (0..texts.len())
            .filter(|&i| !known.contains_key(&keys[i]))
            .collect();
        let fresh = embedder.embed(
            &missing
                .iter()
                .map(|&i| texts[i].as_str())
                .collect::<Vec<_>>(),
            super::TextRole::Passage,
        )?;
        let embedded_now = missing.len();
        let mut fresh: HashMap<usize, Vec<f32>> = missing.into_iter().zip(fresh).collect();
        let vectors = keys
            .iter()
            .enumerate()
            .map(|(i, k)| fresh.remove(&i).unwrap_or_else(|| known[k].clone()))
            .collect();
        Ok(Self {
            fingerprint,
            keys,
            vectors,
            embedded_now,
        })
    }

    /// How many of these vectors the model made in [`PassageVectors::embed`] (the others were
    /// reused); 0 for vectors read from disk. What a rebuild cost.
    pub fn embedded_now(&self) -> usize {
        self.embedded_now
    }

    /// Number of passages.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// Whether there are no passages.
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    /// Whether `embedder` made these vectors.
    pub fn made_by(&self, embedder: &Embedder) -> bool {
        self.fingerprint == *embedder.fingerprint()
    }

    /// The `limit` passages nearest to `query` (a unit vector), as (passage number, cosine
    /// similarity), best first. An exhaustive scan: a site's passages number in the
    /// thousands, where it takes well under a millisecond.
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

    /// Writes the vectors to `path` (through a temporary file, so a crash leaves the old file
    /// or the new one).
    pub fn write(&self, path: &Path) -> Result<(), DenseError> {
        let dimension = self.vectors.first().map_or(0, Vec::len);
        let partial = path.with_extension("partial");
        let mut out = BufWriter::new(std::fs::File::create(&partial)?);
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(&self.fingerprint)?;
        out.write_all(&(dimension as u32).to_le_bytes())?;
        out.write_all(&(self.vectors.len() as u64).to_le_bytes())?;
        for (key, vector) in self.keys.iter().zip(&self.vectors) {
            out.write_all(key)?;
            for value in vector {
                out.write_all(&value.to_le_bytes())?;
            }
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(partial, path)?;
        Ok(())
    }

    /// Reads the vectors written at `path`; `None` when there is no file or it is not one of
    /// ours.
    pub fn read(path: &Path) -> Result<Option<Self>, DenseError> {
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let mut input = BufReader::new(file);
        let mut magic = [0u8; 8];
        input.read_exact(&mut magic)?;
        if &magic != MAGIC || read_u32(&mut input)? != FORMAT {
            return Ok(None);
        }
        let mut fingerprint = [0u8; 32];
        input.read_exact(&mut fingerprint)?;
        let dimension = read_u32(&mut input)? as usize;
        let mut count = [0u8; 8];
        input.read_exact(&mut count)?;
        let count = u64::from_le_bytes(count) as usize;
        let mut keys = Vec::new();
        let mut vectors = Vec::new();
        for _ in 0..count {
            let mut key = [0u8; 32];
            input.read_exact(&mut key)?;
            let vector = (0..dimension)
                .map(|_| read_u32(&mut input).map(f32::from_bits))
                .collect::<Result<Vec<_>, _>>()?;
            keys.push(key);
            vectors.push(vector);
        }
        Ok(Some(Self {
            fingerprint,
            keys,
            vectors,
            embedded_now: 0,
        }))
    }
}

fn read_u32(input: &mut impl Read) -> std::io::Result<u32> {
    let mut bytes = [0u8; 4];
    input.read_exact(&mut bytes)?;
    Ok(u32::from_le_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vectors(rows: &[[f32; 2]]) -> PassageVectors {
        PassageVectors {
            fingerprint: [7; 32],
            keys: (0..rows.len()).map(|i| [i as u8; 32]).collect(),
            vectors: rows.iter().map(|r| r.to_vec()).collect(),
            embedded_now: rows.len(),
        }
    }

    #[test]
    fn nearest_passages_by_cosine() {
        let index = vectors(&[[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]]);
        let nearest = index.nearest(&[0.0, 1.0], 2);
        assert_eq!(nearest.iter().map(|n| n.0).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn written_vectors_read_back_and_foreign_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vectors.bin");
        assert!(PassageVectors::read(&path).unwrap().is_none());
        let written = vectors(&[[0.25, -1.5], [3.0, 0.0]]);
        written.write(&path).unwrap();
        let read = PassageVectors::read(&path).unwrap().expect("written");
        assert_eq!(read.vectors, written.vectors);
        assert_eq!(read.keys, written.keys);
        assert_eq!(read.fingerprint, written.fingerprint);
        std::fs::write(&path, b"not vectors at all").unwrap();
        assert!(PassageVectors::read(&path).unwrap().is_none());
    }
}
