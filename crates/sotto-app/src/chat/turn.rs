//! One chat turn, and a visitor's history. The visitor is known only by the pseudonym of their
//! browser's UUID; both messages of a turn are sealed with the visitor's data key and stored in
//! one transaction; the reply is built only from the site's own pages.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sotto_core::limits::{HISTORY_MESSAGES, MAX_MESSAGE_CHARS, MAX_PAGE_URL_BYTES};
use sotto_core::page_url::strip_query_and_fragment;
use sotto_core::{ConversationId, MessageId, Phase, PhaseCause, Pseudonym, TenantId, VisitorId};
use sotto_crypto::{ConversationKey, TenantKey, VisitorKey};
use sotto_knowledge::visitor_data::visitor_entities;
use sotto_knowledge::{Answer, AnswerKind, ExtractiveAnswerer, Hit, SiteIndex};
use sotto_pii::Policy;
use sotto_store::{
    ConversationKeyRecord, ConversationRecord, ConversationStore, KeyStore, KeysToShred, MainStore,
    MessageRecord, PhaseStep, Role, SiteRecord, TurnGuard, TurnRecord,
};
use tracing::{debug, instrument};

use crate::chat::model_answers::{Deltas, ModelAnswerer};
use crate::chat::pii_settings::TenantPii;
use crate::chat::sealing::{MessageSealer, Privacy, Sealer};
use crate::chat::stored_message::{
    Body, Draft, MessageView, Outcome, open_stored_message, seal_message,
};
use crate::chat::votes::{AnswerPlace, VotedAnswer};
use crate::knowledge::approved::approved_answer;
use crate::tenancy::sites::OpenSite;
use crate::{AppError, AppResult, Sotto};

/// What the visitor sent.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitorMessage {
    /// The question.
    pub text: String,
    /// The conversation to continue; a new one when `None`.
    #[serde(default)]
    pub conversation_id: Option<ConversationId>,
    /// The page the visitor is on; stored without query or fragment, encrypted.
    #[serde(default)]
    pub page_url: Option<String>,
}

/// The reply to a turn.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TurnReply {
    /// The conversation the turn belongs to.
    pub conversation_id: ConversationId,
    /// The visitor's message as stored, personal data redacted: what the widget keeps in its
    /// cache instead of what was typed.
    pub question: MessageView,
    /// The assistant's message.
    pub message: MessageView,
    /// The conversation's phase after the turn.
    pub phase: Phase,
    /// Whether the widget should now offer to take the visitor's e-mail address: the turn moved
    /// the conversation to `requesting_contact` on a site that asks for addresses.
    pub ask_email: bool,
}

/// One conversation of a visitor, with its last messages.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ConversationView {
    /// Identifier.
    pub id: ConversationId,
    /// Phase.
    pub phase: Phase,
    /// Creation time.
    pub created_at: i64,
    /// Last activity.
    pub updated_at: i64,
    /// The last messages, oldest first.
    pub messages: Vec<MessageView>,
}

/// Checks and trims a message's text (a visitor's or a team member's).
pub(crate) fn checked_text(text: &str) -> AppResult<&str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::Invalid("the message is empty".into()));
    }
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(AppError::MessageTooLong);
    }
    Ok(text)
}

/// The page URL to store: http(s) only, without query or fragment.
fn storable_page_url(url: Option<&str>) -> AppResult<Option<String>> {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    if url.len() > MAX_PAGE_URL_BYTES {
        return Err(AppError::Invalid("page_url is too long".into()));
    }
    let stripped = strip_query_and_fragment(url);
    if !(stripped.starts_with("https://") || stripped.starts_with("http://")) {
        return Err(AppError::Invalid("page_url must be an http(s) URL".into()));
    }
    Ok(Some(stripped.to_owned()))
}

/// The phase a turn moves the conversation into, and why, if it moves: a message asking for a
/// human or a follow-up (by its cue phrases, else by the model's reading) moves the visitor to
/// requesting contact; a turn the site's content answered moves an exploring visitor to
/// learning; phases never move backwards.
fn next_phase(current: Phase, asks: Option<PhaseCause>, answer: AnswerKind) -> Option<PhaseStepTo> {
    let step = match (current, asks, answer) {
        (Phase::RequestingContact, _, _) => None,
        (_, Some(cause), _) => Some((Phase::RequestingContact, cause)),
        (
            Phase::Exploring,
            None,
            AnswerKind::Answered | AnswerKind::Generated | AnswerKind::Approved,
        ) => Some((Phase::Learning, PhaseCause::Answered)),
        _ => None,
    };
    step.map(|(phase, cause)| PhaseStepTo { phase, cause })
}

