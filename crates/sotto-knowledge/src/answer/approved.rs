//! Approved answers: replies a site's team wrote for questions the site's pages answered
//! badly, given instead of a reading of the pages when a visitor asks the same thing in other
//! words, with typing mistakes or in another language.
//!
//! The approved questions and replies of a site are indexed in memory like a site's pages
//! (same analysis, so the same concept lexicon and spelling links), and a visitor's question
//! matches an approved answer only when the two cover each other: the visitor's topic is in
//! the approved answer's words (forward), one of its questions' topic is in the visitor's words
//! (backward), each word weighed by its rarity on the site's pages, and both ask for the same
//! kind of value ("how long" is not "how much"). In the hybrid mode a question also matches
//! by meaning: close to one of the approved questions and to the approved reply by the
//! embedding model, with some of their words in common. The thresholds are chosen on the
//! tuning half of the approved-answer benchmark (`BENCHMARKS.md`) for no false match on the
//! benchmark's other questions.

use std::collections::HashSet;

use sotto_core::Citation;

use super::question::{self, Expecting};
use super::terms::Query;
use crate::import::{Page, PageChunk};
use crate::index::{IndexError, SiteIndex};
use crate::language::Language;
use crate::small_talk;

/// Least share of the visitor's topic an approved answer's words must cover.
const FORWARD_MIN: f32 = 0.55;
/// Least share of one approved question's topic the visitor's words must cover.
const BACKWARD_MIN: f32 = 0.6;
/// Passages of the approved index read per question.
const CANDIDATES: usize = 30;
/// Approved answers read per question by closeness in meaning (the hybrid mode).
const CLOSEST: usize = 3;
/// In the hybrid mode, the cosine similarity (multilingual-e5-small) from which a visitor's
/// question means the same as an approved question although their words differ...
const SIMILAR_MIN: f32 = 0.93;
/// ...provided the approved reply is close to it too (e5 reads the reply as a passage)...
const REPLY_SIMILAR_MIN: f32 = 0.84;
/// ...and the two directions of word coverage average at least this.
const COVERAGE_MIN_SIMILAR: f32 = 0.3;
/// How the index names an approved answer's passages.
const URL_PREFIX: &str = "approved:";

/// An answer the site's team approved, as the answerer reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedAnswer {
    /// Its identifier (the store's).
    pub id: String,
    /// The questions it answers, as visitors put them, in any language.
    pub questions: Vec<String>,
    /// The reply in each language it was written in; the first is given when the visitor's
    /// language has none.
    pub replies: Vec<ApprovedReply>,
    /// Pages of the site the reply cites.
    pub citations: Vec<Citation>,
}

/// An approved reply in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedReply {
    /// Its language.
    pub language: Language,
    /// Its text.
    pub text: String,
}

/// A visitor's question matched to an approved answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ApprovedMatch<'a> {
    /// The approved answer.
    pub answer: &'a ApprovedAnswer,
    /// Its reply in the visitor's language, else its first.
    pub reply: &'a ApprovedReply,
    /// How well the two match (0–1): the lesser of the two directions of word coverage, or
    /// the closeness in meaning when that is higher.
    pub score: f32,
}

impl ApprovedMatch<'_> {
    /// The answer the visitor gets: the reply with its citations, `kind: approved`.
    pub fn to_answer(&self) -> super::Answer {
        super::Answer {
            text: self.reply.text.clone(),
            citations: self.answer.citations.clone(),
            kind: super::AnswerKind::Approved,
            confidence: self.score,
        }
    }
}

/// One approved answer read against the approved index.
struct Entry {
    answer: ApprovedAnswer,
    /// Every analysed term of its questions and replies.
    terms: HashSet<String>,
    /// Each of its questions, read, with the kind of value it asks for.
    questions: Vec<(Query, Expecting)>,
}

/// A site's approved answers, indexed for matching.
pub struct ApprovedAnswers {
    /// `None` when the site has no approved answer: nothing to index.
    index: Option<SiteIndex>,
    entries: Vec<Entry>,
    /// In the hybrid mode, every approved question embedded: matched by meaning too.
    #[cfg(feature = "dense")]
    meaning: Option<Meaning>,
}

/// The approved questions and replies as the embedding model reads them.
#[cfg(feature = "dense")]
struct Meaning {
    embedder: std::sync::Arc<crate::dense::Embedder>,
    /// Each approved question, read as a question.
    questions: Vec<Embedded>,
    /// Each approved reply, read as a passage.
    replies: Vec<Embedded>,
}

