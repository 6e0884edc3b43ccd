//! Passages split into sentences and analysed once per index, not once per question: reading
//! the twenty candidate passages of every question sentence by sentence was a third of a chat
//! turn's CPU. An index is immutable (a change of the site's pages builds a new one), so a
//! passage's analysis, kept beside it, never goes stale; the memo grows to at most one entry
//! per passage of the site.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use crate::chunk::sentences;

/// A passage's sentences and terms, analysed with its site's analyzer.
#[derive(Debug, Default)]
pub struct AnalyzedPassage {
    /// The analysed terms of its page title and section heading.
    pub context_terms: HashSet<String>,
    /// Its sentences (or table rows), each with its analysed terms, in order.
    pub sentences: Vec<AnalyzedSentence>,
    /// Every analysed term of the passage: its context's and its sentences'.
    pub all_terms: HashSet<String>,
}

/// One sentence of a passage with its analysed terms.
#[derive(Debug)]
pub struct AnalyzedSentence {
    /// The sentence as the page writes it.
    pub text: String,
    /// Its distinct analysed terms.
    pub terms: HashSet<String>,
}

impl AnalyzedPassage {
    /// Analyses a passage's `title`, `heading` and `text` with `analyze`.
    pub(crate) fn of(
        title: &str,
        heading: &str,
        text: &str,
        analyze: impl Fn(&str) -> Vec<String>,
    ) -> Self {
        let context_terms: HashSet<String> =
            analyze(&format!("{title} {heading}")).into_iter().collect();
        let sentences: Vec<AnalyzedSentence> = sentences(text)
            .into_iter()
            .map(|sentence| AnalyzedSentence {
                terms: analyze(sentence).into_iter().collect(),
                text: sentence.to_owned(),
            })
            .collect();
        let mut all_terms = context_terms.clone();
        for sentence in &sentences {
            all_terms.extend(sentence.terms.iter().cloned());
        }
        Self {
            context_terms,
            sentences,
            all_terms,
        }
    }
}

/// The analyses made so far, by passage number.
#[derive(Debug, Default)]
pub(crate) struct PassageAnalyses(RwLock<HashMap<u64, Arc<AnalyzedPassage>>>);

impl PassageAnalyses {
    /// The analysis of passage `number`, made by `make` the first time it is asked for.
    pub(crate) fn get_or_make(
        &self,
        number: u64,
        make: impl FnOnce() -> AnalyzedPassage,
    ) -> Arc<AnalyzedPassage> {
        if let Some(found) = self
            .0
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&number)
        {
            return found.clone();
        }
        let made = Arc::new(make());
        self.0
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .entry(number)
            .or_insert(made)
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace()
            .map(|w| w.trim_matches('.').to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    }

    #[test]
    fn a_passage_is_split_into_sentences_with_their_terms_and_its_context() {
        let passage = AnalyzedPassage::of(
            "Delivery",
            "Abroad",
            "Parcels to Spain arrive within 4 days. Returns are free.",
            words,
        );
        assert_eq!(passage.sentences.len(), 2);
        assert!(passage.sentences[0].terms.contains("spain"));
        assert!(!passage.sentences[1].terms.contains("spain"));
        assert!(passage.context_terms.contains("abroad"));
        assert!(passage.all_terms.contains("abroad") && passage.all_terms.contains("returns"));
    }

    #[test]
    fn a_passage_is_analysed_once() {
        let analyses = PassageAnalyses::default();
        let calls = std::cell::Cell::new(0);
        for _ in 0..3 {
            let passage = analyses.get_or_make(7, || {
                calls.set(calls.get() + 1);
                AnalyzedPassage::of("t", "h", "One. Two.", words)
            });
            assert_eq!(passage.sentences.len(), 2);
        }
        assert_eq!(calls.get(), 1);
        let other = analyses.get_or_make(8, || AnalyzedPassage::of("t", "h", "Three.", words));
        assert_eq!(other.sentences.len(), 1);
    }
}