/// Where a turn moves a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PhaseStepTo {
    phase: Phase,
    cause: PhaseCause,
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Answers a visitor's message from the site's own pages and stores both messages,
    /// encrypted, under the visitor's pseudonym.
    pub async fn send_message(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
        input: VisitorMessage,
    ) -> AppResult<TurnReply> {
        self.send_message_streamed(site, visitor, input, None).await
    }

    /// [`Self::send_message`], passing the answer's checked text to `deltas` as the language
    /// model writes it (nothing when the extractive answerer answers alone). The returned
    /// reply is what is stored, and is authoritative: after a fallback it differs from what
    /// `deltas` received.
    #[instrument(skip_all, fields(site = %site.id()))]
    pub async fn send_message_streamed(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
        input: VisitorMessage,
        deltas: Option<Deltas<'_>>,
    ) -> AppResult<TurnReply> {
        let text = checked_text(&input.text)?;
        let page_url = storable_page_url(input.page_url.as_deref())?;
        let site = &site.0;
        let tenant = site.tenant_id;
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let pseudonym = self.privacy.pseudonym(&tenant_key, visitor);
        let began_at_ms = sotto_core::now_ms();
        let now = began_at_ms / 1000;

        // A visitor who objected to storage, or has not agreed to it on an opt-in site, still
        // gets answers; nothing of theirs is stored, and their history lives only in their
        // browser.
        let context = self
            .conversations
            .turn_context(tenant, &pseudonym, input.conversation_id)
            .await?;
        let storing = self
            .storage_allowed_unless(
                context.objection_since.is_some(),
                tenant,
                &site.id,
                &pseudonym,
            )
            .await?;
        let (mut conversation, next_seq) = match input.conversation_id {
            Some(_) if storing => {
                let existing = context
                    .conversation
                    .filter(|c| c.site_id == site.id && c.pseudonym == pseudonym)
                    .ok_or(AppError::NotFound("conversation"))?;
                (existing, context.message_count)
            }
            continued => (
                ConversationRecord {
                    tenant_id: tenant,
                    id: continued.unwrap_or_else(ConversationId::random),
                    site_id: site.id.clone(),
                    pseudonym,
                    phase: Phase::Exploring,
                    created_at: now,
                    updated_at: now,
                },
                0,
            ),
        };

        let index = self.site_index(site).await?;
        let pii = self.tenant_pii(tenant).await?;
        let ProtectedQuestion {
            stored: protected,
            query,
            model_text,
        } = protect_question(&pii, &index, text);
        let (extractive, passages) = self.retrieve_and_answer(site, &index, query).await?;
        let by_cue = sotto_knowledge::contact_cues::asks_for_contact(text);
        let model = self.tenant_model(tenant).await?;
        let answering = final_answer(
            model,
            &self.answerer,
            &index,
            &passages,
            &model_text,
            extractive,
            deltas,
        );
        // The model reads the message for a request of contact only when the cue phrases
        // found none and the conversation is not there yet; alongside the answer, so the
        // visitor does not wait for it.
        let classifying = async {
            match model {
                Some(model) if !by_cue && conversation.phase != Phase::RequestingContact => {
                    model.asks_for_contact(&model_text).await
                }
                _ => None,
            }
        };
        let (answer, model_verdict) = tokio::join!(answering, classifying);
        debug!(kind = ?answer.kind, confidence = answer.confidence, "answered");
        let asks = if by_cue {
            Some(PhaseCause::ContactCue)
        } else if model_verdict == Some(true) {
            Some(PhaseCause::Model)
        } else {
            None
        };
        let mut phase_steps = Vec::new();
        if next_seq == 0 {
            phase_steps.push(PhaseStep {
                phase: Phase::Exploring,
                cause: PhaseCause::Started,
                at: now,
            });
        }
        let step = next_phase(conversation.phase, asks, answer.kind);
        if let Some(step) = step {
            conversation.phase = step.phase;
            phase_steps.push(PhaseStep {
                phase: step.phase,
                cause: step.cause,
                at: now,
            });
        }
        conversation.updated_at = now;
        if !storing {
            let answer_id = MessageId::random();
            let token = VotedAnswer::new(next_seq + 1, now, answer.kind).token(
                &tenant_key,
                &AnswerPlace {
                    site: &site.id,
                    visitor: &pseudonym,
                    conversation: conversation.id,
                    message: answer_id,
                },
            );
            return Ok(unstored_reply(
                conversation,
                protected.text,
                (answer_id, answer, token),
                now,
            ));
        }
        let handoff = step
            .filter(|s| s.phase == Phase::RequestingContact)
            .map(|s| s.cause);
        let site_privacy = match handoff {
            Some(_) => Some(self.site_privacy(tenant, &site.id).await?),
            None => None,
        };
        let ask_email = site_privacy.as_ref().is_some_and(|p| p.email_capture);

        let question = Body {
            text: protected.text,
            citations: Vec::new(),
            pii: protected.found,
            outcome: None,
        };
        let answer_kind = answer.kind;
        let reply_body = Body {
            outcome: Some(Outcome::of(&answer)),
            text: answer.text,
            citations: answer.citations,
            pii: Vec::new(),
        };
        // Sealed under the conversation's key (a new one, in the key store, for a first message;
        // wrapped by the visitor's key, a new one stored with the turn for a first visit), and
        // stored only if the visitor is still there to store for: a turn that
        // raced an erasure, an objection or a withdrawal of consent stores nothing. A visitor's
        // concurrent first message may have stored another key meanwhile: sealed again once.
        let mut attempts = 0;
        let mut known_key = Some(context.visitor_key);
        let ids = loop {
            attempts += 1;
            let (sealer, visitor_key) = self
                .turn_sealer(tenant, &tenant_key, &pseudonym, known_key.take())
                .await?;
            let starts = next_seq == 0;
            let sealer = self
                .message_sealer(tenant, &sealer, conversation.id, starts)
                .await?;
            let sealed = |seq: i64, role: Role, body: &Body, page_url: Option<&str>| {
                seal_message(
                    &sealer,
                    &conversation,
                    Draft {
                        seq,
                        role,
                        body,
                        page_url,
                    },
                    now,
                )
            };
            let visitor_message = sealed(next_seq, Role::Visitor, &question, page_url.as_deref())?;
            let assistant_message = sealed(next_seq + 1, Role::Assistant, &reply_body, None)?;
            let stored = self
                .conversations
                .record_turn(&TurnRecord {
                    conversation: conversation.clone(),
                    messages: vec![visitor_message.clone(), assistant_message.clone()],
                    phase_steps: phase_steps.clone(),
                    guard: Some(TurnGuard {
                        began_at_ms,
                        visitor_key: visitor_key.clone(),
                    }),
                })
                .await?;
            if stored {
                if let (Some(cause), Some(privacy)) = (handoff, &site_privacy) {
                    self.post_handoff(&tenant_key, privacy, &site.id, conversation.id, cause);
                }
                break (visitor_message.id, assistant_message.id);
            }
            if starts {
                // The key made for a conversation that was not stored goes with it.
                self.keys
                    .shred(tenant, KeysToShred::Conversations(&[conversation.id]))
                    .await?;
            }
            let key_changed = visitor_key.is_some()
                && self.conversations.visitor_key(tenant, &pseudonym).await? != visitor_key
                && self.storage_allowed(tenant, &site.id, &pseudonym).await?;
            if attempts > 1 || !key_changed {
                debug!("the visitor was erased or objected during the turn: nothing stored");
                break (MessageId::random(), MessageId::random());
            }
        };
        let answer_token = VotedAnswer::new(next_seq + 1, now, answer_kind).token(
            &tenant_key,
            &AnswerPlace {
                site: &site.id,
                visitor: &pseudonym,
                conversation: conversation.id,
                message: ids.1,
            },
        );
        Ok(TurnReply {
            conversation_id: conversation.id,
            question: MessageView {
                id: ids.0,
                role: Role::Visitor.as_str(),
                text: question.text,
                citations: Vec::new(),
                kind: None,
                vote_token: None,
                created_at: now,
            },
            message: MessageView {
                id: ids.1,
                role: Role::Assistant.as_str(),
                text: reply_body.text,
                citations: reply_body.citations,
                kind: Some(answer_kind),
                vote_token: Some(answer_token),
                created_at: now,
            },
            phase: conversation.phase,
            ask_email,
        })
    }

    /// The visitor's conversations on a site, most recent first, each with its last messages.
    #[instrument(skip_all, fields(site = %site.id()))]
    pub async fn visitor_conversations(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
    ) -> AppResult<Vec<ConversationView>> {
        let site = &site.0;
        let tenant = site.tenant_id;
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let pseudonym = self.privacy.pseudonym(&tenant_key, visitor);
        let Some(sealer) = self
            .sealer_for(tenant, &tenant_key, &pseudonym, false)
            .await?
        else {
            return Ok(Vec::new());
        };
        let mut views = Vec::new();
        for conversation in self
            .conversations
            .conversations_of(tenant, &site.id, &pseudonym)
            .await?
        {
            let messages = self
                .conversations
                .messages(tenant, conversation.id, HISTORY_MESSAGES)
                .await?;
            let sealer = self
                .message_sealer(tenant, &sealer, conversation.id, false)
                .await?;
            let messages = messages
                .iter()
                .filter(|m| sealer.can_open(m.sealing))
                .map(|m| {
                    let mut view = open_message(&sealer, tenant, conversation.id, m)?;
                    view.vote_token = view.kind.map(|kind| {
                        VotedAnswer::new(m.seq, m.created_at, kind).token(
                            &tenant_key,
                            &AnswerPlace {
                                site: &site.id,
                                visitor: &pseudonym,
                                conversation: conversation.id,
                                message: m.id,
                            },
                        )
                    });
                    Ok(view)
                })
                .collect::<AppResult<Vec<_>>>()?;
            views.push(ConversationView {
                id: conversation.id,
                phase: conversation.phase,
                created_at: conversation.created_at,
                updated_at: conversation.updated_at,
                messages,
            });
        }
        Ok(views)
    }

    /// The built-in answer and the passages a model would read. Reading the question and
    /// its passages takes a millisecond or more of CPU (and the embedding model in the hybrid
    /// mode), so it runs off the async workers.
    ///
    /// An approved answer of the site that covers the question comes first: the team's words
    /// for it, with no passage for a model to read.
    pub(crate) async fn retrieve_and_answer(
        &self,
        site: &SiteRecord,
        index: &Arc<SiteIndex>,
        query: String,
    ) -> AppResult<(Answer, Vec<Hit>)> {
        // Approved answers come first, but a site whose answers cannot be read now still
        // answers from its pages.
        let approved = match self.site_approved(site).await {
            Ok(approved) => Some(approved),
            Err(error) => {
                tracing::warn!(site = %site.id, %error, "approved answers unavailable");
                None
            }
        };
        let (answerer, index) = (self.answerer.clone(), index.clone());
        tokio::task::spawn_blocking(move || {
            if let Some(approved) = approved
                && let Some(answer) = approved_answer(&approved, &index, &query)?
            {
                return Ok((answer, Vec::new()));
            }
            Ok(answerer.answer_with_passages(&index, &query)?)
        })
        .await
        .map_err(|e| AppError::Setup(format!("retrieval task failed: {e}")))?
    }

    /// The sealer of a visitor's turn, and the wrapped key it seals with: the visitor's own, or
    /// a new one that [`TurnGuard`] stores with the turn (never before it, so that a visitor
    /// erased during the turn gets no key). `None` for the key in benchmark builds without
    /// privacy. `known` is the visitor's key as read with the turn's context; read again when
    /// `None`.
    async fn turn_sealer(
        &self,
        tenant: TenantId,
        tenant_key: &TenantKey,
        pseudonym: &Pseudonym,
        known: Option<Option<Vec<u8>>>,
    ) -> AppResult<(Sealer, Option<Vec<u8>>)> {
        #[cfg(feature = "bench-privacy-off")]
        if self.privacy == Privacy::OffForBenchmarks {
            return Ok((Sealer::Plain, None));
        }
        let stored = match known {
            Some(known) => known,
            None => self.conversations.visitor_key(tenant, pseudonym).await?,
        };
        let wrapped = match stored {
            Some(wrapped) => wrapped,
            None => tenant_key.wrap_visitor_key(tenant, pseudonym, &VisitorKey::generate()?)?,
        };
        let key = tenant_key.unwrap_visitor_key(tenant, pseudonym, &wrapped)?;
        Ok((Sealer::Key(key), Some(wrapped)))
    }

    /// The sealer of a conversation's messages: with its key from the key store, made now when
    /// the turn `starts` the conversation (and shredded by the caller if the turn is not
    /// stored); a conversation stored before conversation keys has none and keeps the visitor
    /// key.
    pub(crate) async fn message_sealer<'s>(
        &self,
        tenant: TenantId,
        sealer: &'s Sealer,
        conversation: ConversationId,
        starts: bool,
    ) -> AppResult<MessageSealer<'s>> {
        let Some(visitor_key) = sealer.visitor_key() else {
            return Ok(sealer.messages(None));
        };
        let wrapped = if starts {
            let fresh = visitor_key.wrap_conversation_key(
                tenant,
                conversation,
                &ConversationKey::generate()?,
            )?;
            Some(
                self.keys
                    .insert_conversation_key(&ConversationKeyRecord {
                        tenant_id: tenant,
                        conversation_id: conversation,
                        wrapped_key: fresh,
                        created_at: sotto_core::now(),
                    })
                    .await?,
            )
        } else {
            self.keys.conversation_key(tenant, conversation).await?
        };
        let key = wrapped
            .map(|wrapped| visitor_key.unwrap_conversation_key(tenant, conversation, &wrapped))
            .transpose()?;
        Ok(sealer.messages(key.map(|key| (conversation, key))))
    }

    /// The visitor's sealer: their data key, created on first use when `create` is set;
    /// `None` when they have none and `create` is not set.
    pub(crate) async fn sealer_for(
        &self,
        tenant: TenantId,
        tenant_key: &TenantKey,
        pseudonym: &Pseudonym,
        create: bool,
    ) -> AppResult<Option<Sealer>> {
        #[cfg(feature = "bench-privacy-off")]
        if self.privacy == Privacy::OffForBenchmarks {
            return Ok(Some(Sealer::Plain));
        }
        debug_assert_eq!(self.privacy, Privacy::On);
        let wrapped = match self.conversations.visitor_key(tenant, pseudonym).await? {
            Some(wrapped) => wrapped,
            None if create => {
                let fresh =
                    tenant_key.wrap_visitor_key(tenant, pseudonym, &VisitorKey::generate()?)?;
                self.conversations
                    .insert_visitor_key(tenant, pseudonym, &fresh, sotto_core::now())
                    .await?
            }
            None => return Ok(None),
        };
        Ok(Some(Sealer::Key(
            tenant_key.unwrap_visitor_key(tenant, pseudonym, &wrapped)?,
        )))
    }
}

