//! Approved answers: a site's team writes the answer to give to a question the site answered
//! badly (from an analytics group, a voted-down answer, a reply in the inbox, or from
//! scratch), optionally citing the site's pages, in one or more languages; visitors who ask the
//! same thing in other words, with typing mistakes or in another language then get it, marked
//! `approved`. They are listed, edited, switched off and deleted by the team, each change
//! audited; being the business's words, not a visitor's, they are stored in the clear, and an
//! editor who types personal data into one is warned.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};
use sotto_core::access::Permission;
use sotto_core::{Citation, SiteId, UnixTime};
use sotto_knowledge::answer::approved::{ApprovedAnswer, ApprovedAnswers, ApprovedReply};
use sotto_knowledge::visitor_data::visitor_entities;
use sotto_knowledge::{Answer, Language, SiteIndex};
use sotto_pii::EntityType;
use sotto_store::{ApprovedAnswerRecord, ConversationStore, MainStore, SiteRecord};
use tracing::{info, warn};

use crate::team::access::Caller;
use crate::tenancy::site_locks::SiteLocks;
use crate::{AppError, AppResult, Sotto};

/// Most questions one approved answer lists.
const MAX_QUESTIONS: usize = 20;
/// Longest question, in characters.
const MAX_QUESTION_CHARS: usize = 300;
/// Longest reply, in characters.
const MAX_REPLY_CHARS: usize = 2_000;
/// Most pages one approved answer cites.
const MAX_CITATIONS: usize = 5;
/// Most approved answers a site keeps.
const MAX_PER_SITE: usize = 5_000;

/// Where the team started an approved answer from.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AnswerOrigin {
    /// Written from scratch.
    #[default]
    Written,
    /// From a group of questions analytics found the site answers badly.
    Analytics,
    /// From an answer a visitor voted down.
    VotedDown,
    /// From a team member's reply in the inbox.
    TeamReply,
}

/// An approved reply in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovedReplyText {
    /// Its language (`en`, `fr`, `de`, `nl`, `fi`, `es`, `it`).
    pub language: String,
    /// The text visitors get.
    pub text: String,
}

/// An approved answer as the team writes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovedAnswerInput {
    /// The questions it answers, as visitors put them (one or more, any language).
    pub questions: Vec<String>,
    /// The reply in each language it is written in; the first is given to a visitor whose
    /// language has none.
    pub replies: Vec<ApprovedReplyText>,
    /// URLs of the site's pages the reply cites.
    #[serde(default)]
    pub citations: Vec<String>,
    /// Whether visitors get it (default: yes).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Where the team started it from.
    #[serde(default)]
    pub origin: AnswerOrigin,
}

fn yes() -> bool {
    true
}

/// The stored content of an approved answer.
#[derive(Serialize, Deserialize)]
struct StoredBody {
    questions: Vec<String>,
    replies: Vec<ApprovedReplyText>,
    citations: Vec<Citation>,
    origin: AnswerOrigin,
}

/// An approved answer as the team sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ApprovedAnswerView {
    /// Its identifier.
    pub id: String,
    /// The site it answers on.
    pub site_id: SiteId,
    /// The questions it answers.
    pub questions: Vec<String>,
    /// Its reply in each language.
    pub replies: Vec<ApprovedReplyText>,
    /// The pages it cites.
    pub citations: Vec<Citation>,
    /// Whether visitors get it.
    pub enabled: bool,
    /// Where the team started it from.
    pub origin: AnswerOrigin,
    /// When it was written.
    pub created_at: UnixTime,
    /// When it last changed.
    pub updated_at: UnixTime,
}

/// Personal data the detectors found in a field of an approved answer: an approved answer is
/// shown to every visitor, so it should hold none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PersonalDataWarning {
    /// The field: `questions[0]`, `replies[1]`, ….
    pub field: String,
    /// The types of personal data found in it.
    pub types: Vec<EntityType>,
}

/// An approved answer just saved, with what the detectors found in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SavedApprovedAnswer {
    /// The answer as stored.
    pub answer: ApprovedAnswerView,
    /// Personal data found in its text (empty when none): saved anyway, but the editor is
    /// warned.
    pub personal_data: Vec<PersonalDataWarning>,
}

/// Whether an answer is saved new or over a stored one.
#[derive(Clone, Copy)]
enum Saving {
    Create,
    Update,
}

/// Each site's enabled approved answers, indexed, at the answers version they were read at.
#[derive(Default)]
pub(crate) struct ApprovedCache {
    sites: RwLock<HashMap<SiteId, (i64, Arc<ApprovedAnswers>)>>,
    /// One lock per site, held while its answers are indexed again, so that the turns
    /// arriving after a change wait for one indexing instead of each starting their own, and
    /// no other site waits for it.
    indexing: SiteLocks,
}

