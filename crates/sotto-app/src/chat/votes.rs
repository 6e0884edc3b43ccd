//! Visitors' votes on answers: 👍 or 👎, and after 👎 an optional comment. Nothing is stored
//! before the visitor clicks. Each answer comes with a vote token (a MAC over its place, the
//! visitor it was given to and its kind, under the tenant's vote secret), so a vote counts
//! only for an answer Sotto gave that visitor, with the kind it had. A vote on a stored conversation is part of it: sealed with the
//! conversation's key in the answer's place, its comment under the tenant's personal-data
//! policy like a question, erased, exported and expired with it. Every vote also moves the
//! site's weekly counts (numbers only), which is all that a visitor whose conversation is not
//! stored leaves behind.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sotto_core::{ConversationId, MessageId, Pseudonym, SiteId, TenantId, UnixTime, VisitorId};
use sotto_crypto::aad::MessagePlace;
use sotto_crypto::{MessageField, TenantKey};
use sotto_knowledge::AnswerKind;
use sotto_knowledge::visitor_data::visitor_entities;
use sotto_pii::EntityType;
use sotto_store::{ConversationStore, MainStore, Role, VoteRecord, VoteTally, week_of};
use tracing::{debug, instrument};

use crate::chat::sealing::MessageSealer;
use crate::tenancy::sites::OpenSite;
use crate::{AppError, AppResult, Sotto};

/// The longest comment a visitor can leave with a vote, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;

/// Which way a visitor voted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The answer helped.
    Up,
    /// It did not.
    Down,
}

impl Direction {
    /// The change to a site's counts (up, down) of this vote replacing `previous`.
    fn tally_change(self, previous: Option<Direction>) -> (i64, i64) {
        let count = |d: Option<Direction>| match d {
            Some(Direction::Up) => (1, 0),
            Some(Direction::Down) => (0, 1),
            None => (0, 0),
        };
        let (now, before) = (count(Some(self)), count(previous));
        (now.0 - before.0, now.1 - before.1)
    }
}

/// A visitor's vote on an answer they were given.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteInput {
    /// The conversation the answer is in.
    pub conversation_id: ConversationId,
    /// The answer (an assistant message's `id`).
    pub message_id: MessageId,
    /// The answer's `vote_token`, as it came with the answer.
    pub vote_token: String,
    /// `up` or `down`. Voting again on the same answer replaces the vote.
    pub vote: Direction,
    /// What was wrong, after a vote down (at most 500 characters); personal data in it is
    /// handled as in a question.
    #[serde(default)]
    pub comment: Option<String>,
}

/// What became of a vote.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct VoteReceipt {
    /// Whether the vote is stored with the conversation; when it is not (the visitor objects
    /// or has not agreed to storage), it is counted in the site's weekly totals only, and a
    /// comment is not kept.
    pub stored: bool,
}

/// Whose answer a vote token is for: the site, the visitor it was given to (so that another
/// visitor cannot vote with it), the conversation and the answer.
pub(crate) struct AnswerPlace<'a> {
    pub(crate) site: &'a SiteId,
    pub(crate) visitor: &'a Pseudonym,
    pub(crate) conversation: ConversationId,
    pub(crate) message: MessageId,
}

/// What an answer's vote token binds: the answer's place and how it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VotedAnswer {
    pub(crate) seq: i64,
    pub(crate) week: UnixTime,
    pub(crate) kind: AnswerKind,
}

impl VotedAnswer {
    /// The answer `message` at `seq` of `conversation`, given at `answered_at`.
    pub(crate) fn new(seq: i64, answered_at: UnixTime, kind: AnswerKind) -> Self {
        Self {
            seq,
            week: week_of(answered_at),
            kind,
        }
    }

    fn mac_input(&self, place: &AnswerPlace<'_>) -> Vec<u8> {
        format!(
            "sotto/vote/v1|{}|{}|{}|{}|{}|{}|{}",
            place.site,
            hex::encode(place.visitor.as_bytes()),
            place.conversation,
            place.message,
            self.seq,
            self.week,
            self.kind.as_str()
        )
        .into_bytes()
    }

