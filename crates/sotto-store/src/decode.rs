//! Decoding of stored columns into domain values, shared by every backend. A value that does
//! not decode means corruption or a bug, reported as [`StoreError::Corrupt`].

use std::str::FromStr;

use crate::{Role, StoreError, StoreResult};
use sotto_core::{ConversationId, MessageId, Phase, Pseudonym, SiteId, TenantId};

fn parse<T: FromStr>(what: &str, text: &str) -> StoreResult<T> {
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
pub fn retention_days(days: i64) -> StoreResult<u32> {
    u32::try_from(days).map_err(|_| StoreError::Corrupt("retention_days column".into()))
}
