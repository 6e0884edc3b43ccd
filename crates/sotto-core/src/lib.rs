//! Sotto's domain vocabulary: identifiers, conversation phases, citations, limits and the
//! stable error codes every face of the product (HTTP, CLI) reports. No I/O lives here, so
//! every other crate can depend on it without pulling in a runtime.
//!
//! # Layout
//! - [`access`]: team roles and the permission each admin operation needs.
//! - [`ids`]: typed identifiers for tenants, sites, conversations, messages and visitors.
//! - [`phase`]: what a visitor is doing in a conversation.
//! - [`citation`]: the page references attached to answers.
//! - [`consent`]: consent purposes and how a site asks before it stores conversations.
//! - [`lead`]: why a visitor leaves an e-mail address, and how addresses are checked.
//! - [`dsr`]: data subject requests: their kinds, channels, states and the 30-day deadline.
//! - [`page_url`]: the one place where page URLs lose their query string and fragment.
//! - [`error`]: machine-readable error codes.
//! - [`limits`]: input limits shared by the server and the use cases.

#[macro_use]
pub mod dsr;
pub mod access;
pub mod citation;
pub mod consent;
pub mod error;
pub mod ids;
pub mod lead;
pub mod limits;
pub mod page_url;
pub mod phase;

pub use citation::{Citation, PageVersion};
pub use error::ErrorCode;
pub use ids::{
    ConversationId, IdError, LeadId, MemberId, MessageId, Pseudonym, RequestId, SiteId, TenantId,
    VisitorId,
};
pub use phase::{Phase, PhaseCause};

/// Seconds since the Unix epoch: the one time representation stored by every backend.
pub type UnixTime = i64;

/// The current time as [`UnixTime`]; with [`now_ms`], the clock reads of the domain.
pub fn now() -> UnixTime {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The current time in milliseconds since the Unix epoch: finer than [`now`] where two events
/// of the same second must keep their order (an erasure and a turn that follows it).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
