//! How a reply is judged, and the tallies with their 95 % intervals. A reply is right when it
//! is an answer (quoted, generated or approved), its first citation is the expected page, it is at most
//! 60 words, and one of the key facts is within its first two sentences (a lead-in line ending
//! with a colon, such as the note that a page is in another language, is not counted).
//! An answer that is not right is confidently wrong; an off-topic question is declined when
//! the reply is "I don't know".

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Question, QuestionType};
use crate::answer::facts::normalized;
use crate::answer::{Answer, AnswerKind};
use crate::chunk::sentences;

/// Longest right answer, in words.
const MAX_WORDS: usize = 60;

/// One question's outcome under both configurations.
#[derive(Debug, Clone, Serialize)]
pub struct Judged {
    /// The site.
    pub site: String,
    /// `dev` or `test`.
    pub half: String,
    /// The question's id.
    pub id: String,
    /// Its type.
    pub kind: QuestionType,
    /// Outcome with the built-in reader.
    pub built_in: Verdict,
    /// Outcome with the reading double as the model.
    pub with_model: Verdict,
    /// The question, the built-in reply and its first citation, for reading the tuning
    /// half's failures.
    pub question: String,
    /// The built-in reply.
    pub reply: String,
    /// The first cited page.
    pub cited: Option<String>,
    /// The built-in answerer's confidence.
    pub confidence: f32,
    /// Whether the product handed the question to a model (passages to read).
    pub model_called: bool,
}

/// What became of one reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Right (or, off topic, declined).
    Right,
    /// Answered, but wrong (or, off topic, answered).
    ConfidentlyWrong,
    /// Declined an answerable question.
    Declined,
}

/// The first two sentences of a reply, past a lead-in line ending with a colon.
fn opening(text: &str) -> String {
    let body = match text.split_once('\n') {
        Some((first, rest)) if first.trim_end().ends_with(':') => rest,
        _ => text,
    };
    sentences(body)
        .into_iter()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

fn verdict(question: &Question, answer: &Answer) -> Verdict {
    let answered = matches!(
        answer.kind,
        AnswerKind::Answered | AnswerKind::Generated | AnswerKind::Approved
    );
    let Some(expected) = &question.expected_url else {
        return if answered {
            Verdict::ConfidentlyWrong
        } else {
            Verdict::Right
        };
    };
    if !answered {
        return Verdict::Declined;
    }
    let opening = normalized(&opening(&answer.text));
    let holds_fact = question
        .key_facts
        .iter()
        .any(|f| opening.contains(&normalized(f)));
    let cites = answer.citations.first().is_some_and(|c| &c.url == expected);
    let short = answer.text.split_whitespace().count() <= MAX_WORDS;
    if holds_fact && cites && short {
        Verdict::Right
    } else {
        Verdict::ConfidentlyWrong
    }
}

/// The replies to one question: the built-in answerer's, the one with the reading double as
/// the model, and whether the double was handed passages.
pub struct Replies<'a> {
    /// The built-in answerer's.
    pub built_in: &'a Answer,
    /// With the reading double in place of a model.
    pub with_model: &'a Answer,
    /// Whether the product handed the question to a model.
    pub model_called: bool,
}

/// Judges a question's two replies.
pub fn judge(site: &str, half: &str, question: &Question, replies: Replies) -> Judged {
    let Replies {
        built_in,
        with_model,
        model_called,
    } = replies;
    Judged {
        site: site.to_owned(),
        half: half.to_owned(),
        id: question.id.clone(),
        kind: question.kind,
        built_in: verdict(question, built_in),
        with_model: verdict(question, with_model),
        question: question.text.clone(),
        reply: built_in.text.clone(),
        cited: built_in.citations.first().map(|c| c.url.clone()),
        confidence: built_in.confidence,
        model_called,
    }
}

/// Counts of one group of questions under one configuration.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Tally {
    /// Questions.
    pub questions: usize,
    /// Right (off topic: declined).
    pub right: usize,
    /// Confidently wrong (off topic: answered).
    pub wrong: usize,
}

impl Tally {
    fn add(&mut self, verdict: Verdict) {
        self.questions += 1;
        match verdict {
            Verdict::Right => self.right += 1,
            Verdict::ConfidentlyWrong => self.wrong += 1,
            Verdict::Declined => {}
        }
    }
}

