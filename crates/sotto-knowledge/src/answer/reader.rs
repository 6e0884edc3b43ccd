//! Reads the retrieved passages for what answers the question: passages ordered by how much of
//! the question's topic they cover (with their title and heading), and within the best of them
//! the sentence or table row that answers the kind of question: the one holding a price for
//! "how much", a duration for "how long", a time for "when", a number for "what number", and,
//! for a yes/no question, the one that says no when the page says no. One sentence, or two when
//! the second is as much to the point: no neighbouring sentences on other subjects.

use std::collections::HashSet;
use std::sync::Arc;

use super::question::{self, Asked, Expecting};
use super::terms::Query;
use super::values;
use crate::index::{AnalyzedPassage, AnalyzedSentence, Hit, SiteIndex};

/// Passages whose sentences are read, best first.
const READ_PASSAGES: usize = 3;
/// A second sentence is added only if it scores at least this share of the first's.
const SECOND_SENTENCE: f32 = 0.9;
/// Most words of a two-sentence answer.
const MAX_WORDS: usize = 45;
/// Bonus of a sentence holding the kind of value asked for; malus of one without it.
const VALUE_BONUS: f32 = 0.45;
const VALUE_MALUS: f32 = 0.2;
/// The relevance of a passage holding the kind of value a question of cue words alone asks
/// for.
const ONLY_CUES_WITH_VALUE: f32 = 0.8;
/// How much a passage's best sentence counts in its order, against its whole coverage.
const FOCUS_WEIGHT: f32 = 0.3;
/// How much retrieval's own score counts in a passage's order, against its coverage: BM25
/// alone, and in the hybrid mode, where the fused score also says how close in meaning the
/// passage is (0.3 chosen on the benchmark's tuning half: the reading double 82.3 → 83.8 %
/// right, wrong 5.6 → 4.5 %; 0.5 and 1.0 gave more wrong answers; with BM25 alone 0.3 lost one).
const SCORE_WEIGHT: f32 = 0.1;
const HYBRID_SCORE_WEIGHT: f32 = 0.3;
/// How much holding the value asked for adds to a sentence's coverage in that measure.
const SENTENCE_VALUE: f32 = 0.3;
/// How much of its support a quote keeps when it lacks the kind of value asked for.
const MISSING_VALUE: f32 = 0.5;
/// Bonus of a sentence in the visitor's language (or the site's, when the question's is not
/// clear).
const SAME_LANGUAGE: f32 = 0.1;
/// Bonus of a sentence holding the value asked for under a title or heading that names it.
const NAMED_KIND_BONUS: f32 = 0.3;
/// Malus of a sentence that is itself a question.
const QUESTION_MALUS: f32 = 0.6;
/// Bonus of a sentence saying no, for a yes/no question.
const NEGATION_BONUS: f32 = 0.15;

/// One passage with what it covers.
struct Read {
    hit: Hit,
    /// Share of the question's topic (its cue words left out) covered by the passage with its
    /// title and heading.
    topic: f32,
    /// Share of the question covered by its title and heading alone.
    context: f32,
    /// Whether its title or heading names the kind of value asked for ("Opening hours").
    names_kind: bool,
    /// Its title, heading and sentences, analysed once per index.
    analysis: Arc<AnalyzedPassage>,
    /// How well each of its sentences holds the kind of value asked for, in their order.
    strengths: Vec<f32>,
}

impl Read {
    /// Its sentences with how well each holds the kind of value asked for.
    fn sentences(&self) -> impl Iterator<Item = (&AnalyzedSentence, f32)> {
        self.analysis
            .sentences
            .iter()
            .zip(self.strengths.iter().copied())
    }
}

/// What the reader quotes.
pub(crate) struct Quote {
    /// The sentence or sentences.
    pub(crate) text: String,
    /// How well the quote itself answers: the share of the question's topic its sentence,
    /// title and heading cover, lowered when it lacks the kind of value asked for.
    pub(crate) support: f32,
    /// Their passage.
    pub(crate) passage: Hit,
}

/// The passages retrieved for a question, read.
pub(crate) struct Reading<'a> {
    index: &'a SiteIndex,
    query: &'a Query,
    asked: Asked,
    read: Vec<Read>,
    passages: Vec<Hit>,
}