/// One text of an approved answer with its vector.
#[cfg(feature = "dense")]
struct Embedded {
    /// The answer's position.
    entry: usize,
    text: String,
    vector: Vec<f32>,
}

impl ApprovedAnswers {
    /// Indexes `answers` with the analysis of a site in `language`.
    /// An answer without a question or a reply is left out: nothing could match it, or
    /// nothing would be given.
    pub fn build(language: Language, answers: Vec<ApprovedAnswer>) -> Result<Self, IndexError> {
        let answers: Vec<ApprovedAnswer> = answers
            .into_iter()
            .filter(|a| !a.questions.is_empty() && !a.replies.is_empty())
            .collect();
        if answers.is_empty() {
            return Ok(Self {
                index: None,
                entries: Vec::new(),
                #[cfg(feature = "dense")]
                meaning: None,
            });
        }
        let pages: Vec<Page> = answers
            .iter()
            .enumerate()
            .map(|(number, answer)| Page {
                url: format!("{URL_PREFIX}{number}"),
                title: String::new(),
                language: None,
                content_hash: String::new(),
                stored_at: None,
                chunks: answer
                    .questions
                    .iter()
                    .chain(answer.replies.iter().map(|r| &r.text))
                    .map(|text| PageChunk {
                        heading: String::new(),
                        text: text.clone(),
                    })
                    .collect(),
            })
            .collect();
        let index = SiteIndex::in_memory(language, &pages)?;
        let entries = answers
            .into_iter()
            .map(|answer| {
                let terms = answer
                    .questions
                    .iter()
                    .chain(answer.replies.iter().map(|r| &r.text))
                    .flat_map(|text| index.analyze(text))
                    .collect();
                let questions = answer
                    .questions
                    .iter()
                    .map(|text| {
                        let asked = question::read(text);
                        (Query::read(&index, text, asked.language), asked.expecting)
                    })
                    .collect();
                Entry {
                    answer,
                    terms,
                    questions,
                }
            })
            .collect();
        Ok(Self {
            index: Some(index),
            entries,
            #[cfg(feature = "dense")]
            meaning: None,
        })
    }

    /// Matches by meaning too (the hybrid mode): every approved question and reply embedded
    /// by `embedder` now (those `previous` already embedded with the same model are reused, so
    /// a change re-embeds only what changed), each visitor question when it is asked. Only
    /// with the multilingual model, on whose scale the thresholds were chosen; with another
    /// the answers match by their words alone.
    #[cfg(feature = "dense")]
    pub fn with_meaning(
        mut self,
        embedder: std::sync::Arc<crate::dense::Embedder>,
        previous: Option<&ApprovedAnswers>,
    ) -> Result<Self, IndexError> {
        use crate::dense::TextRole;
        if !embedder.is_multilingual() {
            return Ok(self);
        }
        let reusable = previous
            .and_then(|p| p.meaning.as_ref())
            .filter(|m| m.embedder.fingerprint() == embedder.fingerprint());
        let questions = self.embedded(
            &embedder,
            TextRole::Question,
            reusable.map(|m| &m.questions),
            |e| e.answer.questions.iter().map(String::as_str).collect(),
        )?;
        let replies = self.embedded(
            &embedder,
            TextRole::Passage,
            reusable.map(|m| &m.replies),
            |e| e.answer.replies.iter().map(|r| r.text.as_str()).collect(),
        )?;
        self.meaning = Some(Meaning {
            embedder,
            questions,
            replies,
        });
        Ok(self)
    }

    /// Each entry's `texts` with their vectors as `role`: taken from `known` when it holds
    /// the same text, embedded otherwise.
    #[cfg(feature = "dense")]
    fn embedded(
        &self,
        embedder: &crate::dense::Embedder,
        role: crate::dense::TextRole,
        known: Option<&Vec<Embedded>>,
        texts: impl Fn(&Entry) -> Vec<&str>,
    ) -> Result<Vec<Embedded>, IndexError> {
        let known: std::collections::HashMap<&str, &Vec<f32>> = known
            .into_iter()
            .flatten()
            .map(|e| (e.text.as_str(), &e.vector))
            .collect();
        let all: Vec<(usize, &str)> = self
            .entries
            .iter()
            .enumerate()
            .flat_map(|(n, e)| texts(e).into_iter().map(move |t| (n, t)))
            .collect();
        let missing: Vec<&str> = all
            .iter()
            .map(|(_, t)| *t)
            .filter(|t| !known.contains_key(t))
            .collect();
        let fresh: std::collections::HashMap<&str, Vec<f32>> = missing
            .iter()
            .copied()
            .zip(embedder.embed(&missing, role)?)
            .collect();
        Ok(all
            .into_iter()
            .map(|(entry, text)| Embedded {
                entry,
                text: text.to_owned(),
                vector: known
                    .get(text)
                    .map(|v| (*v).clone())
                    .or_else(|| fresh.get(text).cloned())
                    .unwrap_or_default(),
            })
            .collect())
    }