/// What a visitor's question becomes before anything else sees it.
pub(crate) struct ProtectedQuestion {
    /// The text to store, under the tenant's policy, with the types of personal data found.
    pub(crate) stored: sotto_pii::Applied,
    /// The text to search with: the visitor's personal data removed.
    pub(crate) query: String,
    /// The text a language model may read.
    pub(crate) model_text: String,
}

/// A visitor's question with their personal data handled: replaced under the tenant's policy
/// before it is stored, left out of the search (an e-mail address says nothing about the
/// site's pages), redacted for the model unless the tenant opted out, and then no more than
/// the policy stores. Names and numbers the site publishes itself are not the visitor's data
/// and stay everywhere. The widget's turn and the team's "try a question" both go through it.
pub(crate) fn protect_question(
    pii: &TenantPii,
    index: &SiteIndex,
    text: &str,
) -> ProtectedQuestion {
    let entities = visitor_entities(&pii.detector, index, text);
    let stored = sotto_pii::apply(text, &entities, &pii.policy);
    let query = sotto_pii::apply(text, &entities, &Policy::remove_all()).text;
    let model_text = if pii.unredacted_to_model {
        stored.text.clone()
    } else {
        sotto_pii::apply(text, &entities, &Policy::redact_all()).text
    };
    ProtectedQuestion {
        stored,
        query,
        model_text,
    }
}

