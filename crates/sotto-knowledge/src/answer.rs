//! The built-in extractive answerer: no model, no external call. It answers only with sentences
//! taken from the site's own passages and cites the pages they come from. When the passages do
//! not cover the question well enough it says so plainly and points to the contact page.
//!
//! Confidence is the share of the question's weight (each analysed term weighted by its inverse
//! document frequency) that the best passage covers: a question about something the site never
//! mentions carries rare or unknown terms with high weight, and so scores low.

use sotto_core::Citation;

use crate::chunk::sentences;
use crate::index::{Hit, IndexError, SiteIndex};
use crate::language::Language;
use crate::small_talk;

/// How an answer was produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// Drawn from the site's passages, with citations.
    Answered,
    /// Written by a language model from the site's passages, its citations checked.
    Generated,
    /// The site's content does not cover the question.
    Unknown,
    /// A greeting, thanks or goodbye.
    SmallTalk,
}

/// A reply to one visitor message.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The reply text.
    pub text: String,
    /// Pages the reply drew from (or the contact page for an unknown answer).
    pub citations: Vec<Citation>,
    /// How it was produced.
    pub kind: AnswerKind,
    /// Weighted share of the question covered by the best passage (0–1).
    pub confidence: f32,
}

/// Tuning of the extractive answerer.
#[derive(Debug, Clone)]
pub struct ExtractiveAnswerer {
    /// Below this confidence the answer is "I don't know".
    pub min_confidence: f32,
    /// In the hybrid mode, passages at least this close in meaning to a question the
    /// extractive answer does not know (cosine similarity) are still handed on, for a model
    /// to read: a question put in other words than the site's. 0.4 because, on hand-made
    /// pairs (`tests/dense.rs`), passages answering a reworded question scored 0.47 to 0.65,
    /// and the best passage for an unrelated one at most 0.31.
    pub min_similarity: f32,
    /// Passages retrieved per question.
    pub passages: usize,
    /// Most sentences in an answer.
    pub max_sentences: usize,
    /// Longest citation snippet, in characters.
    pub snippet_chars: usize,
}

impl Default for ExtractiveAnswerer {
    fn default() -> Self {
        Self {
            min_confidence: 0.5,
            min_similarity: 0.4,
            passages: 5,
            max_sentences: 3,
            snippet_chars: 180,
        }
    }
}

struct Candidate<'a> {
    hit_rank: usize,
    position: usize,
    sentence: &'a str,
    weight: f32,
}

impl ExtractiveAnswerer {
    /// Replies to `question` from `index` alone.
    pub fn answer(&self, index: &SiteIndex, question: &str) -> Result<Answer, IndexError> {
        Ok(self.answer_with_passages(index, question)?.0)
    }

    /// Replies to `question` from `index` alone, and gives the passages the reply drew on,
    /// best first: what a language model may be given to write a better reply from. None for
    /// small talk; none for an unknown answer either, except in the hybrid mode the passages
    /// close in meaning ([`ExtractiveAnswerer::min_similarity`]).
    pub fn answer_with_passages(
        &self,
        index: &SiteIndex,
        question: &str,
    ) -> Result<(Answer, Vec<Hit>), IndexError> {
        if let Some((kind, language)) = small_talk::classify(question) {
            let answer = Answer {
                text: small_talk::reply(kind, language).to_owned(),
                citations: Vec::new(),
                kind: AnswerKind::SmallTalk,
                confidence: 1.0,
            };
            return Ok((answer, Vec::new()));
        }
        let terms = index.analyze(question);
        let hits = index.retrieve(question, &terms, self.passages)?;
        if hits.is_empty() {
            return Ok((self.unknown(index, 0.0), Vec::new()));
        }
        let weights = index.idf(&terms)?;
        let hits = rerank_by_coverage(index, &terms, &weights, hits);
        let confidence = hits[0].1;
        if confidence < self.min_confidence {
            let close = hits
                .into_iter()
                .map(|(hit, _)| hit)
                .filter(|hit| hit.similarity.is_some_and(|s| s >= self.min_similarity))
                .collect();
            return Ok((self.unknown(index, confidence), close));
        }
        let hits: Vec<Hit> = hits.into_iter().map(|(hit, _)| hit).collect();
        let chosen = self.choose_sentences(index, &terms, &weights, &hits);
        let mut citations: Vec<Citation> = Vec::new();
        for candidate in &chosen {
            let hit = &hits[candidate.hit_rank];
            if !citations.iter().any(|c| c.url == hit.url) {
                citations.push(self.cite(hit));
            }
        }
        let text = chosen
            .iter()
            .map(|c| end_sentence(c.sentence))
            .collect::<Vec<_>>()
            .join(" ");
        let answer = Answer {
            text,
            citations,
            kind: AnswerKind::Answered,
            confidence,
        };
        Ok((answer, hits))
    }