    /// For each entry, the cosine similarity to `question` of its closest approved question
    /// and of its closest reply, by the embedding model; empty without one.
    fn similarities(&self, question: &str) -> Result<Vec<(f32, f32)>, IndexError> {
        #[cfg(feature = "dense")]
        if let Some(meaning) = &self.meaning {
            let asked = meaning
                .embedder
                .embed(&[question], crate::dense::TextRole::Question)?
                .remove(0);
            let closest = |texts: &[Embedded]| {
                let mut best = vec![0.0f32; self.entries.len()];
                for text in texts {
                    let cosine: f32 = text.vector.iter().zip(&asked).map(|(a, b)| a * b).sum();
                    best[text.entry] = best[text.entry].max(cosine);
                }
                best
            };
            let questions = closest(&meaning.questions);
            let replies = closest(&meaning.replies);
            return Ok(questions.into_iter().zip(replies).collect());
        }
        let _ = question;
        Ok(Vec::new())
    }

    /// How many approved answers the site has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the site has none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The approved answer `question` asks for on the site of `site` (whose pages say how
    /// much each of the question's words tells about its topic), if one covers it and it
    /// covers one of its questions; never for small talk.
    pub fn find(
        &self,
        site: &SiteIndex,
        question: &str,
    ) -> Result<Option<ApprovedMatch<'_>>, IndexError> {
        let Some(index) = &self.index else {
            return Ok(None);
        };
        if small_talk::classify(question).is_some() {
            return Ok(None);
        }
        let asked = question::read(question);
        let query = Query::read(index, question, asked.language).with_cognates(index);
        let weighed = query.clone().weighed_by(site);
        if query.terms.is_empty() {
            return Ok(None);
        }
        let visitor_terms: HashSet<String> = query
            .terms
            .iter()
            .flat_map(|t| t.alternatives.iter().map(|(term, _)| term.clone()))
            .collect();
        let hits = index.retrieve(question, &query.search_terms(), CANDIDATES)?;
        let similarities = self.similarities(question)?;
        let mut candidates: Vec<usize> = hits
            .iter()
            .filter_map(|hit| hit.url.strip_prefix(URL_PREFIX)?.parse().ok())
            .collect();
        let by_question: Vec<f32> = similarities.iter().map(|s| s.0).collect();
        candidates.extend(closest(&by_question, CLOSEST));
        let mut seen = HashSet::new();
        let mut best: Option<(f32, &Entry)> = None;
        for n in candidates {
            let Some(entry) = self.entries.get(n).filter(|_| seen.insert(n)) else {
                continue;
            };
            let forward = weighed.topic_coverage(&entry.terms);
            let backward = entry
                .questions
                .iter()
                .filter(|(_, expecting)| same_kind(asked.expecting, *expecting))
                .map(|(approved, _)| {
                    approved
                        .clone()
                        .weighed_by(site)
                        .topic_coverage(&visitor_terms)
                })
                .fold(0.0, f32::max);
            let (similarity, reply_similarity) = match similarities.get(n) {
                Some((q, r)) => (Some(*q), *r),
                None => (None, 0.0),
            };
            let by_words = forward >= FORWARD_MIN && backward >= BACKWARD_MIN;
            let by_meaning = similarity.is_some_and(|s| s >= SIMILAR_MIN)
                && reply_similarity >= REPLY_SIMILAR_MIN
                && (forward + backward) / 2.0 >= COVERAGE_MIN_SIMILAR
                && entry
                    .questions
                    .iter()
                    .any(|(_, expecting)| same_kind(asked.expecting, *expecting));
            if !by_words && !by_meaning {
                continue;
            }
            let score = forward.min(backward).max(similarity.unwrap_or(0.0));
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, entry));
            }
        }
        Ok(best.map(|(score, entry)| {
            let replies = &entry.answer.replies;
            let reply = asked
                .language
                .and_then(|l| replies.iter().find(|r| r.language == l))
                .unwrap_or(&replies[0]);
            ApprovedMatch {
                answer: &entry.answer,
                reply,
                score,
            }
        }))
    }
}

