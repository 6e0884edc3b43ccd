//! What a team sees of a site's knowledge: the indexed pages, a page as it was when an answer
//! cited it, and a question tried as a visitor would ask it, with the answer, its citations
//! and the passages retrieval found with their scores. Knowledge is the site's public content,
//! so every role may look; trying a question stores nothing.

use serde::Serialize;
use sotto_core::access::Permission;
use sotto_core::{Citation, SiteId};
use std::sync::Arc;

use sotto_knowledge::{Answer, Hit, SiteIndex};
use sotto_store::{ConversationStore, MainStore, SiteRecord};

use crate::chat::stored_message::Outcome;
use crate::chat::turn::{checked_text, final_answer, protect_question};
use crate::team::access::Caller;
use crate::{AppError, AppResult, Sotto};
use sotto_knowledge::AnswerKind;

/// The most passages a tried question shows.
const SHOWN_PASSAGES: usize = 5;

/// A page in a site's index.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct IndexedPage {
    /// Its address.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its language, when the page declares one.
    pub language: Option<String>,
    /// The passages it was cut into.
    pub passages: usize,
}

/// One version of a page, as an answer cited it: the record of what the site said then.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PageVersionView {
    /// The page's address.
    pub url: String,
    /// Its title in this version.
    pub title: String,
    /// Its declared language in this version.
    pub language: Option<String>,
    /// The digest of this version's content, as citations record it.
    pub digest: String,
    /// When the crawl or import stored this content (Unix seconds).
    pub stored_at: i64,
    /// When a later crawl or import replaced or removed it; absent while it is the current
    /// page.
    pub superseded_at: Option<i64>,
    /// Its passages in reading order.
    pub passages: Vec<VersionPassage>,
}

/// A passage of a page version.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct VersionPassage {
    /// The heading it sits under.
    pub heading: String,
    /// Its text.
    pub text: String,
}

impl From<sotto_store::PageVersionRecord> for PageVersionView {
    fn from(version: sotto_store::PageVersionRecord) -> Self {
        PageVersionView {
            url: version.url,
            title: version.title,
            language: version.language,
            digest: version.digest,
            stored_at: version.stored_at,
            superseded_at: version.superseded_at,
            passages: version
                .chunks
                .into_iter()
                .map(|c| VersionPassage {
                    heading: c.heading,
                    text: c.text,
                })
                .collect(),
        }
    }
}

/// A passage retrieval found for a tried question.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RetrievedPassage {
    /// The page.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// The heading the passage sits under.
    pub heading: String,
    /// The retrieval score (BM25, or the fused score in the hybrid mode).
    pub score: f32,
    /// Cosine similarity to the question, in the hybrid mode.
    pub similarity: Option<f32>,
}

/// A question tried from the admin UI.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TriedQuestion {
    /// What a visitor would read.
    pub answer: String,
    /// How it was made.
    pub kind: AnswerKind,
    /// The extractive answerer's confidence (0–1).
    pub confidence: f32,
    /// The pages it cites.
    pub citations: Vec<Citation>,
    /// The best passages retrieval found, best first.
    pub passages: Vec<RetrievedPassage>,
}

/// A question answered as a visitor would get it, with what retrieval found.
pub(crate) struct TriedAnswer {
    /// The answer.
    pub(crate) answer: Answer,
    /// The passages retrieval handed the answerer (none for an approved answer).
    pub(crate) passages: Vec<Hit>,
    /// The question as retrieval read it (personal data removed).
    pub(crate) query: String,
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// The pages of one of the caller's sites, in address order.
    pub async fn team_pages(&self, caller: &Caller, site: &SiteId) -> AppResult<Vec<IndexedPage>> {
        caller.require(Permission::ReadAnalytics)?;
        let record = self.caller_site(caller, site).await?;
        let mut pages: Vec<IndexedPage> = self
            .main
            .pages(record.tenant_id, &record.id)
            .await?
            .into_iter()
            .map(|page| IndexedPage {
                passages: page.chunks.len(),
                url: page.url,
                title: page.title,
                language: page.language,
            })
            .collect();
        pages.sort_by(|a, b| a.url.cmp(&b.url));
        Ok(pages)
    }

    /// `question` answered from a site exactly as a visitor would get it (the language model
    /// too, when the tenant has one), storing nothing: personal data never reaches retrieval,
    /// and reaches a model only as the tenant's settings allow; the site's own public names do.
    pub(crate) async fn answer_unstored(
        &self,
        record: &SiteRecord,
        index: &Arc<SiteIndex>,
        question: &str,
    ) -> AppResult<TriedAnswer> {
        let pii = self.tenant_pii(record.tenant_id).await?;
        let protected = protect_question(&pii, index, question);
        let (extractive, passages) = self
            .retrieve_and_answer(record, index, protected.query.clone())
            .await?;
        let model = self.tenant_model(record.tenant_id).await?;
        let answer = final_answer(
            model,
            &self.answerer,
            index,
            &passages,
            &protected.model_text,
            extractive,
            None,
        )
        .await;
        Ok(TriedAnswer {
            answer,
            passages,
            query: protected.query,
        })
    }

    /// Version `digest` of page `url` of one of the caller's sites, as an answer cited it:
    /// kept for as long as a stored conversation may hold such an answer.
    pub async fn team_page_version(
        &self,
        caller: &Caller,
        site: &SiteId,
        url: &str,
        digest: &str,
    ) -> AppResult<PageVersionView> {
        caller.require(Permission::ReadAnalytics)?;
        let record = self.caller_site(caller, site).await?;
        self.main
            .page_version(record.tenant_id, &record.id, url, digest)
            .await?
            .map(PageVersionView::from)
            .ok_or(AppError::NotFound("page version"))
    }

    /// `question` answered from one of the caller's sites as a visitor would get it (the
    /// language model too, when one is configured), without storing anything.
    pub async fn team_try_question(
        &self,
        caller: &Caller,
        site: &SiteId,
        question: &str,
    ) -> AppResult<TriedQuestion> {
        caller.require(Permission::ReadAnalytics)?;
        let question = checked_text(question)?;
        let record = self.caller_site(caller, site).await?;
        let index = self.site_index(&record).await?;
        let TriedAnswer {
            answer,
            passages,
            query,
        } = self.answer_unstored(&record, &index, question).await?;
        let shown = if passages.is_empty() {
            index.search(&query, SHOWN_PASSAGES)?
        } else {
            passages.into_iter().take(SHOWN_PASSAGES).collect()
        };
        let outcome = Outcome::of(&answer);
        Ok(TriedQuestion {
            answer: answer.text,
            kind: outcome.kind,
            confidence: outcome.confidence,
            citations: answer.citations,
            passages: shown
                .into_iter()
                .map(|hit| RetrievedPassage {
                    url: hit.url,
                    title: hit.title,
                    heading: hit.heading,
                    score: hit.score,
                    similarity: hit.similarity,
                })
                .collect(),
        })
    }
}
