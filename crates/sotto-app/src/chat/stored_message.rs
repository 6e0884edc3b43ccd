//! The stored form of a message: its sealed body (text, citations, the types of personal data
//! its text held, how an answer was made) and its sealed page path; a draft sealed with its
//! conversation's key, and a stored record opened again. The chat turn, the team's replies, the
//! export, the leads and the analytics all read and write messages through it, so it depends
//! on none of them.

use serde::{Deserialize, Serialize};
use sotto_core::{Citation, ConversationId, MessageId, TenantId};
use sotto_crypto::MessageField;
use sotto_crypto::aad::MessagePlace;
use sotto_knowledge::{Answer, AnswerKind};
use sotto_pii::EntityType;
use sotto_store::{ConversationRecord, MessageRecord, Role};

use crate::chat::sealing::MessageSealer;
use crate::{AppError, AppResult};

/// One message as the visitor sees it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct MessageView {
    /// Identifier.
    pub id: MessageId,
    /// `visitor`, `assistant` (Sotto's answer) or `agent` (a member of the site's team).
    pub role: &'static str,
    /// Text.
    pub text: String,
    /// Cited pages (assistant messages).
    pub citations: Vec<Citation>,
    /// How an assistant message was made (`answered` quoted from the site, `generated` by the
    /// language model, `unknown` when the site does not say, `small_talk`); absent on the
    /// visitor's and the team's messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<AnswerKind>,
    /// On an answer the visitor sees: what to send with a vote on it
    /// (`POST /api/v1/sites/{site}/votes`); absent elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote_token: Option<String>,
    /// Creation time (Unix seconds).
    pub created_at: i64,
}

/// How an assistant's answer was made, kept in its sealed body.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Outcome {
    /// How it was produced.
    pub kind: AnswerKind,
    /// The extractive answerer's confidence (0–1).
    pub confidence: f32,
}

impl Outcome {
    /// The outcome of `answer`.
    pub(crate) fn of(answer: &Answer) -> Self {
        Outcome {
            kind: answer.kind,
            confidence: answer.confidence,
        }
    }
}

/// The sealed body of a message: its text, citations, and the types of personal data its
/// text held before the policy was applied (the message's flags).
/// An assistant's body also keeps how its answer was made, for the improvement analytics.
#[derive(Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct Body {
    pub(crate) text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) citations: Vec<Citation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) pii: Vec<EntityType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) outcome: Option<Outcome>,
}

/// A message about to be sealed.
pub(crate) struct Draft<'a> {
    pub(crate) seq: i64,
    pub(crate) role: Role,
    pub(crate) body: &'a Body,
    pub(crate) page_url: Option<&'a str>,
}

/// Seals a message's body and page URL with its conversation's key (the visitor's for a
/// conversation stored before conversation keys), bound to their place.
pub(crate) fn seal_message(
    sealer: &MessageSealer<'_>,
    conversation: &ConversationRecord,
    draft: Draft<'_>,
    now: i64,
) -> AppResult<MessageRecord> {
    let id = MessageId::random();
    let place = MessagePlace {
        tenant: conversation.tenant_id,
        conversation: conversation.id,
        message: id,
        role: draft.role.as_str(),
        seq: draft.seq,
    };
    let body = zeroize::Zeroizing::new(
        serde_json::to_vec(draft.body)
            .map_err(|e| AppError::Setup(format!("cannot encode a message: {e}")))?,
    );
    Ok(MessageRecord {
        id,
        seq: draft.seq,
        role: draft.role,
        body: sealer.seal(&place, MessageField::Body, &body)?,
        page_path: draft
            .page_url
            .map(|url| sealer.seal(&place, MessageField::PagePath, url.as_bytes()))
            .transpose()?,
        sealing: sealer.sealing(),
        created_at: now,
    })
}

/// A stored message, opened: what the visitor sees, plus its page path, the types of
/// personal data its text held (for the export) and how an answer was made (analytics).
pub(crate) struct OpenedMessage {
    pub(crate) view: MessageView,
    pub(crate) page_path: Option<String>,
    pub(crate) personal_data: Vec<EntityType>,
    pub(crate) outcome: Option<Outcome>,
}

/// Opens every sealed field of a stored message.
pub(crate) fn open_stored_message(
    sealer: &MessageSealer<'_>,
    tenant: TenantId,
    conversation: ConversationId,
    message: &MessageRecord,
) -> AppResult<OpenedMessage> {
    let place = MessagePlace {
        tenant,
        conversation,
        message: message.id,
        role: message.role.as_str(),
        seq: message.seq,
    };
    let sealing = message.sealing;
    let plain =
        zeroize::Zeroizing::new(sealer.open(&place, sealing, MessageField::Body, &message.body)?);
    let body: Body = serde_json::from_slice(&plain)
        .map_err(|_| AppError::Setup("a stored message does not decode".into()))?;
    let page_path = message
        .page_path
        .as_ref()
        .map(|sealed| {
            let bytes = sealer.open(&place, sealing, MessageField::PagePath, sealed)?;
            String::from_utf8(bytes)
                .map_err(|_| AppError::Setup("a stored page path does not decode".into()))
        })
        .transpose()?;
    Ok(OpenedMessage {
        view: MessageView {
            id: message.id,
            role: message.role.as_str(),
            text: body.text,
            citations: body.citations,
            kind: body.outcome.map(|o| o.kind),
            vote_token: None,
            created_at: message.created_at,
        },
        page_path,
        personal_data: body.pii,
        outcome: body.outcome,
    })
}