impl ApprovedCache {
    /// Drops what this node holds of `site` (the site or its tenant is gone).
    pub(crate) fn forget(&self, site: &SiteId) {
        self.sites
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(site);
        self.indexing.forget(site);
    }

    /// The site's answers as indexed at `version` or later (a request may have read its site
    /// just before a change another request already indexed), and whatever it holds.
    fn get(
        &self,
        site: &SiteId,
        version: i64,
    ) -> (Option<Arc<ApprovedAnswers>>, Option<Arc<ApprovedAnswers>>) {
        let sites = self.sites.read().unwrap_or_else(|e| e.into_inner());
        let held = sites.get(site);
        let current = held.filter(|(v, _)| *v >= version).map(|(_, a)| a.clone());
        (current, held.map(|(_, a)| a.clone()))
    }
}

fn view(record: ApprovedAnswerRecord) -> AppResult<ApprovedAnswerView> {
    let body: StoredBody = serde_json::from_str(&record.body)
        .map_err(|e| AppError::Setup(format!("unreadable approved answer: {e}")))?;
    Ok(ApprovedAnswerView {
        id: record.id,
        site_id: record.site_id,
        questions: body.questions,
        replies: body.replies,
        citations: body.citations,
        enabled: record.enabled,
        origin: body.origin,
        created_at: record.created_at,
        updated_at: record.updated_at,
    })
}

/// The answer as the answerer reads it: replies whose language is unknown are left out, and
/// an answer left without a question or a reply is none.
fn for_answerer(view: ApprovedAnswerView) -> Option<ApprovedAnswer> {
    let replies: Vec<ApprovedReply> = view
        .replies
        .into_iter()
        .filter_map(|r| {
            Language::from_tag(&r.language).map(|language| ApprovedReply {
                language,
                text: r.text,
            })
        })
        .collect();
    (!replies.is_empty() && !view.questions.is_empty()).then_some(ApprovedAnswer {
        id: view.id,
        questions: view.questions,
        replies,
        citations: view.citations,
    })
}

fn checked(input: &ApprovedAnswerInput) -> AppResult<()> {
    let invalid = |message: &str| Err(AppError::Invalid(message.to_owned()));
    if input.questions.is_empty() || input.questions.len() > MAX_QUESTIONS {
        return invalid("an approved answer needs 1 to 20 questions");
    }
    if input.questions.iter().any(|q| {
        let q = q.trim();
        q.is_empty() || q.chars().count() > MAX_QUESTION_CHARS
    }) {
        return invalid("each question needs 1 to 300 characters");
    }
    if input.replies.is_empty() || input.replies.len() > Language::ALL.len() {
        return invalid("an approved answer needs a reply in 1 to 7 languages");
    }
    for (i, reply) in input.replies.iter().enumerate() {
        if Language::from_tag(&reply.language).is_none() {
            return invalid("a reply's language must be one of en, fr, de, nl, fi, es, it");
        }
        if input.replies[..i]
            .iter()
            .any(|r| Language::from_tag(&r.language) == Language::from_tag(&reply.language))
        {
            return invalid("one reply per language");
        }
        let text = reply.text.trim();
        if text.is_empty() || text.chars().count() > MAX_REPLY_CHARS {
            return invalid("each reply needs 1 to 2000 characters");
        }
    }
    if input.citations.len() > MAX_CITATIONS {
        return invalid("an approved answer cites at most 5 pages");
    }
    Ok(())
}