/// The answer a visitor gets: the model's when the tenant's answers may use one and
/// retrieval found passages worth reading, else the built-in one; each citation carries the
/// version of its page the answer read.
pub(crate) async fn final_answer(
    model: Option<&ModelAnswerer>,
    answerer: &ExtractiveAnswerer,
    index: &SiteIndex,
    passages: &[Hit],
    model_text: &str,
    extractive: Answer,
    deltas: Option<Deltas<'_>>,
) -> Answer {
    let mut answer = match model {
        // Passages come whenever retrieval found something close enough to read, whatever
        // the built-in reader decided: the model declines in turn when they do not answer.
        Some(model) if !passages.is_empty() => {
            model
                .answer(answerer, index, passages, model_text, extractive, deltas)
                .await
        }
        _ => extractive,
    };
    index.stamp_versions(&mut answer.citations);
    answer
}

/// The reply to a visitor who objected to storage: the same answer, with fresh message ids,
/// built from nothing stored.
fn unstored_reply(
    conversation: ConversationRecord,
    question: String,
    (answer_id, answer, vote_token): (MessageId, sotto_knowledge::Answer, String),
    now: i64,
) -> TurnReply {
    TurnReply {
        conversation_id: conversation.id,
        question: MessageView {
            id: MessageId::random(),
            role: Role::Visitor.as_str(),
            text: question,
            citations: Vec::new(),
            kind: None,
            vote_token: None,
            created_at: now,
        },
        message: MessageView {
            id: answer_id,
            role: Role::Assistant.as_str(),
            kind: Some(answer.kind),
            text: answer.text,
            citations: answer.citations,
            vote_token: Some(vote_token),
            created_at: now,
        },
        phase: conversation.phase,
        ask_email: false,
    }
}

