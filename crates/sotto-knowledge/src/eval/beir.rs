//! Reads a retrieval collection in BEIR form: a corpus and queries as JSON Lines, relevance
//! judgements (qrels) as a tab-separated file with a header line.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One document of a corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The corpus id (BEIR `_id` or `id`).
    pub id: String,
    /// Title (may be empty).
    pub title: String,
    /// Body text.
    pub text: String,
}

/// One query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The query id.
    pub id: String,
    /// What the user typed.
    pub text: String,
}

/// Relevance judgements: query id → document id → graded relevance.
pub type Qrels = HashMap<String, HashMap<String, i32>>;

/// Why a collection could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BeirError {
    /// A file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is not what the format says.
    #[error("{path}:{line}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// One-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Deserialize)]
struct Line {
    #[serde(rename = "_id", alias = "id")]
    id: IdValue,
    #[serde(default)]
    title: String,
    text: String,
}

/// Ids are strings in BEIR files, but some copies write numbers.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdValue {
    Text(String),
    Number(i64),
}

impl IdValue {
    fn into_string(self) -> String {
        match self {
            IdValue::Text(text) => text,
            IdValue::Number(n) => n.to_string(),
        }
    }
}

fn lines(path: &Path) -> Result<impl Iterator<Item = (usize, std::io::Result<String>)>, BeirError> {
    let file = std::fs::File::open(path).map_err(|source| BeirError::Read {
        path: path.to_owned(),
        source,
    })?;
    Ok(std::io::BufReader::new(file)
        .lines()
        .enumerate()
        .map(|(n, line)| (n + 1, line)))
}

fn json_lines(path: &Path) -> Result<Vec<Line>, BeirError> {
    let mut out = Vec::new();
    for (number, line) in lines(path)? {
        let line = line.map_err(|source| BeirError::Read {
            path: path.to_owned(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Line = serde_json::from_str(&line).map_err(|e| BeirError::Format {
            path: path.to_owned(),
            line: number,
            reason: e.to_string(),
        })?;
        out.push(parsed);
    }
    Ok(out)
}

/// Reads a corpus file (`{"_id"|"id","title","text"}` per line).
pub fn read_corpus(path: &Path) -> Result<Vec<Document>, BeirError> {
    Ok(json_lines(path)?
        .into_iter()
        .map(|l| Document {
            id: l.id.into_string(),
            title: l.title,
            text: l.text,
        })
        .collect())
}

/// Reads a queries file (`{"_id"|"id","text"}` per line).
pub fn read_queries(path: &Path) -> Result<Vec<Query>, BeirError> {
    Ok(json_lines(path)?
        .into_iter()
        .map(|l| Query {
            id: l.id.into_string(),
            text: l.text,
        })
        .collect())
}

/// Reads qrels: `query-id corpus-id score` separated by tabs or spaces; a first line whose
/// score is not a number is the header.
pub fn read_qrels(path: &Path) -> Result<Qrels, BeirError> {
    let mut qrels = Qrels::new();
    for (number, line) in lines(path)? {
        let line = line.map_err(|source| BeirError::Read {
            path: path.to_owned(),
            source,
        })?;
        let parts: Vec<&str> = line.split_whitespace().collect();
        let (query, doc, relevance) = match parts.as_slice() {
            [] => continue,
            [q, d, r] | [q, _, d, r] => (*q, *d, *r),
            _ => {
                return Err(BeirError::Format {
                    path: path.to_owned(),
                    line: number,
                    reason: format!("expected 3 or 4 columns, got {}", parts.len()),
                });
            }
        };
        let Ok(relevance) = relevance.parse::<f64>() else {
            if number == 1 {
                continue;
            }
            return Err(BeirError::Format {
                path: path.to_owned(),
                line: number,
                reason: format!("relevance is not a number: {relevance:?}"),
            });
        };
        qrels
            .entry(query.to_owned())
            .or_default()
            .insert(doc.to_owned(), relevance as i32);
    }
    Ok(qrels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_id_spellings_and_the_qrels_header() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus.jsonl");
        std::fs::write(
            &corpus,
            "{\"_id\":\"d1\",\"title\":\"T\",\"text\":\"one\"}\n\n{\"id\":7,\"text\":\"two\"}\n",
        )
        .unwrap();
        let docs = read_corpus(&corpus).unwrap();
        assert_eq!(docs[0].id, "d1");
        assert_eq!(docs[1].id, "7");
        assert_eq!(docs[1].title, "");

        let qrels = dir.path().join("qrels.tsv");
        std::fs::write(&qrels, "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1 0 d2 2\n").unwrap();
        let qrels = read_qrels(&qrels).unwrap();
        assert_eq!(qrels["q1"]["d1"], 1);
        assert_eq!(qrels["q1"]["d2"], 2);
    }

    #[test]
    fn bad_lines_name_their_place() {
        let dir = tempfile::tempdir().unwrap();
        let queries = dir.path().join("queries.jsonl");
        std::fs::write(
            &queries,
            "{\"id\":\"q\",\"text\":\"ok\"}\n{\"id\":\"q2\"}\n",
        )
        .unwrap();
        let error = read_queries(&queries).unwrap_err().to_string();
        assert!(error.contains("queries.jsonl:2:"), "{error}");

        let qrels = dir.path().join("qrels.tsv");
        std::fs::write(&qrels, "q\td\t1\nq\td\tyes\n").unwrap();
        let error = read_qrels(&qrels).unwrap_err().to_string();
        assert!(error.contains("qrels.tsv:2:"), "{error}");
    }
}
