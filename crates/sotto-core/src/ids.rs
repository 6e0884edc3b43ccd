//! Typed identifiers. Distinct types keep a conversation id from being passed where a tenant id
//! is expected, and keep the visitor's browser UUID ([`VisitorId`]) apart from the pseudonym
//! the server is allowed to store ([`Pseudonym`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Why a textual identifier was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IdError {
    /// Not a UUID in its usual hyphenated or simple form.
    #[error("not a valid UUID")]
    InvalidUuid,
    /// A site id must be 1–64 characters of lowercase ASCII letters, digits and dashes.
    #[error("a site id is 1-64 characters of a-z, 0-9 and '-'")]
    InvalidSiteId,
}

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh random identifier.
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }
            /// Wraps an existing UUID (read back from a store).
            pub fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }
            /// The underlying UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self).map_err(|_| IdError::InvalidUuid)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }
    };
}

uuid_id!(
    /// One customer account (the data controller).
    TenantId
);
uuid_id!(
    /// One conversation between a visitor and a site.
    ConversationId
);
uuid_id!(
    /// One message inside a conversation.
    MessageId
);
uuid_id!(
    /// One team member of a tenant.
    MemberId
);
uuid_id!(
    /// One data subject request (erasure, access, objection) in the request register.
    RequestId
);
uuid_id!(
    /// One e-mail address a visitor left with a stated purpose (a lead for the tenant).
    LeadId
);

/// The random UUID a visitor's browser keeps in localStorage. It reaches the server in the
/// `Sotto-Visitor` header and is turned into a [`Pseudonym`] at once; it is never stored,
/// and its `Debug` form is redacted so that it cannot end up in a log by accident.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct VisitorId(Uuid);

impl VisitorId {
    /// The bytes that the pseudonym function keys on.
    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }
    /// A fresh random visitor id (tests and benchmarks).
    pub fn random() -> Self {
        Self(Uuid::new_v4())
    }
}

impl FromStr for VisitorId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let uuid = Uuid::try_parse(s.trim()).map_err(|_| IdError::InvalidUuid)?;
        if uuid.is_nil() || uuid.is_max() {
            return Err(IdError::InvalidUuid);
        }
        Ok(Self(uuid))
    }
}

impl fmt::Debug for VisitorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VisitorId(<redacted>)")
    }
}

/// `HMAC-SHA256(tenant pseudonym secret, visitor UUID)`: the only visitor identifier the
/// conversation store holds. Its `Debug` form is shortened so logs cannot link visitors.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pseudonym([u8; 32]);

impl Pseudonym {
    /// Wraps the 32 bytes computed by the crypto layer or read back from a store.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
    /// Rebuilds a pseudonym from a stored byte slice; `None` when the length is wrong.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(Self)
    }
    /// The stored bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pseudonym(<redacted>)")
    }
}

/// A site's public identifier, used in widget URLs (`/api/v1/sites/{site}/…`).
#[derive(
    Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(try_from = "String", into = "String")]
pub struct SiteId(String);

impl SiteId {
    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// A random site id (`site-` and 12 hex digits) for sites created without one.
    pub fn random() -> Self {
        Self(format!(
            "site-{}",
            &Uuid::new_v4().simple().to_string()[..12]
        ))
    }
}

impl FromStr for SiteId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let valid = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            Ok(Self(s.to_owned()))
        } else {
            Err(IdError::InvalidSiteId)
        }
    }
}

impl TryFrom<String> for SiteId {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<SiteId> for String {
    fn from(value: SiteId) -> Self {
        value.0
    }
}

impl fmt::Display for SiteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for SiteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SiteId({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_ids_are_slugs() {
        assert!("demo".parse::<SiteId>().is_ok());
        assert!("shop-2".parse::<SiteId>().is_ok());
        assert_eq!("".parse::<SiteId>(), Err(IdError::InvalidSiteId));
        assert_eq!("Demo".parse::<SiteId>(), Err(IdError::InvalidSiteId));
        assert_eq!("a/b".parse::<SiteId>(), Err(IdError::InvalidSiteId));
        assert_eq!(
            "x".repeat(65).parse::<SiteId>(),
            Err(IdError::InvalidSiteId)
        );
    }

    #[test]
    fn visitor_ids_are_uuids_and_never_printed() {
        let id: VisitorId = "6f1c2a9e-5b1d-4c3e-9a7f-0d2b8e4c6a11".parse().unwrap();
        assert_eq!(format!("{id:?}"), "VisitorId(<redacted>)");
        assert!("not-a-uuid".parse::<VisitorId>().is_err());
        assert!(
            "00000000-0000-0000-0000-000000000000"
                .parse::<VisitorId>()
                .is_err()
        );
    }

    #[test]
    fn pseudonyms_are_not_printed() {
        let p = Pseudonym::from_bytes([7; 32]);
        assert!(!format!("{p:?}").contains('7'));
        assert!(Pseudonym::from_slice(&[1, 2]).is_none());
    }
}
