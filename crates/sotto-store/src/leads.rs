//! Leads: e-mail addresses visitors left for a purpose the widget stated. The address is
//! sealed with the key of the conversation it is about (erasing the conversation or the
//! visitor shreds it, in backups too), or the visitor's key when there is no such conversation,
//! and findable only through its blind index. Whether the visitor may be written to, or sent marketing, is not stored here:
//! the consent ledger says so.

use sotto_core::lead::LeadPurpose;
use sotto_core::{ConversationId, LeadId, Pseudonym, SiteId, TenantId, UnixTime};

use crate::{EmailIndex, Sealing};

/// One address a visitor left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// Identifier.
    pub id: LeadId,
    /// The site it was left on.
    pub site_id: SiteId,
    /// The conversation it is about, when it was stored.
    pub conversation_id: Option<ConversationId>,
    /// The visitor who left it.
    pub pseudonym: Pseudonym,
    /// Why they left it.
    pub purpose: LeadPurpose,
    /// The normalized address, sealed as [`Self::sealing`] says.
    pub email: Vec<u8>,
    /// Its blind index.
    pub email_index: EmailIndex,
    /// When it was left.
    pub created_at: UnixTime,
    /// Which key sealed the address: its conversation's, or (no stored conversation, or left
    /// before conversation keys) the visitor's.
    pub sealing: Sealing,
}