/// Wilson score interval (95 %) of `successes` out of `n`, as fractions.
pub fn wilson(successes: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let z = 1.959_964_f64;
    let (n, p) = (n as f64, successes as f64 / n as f64);
    let centre = p + z * z / (2.0 * n);
    let margin = z * ((p * (1.0 - p) + z * z / (4.0 * n)) / n).sqrt();
    let denominator = 1.0 + z * z / n;
    (
        ((centre - margin) / denominator).max(0.0),
        ((centre + margin) / denominator).min(1.0),
    )
}

/// Tallies per type and in all (answerable questions; off topic apart), for both
/// configurations.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Per type, built-in reader.
    pub built_in: BTreeMap<QuestionType, Tally>,
    /// Per type, reading double as the model.
    pub with_model: BTreeMap<QuestionType, Tally>,
    /// Per type, how many questions were handed to a model.
    pub model_called: BTreeMap<QuestionType, usize>,
}

impl Report {
    /// The report of `judged`.
    pub fn of<'a>(judged: impl IntoIterator<Item = &'a Judged>) -> Self {
        let mut report = Report::default();
        for j in judged {
            report.built_in.entry(j.kind).or_default().add(j.built_in);
            report
                .with_model
                .entry(j.kind)
                .or_default()
                .add(j.with_model);
            *report.model_called.entry(j.kind).or_default() += usize::from(j.model_called);
        }
        report
    }

    /// The answerable questions' tally of one configuration.
    pub fn answerable(tallies: &BTreeMap<QuestionType, Tally>) -> Tally {
        tallies
            .iter()
            .filter(|(kind, _)| **kind != QuestionType::OffTopic)
            .fold(Tally::default(), |mut all, (_, t)| {
                all.questions += t.questions;
                all.right += t.right;
                all.wrong += t.wrong;
                all
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotto_core::Citation;

    fn question(kind: QuestionType, url: Option<&str>, fact: &str) -> Question {
        Question {
            id: "q".into(),
            kind,
            text: "?".into(),
            expected_url: url.map(str::to_owned),
            key_facts: vec![fact.to_owned()],
        }
    }

    fn answer(kind: AnswerKind, text: &str, url: &str) -> Answer {
        Answer {
            text: text.into(),
            citations: vec![Citation {
                url: url.into(),
                title: String::new(),
                snippet: String::new(),
                version: None,
            }],
            kind,
            confidence: 1.0,
        }
    }

    #[test]
    fn right_needs_the_fact_early_the_page_first_and_brevity() {
        let q = question(QuestionType::Hours, Some("https://s/h"), "10:00 – 16:00");
        let good = answer(
            AnswerKind::Answered,
            "Sunday: 10:00-16:00. Closed on holidays.",
            "https://s/h",
        );
        assert_eq!(verdict(&q, &good), Verdict::Right);
        let late = answer(
            AnswerKind::Answered,
            "One. Two. Sunday: 10:00-16:00.",
            "https://s/h",
        );
        assert_eq!(verdict(&q, &late), Verdict::ConfidentlyWrong);
        let elsewhere = answer(AnswerKind::Answered, "Sunday: 10:00-16:00.", "https://s/x");
        assert_eq!(verdict(&q, &elsewhere), Verdict::ConfidentlyWrong);
        let long = answer(
            AnswerKind::Answered,
            &format!("Sunday: 10:00-16:00. {}", "word ".repeat(60)),
            "https://s/h",
        );
        assert_eq!(verdict(&q, &long), Verdict::ConfidentlyWrong);
        let lead_in = answer(
            AnswerKind::Answered,
            "The page is in German:\nSonntag: 10:00-16:00.",
            "https://s/h",
        );
        assert_eq!(verdict(&q, &lead_in), Verdict::Right);
        let declined = answer(AnswerKind::Unknown, "I don't know.", "https://s/c");
        assert_eq!(verdict(&q, &declined), Verdict::Declined);
    }

    #[test]
    fn off_topic_is_right_when_declined() {
        let q = question(QuestionType::OffTopic, None, "");
        assert_eq!(
            verdict(
                &q,
                &answer(AnswerKind::Unknown, "I don't know.", "https://s/c")
            ),
            Verdict::Right
        );
        assert_eq!(
            verdict(&q, &answer(AnswerKind::Answered, "Yes.", "https://s/c")),
            Verdict::ConfidentlyWrong
        );
    }

    #[test]
    fn wilson_intervals() {
        let (low, high) = wilson(80, 100);
        assert!(
            (low - 0.711).abs() < 0.002 && (high - 0.867).abs() < 0.002,
            "{low} {high}"
        );
        assert_eq!(wilson(0, 0), (0.0, 0.0));
    }
}
