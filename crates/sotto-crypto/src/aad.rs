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
}

impl MessageField {
    fn label(self) -> &'static [u8] {
        match self {
            MessageField::Body => b"body",
            MessageField::PagePath => b"page",
        }
    }
}

/// `sotto/msg/v1 | tenant | conversation | message | field`.
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

/// `sotto/lead-email/v1 | tenant | lead`: an e-mail address a visitor left, sealed with their
/// key.
pub fn lead_email(tenant: TenantId, lead: LeadId) -> Vec<u8> {
    let mut aad = b"sotto/lead-email/v1|".to_vec();
    aad.extend_from_slice(tenant.as_uuid().as_bytes());
    aad.extend_from_slice(lead.as_uuid().as_bytes());
    aad
}

/// AAD for a tenant key wrapped by the master key.
pub(crate) fn tenant_key(tenant: TenantId) -> Vec<u8> {
    let mut aad = b"sotto/tenant-key/v1|".to_vec();
    aad.extend_from_slice(tenant.as_uuid().as_bytes());
    aad
}

/// AAD for a visitor key wrapped by a tenant key.
pub(crate) fn visitor_key(tenant: TenantId, pseudonym: &Pseudonym) -> Vec<u8> {
    let mut aad = b"sotto/visitor-key/v1|".to_vec();
    aad.extend_from_slice(tenant.as_uuid().as_bytes());
    aad.extend_from_slice(pseudonym.as_bytes());
    aad
}