/// The personal data the tenant's detectors find in the answer's texts, the site's own
/// public names and numbers apart.
fn personal_data(
    detector: &sotto_pii::Detector,
    index: &SiteIndex,
    input: &ApprovedAnswerInput,
) -> Vec<PersonalDataWarning> {
    let fields = input
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (format!("questions[{i}]"), q.as_str()))
        .chain(
            input
                .replies
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("replies[{i}]"), r.text.as_str())),
        );
    fields
        .filter_map(|(field, text)| {
            let mut types: Vec<EntityType> = visitor_entities(detector, index, text)
                .into_iter()
                .map(|e| e.kind)
                .collect();
            types.sort_by_key(|t| t.as_str());
            types.dedup();
            (!types.is_empty()).then_some(PersonalDataWarning { field, types })
        })
        .collect()
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// A site's approved answers, switched-off ones included, oldest first. They are the
    /// business's words, so every role may read them.
    pub async fn approved_answers(
        &self,
        caller: &Caller,
        site: &SiteId,
    ) -> AppResult<Vec<ApprovedAnswerView>> {
        caller.require(Permission::ReadAnalytics)?;
        let record = self.caller_site(caller, site).await?;
        self.main
            .approved_answers(record.tenant_id, &record.id)
            .await?
            .into_iter()
            .map(view)
            .collect()
    }

    /// Writes a new approved answer on one of the caller's sites.
    pub async fn create_approved_answer(
        &self,
        caller: &Caller,
        site: &SiteId,
        input: &ApprovedAnswerInput,
    ) -> AppResult<SavedApprovedAnswer> {
        caller.require(Permission::EditAnswers)?;
        let record = self.caller_site(caller, site).await?;
        let existing = self
            .main
            .approved_answers(record.tenant_id, &record.id)
            .await?;
        if existing.len() >= MAX_PER_SITE {
            return Err(AppError::Invalid(format!(
                "a site keeps at most {MAX_PER_SITE} approved answers"
            )));
        }
        let id = uuid::Uuid::new_v4().simple().to_string();
        self.save_approved(caller, &record, id, Saving::Create, input)
            .await
    }

    /// Replaces an approved answer of one of the caller's sites (its questions, replies,
    /// citations, and whether it is on).
    pub async fn update_approved_answer(
        &self,
        caller: &Caller,
        site: &SiteId,
        id: &str,
        input: &ApprovedAnswerInput,
    ) -> AppResult<SavedApprovedAnswer> {
        caller.require(Permission::EditAnswers)?;
        let record = self.caller_site(caller, site).await?;
        self.save_approved(caller, &record, id.to_owned(), Saving::Update, input)
            .await
    }

    /// Switches an approved answer of one of the caller's sites on or off, as stored: its
    /// texts and citations are not read again (a cited page may be gone since).
    pub async fn set_approved_answer_enabled(
        &self,
        caller: &Caller,
        site: &SiteId,
        id: &str,
        enabled: bool,
    ) -> AppResult<ApprovedAnswerView> {
        caller.require(Permission::EditAnswers)?;
        let record = self.caller_site(caller, site).await?;
        let mut stored = self
            .main
            .approved_answers(record.tenant_id, &record.id)
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(AppError::NotFound("approved answer"))?;
        stored.enabled = enabled;
        stored.updated_at = sotto_core::now();
        if !self.main.update_approved_answer(&stored).await? {
            return Err(AppError::NotFound("approved answer"));
        }
        let action = if enabled {
            "approved_answer.enable"
        } else {
            "approved_answer.disable"
        };
        self.audit(
            record.tenant_id,
            &caller.actor,
            action,
            &format!("{}/{id}", record.id),
        )
        .await?;
        view(stored)
    }

    /// Deletes an approved answer of one of the caller's sites.
    pub async fn delete_approved_answer(
        &self,
        caller: &Caller,
        site: &SiteId,
        id: &str,
    ) -> AppResult<()> {
        caller.require(Permission::EditAnswers)?;
        let record = self.caller_site(caller, site).await?;
        if !self
            .main
            .delete_approved_answer(record.tenant_id, &record.id, id)
            .await?
        {
            return Err(AppError::NotFound("approved answer"));
        }
        info!(tenant = %record.tenant_id, site = %record.id, "approved answer deleted");
        self.audit(
            record.tenant_id,
            &caller.actor,
            "approved_answer.delete",
            &format!("{}/{id}", record.id),
        )
        .await
    }

    /// Checks `input`, reads its citations from the site's pages and runs the detectors over
    /// it, then stores it under `id`: switched off, whatever was asked, when the detectors
    /// found personal data (every visitor who asks would read it; the team switches it on
    /// deliberately, see [`Self::set_approved_answer_enabled`]).
    async fn save_approved(
        &self,
        caller: &Caller,
        record: &SiteRecord,
        id: String,
        saving: Saving,
        input: &ApprovedAnswerInput,
    ) -> AppResult<SavedApprovedAnswer> {
        checked(input)?;
        let index = self.site_index(record).await?;
        let mut citations = Vec::with_capacity(input.citations.len());
        for url in &input.citations {
            let hit = index
                .passages_of(url, 1)?
                .into_iter()
                .next()
                .ok_or_else(|| AppError::Invalid(format!("{url} is not a page of this site")))?;
            // The page's title and opening as they were when the answer was saved.
            citations.push(self.answerer.cite(&hit));
        }
        let pii = self.tenant_pii(record.tenant_id).await?;
        let warnings = personal_data(&pii.detector, &index, input);
        let body = StoredBody {
            questions: input
                .questions
                .iter()
                .map(|q| q.trim().to_owned())
                .collect(),
            replies: input
                .replies
                .iter()
                .filter_map(|r| {
                    Some(ApprovedReplyText {
                        language: Language::from_tag(&r.language)?.code().to_owned(),
                        text: r.text.trim().to_owned(),
                    })
                })
                .collect(),
            citations,
            origin: input.origin,
        };
        let now = sotto_core::now();
        let stored = ApprovedAnswerRecord {
            tenant_id: record.tenant_id,
            site_id: record.id.clone(),
            id,
            enabled: input.enabled && warnings.is_empty(),
            body: serde_json::to_string(&body)
                .map_err(|e| AppError::Setup(format!("approved answer: {e}")))?,
            created_at: now,
            updated_at: now,
        };
        let (saved, action) = match saving {
            Saving::Create => (
                self.main.insert_approved_answer(&stored).await?,
                "approved_answer.create",
            ),
            Saving::Update => (
                self.main.update_approved_answer(&stored).await?,
                "approved_answer.update",
            ),
        };
        if !saved {
            return Err(AppError::NotFound(match saving {
                Saving::Create => "site",
                Saving::Update => "approved answer",
            }));
        }
        info!(tenant = %record.tenant_id, site = %record.id, "approved answer saved");
        self.audit(
            record.tenant_id,
            &caller.actor,
            action,
            &format!("{}/{}", record.id, stored.id),
        )
        .await?;
        let mut answer = view(stored)?;
        if let (Saving::Update, Some(kept)) = (
            saving,
            self.main
                .approved_answers(record.tenant_id, &record.id)
                .await?
                .into_iter()
                .find(|a| a.id == answer.id),
        ) {
            // The store keeps the creation time.
            answer.created_at = kept.created_at;
        }
        Ok(SavedApprovedAnswer {
            answer,
            personal_data: warnings,
        })
    }

    /// The site's enabled approved answers, indexed: from memory at the site's answers
    /// version, else read from the store and indexed again (one site at a time, reusing the
    /// vectors of the answers that did not change in the hybrid mode).
    pub(crate) async fn site_approved(&self, site: &SiteRecord) -> AppResult<Arc<ApprovedAnswers>> {
        if let (Some(current), _) = self.approved.get(&site.id, site.answers_version) {
            return Ok(current);
        }
        let lock = self.approved.indexing.of(&site.id);
        let _one_at_a_time = lock.lock().await;
        let (current, previous) = self.approved.get(&site.id, site.answers_version);
        if let Some(current) = current {
            return Ok(current);
        }
        let answers: Vec<ApprovedAnswer> = self
            .main
            .approved_answers(site.tenant_id, &site.id)
            .await?
            .into_iter()
            .filter(|a| a.enabled)
            .filter_map(|record| match view(record) {
                Ok(answer) => for_answerer(answer),
                Err(error) => {
                    // One unreadable answer must not take the site's chat down with it.
                    warn!(site = %site.id, %error, "approved answer skipped");
                    None
                }
            })
            .collect();
        let language = Language::from_tag(&site.language).unwrap_or_default();
        #[cfg(feature = "dense")]
        let embedder = self.indexes.embedder().cloned();
        let built = tokio::task::spawn_blocking(move || {
            let built = ApprovedAnswers::build(language, answers)?;
            #[cfg(feature = "dense")]
            if let Some(embedder) = embedder {
                return built.with_meaning(embedder, previous.as_deref());
            }
            let _ = previous;
            Ok::<_, sotto_knowledge::IndexError>(built)
        })
        .await
        .map_err(|e| AppError::Setup(format!("approved answers task failed: {e}")))??;
        let built = Arc::new(built);
        self.approved
            .sites
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(site.id.clone(), (site.answers_version, built.clone()));
        Ok(built)
    }
}