impl<'a> Reading<'a> {
    /// `hits` read for `query`, reordered by coverage, then value, then retrieval score.
    pub(crate) fn of(index: &'a SiteIndex, query: &'a Query, asked: Asked, hits: Vec<Hit>) -> Self {
        let score_weight = if index.is_hybrid() {
            HYBRID_SCORE_WEIGHT
        } else {
            SCORE_WEIGHT
        };
        let top_score = hits
            .iter()
            .map(|h| h.score)
            .fold(f32::MIN_POSITIVE, f32::max);
        let mut read: Vec<(Read, f32)> = hits
            .into_iter()
            .map(|hit| {
                let analysis = index.analyzed(&hit);
                let context = query.coverage(&analysis.context_terms);
                let names_kind = question::names_kind(
                    asked.expecting,
                    &format!("{} | {}", hit.title, hit.heading),
                );
                let strengths: Vec<f32> = analysis
                    .sentences
                    .iter()
                    .map(|sentence| values::strength(asked.expecting, &sentence.text))
                    .collect();
                let mut topic = query.topic_coverage(&analysis.all_terms);
                let value = strengths.iter().any(|&s| s > 0.0);
                if value && query.only_cues() {
                    // "Phone number?": a passage holding one is what was asked for.
                    topic = topic.max(ONLY_CUES_WITH_VALUE);
                }
                // A passage with one sentence that says it all beats one whose words are spread
                // over sentences on other subjects.
                let focus = analysis
                    .sentences
                    .iter()
                    .zip(&strengths)
                    .map(|(s, strength)| query.topic_coverage(&s.terms) + SENTENCE_VALUE * strength)
                    .fold(0.0, f32::max);
                let order = topic
                    + FOCUS_WEIGHT * focus
                    + if value { 0.1 } else { 0.0 }
                    + if value && names_kind { 0.1 } else { 0.0 }
                    + score_weight * hit.score / top_score;
                (
                    Read {
                        hit,
                        topic,
                        context,
                        names_kind,
                        analysis,
                        strengths,
                    },
                    order,
                )
            })
            .collect();
        read.sort_by(|a, b| b.1.total_cmp(&a.1));
        let read: Vec<Read> = read.into_iter().map(|(r, _)| r).collect();
        let passages = read.iter().map(|r| r.hit.clone()).collect();
        Reading {
            index,
            query,
            asked,
            read,
            passages,
        }
    }

    /// How relevant the site's best passage is to the question (0–1): the share of the
    /// question's topic it covers.
    pub(crate) fn relevance(&self) -> f32 {
        self.read.iter().map(|r| r.topic).fold(0.0, f32::max)
    }

    /// The `limit` best passages, best first.
    pub(crate) fn passages(&self, limit: usize) -> &[Hit] {
        &self.passages[..self.passages.len().min(limit)]
    }

    /// The sentence (or two) that answers the question best.
    pub(crate) fn best_quote(&self) -> Option<Quote> {
        let best_topic = self.relevance();
        let mut scored: Vec<(f32, usize, usize, &AnalyzedSentence, f32)> = Vec::new();
        for (rank, read) in self
            .read
            .iter()
            .enumerate()
            .take(READ_PASSAGES)
            .filter(|(_, r)| r.topic >= 0.6 * best_topic)
        {
            for (position, (read_sentence, strength)) in read.sentences().enumerate() {
                let sentence = read_sentence.text.as_str();
                let own = self.query.coverage(&read_sentence.terms);
                let mut score = own.max(0.5 * read.context) + 0.35 * read.context * (1.0 - own);
                if self.asked.expecting != Expecting::Anything {
                    score += if strength > 0.0 {
                        VALUE_BONUS * strength
                    } else {
                        -VALUE_MALUS
                    };
                }
                if read.names_kind && strength > 0.0 {
                    // A row of the "Opening hours" table beats an hour mentioned in passing.
                    score += NAMED_KIND_BONUS;
                }
                if read.hit.language == self.asked.language.unwrap_or(self.index.language()) {
                    // The visitor's own language first, when a page says it in both.
                    score += SAME_LANGUAGE;
                }
                if self.asked.yes_no && own > 0.0 && values::says_no(sentence) {
                    score += NEGATION_BONUS;
                }
                score += 0.08 * (READ_PASSAGES - rank) as f32 / READ_PASSAGES as f32;
                score -= 0.01 * position as f32;
                if sentence.trim_end().ends_with('?') {
                    // A question on the page (an FAQ's) is not its answer.
                    score -= QUESTION_MALUS;
                }
                scored.push((score, rank, position, read_sentence, strength));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let &(best_score, rank, position, best, best_strength) = scored.first()?;
        let read = &self.read[rank];
        let holds_value = best_strength > 0.0;
        let quoted: HashSet<String> = read
            .analysis
            .context_terms
            .union(&best.terms)
            .cloned()
            .collect();
        let mut support = self.query.topic_coverage(&quoted);
        if holds_value && self.query.only_cues() {
            support = support.max(ONLY_CUES_WITH_VALUE);
        }
        if self.asked.expecting != Expecting::Anything && !holds_value {
            support *= MISSING_VALUE;
        }
        let mut text = end_sentence(&best.text);
        if let Some(&(_, _, next_position, next, _)) =
            scored.iter().skip(1).find(|(score, r, _, s, _)| {
                *r == rank && *score >= SECOND_SENTENCE * best_score && s.text != best.text
            })
            && text.split_whitespace().count() + next.text.split_whitespace().count() <= MAX_WORDS
        {
            let next = end_sentence(&next.text);
            text = if next_position < position {
                format!("{next} {text}")
            } else {
                format!("{text} {next}")
            };
        }
        Some(Quote {
            text,
            support,
            passage: read.hit.clone(),
        })
    }
}

fn end_sentence(sentence: &str) -> String {
    let trimmed = sentence.trim();
    if trimmed.ends_with(['.', '!', '?', '…', ':']) {
        trimmed.to_owned()
    } else {
        format!("{trimmed}.")
    }
}