    /// The token handed out with the answer: `seq.week.kind.mac`.
    pub(crate) fn token(&self, key: &TenantKey, place: &AnswerPlace<'_>) -> String {
        let mac = key.vote_token(&self.mac_input(place));
        format!(
            "{}.{}.{}.{}",
            self.seq,
            self.week,
            self.kind.as_str(),
            hex::encode(mac)
        )
    }

    /// The answer a token was handed out with, if it is genuine.
    fn verified(token: &str, key: &TenantKey, place: &AnswerPlace<'_>) -> Option<Self> {
        let mut parts = token.split('.');
        let seq = parts.next()?.parse().ok()?;
        let week = parts.next()?.parse().ok()?;
        let kind = AnswerKind::parse(parts.next()?)?;
        let mac = hex::decode(parts.next()?).ok()?;
        if parts.next().is_some() {
            return None;
        }
        let answer = Self { seq, week, kind };
        key.verify_vote_token(&answer.mac_input(place), &mac)
            .then_some(answer)
    }
}

/// The sealed content of a stored vote.
#[derive(Serialize, Deserialize)]
struct SealedVote {
    vote: Direction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    /// The types of personal data the comment held before the policy was applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pii: Vec<EntityType>,
}

/// A stored vote, opened: what the team's conversation page, the export and the analytics read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OpenedVote {
    /// The answer voted on.
    pub message_id: MessageId,
    /// `up` or `down`.
    pub vote: Direction,
    /// The visitor's comment, as stored under the tenant's policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When the visitor voted (Unix seconds).
    pub voted_at: UnixTime,
}

/// The answers voted on by visitors whose conversations are not stored, as far as this
/// process remembers them: a replayed vote is not counted twice and a changed one moves the
/// counts once. Bounded; forgotten when full or when the process ends, so such a visitor's
/// replay after that counts again (the rate limits bound it).
#[derive(Default)]
pub(crate) struct UnstoredVotes(Mutex<HashMap<MessageId, Direction>>);

impl UnstoredVotes {
    const MAX_REMEMBERED: usize = 100_000;

    /// Remembers `vote` on `answer`, returning the vote it replaces.
    fn remember(&self, answer: MessageId, vote: Direction) -> Option<Direction> {
        let mut votes = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if votes.len() >= Self::MAX_REMEMBERED && !votes.contains_key(&answer) {
            votes.clear();
        }
        votes.insert(answer, vote)
    }
}

/// Checks and trims a comment: only after a vote down, and not too long.
fn checked_comment(vote: Direction, comment: Option<&str>) -> AppResult<Option<&str>> {
    let Some(comment) = comment.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    if vote == Direction::Up {
        return Err(AppError::Invalid(
            "a comment goes with a vote down only".into(),
        ));
    }
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(AppError::Invalid(format!(
            "a comment is at most {MAX_COMMENT_CHARS} characters"
        )));
    }
    Ok(Some(comment))
}

/// The place of the answer a vote is sealed in.
fn answer_place(tenant: TenantId, vote: &VoteRecord) -> MessagePlace {
    MessagePlace {
        tenant,
        conversation: vote.conversation_id,
        message: vote.message_id,
        role: Role::Assistant.as_str(),
        seq: vote.seq,
    }
}

