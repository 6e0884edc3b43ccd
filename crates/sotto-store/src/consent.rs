//! The consent ledger (conversation store) and the texts that visitors were shown (main store).
//!
//! Each tenant's consent events form one hash chain: every event carries the digest of its
//! fields and a link hash over the previous link, so that an edited, inserted or removed event
//! shows. An erasure *forgets* a visitor's events: their fields go, the digest and the link
//! stay, so the chain still verifies and holds nothing that points to the visitor.

use sotto_core::consent::ConsentPurpose;
use sotto_core::{Pseudonym, SiteId, TenantId, UnixTime};

/// What one consent event says, before it is chained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentFacts {
    /// The site the visitor was on.
    pub site_id: SiteId,
    /// The visitor's pseudonym.
    pub pseudonym: Pseudonym,
    /// What was agreed to or withdrawn.
    pub purpose: ConsentPurpose,
    /// Granted (`true`) or withdrawn (`false`).
    pub granted: bool,
    /// Language of the text shown.
    pub language: String,
    /// Version of the text shown (see [`PublishedText`]).
    pub text_version: i64,
    /// SHA-256 of the exact text shown.
    pub text_sha256: Vec<u8>,
    /// When.
    pub at: UnixTime,
    /// Random bytes mixed into the digest, so that a forgotten event's digest cannot be
    /// matched against a guessed pseudonym.
    pub salt: Vec<u8>,
}

/// A consent event as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentEvent {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// Position in the tenant's ledger, from 1, without gaps.
    pub seq: i64,
    /// The event's fields; `None` once an erasure forgot them.
    pub facts: Option<ConsentFacts>,
    /// SHA-256 of the fields (computed by the layer that writes them).
    pub digest: Vec<u8>,
    /// The chain link: a hash over the sequence number, the previous link and the digest.
    pub link: Vec<u8>,
}

/// Computes an event's link from its sequence number and the previous event's link (empty for
/// the first); supplied by the layer that defines the chain.
pub type ConsentLinker<'a> = &'a (dyn Fn(i64, &[u8]) -> Vec<u8> + Sync);

/// A kind of text that Sotto shows visitors and keeps every version of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextKind {
    /// The visitor privacy notice of a site.
    Notice,
    /// The question asked for a consent purpose.
    Consent(ConsentPurpose),
}

impl TextKind {
    /// Stable column value.
    pub fn as_str(&self) -> &'static str {
        match self {
            TextKind::Notice => "notice",
            TextKind::Consent(purpose) => purpose.as_str(),
        }
    }

    /// Reads a column value back.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "notice" => Some(TextKind::Notice),
            other => ConsentPurpose::parse(other).map(TextKind::Consent),
        }
    }
}

/// One version of a text shown to visitors: kept for good, so that every consent event can be
/// matched with the exact words the visitor saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedText {
    /// Owning tenant.
    pub tenant_id: TenantId,
    /// The site it is shown on.
    pub site_id: SiteId,
    /// What it is.
    pub kind: TextKind,
    /// Its language.
    pub language: String,
    /// Version, from 1 per site, kind and language.
    pub version: i64,
    /// SHA-256 of `body`.
    pub sha256: Vec<u8>,
    /// The text.
    pub body: String,
    /// When this version replaced the one before.
    pub published_at: UnixTime,
}
