//! The reading test double: a stand-in for a language model that reads perfectly and only
//! from what it is given. It answers with the sentence of the first passage holding the key
//! fact, citing that passage, and declines when no passage holds it; so its figures measure
//! what retrieval and the decision to call a model hand a model, not a model's skill.

use crate::answer::facts::normalized;
use crate::answer::{Answer, AnswerKind, ExtractiveAnswerer};
use crate::chunk::sentences;
use crate::index::{Hit, SiteIndex};

/// A reading double for one question, knowing its key facts.
pub struct ReadingDouble<'a> {
    /// What a right answer contains.
    pub key_facts: &'a [String],
}

impl ReadingDouble<'_> {
    /// What a visitor gets when this double is the model: the double's reading of `passages`
    /// when the product hands it any (as it hands a configured model), else `built_in`.
    pub fn answer(
        &self,
        answerer: &ExtractiveAnswerer,
        index: &SiteIndex,
        passages: &[Hit],
        built_in: &Answer,
    ) -> Answer {
        if passages.is_empty() {
            return built_in.clone();
        }
        let facts: Vec<String> = self.key_facts.iter().map(|f| normalized(f)).collect();
        let holds = |text: &str| {
            let text = normalized(text);
            facts.iter().any(|f| text.contains(f.as_str()))
        };
        for passage in passages {
            if let Some(sentence) = sentences(&passage.text).into_iter().find(|s| holds(s)) {
                return Answer {
                    text: sentence.to_owned(),
                    citations: vec![answerer.cite(passage)],
                    kind: AnswerKind::Generated,
                    confidence: built_in.confidence,
                };
            }
        }
        answerer.unknown(index, built_in.confidence)
    }
}