/// The approved answer `query` asks for on a site, as the visitor gets it.
pub(crate) fn approved_answer(
    answers: &ApprovedAnswers,
    index: &SiteIndex,
    query: &str,
) -> AppResult<Option<Answer>> {
    Ok(answers.find(index, query)?.map(|found| found.to_answer()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ApprovedAnswerInput {
        ApprovedAnswerInput {
            questions: vec!["Do you take American Express?".into()],
            replies: vec![ApprovedReplyText {
                language: "en".into(),
                text: "Yes.".into(),
            }],
            citations: Vec::new(),
            enabled: true,
            origin: AnswerOrigin::Written,
        }
    }

    #[test]
    fn bad_answers_are_refused_with_a_reason() {
        assert!(checked(&input()).is_ok());
        let mut none = input();
        none.questions.clear();
        let mut blank = input();
        blank.questions.push("  ".into());
        let mut klingon = input();
        klingon.replies[0].language = "tlh".into();
        let mut twice = input();
        twice.replies.push(twice.replies[0].clone());
        let mut long = input();
        long.replies[0].text = "a".repeat(MAX_REPLY_CHARS + 1);
        let mut cites = input();
        cites.citations = vec!["https://a.example/".into(); MAX_CITATIONS + 1];
        for bad in [none, blank, klingon, twice, long, cites] {
            assert!(
                matches!(checked(&bad), Err(AppError::Invalid(_))),
                "{bad:?}"
            );
        }
    }
}