    /// The citation of a passage: its page, with the passage's opening as snippet.
    pub fn cite(&self, hit: &Hit) -> Citation {
        Citation {
            url: hit.url.clone(),
            title: hit.title.clone(),
            snippet: shorten(&hit.text.replace('\n', " "), self.snippet_chars),
        }
    }

    /// The best sentences: from the passages that score close to the best one, those carrying
    /// the most question weight, kept in reading order.
    fn choose_sentences<'a>(
        &self,
        index: &SiteIndex,
        terms: &[String],
        weights: &[f32],
        hits: &'a [Hit],
    ) -> Vec<Candidate<'a>> {
        let top_score = hits.iter().map(|h| h.score).fold(0.0, f32::max);
        let mut candidates: Vec<Candidate<'a>> = Vec::new();
        for (hit_rank, hit) in hits
            .iter()
            .enumerate()
            .filter(|(_, h)| h.score >= 0.6 * top_score)
            .take(3)
        {
            for (position, sentence) in sentences(&hit.text).into_iter().enumerate() {
                let weight = coverage(index, terms, weights, sentence)
                    * if hit_rank == 0 { 1.2 } else { 1.0 };
                candidates.push(Candidate {
                    hit_rank,
                    position,
                    sentence,
                    weight,
                });
            }
        }
        candidates.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then(a.hit_rank.cmp(&b.hit_rank))
                .then(a.position.cmp(&b.position))
        });
        let mut chosen: Vec<Candidate<'a>> = Vec::new();
        let mut words = 0;
        for candidate in candidates {
            if chosen.len() == self.max_sentences || (candidate.weight <= 0.0 && !chosen.is_empty())
            {
                break;
            }
            let sentence_words = candidate.sentence.split_whitespace().count();
            if !chosen.is_empty() && words + sentence_words > 80 {
                continue;
            }
            if chosen.iter().any(|c| c.sentence == candidate.sentence) {
                continue;
            }
            words += sentence_words;
            chosen.push(candidate);
        }
        if chosen.iter().all(|c| c.weight <= 0.0) {
            // The match is in the title or heading only: the passage's opening says what it is about.
            chosen = sentences(&hits[0].text)
                .into_iter()
                .take(2)
                .enumerate()
                .map(|(position, sentence)| Candidate {
                    hit_rank: 0,
                    position,
                    sentence,
                    weight: 0.0,
                })
                .collect();
        }
        chosen.sort_by_key(|c| (c.hit_rank, c.position));
        chosen
    }

    /// "I don't know", in the site's language, pointing to its contact page when it has one.
    pub fn unknown(&self, index: &SiteIndex, confidence: f32) -> Answer {
        let citations = index
            .contact_page()
            .map(|c| Citation {
                url: c.url.clone(),
                title: c.title.clone(),
                snippet: String::new(),
            })
            .into_iter()
            .collect();
        Answer {
            text: unknown_text(index.language()).to_owned(),
            citations,
            kind: AnswerKind::Unknown,
            confidence,
        }
    }
}

/// Orders passages by the weighted share of the question they cover, then by BM25 score: a
/// passage that mentions every topic of the question beats one that repeats a single topic.
fn rerank_by_coverage(
    index: &SiteIndex,
    terms: &[String],
    weights: &[f32],
    hits: Vec<Hit>,
) -> Vec<(Hit, f32)> {
    let mut scored: Vec<(Hit, f32)> = hits
        .into_iter()
        .map(|hit| {
            let covered = coverage(
                index,
                terms,
                weights,
                &format!("{} {} {}", hit.title, hit.heading, hit.text),
            );
            (hit, covered)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.score.total_cmp(&a.0.score)));
    scored
}

