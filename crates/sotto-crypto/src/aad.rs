//! Associated data. Each ciphertext is bound to the tenant, conversation and message it belongs
//! to, and to the field it fills, so a row copied to another conversation, tenant or column no
//! longer decrypts.

use sotto_core::{ConversationId, LeadId, MessageId, Pseudonym, TenantId};

/// Which encrypted field of a message a ciphertext fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageField {
    /// The message text and its citations.
    Body,
    /// The page (without query or fragment) the visitor was on.
    PagePath,
    /// The visitor's vote on an answer, and their comment: sealed in the answer's place.
    Vote,
}

impl MessageField {
    fn label(self) -> &'static [u8] {
        match self {
            MessageField::Body => b"body",
            MessageField::PagePath => b"page",
            MessageField::Vote => b"vote",
        }
    }
}

/// `sotto/msg/v1 | tenant | conversation | message | field`: the associated data of messages
/// stored before conversation keys, sealed with the visitor key.
pub fn message(
    tenant: TenantId,
    conversation: ConversationId,
    message: MessageId,
    field: MessageField,
) -> Vec<u8> {
    let mut aad = Vec::with_capacity(64);
    aad.extend_from_slice(b"sotto/msg/v1|");
    aad.extend_from_slice(tenant.as_uuid().as_bytes());
    aad.extend_from_slice(conversation.as_uuid().as_bytes());
    aad.extend_from_slice(message.as_uuid().as_bytes());
    aad.extend_from_slice(field.label());
    aad
}

/// Where a message sealed with its conversation's key belongs: everything a moved, reordered
/// or relabelled ciphertext would change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessagePlace {
    /// Owning tenant.
    pub tenant: TenantId,
    /// Conversation.
    pub conversation: ConversationId,
    /// Message.
    pub message: MessageId,
    /// Who wrote it (`visitor`, `assistant`, `agent`): an answer cannot pass for the visitor's.
    pub role: &'static str,
    /// Its position in the conversation.
    pub seq: i64,
}

/// `sotto/msg/v2 | tenant | conversation | message | role | seq | field`: the associated data
/// of messages sealed with a conversation key.
pub fn message_v2(place: &MessagePlace, field: MessageField) -> Vec<u8> {
    let mut aad = Vec::with_capacity(96);
    aad.extend_from_slice(b"sotto/msg/v2|");
    aad.extend_from_slice(place.tenant.as_uuid().as_bytes());
    aad.extend_from_slice(place.conversation.as_uuid().as_bytes());
    aad.extend_from_slice(place.message.as_uuid().as_bytes());
    aad.extend_from_slice(place.role.as_bytes());
    aad.push(b'|');
    aad.extend_from_slice(&place.seq.to_be_bytes());
    aad.push(b'|');
    aad.extend_from_slice(field.label());
    aad
}

/// `sotto/lead-email/v1 | tenant | lead`: an e-mail address a visitor left, sealed with their
/// key.
pub fn lead_email(tenant: TenantId, lead: LeadId) -> Vec<u8> {
    let mut aad = b"sotto/lead-email/v1|".to_vec();
    aad.extend_from_slice(tenant.as_uuid().as_bytes());
    aad.extend_from_slice(lead.as_uuid().as_bytes());
    aad
}

/// `sotto/lead-email/v2 | tenant | conversation | lead`: an e-mail address sealed with the key
/// of the conversation it is about.
pub fn lead_email_v2(tenant: TenantId, conversation: ConversationId, lead: LeadId) -> Vec<u8> {
    let mut aad = b"sotto/lead-email/v2|".to_vec();
    aad.extend_from_slice(tenant.as_uuid().as_bytes());
    aad.extend_from_slice(conversation.as_uuid().as_bytes());
    aad.extend_from_slice(lead.as_uuid().as_bytes());
    aad
}

/// AAD for a tenant key wrapped by the master key.
pub(crate) fn tenant_key(tenant: TenantId) -> Vec<u8> {
    let mut aad = b"sotto/tenant-key/v1|".to_vec();
    aad.extend_from_slice(tenant.as_uuid().as_bytes());
    aad
}

/// AAD for a conversation key wrapped by a visitor key.
pub(crate) fn conversation_key(tenant: TenantId, conversation: ConversationId) -> Vec<u8> {
    let mut aad = b"sotto/conversation-key/v1|".to_vec();
    aad.extend_from_slice(tenant.as_uuid().as_bytes());
    aad.extend_from_slice(conversation.as_uuid().as_bytes());
    aad
}

/// AAD for a visitor key wrapped by a tenant key.
pub(crate) fn visitor_key(tenant: TenantId, pseudonym: &Pseudonym) -> Vec<u8> {
    let mut aad = b"sotto/visitor-key/v1|".to_vec();
    aad.extend_from_slice(tenant.as_uuid().as_bytes());
    aad.extend_from_slice(pseudonym.as_bytes());
    aad
}