/// The positions of the `n` highest `similarities`.
fn closest(similarities: &[f32], n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..similarities.len()).collect();
    order.sort_by(|a, b| similarities[*b].total_cmp(&similarities[*a]));
    order.truncate(n);
    order
}

/// Whether two questions ask for the same kind of value: either asks for anything, or both
/// for the same.
fn same_kind(a: Expecting, b: Expecting) -> bool {
    a == b || a == Expecting::Anything || b == Expecting::Anything
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approved(id: &str, questions: &[&str], reply: &str) -> ApprovedAnswer {
        ApprovedAnswer {
            id: id.into(),
            questions: questions.iter().map(|q| (*q).to_owned()).collect(),
            replies: vec![ApprovedReply {
                language: Language::En,
                text: reply.into(),
            }],
            citations: Vec::new(),
        }
    }

    fn shop() -> ApprovedAnswers {
        ApprovedAnswers::build(
            Language::En,
            vec![
                approved(
                    "amex",
                    &["Do you accept American Express?"],
                    "Yes: we take American Express, Visa and Mastercard.",
                ),
                approved(
                    "dogs",
                    &["Can I bring my dog to the shop?"],
                    "Dogs on a lead are welcome in the shop.",
                ),
                approved(
                    "delivery-time",
                    &["How long does delivery to Norway take?"],
                    "Parcels to Norway arrive within 6 working days.",
                ),
            ],
        )
        .unwrap()
    }

    fn site() -> SiteIndex {
        SiteIndex::in_memory(Language::En, &crate::index::tests::shop_pages()).unwrap()
    }

    fn found(answers: &ApprovedAnswers, question: &str) -> Option<String> {
        answers
            .find(&site(), question)
            .unwrap()
            .map(|m| m.answer.id.clone())
    }

    #[test]
    fn the_same_question_in_other_words_or_mistyped_gets_the_approved_answer() {
        let answers = shop();
        assert_eq!(
            found(&answers, "do you acept american express").as_deref(),
            Some("amex")
        );
        assert_eq!(
            found(&answers, "Is my dog allowed in the shop?").as_deref(),
            Some("dogs")
        );
        assert_eq!(
            found(&answers, "How many days does delivery to Norway take?").as_deref(),
            Some("delivery-time")
        );
    }

    #[test]
    fn other_questions_get_none() {
        let answers = shop();
        for question in [
            "How much does delivery to Norway cost?",
            "Do you accept cheques?",
            "Can I bring my bike?",
            "Hello!",
            "",
        ] {
            assert_eq!(found(&answers, question), None, "{question}");
        }
        let none = ApprovedAnswers::build(Language::En, Vec::new()).unwrap();
        assert!(none.is_empty());
        assert_eq!(found(&none, "Do you accept American Express?"), None);
    }

    #[test]
    fn a_word_spelt_alike_in_another_language_stands_for_it() {
        let mut answer = approved(
            "hygienist",
            &["Avez-vous une hygiéniste ?"],
            "Oui : Julie Peeters, le lundi et le jeudi.",
        );
        answer.replies[0].language = Language::Fr;
        // The English reply puts "hygienist" in the answers' words: not a typing mistake.
        answer.replies.push(ApprovedReply {
            language: Language::En,
            text: "Yes: Julie Peeters is our hygienist, on Mondays and Thursdays.".into(),
        });
        let answers = ApprovedAnswers::build(Language::Fr, vec![answer]).unwrap();
        let site = site();
        let english = answers.find(&site, "Do you have a hygienist?").unwrap();
        assert_eq!(english.map(|m| m.answer.id.as_str()), Some("hygienist"));
        let other = answers.find(&site, "Do you have a hypnotist?").unwrap();
        assert!(other.is_none());
    }

    #[test]
    fn the_reply_is_in_the_visitors_language_when_written_in_it() {
        let mut answer = approved(
            "dogs",
            &["Can I bring my dog?", "Puis-je venir avec mon chien ?"],
            "Dogs on a lead are welcome.",
        );
        answer.replies.push(ApprovedReply {
            language: Language::Fr,
            text: "Les chiens tenus en laisse sont les bienvenus.".into(),
        });
        let answers = ApprovedAnswers::build(Language::En, vec![answer]).unwrap();
        let site = site();
        let french = answers
            .find(&site, "Est-ce que je peux venir avec mon chien ?")
            .unwrap();
        assert_eq!(french.unwrap().reply.language, Language::Fr);
        let english = answers.find(&site, "Can I come with my dog?").unwrap();
        assert_eq!(english.unwrap().reply.language, Language::En);
    }
}
