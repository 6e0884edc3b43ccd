//! The built-in answerer: no model, no external call. It reads the question (what kind of
//! value answers it, yes/no, its language: [`question`]), reads it against the site's words
//! (topic words weighted by rarity, cue words light, other wordings, other languages and typing
//! mistakes linked to the site's own words: `terms`), retrieves passages, and decides whether
//! the site answers: the relevance is the weighted share of the question's topic that the best
//! passage covers, with a threshold chosen on answerable against off-topic questions of the
//! benchmark's tuning half (see `BENCHMARKS.md`). It then quotes the sentence or table row
//! that answers the kind of question (`reader`), citing its page; in another language than the
//! visitor's, under a line in the visitor's language saying so. When the site does not answer,
//! it says so plainly and points to the contact page; passages close enough to be worth a
//! reading still go to a language model when one is configured.

pub mod approved;
pub mod facts;
mod question;
mod reader;
mod terms;
mod values;

use sotto_core::Citation;

pub use question::{Asked, Expecting, language_of};

use crate::index::{Hit, IndexError, SiteIndex};
use crate::language::Language;
use crate::small_talk;
use reader::Reading;
use terms::Query;

/// How an answer was produced: part of every assistant message in the API, so that clients
/// and tests recognise a decline without reading its wording, and kept in the sealed body.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// Drawn from the site's passages, with citations.
    Answered,
    /// Written by a language model from the site's passages, its citations checked.
    Generated,
    /// The site's content does not cover the question.
    Unknown,
    /// A greeting, thanks or goodbye.
    SmallTalk,
    /// Written by the site's team for this question (an approved answer).
    Approved,
}

impl AnswerKind {
    /// Every kind.
    pub const ALL: [AnswerKind; 5] = [
        AnswerKind::Answered,
        AnswerKind::Generated,
        AnswerKind::Approved,
        AnswerKind::Unknown,
        AnswerKind::SmallTalk,
    ];

    /// Its name in the API (`snake_case`), in stored counts and in vote tokens.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerKind::Answered => "answered",
            AnswerKind::Generated => "generated",
            AnswerKind::Unknown => "unknown",
            AnswerKind::SmallTalk => "small_talk",
            AnswerKind::Approved => "approved",
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
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
    /// The relevance of the site's best passage: the weighted share of the question's topic
    /// it covers (0–1).
    pub confidence: f32,
}

/// Tuning of the extractive answerer.
#[derive(Debug, Clone)]
pub struct ExtractiveAnswerer {
    /// Below this relevance the answer is "I don't know".
    pub min_confidence: f32,
    /// From this relevance on, the best passages go to a language model when one is
    /// configured, even when the built-in reader declines: the model reads them and declines
    /// in turn when they do not hold the answer.
    pub min_candidate: f32,
    /// Passages retrieved per question and read again by coverage.
    pub candidates: usize,
    /// The most passages a model is given.
    pub passages: usize,
    /// Longest citation snippet, in characters.
    pub snippet_chars: usize,
}

impl Default for ExtractiveAnswerer {
    fn default() -> Self {
        Self {
            min_confidence: 0.6,
            min_candidate: 0.2,
            candidates: 20,
            passages: 5,
            snippet_chars: 180,
        }
    }
}

impl ExtractiveAnswerer {
    /// Replies to `question` from `index` alone.
    pub fn answer(&self, index: &SiteIndex, question: &str) -> Result<Answer, IndexError> {
        Ok(self.answer_with_passages(index, question)?.0)
    }

    /// Replies to `question` from `index` alone, and gives the passages a language model
    /// should read, best first: those retrieval found for it when the best covers enough of
    /// the question ([`ExtractiveAnswerer::min_candidate`]) or, in the hybrid mode, is close
    /// in meaning ([`SiteIndex::close_in_meaning`]); none for small talk or a question the
    /// site has nothing close to.
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
        let asked = question::read(question);
        let query = Query::read(index, question, asked.language);
        let mut hits = index.retrieve(question, &query.search_terms(), self.candidates)?;
        if matches!(asked.expecting, Expecting::Phone | Expecting::Address)
            && let Some(contact) = index.contact_page()
        {
            // A business's numbers and address are on its contact page, whatever words the
            // question uses.
            for passage in index.passages_of(&contact.url, self.passages)? {
                if !hits.iter().any(|h| h.passage == passage.passage) {
                    hits.push(passage);
                }
            }
        }
        let reading = Reading::of(index, &query, asked, hits);
        let relevance = reading.relevance();
        // In the hybrid mode, passages close in meaning to a question the built-in reading
        // finds too little of are also handed on: a question put in other words than the site's.
        let close_in_meaning = |hit: &Hit| index.close_in_meaning(hit);
        let for_model: Vec<Hit> = if relevance >= self.min_candidate {
            reading.passages(self.passages).to_vec()
        } else {
            reading
                .passages(self.passages)
                .iter()
                .filter(|h| close_in_meaning(h))
                .cloned()
                .collect()
        };
        let quote = reading.best_quote();
        // Whether the site answers is judged on the best passage and on the quote itself: a
        // relevant page whose best sentence does not say what was asked is not an answer.
        let confidence = match &quote {
            Some(quote) => (relevance + quote.support) / 2.0,
            None => relevance / 2.0,
        };
        let Some(quote) = quote.filter(|_| confidence >= self.min_confidence) else {
            return Ok((
                self.unknown_in(index, asked.language, confidence),
                for_model,
            ));
        };
        let mut text = quote.text;
        if let Some(visitor) = asked.language.filter(|l| *l != quote.passage.language) {
            text = format!("{}\n{text}", other_language_note(visitor));
        }
        let answer = Answer {
            text,
            citations: vec![self.cite(&quote.passage)],
            kind: AnswerKind::Answered,
            confidence,
        };
        Ok((answer, for_model))
    }

    /// The citation of a passage: its page, with the passage's opening as snippet.
    pub fn cite(&self, hit: &Hit) -> Citation {
        Citation {
            url: hit.url.clone(),
            title: hit.title.clone(),
            snippet: shorten(&hit.text.replace('\n', " "), self.snippet_chars),
            version: None,
        }
    }

    /// "I don't know", in the site's language, pointing to its contact page when it has one.
    pub fn unknown(&self, index: &SiteIndex, confidence: f32) -> Answer {
        self.unknown_in(index, None, confidence)
    }

    /// "I don't know" in the visitor's language when known, else the site's.
    fn unknown_in(&self, index: &SiteIndex, visitor: Option<Language>, confidence: f32) -> Answer {
        let citations = index
            .contact_page()
            .map(|c| Citation {
                url: c.url.clone(),
                title: c.title.clone(),
                snippet: String::new(),
                version: None,
            })
            .into_iter()
            .collect();
        Answer {
            text: unknown_text(visitor.unwrap_or(index.language())).to_owned(),
            citations,
            kind: AnswerKind::Unknown,
            confidence,
        }
    }
}

/// The line above a quotation from a page in another language than the visitor's, in the
/// visitor's language.
pub fn other_language_note(visitor: Language) -> &'static str {
    match visitor {
        Language::En => "This page is in another language; here is what it says:",
        Language::Fr => "Cette page est dans une autre langue ; voici ce qu'elle dit :",
        Language::De => "Diese Seite ist in einer anderen Sprache; dort steht:",
        Language::Fi => "Tämä sivu on toisella kielellä; siinä sanotaan:",
        Language::Es => "Esta página está en otro idioma; esto es lo que dice:",
        Language::It => "Questa pagina è in un'altra lingua; ecco cosa dice:",
        Language::Nl => "Deze pagina is in een andere taal; dit staat er:",
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
