//! Decoding of stored columns into domain values, shared by every backend. A value that does
//! not decode means corruption or a bug, reported as [`StoreError::Corrupt`].

use std::str::FromStr;

use crate::{
    EmailIndex, HeldCounts, RequestRecord, Role, StoreError, StoreResult, Subject,
    UnrecordedRequests,
};
use sotto_core::dsr::{Channel, RequestKind, RequestStatus};
use sotto_core::{ConversationId, MessageId, Phase, Pseudonym, SiteId, TenantId};

/// Parses a text column into an identifier; `what` names the column in the error.
pub fn parse<T: FromStr>(what: &str, text: &str) -> StoreResult<T> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("{what} column")))
}

/// Decodes the column of the same name.
pub fn tenant_id(text: &str) -> StoreResult<TenantId> {
    parse("tenant_id", text)
}

/// Decodes the column of the same name.
pub fn site_id(text: &str) -> StoreResult<SiteId> {
    parse("site_id", text)
}

/// Decodes the column of the same name.
pub fn conversation_id(text: &str) -> StoreResult<ConversationId> {
    parse("conversation_id", text)
}

/// Decodes the column of the same name.
pub fn message_id(text: &str) -> StoreResult<MessageId> {
    parse("message_id", text)
}

/// Decodes the column of the same name.
pub fn pseudonym(bytes: &[u8]) -> StoreResult<Pseudonym> {
    Pseudonym::from_slice(bytes).ok_or_else(|| StoreError::Corrupt("pseudonym column".into()))
}

/// Decodes the column of the same name.
pub fn phase(text: &str) -> StoreResult<Phase> {
    Phase::parse(text).ok_or_else(|| StoreError::Corrupt("phase column".into()))
}

/// Decodes the column of the same name.
pub fn role(text: &str) -> StoreResult<Role> {
    Role::parse(text).ok_or_else(|| StoreError::Corrupt("role column".into()))
}

/// Decodes the column of the same name.
pub fn sealing(stored: i64) -> StoreResult<crate::Sealing> {
    crate::Sealing::parse(stored).ok_or_else(|| StoreError::Corrupt("sealing column".into()))
}

/// Decodes the column of the same name.
pub fn retention_days(days: i64) -> StoreResult<u32> {
    u32::try_from(days).map_err(|_| StoreError::Corrupt("retention_days column".into()))
}

/// A request register row as the backends read it, before decoding.
pub struct StoredRequest {
    /// `tenant_id`.
    pub tenant_id: String,
    /// `request_id`.
    pub request_id: String,
    /// `kind`.
    pub kind: String,
    /// `scope`.
    pub scope: String,
    /// `pseudonym`: the visitor's pseudonym for visitor requests, the address's blind index
    /// for e-mail requests (both keyed 32-byte hashes).
    pub pseudonym: Option<Vec<u8>>,
    /// `conversation_id`, for conversation requests.
    pub conversation_id: Option<String>,
    /// `channel`.
    pub channel: String,
    /// `status`.
    pub status: String,
    /// `received_at`.
    pub received_at: i64,
    /// `due_at`.
    pub due_at: i64,
    /// `completed_at`.
    pub completed_at: Option<i64>,
    /// `held_conversations`, `held_messages`, `held_keys`.
    pub held: [i64; 3],
    /// `receipt_mac`.
    pub receipt_mac: Option<Vec<u8>>,
}

/// The columns of a [`StoredRequest`], in order, for `SELECT` statements.
pub const REQUEST_COLUMNS: &str = "tenant_id, request_id, kind, scope, pseudonym, conversation_id, channel, status, received_at, due_at, completed_at, held_conversations, held_messages, held_keys, receipt_mac";

/// Decodes a stored blind index.
pub fn email_index(bytes: &[u8]) -> StoreResult<EmailIndex> {
    <[u8; 32]>::try_from(bytes)
        .map(EmailIndex)
        .map_err(|_| StoreError::Corrupt("email_index column".into()))
}

fn named<T>(what: &str, parsed: Option<T>) -> StoreResult<T> {
    parsed.ok_or_else(|| StoreError::Corrupt(format!("{what} column")))
}

fn count(value: i64) -> StoreResult<u64> {
    u64::try_from(value).map_err(|_| StoreError::Corrupt("held count column".into()))
}

/// Decodes counts of conversations, messages and visitor keys, in that order.
pub fn held_counts([conversations, messages, visitor_keys]: [i64; 3]) -> StoreResult<HeldCounts> {
    Ok(HeldCounts {
        conversations: count(conversations)?,
        messages: count(messages)?,
        visitor_keys: count(visitor_keys)?,
    })
}

/// Decodes a count of unrecorded requests: site, day, kind, count.
pub fn unrecorded_requests(
    (site, day, kind, count): (String, i64, String, i64),
) -> StoreResult<UnrecordedRequests> {
    Ok(UnrecordedRequests {
        site_id: site_id(&site)?,
        day,
        kind: named("kind", RequestKind::parse(&kind))?,
        count,
    })
}

/// Decodes a request register row.
pub fn request(row: StoredRequest) -> StoreResult<RequestRecord> {
    let subject = match (row.scope.as_str(), row.pseudonym, row.conversation_id) {
        ("visitor", Some(bytes), _) => Subject::Visitor(pseudonym(&bytes)?),
        ("email", Some(bytes), _) => Subject::Email(email_index(&bytes)?),
        ("conversation", _, Some(id)) => Subject::Conversation(conversation_id(&id)?),
        ("tenant", _, _) => Subject::Tenant,
        _ => return Err(StoreError::Corrupt("scope column".into())),
    };
    Ok(RequestRecord {
        tenant_id: tenant_id(&row.tenant_id)?,
        id: parse("request_id", &row.request_id)?,
        kind: named("kind", RequestKind::parse(&row.kind))?,
        subject,
        channel: named("channel", Channel::parse(&row.channel))?,
        status: named("status", RequestStatus::parse(&row.status))?,
        received_at: row.received_at,
        due_at: row.due_at,
        completed_at: row.completed_at,
        counts: held_counts(row.held)?,
        receipt_mac: row.receipt_mac,
    })
}