/// Opens a stored vote.
pub(crate) fn open_vote(
    sealer: &MessageSealer<'_>,
    tenant: TenantId,
    vote: &VoteRecord,
) -> AppResult<OpenedVote> {
    let plain = zeroize::Zeroizing::new(sealer.open(
        &answer_place(tenant, vote),
        vote.sealing,
        MessageField::Vote,
        &vote.body,
    )?);
    let sealed: SealedVote = serde_json::from_slice(&plain)
        .map_err(|_| AppError::Setup("a stored vote does not decode".into()))?;
    Ok(OpenedVote {
        message_id: vote.message_id,
        vote: sealed.vote,
        comment: sealed.comment,
        voted_at: vote.voted_at,
    })
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// Records a visitor's vote on an answer they were given: with their conversation when it
    /// is stored (replacing an earlier vote on the same answer), in the site's weekly counts
    /// in every case. One request, and nothing stored before it.
    #[instrument(skip_all, fields(site = %site.id()))]
    pub async fn vote(
        &self,
        site: &OpenSite,
        visitor: &VisitorId,
        input: VoteInput,
    ) -> AppResult<VoteReceipt> {
        let comment = checked_comment(input.vote, input.comment.as_deref())?;
        let site = &site.0;
        let tenant = site.tenant_id;
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let pseudonym = self.privacy.pseudonym(&tenant_key, visitor);
        let place = AnswerPlace {
            site: &site.id,
            visitor: &pseudonym,
            conversation: input.conversation_id,
            message: input.message_id,
        };
        let answer = VotedAnswer::verified(&input.vote_token, &tenant_key, &place)
            .ok_or_else(|| AppError::Invalid("the vote token does not fit this answer".into()))?;
        let tally = |previous: Option<Direction>| {
            let (up, down) = input.vote.tally_change(previous);
            VoteTally {
                site_id: site.id.clone(),
                week: answer.week,
                kind: answer.kind.as_str().to_owned(),
                up,
                down,
            }
        };
        if self.storage_allowed(tenant, &site.id, &pseudonym).await? {
            let stored = self
                .store_vote(
                    (site, &tenant_key, &pseudonym),
                    &input,
                    &answer,
                    comment,
                    &tally,
                )
                .await?;
            if stored {
                return Ok(VoteReceipt { stored: true });
            }
        }
        let previous = self.unstored_votes.remember(input.message_id, input.vote);
        if previous != Some(input.vote) {
            self.conversations
                .add_vote_tally(tenant, &tally(previous))
                .await?;
        }
        debug!("vote counted, not stored");
        Ok(VoteReceipt { stored: false })
    }

    /// Stores a vote with its conversation, if the conversation is the visitor's and the
    /// answer is stored; returns whether it was. A vote racing another on the same answer is
    /// read and sealed again once.
    async fn store_vote(
        &self,
        (site, tenant_key, pseudonym): (&sotto_store::SiteRecord, &TenantKey, &Pseudonym),
        input: &VoteInput,
        answer: &VotedAnswer,
        comment: Option<&str>,
        tally: &impl Fn(Option<Direction>) -> VoteTally,
    ) -> AppResult<bool> {
        let tenant = site.tenant_id;
        let Some(conversation) = self
            .conversations
            .conversation(tenant, input.conversation_id)
            .await?
            .filter(|c| c.site_id == site.id && c.pseudonym == *pseudonym)
        else {
            return Ok(false);
        };
        let Some(sealer) = self
            .sealer_for(tenant, tenant_key, pseudonym, false)
            .await?
        else {
            return Ok(false);
        };
        let sealer = self
            .message_sealer(tenant, &sealer, conversation.id, false)
            .await?;
        let (comment, pii) = match comment {
            Some(text) => {
                let index = self.site_index(site).await?;
                let pii = self.tenant_pii(tenant).await?;
                let entities = visitor_entities(&pii.detector, &index, text);
                let applied = sotto_pii::apply(text, &entities, &pii.policy);
                (Some(applied.text), applied.found)
            }
            None => (None, Vec::new()),
        };
        let body = zeroize::Zeroizing::new(
            serde_json::to_vec(&SealedVote {
                vote: input.vote,
                comment,
                pii,
            })
            .map_err(|e| AppError::Setup(format!("cannot encode a vote: {e}")))?,
        );
        let mut stored = self.conversations.votes(tenant, conversation.id).await?;
        for _attempt in 0..2 {
            let previous = stored.iter().find(|v| v.seq == answer.seq).cloned();
            let previous_vote = previous
                .as_ref()
                .map(|v| open_vote(&sealer, tenant, v).map(|opened| opened.vote))
                .transpose()?;
            let mut vote = VoteRecord {
                conversation_id: conversation.id,
                message_id: input.message_id,
                seq: answer.seq,
                body: Vec::new(),
                sealing: sealer.sealing(),
                voted_at: sotto_core::now(),
            };
            vote.body = sealer.seal(&answer_place(tenant, &vote), MessageField::Vote, &body)?;
            let replaces = previous.as_ref().map(|v| v.body.as_slice());
            if self
                .conversations
                .record_vote(
                    tenant,
                    pseudonym,
                    &vote,
                    replaces,
                    Some(&tally(previous_vote)),
                )
                .await?
            {
                return Ok(true);
            }
            let again = self.conversations.votes(tenant, conversation.id).await?;
            let now = again.iter().find(|v| v.seq == answer.seq);
            if now.map(|v| v.body.as_slice()) == replaces {
                // No other vote came between: the answer itself is not stored (its turn was
                // not, or it is gone).
                return Ok(false);
            }
            stored = again;
        }
        Err(AppError::Conflict(
            "the vote changed meanwhile; vote again".into(),
        ))
    }

    /// The votes stored on a conversation's answers, opened.
    pub(crate) async fn opened_votes(
        &self,
        tenant: TenantId,
        sealer: &MessageSealer<'_>,
        conversation: ConversationId,
    ) -> AppResult<Vec<OpenedVote>> {
        self.conversations
            .votes(tenant, conversation)
            .await?
            .iter()
            .filter(|v| sealer.can_open(v.sealing))
            .map(|v| open_vote(sealer, tenant, v))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_vote_moves_each_side_once() {
        assert_eq!(Direction::Up.tally_change(None), (1, 0));
        assert_eq!(Direction::Down.tally_change(None), (0, 1));
        assert_eq!(Direction::Down.tally_change(Some(Direction::Up)), (-1, 1));
        assert_eq!(Direction::Up.tally_change(Some(Direction::Up)), (0, 0));
    }

    #[test]
    fn tokens_bind_the_answer_its_place_and_its_kind() {
        let key = TenantKey::generate().unwrap();
        let site: SiteId = "shop".parse().unwrap();
        let (anna, ben) = (
            Pseudonym::from_bytes([1; 32]),
            Pseudonym::from_bytes([2; 32]),
        );
        let place = AnswerPlace {
            site: &site,
            visitor: &anna,
            conversation: ConversationId::random(),
            message: MessageId::random(),
        };
        let answer = VotedAnswer::new(3, 1_796_700_000, AnswerKind::Unknown);
        let token = answer.token(&key, &place);
        assert_eq!(
            VotedAnswer::verified(&token, &key, &place),
            Some(answer.clone())
        );
        assert_eq!(
            answer.week, 1_796_601_600,
            "the Monday of the answer's week"
        );
        let other_message = AnswerPlace {
            message: MessageId::random(),
            ..place
        };
        assert!(VotedAnswer::verified(&token, &key, &other_message).is_none());
        let other_visitor = AnswerPlace {
            visitor: &ben,
            ..place
        };
        assert!(
            VotedAnswer::verified(&token, &key, &other_visitor).is_none(),
            "another visitor cannot vote with it"
        );
        let relabelled = token.replacen("unknown", "answered", 1);
        assert!(VotedAnswer::verified(&relabelled, &key, &place).is_none());
        let moved = token.replacen('3', "1", 1);
        assert!(VotedAnswer::verified(&moved, &key, &place).is_none());
        let other_key = TenantKey::generate().unwrap();
        assert!(VotedAnswer::verified(&token, &other_key, &place).is_none());
        for junk in ["", "1.2.3", "x.y.answered.00", &format!("{token}.x")] {
            assert!(VotedAnswer::verified(junk, &key, &place).is_none());
        }
    }

    #[test]
    fn comments_only_after_a_vote_down_and_not_too_long() {
        assert_eq!(
            checked_comment(Direction::Down, Some("  wrong price ")).unwrap(),
            Some("wrong price")
        );
        assert_eq!(checked_comment(Direction::Up, Some("  ")).unwrap(), None);
        assert!(checked_comment(Direction::Up, Some("great")).is_err());
        let long = "é".repeat(MAX_COMMENT_CHARS + 1);
        assert!(checked_comment(Direction::Down, Some(&long)).is_err());
        assert!(checked_comment(Direction::Down, Some(&long[2..])).is_ok());
    }

    #[test]
    fn a_replayed_unstored_vote_is_remembered() {
        let votes = UnstoredVotes::default();
        let answer = MessageId::random();
        assert_eq!(votes.remember(answer, Direction::Up), None);
        assert_eq!(votes.remember(answer, Direction::Up), Some(Direction::Up));
        assert_eq!(votes.remember(answer, Direction::Down), Some(Direction::Up));
    }
}
