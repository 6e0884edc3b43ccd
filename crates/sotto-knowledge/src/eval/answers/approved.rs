//! The approved-answer benchmark: a site folder's `approved.tsv` holds the answers an editor
//! approved for questions the site failed (`answer_id questions reply_language reply reply_en
//! citations`; questions and cited page files separated by ` | `, `answer_id` the failed
//! question's id), and `approved-variants.tsv` other wordings of those questions written by
//! someone who never saw the answers (`answer_id kind language text`: paraphrases, typing
//! mistakes, translations). Each wording must get its approved answer; every other question
//! of the site must get none, unless it asks for the very fact of an approved question (same
//! expected page and key facts) or the approved reply states its key fact, where the approved
//! answer is right too.

use std::path::Path;

use serde::Serialize;
use sotto_core::Citation;

use super::{BenchmarkError, BenchmarkSite, malformed, read};
use crate::answer::approved::{ApprovedAnswer, ApprovedAnswers, ApprovedReply};
use crate::answer::facts::normalized;
use crate::index::SiteIndex;
use crate::language::Language;

/// Another wording of an approved question.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The approved answer it must get.
    pub answer_id: String,
    /// `paraphrase`, `typo` or `translation`.
    pub kind: String,
    /// What the visitor types.
    pub text: String,
}

/// A site's approved answers and the other wordings of their questions.
pub struct ApprovedSet {
    /// The approved answers.
    pub answers: Vec<ApprovedAnswer>,
    /// The wordings to match.
    pub variants: Vec<Variant>,
}

/// What one question got.
#[derive(Debug, Clone, Serialize)]
pub struct Matched {
    /// The site.
    pub site: String,
    /// `dev` or `test`.
    pub half: String,
    /// The variant's kind, or `other` for another question of the benchmark.
    pub kind: String,
    /// The question.
    pub text: String,
    /// The approved answer it should get (`None` for another question).
    pub expected: Option<String>,
    /// The approved answer it got.
    pub got: Option<String>,
    /// Whether getting it is right: the expected one, or for another question none (or one
    /// whose question asks for the same fact, or whose reply states its key fact).
    pub right: bool,
}

fn rows(path: &Path, columns: usize) -> Result<Vec<Vec<String>>, BenchmarkError> {
    let mut out = Vec::new();
    for (number, line) in read(path)?.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<String> = line.split('\t').map(|f| f.trim().to_owned()).collect();
        if fields.len() < columns {
            return Err(malformed(
                path,
                format!("line {}: fewer than {columns} fields", number + 1),
            ));
        }
        out.push(fields);
    }
    Ok(out)
}

fn split(field: &str) -> Vec<String> {
    field
        .split(" | ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Loads a site folder's approved answers and variants; `None` when it has none.
pub fn load(dir: &Path, site: &BenchmarkSite) -> Result<Option<ApprovedSet>, BenchmarkError> {
    let answers_path = dir.join("approved.tsv");
    if !answers_path.is_file() {
        return Ok(None);
    }
    let mut answers = Vec::new();
    for fields in rows(&answers_path, 4)? {
        let language = Language::from_tag(&fields[2])
            .ok_or_else(|| malformed(&answers_path, format!("{}: unknown language", fields[0])))?;
        let mut replies = vec![ApprovedReply {
            language,
            text: fields[3].clone(),
        }];
        if let Some(english) = fields.get(4).filter(|t| !t.is_empty()) {
            replies.push(ApprovedReply {
                language: Language::En,
                text: english.clone(),
            });
        }
        let citations = split(fields.get(5).map_or("", String::as_str))
            .iter()
            .map(|file| {
                let url = site.page_urls.get(file).ok_or_else(|| {
                    malformed(&answers_path, format!("{}: no page {file}", fields[0]))
                })?;
                let title = site
                    .pages
                    .iter()
                    .find(|p| &p.url == url)
                    .map(|p| p.title.clone())
                    .unwrap_or_default();
                Ok(Citation {
                    url: url.clone(),
                    title,
                    snippet: String::new(),
                    version: None,
                })
            })
            .collect::<Result<Vec<_>, BenchmarkError>>()?;
        answers.push(ApprovedAnswer {
            id: fields[0].clone(),
            questions: split(&fields[1]),
            replies,
            citations,
        });
    }
    let variants_path = dir.join("approved-variants.tsv");
    let variants = if variants_path.is_file() {
        rows(&variants_path, 4)?
            .into_iter()
            .map(|fields| Variant {
                answer_id: fields[0].clone(),
                kind: fields[1].clone(),
                text: fields[3].clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(ApprovedSet { answers, variants }))
}

/// Every variant of `set` and every other question of `site`, matched against the site's
/// approved answers.
pub fn run(
    site: &BenchmarkSite,
    set: &ApprovedSet,
    approved: &ApprovedAnswers,
    index: &SiteIndex,
    query: &dyn Fn(&str) -> String,
) -> Result<Vec<Matched>, BenchmarkError> {
    let found = |text: &str| -> Result<Option<String>, BenchmarkError> {
        Ok(approved
            .find(index, &query(text))?
            .map(|m| m.answer.id.clone()))
    };
    let mut out = Vec::new();
    for variant in &set.variants {
        let got = found(&variant.text)?;
        out.push(Matched {
            site: site.id.clone(),
            half: site.half.clone(),
            kind: variant.kind.clone(),
            text: variant.text.clone(),
            right: got.as_deref() == Some(variant.answer_id.as_str()),
            expected: Some(variant.answer_id.clone()),
            got,
        });
    }
    let approved_question = |id: &str| site.questions.iter().find(|q| q.id == id);
    for question in &site.questions {
        if set.answers.iter().any(|a| a.id == question.id) {
            continue;
        }
        let got = found(&question.text)?;
        let same_fact = got.as_deref().and_then(approved_question).is_some_and(|a| {
            a.expected_url.is_some()
                && a.expected_url == question.expected_url
                && a.key_facts == question.key_facts
        });
        // An approved reply that states the fact asked for answers the question too.
        let states_fact = got
            .as_deref()
            .and_then(|id| set.answers.iter().find(|a| a.id == id))
            .is_some_and(|a| {
                a.replies.iter().any(|r| {
                    let reply = normalized(&r.text);
                    question.key_facts.iter().any(|f| {
                        // A fact as short as "3" is in almost any reply: too little to count.
                        f.chars().count() >= 4 && reply.contains(&normalized(f))
                    })
                })
            });
        out.push(Matched {
            site: site.id.clone(),
            half: site.half.clone(),
            kind: "other".to_owned(),
            text: question.text.clone(),
            right: got.is_none() || same_fact || states_fact,
            expected: None,
            got,
        });
    }
    Ok(out)
}