/// Weighted share of `terms` present in `text`.
fn coverage(index: &SiteIndex, terms: &[String], weights: &[f32], text: &str) -> f32 {
    let total: f32 = weights.iter().sum();
    if total <= 0.0 {
        return 0.0;
    }
    let present = index.analyze(text);
    let covered: f32 = terms
        .iter()
        .zip(weights)
        .filter(|(t, _)| present.contains(t))
        .map(|(_, w)| w)
        .sum();
    covered / total
}

fn end_sentence(sentence: &str) -> String {
    let trimmed = sentence.trim();
    if trimmed.ends_with(['.', '!', '?', '…', ':']) {
        trimmed.to_owned()
    } else {
        format!("{trimmed}.")
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The plain "I don't know" of each language, offering contact.
pub fn unknown_text(language: Language) -> &'static str {
    match language {
        Language::En => {
            "I don't know: I could not find this on this website's pages. You can rephrase your question, or contact the team directly."
        }
        Language::Fr => {
            "Je ne sais pas : je n'ai pas trouvé cela dans les pages de ce site. Vous pouvez reformuler votre question ou contacter directement l'équipe."
        }
        Language::De => {
            "Das weiß ich nicht: Ich habe dazu nichts auf den Seiten dieser Website gefunden. Formulieren Sie die Frage anders oder kontaktieren Sie das Team direkt."
        }
        Language::Fi => {
            "En tiedä: en löytänyt tätä tämän sivuston sivuilta. Voit muotoilla kysymyksen toisin tai ottaa yhteyttä suoraan tiimiin."
        }
        Language::Es => {
            "No lo sé: no lo he encontrado en las páginas de este sitio. Puedes reformular la pregunta o contactar directamente con el equipo."
        }
        Language::It => {
            "Non lo so: non l'ho trovato nelle pagine di questo sito. Puoi riformulare la domanda o contattare direttamente il team."
        }
        Language::Nl => {
            "Dat weet ik niet: ik heb dit niet gevonden op de pagina's van deze website. Formuleer je vraag anders of neem direct contact op met het team."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::IndexRegistry;
    use crate::index::tests::shop_pages;

    fn shop() -> (tempfile::TempDir, std::sync::Arc<SiteIndex>) {
        let dir = tempfile::tempdir().unwrap();
        let index = IndexRegistry::new(dir.path())
            .rebuild("shop", Language::En, 1, &shop_pages())
            .unwrap();
        (dir, index)
    }

    #[test]
    fn answers_from_the_passages_with_citations() {
        let (_dir, index) = shop();
        let answer = ExtractiveAnswerer::default()
            .answer(&index, "How long does delivery to Finland take?")
            .unwrap();
        assert_eq!(answer.kind, AnswerKind::Answered);
        assert!(
            answer
                .text
                .contains("Delivery to Finland takes 3 to 5 working days."),
            "{}",
            answer.text
        );
        assert_eq!(answer.citations[0].url, "https://shop.example/shipping");
        assert_eq!(answer.citations[0].title, "Shipping");
        assert!(!answer.citations[0].snippet.is_empty());
        assert!(answer.confidence >= 0.5);
    }

    #[test]
    fn says_it_does_not_know_and_offers_contact() {
        let (_dir, index) = shop();
        for question in [
            "Do you sell bananas?",
            "What is the capital of Peru?",
            "xyzzy",
        ] {
            let answer = ExtractiveAnswerer::default()
                .answer(&index, question)
                .unwrap();
            assert_eq!(answer.kind, AnswerKind::Unknown, "{question}");
            assert_eq!(answer.text, unknown_text(Language::En));
            assert_eq!(answer.citations[0].url, "https://shop.example/contact");
        }
    }

    #[test]
    fn small_talk_needs_no_retrieval() {
        let (_dir, index) = shop();
        let answer = ExtractiveAnswerer::default()
            .answer(&index, "Merci !")
            .unwrap();
        assert_eq!(answer.kind, AnswerKind::SmallTalk);
        assert!(answer.citations.is_empty());
        assert!(answer.text.starts_with("Avec plaisir"));
    }

    #[test]
    fn snippets_are_shortened_on_word_boundaries() {
        assert_eq!(shorten("one two three four", 9), "one two…");
        assert_eq!(shorten("short", 10), "short");
    }
}
