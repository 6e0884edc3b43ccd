//! The request register and what an erasure works on. A request row holds no more personal
//! data than the visitor's pseudonym, and outlives the data it erased: it is the proof that
//! the request was received and carried out.

use sotto_core::dsr::{Channel, RequestKind, RequestStatus};
use sotto_core::{ConversationId, Pseudonym, RequestId, SiteId, TenantId, UnixTime};

/// Whose data a request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// One visitor: every conversation on every site of the tenant, and their key.
    Visitor(Pseudonym),
    /// One conversation.
    Conversation(ConversationId),
    /// Everyone who left this e-mail address (its blind index): each such visitor whole, as
    /// with [`Subject::Visitor`], and every lead with the address.
    Email(EmailIndex),
    /// The whole tenant (account closure).
    Tenant,
}

/// The blind index of a normalized e-mail address: a keyed hash under the tenant's index
/// secret, the only way the stores can find an address without decrypting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmailIndex(pub [u8; 32]);

impl Subject {
    /// The stable stored name of the scope.
    pub fn scope(&self) -> &'static str {
        match self {
            Subject::Visitor(_) => "visitor",
            Subject::Conversation(_) => "conversation",
            Subject::Email(_) => "email",
            Subject::Tenant => "tenant",
        }
    }
}

/// How much a store holds on a subject: counted before an erasure starts, so that the receipt
/// tells what went even when the erasure was interrupted and resumed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeldCounts {
    /// Conversations.
    pub conversations: u64,
    /// Messages in them.
    pub messages: u64,
    /// Wrapped visitor keys.
    pub visitor_keys: u64,
}

/// One entry of the request register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// Identifier (also the receipt's).
    pub id: RequestId,
    /// What was asked.
    pub kind: RequestKind,
    /// About whom.
    pub subject: Subject,
    /// Where it came from.
    pub channel: Channel,
    /// Where it stands.
    pub status: RequestStatus,
    /// When it was received.
    pub received_at: UnixTime,
    /// When it must be answered by.
    pub due_at: UnixTime,
    /// When it was carried out.
    pub completed_at: Option<UnixTime>,
    /// What the stores held on the subject when the request was taken up.
    pub counts: HeldCounts,
    /// The receipt's MAC, once completed.
    pub receipt_mac: Option<Vec<u8>>,
}

/// How many rights requests of one kind came from visitors who held nothing, on one site and
/// day: all the register keeps of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnrecordedRequests {
    /// The site the widget sent them from.
    pub site_id: SiteId,
    /// The day, in days since the epoch (UTC).
    pub day: i64,
    /// The kind of request.
    pub kind: RequestKind,
    /// How many.
    pub count: i64,
}