fn open_message(
    sealer: &MessageSealer<'_>,
    tenant: TenantId,
    conversation: ConversationId,
    message: &MessageRecord,
) -> AppResult<MessageView> {
    open_stored_message(sealer, tenant, conversation, message).map(|opened| opened.view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limits() {
        assert!(matches!(checked_text("   "), Err(AppError::Invalid(_))));
        assert_eq!(checked_text(" hi ").unwrap(), "hi");
        assert!(
            checked_text(&"é".repeat(MAX_MESSAGE_CHARS)).is_ok(),
            "characters, not bytes"
        );
        assert!(matches!(
            checked_text(&"a".repeat(MAX_MESSAGE_CHARS + 1)),
            Err(AppError::MessageTooLong)
        ));
    }

    #[test]
    fn page_urls_lose_query_and_fragment() {
        assert_eq!(
            storable_page_url(Some("https://s.example/p?e=a@b.c#x"))
                .unwrap()
                .as_deref(),
            Some("https://s.example/p")
        );
        assert_eq!(storable_page_url(None).unwrap(), None);
        assert_eq!(storable_page_url(Some("  ")).unwrap(), None);
        assert!(storable_page_url(Some("javascript:alert(1)")).is_err());
    }

    #[test]
    fn phases_move_forward_only() {
        let to = |phase, cause| Some(PhaseStepTo { phase, cause });
        assert_eq!(
            next_phase(Phase::Exploring, None, AnswerKind::Answered),
            to(Phase::Learning, PhaseCause::Answered)
        );
        assert_eq!(
            next_phase(Phase::Exploring, None, AnswerKind::SmallTalk),
            None
        );
        assert_eq!(
            next_phase(Phase::Learning, None, AnswerKind::Generated),
            None
        );
        assert_eq!(
            next_phase(
                Phase::Learning,
                Some(PhaseCause::ContactCue),
                AnswerKind::Unknown
            ),
            to(Phase::RequestingContact, PhaseCause::ContactCue)
        );
        assert_eq!(
            next_phase(
                Phase::Exploring,
                Some(PhaseCause::Model),
                AnswerKind::Answered
            ),
            to(Phase::RequestingContact, PhaseCause::Model)
        );
        assert_eq!(
            next_phase(
                Phase::RequestingContact,
                Some(PhaseCause::ContactCue),
                AnswerKind::Answered
            ),
            None
        );
    }
}
